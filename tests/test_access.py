from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import EmulationCase


@tagged("post_install", "-at_install")
class TestAccess(EmulationCase):
    def visible_units(self, user, model="emulation.submission", field="unit_id"):
        return self.env[model].with_user(user).search([("campaign_id", "=", self.campaign.id)]).mapped(field)

    def test_submission_visibility(self):
        all_units = self.province | self.d1 | self.d2 | self.c11 | self.c12
        self.assertEqual(self.visible_units(self.c11_user), self.c11)
        self.assertEqual(self.visible_units(self.d2_user), self.d2)
        self.assertEqual(self.visible_units(self.d1_user), self.d1 | self.c11 | self.c12)
        self.assertEqual(self.visible_units(self.province_user), all_units)
        self.assertEqual(self.visible_units(self.manager), all_units)
        # lines and history follow their report
        lines = self.env["emulation.submission.line"].with_user(self.c12_user).search([])
        self.assertEqual(lines.submission_id.unit_id, self.c12)
        with self.assertRaises(AccessError):
            self.env["emulation.submission"].with_user(self.outsider).search([])

    def test_reporter_cannot_touch_others(self):
        other = self.submission(self.c12)
        with self.assertRaises(AccessError):
            other.with_user(self.c11_user).read(["state"])
        with self.assertRaises(AccessError):
            other.line_ids[0].with_user(self.c11_user).write({"value_number": 3})
        with self.assertRaises(AccessError):
            other.with_user(self.c11_user).write({"results": "hacked"})
        with self.assertRaises(AccessError):
            self.submission(self.c11).with_user(self.c11_user).unlink()

    def test_approver_reads_below_but_edits_only_own(self):
        commune = self.submission(self.c11)
        self.assertEqual(commune.with_user(self.d1_user).state, "draft")
        with self.assertRaises(AccessError):
            commune.with_user(self.d1_user).write({"results": "written by the district"})
        with self.assertRaises(AccessError):
            commune.line_ids[0].with_user(self.d1_user).write({"value_number": 3})
        own = self.submission(self.d1).with_user(self.d1_user)
        own.write({"results": "District summary"})
        self.assertEqual(own.results, "District summary")

    def test_campaign_visibility(self):
        other = self.env["emulation.campaign"].create(
            {"name": "Other", "code": "T-O", "issuing_unit_id": self.d2.id, "unit_ids": [self.d2.id]}
        )
        Campaign = self.env["emulation.campaign"]
        self.assertEqual(Campaign.with_user(self.c11_user).search([]), self.campaign)
        self.assertEqual(Campaign.with_user(self.d2_user).search([]), self.campaign | other)
        # a campaign of District 2 alone: the province does not take part in it
        self.assertNotIn(other, Campaign.with_user(self.province_user).search([]))
        self.assertEqual(
            self.env["emulation.criterion"].with_user(self.c11_user).search([]), self.campaign.criterion_ids
        )
        self.assertEqual(self.env["emulation.period"].with_user(self.c11_user).search([]), self.campaign.period_ids)
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.province_user).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.campaign.criterion_ids[0].with_user(self.province_user).write({"name": "Renamed"})

    def test_history_is_read_only(self):
        sub = self.submission(self.c11)
        self.fill(sub, {"1": 1}, self.c11_user)
        sub.with_user(self.c11_user).action_submit()
        history = sub.with_user(self.c11_user).history_ids
        self.assertEqual(history.to_state, "submitted")
        with self.assertRaises(AccessError):
            history.write({"reason": "rewritten"})
        with self.assertRaises(AccessError):
            history.unlink()
        with self.assertRaises(AccessError):
            self.env["emulation.submission.history"].with_user(self.manager).create(
                {"submission_id": sub.id, "user_id": self.manager.id, "to_state": "approved"}
            )
