from odoo.tests import tagged

from .common import EmulationHttpCase


@tagged("post_install", "-at_install")
class TestUi(EmulationHttpCase):
    def test_reporting_cycle_in_the_browser(self):
        """District 2's officer submits; the province returns it, the officer corrects and
        resubmits; the province approves everything and consolidates."""
        # District 1 has consolidated its communes and submitted its report upward.
        for unit, officer, values in (
            (self.c11, self.c11_user, {"1": 10, "3": 60}),
            (self.c12, self.c12_user, {"1": 20, "3": 90}),
        ):
            self.submit_and_approve(unit, values, officer, self.d1_user)
        d1 = self.submission(self.d1).with_user(self.d1_user)
        d1.action_consolidate()
        d1.action_submit()

        d2 = self.submission(self.d2)
        self.start_tour("/odoo", "emulation_officer_submit", login="ec_d2")
        self.assertEqual(d2.state, "submitted")
        self.assertEqual(d2.line_ids.filtered(lambda l: l.code == "1").value_number, 12)

        self.start_tour("/odoo", "emulation_approver_return", login="ec_province")
        self.assertEqual(d2.state, "returned")
        self.assertEqual(d2.return_reason, "Members trained must count the 2025 classes only")

        self.start_tour("/odoo", "emulation_officer_resubmit", login="ec_d2")
        self.assertEqual(d2.state, "submitted")

        self.start_tour("/odoo", "emulation_approver_consolidate", login="ec_province")
        province = self.submission(self.province)
        self.assertEqual(province.source_submission_ids, self.submission(self.d1) | d2)
        self.assertEqual(province.line_ids.filtered(lambda l: l.code == "1").value_number, 40)
