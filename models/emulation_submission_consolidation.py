from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from .. import engine
from .emulation_submission import NARRATIVE_FIELDS


class EmulationSubmission(models.Model):
    """A report filled from the approved reports of the units directly below."""

    _inherit = "emulation.submission"

    # ------------------------------------------------------------------
    # Consolidation
    # ------------------------------------------------------------------
    def action_consolidate(self, force=False):
        """Fill this report from the approved reports of the units directly below."""
        if not isinstance(force, bool):
            raise UserError(self.env._("force must be true or false, not %(value)r.", value=force))
        self._check_step("consolidate")
        for parent in self:
            parent._consolidate(force)
        return True

    def _child_submissions(self, child_units=None):
        """The approved reports of the units directly below (including those already
        consolidated into this one), and the units below that have none."""
        children, missing, _holds = self._reports_below(child_units)
        return children, missing

    def _reports_below(self, child_units=None):
        """What ``_child_submissions`` returns, and whether this report holds a
        consolidation (reports consolidated into it, whether or not their unit is still
        below, or units listed as not reported), found in one query."""
        self.ensure_one()
        child_units = self._child_units() if child_units is None else child_units
        found = self.sudo().search_fetch(
            Domain("parent_submission_id", "=", self.id)
            | Domain(
                [
                    ("campaign_id", "=", self.campaign_id.id),
                    ("period_id", "=", self.period_id.id),
                    ("unit_id", "in", child_units.ids),
                    ("state", "=", "approved"),
                ]
            )
            # this report itself, when it lists units as not reported
            | Domain([("id", "=", self.id), ("missing_unit_ids", "!=", False)]),
            ["state", "unit_id", "parent_submission_id"],
        )
        below = set(child_units.ids)
        children = found.filtered(lambda s: s.unit_id.id in below)
        holds = any(s.parent_submission_id.id == self.id or s.id == self.id for s in found)
        return children, child_units - children.unit_id, holds

    def action_consolidate_confirm(self):
        """The form's Consolidate button: consolidate at once when every unit below has an
        approved report, otherwise ask first, listing the units that have not."""
        self.ensure_one()
        self._check_step("consolidate", lock=False)
        if not self._child_units():
            return self.action_consolidate()
        if not self._child_submissions()[1]:
            return self.action_consolidate()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Consolidate %(report)s", report=self.display_name),
            "res_model": "emulation.submission.consolidate",
            "view_mode": "form",
            "target": "new",
            "context": {"default_submission_id": self.id},
        }

    def _consolidate(self, force):
        """Consolidate this report (rights and state checked by the action)."""
        self.ensure_one()
        child_units = self._child_units()
        if not child_units:
            raise UserError(
                self.env._(
                    "%(unit)s has no units below it in this campaign: nothing to consolidate.", unit=self.unit_id.name
                )
            )
        # Rights were checked by action_consolidate: the work below reads as the server
        # (record rules on every read would cost more than the consolidation itself).
        Submission = self.sudo()
        children, missing, holds = self._reports_below(child_units)
        if holds:
            self._undo_consolidation()
        if children:
            children._lock_rows()
            children.fetch(["state", "unit_id"])  # what they are now that they are locked
            children = children.filtered(lambda s: s.state == "approved")
            missing = child_units - children.unit_id
        if missing and not force:
            raise UserError(
                self.env._(
                    "These units have no approved report yet:\n%(units)s\n"
                    "Wait for them, or consolidate anyway and list them as not reported.",
                    units="\n".join(f"• {name}" for name in missing.sorted("name").mapped("name")),
                )
            )
        totals = self._aggregate(children)
        empty = self._empty_line_values()
        lines = (
            self.env["emulation.submission.line"]
            .sudo()
            .search_fetch([("submission_id", "=", self.id)], ["submission_id", "criterion_id"])
        )
        self._set_line_values({line.id: totals.get(line.criterion_id.id, empty) for line in lines})
        narratives = self._collate_narratives(children)
        # The reports below: one UPDATE and one history INSERT however many they are; the
        # history (History tab) says where each went, the chatter of this report lists them.
        children._record_transitions("consolidated")
        children._move_below(self, "consolidated")
        # The units not reported: this report listed none (it held no consolidation, or
        # the undo above cleared them), so there is nothing to read and compare first.
        values = dict(narratives, missing_unit_ids=[fields.Command.set(missing.ids)]) if missing else narratives
        # (no tracked field among these: no tracking values to prepare)
        Submission.with_context(mail_notrack=True).write(values)
        # The History tab of this report says who consolidated what, and when.
        self._record_transitions(
            self.state,
            self.env._(
                "Consolidated %(count)s report(s) of the units below.%(missing)s",
                count=len(children),
                missing=self.env._(" Not reported: %(units)s.", units=", ".join(missing.mapped("name")))
                if missing
                else "",
            ),
        )

    def _move_below(self, parent, state):
        """Set the state of the reports below and the report they are consolidated into,
        in one UPDATE however many they are (their history records the transition),
        telling the ORM before and after: what depends on them (the stored score and rank,
        the report each was consolidated into) follows."""
        self.env.flush_all()
        self.fetch(["state", "parent_submission_id"])  # in one query: the reports may come one by one
        parents = parent | self.parent_submission_id
        kept = self._fields_kept_by_move(set(self.mapped("state")), state)
        with self.env.protecting(kept, self):
            self.modified(["state", "parent_submission_id"], before=True)
            self.env.cr.execute(
                SQL(
                    """UPDATE emulation_submission
                          SET state = %s, parent_submission_id = %s,
                              write_uid = %s, write_date = (now() AT TIME ZONE 'UTC')
                        WHERE id = ANY(%s)""",
                    state,
                    parent.id or None,
                    self.env.uid,
                    self.ids,
                )
            )
            self.invalidate_recordset(["state", "parent_submission_id", "write_uid", "write_date"])
            parents.invalidate_recordset(["source_submission_ids"])
            self.modified(["state", "parent_submission_id"])

    def _fields_kept_by_move(self, from_states, to_state):
        """The stored fields that depend on the state but that a move of the reports below
        from ``from_states`` to ``to_state`` cannot change: not recomputed after it."""
        return []

    @api.model
    def _empty_line_values(self):
        return {**engine.EMPTY_VALUES, "is_filled": False, "aggregated_count": 0}

    def _set_line_values(self, values_by_line):
        """Write consolidated values {line id: values} in one UPDATE. Consolidated figures
        are not bound by one unit's limits, so the line constraints have nothing to check."""
        if not values_by_line:
            return
        self.env.flush_all()
        columns = {**engine.VALUE_COLUMNS, "is_filled": "bool", "aggregated_count": "int"}
        row = "(%s, " + ", ".join(f"%s::{sql_type}" for sql_type in columns.values()) + ")"
        rows = SQL(", ").join(
            SQL(
                row,
                line_id,
                *(
                    values[column] or None if sql_type == "text" else values[column]
                    for column, sql_type in columns.items()
                ),
            )
            for line_id, values in values_by_line.items()
        )
        self.env.cr.execute(
            SQL(
                """UPDATE emulation_submission_line l
                      SET %s,
                          write_uid = %s, write_date = (now() AT TIME ZONE 'UTC')
                     FROM (VALUES %s) AS v(id, %s)
                    WHERE l.id = v.id""",
                SQL(", ").join(SQL("%s = v.%s", SQL.identifier(column), SQL.identifier(column)) for column in columns),
                self.env.uid,
                rows,
                SQL(", ").join(SQL.identifier(column) for column in columns),
            )
        )
        self.env["emulation.submission.line"].browse(values_by_line).invalidate_recordset(
            [*columns, "write_uid", "write_date"]
        )

    def _aggregate(self, children):
        """Combine the children's filled lines by each criterion's aggregation, in one query
        built from the aggregations' registry (engine.aggregations).

        Returns {criterion_id: line values}. Averages are weighted by the number of
        reports behind each figure, so an average stays right across several levels;
        "count of yes" adds up the counts of consolidated children.
        """
        if not children:
            return {}
        # a filled line of a report below (l), and that report (s), as the query names them
        child_line = engine.SqlInputs(
            number=SQL("l.value_number"),
            flag=SQL("l.value_bool"),
            text=SQL("l.value_text"),
            weight=SQL("GREATEST(l.aggregated_count, 1)"),
            consolidated=SQL("s.consolidated"),
            unit_name=SQL("s.unit_name"),
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH children AS MATERIALIZED (
                    SELECT sub.id,
                           u.name AS unit_name,
                           EXISTS(SELECT FROM emulation_submission src
                                   WHERE src.parent_submission_id = sub.id) AS consolidated
                      FROM emulation_submission sub
                      JOIN emulation_unit u ON u.id = sub.unit_id
                     WHERE sub.id IN %(ids)s
                )
                SELECT l.criterion_id, %(values)s
                  FROM children s
                  JOIN emulation_submission_line l ON l.submission_id = s.id
                  JOIN emulation_criterion c ON c.id = l.criterion_id
                 WHERE l.is_filled
                   AND l.submission_id IN %(ids)s  -- lets the planner use the index at any size
                 GROUP BY l.criterion_id, c.aggregation
                """,
                ids=tuple(children.ids),
                values=engine.consolidation_select(child_line, SQL("c.aggregation")),
            )
        )
        columns = engine.consolidation_columns()
        empty = self._empty_line_values()
        totals = {}
        for criterion_id, *values in self.env.cr.fetchall():
            line_values = {**empty, "is_filled": True}
            for column, value in zip(columns, values, strict=True):
                if value is not None:
                    line_values[column] = value
            totals[criterion_id] = line_values
        return totals

    def _collate_narratives(self, children):
        """Each narrative of the units below, under the unit's name (one query)."""
        collated = dict.fromkeys(NARRATIVE_FIELDS, False)
        if not children:
            return collated
        children.flush_recordset(list(NARRATIVE_FIELDS))
        rows = self.env.execute_query(
            SQL(
                """SELECT u.name, s.results, s.shortcomings, s.proposals
                     FROM emulation_submission s
                     JOIN emulation_unit u ON u.id = s.unit_id
                    WHERE s.id = ANY(%s)
                    ORDER BY u.name, s.id""",
                children.ids,
            )
        )
        for index, field in enumerate(NARRATIVE_FIELDS, start=1):
            parts = [f"{row[0]}:\n{row[index].strip()}" for row in rows if row[index] and row[index].strip()]
            collated[field] = "\n\n".join(parts) or False
        return collated

    def action_undo_consolidation(self):
        """Give the consolidated reports back to the units' approved pile and clear this one."""
        self._check_step("undo_consolidation")
        not_consolidated = self.filtered(lambda s: not (s.source_submission_ids or s.missing_unit_ids))
        if not_consolidated:
            raise UserError(
                self.env._(
                    "These reports consolidate nothing: %(reports)s.",
                    reports=", ".join(not_consolidated.mapped("display_name")),
                )
            )
        for parent in self:
            parent._undo_consolidation()
            parent.sudo().message_post(body=self.env._("Consolidation undone: the reports below are back to approved."))
        return True

    def _undo_consolidation(self):
        self.ensure_one()
        children = self.sudo().source_submission_ids
        if children:
            children._lock_rows()
            children.fetch(["state"])  # in one query, not one per report as they are read
            children._record_transitions("approved", self.env._("Consolidation undone"))
            children._move_below(self.browse(), "approved")
        self._set_line_values(dict.fromkeys(self.sudo().line_ids.ids, self._empty_line_values()))
        # (no tracked field among these: no tracking values to prepare)
        self.sudo().with_context(mail_notrack=True).write(
            {"missing_unit_ids": [fields.Command.clear()], **dict.fromkeys(NARRATIVE_FIELDS, False)}
        )
