from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import EmulationCase


@tagged("post_install", "-at_install")
class TestUnit(EmulationCase):
    def test_tree(self):
        self.assertEqual(self.province.child_ids, self.d1 | self.d2)
        self.assertEqual(self.c11.complete_name, "Province / District 1 / Commune 11")
        Unit = self.env["emulation.unit"]
        self.assertEqual(Unit.search([("id", "child_of", self.d1.id)]), self.d1 | self.c11 | self.c12)
        self.assertEqual(Unit.search([("id", "parent_of", self.c12.id)]), self.province | self.d1 | self.c12)
        # any depth
        hamlet = Unit.create({"name": "Hamlet", "code": "T-H", "parent_id": self.c11.id})
        self.assertEqual(hamlet.complete_name, "Province / District 1 / Commune 11 / Hamlet")
        self.assertIn(hamlet, Unit.search([("id", "child_of", self.province.id)]))

    def test_no_cycle(self):
        # Odoo's parent store refuses a cycle before our constraint does: either is a UserError
        with self.assertRaises(UserError):
            self.province.parent_id = self.c11
            self.env.flush_all()
        with self.assertRaises(UserError):
            self.d1.parent_id = self.d1
            self.env.flush_all()

    @mute_logger("odoo.sql_db")
    def test_code_unique(self):
        with self.assertRaises(IntegrityError):
            self.env["emulation.unit"].create({"name": "Copy", "code": "T-P"})

    def test_supervisors(self):
        self.assertEqual(self.c11.supervisor_user_ids, self.d1_user | self.province_user)
        self.assertEqual(self.d2.supervisor_user_ids, self.province_user)
        self.assertFalse(self.province.supervisor_user_ids)
        Unit = self.env["emulation.unit"]
        below_province = Unit.search([("supervisor_user_ids", "in", [self.province_user.id])])
        self.assertEqual(below_province, self.d1 | self.d2 | self.c11 | self.c12)
        self.assertEqual(Unit.search([("supervisor_user_ids", "in", [self.d1_user.id])]), self.c11 | self.c12)
        self.assertFalse(Unit.search([("supervisor_user_ids", "in", [self.c11_user.id])]))

    def test_officer_change_applies_at_once(self):
        """Record rules follow a change of officers without any cache clearing."""
        Submission = self.env["emulation.submission"]
        self.assertEqual(Submission.with_user(self.c11_user).search([]).unit_id, self.c11)
        self.c12.user_ids = [(4, self.c11_user.id)]
        self.assertEqual(Submission.with_user(self.c11_user).search([]).unit_id, self.c11 | self.c12)
        self.c11.user_ids = [(3, self.c11_user.id)]
        self.assertEqual(Submission.with_user(self.c11_user).search([]).unit_id, self.c12)
        # an approver moved to another district loses the communes of the first one
        c11_subs = Submission.with_user(self.d1_user).search([("unit_id", "=", self.c11.id)])
        self.assertTrue(c11_subs)
        self.d1.user_ids = [(3, self.d1_user.id)]
        self.d2.user_ids = [(4, self.d1_user.id)]
        self.assertFalse(Submission.with_user(self.d1_user).search([("unit_id", "in", (self.c11 | self.c12).ids)]))
        with self.assertRaises(AccessError):
            c11_subs.with_user(self.d1_user).read(["state"])

    def test_units_configured_by_managers_only(self):
        with self.assertRaises(AccessError):
            self.env["emulation.unit"].with_user(self.province_user).create({"name": "X", "code": "T-X"})
        with self.assertRaises(AccessError):
            self.d1.with_user(self.d1_user).write({"name": "Renamed"})
        unit = (
            self.env["emulation.unit"]
            .with_user(self.manager)
            .create({"name": "New", "code": "T-N", "parent_id": self.province.id, "level_id": self.level_district.id})
        )
        self.assertEqual(unit.parent_id, self.province)
        self.assertEqual(self.level_district.unit_count, 3)
        # everyone in the app can read the tree
        self.assertEqual(self.c11.with_user(self.c12_user).complete_name, "Province / District 1 / Commune 11")
        with self.assertRaises(AccessError):
            self.c11.with_user(self.outsider).read(["name"])
