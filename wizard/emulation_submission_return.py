from odoo import fields, models


class EmulationSubmissionReturn(models.TransientModel):
    _name = "emulation.submission.return"
    _description = "Return a Report for Correction"

    submission_ids = fields.Many2many(
        "emulation.submission",
        default=lambda self: self.env.context.get("active_ids") or [],
        required=True,
    )
    reason = fields.Text(required=True, help="What the unit must correct.")

    def action_return(self):
        self.submission_ids.action_return(self.reason)
        return {"type": "ir.actions.act_window_close"}
