import datetime
import io
import re

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.pdf import PdfReader

from odoo.addons.emulation_campaign.models import vn_format
from odoo.addons.emulation_campaign.models.emulation_submission_export import QUOTE_PREFIX

from .common import EmulationHttpCase
from .pdf_checks import PdfChecksMixin, pdf_lines

DISPATCH = "emulation_campaign.report_campaign_dispatch"
SUBMISSION = "emulation_campaign.report_submission"
MM = 72 / 25.4
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
C11 = {"1": 1234, "2": 1234.5, "3": 50, "4": True, "5": "Câu lạc bộ đọc sách", "6": 12}
C12 = {"1": 766, "2": 100.25, "3": 70, "4": False, "5": "=cmd|' /C calc'!A0", "6": 8}


@tagged("post_install", "-at_install")
class TestReports(PdfChecksMixin, EmulationHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.write(
            {
                "parent_body": "Hội CCB Việt Nam",
                "dispatch_number": "07/CCB-VP",
                "dispatch_date": datetime.date(2025, 12, 5),
                "dispatch_place": "Quảng Nam",
                "dispatch_subject": "triển khai phong trào thi đua xây dựng xã hội học tập",
                "legal_basis": "Thực hiện Kế hoạch số 6516/KH-UBND ngày 29/8/2024 của Ủy ban nhân dân tỉnh.",
                "dispatch_body": "<p>Hội CCB tỉnh đề nghị các đơn vị triển khai các nội dung sau.</p>"
                "<script>alert('body')</script>",
                "signing_authority": "TM. Ban Thường vụ",
                "signer_title": "Chủ tịch",
                "signer_name": "Nguyễn Văn Anh",
                "cc_list": "Như trên;\nBan Thường vụ Hội CCB tỉnh;\n- Lưu: VT, VP",
            }
        )
        cls.campaign.criterion_ids.filtered(lambda c: c.code in ("1", "2")).write({"section": "Học tập"})

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def consolidate_d1(self, with_c12=True):
        self.submission(self.c11).with_user(self.c11_user).results = "Mở lớp tin học."
        self.submit_and_approve(self.c11, C11, self.c11_user, self.d1_user)
        if with_c12:
            self.submit_and_approve(self.c12, C12, self.c12_user, self.d1_user)
        d1 = self.submission(self.d1)
        d1.with_user(self.d1_user).action_consolidate(force=not with_c12)
        return d1

    # ------------------------------------------------------------------
    # Vietnamese formatting
    # ------------------------------------------------------------------
    def test_vn_format(self):
        self.assertEqual(vn_format.number(1234.5), "1.234,5")
        self.assertEqual(vn_format.number(1234.567), "1.234,57")
        self.assertEqual(vn_format.integer(1234567), "1.234.567")
        self.assertEqual(vn_format.percent(12.5), "12,5%")
        self.assertEqual(vn_format.day_month_year(datetime.date(2025, 12, 5)), "ngày 05 tháng 12 năm 2025")
        self.assertEqual(vn_format.day_month_year(datetime.date(2026, 2, 9)), "ngày 09 tháng 02 năm 2026")
        self.assertEqual(vn_format.day_month_year(datetime.date(2025, 3, 15)), "ngày 15 tháng 3 năm 2025")
        self.assertEqual(
            vn_format.place_and_date("Quảng Nam", datetime.date(2025, 1, 1)), "Quảng Nam, ngày 01 tháng 01 năm 2025"
        )
        self.assertEqual(vn_format.upper("Hội CCB tỉnh Quảng Nam"), "HỘI CCB TỈNH QUẢNG NAM")
        self.assertEqual(vn_format.recipient_lines(["UBND tỉnh"]), ["UBND tỉnh."])
        self.assertEqual(vn_format.recipient_lines(["- A;", "B.", "", "C"]), ["- A;", "- B;", "- C."])
        self.assertEqual(vn_format.list_lines(["Như trên;", "- Lưu: VT"]), ["- Như trên;", "- Lưu: VT."])
        self.assertEqual(vn_format.subject("V/v triển khai phong trào"), "triển khai phong trào")
        self.assertEqual(vn_format.subject("triển khai phong trào"), "triển khai phong trào")
        self.assertEqual(
            vn_format.legal_basis_lines(
                ["Luật Thi đua, khen thưởng năm 2022", "Kế hoạch số 6516/KH-UBND", "Thực hiện Chỉ thị số 01/CT-TU"],
                "Thực hiện Kế hoạch số 6516/KH-UBND ngày 29/8/2024, …",
            ),
            ["Căn cứ Luật Thi đua, khen thưởng năm 2022;", "Thực hiện Chỉ thị số 01/CT-TU."],
        )

    # ------------------------------------------------------------------
    # The dispatch (form 1.5)
    # ------------------------------------------------------------------
    def test_dispatch_pdf(self):
        content = self.render_pdf(DISPATCH, self.campaign, self.c11_user)
        text = self.flat(self.pdf_text(content))
        for expected in (
            "HỘI CCB VIỆT NAM",
            "PROVINCE",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 07/CCB-VP Quảng Nam, ngày 05 tháng 12 năm 2025",
            "V/v triển khai phong trào",
            "Thực hiện Kế hoạch số 6516/KH-UBND",
            "Kính gửi: - Commune 11;",
            "- Commune 12;",
            "- District 2.",
            "Hội CCB tỉnh đề nghị các đơn vị triển khai các nội dung sau.",
            "TM. BAN THƯỜNG VỤ",
            "CHỦ TỊCH",
            "Nguyễn Văn Anh",
            "Nơi nhận:",
            "- Như trên;",
            "- Ban Thường vụ Hội CCB tỉnh;",
            "- Lưu: VT, VP.",
            "Phụ lục",
            "DANH MỤC TIÊU CHÍ THI ĐUA",
            "(Kèm theo Công văn số 07/CCB-VP ngày 05 tháng 12 năm 2025 của Province)",
            "Học tập",
            "1 1 Members trained people Số nguyên x",
            "2 2 Funds raised VND Số thập",
            "3 3 Members studying % Tỷ lệ (%)",
            "4 4 Learning model built Có/Không",
            "5 5 Best practice Văn bản",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("alert(", text)
        pages = len(PdfReader(io.BytesIO(content)).pages)
        self.assertEqual(pages, 2, "the criteria are an appendix on a page of their own")
        self.assertFonts(content)

        # Decree 30's sizes, as printed
        lines = pdf_lines(content)
        self.assertLineSize(lines, "HỘI CCB VIỆT NAM", 12, 13, bold=False)
        self.assertLineSize(lines, "PROVINCE", 12, 13, bold=True)
        self.assertLineSize(lines, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, 13, bold=True)
        self.assertLineSize(lines, "Độc lập - Tự do - Hạnh phúc", 13, 14, bold=True)
        number = self.assertLineSize(lines, "Số: 07/CCB-VP", 13, 13, bold=False, italic=False)
        date = self.assertLineSize(lines, "Quảng Nam, ngày 05 tháng 12 năm 2025", 13, 14, italic=True)
        self.assertEqual(number, date, "the number and the place and date share a line")
        self.assertLineSize(lines, "V/v triển khai", 12, 13, bold=False, italic=False)
        self.assertLineSize(lines, "Kính gửi:", 13, 14)
        self.assertLineSize(lines, "Hội CCB tỉnh đề nghị các đơn vị", 13, 14, bold=False)
        self.assertLineSize(lines, "TM. BAN THƯỜNG VỤ", 13, 14, bold=True)
        self.assertLineSize(lines, "Nguyễn Văn Anh", 13, 14, bold=True)
        self.assertLineSize(lines, "Nơi nhận:", 12, 12, bold=True, italic=True)
        self.assertLineSize(lines, "- Như trên;", 11, 11, bold=False)
        self.assertLineSize(lines, "Phụ lục", 14, 14, bold=True, page=2)
        self.assertLineSize(lines, "DANH MỤC TIÊU CHÍ THI ĐUA", 13, 14, bold=True, page=2)
        self.assertLineSize(lines, "(Kèm theo Công văn số 07/CCB-VP", 13, 14, italic=True, page=2)

        # Decree 30's margins: left 30–35 mm, right 15–20 mm, top 20–25 mm
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', self.poppler("pdftotext", content, "-bbox")
        )
        self.assertGreaterEqual(min(float(x) for x, _y, _x2 in words), 30 * MM - 1)
        self.assertLessEqual(max(float(x2) for _x, _y, x2 in words), 595 - 15 * MM + 1)
        self.assertGreaterEqual(min(float(y) for _x, y, _x2 in words), 20 * MM - 1)

    def test_dispatch_recipients(self):
        html = self.render_html(DISPATCH, self.campaign)
        self.assertIn(
            f'<div class="article ec-nd30" data-oe-model="emulation.campaign" data-oe-id="{self.campaign.id}"', html
        )
        # the page number of pages 2+, in the header that a patched wkhtmltopdf prints
        self.assertRegex(
            html, r'<div class="header ec-page-header"[^>]*>\s*<div class="ec-page-number"><span class="page"'
        )
        self.assertNotIn("alert('body')", html, "the body is sanitised")
        self.campaign.dispatch_recipients = "Ủy ban nhân dân tỉnh Quảng Nam"
        html = self.render_html(DISPATCH, self.campaign)
        self.assertRegex(html, r"Kính gửi:</td>\s*<td><div>Ủy ban nhân dân tỉnh Quảng Nam\.</div>")
        self.campaign.dispatch_recipients = "Ban Tuyên giáo\nỦy ban nhân dân tỉnh"
        html = self.render_html(DISPATCH, self.campaign)
        self.assertIn("<div>- Ban Tuyên giáo;</div><div>- Ủy ban nhân dân tỉnh.</div>", html.replace("\n", ""))

    # ------------------------------------------------------------------
    # Unit and consolidated reports (form 1.4)
    # ------------------------------------------------------------------
    def test_unit_report_pdf(self):
        submission = self.submission(self.c11)
        self.fill(submission, C11, self.c11_user)
        submission.with_user(self.c11_user).write(
            {"results": "Mở 3 lớp học.", "shortcomings": "Thiếu kinh phí.", "proposals": "Hỗ trợ tài liệu."}
        )
        submission.line_ids.filtered(lambda l: l.code == "1").with_user(self.c11_user).note = "Cả năm"
        content = self.render_pdf(SUBMISSION, submission, self.c11_user)
        text = self.flat(self.pdf_text(content))
        for expected in (
            "DISTRICT 1",
            "COMMUNE 11",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: /BC-T-C11",
            "BÁO CÁO",
            "Kết quả thực hiện phong trào thi đua “Learning Society” năm 2025",
            "Kính gửi: District 1.",
            "Thực hiện Công văn số 07/CCB-VP ngày 05 tháng 12 năm 2025 của Province",
            "Members trained people 1.234 Cả năm",
            "Funds raised VND 1.234,5",
            "Members studying % 50%",
            "Learning model built Có",
            "Best practice Câu lạc bộ đọc",
            "Smallest class 12",
            "KẾT QUẢ ĐẠT ĐƯỢC",
            "Mở 3 lớp học.",
            "Thiếu kinh phí.",
            "Hỗ trợ tài liệu.",
            "Nơi nhận:",
            "- Lưu: VT, T-C11.",
            "Ec C11",
        ):
            self.assertIn(expected, text)
        self.assertRegex(text, r"ngày \d\d tháng \d{1,2} năm \d{4}")
        self.assertFonts(content)
        lines = pdf_lines(content)
        self.assertLineSize(lines, "BÁO CÁO", 13, 14, bold=True)
        self.assertLineSize(lines, "Kết quả thực hiện phong trào thi đua", 13, 14, bold=True)
        self.assertLineSize(lines, "Kính gửi:", 13, 14)
        self.assertLineSize(lines, "District 1.", 13, 14)
        self.assertLineSize(lines, "Mở 3 lớp học.", 13, 14)

    def test_consolidated_report_pdf(self):
        d1 = self.consolidate_d1(with_c12=False)
        self.assertEqual(d1.missing_unit_ids, self.c12)
        html = self.render_html(SUBMISSION, d1, self.d1_user)
        for expected in ("Members trained", "(people)", "Funds raised", "(VND million)", "Smallest class"):
            self.assertIn(expected, html)
        content = self.render_pdf(SUBMISSION, d1, self.d1_user)
        text = self.flat(self.pdf_text(content))
        for expected in (
            "BÁO CÁO",
            "Tổng hợp kết quả thực hiện phong trào thi đua",
            "Kính gửi: Province.",
            "Tổng hợp từ 1 báo cáo",
            "Commune 11 1.234 1.234,5 50% Có",
            "Tổng cộng 1.234 1.234,5 50% 1",
            "Các đơn vị chưa báo cáo (1): Commune 12.",
        ):
            self.assertIn(expected, text)

        d1.with_user(self.d1_user).action_undo_consolidation()
        self.submit_and_approve(self.c12, C12, self.c12_user, self.d1_user)
        d1.with_user(self.d1_user).action_consolidate()
        content = self.render_pdf(SUBMISSION, d1, self.d1_user)
        text = self.flat(self.pdf_text(content))
        for expected in (
            "Tổng hợp từ 2 báo cáo",
            "Commune 11 1.234 1.234,5 50% Có",
            "Commune 12 766 100,25 70% Không",
            "Tổng cộng 2.000 1.334,75 60% 1",
            "KẾT QUẢ ĐẠT ĐƯỢC Commune 11: Mở lớp tin học.",
        ):
            self.assertIn(expected, text)
        html = self.render_html(SUBMISSION, d1, self.d1_user)
        self.assertIn('<p class="ec-indent ec-unit-name">Commune 11:</p>', html)
        self.assertNotIn("chưa báo cáo", text)
        self.assertFonts(content)

    def test_report_escapes_narratives(self):
        submission = self.submission(self.c11)
        submission.with_user(self.c11_user).results = '<script>alert("x")</script><b>bold</b> & co'
        html = self.render_html(SUBMISSION, submission, self.c11_user)
        self.assertNotIn('<script>alert("x")', html)
        self.assertNotIn("<b>bold</b>", html)
        self.assertIn("&lt;script&gt;alert(", html)
        text = self.pdf_text(self.render_pdf(SUBMISSION, submission, self.c11_user))
        self.assertIn('<script>alert("x")</script><b>bold</b> & co', text)

    def test_pdf_access(self):
        """The reports obey the records' access rules: no data for whoever may not read them."""
        c11 = self.submission(self.c11)
        with self.assertRaises(AccessError):
            self.render_pdf(SUBMISSION, c11, self.c12_user)
        with self.assertRaises(AccessError):
            self.render_pdf(SUBMISSION, c11, self.d2_user)
        with self.assertRaises(AccessError):
            self.render_pdf(SUBMISSION, c11, self.outsider)
        with self.assertRaises(AccessError):
            self.render_pdf(DISPATCH, self.campaign, self.outsider)
        # the district above reads its communes' reports
        self.assertTrue(self.render_pdf(SUBMISSION, c11, self.d1_user).startswith(b"%PDF"))

    def test_report_actions(self):
        for xmlid, model in (
            ("emulation_campaign.action_report_campaign_dispatch", "emulation.campaign"),
            ("emulation_campaign.action_report_submission", "emulation.submission"),
        ):
            action = self.env.ref(xmlid)
            self.assertEqual(action.model, model)
            self.assertEqual(action.binding_model_id.model, model, "offered in the Print menu")
            self.assertEqual(action.paperformat_id, self.env.ref("emulation_campaign.paperformat_nd30"))
        paperformat = self.env.ref("emulation_campaign.paperformat_nd30")
        self.assertEqual((paperformat.format, paperformat.orientation), ("A4", "Portrait"))
        self.assertTrue(20 <= paperformat.margin_top <= 25 and 20 <= paperformat.margin_bottom <= 25)
        self.assertTrue(30 <= paperformat.margin_left <= 35 and 15 <= paperformat.margin_right <= 20)

    # ------------------------------------------------------------------
    # XLSX
    # ------------------------------------------------------------------
    def read_xlsx(self, content, data_only=False):
        return openpyxl.load_workbook(io.BytesIO(content), data_only=data_only).active

    def test_xlsx_consolidated(self):
        d1 = self.consolidate_d1()
        content = d1.with_user(self.d1_user)._export_xlsx()
        sheet = self.read_xlsx(content)
        self.assertEqual(sheet["C2"].value, "Learning Society")
        self.assertEqual(sheet["C3"].value, "2025")
        self.assertEqual(sheet["C4"].value, "District 1")
        header = [cell.value for cell in sheet[6]]
        self.assertEqual(
            header,
            [
                "STT",
                "Đơn vị",
                "Members trained (people)",
                "Funds raised (VND million)",
                "Members studying (%)",
                "Learning model built",
                "Best practice",
                "Smallest class",
            ],
        )
        self.assertEqual(sheet.freeze_panes, "C7")
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=7, max_row=9)]
        self.assertEqual(rows[0], [1, "Commune 11", 1234, 1234.5, 50, "Có", "Câu lạc bộ đọc sách", 12])
        self.assertEqual(rows[1], [2, "Commune 12", 766, 100.25, 70, "Không", "=cmd|' /C calc'!A0", 8])
        self.assertEqual(
            rows[2][:6],
            [None, "Tổng cộng", "=SUM(C7:C8)", "=SUM(D7:D8)", "=AVERAGE(E7:E8)", '=COUNTIF(F7:F8,"Có")+SUM(F7:F8)'],
        )
        self.assertEqual(rows[2][7], "=MIN(H7:H8)")
        self.assertEqual(sheet["C7"].number_format, "#,##0")
        self.assertEqual(sheet["D7"].number_format, "#,##0.00")
        # the cached results are the consolidated figures
        values = self.read_xlsx(content, data_only=True)
        self.assertEqual([values.cell(9, col).value for col in (3, 4, 5, 6, 8)], [2000, 1334.75, 60, 1, 8])
        self.assertIn("Commune 11: Câu lạc bộ đọc sách", values["G9"].value)

    def test_xlsx_unit_and_missing(self):
        d1 = self.consolidate_d1(with_c12=False)
        sheet = self.read_xlsx(d1.with_user(self.d1_user)._export_xlsx())
        self.assertEqual(sheet["B7"].value, "Commune 11")
        self.assertEqual(sheet["B8"].value, "Tổng cộng")
        self.assertEqual(sheet["A10"].value, "Đơn vị chưa báo cáo:")
        self.assertEqual(sheet["C10"].value, "Commune 12")
        # a unit's own report: one row, its own figures
        d2 = self.submission(self.d2)
        self.fill(d2, {"1": 5, "3": 12.5}, self.d2_user)
        sheet = self.read_xlsx(d2.with_user(self.d2_user)._export_xlsx())
        self.assertEqual([sheet["B7"].value, sheet["C7"].value, sheet["E7"].value], ["District 2", 5, 12.5])
        self.assertEqual(sheet["C8"].value, "=SUM(C7:C7)")
        self.assertIsNone(sheet["D7"].value, "an unfilled figure stays empty")

    def test_xlsx_formula_injection(self):
        c12 = self.submission(self.c12)
        self.fill(c12, {"1": 1, "5": "=cmd|' /C calc'!A0"}, self.c12_user)
        self.c12.name = "@SUM(1+1)"
        sheet = self.read_xlsx(c12.with_user(self.c12_user)._export_xlsx())
        cell = sheet["G7"]
        self.assertEqual(cell.value, "=cmd|' /C calc'!A0")
        self.assertEqual(cell.data_type, "s", "user text is never a formula")
        self.assertEqual(cell.quotePrefix, QUOTE_PREFIX, "and keeps Excel's quote prefix where XlsxWriter has it")
        self.assertEqual((sheet["B7"].value, sheet["B7"].data_type), ("@SUM(1+1)", "s"))
        self.assertEqual(sheet["B7"].quotePrefix, QUOTE_PREFIX)
        self.assertEqual((sheet["C4"].value, sheet["C4"].data_type), ("@SUM(1+1)", "s"))
        self.assertFalse(sheet["C7"].quotePrefix)
        formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
        self.assertTrue(formulas)
        self.assertTrue(all(coordinate.endswith("8") for coordinate in formulas), "formulas in the totals row only")

    def test_xlsx_route(self):
        c11 = self.submission(self.c11)
        self.fill(c11, C11, self.c11_user)
        url = f"/emulation/submission/{c11.id}/xlsx"
        self.authenticate("ec_c11", "ec_c11")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.headers["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertEqual(self.read_xlsx(response.content)["C7"].value, 1234)
        # another unit's officer, someone outside the campaign, or a report that does not exist: 404
        for login in ("ec_c12", "ec_d2", "ec_outsider"):
            self.authenticate(login, login)
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, login)
            self.assertNotIn(b"PK", response.content[:2])
        self.authenticate("ec_c11", "ec_c11")
        self.assertEqual(self.url_open("/emulation/submission/999999999/xlsx").status_code, 404)
        # the form's button points at the route
        action = c11.with_user(self.c11_user).action_export_xlsx()
        self.assertEqual((action["type"], action["url"]), ("ir.actions.act_url", url))
