"""The launch inserts its reports and their lines in SQL: the reports are the ones the
ORM's create made before, value for value, chatter included, and the number of queries
does not grow with the number of units."""

from unittest.mock import patch

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.emulation_campaign.models.emulation_period import EmulationPeriod

from .common import EmulationCase


def orm_create_missing_submissions(self, today=None):
    """The launch as it was before the SQL insert: one ORM create of every report."""
    today = today or self.env["emulation.submission"]._today()
    periods = self.filtered(lambda p: p.campaign_id.state == "running" and p.date_from <= today)
    if not periods:
        return self.env["emulation.submission"]
    Submission = self.env["emulation.submission"].sudo()
    existing = set(
        Submission.search_fetch([("period_id", "in", periods.ids)], ["period_id", "unit_id"]).mapped(
            lambda s: (s.period_id.id, s.unit_id.id)
        )
    )
    return Submission.create(
        [
            {"campaign_id": period.campaign_id.id, "period_id": period.id, "unit_id": unit.id}
            for period in periods
            for unit in period.campaign_id.member_unit_ids._valid_for(period)
            if (period.id, unit.id) not in existing
        ]
    )


@tagged("post_install", "-at_install")
class TestLaunch(EmulationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Unit = cls.env["emulation.unit"]
        # the province took over from an old one, closed in mid-2026 with its commune
        cls.old_province = Unit.create(
            {"name": "Old Province", "code": "T-P0", "level_id": cls.level_province.id, "date_end": "2026-06-30"}
        )
        cls.old_commune = Unit.create(
            {
                "name": "Old Commune",
                "code": "T-C01",
                "parent_id": cls.old_province.id,
                "level_id": cls.level_commune.id,
                "date_end": "2026-06-30",
            }
        )
        cls.province.write({"predecessor_ids": [Command.link(cls.old_province.id)]})
        # a district closed in mid-2026, a commune that came into being in 2026, one archived
        cls.d3 = Unit.create(
            {
                "name": "District 3",
                "code": "T-D3",
                "parent_id": cls.province.id,
                "level_id": cls.level_district.id,
                "date_end": "2026-06-30",
            }
        )
        cls.c13 = Unit.create(
            {
                "name": "Commune 13",
                "code": "T-C13",
                "parent_id": cls.d1.id,
                "level_id": cls.level_commune.id,
                "date_start": "2026-01-01",
            }
        )
        cls.c14 = Unit.create(
            {"name": "Commune 14", "code": "T-C14", "parent_id": cls.d1.id, "level_id": cls.level_commune.id}
        )
        cls.units = cls.c11 | cls.c12 | cls.d2 | cls.d3 | cls.c13 | cls.c14 | cls.old_commune

    def new_campaign(self, code, units):
        campaign = self.env["emulation.campaign"].create(
            {
                "name": f"Campaign {code}",
                "code": code,
                "issuing_unit_id": self.province.id,
                "unit_ids": [Command.set(units.ids)],
                "year_from": 2025,
                "year_to": 2027,
                "criterion_ids": [
                    Command.create({"sequence": 5, "code": "1", "name": "Trained", "value_type": "integer"}),
                    Command.create({"sequence": 2, "code": "2", "name": "Rate", "value_type": "percent"}),
                    Command.create({"sequence": 2, "code": "3", "name": "Model", "value_type": "boolean"}),
                    Command.create({"sequence": 9, "code": "4", "name": "Practice", "value_type": "text"}),
                ],
                "cluster_ids": [
                    Command.create({"name": "North", "unit_ids": [Command.set((units & (self.c11 | self.d3)).ids)]}),
                    Command.create({"name": "South", "sequence": 20, "unit_ids": [Command.set((units & self.d2).ids)]}),
                ],
            }
        )
        return campaign

    def snapshot(self, campaign):
        """Everything stored about the campaign's reports, keyed by (period, unit): their
        columns, their lines' columns (by criterion code), followers, chatter, activities;
        and the keys in the order the reports were created."""
        self.env.flush_all()
        Submission, Line = self.env["emulation.submission"], self.env["emulation.submission.line"]
        Message = self.env["mail.message"]

        def columns(model, skip):
            return [name for name, f in model._fields.items() if f.store and f.column_type and name not in skip]

        report_columns = columns(Submission, {"id", "campaign_id", "period_id", "cluster_id"})
        keys, reports = {}, {}
        for report_id, period, cluster, *row in self.env.execute_query(
            SQL(
                "SELECT s.id, p.name, c.name, %s FROM emulation_submission s "
                "JOIN emulation_period p ON p.id = s.period_id "
                "LEFT JOIN emulation_cluster c ON c.id = s.cluster_id WHERE s.campaign_id = %s ORDER BY s.id",
                SQL(", ").join(SQL.identifier("s", name) for name in report_columns),
                campaign.id,
            )
        ):
            values = dict(zip(report_columns, row, strict=True), cluster=cluster)
            keys[report_id] = (period, values["unit_id"])
            reports[keys[report_id]] = values
        line_columns = columns(Line, {"id", "submission_id", "criterion_id", "campaign_id", "period_id"})
        lines = {
            (*keys[submission_id], code): dict(zip(line_columns, row, strict=True))
            for submission_id, code, *row in self.env.execute_query(
                SQL(
                    "SELECT l.submission_id, c.code, %s FROM emulation_submission_line l "
                    "JOIN emulation_criterion c ON c.id = l.criterion_id WHERE l.campaign_id = %s",
                    SQL(", ").join(SQL.identifier("l", name) for name in line_columns),
                    campaign.id,
                )
            )
        }
        message_columns = columns(Message, {"id", "res_id", "message_id", "date"})
        chatter = {}
        for report in Submission.with_context(active_test=False).browse(keys):
            messages = report.message_ids
            chatter[keys[report.id]] = {
                "followers": sorted(
                    (follower.partner_id.id, tuple(sorted(follower.subtype_ids.ids)))
                    for follower in report.message_follower_ids
                ),
                "messages": sorted(
                    tuple((name, str(message[name])) for name in message_columns) for message in messages
                ),
                "message_links": (messages.partner_ids, messages.attachment_ids, messages.tracking_value_ids),
                "activities": sorted(
                    (a.activity_type_id.id, a.user_id.id, a.summary, a.date_deadline) for a in report.activity_ids
                ),
                "deadline": report.deadline,
            }
        return reports, lines, chatter, list(keys.values())

    @freeze_time("2026-08-01")
    def test_launch_same_reports_as_the_orm(self):
        """Launched by a manager (who follows the reports) and created by the daily cron
        (who does not), the reports of two campaigns alike are those the ORM's create made."""
        for user in (self.manager, self.env.ref("base.user_root")):
            with self.subTest(user=user.login):
                code = user.login.upper()
                bulk, orm = self.new_campaign(f"B-{code}", self.units), self.new_campaign(f"O-{code}", self.units)
                self.c14.active = False  # archived after joining the campaigns: no report
                # each flushed by the user, as at the end of their request (the computed
                # fields written then are written by them)
                self.env.invalidate_all()  # the campaigns' members read as a request reads them
                bulk.with_user(self.manager).action_launch()
                self.env(user=self.manager).flush_all()
                self.env.invalidate_all()
                with patch.object(EmulationPeriod, "_create_missing_submissions", orm_create_missing_submissions):
                    orm.with_user(self.manager).action_launch()
                    self.env(user=self.manager).flush_all()
                if user != self.manager:  # the cron creates them again
                    for campaign, create_missing in (
                        (bulk, EmulationPeriod._create_missing_submissions),
                        (orm, orm_create_missing_submissions),
                    ):
                        campaign.submission_ids.unlink()
                        self.env.invalidate_all()
                        create_missing(campaign.period_ids.with_user(user))
                        self.env(user=user).flush_all()
                self.c14.active = True
                reports, lines, chatter, order = self.snapshot(bulk)
                self.assertEqual(
                    {unit for period, unit in reports if period == "2025"},
                    set((self.province | self.old_province | self.d1 | self.d2 | self.d3).ids)
                    | set((self.c11 | self.c12 | self.old_commune).ids),
                )
                self.assertEqual(
                    {unit for period, unit in reports if period == "2026"},
                    set((self.province | self.d1 | self.d2 | self.c11 | self.c12 | self.c13).ids),
                )
                self.assertEqual(len(lines), 4 * len(reports))
                self.assertEqual(
                    {key for key, values in reports.items() if values["is_top_level"]},
                    {("2025", self.province.id), ("2025", self.old_province.id), ("2026", self.province.id)},
                )
                c11 = ("2025", self.c11.id)
                self.assertEqual(reports[c11]["cluster"], "North")
                self.assertEqual(reports[c11]["name"], "Commune 11 – 2025")
                self.assertEqual(reports[c11]["level_id"], self.level_commune.id)
                self.assertEqual(lines[(*c11, "1")]["sequence"], 5)
                self.assertEqual(bool(chatter[c11]["followers"]), user == self.manager)
                self.assertEqual(len(chatter[c11]["messages"]), 1)
                expected = self.snapshot(orm)
                for got, want in zip((reports, lines, chatter), expected, strict=False):
                    self.assertEqual(set(got), set(want))
                    for key, values in want.items():
                        self.assertEqual(got[key], values, key)
                self.assertEqual(order, expected[3])

    @freeze_time("2026-08-01")
    def test_launch_queries_do_not_grow_with_units(self):
        """Eight reports or sixteen: the same number of queries (counted in a second round,
        once the caches of the first have been filled)."""
        counts, sizes = {}, {}
        for round_, (size, units) in enumerate([("small", self.c11 | self.d2), ("large", self.units)] * 2):
            campaign = self.new_campaign(f"Q-{round_}", units)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            campaign.with_user(self.manager).action_launch()
            self.env(user=self.manager).flush_all()
            counts[size] = self.env.cr.sql_log_count - before
            sizes[size] = campaign.submission_count
        self.assertEqual(sizes, {"small": 8, "large": 16})
        self.assertEqual(counts["small"], counts["large"])
