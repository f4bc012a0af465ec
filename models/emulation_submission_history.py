from odoo import fields, models

from .emulation_submission import STATES


class EmulationSubmissionHistory(models.Model):
    _name = "emulation.submission.history"
    _inherit = ["emulation.sql.access.mixin"]
    _description = "Submission Transition"
    _order = "date desc, id desc"
    # An entry of the audit trail is never changed: who and when are its own fields
    # (user_id, date), no create_uid/write_uid to fill and check on each of the thousands
    # of rows a national consolidation writes.
    _log_access = False

    submission_id = fields.Many2one("emulation.submission", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", string="By", required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    from_state = fields.Selection(STATES, string="From", readonly=True)
    to_state = fields.Selection(STATES, string="To", required=True, readonly=True)
    reason = fields.Text(readonly=True)
