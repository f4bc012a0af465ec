from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL

from .emulation_submission_transitions import EDITABLE_STATES, STATES
from .local_time import local_today, past_deadline

NARRATIVE_FIELDS = ("results", "shortcomings", "proposals")
MAX_REASON_LENGTH = 10_000
# Reminders before the deadline: (stage, days before the deadline), latest first.
REMINDER_STAGES = [("overdue", -1), ("1", 1), ("7", 7), ("14", 14)]
STAGE_ORDER = {False: 0, "14": 1, "7": 2, "1": 3, "overdue": 4}


class EmulationSubmission(models.Model):
    _name = "emulation.submission"
    _description = "Emulation Report"
    _inherit = ["mail.thread", "mail.activity.mixin", "emulation.input.mixin", "emulation.sql.access.mixin"]
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
        STATES, default="draft", required=True, readonly=True, copy=False, index=True, group_expand=True
    )  # not tracked: the history records each transition, the chatter shows it from there
    deadline = fields.Date(compute="_compute_deadline", help="The period's deadline, or the unit's extension.")
    submitted_date = fields.Datetime(readonly=True, copy=False)
    on_time = fields.Boolean(readonly=True, copy=False, help="Submitted before the end of the deadline day.")
    approved_date = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    return_reason = fields.Text(readonly=True, copy=False)  # the chatter's return message says it once
    results = fields.Text(help="What the unit achieved.")
    shortcomings = fields.Text(string="Shortcomings and Causes")
    proposals = fields.Text()

    has_units_below = fields.Boolean(
        compute="_compute_has_units_below",
        help="The unit has units below it in the campaign: its report consolidates theirs.",
    )
    holds_consolidation = fields.Boolean(
        compute="_compute_holds_consolidation",
        compute_sudo=True,  # the reports below may be out of the user's sight
        help="The report holds a consolidation of the reports below: their figures, or the units that sent none.",
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
        """The deadline rule (``past_deadline``) on the day the report was submitted (kept
        in ``on_time`` by ``_on_time_by_report``), or today when it was not."""
        today = self._today()
        for submission in self:
            if submission.submitted_date:
                submission.is_late = not submission.on_time
            else:
                submission.is_late = past_deadline(submission.deadline, today)

    def _search_is_late(self, operator, value):
        """``_compute_is_late`` in SQL: ``past_deadline(deadline, today)`` is ``deadline < today``."""
        if operator not in ("in", "not in"):
            return NotImplemented
        late = self._deadline_query(
            SQL(
                "(s.submitted_date IS NOT NULL AND NOT COALESCE(s.on_time, FALSE)) OR "
                "(s.submitted_date IS NULL AND COALESCE(e.deadline, p.deadline) < %s)",
                self._today(),
            )
        )
        positive = (operator == "in") == (True in value)
        return [("id", "in" if positive else "not in", late)]

    @api.model
    def _deadline_query(self, condition):
        """The ids of the reports meeting ``condition``, which reads the report as ``s`` and
        its deadline as ``COALESCE(e.deadline, p.deadline)`` (the unit's extension, else
        the period's deadline), as ``deadline`` computes it."""
        return SQL(
            """(SELECT s.id
                  FROM emulation_submission s
                  JOIN emulation_period p ON p.id = s.period_id
             LEFT JOIN emulation_deadline_extension e ON e.period_id = s.period_id AND e.unit_id = s.unit_id
                 WHERE %s)""",
            condition,
        )

    @api.model
    def _today(self):
        """Today where the deadlines are set (reports are due by the end of the day there)."""
        return local_today()

    @api.depends("unit_id.child_ids", "unit_id.child_ids.date_end", "campaign_id.member_unit_ids")
    def _compute_has_units_below(self):
        for submission in self:
            submission.has_units_below = bool(submission._child_units())

    @api.depends("source_submission_ids", "missing_unit_ids")
    def _compute_holds_consolidation(self):
        for submission in self:
            submission.holds_consolidation = bool(submission.source_submission_ids or submission.missing_unit_ids)

    def _child_units(self):
        """The units directly below this report's unit that take part in its campaign and
        exist on the deadline of its period."""
        self.ensure_one()
        unit, period, campaign = self.unit_id, self.period_id.sudo(), self.campaign_id.sudo()
        if not all(isinstance(record.id, int) for record in (unit, period, campaign)):
            # a report being created in a form: its unit's children, as the campaign has them
            return unit.child_ids._valid_for(period) & campaign.member_unit_ids
        # The units in one query whatever their number: the campaign's membership is asked
        # about the units below this one only (reading its members would load every unit
        # taking part, thousands at national scale), the validity on the period's deadline
        # is the restructuring's rule. Units have no record rules.
        Unit = self.env["emulation.unit"]
        Unit.flush_model(["parent_id", "active", "date_start", "date_end", "name", "parent_path", "sequence"])
        campaign.flush_recordset(["member_unit_ids"])
        period.flush_recordset(["deadline"])
        rows = self.env.execute_query(
            SQL(
                """SELECT u.id, u.name
                     FROM emulation_unit u
                     JOIN emulation_campaign_member_unit_rel m ON m.unit_id = u.id AND m.campaign_id = %(campaign)s
                     JOIN emulation_period p ON p.id = %(period)s
                    WHERE u.parent_id = %(unit)s AND u.active AND %(valid)s
                 ORDER BY u.parent_path, u.sequence, u.name, u.id""",
                campaign=campaign.id,
                period=period.id,
                unit=unit.id,
                valid=Unit._valid_sql("u", SQL("p.deadline")),
            )
        )
        units = Unit.browse(row[0] for row in rows)
        Unit._fields["name"]._insert_cache(units, [row[1] for row in rows])
        return units

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
