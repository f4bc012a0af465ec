import functools
import math
from collections import namedtuple

import xlsxwriter
import xlsxwriter.format
from xlsxwriter.utility import xl_rowcol_to_cell

from odoo import models
from odoo.tools import SQL

from .. import engine
from . import vn_format

# The report action (report_xlsx) that renders the workbook: report/emulation_reports_xlsx.py.
XLSX_REPORT = "emulation_campaign.action_report_submission_xlsx"
# One cell of a row: a line of one of the reports listed, as read in one query.
Cell = namedtuple("Cell", "submission_id criterion_id value_number value_bool value_text is_filled aggregated_count")
# A column: its criterion, and the report's own figure (the totals row).
Criterion = namedtuple("Criterion", "id name uom value_type aggregation")
Line = namedtuple("Line", "criterion_id value_number value_bool value_text is_filled aggregated_count")
# What a sheet shows (_export_xlsx_read): rows are (report id, unit name), sorted as the units.
SheetData = namedtuple("SheetData", "consolidated consolidated_rows rows lines row_lines campaign period unit missing")
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


# The number format of a count of "yes" out of so many units, by number of units: babel
# formats the number, a national report needs one per distinct number of units.
UNITS_YES_FORMAT = functools.lru_cache(maxsize=4096)(vn_format.units_yes_format)


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
            props["num_format"] = UNITS_YES_FORMAT(int(variant[6:]))
        elif variant:
            props["num_format"] = vn_format.xlsx_number_format(variant)
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
        # the sheet is read as the user: _export_xlsx_read checks the access (record rules once)
        report = self.env.ref(XLSX_REPORT)
        return self.env["ir.actions.report"]._render_xlsx(report, self.ids, data=None)[0]

    def _export_xlsx_sheet(self, workbook, styles, sheet_name="Tổng hợp"):
        """Write the figures of this report on a new sheet of ``workbook``. A consolidated
        report lists the reports it consolidates, one row per unit, and its own figures as
        the totals; a unit's report is its own row. ``styles`` are the workbook's formats
        (one ``_Styles`` per workbook)."""
        self.ensure_one()
        data = self._export_xlsx_read()
        consolidated, rows, lines, row_lines = data.consolidated, data.rows, data.lines, data.row_lines
        consolidated_rows = data.consolidated_rows

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
                ("Phong trào:", data.campaign),
                ("Kỳ báo cáo:", data.period),
                ("Đơn vị:", data.unit),
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
        for index, (submission_id, unit_name) in enumerate(rows):
            row = first + index
            sheet.write_number(row, 0, index + 1, styles["index"])
            write_text(row, 1, unit_name, "cell")
            for col, criterion_id, value_type in columns:
                cell = row_lines.get((submission_id, criterion_id))
                self._export_xlsx_cell(sheet, row, col, cell, value_type, styles, write_text, consolidated_rows)
        last = first + len(rows) - 1

        # Totals: the report's own figures, as the formula giving them where there is one
        total_row = last + 1
        sheet.write_blank(total_row, 0, None, styles["index"])
        write_text(total_row, 1, "Tổng cộng", "total")
        # the columns where a row's figure stands for several reports (an average is weighted)
        weighted = {cell.criterion_id for cell in row_lines.values() if cell.aggregated_count > 1}
        for col, line in enumerate(lines, start=2):
            self._export_xlsx_total(
                sheet, total_row, col, line, (first, last), bool(rows), weighted, consolidated, styles, write_text
            )

        if data.missing:
            write_text(total_row + 2, 0, "Đơn vị chưa báo cáo:", "label")
            write_text(total_row + 2, 2, ", ".join(data.missing))

        width = max([len(name or "") for _id, name in rows] + [12])
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 1, min(width + 2, 45))
        sheet.freeze_panes(first, 2)

    def _export_xlsx_read(self):
        """What the sheet shows, read as the current user: whether this report may be read
        and which of the reports it consolidates (the record rules, in one query), then the
        figures and names of those reports in plain queries (no record rule evaluated again:
        at the centre it is the most expensive part of the export)."""
        self.ensure_one()
        Submission = self.env["emulation.submission"]
        readable = set(Submission.search(["|", ("id", "=", self.id), ("parent_submission_id", "=", self.id)]).ids)
        if self.id not in readable:
            self.check_access("read")  # the AccessError (or MissingError) the user gets anywhere
            readable.add(self.id)
        for model, fnames in (
            ("emulation.submission", ["campaign_id", "period_id", "unit_id", "parent_submission_id"]),
            ("emulation.submission", ["missing_unit_ids"]),
            ("emulation.submission.line", list(Cell._fields)),
            ("emulation.criterion", ["name", "uom", "value_type", "aggregation", "sequence"]),
            ("emulation.unit", ["name", "sequence"]),
            ("emulation.campaign", ["name"]),
            ("emulation.period", ["name"]),
        ):
            self.env[model].flush_model(fnames)
        # names and whether each report holds a consolidation: this report's campaign,
        # period and unit, and the units of the reports it consolidates (those readable)
        campaign = period = unit = ""
        units, consolidated_rows, has_missing = [], set(), False
        for submission_id, sequence, unit_name, campaign_name, period_name, sources, missing in self.env.execute_query(
            SQL(
                """SELECT s.id, u.sequence, u.name, c.name, p.name,
                          EXISTS(SELECT FROM emulation_submission x WHERE x.parent_submission_id = s.id),
                          EXISTS(SELECT FROM emulation_submission_missing_unit_rel m WHERE m.submission_id = s.id)
                     FROM emulation_submission s
                     JOIN emulation_unit u ON u.id = s.unit_id
                     LEFT JOIN emulation_campaign c ON c.id = s.campaign_id
                     LEFT JOIN emulation_period p ON p.id = s.period_id
                    WHERE s.id = ANY(%s)""",
                list(readable),
            )
        ):
            if sources or missing:
                consolidated_rows.add(submission_id)
            if submission_id == self.id:
                campaign, period, unit, has_missing = campaign_name, period_name, unit_name, missing
            else:
                units.append((sequence or 0, unit_name or "", submission_id))
        consolidated = self.id in consolidated_rows
        # a report that holds no consolidation is its own row (it has no reports below it)
        rows = [(sid, name) for _sequence, name, sid in sorted(units)] if consolidated else [(self.id, unit)]
        row_ids = [sid for sid, _name in rows]

        # the cells of the rows, and this report's own figures (the totals) with their criteria
        cells, criteria = {}, []
        for values in self.env.execute_query(
            SQL(
                """SELECT l.submission_id, l.criterion_id, COALESCE(l.value_number, 0), COALESCE(l.value_bool, FALSE),
                          l.value_text, COALESCE(l.is_filled, FALSE), COALESCE(l.aggregated_count, 0),
                          c.sequence, c.name, c.uom, c.value_type, c.aggregation
                     FROM emulation_submission_line l
                     LEFT JOIN emulation_criterion c ON c.id = l.criterion_id AND l.submission_id = %s
                    WHERE l.submission_id = ANY(%s)""",
                self.id,
                list({self.id, *row_ids}),
            )
        ):
            cell = Cell._make(values[:7])
            cells[cell.submission_id, cell.criterion_id] = cell
            if cell.submission_id == self.id:
                criteria.append((values[7] or 0, cell.criterion_id, Criterion(cell.criterion_id, *values[8:])))
        lines = [Line(criterion, *cells[self.id, criterion.id][2:]) for _seq, _id, criterion in sorted(criteria)]
        row_set = set(row_ids)
        row_lines = {key: cell for key, cell in cells.items() if key[0] in row_set}

        missing = []
        if has_missing:
            missing = [
                name
                for _sequence, name in sorted(
                    (sequence or 0, name or "")
                    for sequence, name in self.env.execute_query(
                        SQL(
                            """SELECT u.sequence, u.name
                                 FROM emulation_submission_missing_unit_rel rel
                                 JOIN emulation_unit u ON u.id = rel.unit_id
                                WHERE rel.submission_id = %s""",
                            self.id,
                        )
                    )
                )
            ]
        return SheetData(consolidated, consolidated_rows, rows, lines, row_lines, campaign, period, unit, missing)

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

    def _export_xlsx_total(
        self, sheet, row, col, line, row_range, has_rows, weighted, consolidated, styles, write_text
    ):
        criterion = line.criterion_id
        if not line.is_filled or not math.isfinite(line.value_number):
            sheet.write_blank(row, col, None, styles["total"])
            return
        if criterion.value_type == "text":
            write_text(row, col, line.value_text, "total")
            return
        if criterion.value_type == "boolean":
            value = line.value_number if consolidated else int(line.value_bool)
        else:
            value = line.value_number
        style = styles[
            f"total+units:{line.aggregated_count}"
            if criterion.value_type == "boolean"
            else f"total+{criterion.value_type}"
        ]
        cells = "{}:{}".format(*(xl_rowcol_to_cell(r, col) for r in row_range))
        # the aggregation's Excel formula (engine.aggregations); an average through several
        # levels of consolidation is weighted by the reports behind each figure: a value
        aggregation = engine.aggregation(criterion.aggregation)
        if not has_rows or not aggregation.excel or (aggregation.weighted and criterion.id in weighted):
            sheet.write_number(row, col, value, style)
        else:
            sheet.write_formula(row, col, f"={aggregation.excel(cells)}", style, value)
