import ast
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .common import EmulationCase


@tagged("post_install", "-at_install")
class TestRanking(EmulationCase):
    """Commune 11, Commune 12 (District 1) and District 2 report; the score is criterion 1
    against a target of 100 (weight 1, the other criteria weigh 0)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.criterion_ids.weight = 0
        cls.criteria["1"].weight = 1
        cls.env["emulation.target"].with_user(cls.manager).create(
            {"criterion_id": cls.criteria["1"].id, "period_id": cls.period.id, "value": 100}
        )

    def report(self, unit, officer, figure, approver=None):
        sub = self.submission(unit)
        self.fill(sub, {"1": figure}, officer)
        sub.with_user(officer).action_submit()
        if approver:
            sub.with_user(approver).action_approve()
        return sub

    def test_rank_among_siblings_and_ties(self):
        s11 = self.report(self.c11, self.c11_user, 50)
        self.assertEqual(s11.rank, 1)
        s12 = self.report(self.c12, self.c12_user, 80, self.d1_user)
        self.assertEqual((s12.rank, s11.rank), (1, 2), "the other report of the group is re-ranked")
        s11.with_user(self.d1_user).action_return("Check it")
        self.assertEqual((s11.rank, s12.rank), (0, 1), "a returned report leaves the ranking")
        self.fill(s11, {"1": 80}, self.c11_user)
        s11.with_user(self.c11_user).action_submit()
        self.assertEqual((s11.rank, s12.rank), (1, 1), "ties share a rank")
        # District 2 is ranked among the province's children, not with the communes
        s2 = self.report(self.d2, self.d2_user, 10)
        self.assertEqual(s2.rank, 1)
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual((s11.rank, s12.rank, s2.rank), (1, 1, 1), "stored as computed")

    def test_rank_within_cluster(self):
        s11 = self.report(self.c11, self.c11_user, 50)
        s12 = self.report(self.c12, self.c12_user, 70)
        s2 = self.report(self.d2, self.d2_user, 60)
        self.assertEqual((s11.rank, s12.rank, s2.rank), (2, 1, 1))
        cluster = (
            self.env["emulation.cluster"]
            .with_user(self.manager)
            .create({"name": "Cluster A", "campaign_id": self.campaign.id, "unit_ids": [self.c11.id, self.d2.id]})
        )
        self.assertEqual(
            (s11.cluster_id, s2.cluster_id, s12.cluster_id), (cluster, cluster, self.env["emulation.cluster"])
        )
        self.assertEqual((s11.rank, s2.rank, s12.rank), (2, 1, 1))
        cluster.write({"unit_ids": [Command.link(self.c12.id)]})
        self.assertEqual((s12.rank, s2.rank, s11.rank), (1, 2, 3))
        # a score changes: the whole cluster follows
        self.criteria["1"].with_user(self.manager).weight = 0
        self.assertEqual((s12.rank, s2.rank, s11.rank), (1, 1, 1), "no scored criterion: every score is 0")
        self.criteria["1"].with_user(self.manager).weight = 1
        cluster.unlink()
        self.assertEqual((s11.rank, s12.rank, s2.rank), (2, 1, 1), "back to the groups of siblings")

    def test_rank_computed_in_one_query_whatever_the_size(self):
        """Ranks of a whole period come from one SQL statement (RANK()), not per report:
        re-ranking one report or three costs the same queries."""
        s11 = self.report(self.c11, self.c11_user, 50)
        s12 = self.report(self.c12, self.c12_user, 70)
        s2 = self.report(self.d2, self.d2_user, 60)
        Submission = self.env["emulation.submission"]
        counts = []
        for subs in (s11, s11 | s12 | s2):
            self.env.flush_all()
            self.env.execute_query(
                SQL("UPDATE emulation_submission SET rank = 0 WHERE id = ANY(%s)", (s11 | s12 | s2).ids)
            )
            self.env.invalidate_all()
            self.env.add_to_compute(Submission._fields["rank"], subs)
            before = self.env.cr.sql_log_count
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual((s11.rank, s12.rank, s2.rank), (2, 1, 1), "the others of the group are re-ranked too")
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[0], 4)

    def test_rescoring_costs_the_same_queries_whatever_the_number_of_reports(self):
        """Figures changed behind the ORM's back (one UPDATE, as an import or a consolidation
        writes them), then _rescore_submissions: the scores in one UPDATE, the ranks in one
        RANK() and one UPDATE. With the ORM's flush batches cut to one row (they hold 100), a
        count that grew with the reports would show here at 3 reports."""
        s11 = self.report(self.c11, self.c11_user, 50)
        s12 = self.report(self.c12, self.c12_user, 70)
        s2 = self.report(self.d2, self.d2_user, 60)
        Line = self.env["emulation.submission.line"]
        counts = []
        for figures, expected in (
            ({s11: 90}, {s11: (90, 1), s12: (70, 2), s2: (60, 1)}),
            ({s11: 30, s12: 40, s2: 100}, {s11: (30, 2), s12: (40, 1), s2: (100, 1)}),
        ):
            self.env.flush_all()
            for sub, figure in figures.items():
                self.env.execute_query(
                    SQL(
                        "UPDATE emulation_submission_line SET value_number = %s WHERE submission_id = %s "
                        "AND criterion_id = %s",
                        figure,
                        sub.id,
                        self.criteria["1"].id,
                    )
                )
            self.env.invalidate_all()
            subs = Line.browse().submission_id.union(*figures)
            with patch("odoo.orm.models.UPDATE_BATCH_SIZE", 1):
                before = self.env.cr.sql_log_count
                subs._rescore_submissions()
                self.env.flush_all()
                counts.append(self.env.cr.sql_log_count - before)
            # the ORM knows: the cache holds the new scores and ranks, as stored
            self.assertEqual({sub: (sub.score, sub.rank) for sub in expected}, expected)
            self.env.invalidate_all()
            self.assertEqual({sub: (sub.score, sub.rank) for sub in expected}, expected, "stored")
            ranking = self.env["emulation.ranking"].browse((s11 | s12 | s2).ids)
            self.assertEqual([(r.score, r.rank) for r in ranking], [expected[s] for s in (s11, s12, s2)])
        self.assertEqual(counts[0], counts[1], "one report or three: the same queries")
        self.assertLessEqual(counts[0], 8)

    def test_consolidating_a_draft_ranks_nothing_again(self):
        """A draft being consolidated is not ranked and was not: the ranks of its period
        are left as they are, without ranking the period again (the communes it takes keep
        theirs, consolidated reports are ranked as approved ones); once submitted, it is."""
        s11 = self.report(self.c11, self.c11_user, 50, self.d1_user)
        s12 = self.report(self.c12, self.c12_user, 70, self.d1_user)
        s2 = self.report(self.d2, self.d2_user, 60)
        Submission = type(self.env["emulation.submission"])
        calls = []
        sql_ranks = Submission._sql_ranks

        def counting(records, period_ids):
            calls.append(period_ids)
            return sql_ranks(records, period_ids)

        district = self.submission(self.d1)
        self.env.flush_all()  # the ranks of the reports above, computed
        with patch.object(Submission, "_sql_ranks", counting):
            district.with_user(self.d1_user).action_consolidate()
            self.env.flush_all()
        self.assertEqual(calls, [], "no ranking of the period for a draft")
        self.env.invalidate_all()
        self.assertEqual((s11.state, s12.state), ("consolidated", "consolidated"))
        self.assertEqual((s11.rank, s12.rank, s2.rank, district.rank), (2, 1, 1, 0))
        self.fill(district, {"1": 130}, self.d1_user)
        with patch.object(Submission, "_sql_ranks", counting):
            district.with_user(self.d1_user).action_submit()
            self.env.flush_all()
        self.assertEqual(len(calls), 1, "a report entering the ranking ranks its period")
        self.assertEqual((district.rank, s2.rank), (1, 2))

    def test_clusters_bad_input_and_access(self):
        Cluster = self.env["emulation.cluster"].with_user(self.manager)
        Cluster.create({"name": "A", "campaign_id": self.campaign.id, "unit_ids": [self.c11.id]})
        with self.assertRaisesRegex(ValidationError, "one cluster"):
            Cluster.create({"name": "B", "campaign_id": self.campaign.id, "unit_ids": [self.c11.id]})
        outside = self.env["emulation.unit"].create({"name": "Elsewhere", "code": "T-X"})
        with self.assertRaisesRegex(ValidationError, "do not take part"):
            Cluster.create({"name": "C", "campaign_id": self.campaign.id, "unit_ids": [outside.id]})
        for user in (self.province_user, self.c11_user):
            with self.assertRaises(AccessError):
                self.env["emulation.cluster"].with_user(user).create({"name": "D", "campaign_id": self.campaign.id})
        sub = self.submission(self.c11)
        for field, value in (("rank", 1), ("cluster_id", False), ("score", 99)):
            with self.assertRaises(UserError):
                sub.with_user(self.c11_user).write({field: value})

    def test_ranking_view_per_role(self):
        """The ranking (list and graph) shows each user the reports they may read."""
        self.report(self.c11, self.c11_user, 50)
        self.report(self.c12, self.c12_user, 70)
        action = self.env["ir.actions.act_window"]._for_xml_id("emulation_campaign.emulation_ranking_action")
        domain = [*ast.literal_eval(action["domain"]), ("campaign_id", "=", self.campaign.id)]
        for user, units in (
            (self.c11_user, self.c11),
            (self.d1_user, self.c11 | self.c12),
            (self.manager, self.c11 | self.c12),
        ):
            Submission = self.env["emulation.submission"].with_user(user)
            self.assertEqual(Submission.search(domain).unit_id, units)
            groups = Submission._read_group(domain, ["cluster_id", "period_id"], ["__count", "score:avg"])
            self.assertEqual(sum(group[2] for group in groups), len(units))
            Submission.get_views([(False, "list"), (False, "graph")], {"action_id": action["id"]})
