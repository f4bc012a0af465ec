"""Commendation proposals (đề nghị khen thưởng): a unit proposes its own units, units
below it or people, an approver above it decides."""

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, formatLang

from .emulation_input_mixin import check_user_text
from .emulation_submission import MAX_REASON_LENGTH
from .scoring import SCORED_STATES

COMMENDATION_STATES = [
    ("draft", "Draft"),
    ("proposed", "Proposed"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]
COMMENDATION_FORMS = [
    ("giay_khen", "Certificate of Merit (Giấy khen)"),
    ("bang_khen", "Higher Certificate of Merit (Bằng khen)"),
    ("co_thi_dua", "Emulation Flag (Cờ thi đua)"),
    ("chien_si_thi_dua", "Emulation Soldier (Chiến sĩ thi đua)"),
]
# What the proposing unit's officers write (in a draft); the rest is the workflow's.
COMMENDATION_USER_FIELDS = frozenset(
    {
        "campaign_id",
        "period_id",
        "proposing_unit_id",
        "nominee_kind",
        "nominee_unit_id",
        "nominee_name",
        "nominee_position",
        "achievement",
        "form",
    }
)


class EmulationCommendation(models.Model):
    _name = "emulation.commendation"
    _description = "Commendation Proposal"
    _inherit = ["mail.thread", "emulation.input.mixin"]
    _order = "campaign_id, period_id desc, proposing_unit_id, nominee_kind, id"
    _user_create_fields = _user_write_fields = COMMENDATION_USER_FIELDS

    name = fields.Char(compute="_compute_name", store=True)
    campaign_id = fields.Many2one("emulation.campaign", required=True, index=True, ondelete="restrict")
    period_id = fields.Many2one(
        "emulation.period",
        index=True,
        ondelete="restrict",
        domain="[('campaign_id', '=', campaign_id)]",
        help="Leave empty for the final review of the whole campaign (tổng kết).",
    )
    period_name = fields.Char(related="period_id.name", string="Period Name")
    proposing_unit_id = fields.Many2one(
        "emulation.unit",
        required=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self._own_units()[:1],
        help="The unit that proposes; an approver above it decides.",
    )
    nominee_kind = fields.Selection(
        [("collective", "Collective"), ("individual", "Individual")], required=True, default="collective"
    )
    nominee_unit_id = fields.Many2one(
        "emulation.unit",
        index=True,
        ondelete="restrict",
        help="The unit proposed (a collective), or the unit the person belongs to: "
        "the proposing unit or a unit below it.",
    )
    nominee_name = fields.Char(string="Full Name")
    nominee_position = fields.Char(string="Position", help="E.g. Chủ tịch Hội CCB xã.")
    achievement = fields.Text(help="What the collective or person achieved.")
    form = fields.Selection(COMMENDATION_FORMS, required=True, default="giay_khen", string="Proposed Form")
    state = fields.Selection(
        COMMENDATION_STATES, default="draft", required=True, readonly=True, copy=False, tracking=True, index=True
    )
    reject_reason = fields.Text(readonly=True, copy=False, tracking=True)
    proposed_date = fields.Datetime(readonly=True, copy=False)
    proposed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    decided_date = fields.Datetime(readonly=True, copy=False)
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    decision_id = fields.Many2one(
        "emulation.commendation.decision", readonly=True, copy=False, index=True, ondelete="set null"
    )
    nominee_score = fields.Float(
        compute="_compute_nominee_score",
        digits=(5, 2),
        string="Score",
        help="The nominated unit's score in the period.",
    )
    nominee_rank = fields.Integer(compute="_compute_nominee_score", string="Rank")

    @api.model
    def _own_units(self):
        """The units the current user is an officer of."""
        return self.env["emulation.unit"].search([("user_ids", "in", self.env.uid)])

    @api.depends("nominee_kind", "nominee_name", "nominee_unit_id.name")
    def _compute_name(self):
        for commendation in self:
            if commendation.nominee_kind == "individual":
                commendation.name = commendation.nominee_name or ""
            else:
                commendation.name = commendation.nominee_unit_id.name or ""

    @api.depends("nominee_unit_id", "period_id")
    def _compute_nominee_score(self):
        reports = (
            self.env["emulation.submission"]
            .sudo()
            .search_fetch(
                [
                    ("period_id", "in", self.period_id.ids),
                    ("unit_id", "in", self.nominee_unit_id.ids),
                    ("state", "in", SCORED_STATES),
                ],
                ["period_id", "unit_id", "score", "rank"],
            )
        )
        of = {(r.period_id.id, r.unit_id.id): r for r in reports}
        for commendation in self:
            report = of.get((commendation.period_id.id, commendation.nominee_unit_id.id))
            visible = report and commendation.nominee_kind == "collective"
            commendation.nominee_score = report.score if visible else 0.0
            commendation.nominee_rank = report.rank if visible else 0

    @api.constrains("campaign_id", "period_id", "proposing_unit_id", "nominee_kind", "nominee_unit_id", "nominee_name")
    def _check_nominee(self):
        for commendation in self:
            campaign = commendation.campaign_id
            if commendation.period_id and commendation.period_id.campaign_id != campaign:
                raise ValidationError(
                    self.env._(
                        "Period %(period)s does not belong to this campaign.", period=commendation.period_id.name
                    )
                )
            if commendation.proposing_unit_id not in campaign.member_unit_ids:
                raise ValidationError(
                    self.env._(
                        "%(unit)s does not take part in the campaign %(campaign)s.",
                        unit=commendation.proposing_unit_id.name,
                        campaign=campaign.name,
                    )
                )
            if commendation.nominee_kind == "collective" and not commendation.nominee_unit_id:
                raise ValidationError(self.env._("Choose the unit proposed for commendation."))
            if commendation.nominee_kind == "individual" and not (commendation.nominee_name or "").strip():
                raise ValidationError(self.env._("Give the full name of the person proposed for commendation."))
            nominee = commendation.nominee_unit_id.sudo()
            proposer = commendation.proposing_unit_id.sudo()
            if nominee and not (nominee.parent_path or "").startswith(proposer.parent_path or "-"):
                raise ValidationError(
                    self.env._(
                        "%(proposer)s can only propose itself, the units below it and their people, not %(unit)s.",
                        proposer=proposer.name,
                        unit=nominee.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input(vals, "create")
        return super().create(vals_list)

    def write(self, vals):
        self._check_input(vals)
        if not self.env.su:
            self._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        self._check_draft()

    def _check_draft(self):
        sent = self.filtered(lambda c: c.state != "draft")
        if sent:
            raise UserError(
                self.env._(
                    "Only draft proposals can be changed or deleted: %(proposals)s.",
                    proposals=", ".join(sent.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _lock_rows(self):
        try:
            self.env.cr.execute(
                SQL("SELECT id FROM emulation_commendation WHERE id IN %s FOR UPDATE NOWAIT", tuple(self.ids)),
                log_exceptions=False,
            )
        except (pg_errors.LockNotAvailable, pg_errors.SerializationFailure):
            raise UserError(
                self.env._("Someone else is acting on this proposal right now. Reload it and try again.")
            ) from None
        self.invalidate_recordset()

    def _require_state(self, state, action):
        wrong = self.filtered(lambda c: c.state != state)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(action)s is not possible for %(proposals)s.",
                    action=action,
                    proposals=", ".join(f"{c.display_name} ({labels[c.state]})" for c in wrong),
                )
            )

    def _is_decider(self, user=None):
        """An approver above the proposing unit (never one of its officers, nor who sent
        the proposal), or a manager who is neither."""
        self.ensure_one()
        user = user or self.env.user
        unit = self.proposing_unit_id.sudo()
        if user in unit.user_ids or user == self.sudo().proposed_by_id:
            return False
        if user.has_group("emulation_campaign.group_emulation_manager"):
            return True
        return user.has_group("emulation_campaign.group_emulation_approver") and user in unit.supervisor_user_ids

    def _check_role(self, predicate, message):
        if self.env.su:
            return
        refused = self.filtered(lambda c: not predicate(c))
        if refused:
            raise AccessError(message % {"proposals": ", ".join(refused.mapped("display_name"))})

    def action_propose(self):
        """draft → proposed, by an officer of the proposing unit."""
        self._lock_rows()
        self._require_state("draft", self.env._("Proposing"))
        self._check_role(
            lambda c: self.env.user in c.proposing_unit_id.sudo().user_ids,
            self.env._("Only the officers of the proposing unit can send its proposals: %(proposals)s."),
        )
        missing = self.filtered(lambda c: not (c.achievement or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Describe the achievements before proposing: %(proposals)s.",
                    proposals=", ".join(missing.mapped("display_name")),
                )
            )
        self.sudo().write({"state": "proposed", "proposed_date": fields.Datetime.now(), "proposed_by_id": self.env.uid})
        return True

    def action_approve(self):
        """proposed → approved, by an approver above the proposing unit."""
        self._lock_rows()
        self._require_state("proposed", self.env._("Approving"))
        self._check_role(
            lambda c: c._is_decider(),
            self.env._(
                "Only an approver above the proposing unit (not one of its officers) can decide: %(proposals)s."
            ),
        )
        self.sudo().write({"state": "approved", "decided_date": fields.Datetime.now(), "decided_by_id": self.env.uid})
        return True

    def action_reject(self, reason=None):
        """proposed → rejected, with a reason, by an approver above the proposing unit."""
        if reason:
            check_user_text(self.env, self.env._("The reason"), reason, MAX_REASON_LENGTH)
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the proposal is rejected: the unit needs the reason."))
        self._lock_rows()
        self._require_state("proposed", self.env._("Rejecting"))
        self._check_role(
            lambda c: c._is_decider(),
            self.env._(
                "Only an approver above the proposing unit (not one of its officers) can decide: %(proposals)s."
            ),
        )
        reason = reason.strip()
        self.sudo().write(
            {
                "state": "rejected",
                "reject_reason": reason,
                "decided_date": fields.Datetime.now(),
                "decided_by_id": self.env.uid,
            }
        )
        for commendation in self.sudo():
            commendation.message_post(
                body=self.env._("Proposal rejected: %(reason)s", reason=reason),
                partner_ids=commendation.proposing_unit_id.user_ids.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True


class EmulationSubmission(models.Model):
    _inherit = "emulation.submission"

    def action_propose_commendation(self):
        """The ranking's candidates: a draft collective proposal for each of these units,
        proposed by the user's own unit above it (or the unit itself)."""
        reports = self.filtered(lambda s: s.state in SCORED_STATES)
        own_units = self.env["emulation.commendation"]._own_units()
        vals_list = []
        for report in reports:
            ancestors = [report.unit_id.id, *reversed(report.unit_id.sudo()._ancestor_ids())]
            proposer = next((unit_id for unit_id in ancestors if unit_id in own_units.ids), None)
            if not proposer:
                raise UserError(
                    self.env._(
                        "%(unit)s is not one of your units nor below them: you cannot propose it.",
                        unit=report.unit_id.name,
                    )
                )
            score = formatLang(self.env, report.score, digits=2)
            group = report.cluster_id.name or self.env._(
                "the units of %(parent)s", parent=report.unit_id.parent_id.name or ""
            )
            vals_list.append(
                {
                    "campaign_id": report.campaign_id.id,
                    "period_id": report.period_id.id,
                    "proposing_unit_id": proposer,
                    "nominee_kind": "collective",
                    "nominee_unit_id": report.unit_id.id,
                    "achievement": self.env._(
                        "Ranked %(rank)s of %(group)s in %(period)s, with a score of %(score)s/100.",
                        rank=report.rank,
                        group=group,
                        period=report.period_id.name,
                        score=score,
                    ),
                }
            )
        proposals = self.env["emulation.commendation"].create(vals_list)
        name = self.env._("Commendation Proposals")
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "emulation.commendation",
            "view_mode": "list,form",
            "domain": [("id", "in", proposals.ids)],
        }
