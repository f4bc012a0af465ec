from markupsafe import Markup

from odoo import api, models
from odoo.tools import format_date

from .emulation_submission import REMINDER_STAGES, STAGE_ORDER
from .emulation_submission_transitions import EDITABLE_STATES, FILL_ACTIVITY, OVERDUE_ACTIVITY


class EmulationSubmission(models.Model):
    """Activities for the officers and approvers, and the daily reminders."""

    _inherit = "emulation.submission"

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
