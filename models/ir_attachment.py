import base64
import binascii

from odoo import api, models
from odoo.exceptions import UserError

# Writes that leave the file as it is: moving it to another storage (ir.attachment._migrate
# rewrites the same bytes) and the token of a share link.
HARMLESS_FIELDS = {"raw", "datas", "mimetype", "access_token"}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _emulation_issued_files(self):
        """The attachments among these that are an issued document's PDF or signed copy."""
        if not self.ids:
            return self.browse()
        attachments = self.sudo()
        documents = (
            self.env["emulation.document"]
            .sudo()
            .search(["|", ("attachment_id", "in", self.ids), ("signed_attachment_id", "in", self.ids)])
        )
        referenced = documents.attachment_id | documents.signed_attachment_id
        return attachments.filtered(lambda a: a.res_model == "emulation.document") | (referenced & attachments)

    def _emulation_refuse(self, issued):
        raise UserError(
            self.env._(
                "The PDF of an issued document and its signed copy never change: %(files)s.",
                files=", ".join(issued.mapped("name")),
            )
        )

    @api.model
    def _emulation_new_content(self, vals):
        """The bytes a write would store, or None when it does not touch the content."""
        if "raw" in vals:
            raw = vals["raw"] or b""
            return raw.encode() if isinstance(raw, str) else bytes(raw)
        if "datas" in vals:
            try:
                return base64.b64decode(vals["datas"] or b"")
            except (binascii.Error, ValueError, TypeError):
                return b""
        return None

    def write(self, vals):
        self.check_access("write")
        issued = self._emulation_issued_files()
        if issued:
            if set(vals) - HARMLESS_FIELDS:
                self._emulation_refuse(issued)
            content = self._emulation_new_content(vals)
            for attachment in issued:
                if "mimetype" in vals and vals["mimetype"] != attachment.mimetype:
                    self._emulation_refuse(issued)
                if content is not None and content != attachment.raw:
                    self._emulation_refuse(issued)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued_document(self):
        issued = self._emulation_issued_files()
        if issued:
            self._emulation_refuse(issued)
