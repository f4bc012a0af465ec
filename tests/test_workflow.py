import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import EmulationCase


@tagged("post_install", "-at_install")
class TestWorkflow(EmulationCase):
    def test_full_cycle(self):
        sub = self.submission(self.c11)
        self.fill(sub, {"1": 0, "2": 12.5, "3": 80, "4": True, "5": "Evening classes"}, self.c11_user)
        self.assertTrue(all(sub.line_ids.filtered(lambda l: l.code != "6").mapped("is_filled")))
        self.assertFalse(sub.line_ids.filtered(lambda l: l.code == "6").is_filled)
        with freeze_time("2025-12-05 16:59:00"):  # 23:59 in Hanoi: still on time
            self.assertIs(sub.with_user(self.c11_user).action_submit(), True)
        self.env.cr.flush()  # end of the request: the chatter tracks the change
        self.assertEqual(sub.state, "submitted")
        self.assertTrue(sub.on_time)
        self.assertEqual(sub.submitted_date, datetime.datetime(2025, 12, 5, 16, 59))
        # the district approver gets a review activity
        self.assertEqual(sub.activity_ids.user_id, self.d1_user)
        self.assertIs(sub.with_user(self.d1_user).action_return("Figure 2 is wrong"), True)
        self.env.cr.flush()
        self.assertEqual(sub.state, "returned")
        self.assertEqual(sub.return_reason, "Figure 2 is wrong")
        self.assertFalse(sub.activity_ids)
        returned_msg = sub.message_ids.filtered(lambda m: "Figure 2 is wrong" in m.body)
        self.assertEqual(returned_msg.author_id, self.d1_user.partner_id)
        self.assertIn(self.c11_user.partner_id, returned_msg.partner_ids)  # the unit's officers are notified
        self.fill(sub, {"2": 10}, self.c11_user)
        with freeze_time("2025-12-05 17:01:00"):  # the next day in Hanoi: late
            sub.with_user(self.c11_user).action_submit()
        self.env.cr.flush()
        self.assertFalse(sub.on_time)
        self.assertFalse(sub.return_reason)
        sub.with_user(self.province_user).action_approve()  # any approver above, at any depth
        self.assertEqual(sub.state, "approved")
        self.assertEqual(sub.approved_by_id, self.province_user)
        history = sub.history_ids.sorted("id")
        self.assertEqual(
            [(h.from_state, h.to_state, h.user_id) for h in history],
            [
                ("draft", "submitted", self.c11_user),
                ("submitted", "returned", self.d1_user),
                ("returned", "submitted", self.c11_user),
                ("submitted", "approved", self.province_user),
            ],
        )
        self.assertEqual(history[1].reason, "Figure 2 is wrong")
        # tracked in the chatter, one entry per transition
        self.env.cr.flush()
        sub.invalidate_recordset(["message_ids"])
        tracked = sub.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
        self.assertEqual(
            tracked.sorted("id").mapped("new_value_char"), ["Submitted", "Returned", "Submitted", "Approved"]
        )

    def test_submit_checks_everything_at_once(self):
        sub = self.submission(self.c11)
        self.fill(sub, {"2": 1})
        # bounds are checked as values are written too
        with self.assertRaisesRegex(ValidationError, "below the minimum"):
            self.fill(sub, {"2": -1}, self.c11_user)
        with self.assertRaisesRegex(ValidationError, "not a whole number"):
            self.fill(sub, {"1": 2.5}, self.c11_user)
        with self.assertRaisesRegex(ValidationError, "above the maximum 100"):
            self.fill(sub, {"3": 101}, self.c11_user)
        with self.assertRaisesRegex(ValidationError, "above the maximum 500"):
            self.fill(sub, {"6": 501}, self.c11_user)
        with self.assertRaisesRegex(UserError, "must be a number"):
            self.fill(sub, {"2": float("nan")}, self.c11_user)
        with self.assertRaisesRegex(UserError, "must be a number"):
            self.fill(sub, {"2": float("inf")}, self.c11_user)
        # required means filled, and every problem is listed in one message
        self.criteria["5"].required = True
        self.fill(sub, {"5": "   "}, self.c11_user)
        with self.assertRaises(UserError) as caught:
            sub.with_user(self.c11_user).action_submit()
        message = str(caught.exception)
        self.assertIn("1 Members trained: required", message)
        self.assertIn("5 Best practice: required", message)
        self.assertEqual(sub.state, "draft")
        self.assertFalse(sub.submitted_date)
        # a negative minimum allows negative figures
        self.criteria["2"].min_value = -100
        self.fill(sub, {"1": 0, "2": -5, "5": "ok"}, self.c11_user)
        sub.with_user(self.c11_user).action_submit()
        self.assertEqual(sub.state, "submitted")

    def test_locked_once_submitted(self):
        sub = self.submission(self.c11)
        self.fill(sub, {"1": 4}, self.c11_user)
        sub.with_user(self.c11_user).action_submit()
        line = sub.line_ids[0]
        for user in (self.c11_user, self.manager):
            with self.assertRaisesRegex(UserError, "no longer editable"):
                self.fill(sub, {"1": 5}, user)
            with self.assertRaisesRegex(UserError, "no longer editable"):
                line.with_user(user).value_number = 5
            with self.assertRaisesRegex(UserError, "no longer editable"):
                sub.with_user(user).results = "changed"
        self.assertEqual(sub.line_ids.filtered(lambda l: l.code == "1").value_number, 4)

    def test_workflow_fields_only_through_actions(self):
        sub = self.submission(self.c11)
        for vals in ({"state": "approved"}, {"on_time": True}, {"return_reason": "x"}, {"parent_submission_id": False}):
            with self.assertRaisesRegex(UserError, "set by the server"):
                sub.with_user(self.c11_user).write(vals)
        with self.assertRaisesRegex(UserError, "set by the server, not by hand: Unit"):
            sub.with_user(self.c11_user).write({"unit_id": self.c12.id})
        with self.assertRaisesRegex(UserError, "by hand"):
            sub.line_ids[0].with_user(self.c11_user).write({"aggregated_count": 9})

    def test_roles(self):
        sub = self.submission(self.c11)
        self.fill(sub, {"1": 1}, self.c11_user)
        # only the unit's officers submit
        for user in (self.c12_user, self.d1_user, self.manager):
            with self.assertRaises(AccessError):
                sub.with_user(user).action_submit()
        sub.with_user(self.c11_user).action_submit()
        # the unit's officer never approves its own report, a reporter never approves
        with self.assertRaises(AccessError):
            sub.with_user(self.c11_user).action_approve()
        with self.assertRaises(AccessError):
            sub.with_user(self.c12_user).action_approve()
        # an approver of another branch cannot see, let alone approve
        with self.assertRaises(AccessError):
            sub.with_user(self.d2_user).action_approve()
        self.assertEqual(sub.state, "submitted")
        # a manager may approve units they are not an officer of
        sub.with_user(self.manager).action_approve()
        self.assertEqual(sub.state, "approved")

    def test_approver_who_is_also_officer(self):
        """An approver above who is also an officer of the unit cannot approve it."""
        self.d2.user_ids = [(4, self.province_user.id)]
        sub = self.submission(self.d2)
        self.fill(sub, {"1": 1}, self.province_user)
        sub.with_user(self.province_user).action_submit()
        with self.assertRaises(AccessError):
            sub.with_user(self.province_user).action_approve()
        self.d2.user_ids = [(4, self.manager.id)]
        with self.assertRaises(AccessError):
            sub.with_user(self.manager).action_approve()

    def test_return_needs_reason(self):
        sub = self.submission(self.c11)
        self.fill(sub, {"1": 1}, self.c11_user)
        sub.with_user(self.c11_user).action_submit()
        for reason in (None, "", "   "):
            with self.assertRaisesRegex(UserError, "Say why"):
                sub.with_user(self.d1_user).action_return(reason)
        self.assertEqual(sub.state, "submitted")
        # approved reports can be returned too, until consolidated
        sub.with_user(self.d1_user).action_approve()
        sub.with_user(self.d1_user).action_return("Found an error")
        self.assertEqual(sub.state, "returned")

    def test_return_wizard(self):
        sub = self.submission(self.c11)
        self.fill(sub, {"1": 1}, self.c11_user)
        sub.with_user(self.c11_user).action_submit()
        wizard = Form(self.env["emulation.submission.return"].with_user(self.d1_user).with_context(active_ids=sub.ids))
        wizard.reason = "Please add the note"
        wizard.save().action_return()
        self.assertEqual(sub.state, "returned")
        self.assertEqual(sub.return_reason, "Please add the note")

    def test_stale_double_actions(self):
        """A second click, a second tab or a stale form meets the current state."""
        sub = self.submission(self.c11)
        self.fill(sub, {"1": 1}, self.c11_user)
        stale = sub.with_user(self.c11_user)
        stale.action_submit()
        with self.assertRaisesRegex(UserError, "Submitting is not possible"):
            stale.action_submit()
        approver_tab_1 = sub.with_user(self.d1_user)
        approver_tab_2 = sub.with_user(self.province_user)
        # both tabs have read the report as submitted
        self.assertEqual((approver_tab_1.state, approver_tab_2.state), ("submitted", "submitted"))
        approver_tab_1.action_approve()
        with self.assertRaisesRegex(UserError, "Approving is not possible"):
            approver_tab_2.action_approve()
        approver_tab_2.action_return("Wrong figures")
        with self.assertRaisesRegex(UserError, "Returning is not possible"):
            approver_tab_1.action_return("Again")
        with self.assertRaisesRegex(UserError, "Approving is not possible"):
            approver_tab_1.action_approve()
        self.assertEqual(len(sub.history_ids), 3)

    @freeze_time("2026-06-01")
    def test_officer_creates_missing_report(self):
        sub = self.submission(self.c11)
        period_2026 = self.campaign.period_ids.filtered(lambda p: p.name == "2026")
        (self.submission(self.c11, period_2026) | self.submission(self.c12, period_2026)).unlink()
        # not for a period that has not begun
        with self.assertRaisesRegex(UserError, "not begun yet"):
            self.env["emulation.submission"].with_user(self.c11_user).create(
                {"period_id": self.campaign.period_ids.filtered(lambda p: p.name == "2027").id, "unit_id": self.c11.id}
            )
        new = (
            self.env["emulation.submission"]
            .with_user(self.c11_user)
            .create({"period_id": period_2026.id, "unit_id": self.c11.id})
        )
        self.assertEqual(new.campaign_id, self.campaign)
        self.assertEqual(new.line_ids.criterion_id, self.campaign.criterion_ids)
        # not for another unit, not twice, not in another state
        with self.assertRaises(AccessError):
            self.env["emulation.submission"].with_user(self.c11_user).create(
                {"period_id": period_2026.id, "unit_id": self.c12.id}
            )
        with self.assertRaisesRegex(UserError, "set by the server, not by hand: State"):
            self.env["emulation.submission"].with_user(self.c11_user).create(
                {"period_id": period_2026.id, "unit_id": self.c11.id, "state": "approved"}
            )
        self.assertTrue(sub)

    def test_extension_makes_on_time(self):
        sub = self.submission(self.c11)
        self.fill(sub, {"1": 1}, self.c11_user)
        with self.assertRaises(AccessError):
            self.env["emulation.deadline.extension"].with_user(self.c11_user).create(
                {"period_id": self.period.id, "unit_id": self.c11.id, "deadline": "2025-12-20", "reason": "Flood"}
            )
        with self.assertRaisesRegex(ValidationError, "after the period's own deadline"):
            self.env["emulation.deadline.extension"].with_user(self.d1_user).create(
                {"period_id": self.period.id, "unit_id": self.c11.id, "deadline": "2025-12-01", "reason": "Flood"}
            )
        self.env["emulation.deadline.extension"].with_user(self.d1_user).create(
            {"period_id": self.period.id, "unit_id": self.c11.id, "deadline": "2025-12-20", "reason": "Flood"}
        )
        self.assertEqual(sub.deadline, datetime.date(2025, 12, 20))
        with freeze_time("2025-12-15 03:00:00"):
            sub.with_user(self.c11_user).action_submit()
        self.assertTrue(sub.on_time)
