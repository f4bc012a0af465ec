"""Integrity of the figures, as an attacker would try it: a user writes only what the form
lets them write, figures are finite and bounded in every report, documents render whatever
the server accepted, bad input gets a clear error, and nothing drops silently. Every test
checks that afterwards the values and totals are what they were, not only that an error
was raised."""

import json
import xmlrpc.client

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.emulation_campaign.models.emulation_input_mixin import MAX_FIGURE

from .common import REPORTER, EmulationCase, EmulationHttpCase

# Everything a reporter's line could be moved or relabelled with.
LINE_STRUCTURE = {
    "submission_id": "report",
    "criterion_id": "criterion",
    "unit_id": "unit",
    "period_id": "period",
    "campaign_id": "campaign",
    "level_id": "level",
    "sequence": 99,
    "is_filled": False,
    "aggregated_count": 9,
}
REPORT_STRUCTURE = {
    "name": "Commune 12 – 2025",
    "campaign_id": "campaign",
    "period_id": "period",
    "unit_id": "unit",
    "level_id": "level",
    "state": "approved",
    "submitted_date": "2025-12-01 00:00:00",
    "on_time": True,
    "approved_date": "2025-12-01 00:00:00",
    "approved_by_id": "user",
    "return_reason": "x",
    "parent_submission_id": "report",
    "source_submission_ids": [Command.set([])],
    "missing_unit_ids": [Command.set([])],
    "history_ids": [Command.clear()],
    "reminder_stage": "overdue",
}


class IntegrityMixin:
    def figures(self):
        """The Figures pivot as a user reads it: (unit, period, criterion) → value."""
        lines = self.env["emulation.submission.line"].search([("campaign_id", "=", self.campaign.id)])
        return {
            (line.unit_id.id, line.period_id.id, line.criterion_id.code): (
                line.value_number,
                line.value_bool,
                line.value_text,
                line.is_filled,
            )
            for line in lines
        }

    def structural_value(self, value, sub):
        """A value for a structural field that points somewhere else than ``sub``."""
        if not isinstance(value, str):
            return value
        other = self.submission(self.c12)
        return {
            "report": other.id,
            "criterion": self.criteria["2"].id,
            "unit": self.c12.id,
            "period": self.campaign.period_ids.filtered(lambda p: p.name == "2026").id,
            "campaign": self.campaign.id,
            "level": self.level_district.id,
            "user": self.province_user.id,
        }.get(value, value)


@tagged("post_install", "-at_install")
class TestStructuralFields(IntegrityMixin, EmulationCase):
    def setUp(self):
        super().setUp()
        self.sub = self.submission(self.c11)
        self.fill(self.sub, {"1": 6, "3": 40.0}, self.c11_user)
        self.line = self.sub.line_ids.filtered(lambda line: line.code == "1")

    def test_structure_is_not_writable_by_any_role(self):
        before = self.figures()
        name = self.sub.name
        for user in (self.c11_user, self.manager):
            for field, value in LINE_STRUCTURE.items():
                with self.assertRaisesRegex(UserError, "set by the server, not by hand"):
                    self.line.with_user(user).write({field: self.structural_value(value, self.sub)})
                # through the report, as the form's x2many commands would
                with self.assertRaisesRegex(UserError, "set by the server, not by hand"):
                    self.sub.with_user(user).write(
                        {"line_ids": [Command.update(self.line.id, {field: self.structural_value(value, self.sub)})]}
                    )
            for field, value in REPORT_STRUCTURE.items():
                with self.assertRaisesRegex(UserError, "set by the server, not by hand"):
                    self.sub.with_user(user).write({field: self.structural_value(value, self.sub)})
        self.assertEqual(self.figures(), before)
        self.assertEqual(self.sub.name, name)
        self.assertEqual(self.line.unit_id, self.c11)

    def test_lines_are_not_added_removed_or_moved_through_the_report(self):
        before = self.figures()
        other_period = self.submission(self.c11, self.campaign.period_ids.filtered(lambda p: p.name == "2026"))
        foreign_line = other_period.line_ids[:1]
        for commands in (
            [Command.create({"criterion_id": self.criteria["2"].id, "value_number": 5})],
            [Command.delete(self.line.id)],
            [Command.unlink(self.line.id)],
            [Command.link(foreign_line.id)],
            [Command.set([])],
            [Command.clear()],
            [Command.update(foreign_line.id, {"value_number": 3})],
        ):
            with self.assertRaisesRegex(UserError, "changed line by line"):
                self.sub.with_user(self.c11_user).write({"line_ids": commands})
        self.assertEqual(self.figures(), before)

    def test_copy_is_refused(self):
        before = self.figures()
        for user in (self.c11_user, self.manager):
            for record in (self.sub, self.line):
                with self.assertRaisesRegex(UserError, "not duplicated"):
                    record.with_user(user).copy()
        self.assertEqual(self.figures(), before)
        # a campaign may be duplicated by a manager, as the start of a new one
        copy = self.campaign.with_user(self.manager).copy({"code": "T-LS2"})
        self.assertEqual(copy.state, "draft")
        self.assertEqual(len(copy.criterion_ids), len(self.campaign.criterion_ids))

    def test_import_cannot_move_or_rename(self):
        before = self.figures()
        Line = self.env["emulation.submission.line"].with_user(self.c11_user)
        result = Line.load([".id", "unit_id/.id"], [[str(self.line.id), str(self.c12.id)]])
        self.assertFalse(result["ids"])
        self.assertIn("set by the server", " ".join(m["message"] for m in result["messages"]))
        result = (
            self.env["emulation.submission"]
            .with_user(self.c11_user)
            .load([".id", "name"], [[str(self.sub.id), "Commune 12 – 2025"]])
        )
        self.assertFalse(result["ids"])
        self.assertEqual(self.figures(), before)
        self.assertEqual(self.sub.name, "Commune 11 – 2025")
        # what the form writes imports fine
        result = Line.load([".id", "value_number"], [[str(self.line.id), "7"]])
        self.assertEqual(result["ids"], self.line.ids, result["messages"])
        self.assertEqual(self.line.value_number, 7)

    def test_configuration_fields_set_by_the_server(self):
        campaign = self.campaign.with_user(self.manager)
        for vals in ({"state": "closed"}, {"member_unit_ids": [Command.set([])]}, {"submission_ids": []}):
            with self.assertRaisesRegex(UserError, "set by the server"):
                campaign.write(vals)
        for vals in ({"complete_name": "Elsewhere"}, {"parent_path": "1/"}, {"submission_ids": []}):
            with self.assertRaisesRegex(UserError, "set by the server"):
                self.c11.with_user(self.manager).write(vals)
        self.assertEqual(self.campaign.state, "running")
        self.assertEqual(self.c11.complete_name, "Province / District 1 / Commune 11")

    def test_the_grantor_of_an_extension_is_who_grants_it(self):
        Extension = self.env["emulation.deadline.extension"].with_user(self.d1_user)
        with self.assertRaisesRegex(UserError, "set by the server"):
            Extension.create(
                {
                    "period_id": self.period.id,
                    "unit_id": self.c11.id,
                    "deadline": "2025-12-20",
                    "reason": "Flood",
                    "granted_by_id": self.province_user.id,
                }
            )
        extension = Extension.create(
            {"period_id": self.period.id, "unit_id": self.c11.id, "deadline": "2025-12-20", "reason": "Flood"}
        )
        self.assertEqual(extension.granted_by_id, self.d1_user)
        extension.with_user(self.manager).write({"deadline": "2025-12-22"})
        self.assertEqual(extension.granted_by_id, self.manager)
        with self.assertRaisesRegex(UserError, "set by the server"):
            extension.with_user(self.manager).write({"granted_by_id": self.d1_user.id})
        self.assertEqual(extension.granted_by_id, self.manager)

    @freeze_time("2026-06-01")
    def test_no_report_for_a_period_that_has_not_begun(self):
        period_2027 = self.campaign.period_ids.filtered(lambda p: p.name == "2027")
        with self.assertRaisesRegex(UserError, "not begun yet"):
            self.env["emulation.submission"].with_user(self.c11_user).create(
                {"period_id": period_2027.id, "unit_id": self.c11.id}
            )
        # one made by the server anyway cannot be submitted before its period
        early = self.env["emulation.submission"].create({"period_id": period_2027.id, "unit_id": self.c11.id})
        self.fill(early, {"1": 3}, self.c11_user)
        with self.assertRaisesRegex(UserError, "not begun yet"):
            early.with_user(self.c11_user).action_submit()
        self.assertEqual(early.state, "draft")


@tagged("post_install", "-at_install")
class TestHistoryScope(EmulationCase):
    def test_history_is_readable_where_its_report_is(self):
        # a plain reporter of District 1, which has communes below it
        d1_reporter = new_test_user(self.env, login="ec_d1_reporter", groups=REPORTER)
        self.d1.user_ids |= d1_reporter
        c11_sub = self.submission(self.c11)
        self.fill(c11_sub, {"1": 2}, self.c11_user)
        c11_sub.with_user(self.c11_user).action_submit()
        c11_sub.with_user(self.d1_user).action_return("Wrong count of members")
        History = self.env["emulation.submission.history"]
        reporter_rows = History.with_user(d1_reporter).search([])
        self.assertEqual(reporter_rows.submission_id.unit_id - self.d1, self.env["emulation.unit"])
        self.assertNotIn(c11_sub, reporter_rows.submission_id)
        with self.assertRaises(AccessError):
            History.browse(c11_sub.history_ids.ids).with_user(d1_reporter).read(["reason"])
        # the approver of the district reads them, with the reason
        approver_rows = History.with_user(self.d1_user).search([("submission_id", "=", c11_sub.id)])
        self.assertEqual(approver_rows.mapped("reason"), ["Wrong count of members", False])
        # and a commune's officer reads its own, not its neighbour's
        self.assertEqual(History.with_user(self.c12_user).search([("submission_id", "=", c11_sub.id)]), History)


@tagged("post_install", "-at_install")
class TestBoundedFigures(IntegrityMixin, EmulationCase):
    def test_a_consolidating_units_own_report_is_bounded(self):
        d1_sub = self.submission(self.d1)
        before = self.figures()
        for code, value, error, message in (
            ("3", 250, ValidationError, "above the maximum 100"),
            ("1", -5, ValidationError, "below the minimum 0"),
            ("1", 2.5, ValidationError, "not a whole number"),
            ("6", 501, ValidationError, "above the maximum 500"),
            ("2", float("nan"), UserError, "must be a number"),
            ("2", float("-inf"), UserError, "must be a number"),
            ("2", 1e308, UserError, "out of range"),
            ("2", MAX_FIGURE + 1, UserError, "out of range"),
        ):
            with self.assertRaisesRegex(error, message):
                self.fill(d1_sub, {code: value}, self.d1_user)
        self.assertEqual(self.figures(), before)

    def test_values_only_in_the_column_of_their_type(self):
        sub = self.submission(self.c11)
        lines = {line.code: line.with_user(self.c11_user) for line in sub.line_ids}
        before = self.figures()
        for code, vals in (
            ("4", {"value_number": 12}),
            ("5", {"value_number": 12}),
            ("1", {"value_text": "twelve"}),
            ("1", {"value_bool": True}),
            ("4", {"value_text": "yes"}),
        ):
            with self.assertRaisesRegex(UserError, "does not apply to this criterion"):
                lines[code].write(vals)
        self.assertEqual(self.figures(), before)
        # the empty value of another column is what the web client sends along: fine
        lines["4"].write({"value_bool": True, "value_number": 0})
        self.assertTrue(lines["4"].value_bool)

    def test_consolidation_of_the_largest_figures_neither_overflows_nor_breaks_bounds(self):
        for unit, user in ((self.c11, self.c11_user), (self.c12, self.c12_user)):
            self.submit_and_approve(unit, {"1": MAX_FIGURE, "2": MAX_FIGURE, "3": 100}, user, self.d1_user)
        d1_sub = self.submission(self.d1)
        d1_sub.with_user(self.d1_user).action_consolidate()
        values = {line.code: line.value_number for line in d1_sub.line_ids}
        self.assertEqual(values["1"], 2 * MAX_FIGURE)
        self.assertEqual(values["2"], 2 * MAX_FIGURE)
        self.assertEqual(values["3"], 100)
        # the consolidated report keeps the bounds its aggregation keeps: a percentage
        # stays within 0–100, a sum may pass one unit's maximum
        with self.assertRaisesRegex(ValidationError, "above the maximum 100"):
            self.fill(d1_sub, {"3": 101}, self.d1_user)
        self.fill(d1_sub, {"1": MAX_FIGURE}, self.d1_user)
        d1_sub.with_user(self.d1_user).action_submit()
        self.assertEqual(d1_sub.state, "submitted")


@tagged("post_install", "-at_install")
class TestNothingDropsSilently(IntegrityMixin, EmulationCase):
    def setUp(self):
        super().setUp()
        self.submit_and_approve(self.c11, {"1": 6}, self.c11_user, self.d1_user)
        self.submit_and_approve(self.c12, {"1": 5}, self.c12_user, self.d1_user)
        self.d1_sub = self.submission(self.d1)

    def total(self):
        self.d1_sub.with_user(self.d1_user).action_consolidate()
        return self.d1_sub.line_ids.filtered(lambda line: line.code == "1").value_number

    def test_archiving_moving_or_removing_a_unit_in_use_is_refused(self):
        self.assertEqual(self.total(), 11)
        manager = self.manager
        with self.assertRaisesRegex(UserError, r"cannot be archived(.|\n)*Commune 11 – 2025"):
            self.c11.with_user(manager).action_archive()
        with self.assertRaisesRegex(UserError, r"cannot move(.|\n)*Commune 11 – 2025"):
            self.c11.with_user(manager).write({"parent_id": self.d2.id})
        with self.assertRaisesRegex(UserError, r"cannot leave Learning Society(.|\n)*Commune 11 – 2025"):
            self.campaign.with_user(manager).write({"unit_ids": [Command.unlink(self.c11.id)]})
        with self.assertRaisesRegex(UserError, "active units below them"):
            self.d1.with_user(manager).action_archive()
        # a district moving takes its communes' reports along: refused too
        with self.assertRaisesRegex(UserError, r"cannot move(.|\n)*Commune 12 – 2025"):
            self.d1.with_user(manager).write({"parent_id": False})
        self.assertTrue(self.c11.active)
        self.assertEqual(self.c11.parent_id, self.d1)
        self.assertIn(self.c11, self.campaign.unit_ids)
        self.assertEqual(self.total(), 11)

    def test_a_unit_with_drafts_only_may_go(self):
        spare = self.env["emulation.unit"].create({"name": "Commune 13", "code": "T-C13", "parent_id": self.d1.id})
        self.campaign.write({"unit_ids": [Command.link(spare.id)]})
        self.campaign.period_ids._create_missing_submissions()
        self.assertTrue(self.submission(spare))
        spare.with_user(self.manager).action_archive()
        self.assertFalse(spare.active)
        self.assertEqual(self.total(), 11)


@tagged("post_install", "-at_install")
class TestDocumentsNeverFail(IntegrityMixin, EmulationHttpCase):
    def test_documents_render_the_extremes_and_a_broken_value(self):
        extremes = {"1": MAX_FIGURE, "2": 0.01, "3": 100, "4": False, "5": "Đường\u200b \U0001f600 " * 50, "6": 500}
        self.submit_and_approve(self.c11, extremes, self.c11_user, self.d1_user)
        self.submit_and_approve(self.c12, {"1": MAX_FIGURE, "2": MAX_FIGURE}, self.c12_user, self.d1_user)
        d1_sub = self.submission(self.d1)
        d1_sub.with_user(self.d1_user).action_consolidate()
        # a value no door accepts any more, left by an older version or by hand in SQL
        broken = self.submission(self.d2)
        line = broken.line_ids.filtered(lambda line: line.code == "2")
        self.env.cr.execute(
            "UPDATE emulation_submission_line SET value_number = 'NaN', is_filled = TRUE WHERE id = %s", [line.id]
        )
        line.invalidate_recordset()
        Report = self.env["ir.actions.report"].with_user(self.d1_user).with_context(force_report_rendering=True)
        self.authenticate("ec_d1", "ec_d1")
        for sub in (self.submission(self.c11), d1_sub):
            pdf = Report._render_qweb_pdf("emulation_campaign.report_submission", sub.ids)[0]
            self.assertEqual(pdf[:4], b"%PDF")
            # the route the Print menu opens (in test mode Odoo answers with the HTML)
            response = self.url_open(f"/report/pdf/emulation_campaign.report_submission/{sub.id}")
            self.assertEqual(response.status_code, 200, response.text[:500])
            response = self.url_open(f"/emulation/submission/{sub.id}/xlsx")
            self.assertEqual(response.status_code, 200, response.text[:500])
            self.assertEqual(response.content[:2], b"PK")
        self.authenticate("ec_d2", "ec_d2")
        response = self.url_open(f"/report/html/emulation_campaign.report_submission/{broken.id}")
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertIn("—", response.text)
        response = self.url_open(f"/emulation/submission/{broken.id}/xlsx")
        self.assertEqual(response.status_code, 200, response.text[:500])
        # the consolidated total is printed in full, the Vietnamese way
        self.authenticate("ec_d1", "ec_d1")
        html = self.url_open(f"/report/html/emulation_campaign.report_submission/{d1_sub.id}").text
        self.assertIn("2.000.000.000.000", html)


@tagged("post_install", "-at_install")
class TestBadInputOverRpc(IntegrityMixin, EmulationHttpCase):
    """Over JSON-RPC (which carries any integer and lone surrogates) and XML-RPC: a clear
    error with Odoo's code for a refused action, never a traceback, nothing changed."""

    def jsonrpc(self, user, model, method, *args, **kwargs):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs],
            },
        }
        response = self.url_open("/jsonrpc", data=json.dumps(payload), headers={"Content-Type": "application/json"})
        return response.json()

    def assertRefused(self, answer, message):
        self.assertIn("error", answer, answer)
        data = answer["error"]["data"]
        self.assertEqual(data["name"], "odoo.exceptions.UserError", data)
        self.assertIn(message, data["message"])
        self.assertNotIn("Traceback", data["message"])

    @mute_logger("odoo.http", "odoo.addons.rpc.controllers.jsonrpc", "odoo.addons.rpc.controllers.xmlrpc")
    def test_bad_values_get_clear_errors(self):
        sub = self.submission(self.c11)
        self.fill(sub, {"1": 3}, self.c11_user)
        line = sub.line_ids.filtered(lambda line: line.code == "2")
        before = self.figures()
        user = self.c11_user
        for model, ids, vals, message in (
            ("emulation.submission.line", line.ids, {"value_number": 10**400}, "out of range"),
            ("emulation.submission.line", line.ids, {"value_number": 10**13}, "out of range"),
            ("emulation.submission.line", line.ids, {"unit_id": self.c12.id}, "set by the server"),
            ("emulation.submission.line", line.ids, {"note": "a\x00b"}, "NUL character"),
            ("emulation.submission.line", line.ids, {"note": "x" * 1001}, "too long"),
            ("emulation.submission", sub.ids, {"results": "bad \ud800 text"}, "not valid text"),
            ("emulation.submission", sub.ids, {"results": "nul\x00"}, "NUL character"),
            ("emulation.submission", sub.ids, {"name": "Commune 12 – 2025"}, "set by the server"),
            ("emulation.submission", sub.ids, {"line_ids": "abc"}, "list of commands"),
            ("emulation.submission", sub.ids, {"line_ids": [[1, "abc", {}]]}, "list of commands"),
            ("emulation.submission", ["abc"], {"results": "x"}, "whole numbers"),
        ):
            self.assertRefused(self.jsonrpc(user, model, "write", ids, vals), message)
        for vals, message in (
            ({"period_id": "abc", "unit_id": self.c11.id}, "id of a record"),
            ({"period_id": [1, 2], "unit_id": self.c11.id}, "id of a record"),
            ({"period_id": self.period.id, "unit_id": 1.5}, "id of a record"),
        ):
            self.assertRefused(self.jsonrpc(user, "emulation.submission", "create", [vals]), message)
        self.assertRefused(self.jsonrpc(user, "emulation.submission", "action_submit", ["abc"]), "whole numbers")
        self.assertEqual(self.figures(), before)
        self.assertEqual(sub.results, False)
        # XML-RPC: Odoo's fault code 2 for a refused write
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.xmlrpc_object.execute_kw(
                self.env.cr.dbname, user.id, user.login, "emulation.submission", "write", [sub.ids, {"name": "X"}]
            )
        self.assertEqual(caught.exception.faultCode, 2)
        self.assertIn("set by the server", caught.exception.faultString)
        self.assertEqual(self.figures(), before)

    @mute_logger("odoo.http", "odoo.addons.rpc.controllers.jsonrpc")
    def test_return_reasons_are_texts_of_bounded_length(self):
        sub = self.submission(self.c11)
        self.fill(sub, {"1": 3}, self.c11_user)
        sub.with_user(self.c11_user).action_submit()
        for reason, message in (
            (42, "must be a text"),
            ({"html": "<b>x</b>"}, "must be a text"),
            (["a"], "must be a text"),
            ("x" * 5_000_000, "too long"),
            ("nul\x00", "NUL character"),
            ("\udfff", "not valid text"),
        ):
            self.assertRefused(
                self.jsonrpc(self.d1_user, "emulation.submission", "action_return", sub.ids, reason), message
            )
        self.assertEqual(sub.state, "submitted")
        self.assertFalse(sub.return_reason)
        self.assertEqual(len(sub.history_ids), 1)
        # the return wizard goes through the same check
        wizard = (
            self.env["emulation.submission.return"]
            .with_user(self.d1_user)
            .create({"submission_ids": sub.ids, "reason": "y" * 10_001})
        )
        with self.assertRaisesRegex(UserError, "too long"):
            wizard.action_return()
        self.assertEqual(sub.state, "submitted")


@tagged("post_install", "-at_install")
class TestFollowersScope(EmulationCase):
    def test_followers_of_a_report_are_read_by_its_readers_only(self):
        sub = self.submission(self.c11)
        sub.message_subscribe(partner_ids=self.c11_user.partner_id.ids)
        Followers = self.env["mail.followers"]
        domain = [("res_model", "=", "emulation.submission"), ("res_id", "=", sub.id)]
        self.assertTrue(Followers.with_user(self.c11_user).search(domain))
        self.assertTrue(Followers.with_user(self.d1_user).search(domain))
        self.assertTrue(Followers.with_user(self.manager).search(domain))
        for user in (self.c12_user, self.d2_user, self.outsider):
            self.assertFalse(Followers.with_user(user).search(domain), user.login)
            with self.assertRaises(AccessError):
                Followers.browse(sub.message_follower_ids.ids).with_user(user).read(["partner_id"])
        # the followers of the other models are left as stock Odoo has them
        partner = self.env["res.partner"].create({"name": "Followed"})
        partner.message_subscribe(partner_ids=self.c12_user.partner_id.ids)
        self.assertTrue(
            Followers.with_user(self.outsider).search([("res_model", "=", "res.partner"), ("res_id", "=", partner.id)])
        )

    def test_the_chatter_still_works(self):
        from odoo.addons.mail.tools.discuss import Store  # noqa: PLC0415

        sub = self.submission(self.c11).with_user(self.c11_user)
        sub.message_subscribe(partner_ids=self.c11_user.partner_id.ids)
        store = Store()
        sub._thread_to_store(store, [], request_list=["followers"])
        threads = store.get_result()["mail.thread"]
        self.assertEqual(threads[0]["followersCount"], len(self.submission(self.c11).message_follower_ids))
        self.assertTrue(threads[0]["selfFollower"])
        sub.message_post(body="Figures checked", message_type="comment", attachments=[("scan.txt", b"scan")])
        self.assertIn("Figures checked", sub.message_ids[0].body)
        self.assertEqual(sub.message_ids[0].attachment_ids.name, "scan.txt")


@tagged("post_install", "-at_install")
class TestIntegrityOverXmlRpc(IntegrityMixin, EmulationHttpCase):
    """The same rules over XML-RPC: fault 2 for a refusal, fault 4 for an access error,
    and the data as it was."""

    def call(self, user, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs)

    def assertFault(self, code, message, user, model, method, *args):
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.call(user, model, method, *args)
        self.assertEqual(caught.exception.faultCode, code, caught.exception.faultString)
        self.assertIn(message, caught.exception.faultString)

    @mute_logger("odoo.http", "odoo.addons.rpc.controllers.xmlrpc")
    def test_rules_hold_over_xmlrpc(self):
        self.submit_and_approve(self.c11, {"1": 6}, self.c11_user, self.d1_user)
        self.submit_and_approve(self.c12, {"1": 5}, self.c12_user, self.d1_user)
        d1_sub = self.submission(self.d1)
        d1_sub.with_user(self.d1_user).action_consolidate()
        before = self.figures()
        line = self.submission(self.d2).line_ids[:1]
        # structure
        self.assertFault(
            2,
            "set by the server",
            self.d2_user,
            "emulation.submission.line",
            "write",
            line.ids,
            {"period_id": self.period.id},
        )
        self.assertFault(
            2, "not duplicated", self.d2_user, "emulation.submission", "copy", self.submission(self.d2).ids
        )
        # bounds of the consolidating unit's own report, and a value in the wrong column
        percent = d1_sub.line_ids.filtered(lambda line: line.code == "3")
        self.assertFault(
            2,
            "above the maximum 100",
            self.d1_user,
            "emulation.submission.line",
            "write",
            percent.ids,
            {"value_number": 250},
        )
        self.assertFault(
            2, "does not apply", self.d1_user, "emulation.submission.line", "write", percent.ids, {"value_text": "x"}
        )
        # a unit whose report counts is not archived, moved or removed
        self.assertFault(2, "cannot be archived", self.manager, "emulation.unit", "action_archive", self.c11.ids)
        self.assertFault(
            2, "cannot move", self.manager, "emulation.unit", "write", self.c11.ids, {"parent_id": self.d2.id}
        )
        self.assertFault(
            2,
            "cannot leave",
            self.manager,
            "emulation.campaign",
            "write",
            self.campaign.ids,
            {"unit_ids": [(3, self.c12.id)]},
        )
        # the grantor of an extension
        self.assertFault(
            2,
            "set by the server",
            self.d1_user,
            "emulation.deadline.extension",
            "create",
            [
                {
                    "period_id": self.period.id,
                    "unit_id": self.c11.id,
                    "deadline": "2025-12-20",
                    "reason": "x",
                    "granted_by_id": 1,
                }
            ],
        )
        # history and followers: read where the report is read
        d1_reporter = new_test_user(self.env, login="ec_d1_reader", groups=REPORTER, password="ec_d1_reader")
        self.d1.user_ids |= d1_reporter
        c11_sub = self.submission(self.c11)
        rows = self.call(d1_reporter, "emulation.submission.history", "search_read", [], ["submission_id"])
        self.assertNotIn(c11_sub.id, [row["submission_id"][0] for row in rows])
        self.assertTrue(
            self.call(
                self.d1_user, "emulation.submission.history", "search_count", [("submission_id", "=", c11_sub.id)]
            )
        )
        c11_sub.message_subscribe(partner_ids=self.c11_user.partner_id.ids)
        followers = [("res_model", "=", "emulation.submission"), ("res_id", "=", c11_sub.id)]
        self.assertFalse(self.call(self.outsider, "mail.followers", "search_read", followers, ["partner_id"]))
        self.assertFalse(self.call(self.c12_user, "mail.followers", "search_read", followers, ["partner_id"]))
        self.assertTrue(self.call(self.c11_user, "mail.followers", "search_read", followers, ["partner_id"]))
        # everything as it was
        self.assertEqual(self.figures(), before)
        self.assertTrue(self.c11.active)
        self.assertEqual(self.c11.parent_id, self.d1)
        self.assertIn(self.c12, self.campaign.unit_ids)
        self.assertFalse(self.env["emulation.deadline.extension"].search([("unit_id", "=", self.c11.id)]))
