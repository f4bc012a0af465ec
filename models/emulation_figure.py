from odoo import api, fields, models
from odoo.tools import SQL

from .. import engine


class EmulationFigure(models.Model):
    """The figures of the reports for the Figures analysis (a view over the report lines):
    a total only where figures add up (whole and decimal numbers, criterion by criterion),
    an average for percentages, nothing for yes/no and texts; read with the user's rights
    on the reports (record rules on the unit, as for the lines)."""

    _name = "emulation.figure"
    _inherit = ["emulation.sql.access.mixin"]
    _description = "Emulation Figure"
    _auto = False
    _order = "period_id desc, unit_id, sequence"
    # what the view reads: flushed before each query on it
    _depends = {
        "emulation.submission.line": ["submission_id", "criterion_id", "value_number", "is_filled"],
        "emulation.submission": [
            "campaign_id",
            "period_id",
            "unit_id",
            "level_id",
            "parent_submission_id",
            "missing_unit_ids",
        ],
        "emulation.criterion": ["sequence", "uom", "value_type"],
    }

    line_id = fields.Many2one("emulation.submission.line", readonly=True)
    submission_id = fields.Many2one("emulation.submission", string="Report", readonly=True)
    campaign_id = fields.Many2one("emulation.campaign", readonly=True)
    period_id = fields.Many2one("emulation.period", readonly=True)
    unit_id = fields.Many2one("emulation.unit", readonly=True)
    level_id = fields.Many2one("emulation.unit.level", readonly=True)
    criterion_id = fields.Many2one("emulation.criterion", readonly=True)
    sequence = fields.Integer(readonly=True, aggregator=None)
    uom = fields.Char(string="Unit of Measure", readonly=True)
    value_type = fields.Selection(related="criterion_id.value_type")
    state = fields.Selection(related="submission_id.state")
    is_unit_report = fields.Boolean(
        string="Unit's Own Report", readonly=True, help="Not a consolidation of the units below."
    )
    total = fields.Float(readonly=True, aggregator="sum", help="Whole and decimal numbers, added up.")
    average = fields.Float(string="Average (%)", readonly=True, aggregator="avg", help="Percentages, averaged.")

    @property
    def _table_query(self):
        # figures that add up (those a sum may combine) are totalled, the others averaged
        numeric = engine.numeric_types()
        summed = [key for key in numeric if key in engine.aggregation("sum").types]
        return SQL(
            """
            SELECT l.id, l.id AS line_id, l.submission_id, s.campaign_id, s.period_id, s.unit_id,
                   s.level_id, l.criterion_id, c.sequence, c.uom,
                   NOT EXISTS (SELECT FROM emulation_submission src WHERE src.parent_submission_id = s.id)
                       AND NOT EXISTS (SELECT FROM emulation_submission_missing_unit_rel m
                                        WHERE m.submission_id = s.id) AS is_unit_report,
                   CASE WHEN c.value_type = ANY(%(summed)s) THEN l.value_number END AS total,
                   CASE WHEN c.value_type <> ALL(%(summed)s) THEN l.value_number END AS average
              FROM emulation_submission_line l
              JOIN emulation_submission s ON s.id = l.submission_id
              JOIN emulation_criterion c ON c.id = l.criterion_id
             WHERE l.is_filled AND c.value_type = ANY(%(numeric)s)
            """,
            summed=summed,
            numeric=list(numeric),
        )

    @api.model
    def action_open_figures(self):
        """The Figures analysis on one campaign (the latest running one the user sees) and
        its latest period with figures, by criterion."""
        action = self.env["ir.actions.act_window"]._for_xml_id("emulation_campaign.emulation_figure_action")
        campaign = self.env["emulation.campaign"].search(
            [("state", "=", "running")], order="year_from desc, id desc", limit=1
        )
        context = {"search_default_unit_reports": 1}
        if campaign:
            context["search_default_campaign_id"] = campaign.id
            latest = self.search([("campaign_id", "=", campaign.id)], order="period_id desc", limit=1).period_id
            if latest:
                context["search_default_period_id"] = latest.id
        action["context"] = context
        return action
