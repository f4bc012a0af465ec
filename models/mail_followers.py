from odoo import api, fields, models
from odoo.fields import Domain

SUBMISSION = "emulation.submission"


class MailFollowers(models.Model):
    """Stock Odoo lets every internal user read every follower row, and so learn which
    reports exist and who follows them. The followers of a report are readable by the
    users who may read the report (rule ``mail_followers_rule_emulation_submission``)."""

    _inherit = "mail.followers"

    emulation_readable = fields.Boolean(
        compute="_compute_emulation_readable",
        search="_search_emulation_readable",
        help="Not a follower of an emulation report the user may not read.",
    )

    @api.depends_context("uid")
    def _compute_emulation_readable(self):
        reports = self.filtered(lambda follower: follower.res_model == SUBMISSION)
        readable = set()
        if reports and self._may_read_submissions():
            readable = set(self.env[SUBMISSION].browse(reports.mapped("res_id")).exists()._filtered_access("read").ids)
        for follower in self:
            follower.emulation_readable = follower.res_model != SUBMISSION or follower.res_id in readable

    def _may_read_submissions(self):
        return self.env["ir.model.access"].sudo(False).check(SUBMISSION, "read", raise_exception=False)

    def _search_emulation_readable(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        # Record rules are applied as the server (sudo) on behalf of the user: read the
        # reports as the user, with their own record rules, resolved in SQL when the query
        # runs.
        readable = Domain("res_model", "!=", SUBMISSION)
        if self._may_read_submissions():
            readable |= Domain("res_id", "in", self.env[SUBMISSION].sudo(False)._search([]))
        return readable if (operator == "in") == (True in value) else ~readable
