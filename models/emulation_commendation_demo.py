"""Demo data only: targets, scores, ranks and commendations of the seed movement, through
the real workflow. Called once from ``demo/emulation_demo_scoring.xml`` (``noupdate``)."""

import datetime

from odoo import models

from . import vn_format

# Campaign-wide targets of a district association (criterion code → target), 2024 to 2026
# (2026's set in advance: the reports of its deadline rush are scored as they come in).
DEMO_TARGETS = {
    "2024": {"1.1": 32, "1.2": 2400, "2.1": 210, "2.2": 160, "3.1": 560, "3.3": 700, "4.1": 60, "5.1": 1},
    "2025": {"1.1": 35, "1.2": 2600, "2.1": 230, "2.2": 175, "3.1": 600, "3.3": 760, "4.1": 65, "5.1": 1},
    "2026": {"1.1": 37, "1.2": 2800, "2.1": 245, "2.2": 185, "3.1": 640, "3.3": 810, "4.1": 70, "5.1": 1},
}
# The years of the smaller associations' own targets (they were closed by the 2025 reform).
DEMO_OWN_TARGET_YEARS = ("2024", "2025")
# Smaller associations have their own targets (share of the campaign-wide one).
DEMO_OWN_TARGET_SHARE = {
    "nam_tra_my": 0.35,
    "tay_giang": 0.3,
    "dong_giang": 0.35,
    "duy_trinh": 0.2,
    "duy_son": 0.2,
    "duy_hai": 0.2,
}
DEMO_DECISION_LEGAL_BASIS = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022\n"
    "Căn cứ Điều lệ Hội Cựu chiến binh Việt Nam\n"
    "Căn cứ Quy chế thi đua, khen thưởng của Hội Cựu chiến binh tỉnh Quảng Nam"
)


class EmulationCampaign(models.Model):
    _inherit = "emulation.campaign"

    def _demo_scoring(self):
        """Targets (the grid, then a few units' own), then the 2024 commendations: the first
        of each cluster and Duy Xuyên's communes proposed, decided by the province; one
        rejected; 2025 proposals under way."""
        self.ensure_one()
        periods = {period.name: period for period in self.period_ids}
        criteria = {criterion.code: criterion for criterion in self.criterion_ids}
        grid = self.target_grid
        values = dict(grid["values"])
        for year, targets in DEMO_TARGETS.items():
            for code, value in targets.items():
                values[f"{criteria[code].id}-{periods[year].id}"] = value
        self.write({"target_grid": {**grid, "values": values}})
        self.env["emulation.target"].create(
            [
                {
                    "criterion_id": criteria[code].id,
                    "period_id": periods[year].id,
                    "unit_id": self._demo_unit(key).id,
                    "value": round(value * share, 1),
                }
                for key, share in DEMO_OWN_TARGET_SHARE.items()
                for year in DEMO_OWN_TARGET_YEARS
                for code, value in DEMO_TARGETS[year].items()
                if code in ("1.2", "2.1", "2.2", "3.1", "3.3")
            ]
        )
        self._demo_commendations(periods["2024"], periods["2025"])
        return True

    def _demo_propose(self, proposer_key, period, vals, propose=True):
        """A proposal written and sent by the proposing unit's officer (or the superuser)."""
        unit = self._demo_unit(proposer_key)
        officer = unit.user_ids[:1]
        Commendation = self.env["emulation.commendation"]
        Commendation = Commendation.with_user(officer) if officer else Commendation
        proposal = Commendation.create(
            {"campaign_id": self.id, "period_id": period.id, "proposing_unit_id": unit.id, **vals}
        )
        if propose:
            proposal.action_propose()
        return proposal

    def _demo_commendations(self, period_2024, period_2025):
        province = self._demo_unit("quang_nam")
        decider = province.user_ids[:1]
        # the province published the 2024 ranking to the units (2025's is not yet)
        (period_2024.with_user(decider) if decider else period_2024).action_publish_ranking()
        # the ranking's candidates: the first of each cluster in 2024
        firsts = self.env["emulation.submission"].search(
            [("period_id", "=", period_2024.id), ("rank", "=", 1), ("cluster_id", "!=", False)]
        )
        proposals = self.env["emulation.commendation"]
        for report in firsts.sorted(lambda r: r.cluster_id.sequence):
            key = report.unit_id.get_external_id()[report.unit_id.id].split("demo_unit_")[-1]
            proposals |= self._demo_propose(
                key,
                period_2024,
                {
                    "nominee_unit_id": report.unit_id.id,
                    "form": "giay_khen",
                    "achievement": f"Dẫn đầu {report.cluster_id.name} năm 2024 với "
                    f"{vn_format.number(report.score, 2)}/100 điểm; "
                    "làm tốt công tác tuyên truyền, khuyến học, khuyến tài và xây dựng mô hình học tập.",
                },
            )
        proposals |= self._demo_propose(
            "duy_xuyen",
            period_2024,
            {
                "nominee_unit_id": self._demo_unit("duy_trinh").id,
                "form": "giay_khen",
                "achievement": "Duy trì mô hình “Gia đình CCB hiếu học” ở các chi hội thôn; "
                "100% chi hội xây dựng kế hoạch thực hiện phong trào.",
            },
        )
        proposals |= self._demo_propose(
            "duy_xuyen",
            period_2024,
            {
                "nominee_kind": "individual",
                "nominee_name": "Lê Văn Thịnh",
                "nominee_position": "Chủ tịch Hội CCB xã Duy Sơn",
                "nominee_unit_id": self._demo_unit("duy_son").id,
                "form": "giay_khen",
                "achievement": "Trực tiếp giới thiệu lịch sử, văn hóa cho hơn 1.200 lượt học sinh tại Khu di tích "
                "Mỹ Sơn; vận động 35 triệu đồng cho quỹ khuyến học của xã.",
            },
        )
        proposals.with_user(decider).action_approve()
        # dated as they happened (UTC): proposed on 10/12/2024, decided on 18/12/2024
        proposals.sudo().write(
            {"proposed_date": datetime.datetime(2024, 12, 10, 2), "decided_date": datetime.datetime(2024, 12, 18, 3)}
        )
        rejected = self._demo_propose(
            "que_son",
            period_2024,
            {
                "nominee_kind": "individual",
                "nominee_name": "Huỳnh Văn Tấn",
                "nominee_position": "Phó Chủ tịch Hội CCB huyện Quế Sơn",
                "nominee_unit_id": self._demo_unit("que_son").id,
                "form": "bang_khen",
                "achievement": "Tham gia tổ chức các buổi tuyên truyền về xây dựng xã hội học tập.",
            },
        )
        rejected.with_user(decider).action_reject(
            "Thành tích chưa đủ tiêu chuẩn Bằng khen của Hội CCB tỉnh; đề nghị Hội CCB huyện xem xét, "
            "tặng Giấy khen theo thẩm quyền."
        )
        rejected.sudo().write(
            {"proposed_date": datetime.datetime(2024, 12, 9, 8), "decided_date": datetime.datetime(2024, 12, 18, 3)}
        )
        self.env["emulation.commendation.decision"].with_user(decider).create(
            {
                "unit_id": province.id,
                "campaign_id": self.id,
                "period_id": period_2024.id,
                "number": "25/QĐ-CCB",
                "date": datetime.date(2024, 12, 20),
                "place": "Quảng Nam",
                "legal_basis": DEMO_DECISION_LEGAL_BASIS,
                "signing_authority": "TM. BAN THƯỜNG VỤ",
                "signer_title": "CHỦ TỊCH",
                "signer_name": "Nguyễn Thanh Bình",
                "commendation_ids": [(6, 0, proposals.ids)],
            }
        )
        # 2025, under way: one proposal sent, one draft
        self._demo_propose(
            "duy_xuyen",
            period_2025,
            {
                "nominee_unit_id": self._demo_unit("duy_trinh").id,
                "form": "giay_khen",
                "achievement": "Hai năm liền dẫn đầu các xã của huyện Duy Xuyên trong phong trào.",
            },
        )
        self._demo_propose(
            "hoi_an",
            period_2025,
            {
                "nominee_unit_id": self._demo_unit("hoi_an").id,
                "form": "giay_khen",
                "achievement": "Hội viên CCB giới thiệu truyền thống cách mạng cho học sinh tại các di tích.",
            },
            propose=False,
        )
        return True
