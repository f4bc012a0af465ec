import pytz
from psycopg2 import errors as pg_errors

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .emulation_input_mixin import check_user_text
from .emulation_submission import (
    DEADLINE_TZ,
    EDITABLE_STATES,
    FILL_ACTIVITY,
    MAX_REASON_LENGTH,
    OVERDUE_ACTIVITY,
    REVIEW_ACTIVITY,
)


class EmulationSubmission(models.Model):
    """The workflow of a report: who may move it from which state to which, and what
    follows (history, activities, messages)."""

    _inherit = "emulation.submission"

    # ------------------------------------------------------------------
    # Workflow guards
    # ------------------------------------------------------------------
    def _lock_rows(self):
        """Lock the reports for this transaction and reread them, so that a double
        click, a second tab or a stale form acts on the current state."""
        self._check_ids()
        if not self:
            return
        try:
            self.env.cr.execute(
                SQL("SELECT id FROM emulation_submission WHERE id IN %s FOR UPDATE NOWAIT", tuple(self.ids)),
                log_exceptions=False,
            )
        except (pg_errors.LockNotAvailable, pg_errors.SerializationFailure):
            raise UserError(
                self.env._("Someone else is acting on this report right now. Reload it and try again.")
            ) from None
        self.invalidate_recordset()

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

    def _is_reviewer(self, user=None):
        """An approver above the unit (never one of its own officers), or a manager
        who is not an officer of the unit."""
        self.ensure_one()
        user = user or self.env.user
        unit = self.unit_id.sudo()
        if user in unit.user_ids:
            return False
        if user.has_group("emulation_campaign.group_emulation_manager"):
            return True
        return user.has_group("emulation_campaign.group_emulation_approver") and user in unit.supervisor_user_ids

    def _is_consolidator(self, user=None):
        """An approver who is an officer of the unit, or a manager."""
        self.ensure_one()
        user = user or self.env.user
        if user.has_group("emulation_campaign.group_emulation_manager"):
            return True
        return user.has_group("emulation_campaign.group_emulation_approver") and user in self.unit_id.sudo().user_ids

    def _check_role(self, predicate, message):
        if self.env.su:
            return
        refused = self.filtered(lambda s: not predicate(s))
        if refused:
            raise AccessError(message % {"reports": ", ".join(refused.mapped("display_name"))})

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

    def _record_transitions(self, to_state, reason=None):
        """One history row per report, in one statement whatever the number of reports:
        a consolidation records one for each report below."""
        if not self:
            return
        self.env.cr.execute(
            SQL(
                """INSERT INTO emulation_submission_history
                          (submission_id, from_state, to_state, reason, user_id, date,
                           create_uid, create_date, write_uid, write_date)
                   SELECT t.submission_id, t.from_state, %(to_state)s, %(reason)s, %(uid)s, %(date)s,
                          %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(ids)s::int[], %(states)s::varchar[]) WITH ORDINALITY
                          AS t(submission_id, from_state, position)
                    ORDER BY t.position""",
                to_state=to_state,
                reason=reason,
                uid=self.env.uid,
                date=fields.Datetime.now(),
                now=self.env.cr.now(),
                ids=self.ids,
                states=[submission.state for submission in self],
            )
        )
        self.invalidate_recordset(["history_ids"])

    def _compute_on_time(self, now):
        tz = pytz.timezone(DEADLINE_TZ)
        local_day = pytz.utc.localize(now).astimezone(tz).date()
        return {submission.id: local_day <= submission.deadline for submission in self}

    # ------------------------------------------------------------------
    # Workflow actions
    # ------------------------------------------------------------------
    def action_submit(self):
        """draft/returned → submitted, by an officer of the unit."""
        self._lock_rows()
        self._require_state(EDITABLE_STATES, self.env._("Submitting"))
        self._check_role(
            lambda s: self.env.user in s.unit_id.sudo().user_ids,
            self.env._("Only the officers of the unit can submit its report: %(reports)s."),
        )
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
        on_time = self._compute_on_time(now)
        self._record_transitions("submitted")
        for timely, submissions in self.grouped(lambda s: on_time[s.id]).items():
            submissions.sudo().write(
                {"state": "submitted", "submitted_date": now, "on_time": timely, "return_reason": False}
            )
        self.sudo().activity_unlink([FILL_ACTIVITY, OVERDUE_ACTIVITY], only_automated=False)
        self._schedule_activities(
            REVIEW_ACTIVITY,
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

    def action_approve(self):
        """submitted → approved, by an approver above the unit."""
        self._lock_rows()
        self._require_state(("submitted",), self.env._("Approving"))
        self._check_role(
            lambda s: s._is_reviewer(),
            self.env._("Only an approver above the unit (not one of its officers) can approve: %(reports)s."),
        )
        self._record_transitions("approved")
        self.sudo().write({"state": "approved", "approved_date": fields.Datetime.now(), "approved_by_id": self.env.uid})
        self._close_review_activities()
        return True

    def action_return(self, reason=None):
        """submitted/approved → returned, with a reason, by an approver above the unit."""
        if reason:
            check_user_text(self.env, self.env._("The reason"), reason, MAX_REASON_LENGTH)
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the report is returned: the unit needs the reason to correct it."))
        self._lock_rows()
        self._require_state(("submitted", "approved"), self.env._("Returning"))
        self._check_role(
            lambda s: s._is_reviewer(),
            self.env._("Only an approver above the unit (not one of its officers) can return: %(reports)s."),
        )
        reason = reason.strip()
        self._record_transitions("returned", reason)
        self.sudo().write(
            {"state": "returned", "return_reason": reason, "approved_date": False, "approved_by_id": False}
        )
        self._close_review_activities()
        for submission in self.sudo():
            submission.message_post(
                body=self.env._("Returned for correction: %(reason)s", reason=reason),
                partner_ids=submission.unit_id.sudo().user_ids.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def _close_review_activities(self):
        self.sudo().activity_feedback([REVIEW_ACTIVITY], only_automated=False)
