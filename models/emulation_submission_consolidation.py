from odoo import api, fields, models
from odoo.exceptions import UserError
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

    def _reports_below(self, child_units=None, lock=()):
        """What ``_child_submissions`` returns, and whether this report holds a
        consolidation (reports consolidated into it, whether or not their unit is still
        below, or units listed as not reported), found in one query; with ``lock`` (field
        names), the reports found are locked and those fields read in the same query
        (see ``_lock_rows``), returned as a fourth value {report id: {field: value}}."""
        self.ensure_one()
        child_units = self._child_units() if child_units is None else child_units
        fnames = ("unit_id", "parent_submission_id", *(f for f in lock if f not in ("unit_id", "parent_submission_id")))
        self.env["emulation.submission"].flush_model(
            [*fnames, "active", "campaign_id", "period_id", "state", "missing_unit_ids"]
        )
        query = SQL(
            """SELECT s.id, %(columns)s
                 FROM emulation_submission s
                WHERE s.active
                  AND (s.parent_submission_id = %(id)s
                       OR (s.campaign_id = %(campaign)s AND s.period_id = %(period)s
                           AND s.unit_id = ANY(%(units)s) AND s.state = 'approved')
                       -- this report itself, when it lists units as not reported
                       OR (s.id = %(id)s
                           AND EXISTS(SELECT FROM emulation_submission_missing_unit_rel r
                                       WHERE r.submission_id = s.id)))""",
            columns=SQL(", ").join(SQL.identifier("s", fname) for fname in fnames),
            id=self.id,
            campaign=self.campaign_id.id,
            period=self.period_id.id,
            units=child_units.ids,
        )
        if lock:
            locked = self._read_locked(SQL("%s FOR UPDATE OF s NOWAIT", query), fnames)
            found = [(id_, values["unit_id"], values["parent_submission_id"]) for id_, values in locked.items()]
        else:
            found = self.env.execute_query(query)
        below = set(child_units.ids)
        children = self.browse(id_ for id_, unit_id, _parent_id in found if unit_id in below)
        reported = child_units.browse(unit_id for _id, unit_id, _parent_id in found if unit_id in below)
        holds = any(parent_id == self.id or id_ == self.id for id_, _unit_id, parent_id in found)
        if lock:
            return children, child_units - reported, holds, locked
        return children, child_units - reported, holds

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
        # the reports below, locked, as they are now, and what they say
        fnames = (*self.LOCKED_FIELDS, *NARRATIVE_FIELDS)
        children, _missing, holds, locked = self._reports_below(child_units, lock=fnames)
        if holds:
            # the reports this one held go back to approved: read them again
            self._undo_consolidation()
            locked = children._lock_rows(fnames)
        children = self.browse(id_ for id_ in children._ids if locked[id_]["state"] == "approved")
        missing = child_units - child_units.browse({locked[id_]["unit_id"] for id_ in children._ids})
        if missing and not force:
            raise UserError(
                self.env._(
                    "These units have no approved report yet:\n%(units)s\n"
                    "Wait for them, or consolidate anyway and list them as not reported.",
                    units="\n".join(f"• {name}" for name in missing.sorted("name").mapped("name")),
                )
            )
        unit_name = dict(zip(child_units.ids, child_units.mapped("name"), strict=True))
        names = [unit_name[locked[id_]["unit_id"]] for id_ in children.ids]
        narratives = self._collate_narratives(
            [(name, id_, locked[id_]) for name, id_ in zip(names, children.ids, strict=True)]
        )
        self._consolidate_lines(children, narratives, names)
        # The History tab of this report says who consolidated what, and when; its
        # chatter names the units.
        missing_names = ", ".join(missing.sorted("name").mapped("name"))
        consolidated = self._transitions(
            self.state,
            self.env._(
                "Consolidated %(count)s report(s) of the units below.%(missing)s",
                count=len(children),
                missing=self.env._(" Not reported: %(units)s.", units=missing_names) if missing else "",
            ),
            note=self.env._(
                "Consolidated %(count)s report(s) of the units below: %(units)s.",
                count=len(children),
                units=", ".join(sorted(names)) or "—",
            )
            + (" " + self.env._("Not reported: %(units)s.", units=missing_names) if missing else ""),
        )
        # The reports below: one UPDATE and their history in one statement however many
        # they are, with this report's history row; the history (History tab) says where
        # each went, the chatter of this report lists them.
        children._move_below(self, "consolidated", also=consolidated)
        if missing:
            # The units not reported: this report listed none (it held no consolidation,
            # or the undo above cleared them), so there is nothing to read and compare
            # first. (No tracked field: no tracking values to prepare.)
            Submission.with_context(mail_notrack=True).write({"missing_unit_ids": [fields.Command.set(missing.ids)]})

    def _move_below(self, parent, state, reason=None, also=None):
        """Set the state of the reports below and the report they are consolidated into,
        and record the transition in their history (with ``also``, other reports'
        transitions: see ``_record_transitions``), in one statement however many they
        are, telling the ORM before and after: what depends on them (the stored score and
        rank, the report each was consolidated into) follows."""
        self.env.flush_all()
        parents = parent | self.parent_submission_id
        kept = self._fields_kept_by_move(set(self.mapped("state")), state)
        with self.env.protecting(kept, self):
            self.modified(["state", "parent_submission_id"], before=True)
            self._record_transitions(
                state,
                reason,
                also=also,
                moving=SQL(
                    """UPDATE emulation_submission
                          SET state = %s, parent_submission_id = %s,
                              write_uid = %s, write_date = (now() AT TIME ZONE 'UTC')
                        WHERE id = ANY(%s)""",
                    state,
                    parent.id or None,
                    self.env.uid,
                    self.ids,
                ),
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

    def _line_columns(self):
        """The columns of a line a consolidation writes, with their SQL types."""
        return {**engine.VALUE_COLUMNS, "is_filled": "bool", "aggregated_count": "int"}

    def _set_line_values(self, values_by_line):
        """Write consolidated values {line id: values} in one UPDATE. Consolidated figures
        are not bound by one unit's limits, so the line constraints have nothing to check."""
        if not values_by_line:
            return
        self.env.flush_all()
        columns = self._line_columns()
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
        self._line_values_written(self.env["emulation.submission.line"].browse(values_by_line))

    def _line_values_written(self, lines):
        """Tell the ORM that lines were written in SQL: what depends on them (the score)
        is recomputed."""
        fnames = [*self._line_columns(), "write_uid", "write_date"]
        lines.invalidate_recordset(fnames)
        lines.modified(fnames)

    def _consolidate_lines(self, children, narratives, unit_names):
        """Fill this report's lines from the children's filled lines, combined by each
        criterion's aggregation, in one statement built from the aggregations' registry
        (engine.aggregations): the aggregation, then an UPDATE of the lines it gives a
        total and one emptying the others; and, in the same statement, its narratives
        (``narratives``: {field: text}, collated from the children's). ``unit_names``:
        the name of each child's unit, in the order of ``children``.

        Averages are weighted by the number of reports behind each figure, so an average
        stays right across several levels; "count of yes" adds up the counts of
        consolidated children.
        """
        self.ensure_one()
        # a filled line of a report below (l), and that report (s), as the query names them
        child_line = engine.SqlInputs(
            number=SQL("l.value_number"),
            flag=SQL("l.value_bool"),
            text=SQL("l.value_text"),
            weight=SQL("GREATEST(l.aggregated_count, 1)"),
            consolidated=SQL("s.consolidated"),
            unit_name=SQL("s.unit_name"),
        )
        aggregated = engine.consolidation_columns()
        empty = self._empty_line_values()
        columns = self._line_columns()

        def total(column, sql_type):
            if column == "is_filled":
                return SQL("TRUE")
            if column not in aggregated:
                return SQL("%s::%s", empty[column] or None, SQL(sql_type))
            value = SQL("t.%s", SQL.identifier(column))
            if sql_type == "text":
                return SQL("NULLIF(%s, '')", value)
            # NULL where the criterion's aggregation fills another column: the empty value
            return SQL("COALESCE(%s, %s::%s)", value, empty[column], SQL(sql_type))

        def assign(value_of):
            return SQL(", ").join(
                SQL("%s = %s", SQL.identifier(column), value_of(column, sql_type))
                for column, sql_type in columns.items()
            )

        self._document_check_not_issued(list(narratives))
        self.env.flush_all()
        # The reports below, their units' names (read with the units below), and whether
        # each holds a consolidation: asked of the reports consolidated into them, through
        # the index, for these reports only (an EXISTS per report was planned as a scan
        # of the whole index, 5 ms at 162 reports).
        ids = children.ids
        # Two UPDATEs, the lines some child filled and the others, rather than one over
        # a join of the lines with themselves: PostgreSQL plans that one five times longer.
        rows = self.env.execute_query(
            SQL(
                """
                WITH children AS MATERIALIZED (
                    SELECT sub.id, sub.unit_name,
                           sub.id IN (SELECT src.parent_submission_id FROM emulation_submission src
                                       WHERE src.parent_submission_id = ANY(%(ids)s)) AS consolidated
                      FROM unnest(%(ids)s::int[], %(names)s::varchar[]) AS sub(id, unit_name)
                ), totals AS (
                    SELECT l.criterion_id, %(values)s
                      FROM children s
                      JOIN emulation_submission_line l ON l.submission_id = s.id
                      JOIN emulation_criterion c ON c.id = l.criterion_id
                     WHERE l.is_filled
                       AND l.submission_id = ANY(%(ids)s)  -- lets the planner use the index at any size
                     GROUP BY l.criterion_id, c.aggregation
                ), filled AS (
                    UPDATE emulation_submission_line l
                       SET %(totals)s, write_uid = %(uid)s, write_date = (now() AT TIME ZONE 'UTC')
                      FROM totals t
                     WHERE l.submission_id = %(parent)s AND l.criterion_id = t.criterion_id
                 RETURNING l.id
                ), emptied AS (
                    UPDATE emulation_submission_line l
                       SET %(empty)s, write_uid = %(uid)s, write_date = (now() AT TIME ZONE 'UTC')
                     WHERE l.submission_id = %(parent)s AND l.criterion_id NOT IN (SELECT criterion_id FROM totals)
                 RETURNING l.id
                ), report AS (
                    UPDATE emulation_submission
                       SET %(narratives)s, write_uid = %(uid)s, write_date = (now() AT TIME ZONE 'UTC')
                     WHERE id = %(parent)s
                )
                SELECT id FROM filled UNION ALL SELECT id FROM emptied
                """,
                ids=ids,
                names=unit_names,
                values=engine.consolidation_select(child_line, SQL("c.aggregation")),
                totals=assign(total),
                empty=assign(lambda column, sql_type: SQL("%s::%s", empty[column] or None, SQL(sql_type))),
                narratives=SQL(", ").join(
                    SQL("%s = %s", SQL.identifier(fname), text or None) for fname, text in narratives.items()
                ),
                uid=self.env.uid,
                parent=self.id,
            )
        )
        # tell the ORM: this report's narratives changed, and its lines
        self.invalidate_recordset([*narratives, "write_uid", "write_date"])
        self.modified(list(narratives))
        lines = self.env["emulation.submission.line"].browse(row[0] for row in rows)
        # whose lines they are, known: the ORM need not read it to tell this report's score
        lines._fields["submission_id"]._insert_cache(lines, [self.id] * len(lines))
        self._line_values_written(lines)

    @api.model
    def _collate_narratives(self, reports):
        """Each narrative of the reports below — ``reports``: (unit name, report id,
        {field: text}) — under the unit's name, in the order of the names."""
        collated = dict.fromkeys(NARRATIVE_FIELDS, False)
        reports = sorted(reports, key=lambda report: report[:2])
        for field in NARRATIVE_FIELDS:
            parts = [f"{name}:\n{texts[field].strip()}" for name, _id, texts in reports if (texts[field] or "").strip()]
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
            children._move_below(self.browse(), "approved", self.env._("Consolidation undone"))
        self._set_line_values(dict.fromkeys(self.sudo().line_ids.ids, self._empty_line_values()))
        # (no tracked field among these: no tracking values to prepare)
        self.sudo().with_context(mail_notrack=True).write(
            {"missing_unit_ids": [fields.Command.clear()], **dict.fromkeys(NARRATIVE_FIELDS, False)}
        )
