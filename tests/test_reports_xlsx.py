"""The XLSX of a report as a report action (OCA's report_xlsx): in the Print menu beside
the PDF, with the PDF's access; the workbook's contents are checked in test_reports.py."""

import io

import openpyxl

from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval, time

from .common import EmulationHttpCase
from .test_reports import C11, C12, XLSX

XLSX_ACTION = "emulation_campaign.action_report_submission_xlsx"
XLSX_REPORT = "emulation_campaign.report_submission_xlsx"


@tagged("post_install", "-at_install")
class TestReportsXlsx(EmulationHttpCase):
    def test_xlsx_report_action(self):
        pdf = self.env.ref("emulation_campaign.action_report_submission")
        action = self.env.ref(XLSX_ACTION)
        self.assertEqual(
            (action.report_type, action.report_name, action.model, action.binding_model_id.model),
            ("xlsx", XLSX_REPORT, "emulation.submission", "emulation.submission"),
        )
        self.assertEqual(action.group_ids, pdf.group_ids, "the same access as the PDF")
        # offered in the Print menu of the reports, beside the PDF, to an officer
        bindings = self.env["ir.actions.actions"].with_user(self.c11_user).get_bindings("emulation.submission")
        printed = {binding["id"] for binding in bindings["report"]}
        self.assertTrue({pdf.id, action.id} <= printed)
        # the file's name, as the PDF's ("Report - ...")
        c11 = self.submission(self.c11)
        name = safe_eval(action.print_report_name, {"object": c11, "time": time})
        self.assertEqual(name, f"Figures - {c11.display_name}")

    def test_xlsx_several_reports(self):
        """Printed from the list with several reports selected: one sheet per report."""
        self.fill(self.submission(self.c11), C11, self.c11_user)
        self.fill(self.submission(self.c12), C12, self.c12_user)
        self.c12.name = "Commune 12 [new]"
        ids = (self.submission(self.c11) | self.submission(self.c12)).ids
        content, kind = self.env["ir.actions.report"].with_user(self.d1_user)._render_xlsx(XLSX_ACTION, ids, None)
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book.sheetnames, ["Commune 11", "Commune 12 _new_"])
        self.assertEqual([book[name]["C7"].value for name in book.sheetnames], [1234, 766])
        self.assertEqual([book[name]["B7"].value for name in book.sheetnames], ["Commune 11", "Commune 12 [new]"])

    @mute_logger("odoo.http", "odoo.addons.report_xlsx.controllers.main")
    def test_xlsx_print_menu_route(self):
        """The route the Print menu downloads from (report_xlsx's /report/xlsx/...)."""
        c11 = self.submission(self.c11)
        self.fill(c11, C11, self.c11_user)
        url = f"/report/xlsx/{XLSX_REPORT}/{c11.id}"
        for login in ("ec_c11", "ec_d1"):
            self.authenticate(login, login)
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, login)
            self.assertEqual(response.headers["Content-Type"], XLSX)
            sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
            cells = (sheet["B7"].value, sheet["C7"].value, sheet["C8"].value)
            self.assertEqual(cells, ("Commune 11", 1234, "=SUM(C7:C7)"), login)
        # another unit's officer or someone outside the campaign gets no workbook
        for login in ("ec_c12", "ec_d2", "ec_outsider"):
            self.authenticate(login, login)
            response = self.url_open(url)
            self.assertNotEqual(response.status_code, 200, login)
            self.assertNotEqual(response.content[:2], b"PK", login)

    def test_xlsx_queries_independent_of_rows(self):
        """The export reads its rows in a fixed number of queries (the record rules once,
        then the figures of all the rows at once): a consolidation of two units takes as
        many as one unit's own report."""
        self.submit_and_approve(self.c11, C11, self.c11_user, self.d1_user)
        self.submit_and_approve(self.c12, C12, self.c12_user, self.d1_user)
        d1 = self.submission(self.d1)
        d1.with_user(self.d1_user).action_consolidate()
        counts = {}
        for name, submission, user in (("d1", d1, self.d1_user), ("c11", self.submission(self.c11), self.c11_user)):
            submission.with_user(user)._export_xlsx()  # the report action's own record, cached afterwards
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            content = submission.with_user(user)._export_xlsx()
            counts[name] = self.env.cr.sql_log_count - before
            self.assertEqual(content[:2], b"PK")
        self.assertEqual(counts["d1"], counts["c11"], counts)
