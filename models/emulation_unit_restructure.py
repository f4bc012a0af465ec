"""The unit tree changes during a movement (the 2025 reform): units have validity dates,
close on a date with their successors (merge: several predecessors, one successor; split:
one predecessor, several successors), and the campaigns they report in follow."""

import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import SQL

from .emulation_submission_transitions import EDITABLE_STATES

MANAGER = "emulation_campaign.group_emulation_manager"


class EmulationUnit(models.Model):
    _inherit = "emulation.unit"

    date_start = fields.Date(
        string="Valid From", tracking=True, help="The day the unit came into being; empty: it always existed."
    )
    date_end = fields.Date(
        string="Valid Until",
        readonly=True,
        tracking=True,
        copy=False,
        help="The last day of the unit, set when it is closed; empty: it still exists.",
    )
    successor_ids = fields.Many2many(
        "emulation.unit",
        "emulation_unit_succession_rel",
        "predecessor_id",
        "successor_id",
        string="Successors",
        readonly=True,
        copy=False,
        help="The units that took over after the unit closed (several for a split).",
    )
    predecessor_ids = fields.Many2many(
        "emulation.unit",
        "emulation_unit_succession_rel",
        "successor_id",
        "predecessor_id",
        string="Predecessors",
        readonly=True,
        copy=False,
        help="The units this one took over from (several for a merge).",
    )

    _dates = models.Constraint(
        "CHECK(date_end IS NULL OR date_start IS NULL OR date_start <= date_end)",
        "A unit cannot end before it starts.",
    )

    # ------------------------------------------------------------------
    # Validity
    # ------------------------------------------------------------------
    @api.model
    def _valid_sql(self, alias, date):
        """The unit of the row ``alias`` exists on ``date`` (an SQL expression): the rule
        of ``_is_valid_on``, in a query."""
        start, end = SQL.identifier(alias, "date_start"), SQL.identifier(alias, "date_end")
        return SQL(
            "(%(start)s IS NULL OR %(start)s <= %(date)s) AND (%(end)s IS NULL OR %(end)s >= %(date)s)",
            start=start,
            end=end,
            date=date,
        )

    def _is_valid_on(self, date):
        self.ensure_one()
        return (not self.date_start or self.date_start <= date) and (not self.date_end or self.date_end >= date)

    def _valid_for(self, period):
        """These units that are valid for the period: they exist on its deadline."""
        return self.filtered(lambda unit: unit._is_valid_on(period.deadline))

    def _successors_closure(self):
        """These units and all the units that took over from them, at any remove."""
        found = self
        todo = self
        while todo:
            todo = todo.successor_ids - found
            found |= todo
        return found

    def _predecessors_closure(self):
        """These units and all the units they took over from, at any remove."""
        found = self
        todo = self
        while todo:
            todo = todo.predecessor_ids - found
            found |= todo
        return found

    # ------------------------------------------------------------------
    # Closing
    # ------------------------------------------------------------------
    def action_close(self, date_end, successor_ids, force=False):
        """Close these units on ``date_end``, handing over to ``successor_ids`` (a merge when
        several units close into one, a split when one closes into several).

        In every running campaign where a closing unit reports, its successors join the
        reporting units; its draft reports of periods whose deadline is after ``date_end``
        that nobody filled are removed and reports are created for the successors (and the
        consolidated reports above them). Filled ones are refused with a list, unless
        ``force``, which keeps them outside completeness and consolidation (archived).
        A campaign whose issuing unit closes goes to its successor. Submitted, approved and
        consolidated reports are never touched. Managers only; all or nothing."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only emulation managers can close units."))
        self._check_ids()
        date_end = self._parse_close_date(date_end)
        successors = self._parse_successors(successor_ids)
        self._check_close(date_end, successors)
        campaigns, handed_over, reports, filled = self._close_plan(date_end)
        if handed_over and len(successors) != 1:
            raise UserError(
                self.env._(
                    "%(units)s issued the campaigns %(campaigns)s: close it into one successor, "
                    "which takes the campaigns over.",
                    units=", ".join(handed_over.issuing_unit_id.mapped("name")),
                    campaigns=", ".join(handed_over.mapped("name")),
                )
            )
        if filled and not force:
            raise UserError(
                self.env._(
                    "These reports of the closing units already hold figures for periods after %(date)s:\n"
                    "%(reports)s\nMove their figures to the successors' reports first, or close anyway "
                    "and keep them outside completeness and consolidation.",
                    date=self._format_date(date_end),
                    reports="\n".join(f"• {name}" for name in filled.mapped("display_name")),
                )
            )
        self.sudo().write({"date_end": date_end, "successor_ids": [Command.link(unit.id) for unit in successors]})
        (reports - filled).unlink()
        filled.write({"active": False})
        filled._message_log_batch(
            {
                report.id: self.env._(
                    "%(unit)s closed on %(date)s: this report is kept outside completeness and consolidation.",
                    unit=report.unit_id.name,
                    date=self._format_date(date_end),
                )
                for report in filled
            }
        )
        for campaign in campaigns:
            vals = {}
            if campaign.unit_ids & self:
                vals["unit_ids"] = [Command.link(unit.id) for unit in successors]
            if campaign in handed_over:
                vals["issuing_unit_id"] = successors.id
            campaign.write(vals)
            campaign.message_post(
                body=self.env._(
                    "%(units)s closed on %(date)s; %(successors)s took over.",
                    units=", ".join(self.mapped("name")),
                    date=self._format_date(date_end),
                    successors=", ".join(successors.mapped("name")),
                )
            )
        campaigns.period_ids._create_missing_submissions()
        return True

    def _close_plan(self, date_end):
        """What closing these units on ``date_end`` does: (the running campaigns they take
        part in — report in, consolidate for or issued —, those of them handed over, their
        reports of periods after the date still being written, those of them that hold
        figures)."""
        campaigns = (
            self.env["emulation.campaign"]
            .sudo()
            .search([("state", "=", "running"), ("member_unit_ids", "in", self.ids)])
        )
        handed_over = campaigns.filtered(lambda campaign: campaign.issuing_unit_id in self)
        reports = self.env["emulation.submission"].sudo()
        if campaigns:
            reports = reports.search(
                [
                    ("campaign_id", "in", campaigns.ids),
                    ("unit_id", "in", self.ids),
                    ("period_id.deadline", ">", date_end),
                    ("state", "in", EDITABLE_STATES),
                ]
            )
        return campaigns, handed_over, reports, reports.filtered(lambda report: report._is_filled_in())

    @api.model
    def _format_date(self, date):
        return fields.Date.to_string(date)

    def _parse_close_date(self, value):
        try:
            date = fields.Date.to_date(value) if value else False
        except (ValueError, TypeError):
            date = False
        if not isinstance(date, datetime.date):
            raise UserError(self.env._("Say on which day the units close (a date)."))
        return date

    def _parse_successors(self, value):
        if isinstance(value, models.BaseModel):
            value = value.ids
        if isinstance(value, int) and not isinstance(value, bool):
            value = [value]
        if (
            not isinstance(value, (list, tuple))
            or not value
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in value)
        ):
            raise UserError(self.env._("Name the successors of the closing units (their ids)."))
        successors = self.browse(value).sudo().exists()
        if len(successors) != len(set(value)):
            raise UserError(self.env._("Some successors are not units of the tree."))
        return successors

    def _check_close(self, date_end, successors):
        problems = []
        for unit in self:
            if unit.date_end:
                problems.append(
                    self.env._(
                        "%(unit)s is already closed (on %(date)s).",
                        unit=unit.name,
                        date=self._format_date(unit.date_end),
                    )
                )
            if unit.date_start and date_end < unit.date_start:
                problems.append(
                    self.env._(
                        "%(unit)s cannot close on %(date)s, before it started (%(start)s).",
                        unit=unit.name,
                        date=self._format_date(date_end),
                        start=self._format_date(unit.date_start),
                    )
                )
        own = self.search([("id", "child_of", self.ids)])
        inside = successors & own
        if inside:
            problems.append(
                self.env._(
                    "A unit cannot succeed itself or a unit above it: %(units)s.",
                    units=", ".join(inside.mapped("name")),
                )
            )
        for successor in successors:
            if not successor.active or (successor.date_end and successor.date_end <= date_end):
                problems.append(self.env._("%(unit)s is closed or archived: it cannot take over.", unit=successor.name))
        if self._predecessors_closure() & successors:
            problems.append(
                self.env._("A unit cannot take over from a unit that took over from it: the succession would loop.")
            )
        if problems:
            raise UserError("\n".join(problems))
