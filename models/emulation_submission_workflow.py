from typing import NamedTuple

from psycopg2 import errors as pg_errors

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import SQL

from .emulation_input_mixin import check_user_text
from .emulation_submission import MAX_REASON_LENGTH
from .emulation_submission_transitions import TRANSITIONS
from .local_time import local_day, past_deadline


class Transitions(NamedTuple):
    """Reports' moves to record in their history (``_transitions``): the reports, the
    states they leave, the row of the transition table of each, the state they go to,
    the reason, and what the chatter says instead of it (or None)."""

    reports: models.BaseModel
    states: list
    rows: dict
    to_state: str
    reason: str | None
    note: str | None


class EmulationSubmission(models.Model):
    """The workflow of a report, as the transition table (emulation_submission_transitions)
    says it: the checks of each step, the step itself and what follows (history, chatter,
    activities)."""

    _inherit = "emulation.submission"

    # ------------------------------------------------------------------
    # Workflow guards
    # ------------------------------------------------------------------
    # What a step reads of a report once it is locked: its place in the workflow, and
    # the document issued from it (an issued report is frozen).
    LOCKED_FIELDS = ("state", "unit_id", "campaign_id", "period_id", "parent_submission_id", "document_id")

    def _lock_rows(self, fnames=LOCKED_FIELDS):
        """Lock the reports for this transaction and reread them (``fnames``, in the same
        statement), so that a double click, a second tab or a stale form acts on the
        current state. Returns what it read: {report id: {field: value}} (many2one
        fields as ids).

        Not ``lock_for_update()``: it locks ``FOR UPDATE SKIP LOCKED`` and raises a
        ``LockError`` (a UserError) when another transaction holds a row, which is what
        this does; but a report changed and committed by another transaction since this
        one began raises a serialization failure inside it, which the cursor logs as a
        "bad query" ERROR (a business race, as a return racing a consolidation, would read
        as a server error in the logs and fail the test runs). Here that failure is not
        logged and reads as the same message."""
        self._check_ids()
        if not self:
            return {}
        # what this transaction wrote, the lock reads back; what was read before, it replaces
        self.invalidate_recordset()
        return self._read_locked(
            SQL(
                "SELECT id, %s FROM emulation_submission WHERE id IN %s FOR UPDATE NOWAIT",
                SQL(", ").join(SQL.identifier(fname) for fname in fnames),
                tuple(self.ids),
            ),
            fnames,
        )

    def _read_locked(self, query, fnames):
        """Run ``query``: a SELECT of reports (their id, then the fields ``fnames``)
        ``FOR UPDATE NOWAIT``; put what it read in the cache, in place of what was there.
        Returns {report id: {field: value}}; a report another transaction holds or has
        changed since this one began reads as someone else acting on it. What the
        transaction wrote to them is flushed by the caller."""
        fields_ = [self._fields[fname] for fname in fnames]
        assert all(field.store and field.column_type and not field.translate for field in fields_), fnames
        try:
            self.env.cr.execute(query, log_exceptions=False)
        except (pg_errors.LockNotAvailable, pg_errors.SerializationFailure):
            raise UserError(
                self.env._("Someone else is acting on this report right now. Reload it and try again.")
            ) from None
        rows = self.env.cr.fetchall()
        # Everything read before the lock may be stale; what the lock read is current.
        locked = self.browse(row[0] for row in rows)
        locked.invalidate_recordset()
        for index, field in enumerate(fields_, start=1):
            field._insert_cache(locked, [row[index] for row in rows])
        return {row[0]: dict(zip(fnames, row[1:], strict=True)) for row in rows}

    def _require_state(self, states, action):
        wrong = self.filtered(lambda s: s.state not in states)
        if wrong:
            state_label = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(action)s is not possible for %(reports)s.",
                    action=action,
                    reports=", ".join(f"{s.display_name} ({state_label[s.state]})" for s in wrong),
                )
            )

    def _officers(self):
        """The officers of the report's unit. Archived users are not left out (they have
        no session to act in), so the users themselves are not read to find out."""
        return self.unit_id.sudo().with_context(active_test=False).user_ids

    def _is_officer(self, user=None):
        """An officer of the report's unit."""
        self.ensure_one()
        return (user or self.env.user) in self._officers()

    def _is_reviewer(self, user=None):
        """An approver above the unit (never one of its own officers), or a manager
        who is not an officer of the unit."""
        self.ensure_one()
        user = user or self.env.user
        if user in self._officers():
            return False
        if user.has_group("emulation_campaign.group_emulation_manager"):
            return True
        return (
            user.has_group("emulation_campaign.group_emulation_approver")
            and user in self.unit_id.sudo().supervisor_user_ids
        )

    def _is_consolidator(self, user=None):
        """An approver who is an officer of the unit, or a manager."""
        self.ensure_one()
        user = user or self.env.user
        if user.has_group("emulation_campaign.group_emulation_manager"):
            return True
        return user.has_group("emulation_campaign.group_emulation_approver") and user in self._officers()

    def _has_role(self, role, user=None):
        """The role of a row of the transition table: ``_is_<role>``; a step without a
        role is taken by no user (another step takes it)."""
        self.ensure_one()
        return bool(role) and getattr(self, f"_is_{role}")(user)

    def _check_role(self, predicate, message):
        if self.env.su:
            return
        refused = self.filtered(lambda s: not predicate(s))
        if refused:
            raise AccessError(message % {"reports": ", ".join(refused.mapped("display_name"))})

    def _check_step(self, step, lock=True):
        """The checks of a step of the transition table, in this order: lock the reports
        (unless ``lock`` is false: a dialog opened before the step), their state (a stale
        click), the user's role. Returns the row."""
        row = TRANSITIONS[step]
        if lock:
            self._lock_rows()
        self._require_state(row.from_states, str(row.label))
        self._check_role(lambda s: s._has_role(row.role), str(row.refusal))
        return row

    def _allowed_steps(self, user=None):
        """The steps of the transition table the user may take on this report now: its
        state is one they start from, the user holds their role, and they have something
        to do (``button_if``)."""
        self.ensure_one()
        return [
            row.name
            for row in TRANSITIONS.values()
            if self.state in row.from_states
            and self._has_role(row.role, user)
            and (not row.button_if or self[row.button_if])
        ]

    def _reviewer_users(self):
        """The approvers who review this report: the approver officers of the nearest
        unit above that has some."""
        self.ensure_one()
        approver_group = self.env.ref("emulation_campaign.group_emulation_approver")
        ancestors = self.env["emulation.unit"].sudo().browse(reversed(self.unit_id._ancestor_ids()))
        for unit in ancestors:
            users = unit.user_ids.filtered(lambda u: approver_group in u.all_group_ids)
            if users:
                return users
        return self.env["res.users"]

    def _on_time_by_report(self, now):
        """{report id: submitted on time} for a submission at ``now`` (naive UTC): the
        deadline rule (``past_deadline``) on the Vietnamese day of ``now``."""
        day = local_day(now)
        return {submission.id: not past_deadline(submission.deadline, day) for submission in self}

    # ------------------------------------------------------------------
    # The one audit trail: the history, and the chatter derived from it
    # ------------------------------------------------------------------
    def _record_transitions(self, to_state, reason=None, step=None, note=None, moving=None, also=None):
        """Record that these reports go from their current state to ``to_state`` (their
        own state: a step that leaves them where they are), each move a row of the
        transition table (``step``, else the row that makes it).

        The history (the History tab) is the audit trail: one row per report — who,
        when, from, to, why — in one INSERT whatever the number of reports (a
        consolidation records one for each report below), in the same statement as
        ``moving`` (an UPDATE that moves them) when given, and as ``also`` (other
        reports' transitions, ``_transitions``: the report a consolidation fills). The
        chatter is derived from it: one entry per history row of a step a person takes,
        with the change of state and the reason (or ``note``, when the chatter says
        more), in one batch (the reports below a consolidation are named in the chatter
        of the report that took them); a step that ``notifies_unit`` makes it a message
        to the unit's officers. ``state`` is not tracked by the chatter, which would say
        each move a second time and miss the moves made in SQL."""
        groups = [group for group in (self._transitions(to_state, reason, step, note), also) if group and group.reports]
        if not groups:
            return
        ids, from_states, to_states, reasons = [], [], [], []
        for group in groups:
            ids += group.reports.ids
            from_states += group.states
            to_states += [group.to_state] * len(group.states)
            reasons += [group.reason] * len(group.states)
        history_ids = [
            history_id
            for (history_id,) in self.env.execute_query(
                SQL(
                    """%(moving)s
                       INSERT INTO emulation_submission_history
                              (submission_id, from_state, to_state, reason, user_id, date)
                       SELECT t.submission_id, t.from_state, t.to_state, t.reason, %(uid)s, %(date)s
                         FROM unnest(%(ids)s::int[], %(from_states)s::varchar[], %(to_states)s::varchar[],
                                     %(reasons)s::text[]) WITH ORDINALITY
                              AS t(submission_id, from_state, to_state, reason, position)
                        ORDER BY t.position
                    RETURNING id""",
                    moving=SQL("WITH moving AS (%s)", moving) if moving else SQL(),
                    uid=self.env.uid,
                    date=fields.Datetime.now(),
                    ids=ids,
                    from_states=from_states,
                    to_states=to_states,
                    reasons=reasons,
                )
            )
        ]
        # tell the ORM: the reports' history changed
        for group in groups:
            group.reports.invalidate_recordset(["history_ids"])
        self.env["emulation.submission.history"].browse(history_ids).modified(["submission_id"])
        for group in groups:
            group.reports._log_transitions(
                dict(zip(group.reports.ids, group.states, strict=True)),
                group.to_state,
                group.note or group.reason,
                group.rows,
            )

    def _transitions(self, to_state, reason=None, step=None, note=None):
        """These reports' moves to ``to_state`` as ``_record_transitions`` records them
        (see there), each checked against the transition table: refused when no row of
        the table makes it."""
        states = self.mapped("state")
        row_from = {}  # the row of the table for each state the reports are in
        for state in set(states):
            row = TRANSITIONS[step] if step else self._transition_between(state, to_state)
            if row is None or state not in row.from_states or (row.to_state or state) != to_state:
                reports = self.browse(id_ for id_, s in zip(self.ids, states, strict=True) if s == state)
                raise ValueError(f"No step of the workflow moves {reports} from {state} to {to_state}.")
            row_from[state] = row
        rows = {id_: row_from[state] for id_, state in zip(self.ids, states, strict=True)}
        return Transitions(self, states, rows, to_state, reason, note)

    @staticmethod
    def _transition_between(from_state, to_state):
        for row in TRANSITIONS.values():
            if from_state in row.from_states and (row.to_state or from_state) == to_state:
                return row
        return None

    def _log_transitions(self, from_states, to_state, reason, rows):
        """The chatter entries of history rows just recorded (see ``_record_transitions``):
        the steps people take. The moves of the reports below a consolidation (rows
        without a role) stay in their history only: the consolidated report's chatter
        names them, and a chatter entry for each would cost a consolidation of the 177
        communes of a province two INSERTs per 100 reports (the ORM's batches)."""
        reports = self.browse(id_ for id_ in self.ids if rows[id_].role)
        if not reports:
            return
        state_info = self.fields_get(["state"], ["string", "type", "selection"])["state"]
        Tracking = self.env["mail.tracking.value"].sudo()
        tracked = {}

        def tracking(submission):
            from_state = from_states[submission.id]
            if from_state == to_state:
                return {}
            if from_state not in tracked:
                tracked[from_state] = Tracking._create_tracking_values(
                    from_state, to_state, "state", state_info, submission
                )
            return tracked[from_state]

        notified = reports.filtered(lambda s: rows[s.id].notifies_unit)
        for submission in notified.sudo():
            values = tracking(submission)
            submission.message_post(
                body=str(rows[submission.id].note) % {"reason": reason or ""},
                partner_ids=submission.unit_id.user_ids.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
                tracking_value_ids=[Command.create(values)] if values else False,
            )
        logged = (reports - notified).sudo()
        if not logged:
            return
        messages = logged._message_log_batch(dict.fromkeys(logged.ids, reason or ""), **self._log_author())
        Tracking.create(
            [
                {**values, "mail_message_id": message.id}
                for submission, message in zip(logged, messages, strict=True)
                if (values := tracking(submission))
            ]
        )

    # What the chatter reads of the user (their partner and company), of the author (their
    # address) and of the company (the catchall its reply-to comes from): by model, the
    # alias of its table in ``_log_author``'s query and the fields.
    _LOG_AUTHOR_FIELDS = {
        "res.users": ("u", ("partner_id", "company_id")),
        "res.partner": ("p", ("name", "email")),
        "res.company": ("c", ("name", "alias_domain_id")),
    }

    def _log_author(self):
        """The author of the chatter entries the user's steps log, as ``_message_log_batch``
        takes it. What the chatter reads of the user, their partner and their company is
        read in one query into the ORM's cache (``_LOG_AUTHOR_FIELDS``), rather than each
        record whole in a query of its own: a third of the cost of an entry, which every
        step taken writes."""
        env = self.env
        fields_ = [
            (model, alias, fname) for model, (alias, fnames) in self._LOG_AUTHOR_FIELDS.items() for fname in fnames
        ]
        for model, (_alias, fnames) in self._LOG_AUTHOR_FIELDS.items():
            env[model].flush_model(fnames)
        [row] = env.execute_query(
            SQL(
                """SELECT %s
                     FROM res_users u
                     JOIN res_partner p ON p.id = u.partner_id
                     JOIN res_company c ON c.id = u.company_id
                    WHERE u.id = %s""",
                SQL(", ").join(SQL.identifier(alias, fname) for _model, alias, fname in fields_),
                env.uid,
            )
        )
        read = dict(zip(((model, fname) for model, _alias, fname in fields_), row, strict=True))
        records = {
            "res.users": env.user,
            "res.partner": env["res.partner"].browse(read["res.users", "partner_id"]),
            "res.company": env["res.company"].browse(read["res.users", "company_id"]),
        }
        for (model, fname), value in read.items():
            records[model]._fields[fname]._insert_cache(records[model], [value])
        author = records["res.partner"]
        return {"author_id": author.id, "email_from": author.email_formatted}

    # ------------------------------------------------------------------
    # Workflow actions: each a row of the transition table
    # ------------------------------------------------------------------
    def _take_step(self, step, vals=None, reason=None, vals_by_report=None):
        """Take a step the checks (``_check_step``) allowed: record it, move the reports
        to its state with ``vals`` (and ``vals_by_report(report)``, written by groups of
        reports sharing them), then what follows it by the table: activities closed
        and scheduled."""
        row = TRANSITIONS[step]
        self._record_transitions(row.to_state, reason, step=step)
        vals = dict(vals or {}, state=row.to_state)
        groups = self.grouped(lambda s: tuple(sorted(vals_by_report(s).items()))) if vals_by_report else {(): self}
        for extra, submissions in groups.items():
            submissions.sudo().write({**vals, **dict(extra)})
        if row.drops:
            self.sudo().activity_unlink(list(row.drops), only_automated=False)
        if row.closes:
            self.sudo().activity_feedback(list(row.closes), only_automated=False)
        if row.schedules:
            self._schedule_activities(
                row.schedules,
                {submission: submission._reviewer_users() for submission in self},
                lambda submission: submission.env._(
                    "%(unit)s has submitted its report for %(campaign)s, period %(period)s: approve it or return it.",
                    unit=submission.unit_id.name,
                    campaign=submission.campaign_id.name,
                    period=submission.period_id.name,
                ),
                deadline=fields.Date.context_today(self),
            )
        return True

    def action_submit(self):
        """draft/returned → submitted, by an officer of the unit."""
        self._check_step("submit")
        self._check_period_begun()
        problems = []
        for submission in self:
            for problem in submission.line_ids._value_problems(with_required=True):
                problems.append(f"{submission.display_name}: {problem}" if len(self) > 1 else problem)
        if problems:
            raise UserError(
                self.env._(
                    "The report cannot be submitted yet:\n%(problems)s", problems="\n".join(f"• {p}" for p in problems)
                )
            )
        now = fields.Datetime.now()
        on_time = self._on_time_by_report(now)
        return self._take_step(
            "submit",
            {"submitted_date": now, "return_reason": False},
            vals_by_report=lambda s: {"on_time": on_time[s.id]},
        )

    def action_approve(self):
        """submitted → approved, by an approver above the unit."""
        self._check_step("approve")
        return self._take_step("approve", {"approved_date": fields.Datetime.now(), "approved_by_id": self.env.uid})

    def action_unapprove(self):
        """approved → submitted, by an approver above the unit: the approval taken back,
        the report awaits review again (nothing for the unit to correct)."""
        self._check_step("unapprove")
        return self._take_step("unapprove", {"approved_date": False, "approved_by_id": False})

    def action_return(self, reason=None):
        """submitted/approved → returned, with a reason, by an approver above the unit."""
        if reason:
            check_user_text(self.env, self.env._("The reason"), reason, MAX_REASON_LENGTH)
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the report is returned: the unit needs the reason to correct it."))
        self._check_step("return")
        reason = reason.strip()
        return self._take_step(
            "return", {"return_reason": reason, "approved_date": False, "approved_by_id": False}, reason=reason
        )
