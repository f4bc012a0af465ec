import datetime
import re
import subprocess
import tempfile
import unicodedata

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import file_open, html2plaintext

from ..models.emulation_criterion import NUMERIC_TYPES

XMLID = "emulation_campaign.%s"
# Quảng Nam's district-level units when the dispatch was issued (2024).
DISTRICTS = {
    "Hội CCB thành phố Tam Kỳ",
    "Hội CCB thành phố Hội An",
    "Hội CCB thị xã Điện Bàn",
    "Hội CCB huyện Duy Xuyên",
    "Hội CCB huyện Đại Lộc",
    "Hội CCB huyện Thăng Bình",
    "Hội CCB huyện Quế Sơn",
    "Hội CCB huyện Nông Sơn",
    "Hội CCB huyện Hiệp Đức",
    "Hội CCB huyện Tiên Phước",
    "Hội CCB huyện Phú Ninh",
    "Hội CCB huyện Núi Thành",
    "Hội CCB huyện Bắc Trà My",
    "Hội CCB huyện Nam Trà My",
    "Hội CCB huyện Phước Sơn",
    "Hội CCB huyện Nam Giang",
    "Hội CCB huyện Đông Giang",
    "Hội CCB huyện Tây Giang",
}
COMMUNES = {"Hội CCB xã Duy Trinh", "Hội CCB xã Duy Sơn", "Hội CCB xã Duy Hải"}
# Passages of the seed dispatch that the demo dispatch body must carry word for word.
SEED_PASSAGES = (
    "Thực hiện Kế hoạch số 6516/KH-UBND ngày 29/8/2024 của Ủy ban nhân dân tỉnh Quảng Nam về triển khai phong trào "
    "“Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời giai đoạn 2023-2030” trên địa bàn tỉnh.",
    "Hội CCB tỉnh đề nghị Hội CCB các huyện, thị xã, thành phố triển khai tập trung vào các nội dung sau:",
    "- Tuyên truyền, phổ biến, nâng cao nhận thức và hiệu quả của công tác khuyến học, khuyến tài",
    "- Vận dụng nhiều hình thức nhằm hỗ trợ và đẩy mạnh hoạt động của các thiết chế giáo dục",
    "hoàn thành các mục tiêu của Đề án “Xây dựng xã hội học tập giai đoạn 2021 - 2030”.",
    "- Thi đua nâng cao năng lực sử dụng các công nghệ học tập hiện đại",
    "Tiếp cận kịp thời các xu thế và kinh nghiệm quốc tế trong lĩnh vực giáo dục người lớn",
    "Tiêu chí thi đua",
    "hỗ trợ hoạt động khởi nghiệp, phổ biến kiến thức cho người dân.",
    "Giải pháp thực hiện",
    "- Nâng cao vai trò, trách nhiệm của người đứng đầu các cấp Hội",
    "sự tham gia của hội viên CCB, CQN trong công tác xây dựng xã hội học tập.",
    "trong thư viện, bảo tàng, trung tâm văn hóa đến năm 2030 và xây dựng mô hình công dân học tập.",
    "Khuyến khích, nhân rộng những tấm gương cần cù, kiên trì, say mê học tập, đổi mới sáng tạo.",
    "- Xác định rõ trách nhiệm của lãnh đạo các cấp Hội",
    "- Áp dụng các ứng dụng công nghệ thông tin, chuyển đổi số trong tổ chức thực hiện Phong trào thi đua",
    "Tổ chức thực hiện",
    "hướng dẫn, triển khai, tăng cường kiểm tra, đôn đốc việc thực hiện bảo đảm nội dung, chất lượng, tiến độ.",
    "- Từng cấp phấn đấu hoàn thành đúng theo kế hoạch, có chất lượng các nội dung, tiêu chí, giải pháp",
    "Vậy, Hội CCB tỉnh đề nghị các huyện, thị, thành Hội tổ chức quán triệt đến cán bộ, hội viên CCB, CQN ở từng "
    "địa phương để tổ chức thực hiện, định kỳ trước ngày 5/12 hằng năm báo cáo kết quả thực hiện về Hội CCB tỉnh "
    "để tổng hợp báo cáo về trên theo quy định./.",
)


def readme_logins():
    """(login, password) of each row of the README's demo login table."""
    with file_open("emulation_campaign/README.md") as readme:
        text = readme.read()
    table = re.search(r"<!-- logins -->(.*?)<!-- /logins -->", text, re.S).group(1)
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in table.strip().splitlines()]
    return [(row[0], row[1]) for row in rows[2:]]


@tagged("post_install", "-at_install")
class TestDemo(TransactionCase):
    """The demo data: the seed movement of Hội CCB tỉnh Quảng Nam (installed with demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # `make test` installs the demo data: without it these tests fail, they do not skip
        cls.campaign = cls.env.ref(XMLID % "demo_campaign_learning_society")
        cls.province = cls.env.ref(XMLID % "demo_unit_quang_nam")
        cls.duy_xuyen = cls.env.ref(XMLID % "demo_unit_duy_xuyen")
        cls.periods = {period.name: period for period in cls.campaign.period_ids}
        cls.criteria = {criterion.code: criterion for criterion in cls.campaign.criterion_ids}

    def unit(self, key):
        return self.env.ref(XMLID % f"demo_unit_{key}")

    def user(self, key):
        return self.env.ref(XMLID % f"demo_user_{key}")

    def submission(self, unit, year):
        return self.env["emulation.submission"].search(
            [
                ("campaign_id", "=", self.campaign.id),
                ("period_id", "=", self.periods[year].id),
                ("unit_id", "=", unit.id),
            ]
        )

    @staticmethod
    def values(submission):
        """{criterion code: line} of a report."""
        return {line.criterion_id.code: line for line in submission.line_ids}

    # ------------------------------------------------------------------
    # Units, users, campaign
    # ------------------------------------------------------------------
    def test_xml_ids(self):
        for xmlid in (
            "demo_campaign_learning_society",
            "demo_unit_quang_nam",
            "demo_level_province",
            "demo_level_district",
            "demo_level_commune",
            "demo_user_tinh",
            "demo_user_duyxuyen",
        ):
            self.assertTrue(self.env.ref(XMLID % xmlid, raise_if_not_found=False), xmlid)
        self.assertEqual(self.province.name, "Hội CCB tỉnh Quảng Nam")
        self.assertEqual(self.province.level_id, self.env.ref(XMLID % "demo_level_province"))
        self.assertEqual(self.campaign.issuing_unit_id, self.province)

    def test_province_has_its_18_districts(self):
        districts = self.province.child_ids
        self.assertEqual(set(districts.mapped("name")), DISTRICTS)
        self.assertEqual(len(districts), 18)
        self.assertEqual(districts.level_id, self.env.ref(XMLID % "demo_level_district"))
        communes = self.duy_xuyen.child_ids
        self.assertEqual(set(communes.mapped("name")), COMMUNES)
        self.assertEqual(communes.level_id, self.env.ref(XMLID % "demo_level_commune"))
        self.assertFalse((districts - self.duy_xuyen).child_ids)
        # the communes report for Duy Xuyên, which consolidates them; the others report themselves
        self.assertEqual(self.campaign.unit_ids, districts - self.duy_xuyen | communes)
        self.assertEqual(self.campaign.member_unit_ids, self.province | districts | communes)
        for name in DISTRICTS | COMMUNES | {self.province.name}:
            self.assertTrue(unicodedata.is_normalized("NFC", name), name)

    def test_dispatch_is_the_seed(self):
        campaign = self.campaign
        self.assertEqual(
            campaign.name,
            "Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời giai đoạn 2023-2030",
        )
        self.assertEqual((campaign.year_from, campaign.year_to), (2023, 2030))
        self.assertEqual((campaign.deadline_day, campaign.deadline_month), (5, 12))
        self.assertEqual(campaign.parent_body, "HỘI CCB VIỆT NAM")
        self.assertEqual(campaign.dispatch_place, "Quảng Nam")
        self.assertTrue(campaign.dispatch_number)
        self.assertGreater(campaign.dispatch_date, datetime.date(2024, 8, 29))  # after the plan it implements
        self.assertTrue(campaign.dispatch_subject.startswith("V/v triển khai phong trào “Cả nước thi đua"))
        self.assertEqual(campaign.dispatch_recipients, "Hội CCB các huyện, thị xã, thành phố.")
        self.assertTrue(campaign.legal_basis.startswith("Kế hoạch số 6516/KH-UBND ngày 29/8/2024"))
        self.assertEqual(campaign.signing_authority, "TM. BAN THƯỜNG VỤ")
        self.assertEqual(campaign.signer_title, "CHỦ TỊCH")
        self.assertTrue(campaign.signer_name)
        self.assertEqual(
            campaign.cc_list.splitlines(), ["- Như trên;", "- TW Hội CCB Việt Nam;", "- UBND tỉnh;", "- Lưu: VT."]
        )
        body = html2plaintext(campaign.dispatch_body)
        for passage in SEED_PASSAGES:
            self.assertIn(passage, body)
        # the sections in the seed's order, headings in bold
        positions = [
            body.index(heading) for heading in ("Tiêu chí thi đua", "Giải pháp thực hiện", "Tổ chức thực hiện")
        ]
        self.assertEqual(positions, sorted(positions))
        self.assertIn("<strong>Tiêu chí thi đua</strong>", campaign.dispatch_body)
        self.assertTrue(unicodedata.is_normalized("NFC", body))

    def test_criteria(self):
        criteria = self.campaign.criterion_ids
        self.assertEqual(set(criteria.mapped("value_type")), {"integer", "number", "percent", "boolean", "text"})
        for criterion in criteria:
            self.assertTrue(criterion.section, criterion.name)
            if criterion.value_type in NUMERIC_TYPES:
                self.assertTrue(criterion.uom, criterion.name)
        self.assertTrue(criteria.filtered("required"))
        self.assertEqual(
            [(c.value_type, c.aggregation) for c in criteria.filtered(lambda c: "kế hoạch cụ thể" in c.name)],
            [("boolean", "count_true")],
        )
        self.assertEqual(
            [(c.value_type, c.aggregation) for c in criteria.filtered(lambda c: c.name == "Mô hình, cách làm hay")],
            [("text", "concat")],
        )
        percent = criteria.filtered(lambda c: c.value_type == "percent")
        self.assertEqual(percent.mapped("aggregation"), ["avg"])
        self.assertEqual(percent.max_value, 100)
        self.assertEqual(self.criteria["2.2"].uom, "triệu đồng")

    def test_periods(self):
        self.assertEqual(self.campaign.state, "running")
        self.assertEqual(sorted(self.periods), [str(year) for year in range(2023, 2031)])
        for name, period in self.periods.items():
            self.assertEqual(period.deadline, datetime.date(int(name), 12, 5))

    # ------------------------------------------------------------------
    # Reports
    # ------------------------------------------------------------------
    def test_every_state_occurs(self):
        states = set(self.campaign.submission_ids.mapped("state"))
        self.assertEqual(states, {"draft", "submitted", "approved", "returned", "consolidated"})

    def test_2024_is_consolidated(self):
        province = self.submission(self.province, "2024")
        districts = self.province.child_ids
        self.assertEqual(province.state, "submitted")  # sent upward
        self.assertTrue(province.on_time)
        self.assertEqual(province.source_submission_ids.unit_id, districts)
        self.assertFalse(province.missing_unit_ids)
        sources = province.source_submission_ids
        self.assertEqual(set(sources.mapped("state")), {"consolidated"})
        self.assertTrue(all(sources.mapped("on_time")))
        totals = self.values(province)
        for code, criterion in self.criteria.items():
            figures = [self.values(source)[code] for source in sources]
            total = totals[code]
            self.assertTrue(total.is_filled, code)
            if criterion.aggregation == "sum":
                self.assertAlmostEqual(total.value_number, sum(f.value_number for f in figures), places=4, msg=code)
                self.assertGreater(total.value_number, 0, code)
            elif criterion.aggregation == "avg":  # weighted by the reports behind each figure
                weight = sum(f.aggregated_count for f in figures)
                self.assertAlmostEqual(
                    total.value_number,
                    sum(f.value_number * f.aggregated_count for f in figures) / weight,
                    places=4,
                    msg=code,
                )
            elif criterion.aggregation == "count_true":
                self.assertEqual(
                    total.value_number,
                    sum(f.value_number if f.submission_id.source_submission_ids else f.value_bool for f in figures),
                )
            elif criterion.aggregation == "concat":
                for figure in figures:
                    if figure.value_text:
                        self.assertIn(figure.value_text, total.value_text)
        # one level down: Duy Xuyên consolidated its three communes
        duy_xuyen = sources.filtered(lambda s: s.unit_id == self.duy_xuyen)
        self.assertEqual(duy_xuyen.source_submission_ids.unit_id, self.duy_xuyen.child_ids)
        self.assertEqual(set(duy_xuyen.source_submission_ids.mapped("state")), {"consolidated"})
        self.assertEqual(duy_xuyen.approved_by_id, self.user("tinh"))
        for code in ("1.1", "2.2", "3.1"):
            self.assertAlmostEqual(
                self.values(duy_xuyen)[code].value_number,
                sum(self.values(commune)[code].value_number for commune in duy_xuyen.source_submission_ids),
                places=4,
            )
        # the narratives of the units below are collated
        self.assertIn("Hội CCB thành phố Tam Kỳ", province.results)

    def test_2025_in_progress(self):
        reports = self.campaign.submission_ids.filtered(lambda s: s.period_id == self.periods["2025"])
        states = set(reports.mapped("state"))
        self.assertEqual(states, {"draft", "submitted", "approved", "returned"})
        returned = reports.filtered(lambda s: s.state == "returned")
        self.assertEqual(returned.unit_id, self.unit("que_son"))
        self.assertIn("2.2", returned.return_reason)
        self.assertEqual(
            returned.history_ids.filtered(lambda h: h.to_state == "returned").reason, returned.return_reason
        )
        late = reports.filtered(lambda s: s.submitted_date and not s.on_time)
        self.assertGreaterEqual(len(late), 2)
        for report in late:
            self.assertGreater(report.submitted_date.date(), datetime.date(2025, 12, 5))
        # Nam Trà My was given until 20/12: submitted on 16/12, on time
        nam_tra_my = self.submission(self.unit("nam_tra_my"), "2025")
        self.assertEqual(nam_tra_my.deadline, datetime.date(2025, 12, 20))
        self.assertTrue(nam_tra_my.on_time)
        # some drafts were started, others not at all
        drafts = reports.filtered(lambda s: s.state == "draft" and not s.is_consolidating)
        self.assertTrue(drafts.filtered(lambda s: any(s.line_ids.mapped("is_filled"))))
        self.assertTrue(drafts.filtered(lambda s: not any(s.line_ids.mapped("is_filled"))))
        # the province awaits the reports to review
        hoi_an = self.submission(self.unit("hoi_an"), "2025")
        self.assertEqual(hoi_an.state, "submitted")
        self.assertIn(self.user("tinh"), hoi_an.activity_ids.user_id)

    def test_2025_can_go_on(self):
        """The demo is a starting point: its users can carry on with the workflow."""
        tinh, duyxuyen = self.user("tinh"), self.user("duyxuyen")
        self.submission(self.unit("hoi_an"), "2025").with_user(tinh).action_approve()
        self.submission(self.unit("duy_hai"), "2025").with_user(duyxuyen).action_approve()
        district = self.submission(self.duy_xuyen, "2025").with_user(duyxuyen)
        district.action_consolidate()
        self.assertEqual(district.source_submission_ids.unit_id, self.duy_xuyen.child_ids)
        district.action_submit()
        district.with_user(tinh).action_approve()
        returned = self.submission(self.unit("que_son"), "2025").with_user(self.user("queson"))
        returned.line_ids.filtered(lambda line: line.code == "2.2").value_number = 125.0
        returned.action_submit()
        self.assertEqual(returned.state, "submitted")

    # ------------------------------------------------------------------
    # Users
    # ------------------------------------------------------------------
    def test_readme_logins(self):
        logins = dict(readme_logins())
        demo_users = self.env["ir.model.data"].search(
            [("module", "=", "emulation_campaign"), ("model", "=", "res.users"), ("name", "=like", "demo_user_%")]
        )
        self.assertTrue(demo_users)
        self.assertLessEqual(
            set(self.env["res.users"].browse(demo_users.mapped("res_id")).mapped("login")), set(logins)
        )
        Users = self.env["res.users"]
        for login, password in logins.items():
            auth = Users.authenticate(
                {"type": "password", "login": login, "password": password}, {"interactive": False}
            )
            self.assertEqual(Users.browse(auth["uid"]).login, login)

    def test_users_see_their_units_only(self):
        expected = {
            "tinh": self.campaign.member_unit_ids,
            "duyxuyen": self.duy_xuyen | self.duy_xuyen.child_ids,
            "tamky": self.unit("tam_ky"),
            "hoian": self.unit("hoi_an"),
            "queson": self.unit("que_son"),
            "duytrinh": self.unit("duy_trinh"),
        }
        for key, units in expected.items():
            user = self.user(key)
            visible = self.env["emulation.submission"].with_user(user).search([("campaign_id", "=", self.campaign.id)])
            self.assertEqual(visible.unit_id, units, key)
            self.assertIn(self.campaign, self.env["emulation.campaign"].with_user(user).search([]), key)
        self.assertTrue(self.user("tinh").has_group("emulation_campaign.group_emulation_approver"))
        self.assertTrue(self.user("duyxuyen").has_group("emulation_campaign.group_emulation_approver"))
        self.assertFalse(self.user("tamky").has_group("emulation_campaign.group_emulation_approver"))
        with self.assertRaises(AccessError):
            self.submission(self.unit("hoi_an"), "2024").with_user(self.user("tamky")).read(["state"])


@tagged("post_install", "-at_install")
class TestDemoDispatchPrint(HttpCase):
    """Printing the demo campaign's dispatch gives the seed's full text in the ND30 layout
    (a real PDF: wkhtmltopdf, with the CSS the HTTP server serves)."""

    def test_printed_dispatch_is_the_seed(self):
        campaign = self.env.ref(XMLID % "demo_campaign_learning_society")
        pdf = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("emulation_campaign.report_campaign_dispatch", campaign.ids)[0]
        )
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            text = subprocess.run(
                ["pdftotext", file.name, "-"], capture_output=True, check=True, timeout=60
            ).stdout.decode()
        printed = " ".join(text.split())
        # every paragraph and bullet of the dispatch's body, in full
        paragraphs = [" ".join(line.split()) for line in html2plaintext(campaign.dispatch_body).splitlines()]
        paragraphs = [p for p in paragraphs if p]
        self.assertGreater(len(paragraphs), 15)
        for paragraph in paragraphs:
            self.assertIn(paragraph.strip("*"), printed)
        for passage in SEED_PASSAGES:
            self.assertIn(" ".join(passage.split()), printed)
        # the ND30 frame around it
        for part in (
            "HỘI CCB VIỆT NAM",
            "HỘI CCB TỈNH QUẢNG NAM",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            f"Số: {campaign.dispatch_number}",
            "Quảng Nam, ngày",
            "V/v triển khai phong trào",
            "Kính gửi: Hội CCB các huyện, thị xã, thành phố.",
            "TM. BAN THƯỜNG VỤ",
            "CHỦ TỊCH",
            campaign.signer_name,
            "Nơi nhận:",
            "- Như trên;",
            "Phụ lục",
        ):
            self.assertIn(part, printed)
