import datetime

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import EmulationCase

FILL = "emulation_campaign.mail_activity_emulation_fill"
OVERDUE = "emulation_campaign.mail_activity_emulation_overdue"
REVIEW = "emulation_campaign.mail_activity_emulation_review"


@tagged("post_install", "-at_install")
class TestDeadlines(EmulationCase):
    def activities(self, activity_xmlid, submission=None):
        domain = [
            ("res_model", "=", "emulation.submission"),
            ("activity_type_id", "=", self.env.ref(activity_xmlid).id),
        ]
        if submission:
            domain.append(("res_id", "=", submission.id))
        else:
            domain.append(("res_id", "in", self.period.submission_ids.ids))
        return self.env["mail.activity"].search(domain)

    def run_cron(self, when):
        with freeze_time(when):
            self.env["emulation.submission"]._cron_send_reminders()

    def test_reminder_points(self):
        c11 = self.submission(self.c11)
        self.run_cron("2025-11-15 05:00:00")  # 20 days before: nothing yet
        self.assertFalse(self.activities(FILL))

        self.run_cron("2025-11-21 05:00:00")  # 14 days before
        reminders = self.activities(FILL)
        officers = self.province_user | self.d1_user | self.d2_user | self.c11_user | self.c12_user
        self.assertEqual(reminders.user_id, officers)
        self.assertEqual(len(reminders), 5)
        note = self.activities(FILL, c11).note
        self.assertIn("due in 14 day(s)", note)
        self.assertIn("Learning Society", note)
        self.assertIn("2025", note)
        self.assertIn("12/05/2025", note)
        self.assertIn(f"/odoo/emulation.submission/{c11.id}", note)
        self.assertEqual(self.activities(FILL, c11).date_deadline, datetime.date(2025, 12, 5))
        self.assertEqual(c11.reminder_stage, "14")

        self.run_cron("2025-11-21 20:00:00")  # the cron runs again: nothing twice
        self.assertEqual(self.activities(FILL), reminders)

        self.run_cron("2025-11-28 05:00:00")  # 7 days before: the reminder is renewed, not piled up
        self.assertEqual(len(self.activities(FILL)), 5)
        self.assertIn("due in 7 day(s)", self.activities(FILL, c11).note)

        self.run_cron("2025-12-04 05:00:00")  # 1 day before
        self.assertIn("due in 1 day(s)", self.activities(FILL, c11).note)

        # the unit submits: its reminders close, its approver gets a review activity
        self.fill(c11, {"1": 3}, self.c11_user)
        with freeze_time("2025-12-04 06:00:00"):
            c11.with_user(self.c11_user).action_submit()
        self.assertFalse(self.activities(FILL, c11))
        self.assertEqual(self.activities(REVIEW, c11).user_id, self.d1_user)

        self.run_cron("2025-12-06 05:00:00")  # overdue: officers and approvers above
        self.assertEqual(len(self.activities(FILL)), 4)
        self.assertFalse(self.activities(FILL, c11))
        self.assertIn("overdue", self.activities(FILL, self.submission(self.c12)).note)
        overdue = self.activities(OVERDUE)
        self.assertEqual(self.activities(OVERDUE, self.submission(self.c12)).user_id, self.d1_user)
        self.assertEqual(self.activities(OVERDUE, self.submission(self.d2)).user_id, self.province_user)
        self.assertEqual(self.activities(OVERDUE, self.submission(self.d1)).user_id, self.province_user)
        self.assertFalse(self.activities(OVERDUE, self.submission(self.province)))  # nobody above
        self.assertEqual(len(overdue), 3)

        self.run_cron("2025-12-07 05:00:00")  # once overdue is once
        self.assertEqual(self.activities(OVERDUE), overdue)
        self.assertEqual(len(self.activities(FILL)), 4)

        # approving closes the review activity; a late submission closes the overdue ones
        c11.with_user(self.d1_user).action_approve()
        self.assertFalse(self.activities(REVIEW, c11))
        c12 = self.submission(self.c12)
        self.fill(c12, {"1": 1}, self.c12_user)
        with freeze_time("2025-12-07 06:00:00"):
            c12.with_user(self.c12_user).action_submit()
        self.assertFalse(self.activities(FILL, c12) | self.activities(OVERDUE, c12))
        self.assertFalse(c12.on_time)

    def test_extension_postpones_reminders(self):
        c12 = self.submission(self.c12)
        self.env["emulation.deadline.extension"].with_user(self.d1_user).create(
            {"period_id": self.period.id, "unit_id": self.c12.id, "deadline": "2025-12-20", "reason": "Storm damage"}
        )
        self.run_cron("2025-12-06 05:00:00")
        self.assertIn("due in 14 day(s)", self.activities(FILL, c12).note)
        self.assertEqual(self.activities(FILL, c12).date_deadline, datetime.date(2025, 12, 20))
        self.assertIn("overdue", self.activities(FILL, self.submission(self.c11)).note)
        with freeze_time("2025-12-06 05:00:00"):
            self.assertFalse(c12.is_late)
            self.assertTrue(self.submission(self.c11).is_late)
            late = self.env["emulation.submission"].search([("period_id", "=", self.period.id), ("is_late", "=", True)])
            self.assertNotIn(c12, late)
            self.assertIn(self.submission(self.c11), late)

    def test_cron_creates_reports_of_new_periods(self):
        period_2027 = self.campaign.period_ids.filtered(lambda p: p.name == "2027")
        self.assertFalse(period_2027.submission_ids)
        self.run_cron("2027-01-02 05:00:00")
        self.assertEqual(period_2027.submission_ids.unit_id, self.campaign.member_unit_ids)

    def test_completeness(self):
        c11 = self.submit_and_approve(self.c11, {"1": 1}, self.c11_user, self.d1_user)
        c12 = self.submission(self.c12)
        self.fill(c12, {"1": 2}, self.c12_user)
        with freeze_time("2025-12-10 05:00:00"):
            c12.with_user(self.c12_user).action_submit()
        d2 = self.submission(self.d2)
        self.fill(d2, {"1": 2}, self.d2_user)
        with freeze_time("2025-12-01 05:00:00"):
            d2.with_user(self.d2_user).action_submit()
        d2.with_user(self.province_user).action_return("Wrong")
        period = self.period.with_user(self.manager)
        self.assertEqual(
            [
                period.expected_count,
                period.submitted_count,
                period.approved_count,
                period.returned_count,
                period.on_time_count,
                period.late_count,
            ],
            # c11 was submitted with the real clock (after the 2025 deadline): late, like c12;
            # the province and District 1 have not submitted and are past the deadline.
            [5, 2, 1, 1, 0, 4],
        )
        self.assertAlmostEqual(period.reporting_rate, 40.0)
        self.submission(self.d1).with_user(self.d1_user).action_consolidate(force=True)
        period.invalidate_recordset()
        self.assertEqual(period.consolidated_count, 1)

        def opened(figure):
            action = period.with_context(completeness=figure).action_open_submissions()
            return self.env["emulation.submission"].with_user(self.manager).search(action["domain"])

        self.assertEqual(opened("submitted"), c11 | c12)
        self.assertEqual(opened("consolidated"), c11)
        self.assertEqual(opened("expected"), self.period.submission_ids)
        self.assertEqual(opened("late"), self.period.submission_ids - d2)
        # an approver counts what they can see
        self.assertEqual(self.period.with_user(self.d1_user).expected_count, 3)

    def test_consolidate_button_asks_when_units_are_missing(self):
        self.submit_and_approve(self.c11, {"1": 4}, self.c11_user, self.d1_user)
        d1 = self.submission(self.d1).with_user(self.d1_user)
        action = d1.action_consolidate_confirm()
        self.assertEqual(action["res_model"], "emulation.submission.consolidate")
        self.assertFalse(d1.source_submission_ids)
        wizard = Form(self.env[action["res_model"]].with_user(self.d1_user).with_context(**action["context"]))
        self.assertEqual(wizard.source_count, 1)
        self.assertEqual(wizard.missing_unit_ids[:], self.c12)
        wizard.save().action_consolidate()
        self.assertEqual(d1.missing_unit_ids, self.c12)
        self.assertEqual(d1.line_ids.filtered(lambda l: l.code == "1").value_number, 4)
        # nothing missing: the button consolidates at once
        d1.action_undo_consolidation()
        self.submit_and_approve(self.c12, {"1": 6}, self.c12_user, self.d1_user)
        self.assertIs(d1.action_consolidate_confirm(), True)
        self.assertEqual(d1.line_ids.filtered(lambda l: l.code == "1").value_number, 10)
