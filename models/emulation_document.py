"""The register of official documents (sổ đăng ký văn bản đi) of each issuing unit and
year, and its entries: one per number taken, never changed or deleted afterwards."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

# Document types: the code kept in the register and the symbol of the type printed in
# the number (Decree 30, appendix III). A dispatch (công văn) has no type symbol:
# its number is the unit's symbol and the drafting office's, e.g. 102/CCB-VP.
DOCUMENT_TYPES = [
    ("dispatch", "Dispatch (Công văn)"),
    ("report", "Report (Báo cáo)"),
    ("decision", "Decision (Quyết định)"),
]
TYPE_SYMBOLS = {"dispatch": None, "report": "BC", "decision": "QĐ"}


class EmulationDocumentRegister(models.Model):
    _name = "emulation.document.register"
    _inherit = ["emulation.sql.access.mixin"]
    _description = "Document Register"
    _order = "year desc, unit_id"

    unit_id = fields.Many2one("emulation.unit", string="Issuing Unit", required=True, readonly=True, index=True)
    year = fields.Integer(required=True, readonly=True)
    last_number = fields.Integer(
        readonly=True, help="The last number taken this year; the next document gets the one after."
    )
    document_ids = fields.One2many("emulation.document", "register_id", string="Documents", readonly=True)

    _unit_year_unique = models.Constraint("UNIQUE(unit_id, year)", "A unit has one register per year.")

    @api.depends("unit_id.name", "year")
    def _compute_display_name(self):
        for register in self:
            register.display_name = f"{register.unit_id.name or ''} – {register.year or ''}"

    @api.model
    def _take_number(self, unit, year):
        """The next number of the unit's register for the year, in this transaction.

        The register's row stays locked until the transaction ends, so two officers
        issuing at the same moment wait for each other: the second one either sees the
        first one's number (its transaction is retried, as every request is on a
        serialisation failure) or takes the number the first one gave back by failing.
        Numbers are never skipped nor given twice. Returns (register, number)."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """INSERT INTO emulation_document_register
                          (unit_id, year, last_number, create_uid, create_date, write_uid, write_date)
                   VALUES (%(unit)s, %(year)s, 0, %(uid)s, %(now)s, %(uid)s, %(now)s)
                   ON CONFLICT (unit_id, year) DO NOTHING""",
                unit=unit.id,
                year=year,
                uid=self.env.uid,
                now=cr.now(),
            ),
            log_exceptions=False,  # a concurrent issue: the request is retried
        )
        cr.execute(
            SQL(
                """SELECT id, last_number FROM emulation_document_register
                    WHERE unit_id = %s AND year = %s FOR UPDATE""",
                unit.id,
                year,
            ),
            log_exceptions=False,
        )
        register_id, last_number = cr.fetchone()
        number = last_number + 1
        cr.execute(
            SQL(
                """UPDATE emulation_document_register
                      SET last_number = %s, write_uid = %s, write_date = %s
                    WHERE id = %s""",
                number,
                self.env.uid,
                cr.now(),
                register_id,
            )
        )
        register = self.browse(register_id)
        register.invalidate_recordset(["last_number", "write_uid", "write_date"])
        return register, number

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Document registers are kept for good and cannot be deleted."))


class EmulationDocument(models.Model):
    """One number of a register: the issued document, its frozen PDF and its signed copy."""

    _name = "emulation.document"
    _inherit = ["emulation.sql.access.mixin"]
    _description = "Issued Document"
    _order = "year desc, register_id, sequence desc"

    name = fields.Char(string="Number", required=True, readonly=True, index=True)
    register_id = fields.Many2one(
        "emulation.document.register", required=True, readonly=True, index=True, ondelete="restrict"
    )
    unit_id = fields.Many2one("emulation.unit", string="Issuing Unit", required=True, readonly=True, index=True)
    year = fields.Integer(required=True, readonly=True)
    sequence = fields.Integer(string="Order Number", required=True, readonly=True)
    date = fields.Date(string="Issue Date", required=True, readonly=True)
    document_type = fields.Selection(DOCUMENT_TYPES, required=True, readonly=True)
    subject = fields.Char(readonly=True)
    signer = fields.Char(readonly=True)
    recipients = fields.Text(readonly=True)
    state = fields.Selection(
        [("issued", "Issued"), ("signed", "Signed"), ("replaced", "Replaced")],
        string="Status",
        required=True,
        readonly=True,
        default="issued",
    )
    res_model = fields.Char(string="Source Model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(string="Source Record", model_field="res_model", required=True, readonly=True)
    source_ref = fields.Reference(
        selection="_selection_source_ref", string="Source", compute="_compute_source_ref", readonly=True
    )
    issued_by_id = fields.Many2one("res.users", required=True, readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="Issued PDF", readonly=True)
    signed_attachment_id = fields.Many2one("ir.attachment", string="Signed PDF", readonly=True)
    signed_date = fields.Datetime(readonly=True)
    signed_by_id = fields.Many2one("res.users", string="Signed Copy By", readonly=True)
    replaces_id = fields.Many2one("emulation.document", readonly=True, index="btree_not_null")
    replaced_by_id = fields.Many2one("emulation.document", readonly=True)
    pdf = fields.Binary(
        string="PDF", compute="_compute_pdf", help="The signed copy once uploaded, else the issued PDF."
    )
    pdf_name = fields.Char(string="PDF File Name", compute="_compute_pdf")
    reader_user_ids = fields.Many2many(
        "res.users",
        string="Readers",
        compute="_compute_reader_user_ids",
        search="_search_reader_user_ids",
        help="The users who may read the document's source record.",
    )

    _register_sequence_unique = models.Constraint(
        "UNIQUE(register_id, sequence)", "A number of a register is given once only."
    )

    @api.model
    def _selection_source_ref(self):
        return [(name, self.env[name]._description) for name in self.env["emulation.document.mixin"]._document_models()]

    @api.depends("res_model", "res_id")
    def _compute_source_ref(self):
        for document in self:
            document.source_ref = f"{document.res_model},{document.res_id}" if document.res_model else False

    @api.depends("attachment_id", "signed_attachment_id")
    def _compute_pdf(self):
        for document in self:
            attachment = document.signed_attachment_id or document.attachment_id
            document.pdf = attachment.datas if attachment else False
            document.pdf_name = attachment.name if attachment else False

    def _compute_reader_user_ids(self):
        # A search-only field (record rules, checked in SQL by _check_access): listing every
        # user who may read a document is not needed anywhere.
        for document in self:
            document.reader_user_ids = False

    def _search_reader_user_ids(self, operator, value):
        """Documents whose source record the given user may read, resolved in SQL when the
        query runs (record-rule domains are cached per user): each source model's own
        record rules, applied for that user."""
        if operator != "in":
            return NotImplemented
        user_ids = [v for v in value if isinstance(v, int)]
        if len(user_ids) != 1:
            return Domain.FALSE
        user = self.env["res.users"].browse(user_ids)
        domains = []
        for model_name in self.env["emulation.document.mixin"]._document_models():
            readable = self.env[model_name].with_user(user)._search([])
            domains.append(Domain("res_model", "=", model_name) & Domain("res_id", "in", readable))
        return Domain.OR(domains)

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
            raise UserError(self.env._("Issued documents cannot be changed: a correction is a new document."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Issued documents stay in the register and cannot be deleted."))

    def action_open_source(self):
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id)
        record.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
