from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import EmulationCase


@tagged("post_install", "-at_install")
class TestConsolidation(EmulationCase):
    def approve_communes(self):
        c11 = self.submit_and_approve(
            self.c11,
            {"1": 10, "2": 1.5, "3": 60, "4": True, "5": "Evening classes", "6": 12},
            self.c11_user,
            self.d1_user,
        )
        self.submission(self.c11).results = False
        c12 = self.submission(self.c12)
        self.fill(c12, {"1": 20, "2": 2.25, "3": 90, "4": False, "5": "Reading club", "6": 8}, self.c12_user)
        c12.with_user(self.c12_user).write({"results": "Two new classes"})
        c12.with_user(self.c12_user).action_submit()
        c12.with_user(self.d1_user).action_approve()
        return c11, c12

    def test_district_consolidates_communes(self):
        c11, c12 = self.approve_communes()
        d1 = self.submission(self.d1)
        self.assertTrue(d1.has_units_below)
        self.assertIs(d1.with_user(self.d1_user).action_consolidate(), True)
        self.assertEqual(d1.state, "draft")
        self.assertEqual(d1.source_submission_ids, c11 | c12)
        self.assertEqual((c11 | c12).mapped("state"), ["consolidated", "consolidated"])
        values = {line.code: line for line in d1.line_ids}
        self.assertEqual(values["1"].value_number, 30)  # sum
        self.assertAlmostEqual(values["2"].value_number, 3.75)  # sum of decimals
        self.assertEqual(values["3"].value_number, 75)  # average
        self.assertEqual(values["4"].value_number, 1)  # count of yes
        self.assertEqual(values["5"].value_text, "Commune 11: Evening classes\nCommune 12: Reading club")
        self.assertEqual(values["6"].value_number, 8)  # min
        self.assertTrue(all(line.is_filled for line in d1.line_ids))
        self.assertEqual(d1.results, "Commune 12:\nTwo new classes")
        self.assertFalse(d1.missing_unit_ids)
        # the history of the district's report says who consolidated what
        self.assertRecordValues(
            d1.history_ids,
            [
                {
                    "from_state": "draft",
                    "to_state": "draft",
                    "user_id": self.d1_user.id,
                    "reason": "Consolidated 2 report(s) of the units below.",
                }
            ],
        )
        # the consolidated reports are read-only now, and cannot be returned
        with self.assertRaisesRegex(UserError, "no longer editable"):
            self.fill(c11, {"1": 11})
        with self.assertRaisesRegex(UserError, "Returning is not possible"):
            c11.with_user(self.d1_user).action_return("late change")

    def test_missing_units_block_unless_forced(self):
        self.submit_and_approve(self.c11, {"1": 10}, self.c11_user, self.d1_user)
        c12 = self.submission(self.c12)
        self.fill(c12, {"1": 99}, self.c12_user)
        c12.with_user(self.c12_user).action_submit()  # submitted, not approved: does not count
        d1 = self.submission(self.d1)
        with self.assertRaises(UserError) as caught:
            d1.with_user(self.d1_user).action_consolidate()
        self.assertIn("Commune 12", str(caught.exception))
        self.assertNotIn("Commune 11", str(caught.exception))
        self.assertFalse(d1.source_submission_ids)
        self.assertEqual(self.submission(self.c11).state, "approved")
        d1.with_user(self.d1_user).action_consolidate(force=True)
        self.assertEqual(d1.missing_unit_ids, self.c12)
        self.assertEqual(d1.line_ids.filtered(lambda l: l.code == "1").value_number, 10)
        self.assertEqual(c12.state, "submitted")

    def test_province_consolidates_consolidated_districts(self):
        self.approve_communes()
        d1 = self.submission(self.d1)
        d1.with_user(self.d1_user).action_consolidate()
        # the district checks and submits its consolidated report upward
        d1.with_user(self.d1_user).action_submit()
        d1.with_user(self.province_user).action_approve()
        self.submit_and_approve(
            self.d2, {"1": 5, "2": 1, "3": 30, "4": True, "5": "Library", "6": 3}, self.d2_user, self.province_user
        )
        province = self.submission(self.province)
        province.with_user(self.province_user).action_consolidate()
        values = {line.code: line for line in province.line_ids}
        self.assertEqual(values["1"].value_number, 35)
        self.assertAlmostEqual(values["2"].value_number, 4.75)
        # the average weighs each commune and district report once: (60 + 90 + 30) / 3
        self.assertEqual(values["3"].value_number, 60)
        self.assertEqual(values["3"].aggregated_count, 3)
        self.assertEqual(values["4"].value_number, 2)  # one commune + District 2
        self.assertEqual(values["6"].value_number, 3)
        self.assertEqual(
            values["5"].value_text, "Commune 11: Evening classes\nCommune 12: Reading club\nDistrict 2: Library"
        )
        self.assertEqual(province.source_submission_ids, d1 | self.submission(self.d2))
        self.assertIn("District 1:\nCommune 12:\nTwo new classes", province.results)

    def test_reconsolidation_counts_nothing_twice(self):
        c11, c12 = self.approve_communes()
        d1 = self.submission(self.d1).with_user(self.d1_user)
        d1.action_consolidate()
        d1.action_consolidate()
        self.assertEqual(d1.line_ids.filtered(lambda l: l.code == "1").value_number, 30)
        self.assertEqual(d1.source_submission_ids, c11 | c12)
        # returned from above, the district undoes, a commune is corrected, consolidate again
        d1.action_submit()
        self.submission(self.d1).with_user(self.province_user).action_return("Commune 12 counted badly")
        d1.action_undo_consolidation()
        self.assertEqual((c11 | c12).mapped("state"), ["approved", "approved"])
        self.assertFalse(d1.source_submission_ids)
        self.assertFalse(any(d1.line_ids.mapped("is_filled")))
        self.assertFalse(d1.results)
        c12.with_user(self.d1_user).action_return("Members trained is 25")
        self.fill(c12, {"1": 25}, self.c12_user)
        c12.with_user(self.c12_user).action_submit()
        c12.with_user(self.d1_user).action_approve()
        d1.action_consolidate()
        self.assertEqual(d1.line_ids.filtered(lambda l: l.code == "1").value_number, 35)
        self.assertEqual(
            [h.to_state for h in c12.history_ids.sorted("id")],
            [
                "submitted",
                "approved",
                "consolidated",
                "approved",  # consolidating again first undoes the previous consolidation
                "consolidated",
                "approved",  # undone by hand
                "returned",
                "submitted",
                "approved",
                "consolidated",
            ],
        )

    def test_consolidation_rights_and_guards(self):
        self.approve_communes()
        d1 = self.submission(self.d1)
        # not the province approver (not an officer of District 1), not a commune, not a reporter
        for user in (self.province_user, self.c11_user, self.d2_user):
            with self.assertRaises(AccessError):
                d1.with_user(user).action_consolidate()
        # a leaf unit has nothing to consolidate
        with self.assertRaisesRegex(UserError, "nothing to consolidate"):
            self.submission(self.d2).with_user(self.manager).action_consolidate()
        with self.assertRaisesRegex(UserError, "consolidate nothing"):
            d1.with_user(self.d1_user).action_undo_consolidation()
        d1.with_user(self.d1_user).action_consolidate()
        d1.with_user(self.d1_user).action_submit()
        with self.assertRaisesRegex(UserError, "Consolidating is not possible"):
            d1.with_user(self.d1_user).action_consolidate()
        with self.assertRaisesRegex(UserError, "Undoing the consolidation is not possible"):
            d1.with_user(self.d1_user).action_undo_consolidation()
        # a consolidating report may exceed one unit's limits
        self.assertEqual(d1.state, "submitted")

    def _prepare_parent(self, size):
        """A parent unit (District 1's approver as officer) with `size` approved child reports."""
        parent = self.env["emulation.unit"].create({"name": f"Parent {size}", "code": f"T-QP{size}"})
        units = self.env["emulation.unit"].create(
            [{"name": f"Child {size}-{i}", "code": f"T-Q{size}-{i}", "parent_id": parent.id} for i in range(size)]
        )
        parent.user_ids = self.d1_user
        campaign = self.campaign.copy(
            {"code": f"T-Q{size}", "name": f"Q{size}", "issuing_unit_id": parent.id, "unit_ids": units.ids}
        )
        campaign.with_user(self.manager).action_launch()
        period = campaign.period_ids[0]
        children = period.submission_ids.filtered(lambda s: s.unit_id in units)
        for i, child in enumerate(children):
            self.fill(child, {"1": i, "2": i / 2, "3": 50, "4": bool(i % 2), "5": f"text {i}", "6": i})
        children.sudo().write({"state": "approved"})
        target = period.submission_ids.filtered(lambda s: s.unit_id == parent).with_user(self.d1_user)
        self.env.flush_all()
        self.env.invalidate_all()
        return target, children

    def test_query_count_does_not_grow_with_children(self):
        """One consolidation costs the same number of queries for 3 or 12 child units."""
        small, small_children = self._prepare_parent(3)
        self.env.cr.flush()
        before = self.cr.sql_log_count
        small.action_consolidate()
        self.env.flush_all()
        self.env.cr.flush()
        small_count = self.cr.sql_log_count - before
        self.assertEqual(small.source_submission_ids, small_children)

        big, big_children = self._prepare_parent(12)
        with self.assertQueryCount(small_count):
            big.action_consolidate()
        self.assertEqual(big.source_submission_ids, big_children)
        self.assertEqual(big.line_ids.filtered(lambda l: l.code == "1").value_number, sum(range(12)))
        self.assertEqual(big.line_ids.filtered(lambda l: l.code == "4").value_number, 6)

    def test_query_count_of_consolidating_again_does_not_grow_with_children(self):
        """Consolidating again (the previous consolidation undone first, its reports back
        to approved, then taken again) costs the same number of queries for 3 or 12 units."""
        prepared = [self._prepare_parent(size) for size in (3, 12)]
        for parent, _children in prepared:
            parent.action_consolidate()
        counts = []
        for parent, children in prepared:
            self.env.flush_all()
            self.env.cr.flush()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            parent.action_consolidate()
            self.env.flush_all()
            self.env.cr.flush()
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(parent.source_submission_ids, children)
            consolidated = children.history_ids.filtered(lambda h: h.to_state == "consolidated")
            self.assertEqual(len(consolidated), 2 * len(children), "one row per report and consolidation")
        self.assertEqual(counts[0], counts[1])
