"""Emulation clusters (cụm, khối thi đua) and the rank of each report in its cluster."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .scoring import SCORED_STATES


class EmulationCluster(models.Model):
    _name = "emulation.cluster"
    _description = "Emulation Cluster"
    _inherit = ["emulation.input.mixin"]
    _order = "campaign_id, sequence, name, id"
    _user_create_fields = frozenset({"name", "sequence", "campaign_id", "unit_ids", "note"})
    _user_write_fields = frozenset({"name", "sequence", "unit_ids", "note"})

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    campaign_id = fields.Many2one("emulation.campaign", required=True, index=True, ondelete="cascade")
    unit_ids = fields.Many2many(
        "emulation.unit",
        "emulation_cluster_unit_rel",
        "cluster_id",
        "unit_id",
        string="Units",
        help="The units that emulate one another: each report is ranked among those of its cluster.",
    )
    note = fields.Text()

    _name_unique = models.Constraint("UNIQUE(campaign_id, name)", "Each cluster of a campaign needs its own name.")

    @api.constrains("unit_ids", "campaign_id")
    def _check_units(self):
        for cluster in self:
            outside = cluster.unit_ids - cluster.campaign_id.member_unit_ids
            if outside:
                raise ValidationError(
                    self.env._(
                        "These units do not take part in the campaign %(campaign)s: %(units)s.",
                        campaign=cluster.campaign_id.name,
                        units=", ".join(outside.mapped("name")),
                    )
                )
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """SELECT u.name, string_agg(c.name, ', ' ORDER BY c.name)
                     FROM emulation_cluster_unit_rel r
                     JOIN emulation_cluster c ON c.id = r.cluster_id
                     JOIN emulation_unit u ON u.id = r.unit_id
                    WHERE c.campaign_id IN %s
                    GROUP BY c.campaign_id, u.id, u.name
                   HAVING COUNT(*) > 1""",
                tuple(self.campaign_id.ids),
            )
        )
        if rows:
            raise ValidationError(
                self.env._(
                    "A unit belongs to one cluster of a campaign: %(units)s.",
                    units="; ".join(f"{unit} ({clusters})" for unit, clusters in rows),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input(vals, "create")
        clusters = super().create(vals_list)
        clusters._rerank(clusters.unit_ids)
        return clusters

    def write(self, vals):
        self._check_input(vals)
        units = self.unit_ids
        result = super().write(vals)
        self._rerank(units | self.unit_ids)
        return result

    def unlink(self):
        campaigns, units = self.campaign_id, self.unit_ids
        result = super().unlink()
        self.browse()._rerank(units, campaigns)
        return result

    def _rerank(self, units, campaigns=None):
        """The reports of these units move to another cluster: recompute it and the ranks."""
        campaigns = campaigns or self.campaign_id
        if not units or not campaigns:
            return
        Submission = self.env["emulation.submission"].sudo()
        submissions = Submission.search([("campaign_id", "in", campaigns.ids), ("unit_id", "in", units.ids)])
        self.env.add_to_compute(Submission._fields["cluster_id"], submissions)
        self.env.add_to_compute(Submission._fields["rank"], submissions)


class EmulationCampaign(models.Model):
    _inherit = "emulation.campaign"
    # a manager also lists the clusters on the campaign
    _user_create_fields = _user_write_fields = frozenset({"cluster_ids"})

    cluster_ids = fields.One2many("emulation.cluster", "campaign_id", string="Clusters")


class EmulationSubmission(models.Model):
    _inherit = "emulation.submission"

    cluster_id = fields.Many2one(
        "emulation.cluster",
        compute="_compute_cluster_id",
        store=True,
        readonly=True,
        index=True,
    )
    rank = fields.Integer(
        compute="_compute_rank",
        store=True,
        readonly=True,
        aggregator=False,
        help="1 = the best score of its cluster in the period (ties share a rank); without a cluster, "
        "among the units with the same parent. 0 while the report is not scored.",
    )

    @api.depends("unit_id", "campaign_id")
    def _compute_cluster_id(self):
        clusters = (
            self.env["emulation.cluster"]
            .sudo()
            .search([("campaign_id", "in", self.campaign_id.ids), ("unit_ids", "in", self.unit_id.ids)])
        )
        cluster_of = {(cluster.campaign_id.id, unit.id): cluster for cluster in clusters for unit in cluster.unit_ids}
        for submission in self:
            submission.cluster_id = cluster_of.get((submission.campaign_id.id, submission.unit_id.id), False)

    @api.depends("score", "state", "cluster_id", "unit_id.parent_id")
    def _compute_rank(self):
        """Ranks in SQL (RANK() over each cluster, or each group of siblings, of a period):
        a change of one report's score re-ranks the others of its group too, in one UPDATE."""
        stored = self.filtered("id")
        # A report that is not scored has no rank; if it had none before either (its old
        # rank, read here, is the stored or pending one), it moves no other report: a draft
        # being consolidated or edited does not rank its whole period again.
        quiet = stored.filtered(lambda s: s.state not in SCORED_STATES and not s.rank)
        (self - stored + quiet).rank = 0
        stored -= quiet
        if not stored:
            return
        ranks = self._sql_ranks(stored.period_id.ids)
        for submission in stored:
            submission.rank = ranks.get(submission.id, 0)

    @api.model
    def _sql_ranks(self, period_ids):
        """Compute the ranks of every report of these periods; update in one statement
        those of the reports not being computed here; return {report id: rank}."""
        # (flushing the model writes every pending value, pending ranks included)
        self.flush_model(["score", "state", "cluster_id", "unit_id", "period_id"])
        self.env["emulation.unit"].flush_model(["parent_id"])
        # One pass over the periods' reports (a window, no join of the reports with
        # themselves, which PostgreSQL may plan as a loop over every report when its
        # statistics lag behind, as in a deadline rush): the reports not scored are a
        # partition of their own, and rank 0.
        rows = self.env.execute_query(
            SQL(
                """SELECT r.id, r.rank, COALESCE(r.old_rank, 0) != r.rank
                     FROM (SELECT s.id, s.rank AS old_rank,
                                  CASE WHEN s.state IN %(states)s
                                       THEN RANK() OVER (PARTITION BY s.period_id, s.state IN %(states)s, s.cluster_id,
                                                            CASE WHEN s.cluster_id IS NULL THEN u.parent_id END
                                                         ORDER BY s.score DESC)
                                       ELSE 0 END::int AS rank
                             FROM emulation_submission s
                             JOIN emulation_unit u ON u.id = s.unit_id
                            WHERE s.period_id = ANY(%(periods)s)) r""",
                periods=list(period_ids),
                states=SCORED_STATES,
            )
        )
        ranks = {row[0]: row[1] for row in rows}
        changed = {row[0]: row[1] for row in rows if row[2]}
        computing = set(self.env.transaction.tocompute.get(self._fields["rank"], ()))
        others = {id_: rank for id_, rank in changed.items() if id_ not in computing}
        if others:
            self.env.cr.execute(
                SQL(
                    """UPDATE emulation_submission s SET rank = v.rank
                         FROM unnest(%s::int[], %s::int[]) AS v(id, rank)
                        WHERE s.id = v.id""",
                    list(others),
                    list(others.values()),
                )
            )
            self.browse(others).invalidate_recordset(["rank"], flush=False)
        return ranks
