"""Two officers issue at the same moment, each in their own transaction, as two requests
of the server do (odoo.service.model.retrying: a request that meets a serialisation
failure is rolled back and run again). The register's row lock makes them take
consecutive numbers: never the same one, none skipped.

The data is committed (the other transaction must see it) under a unique suffix and
removed afterwards."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from unittest.mock import patch

from odoo import SUPERUSER_ID
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name, new_test_user, tagged
from odoo.tools import SQL

from .test_concurrency import new_env

APPROVER = "emulation_campaign.group_emulation_approver"
REPORTER = "emulation_campaign.group_emulation_reporter"


@tagged("post_install", "-at_install")
class TestDocumentConcurrency(BaseCase):
    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.suffix = str(time.time_ns())[-10:]
        self.addCleanup(self.remove_data)
        with self.registry.cursor() as cr:
            env = new_env(self.registry, cr, SUPERUSER_ID)

            def user(name, group):
                login = f"dc_{name}_{self.suffix}"
                return new_test_user(env, login=login, groups=group, password=login).id

            self.users = {"p": user("p", APPROVER), "o1": user("o1", REPORTER), "o2": user("o2", REPORTER)}
            province = env["emulation.unit"].create(
                {"name": "DC Province", "code": f"DC-P-{self.suffix}", "user_ids": [self.users["p"]]}
            )
            unit = env["emulation.unit"].create(
                {
                    "name": "DC Commune",
                    "code": f"DC-C-{self.suffix}",
                    "document_symbol": "CCB",
                    "parent_id": province.id,
                    "user_ids": [self.users["o1"], self.users["o2"]],
                }
            )
            campaign = env["emulation.campaign"].create(
                {
                    "name": "DC Campaign",
                    "code": f"DC-{self.suffix}",
                    "issuing_unit_id": province.id,
                    "unit_ids": unit.ids,
                    "year_from": 2024,
                    "year_to": 2025,
                    "criterion_ids": [Command.create({"code": "1", "name": "Members", "value_type": "integer"})],
                }
            )
            campaign.action_launch()
            reports = campaign.submission_ids.filtered(lambda s: s.unit_id == unit).sorted("period_id")
            for report in reports:
                report.line_ids.write({"value_number": 10})
                report.action_submit()
                report.action_approve()
            self.campaign_id, self.unit_id = campaign.id, unit.id
            self.unit_ids = [province.id, unit.id]
            self.report_ids = reports.ids

    def remove_data(self):
        with self.registry.cursor() as cr:
            env = new_env(self.registry, cr, SUPERUSER_ID)
            campaign = env["emulation.campaign"].browse(self.campaign_id)
            submissions = campaign.submission_ids
            env["mail.activity"].search(
                [("res_model", "=", "emulation.submission"), ("res_id", "in", submissions.ids)]
            ).unlink()
            documents = env["emulation.document"].search([("unit_id", "in", self.unit_ids)]).ids
            # tear down without the business rules that protect real data
            cr.execute(
                SQL("DELETE FROM ir_attachment WHERE res_model = 'emulation.document' AND res_id = ANY(%s)", documents)
            )
            for table, column, ids in (
                ("emulation_document", "id", documents),
                ("emulation_document_register", "unit_id", self.unit_ids),
                ("emulation_submission_history", "submission_id", submissions.ids),
                ("emulation_submission_line", "submission_id", submissions.ids),
                ("emulation_submission", "id", submissions.ids),
                ("emulation_period", "campaign_id", [self.campaign_id]),
                ("emulation_criterion", "campaign_id", [self.campaign_id]),
                ("emulation_campaign", "id", [self.campaign_id]),
            ):
                cr.execute(SQL("DELETE FROM %s WHERE %s = ANY(%s)", SQL.identifier(table), SQL.identifier(column), ids))
            cr.execute(SQL("DELETE FROM emulation_unit WHERE id = ANY(%s)", sorted(self.unit_ids, reverse=True)))
            env["res.users"].browse(self.users.values()).write({"active": False})

    def race(self, *actors):
        """Each (user key, report id) issues in its own transaction, released at the same
        moment once each has read its report, and retried as a request is. Returns each
        outcome and the number of attempts."""
        barrier = threading.Barrier(len(actors))
        attempts = []

        def run(user_key, report_id):
            with self.registry.cursor() as cr:
                env = new_env(self.registry, cr, self.users[user_key])
                report = env["emulation.submission"].browse(report_id)
                report.read(["state", "document_id"])  # read first, as a form does
                barrier.wait(timeout=10)

                def issue():
                    attempts.append(user_key)
                    return report.action_issue()

                try:
                    retrying(issue, env)
                    return "ok"
                except UserError as error:
                    return f"refused: {error}"

        # wkhtmltopdf fetches the report's CSS from this server while the test runner holds
        # the registry lock: let the server's requests through, as HttpCase does.
        with patch.object(Registry, "_lock", DummyRLock()), ThreadPoolExecutor(max_workers=len(actors)) as executor:
            futures = [executor.submit(run, *actor) for actor in actors]
            return [future.result(timeout=120) for future in futures], attempts

    def read_back(self):
        with self.registry.cursor() as cr:
            env = new_env(self.registry, cr, SUPERUSER_ID)
            documents = env["emulation.document"].search([("unit_id", "=", self.unit_id)])
            register = env["emulation.document.register"].search([("unit_id", "=", self.unit_id)])
            reports = env["emulation.submission"].browse(self.report_ids)
            return (
                sorted(documents.mapped("name")),
                register.mapped("last_number"),
                sorted(reports.mapped("document_number"), key=str),
                [len(document.attachment_id.raw or b"") > 1000 for document in documents],
            )

    def test_two_officers_issue_at_once(self):
        """Two reports of one unit, issued by its two officers at the same moment."""
        outcomes, attempts = self.race(("o1", self.report_ids[0]), ("o2", self.report_ids[1]))
        self.assertEqual(outcomes, ["ok", "ok"])
        # the second waited for the first one's lock, failed to serialise and was run again
        self.assertGreaterEqual(len(attempts), 3, attempts)
        names, last_numbers, numbers, have_pdf = self.read_back()
        self.assertEqual(names, ["01/BC-CCB", "02/BC-CCB"])
        self.assertEqual(numbers, names)
        self.assertEqual(last_numbers, [2])
        self.assertEqual(have_pdf, [True, True])

    def test_one_report_issued_twice_at_once(self):
        """Both officers click Issue on the same report: one number is taken, once."""
        outcomes, _attempts = self.race(("o1", self.report_ids[0]), ("o2", self.report_ids[0]))
        self.assertEqual(sorted(o == "ok" for o in outcomes), [False, True], outcomes)
        refused = next(o for o in outcomes if o != "ok")
        self.assertTrue("Someone else" in refused or "Already issued" in refused, refused)
        names, last_numbers, numbers, _have_pdf = self.read_back()
        self.assertEqual((names, last_numbers), (["01/BC-CCB"], [1]))
        self.assertEqual(numbers, ["01/BC-CCB", False])
