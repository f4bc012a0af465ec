"""Demo data only: the reports of the seed movement, run through the real workflow.

Called once from ``demo/emulation_demo_campaign.xml`` (a ``noupdate`` file, so never on
an upgrade). Nothing here runs in a database installed without demo data.
"""

import datetime
import random

from odoo import api, models
from odoo.fields import Command

from .. import engine

# Relative size (membership) of each reporting unit; 1.0 = an average district association.
DEMO_SIZE = {
    "tam_ky": 1.2,
    "hoi_an": 0.9,
    "dien_ban": 1.6,
    "dai_loc": 1.3,
    "thang_binh": 1.5,
    "que_son": 1.0,
    "nong_son": 0.4,
    "hiep_duc": 0.5,
    "tien_phuoc": 0.8,
    "phu_ninh": 0.8,
    "nui_thanh": 1.2,
    "bac_tra_my": 0.5,
    "nam_tra_my": 0.3,
    "phuoc_son": 0.35,
    "nam_giang": 0.35,
    "dong_giang": 0.3,
    "tay_giang": 0.25,
    "duy_trinh": 0.2,
    "duy_son": 0.18,
    "duy_hai": 0.22,
    # the new commune-level associations of Đà Nẵng city (from 1 July 2025)
    "phuong_tam_ky": 0.45,
    "phuong_ban_thach": 0.35,
    "phuong_hoi_an": 0.4,
    "xa_duy_xuyen": 0.4,
    "xa_duy_nghia": 0.35,
    "xa_que_son": 0.45,
    "xa_nui_thanh": 0.5,
    "xa_tien_phuoc": 0.3,
}
DEMO_COMMUNES = ("duy_trinh", "duy_son", "duy_hai")
# Quảng Nam's reporting units of 2023-2024: the districts (Duy Xuyên through its communes).
DEMO_OLD_UNITS = tuple(key for key in DEMO_SIZE if not key.startswith(("phuong_", "xa_")))
DEMO_URBAN = ("tam_ky", "hoi_an", "dien_ban", "phuong_tam_ky", "phuong_ban_thach", "phuong_hoi_an")
DEMO_MOUNTAIN = (
    "hiep_duc",
    "nong_son",
    "bac_tra_my",
    "nam_tra_my",
    "phuoc_son",
    "nam_giang",
    "dong_giang",
    "tay_giang",
    "xa_tien_phuoc",
)
# (unit, year) whose association had not drawn up its own plan (criterion 5.1).
DEMO_NO_PLAN = {
    ("tay_giang", 2023),
    ("nam_giang", 2023),
    ("tay_giang", 2024),
    ("duy_hai", 2024),
    ("xa_duy_nghia", 2025),
}

# The reform of 1 July 2025: each old unit closes on 30 June 2025 into its successors (the
# new communes that took its territory over; the districts none of whose communes are in
# the demo hand over to the city's association). Nông Sơn merged into Quế Sơn on
# 1 January 2025 (Nghị quyết 1241/NQ-UBTVQH15).
DEMO_REFORM_DAY = datetime.date(2025, 6, 30)
DEMO_SUCCESSORS = {
    "tam_ky": ("phuong_tam_ky", "phuong_ban_thach"),  # a split
    "hoi_an": ("phuong_hoi_an",),
    "duy_xuyen": ("xa_duy_xuyen", "xa_duy_nghia"),
    "duy_trinh": ("xa_duy_xuyen",),  # a merge with Duy Sơn
    "duy_son": ("xa_duy_xuyen",),
    "duy_hai": ("xa_duy_nghia",),
    "que_son": ("xa_que_son",),
    "nui_thanh": ("xa_nui_thanh",),
    "tien_phuoc": ("xa_tien_phuoc",),
}

# The new communes' reports: unit -> [(step, (month, day, hour)), ...], run in order.
# 2025: all approved in the end and consolidated by the city (deadline 5/12/2025; Tiên
# Phước, flooded, was given until 20/12/2025).
DEMO_PLAN_2025 = {
    "phuong_tam_ky": [("submit", (11, 24, 9)), ("approve", (11, 27, 10))],
    "phuong_ban_thach": [("submit", (12, 2, 15)), ("approve", (12, 4, 9))],
    "phuong_hoi_an": [("submit", (11, 28, 14)), ("approve", (12, 2, 9))],
    "xa_duy_xuyen": [("submit", (12, 1, 10)), ("approve", (12, 4, 8))],
    "xa_duy_nghia": [  # returned, corrected, submitted again after the deadline
        ("submit", (12, 3, 11)),
        ("return", (12, 4, 9)),
        ("submit", (12, 9, 16)),
        ("approve", (12, 11, 10)),
    ],
    "xa_que_son": [("submit", (11, 20, 8)), ("approve", (11, 24, 14))],
    "xa_nui_thanh": [("submit", (12, 8, 9)), ("approve", (12, 10, 15))],  # late
    "xa_tien_phuoc": [("submit", (12, 16, 9)), ("approve", (12, 18, 10))],  # on time: extension
}
# 2026, today late November, the deadline (5/12/2026) days away; the city tallied the
# approved reports so far on 25/11 (consolidate anyway, listing the others as missing).
DEMO_PLAN_2026 = {
    "phuong_tam_ky": [("submit", (11, 16, 9)), ("approve", (11, 18, 10))],
    "xa_nui_thanh": [("submit", (11, 19, 14)), ("approve", (11, 23, 8))],
    "phuong_hoi_an": [("submit", (11, 24, 15)), ("approve", (11, 27, 9))],
    "xa_que_son": [("submit", (11, 23, 10)), ("return", (11, 26, 9))],
    "phuong_ban_thach": [("submit", (11, 27, 16))],
    "xa_duy_xuyen": [("submit", (11, 28, 10))],
    "xa_duy_nghia": [("partial", None)],
    "xa_tien_phuoc": [],  # untouched; given until 18/12/2026
}
DEMO_TALLY_2026 = (11, 25, 15)
DEMO_RETURN_REASONS = {
    2025: "Tiêu chí 3.1 (số gia đình hội viên đạt danh hiệu “Gia đình học tập”) chưa kèm danh sách, biên bản "
    "bình xét của các chi hội; đề nghị bổ sung minh chứng và gửi lại báo cáo.",
    2026: "Số liệu tiêu chí 2.2 (kinh phí vận động quỹ khuyến học, khuyến tài: 1.250 triệu đồng) chưa khớp với "
    "sổ quỹ của Hội; đề nghị rà soát, bổ sung minh chứng và gửi lại báo cáo trước ngày 05/12/2026.",
}
DEMO_RETURNED = {2025: "xa_duy_nghia", 2026: "xa_que_son"}
DEMO_EXTENSIONS = {
    2025: (
        "xa_tien_phuoc",
        datetime.date(2025, 12, 20),
        "Mưa lũ, sạt lở đất cuối tháng 11/2025 chia cắt nhiều thôn; các chi hội chưa thể tổng hợp số liệu đúng hạn.",
    ),
    2026: (
        "xa_tien_phuoc",
        datetime.date(2026, 12, 18),
        "Sạt lở đất tại các thôn vùng cao sau đợt mưa lớn giữa tháng 11/2026; các chi hội đang khắc phục "
        "hậu quả, chưa thể tổng hợp số liệu.",
    ),
}
DEMO_EXTENSION_2023 = (
    "Phong trào được phát động ngày 16/9/2024: số liệu năm 2023 các đơn vị báo cáo bổ sung trước ngày 31/10/2024."
)

DEMO_GOOD_PRACTICES = {
    "tam_ky": "Phối hợp với trung tâm học tập cộng đồng các phường mở lớp tin học cơ bản cho hội viên.",
    "hoi_an": "Hội viên CCB giới thiệu truyền thống cách mạng cho học sinh tại các di tích trên địa bàn thành phố.",
    "dien_ban": "Quỹ khuyến học dòng họ do hội viên CCB làm nòng cốt vận động, duy trì ổn định nhiều năm.",
    "dai_loc": "Câu lạc bộ “CCB học tập suốt đời” sinh hoạt hằng tháng, trao đổi kiến thức pháp luật, khoa học.",
    "thang_binh": "Mô hình “Gia đình CCB hiếu học”: chi hội biểu dương con, cháu hội viên học giỏi mỗi năm học.",
    "que_son": "Tủ sách pháp luật tại trụ sở chi hội, luân chuyển sách giữa các chi hội.",
    "tien_phuoc": "Hội viên CCB kèm cặp học sinh có hoàn cảnh khó khăn, tặng xe đạp cho các cháu đến trường.",
    "phu_ninh": "Nhóm Zalo “Học tập số” của chi hội chia sẻ tài liệu, video hướng dẫn kỹ năng số cho hội viên.",
    "nui_thanh": "Hướng dẫn hội viên cao tuổi cài đặt VNeID, thanh toán không dùng tiền mặt.",
    "bac_tra_my": "Tổ hợp tác CCB chuyển giao kỹ thuật trồng, chăm sóc quế Trà My cho hội viên.",
    "nam_tra_my": "Hội viên CCB hướng dẫn đồng bào trồng, bảo vệ sâm Ngọc Linh dưới tán rừng.",
    "phuoc_son": "Hội viên CCB vận động học sinh đồng bào dân tộc thiểu số bỏ học trở lại lớp.",
    "nam_giang": "Lớp xóa mù chữ cho đồng bào do hội viên CCB đứng lớp tại thôn.",
    "tay_giang": "Hội viên CCB làm nòng cốt tuyên truyền tại nhà sinh hoạt cộng đồng (gươl) của đồng bào Cơ Tu.",
    "duy_trinh": "Mô hình “Gia đình CCB hiếu học” ở các chi hội thôn.",
    "duy_son": "Hội viên CCB tham gia giới thiệu lịch sử, văn hóa cho học sinh tại Khu di tích Mỹ Sơn.",
    "duy_hai": "Câu lạc bộ ngư dân CCB học tập pháp luật về khai thác thủy sản.",
    "phuong_tam_ky": "Lớp “Bình dân học vụ số” cho hội viên cao tuổi tại nhà văn hóa các khối phố.",
    "phuong_ban_thach": "Chi hội CCB nhận đỡ đầu học sinh nghèo vượt khó, tặng học bổng đầu năm học.",
    "phuong_hoi_an": "Hội viên CCB làm thuyết minh viên tình nguyện tại các di tích trong khu phố cổ.",
    "xa_duy_xuyen": "Mô hình “Gia đình CCB hiếu học” được duy trì và nhân rộng sau sắp xếp.",
    "xa_duy_nghia": "Câu lạc bộ ngư dân CCB học tập pháp luật về khai thác thủy sản.",
    "xa_que_son": "Tủ sách pháp luật luân chuyển giữa các chi hội thôn.",
    "xa_nui_thanh": "Hướng dẫn hội viên cài đặt, sử dụng VNeID và dịch vụ công trực tuyến.",
    "xa_tien_phuoc": "Hội viên CCB kèm cặp học sinh có hoàn cảnh khó khăn, tặng xe đạp cho các cháu đến trường.",
}
DEMO_SHORTCOMINGS = (
    "Một số chi hội chưa chủ động xây dựng kế hoạch; công tác tuyên truyền có lúc chưa thường xuyên.",
    "Hội viên cao tuổi còn gặp khó khăn khi tiếp cận các ứng dụng công nghệ số; kinh phí khuyến học còn hạn chế.",
    "Việc thống kê, theo dõi các danh hiệu học tập ở một số chi hội chưa kịp thời, chưa chính xác.",
)
DEMO_MOUNTAIN_SHORTCOMING = (
    "Địa bàn rộng, giao thông đi lại khó khăn, nhất là mùa mưa lũ, ảnh hưởng đến việc tổ chức sinh hoạt, học tập."
)
DEMO_PROPOSALS = (
    "Đề nghị Hội CCB {upper} tổ chức tập huấn kỹ năng số cho cán bộ chủ chốt các cấp Hội.",
    "Đề nghị Hội CCB {upper} hỗ trợ tài liệu tuyên truyền, sách pháp luật cho các chi hội.",
    "Đề nghị kịp thời biểu dương, khen thưởng các tập thể, cá nhân tiêu biểu trong Phong trào thi đua.",
)


def _vn_number(value, digits=0):
    """1234.5 -> '1.234,5' (Vietnamese separators)."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _utc(year, month, day, hour, minute=0):
    """A local (UTC+7, Asia/Ho_Chi_Minh) time of day as a naive UTC datetime."""
    return datetime.datetime(year, month, day, hour, minute) - datetime.timedelta(hours=7)


class EmulationCampaign(models.Model):
    _inherit = "emulation.campaign"

    # ------------------------------------------------------------------
    # Demo data (see demo/emulation_demo_campaign.xml)
    # ------------------------------------------------------------------
    @api.model
    def _demo_load_vietnamese(self):
        """The addon's Vietnamese, loaded before the demo's workflow runs (its chatter is written
        in the language of the moment)."""
        self.env["ir.module.module"].search([("name", "=", "emulation_campaign")])._update_translations(["vi_VN"])
        return True

    def _demo_fill_submissions(self):
        """Fill and move the seed movement's reports through the workflow, as their
        officers would: 2024 (and 2023 if expected) reported by Quảng Nam's districts and
        consolidated up to the province; the reform of 1 July 2025 (the old units closed, the new city's
        association takes the campaign over); 2025 reported by the new communes and
        consolidated by the city; 2026 in its deadline rush. Units without a demo officer
        act through the superuser."""
        self.ensure_one()
        periods = {period.name: period for period in self.period_ids}
        # 2023 only if the campaign expects it (its first reporting year, 2024 in the demo:
        # the dispatch is from 9/2024)
        history = [year for year in (2023, 2024) if year >= self.first_report_year]
        self.env["emulation.period"].union(*(periods[str(year)] for year in history))._create_missing_submissions(
            today=datetime.date(2024, 12, 31)
        )
        for year in history:
            self._demo_run_history(periods[str(year)], year)
        self._demo_reform()
        (periods["2025"] | periods["2026"])._create_missing_submissions(today=datetime.date(2026, 11, 30))
        self._demo_run_new_year(periods["2025"], 2025, DEMO_PLAN_2025)
        city = self._demo_submission(periods["2025"], "da_nang")
        self._demo_step(_utc(2025, 12, 19, 9), self._demo_as_officer(city), "action_consolidate")
        # Sent upward (TW Hội CCB Việt Nam, UBND thành phố): nobody above reviews it in Odoo.
        self._demo_step(_utc(2025, 12, 22, 15), self._demo_as_officer(city), "action_submit")
        self._demo_run_new_year(periods["2026"], 2026, DEMO_PLAN_2026)
        return True

    def _demo_unit(self, key):
        return self.env.ref(f"emulation_campaign.demo_unit_{key}")

    def _demo_manager(self):
        return self.env.ref("base.user_admin")

    def _demo_submission(self, period, key):
        return self.env["emulation.submission"].search(
            [("campaign_id", "=", self.id), ("period_id", "=", period.id), ("unit_id", "=", self._demo_unit(key).id)]
        )

    def _demo_as_officer(self, submission):
        """The submission as its unit's first officer sees it, or as the superuser."""
        officer = submission.unit_id.user_ids[:1]
        return submission.with_user(officer) if officer else submission

    def _demo_as_reviewer(self, submission):
        reviewer = submission._reviewer_users()[:1]
        return submission.with_user(reviewer) if reviewer else submission

    def _demo_step(self, when, records, action, *args, **kwargs):
        """Run a workflow action, then date what it recorded (chatter, history, the
        report's dates) to ``when``, a naive UTC datetime."""
        Message = self.env["mail.message"].sudo()
        History = self.env["emulation.submission.history"].sudo()
        last_message = Message.search([], order="id desc", limit=1).id or 0
        last_history = History.search([], order="id desc", limit=1).id or 0
        getattr(records, action)(*args, **kwargs)
        self.env.cr.flush()  # post the pending chatter tracking now, to date it too
        models_dated = ("emulation.submission", "emulation.campaign", "emulation.unit")
        Message.search([("id", ">", last_message), ("model", "in", models_dated)]).write({"date": when})
        History.search([("id", ">", last_history)]).write({"date": when})
        if records._name != "emulation.submission":
            return
        records = records.sudo()
        if action == "action_submit":
            on_time = records._on_time_by_report(when)
            for record in records:
                record.write({"submitted_date": when, "on_time": on_time[record.id]})
        elif action == "action_approve":
            records.write({"approved_date": when})

    def _demo_figures(self, key, year):
        """Believable, deterministic figures of one unit for one year, by criterion code."""
        rng = random.Random(f"emulation-demo-{key}-{year}")
        size = DEMO_SIZE[key] * {2023: 0.9, 2024: 1.0, 2025: 1.08}.get(year, 1.15)

        def whole(base, spread=0.2, least=0):
            return max(least, round(base * size * rng.uniform(1 - spread, 1 + spread)))

        digital = 62.0 if key in DEMO_URBAN else 34.0 if key in DEMO_MOUNTAIN else 48.0
        return {
            "1.1": whole(24, least=2),
            "1.2": whole(1800),
            "2.1": whole(160),
            "2.2": round(120 * size * rng.uniform(0.7, 1.3), 1),
            "2.3": whole(80),
            "3.1": whole(420),
            "3.2": whole(18, 0.3, least=1),
            "3.3": whole(520),
            "4.1": min(100.0, round(digital + rng.uniform(-6, 6) + 6 * (year - 2024), 1)),
            "4.2": whole(210, 0.3),
            "4.3": whole(3, 0.5),
            "5.1": (key, year) not in DEMO_NO_PLAN,
            "5.2": whole(8, 0.4, least=1),
            "5.3": DEMO_GOOD_PRACTICES.get(key, False),
        }

    def _demo_narratives(self, key, year, figures):
        rng = random.Random(f"emulation-demo-narrative-{key}-{year}")
        upper = "tỉnh" if year < 2025 else "thành phố"
        results = (
            f"Tổ chức quán triệt Kế hoạch của Hội CCB {upper} đến các chi hội; tổ chức {_vn_number(figures['1.1'])} "
            f"buổi tuyên truyền với {_vn_number(figures['1.2'])} lượt cán bộ, hội viên tham dự. "
            f"Vận động {_vn_number(figures['2.2'], 1)} triệu đồng cho quỹ khuyến học, khuyến tài; trao "
            f"{_vn_number(figures['2.3'])} suất học bổng, phần thưởng cho con, cháu hội viên. "
            f"Có {_vn_number(figures['3.1'])} gia đình hội viên đạt danh hiệu “Gia đình học tập”, "
            f"{_vn_number(figures['3.3'])} hội viên đạt danh hiệu “Công dân học tập”."
        )
        shortcomings = DEMO_MOUNTAIN_SHORTCOMING if key in DEMO_MOUNTAIN else rng.choice(DEMO_SHORTCOMINGS)
        return {
            "results": results,
            "shortcomings": shortcomings,
            "proposals": rng.choice(DEMO_PROPOSALS).format(upper=upper),
        }

    def _demo_fill(self, submission, figures, codes=None, narratives=None):
        """Write the figures on the report's lines, as its officer does."""
        submission = self._demo_as_officer(submission)
        for line in submission.line_ids:
            code = line.criterion_id.code
            if code not in figures or (codes is not None and code not in codes):
                continue
            value = figures[code]
            field = engine.value_type(line.value_type).column
            if field == "value_text" and not value:
                continue
            line.write({field: value})
        if narratives:
            submission.write(narratives)

    def _demo_submit_and_approve(self, submission, submitted, approved):
        self._demo_step(submitted, self._demo_as_officer(submission), "action_submit")
        self._demo_step(approved, self._demo_as_reviewer(submission), "action_approve")

    def _demo_run_history(self, period, year):
        """2023 and 2024, before the reform: every unit reports on time and is approved;
        Duy Xuyên consolidates its communes and reports upward; the province consolidates
        its 18 districts and sends its report upward. The movement was launched in
        September 2024: the 2023 figures came in afterwards, by an extended deadline."""
        if year == 2023:
            keys = (*DEMO_OLD_UNITS, "duy_xuyen", "quang_nam")
            self.env["emulation.deadline.extension"].with_user(self._demo_manager()).create(
                [
                    {
                        "period_id": period.id,
                        "unit_id": self._demo_unit(key).id,
                        "deadline": datetime.date(2024, 10, 31),
                        "reason": DEMO_EXTENSION_2023,
                    }
                    for key in keys
                ]
            )
            first, days, last_commune, last = datetime.date(2024, 9, 23), 24, (2024, 10, 25), (2024, 10, 29)
            consolidated, district, province = (
                (2024, 10, 26, 9),
                ((2024, 10, 26, 15, 30), (2024, 10, 28, 9)),
                ((2024, 10, 30, 8, 30), (2024, 10, 31, 15)),
            )
        else:
            first, days, last_commune, last = datetime.date(2024, 11, 15), 18, (2024, 11, 27), (2024, 12, 4)
            consolidated, district, province = (
                (2024, 11, 28, 9),
                ((2024, 11, 28, 15, 30), (2024, 11, 30, 9)),
                ((2024, 12, 5, 8, 30), (2024, 12, 5, 15)),
            )
        for key in DEMO_OLD_UNITS:
            submission = self._demo_submission(period, key)
            figures = self._demo_figures(key, year)
            self._demo_fill(submission, figures, narratives=self._demo_narratives(key, year, figures))
            rng = random.Random(f"emulation-demo-dates-{key}-{year}")
            if key in DEMO_COMMUNES:
                submitted = first + datetime.timedelta(days=rng.randint(0, 9))
                approved = min(submitted + datetime.timedelta(days=rng.randint(1, 2)), datetime.date(*last_commune))
            else:
                submitted = first + datetime.timedelta(days=rng.randint(0, days))
                approved = min(submitted + datetime.timedelta(days=rng.randint(1, 3)), datetime.date(*last))
            self._demo_submit_and_approve(
                submission,
                _utc(submitted.year, submitted.month, submitted.day, rng.randint(8, 16), rng.choice((0, 15, 30, 45))),
                _utc(approved.year, approved.month, approved.day, rng.randint(8, 16), rng.choice((0, 15, 30, 45))),
            )
        duy_xuyen = self._demo_submission(period, "duy_xuyen")
        self._demo_step(_utc(*consolidated), self._demo_as_officer(duy_xuyen), "action_consolidate")
        self._demo_submit_and_approve(duy_xuyen, _utc(*district[0]), _utc(*district[1]))
        quang_nam = self._demo_submission(period, "quang_nam")
        self._demo_step(_utc(*province[0]), self._demo_as_officer(quang_nam), "action_consolidate")
        # Sent upward (TW Hội CCB Việt Nam, UBND tỉnh): nobody above reviews it in Odoo.
        self._demo_step(_utc(*province[1]), self._demo_as_officer(quang_nam), "action_submit")

    def _demo_reform(self):
        """The reform, through the real method, as a manager: Nông Sơn merges into Quế Sơn
        on 1 January 2025; on 30 June 2025 Quảng Nam's association closes into the new
        city's, which takes the campaign over, and the districts and communes close into
        the new communes (or, for those none of whose communes are in the demo, into the
        city's association, which consolidates and so does not report itself)."""
        manager = self._demo_manager()
        unit = self._demo_unit
        self._demo_step(
            _utc(2025, 1, 2, 8),
            unit("nong_son").with_user(manager),
            "action_close",
            datetime.date(2024, 12, 31),
            unit("que_son").ids,
        )
        city = unit("da_nang")
        self._demo_step(
            _utc(2025, 7, 1, 8), unit("quang_nam").with_user(manager), "action_close", DEMO_REFORM_DAY, city.ids
        )
        for key in (*DEMO_OLD_UNITS, "duy_xuyen"):
            if key == "nong_son":
                continue
            successors = self.env["emulation.unit"].union(*(unit(s) for s in DEMO_SUCCESSORS.get(key, ("da_nang",))))
            self._demo_step(
                _utc(2025, 7, 1, 8), unit(key).with_user(manager), "action_close", DEMO_REFORM_DAY, successors.ids
            )
        if city in self.unit_ids:
            self.with_user(manager).write({"unit_ids": [Command.unlink(city.id)]})

    def _demo_run_new_year(self, period, year, plan):
        """A year of the new communes' reports, step by step as in ``plan``."""
        key, deadline, reason = DEMO_EXTENSIONS[year]
        self.env["emulation.deadline.extension"].with_user(self._demo_unit("da_nang").user_ids[:1]).create(
            {"period_id": period.id, "unit_id": self._demo_unit(key).id, "deadline": deadline, "reason": reason}
        )
        reports = {key: self._demo_submission(period, key) for key in plan}
        steps = sorted((when, key, step) for key, unit_steps in plan.items() for step, when in unit_steps if when)
        for key, unit_steps in plan.items():
            figures = self._demo_figures(key, year)
            if key == DEMO_RETURNED.get(2026) and year == 2026:
                figures["2.2"] = 1250.0  # the figure the city questions
            if any(step == "partial" for step, _when in unit_steps):
                self._demo_fill(reports[key], figures, codes=("1.1", "1.2", "2.1", "2.2", "5.1"))
            elif unit_steps:
                self._demo_fill(reports[key], figures, narratives=self._demo_narratives(key, year, figures))
        tally = DEMO_TALLY_2026 if year == 2026 else None
        for when, key, step in steps:
            if tally and when > tally:
                city = self._demo_submission(period, "da_nang")
                self._demo_step(_utc(year, *tally), self._demo_as_officer(city), "action_consolidate", force=True)
                tally = None
            report = reports[key]
            if step == "submit":
                self._demo_step(_utc(year, *when), self._demo_as_officer(report), "action_submit")
            elif step == "approve":
                self._demo_step(_utc(year, *when), self._demo_as_reviewer(report), "action_approve")
            elif step == "return":
                self._demo_step(
                    _utc(year, *when), self._demo_as_reviewer(report), "action_return", DEMO_RETURN_REASONS[year]
                )
