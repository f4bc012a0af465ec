"""The ranking a reporter may read: the scored reports of their cluster (or of their
siblings), for the periods whose ranking the issuing unit has published.

The reports themselves stay readable only by their unit's officers and the units above
(record rules of emulation.submission): this read-only view shows the unit, its score and
its rank, nothing else of the report."""

from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import SQL

from .scoring import SCORED_STATES

MANAGER = "emulation_campaign.group_emulation_manager"
APPROVER = "emulation_campaign.group_emulation_approver"


class EmulationPeriod(models.Model):
    _inherit = "emulation.period"

    ranking_published = fields.Boolean(
        readonly=True,
        copy=False,
        help="The officers of the units taking part see the ranking of their cluster (or of their "
        "siblings) for this period. Published by an approver of the issuing unit or a manager.",
    )

    def _check_may_publish_ranking(self):
        """A manager, or an approver who is an officer of the campaign's issuing unit or of
        a unit above it, publishes the ranking of these periods."""
        user = self.env.user
        if user.has_group(MANAGER):
            return True
        if user.has_group(APPROVER):
            issuers = self.sudo().campaign_id.issuing_unit_id
            if all(user in unit.user_ids or user in unit.supervisor_user_ids for unit in issuers):
                return True
        raise AccessError(
            self.env._(
                "Only an approver of the issuing unit or a manager publishes the ranking of %(periods)s.",
                periods=", ".join(self.sudo().mapped("display_name")),
            )
        )

    def action_publish_ranking(self):
        """Show the ranking of these periods to the officers of the units ranked."""
        return self._set_ranking_published(True)

    def action_unpublish_ranking(self):
        """Hide the ranking of these periods again from the units' officers."""
        return self._set_ranking_published(False)

    def _set_ranking_published(self, published):
        self._check_ids()
        self.check_access("read")
        self._check_may_publish_ranking()
        self.sudo().filtered(lambda p: p.ranking_published != published).ranking_published = published
        return True


class EmulationRanking(models.Model):
    """The rank and score of each scored report, read with record rules of its own: a
    unit's officers see their own rows, and those of their cluster (or siblings) once the
    period's ranking is published; approvers the units below them; managers all."""

    _name = "emulation.ranking"
    _inherit = ["emulation.sql.access.mixin"]
    _description = "Emulation Ranking"
    _auto = False
    _order = "period_id desc, cluster_id, rank, unit_id"
    # what the view and its record rules read: flushed before each query on it
    _depends = {
        "emulation.submission": [
            "campaign_id",
            "period_id",
            "unit_id",
            "level_id",
            "cluster_id",
            "score",
            "rank",
            "state",
        ],
        "emulation.period": ["ranking_published"],
        "emulation.unit": ["parent_id", "user_ids"],
    }

    campaign_id = fields.Many2one("emulation.campaign", readonly=True)
    period_id = fields.Many2one("emulation.period", readonly=True)
    period_name = fields.Char(related="period_id.name", string="Period Name")
    unit_id = fields.Many2one("emulation.unit", readonly=True)
    level_id = fields.Many2one("emulation.unit.level", readonly=True)
    cluster_id = fields.Many2one("emulation.cluster", readonly=True)
    score = fields.Float(readonly=True, digits=(5, 2), aggregator="avg")
    rank = fields.Integer(readonly=True, aggregator=None)
    published = fields.Boolean(readonly=True, help="The period's ranking is published to the units.")
    reader_user_ids = fields.Many2many(
        "res.users",
        string="Readers",
        compute="_compute_reader_user_ids",
        search="_search_reader_user_ids",
        help="Officers who see this row as reporters: their own unit's, and once published, "
        "those of the units ranked with it.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT s.id, s.campaign_id, s.period_id, s.unit_id, s.level_id, s.cluster_id,
                   s.score, s.rank, COALESCE(p.ranking_published, FALSE) AS published
              FROM emulation_submission s
              JOIN emulation_period p ON p.id = s.period_id
             WHERE s.state IN %s
            """,
            SCORED_STATES,
        )

    def _compute_reader_user_ids(self):
        # A search-only field (record rules): listing every reader is not needed anywhere.
        for row in self:
            row.reader_user_ids = False

    def _search_reader_user_ids(self, operator, value):
        """Rows of the given users' own units, and, for published periods, the rows ranked
        in the same group as one of their units' reports (the same cluster; without one,
        the same parent unit). Resolved in SQL when the query runs (rule domains are cached
        per user)."""
        if operator != "in":
            return NotImplemented
        user_ids = [v for v in value if isinstance(v, int)]
        if not user_ids:
            return Domain.FALSE
        return Domain(
            "id",
            "in",
            SQL(
                """(SELECT s.id
                      FROM emulation_submission s
                      JOIN emulation_period p ON p.id = s.period_id
                      JOIN emulation_unit u ON u.id = s.unit_id
                     WHERE EXISTS (SELECT FROM emulation_unit_res_users_rel rel
                                    WHERE rel.unit_id = s.unit_id AND rel.user_id IN %(users)s)
                        OR (p.ranking_published AND EXISTS (
                               SELECT FROM emulation_submission own
                                 JOIN emulation_unit_res_users_rel rel
                                   ON rel.unit_id = own.unit_id AND rel.user_id IN %(users)s
                                 JOIN emulation_unit ou ON ou.id = own.unit_id
                                WHERE own.period_id = s.period_id
                                  AND (own.cluster_id = s.cluster_id
                                       OR (own.cluster_id IS NULL AND s.cluster_id IS NULL
                                           AND ou.parent_id IS NOT DISTINCT FROM u.parent_id)))))""",
                users=tuple(user_ids),
            ),
        )

    def action_publish_ranking(self):
        """Publish the ranking of the periods of these rows (see emulation.period)."""
        return self._periods().action_publish_ranking()

    def action_unpublish_ranking(self):
        """Unpublish the ranking of the periods of these rows (see emulation.period)."""
        return self._periods().action_unpublish_ranking()

    def _periods(self):
        self.check_access("read")
        return self.period_id
