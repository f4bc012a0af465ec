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
        values["ranking"] = self._ranking(submission) if values["consolidated"] else []
        return values

    @api.model
    def _ranking(self, submission):
        """[(cluster name or False, [report, ...])]: the consolidated reports below, by cluster
        then rank (the rank is the one of the report's own cluster or group of siblings)."""
        sources = submission.source_submission_ids.filtered("rank").sorted(
            lambda s: (s.cluster_id.sequence, s.cluster_id.name or "", s.rank, s.unit_id.name)
        )
        groups = []
        for source in sources:
            if not groups or groups[-1][0] != source.cluster_id.name:
                groups.append((source.cluster_id.name, []))
            groups[-1][1].append(source)
        return groups
