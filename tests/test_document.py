"""Issuing official documents: numbers, the frozen PDF, the signed copy, corrections,
immutability through every door and who sees what."""

import base64
import datetime
import io
import subprocess
import tempfile
import unicodedata
import xmlrpc.client

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, tagged
from odoo.tools import mute_logger
from odoo.tools.pdf import PdfWriter

from .common import EmulationHttpCase

REPORT = "emulation_campaign.report_submission"
DISPATCH = "emulation_campaign.report_campaign_dispatch"
VALUES = {"1": 120, "2": 15.5, "3": 40}
SIGNED_PARAM = "emulation_campaign.signed_pdf_max_mb"


def blank_pdf(pages=1):
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


@tagged("post_install", "-at_install")
class TestDocumentIssue(EmulationHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.province.write({"document_symbol": "CCB", "office_symbol": "VP"})
        cls.c11.document_symbol = "CCB"
        cls.campaign.write(
            {
                "parent_body": "Hội CCB Việt Nam",
                "dispatch_place": "Quảng Nam",
                "dispatch_subject": "triển khai phong trào thi đua",
                "signer_name": "Nguyễn Văn Anh",
            }
        )
        cls.Document = cls.env["emulation.document"]
        cls.period_2026 = cls.campaign.period_ids.filtered(lambda p: p.name == "2026")

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def approved(self, unit, officer, approver, period=None):
        submission = self.submission(unit, period)
        self.fill(submission, VALUES, officer)
        submission.with_user(officer).action_submit()
        submission.with_user(approver).action_approve()
        return submission

    def print_pdf(self, report, records, user=None, force=True):
        Report = self.env["ir.actions.report"]
        if user:
            Report = Report.with_user(user)
        if force:
            Report = Report.with_context(force_report_rendering=True)
        return Report._render_qweb_pdf(report, records.ids)

    def pdf_text(self, content):
        """The PDF's text read by poppler, its spaces and line breaks collapsed."""
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(content)
            pdf.flush()
            text = subprocess.run(["pdftotext", pdf.name, "-"], capture_output=True, check=True, timeout=60).stdout
        return " ".join(unicodedata.normalize("NFC", text.decode()).split())

    def upload(self, record, content, user, name="signed.pdf"):
        record.with_user(user).write({"signed_pdf": base64.b64encode(content), "signed_pdf_name": name})

    # ------------------------------------------------------------------
    # Numbers
    # ------------------------------------------------------------------
    def test_numbers_padding_symbols_and_units(self):
        with freeze_time("2026-03-01 03:00:00"):
            report = self.approved(self.c11, self.c11_user, self.d1_user)
            self.assertIs(report.with_user(self.c11_user).action_issue(), True)
            self.assertEqual(report.document_number, "01/BC-CCB")
            self.assertEqual(report.issue_date, datetime.date(2026, 3, 1))
            self.assertEqual(report.document_id.register_id.year, 2026)
            # another unit: its own register, its code when it has no symbol
            d2_report = self.approved(self.d2, self.d2_user, self.province_user)
            d2_report.with_user(self.d2_user).action_issue()
            self.assertEqual(d2_report.document_number, "01/BC-T-D2")
            # the dispatch: the province's register, its symbol and its drafting office's
            Register = self.env["emulation.document.register"]
            for _i in range(101):
                Register._take_number(self.province, 2026)
            self.campaign.with_user(self.province_user).action_issue()
            self.assertEqual(self.campaign.document_number, "102/CCB-VP")
            # the reports cite the dispatch by its issued number
            self.assertEqual(self.campaign.dispatch_number, "102/CCB-VP")
            self.assertEqual(self.campaign.dispatch_date, datetime.date(2026, 3, 1))
            # the second document of Commune 11's register: padded
            self.assertEqual(report.document_id.register_id.last_number, 1)
            for _i in range(7):
                Register._take_number(self.c11, 2026)
            second = self.approved(self.c11, self.c11_user, self.d1_user, self.period_2026)
            second.with_user(self.c11_user).action_issue()
            self.assertEqual(second.document_number, "09/BC-CCB")
            self.assertEqual(report.document_id.register_id, second.document_id.register_id)
            self.assertEqual(second.document_id.sequence, 9)

    def test_numbering_restarts_each_first_of_january(self):
        # 23:30 on 31 December in Việt Nam (UTC+7): still 2025
        with freeze_time("2025-12-31 16:30:00"):
            first = self.approved(self.c11, self.c11_user, self.d1_user)
            first.with_user(self.c11_user).action_issue()
        # 00:30 on 1 January there, still 31 December in UTC: a new register, from 01
        with freeze_time("2025-12-31 17:30:00"):
            second = self.approved(self.c11, self.c11_user, self.d1_user, self.period_2026)
            second.with_user(self.c11_user).action_issue()
        self.assertEqual((first.document_number, first.issue_date), ("01/BC-CCB", datetime.date(2025, 12, 31)))
        self.assertEqual((second.document_number, second.issue_date), ("01/BC-CCB", datetime.date(2026, 1, 1)))
        registers = (first | second).document_id.register_id
        self.assertEqual(sorted(registers.mapped("year")), [2025, 2026])
        self.assertEqual(registers.unit_id, self.c11)

    def test_issue_refusals(self):
        draft = self.submission(self.c11)
        with self.assertRaisesRegex(UserError, "once submitted upward or approved"):
            draft.with_user(self.c11_user).action_issue()
        report = self.approved(self.c11, self.c11_user, self.d1_user)
        # the approver above reads the report but does not issue it; nor does another unit
        with self.assertRaises(AccessError):
            report.with_user(self.d1_user).action_issue()
        with self.assertRaises(AccessError):
            report.with_user(self.c12_user).action_issue()
        with self.assertRaises(AccessError):
            report.with_user(self.outsider).action_issue()
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.c11_user).action_issue()
        self.assertFalse(report.document_id)
        self.assertFalse(
            self.env["emulation.document.register"].search([("unit_id", "in", (self.c11 | self.province).ids)])
        )
        report.with_user(self.manager).action_issue()
        with self.assertRaisesRegex(UserError, "Already issued"):
            report.with_user(self.c11_user).action_issue()
        self.assertEqual(self.Document.search_count([("res_id", "=", report.id)]), 1)
        self.assertEqual(report.document_id.register_id.last_number, 1)

    # ------------------------------------------------------------------
    # The frozen PDF
    # ------------------------------------------------------------------
    def test_reprint_is_byte_for_byte(self):
        with freeze_time("2025-12-05 03:00:00"):
            report = self.approved(self.c11, self.c11_user, self.d1_user)
            report.with_user(self.c11_user).action_issue()
        issued = report.issued_attachment_id.sudo()
        self.assertEqual(issued.mimetype, "application/pdf")
        self.assertEqual((issued.res_model, issued.res_id), ("emulation.document", report.document_id.id))
        text = self.pdf_text(issued.raw)
        self.assertIn("Số: 01/BC-CCB", text)
        self.assertIn("ngày 05 tháng 12 năm 2025", text)
        # later changes do not reach the issued document
        self.c11.sudo().name = "Commune 11 renamed"
        for user in (self.c11_user, self.d1_user, self.manager):
            content, kind = self.print_pdf(REPORT, report, user)
            self.assertEqual((content, kind), (issued.raw, "pdf"))
            # even without forcing the PDF engine (tests render HTML otherwise)
            self.assertEqual(self.print_pdf(REPORT, report, user, force=False)[0], issued.raw)
        self.env.invalidate_all()
        self.assertEqual(report.with_user(self.c11_user).issued_pdf, issued.datas)
        # a reader of nothing gets nothing
        with self.assertRaises(AccessError):
            self.print_pdf(REPORT, report, self.c12_user)
        # with a report not yet issued: the issued one as kept, the other rendered
        other = self.approved(self.c12, self.c12_user, self.d1_user)
        both, kind = self.print_pdf(REPORT, report | other, self.d1_user)
        self.assertEqual(kind, "pdf")
        self.assertIn("Commune 12", self.pdf_text(both))
        self.assertNotIn("renamed", self.pdf_text(both))

    def test_print_and_download_over_http(self):
        """What a user clicks: Print (the report route) and the download of the kept files."""
        report = self.approved(self.c11, self.c11_user, self.d1_user)
        report.with_user(self.c11_user).action_issue()
        issued = report.issued_attachment_id.raw
        self.authenticate(self.d1_user.login, self.d1_user.login)
        response = self.url_open(f"/report/pdf/{REPORT}/{report.id}")
        self.assertEqual((response.status_code, response.content), (200, issued))
        response = self.url_open(f"/web/content/emulation.submission/{report.id}/issued_pdf?download=true")
        self.assertEqual((response.status_code, response.content), (200, issued))
        signed = blank_pdf()
        self.upload(report, signed, self.c11_user)
        self.assertEqual(self.url_open(f"/report/pdf/{REPORT}/{report.id}").content, signed)
        response = self.url_open(f"/web/content/emulation.submission/{report.id}/signed_pdf?download=true")
        self.assertEqual((response.status_code, response.content), (200, signed))
        # another commune's officer gets neither
        self.authenticate(self.c12_user.login, self.c12_user.login)
        with mute_logger("odoo.http"):
            for url in (
                f"/report/pdf/{REPORT}/{report.id}",
                f"/web/content/emulation.submission/{report.id}/signed_pdf",
                f"/web/content/{report.document_id.attachment_id.id}",
            ):
                response = self.url_open(url)
                self.assertNotIn(response.status_code, (200,), url)
                self.assertNotIn(signed, response.content)
                self.assertNotIn(issued[:200], response.content)

    def test_dispatch_issue_and_print(self):
        with freeze_time("2025-09-16 02:00:00"):
            self.campaign.with_user(self.manager).action_issue()
        document = self.campaign.document_id
        self.assertEqual(
            (document.name, document.document_type, document.subject, document.signer),
            ("01/CCB-VP", "dispatch", "V/v triển khai phong trào thi đua", "Nguyễn Văn Anh"),
        )
        self.assertIn("Commune 11", document.recipients)
        raw = document.attachment_id.raw
        self.assertIn("Số: 01/CCB-VP", self.pdf_text(raw))
        self.assertEqual(self.print_pdf(DISPATCH, self.campaign, self.c12_user)[0], raw)
        # a report printed afterwards cites the issued dispatch
        report = self.approved(self.c11, self.c11_user, self.d1_user)
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, report.ids)[0].decode()
        self.assertIn("Công văn số 01/CCB-VP ngày 16 tháng 9 năm 2025", html)

    # ------------------------------------------------------------------
    # Immutability
    # ------------------------------------------------------------------
    def test_issued_report_is_frozen(self):
        report = self.approved(self.c11, self.c11_user, self.d1_user)
        report.with_user(self.c11_user).action_issue()
        document = report.document_id
        line = report.line_ids[0]
        before = (report.results, line.value_number, document.name, document.attachment_id.raw)
        manager_report = report.with_user(self.manager)
        for attempt in (
            lambda: manager_report.write({"results": "Rewritten"}),
            lambda: manager_report.write({"line_ids": [Command.update(line.id, {"value_number": 1})]}),
            lambda: manager_report.write({"line_ids": [Command.delete(line.id)]}),
            lambda: line.with_user(self.manager).write({"value_number": 1}),
            lambda: line.with_user(self.manager).unlink(),
            lambda: manager_report.unlink(),
            lambda: manager_report.write({"document_id": False}),
            lambda: manager_report.write({"document_number": "99/BC-CCB"}),
            lambda: manager_report.write({"is_issued": False}),
            lambda: manager_report.write({"replaces_document_id": document.id}),
            lambda: (
                self.env["emulation.submission.line"]
                .with_user(self.manager)
                .create({"submission_id": report.id, "criterion_id": self.criteria["1"].id})
            ),
            # the server itself does not rewrite an issued report either
            lambda: report.sudo().write({"results": "Rewritten"}),
            lambda: report.sudo().unlink(),
        ):
            with self.assertRaises(UserError):
                attempt()
        # the register entry and its files: nobody writes or deletes them
        for user in (self.c11_user, self.manager):
            with self.assertRaises(AccessError):
                document.with_user(user).write({"name": "99/BC-CCB"})
            with self.assertRaises(AccessError):
                document.with_user(user).unlink()
            with self.assertRaises(AccessError):
                document.attachment_id.with_user(user).write({"raw": b"%PDF-1.4 forged"})
            with self.assertRaises(AccessError):
                document.attachment_id.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["ir.attachment"].with_user(user).create(
                    {"name": "forged.pdf", "raw": b"%PDF-1.4", "res_model": document._name, "res_id": document.id}
                )
        with self.assertRaisesRegex(UserError, "never change"):
            document.attachment_id.sudo().write({"raw": b"%PDF-1.4 forged"})
        with self.assertRaisesRegex(UserError, "never change"):
            document.attachment_id.sudo().write({"res_id": report.id, "res_model": report._name})
        with self.assertRaisesRegex(UserError, "never change"):
            document.attachment_id.sudo().unlink()
        with self.assertRaises(UserError):
            document.sudo().unlink()
        # moving the file to another storage rewrites the same bytes: allowed
        document.attachment_id.sudo().write({"raw": before[3], "mimetype": "application/pdf"})
        # the workflow still runs on: the district consolidates the approved report
        self.approved(self.c12, self.c12_user, self.d1_user)
        self.submission(self.d1).with_user(self.d1_user).action_consolidate()
        self.assertEqual(report.state, "consolidated")
        self.env.invalidate_all()
        self.assertEqual(
            (report.results, line.value_number, document.name, document.attachment_id.raw),
            before,
        )
        # the chatter stays open
        report.with_user(self.c11_user).message_post(body="Printed and sent.")
        # the form shows it read-only; a report not issued keeps its editable fields, and
        # what the model makes read-only stays so
        with self.assertRaises(AssertionError), Form(report.with_user(self.c11_user)) as form:
            form.results = "Rewritten"
        draft = self.submission(self.c12, self.period_2026).with_user(self.c12_user)
        with Form(draft) as form:
            form.results = "Our results"
            with self.assertRaises(AssertionError):
                form.return_reason = "Not mine to write"
        self.assertEqual(draft.results, "Our results")

    def test_issued_dispatch_is_frozen(self):
        self.campaign.with_user(self.manager).action_issue()
        campaign = self.campaign.with_user(self.manager)
        criterion = self.criteria["1"].with_user(self.manager)
        for attempt in (
            lambda: campaign.write({"dispatch_subject": "another subject"}),
            lambda: campaign.write({"dispatch_number": "99/CCB-VP"}),
            lambda: campaign.write({"criterion_ids": [Command.update(criterion.id, {"name": "Renamed"})]}),
            lambda: campaign.write({"criterion_ids": [Command.create({"code": "9", "name": "New"})]}),
            lambda: criterion.write({"name": "Renamed"}),
            lambda: criterion.write({"uom": "persons"}),
            lambda: (
                self.env["emulation.criterion"]
                .with_user(self.manager)
                .create({"campaign_id": campaign.id, "code": "9", "name": "New"})
            ),
            lambda: self.criteria["3"].with_user(self.manager).unlink(),
        ):
            with self.assertRaises(UserError):
                attempt()
        # the movement runs on: closed, and copied into a new campaign that is not issued
        campaign.action_close()
        self.assertEqual(campaign.state, "closed")
        copy = campaign.copy({"code": "T-LS-2"})
        self.assertFalse(copy.is_issued or copy.document_id or copy.dispatch_number)
        # the form shows the issued dispatch read-only
        with Form(campaign) as form:
            with self.assertRaises(AssertionError):
                form.dispatch_subject = "another subject"

    @mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http")
    def test_frozen_over_xmlrpc(self):
        report = self.approved(self.c11, self.c11_user, self.d1_user)
        db, rpc = self.env.cr.dbname, self.xmlrpc_object.execute_kw
        user = self.c11_user
        self.assertIs(rpc(db, user.id, user.login, "emulation.submission", "action_issue", [report.ids]), True)
        attachment = report.issued_attachment_id
        manager = self.manager
        for model, method, args, code in (
            ("emulation.submission", "write", [report.ids, {"results": "x"}], 2),
            ("emulation.submission", "unlink", [report.ids], 2),
            ("emulation.submission", "action_issue", [report.ids], 2),
            ("emulation.document", "write", [report.document_id.ids, {"name": "x"}], 4),
            ("ir.attachment", "write", [attachment.ids, {"datas": base64.b64encode(b"%PDF-x").decode()}], 4),
            ("ir.attachment", "unlink", [attachment.ids], 4),
        ):
            with self.subTest(model=model, method=method), self.assertRaises(xmlrpc.client.Fault) as caught:
                rpc(db, manager.id, manager.login, model, method, args)
            self.assertEqual(caught.exception.faultCode, code, caught.exception.faultString)
        self.env.invalidate_all()
        self.assertTrue(attachment.exists())

    # ------------------------------------------------------------------
    # Corrections
    # ------------------------------------------------------------------
    def test_report_correction_is_a_new_document(self):
        report = self.approved(self.c11, self.c11_user, self.d1_user)
        report.with_user(self.c11_user).action_issue()
        old = report.document_id
        with self.assertRaisesRegex(UserError, "returning it"):
            report.with_user(self.c11_user).action_start_correction()
        # the approver returns it: the report can be corrected, the issued document stays
        report.with_user(self.d1_user).action_return("Recount the members")
        self.assertFalse(report.document_id)
        self.assertEqual(report.replaces_document_id, old)
        self.assertEqual(old.state, "issued")
        self.fill(report, {"1": 130}, self.c11_user)
        report.with_user(self.c11_user).action_submit()
        report.with_user(self.d1_user).action_approve()
        report.with_user(self.c11_user).action_issue()
        new = report.document_id
        self.assertEqual((new.name, new.replaces_id), ("02/BC-CCB", old))
        self.assertEqual((old.state, old.replaced_by_id), ("replaced", new))
        self.assertIn("Văn bản này thay thế văn bản số 01/BC-CCB", self.pdf_text(new.attachment_id.raw))
        self.assertNotEqual(old.attachment_id.raw, new.attachment_id.raw)
        self.assertEqual(self.print_pdf(REPORT, report, self.c11_user)[0], new.attachment_id.raw)

    def test_dispatch_correction(self):
        self.campaign.with_user(self.manager).action_issue()
        old = self.campaign.document_id
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.c11_user).action_start_correction()
        self.assertIs(self.campaign.with_user(self.province_user).action_start_correction(), True)
        with self.assertRaisesRegex(UserError, "Only issued documents"):
            self.campaign.with_user(self.province_user).action_start_correction()
        self.campaign.with_user(self.manager).dispatch_subject = "triển khai phong trào thi đua (sửa đổi)"
        self.campaign.with_user(self.province_user).action_issue()
        self.assertEqual(self.campaign.document_number, "02/CCB-VP")
        self.assertEqual((old.state, self.campaign.document_id.replaces_id), ("replaced", old))
        self.assertEqual(old.subject, "V/v triển khai phong trào thi đua")

    # ------------------------------------------------------------------
    # The signed copy
    # ------------------------------------------------------------------
    def test_signed_copy(self):
        report = self.approved(self.c11, self.c11_user, self.d1_user)
        signed = blank_pdf(2)
        with self.assertRaisesRegex(UserError, "Issue"):
            self.upload(report, signed, self.c11_user)
        self.assertFalse(self.Document.search([("res_model", "=", report._name), ("res_id", "=", report.id)]))
        report.with_user(self.c11_user).action_issue()
        issued = report.issued_attachment_id.raw
        self.env["ir.config_parameter"].sudo().set_param(SIGNED_PARAM, "0.01")  # 10 KiB
        for content, message in (
            (b"Not a PDF at all", "must be a PDF"),
            (b"\x89PNG\r\n\x1a\n" + b"0" * 64, "must be a PDF"),
            (b"%PDF-1.7\n garbage that is no PDF", "not a readable PDF"),
            (b"%PDF-1.7\n" + b"0" * 20_000, "too large"),
            (b"", "empty"),
        ):
            with self.subTest(message=message), self.assertRaisesRegex(UserError, message):
                self.upload(report, content, self.c11_user)
        with self.assertRaisesRegex(UserError, "base64"):
            report.with_user(self.c11_user).write({"signed_pdf": "%%% not base64 %%%"})
        with self.assertRaisesRegex(UserError, "base64"):
            report.with_user(self.c11_user).action_upload_signed_pdf(12345)
        # only the unit's own officers: not the approver above, a manager or another unit
        for user in (self.d1_user, self.manager):
            with self.assertRaises(AccessError):
                self.upload(report, signed, user)
        with self.assertRaises(AccessError):
            self.upload(report, signed, self.c12_user)
        self.assertFalse(report.document_id.signed_attachment_id)
        self.upload(report, signed, self.c11_user, name="bao-cao\x00-ky-so.PDF")
        document = report.document_id
        self.assertEqual((document.state, report.document_state), ("signed", "signed"))
        self.assertEqual(document.signed_by_id, self.c11_user)
        self.assertEqual(report.signed_pdf_name, "bao-cao-ky-so.PDF")
        self.env.invalidate_all()
        self.assertEqual(base64.b64decode(report.with_user(self.d1_user).signed_pdf), signed)
        # the signed copy is the issued version now: printed and downloaded as it is
        self.assertEqual(self.print_pdf(REPORT, report, self.d1_user)[0], signed)
        self.env.invalidate_all()
        self.assertEqual(document.with_user(self.d1_user).pdf, base64.b64encode(signed))
        self.assertEqual(document.attachment_id.raw, issued)
        # and it stays
        with self.assertRaisesRegex(UserError, "already has its signed copy"):
            self.upload(report, blank_pdf(), self.c11_user)
        with self.assertRaisesRegex(UserError, "stays"):
            report.with_user(self.c11_user).write({"signed_pdf": False})
        with self.assertRaisesRegex(UserError, "never change"):
            document.signed_attachment_id.sudo().unlink()

    def test_signed_copy_of_the_dispatch(self):
        self.campaign.with_user(self.manager).action_issue()
        signed = blank_pdf()
        # the province's officer reads the campaign without writing it, and uploads its signed dispatch
        self.assertIs(
            self.campaign.with_user(self.province_user).action_upload_signed_pdf(
                base64.b64encode(signed).decode(), "102-CCB-VP signed.pdf"
            ),
            True,
        )
        self.assertEqual(self.campaign.signed_pdf_name, "102-CCB-VP signed.pdf")
        self.assertEqual(self.print_pdf(DISPATCH, self.campaign, self.c11_user)[0], signed)

    # ------------------------------------------------------------------
    # Who sees what
    # ------------------------------------------------------------------
    def test_register_access_per_role(self):
        self.campaign.with_user(self.manager).action_issue()
        c11_report = self.approved(self.c11, self.c11_user, self.d1_user)
        c11_report.with_user(self.c11_user).action_issue()
        d2_report = self.approved(self.d2, self.d2_user, self.province_user)
        d2_report.with_user(self.d2_user).action_issue()
        dispatch, c11_doc, d2_doc = self.campaign.document_id, c11_report.document_id, d2_report.document_id
        expected = {
            self.c11_user: dispatch | c11_doc,
            self.c12_user: dispatch,
            self.d1_user: dispatch | c11_doc,  # above Commune 11
            self.d2_user: dispatch | d2_doc,
            self.province_user: dispatch | c11_doc | d2_doc,
            self.manager: dispatch | c11_doc | d2_doc,
        }
        units = self.province | self.d1 | self.d2 | self.c11 | self.c12
        for user, documents in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(self.Document.with_user(user).search([("unit_id", "in", units.ids)]), documents)
        # the files follow the documents (read from the database, not from the cache)
        for user, documents in expected.items():
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                everything = dispatch | c11_doc | d2_doc
                self.assertEqual(everything.with_user(user)._filtered_access("read"), documents.with_user(user))
                files = documents.attachment_id.with_user(user)
                self.assertEqual(len(files.read(["raw"])), len(documents))
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            c11_doc.attachment_id.with_user(self.c12_user).read(["raw"])
        with self.assertRaises(AccessError):
            c11_doc.with_user(self.d2_user).read(["name"])
        with self.assertRaises(AccessError):
            self.Document.with_user(self.outsider).search([])
        # a change of officers applies at once (resolved in SQL, not cached)
        self.c11.sudo().user_ids = [Command.link(self.c12_user.id)]
        self.assertEqual(
            self.Document.with_user(self.c12_user).search([("unit_id", "in", units.ids)]), dispatch | c11_doc
        )
        # registers: one's own units and those below
        Register = self.env["emulation.document.register"]
        self.assertEqual(Register.with_user(self.d1_user).search([]).unit_id, self.c11)
        self.assertEqual(Register.with_user(self.d2_user).search([]).unit_id, self.d2)
        self.assertEqual(len(Register.with_user(self.manager).search([("unit_id", "in", units.ids)])), 3)

    def test_register_list_and_export(self):
        with freeze_time("2025-12-05 03:00:00"):
            self.campaign.with_user(self.manager).action_issue()
            report = self.approved(self.c11, self.c11_user, self.d1_user)
            report.with_user(self.c11_user).action_issue()
        # Odoo's export (the list's "Export" to XLSX) is for users given "Access to export feature"
        self.d1_user.group_ids = [Command.link(self.env.ref("base.group_allow_export").id)]
        fields = ["name", "date", "document_type", "subject", "signer", "recipients", "state"]
        rows = self.Document.with_user(self.d1_user).search([("year", "=", 2025)]).export_data(fields)["datas"]
        self.assertEqual(
            sorted(row[:3] for row in rows),
            [
                ["01/BC-CCB", datetime.date(2025, 12, 5), "Report (Báo cáo)"],
                ["01/CCB-VP", datetime.date(2025, 12, 5), "Dispatch (Công văn)"],
            ],
        )
        groups = self.Document.with_user(self.manager)._read_group(
            [("unit_id", "child_of", self.province.id)], ["register_id"], ["__count"]
        )
        self.assertEqual(
            sorted((register.unit_id.name, count) for register, count in groups), [("Commune 11", 1), ("Province", 1)]
        )

    def test_issue_button_for_who_may_issue(self):
        report = self.approved(self.c11, self.c11_user, self.d1_user)
        self.assertTrue(report.with_user(self.c11_user).can_issue)
        self.assertTrue(report.with_user(self.manager).can_issue)
        for user in (self.d1_user, self.province_user, self.c12_user):
            self.assertFalse(report.with_user(user).can_issue, user.login)
        report.with_user(self.c11_user).action_issue()
        self.assertFalse(report.with_user(self.c11_user).can_issue, "issued once")

    def test_decision_issue(self):
        """The commendation decision is issued like the dispatch and the reports: the next
        number of its unit's register (…/QĐ-CCB), its PDF kept, the record frozen."""
        proposal = (
            self.env["emulation.commendation"]
            .with_user(self.d1_user)
            .create(
                {
                    "campaign_id": self.campaign.id,
                    "period_id": self.period.id,
                    "proposing_unit_id": self.d1.id,
                    "nominee_kind": "collective",
                    "nominee_unit_id": self.c11.id,
                    "achievement": "Led the movement in its district.",
                    "form": "giay_khen",
                }
            )
        )
        proposal.with_user(self.d1_user).action_propose()
        proposal.with_user(self.province_user).action_approve()
        Decision = self.env["emulation.commendation.decision"].with_user(self.province_user)
        decision = Decision.create(
            {"unit_id": self.province.id, "campaign_id": self.campaign.id, "period_id": self.period.id}
        )
        # nothing to grant yet: no number taken
        with self.assertRaisesRegex(UserError, "approved proposals"):
            decision.action_issue()
        self.assertFalse(decision.document_number)
        decision.write({"commendation_ids": [(4, proposal.id)], "signer_name": "Nguyễn Văn Anh"})
        with freeze_time("2026-03-02 03:00:00"):
            self.assertIs(decision.action_issue(), True)
        self.assertEqual(decision.document_number, "01/QĐ-CCB")
        self.assertEqual(decision.number, "01/QĐ-CCB")
        self.assertEqual(decision.document_id.document_type, "decision")
        self.assertIn("01/QĐ-CCB", self.pdf_text(decision.issued_pdf and base64.b64decode(decision.issued_pdf)))
        # printed again: the kept file, byte for byte
        self.assertEqual(
            self.print_pdf("emulation_campaign.report_commendation_decision", decision, self.province_user)[0],
            base64.b64decode(decision.issued_pdf),
        )
        # frozen: its number, its grants
        with self.assertRaises(UserError):
            decision.write({"number": "99/QĐ-CCB"})
        with self.assertRaises(UserError):
            decision.write({"commendation_ids": [(3, proposal.id)]})
        self.assertEqual(decision.commendation_ids, proposal)
