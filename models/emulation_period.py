from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class EmulationPeriod(models.Model):
    _name = "emulation.period"
    _description = "Reporting Period"
    _order = "campaign_id, date_from, id"

    campaign_id = fields.Many2one("emulation.campaign", required=True, index=True, ondelete="cascade")
    name = fields.Char(required=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    deadline = fields.Date(required=True, help="Units report before the end of this day.")
    extension_ids = fields.One2many("emulation.deadline.extension", "period_id", string="Extensions")
    submission_ids = fields.One2many("emulation.submission", "period_id", string="Submissions")

    _name_unique = models.Constraint("UNIQUE(campaign_id, name)", "Each period of a campaign needs its own name.")
    _dates = models.Constraint("CHECK(date_from <= date_to)", "A period cannot end before it begins.")

    @api.depends("campaign_id.name")
    def _compute_display_name(self):
        for period in self:
            period.display_name = f"{period.campaign_id.name} – {period.name}" if period.campaign_id else period.name

    @api.constrains("deadline", "date_from")
    def _check_deadline(self):
        for period in self:
            if period.deadline < period.date_from:
                raise ValidationError(
                    self.env._("The deadline of period %(period)s is before the period begins.", period=period.name)
                )

    def _create_missing_submissions(self, today=None):
        """Create the draft report of every unit taking part, for the periods of running
        campaigns that have begun and have none yet for that unit. Returns the new reports."""
        today = today or fields.Date.context_today(self)
        periods = self.filtered(lambda p: p.campaign_id.state == "running" and p.date_from <= today)
        if not periods:
            return self.env["emulation.submission"]
        Submission = self.env["emulation.submission"].sudo()
        existing = set(
            Submission.search_fetch([("period_id", "in", periods.ids)], ["period_id", "unit_id"]).mapped(
                lambda s: (s.period_id.id, s.unit_id.id)
            )
        )
        return Submission.create(
            [
                {"campaign_id": period.campaign_id.id, "period_id": period.id, "unit_id": unit.id}
                for period in periods
                for unit in period.campaign_id.member_unit_ids
                if (period.id, unit.id) not in existing
            ]
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.filtered("submission_ids")
        if used:
            raise UserError(
                self.env._(
                    "These periods already have reports and cannot be deleted: %(periods)s.",
                    periods=", ".join(used.mapped("display_name")),
                )
            )
