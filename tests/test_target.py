from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import EmulationCase


@tagged("post_install", "-at_install")
class TestTarget(EmulationCase):
    def target(self, code, value=None, unit=None, user=None):
        vals = {"criterion_id": self.criteria[code].id, "period_id": self.period.id}
        if value is not None:
            vals["value"] = value
        if unit:
            vals["unit_id"] = unit.id
        return self.env["emulation.target"].with_user(user or self.manager).create(vals)

    def test_grid_on_the_campaign(self):
        """The campaign's grid shows criteria (not texts) × years and writes campaign-wide targets."""
        campaign = self.campaign.with_user(self.manager)
        grid = campaign.target_grid
        self.assertEqual([p["name"] for p in grid["periods"]], ["2025", "2026", "2027"])
        self.assertEqual([c["code"] for c in grid["criteria"]], ["1", "2", "3", "4", "6"])
        period_2026 = self.campaign.period_ids.filtered(lambda p: p.name == "2026")
        c1, c4 = self.criteria["1"], self.criteria["4"]
        with Form(campaign) as form:
            form.target_grid = {
                **grid,
                "values": {
                    f"{c1.id}-{self.period.id}": 100,
                    f"{c1.id}-{period_2026.id}": 120.5,
                    f"{c4.id}-{self.period.id}": 1,
                },
            }
        targets = self.campaign.target_ids
        self.assertEqual(
            sorted((t.criterion_id.code, t.period_id.name, t.value, bool(t.unit_id)) for t in targets),
            [("1", "2025", 100.0, False), ("1", "2026", 120.5, False), ("4", "2025", 1.0, False)],
        )
        values = dict(campaign.target_grid["values"])
        values[f"{c1.id}-{period_2026.id}"] = None
        values[f"{c1.id}-{self.period.id}"] = 90
        campaign.write({"target_grid": {**grid, "values": values}})
        self.assertEqual(
            sorted((t.criterion_id.code, t.period_id.name, t.value) for t in self.campaign.target_ids),
            [("1", "2025", 90.0), ("4", "2025", 1.0)],
        )

    def test_grid_bad_input(self):
        campaign = self.campaign.with_user(self.manager)
        grid = campaign.target_grid
        c1 = self.criteria["1"]
        for values in (
            {f"{c1.id}-{self.period.id}": "lots"},
            {f"{c1.id}-{self.period.id}": True},
            {"nonsense": 1},
            {f"{c1.id}-999999": 1},
        ):
            with self.assertRaises(UserError):
                campaign.write({"target_grid": {**grid, "values": values}})
        for value, error in (
            (0, ValidationError),
            (-5, ValidationError),
            (float("inf"), UserError),
            (float("nan"), UserError),
            (1e300, UserError),
        ):
            with self.assertRaises(error):
                campaign.write({"target_grid": {**grid, "values": {f"{c1.id}-{self.period.id}": value}}})
        self.assertFalse(self.campaign.target_ids)
        # the reporters' and approvers' grid is read only
        for user in (self.c11_user, self.province_user):
            with self.assertRaises(AccessError):
                self.campaign.with_user(user).write(
                    {"target_grid": {**grid, "values": {f"{c1.id}-{self.period.id}": 5}}}
                )

    def test_bad_targets(self):
        with self.assertRaisesRegex(ValidationError, "text"):
            self.target("5", 1)
        with self.assertRaisesRegex(ValidationError, "above 0"):
            self.target("1", 0)
        with self.assertRaisesRegex(ValidationError, "above 0"):
            self.target("2", -3)
        with self.assertRaisesRegex(ValidationError, "at most 100"):
            self.target("3", 120)
        with self.assertRaisesRegex(ValidationError, "yes"):
            self.target("4", 2)
        with self.assertRaises(UserError):
            self.target("1", "ten")
        outsider_unit = self.env["emulation.unit"].create({"name": "Elsewhere", "code": "T-X"})
        with self.assertRaisesRegex(ValidationError, "does not take part"):
            self.target("1", 10, unit=outsider_unit)
        self.target("1", 10)
        with self.assertRaises(IntegrityError), self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.target("1", 12)  # one campaign-wide target per criterion and period
        self.target("1", 12, unit=self.c11)
        self.assertEqual(self.target("4").value, 1.0, "a yes/no target is “yes”")
        self.assertEqual(len(self.campaign.target_ids), 3)

    def test_who_sets_targets(self):
        with self.assertRaises(AccessError):
            self.target("1", 10, user=self.province_user)
        with self.assertRaises(AccessError):
            self.target("1", 10, user=self.c11_user)
        target = self.target("1", 10)
        # the units taking part read them; others do not
        self.assertEqual(target.with_user(self.c11_user).value, 10)
        with self.assertRaises(AccessError):
            target.with_user(self.outsider).read(["value"])

    def test_value_against_target(self):
        """A report's lines show their target (the unit's own first) and how much of it is reached."""
        self.target("1", 200)
        self.target("1", 100, unit=self.c12)
        self.target("4")
        self.fill(self.submission(self.c11), {"1": 150, "4": True}, self.c11_user)
        self.fill(self.submission(self.c12), {"1": 150}, self.c12_user)
        c11 = {line.code: line for line in self.submission(self.c11).line_ids}
        c12 = {line.code: line for line in self.submission(self.c12).line_ids}
        self.assertEqual((c11["1"].target_value, c11["1"].attainment), (200, 75))
        self.assertEqual((c12["1"].target_value, c12["1"].attainment), (100, 100))
        self.assertEqual((c11["4"].has_target, c11["4"].attainment), (True, 100))
        self.assertEqual((c12["4"].has_target, c12["4"].attainment), (True, 0))
        self.assertFalse(c11["2"].has_target)
