import datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import EmulationHttpCase
from .pdf_checks import PdfChecksMixin, pdf_lines
from .test_commendation import CommendationMixin

PROPOSAL = "emulation_campaign.report_commendation_proposal"
DECISION = "emulation_campaign.report_commendation_decision"


@tagged("post_install", "-at_install")
class TestCommendationDocuments(PdfChecksMixin, CommendationMixin, EmulationHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.write(
            {
                "dispatch_number": "07/CCB-VP",
                "dispatch_date": datetime.date(2025, 3, 5),
                "dispatch_place": "Quảng Nam",
                "parent_body": "Hội CCB Việt Nam",
            }
        )
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

    def decide(self, user=None, **vals):
        return (
            self.env["emulation.commendation.decision"]
            .with_user(user or self.province_user)
            .create(
                {
                    "unit_id": self.province.id,
                    "campaign_id": self.campaign.id,
                    "period_id": self.period.id,
                    "number": "15/QĐ-CCB",
                    "date": datetime.date(2025, 12, 20),
                    "place": "Quảng Nam",
                    "legal_basis": "Căn cứ Luật Thi đua, khen thưởng năm 2022\n"
                    "Căn cứ Điều lệ Hội Cựu chiến binh Việt Nam",
                    "signing_authority": "TM. Ban Thường vụ",
                    "signer_title": "Chủ tịch",
                    "signer_name": "Nguyễn Thanh Bình",
                    **vals,
                }
            )
        )

    def test_decision_grants_approved_proposals(self):
        decision = self.decide(commendation_ids=[Command.set(self.proposals.ids)])
        self.assertEqual(self.proposals.decision_id, decision)
        self.assertEqual(decision.commendation_count, 2)
        # the proposing unit reads the decision that grants its proposals; the units below do not
        self.assertEqual(decision.with_user(self.d1_user).number, "15/QĐ-CCB")
        with self.assertRaises(AccessError):
            decision.with_user(self.c11_user).read(["number"])
        with self.assertRaises(AccessError):
            decision.with_user(self.d1_user).write({"number": "16/QĐ-CCB"})
        # only approved proposals of its campaign, made below the deciding unit, each once
        draft = self.propose(self.d1_user, self.d1, nominee_unit_id=self.c12.id)
        with self.assertRaisesRegex(ValidationError, "not approved"):
            decision.write({"commendation_ids": [Command.link(draft.id)]})
        with self.assertRaisesRegex(ValidationError, "not below"):
            self.decide(self.d1_user, unit_id=self.d1.id, commendation_ids=[Command.link(self.collective.id)])
        with self.assertRaises(UserError):
            decision.write({"commendation_ids": [Command.create({"campaign_id": self.campaign.id})]})
        with self.assertRaises(UserError):
            decision.write({"commendation_ids": [Command.update(self.collective.id, {"form": "co_thi_dua"})]})
        with self.assertRaises(UserError):
            self.collective.with_user(self.province_user).write({"decision_id": False})
        # a reporter creates no decision; an approver only for its own unit
        with self.assertRaises(AccessError):
            self.decide(self.c11_user, unit_id=self.c11.id)
        with self.assertRaises(AccessError):
            self.decide(self.d1_user)
        decision.write({"commendation_ids": [Command.unlink(self.person.id)]})
        self.assertEqual(
            (self.person.decision_id, decision.commendation_ids),
            (self.env["emulation.commendation.decision"], self.collective),
        )

    def test_decision_pdf(self):
        decision = self.decide(commendation_ids=[Command.set(self.proposals.ids)])
        content = self.render_pdf(DECISION, decision, self.province_user)
        text = self.flat(self.pdf_text(content))
        for expected in (
            "HỘI CCB VIỆT NAM",
            "PROVINCE",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: 15/QĐ-CCB Quảng Nam, ngày 20 tháng 12 năm 2025",
            "QUYẾT ĐỊNH",
            "Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua",
            "BAN THƯỜNG VỤ PROVINCE",
            "Căn cứ Luật Thi đua, khen thưởng năm 2022;",
            "Xét đề nghị của District 1.",
            "QUYẾT ĐỊNH:",
            "Điều 1. Tặng Giấy khen của Province cho 01 tập thể (có danh sách kèm theo)",
            "Tặng Bằng khen của Province cho 01 cá nhân",
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
            "Điều 3. Văn phòng Province, District 1 và các tập thể, cá nhân có tên tại Điều 1",
            "Nơi nhận:",
            "- Như Điều 3;",
            "- Lưu: VT, T-P.",
            "TM. BAN THƯỜNG VỤ",
            "Nguyễn Thanh Bình",
            "DANH SÁCH",
            "(Kèm theo Quyết định số 15/QĐ-CCB ngày 20 tháng 12 năm 2025 của Province)",
            "TẬP THỂ",
            "Commune 11",
            "CÁ NHÂN",
            "Trần Văn Bình",
            "Bằng khen",
        ):
            self.assertIn(expected, text)
        self.assertFonts(content)
        lines = pdf_lines(content)
        self.assertLineSize(lines, "QUYẾT ĐỊNH", 13, 14, bold=True, page=1)
        self.assertLineSize(lines, "Về việc khen thưởng", 13, 14, bold=True)
        self.assertLineSize(lines, "BAN THƯỜNG VỤ PROVINCE", 13, 14, bold=True)
        self.assertLineSize(lines, "Căn cứ Luật Thi đua", 13, 14, italic=True)
        self.assertLineSize(lines, "QUYẾT ĐỊNH:", 13, 14, bold=True)
        self.assertLineSize(lines, "Quyết định này có hiệu lực", 13, 14, bold=False)
        self.assertLineSize(lines, "Nơi nhận:", 12, 12, bold=True, italic=True)
        self.assertLineSize(lines, "Nguyễn Thanh Bình", 13, 14, bold=True)
        self.assertLineSize(lines, "CÁC TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG", 13, 14, bold=True, page=2)
        self.assertLineSize(lines, "(Kèm theo Quyết định số", 13, 14, italic=True, page=2)
        # the proposing unit prints it too; a unit below does not
        self.render_pdf(DECISION, decision, self.d1_user)
        with self.assertRaises(AccessError):
            self.render_pdf(DECISION, decision, self.c11_user)

    def test_consolidated_report_targets_and_ranking(self):
        """The consolidated report shows its figures against their targets and ranks the
        units below (within their cluster)."""
        self.campaign.criterion_ids.weight = 0
        self.criteria["1"].weight = 1
        Target = self.env["emulation.target"].with_user(self.manager)
        Target.create({"criterion_id": self.criteria["1"].id, "period_id": self.period.id, "value": 1000})
        Target.create({"criterion_id": self.criteria["4"].id, "period_id": self.period.id})
        self.env["emulation.cluster"].with_user(self.manager).create(
            {"name": "Cụm 1", "campaign_id": self.campaign.id, "unit_ids": [self.c11.id, self.c12.id]}
        )
        self.submit_and_approve(self.c11, {"1": 300, "4": True}, self.c11_user, self.d1_user)
        self.submit_and_approve(self.c12, {"1": 600, "4": False}, self.c12_user, self.d1_user)
        d1 = self.submission(self.d1)
        d1.with_user(self.d1_user).action_consolidate()
        content = self.render_pdf("emulation_campaign.report_submission", d1, self.d1_user)
        text = self.flat(self.pdf_text(content))
        for expected in (
            "Kết quả so với chỉ tiêu:",
            "STT Tiêu chí Chỉ tiêu Kết quả Tỷ lệ đạt",
            "1 Members trained (people) 1.000 900 90%",
            "2 Learning model built Có 1/2 đơn vị có 50%",
            "Xếp hạng thi đua của các đơn vị:",
            "Cụm 1",
            "1 Commune 12 60",
            "2 Commune 11 30",
        ):
            self.assertIn(expected, text)
        self.assertFonts(content)
        lines = pdf_lines(content)
        self.assertLineSize(lines, "Kết quả so với chỉ tiêu:", 13, 14, bold=True)
        self.assertLineSize(lines, "Commune 12", 11, 12)

    def test_proposal_pdf(self):
        content = self.render_pdf(PROPOSAL, self.proposals, self.d1_user)
        text = self.flat(self.pdf_text(content))
        for expected in (
            "PROVINCE",
            "DISTRICT 1",
            "Số: /TTr-T-D1",
            "TỜ TRÌNH",
            "Về việc đề nghị khen thưởng tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua",
            "Kính gửi: Province.",
            "Thực hiện Công văn số 07/CCB-VP ngày 05 tháng 3 năm 2025 của Province",
            "tặng Giấy khen, Bằng khen cho 01 tập thể và 01 cá nhân",
            "TẬP THỂ",
            "Commune 11",
            "Mở 12 lớp tin học",
            "Trần Văn Bình",
            "Chủ tịch Hội",
            "Kính trình Province xem xét, quyết định./.",
            "- Lưu: VT, T-D1.",
            "Ec D1",
        ):
            self.assertIn(expected, text)
        self.assertFonts(content)
        lines = pdf_lines(content)
        self.assertLineSize(lines, "TỜ TRÌNH", 13, 14, bold=True)
        self.assertLineSize(lines, "Về việc đề nghị khen thưởng", 13, 14, bold=True)
        self.assertLineSize(lines, "Kính gửi:", 13, 14)
        self.assertLineSize(lines, "Kính trình Province xem xét", 13, 14, bold=False)
        self.assertLineSize(lines, "Số: /TTr-T-D1", 13, 13)
        with self.assertRaises(AccessError):
            self.render_pdf(PROPOSAL, self.proposals, self.c11_user)
