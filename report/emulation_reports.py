"""Rendering values of the ND30 documents: the dispatch (form 1.5) and the unit or
consolidated report (form 1.4).

Everything is read as the current user: the records' own access rules apply to
the report as they do in the web client (no sudo)."""

import math

from odoo import api, fields, models
from odoo.tools import html2plaintext
from odoo.tools.misc import split_every

from ..models import vn_format

# wkhtmltopdf shrinks the page: measured with wkhtmltopdf 0.12.6 (Debian, unpatched Qt),
# one CSS pixel prints as 0.5765 pt (so 14pt in CSS comes out at about 10.9pt), font
# sizes being rounded to whole CSS pixels. Content wider than the page would shrink it
# further: the templates keep every line within the page. The stylesheet is written in
# PDF points and converted with this ratio, so that the PDF shows Decree 30's sizes.
PDF_PT_PER_CSS_PX = 0.5765
# Room left for the number written in when the document is issued.
BLANK_NUMBER = "\u00a0" * 8 + "/"
# A consolidated report lists at most this many criteria side by side, then starts another table.
CRITERIA_PER_TABLE = 6


def css_px(points):
    """The CSS size that prints at ``points`` pt in the PDF."""
    return f"{max(round(points / PDF_PT_PER_CSS_PX), 1)}px"


class EmulationNd30Report(models.AbstractModel):
    _name = "emulation.nd30.report"
    _description = "Decree 30 document helpers"

    @api.model
    def _nd30_values(self):
        return {"vn": vn_format.helpers(), "size": css_px}

    @api.model
    def _dispatch_reference(self, campaign):
        """The dispatch as other documents cite it: "Công văn số 07/CCB-VP ngày 05 tháng 12
        năm 2025 của Hội CCB tỉnh Quảng Nam"."""
        number = campaign.dispatch_number or BLANK_NUMBER
        date = vn_format.day_month_year(campaign.dispatch_date)
        return f"Công văn số {number} {date} của {self._dispatch_issuer(campaign).name}"

    @api.model
    def _dispatch_issuer(self, campaign):
        """The unit that issued the dispatch: the campaign's issuing unit or, after a
        handover, the unit it took the campaign over from that existed on the dispatch's
        date (the dispatch prints as it was issued)."""
        unit = campaign.issuing_unit_id
        date = campaign.dispatch_date
        if date and not unit._is_valid_on(date):
            unit = unit._predecessors_closure().filtered(lambda u: u._is_valid_on(date))[:1] or unit
        return unit

    @api.model
    def _document_values(self, model, docids, key, values_of):
        """The template's values for these records, read with the user's own rights."""
        docs = self.env[model].browse(docids)
        docs.check_access("read")
        return {
            **self._nd30_values(),
            "doc_ids": docids,
            "doc_model": model,
            "docs": docs,
            key: {doc.id: values_of(doc) for doc in docs},
        }

    @api.model
    def _organisation_lines(self, unit, governing):
        return {"governing": vn_format.upper(governing), "issuer": vn_format.upper(unit.name)}


class ReportCampaignDispatch(models.AbstractModel):
    _name = "report.emulation_campaign.report_campaign_dispatch"
    _inherit = ["emulation.nd30.report"]
    _description = "Emulation Campaign Dispatch (Decree 30 form 1.5)"

    @api.model
    def _get_report_values(self, docids, data=None):
        return self._document_values("emulation.campaign", docids, "dispatch", self._dispatch_values)

    @api.model
    def _dispatch_values(self, campaign):
        recipients = vn_format.text_lines(campaign.dispatch_recipients) or campaign.unit_ids.mapped("name")
        issuer = self._dispatch_issuer(campaign)
        cc = vn_format.text_lines(campaign.cc_list) or ["Như trên", f"Lưu: VT, {issuer.code}"]
        sections = []
        for criterion in campaign.criterion_ids:
            if not sections or sections[-1][0] != (criterion.section or ""):
                sections.append((criterion.section or "", []))
            sections[-1][1].append(criterion)
        return {
            **self._organisation_lines(issuer, campaign.parent_body),
            "number": campaign.dispatch_number or BLANK_NUMBER,
            "place_date": vn_format.place_and_date(campaign.dispatch_place, campaign.dispatch_date),
            "subject": vn_format.subject(campaign.dispatch_subject) or campaign.name,
            "recipients": vn_format.recipient_lines(recipients),
            "legal_basis": vn_format.legal_basis_lines(
                vn_format.text_lines(campaign.legal_basis), html2plaintext(campaign.dispatch_body or "")
            ),
            "cc": vn_format.list_lines(cc),
            "sections": sections,
            "appendix_of": f"(Kèm theo {self._dispatch_reference(campaign)})",
        }


class ReportSubmission(models.AbstractModel):
    _name = "report.emulation_campaign.report_submission"
    _inherit = ["emulation.nd30.report"]
    _description = "Emulation Report (Decree 30 form 1.4)"

    @api.model
    def _get_report_values(self, docids, data=None):
        return self._document_values("emulation.submission", docids, "report", self._submission_values)

    @api.model
    def _submission_values(self, submission):
        campaign, unit = submission.campaign_id, submission.unit_id
        consolidated = vn_format.holds_consolidation(submission)
        above = unit.parent_id.name or campaign.parent_body
        date = vn_format.local_date(submission.submitted_date) or fields.Date.context_today(submission)
        place = unit.document_place or unit.partner_id.city or campaign.dispatch_place
        what = "Tổng hợp kết quả" if consolidated else "Kết quả"
        period = submission.period_id.name
        if period.isdigit():  # a year
            period = f"năm {period}"
        subject = f"{what} thực hiện phong trào thi đua “{campaign.name}” {period}"
        lines = submission.line_ids.sorted(lambda line: (line.criterion_id.sequence, line.criterion_id.id))
        rows = []
        for line in lines:
            section = line.criterion_id.section or ""
            if not rows or rows[-1][0] != section:
                rows.append((section, []))
            rows[-1][1].append(line)
        values = {
            **self._organisation_lines(unit, above),
            "number": f"{BLANK_NUMBER}BC-{unit.code}",
            "place_date": vn_format.place_and_date(place, date),
            "subject": subject,
            "period": period,
            "recipients": vn_format.recipient_lines([above]) if above else [],
            "reference": self._reference(submission),
            "consolidated": consolidated,
            "sections": rows,
            "narratives": self._narratives(submission, consolidated),
            "cc": vn_format.list_lines(["Như trên", f"Lưu: VT, {unit.code}"]),
            "signers": unit.user_ids.mapped("name"),
        }
        if consolidated:
            values.update(self._consolidated_values(submission, lines))
        return values

    @api.model
    def _narratives(self, submission, consolidated):
        """[(heading, [(paragraph, is a unit's name), ...])]: in a consolidated report the
        narratives of the units below come each under its unit's name."""
        units = set()
        if consolidated:
            units = set(self.env["emulation.unit"].search([("id", "child_of", submission.unit_id.id)]).mapped("name"))
        return [
            (
                title,
                [(line, line.endswith(":") and line[:-1] in units) for line in vn_format.text_lines(submission[field])],
            )
            for title, field in (
                ("KẾT QUẢ ĐẠT ĐƯỢC", "results"),
                ("TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "shortcomings"),
                ("ĐỀ XUẤT, KIẾN NGHỊ", "proposals"),
            )
        ]

    @api.model
    def _reference(self, submission):
        return self._reference_of(submission.campaign_id)

    @api.model
    def _reference_of(self, campaign):
        if campaign.dispatch_number:
            return self._dispatch_reference(campaign)
        return f"phong trào thi đua “{campaign.name}” của {campaign.issuing_unit_id.name}"

    @api.model
    def _consolidated_values(self, submission, lines):
        sources = submission.source_submission_ids.sorted(lambda s: (s.unit_id.sequence, s.unit_id.name, s.id))
        source_lines = {(line.submission_id.id, line.criterion_id.id): line for line in sources.line_ids}
        per_table = math.ceil(len(lines) / (math.ceil(len(lines) / CRITERIA_PER_TABLE) or 1)) or 1
        return {
            "tables": [
                {
                    "lines": chunk,
                    "widths": self._column_widths(chunk),
                    "rows": [
                        (source, [source_lines.get((source.id, line.criterion_id.id)) for line in chunk])
                        for source in sources
                    ],
                }
                for chunk in split_every(per_table, lines, list)
            ],
            "missing": submission.missing_unit_ids.sorted(lambda u: (u.sequence, u.name)).mapped("name"),
            "source_count": len(sources),
        }

    @api.model
    def _column_widths(self, lines):
        """Percentages of the criteria columns (75% of the table): texts get twice the room."""
        weights = [2 if vn_format.is_text(line.criterion_id.value_type) else 1 for line in lines]
        return [round(75.0 * weight / sum(weights), 2) for weight in weights]
