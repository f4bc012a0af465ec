import xmlrpc.client

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import EmulationCase, EmulationHttpCase


class RankingAccessMixin:
    """Commune 11 (50), Commune 12 (80) and District 2 (60) are scored against a target of
    100 on criterion 1; without clusters the communes are ranked among themselves and
    District 2 among the province's children."""

    @classmethod
    def _setup_ranking(cls):
        cls.campaign.criterion_ids.weight = 0
        cls.criteria["1"].weight = 1
        cls.env["emulation.target"].with_user(cls.manager).create(
            {"criterion_id": cls.criteria["1"].id, "period_id": cls.period.id, "value": 100}
        )
        for unit, officer, figure in (
            (cls.c11, cls.c11_user, 50),
            (cls.c12, cls.c12_user, 80),
            (cls.d2, cls.d2_user, 60),
        ):
            sub = cls.submission(unit)
            cls.fill(sub, {"1": figure}, officer)
            sub.with_user(officer).action_submit()
        cls.s11, cls.s12, cls.s2 = cls.submission(cls.c11), cls.submission(cls.c12), cls.submission(cls.d2)

    def seen(self, user):
        """{unit: (rank, score)} of the ranking rows the user reads (a view over the reports:
        read afresh, as a new request does)."""
        self.env["emulation.ranking"].invalidate_model()
        rows = self.env["emulation.ranking"].with_user(user).search([("period_id", "=", self.period.id)])
        return {row.unit_id: (row.rank, row.score) for row in rows}


@tagged("post_install", "-at_install")
class TestRankingAccess(RankingAccessMixin, EmulationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ranking()

    def test_reporter_sees_siblings_once_published(self):
        self.assertEqual(self.seen(self.c11_user), {self.c11: (2, 50.0)}, "only its own unit before publishing")
        self.assertEqual(self.seen(self.d2_user), {self.d2: (1, 60.0)})
        Ranking = self.env["emulation.ranking"].with_user(self.c11_user)
        with self.assertRaises(AccessError):
            Ranking.browse(self.s12.id).read(["score"])
        # the reports themselves stay out of reach
        with self.assertRaises(AccessError):
            self.s12.with_user(self.c11_user).read(["score"])

        self.assertIs(self.period.with_user(self.province_user).action_publish_ranking(), True)
        self.assertTrue(self.period.ranking_published)
        self.assertEqual(self.seen(self.c11_user), {self.c11: (2, 50.0), self.c12: (1, 80.0)})
        self.assertEqual(Ranking.browse(self.s12.id).read(["rank"])[0]["rank"], 1)
        self.assertEqual(self.seen(self.d2_user), {self.d2: (1, 60.0)}, "not the communes of District 1")
        with self.assertRaises(AccessError):
            self.s12.with_user(self.c11_user).read(["score"])

        self.assertIs(self.period.with_user(self.manager).action_unpublish_ranking(), True)
        self.assertEqual(self.seen(self.c11_user), {self.c11: (2, 50.0)}, "hidden again")

    def test_reporter_sees_own_cluster_only(self):
        Cluster = self.env["emulation.cluster"].with_user(self.manager)
        cluster_a = Cluster.create(
            {"name": "A", "campaign_id": self.campaign.id, "unit_ids": [self.c11.id, self.d2.id]}
        )
        Cluster.create({"name": "B", "campaign_id": self.campaign.id, "unit_ids": [self.c12.id]})
        self.env["emulation.ranking"].with_user(self.province_user).search(
            [("cluster_id", "=", cluster_a.id)]
        ).action_publish_ranking()
        self.assertTrue(self.period.ranking_published)
        self.assertEqual(self.seen(self.c11_user), {self.c11: (2, 50.0), self.d2: (1, 60.0)})
        self.assertEqual(self.seen(self.d2_user), {self.c11: (2, 50.0), self.d2: (1, 60.0)})
        self.assertEqual(self.seen(self.c12_user), {self.c12: (1, 80.0)}, "a reporter of another cluster")
        # a change of officers applies at once (the scope is resolved in SQL)
        self.c12.with_user(self.manager).user_ids = [self.c11_user.id, self.c12_user.id]
        self.assertEqual(set(self.seen(self.c11_user)), {self.c11, self.c12, self.d2})

    def test_approvers_above_and_managers_see_it_unpublished(self):
        self.assertFalse(self.period.ranking_published)
        self.assertEqual(self.seen(self.d1_user), {self.c11: (2, 50.0), self.c12: (1, 80.0)})
        self.assertEqual(set(self.seen(self.province_user)), {self.c11, self.c12, self.d2})
        self.assertEqual(set(self.seen(self.manager)), {self.c11, self.c12, self.d2})
        # a report sent back leaves the ranking
        self.s11.with_user(self.d1_user).action_return("Check it")
        self.assertEqual(set(self.seen(self.manager)), {self.c12, self.d2})

    def test_targets_rerank(self):
        """A target of its own for Commune 12 lowers its score: the ranks follow."""
        Target = self.env["emulation.target"].with_user(self.manager)
        target = Target.create(
            {"criterion_id": self.criteria["1"].id, "period_id": self.period.id, "unit_id": self.c12.id, "value": 400}
        )
        self.assertEqual(self.seen(self.d1_user), {self.c11: (1, 50.0), self.c12: (2, 20.0)})
        target.value = 80
        self.assertEqual(self.seen(self.d1_user), {self.c11: (2, 50.0), self.c12: (1, 100.0)})
        target.unlink()
        self.assertEqual(self.seen(self.d1_user), {self.c11: (2, 50.0), self.c12: (1, 80.0)})

    def test_only_the_issuing_unit_publishes(self):
        Period = self.env["emulation.period"]
        for user in (self.c11_user, self.d2_user, self.d1_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.period.with_user(user).action_publish_ranking()
            with self.assertRaises(AccessError):
                self.env["emulation.ranking"].with_user(user).browse(
                    self.submission(self.c11).id
                ).action_publish_ranking()
        with self.assertRaises(UserError):
            self.period.with_user(self.c11_user).write({"ranking_published": True})
        with self.assertRaises(UserError):
            self.period.with_user(self.manager).write({"ranking_published": True})
        with self.assertRaises(UserError):
            Period.with_user(self.manager).create(
                {
                    "campaign_id": self.campaign.id,
                    "name": "Extra",
                    "date_from": "2027-01-01",
                    "date_to": "2027-12-31",
                    "deadline": "2027-12-31",
                    "ranking_published": True,
                }
            )
        with self.assertRaises(UserError):
            Period.with_user(self.province_user).browse(["x"]).action_publish_ranking()
        self.assertFalse(self.period.ranking_published, "nothing changed")
        self.assertEqual(self.seen(self.c11_user), {self.c11: (2, 50.0)})


@tagged("post_install", "-at_install")
class TestRankingAccessRpc(RankingAccessMixin, EmulationHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_ranking()

    @mute_logger("odoo.addons.rpc.controllers.xmlrpc", "odoo.http")
    def test_publish_over_xmlrpc(self):
        db = self.env.cr.dbname

        def call(user, model, method, *args):
            return self.xmlrpc_object.execute_kw(db, user.id, user.login, model, method, list(args))

        def units(user):
            rows = call(
                user, "emulation.ranking", "search_read", [("period_id", "=", self.period.id)], ["unit_id", "rank"]
            )
            return {row["unit_id"][0]: row["rank"] for row in rows}

        self.assertEqual(units(self.c11_user), {self.c11.id: 2})
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            call(self.c11_user, "emulation.period", "action_publish_ranking", [self.period.id])
        self.assertEqual(caught.exception.faultCode, 4)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            call(self.c11_user, "emulation.period", "write", [self.period.id], {"ranking_published": True})
        self.assertEqual(caught.exception.faultCode, 2)
        self.assertEqual(units(self.c11_user), {self.c11.id: 2}, "nothing changed")
        self.assertIs(call(self.province_user, "emulation.period", "action_publish_ranking", [self.period.id]), True)
        self.assertEqual(units(self.c11_user), {self.c11.id: 2, self.c12.id: 1})
        # District 1's officer: the communes below it, and now District 2, ranked with District 1
        self.assertEqual(units(self.d1_user), {self.c11.id: 2, self.c12.id: 1, self.d2.id: 1})
