"""Offline entry, the way back: a filled-in workbook imported into its report, all or
nothing (see ``emulation_submission_offline`` for the workbook and the checks)."""

import base64
import binascii
import contextlib
import datetime
import io
import math
import zipfile
import zlib

import openpyxl

from odoo import models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import formatLang

from .. import engine
from .emulation_submission import EDITABLE_STATES
from .emulation_submission_offline import (
    COL_CODE,
    COL_CRITERION,
    COL_LINE,
    COL_NOTE,
    COL_VALUE,
    HEADER_ROW,
    ID_KEYS,
    ID_TABLE_ROW,
    IDS_SHEET,
    MARKER,
    MAX_LISTED_PROBLEMS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_ZIP_MEMBERS,
    _normalized,
    _same_text,
)


class EmulationSubmission(models.Model):
    _inherit = "emulation.submission"

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
