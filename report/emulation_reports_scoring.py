"""Scoring in the unit or consolidated report (form 1.4): value against target, and the
ranking of the units below."""

from odoo import api, models


class ReportSubmission(models.AbstractModel):
    _inherit = "report.emulation_campaign.report_submission"

    @api.model
    def _submission_values(self, submission):
        values = super()._submission_values(submission)
        lines = submission.line_ids.filtered("has_target").sorted(
            lambda l: (l.criterion_id.sequence, l.criterion_id.id)
        )
        values["targets"] = lines
        return values
