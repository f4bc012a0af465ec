"""The commendation decision (quyết định khen thưởng) of a unit: the approved proposals
it grants, printed as a Decree 30 form 1.2 decision with the list annexed."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command

# Commands a user may send for the decision's proposals: link, unlink, clear, set.
LINK_COMMANDS = (Command.LINK, Command.UNLINK, Command.CLEAR, Command.SET)


class EmulationCommendationDecision(models.Model):
    _name = "emulation.commendation.decision"
    _description = "Commendation Decision"
    _inherit = ["mail.thread", "emulation.input.mixin"]
    _order = "date desc, id desc"
    _user_create_fields = _user_write_fields = frozenset(
        {
            "unit_id",
            "campaign_id",
            "period_id",
            "number",
            "date",
            "place",
            "legal_basis",
            "signing_authority",
            "signer_title",
            "signer_name",
            "cc_list",
            "commendation_ids",
        }
    )

    name = fields.Char(compute="_compute_name", store=True)
    unit_id = fields.Many2one(
        "emulation.unit",
        string="Deciding Unit",
        required=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self.env["emulation.commendation"]._own_units()[:1],
    )
    campaign_id = fields.Many2one("emulation.campaign", required=True, index=True, ondelete="restrict")
    period_id = fields.Many2one(
        "emulation.period",
        index=True,
        ondelete="restrict",
        domain="[('campaign_id', '=', campaign_id)]",
        help="Leave empty for the final review of the whole campaign (tổng kết).",
    )
    number = fields.Char(tracking=True, copy=False, help="E.g. 12/QĐ-CCB.")
    date = fields.Date(tracking=True, copy=False, default=fields.Date.context_today)
    place = fields.Char(help="Place written before the date, e.g. Quảng Nam.")
    legal_basis = fields.Text(help="The grounds of the decision, one per line (Căn cứ …).")
    signing_authority = fields.Char(help="E.g. TM. BAN THƯỜNG VỤ or KT. CHỦ TỊCH.")
    signer_title = fields.Char(help="E.g. CHỦ TỊCH.")
    signer_name = fields.Char(string="Signer", tracking=True)
    cc_list = fields.Text(string="Copies To", help="Nơi nhận: one line each.")
    commendation_ids = fields.One2many(
        "emulation.commendation", "decision_id", string="Commendations", help="The approved proposals it grants."
    )
    commendation_count = fields.Integer(compute="_compute_commendation_count")

    @api.depends("number", "unit_id.name", "period_id.name", "campaign_id.name")
    def _compute_name(self):
        for decision in self:
            decision.name = decision.number or self.env._(
                "Commendation decision of %(unit)s – %(period)s",
                unit=decision.unit_id.name or "",
                period=decision.period_id.name or decision.campaign_id.name or "",
            )

    @api.depends("commendation_ids")
    def _compute_commendation_count(self):
        for decision in self:
            decision.commendation_count = len(decision.commendation_ids)

    @api.constrains("unit_id", "campaign_id", "period_id")
    def _check_campaign(self):
        for decision in self:
            if decision.period_id and decision.period_id.campaign_id != decision.campaign_id:
                raise ValidationError(
                    self.env._("Period %(period)s does not belong to this campaign.", period=decision.period_id.name)
                )
            if decision.unit_id not in decision.campaign_id.member_unit_ids:
                raise ValidationError(
                    self.env._(
                        "%(unit)s does not take part in the campaign %(campaign)s.",
                        unit=decision.unit_id.name,
                        campaign=decision.campaign_id.name,
                    )
                )
        self.commendation_ids._check_decision()

    # ------------------------------------------------------------------
    # CRUD: the proposals are linked, never created or edited, through the decision
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        links = []
        for vals in vals_list:
            self._check_input(vals, "create")
            links.append(self._pop_commendation_commands(vals))
        decisions = super().create(vals_list)
        for decision, commands in zip(decisions, links, strict=True):
            decision._apply_commendation_commands(commands)
        return decisions

    def write(self, vals):
        self._check_input(vals)
        commands = self._pop_commendation_commands(vals)
        result = super().write(vals) if vals else True
        if commands is not None:
            for decision in self:
                decision._apply_commendation_commands(commands)
        if {"campaign_id", "period_id", "unit_id"} & set(vals):
            self.commendation_ids._check_decision()
        return result

    def _pop_commendation_commands(self, vals):
        if "commendation_ids" not in vals:
            return None
        commands = vals.pop("commendation_ids")
        if self.env.su:
            vals["commendation_ids"] = commands
            return None
        if not isinstance(commands, (list, tuple)) or any(
            not isinstance(command, (list, tuple)) or not command or command[0] not in LINK_COMMANDS
            for command in commands
        ):
            raise UserError(
                self.env._("A decision lists approved proposals: add or remove them, they are not edited here.")
            )
        return commands

    def _apply_commendation_commands(self, commands):
        """Link or unlink proposals, once the user may read them and they may be decided here."""
        self.ensure_one()
        if commands is None:
            return
        self.check_access("write")
        Commendation = self.env["emulation.commendation"]
        current = self.commendation_ids
        wanted = current
        for command in commands:
            if command[0] == Command.SET:
                wanted = Commendation.browse(command[2] or [])
            elif command[0] == Command.CLEAR:
                wanted = Commendation
            elif command[0] == Command.LINK:
                wanted |= Commendation.browse(command[1])
            elif command[0] == Command.UNLINK:
                wanted -= Commendation.browse(command[1])
        added = wanted - current
        added.check_access("read")
        added = added.exists()
        (current - wanted).sudo().write({"decision_id": False})
        added.sudo().write({"decision_id": self.id})
        added._check_decision()

    @api.ondelete(at_uninstall=False)
    def _unlink_release(self):
        self.commendation_ids.sudo().write({"decision_id": False})


class EmulationCommendation(models.Model):
    _inherit = "emulation.commendation"

    def _check_decision(self):
        """A decision grants approved proposals of its campaign (and period), made by units
        below the deciding unit, each once."""
        for commendation in self.filtered("decision_id"):
            decision = commendation.decision_id
            proposer = commendation.proposing_unit_id.sudo()
            unit = decision.unit_id.sudo()
            problems = []
            if commendation.state != "approved":
                problems.append(self.env._("it is not approved"))
            if commendation.campaign_id != decision.campaign_id or (
                decision.period_id and commendation.period_id != decision.period_id
            ):
                problems.append(self.env._("it belongs to another campaign or period"))
            if proposer == unit or not (proposer.parent_path or "").startswith(unit.parent_path or "-"):
                problems.append(self.env._("its proposing unit is not below %(unit)s", unit=unit.name))
            if problems:
                raise ValidationError(
                    self.env._(
                        "The proposal %(proposal)s cannot be part of this decision: %(problems)s.",
                        proposal=commendation.display_name,
                        problems="; ".join(problems),
                    )
                )
        return True
