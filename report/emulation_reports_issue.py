"""Issued documents print their number and date, name the document they replace, and
print afterwards as the PDF kept when they were issued (or their signed copy), byte for
byte."""

import io
from collections import OrderedDict

from odoo import api, models

from ..models import vn_format


class EmulationNd30Report(models.AbstractModel):
    _inherit = "emulation.nd30.report"

    @api.model
    def _issued_values(self, record, place, values):
        """The number and date of an issued document, and the one it replaces."""
        if record.document_id:
            values["number"] = record.document_id.name
            values["place_date"] = vn_format.place_and_date(place, record.document_id.date)
        replaced = record.replaces_document_id
        if replaced:
            values["replaces"] = (
                f"Văn bản này thay thế văn bản số {replaced.name} {vn_format.day_month_year(replaced.date)} "
                f"của {replaced.unit_id.name}."
            )
        return values


class ReportCampaignDispatch(models.AbstractModel):
    _inherit = "report.emulation_campaign.report_campaign_dispatch"

    @api.model
    def _dispatch_values(self, campaign):
        values = super()._dispatch_values(campaign)
        return self._issued_values(campaign, campaign.dispatch_place, values)


class ReportSubmission(models.AbstractModel):
    _inherit = "report.emulation_campaign.report_submission"

    @api.model
    def _submission_values(self, submission):
        values = super()._submission_values(submission)
        place = submission.unit_id.partner_id.city or submission.campaign_id.dispatch_place
        return self._issued_values(submission, place, values)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _emulation_issued_pdfs(self, report_ref, res_ids):
        """{record id: the issued version's bytes} for the issued documents among
        ``res_ids`` when ``report_ref`` is the report that issued them."""
        if not res_ids:
            return {}
        report = self._get_report(report_ref)
        if report.model not in self.env or not isinstance(
            self.env[report.model], self.pool["emulation.document.mixin"]
        ):
            return {}  # every other report of the database: nothing to look up
        records = self.env[report.model].browse(res_ids)
        if report.report_name != records._document_report:
            return {}
        # The stored file is read as the server, once the user's right to read the record
        # (and so its document) has been checked.
        records.check_access("read")
        pdfs = {}
        for record in records:
            document = record.document_id.sudo()
            attachment = document.signed_attachment_id or document.attachment_id
            if attachment:
                pdfs[record.id] = attachment.raw
        return pdfs

    def _pre_render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        if isinstance(res_ids, int):
            res_ids = [res_ids]
        stored = self._emulation_issued_pdfs(report_ref, res_ids)
        if not stored or len(res_ids) != len(set(res_ids)):
            return super()._pre_render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        others = [res_id for res_id in res_ids if res_id not in stored]
        rendered = {}
        if others:
            rendered, report_type = super()._pre_render_qweb_pdf(report_ref, res_ids=others, data=data)
            if report_type != "pdf":  # tests rendering HTML instead of PDF
                return super()._pre_render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        streams = OrderedDict()
        for res_id in res_ids:
            if res_id in stored:
                streams[res_id] = {"stream": io.BytesIO(stored[res_id]), "attachment": None}
            elif res_id in rendered:
                streams[res_id] = rendered[res_id]
        if False in rendered:  # several records rendered as one PDF
            streams[False] = rendered[False]
        return streams, "pdf"
