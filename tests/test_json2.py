"""Odoo 19's JSON-2 API (/json/2/<model>/<method>) over real HTTP, with real API keys.

The same rules as the web client and XML-RPC: the integrations of the README work; an
access refusal answers 403 with Odoo's message, a workflow refusal or bad input 422 (or
Odoo's 400/401/404), never 500 and never a traceback; and a refused call changes nothing.
"""

import datetime
import json
import re

import polib

from odoo.tests import mute_logger, tagged
from odoo.tools.misc import file_path

from .common import EmulationHttpCase

JSON = {"Content-Type": "application/json"}


@tagged("post_install", "-at_install")
class TestJson2(EmulationHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        expiry = datetime.datetime.now() + datetime.timedelta(days=1)
        cls.keys = {
            user: cls.env["res.users.apikeys"].with_user(user)._generate("rpc", "Integration", expiry)
            for user in (cls.c11_user, cls.c12_user, cls.d1_user, cls.d2_user, cls.province_user, cls.outsider)
        }

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def call(self, user, model, method, body=None, raw=None, key=None):
        """POST /json/2/<model>/<method> with the user's API key (or `key`)."""
        headers = dict(JSON)
        key = key if key is not None else (self.keys[user] if user else None)
        if key:
            headers["Authorization"] = f"bearer {key}"
        data = raw if raw is not None else json.dumps(body or {})
        return self.url_open(f"/json/2/{model}/{method}", data=data, headers=headers)

    def ok(self, user, model, method, body=None):
        response = self.call(user, model, method, body)
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def assertRefused(self, response, status, name, message):
        """An error body as Odoo's JSON-2 sends it, with the right status, a clear
        message and no traceback."""
        self.assertEqual(response.status_code, status, response.text)
        self.assertEqual(response.headers["Content-Type"], "application/json; charset=utf-8")
        body = response.json()
        self.assertEqual(set(body), {"name", "message", "arguments", "context", "debug"})
        self.assertEqual(body["name"], name, body["message"])
        self.assertRegex(body["message"], message)
        self.assertNotIn("Traceback", response.text)
        self.assertNotIn('File \\"', response.text)
        return body

    def snapshot(self):
        """Everything a refused call could have changed, read afresh from the database."""
        self.env.cr.flush()  # the chatter tracking of the setup, so that it is counted before
        self.env.invalidate_all()
        submissions = self.env["emulation.submission"].search([("campaign_id", "=", self.campaign.id)])
        return {
            "submissions": submissions.read(
                [
                    "state",
                    "submitted_date",
                    "approved_by_id",
                    "return_reason",
                    "parent_submission_id",
                    "missing_unit_ids",
                    "results",
                ]
            ),
            "lines": submissions.line_ids.read(["value_number", "value_bool", "value_text", "note"]),
            "history": submissions.history_ids.ids,
            "messages": self.env["mail.message"].search_count(
                [("model", "=", "emulation.submission"), ("res_id", "in", submissions.ids)]
            ),
            "campaign": self.campaign.read(["state", "unit_ids"]),
            "keys": self.env["res.users.apikeys"].sudo().search_count([]),
        }

    def push_figures(self, user, unit, values, results):
        """What a unit's system does (README): find its report of the period, write the
        figures through the report as the form does, submit it."""
        [report] = self.ok(
            user,
            "emulation.submission",
            "search_read",
            {
                "domain": [
                    ["campaign_id.code", "=", self.campaign.code],
                    ["period_id.name", "=", self.period.name],
                    ["unit_id.code", "=", unit.code],
                ],
                "fields": ["name", "state", "line_ids"],
            },
        )
        lines = self.ok(
            user,
            "emulation.submission.line",
            "read",
            {"ids": report["line_ids"], "fields": ["code", "value_type"]},
        )
        field = {"boolean": "value_bool", "text": "value_text"}
        commands = [
            [1, line["id"], {field.get(line["value_type"], "value_number"): values[line["code"]]}]
            for line in lines
            if line["code"] in values
        ]
        self.assertIs(
            self.ok(
                user,
                "emulation.submission",
                "write",
                {"ids": [report["id"]], "vals": {"line_ids": commands, "results": results}},
            ),
            True,
        )
        self.assertIs(self.ok(user, "emulation.submission", "action_submit", {"ids": [report["id"]]}), True)
        return report["id"]

    # ------------------------------------------------------------------
    # the integrations of the README
    # ------------------------------------------------------------------
    def test_cycle(self):
        figures = {
            self.c11: {"1": 120, "2": 10.5, "3": 80.0, "4": True, "5": "A reading club", "6": 30},
            self.c12: {"1": 85, "2": 4.25, "3": 60.0, "4": False, "5": "Evening classes", "6": 18},
        }
        # each commune's system pushes its figures and submits
        ids = {
            unit: self.push_figures(officer, unit, figures[unit], f"Results of {unit.name}")
            for unit, officer in ((self.c11, self.c11_user), (self.c12, self.c12_user))
        }
        # the district's approver lists what awaits it and approves it in one call
        waiting = self.ok(
            self.d1_user,
            "emulation.submission",
            "search_read",
            {"domain": [["period_id", "=", self.period.id], ["state", "=", "submitted"]], "fields": ["unit_id"]},
        )
        self.assertEqual({r["id"] for r in waiting}, set(ids.values()))
        self.assertIs(
            self.ok(self.d1_user, "emulation.submission", "action_approve", {"ids": sorted(ids.values())}), True
        )
        # it consolidates its own report and submits it upward; the province approves it
        district = self.submission(self.d1)
        self.assertIs(self.ok(self.d1_user, "emulation.submission", "action_consolidate", {"ids": district.ids}), True)
        self.assertIs(self.ok(self.d1_user, "emulation.submission", "action_submit", {"ids": district.ids}), True)
        self.assertIs(
            self.ok(self.province_user, "emulation.submission", "action_approve", {"ids": district.ids}), True
        )
        # the upper level pulls the consolidated figures of the period
        rows = self.ok(
            self.province_user,
            "emulation.submission.line",
            "search_read",
            {
                "domain": [["period_id", "=", self.period.id], ["unit_id", "=", self.d1.id]],
                "fields": ["code", "criterion_id", "value_number", "value_bool", "value_text", "aggregated_count"],
                "order": "sequence",
            },
        )
        by_code = {row["code"]: row for row in rows}
        self.assertEqual([row["code"] for row in rows], ["1", "2", "3", "4", "5", "6"])
        values = list(figures.values())
        self.assertEqual(by_code["1"]["value_number"], sum(v["1"] for v in values))  # sum
        self.assertAlmostEqual(by_code["2"]["value_number"], sum(v["2"] for v in values))  # sum
        self.assertEqual(by_code["6"]["value_number"], min(v["6"] for v in values))  # min
        self.assertEqual(by_code["1"]["criterion_id"], [self.criteria["1"].id, self.criteria["1"].display_name])
        for unit in figures:
            self.assertIn(figures[unit]["5"], by_code["5"]["value_text"])
        # what the web client shows: states, who approved, the history of each transition
        self.env.invalidate_all()
        communes = self.env["emulation.submission"].browse(ids.values())
        self.assertEqual(set(communes.mapped("state")), {"consolidated"})
        self.assertEqual(communes.approved_by_id, self.d1_user)
        self.assertEqual(communes.parent_submission_id, district)
        self.assertEqual((district.state, district.approved_by_id), ("approved", self.province_user))
        self.assertEqual(
            [(h.from_state, h.to_state, h.user_id) for h in district.history_ids.sorted("id")],
            [
                ("draft", "draft", self.d1_user),  # the consolidation
                ("draft", "submitted", self.d1_user),
                ("submitted", "approved", self.province_user),
            ],
        )

    def test_return_with_reason(self):
        report = self.submission(self.c11)
        self.fill(report, {"1": 12}, self.c11_user)
        report.with_user(self.c11_user).action_submit()
        self.assertIs(
            self.ok(
                self.d1_user,
                "emulation.submission",
                "action_return",
                {"ids": report.ids, "reason": "Criterion 1 counts members, not classes."},
            ),
            True,
        )
        self.env.invalidate_all()
        self.assertEqual((report.state, report.return_reason), ("returned", "Criterion 1 counts members, not classes."))
        self.assertIn(self.c11_user.partner_id, report.message_ids.partner_ids)

    # ------------------------------------------------------------------
    # refusals
    # ------------------------------------------------------------------
    @mute_logger("odoo.http")
    def test_access_refused(self):
        c11 = self.submission(self.c11)
        self.fill(c11, {"1": 12}, self.c11_user)
        c11.with_user(self.c11_user).action_submit()
        c12, d2 = self.submission(self.c12), self.submission(self.d2)
        self.fill(d2, {"1": 7}, self.d2_user)
        d2.with_user(self.d2_user).action_submit()
        before = self.snapshot()
        forbidden = "odoo.exceptions.AccessError"
        for user, model, method, body, message in (
            # the unit's own officer does not approve its report
            (self.c11_user, "emulation.submission", "action_approve", {"ids": c11.ids}, "Only an approver above"),
            # a commune does not see its neighbour's report, through any method
            (self.c11_user, "emulation.submission", "read", {"ids": c12.ids, "fields": ["state"]}, "read"),
            (self.c11_user, "emulation.submission", "write", {"ids": c12.ids, "vals": {"results": "x"}}, "."),
            (
                self.c11_user,
                "emulation.submission.line",
                "write",
                {"ids": c12.line_ids[:1].ids, "vals": {"value_number": 5}},
                ".",
            ),
            # an approver approves below its own unit only
            (self.d1_user, "emulation.submission", "action_approve", {"ids": d2.ids}, "."),
            # a district consolidates its own report only
            (
                self.d1_user,
                "emulation.submission",
                "action_consolidate",
                {"ids": self.submission(self.province).ids},
                ".",
            ),
            # configuration is for managers
            (self.d1_user, "emulation.campaign", "action_close", {"ids": self.campaign.ids}, "managers"),
            (self.c11_user, "emulation.unit", "write", {"ids": self.c11.ids, "vals": {"name": "Renamed"}}, "."),
            # a user without any emulation role sees nothing
            (self.outsider, "emulation.submission", "search_read", {"domain": [], "fields": ["state"]}, "access"),
        ):
            with self.subTest(user=user.login, method=f"{model}.{method}"):
                self.assertRefused(self.call(user, model, method, body), 403, forbidden, message)
        self.assertEqual(self.snapshot(), before)

    @mute_logger("odoo.http")
    def test_workflow_refusals(self):
        c11, c12 = self.submission(self.c11), self.submission(self.c12)
        self.fill(c12, {"1": 9}, self.c12_user)
        c12.with_user(self.c12_user).action_submit()
        before = self.snapshot()
        refused = "odoo.exceptions.UserError"
        for user, method, ids, body, message in (
            # a required figure is missing
            (self.c11_user, "action_submit", c11.ids, {}, r"Members trained: required, not filled in"),
            # approving what was not submitted; submitting twice
            (self.d1_user, "action_approve", c11.ids, {}, r"Approving is not possible for Commune 11"),
            (self.c12_user, "action_submit", c12.ids, {}, r"Submitting is not possible for Commune 12"),
            # a return needs its reason
            (self.d1_user, "action_return", c12.ids, {}, "Say why the report is returned"),
            (self.d1_user, "action_return", c12.ids, {"reason": "   "}, "Say why the report is returned"),
            # consolidating while a commune has no approved report
            (
                self.d1_user,
                "action_consolidate",
                self.submission(self.d1).ids,
                {},
                r"no approved report yet:\n• Commune 11",
            ),
            # the state moves through the workflow only
            (self.c11_user, "write", c11.ids, {"vals": {"state": "approved"}}, "set by the server, not by hand: State"),
            (self.c12_user, "write", c12.ids, {"vals": {"results": "late edit"}}, "no longer editable"),
        ):
            with self.subTest(user=user.login, method=method, body=body):
                response = self.call(user, "emulation.submission", method, {"ids": ids, **body})
                self.assertRefused(response, 422, refused, message)
        self.assertEqual(self.snapshot(), before)

    @mute_logger("odoo.http")
    def test_bad_input(self):
        c11 = self.submission(self.c11)
        line = c11.line_ids.filtered(lambda line_: line_.code == "1")
        d1 = self.submission(self.d1)
        before = self.snapshot()
        user = self.c11_user
        unprocessable = "werkzeug.exceptions.UnprocessableEntity"
        for model, method, body, status, name, message in (
            # methods that do not exist, or are not for remote callers
            (
                "emulation.submission",
                "action_publish",
                {"ids": c11.ids},
                404,
                "werkzeug.exceptions.NotFound",
                "does not exist",
            ),
            (
                "emulation.submission",
                "_consolidate",
                {"ids": c11.ids},
                403,
                "odoo.exceptions.AccessError",
                "Private methods",
            ),
            (
                "emulation.submission",
                "_lock_rows",
                {"ids": c11.ids},
                403,
                "odoo.exceptions.AccessError",
                "Private methods",
            ),
            ("emulation.report", "search", {"domain": []}, 404, "werkzeug.exceptions.NotFound", "does not exist"),
            # arguments the method does not take, or of the wrong type
            (
                "emulation.submission",
                "action_submit",
                {"ids": c11.ids, "force": True},
                422,
                unprocessable,
                "unexpected keyword",
            ),
            ("emulation.submission", "action_submit", {"ids": str(c11.id)}, 422, unprocessable, "ids must be a list"),
            ("emulation.submission", "action_submit", {"ids": [1.5]}, 422, unprocessable, "ids must be a list"),
            ("emulation.submission", "action_submit", {"ids": [True]}, 422, unprocessable, "ids must be a list"),
            ("emulation.submission", "action_submit", {"ids": [-c11.id]}, 422, unprocessable, "ids must be a list"),
            ("emulation.submission", "action_submit", {"ids": [2**40]}, 422, unprocessable, "ids must be a list"),
            (
                "emulation.submission",
                "action_submit",
                {"ids": c11.ids, "context": "vi_VN"},
                422,
                unprocessable,
                "context must be an object",
            ),
            (
                "emulation.submission",
                "search_read",
                {"domain": [["secret", "=", 1]]},
                422,
                unprocessable,
                "domain is not valid",
            ),
            ("emulation.submission", "search_read", {"domain": "all"}, 422, unprocessable, "domain is not valid"),
            (
                "emulation.submission",
                "read",
                {"ids": c11.ids, "fields": ["state", "secret"]},
                422,
                unprocessable,
                "no field named 'secret'",
            ),
            (
                "emulation.submission",
                "search_read",
                {"domain": [], "fields": "state"},
                422,
                unprocessable,
                "fields must be a list of field names, not 'state'",
            ),
            ("emulation.submission", "search", {}, 422, unprocessable, "missing a required argument: 'domain'"),
            # workflow arguments of the wrong type
            (
                "emulation.submission",
                "action_consolidate",
                {"ids": d1.ids, "force": "yes"},
                422,
                "odoo.exceptions.UserError",
                "force must be true or false",
            ),
            (
                "emulation.submission",
                "action_return",
                {"ids": c11.ids, "reason": 5},
                422,
                "odoo.exceptions.UserError",
                "The reason must be a text, not 5",
            ),
            # figures of the wrong type, through both doors
            (
                "emulation.submission.line",
                "write",
                {"ids": line.ids, "vals": {"value_number": "many"}},
                422,
                "odoo.exceptions.UserError",
                "must be a number",
            ),
            (
                "emulation.submission.line",
                "write",
                {"ids": line.ids, "vals": {"value_number": [1]}},
                422,
                "odoo.exceptions.UserError",
                "must be a number",
            ),
            (
                "emulation.submission",
                "write",
                {"ids": c11.ids, "vals": {"line_ids": [[1, line.id, {"value_number": "x"}]]}},
                422,
                "odoo.exceptions.UserError",
                "must be a number",
            ),
            (
                "emulation.submission",
                "write",
                {"ids": c11.ids, "vals": {"results": {"text": 1}}},
                422,
                "odoo.exceptions.UserError",
                "must be a text",
            ),
            (
                "emulation.submission",
                "write",
                {"ids": c11.ids, "vals": {"secret": 1}},
                422,
                "odoo.exceptions.UserError",
                "no field named secret",
            ),
            (
                "emulation.submission",
                "write",
                {"ids": c11.ids, "vals": "state=approved"},
                422,
                unprocessable,
                "vals must be an object",
            ),
        ):
            with self.subTest(method=f"{model}.{method}", body=body):
                self.assertRefused(self.call(user, model, method, body), status, name, message)
        # bodies that are not JSON, and numbers JSON does not have
        self.assertRefused(
            self.call(user, "emulation.submission", "action_submit", raw="ids=1"),
            400,
            "werkzeug.exceptions.BadRequest",
            "could not parse the body as json",
        )
        for number in ("NaN", "Infinity", "-1e999"):
            with self.subTest(number=number):
                raw = f'{{"ids": [{line.id}], "vals": {{"value_number": {number}}}}}'
                self.assertRefused(
                    self.call(user, "emulation.submission.line", "write", raw=raw),
                    422,
                    "odoo.exceptions.UserError",
                    "Figure must be a number, not -?(nan|inf)",
                )
        # an empty set of reports is nothing to do, as in the ORM
        self.assertIs(self.ok(user, "emulation.submission", "action_submit", {"ids": []}), True)
        self.assertEqual(self.snapshot(), before)

    @mute_logger("odoo.http", "odoo.addons.base.models.res_users")
    def test_keys(self):
        report = self.submission(self.c11)
        self.fill(report, {"1": 12}, self.c11_user)
        before = self.snapshot()
        submit = {"ids": report.ids}
        # no key, a wrong key, a password instead of a key
        for key, message in (
            ("", "User not authenticated, use an API Key"),
            ("0" * 40, "Invalid apikey"),
            (self.keys[self.c11_user][:-1] + "x", "Invalid apikey"),
            (self.c11_user.login, "Invalid apikey"),
        ):
            with self.subTest(key=key):
                response = self.call(None, "emulation.submission", "action_submit", submit, key=key)
                self.assertRefused(response, 401, "werkzeug.exceptions.Unauthorized", message)
                self.assertEqual(response.headers["WWW-Authenticate"].strip().lower(), "bearer")
        # a revoked key
        keys = self.env["res.users.apikeys"].sudo().search([("user_id", "=", self.c11_user.id)])
        self.assertEqual(len(keys), 1)
        keys.with_user(self.c11_user)._remove()  # what Preferences → Revoke does after the password check
        response = self.call(self.c11_user, "emulation.submission", "action_submit", submit)
        self.assertRefused(response, 401, "werkzeug.exceptions.Unauthorized", "Invalid apikey")
        # the key of an archived user
        self.c12_user.active = False
        response = self.call(self.c12_user, "emulation.submission", "search", {"domain": []})
        self.assertRefused(response, 401, "werkzeug.exceptions.Unauthorized", "Invalid apikey")
        before["keys"] -= 1
        self.assertEqual(self.snapshot(), before)

    @mute_logger("odoo.http")
    def test_messages_in_vietnamese(self):
        """A client that sends {"context": {"lang": "vi_VN"}} reads the refusals in Vietnamese."""
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env["ir.module.module"]._load_module_terms(["emulation_campaign"], ["vi_VN"], overwrite=True)
        vi = {entry.msgid: entry.msgstr for entry in polib.pofile(file_path("emulation_campaign/i18n/vi_VN.po"))}
        report = self.submission(self.c11)
        before = self.snapshot()
        in_vietnamese = {"context": {"lang": "vi_VN"}}
        response = self.call(
            self.d1_user, "emulation.submission", "action_approve", {"ids": report.ids, **in_vietnamese}
        )
        message = vi["%(action)s is not possible for %(reports)s."] % {
            "action": vi["Approving"],
            "reports": f"{report.display_name} ({vi['Draft']})",
        }
        self.assertRefused(response, 422, "odoo.exceptions.UserError", f"^{re.escape(message)}$")
        response = self.call(self.c11_user, "emulation.submission", "action_submit", {"ids": "all", **in_vietnamese})
        message = vi["ids must be a list of record ids (positive whole numbers), not %(value)s."] % {"value": "'all'"}
        self.assertRefused(response, 422, "werkzeug.exceptions.UnprocessableEntity", f"^{re.escape(message)}$")
        self.assertEqual(self.snapshot(), before)
