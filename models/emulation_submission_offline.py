"""Offline entry: a unit's report as a fill-in workbook, and the workbook back.

The workbook (xlsxwriter) has the title rows of the printed report, one row per
criterion with its code, name, unit of measure, bounds and current value, sheet
protection with only the value and note cells unlocked, data validation from each
criterion's type and bounds, and hidden ids (report, campaign, period, unit, and each
row's line and criterion) to match the rows back.

The import (openpyxl) checks the file before reading it (size, zip structure,
uncompressed size, no XML DTD), then the workbook's ids against the report, then every
value, and writes the values through the line model's own write path, so the rules of
the form apply: in one savepoint, and when anything is refused, line by line, each in its
own savepoint inside one that is rolled back, so that every problem is collected. On any
problem nothing is written.
"""

import io
import math
import unicodedata

import xlsxwriter

from odoo import models

from .. import engine
from . import vn_format
from .emulation_submission import EDITABLE_STATES

# A template of a few hundred criteria weighs some 30 KiB; LibreOffice's about as much.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# What the zip may inflate to (declared sizes: zipfile never inflates a member beyond
# its declared size, it fails on the CRC instead), and how many members it may hold.
# openpyxl keeps every cell in memory: measured, 21 MiB of sheet XML took 230 MiB.
MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024
MAX_ZIP_MEMBERS = 500
# The longest text a spreadsheet cell holds (Excel's limit).
MAX_CELL_TEXT = 32_767
MAX_LISTED_PROBLEMS = 100

MARKER = "emulation_campaign.offline_entry.v1"
IDS_SHEET = "ids"
# Columns of the entry sheet (0-based).
COL_INDEX, COL_CODE, COL_NAME, COL_UOM, COL_TYPE, COL_BOUNDS, COL_VALUE, COL_NOTE, COL_LINE, COL_CRITERION = range(10)
HEADER_ROW = 7  # 0-based; the criteria start on the row below
# The ids sheet: labelled values, then one row per criterion row of the entry sheet.
ID_KEYS = ("marker", "submission_id", "campaign_id", "period_id", "unit_id", "first_row", "row_count")
ID_TABLE_ROW = 10  # 0-based row of the first criterion in the ids sheet

COLUMN_WIDTHS = {
    COL_INDEX: 5,
    COL_CODE: 7,
    COL_NAME: 48,
    COL_UOM: 12,
    COL_TYPE: 12,
    COL_BOUNDS: 24,
    COL_VALUE: 22,
    COL_NOTE: 28,
}
LINE_HEIGHT = 16  # points, for 12 pt Times New Roman
CHARS_PER_WIDTH = 1.3  # characters of 12 pt Times New Roman per unit of column width (measured in LibreOffice)
MAX_ROW_HEIGHT = 409  # Excel's limit
BASE_STYLE = {"font_name": "Times New Roman", "font_size": 12, "valign": "top"}


def _normalized(text):
    return unicodedata.normalize("NFC", str(text)).strip().casefold()


def _row_height(texts):
    """The height of a row whose cells wrap these texts {column: text} (spreadsheets do
    not grow rows written with a fixed format by themselves)."""
    lines = 1
    for col, text in texts.items():
        width = COLUMN_WIDTHS[col] * CHARS_PER_WIDTH
        count = sum(max(1, math.ceil(len(part) / width)) for part in (text or "")[:MAX_CELL_TEXT].split("\n"))
        lines = max(lines, count)
    return min(LINE_HEIGHT * lines + 4, MAX_ROW_HEIGHT)


def _same_text(stored, cell):
    """The cell shows the stored text: the same, or as much of it as a cell holds."""
    stored = stored or ""
    return stored == cell or (len(stored) > MAX_CELL_TEXT and stored[:MAX_CELL_TEXT] == cell)


class EmulationSubmission(models.Model):
    _inherit = "emulation.submission"

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_download_template_xlsx(self):
        """Download this report as a fill-in workbook."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/emulation/submission/{self.id}/template.xlsx",
            "target": "download",
        }

    def action_open_import_xlsx(self):
        """The upload dialog of a filled-in workbook."""
        self.ensure_one()
        self._require_state(EDITABLE_STATES, self.env._("Importing a workbook"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import a Filled-in Workbook"),
            "res_model": "emulation.submission.import.xlsx",
            "view_mode": "form",
            "target": "new",
            "context": {"default_submission_id": self.id},
        }

    # ------------------------------------------------------------------
    # Export: the fill-in workbook
    # ------------------------------------------------------------------
    def _template_xlsx_filename(self):
        self.ensure_one()
        suffix = self.env._("form")
        name = f"{self.campaign_id.code}-{self.unit_id.code}-{self.period_id.name}-{suffix}"
        return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) + ".xlsx"

    def _offline_lines(self):
        return self.line_ids.sorted(lambda line: (line.criterion_id.sequence, line.criterion_id.id, line.id))

    def _offline_yes_no(self):
        """The labels of the yes/no list, in the user's language."""
        return self.env._("Yes"), self.env._("No")

    def _offline_rule(self, criterion):
        """(validation options, the rule in words) of a criterion's value cell: the bounds
        the line model checks (those of a consolidated figure in a report that holds a
        consolidation)."""
        vtype = engine.value_type(criterion.value_type)
        if vtype.is_numeric:
            low, high, whole = criterion._bounds(consolidated=self.holds_consolidation)
            low, high = (int(bound) if bound is not None and bound.is_integer() else bound for bound in (low, high))
            kind = "integer" if whole else "decimal"
            sort = "integer" if whole else ("percent" if vtype.widget == "percent" else "number")
            if low is None and high is None:
                options = {"validate": kind, "criteria": "between", "minimum": -(10**15), "maximum": 10**15}
                words = {
                    "integer": self.env._("A whole number."),
                    "number": self.env._("A number."),
                    "percent": self.env._("A percentage."),
                }[sort]
            elif high is None:
                options = {"validate": kind, "criteria": ">=", "value": low}
                low_text = self._format_number(low)
                words = {
                    "integer": self.env._("A whole number, at least %(min)s.", min=low_text),
                    "number": self.env._("A number, at least %(min)s.", min=low_text),
                    "percent": self.env._("A percentage, at least %(min)s.", min=low_text),
                }[sort]
            else:
                low = low if low is not None else -(10**15)
                low_text, high_text = self._format_number(low), self._format_number(high)
                options = {"validate": kind, "criteria": "between", "minimum": low, "maximum": high}
                words = {
                    "integer": self.env._("A whole number from %(min)s to %(max)s.", min=low_text, max=high_text),
                    "number": self.env._("A number from %(min)s to %(max)s.", min=low_text, max=high_text),
                    "percent": self.env._("A percentage from %(min)s to %(max)s.", min=low_text, max=high_text),
                }[sort]
            return options, words
        if vtype.widget == "yes_no":
            yes, no = self._offline_yes_no()
            return (
                {"validate": "list", "source": [yes, no]},
                self.env._("%(yes)s or %(no)s.", yes=yes, no=no),
            )
        return (
            {"validate": "length", "criteria": "<=", "value": MAX_CELL_TEXT},
            self.env._("A text of at most %(max)s characters.", max=MAX_CELL_TEXT),
        )

    def _export_template_xlsx(self):
        """This report as a fill-in workbook (bytes), read with the current user's rights."""
        self.ensure_one()
        self.check_access("read")
        info = self.env["report.emulation_campaign.report_submission"]._submission_values(self)
        lines = self._offline_lines()
        type_labels = dict(self.env["emulation.criterion"]._fields["value_type"]._description_selection(self.env))
        yes, no = self._offline_yes_no()

        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
        formats = {}

        def style(name, **props):
            if name not in formats:
                formats[name] = workbook.add_format({**BASE_STYLE, **props})
            return formats[name]

        cell = {"border": 1, "text_wrap": True}
        title = style("title", bold=True, align="center", text_wrap=True)
        sheet = workbook.add_worksheet(self.env._("Report"))
        sheet.hide_gridlines(2)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)

        # Title rows, as the printed report has them
        if info["governing"]:
            sheet.merge_range(0, COL_INDEX, 0, COL_UOM, info["governing"], style("governing", align="center"))
        sheet.merge_range(1, COL_INDEX, 1, COL_UOM, info["issuer"], title)
        sheet.merge_range(0, COL_TYPE, 0, COL_NOTE, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", title)
        sheet.merge_range(1, COL_TYPE, 1, COL_NOTE, "Độc lập - Tự do - Hạnh phúc", title)
        sheet.merge_range(3, COL_INDEX, 3, COL_NOTE, "BÁO CÁO", style("big", bold=True, align="center", font_size=14))
        sheet.merge_range(4, COL_INDEX, 4, COL_NOTE, info["subject"], title)
        sheet.set_row(4, 32)
        sheet.merge_range(
            5,
            COL_INDEX,
            5,
            COL_NOTE,
            self.env._(
                "Unit: %(unit)s. Period: %(period)s. Fill in the Value column (and Note if needed), then import "
                "this file into the report (Import XLSX). Do not add, delete or move rows.",
                unit=self.unit_id.name,
                period=self.period_id.name,
            ),
            style("help", italic=True, text_wrap=True, font_size=11),
        )
        sheet.set_row(5, 32)

        header = style("header", bold=True, align="center", valign="vcenter", **cell)
        for col, label in (
            (COL_INDEX, self.env._("No.")),
            (COL_CODE, self.env._("Code")),
            (COL_NAME, self.env._("Criterion")),
            (COL_UOM, self.env._("Unit of Measure")),
            (COL_TYPE, self.env._("Type")),
            (COL_BOUNDS, self.env._("Accepted Values")),
            (COL_VALUE, self.env._("Value")),
            (COL_NOTE, self.env._("Note")),
            (COL_LINE, "line_id"),
            (COL_CRITERION, "criterion_id"),
        ):
            sheet.write_string(HEADER_ROW, col, label, header)
        sheet.set_row(HEADER_ROW, 32)

        for index, line in enumerate(lines):
            row = HEADER_ROW + 1 + index
            criterion = line.criterion_id
            options, words = self._offline_rule(criterion)
            sheet.write_number(row, COL_INDEX, index + 1, style("index", align="center", **cell))
            sheet.write_string(row, COL_CODE, criterion.code or "", style("cell", **cell))
            sheet.write_string(row, COL_NAME, criterion.name or "", style("cell", **cell))
            if criterion.uom:
                sheet.write_string(row, COL_UOM, criterion.uom, style("cell", **cell))
            else:
                sheet.write_blank(row, COL_UOM, None, style("cell", **cell))
            sheet.write_string(row, COL_TYPE, type_labels[criterion.value_type], style("cell", **cell))
            sheet.write_string(row, COL_BOUNDS, words, style("cell", **cell))
            value_type = criterion.value_type
            vtype = engine.value_type(value_type)
            number_format = vn_format.xlsx_number_format(value_type)
            entry = style(
                f"entry-{value_type}",
                locked=False,
                bg_color="#FFF9E0",
                **cell,
                **({"num_format": number_format} if number_format else {}),
            )
            if not line.is_filled:
                sheet.write_blank(row, COL_VALUE, None, entry)
            elif vtype.is_numeric:
                sheet.write_number(row, COL_VALUE, line.value_number, entry)
            elif vtype.column == "value_bool":
                sheet.write_string(row, COL_VALUE, yes if line.value_bool else no, entry)
            else:
                sheet.write_string(row, COL_VALUE, (line.value_text or "")[:MAX_CELL_TEXT], entry)
            if line.note:
                sheet.write_string(row, COL_NOTE, line.note[:MAX_CELL_TEXT], style("entry-note", locked=False, **cell))
            else:
                sheet.write_blank(row, COL_NOTE, None, style("entry-note", locked=False, **cell))
            texts = {
                COL_NAME: criterion.name,
                COL_UOM: criterion.uom,
                COL_TYPE: type_labels[value_type],
                COL_BOUNDS: words,
                COL_VALUE: line.value_text if vtype.column == "value_text" and line.is_filled else "",
                COL_NOTE: line.note,
            }
            sheet.set_row(row, _row_height(texts))
            sheet.write_number(row, COL_LINE, line.id)
            sheet.write_number(row, COL_CRITERION, criterion.id)
            sheet.data_validation(
                row,
                COL_VALUE,
                row,
                COL_VALUE,
                {
                    **options,
                    "ignore_blank": True,
                    "input_title": type_labels[value_type][:32],
                    "input_message": words[:255],
                    "error_title": self.env._("Value refused")[:32],
                    "error_message": words[:255],
                },
            )
        if lines:
            last = HEADER_ROW + len(lines)
            sheet.data_validation(
                HEADER_ROW + 1,
                COL_NOTE,
                last,
                COL_NOTE,
                {"validate": "length", "criteria": "<=", "value": MAX_CELL_TEXT, "ignore_blank": True},
            )

        for col, width in COLUMN_WIDTHS.items():
            sheet.set_column(col, col, width)
        sheet.set_column(COL_LINE, COL_CRITERION, None, None, {"hidden": True})
        sheet.freeze_panes(HEADER_ROW + 1, 0)
        sheet.protect("", {"format_columns": True, "format_rows": True})
        sheet.activate()

        # The ids that match the rows back, on a hidden, protected sheet
        ids = workbook.add_worksheet(IDS_SHEET)
        for row, (key, value) in enumerate(
            zip(
                ID_KEYS,
                (
                    MARKER,
                    self.id,
                    self.campaign_id.id,
                    self.period_id.id,
                    self.unit_id.id,
                    HEADER_ROW + 2,  # the Excel row number of the first criterion
                    len(lines),
                ),
                strict=True,
            )
        ):
            ids.write_string(row, 0, key)
            ids.write(row, 1, value)
        ids.write_string(len(ID_KEYS), 0, "sheet")
        ids.write_string(len(ID_KEYS), 1, sheet.name)
        for index, line in enumerate(lines):
            row = ID_TABLE_ROW + index
            ids.write_number(row, 0, HEADER_ROW + 2 + index)
            ids.write_number(row, 1, line.id)
            ids.write_number(row, 2, line.criterion_id.id)
            ids.write_string(row, 3, line.criterion_id.code or "")
        ids.protect()
        ids.hide()
        workbook.close()
        return output.getvalue()
