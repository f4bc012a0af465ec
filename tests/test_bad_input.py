import xmlrpc.client

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import EmulationCase, EmulationHttpCase


@tagged("post_install", "-at_install")
class TestBadInput(EmulationCase):
    def setUp(self):
        super().setUp()
        self.sub = self.submission(self.c11).with_user(self.c11_user)
        self.line = self.sub.line_ids.filtered(lambda l: l.code == "1")

    def test_wrong_types_and_unknown_fields(self):
        for vals, message in (
            ({"value_number": "12"}, "must be a number"),
            ({"value_number": [1]}, "must be a number"),
            ({"value_number": True}, "must be a number"),
            ({"value_text": 12}, "must be a text"),
            ({"value_bool": "yes"}, "must be yes or no"),
            ({"no_such_field": 1}, "no field named no_such_field"),
        ):
            with self.assertRaisesRegex(UserError, message):
                self.line.write(vals)
        with self.assertRaisesRegex(UserError, "no field named colour"):
            self.sub.write({"colour": "red", "results": "x"})
        with self.assertRaisesRegex(UserError, "must be a text"):
            self.sub.write({"results": {"html": "<b>x</b>"}})
        self.assertFalse(self.line.is_filled)
        self.assertFalse(self.sub.results)

    def test_huge_texts(self):
        with self.assertRaisesRegex(UserError, "too long: 100001 characters"):
            self.sub.write({"results": "x" * 100_001})
        self.sub.write({"results": "Việt Nam " * 10_000})  # 90,000 characters are fine
        self.assertEqual(len(self.sub.results), 90_000)

    def test_non_finite_and_negative_numbers(self):
        for value, error, message in (
            (float("nan"), UserError, "must be a number"),
            (float("inf"), UserError, "must be a number"),
            (-1, ValidationError, "below the minimum"),
        ):
            with self.assertRaisesRegex(error, message):
                self.line.write({"value_number": value})
        self.assertFalse(self.line.is_filled)

    def test_deleting_what_is_in_use(self):
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.c11.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.level_commune.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "already have reports"):
            self.period.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.campaign.with_user(self.manager).unlink()
        self.line.write({"value_number": 3})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.criteria["1"].with_user(self.manager).unlink()
        # an unused unit can go
        spare = self.env["emulation.unit"].create({"name": "Spare", "code": "T-SPARE", "parent_id": self.d2.id})
        spare.with_user(self.manager).unlink()
        self.assertFalse(spare.exists())


@tagged("post_install", "-at_install")
class TestBadInputRpc(EmulationHttpCase):
    @mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http")
    def test_rpc_errors_are_clear(self):
        sub = self.submission(self.c11)
        line = sub.line_ids.filtered(lambda l: l.code == "1")
        user = self.c11_user

        def call(model, method, *args):
            return self.xmlrpc_object.execute_kw(self.env.cr.dbname, user.id, user.login, model, method, list(args))

        for vals, message in (
            ({"value_number": "abc"}, "must be a number"),
            ({"bogus": 1}, "no field named bogus"),
            ({"value_number": -5}, "below the minimum"),
        ):
            with self.assertRaises(xmlrpc.client.Fault) as caught:
                call("emulation.submission.line", "write", line.ids, vals)
            self.assertEqual(caught.exception.faultCode, 2, caught.exception.faultString)
            self.assertIn(message, caught.exception.faultString)
            self.assertNotIn("Traceback", caught.exception.faultString)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            call("emulation.submission", "action_submit", sub.ids)
        self.assertEqual(caught.exception.faultCode, 2)
        self.assertIn("required, not filled in", caught.exception.faultString)
        self.assertEqual(sub.state, "draft")
