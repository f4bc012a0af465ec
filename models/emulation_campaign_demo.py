"""Demo data only: the reports of the seed movement, run through the real workflow.

Called once from ``data/emulation_demo_campaign.xml`` (a ``noupdate`` file, so never on
an upgrade). Nothing here runs in a database installed without demo data.
"""

import datetime
import random

from odoo import api, models

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
}
DEMO_COMMUNES = ("duy_trinh", "duy_son", "duy_hai")
DEMO_URBAN = ("tam_ky", "hoi_an", "dien_ban")
DEMO_MOUNTAIN = (
    "hiep_duc",
    "nong_son",
    "bac_tra_my",
    "nam_tra_my",
    "phuoc_son",
    "nam_giang",
    "dong_giang",
    "tay_giang",
)
# (unit, year) whose association had not drawn up its own plan (criterion 5.1).
DEMO_NO_PLAN = {("tay_giang", 2024), ("duy_hai", 2024), ("dong_giang", 2025)}

# 2025, still in progress: unit -> (state, submitted (month, day, hour), reviewed (month, day, hour)).
# The deadline is 5/12/2025; Nam Trà My was granted an extension to 20/12/2025.
DEMO_PLAN_2025 = {
    "tam_ky": ("approved", (11, 24, 9), (11, 27, 10)),
    "hoi_an": ("submitted", (12, 3, 15), None),
    "dien_ban": ("approved", (11, 28, 14), (12, 2, 9)),
    "dai_loc": ("approved", (12, 1, 10), (12, 4, 8)),
    "thang_binh": ("submitted", (12, 9, 16), None),  # late
    "que_son": ("returned", (12, 2, 11), (12, 5, 9)),
    "nong_son": ("partial", None, None),
    "hiep_duc": ("draft", None, None),
    "tien_phuoc": ("approved", (11, 20, 8), (11, 24, 14)),
    "phu_ninh": ("submitted", (12, 4, 10), None),
    "nui_thanh": ("approved", (12, 8, 9), (12, 10, 15)),  # late
    "bac_tra_my": ("partial", None, None),
    "nam_tra_my": ("submitted", (12, 16, 9), None),  # on time thanks to its extension
    "phuoc_son": ("submitted", (12, 11, 14), None),  # late
    "nam_giang": ("approved", (12, 5, 16), (12, 8, 10)),  # on the last day
    "dong_giang": ("draft", None, None),
    "tay_giang": ("partial", None, None),
    "duy_trinh": ("approved", (11, 21, 8), (11, 25, 9)),
    "duy_son": ("approved", (12, 6, 10), (12, 8, 14)),  # late
    "duy_hai": ("submitted", (12, 4, 15), None),
}
DEMO_RETURN_REASON = (
    "Số liệu tiêu chí 2.2 (kinh phí vận động quỹ khuyến học, khuyến tài: 1.250 triệu đồng) chưa khớp với "
    "sổ quỹ của Hội; đề nghị rà soát, bổ sung minh chứng và gửi lại báo cáo trước ngày 15/12/2025."
)
DEMO_EXTENSION_REASON = (
    "Mưa lũ, sạt lở đất cuối tháng 11/2025 chia cắt nhiều thôn, nóc; các chi hội chưa thể tổng hợp số liệu đúng hạn."
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
    "Đề nghị Hội CCB tỉnh tổ chức tập huấn kỹ năng số cho cán bộ chủ chốt các cấp Hội.",
    "Đề nghị Hội CCB tỉnh hỗ trợ tài liệu tuyên truyền, sách pháp luật cho các chi hội.",
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
    # Demo data (see data/emulation_demo_campaign.xml)
    # ------------------------------------------------------------------
    @api.model
    def _demo_load_vietnamese(self):
        """The addon's Vietnamese, loaded before the demo's workflow runs (its chatter is written
        in the language of the moment)."""
        self.env["ir.module.module"].search([("name", "=", "emulation_campaign")])._update_translations(["vi_VN"])
        return True

    def _demo_fill_submissions(self):
        """Fill and move the seed movement's reports through the workflow, as their
        officers would: 2024 consolidated up to the province and sent upward, 2025 in
        progress. Units without a demo officer act through the superuser."""
        self.ensure_one()
        periods = {period.name: period for period in self.period_ids}
        (periods["2024"] | periods["2025"])._create_missing_submissions(today=datetime.date(2025, 12, 31))
        self._demo_run_2024(periods["2024"])
        self._demo_run_2025(periods["2025"])
        return True

    def _demo_unit(self, key):
        return self.env.ref(f"emulation_campaign.demo_unit_{key}")

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

    def _demo_step(self, when, records, action, *args):
        """Run a workflow action, then date what it recorded (chatter, history, the
        report's dates) to ``when``, a naive UTC datetime."""
        Message = self.env["mail.message"].sudo()
        History = self.env["emulation.submission.history"].sudo()
        last_message = Message.search([], order="id desc", limit=1).id or 0
        last_history = History.search([], order="id desc", limit=1).id or 0
        getattr(records, action)(*args)
        self.env.cr.flush()  # post the pending chatter tracking now, to date it too
        Message.search([("id", ">", last_message), ("model", "=", "emulation.submission")]).write({"date": when})
        History.search([("id", ">", last_history)]).write({"date": when})
        records = records.sudo()
        if action == "action_submit":
            on_time = records._compute_on_time(when)
            for record in records:
                record.write({"submitted_date": when, "on_time": on_time[record.id]})
        elif action == "action_approve":
            records.write({"approved_date": when})

    def _demo_figures(self, key, year):
        """Believable, deterministic figures of one unit for one year, by criterion code."""
        rng = random.Random(f"emulation-demo-{key}-{year}")
        size = DEMO_SIZE[key] * (1.0 if year == 2024 else 1.12)

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
            "4.1": round(digital + rng.uniform(-6, 6) + (7 if year == 2025 else 0), 1),
            "4.2": whole(210, 0.3),
            "4.3": whole(3, 0.5),
            "5.1": (key, year) not in DEMO_NO_PLAN,
            "5.2": whole(8, 0.4, least=1),
            "5.3": DEMO_GOOD_PRACTICES.get(key, False),
        }

    def _demo_narratives(self, key, year, figures):
        rng = random.Random(f"emulation-demo-narrative-{key}-{year}")
        results = (
            f"Tổ chức quán triệt Kế hoạch của Hội CCB tỉnh đến các chi hội; tổ chức {_vn_number(figures['1.1'])} "
            f"buổi tuyên truyền với {_vn_number(figures['1.2'])} lượt cán bộ, hội viên tham dự. "
            f"Vận động {_vn_number(figures['2.2'], 1)} triệu đồng cho quỹ khuyến học, khuyến tài; trao "
            f"{_vn_number(figures['2.3'])} suất học bổng, phần thưởng cho con, cháu hội viên. "
            f"Có {_vn_number(figures['3.1'])} gia đình hội viên đạt danh hiệu “Gia đình học tập”, "
            f"{_vn_number(figures['3.3'])} hội viên đạt danh hiệu “Công dân học tập”."
        )
        shortcomings = DEMO_MOUNTAIN_SHORTCOMING if key in DEMO_MOUNTAIN else rng.choice(DEMO_SHORTCOMINGS)
        return {"results": results, "shortcomings": shortcomings, "proposals": rng.choice(DEMO_PROPOSALS)}

    def _demo_fill(self, submission, figures, codes=None, narratives=None):
        """Write the figures on the report's lines, as its officer does."""
        submission = self._demo_as_officer(submission)
        for line in submission.line_ids:
            code = line.criterion_id.code
            if code not in figures or (codes is not None and code not in codes):
                continue
            value = figures[code]
            field = {"boolean": "value_bool", "text": "value_text"}.get(line.value_type, "value_number")
            if field == "value_text" and not value:
                continue
            line.write({field: value})
        if narratives:
            submission.write(narratives)

    def _demo_submit_and_approve(self, submission, submitted, approved):
        self._demo_step(submitted, self._demo_as_officer(submission), "action_submit")
        self._demo_step(approved, self._demo_as_reviewer(submission), "action_approve")

    def _demo_run_2024(self, period):
        """2024: every unit reports on time and is approved; Duy Xuyên consolidates its
        communes and reports upward; the province consolidates its 18 districts."""
        for key in DEMO_SIZE:
            submission = self._demo_submission(period, key)
            figures = self._demo_figures(key, 2024)
            self._demo_fill(submission, figures, narratives=self._demo_narratives(key, 2024, figures))
            rng = random.Random(f"emulation-demo-dates-{key}-2024")
            if key in DEMO_COMMUNES:
                submitted = datetime.date(2024, 11, 15) + datetime.timedelta(days=rng.randint(0, 9))
                approved = min(submitted + datetime.timedelta(days=rng.randint(1, 2)), datetime.date(2024, 11, 27))
            else:
                submitted = datetime.date(2024, 11, 15) + datetime.timedelta(days=rng.randint(0, 18))
                approved = min(submitted + datetime.timedelta(days=rng.randint(1, 3)), datetime.date(2024, 12, 4))
            self._demo_submit_and_approve(
                submission,
                _utc(2024, submitted.month, submitted.day, rng.randint(8, 16), rng.choice((0, 15, 30, 45))),
                _utc(2024, approved.month, approved.day, rng.randint(8, 16), rng.choice((0, 15, 30, 45))),
            )
        duy_xuyen = self._demo_submission(period, "duy_xuyen")
        self._demo_step(_utc(2024, 11, 28, 9), self._demo_as_officer(duy_xuyen), "action_consolidate")
        self._demo_submit_and_approve(duy_xuyen, _utc(2024, 11, 28, 15, 30), _utc(2024, 11, 30, 9))
        province = self._demo_submission(period, "quang_nam")
        self._demo_step(_utc(2024, 12, 5, 8, 30), self._demo_as_officer(province), "action_consolidate")
        # Sent upward (TW Hội CCB Việt Nam, UBND tỉnh): nobody above reviews it in Odoo.
        self._demo_step(_utc(2024, 12, 5, 15), self._demo_as_officer(province), "action_submit")

    def _demo_run_2025(self, period):
        nam_tra_my = self._demo_unit("nam_tra_my")
        self.env["emulation.deadline.extension"].with_user(self._demo_unit("quang_nam").user_ids[:1]).create(
            {
                "period_id": period.id,
                "unit_id": nam_tra_my.id,
                "deadline": datetime.date(2025, 12, 20),
                "reason": DEMO_EXTENSION_REASON,
            }
        )
        for key, (state, submitted, reviewed) in DEMO_PLAN_2025.items():
            submission = self._demo_submission(period, key)
            figures = self._demo_figures(key, 2025)
            if key == "que_son":
                figures["2.2"] = 1250.0  # the figure the province questions
            if state == "draft":
                continue
            if state == "partial":
                self._demo_fill(submission, figures, codes=("1.1", "1.2", "2.1", "2.2", "5.1"))
                continue
            self._demo_fill(submission, figures, narratives=self._demo_narratives(key, 2025, figures))
            self._demo_step(_utc(2025, *submitted), self._demo_as_officer(submission), "action_submit")
            if state == "approved":
                self._demo_step(_utc(2025, *reviewed), self._demo_as_reviewer(submission), "action_approve")
            elif state == "returned":
                self._demo_step(
                    _utc(2025, *reviewed), self._demo_as_reviewer(submission), "action_return", DEMO_RETURN_REASON
                )
