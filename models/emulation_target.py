import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import engine

MAX_TARGET = 1e15


class EmulationTarget(models.Model):
    """What a unit (or every unit) is expected to reach on one criterion in one period."""

    _name = "emulation.target"
    _description = "Emulation Target"
    _inherit = ["emulation.input.mixin"]
    _order = "campaign_id, criterion_sequence, criterion_id, period_id, unit_id, id"
    _user_create_fields = frozenset({"campaign_id", "criterion_id", "period_id", "unit_id", "value"})
    _user_write_fields = frozenset({"unit_id", "value"})

    campaign_id = fields.Many2one(
        "emulation.campaign",
        required=True,
        index=True,
        ondelete="cascade",
        compute="_compute_campaign_id",
        store=True,
        precompute=True,
        readonly=False,
    )
    criterion_id = fields.Many2one(
        "emulation.criterion",
        required=True,
        index=True,
        ondelete="cascade",
        # the criteria of the campaign whose type can have a target (engine.value_types)
        domain=lambda self: (
            f"[('campaign_id', '=', campaign_id), ('value_type', 'in', {list(engine.target_types())!r})]"
        ),
    )
    criterion_sequence = fields.Integer(related="criterion_id.sequence", store=True, string="Criterion Sequence")
    value_type = fields.Selection(related="criterion_id.value_type")
    uom = fields.Char(related="criterion_id.uom")
    period_id = fields.Many2one(
        "emulation.period",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('campaign_id', '=', campaign_id)]",
    )
    unit_id = fields.Many2one(
        "emulation.unit",
        index=True,
        ondelete="cascade",
        help="Leave empty for a target that applies to every unit; a unit's own target takes precedence.",
    )
    value = fields.Float(
        string="Target",
        help="The figure to reach (above 0); for a yes/no criterion the target is always “yes”.",
    )

    _unit_unique = models.UniqueIndex(
        "(criterion_id, period_id, unit_id) WHERE unit_id IS NOT NULL",
        "A unit has one target per criterion and period.",
    )
    _campaign_wide_unique = models.UniqueIndex(
        "(criterion_id, period_id) WHERE unit_id IS NULL",
        "A criterion has one campaign-wide target per period.",
    )

    @api.depends("criterion_id")
    def _compute_campaign_id(self):
        for target in self:
            if target.criterion_id:
                target.campaign_id = target.criterion_id.campaign_id

    @api.depends("criterion_id", "period_id", "unit_id", "value")
    def _compute_display_name(self):
        for target in self:
            where = target.unit_id.name or self.env._("every unit")
            target.display_name = f"{target.criterion_id.code or ''} – {target.period_id.name or ''} – {where}"

    @api.constrains("criterion_id", "period_id", "unit_id", "value", "campaign_id")
    def _check_target(self):
        for target in self:
            criterion = target.criterion_id
            vtype = engine.value_type(criterion.value_type)
            if not vtype.target:
                raise ValidationError(
                    self.env._("Criterion %(criterion)s is a text: it cannot have a target.", criterion=criterion.name)
                )
            if criterion.campaign_id != target.campaign_id or target.period_id.campaign_id != target.campaign_id:
                raise ValidationError(
                    self.env._(
                        "A target's criterion and period belong to its campaign %(campaign)s.",
                        campaign=target.campaign_id.name,
                    )
                )
            if target.unit_id and target.unit_id not in target.campaign_id.member_unit_ids:
                raise ValidationError(
                    self.env._(
                        "%(unit)s does not take part in the campaign %(campaign)s.",
                        unit=target.unit_id.name,
                        campaign=target.campaign_id.name,
                    )
                )
            if vtype.target == "yes":
                if target.value != 1:
                    raise ValidationError(
                        self.env._(
                            "The target of a yes/no criterion is “yes” (1): %(criterion)s.", criterion=criterion.name
                        )
                    )
                continue
            value = target.value
            if math.isnan(value) or math.isinf(value) or value <= 0 or value > MAX_TARGET:
                raise ValidationError(
                    self.env._(
                        "The target of %(criterion)s must be a figure above 0 (more is better), not %(value)s.",
                        criterion=criterion.name,
                        value=value,
                    )
                )
            if vtype.limits and value > vtype.limits[1]:
                raise ValidationError(
                    self.env._(
                        "The target of %(criterion)s is at most %(max)s.",
                        criterion=criterion.name,
                        max=self._format_number(vtype.limits[1]),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input(vals, "create")
        criteria = self.env["emulation.criterion"].browse(
            {v["criterion_id"] for v in vals_list if v.get("criterion_id")}
        )
        boolean = set(criteria.filtered(lambda c: engine.value_type(c.value_type).target == "yes").ids)
        for vals in vals_list:
            if vals.get("criterion_id") in boolean and "value" not in vals:
                vals["value"] = 1.0
        return super().create(vals_list)

    def write(self, vals):
        self._check_input(vals)
        return super().write(vals)

    @api.model
    def _targets_for(self, submissions):
        """{(criterion id, period id, unit id or False): target value} for these reports, one query."""
        targets = self.sudo().search_fetch(
            [
                ("period_id", "in", submissions.period_id.ids),
                "|",
                ("unit_id", "=", False),
                ("unit_id", "in", submissions.unit_id.ids),
            ],
            ["criterion_id", "period_id", "unit_id", "value"],
        )
        return {(t.criterion_id.id, t.period_id.id, t.unit_id.id): t.value for t in targets}


class EmulationCampaign(models.Model):
    _inherit = "emulation.campaign"
    # a manager also types the campaign-wide targets in the grid
    _user_create_fields = _user_write_fields = frozenset({"target_grid"})

    target_ids = fields.One2many("emulation.target", "campaign_id", string="Targets")

    target_grid = fields.Json(
        compute="_compute_target_grid",
        inverse="_inverse_target_grid",
        help="The campaign-wide targets: criteria in rows, periods in columns.",
    )

    @api.depends("criterion_ids", "period_ids", "target_ids.value", "target_ids.unit_id")
    def _compute_target_grid(self):
        for campaign in self:
            values = {f"{t.criterion_id.id}-{t.period_id.id}": t.value for t in campaign.target_ids if not t.unit_id}
            campaign.target_grid = {
                "periods": [{"id": p.id, "name": p.name} for p in campaign.period_ids.sorted("date_from")],
                "criteria": [
                    {
                        "id": c.id,
                        "code": c.code,
                        "name": c.name,
                        "type": c.value_type,
                        "target": engine.value_type(c.value_type).target,  # "figure" or "yes"
                        "uom": c.uom or "",
                    }
                    for c in campaign.criterion_ids
                    if c.value_type in engine.target_types()
                ],
                "values": values,
            }

    def _inverse_target_grid(self):
        """Cells {"<criterion id>-<period id>": figure, or null to remove the target}."""
        Target = self.env["emulation.target"]
        for campaign in self:
            cells = (campaign.target_grid or {}).get("values")
            if not isinstance(cells, dict):
                raise UserError(self.env._("The targets grid holds one figure per criterion and period."))
            existing = {(t.criterion_id.id, t.period_id.id): t for t in campaign.target_ids if not t.unit_id}
            criteria, periods = set(campaign.criterion_ids.ids), set(campaign.period_ids.ids)
            to_create, to_delete = [], Target
            for key, value in cells.items():
                try:
                    criterion_id, period_id = (int(part) for part in str(key).split("-"))
                except ValueError:
                    criterion_id = period_id = None
                if criterion_id not in criteria or period_id not in periods:
                    raise UserError(self.env._("The targets grid holds one figure per criterion and period."))
                if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                    raise UserError(self.env._("A target must be a number, not %(value)r.", value=value))
                target = existing.get((criterion_id, period_id))
                if value is None or value == "":
                    to_delete |= target or Target
                elif target:
                    if target.value != value:
                        target.write({"value": value})
                else:
                    to_create.append(
                        {
                            "campaign_id": campaign.id,
                            "criterion_id": criterion_id,
                            "period_id": period_id,
                            "value": value,
                        }
                    )
            to_delete.unlink()
            Target.create(to_create)

    def action_open_targets(self):
        """The targets grid: criteria in rows, periods (years) in columns."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("emulation_campaign.emulation_target_action")
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        action["name"] = self.env._("Targets of %(campaign)s", campaign=self.name)
        return action


class EmulationSubmissionLine(models.Model):
    _inherit = "emulation.submission.line"

    target_value = fields.Float(
        string="Target",
        compute="_compute_target",
        help="The unit's own target for this criterion and period, else the campaign-wide one.",
    )
    has_target = fields.Boolean(compute="_compute_target")
    attainment = fields.Float(
        string="Attained (%)",
        compute="_compute_target",
        digits=(5, 1),
        help="The figure against its target, at most 100%; for a yes/no criterion 100% when “yes”.",
    )

    @api.depends("criterion_id", "period_id", "unit_id", "value_number", "value_bool", "is_filled")
    def _compute_target(self):
        targets = self.env["emulation.target"]._targets_for(self.submission_id)
        for line in self:
            key = (line.criterion_id.id, line.period_id.id)
            target = targets.get((*key, line.unit_id.id), targets.get((*key, False)))
            line.has_target = target is not None
            line.target_value = target or 0.0
            line.attainment = 100.0 * line._attainment(target) if target is not None else 0.0

    def _attainment(self, target):
        """min(value / target, 1) for a figure, 1 for a “yes” (in a consolidated report, the
        share of the reports below that say yes); 0 for what is not filled."""
        self.ensure_one()
        if not self.is_filled or not target:
            return 0.0
        if engine.value_type(self.value_type).target == "yes":
            if self.value_bool:
                return 1.0
            # consolidated: the count of "yes" of the reports below, out of their number
            return min(self.value_number / self.aggregated_count, 1.0) if self.aggregated_count else 0.0
        return max(0.0, min(self.value_number / target, 1.0))
