from odoo import fields, models


class EmulationSubmissionImportXlsx(models.TransientModel):
    _name = "emulation.submission.import.xlsx"
    _description = "Import a Filled-in Report Workbook"

    submission_id = fields.Many2one("emulation.submission", required=True, ondelete="cascade")
    file = fields.Binary(string="Workbook", required=True, attachment=False, help="The filled-in template (XLSX).")
    filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        self.submission_id.action_import_xlsx(self.file)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "The workbook was imported into %(report)s.", report=self.submission_id.display_name
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
