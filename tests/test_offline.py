"""Offline entry: the fill-in workbook of a report and its import."""

import base64
import io
import os
import shutil
import subprocess
import tempfile
import xmlrpc.client
import zipfile
from urllib.parse import unquote

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import EmulationCase, EmulationHttpCase

FIRST_ROW = 9  # the Excel row of the first criterion
VALUE, NOTE = "G", "H"
LANG = "vi_VN"


def b64(content):
    return base64.b64encode(content).decode()


def load(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def save(workbook):
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def rows_by_code(sheet):
    return {sheet[f"B{row}"].value: row for row in range(FIRST_ROW, sheet.max_row + 1) if sheet[f"B{row}"].value}


def fill_workbook(content, values, notes=None):
    """The workbook with {criterion code: value} typed into its value cells, as openpyxl
    writes them (a spreadsheet application types the same cell values)."""
    workbook = load(content)
    sheet = workbook.worksheets[0]
    rows = rows_by_code(sheet)
    for code, value in values.items():
        sheet[f"{VALUE}{rows[code]}"] = value
    for code, note in (notes or {}).items():
        sheet[f"{NOTE}{rows[code]}"] = note
    return save(workbook)


def libreoffice_convert(content):
    """The workbook opened and saved again as XLSX by LibreOffice (headless)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise AssertionError(
            "LibreOffice (soffice) is needed by this test: install libreoffice-calc-nogui (.ci/run does)."
        )
    with tempfile.TemporaryDirectory(prefix="emulation-lo-") as tmp:
        source_dir, out_dir = os.path.join(tmp, "in"), os.path.join(tmp, "out")
        os.mkdir(source_dir)
        source = os.path.join(source_dir, "report.xlsx")
        with open(source, "wb") as file:
            file.write(content)
        # a private profile: several sessions may run LibreOffice at once
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--norestore",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                out_dir,
                source,
            ],
            capture_output=True,
            timeout=180,
            check=False,
        )
        converted = os.path.join(out_dir, "report.xlsx")
        if not os.path.exists(converted):
            raise AssertionError(f"LibreOffice did not convert the workbook: {result.stdout!r} {result.stderr!r}")
        with open(converted, "rb") as file:
            return file.read()


class OfflineMixin:
    def setUp(self):
        super().setUp()
        self.sub = self.submission(self.c11)
        self.mine = self.sub.with_user(self.c11_user)
        self.fill(self.sub, {"1": 7, "4": True, "5": "Before"}, self.c11_user)

    def template(self, submission=None, user=None, lang=None):
        submission = (submission or self.sub).with_user(user or self.c11_user)
        if lang:
            submission = submission.with_context(lang=lang)
        return submission._export_template_xlsx()

    def values(self, submission=None):
        submission = submission or self.sub
        submission.invalidate_recordset()
        result = {}
        for line in submission.line_ids:
            if not line.is_filled:
                result[line.code] = None
            elif line.value_type == "boolean":
                result[line.code] = line.value_bool
            elif line.value_type == "text":
                result[line.code] = line.value_text
            else:
                result[line.code] = line.value_number
        return result


@tagged("post_install", "-at_install")
class TestOfflineEntry(OfflineMixin, EmulationCase):
    def imported_messages(self):
        return self.sub.message_ids.filtered(lambda message: "imported from a workbook" in (message.body or ""))

    def assertRefused(self, content, *patterns, exception=UserError):
        """The import fails with every pattern in its message and changes nothing."""
        before = self.values()
        notes = self.sub.line_ids.mapped("note")
        messages = self.imported_messages()
        with self.assertRaises(exception) as caught:
            self.mine.action_import_xlsx(content if isinstance(content, str) else b64(content))
        for pattern in patterns:
            self.assertRegex(str(caught.exception), pattern)
        self.assertEqual(self.values(), before, "nothing was written")
        self.assertEqual(self.sub.line_ids.mapped("note"), notes)
        self.assertEqual(self.imported_messages(), messages)
        return str(caught.exception)

    # ------------------------------------------------------------------
    # The workbook
    # ------------------------------------------------------------------
    def test_template_layout(self):
        workbook = load(self.template())
        self.assertEqual(workbook.sheetnames, ["Report", "ids"])
        sheet, ids = workbook.worksheets
        self.assertEqual(ids.sheet_state, "hidden")
        self.assertTrue(ids.protection.sheet)
        # title rows as the printed report: the unit above, the unit, the nation, the title, the subject
        self.assertEqual(sheet["A1"].value, "DISTRICT 1")
        self.assertEqual(sheet["A2"].value, "COMMUNE 11")
        self.assertEqual(sheet["E1"].value, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        self.assertEqual(sheet["A4"].value, "BÁO CÁO")
        self.assertEqual(sheet["A5"].value, "Kết quả thực hiện phong trào thi đua “Learning Society” năm 2025")
        self.assertEqual(
            [cell.value for cell in sheet[8]],
            [
                "No.",
                "Code",
                "Criterion",
                "Unit of Measure",
                "Type",
                "Accepted Values",
                "Value",
                "Note",
                "line_id",
                "criterion_id",
            ],
        )
        lines = self.sub.line_ids.sorted("sequence")
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=FIRST_ROW, max_col=10)]
        self.assertEqual(len(rows), len(lines), "one row per criterion, nothing else")
        self.assertEqual(
            [row[:8] for row in rows],
            [
                [1, "1", "Members trained", "people", "Whole number", "A whole number, at least 0.", 7, None],
                [2, "2", "Funds raised", "VND million", "Decimal number", "A number, at least 0.", None, None],
                [3, "3", "Members studying", "%", "Percentage", "A percentage from 0 to 100.", None, None],
                [4, "4", "Learning model built", None, "Yes / No", "Yes or No.", "Yes", None],
                [5, "5", "Best practice", None, "Text", "A text of at most 32767 characters.", "Before", None],
                [6, "6", "Smallest class", None, "Whole number", "A whole number from 0 to 500.", None, None],
            ],
        )
        self.assertEqual([row[8:] for row in rows], [[line.id, line.criterion_id.id] for line in lines])
        self.assertTrue(sheet.column_dimensions["I"].hidden)
        # protection: only the value and note cells are unlocked
        self.assertTrue(sheet.protection.sheet)
        self.assertFalse(sheet.protection.formatColumns, "columns may be widened")
        self.assertTrue(sheet.protection.insertRows and sheet.protection.deleteRows, "rows may not be added or deleted")
        for row in range(FIRST_ROW, FIRST_ROW + len(lines)):
            for col in "ABCDEFIJ":
                self.assertTrue(sheet[f"{col}{row}"].protection.locked, f"{col}{row} is locked")
            for col in (VALUE, NOTE):
                self.assertFalse(sheet[f"{col}{row}"].protection.locked, f"{col}{row} is editable")
        self.assertTrue(sheet["A8"].protection.locked)
        self.assertEqual(sheet["G9"].number_format, "#,##0")
        # data validation from each type and bounds
        validations = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
        rule = {
            cell: (dv.type, dv.operator or ("between" if dv.formula2 else None), dv.formula1, dv.formula2)
            for cell, dv in validations.items()
            if cell.startswith(VALUE)
        }
        self.assertEqual(
            rule,
            {
                "G9": ("whole", "greaterThanOrEqual", "0", None),
                "G10": ("decimal", "greaterThanOrEqual", "0", None),
                "G11": ("decimal", "between", "0", "100"),
                "G12": ("list", None, '"Yes,No"', None),
                "G13": ("textLength", "lessThanOrEqual", "32767", None),
                "G14": ("whole", "between", "0", "500"),
            },
        )
        self.assertEqual(validations["G14"].error, "A whole number from 0 to 500.")
        self.assertEqual(validations["H9:H14"].type, "textLength")

    def test_template_in_vietnamese(self):
        self.env["res.lang"]._activate_lang(LANG)
        self.env["ir.module.module"]._load_module_terms(["emulation_campaign"], [LANG], overwrite=True)
        self.fill(self.sub, {"4": False}, self.c11_user)
        workbook = load(self.template(lang=LANG))
        sheet = workbook.worksheets[0]
        self.assertEqual(sheet.title, "Báo cáo")
        self.assertEqual(
            [cell.value for cell in sheet[8]][:8],
            ["STT", "Mã", "Tiêu chí", "Đơn vị tính", "Kiểu số liệu", "Giá trị hợp lệ", "Kết quả", "Ghi chú"],
        )
        self.assertEqual(sheet["G12"].value, "Không")
        self.assertEqual(sheet["F12"].value, "Có hoặc Không.")
        validation = next(dv for dv in sheet.data_validations.dataValidation if str(dv.sqref) == "G12")
        self.assertEqual(validation.formula1, '"Có,Không"')
        self.assertEqual(sheet["F14"].value, "Số nguyên từ 0 đến 500.")
        # and its import speaks Vietnamese too
        content = fill_workbook(self.template(lang=LANG), {"1": -3, "4": "Có", "6": 1234.5, "3": "Có"})
        self.mine = self.mine.with_context(lang=LANG)
        message = self.assertRefused(
            content,
            "Dòng 9, tiêu chí 1 Members trained, giá trị “-3”: -3 nhỏ hơn giá trị nhỏ nhất 0.\n",
            "Dòng 11, tiêu chí 3 Members studying, giá trị “Có”: cần nhập một số.",
            "Dòng 14, tiêu chí 6 Smallest class, giá trị “1.234,5”: 1.234,50 không phải là số nguyên. "
            "1.234,50 vượt quá giá trị lớn nhất 500.$",
        )
        self.assertTrue(message.startswith("Tệp bảng tính chưa được nhập. Không có thay đổi nào trong báo cáo."))
        self.assertNotIn("Dòng 12", message, "“Có” is a yes")

    # ------------------------------------------------------------------
    # Round trips
    # ------------------------------------------------------------------
    def test_round_trip(self):
        written = {
            "1": 1234,
            "2": 1234.56,
            "3": 45.5,
            "4": "No",
            "5": "Câu lạc bộ đọc sách\nmỗi tuần",
            "6": 12,
        }
        content = fill_workbook(self.template(), written, notes={"2": "estimate"})
        self.assertIs(self.mine.action_import_xlsx(b64(content)), True)
        self.assertEqual(
            self.values(),
            {"1": 1234, "2": 1234.56, "3": 45.5, "4": False, "5": "Câu lạc bộ đọc sách\nmỗi tuần", "6": 12},
        )
        line = self.sub.line_ids.filtered(lambda line: line.code == "4")
        self.assertTrue(line.is_filled, "“No” is an answer")
        self.assertFalse(line.value_bool)
        self.assertEqual(self.sub.line_ids.filtered(lambda line: line.code == "2").note, "estimate")
        self.assertIn("Figures imported from a workbook: 6 criteria changed.", self.sub.message_ids[0].body)
        # exported again, the workbook shows what was imported; importing it unchanged changes nothing
        again = self.template()
        sheet = load(again).worksheets[0]
        self.assertEqual(
            [sheet[f"{VALUE}{row}"].value for row in range(FIRST_ROW, FIRST_ROW + 6)],
            [1234, 1234.56, 45.5, "No", "Câu lạc bộ đọc sách\nmỗi tuần", 12],
        )
        messages = self.imported_messages()
        self.mine.action_import_xlsx(b64(again))
        self.assertEqual(self.imported_messages(), messages, "nothing changed, nothing said")

    def test_emptied_cells(self):
        """An emptied text takes the answer back, as in the form; a figure or a yes/no, which
        the line model keeps once entered, is refused with its row."""
        self.assertRefused(
            fill_workbook(self.template(), {"1": None, "4": None, "5": "   "}),
            r"2 problem",
            r"Row 9, criterion 1 Members trained, value “”: the cell was emptied",
            r"Row 12, criterion 4 Learning model built, value “”: the cell was emptied",
        )
        self.mine.action_import_xlsx(b64(fill_workbook(self.template(), {"5": None})))
        line = self.sub.line_ids.filtered(lambda line: line.code == "5")
        self.assertFalse(line.is_filled)
        self.assertFalse(line.value_text)
        self.assertEqual(self.values()["1"], 7)

    def test_libreoffice_round_trip(self):
        written = {"1": 42, "2": 0.5, "3": 99.9, "4": "Yes", "5": "Đã làm", "6": 0}
        content = libreoffice_convert(fill_workbook(self.template(), written, notes={"1": "ghi chú"}))
        self.assertNotEqual(content[:200], fill_workbook(self.template(), written)[:200])
        self.assertIn(b"LibreOffice", zipfile.ZipFile(io.BytesIO(content)).read("docProps/app.xml"))
        self.mine.action_import_xlsx(b64(content))
        self.assertEqual(self.values(), {"1": 42, "2": 0.5, "3": 99.9, "4": True, "5": "Đã làm", "6": 0})
        self.assertEqual(self.sub.line_ids.filtered(lambda line: line.code == "1").note, "ghi chú")

    def test_upload_wizard(self):
        action = self.mine.action_open_import_xlsx()
        content = fill_workbook(self.template(), {"1": 5})
        wizard = Form(
            self.env[action["res_model"]].with_user(self.c11_user).with_context(**action["context"]),
        )
        wizard.file = b64(content)
        result = wizard.save().action_import()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(self.values()["1"], 5)

    # ------------------------------------------------------------------
    # Values the form would refuse
    # ------------------------------------------------------------------
    def test_values_out_of_bounds_and_wrong_types(self):
        content = fill_workbook(
            self.template(),
            {
                "1": 12.5,  # a whole number
                "2": -1,  # below the minimum
                "3": 100.5,  # a percentage above 100
                "4": "Maybe",
                "5": "fine",
                "6": 501,  # above the maximum
            },
        )
        message = self.assertRefused(
            content,
            r"5 problem",
            r"Row 9, criterion 1 Members trained, value “12\.5”: .*not a whole number",
            r"Row 10, criterion 2 Funds raised, value “-1”: .*below the minimum",
            r"Row 11, criterion 3 Members studying, value “100\.5”: .*above the maximum 100",
            r"Row 12, criterion 4 Learning model built, value “Maybe”: choose Yes or No",
            r"Row 14, criterion 6 Smallest class, value “501”: .*above the maximum 500",
        )
        self.assertNotIn("Row 13", message, "the good row is not listed")
        content = fill_workbook(self.template(), {"1": "twelve", "2": True, "3": "=1+1", "6": "=SUM(G9:G10)"})
        self.assertRefused(
            content,
            r"Row 9, .*“twelve”: a number is expected",
            r"Row 10, .*“True”: a number is expected",
            r"Row 11, .*“=1\+1”: formulas are not accepted",
            r"Row 14, .*formulas are not accepted",
        )
        content = fill_workbook(self.template(), {"5": "x" * 32_767}, notes={"5": "=A1"})
        self.assertRefused(content, r"Row 13, .*formulas are not accepted")

    def test_the_line_rules_apply(self):
        """Values go through the line model's own rules, not a copy of them: a report that
        holds the consolidation of the reports below keeps the bounds its aggregations keep
        (a sum passes one unit's maximum, a minimum does not), in the form and the workbook."""
        self.criteria["1"].max_value = 100
        self.submit_and_approve(self.c11, {"1": 60}, self.c11_user, self.d1_user)
        self.submit_and_approve(self.c12, {"1": 70}, self.c12_user, self.d1_user)
        d1 = self.submission(self.d1).with_user(self.d1_user)
        d1.action_consolidate()
        self.assertEqual(self.values(d1)["1"], 130)
        sheet = load(self.template(d1, self.d1_user)).worksheets[0]
        self.assertEqual(
            (sheet["F9"].value, sheet["F14"].value), ("A whole number, at least 0.", "A whole number from 0 to 500.")
        )
        d1.action_import_xlsx(b64(fill_workbook(self.template(d1, self.d1_user), {"1": 150})))
        self.assertEqual(self.values(d1)["1"], 150)
        with self.assertRaisesRegex(
            UserError, r"Row 14, criterion 6 Smallest class, value “900”: 900 is above the maximum 500"
        ):
            d1.action_import_xlsx(b64(fill_workbook(self.template(d1, self.d1_user), {"6": 900})))
        # in a unit's own report the unit's maximum applies, as the form applies it
        d2 = self.submission(self.d2).with_user(self.d2_user)
        self.assertEqual(
            load(self.template(d2, self.d2_user)).worksheets[0]["F9"].value, "A whole number from 0 to 100."
        )
        with self.assertRaisesRegex(
            UserError, r"Row 9, criterion 1 Members trained, value “150”: 150 is above the maximum 100"
        ):
            d2.action_import_xlsx(b64(fill_workbook(self.template(d2, self.d2_user), {"1": 150})))

    # ------------------------------------------------------------------
    # Workbooks that do not fit the report
    # ------------------------------------------------------------------
    def test_rows_moved_deleted_added(self):
        template = self.template()
        workbook = load(template)
        sheet = workbook.worksheets[0]
        for col in "ABCDEFGHIJ":  # swap rows 9 and 10
            sheet[f"{col}9"].value, sheet[f"{col}10"].value = sheet[f"{col}10"].value, sheet[f"{col}9"].value
        self.assertRefused(save(workbook), r"Row 9, criterion 1 Members trained.*moved, deleted or added", "Row 10")

        workbook = load(template)
        workbook.worksheets[0].delete_rows(11)
        self.assertRefused(save(workbook), r"Row 11, criterion 3 .*moved, deleted or added")

        workbook = load(template)
        workbook.worksheets[0].insert_rows(10)
        self.assertRefused(save(workbook), r"Row 10, criterion 2 .*moved, deleted or added")

        workbook = load(template)
        workbook.worksheets[0]["C15"] = "My own criterion"
        workbook.worksheets[0]["G15"] = 5
        self.assertRefused(save(workbook), r"Row 15: a row was added below the criteria")

    def test_other_unit_period_or_report(self):
        c12 = self.submission(self.c12)
        self.assertRefused(self.template(c12, self.c12_user), "another unit's report")
        period = self.campaign.period_ids.filtered(lambda p: p.name == "2026")
        other = self.submission(self.c11, period) or self.env["emulation.submission"].with_user(self.c11_user).create(
            {"period_id": period.id, "unit_id": self.c11.id}
        )
        self.assertRefused(self.template(other), "report of another period")
        # a criterion added since the workbook was downloaded
        template = self.template()
        self.env["emulation.criterion"].create(
            {"campaign_id": self.campaign.id, "code": "7", "name": "New", "sequence": 7}
        )
        self.sub.invalidate_recordset()
        self.assertRefused(template, r"criteria that this workbook does not have \(7\)")
        # sheets added or renamed: the entry sheet is found by its name, or as the only other one
        workbook = load(fill_workbook(self.template(), {"1": 11}))
        workbook.create_sheet("My notes", 0)["A1"] = "scratch"
        self.mine.action_import_xlsx(b64(save(workbook)))
        self.assertEqual(self.values()["1"], 11)
        workbook = load(fill_workbook(self.template(), {"1": 12}))
        workbook["Report"].title = "Sheet1"
        self.mine.action_import_xlsx(b64(save(workbook)))
        self.assertEqual(self.values()["1"], 12)
        workbook.create_sheet("My notes")
        self.assertRefused(save(workbook), "not a template")
        # the ids sheet removed or edited
        workbook = load(self.template())
        del workbook["ids"]
        self.assertRefused(save(workbook), "not a template")
        workbook = load(self.template())
        workbook["ids"]["B2"] = c12.id
        self.assertRefused(save(workbook), "another report")

    def test_bad_files(self):
        template = self.template()
        self.assertRefused("", "Choose the workbook")
        self.assertRefused("not base64 at all!", "not an XLSX workbook")
        self.assertRefused(b"just some text", "not an XLSX workbook")
        self.assertRefused(b"%PDF-1.4\n%" + os.urandom(2000), "not an XLSX workbook")
        self.assertRefused(template[: len(template) // 2], "not an XLSX workbook|damaged")
        # a zip that is no workbook
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "hello")
        self.assertRefused(buffer.getvalue(), "not an XLSX workbook")
        # a damaged part: the bytes of the sheet's compressed data flipped
        corrupt = bytearray(template)
        archive = zipfile.ZipFile(io.BytesIO(template))
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        for offset in range(start + 10, start + 40):
            corrupt[offset] ^= 0xFF
        self.assertRefused(bytes(corrupt), "damaged")
        # a huge file, and a small one that inflates to a huge one (zip bomb)
        self.assertRefused(os.urandom(3 * 1024 * 1024), "too large")
        bomb = io.BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in archive_names(template):
                archive.writestr(name, zipfile.ZipFile(io.BytesIO(template)).read(name))
            archive.writestr("xl/media/padding.bin", b"\0" * (30 * 1024 * 1024))
        self.assertLess(len(bomb.getvalue()), 200_000)
        self.assertRefused(bomb.getvalue(), "too large")
        # XML entities (billion laughs) are not read at all
        entities = rewrite(
            template,
            "xl/sharedStrings.xml",
            lambda xml: xml.replace(
                b"?>", b'?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>', 1
            ),
        )
        self.assertRefused(entities, "damaged")
        # a spreadsheet error value in a value cell
        self.assertRefused(
            fill_workbook(template, {"2": "#DIV/0!"}), r"Row 10, .*“#DIV/0!”: the cell holds a spreadsheet error"
        )

    def test_state_and_access(self):
        content = fill_workbook(self.template(), {"1": 8})
        # another unit's officer, the approver above (reads, does not write), a stranger
        for user in (self.c12_user, self.d1_user, self.outsider):
            with self.assertRaises(AccessError):
                self.sub.with_user(user).action_import_xlsx(b64(content))
        with self.assertRaises(AccessError):
            self.template(user=self.c12_user)
        self.assertEqual(self.values()["1"], 7)
        # the approver above can download it (reads the report), not import it
        self.assertTrue(self.template(user=self.d1_user))
        # a submitted report is no longer editable
        self.mine.action_submit()
        self.assertRefused(content, r"Importing a workbook is not possible for .*Submitted")
        with self.assertRaises(UserError):
            self.mine.action_open_import_xlsx()
        # the manager may, on a draft or returned report
        self.sub.with_user(self.d1_user).action_return("Fix it")
        self.sub.with_user(self.manager).action_import_xlsx(b64(content))
        self.assertEqual(self.values()["1"], 8)


def archive_names(content):
    return zipfile.ZipFile(io.BytesIO(content)).namelist()


def rewrite(content, name, change):
    """The workbook with one part changed."""
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            archive.writestr(item.filename, change(data) if item.filename == name else data)
    return output.getvalue()


@tagged("post_install", "-at_install")
class TestOfflineDownload(OfflineMixin, EmulationHttpCase):
    def test_route(self):
        for login, status in (
            ("ec_c11", 200),
            ("ec_d1", 200),
            ("ec_manager", 200),
            ("ec_c12", 404),
            ("ec_d2", 404),
            ("ec_outsider", 404),
        ):
            self.authenticate(login, login)
            response = self.url_open(f"/emulation/submission/{self.sub.id}/template.xlsx", allow_redirects=False)
            self.assertEqual(response.status_code, status, login)
            if status == 200:
                self.assertEqual(
                    response.headers["Content-Type"],
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
                self.assertIn("T-LS-T-C11-2025", response.headers["Content-Disposition"])
                workbook = load(response.content)
                self.assertEqual(workbook["ids"]["B2"].value, self.sub.id)
        self.authenticate("ec_c11", "ec_c11")
        response = self.url_open("/emulation/submission/999999999/template.xlsx", allow_redirects=False)
        self.assertEqual(response.status_code, 404)

    @mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http")
    def test_xmlrpc(self):
        """Over XML-RPC: True when imported, fault 2 with the list when refused, 4 for a
        report the user may not write."""

        def call(user, *args):
            return self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                user.id,
                user.login,
                "emulation.submission",
                "action_import_xlsx",
                [self.sub.ids, *args],
            )

        template = self.template()
        self.assertIs(call(self.c11_user, b64(fill_workbook(template, {"1": 31, "4": "No"}))), True)
        self.assertEqual((self.values()["1"], self.values()["4"]), (31, False))
        for user, content, code, message in (
            (self.c11_user, b64(fill_workbook(template, {"1": -1})), 2, "Row 9, criterion 1 Members trained"),
            (self.c11_user, "bm90IGEgemlw", 2, "not an XLSX workbook"),
            (self.c12_user, b64(template), 4, ""),
        ):
            with self.assertRaises(xmlrpc.client.Fault) as caught:
                call(user, content)
            self.assertEqual(caught.exception.faultCode, code, caught.exception.faultString)
            self.assertIn(message, caught.exception.faultString)
            self.assertNotIn("Traceback", caught.exception.faultString)
        self.assertEqual(self.values()["1"], 31)

    def test_route_in_the_users_language(self):
        self.env["res.lang"]._activate_lang(LANG)
        self.env["ir.module.module"]._load_module_terms(["emulation_campaign"], [LANG], overwrite=True)
        self.c11_user.lang = LANG
        self.authenticate("ec_c11", "ec_c11")
        response = self.url_open(f"/emulation/submission/{self.sub.id}/template.xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = load(response.content).worksheets[0]
        self.assertEqual((sheet.title, sheet["G8"].value, sheet["G12"].value), ("Báo cáo", "Kết quả", "Có"))
        self.assertIn("mẫu_nhập_liệu.xlsx", unquote(response.headers["Content-Disposition"]))
