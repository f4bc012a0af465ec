"""The tree changes during a movement: units close on a date into their successors
(merge, split, a campaign's issuing unit handing over), reports follow the units valid for
each period, history stays as it was."""

import datetime
import re
import xmlrpc.client

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import APPROVER, EmulationCase, EmulationHttpCase

REFORM = "2026-06-30"


class RestructureMixin:
    def setup_history(self):
        """2025 complete: the communes and District 2 approved, District 1 consolidated and
        approved, the province consolidated. 2026 under way: Commune 11 has a figure."""
        self.submit_and_approve(self.c11, {"1": 6}, self.c11_user, self.d1_user)
        self.submit_and_approve(self.c12, {"1": 5}, self.c12_user, self.d1_user)
        self.submit_and_approve(self.d2, {"1": 4}, self.d2_user, self.province_user)
        d1_sub = self.submission(self.d1)
        d1_sub.with_user(self.d1_user).action_consolidate()
        d1_sub.with_user(self.d1_user).action_submit()
        d1_sub.with_user(self.province_user).action_approve()
        self.province_sub = self.submission(self.province)
        self.province_sub.with_user(self.province_user).action_consolidate()
        self.period_2026 = self.campaign.period_ids.filtered(lambda p: p.name == "2026")
        self.fill(self.submission(self.c11, self.period_2026), {"1": 2}, self.c11_user)
        self.c13_user = new_test_user(self.env, login="ec_c13", groups=APPROVER, password="ec_c13")
        self.c13 = self.env["emulation.unit"].create(
            {
                "name": "Commune 13",
                "code": "T-C13",
                "parent_id": self.province.id,
                "level_id": self.level_commune.id,
                "date_start": "2026-07-01",
                "user_ids": [self.c13_user.id],
            }
        )

    def snapshot_2025(self):
        reports = self.env["emulation.submission"].search(
            [("campaign_id", "=", self.campaign.id), ("period_id", "=", self.period.id)]
        )
        return {
            report.unit_id.name: (
                report.state,
                tuple(report.line_ids.mapped("value_number")),
                report.parent_submission_id.id,
            )
            for report in reports
        }


@tagged("post_install", "-at_install")
class TestRestructure(RestructureMixin, EmulationCase):
    def setUp(self):
        super().setUp()
        self.setup_history()

    @freeze_time("2026-08-01")
    def test_merge(self):
        history = self.snapshot_2025()
        closing = self.c11 | self.c12 | self.d1
        with self.assertRaises(AccessError):
            closing.with_user(self.d1_user).action_close(REFORM, self.c13.ids)
        # Commune 11 has figures for 2026: refused with the list, nothing changed
        with self.assertRaisesRegex(UserError, "Commune 11 – 2026"):
            closing.with_user(self.manager).action_close(REFORM, self.c13.ids)
        self.assertFalse(closing.filtered("date_end"))
        self.assertNotIn(self.c13, self.campaign.unit_ids)
        # forced: the filled report stays, outside completeness and consolidation
        c11_2026 = self.submission(self.c11, self.period_2026)
        closing.with_user(self.manager).action_close(REFORM, self.c13.ids, force=True)
        self.assertEqual(set(closing.mapped("date_end")), {datetime.date(2026, 6, 30)})
        self.assertEqual(self.c13.predecessor_ids, closing)
        self.assertIn(self.c13, self.campaign.unit_ids)
        self.assertFalse(c11_2026.active)
        self.assertFalse(self.submission(self.c12, self.period_2026))
        self.assertFalse(self.submission(self.d1, self.period_2026))
        c13_2026 = self.submission(self.c13, self.period_2026)
        self.assertEqual(c13_2026.state, "draft")
        # no report of the new unit before it existed
        self.assertFalse(self.submission(self.c13))
        with self.assertRaisesRegex(UserError, "does not exist on the deadline"):
            self.env["emulation.submission"].with_user(self.c13_user).create(
                {"period_id": self.period.id, "unit_id": self.c13.id}
            )
        # history as it was: states, figures, the tree of 2025
        self.assertEqual(self.snapshot_2025(), history)
        self.assertEqual(self.c11.parent_id, self.d1)
        self.assertEqual(self.submission(self.province)._child_units(), self.d1 | self.d2)
        # 2026 is expected from the units that exist on its deadline
        self.assertEqual(self.submission(self.province, self.period_2026)._child_units(), self.d2 | self.c13)
        self.period_2026.invalidate_recordset()
        self.assertEqual(self.period_2026.expected_count, 3)  # province, District 2, Commune 13
        self.fill(c13_2026, {"1": 8}, self.c13_user)
        c13_2026.with_user(self.c13_user).action_submit()
        self.period_2026.invalidate_recordset()
        self.assertEqual(self.period_2026.submitted_count, 1)
        self.assertLessEqual(self.period_2026.reporting_rate, 100)
        self.assertEqual(self.period.reporting_rate, 100 * self.period.submitted_count / self.period.expected_count)

    @freeze_time("2026-08-01")
    def test_close_a_consolidating_unit_after_its_units(self):
        """A unit that only consolidates (not a reporting unit) closes after the units below
        it: its draft report of the periods after the date goes too, it is not expected."""
        (self.c11 | self.c12).with_user(self.manager).action_close(REFORM, self.c13.ids, force=True)
        self.assertTrue(self.submission(self.d1, self.period_2026))
        self.d1.with_user(self.manager).action_close(REFORM, self.c13.ids)
        self.assertFalse(self.submission(self.d1, self.period_2026))
        self.assertTrue(self.submission(self.d1))  # 2025 as it was
        self.period_2026.invalidate_recordset()
        self.assertEqual(self.period_2026.expected_count, 3)  # province, District 2, Commune 13
        self.assertLessEqual(self.period_2026.reporting_rate, 100)

    @freeze_time("2026-08-01")
    def test_split_and_access_after_handover(self):
        c14_user = new_test_user(self.env, login="ec_c14", groups=APPROVER, password="ec_c14")
        c14 = self.env["emulation.unit"].create(
            {"name": "Commune 14", "code": "T-C14", "parent_id": self.province.id, "user_ids": [c14_user.id]}
        )
        other_user = new_test_user(self.env, login="ec_other", groups=APPROVER, password="ec_other")
        self.env["emulation.unit"].create(
            {"name": "Elsewhere", "code": "T-X", "parent_id": self.province.id, "user_ids": [other_user.id]}
        )
        self.submission(self.c12, self.period_2026).unlink()
        self.c12.with_user(self.manager).action_close(REFORM, (self.c13 | c14).ids)
        self.assertEqual(self.c12.successor_ids, self.c13 | c14)
        c12_2025 = self.submission(self.c12)
        Submission = self.env["emulation.submission"]
        # the approvers of each successor read the predecessor's reports, nobody else
        for user in (self.c13_user, c14_user):
            self.assertIn(c12_2025, Submission.with_user(user).search([("unit_id", "=", self.c12.id)]))
            self.assertEqual(c12_2025.with_user(user).history_ids.mapped("to_state")[:1], ["consolidated"])
        for user in (other_user, self.c11_user, self.d2_user):
            self.assertFalse(Submission.with_user(user).search([("id", "=", c12_2025.id)]), user.login)
        # reading is all they gain: no approving, no returning
        with self.assertRaises(UserError):
            c12_2025.with_user(self.c13_user).action_return("No")
        self.assertEqual(c12_2025.state, "consolidated")

    @freeze_time("2026-08-01")
    def test_access_after_handover_is_planned_cheap(self):
        """Once units have been taken over, the record rules on reports (which follow the
        units taken over) stay a query PostgreSQL estimates as cheap, however many units
        and successions there are: above its JIT threshold, every access-checked query (a
        form, a list, a consolidation) would be compiled first, some 35 ms each at
        national scale. A join of the predecessors with every unit below them was
        estimated at 19,000 here (1,000 more units, 300 of them taken over), 159,000 at
        national scale."""
        self.c12.with_user(self.manager).action_close(REFORM, self.c13.ids, force=True)
        units = self.env["emulation.unit"].create(
            [{"name": f"Xã {i}", "code": f"T-N{i}", "parent_id": self.d2.id} for i in range(1000)]
        )
        units[:300].sudo().write({"successor_ids": [Command.link(self.c13.id)]})
        self.env.flush_all()
        self.env.cr.execute("ANALYZE emulation_unit, emulation_unit_succession_rel, emulation_submission")
        report = self.submission(self.c12)
        Submission = self.env["emulation.submission"].with_user(self.c13_user)
        query = Submission._search([("id", "=", report.id)])
        self.env.cr.execute(SQL("EXPLAIN (FORMAT JSON) %s", query.select()))
        cost = self.env.cr.fetchone()[0][0]["Plan"]["Total Cost"]
        self.env.cr.execute("SELECT current_setting('jit_above_cost')::float")
        self.assertLess(cost, self.env.cr.fetchone()[0] / 20)
        self.assertEqual(Submission.search([("id", "=", report.id)]), report, "the successor's approver reads it")

    @freeze_time("2026-08-01")
    def test_the_issuing_unit_hands_the_campaign_over(self):
        new_province_user = new_test_user(self.env, login="ec_newprov", groups=APPROVER, password="ec_newprov")
        new_province = self.env["emulation.unit"].create(
            {"name": "New Province", "code": "T-NP", "date_start": "2026-07-01", "user_ids": [new_province_user.id]}
        )
        self.c13.parent_id = new_province
        province_2026 = self.submission(self.province, self.period_2026)
        with self.assertRaisesRegex(UserError, "into one successor"):
            self.province.with_user(self.manager).action_close(REFORM, (new_province | self.c13).ids)
        self.assertEqual(self.campaign.issuing_unit_id, self.province)
        self.province.with_user(self.manager).action_close(REFORM, new_province.ids)
        self.assertEqual(self.campaign.issuing_unit_id, new_province)
        # a district that merges into the new province reported below the old one: not top level
        self.d2.with_user(self.manager).action_close(REFORM, new_province.ids)
        self.assertFalse(self.submission(self.d2).is_top_level)
        self.assertFalse(province_2026.exists())
        # the history is still the campaign's: its units still take part, read by the successor
        self.assertTrue(self.d1 | self.c11 | self.province <= self.campaign.member_unit_ids)
        province_2025 = self.submission(self.province)
        self.assertTrue(province_2025.is_top_level)
        self.assertEqual(
            self.env["emulation.submission"].with_user(new_province_user).search([("id", "=", province_2025.id)]),
            province_2025,
        )
        self.assertTrue(self.campaign.with_user(new_province_user).read(["name"]))
        # 2026 and later: the successor's report is the top level
        self.campaign.write({"unit_ids": [(4, self.c13.id)]})
        self.campaign.period_ids._create_missing_submissions()
        new_2026 = self.submission(new_province, self.period_2026)
        self.assertTrue(new_2026.is_top_level)
        # the printed review reads both years, each from the unit that was on top then
        Report = self.env["ir.actions.report"].with_user(new_province_user)
        html = Report._render_qweb_html("emulation_campaign.report_campaign_summary", self.campaign.ids)[0].decode()
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        for expected in (
            "BÁO CÁO SƠ KẾT",
            "Kết quả thực hiện phong trào thi đua “Learning Society” từ năm 2025 đến năm 2026",
            "Năm 2025 Năm 2026",
            "Members trained people 15",
            "Số liệu 2025: Province.",
            "Số liệu 2026: New Province.",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Năm 2027", text)
        top = self.env["emulation.submission"].search(
            [("campaign_id", "=", self.campaign.id), ("is_top_level", "=", True)]
        )
        self.assertEqual(
            top.mapped(lambda r: (r.period_id.name, r.unit_id.name)), [("2026", "New Province"), ("2025", "Province")]
        )

    @freeze_time("2026-08-01")
    def test_closed_units_get_no_reminder(self):
        self.c11.with_user(self.manager).action_close(REFORM, self.c13.ids, force=True)
        c11_2026 = self.submission(self.c11, self.period_2026).with_context(active_test=False)
        with freeze_time("2026-12-04"):
            self.env["emulation.submission"]._cron_send_reminders()
        self.assertFalse(c11_2026.with_context(active_test=False).activity_ids)
        self.assertTrue(self.submission(self.c13, self.period_2026).activity_ids)

    @freeze_time("2026-08-01")
    def test_bad_closings_change_nothing(self):
        def state():
            units = self.env["emulation.unit"].search([("code", "like", "T-")])
            return {unit.code: (unit.date_end, unit.successor_ids.ids) for unit in units}, self.snapshot_2025()

        before = state()
        manager = self.manager
        for units, date, successors, message in (
            (self.c13, "2026-06-30", self.d2.ids, "before it started"),
            (self.c11, REFORM, self.c11.ids, "succeed itself"),
            (self.d1, REFORM, self.c11.ids, "succeed itself or a unit above it"),
            (self.c11, REFORM, [999999999], "not units of the tree"),
            (self.c11, REFORM, [], "Name the successors"),
            (self.c11, REFORM, "abc", "Name the successors"),
            (self.c11, "not a date", self.c13.ids, "on which day"),
            (self.c11, False, self.c13.ids, "on which day"),
        ):
            with self.assertRaisesRegex(UserError, message):
                units.with_user(manager).action_close(date, successors, force=True)
        self.assertEqual(state(), before)
        self.c12.with_user(manager).action_close(REFORM, self.c13.ids, force=True)
        closed = state()
        with self.assertRaisesRegex(UserError, "already closed"):
            self.c12.with_user(manager).action_close(REFORM, self.c13.ids, force=True)
        # a successor that closed is no successor; a loop of successions is refused
        with self.assertRaisesRegex(UserError, "closed or archived"):
            self.c11.with_user(manager).action_close(REFORM, self.c12.ids, force=True)
        with self.assertRaisesRegex(UserError, "loop"):
            self.c13.with_user(manager).action_close("2026-09-30", self.c12.ids, force=True)
        self.assertEqual(state(), closed)


@tagged("post_install", "-at_install")
class TestRestructureRpc(RestructureMixin, EmulationHttpCase):
    @mute_logger("odoo.http", "odoo.addons.rpc.controllers.xmlrpc")
    @freeze_time("2026-08-01")
    def test_close_over_xmlrpc(self):
        self.setup_history()

        def call(user, *args, **kwargs):
            return self.xmlrpc_object.execute_kw(
                self.env.cr.dbname, user.id, user.login, "emulation.unit", "action_close", list(args), kwargs
            )

        with self.assertRaises(xmlrpc.client.Fault) as caught:
            call(self.d1_user, self.c12.ids, REFORM, self.c13.ids)
        self.assertEqual(caught.exception.faultCode, 4)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            call(self.manager, self.c11.ids, REFORM, self.c13.ids)
        self.assertEqual(caught.exception.faultCode, 2)
        self.assertIn("Commune 11 – 2026", caught.exception.faultString)
        self.assertTrue(call(self.manager, self.c11.ids, REFORM, self.c13.ids, force=True))
        self.assertEqual(self.c11.successor_ids, self.c13)


@tagged("post_install", "-at_install")
class TestRestructureScreen(RestructureMixin, EmulationCase):
    @freeze_time("2026-08-01")
    def test_the_manager_merges_into_a_new_unit(self):
        self.setup_history()
        self.submission(self.c11, self.period_2026).line_ids.sudo().write({"is_filled": False})
        Wizard = self.env["emulation.unit.close"].with_user(self.manager)
        wizard = Wizard.with_context(active_ids=(self.c11 | self.c12).ids).create({"date_end": REFORM})
        self.assertEqual(wizard.unit_ids, self.c11 | self.c12)
        self.assertIn("Commune 11 – 2026", wizard.preview)
        self.assertIn("Learning Society", wizard.preview)
        wizard.write(
            {
                "create_successor": True,
                "new_name": "Commune 11-12",
                "new_code": "T-C1112",
                "new_parent_id": self.province.id,
                "new_level_id": self.level_commune.id,
            }
        )
        action = wizard.action_confirm()
        merged = self.env["emulation.unit"].search(action["domain"])
        self.assertEqual(merged.name, "Commune 11-12")
        self.assertEqual(merged.date_start, datetime.date(2026, 7, 1))
        self.assertEqual(merged.predecessor_ids, self.c11 | self.c12)
        self.assertEqual(self.submission(merged, self.period_2026).state, "draft")
        self.assertFalse(self.submission(merged))
        # the campaign's figures by year read the top-level reports
        action = self.campaign.with_user(self.manager).action_open_yearly_figures()
        lines = self.env["emulation.submission.line"].with_user(self.manager).search(action["domain"])
        self.assertEqual(set(lines.submission_id.unit_id.mapped("name")), {"Province"})
        self.assertEqual(
            lines.filtered(lambda line: line.code == "1" and line.period_id == self.period).value_number, 15
        )
        # only managers restructure
        with self.assertRaises(AccessError):
            self.env["emulation.unit.close"].with_user(self.d1_user).create({"date_end": REFORM})
