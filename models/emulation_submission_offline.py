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

import base64
import binascii
import contextlib
import datetime
import io
import math
import unicodedata
import zipfile
import zlib

import openpyxl
import xlsxwriter

from odoo import models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import formatLang

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

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------
    def action_import_xlsx(self, file_base64):
        """Import a filled-in workbook of this report (base64): all of it or nothing.

        Raises UserError with the list of problems (row, criterion, value, rule) and
        leaves the report unchanged when anything is wrong."""
        self.ensure_one()
        self.check_access("write")
        self._lock_rows()
        self._require_state(EDITABLE_STATES, self.env._("Importing a workbook"))
        data = self._offline_decode(file_base64)
        workbook = self._offline_open(data)
        sheet, rows = self._offline_rows(workbook)
        changes, problems = self._offline_values(sheet, rows)
        if not problems:
            try:
                with self.env.cr.savepoint():  # the usual case: every value is right
                    for line, vals, _row, _shown in changes:
                        line.write(vals)
            except (UserError, ValidationError):
                problems = self._offline_write_problems(changes)
        else:
            problems += self._offline_write_problems(changes)
        if problems:
            self._offline_raise([text for _row, text in sorted(problems, key=lambda problem: problem[0])])
        if changes:
            self.message_post(
                body=self.env._(
                    "Figures imported from a workbook: %(count)s criteria changed.",
                    count=len(changes),
                )
            )
        return True

    def _offline_write_problems(self, changes):
        """[(row, problem)] of writing each change through the line model, each in its own
        savepoint inside one that is always rolled back: nothing stays written."""
        problems = []
        cr = self.env.cr
        with contextlib.closing(cr.savepoint()):
            for line, vals, row, shown in changes:
                try:
                    with cr.savepoint():
                        line.write(vals)
                except (UserError, ValidationError) as error:
                    problems.append((row, self._offline_problem(row, line.criterion_id, shown, error.args[0])))
        return problems

    def _offline_raise(self, problems):
        listed = problems[:MAX_LISTED_PROBLEMS]
        more = len(problems) - len(listed)
        text = "\n".join(f"• {problem}" for problem in listed)
        if more:
            text += "\n" + self.env._("… and %(count)s more.", count=more)
        raise UserError(
            self.env._(
                "The workbook was not imported and the report is unchanged. "
                "Correct these %(count)s problem(s) and import it again:\n%(problems)s",
                count=len(problems),
                problems=text,
            )
        )

    def _offline_problem(self, row, criterion, shown, rule):
        label = f"{criterion.code} {criterion.name}".strip() if criterion else ""
        # the line model's messages name the criterion too, one problem a line
        prefix = f"{label}: "
        rule = " ".join(
            part[len(prefix) :] if label and part.startswith(prefix) else part for part in rule.splitlines() if part
        )
        return self.env._(
            "Row %(row)s, criterion %(criterion)s, value “%(value)s”: %(rule)s",
            row=row,
            criterion=label or "?",
            value=shown,
            rule=rule,
        )

    def _offline_decode(self, file_base64):
        not_xlsx = self.env._(
            "This file is not an XLSX workbook: download the template from the report and fill it in."
        )
        if isinstance(file_base64, bytes):
            try:
                file_base64 = file_base64.decode("ascii")
            except UnicodeDecodeError:
                raise UserError(not_xlsx) from None
        if not isinstance(file_base64, str) or not file_base64:
            raise UserError(self.env._("Choose the workbook to import."))
        if len(file_base64) > MAX_UPLOAD_BYTES * 4 // 3 + 4:
            raise UserError(self._offline_too_big())
        try:
            data = base64.b64decode(file_base64, validate=True)
        except (binascii.Error, ValueError):
            raise UserError(not_xlsx) from None
        if len(data) > MAX_UPLOAD_BYTES:
            raise UserError(self._offline_too_big())
        return data

    def _offline_too_big(self):
        return self.env._(
            "This file is too large for a report's workbook (at most %(size)s MiB).",
            size=MAX_UPLOAD_BYTES // (1024 * 1024),
        )

    def _offline_open(self, data):
        """The workbook, once the zip has been checked: an XLSX's parts, of a bounded size
        once inflated, without DTDs (no entity expansion)."""
        not_xlsx = self.env._(
            "This file is not an XLSX workbook: download the template from the report and fill it in."
        )
        corrupt = self.env._(
            "This workbook is damaged and cannot be read: save it again as XLSX, or download a new template."
        )
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise UserError(not_xlsx) from None
        with archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise UserError(not_xlsx)
            if len(members) > MAX_ZIP_MEMBERS or sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
                raise UserError(self._offline_too_big())
            try:
                for member in members:
                    if member.filename.endswith((".xml", ".rels")):
                        with archive.open(member) as part:
                            head = part.read(MAX_UNCOMPRESSED_BYTES)
                        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                            raise UserError(corrupt)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError, OSError):
                # damaged data, a CRC that does not match, an unknown compression method
                raise UserError(corrupt) from None
        try:
            return openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
        except Exception:  # any failure of the parser on a damaged file is a damaged file
            raise UserError(corrupt) from None

    def _offline_rows(self, workbook):
        """The entry sheet and [(Excel row number, line)] after checking the workbook's
        ids against this report; refuses a workbook of another report, unit or period
        and rows moved, deleted or added."""
        not_template = self.env._(
            "This workbook is not a template of an emulation report: download the template from the report."
        )
        if IDS_SHEET not in workbook.sheetnames:
            raise UserError(not_template)
        ids = workbook[IDS_SHEET]
        meta = {}
        for row, key in enumerate(ID_KEYS, start=1):
            if ids.cell(row, 1).value != key:
                raise UserError(not_template)
            meta[key] = ids.cell(row, 2).value
        if meta["marker"] != MARKER:
            raise UserError(not_template)
        for key in ID_KEYS[1:]:
            value = meta[key]
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if not isinstance(value, int) or isinstance(value, bool):
                raise UserError(not_template)
            meta[key] = value
        if meta["unit_id"] != self.unit_id.id:
            raise UserError(self.env._("This workbook is another unit's report: it cannot be imported here."))
        if meta["period_id"] != self.period_id.id:
            raise UserError(self.env._("This workbook is the report of another period: it cannot be imported here."))
        if meta["submission_id"] != self.id or meta["campaign_id"] != self.campaign_id.id:
            raise UserError(self.env._("This workbook is another report: it cannot be imported here."))
        # the entry sheet by its name; a workbook with one other sheet may have renamed it
        name = ids.cell(len(ID_KEYS) + 1, 2).value if ids.cell(len(ID_KEYS) + 1, 1).value == "sheet" else None
        others = [other for other in workbook.sheetnames if other != IDS_SHEET]
        if name not in others:
            if len(others) != 1:
                raise UserError(not_template)
            name = others[0]
        sheet = workbook[name]

        lines = {line.id: line for line in self.line_ids}
        first, count = meta["first_row"], meta["row_count"]
        if first != HEADER_ROW + 2 or not 0 <= count <= len(lines) + 1000:
            raise UserError(not_template)
        problems = []
        rows = []
        seen = set()
        moved = self.env._("rows were moved, deleted or added; download a new template and fill it in again.")
        for index in range(count):
            row = first + index
            expected_line = ids.cell(ID_TABLE_ROW + 1 + index, 2).value
            expected_criterion = ids.cell(ID_TABLE_ROW + 1 + index, 3).value
            line = lines.get(expected_line) if isinstance(expected_line, (int, float)) else None
            if ids.cell(ID_TABLE_ROW + 1 + index, 1).value != row or not line or line.id in seen:
                raise UserError(not_template)
            seen.add(line.id)
            if line.criterion_id.id != expected_criterion:
                raise UserError(not_template)
            if (
                sheet.cell(row, COL_LINE + 1).value != line.id
                or sheet.cell(row, COL_CRITERION + 1).value != line.criterion_id.id
                or str(sheet.cell(row, COL_CODE + 1).value or "") != (line.criterion_id.code or "")
            ):
                problems.append(self._offline_problem(row, line.criterion_id, "", moved))
                continue
            rows.append((row, line))
        for row in range(first + count, sheet.max_row + 1):
            if any(sheet.cell(row, col).value not in (None, "") for col in range(1, COL_CRITERION + 2)):
                problems.append(
                    self.env._("Row %(row)s: a row was added below the criteria; %(rule)s", row=row, rule=moved)
                )
                break
        missing = self.line_ids.filtered(lambda line: line.id not in seen)
        if missing:
            problems.append(
                self.env._(
                    "The report has criteria that this workbook does not have (%(criteria)s): download a new template.",
                    criteria=", ".join(missing.criterion_id.mapped("code")),
                )
            )
        if problems:
            self._offline_raise(problems)
        return sheet, rows

    def _offline_values(self, sheet, rows):
        """([(line, values to write, row, value as shown)], [(row, problem)]) for the rows."""
        changes, problems = [], []
        for row, line in rows:
            criterion = line.criterion_id
            vals, row_problems = {}, []
            shown_value = ""
            for col, reader in ((COL_VALUE, self._offline_value), (COL_NOTE, self._offline_note)):
                cell = sheet.cell(row, col + 1)
                shown = self._offline_shown(cell.value)
                if col == COL_VALUE:
                    shown_value = shown
                if cell.data_type == "f":
                    error = self.env._("formulas are not accepted: type the value itself.")
                elif cell.data_type == "e":
                    error = self.env._("the cell holds a spreadsheet error.")
                else:
                    cell_vals, error = reader(line, cell.value)
                    vals.update(cell_vals or {})
                if error:
                    row_problems.append((row, self._offline_problem(row, criterion, shown, error)))
            problems += row_problems
            if vals and not row_problems:
                changes.append((line, vals, row, shown_value))
        return changes, problems

    def _offline_shown(self, value):
        """A cell's value as the error list shows it: numbers the user's way (12,5 in
        Vietnamese), texts cut short."""
        if value is None:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            try:
                number = float(value)
            except OverflowError:
                number = math.inf
            if math.isfinite(number) and abs(number) < 1e15:
                decimals = min(len(f"{number:.10g}".partition(".")[2]), 6)
                return formatLang(self.env, number, digits=decimals)
        return str(value)[:60]

    def _offline_note(self, line, value):
        if value is None or value == "":
            return ({"note": False} if line.note else None), None
        if not isinstance(value, str):
            value = self._offline_text(value)
        if _same_text(line.note, value):
            return None, None
        return {"note": value}, None

    @staticmethod
    def _offline_text(value):
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, (datetime.datetime, datetime.date)):
            return value.date().isoformat() if isinstance(value, datetime.datetime) else value.isoformat()
        return str(value)

    def _offline_value(self, line, value):
        """(values to write or None when unchanged, problem or None) of a value cell."""
        criterion = line.criterion_id
        vtype = engine.value_type(criterion.value_type)
        field = vtype.column
        if value is None or (isinstance(value, str) and not value.strip()):
            if not line.is_filled:
                return None, None
            if field == "value_text":
                return {field: False}, None  # an emptied text takes the answer back
            # the line model keeps a figure or a yes/no once entered: so does its workbook
            return None, self.env._(
                "the cell was emptied: a figure or a yes/no answer cannot be taken back here; enter it again."
            )
        if vtype.is_numeric:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return None, self.env._("a number is expected.")
            try:
                number = float(value)
            except OverflowError:
                number = math.inf
            if not math.isfinite(number):
                return None, self.env._("not a number.")
            if line.is_filled and line.value_number == number:
                return None, None
            return {"value_number": number}, None
        if field == "value_bool":
            if isinstance(value, bool):
                answer = value
            else:
                yes, no = self._offline_yes_no()
                text = _normalized(value)
                if text in {_normalized(label) for label in (yes, "Có", "Yes")}:
                    answer = True
                elif text in {_normalized(label) for label in (no, "Không", "No")}:
                    answer = False
                else:
                    return None, self.env._("choose %(yes)s or %(no)s.", yes=yes, no=no)
            if line.is_filled and line.value_bool == answer:
                return None, None
            return {"value_bool": answer}, None  # “No” is an answer too: the line model fills the line
        text = value if isinstance(value, str) else self._offline_text(value)
        if line.is_filled and _same_text(line.value_text, text):
            return None, None
        return {"value_text": text}, None
