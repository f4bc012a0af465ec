from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

from .main import XLSX_MIMETYPE


class EmulationOfflineController(http.Controller):
    @http.route("/emulation/submission/<int:submission_id>/template.xlsx", type="http", auth="user", methods=["GET"])
    def submission_template_xlsx(self, submission_id, **kwargs):
        """A report as a fill-in workbook, with the user's own access rights: a report
        the user may not read is answered like one that does not exist."""
        submission = request.env["emulation.submission"].browse(submission_id)
        try:
            submission.check_access("read")
            content = submission._export_template_xlsx()
            filename = submission._template_xlsx_filename()
        except (AccessError, MissingError):
            raise request.not_found() from None
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
                ("X-Content-Type-Options", "nosniff"),
                ("Cache-Control", "no-store"),
            ],
        )
