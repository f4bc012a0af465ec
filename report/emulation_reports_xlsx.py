"""The figures of a report as XLSX: a report action of OCA's report_xlsx, in the Print
menu beside the PDF (``action_report_submission_xlsx``), also behind the form's
*Download XLSX* button (``/emulation/submission/<id>/xlsx``).

The sheet itself is written by ``emulation.submission._export_xlsx_sheet``
(models/emulation_submission_export.py), read as the current user like the PDF."""

import re

from odoo import models

from ..models.emulation_submission_export import _Styles

# Characters Excel refuses in a sheet's name, and the length it allows.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


class ReportSubmissionXlsx(models.AbstractModel):
    _name = "report.emulation_campaign.report_submission_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Report figures (XLSX)"

    def get_workbook_options(self):
        # strings_to_numbers/formulas/urls off: what the sheet writes as text stays text
        # (write_string is used throughout, this is a second lock).
        return {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}

    def generate_xlsx_report(self, workbook, data, objs):
        """One sheet per report printed: "Tổng hợp" for one, the unit's name for several
        (report_xlsx numbers the sheets of units of the same name)."""
        styles = _Styles(workbook)
        for submission in objs:
            if len(objs) == 1:
                name = "Tổng hợp"
            else:
                name = SHEET_NAME_FORBIDDEN.sub("_", submission.unit_id.name or "").strip("'")[:SHEET_NAME_MAX]
            submission._export_xlsx_sheet(workbook, styles, name or "Tổng hợp")
