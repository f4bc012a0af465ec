"""The score of a report (0–100) against the targets of its campaign.

Σ weight × attainment / Σ weight over the scored criteria: those with a weight above 0 and
a target for the report's period (the unit's own, else the campaign-wide one); attainment
is min(value / target, 1) for a figure, 1 for a "yes". Only submitted, approved and
consolidated reports are scored: a draft or returned report has no score (0)."""

import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .. import engine
from .scoring import SCORED_STATES

MAX_WEIGHT = 1e6


class EmulationSubmission(models.Model):
    _inherit = "emulation.submission"

    score = fields.Float(
        compute="_compute_score",
        store=True,
        readonly=True,
        digits=(5, 2),
        aggregator="avg",
        help="0–100: the weighted attainment of the targets, computed once the report is submitted.",
    )

    def _fields_kept_by_move(self, from_states, to_state):
        """A consolidation moves approved reports to consolidated and back: both are
        scored, so their score and rank stay (no re-ranking of the whole period)."""
        kept = super()._fields_kept_by_move(from_states, to_state)
        if {*from_states, to_state} <= set(SCORED_STATES):
            kept = [*kept, self._fields["score"], self._fields["rank"]]
        return kept

    def _line_values_written(self, lines):
        """A consolidation writes the lines of a report that is not scored (a draft or a
        returned report): its score and rank stay 0, nothing to recompute."""
        unscored = self.filtered(lambda s: s.state not in SCORED_STATES)
        with self.env.protecting([self._fields["score"], self._fields["rank"]], unscored):
            return super()._line_values_written(lines)

    @api.depends(
        "state",
        "line_ids.value_number",
        "line_ids.value_bool",
        "line_ids.is_filled",
        "line_ids.criterion_id.weight",
    )
    def _compute_score(self):
        scores = self._score_values()
        for submission in self:
            submission.score = scores[submission.id]

    def _score_values(self):
        """{report id: its score}, read in a few queries whatever the number of reports: 0
        for the reports that are not scored (drafts, returned)."""
        scores = dict.fromkeys(self._ids, 0.0)
        scored = self.filtered(lambda s: s.state in SCORED_STATES)
        if not scored:
            return scores
        targets = self.env["emulation.target"]._targets_for(scored)
        lines_of = scored._lines_to_score()
        scored_types = engine.target_types()
        for submission in scored:
            total = achieved = 0.0
            for line in lines_of.get(submission.id) or submission.line_ids:
                criterion = line.criterion_id
                if criterion.weight <= 0 or criterion.value_type not in scored_types:
                    continue
                key = (criterion.id, submission.period_id.id)
                target = targets.get((*key, submission.unit_id.id), targets.get((*key, False)))
                if target is None:
                    continue
                total += criterion.weight
                achieved += criterion.weight * line._attainment(target)
            scores[submission.id] = round(100.0 * achieved / total, 2) if total else 0.0
        return scores

    def _lines_to_score(self):
        """{report id: its lines} for the stored reports, read in one query whatever their
        number (line_ids would be read in batches of the prefetch size)."""
        stored = self.filtered("id")
        if not stored:
            return {}
        lines = self.env["emulation.submission.line"].search_fetch(
            [("submission_id", "in", stored.ids)],
            ["submission_id", "criterion_id", "value_number", "value_bool", "is_filled", "aggregated_count"],
        )
        lines_of = {}
        for line in lines:
            lines_of.setdefault(line.submission_id.id, []).append(line)
        return lines_of

    def _rescore_submissions(self):
        """Rescore these reports now (their targets or their figures changed behind the
        ORM's back) and re-rank their periods, in a number of queries that does not depend
        on how many they are: the scores in one UPDATE, the ranks in one RANK() and one
        UPDATE (the ORM would flush them in UPDATEs of 100 rows). The cache of the changed
        scores is invalidated and what depends on them is told (``modified``)."""
        submissions = self.filtered("id")
        if not submissions:
            return True
        score_field, rank_field = self._fields["score"], self._fields["rank"]
        # computed here: no pending computation, nor a value not yet written, may replace it
        self.env.remove_to_compute(score_field, submissions)
        self.env.remove_to_compute(rank_field, submissions)
        submissions.flush_recordset(["score", "rank"])
        scores = submissions._score_values()
        self.env.cr.execute(
            SQL(
                """UPDATE emulation_submission s SET score = v.score
                     FROM unnest(%s::int[], %s::numeric[]) AS v(id, score)
                    WHERE s.id = v.id AND s.score IS DISTINCT FROM v.score
                RETURNING s.id""",
                list(scores),
                list(scores.values()),
            )
        )
        changed = self.browse(row[0] for row in self.env.cr.fetchall())
        if changed:
            changed.invalidate_recordset(["score"], flush=False)
            changed.modified(["score"])
        # the ranks of their whole periods in SQL, rather than each report's rank by the ORM
        self.env.remove_to_compute(rank_field, submissions)
        self._sql_ranks(submissions.period_id.ids)
        return True


class EmulationTarget(models.Model):
    _inherit = "emulation.target"

    @api.model_create_multi
    def create(self, vals_list):
        targets = super().create(vals_list)
        targets._scored_submissions()._rescore_submissions()
        return targets

    def write(self, vals):
        before = self._scored_submissions()
        result = super().write(vals)
        (before | self._scored_submissions())._rescore_submissions()
        return result

    def unlink(self):
        submissions = self._scored_submissions()
        result = super().unlink()
        submissions._rescore_submissions()
        return result

    def _scored_submissions(self):
        """The scored reports whose score these targets may change."""
        Submission = self.env["emulation.submission"].sudo()
        if not self:
            return Submission
        wide = self.filtered(lambda t: not t.unit_id)
        scope = [
            "|",
            ("period_id", "in", wide.period_id.ids),
            "&",
            ("period_id", "in", (self - wide).period_id.ids),
            ("unit_id", "in", (self - wide).unit_id.ids),
        ]
        return Submission.search([("state", "in", SCORED_STATES), *scope])


class EmulationCriterion(models.Model):
    _inherit = "emulation.criterion"

    @api.constrains("weight")
    def _check_weight(self):
        for criterion in self:
            if math.isnan(criterion.weight) or not 0 <= criterion.weight <= MAX_WEIGHT:
                raise ValidationError(
                    self.env._(
                        "The weight of criterion %(criterion)s must lie between 0 and %(max)s.",
                        criterion=criterion.name,
                        max=int(MAX_WEIGHT),
                    )
                )
