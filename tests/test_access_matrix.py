"""Who may do what, through the ORM and over XML-RPC, against one table.

Outcomes: "ok" (done), "denied" (AccessError; RPC fault code 4) or "refused"
(UserError/ValidationError: allowed to try, refused by a business rule; code 2).
"""

import xmlrpc.client

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import EmulationHttpCase

ROLES = ("reporter", "approver", "manager", "internal", "portal", "public")
ALL_DENIED = dict.fromkeys(ROLES, "denied")


def expect(reporter, approver, manager):
    """Internal users without a role, portal and public users never get anything."""
    return {
        "reporter": reporter,
        "approver": approver,
        "manager": manager,
        "internal": "denied",
        "portal": "denied",
        "public": "denied",
    }


# (target, operation) -> expected outcome per role. Targets are records of Commune 12
# (reporter = Commune 11's officer, approver = District 1's officer, above Commune 12).
MATRIX = {
    ("level", "read"): expect("ok", "ok", "ok"),
    ("level", "write"): expect("denied", "denied", "ok"),
    ("level", "create"): expect("denied", "denied", "ok"),
    ("level", "unlink"): expect("denied", "denied", "refused"),  # still has units
    ("unit", "read"): expect("ok", "ok", "ok"),
    ("unit", "write"): expect("denied", "denied", "ok"),
    ("unit", "create"): expect("denied", "denied", "ok"),
    ("unit", "unlink"): expect("denied", "denied", "refused"),  # has reports
    ("campaign", "read"): expect("ok", "ok", "ok"),
    ("campaign", "write"): expect("denied", "denied", "ok"),
    ("campaign", "create"): expect("denied", "denied", "ok"),
    ("campaign", "unlink"): expect("denied", "denied", "refused"),  # launched
    ("campaign", "action_launch"): expect("denied", "denied", "refused"),  # already running
    ("criterion", "read"): expect("ok", "ok", "ok"),
    ("criterion", "write"): expect("denied", "denied", "ok"),
    ("criterion", "create"): expect("denied", "denied", "ok"),
    ("criterion", "unlink"): expect("denied", "denied", "refused"),  # holds figures
    ("period", "read"): expect("ok", "ok", "ok"),
    ("period", "write"): expect("denied", "denied", "ok"),
    ("period", "create"): expect("denied", "denied", "ok"),
    ("period", "unlink"): expect("denied", "denied", "refused"),  # has reports
    ("extension", "read"): expect("denied", "ok", "ok"),
    ("extension", "write"): expect("denied", "ok", "ok"),
    ("extension", "create"): expect("denied", "ok", "ok"),
    ("extension", "unlink"): expect("denied", "denied", "ok"),
    ("submission", "read"): expect("denied", "ok", "ok"),
    ("submission", "search"): expect("denied", "ok", "ok"),
    ("submission", "write"): expect("denied", "denied", "ok"),
    ("submission", "create"): expect("denied", "denied", "ok"),
    ("submission", "unlink"): expect("denied", "denied", "ok"),
    ("submission", "action_submit"): expect("denied", "denied", "denied"),  # officers of Commune 12 only
    ("submitted", "action_approve"): expect("denied", "ok", "ok"),
    ("submitted", "action_return"): expect("denied", "ok", "ok"),
    ("district", "action_consolidate"): expect("denied", "ok", "ok"),
    ("district", "action_undo_consolidation"): expect("denied", "refused", "refused"),  # nothing consolidated
    ("line", "read"): expect("denied", "ok", "ok"),
    ("line", "write"): expect("denied", "denied", "ok"),
    ("line", "unlink"): expect("denied", "denied", "ok"),
    ("history", "read"): expect("denied", "ok", "ok"),
    ("history", "write"): expect("denied", "denied", "denied"),
    ("history", "create"): expect("denied", "denied", "denied"),
    ("history", "unlink"): expect("denied", "denied", "denied"),
}

# The documents: each report printed (QWeb, as the PDF is), and the XLSX download.
DOCUMENTS = {
    ("campaign", "print dispatch"): expect("ok", "ok", "ok"),
    ("submission", "print report"): expect("denied", "ok", "ok"),
    ("submission", "download xlsx"): expect("denied", "ok", "ok"),
}
REPORTS = {
    "print dispatch": "emulation_campaign.report_campaign_dispatch",
    "print report": "emulation_campaign.report_submission",
}

MODELS = {
    "level": "emulation.unit.level",
    "unit": "emulation.unit",
    "campaign": "emulation.campaign",
    "criterion": "emulation.criterion",
    "period": "emulation.period",
    "extension": "emulation.deadline.extension",
    "submission": "emulation.submission",
    "submitted": "emulation.submission",
    "district": "emulation.submission",
    "line": "emulation.submission.line",
    "history": "emulation.submission.history",
}


class Rollback(Exception):
    """Raised to undo an operation that succeeded, so each cell starts from the same data."""


@tagged("post_install", "-at_install")
class TestAccessMatrix(EmulationHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, login="ec_portal", groups="base.group_portal", password="ec_portal")
        cls.users = {
            "reporter": cls.c11_user,
            "approver": cls.d1_user,
            "manager": cls.manager,
            "internal": cls.outsider,
            "portal": cls.portal_user,
            "public": cls.env.ref("base.public_user"),
        }
        c12_sub = cls.submission(cls.c12)
        cls.fill(c12_sub, {"1": 4})
        cls.extension = cls.env["emulation.deadline.extension"].create(
            {"period_id": cls.period.id, "unit_id": cls.c12.id, "deadline": "2025-12-31", "reason": "Flood"}
        )
        # a submitted report of Commune 12 (2026) and its history
        cls.submitted = cls.submission(cls.c12, cls.campaign.period_ids.filtered(lambda p: p.name == "2026"))
        cls.fill(cls.submitted, {"1": 2})
        cls.submitted.with_user(cls.c12_user).action_submit()
        # District 2 has no 2026 report yet: the one the matrix creates
        cls.submission(cls.d2, cls.submitted.period_id).unlink()
        cls.targets = {
            "level": cls.level_commune,
            "unit": cls.c12,
            "campaign": cls.campaign,
            "criterion": cls.criteria["1"],
            "period": cls.period,
            "extension": cls.extension,
            "submission": c12_sub,
            "submitted": cls.submitted,
            "district": cls.submission(cls.d1),
            "line": c12_sub.line_ids.filtered(lambda l: l.code == "1"),
            "history": cls.submitted.history_ids,
        }
        cls.env.flush_all()

    def create_values(self, target):
        return {
            "level": {"name": "New level"},
            "unit": {"name": "New unit", "code": "T-NEW", "parent_id": self.d1.id},
            "campaign": {"name": "New", "code": "T-NEW", "issuing_unit_id": self.province.id},
            "criterion": {"campaign_id": self.campaign.id, "code": "99", "name": "New"},
            "period": {
                "campaign_id": self.campaign.id,
                "name": "2099",
                "date_from": "2099-01-01",
                "date_to": "2099-12-31",
                "deadline": "2099-12-05",
            },
            "extension": {
                "period_id": self.campaign.period_ids[1].id,
                "unit_id": self.c12.id,
                "deadline": "2026-12-31",
                "reason": "Storm",
            },
            "submission": {
                "period_id": self.campaign.period_ids.filtered(lambda p: p.name == "2026").id,
                "unit_id": self.d2.id,
            },
            "history": {"submission_id": self.submitted.id, "user_id": self.c12_user.id, "to_state": "approved"},
        }[target]

    def write_values(self, target):
        return {
            "level": {"name": "Renamed"},
            "unit": {"name": "Renamed"},
            "campaign": {"name": "Renamed"},
            "criterion": {"name": "Renamed"},
            "period": {"name": "Renamed"},
            "extension": {"reason": "Changed"},
            "submission": {"results": "Changed"},
            "line": {"value_number": 7},
            "history": {"reason": "Rewritten"},
        }[target]

    def call_args(self, target, operation):
        """(method, args, kwargs) of the operation, for the ORM and RPC alike."""
        record = self.targets[target]
        if operation == "read":
            return "read", [record.ids, ["display_name"]], {}
        if operation == "search":
            return "search", [[("id", "=", record.id)]], {}
        if operation == "write":
            return "write", [record.ids, self.write_values(target)], {}
        if operation == "create":
            return "create", [[self.create_values(target)]], {}
        if operation == "unlink":
            return "unlink", [record.ids], {}
        if operation == "action_return":
            return operation, [record.ids, "Check the figures"], {}
        if operation == "action_consolidate":
            return operation, [record.ids], {"force": True}
        return operation, [record.ids], {}

    def orm_outcome(self, role, target, operation):
        method, args, kwargs = self.call_args(target, operation)
        model = self.env[MODELS[target]].with_user(self.users[role])
        try:
            with self.env.cr.savepoint():
                if method in ("create", "search"):
                    result = getattr(model, method)(*args, **kwargs)
                else:
                    result = getattr(model.browse(args[0]), method)(*args[1:], **kwargs)
                model.env.flush_all()
                raise Rollback("denied" if method == "search" and not result else "ok")  # a hidden record is denied
        except Rollback as done:
            return str(done)
        except AccessError:
            return "denied"
        except UserError:
            return "refused"
        finally:
            self.env.invalidate_all()

    def test_matrix_orm(self):
        results = {}
        for (target, operation), expected in MATRIX.items():
            for role in ROLES:
                results[target, operation, role] = (self.orm_outcome(role, target, operation), expected[role])
        wrong = {key: value for key, value in results.items() if value[0] != value[1]}
        self.assertFalse(wrong, "(target, operation, role): (got, expected)")

    def rpc_outcome(self, role, target, operation):
        user = self.users[role]
        method, args, kwargs = self.call_args(target, operation)
        try:
            with self.env.cr.savepoint():
                result = self.xmlrpc_object.execute_kw(
                    self.env.cr.dbname, user.id, user.login, MODELS[target], method, args, kwargs
                )
                raise Rollback("denied" if method == "search" and not result else "ok")
        except Rollback as done:
            return str(done)
        except xmlrpc.client.Fault as fault:
            if fault.faultCode in (3, 4):  # AccessDenied (login), AccessError
                return "denied"
            if fault.faultCode == 2:
                return "refused"
            raise
        finally:
            self.env.invalidate_all()

    @mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http")
    def test_matrix_rpc(self):
        """The same table over XML-RPC (the public user has no password: refused at login)."""
        wrong = {}
        for (target, operation), expected in MATRIX.items():
            for role in ROLES:
                if role == "public":
                    continue
                got = self.rpc_outcome(role, target, operation)
                if got != expected[role]:
                    wrong[target, operation, role] = (got, expected[role])
        self.assertFalse(wrong, "(target, operation, role): (got, expected)")

    @mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http")
    def test_rpc_methods_return_values(self):
        """Workflow methods return a value XML-RPC can carry, and faults carry Odoo's codes."""
        db, user = self.env.cr.dbname, self.c11_user
        sub = self.submission(self.c11)
        line = sub.line_ids.filtered(lambda l: l.code == "1")
        rpc = self.xmlrpc_object.execute_kw
        self.assertIs(
            rpc(db, user.id, user.login, "emulation.submission.line", "write", [line.ids, {"value_number": 3}]), True
        )
        self.assertIs(rpc(db, user.id, user.login, "emulation.submission", "action_submit", [sub.ids]), True)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            rpc(db, user.id, user.login, "emulation.submission", "action_submit", [sub.ids])
        self.assertEqual(caught.exception.faultCode, 2)
        self.assertIn("Submitting is not possible", caught.exception.faultString)
        approver = self.d1_user
        self.assertIs(
            rpc(db, approver.id, approver.login, "emulation.submission", "action_return", [sub.ids, "Why"]), True
        )
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            rpc(db, approver.id, approver.login, "emulation.submission", "action_return", [sub.ids, ""])
        self.assertEqual(caught.exception.faultCode, 2)

    def document_outcome(self, role, target, operation):
        record, user = self.targets[target], self.users[role]
        if operation == "download xlsx":
            if role == "public":
                self.authenticate(None, None)
            else:
                self.authenticate(user.login, user.login)
            response = self.url_open(f"/emulation/submission/{record.id}/xlsx", allow_redirects=False)
            return "ok" if response.status_code == 200 and response.content[:2] == b"PK" else "denied"
        try:
            self.env["ir.actions.report"].with_user(user)._render_qweb_html(REPORTS[operation], record.ids)
        except AccessError:
            return "denied"
        finally:
            self.env.invalidate_all()
        return "ok"

    @mute_logger("odoo.http")
    def test_matrix_documents(self):
        """Who gets which document: the PDFs' content and the XLSX, through every role."""
        wrong = {}
        for (target, operation), expected in DOCUMENTS.items():
            for role in ROLES:
                got = self.document_outcome(role, target, operation)
                if got != expected[role]:
                    wrong[target, operation, role] = (got, expected[role])
        self.assertFalse(wrong, "(target, operation, role): (got, expected)")
