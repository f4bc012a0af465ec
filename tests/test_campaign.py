import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import EmulationCase


@tagged("post_install", "-at_install")
class TestCampaign(EmulationCase):
    def test_launch_creates_periods_and_reports(self):
        self.assertEqual(self.campaign.state, "running")
        self.assertEqual(self.campaign.period_ids.mapped("name"), ["2025", "2026", "2027"])
        self.assertEqual(self.period.deadline, datetime.date(2025, 12, 5))
        self.assertEqual(self.campaign.member_unit_ids, self.province | self.d1 | self.d2 | self.c11 | self.c12)
        # one draft per unit taking part, for each period that has begun (the clock is 2026 or later)
        for period in self.campaign.period_ids.filtered(lambda p: p.date_from <= datetime.date.today()):
            subs = period.submission_ids
            self.assertEqual(subs.unit_id, self.campaign.member_unit_ids, period.name)
            self.assertEqual(set(subs.mapped("state")), {"draft"})
        # one line per criterion
        sub = self.submission(self.c11)
        self.assertEqual(sub.line_ids.criterion_id, self.campaign.criterion_ids)
        self.assertFalse(any(sub.line_ids.mapped("is_filled")))

    @freeze_time("2025-06-01")
    def test_launch_only_begun_periods(self):
        campaign = self.campaign.copy({"code": "T-LS2", "name": "Copy"})
        campaign.unit_ids = self.campaign.unit_ids
        campaign.with_user(self.manager).action_launch()
        self.assertEqual(campaign.period_ids.filtered("submission_ids").mapped("name"), ["2025"])
        with freeze_time("2026-01-02"):
            campaign.period_ids._create_missing_submissions()
        self.assertEqual(campaign.period_ids.filtered("submission_ids").mapped("name"), ["2025", "2026"])
        # running it again creates nothing twice
        self.assertFalse(campaign.period_ids._create_missing_submissions(today=datetime.date(2026, 1, 3)))

    def test_launch_guards(self):
        with self.assertRaisesRegex(UserError, "already been launched"):
            self.campaign.with_user(self.manager).action_launch()
        draft = self.env["emulation.campaign"].create(
            {"name": "Empty", "code": "T-E", "issuing_unit_id": self.province.id, "year_from": 2025, "year_to": 2025}
        )
        with self.assertRaises(AccessError):
            draft.with_user(self.province_user).action_launch()
        with self.assertRaisesRegex(UserError, "criteria"):
            draft.with_user(self.manager).action_launch()
        draft.criterion_ids = [Command.create({"code": "1", "name": "A"})]
        with self.assertRaisesRegex(UserError, "reporting units"):
            draft.with_user(self.manager).action_launch()
        self.assertEqual(draft.state, "draft")

    def test_close(self):
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.d1_user).action_close()
        self.assertIs(self.campaign.with_user(self.manager).action_close(), True)
        self.assertEqual(self.campaign.state, "closed")
        with self.assertRaisesRegex(UserError, "Only running"):
            self.campaign.with_user(self.manager).action_close()

    def test_constraints(self):
        Campaign = self.env["emulation.campaign"]
        base = {"name": "X", "issuing_unit_id": self.d1.id, "year_from": 2025, "year_to": 2026}
        with self.assertRaisesRegex(ValidationError, "below the issuing unit"):
            Campaign.create(dict(base, code="T-X1", unit_ids=[self.d2.id]))
        with self.assertRaisesRegex(ValidationError, "not a valid deadline"):
            Campaign.create(dict(base, code="T-X2", deadline_day=31, deadline_month=2))
        with self.assertRaisesRegex(ValidationError, "not a valid deadline"):
            Campaign.create(dict(base, code="T-X3", deadline_day=29, deadline_month=2, year_from=2024))
        campaign = Campaign.create(dict(base, code="T-X4", unit_ids=[self.c11.id]))
        self.assertEqual(campaign.member_unit_ids, self.d1 | self.c11)

    def test_criterion_rules(self):
        crit = self.criteria
        self.assertEqual(crit["1"].aggregation, "sum")
        self.assertEqual(crit["3"].aggregation, "avg")
        self.assertEqual(crit["4"].aggregation, "count_true")
        self.assertEqual(crit["5"].aggregation, "concat")
        with self.assertRaisesRegex(ValidationError, "cannot be combined"):
            crit["4"].aggregation = "sum"
        with self.assertRaisesRegex(ValidationError, "0–100"):
            crit["3"].max_value = 120
        # a criterion that holds figures keeps its type and cannot be deleted
        self.fill(self.submission(self.c11), {"1": 5})
        with self.assertRaisesRegex(UserError, "cannot change"):
            crit["1"].value_type = "number"
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            crit["1"].unlink()
        crit["1"].name = "Members trained (renamed)"  # harmless changes stay possible

    def test_criterion_added_while_running(self):
        sub_draft = self.submission(self.c11)
        sub_submitted = self.submission(self.c12)
        self.fill(sub_submitted, {"1": 3}, self.c12_user)
        sub_submitted.with_user(self.c12_user).action_submit()
        new = self.env["emulation.criterion"].create({"campaign_id": self.campaign.id, "code": "7", "name": "New"})
        self.assertIn(new, sub_draft.line_ids.criterion_id)
        self.assertNotIn(new, sub_submitted.line_ids.criterion_id)
        # an unused criterion can be removed again, taking its empty lines
        new.unlink()
        self.assertEqual(sub_draft.line_ids.criterion_id, self.campaign.criterion_ids)

    def test_period_in_use_not_deleted(self):
        with self.assertRaisesRegex(UserError, "already have reports"):
            self.period.unlink()
