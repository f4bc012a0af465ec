from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .emulation_submission_transitions import (
    APPROVED_STATES,
    CONSOLIDATED_STATES,
    EDITABLE_STATES,
    RETURNED_STATES,
    SUBMITTED_STATES,
)

# The reports behind each completeness figure (their states from the workflow's table).
COMPLETENESS_DOMAINS = {
    "expected": [],
    "submitted": [("state", "in", SUBMITTED_STATES)],
    "approved": [("state", "in", APPROVED_STATES)],
    "consolidated": [("state", "in", CONSOLIDATED_STATES)],
    "returned": [("state", "in", RETURNED_STATES)],
    "on_time": [("on_time", "=", True), ("state", "in", SUBMITTED_STATES)],
    "late": [("is_late", "=", True)],
    "missing": [("state", "in", EDITABLE_STATES)],
    # not submitted: before the deadline, or past it; submitted after the deadline
    "pending": [("state", "in", EDITABLE_STATES), ("is_overdue", "=", False)],
    "overdue": [("is_overdue", "=", True)],
    "submitted_late": [("on_time", "=", False), ("state", "in", SUBMITTED_STATES)],
}


class EmulationPeriod(models.Model):
    _name = "emulation.period"
    _description = "Reporting Period"
    _inherit = ["emulation.input.mixin"]
    _order = "campaign_id, date_from, id"

    # What a manager may set (the only role that writes periods); launching creates them.
    _user_create_fields = frozenset({"campaign_id", "name", "date_from", "date_to", "deadline"})
    _user_write_fields = frozenset({"name", "date_from", "date_to", "deadline"})

    campaign_id = fields.Many2one("emulation.campaign", required=True, index=True, ondelete="cascade")
    name = fields.Char(required=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    deadline = fields.Date(required=True, help="Units report before the end of this day.")
    extension_ids = fields.One2many("emulation.deadline.extension", "period_id", string="Extensions")
    submission_ids = fields.One2many("emulation.submission", "period_id", string="Submissions")

    # Completeness (DHIS2's reporting rate and timeliness), counted over the reports the user can see.
    expected_count = fields.Integer(string="Expected", compute="_compute_completeness")
    submitted_count = fields.Integer(
        string="Submitted", compute="_compute_completeness", help="Submitted, approved or consolidated."
    )
    approved_count = fields.Integer(
        string="Approved", compute="_compute_completeness", help="Approved or consolidated."
    )
    consolidated_count = fields.Integer(string="Consolidated", compute="_compute_completeness")
    returned_count = fields.Integer(string="Returned", compute="_compute_completeness")
    on_time_count = fields.Integer(
        string="On Time", compute="_compute_completeness", help="Submitted before the deadline and not returned."
    )
    late_count = fields.Integer(
        string="Late", compute="_compute_completeness", help="Submitted late, or not submitted and past the deadline."
    )
    reporting_rate = fields.Float(
        string="Reporting Rate (%)", compute="_compute_completeness", digits=(5, 1), help="Submitted / expected."
    )

    _name_unique = models.Constraint("UNIQUE(campaign_id, name)", "Each period of a campaign needs its own name.")
    _dates = models.Constraint("CHECK(date_from <= date_to)", "A period cannot end before it begins.")

    @api.depends_context("uid")
    def _compute_completeness(self):
        Submission = self.env["emulation.submission"]
        by_state = Submission._read_group([("period_id", "in", self.ids)], ["period_id", "state"], ["__count"])
        counts = {}
        for period, state, count in by_state:
            counts.setdefault(period.id, {})[state] = count
        late = dict(
            Submission._read_group([("period_id", "in", self.ids), ("is_late", "=", True)], ["period_id"], ["__count"])
        )
        on_time = dict(
            Submission._read_group(
                [("period_id", "in", self.ids), *COMPLETENESS_DOMAINS["on_time"]], ["period_id"], ["__count"]
            )
        )
        for period in self:
            states = counts.get(period.id, {})
            period.expected_count = sum(states.values())
            period.consolidated_count = sum(states.get(state, 0) for state in CONSOLIDATED_STATES)
            period.approved_count = sum(states.get(state, 0) for state in APPROVED_STATES)
            period.submitted_count = sum(states.get(state, 0) for state in SUBMITTED_STATES)
            period.returned_count = sum(states.get(state, 0) for state in RETURNED_STATES)
            period.late_count = late.get(period, 0)
            period.on_time_count = on_time.get(period, 0)
            period.reporting_rate = (
                100.0 * period.submitted_count / period.expected_count if period.expected_count else 0.0
            )

    def action_open_submissions(self):
        """The reports behind one completeness figure (context key `completeness`)."""
        self.ensure_one()
        figure = self.env.context.get("completeness", "expected")
        action = self.env["ir.actions.act_window"]._for_xml_id("emulation_campaign.emulation_submission_action")
        action["name"] = self.display_name
        action["domain"] = [("period_id", "=", self.id), *COMPLETENESS_DOMAINS.get(figure, [])]
        action["context"] = {"default_period_id": self.id, "create": False}
        return action

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input(vals, "create")
        return super().create(vals_list)

    def write(self, vals):
        self._check_ids()
        self._check_input(vals)
        return super().write(vals)

    @api.depends("campaign_id.name")
    def _compute_display_name(self):
        for period in self:
            period.display_name = f"{period.campaign_id.name} – {period.name}" if period.campaign_id else period.name

    @api.constrains("deadline", "date_from")
    def _check_deadline(self):
        for period in self:
            if period.deadline < period.date_from:
                raise ValidationError(
                    self.env._("The deadline of period %(period)s is before the period begins.", period=period.name)
                )

    def _create_missing_submissions(self, today=None):
        """Create the draft report of every unit taking part, for the periods of running
        campaigns that have begun and have none yet for that unit. Returns the new reports."""
        today = today or self.env["emulation.submission"]._today()
        periods = self.filtered(lambda p: p.campaign_id.state == "running" and p.date_from <= today)
        if not periods:
            return self.env["emulation.submission"]
        # in SQL, whatever the number of units (the national tree has thousands)
        return self.env["emulation.submission"].sudo()._create_drafts(periods)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.filtered("submission_ids")
        if used:
            raise UserError(
                self.env._(
                    "These periods already have reports and cannot be deleted: %(periods)s.",
                    periods=", ".join(used.mapped("display_name")),
                )
            )
