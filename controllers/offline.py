from odoo import http

from .main import xlsx_response


class EmulationOfflineController(http.Controller):
    @http.route("/emulation/submission/<int:submission_id>/template.xlsx", type="http", auth="user", methods=["GET"])
    def submission_template_xlsx(self, submission_id, **kwargs):
        """A report as a fill-in workbook (never cached: it carries the current values)."""
        return xlsx_response(
            submission_id, "_export_template_xlsx", "_template_xlsx_filename", [("Cache-Control", "no-store")]
        )
