from odoo import api, fields, models


class EmulationSubmissionConsolidate(models.TransientModel):
    _name = "emulation.submission.consolidate"
    _description = "Consolidate a Report Despite Missing Units"

    submission_id = fields.Many2one("emulation.submission", required=True, ondelete="cascade")
    missing_unit_ids = fields.Many2many(
        "emulation.unit", compute="_compute_children", string="Units Without Approved Report"
    )
    source_count = fields.Integer(compute="_compute_children", string="Approved Reports")

    @api.depends("submission_id")
    def _compute_children(self):
        for wizard in self:
            children, missing = wizard.submission_id._child_submissions()
            wizard.missing_unit_ids = missing
            wizard.source_count = len(children)

    def action_consolidate(self):
        close = {"type": "ir.actions.act_window_close"}
        result = self.submission_id.with_context(emulation_notify=True).action_consolidate(force=True)
        if isinstance(result, dict) and result.get("tag") == "display_notification":
            result["params"]["next"] = close  # the notification, then back to the report
            return result
        return close
