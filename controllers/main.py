from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(submission_id, render, name, extra_headers=()):
    """A workbook of a report, made with the user's own access rights: a report the user
    may not read is answered like one that does not exist. ``render`` and ``name`` are the
    report's methods that make the file and its name."""
    submission = request.env["emulation.submission"].browse(submission_id)
    try:
        # both renders check the user's access to the report themselves (once)
        content = getattr(submission, render)()
        filename = getattr(submission, name)()
    except (AccessError, MissingError):
        raise request.not_found() from None
    return request.make_response(
        content,
        headers=[
            ("Content-Type", XLSX_MIMETYPE),
            ("Content-Length", len(content)),
            ("Content-Disposition", content_disposition(filename)),
            ("X-Content-Type-Options", "nosniff"),
            *extra_headers,
        ],
    )


class EmulationExportController(http.Controller):
    @http.route("/emulation/submission/<int:submission_id>/xlsx", type="http", auth="user", methods=["GET", "POST"])
    def submission_xlsx(self, submission_id, **kwargs):
        """The figures of a report as XLSX: the report action of the Print menu
        (``action_report_submission_xlsx``), downloaded with the report's own file name."""
        return xlsx_response(submission_id, "_export_xlsx", "_export_xlsx_filename")
