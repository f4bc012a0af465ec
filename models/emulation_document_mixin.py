"""Issuing an official document: a number from the unit's register, the PDF rendered once
and kept, the record frozen, the signed copy uploaded afterwards.

A model becomes an issued document in a few lines::

    class EmulationCommendationDecision(models.Model):
        _name = "emulation.commendation.decision"
        _inherit = ["emulation.document.mixin", "mail.thread"]   # the mixin first
        _document_type = "decision"                              # see DOCUMENT_TYPES
        _document_report = "emulation_campaign.report_commendation_decision"
        _document_unit_field = "unit_id"                         # the issuing unit

        def _document_register_values(self):
            return {"subject": ..., "signer": ..., "recipients": ...}

and, when only some states may be issued, ``_document_check_issuable``. List the mixin
before the model's own classes so that its write guard runs first.
"""

import base64
import binascii
import io
import re

from lxml import etree
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.pdf import PdfReader, PdfReadError

from .emulation_document import TYPE_SYMBOLS
from .local_time import local_today

# Set by the issuing code itself (always with sudo): lets it write the frozen fields.
INTERNAL = "emulation_document_internal"
# Fields of the mixin that only issuing sets.
DOCUMENT_FIELDS = {
    "document_id",
    "is_issued",
    "can_issue",
    "document_number",
    "issue_date",
    "document_state",
    "issued_attachment_id",
    "issued_pdf",
    "issued_pdf_name",
    "replaces_document_id",
}
UPLOAD_FIELDS = ("signed_pdf", "signed_pdf_name")
# Chatter and activities stay open on issued documents.
ALWAYS_MUTABLE_PREFIXES = ("message_", "activity_", "website_message_")
SIGNED_PDF_MAX_MB_PARAM = "emulation_campaign.signed_pdf_max_mb"
SIGNED_PDF_MAX_MB = 20
MAX_FILENAME = 200


class EmulationDocumentMixin(models.AbstractModel):
    _name = "emulation.document.mixin"
    _description = "Issued Official Document"

    # What each model sets (class attributes):
    _document_type = None  # a key of DOCUMENT_TYPES
    _document_report = None  # report_name of the ir.actions.report that prints it
    _document_unit_field = "unit_id"  # the issuing unit
    # Users change nothing of an issued document but these (and its chatter):
    _document_mutable_fields = ()
    # The server's own code does not change these either (None: the fields users may
    # write, ``_user_write_fields`` of emulation.input.mixin); its workflow goes on.
    _document_frozen_fields = None

    document_id = fields.Many2one(
        "emulation.document", string="Issued Document", readonly=True, copy=False, index="btree_not_null"
    )
    is_issued = fields.Boolean(string="Issued", compute="_compute_is_issued", store=True, copy=False)
    can_issue = fields.Boolean(
        compute="_compute_can_issue", help="The current user may issue it: the Issue button shows to them only."
    )
    document_number = fields.Char(related="document_id.name", string="Document Number")
    issue_date = fields.Date(related="document_id.date", string="Issue Date")
    document_state = fields.Selection(related="document_id.state", string="Document Status")
    issued_attachment_id = fields.Many2one(related="document_id.attachment_id", string="Issued PDF Attachment")
    issued_pdf = fields.Binary(string="Issued PDF", compute="_compute_issued_pdf")
    issued_pdf_name = fields.Char(string="Issued PDF File Name", compute="_compute_issued_pdf")
    signed_pdf = fields.Binary(
        string="Signed Copy",
        compute="_compute_signed_pdf",
        inverse="_inverse_signed_pdf",
        help="The issued document signed outside the system (e.g. with the officer's digital-signature "
        "token), as a PDF: once uploaded it is the issued version.",
    )
    signed_pdf_name = fields.Char(
        string="Signed Copy File Name", compute="_compute_signed_pdf", inverse="_inverse_signed_pdf"
    )
    replaces_document_id = fields.Many2one(
        "emulation.document",
        readonly=True,
        copy=False,
        help="The issued document this one corrects: it is named in the new document and marked replaced "
        "once the new one is issued.",
    )

    @api.depends_context("uid")
    def _compute_can_issue(self):
        user = self.env.user
        for record in self:
            record.can_issue = bool(record.id) and not record.document_id and record._document_can_issue(user)

    @api.depends("document_id")
    def _compute_is_issued(self):
        for record in self:
            record.is_issued = bool(record.document_id)

    @api.depends("document_id.attachment_id")
    def _compute_issued_pdf(self):
        for record in self:
            attachment = record.document_id.attachment_id
            record.issued_pdf = attachment.datas if attachment else False
            record.issued_pdf_name = attachment.name if attachment else False

    @api.depends("document_id.signed_attachment_id")
    def _compute_signed_pdf(self):
        for record in self:
            attachment = record.document_id.signed_attachment_id
            record.signed_pdf = attachment.datas if attachment else False
            record.signed_pdf_name = attachment.name if attachment else False

    def _inverse_signed_pdf(self):
        # Reached only through create(): write() stores the upload itself. A new record
        # has not been issued, so this refuses with the reason.
        for record in self:
            if record.signed_pdf:
                record._document_store_signed(record.signed_pdf, record.signed_pdf_name)

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------
    @api.model
    def _document_models(self):
        """The names of the models that are issued documents."""
        mixin = self.pool["emulation.document.mixin"]
        return sorted(
            name
            for name, cls in self.pool.items()
            if not cls._abstract and not cls._transient and issubclass(cls, mixin)
        )

    def _document_unit(self):
        self.ensure_one()
        return self[self._document_unit_field]

    def _document_check_issuable(self):
        """Raise a UserError for the records that cannot be issued in their present state."""
        return True

    def _document_register_values(self):
        """{"subject", "signer", "recipients"} of the register entry."""
        self.ensure_one()
        return {"subject": self.display_name, "signer": False, "recipients": False}

    def _document_issue_values(self, document):
        """Values written on the record when it is issued as ``document``."""
        return {}

    def _document_can_issue(self, user):
        """An officer of the issuing unit, or a manager."""
        self.ensure_one()
        return user in self._document_unit().sudo().user_ids or user.has_group(
            "emulation_campaign.group_emulation_manager"
        )

    def _document_can_upload(self, user):
        """Only an officer of the issuing unit uploads the copy they signed."""
        self.ensure_one()
        return user in self._document_unit().sudo().user_ids

    def _document_check_correction(self):
        """Raise when a correction cannot start this way (a report is returned instead)."""
        return True

    # ------------------------------------------------------------------
    # Numbers and dates
    # ------------------------------------------------------------------
    @api.model
    def _document_today(self):
        """Today where the association works: the number's year is that day's."""
        return local_today()

    def _document_number(self, unit, number):
        """ "07/BC-CCB" (a report), "102/CCB-VP" (a dispatch of CCB's office VP)."""
        symbol = (unit.document_symbol or unit.code or "").strip()
        type_symbol = TYPE_SYMBOLS[self._document_type]
        if type_symbol:
            suffix = f"{type_symbol}-{symbol}"
        elif unit.office_symbol:
            suffix = f"{symbol}-{unit.office_symbol.strip()}"
        else:
            suffix = symbol
        return f"{number:02d}/{suffix}"

    # ------------------------------------------------------------------
    # Guards: an issued document does not change through any door
    # ------------------------------------------------------------------
    def _document_internal(self):
        return self.env.su and self.env.context.get(INTERNAL)

    def _document_write_internal(self, vals):
        return self.sudo().with_context(**{INTERNAL: True}).write(vals)

    def _document_is_mutable(self, field_name):
        """Whether a write may change this field of an issued document: the server's own
        writes everything but the frozen content, users only the chatter and the few
        fields the model names."""
        if self.env.su:
            frozen = self._document_frozen_fields
            if frozen is None:
                frozen = self._user_fields("write")
            return field_name not in frozen
        return field_name in self._document_mutable_fields or field_name.startswith(ALWAYS_MUTABLE_PREFIXES)

    @api.model_create_multi
    def create(self, vals_list):
        if not self._document_internal():
            for vals in vals_list:
                given = DOCUMENT_FIELDS & set(vals)
                if given:
                    raise UserError(
                        self.env._(
                            "A new document is not issued yet: %(fields)s are set by the Issue button only.",
                            fields=", ".join(sorted(given)),
                        )
                    )
        return super().create(vals_list)

    def _document_check_ids(self):
        """Ids from a client are whole numbers (emulation.input.mixin says so clearly)."""
        check = getattr(self, "_check_ids", None)
        return check() if check else True

    def write(self, vals):
        if self._document_internal() or not isinstance(vals, dict):
            return super().write(vals)  # the model's own checks refuse what is not a mapping
        self._document_check_ids()
        vals = dict(vals)
        upload = {name: vals.pop(name) for name in UPLOAD_FIELDS if name in vals}
        given = DOCUMENT_FIELDS & set(vals)
        if given:
            raise UserError(
                self.env._(
                    "%(fields)s are set by issuing the document only.",
                    fields=", ".join(sorted(given)),
                )
            )
        frozen = [name for name in vals if not self._document_is_mutable(name)]
        if frozen:
            self._document_check_not_issued(frozen)
        if upload:
            if not upload.get("signed_pdf"):
                if self.sudo().document_id.signed_attachment_id:
                    raise UserError(self.env._("A signed copy, once uploaded, stays: a correction is a new document."))
                raise UserError(self.env._("The signed copy is empty: choose the signed PDF file."))
            for record in self:
                record._document_store_signed(upload["signed_pdf"], upload.get("signed_pdf_name"))
            if not vals:
                return True
        return super().write(vals)

    def _document_check_not_issued(self, field_names=None):
        issued = self.filtered("document_id")
        if issued:
            raise UserError(
                self.env._(
                    "Issued documents cannot be changed: %(documents)s. A correction is a new document "
                    "that replaces the issued one.%(fields)s",
                    documents=", ".join(f"{r.display_name} ({r.document_id.name})" for r in issued),
                    fields=self.env._(" (Fields: %(fields)s.)", fields=", ".join(field_names)) if field_names else "",
                )
            )
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued(self):
        documents = (
            self.env["emulation.document"]
            .sudo()
            .search_count([("res_model", "=", self._name), ("res_id", "in", self.ids)], limit=1)
        )
        if documents:
            raise UserError(
                self.env._("Documents that have been issued stay, with their number, and cannot be deleted.")
            )

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """Forms show an issued document read-only (what the write guard refuses anyway)."""
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type != "form":
            return arch, view
        for node in arch.xpath("//field[not(ancestor::field)][not(ancestor::header)]"):
            name = node.get("name")
            if (
                name in UPLOAD_FIELDS
                or name in DOCUMENT_FIELDS
                or name in self._document_mutable_fields
                or name.startswith(ALWAYS_MUTABLE_PREFIXES)
            ):
                continue
            readonly = node.get("readonly")
            field = self._fields.get(name)
            if field is None or readonly in ("1", "True", "true") or (readonly is None and field.readonly):
                continue
            node.set(
                "readonly", f"is_issued or ({readonly})" if readonly and readonly not in ("0", "False") else "is_issued"
            )
        if not arch.xpath("//field[@name='is_issued']"):
            arch.append(etree.Element("field", name="is_issued", invisible="1"))
        return arch, view

    # ------------------------------------------------------------------
    # Issuing
    # ------------------------------------------------------------------
    def _document_lock(self):
        """Lock the records for this transaction and reread them, so a double click or a
        second tab acts on the current state."""
        try:
            self.env.cr.execute(
                SQL("SELECT id FROM %s WHERE id IN %s FOR UPDATE NOWAIT", SQL.identifier(self._table), tuple(self.ids)),
                log_exceptions=False,
            )
        except (pg_errors.LockNotAvailable, pg_errors.SerializationFailure):
            raise UserError(
                self.env._("Someone else is acting on this document right now. Reload it and try again.")
            ) from None
        self.invalidate_recordset()

    def action_issue(self):
        """Take the next number of the issuing unit's register, render the PDF once, keep
        it and freeze the record."""
        if not self:
            return True
        self._document_check_ids()
        self.check_access("read")
        self._document_lock()
        issued = self.filtered("document_id")
        if issued:
            raise UserError(
                self.env._(
                    "Already issued: %(documents)s.",
                    documents=", ".join(f"{r.display_name} ({r.document_id.name})" for r in issued),
                )
            )
        self._document_check_issuable()
        if not self.env.su:
            refused = self.filtered(lambda r: not r._document_can_issue(self.env.user))
            if refused:
                raise AccessError(
                    self.env._(
                        "Only the officers of the issuing unit or a manager can issue %(documents)s.",
                        documents=", ".join(refused.mapped("display_name")),
                    )
                )
        today = self._document_today()
        for record in self:
            record._document_issue_one(today)
        return True

    def _document_issue_one(self, date):
        self.ensure_one()
        unit = self._document_unit()
        register, number = self.env["emulation.document.register"].sudo()._take_number(unit, date.year)
        replaces = self.replaces_document_id
        document = (
            self.env["emulation.document"]
            .sudo()
            .with_context(**{INTERNAL: True})
            .create(
                {
                    **self._document_register_values(),
                    "name": self._document_number(unit, number),
                    "register_id": register.id,
                    "unit_id": unit.id,
                    "year": date.year,
                    "sequence": number,
                    "date": date,
                    "document_type": self._document_type,
                    "res_model": self._name,
                    "res_id": self.id,
                    "issued_by_id": self.env.uid,
                    "replaces_id": replaces.id,
                }
            )
        )
        self._document_write_internal({"document_id": document.id, **self._document_issue_values(document)})
        # Rendered as the user (the report reads with the user's rights), once.
        pdf = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(self._document_report, [self.id])[0]
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{document.name.replace('/', '-')}.pdf",
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": document._name,
                    "res_id": document.id,
                }
            )
        )
        document.write({"attachment_id": attachment.id})
        if replaces:
            replaces.sudo().write({"state": "replaced", "replaced_by_id": document.id})
        if hasattr(self, "message_post"):
            body = self.env._("Issued as document no. %(number)s.", number=document.name)
            if replaces:
                body += " " + self.env._("It replaces document no. %(number)s.", number=replaces.name)
            self.sudo().message_post(body=body)
        return document

    def action_start_correction(self):
        """Open an issued document for a correction: the record can change again and its
        next issue gets a new number that replaces this one ("thay thế văn bản số …").
        The issued document, its PDF and its number stay as they are."""
        self._document_check_ids()
        self.check_access("read")
        self._document_lock()
        not_issued = self.filtered(lambda r: not r.document_id)
        if not_issued:
            raise UserError(
                self.env._(
                    "Only issued documents are corrected: %(documents)s.",
                    documents=", ".join(not_issued.mapped("display_name")),
                )
            )
        self._document_check_correction()
        if not self.env.su:
            refused = self.filtered(lambda r: not r._document_can_issue(self.env.user))
            if refused:
                raise AccessError(
                    self.env._(
                        "Only the officers of the issuing unit or a manager can correct %(documents)s.",
                        documents=", ".join(refused.mapped("display_name")),
                    )
                )
        self._document_release()
        return True

    def _document_release(self):
        """The record is no longer the issued document: its next issue replaces it."""
        for record in self.filtered("document_id"):
            old = record.document_id
            record._document_write_internal({"document_id": False, "replaces_document_id": old.id})
            if hasattr(record, "message_post"):
                record.sudo().message_post(
                    body=self.env._(
                        "Correction started: the next issue replaces document no. %(number)s.", number=old.name
                    )
                )
        return True

    # ------------------------------------------------------------------
    # The signed copy
    # ------------------------------------------------------------------
    def action_upload_signed_pdf(self, file_base64, filename=None):
        """Upload the signed copy over RPC (the form writes ``signed_pdf`` instead)."""
        self._document_check_ids()
        for record in self:
            record._document_store_signed(file_base64, filename)
        return True

    @api.model
    def _document_signed_max_bytes(self):
        value = self.env["ir.config_parameter"].sudo().get_param(SIGNED_PDF_MAX_MB_PARAM)
        try:
            megabytes = float(value) if value else SIGNED_PDF_MAX_MB
        except ValueError:
            megabytes = SIGNED_PDF_MAX_MB
        return int(megabytes * 1024 * 1024)

    def _document_store_signed(self, data, filename):
        self.ensure_one()
        self.check_access("read")
        document = self.document_id
        if not document:
            raise UserError(
                self.env._("Issue %(document)s before uploading its signed copy.", document=self.display_name)
            )
        if not self.env.su and not self._document_can_upload(self.env.user):
            raise AccessError(
                self.env._(
                    "Only the officers of %(unit)s can upload the signed copy of %(number)s.",
                    unit=self._document_unit().sudo().name,
                    number=document.name,
                )
            )
        self._document_lock()
        document = self.document_id
        if document.sudo().signed_attachment_id:
            raise UserError(
                self.env._(
                    "Document no. %(number)s already has its signed copy: an issued document does not change; "
                    "a correction is a new document.",
                    number=document.name,
                )
            )
        raw = self._document_decode_pdf(data)
        name = self._document_clean_filename(filename, document)
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": name,
                    "raw": raw,
                    "mimetype": "application/pdf",
                    "res_model": document._name,
                    "res_id": document.id,
                }
            )
        )
        document.sudo().with_context(**{INTERNAL: True}).write(
            {
                "signed_attachment_id": attachment.id,
                "state": "signed",
                "signed_date": fields.Datetime.now(),
                "signed_by_id": self.env.uid,
            }
        )
        self.invalidate_recordset(["signed_pdf", "signed_pdf_name", "document_state"])
        if hasattr(self, "message_post"):
            self.sudo().message_post(
                body=self.env._("Signed copy of document no. %(number)s uploaded.", number=document.name)
            )
        return attachment

    def _document_decode_pdf(self, data):
        max_bytes = self._document_signed_max_bytes()
        too_big = self.env._("The signed copy is too large: at most %(max)s MB.", max=round(max_bytes / 1024 / 1024, 1))
        if isinstance(data, str):
            try:
                data = data.encode("ascii")
            except UnicodeEncodeError:
                raise UserError(self.env._("The signed copy must be sent as a base64-encoded PDF.")) from None
        if not isinstance(data, bytes) or not data:
            raise UserError(self.env._("The signed copy must be sent as a base64-encoded PDF."))
        if len(data) > (max_bytes + 2) // 3 * 4 + 4:
            raise UserError(too_big)
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise UserError(self.env._("The signed copy must be sent as a base64-encoded PDF.")) from None
        if len(raw) > max_bytes:
            raise UserError(too_big)
        if not raw.startswith(b"%PDF-"):
            raise UserError(
                self.env._("The signed copy must be a PDF file (it does not start with %(magic)s).", magic="%PDF-")
            )
        try:
            pages = len(PdfReader(io.BytesIO(raw)).pages)
        except (PdfReadError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
            pages = 0
        if not pages:
            raise UserError(self.env._("The signed copy is not a readable PDF."))
        return raw

    def _document_clean_filename(self, filename, document):
        default = f"{document.name.replace('/', '-')} (signed).pdf"
        if not isinstance(filename, str):
            return default
        # no control characters, path separators or lone surrogates
        name = re.sub(r"[\x00-\x1f\x7f/\\]", "", filename).encode("utf-8", "ignore").decode("utf-8").strip()
        if not name:
            return default
        if not name.lower().endswith(".pdf"):
            name += ".pdf"
        if len(name) > MAX_FILENAME:
            name = name[: MAX_FILENAME - 4] + ".pdf"
        return name
