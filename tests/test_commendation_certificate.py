import re

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.emulation_campaign.models import vn_format

from .common import EmulationHttpCase
from .pdf_checks import PdfChecksMixin, pdf_lines
from .test_commendation import CommendationMixin
from .test_commendation_documents import TestCommendationDocuments

CERTIFICATE = "emulation_campaign.report_commendation_certificate"
# a long Vietnamese name, every letter with its diacritics
LONG_NAME = "Hội Cựu chiến binh xã Quỳnh Lưu, huyện Quỳnh Lưu, tỉnh Nghệ An – Chi hội Khối phố Đồng Tiến"
LONG_PERSON = "Nguyễn Thị Phượng Hoàng Đức Nghĩa Trường Xuân Diễm Hương Thủy Tiên Quỳnh Ngọc Ánh"


@tagged("post_install", "-at_install")
class TestCommendationCertificate(PdfChecksMixin, CommendationMixin, EmulationHttpCase):
    """The certificates of an issued decision: A4 landscape, a page per recipient."""

    # the decision of the documents' tests
    decide = TestCommendationDocuments.decide

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.write({"dispatch_place": "Quảng Nam", "parent_body": "Hội CCB Việt Nam"})
        cls.collective = cls.propose(
            cls, cls.d1_user, cls.d1, nominee_unit_id=cls.c11.id, achievement="Mở 12 lớp tin học cho hội viên."
        )
        cls.person = cls.propose(
            cls,
            cls.d1_user,
            cls.d1,
            nominee_kind="individual",
            nominee_name="Trần Văn Bình",
            nominee_position="Chủ tịch Hội CCB xã",
            nominee_unit_id=cls.c12.id,
            achievement="Vận động 50 triệu đồng cho quỹ khuyến học.",
            form="bang_khen",
        )
        cls.proposals = cls.collective | cls.person
        cls.proposals.with_user(cls.d1_user).action_propose()
        cls.proposals.with_user(cls.province_user).action_approve()

    def issued_decision(self, proposals=None):
        decision = self.decide(commendation_ids=[Command.set((proposals or self.proposals).ids)])
        decision.with_user(self.province_user).action_issue()  # not in freeze_time: it renders a PDF
        return decision

    def page_text(self, content, page):
        text = self.poppler("pdftotext", content, "-layout", "-f", str(page), "-l", str(page))
        return " ".join(text.split())

    def page_size(self, content):
        info = self.poppler("pdfinfo", content)
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups())
        return pages, round(width), round(height)

    def test_certificates_pdf(self):
        decision = self.issued_decision()
        action = decision.with_user(self.province_user).action_print_certificates()
        self.assertEqual(
            (action["type"], action["report_name"], action["context"]["active_ids"]),
            ("ir.actions.report", CERTIFICATE, [decision.id]),
        )
        content = self.render_pdf(CERTIFICATE, decision, self.province_user)
        # one A4 landscape page (842 × 595 pt) for each collective and individual
        self.assertEqual(self.page_size(content), (2, 842, 595))
        number = decision.document_number
        self.assertRegex(number, r"^\d\d/QĐ-T-P$")
        place_date = vn_format.place_and_date("Quảng Nam", decision.issue_date)
        common = (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "BAN THƯỜNG VỤ PROVINCE",
            "TẶNG",
            "Đã có thành tích xuất sắc trong phong trào thi đua",
            place_date,
            "TM. BAN THƯỜNG VỤ",
            "CHỦ TỊCH",
            "Nguyễn Thanh Bình",
            f"Quyết định số {number} ngày {decision.issue_date.strftime('%d/%m/%Y')}",
        )
        collective, person = self.page_text(content, 1), self.page_text(content, 2)
        for expected in (*common, "GIẤY KHEN", "Commune 11", "District 1", "Mở 12 lớp tin học cho hội viên."):
            self.assertIn(expected, collective)
        for expected in (
            *common,
            "BẰNG KHEN",
            "Trần Văn Bình",
            "Chủ tịch Hội CCB xã, Commune 12",
            "Vận động 50 triệu đồng cho quỹ khuyến học.",
        ):
            self.assertIn(expected, person)
        self.assertNotIn("Trần Văn Bình", collective)
        self.assertFonts(content)
        lines = pdf_lines(content)
        self.assertLineSize(lines, "GIẤY KHEN", 36, 44, bold=True, page=1)
        self.assertLineSize(lines, "Commune 11", 24, 28, bold=True, page=1)
        self.assertLineSize(lines, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, 13, bold=True, page=2)
        self.assertLineSize(lines, "Độc lập - Tự do - Hạnh phúc", 13, 14, bold=True, page=2)
        self.assertLineSize(lines, "BAN THƯỜNG VỤ PROVINCE", 15, 17, bold=True, page=2)
        self.assertLineSize(lines, place_date, 13, 14, italic=True, page=2)
        self.assertLineSize(lines, "Nguyễn Thanh Bình", 13, 14, bold=True, page=2)
        # the proposing unit prints its nominees' certificates; a unit below prints none
        self.assertEqual(self.page_size(self.render_pdf(CERTIFICATE, decision, self.d1_user))[0], 2)
        with self.assertRaises(AccessError):
            self.render_pdf(CERTIFICATE, decision, self.c11_user)

    def test_long_names_keep_to_one_page(self):
        self.collective.sudo().write({"achievement": "Tổ chức học tập suốt đời cho hội viên. " * 200})
        self.c11.sudo().name = LONG_NAME
        self.person.sudo().write({"nominee_name": LONG_PERSON, "nominee_position": "Phó Chủ tịch " * 30})
        decision = self.issued_decision()
        content = self.render_pdf(CERTIFICATE, decision, self.province_user)
        self.assertEqual(self.page_size(content), (2, 842, 595))
        collective, person = self.page_text(content, 1), self.page_text(content, 2)
        self.assertIn(LONG_NAME, collective)
        self.assertIn("Tổ chức học tập suốt đời cho hội viên.", collective)
        self.assertIn("…", collective, "a very long achievement is shortened (the decision's list has it)")
        self.assertIn(LONG_PERSON, person)
        for page in (collective, person):  # the signature block is still on the page
            self.assertIn("Nguyễn Thanh Bình", page)
            self.assertIn("Quyết định số", page)
        self.assertFonts(content)
        # a long name prints smaller, still bold
        self.assertLineSize(pdf_lines(content), "Quỳnh Lưu", 17, 23, bold=True, page=1)

    def test_refusals(self):
        decision = self.decide(commendation_ids=[Command.set(self.proposals.ids)])
        Decision = decision.with_user(self.province_user)
        # not issued: no certificate, with the reason
        with self.assertRaisesRegex(UserError, "once the decision is issued"):
            Decision.action_print_certificates()
        with self.assertRaisesRegex(UserError, "once the decision is issued"):
            self.render_pdf(CERTIFICATE, decision, self.province_user)
        # over HTTP: a refusal, not a server error
        self.authenticate(self.province_user.login, self.province_user.login)
        with mute_logger("odoo.http"):
            response = self.url_open(f"/report/pdf/{CERTIFICATE}/{decision.id}")
        self.assertEqual(response.status_code, 422)
        self.assertIn("once the decision is issued", response.text)
        # bad input: ids that are not ids, a decision that does not exist
        with self.assertRaisesRegex(UserError, "whole numbers"):
            Decision.browse("abc").action_print_certificates()
        with self.assertRaises(UserError):
            Decision.browse(decision.id + 100000).action_print_certificates()
        Decision.action_issue()
        self.assertEqual(self.page_size(self.render_pdf(CERTIFICATE, decision, self.province_user))[0], 2)
        # a unit below reads neither the decision nor its certificates
        with self.assertRaises(AccessError):
            decision.with_user(self.c11_user).action_print_certificates()
        # under correction, the decision is no longer issued: no certificates until it is again
        Decision.action_start_correction()
        with self.assertRaisesRegex(UserError, "once the decision is issued"):
            Decision.action_print_certificates()
