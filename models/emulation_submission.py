import datetime

import pytz
from markupsafe import Markup
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL, format_date

from .emulation_input_mixin import check_user_text

# In the order of the workflow: a returned report is a draft again (the statusbar shows
# "Returned" beside "Draft", and only when the report is returned).
STATES = [
    ("draft", "Draft"),
    ("returned", "Returned"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("consolidated", "Consolidated"),
]
EDITABLE_STATES = ("draft", "returned")
NARRATIVE_FIELDS = ("results", "shortcomings", "proposals")
MAX_REASON_LENGTH = 10_000
# Reminders before the deadline: (stage, days before the deadline), latest first.
REMINDER_STAGES = [("overdue", -1), ("1", 1), ("7", 7), ("14", 14)]
STAGE_ORDER = {False: 0, "14": 1, "7": 2, "1": 3, "overdue": 4}
FILL_ACTIVITY = "emulation_campaign.mail_activity_emulation_fill"
OVERDUE_ACTIVITY = "emulation_campaign.mail_activity_emulation_overdue"
REVIEW_ACTIVITY = "emulation_campaign.mail_activity_emulation_review"
DEADLINE_TZ = "Asia/Ho_Chi_Minh"


class EmulationSubmission(models.Model):
    _name = "emulation.submission"
    _description = "Emulation Report"
    _inherit = ["mail.thread", "mail.activity.mixin", "emulation.input.mixin"]
    _order = "period_id desc, unit_id, id"

    # What a user may give (reporters, approvers and managers alike; the record rules say
    # whose reports): which report it is when creating one, then its narratives and the
    # values of its own lines (``line_ids`` updates). Names, states, dates, links and the
    # consolidation are set by the workflow actions.
    _user_create_fields = frozenset({"campaign_id", "period_id", "unit_id", *NARRATIVE_FIELDS, "line_ids"})
    _user_write_fields = frozenset({*NARRATIVE_FIELDS, "line_ids"})

    name = fields.Char(compute="_compute_name", store=True)
    campaign_id = fields.Many2one("emulation.campaign", required=True, index=True, ondelete="restrict")
    period_id = fields.Many2one(
        "emulation.period",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('campaign_id', '=', campaign_id)]",
    )
    unit_id = fields.Many2one("emulation.unit", required=True, index=True, ondelete="restrict")
    period_name = fields.Char(related="period_id.name", string="Period Name")
    level_id = fields.Many2one(related="unit_id.level_id", store=True, string="Level")
    line_ids = fields.One2many("emulation.submission.line", "submission_id", string="Figures")
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, copy=False, tracking=True, index=True, group_expand=True
    )
    deadline = fields.Date(compute="_compute_deadline", help="The period's deadline, or the unit's extension.")
    submitted_date = fields.Datetime(readonly=True, copy=False)
    on_time = fields.Boolean(readonly=True, copy=False, help="Submitted before the end of the deadline day.")
    approved_date = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    return_reason = fields.Text(readonly=True, copy=False)  # the chatter's return message says it once
    results = fields.Text(help="What the unit achieved.")
    shortcomings = fields.Text(string="Shortcomings and Causes")
    proposals = fields.Text()

    is_consolidating = fields.Boolean(
        compute="_compute_is_consolidating",
        help="The unit has units below it in the campaign: its report consolidates theirs.",
    )
    parent_submission_id = fields.Many2one(
        "emulation.submission", string="Consolidated Into", readonly=True, copy=False, index=True, ondelete="set null"
    )
    source_submission_ids = fields.One2many(
        "emulation.submission", "parent_submission_id", string="Consolidated Reports", readonly=True
    )
    missing_unit_ids = fields.Many2many(
        "emulation.unit",
        "emulation_submission_missing_unit_rel",
        "submission_id",
        "unit_id",
        string="Units Not Reported",
        readonly=True,
        copy=False,
    )
    history_ids = fields.One2many("emulation.submission.history", "submission_id", readonly=True)
    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        search="_search_is_late",
        help="Submitted after its deadline, or not submitted and past its deadline.",
    )
    reminder_stage = fields.Selection(
        [("14", "14 days before"), ("7", "7 days before"), ("1", "1 day before"), ("overdue", "Overdue")],
        string="Last Reminder",
        readonly=True,
        copy=False,
    )

    _unit_period_unique = models.Constraint(
        "UNIQUE(campaign_id, period_id, unit_id)", "A unit has one report per period of a campaign."
    )

    @api.depends("unit_id.name", "period_id.name")
    def _compute_name(self):
        for submission in self:
            submission.name = f"{submission.unit_id.name or ''} – {submission.period_id.name or ''}"

    @api.depends("period_id.deadline", "period_id.extension_ids.deadline", "unit_id")
    def _compute_deadline(self):
        extensions = (
            self.env["emulation.deadline.extension"]
            .sudo()
            .search_fetch(
                [("period_id", "in", self.period_id.ids), ("unit_id", "in", self.unit_id.ids)],
                ["period_id", "unit_id", "deadline"],
            )
        )
        extended = {(e.period_id.id, e.unit_id.id): e.deadline for e in extensions}
        for submission in self:
            submission.deadline = extended.get(
                (submission.period_id.id, submission.unit_id.id), submission.period_id.deadline
            )

    @api.depends("state", "on_time", "submitted_date", "deadline")
    @api.depends_context("tz")
    def _compute_is_late(self):
        today = self._today()
        for submission in self:
            if submission.submitted_date:
                submission.is_late = not submission.on_time
            else:
                submission.is_late = bool(submission.deadline) and submission.deadline < today

    def _search_is_late(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        late = SQL(
            """(SELECT s.id
                  FROM emulation_submission s
                  JOIN emulation_period p ON p.id = s.period_id
             LEFT JOIN emulation_deadline_extension e ON e.period_id = s.period_id AND e.unit_id = s.unit_id
                 WHERE (s.submitted_date IS NOT NULL AND NOT COALESCE(s.on_time, FALSE))
                    OR (s.submitted_date IS NULL AND COALESCE(e.deadline, p.deadline) < %s))""",
            self._today(),
        )
        positive = (operator == "in") == (True in value)
        return [("id", "in" if positive else "not in", late)]

    @api.model
    def _today(self):
        """Today where the deadlines are set (reports are due by the end of the day there)."""
        return datetime.datetime.now(pytz.timezone(DEADLINE_TZ)).date()

    @api.depends("unit_id.child_ids", "unit_id.child_ids.date_end", "campaign_id.member_unit_ids")
    def _compute_is_consolidating(self):
        for submission in self:
            submission.is_consolidating = bool(submission._child_units())

    def _child_units(self):
        """The units directly below this report's unit that take part in its campaign and
        exist on the deadline of its period."""
        self.ensure_one()
        children = self.unit_id.child_ids._valid_for(self.period_id)
        campaign = self.campaign_id.sudo()
        if not children or not isinstance(campaign.id, int):
            return children & campaign.member_unit_ids
        # Ask the campaign's membership about these few units only: reading its members
        # would load every unit taking part (thousands at national scale), and reading them
        # as the user would check the campaign's record rule in Python, computing the
        # supervisors of each of them.
        campaign.flush_recordset(["member_unit_ids"])
        members = {
            unit_id
            for (unit_id,) in self.env.execute_query(
                SQL(
                    "SELECT unit_id FROM emulation_campaign_member_unit_rel WHERE campaign_id = %s AND unit_id IN %s",
                    campaign.id,
                    tuple(children.ids),
                )
            )
        }
        return children.filtered(lambda unit: unit.id in members)

    @api.constrains("campaign_id", "period_id", "unit_id")
    def _check_campaign(self):
        members = {campaign: set(campaign.member_unit_ids.ids) for campaign in self.campaign_id}
        for submission in self:
            if submission.period_id.campaign_id != submission.campaign_id:
                raise ValidationError(
                    self.env._("Period %(period)s does not belong to this campaign.", period=submission.period_id.name)
                )
            if submission.unit_id.id not in members[submission.campaign_id]:
                raise ValidationError(
                    self.env._(
                        "%(unit)s does not take part in the campaign %(campaign)s.",
                        unit=submission.unit_id.name,
                        campaign=submission.campaign_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input(vals, "create")
            self._check_line_commands(vals.get("line_ids"), creating=True)
        periods = self.env["emulation.period"].browse(
            {vals["period_id"] for vals in vals_list if vals.get("period_id")}
        )
        campaign_of = {period.id: period.campaign_id.id for period in periods.sudo()}
        for vals in vals_list:
            if not vals.get("campaign_id") and vals.get("period_id"):
                vals["campaign_id"] = campaign_of.get(vals["period_id"])
        submissions = super().create(vals_list)
        if not self.env.su:
            submissions._check_period_begun()
        # One line per criterion, for those the caller did not give.
        have = {(line.submission_id.id, line.criterion_id.id) for line in submissions.line_ids}
        self.env["emulation.submission.line"].sudo().create(
            [
                {"submission_id": submission.id, "criterion_id": criterion.id}
                for submission in submissions
                for criterion in submission.campaign_id.criterion_ids
                if (submission.id, criterion.id) not in have
            ]
        )
        return submissions

    def write(self, vals):
        self._check_ids()
        self._check_input(vals)
        if not self.env.su:
            self._check_line_commands(vals.get("line_ids"))
            self._check_editable()
        return super().write(vals)

    def _check_line_commands(self, commands, creating=False):
        """Through the report a user changes the values of its own lines (UPDATE commands,
        as the form sends them), or gives the first values of a new report's lines
        (CREATE); lines are never added to, taken from or moved between reports."""
        if self.env.su or not commands:
            return
        allowed = {Command.CREATE} if creating else {Command.UPDATE}
        own = set(self.line_ids.ids)
        for command in commands:
            code = command[0] if isinstance(command, (list, tuple)) and command else None
            if code not in allowed or (code == Command.UPDATE and command[1] not in own):
                raise UserError(
                    self.env._(
                        "The figures of a report are changed line by line: lines cannot be added, "
                        "removed or moved to another report."
                    )
                )

    def _check_period_begun(self):
        today = self._today()
        early = self.filtered(lambda s: s.period_id.sudo().date_from > today)
        if early:
            raise UserError(
                self.env._(
                    "These periods have not begun yet, so there is nothing to report: %(periods)s.",
                    periods=", ".join(early.mapped(lambda s: s.period_id.sudo().name)),
                )
            )

    @api.model
    def _reports_in_use(self, units, campaigns=None):
        """The reports of these units that count in the totals of a campaign not closed
        yet: submitted, approved, returned or consolidated ones, and drafts that hold a
        consolidation of the reports below."""
        domain = [
            ("unit_id", "in", units.ids),
            ("campaign_id.state", "!=", "closed"),
            "|",
            "|",
            ("state", "!=", "draft"),
            ("source_submission_ids", "!=", False),
            ("missing_unit_ids", "!=", False),
        ]
        if campaigns is not None:
            domain.append(("campaign_id", "in", campaigns.ids))
        return self.sudo().search(domain)

    def _holds_consolidation(self):
        """The report holds the consolidation of the reports below it."""
        self.ensure_one()
        return bool(self.sudo().source_submission_ids or self.sudo().missing_unit_ids)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.filtered(lambda s: s.state != "draft" or s.source_submission_ids or s.parent_submission_id)
        if used:
            raise UserError(
                self.env._(
                    "Only draft reports that consolidate nothing can be deleted: %(reports)s.",
                    reports=", ".join(used.mapped("display_name")),
                )
            )

    def _check_editable(self):
        locked = self.filtered(lambda s: s.state not in EDITABLE_STATES)
        if locked:
            raise UserError(
                self.env._(
                    "These reports are no longer editable (submitted, approved or consolidated): %(reports)s.",
                    reports=", ".join(locked.mapped("display_name")),
                )
            )

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

    # ------------------------------------------------------------------
    # Activities and reminders
    # ------------------------------------------------------------------
    def _schedule_activities(self, activity_xmlid, users_by_submission, note, deadline=None):
        """Create one activity per (submission, user) in one batch, each text in the
        user's own language."""
        activity_type = self.env.ref(activity_xmlid)
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for submission, users in users_by_submission.items():
            for user in users:
                lang = user.lang or self.env.lang
                localized = submission.with_context(lang=lang)
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": submission.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "date_deadline": deadline or submission.deadline,
                        "summary": activity_type.with_context(lang=lang).summary,
                        "note": localized._activity_note(note(localized)),
                    }
                )
        return self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(vals_list)

    def _activity_note(self, text):
        self.ensure_one()
        return Markup("<p>%s</p><p>%s</p><p><a href='/odoo/emulation.submission/%s'>%s</a></p>") % (
            text,
            self.env._(
                "Campaign: %(campaign)s — period: %(period)s — deadline: %(deadline)s.",
                campaign=self.campaign_id.name,
                period=self.period_id.name,
                deadline=format_date(self.env, self.deadline),
            ),
            self.id,
            self.display_name,
        )

    @api.model
    def _cron_send_reminders(self):
        """Daily: create the missing reports of periods that have begun, then remind the
        officers of units that have not submitted 14, 7 and 1 days before their deadline
        and once overdue (the overdue reminder also goes to the approvers above).
        Each reminder is sent once; a later one replaces the earlier one."""
        today = self._today()
        periods = self.env["emulation.period"].search(
            [("campaign_id.state", "=", "running"), ("date_from", "<=", today)]
        )
        periods._create_missing_submissions(today)
        pending = self.search(
            [("period_id", "in", periods.ids), ("state", "in", EDITABLE_STATES), ("reminder_stage", "!=", "overdue")]
        )
        due = {}
        for submission in pending:
            days_left = (submission.deadline - today).days
            stage = next((stage for stage, days in REMINDER_STAGES if days_left <= days), False)
            if STAGE_ORDER[stage] > STAGE_ORDER[submission.reminder_stage]:
                due.setdefault(stage, self.browse())
                due[stage] |= submission
        for stage, submissions in due.items():
            submissions.activity_unlink([FILL_ACTIVITY], only_automated=False)
            submissions._schedule_activities(
                FILL_ACTIVITY,
                {submission: submission.unit_id.user_ids for submission in submissions},
                lambda submission, stage=stage: submission._reminder_text(stage),
            )
            if stage == "overdue":
                submissions._schedule_activities(
                    OVERDUE_ACTIVITY,
                    {submission: submission._reviewer_users() for submission in submissions},
                    lambda submission: submission.env._(
                        "%(unit)s has not submitted its report and is past its deadline.",
                        unit=submission.unit_id.name,
                    ),
                    deadline=today,
                )
            submissions.sudo().write({"reminder_stage": stage})
        return True

    def _reminder_text(self, stage):
        if stage == "overdue":
            return self.env._("Your unit's report is overdue: please submit it as soon as possible.")
        return self.env._(
            "Your unit's report is due in %(days)s day(s): please fill it in and submit it.", days=int(stage)
        )

    # ------------------------------------------------------------------
    # Consolidation
    # ------------------------------------------------------------------
    def action_consolidate(self, force=False):
        """Fill this report from the approved reports of the units directly below."""
        if not isinstance(force, bool):
            raise UserError(self.env._("force must be true or false, not %(value)r.", value=force))
        self._lock_rows()
        self._require_state(EDITABLE_STATES, self.env._("Consolidating"))
        self._check_role(
            lambda s: s._is_consolidator(),
            self.env._("Only an approver of the unit itself can consolidate its report: %(reports)s."),
        )
        for parent in self:
            parent._consolidate(force)
        return True

    def _child_submissions(self, child_units=None):
        """The approved reports of the units directly below (including those already
        consolidated into this one), and the units below that have none."""
        self.ensure_one()
        child_units = self._child_units() if child_units is None else child_units
        children = self.sudo().search(
            [
                ("campaign_id", "=", self.campaign_id.id),
                ("period_id", "=", self.period_id.id),
                ("unit_id", "in", child_units.ids),
                "|",
                ("state", "=", "approved"),
                ("parent_submission_id", "=", self.id),
            ]
        )
        return children, child_units - children.unit_id

    def action_consolidate_confirm(self):
        """The form's Consolidate button: consolidate at once when every unit below has an
        approved report, otherwise ask first, listing the units that have not."""
        self.ensure_one()
        self._require_state(EDITABLE_STATES, self.env._("Consolidating"))
        self._check_role(
            lambda s: s._is_consolidator(),
            self.env._("Only an approver of the unit itself can consolidate its report: %(reports)s."),
        )
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
        if Submission.source_submission_ids or Submission.missing_unit_ids:
            self._undo_consolidation()
        children, missing = self._child_submissions(child_units)
        if children:
            children._lock_rows()
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
        lines = Submission.line_ids
        self._set_line_values({line.id: totals.get(line.criterion_id.id, empty) for line in lines})
        narratives = self._collate_narratives(children)
        # The reports below: one UPDATE and one history INSERT however many they are; the
        # history (History tab) says where each went, the chatter of this report lists them.
        children._record_transitions("consolidated")
        children._move_below(self, "consolidated")
        Submission.write({"missing_unit_ids": [fields.Command.set(missing.ids)], **narratives})
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
        in one UPDATE however many they are (their history records the transition)."""
        self.env.flush_all()
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
        parent.invalidate_recordset(["source_submission_ids"])

    @api.model
    def _empty_line_values(self):
        return {
            "value_number": 0.0,
            "value_bool": False,
            "value_text": False,
            "is_filled": False,
            "aggregated_count": 0,
        }

    def _set_line_values(self, values_by_line):
        """Write consolidated values {line id: values} in one UPDATE. Consolidated figures
        are not bound by one unit's limits, so the line constraints have nothing to check."""
        if not values_by_line:
            return
        self.env.flush_all()
        rows = SQL(", ").join(
            SQL(
                "(%s, %s::float8, %s::bool, %s::text, %s::bool, %s::int)",
                line_id,
                values["value_number"],
                values["value_bool"],
                values["value_text"] or None,
                values["is_filled"],
                values["aggregated_count"],
            )
            for line_id, values in values_by_line.items()
        )
        self.env.cr.execute(
            SQL(
                """UPDATE emulation_submission_line l
                      SET value_number = v.value_number, value_bool = v.value_bool, value_text = v.value_text,
                          is_filled = v.is_filled, aggregated_count = v.aggregated_count,
                          write_uid = %s, write_date = (now() AT TIME ZONE 'UTC')
                     FROM (VALUES %s) AS v(id, value_number, value_bool, value_text, is_filled, aggregated_count)
                    WHERE l.id = v.id""",
                self.env.uid,
                rows,
            )
        )
        self.env["emulation.submission.line"].browse(values_by_line).invalidate_recordset(
            ["value_number", "value_bool", "value_text", "is_filled", "aggregated_count", "write_uid", "write_date"]
        )

    def _aggregate(self, children):
        """Combine the children's filled lines by each criterion's aggregation, in one query.

        Returns {criterion_id: line values}. Averages are weighted by the number of
        reports behind each figure, so an average stays right across several levels;
        "count of yes" adds up the counts of consolidated children.
        """
        if not children:
            return {}
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
                SELECT l.criterion_id,
                       c.aggregation,
                       COALESCE(SUM(l.value_number), 0),
                       COALESCE(MIN(l.value_number), 0),
                       COALESCE(MAX(l.value_number), 0),
                       COALESCE(SUM(l.value_number * GREATEST(l.aggregated_count, 1)), 0),
                       SUM(GREATEST(l.aggregated_count, 1)),
                       SUM(CASE WHEN s.consolidated THEN l.value_number
                                WHEN l.value_bool THEN 1 ELSE 0 END),
                       STRING_AGG(
                           CASE WHEN s.consolidated THEN l.value_text
                                ELSE s.unit_name || ': ' || l.value_text END,
                           E'\\n' ORDER BY s.unit_name)
                  FROM children s
                  JOIN emulation_submission_line l ON l.submission_id = s.id
                  JOIN emulation_criterion c ON c.id = l.criterion_id
                 WHERE l.is_filled
                   AND l.submission_id IN %(ids)s  -- lets the planner use the index at any size
                 GROUP BY l.criterion_id, c.aggregation
                """,
                ids=tuple(children.ids),
            )
        )
        totals = {}
        for criterion_id, aggregation, total, low, high, weighted, weight, yes, texts in self.env.cr.fetchall():
            value = {
                "sum": {"value_number": total},
                "avg": {"value_number": weighted / weight if weight else 0.0},
                "min": {"value_number": low},
                "max": {"value_number": high},
                "count_true": {"value_number": yes},
                "concat": {"value_text": texts},
            }[aggregation]
            totals[criterion_id] = {
                **self._empty_line_values(),
                **value,
                "is_filled": True,
                "aggregated_count": weight,
            }
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
        self._lock_rows()
        self._require_state(EDITABLE_STATES, self.env._("Undoing the consolidation"))
        self._check_role(
            lambda s: s._is_consolidator(),
            self.env._("Only an approver of the unit itself can undo its consolidation: %(reports)s."),
        )
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
            children._record_transitions("approved", self.env._("Consolidation undone"))
            children._move_below(self.browse(), "approved")
        self._set_line_values(dict.fromkeys(self.line_ids.ids, self._empty_line_values()))
        self.sudo().write({"missing_unit_ids": [fields.Command.clear()], **dict.fromkeys(NARRATIVE_FIELDS, False)})
