from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import EmulationCase


@tagged("post_install", "-at_install")
class TestScore(EmulationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.criteria["1"].weight = 2  # integer, target 100
        cls.criteria["2"].weight = 1  # number, target 50 (Commune 12: its own target 200)
        cls.criteria["3"].weight = 0  # percent with a target but weight 0: not scored
        cls.criteria["4"].weight = 1  # boolean, target yes
        # criterion 6 has no target: not scored; criterion 5 is a text
        Target = cls.env["emulation.target"].with_user(cls.manager)
        for code, value, unit in (("1", 100, None), ("2", 50, None), ("2", 200, cls.c12), ("3", 50, None)):
            Target.create(
                {
                    "criterion_id": cls.criteria[code].id,
                    "period_id": cls.period.id,
                    "unit_id": unit.id if unit else False,
                    "value": value,
                }
            )
        Target.create({"criterion_id": cls.criteria["4"].id, "period_id": cls.period.id})

    def expected(self, values, target_2=50):
        """The contract's formula, written out."""
        attainment = {
            "1": min(values.get("1", 0) / 100, 1),
            "2": min(values.get("2", 0) / target_2, 1),
            "4": 1.0 if values.get("4") else 0.0,
        }
        weights = {"1": 2, "2": 1, "4": 1}
        return round(100 * sum(weights[c] * attainment[c] for c in weights) / sum(weights.values()), 2)

    def test_score_as_the_contract_defines(self):
        c11 = {"1": 60, "2": 80, "3": 10, "4": False, "5": "text", "6": 3}
        c12 = {"1": 150, "2": 80, "3": 100, "4": True, "6": 1}
        s11 = self.submission(self.c11)
        s12 = self.submission(self.c12)
        self.fill(s11, c11, self.c11_user)
        self.fill(s12, c12, self.c12_user)
        self.assertEqual((s11.score, s12.score), (0.0, 0.0), "drafts have no score")
        s11.with_user(self.c11_user).action_submit()
        self.assertAlmostEqual(s11.score, self.expected(c11))  # (2×0.6 + 1×1 + 0) / 4 = 55
        self.assertAlmostEqual(s11.score, 55.0)
        s12.with_user(self.c12_user).action_submit()
        s12.with_user(self.d1_user).action_approve()
        self.assertAlmostEqual(s12.score, self.expected(c12, target_2=200))  # (2 + 0.4 + 1) / 4 = 85
        self.assertAlmostEqual(s12.score, 85.0)
        s11.with_user(self.d1_user).action_return("Check criterion 1")
        self.assertEqual(s11.score, 0.0, "a returned report has no score")

    def test_score_follows_targets_and_weights(self):
        values = {"1": 50, "2": 25, "4": True}
        sub = self.submission(self.c11)
        self.fill(sub, values, self.c11_user)
        sub.with_user(self.c11_user).action_submit()
        self.assertAlmostEqual(sub.score, 62.5)  # (2×0.5 + 1×0.5 + 1×1) / 4
        target_1 = self.campaign.target_ids.filtered(lambda t: t.criterion_id.code == "1")
        target_1.with_user(self.manager).value = 50
        self.assertAlmostEqual(sub.score, 87.5)  # (2×1 + 0.5 + 1) / 4
        self.criteria["4"].with_user(self.manager).weight = 0
        self.assertAlmostEqual(sub.score, round(100 * 2.5 / 3, 2))
        # a unit's own target takes precedence, and removing it falls back on the campaign-wide one
        own = (
            self.env["emulation.target"]
            .with_user(self.manager)
            .create(
                {
                    "criterion_id": self.criteria["1"].id,
                    "period_id": self.period.id,
                    "unit_id": self.c11.id,
                    "value": 200,
                }
            )
        )
        self.assertAlmostEqual(sub.score, round(100 * (2 * 0.25 + 0.5) / 3, 2))
        own.unlink()
        self.assertAlmostEqual(sub.score, round(100 * 2.5 / 3, 2))
        self.campaign.target_ids.with_user(self.manager).unlink()
        self.assertEqual(sub.score, 0.0, "no target, nothing scored")

    def test_score_after_consolidation(self):
        """The consolidated report's lines are written in bulk: its score follows them."""
        self.submit_and_approve(self.c11, {"1": 30, "2": 10, "4": True}, self.c11_user, self.d1_user)
        self.submit_and_approve(self.c12, {"1": 40, "2": 20, "4": False}, self.c12_user, self.d1_user)
        district = self.submission(self.d1)
        district.with_user(self.d1_user).action_consolidate()
        self.assertEqual(district.score, 0.0, "the consolidated report is still a draft")
        district.with_user(self.d1_user).action_submit()
        # 1: 70 of 100, 2: 30 of 50, 4: one "yes" out of two reports
        self.assertAlmostEqual(district.score, round(100 * (2 * 0.7 + 0.6 + 0.5) / 4, 2))
        self.assertEqual(self.submission(self.c11).state, "consolidated")
        self.assertAlmostEqual(self.submission(self.c11).score, round(100 * (2 * 0.3 + 0.2 + 1) / 4, 2))
        # a bulk write of lines (as consolidation does) on a scored report: the score follows
        line_1 = district.line_ids.filtered(lambda l: l.code == "1")
        values = {**district._empty_line_values(), "value_number": 100.0, "is_filled": True, "aggregated_count": 2}
        district.sudo()._set_line_values({line_1.id: values})
        self.assertAlmostEqual(district.score, round(100 * (2 * 1 + 0.6 + 0.5) / 4, 2))
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertAlmostEqual(district.score, 77.5, "stored as computed")

    def test_score_is_never_written_by_hand(self):
        sub = self.submission(self.c11)
        for user in (self.c11_user, self.manager):
            with self.assertRaisesRegex(UserError, "set by the server"):
                sub.with_user(user).write({"score": 100})
        with self.assertRaises(ValidationError):
            self.criteria["1"].with_user(self.manager).weight = -1
        with self.assertRaises(UserError):
            self.criteria["1"].with_user(self.manager).weight = float("nan")
        with self.assertRaises(ValidationError):
            self.criteria["1"].with_user(self.manager).weight = 2e6
