"""The certificates of an issued commendation decision (giấy khen, bằng khen): A4 landscape,
one page for each collective or individual it grants. Read with the user's own rights."""

from odoo import api, models

from ..models import vn_format
from .emulation_reports_commendation import _period_text

# What the certificate awards, as it prints it (Vietnamese wording, not interface text).
CERTIFICATE_TITLES = {
    "giay_khen": "GIẤY KHEN",
    "bang_khen": "BẰNG KHEN",
    "co_thi_dua": "CỜ THI ĐUA",
    "chien_si_thi_dua": "DANH HIỆU CHIẾN SĨ THI ĐUA",
}
# Longer texts print smaller, so that each certificate keeps to its page: (up to so many
# characters, size in pt). Beyond the last, the text is shortened (the decision's list has it).
NAME_SIZES = ((40, 26), (70, 22), (120, 18), (200, 15))
ACHIEVEMENT_SIZES = ((160, 15), (320, 14), (480, 13), (640, 12))


def _sized(text, sizes):
    """(text, size in pt): the size for its length, the text shortened past the longest."""
    text = " ".join((text or "").split())
    for length, size in sizes:
        if len(text) <= length:
            return text, size
    length, size = sizes[-1]
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…", size


class ReportCommendationCertificate(models.AbstractModel):
    _name = "report.emulation_campaign.report_commendation_certificate"
    _inherit = ["emulation.nd30.report"]
    _description = "Commendation Certificates (giấy khen, bằng khen)"

    @api.model
    def _get_report_values(self, docids, data=None):
        decisions = self.env["emulation.commendation.decision"].browse(docids)
        commendations = decisions._certificate_commendations()
        return {
            **self._nd30_values(),
            "doc_ids": docids,
            "doc_model": "emulation.commendation.decision",
            "docs": decisions,
            "certificates": [self._certificate_values(c) for c in commendations],
        }

    @api.model
    def _certificate_values(self, commendation):
        decision = commendation.decision_id
        unit, campaign = decision.unit_id, decision.campaign_id
        nominee_unit = commendation.nominee_unit_id
        if commendation.nominee_kind == "individual":
            details = ", ".join(part for part in (commendation.nominee_position, nominee_unit.name) if part)
        else:
            details = nominee_unit.parent_id.name or ""
        name, name_size = _sized(commendation.name, NAME_SIZES)
        details, details_size = _sized(details, ((90, 16), (160, 14), (240, 12)))
        achievement, achievement_size = _sized(commendation.achievement, ACHIEVEMENT_SIZES)
        date = decision.issue_date or decision.date
        return {
            "record": commendation,
            "decision": decision,
            "issuer": vn_format.upper(f"Ban Thường vụ {unit.name}"),
            "award": CERTIFICATE_TITLES[commendation.form],
            "name": name,
            "name_size": name_size,
            "details": details,
            "details_size": details_size,
            "reason": f"Đã có thành tích xuất sắc trong phong trào thi đua “{campaign.name}” "
            f"{_period_text(campaign, decision.period_id)}",
            "achievement": achievement,
            "achievement_size": achievement_size,
            "place_date": vn_format.place_and_date(decision.place or campaign.dispatch_place, date),
            "authority": vn_format.upper(decision.signing_authority) or "TM. BAN THƯỜNG VỤ",
            "signer_title": vn_format.upper(decision.signer_title),
            "signer_name": decision.signer_name or "",
            "decision_ref": f"Quyết định số {decision.document_number or decision.number} "
            f"ngày {date.strftime('%d/%m/%Y') if date else ''}",
        }
