"""Real concurrent transactions: two cursors in two threads act on the same
reports at the same moment. Exactly one wins, the other gets a clear error, and
nothing is counted twice or lost.

The data is committed (other transactions must see it) for each test, under a
unique suffix, and removed afterwards."""

import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, new_test_user, tagged
from odoo.tools import SQL

APPROVER = "emulation_campaign.group_emulation_approver"
REPORTER = "emulation_campaign.group_emulation_reporter"


def new_env(registry, cr, uid):
    """An environment on a cursor of our own. The test runner holds the registry lock
    while tests run, so give the cursor its transaction directly instead of letting
    the environment look the registry up (which waits for that lock). (Transaction
    lives beside Environment, in odoo.orm, which addons do not import: test_lint.)"""
    cr.transaction = sys.modules[api.Environment.__module__].Transaction(registry)
    return api.Environment(cr, uid, {})


@tagged("post_install", "-at_install")
class TestConcurrency(BaseCase):
    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.suffix = str(time.time_ns())[-10:]
        self.addCleanup(self.remove_data)
        with self.registry.cursor() as cr:
            env = new_env(self.registry, cr, SUPERUSER_ID)

            def user(name, group):
                login = f"cc_{name}_{self.suffix}"
                return new_test_user(env, login=login, groups=group, password=login).id

            self.users = {
                "p1": user("p1", APPROVER),
                "p2": user("p2", APPROVER),
                "d1": user("d1", APPROVER),
                "d2": user("d2", APPROVER),
                "c1": user("c1", REPORTER),
                "c2": user("c2", REPORTER),
            }
            Unit = env["emulation.unit"]
            province = Unit.create(
                {"name": "CC Province", "code": f"CC-P-{self.suffix}", "user_ids": [self.users["p1"], self.users["p2"]]}
            )
            district = Unit.create(
                {
                    "name": "CC District",
                    "code": f"CC-D-{self.suffix}",
                    "parent_id": province.id,
                    "user_ids": [self.users["d1"], self.users["d2"]],
                }
            )
            communes = Unit.create(
                [
                    {
                        "name": f"CC Commune {i}",
                        "code": f"CC-C{i}-{self.suffix}",
                        "parent_id": district.id,
                        "user_ids": [self.users[f"c{i}"]],
                    }
                    for i in (1, 2)
                ]
            )
            campaign = env["emulation.campaign"].create(
                {
                    "name": "CC Campaign",
                    "code": f"CC-{self.suffix}",
                    "issuing_unit_id": province.id,
                    "unit_ids": communes.ids,
                    "year_from": 2025,
                    "year_to": 2025,
                    "criterion_ids": [Command.create({"code": "1", "name": "Members", "value_type": "integer"})],
                }
            )
            campaign.action_launch()
            self.campaign_id = campaign.id
            self.unit_ids = (province | district | communes).ids
            subs = {s.unit_id.code.split("-")[1]: s for s in campaign.submission_ids}
            self.district_sub, self.c1_sub, self.c2_sub = subs["D"].id, subs["C1"].id, subs["C2"].id

    def remove_data(self):
        with self.registry.cursor() as cr:
            env = new_env(self.registry, cr, SUPERUSER_ID)
            campaign = env["emulation.campaign"].browse(self.campaign_id)
            submissions = campaign.submission_ids
            env["mail.activity"].search(
                [("res_model", "=", "emulation.submission"), ("res_id", "in", submissions.ids)]
            ).unlink()
            # tear down without the business rules that protect real data
            for table, column, ids in (
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

    def prepare(self, fn):
        with self.registry.cursor() as cr:
            fn(new_env(self.registry, cr, SUPERUSER_ID)["emulation.submission"])

    def race(self, *actors):
        """Run each (user key, submission id, action) in its own transaction, released at
        the same moment once each has read the report. Returns each outcome."""
        barrier = threading.Barrier(len(actors))

        def run(user_key, submission_id, action):
            with self.registry.cursor() as cr:
                env = new_env(self.registry, cr, self.users[user_key])
                record = env["emulation.submission"].browse(submission_id)
                record.read(["state"])  # read first, as a form does
                barrier.wait(timeout=10)
                try:
                    action(record)
                    env.flush_all()
                    cr.commit()  # pylint: disable=invalid-commit
                    return "ok"
                except UserError as error:
                    cr.rollback()
                    return f"refused: {error}"

        with ThreadPoolExecutor(max_workers=len(actors)) as executor:
            futures = [executor.submit(run, *actor) for actor in actors]
            return [future.result(timeout=30) for future in futures]

    def read_back(self, fn):
        with self.registry.cursor() as cr:
            return fn(new_env(self.registry, cr, SUPERUSER_ID)["emulation.submission"])

    def submit_and_approve(self, Submission, submission_id, value):
        sub = Submission.browse(submission_id)
        sub.line_ids.write({"value_number": value})
        sub.action_submit()
        sub.action_approve()

    def approve_communes(self, Submission):
        self.submit_and_approve(Submission, self.c1_sub, 10)
        self.submit_and_approve(Submission, self.c2_sub, 20)

    def test_two_approvers_at_once(self):
        def setup(Submission):
            sub = Submission.browse(self.district_sub)
            sub.action_submit()

        self.prepare(setup)
        outcomes = self.race(
            ("p1", self.district_sub, lambda s: s.action_approve()),
            ("p2", self.district_sub, lambda s: s.action_approve()),
        )
        self.assertEqual(sorted(o == "ok" for o in outcomes), [False, True], outcomes)
        refused = next(o for o in outcomes if o != "ok")
        self.assertTrue("Someone else" in refused or "not possible" in refused, refused)
        history = self.read_back(lambda S: S.browse(self.district_sub).history_ids.mapped("to_state"))
        self.assertEqual(sorted(history), ["approved", "submitted"])

    def test_two_consolidations_at_once(self):
        self.prepare(self.approve_communes)
        outcomes = self.race(
            ("d1", self.district_sub, lambda s: s.action_consolidate()),
            ("d2", self.district_sub, lambda s: s.action_consolidate()),
        )
        self.assertEqual(sorted(o == "ok" for o in outcomes), [False, True], outcomes)

        def check(Submission):
            district = Submission.browse(self.district_sub)
            return (
                district.line_ids.value_number,
                district.source_submission_ids.ids,
                Submission.browse(self.c1_sub).history_ids.mapped("to_state").count("consolidated"),
            )

        total, sources, consolidations = self.read_back(check)
        self.assertEqual(total, 30)  # counted once
        self.assertEqual(sorted(sources), sorted([self.c1_sub, self.c2_sub]))
        self.assertEqual(consolidations, 1)

    def test_return_racing_consolidation(self):
        """The province returns a commune's approved report while the district consolidates it."""

        self.prepare(self.approve_communes)
        outcomes = self.race(
            ("d1", self.district_sub, lambda s: s.action_consolidate()),
            ("p1", self.c2_sub, lambda s: s.action_return("Recount")),
        )
        self.assertEqual(sorted(o == "ok" for o in outcomes), [False, True], outcomes)

        def check(Submission):
            district, c2 = Submission.browse(self.district_sub), Submission.browse(self.c2_sub)
            return c2.state, district.line_ids.value_number, district.source_submission_ids.ids

        c2_state, total, sources = self.read_back(check)
        if outcomes[0] == "ok":  # the consolidation won: Commune 2 is in it, once
            self.assertEqual((c2_state, total, len(sources)), ("consolidated", 30, 2))
        else:  # the return won: nothing was consolidated
            self.assertEqual((c2_state, total, sources), ("returned", 0, []))

    def test_resubmission_racing_consolidation(self):
        """A commune resubmits while the district consolidates without it: both go through,
        the commune is listed as not reported and its report is not lost."""

        def setup(Submission):
            self.submit_and_approve(Submission, self.c1_sub, 10)
            c2 = Submission.browse(self.c2_sub)
            c2.line_ids.write({"value_number": 20})
            c2.action_submit()
            c2.action_return("Recount")

        self.prepare(setup)
        outcomes = self.race(
            ("d1", self.district_sub, lambda s: s.action_consolidate(force=True)),
            ("c2", self.c2_sub, lambda s: s.action_submit()),
        )
        self.assertEqual(outcomes, ["ok", "ok"])

        def check(Submission):
            district, c2 = Submission.browse(self.district_sub), Submission.browse(self.c2_sub)
            return c2.state, district.line_ids.value_number, district.missing_unit_ids.ids, c2.unit_id.id

        c2_state, total, missing, c2_unit = self.read_back(check)
        self.assertEqual((c2_state, total, missing), ("submitted", 10, [c2_unit]))
