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
        close = {"type": "ir.actions.act_window_close"}
        result = self.submission_ids.with_context(emulation_notify=True).action_return(self.reason)
        if isinstance(result, dict) and result.get("tag") == "display_notification":
            result["params"]["next"] = close  # the notification, then back to the report
            return result
        return close
