from odoo import fields, models


class EmulationCommendationReject(models.TransientModel):
    _name = "emulation.commendation.reject"
    _description = "Reject a Commendation Proposal"

    commendation_ids = fields.Many2many(
        "emulation.commendation",
        default=lambda self: self.env.context.get("active_ids") or [],
        required=True,
    )
    reason = fields.Text(required=True, help="Why the proposal is rejected.")

    def action_reject(self):
        self.commendation_ids.action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
