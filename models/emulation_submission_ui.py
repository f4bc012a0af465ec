from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .emulation_submission_transitions import EDITABLE_STATES, TRANSITIONS
from .local_time import past_deadline

# Marks the line writes of one save of a report: their bounds are checked together
# afterwards, so that the officer reads every problem of the save at once. An object,
# not a value: a client cannot send it in its context to skip the checks.
DEFER_LINE_CHECKS = object()


class EmulationSubmission(models.Model):
    """What the report's form shows to the person looking at it: the buttons they may
    press (the transition table's answer, as the actions check it), a notification after
    each step, every problem of a save at once."""

    _inherit = "emulation.submission"

    campaign_code = fields.Char(related="campaign_id.code", string="Campaign Code")
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Not submitted and past its deadline.",
    )
    # Who holds the roles of the transition table's steps on this report, whatever its state…
    can_submit = fields.Boolean(
        compute="_compute_can_act", help="The user submits this report (an officer of the unit)."
    )
    can_review = fields.Boolean(
        compute="_compute_can_act", help="The user approves or returns this report (an approver above the unit)."
    )
    can_consolidate = fields.Boolean(
        compute="_compute_can_act", help="The user consolidates this report (an approver of the unit itself)."
    )
    # …and the steps the user may take now: the buttons show from it.
    allowed_actions = fields.Json(
        compute="_compute_can_act", help="The steps of the workflow the user may take on this report now."
    )

    @api.depends("unit_id", "state", "has_units_below", "holds_consolidation")
    @api.depends_context("uid")
    def _compute_can_act(self):
        roles = {
            "can_submit": TRANSITIONS["submit"].role,
            "can_review": TRANSITIONS["approve"].role,
            "can_consolidate": TRANSITIONS["consolidate"].role,
        }
        for submission in self:
            if not submission.unit_id:
                submission.update(dict.fromkeys(roles, False))
                submission.allowed_actions = []
                continue
            submission.update({field: submission._has_role(role) for field, role in roles.items()})
            submission.allowed_actions = submission._allowed_steps()

    # ------------------------------------------------------------------
    # Every problem of a save at once
    # ------------------------------------------------------------------
    def write(self, vals):
        if not isinstance(vals, dict) or not isinstance(vals.get("line_ids"), (list, tuple)):
            return super().write(vals)
        result = super(EmulationSubmission, self.with_context(emulation_defer_line_checks=DEFER_LINE_CHECKS)).write(
            vals
        )
        # the lines this save changed (UPDATE commands), checked as their constraint does
        written = {
            command[1]
            for command in vals["line_ids"]
            if isinstance(command, (list, tuple)) and len(command) > 1 and command[0] == 1
        }
        problems = self.line_ids.filtered(lambda line: line.id in written)._value_problems()
        if problems:
            raise ValidationError("\n".join(f"• {problem}" for problem in problems))
        return result

    # ------------------------------------------------------------------
    # A notification after each step taken from the form
    # ------------------------------------------------------------------
    def _done(self, result, message, next_action=None):
        """The action's result, or a notification when the form asked for one (its
        buttons pass ``emulation_notify``); the form reloads after it. ``message``
        (reports) gives the notification's text: built only then (naming the reports
        reads them again, which a call over RPC would pay for nothing)."""
        if not self.env.context.get("emulation_notify") or result is not True:
            return result
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": message(", ".join(self.mapped("display_name"))),
                "next": next_action or {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_submit(self):
        result = super().action_submit()
        return self._done(
            result,
            lambda reports: self.env._(
                "%(reports)s submitted: the approvers above have been asked to review it.", reports=reports
            ),
        )

    def action_approve(self):
        result = super().action_approve()
        return self._done(result, lambda reports: self.env._("%(reports)s approved.", reports=reports))

    def action_unapprove(self):
        result = super().action_unapprove()
        return self._done(
            result,
            lambda reports: self.env._(
                "%(reports)s: the approval was taken back, it awaits review again.", reports=reports
            ),
        )

    def action_return(self, reason=None):
        result = super().action_return(reason)
        return self._done(
            result, lambda reports: self.env._("%(reports)s returned to the unit for correction.", reports=reports)
        )

    def action_consolidate(self, force=False):
        result = super().action_consolidate(force)
        return self._done(result, lambda reports: self.env._("%(reports)s consolidated.", reports=reports))

    def action_export_xlsx(self):
        """The header's XLSX button (``emulation_download`` in its context) downloads in the
        current tab, as the PDF does: a new tab opened once the server has answered is no
        longer the user's click, and popup blockers stop it."""
        action = super().action_export_xlsx()
        if not self.env.context.get("emulation_download"):
            return action
        return {"type": "ir.actions.client", "tag": "emulation_download", "params": {"url": action["url"]}}

    # ------------------------------------------------------------------
    # Where the app opens
    # ------------------------------------------------------------------
    @api.model
    def action_open_landing(self):
        """Managers land on all reports, approvers on the reports to review, reporters
        on their own units' reports."""
        user = self.env.user
        if user.has_group("emulation_campaign.group_emulation_manager"):
            xmlid = "emulation_campaign.emulation_submission_action"
        elif user.has_group("emulation_campaign.group_emulation_approver"):
            xmlid = "emulation_campaign.emulation_submission_action_review"
        else:
            xmlid = "emulation_campaign.emulation_submission_action_mine"
        return self.env["ir.actions.act_window"]._for_xml_id(xmlid)

    # ------------------------------------------------------------------
    # Overdue: not submitted, past the deadline
    # ------------------------------------------------------------------
    @api.depends("state", "deadline")
    @api.depends_context("tz")
    def _compute_is_overdue(self):
        today = self._today()
        for submission in self:
            submission.is_overdue = submission.state in EDITABLE_STATES and past_deadline(submission.deadline, today)

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        overdue = self._deadline_query(
            SQL("s.state IN %s AND COALESCE(e.deadline, p.deadline) < %s", EDITABLE_STATES, self._today())
        )
        positive = (operator == "in") == (True in value)
        return [("id", "in" if positive else "not in", overdue)]
