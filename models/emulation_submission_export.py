import math
from collections import namedtuple

import xlsxwriter
import xlsxwriter.format
from xlsxwriter.utility import xl_rowcol_to_cell

from odoo import models
from odoo.tools import SQL

from . import vn_format

# The report action (report_xlsx) that renders the workbook: report/emulation_reports_xlsx.py.
XLSX_REPORT = "emulation_campaign.action_report_submission_xlsx"
# Excel functions of the aggregations that have one. An average through several
# levels of consolidation is weighted by the reports behind each figure: written as a value.
# One cell of a row: a line of one of the reports listed, as read in one query.
Cell = namedtuple("Cell", "submission_id criterion_id value_number value_bool value_text is_filled aggregated_count")
FORMULAS = {"sum": "SUM", "avg": "AVERAGE", "min": "MIN", "max": "MAX"}
BASE_STYLE = {"font_name": "Times New Roman", "font_size": 12, "valign": "top"}
CELL = {"border": 1}
# Excel's quote prefix (XlsxWriter 3.0.6+; Odoo pins 3.0.2 on Python < 3.12, where
# write_string alone keeps the text a text).
QUOTE_PREFIX = hasattr(xlsxwriter.format.Format, "set_quote_prefix")
STYLES = {
    "title": {"bold": True, "font_size": 14},
    "label": {"bold": True},
    "text": {},
    "header": {**CELL, "bold": True, "text_wrap": True, "align": "center", "valign": "vcenter"},
    "index": {**CELL, "align": "center"},
    "cell": {**CELL, "text_wrap": True},
    "total": {**CELL, "text_wrap": True, "bold": True},
}


class _Styles(dict):
    """The workbook's formats by name, created on first use; "<name>+quoted" adds
    Excel's quote prefix and "<name>+<value type>" the number format of the type."""

    def __init__(self, workbook):
        super().__init__()
        self.workbook = workbook

    def __missing__(self, key):
        name, _sep, variant = key.partition("+")
        props = {**BASE_STYLE, **STYLES[name]}
        if variant == "quoted":
            if QUOTE_PREFIX:
                props["quote_prefix"] = True
        elif variant.startswith("units:"):  # a count of "yes" out of so many units
            props["num_format"] = vn_format.units_yes_format(int(variant[6:]))
        elif variant:
            props["num_format"] = vn_format.XLSX_NUMBER_FORMATS[variant]
        self[key] = self.workbook.add_format(props)
        return self[key]


class EmulationSubmission(models.Model):
    _inherit = "emulation.submission"

    def action_export_xlsx(self):
        """Download the figures of this report as XLSX (one row per unit, totals)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/emulation/submission/{self.id}/xlsx",
            "target": "download",
        }

    def _export_xlsx_filename(self):
        self.ensure_one()
        name = f"{self.campaign_id.code}-{self.unit_id.code}-{self.period_id.name}"
        return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) + ".xlsx"

    def _export_xlsx(self):
        """The figures of this report as an XLSX file (bytes), read with the current
        user's rights: the report action ``action_report_submission_xlsx`` (OCA's
        report_xlsx, in the Print menu beside the PDF) rendered for this report."""
        self.ensure_one()
        self.check_access("read")
        report = self.env.ref(XLSX_REPORT)
        return self.env["ir.actions.report"]._render_xlsx(report, self.ids, data=None)[0]

    def _export_xlsx_sheet(self, workbook, styles, sheet_name="Tổng hợp"):
        """Write the figures of this report on a new sheet of ``workbook``. A consolidated
        report lists the reports it consolidates, one row per unit, and its own figures as
        the totals; a unit's report is its own row. ``styles`` are the workbook's formats
        (one ``_Styles`` per workbook)."""
        self.ensure_one()
        self.check_access("read")
        consolidated = vn_format.is_consolidated(self)
        rows = (
            self.source_submission_ids.sorted(lambda s: (s.unit_id.sequence, s.unit_id.name, s.id))
            if consolidated
            else self
        )
        lines = self.line_ids.sorted(lambda line: (line.criterion_id.sequence, line.criterion_id.id))
        # The rows are reports this user can read (the record rules filtered them above):
        # read their cells in one query rather than record by record.
        self.env["emulation.submission.line"].flush_model(list(Cell._fields))
        row_lines = {
            (cell.submission_id, cell.criterion_id): cell
            for cell in map(
                Cell._make,
                self.env.execute_query(
                    SQL(
                        """SELECT submission_id, criterion_id, COALESCE(value_number, 0), COALESCE(value_bool, FALSE),
                                  value_text, COALESCE(is_filled, FALSE), COALESCE(aggregated_count, 0)
                             FROM emulation_submission_line
                            WHERE submission_id = ANY(%s)""",
                        rows.ids,
                    )
                ),
            )
        }
        consolidated_rows = rows._consolidated_ids()

        sheet = workbook.add_worksheet(sheet_name)

        def write_text(row, col, text, style="text"):
            # write_string never makes a formula; text a spreadsheet would take for one
            # also gets the quote prefix (as if typed after an apostrophe).
            text = text or ""
            quoted = text.startswith(vn_format.FORMULA_PREFIXES)
            sheet.write_string(row, col, text, styles[f"{style}+quoted" if quoted else style])

        # Title rows
        write_text(0, 0, "BẢNG TỔNG HỢP KẾT QUẢ THI ĐUA" if consolidated else "KẾT QUẢ THI ĐUA", "title")
        for row, (label, value) in enumerate(
            (
                ("Phong trào:", self.campaign_id.name),
                ("Kỳ báo cáo:", self.period_id.name),
                ("Đơn vị:", self.unit_id.name),
            ),
            start=1,
        ):
            write_text(row, 0, label, "label")
            write_text(row, 2, value)

        # Header: one column per criterion
        header_row = 5
        write_text(header_row, 0, "STT", "header")
        write_text(header_row, 1, "Đơn vị", "header")
        for col, line in enumerate(lines, start=2):
            criterion = line.criterion_id
            write_text(
                header_row, col, f"{criterion.name} ({criterion.uom})" if criterion.uom else criterion.name, "header"
            )
            sheet.set_column(col, col, 30 if criterion.value_type == "text" else 16)
        sheet.set_row(header_row, 48)

        # One row per unit
        columns = [(col, line.criterion_id.id, line.criterion_id.value_type) for col, line in enumerate(lines, start=2)]
        first = header_row + 1
        for index, submission in enumerate(rows):
            row = first + index
            sheet.write_number(row, 0, index + 1, styles["index"])
            write_text(row, 1, submission.unit_id.name, "cell")
            for col, criterion_id, value_type in columns:
                cell = row_lines.get((submission.id, criterion_id))
                self._export_xlsx_cell(sheet, row, col, cell, value_type, styles, write_text, consolidated_rows)
        last = first + len(rows) - 1

        # Totals: the report's own figures, as the formula giving them where there is one
        total_row = last + 1
        sheet.write_blank(total_row, 0, None, styles["index"])
        write_text(total_row, 1, "Tổng cộng", "total")
        for col, line in enumerate(lines, start=2):
            self._export_xlsx_total(sheet, total_row, col, line, (first, last), row_lines, rows, styles, write_text)

        missing = self.missing_unit_ids.sorted(lambda u: (u.sequence, u.name)).mapped("name")
        if missing:
            write_text(total_row + 2, 0, "Đơn vị chưa báo cáo:", "label")
            write_text(total_row + 2, 2, ", ".join(missing))

        width = max([len(name or "") for name in rows.unit_id.mapped("name")] + [12])
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 1, min(width + 2, 45))
        sheet.freeze_panes(first, 2)

    def _consolidated_ids(self):
        """Ids of these reports that hold a consolidation (one query for all of them)."""
        if not self:
            return set()
        self.flush_recordset(["parent_submission_id"])
        return {
            submission_id
            for (submission_id,) in self.env.execute_query(
                SQL(
                    """SELECT parent_submission_id FROM emulation_submission WHERE parent_submission_id = ANY(%s)
                        UNION
                       SELECT submission_id FROM emulation_submission_missing_unit_rel WHERE submission_id = ANY(%s)""",
                    self.ids,
                    self.ids,
                )
            )
        }

    def _export_xlsx_cell(self, sheet, row, col, line, value_type, styles, write_text, consolidated_rows):
        if not line or not line.is_filled or not math.isfinite(line.value_number):
            sheet.write_blank(row, col, None, styles["cell"])
        elif value_type == "boolean":
            if line.submission_id in consolidated_rows:  # a count of "yes"
                sheet.write_number(row, col, line.value_number, styles[f"cell+units:{line.aggregated_count}"])
            else:
                write_text(row, col, vn_format.YES if line.value_bool else vn_format.NO, "cell")
        elif value_type == "text":
            write_text(row, col, line.value_text, "cell")
        else:
            sheet.write_number(row, col, line.value_number, styles[f"cell+{value_type}"])

    def _export_xlsx_total(self, sheet, row, col, line, row_range, row_lines, rows, styles, write_text):
        criterion = line.criterion_id
        if not line.is_filled or not math.isfinite(line.value_number):
            sheet.write_blank(row, col, None, styles["total"])
            return
        if criterion.value_type == "text":
            write_text(row, col, line.value_text, "total")
            return
        if criterion.value_type == "boolean":
            value = line.value_number if vn_format.is_consolidated(self) else int(line.value_bool)
        else:
            value = line.value_number
        style = styles[
            f"total+units:{line.aggregated_count}"
            if criterion.value_type == "boolean"
            else f"total+{criterion.value_type}"
        ]
        cells = "{}:{}".format(*(xl_rowcol_to_cell(r, col) for r in row_range))
        weights = [row_lines.get((s.id, criterion.id)) for s in rows]
        weighted = any(cell and cell.aggregated_count > 1 for cell in weights)
        if not rows or (criterion.aggregation == "avg" and weighted):
            sheet.write_number(row, col, value, style)
        elif criterion.value_type == "boolean":
            # the "yes" answers, plus the counts of consolidated reports among the rows
            sheet.write_formula(row, col, f'=COUNTIF({cells},"{vn_format.YES}")+SUM({cells})', style, value)
        else:
            sheet.write_formula(row, col, f"={FORMULAS[criterion.aggregation]}({cells})", style, value)
