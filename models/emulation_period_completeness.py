from odoo import api, fields, models

from .emulation_period import COMPLETENESS_DOMAINS


class EmulationPeriod(models.Model):
    """The completeness panel tells apart the reports not submitted yet (before their
    deadline), the overdue ones (not submitted, past their deadline) and those submitted late."""

    _inherit = "emulation.period"

    pending_count = fields.Integer(
        string="Not Submitted Yet", compute="_compute_completeness_split", help="Not submitted, before the deadline."
    )
    overdue_count = fields.Integer(
        string="Overdue", compute="_compute_completeness_split", help="Not submitted and past the deadline."
    )
    submitted_late_count = fields.Integer(
        string="Submitted Late", compute="_compute_completeness_split", help="Submitted after the deadline."
    )

    @api.depends_context("uid")
    def _compute_completeness_split(self):
        Submission = self.env["emulation.submission"]
        counts = {
            key: dict(
                Submission._read_group(
                    [("period_id", "in", self.ids), *COMPLETENESS_DOMAINS[key]], ["period_id"], ["__count"]
                )
            )
            for key in ("pending", "overdue", "submitted_late")
        }
        for period in self:
            period.pending_count = counts["pending"].get(period, 0)
            period.overdue_count = counts["overdue"].get(period, 0)
            period.submitted_late_count = counts["submitted_late"].get(period, 0)

    def _create_missing_submissions(self, today=None):
        """No report is expected for the years before the campaign's first reporting year."""
        expected = self.filtered(lambda p: p.date_from.year >= p.campaign_id.first_report_year)
        return super(EmulationPeriod, expected)._create_missing_submissions(today)
