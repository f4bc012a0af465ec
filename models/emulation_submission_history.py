from odoo import fields, models

from .emulation_submission import STATES


class EmulationSubmissionHistory(models.Model):
    _name = "emulation.submission.history"
    _inherit = ["emulation.sql.access.mixin"]
    _description = "Submission Transition"
    _order = "date desc, id desc"
    _log_access = True

    submission_id = fields.Many2one("emulation.submission", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", string="By", required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    from_state = fields.Selection(STATES, string="From", readonly=True)
    to_state = fields.Selection(STATES, string="To", required=True, readonly=True)
    reason = fields.Text(readonly=True)
