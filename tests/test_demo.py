import datetime
import re
import subprocess
import tempfile
import unicodedata

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import file_open, html2plaintext

from .. import engine

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
# From 1 July 2025: the new Đà Nẵng city's commune-level associations in the demo, with the
# old units each took over from.
NEW_UNITS = {
    "phuong_tam_ky": ("Hội CCB phường Tam Kỳ", {"tam_ky"}),
    "phuong_ban_thach": ("Hội CCB phường Bàn Thạch", {"tam_ky"}),
    "phuong_hoi_an": ("Hội CCB phường Hội An", {"hoi_an"}),
    "xa_duy_xuyen": ("Hội CCB xã Duy Xuyên", {"duy_xuyen", "duy_trinh", "duy_son"}),
    "xa_duy_nghia": ("Hội CCB xã Duy Nghĩa", {"duy_xuyen", "duy_hai"}),
    "xa_que_son": ("Hội CCB xã Quế Sơn", {"que_son"}),
    "xa_nui_thanh": ("Hội CCB xã Núi Thành", {"nui_thanh"}),
    "xa_tien_phuoc": ("Hội CCB xã Tiên Phước", {"tien_phuoc"}),
}
REFORM_END = datetime.date(2025, 6, 30)
REFORM_START = datetime.date(2025, 7, 1)
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
        cls.city = cls.env.ref(XMLID % "demo_unit_da_nang")
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
            "demo_unit_da_nang",
            "demo_level_province",
            "demo_level_district",
            "demo_level_commune",
            "demo_user_tinh",
            "demo_user_duyxuyen",
        ):
            self.assertTrue(self.env.ref(XMLID % xmlid, raise_if_not_found=False), xmlid)
        self.assertEqual(self.province.name, "Hội CCB tỉnh Quảng Nam")
        self.assertEqual(self.city.name, "Hội CCB thành phố Đà Nẵng")
        self.assertEqual(self.province.level_id, self.env.ref(XMLID % "demo_level_province"))
        self.assertEqual(self.city.level_id, self.province.level_id)
        # the city's association took the campaign over from Quảng Nam's
        self.assertEqual(self.campaign.issuing_unit_id, self.city)
        self.assertIn(self.province, self.city.predecessor_ids)

    def test_the_tree_before_the_reform(self):
        """2023-2024: the province, its 18 districts, three communes of Duy Xuyên."""
        districts = self.province.child_ids
        self.assertEqual(set(districts.mapped("name")), DISTRICTS)
        self.assertEqual(len(districts), 18)
        self.assertEqual(districts.level_id, self.env.ref(XMLID % "demo_level_district"))
        communes = self.duy_xuyen.child_ids
        self.assertEqual(set(communes.mapped("name")), COMMUNES)
        self.assertEqual(communes.level_id, self.env.ref(XMLID % "demo_level_commune"))
        self.assertFalse((districts - self.duy_xuyen).child_ids)
        for name in DISTRICTS | COMMUNES | {self.province.name, self.city.name}:
            self.assertTrue(unicodedata.is_normalized("NFC", name), name)
        for unit in self.province | districts | communes:
            self.assertFalse(unit.date_start, unit.name)

    def test_the_reform(self):
        """On 30 June 2025 every old unit closed into its successors (Nông Sơn had merged
        into Quế Sơn on 1 January 2025); the new units exist from 1 July 2025."""
        old = self.province | self.province.child_ids | self.duy_xuyen.child_ids
        nong_son, que_son = self.unit("nong_son"), self.unit("que_son")
        self.assertEqual(nong_son.date_end, datetime.date(2024, 12, 31))
        self.assertEqual(nong_son.successor_ids, que_son)
        self.assertEqual(set((old - nong_son).mapped("date_end")), {REFORM_END})
        for unit in old:
            self.assertTrue(unit.successor_ids, unit.name)
            self.assertFalse(unit.successor_ids & old - que_son, unit.name)
        self.assertEqual(self.city.date_start, REFORM_START)
        self.assertFalse(self.city.parent_id)
        self.assertFalse(self.city.date_end)
        new = self.city.child_ids
        self.assertEqual(set(new.mapped("name")), {name for name, _old in NEW_UNITS.values()})
        self.assertTrue(5 <= len(new) <= 8)
        self.assertEqual(new.level_id, self.env.ref(XMLID % "demo_level_commune"))
        for key, (name, predecessors) in NEW_UNITS.items():
            unit = self.unit(key)
            self.assertEqual(unit.name, name)
            self.assertTrue(unicodedata.is_normalized("NFC", name), name)
            self.assertEqual((unit.date_start, unit.date_end), (REFORM_START, False), name)
            self.assertEqual(set(unit.predecessor_ids.mapped("name")), {self.unit(k).name for k in predecessors})
        # a split (Tam Kỳ) and merges (Duy Trinh and Duy Sơn; the districts into the city)
        self.assertEqual(self.unit("tam_ky").successor_ids, self.unit("phuong_tam_ky") | self.unit("phuong_ban_thach"))
        self.assertEqual(
            self.unit("xa_duy_xuyen").predecessor_ids & self.duy_xuyen.child_ids,
            self.unit("duy_trinh") | self.unit("duy_son"),
        )
        # the districts none of whose communes are in the demo handed over to the city's association
        self.assertEqual(self.unit("dien_ban").successor_ids, self.city)
        self.assertLessEqual(self.city.predecessor_ids - self.province, self.province.child_ids)
        # the campaign: the old reporting units stay (their history), the new ones joined;
        # the city consolidates, it does not report
        self.assertEqual(
            self.campaign.unit_ids,
            self.province.child_ids - self.duy_xuyen | self.duy_xuyen.child_ids | new,
        )
        self.assertNotIn(self.city, self.campaign.unit_ids)
        self.assertEqual(self.campaign.member_unit_ids, old | self.city | new)
        # no report of a closed unit after it closed, active or archived; none of a new unit before
        Submission = self.env["emulation.submission"].with_context(active_test=False)
        for year in ("2025", "2026"):
            reports = Submission.search(
                [("campaign_id", "=", self.campaign.id), ("period_id", "=", self.periods[year].id)]
            )
            self.assertEqual(reports.unit_id, self.city | new, year)
        for year in ("2023", "2024"):
            reports = Submission.search(
                [("campaign_id", "=", self.campaign.id), ("period_id", "=", self.periods[year].id)]
            )
            # the dispatch is from 9/2024: the campaign expects reports from 2024 on
            self.assertEqual(
                reports.unit_id, old if int(year) >= self.campaign.first_report_year else old.browse(), year
            )

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
            if criterion.value_type in engine.numeric_types():
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

    def assertConsolidated(self, report, sources, top=True):
        """``report`` holds the totals of ``sources``, each criterion by its aggregation
        (the sums of a top-level report are all above zero)."""
        totals = self.values(report)
        for code, criterion in self.criteria.items():
            figures = [self.values(source)[code] for source in sources]
            total = totals[code]
            self.assertTrue(total.is_filled, code)
            if criterion.aggregation == "sum":
                self.assertAlmostEqual(total.value_number, sum(f.value_number for f in figures), places=4, msg=code)
                if top:
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

    def test_history_is_consolidated(self):
        """Before the reform (2024; 2023 expects no report, the movement was launched in
        9/2024): every unit reported on time and was approved; Duy Xuyên consolidated its
        communes, the province its 18 districts, and sent its report upward."""
        districts = self.province.child_ids
        self.assertEqual(self.campaign.first_report_year, 2024)
        for year in (str(y) for y in range(self.campaign.first_report_year, 2025)):
            with self.subTest(year=year):
                province = self.submission(self.province, year)
                self.assertEqual(province.state, "submitted")  # sent upward
                self.assertTrue(province.is_top_level)
                self.assertTrue(province.on_time)
                self.assertEqual(province.source_submission_ids.unit_id, districts)
                self.assertFalse(province.missing_unit_ids)
                sources = province.source_submission_ids
                self.assertEqual(set(sources.mapped("state")), {"consolidated"})
                self.assertTrue(all(sources.mapped("on_time")))
                self.assertEqual(set(sources.mapped("deadline")), {self.periods[year].deadline})
                self.assertConsolidated(province, sources)
                # one level down: Duy Xuyên consolidated its three communes
                duy_xuyen = sources.filtered(lambda s: s.unit_id == self.duy_xuyen)
                self.assertEqual(duy_xuyen.source_submission_ids.unit_id, self.duy_xuyen.child_ids)
                self.assertEqual(set(duy_xuyen.source_submission_ids.mapped("state")), {"consolidated"})
                self.assertEqual(duy_xuyen.approved_by_id, self.user("tinh"))
                self.assertConsolidated(duy_xuyen, duy_xuyen.source_submission_ids, top=False)
                # the narratives of the units below are collated
                self.assertIn("Hội CCB thành phố Tam Kỳ", province.results)

    def test_2025_consolidated_by_the_city(self):
        """The first year after the reform: the new communes report to the city's association
        directly, every one approved in the end, the city consolidated them."""
        new = self.city.child_ids
        city = self.submission(self.city, "2025")
        self.assertTrue(city.is_top_level)
        self.assertEqual(city.state, "submitted")  # sent upward
        self.assertEqual(city.source_submission_ids.unit_id, new)
        self.assertFalse(city.missing_unit_ids)
        self.assertEqual(set(city.source_submission_ids.mapped("state")), {"consolidated"})
        self.assertEqual(set(city.source_submission_ids.mapped("approved_by_id")), {self.user("tinh")})
        self.assertConsolidated(city, city.source_submission_ids)
        self.assertIn("Hội CCB phường Hội An", city.results)
        reports = city.source_submission_ids
        # late ones, one of them after being returned with its reason
        late = reports.filtered(lambda s: not s.on_time)
        self.assertEqual(late.unit_id, self.unit("xa_nui_thanh") | self.unit("xa_duy_nghia"))
        for report in late:
            self.assertGreater(report.submitted_date.date(), datetime.date(2025, 12, 5))
        returned = self.submission(self.unit("xa_duy_nghia"), "2025").history_ids.filtered(
            lambda h: h.to_state == "returned"
        )
        self.assertEqual(len(returned), 1)
        self.assertIn("3.1", returned.reason)
        # Tiên Phước was given until 20/12 after the floods: submitted on 16/12, on time
        tien_phuoc = self.submission(self.unit("xa_tien_phuoc"), "2025")
        self.assertEqual(tien_phuoc.deadline, datetime.date(2025, 12, 20))
        self.assertGreater(tien_phuoc.submitted_date.date(), datetime.date(2025, 12, 5))
        self.assertTrue(tien_phuoc.on_time)

    def test_2026_deadline_rush(self):
        """Today (late November 2026), the deadline 5/12/2026 days away."""
        period = self.periods["2026"]
        self.assertEqual(period.deadline, datetime.date(2026, 12, 5))
        reports = self.campaign.submission_ids.filtered(lambda s: s.period_id == period)
        self.assertEqual(reports.unit_id, self.city | self.city.child_ids)
        self.assertEqual(set(reports.mapped("state")), {"draft", "submitted", "approved", "returned", "consolidated"})
        self.assertFalse(reports.filtered("is_late"))
        self.assertLessEqual(max(reports.filtered("submitted_date").mapped("submitted_date")).date(), period.deadline)
        returned = reports.filtered(lambda s: s.state == "returned")
        self.assertEqual(returned.unit_id, self.unit("xa_que_son"))
        self.assertIn("2.2", returned.return_reason)
        self.assertEqual(
            returned.history_ids.filtered(lambda h: h.to_state == "returned").reason, returned.return_reason
        )
        # Tiên Phước, hit by landslides, has until 18/12 and has not started
        tien_phuoc = self.submission(self.unit("xa_tien_phuoc"), "2026")
        self.assertEqual(tien_phuoc.deadline, datetime.date(2026, 12, 18))
        self.assertEqual(tien_phuoc.state, "draft")
        # some drafts were started, others not at all
        drafts = reports.filtered(lambda s: s.state == "draft" and s.unit_id != self.city)
        self.assertTrue(drafts.filtered(lambda s: any(s.line_ids.mapped("is_filled"))))
        self.assertTrue(drafts.filtered(lambda s: not any(s.line_ids.mapped("is_filled"))))
        # the city tallied the reports approved so far, listing the others as missing
        city = self.submission(self.city, "2026")
        self.assertEqual(city.state, "draft")
        self.assertTrue(city.is_top_level)
        tallied = city.source_submission_ids
        self.assertEqual(tallied.unit_id, self.unit("phuong_tam_ky") | self.unit("xa_nui_thanh"))
        self.assertEqual(city.missing_unit_ids, self.city.child_ids - tallied.unit_id)
        self.assertConsolidated(city, tallied, top=False)
        # approved since the tally; awaiting the city's review
        self.assertEqual(self.submission(self.unit("phuong_hoi_an"), "2026").state, "approved")
        for key in ("phuong_ban_thach", "xa_duy_xuyen"):
            report = self.submission(self.unit(key), "2026")
            self.assertEqual(report.state, "submitted", key)
            self.assertIn(self.user("tinh"), report.activity_ids.user_id, key)

    def test_completeness_never_exceeds_100(self):
        """Each year expects the reports of the units that existed on its deadline, once:
        complete before the reform and for 2025, under way for 2026."""
        self.campaign.period_ids.invalidate_recordset()
        for name, period in self.periods.items():
            with self.subTest(period=name):
                begun = period.date_from <= datetime.date.today()
                begun = begun and period.date_from.year >= self.campaign.first_report_year
                valid = self.campaign.member_unit_ids._valid_for(period) if begun else []
                self.assertEqual(period.expected_count, len(valid))
                self.assertLessEqual(period.submitted_count, period.expected_count)
                self.assertTrue(0 <= period.reporting_rate <= 100)
                if valid and name in ("2023", "2024", "2025"):
                    self.assertEqual(period.reporting_rate, 100)
        self.assertEqual(self.periods["2024"].expected_count, 22)  # the province, 18 districts, 3 communes
        self.assertEqual(self.periods["2025"].expected_count, len(self.city.child_ids) + 1)
        rush = self.periods["2026"]
        self.assertEqual(rush.submitted_count, 5)  # 2 tallied, 1 approved, 2 awaiting review
        self.assertAlmostEqual(rush.reporting_rate, 100 * 5 / rush.expected_count, places=1)

    def test_figures_by_year_across_the_handover(self):
        action = self.campaign.action_open_yearly_figures()
        lines = self.env["emulation.submission.line"].search(action["domain"])
        by_year = {}
        for line in lines:
            by_year.setdefault(line.submission_id.period_id.name, line.submission_id.unit_id)
        first = self.campaign.first_report_year
        self.assertEqual(
            by_year, {str(year): self.province if year < 2025 else self.city for year in range(first, 2027)}
        )
        for year in by_year:
            total = lines.filtered(lambda line, y=year: line.submission_id.period_id.name == y and line.code == "1.2")
            self.assertEqual(len(total), 1, year)
            self.assertGreater(total.value_number, 0, year)
        # the printed review says who reported which years
        summary = self.env["report.emulation_campaign.report_campaign_summary"]._summary_values(self.campaign)
        self.assertEqual(
            summary["spans"],
            [
                f"{first}–2024: Hội CCB tỉnh Quảng Nam" if first < 2024 else "2024: Hội CCB tỉnh Quảng Nam",
                "2025–2026: Hội CCB thành phố Đà Nẵng",
            ],
        )

    def test_2026_can_go_on(self):
        """The demo is a starting point: its users can carry on with the workflow."""
        tinh = self.user("tinh")
        for key in ("phuong_ban_thach", "xa_duy_xuyen"):
            self.submission(self.unit(key), "2026").with_user(tinh).action_approve()
        returned = self.submission(self.unit("xa_que_son"), "2026").with_user(self.user("queson"))
        returned.line_ids.filtered(lambda line: line.code == "2.2").value_number = 125.0
        returned.action_submit()
        self.assertEqual(returned.state, "submitted")
        returned.with_user(tinh).action_approve()
        city = self.submission(self.city, "2026").with_user(tinh)
        city.action_consolidate(force=True)
        approved = ("phuong_tam_ky", "xa_nui_thanh", "phuong_hoi_an", "phuong_ban_thach", "xa_duy_xuyen", "xa_que_son")
        self.assertEqual(
            city.source_submission_ids.unit_id, self.env["emulation.unit"].union(*map(self.unit, approved))
        )
        self.assertEqual(city.missing_unit_ids, self.unit("xa_duy_nghia") | self.unit("xa_tien_phuoc"))
        self.assertAlmostEqual(
            self.values(city)["2.2"].value_number,
            sum(self.values(s)["2.2"].value_number for s in city.source_submission_ids),
            places=4,
        )

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
        """The officers of the old units carry on in the new ones (README "Demo logins");
        each sees the reports of its own units, an approver also those below and those of
        the units its units took over from."""
        expected = {
            "tinh": self.campaign.submission_ids.unit_id,
            "duyxuyen": self.duy_xuyen | self.duy_xuyen.child_ids | self.unit("xa_duy_xuyen"),
            "tamky": self.unit("tam_ky") | self.unit("phuong_tam_ky"),
            "hoian": self.unit("hoi_an") | self.unit("phuong_hoi_an"),
            "queson": self.unit("que_son") | self.unit("xa_que_son"),
            "duytrinh": self.unit("duy_trinh") | self.unit("xa_duy_xuyen"),
        }
        self.assertEqual(expected["tinh"], self.campaign.member_unit_ids)
        for key, units in expected.items():
            user = self.user(key)
            visible = self.env["emulation.submission"].with_user(user).search([("campaign_id", "=", self.campaign.id)])
            self.assertEqual(visible.unit_id, units, key)
            self.assertIn(self.campaign, self.env["emulation.campaign"].with_user(user).search([]), key)
        self.assertIn(self.user("tinh"), self.city.user_ids)
        self.assertTrue(self.user("tinh").has_group("emulation_campaign.group_emulation_approver"))
        self.assertTrue(self.user("duyxuyen").has_group("emulation_campaign.group_emulation_approver"))
        self.assertFalse(self.user("tamky").has_group("emulation_campaign.group_emulation_approver"))
        with self.assertRaises(AccessError):
            self.submission(self.unit("hoi_an"), "2024").with_user(self.user("tamky")).read(["state"])
        with self.assertRaises(AccessError):
            self.submission(self.unit("phuong_hoi_an"), "2025").with_user(self.user("tamky")).read(["state"])


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
