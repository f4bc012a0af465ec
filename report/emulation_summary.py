"""The multi-year review of a campaign (báo cáo sơ kết / tổng kết, ND30 form 1.4): each
criterion's top-level figure per year, across a handover of the campaign to a successor.
Read as the current user."""

from odoo import api, fields, models

from ..models import vn_format
from .emulation_reports import BLANK_NUMBER


class ReportCampaignSummary(models.AbstractModel):
    _name = "report.emulation_campaign.report_campaign_summary"
    _inherit = ["emulation.nd30.report"]
    _description = "Emulation Campaign Review over the Years (Decree 30 form 1.4)"

    @api.model
    def _get_report_values(self, docids, data=None):
        return self._document_values("emulation.campaign", docids, "summary", self._summary_values)

    @api.model
    def _summary_values(self, campaign):
        today = fields.Date.context_today(campaign)
        # the years that have begun, from the campaign's first reporting year (the years
        # before it expected no report: no empty column for them)
        periods = campaign.period_ids.filtered(
            lambda period: period.date_from <= today and period.date_from.year >= campaign.first_report_year
        ).sorted("date_from")
        tops = self.env["emulation.submission"].search(
            [("campaign_id", "=", campaign.id), ("period_id", "in", periods.ids), ("is_top_level", "=", True)]
        )
        top_of = {report.period_id.id: report for report in tops}
        cells = {(line.submission_id.period_id.id, line.criterion_id.id): line for line in tops.line_ids}
        sections = []
        for criterion in campaign.criterion_ids.sorted(lambda c: (c.sequence, c.id)):
            if not sections or sections[-1][0] != (criterion.section or ""):
                sections.append((criterion.section or "", []))
            sections[-1][1].append((criterion, [cells.get((period.id, criterion.id)) for period in periods]))
        # Who reported which years: "2023–2024: Hội CCB tỉnh Quảng Nam; 2025–2026: …"
        spans = []
        for period in periods:
            unit = top_of.get(period.id, self.env["emulation.submission"]).unit_id.name or ""
            if spans and spans[-1][2] == unit:
                spans[-1][1] = period.name
            else:
                spans.append([period.name, period.name, unit])
        final = (
            bool(periods)
            and periods[-1] == campaign.period_ids.sorted("date_from")[-1:]
            and today > periods[-1].date_to
        )
        kind = "tổng kết" if final else "sơ kết"
        years = f"từ năm {periods[0].name} đến năm {periods[-1].name}" if len(periods) > 1 else f"năm {periods.name}"
        unit = campaign.issuing_unit_id
        return {
            **self._organisation_lines(unit, campaign.parent_body),
            "number": f"{BLANK_NUMBER}BC-{unit.code}",
            "place_date": vn_format.place_and_date(
                unit.document_place or unit.partner_id.city or campaign.dispatch_place, today
            ),
            "title": f"BÁO CÁO {vn_format.upper(kind)}",
            "subject": f"Kết quả thực hiện phong trào thi đua “{campaign.name}” {years}",
            "recipients": vn_format.recipient_lines([campaign.parent_body]) if campaign.parent_body else [],
            "periods": periods,
            "sections": sections,
            "spans": [
                f"{first}–{last}: {name}" if first != last else f"{first}: {name}"
                for first, last, name in spans
                if name
            ],
            "width": round(60.0 / (len(periods) or 1), 2),
            "cc": vn_format.list_lines(["Như trên", f"Lưu: VT, {unit.code}"]),
            "signers": unit.user_ids.mapped("name"),
        }
