"""The commendation documents: the proposal list as a TỜ TRÌNH (Decree 30 form 1.4) and the
decision as a QUYẾT ĐỊNH (form 1.2) with the list annexed. Read with the user's own rights."""

from odoo import api, fields, models

from ..models import vn_format
from .emulation_reports import BLANK_NUMBER

# The forms as the documents name them (Vietnamese legal wording, not interface text).
FORM_TITLES = {
    "giay_khen": "Giấy khen",
    "bang_khen": "Bằng khen",
    "co_thi_dua": "Cờ thi đua",
    "chien_si_thi_dua": "danh hiệu Chiến sĩ thi đua",
}


def _period_text(campaign, period):
    if not period:
        return f"giai đoạn {campaign.year_from}-{campaign.year_to}"
    return f"năm {period.name}" if period.name.isdigit() else period.name


def _count_text(commendations):
    collectives = len(commendations.filtered(lambda c: c.nominee_kind == "collective"))
    individuals = len(commendations) - collectives
    parts = [f"{collectives:02d} tập thể" if collectives else "", f"{individuals:02d} cá nhân" if individuals else ""]
    return " và ".join(part for part in parts if part)


def _nominee_rows(commendations):
    """[(title, [commendation, ...])]: collectives, then individuals."""
    ordered = commendations.sorted(lambda c: (c.nominee_kind != "collective", c.nominee_unit_id.name or "", c.name))
    rows = []
    for kind, title in (("collective", "TẬP THỂ"), ("individual", "CÁ NHÂN")):
        members = ordered.filtered(lambda c, kind=kind: c.nominee_kind == kind)
        if members:
            rows.append((title, members))
    return rows


class ReportCommendationProposal(models.AbstractModel):
    _name = "report.emulation_campaign.report_commendation_proposal"
    _inherit = ["emulation.nd30.report"]
    _description = "Commendation Proposals (Decree 30 form 1.4, tờ trình)"

    @api.model
    def _get_report_values(self, docids, data=None):
        commendations = self.env["emulation.commendation"].browse(docids)
        commendations.check_access("read")
        # one document per proposing unit, campaign and period
        groups = commendations.grouped(lambda c: (c.proposing_unit_id, c.campaign_id, c.period_id))
        documents = [
            self._proposal_values(unit, campaign, period, group) for (unit, campaign, period), group in groups.items()
        ]
        return {**self._nd30_values(), "doc_ids": docids, "doc_model": "emulation.commendation", "documents": documents}

    @api.model
    def _proposal_values(self, unit, campaign, period, commendations):
        above = unit.parent_id.name or campaign.parent_body
        period_text = _period_text(campaign, period)
        forms = sorted({c.form for c in commendations}, key=list(FORM_TITLES).index)
        form_text = ", ".join(FORM_TITLES[form] for form in forms)
        sent = [c.proposed_date for c in commendations if c.proposed_date]
        date = vn_format.local_date(max(sent)) if sent else fields.Date.context_today(self)
        return {
            **self._organisation_lines(unit, above),
            "record": commendations[:1],
            "number": f"{BLANK_NUMBER}TTr-{unit.code}",
            "place_date": vn_format.place_and_date(unit.partner_id.city or campaign.dispatch_place, date),
            "subject": f"Về việc đề nghị khen thưởng tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua "
            f"“{campaign.name}” {period_text}",
            "recipients": vn_format.recipient_lines([above]) if above else [],
            "above": above or "",
            "reference": self.env["report.emulation_campaign.report_submission"]._reference_of(campaign),
            "unit": unit.name,
            "count": _count_text(commendations),
            "form_text": form_text,
            "period": period_text,
            "campaign": campaign.name,
            "rows": _nominee_rows(commendations),
            "forms": FORM_TITLES,
            "cc": vn_format.list_lines(["Như trên", f"Lưu: VT, {unit.code}"]),
            "signers": unit.user_ids.mapped("name"),
        }


class ReportCommendationDecision(models.AbstractModel):
    _name = "report.emulation_campaign.report_commendation_decision"
    _inherit = ["emulation.nd30.report"]
    _description = "Commendation Decision (Decree 30 form 1.2, quyết định)"

    @api.model
    def _get_report_values(self, docids, data=None):
        return self._document_values("emulation.commendation.decision", docids, "decision", self._decision_values)

    @api.model
    def _decision_values(self, decision):
        unit, campaign = decision.unit_id, decision.campaign_id
        above = unit.parent_id.name or campaign.parent_body
        period_text = _period_text(campaign, decision.period_id)
        commendations = decision.commendation_ids
        number = decision.number or BLANK_NUMBER
        articles = []
        for form, title in FORM_TITLES.items():
            granted = commendations.filtered(lambda c, form=form: c.form == form)
            if granted:
                articles.append(
                    f"Tặng {title} của {unit.name} cho {_count_text(granted)} "
                    f"(có danh sách kèm theo) đã có thành tích xuất sắc trong phong trào thi đua "
                    f"“{campaign.name}” {period_text}."
                )
        proposers = commendations.proposing_unit_id.sorted("name").mapped("name")
        grounds = [line.rstrip(";.") + ";" for line in vn_format.text_lines(decision.legal_basis)]
        if proposers:
            grounds.append(f"Xét đề nghị của {', '.join(proposers)}.")
        elif grounds:
            grounds[-1] = grounds[-1][:-1] + "."
        date_text = vn_format.day_month_year(decision.date)
        authority = vn_format.upper(decision.signing_authority) or "TM. BAN THƯỜNG VỤ"
        return {
            **self._organisation_lines(unit, above),
            "number": number,
            "place_date": vn_format.place_and_date(decision.place or campaign.dispatch_place, decision.date),
            "subject": f"Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua "
            f"“{campaign.name}” {period_text}",
            "issuing_authority": vn_format.upper(f"Ban Thường vụ {unit.name}"),
            "grounds": grounds,
            "articles": articles,
            "executors": f"Văn phòng {unit.name}, {', '.join(proposers)} và các tập thể, cá nhân có tên tại Điều 1"
            if proposers
            else f"Văn phòng {unit.name} và các tập thể, cá nhân có tên tại Điều 1",
            "cc": vn_format.list_lines(
                vn_format.text_lines(decision.cc_list) or ["Như Điều 3", f"Lưu: VT, {unit.code}"]
            ),
            "authority": authority,
            "signer_title": vn_format.upper(decision.signer_title),
            "signer_names": [decision.signer_name] if decision.signer_name else [],
            "rows": _nominee_rows(commendations),
            "forms": FORM_TITLES,
            "appendix_of": f"(Kèm theo Quyết định số {number} {date_text} của {unit.name})",
        }
