from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class EmulationDeadlineExtension(models.Model):
    _name = "emulation.deadline.extension"
    _description = "Deadline Extension"
    _inherit = ["mail.thread", "emulation.input.mixin", "emulation.sql.access.mixin"]
    _order = "period_id, unit_id"

    # What an approver above the unit or a manager may set; the grantor is always the
    # user who grants or changes the extension.
    _user_create_fields = frozenset({"period_id", "unit_id", "deadline", "reason"})
    _user_write_fields = frozenset({"deadline", "reason"})

    period_id = fields.Many2one("emulation.period", required=True, index=True, ondelete="cascade")
    campaign_id = fields.Many2one(related="period_id.campaign_id", store=True)
    unit_id = fields.Many2one("emulation.unit", required=True, index=True, ondelete="cascade")
    deadline = fields.Date(string="New Deadline", required=True, tracking=True)
    reason = fields.Text(required=True, tracking=True)
    granted_by_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True)

    _unit_unique = models.Constraint(
        "UNIQUE(period_id, unit_id)", "A unit has at most one extension per period: change the existing one."
    )

    @api.depends("unit_id.name", "deadline")
    def _compute_display_name(self):
        for extension in self:
            extension.display_name = f"{extension.unit_id.name} → {extension.deadline}"

    @api.constrains("deadline", "period_id")
    def _check_deadline(self):
        for extension in self:
            if extension.deadline <= extension.period_id.deadline:
                raise ValidationError(
                    self.env._(
                        "An extension must end after the period's own deadline (%(deadline)s).",
                        deadline=extension.period_id.deadline,
                    )
                )

    def _check_grantor(self):
        """Extensions are granted by an approver above the unit, or a manager."""
        if self.env.su or self.env.user.has_group("emulation_campaign.group_emulation_manager"):
            return
        user = self.env.user
        refused = self.filtered(
            lambda e: (
                not user.has_group("emulation_campaign.group_emulation_approver")
                or user not in e.unit_id.sudo().supervisor_user_ids
            )
        )
        if refused:
            raise AccessError(
                self.env._(
                    "Only an approver above the unit or a manager can grant an extension: %(units)s.",
                    units=", ".join(refused.unit_id.mapped("name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input(vals, "create")
        if not self.env.su:
            vals_list = [dict(vals, granted_by_id=self.env.uid) for vals in vals_list]
        extensions = super().create(vals_list)
        extensions._check_grantor()
        return extensions

    def write(self, vals):
        self._check_ids()
        self._check_input(vals)
        self._check_grantor()
        if not self.env.su:
            vals = dict(vals, granted_by_id=self.env.uid)
        res = super().write(vals)
        self._check_grantor()
        return res
