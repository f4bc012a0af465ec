"""Reports across a restructuring: the top-level report of each period, reports kept
outside completeness and consolidation when their unit closed, units valid per period."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .emulation_submission import NARRATIVE_FIELDS


class EmulationSubmission(models.Model):
    _inherit = "emulation.submission"

    active = fields.Boolean(
        default=True,
        readonly=True,
        help="Archived: the report of a unit that closed before the period's deadline, kept outside "
        "completeness and consolidation.",
    )
    is_top_level = fields.Boolean(
        string="Top Level",
        compute="_compute_is_top_level",
        store=True,
        # no index: it is asked with the campaign and period, which the unique index serves
        help="The report of the campaign's issuing unit for its period (before a restructuring, of the "
        "unit that issued the campaign then).",
    )

    @api.depends(
        "unit_id",
        "unit_id.date_start",
        "unit_id.date_end",
        "unit_id.parent_path",
        "period_id.deadline",
        "campaign_id.issuing_unit_id",
        "campaign_id.issuing_unit_id.predecessor_ids",
    )
    def _compute_is_top_level(self):
        """The issuing unit or a unit it took over from, valid on the period's deadline and
        with none of them above it then (a district that merged into the new issuing unit
        reported below the old one)."""
        for campaign, reports in self.grouped("campaign_id").items():
            issuers = campaign.issuing_unit_id._predecessors_closure()
            for report in reports:
                deadline = report.period_id.deadline
                unit = report.unit_id
                above = issuers.browse(unit._ancestor_ids()) & issuers if unit.parent_path else issuers.browse()
                report.is_top_level = (
                    unit in issuers
                    and unit._is_valid_on(deadline)
                    and not any(issuer._is_valid_on(deadline) for issuer in above)
                )

    def _is_filled_in(self):
        """Someone worked on the report: it left the draft state, holds a figure, a
        narrative or a consolidation."""
        self.ensure_one()
        return (
            self.state != "draft"
            or any(self.line_ids.mapped("is_filled"))
            or any(self[field] for field in NARRATIVE_FIELDS)
            or self.holds_consolidation
        )

    @api.constrains("unit_id", "period_id")
    def _check_unit_valid(self):
        for report in self:
            if not report.unit_id._is_valid_on(report.period_id.deadline):
                raise UserError(
                    self.env._(
                        "%(unit)s does not exist on the deadline of period %(period)s: it has no report for it.",
                        unit=report.unit_id.name,
                        period=report.period_id.name,
                    )
                )
