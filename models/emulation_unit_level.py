from odoo import api, fields, models
from odoo.exceptions import UserError


class EmulationUnitLevel(models.Model):
    _name = "emulation.unit.level"
    _description = "Unit Level"
    _inherit = ["emulation.input.mixin"]
    _order = "sequence, id"

    # What a manager may set (the only role that writes levels).
    _user_create_fields = _user_write_fields = frozenset({"name", "sequence", "active"})

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    unit_count = fields.Integer(compute="_compute_unit_count")

    _name_unique = models.Constraint("UNIQUE(name)", "A unit level with this name already exists.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input(vals, "create")
        return super().create(vals_list)

    def write(self, vals):
        self._check_ids()
        self._check_input(vals)
        return super().write(vals)

    def _compute_unit_count(self):
        counts = dict(self.env["emulation.unit"]._read_group([("level_id", "in", self.ids)], ["level_id"], ["__count"]))
        for level in self:
            level.unit_count = counts.get(level, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.filtered("unit_count")
        if used:
            raise UserError(
                self.env._(
                    "These levels still have units and cannot be deleted: %(levels)s.",
                    levels=", ".join(used.mapped("name")),
                )
            )
