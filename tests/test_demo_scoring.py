import io

from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools.pdf import PdfReader

XMLID = "emulation_campaign.%s"


@tagged("post_install", "-at_install")
class TestDemoScoring(TransactionCase):
    """The demo's targets, clusters, scores, ranks and commendations (installed with demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env.ref(XMLID % "demo_campaign_learning_society")
        cls.periods = {period.name: period for period in cls.campaign.period_ids}

    def test_targets_and_clusters(self):
        targets = self.campaign.target_ids
        self.assertEqual(set(targets.period_id.mapped("name")), {"2024", "2025", "2026"})
        self.assertEqual(len(targets.filtered(lambda t: not t.unit_id)), 24)
        self.assertTrue(targets.filtered("unit_id"))
        clusters = self.campaign.cluster_ids
        self.assertEqual(len(clusters), 2)
        self.assertEqual(len(clusters.unit_ids), 18, "every district of Quảng Nam in one cluster")

    def test_2024_scores_and_ranks(self):
        reports = self.env["emulation.submission"].search(
            [("period_id", "=", self.periods["2024"].id), ("cluster_id", "!=", False)]
        )
        self.assertEqual(len(reports), 18)
        self.assertTrue(all(0 < report.score <= 100 for report in reports))
        for cluster in self.campaign.cluster_ids:
            in_cluster = reports.filtered(lambda r, cluster=cluster: r.cluster_id == cluster)
            ranked = in_cluster.sorted(lambda r: -r.score)
            self.assertEqual(ranked[0].rank, 1)
            self.assertEqual(
                [r.rank for r in ranked],
                [1 + sum(other.score > r.score for other in in_cluster) for r in ranked],
            )
        # the communes of Duy Xuyên are ranked among themselves
        communes = self.env["emulation.submission"].search(
            [
                ("period_id", "=", self.periods["2024"].id),
                ("unit_id.parent_id.code", "=", self.env.ref(XMLID % "demo_unit_duy_xuyen").code),
            ]
        )
        self.assertEqual(sorted(communes.mapped("rank")), [1, 2, 3])
        # drafts are not ranked: the 2026 ones of the communes still writing theirs
        drafts = self.env["emulation.submission"].search(
            [("state", "=", "draft"), ("period_id", "=", self.periods["2026"].id)]
        )
        self.assertTrue(drafts)
        self.assertEqual(set(drafts.mapped("rank")), {0})

    def test_2026_reports_scored(self):
        """2026 has its targets: the reports sent in the deadline rush have real scores."""
        sent = self.env["emulation.submission"].search(
            [("period_id", "=", self.periods["2026"].id), ("state", "in", ("submitted", "approved"))]
        )
        self.assertGreaterEqual(len(sent), 3)
        self.assertTrue(all(0 < report.score <= 100 for report in sent), sent.mapped("score"))
        self.assertTrue(all(report.rank >= 1 for report in sent))
        lines = sent.line_ids.filtered(lambda line: line.criterion_id.code == "1.2")
        self.assertTrue(all(line.has_target and line.attainment > 0 for line in lines))

    def test_commendations(self):
        Commendation = self.env["emulation.commendation"]
        states = set(Commendation.search([("campaign_id", "=", self.campaign.id)]).mapped("state"))
        self.assertEqual(states, {"draft", "proposed", "approved", "rejected"})
        decision = self.env["emulation.commendation.decision"].search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(len(decision), 1)
        self.assertEqual(decision.number, "25/QĐ-CCB")
        self.assertEqual(set(decision.commendation_ids.mapped("state")), {"approved"})
        firsts = self.env["emulation.submission"].search(
            [("period_id", "=", self.periods["2024"].id), ("rank", "=", 1), ("cluster_id", "!=", False)]
        )
        self.assertLessEqual(firsts.unit_id, decision.commendation_ids.nominee_unit_id, "the ranking's candidates")
        self.assertIn("individual", decision.commendation_ids.mapped("nominee_kind"))
        rejected = Commendation.search([("state", "=", "rejected")])
        self.assertTrue(rejected.reject_reason)
        # the officers see their own unit's proposals; the province decides them
        tamky = self.env.ref(XMLID % "demo_user_tamky")
        self.assertEqual(
            Commendation.with_user(tamky).search([]).proposing_unit_id,
            self.env.ref(XMLID % "demo_unit_tam_ky") & Commendation.search([]).proposing_unit_id,
        )
        self.assertEqual(decision.commendation_ids.decided_by_id, self.env.ref(XMLID % "demo_user_tinh"))

    def test_2024_ranking_published(self):
        """The province published 2024's ranking: a district's officer reads its cluster's."""
        published = {name for name, period in self.periods.items() if period.ranking_published}
        self.assertEqual(published, {"2024"})
        district = self.env.ref(XMLID % "demo_unit_duy_xuyen")
        officer = district.user_ids[:1]
        cluster = self.campaign.cluster_ids.filtered(lambda c: district in c.unit_ids)
        rows = self.env["emulation.ranking"].with_user(officer).search([("period_id", "=", self.periods["2024"].id)])
        self.assertLessEqual(cluster.unit_ids, rows.unit_id, "the districts of its cluster")
        self.assertFalse(rows.unit_id & (self.campaign.cluster_ids - cluster).unit_ids, "not the other cluster")


@tagged("post_install", "-at_install")
class TestDemoScoringCertificates(HttpCase):
    """The demo's 2024 decision, ready to issue (issuing renders its PDF, which cannot be
    done while the demo installs): the province's officer issues it, then prints its
    certificates, a page for each collective and individual it grants."""

    def test_2024_decision_issues_and_certificates_print(self):
        campaign = self.env.ref(XMLID % "demo_campaign_learning_society")
        decision = self.env["emulation.commendation.decision"].search([("campaign_id", "=", campaign.id)])
        officer = self.env.ref(XMLID % "demo_user_tinh")
        decision = decision.with_user(officer)
        self.assertEqual(decision.period_id.name, "2024")
        self.assertTrue(decision.can_issue)
        with self.assertRaisesRegex(UserError, "once the decision is issued"):
            decision.action_print_certificates()
        self.assertIs(decision.action_issue(), True)
        self.assertRegex(decision.document_number, r"^\d\d/QĐ-CCB$")
        self.assertTrue(decision.issued_pdf)
        action = decision.action_print_certificates()
        content = (
            self.env["ir.actions.report"]
            .with_user(officer)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(action["report_name"], decision.ids)[0]
        )
        pages = PdfReader(io.BytesIO(content)).pages
        self.assertEqual(len(pages), len(decision.commendation_ids))
        self.assertEqual([round(float(v)) for v in pages[0].mediabox[2:]], [842, 595], "A4 landscape")
        text = " ".join(" ".join(page.extract_text() for page in pages).split())
        for expected in ("GIẤY KHEN", "BAN THƯỜNG VỤ HỘI CCB TỈNH QUẢNG NAM", "Lê Văn Thịnh", decision.document_number):
            self.assertIn(expected, text)
