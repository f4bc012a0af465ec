from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .. import engine
from .emulation_submission_transitions import EDITABLE_STATES


class EmulationCriterion(models.Model):
    _name = "emulation.criterion"
    _description = "Emulation Criterion"
    _inherit = ["emulation.input.mixin"]
    _order = "campaign_id, sequence, id"

    # What a manager may set (the only role that writes criteria).
    _user_create_fields = _user_write_fields = frozenset(
        {
            "campaign_id",
            "sequence",
            "code",
            "name",
            "description",
            "section",
            "value_type",
            "uom",
            "aggregation",
            "required",
            "min_value",
            "max_value",
            "weight",
        }
    )

    campaign_id = fields.Many2one("emulation.campaign", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    code = fields.Char(required=True)
    name = fields.Char(required=True)
    description = fields.Text()
    section = fields.Char(help="Heading the criterion is grouped under in forms and reports.")
    value_type = fields.Selection("_selection_value_type", required=True, default="integer")
    uom = fields.Char(string="Unit of Measure", help="E.g. people, classes, VND million.")
    aggregation = fields.Selection(
        "_selection_aggregation",
        required=True,
        compute="_compute_aggregation",
        store=True,
        readonly=False,
        precompute=True,
        help="How the figures of the units below are combined in a consolidated report.",
    )
    required = fields.Boolean(help="The report cannot be submitted while this criterion is not filled in.")
    min_value = fields.Float(
        string="Minimum",
        default=0.0,
        help="Lowest accepted figure; negative figures are refused unless this is negative.",
    )
    max_value = fields.Float(string="Maximum", help="Highest accepted figure; applies when above the minimum.")
    weight = fields.Float(default=1.0, help="Weight of the criterion when scoring units.")
    line_count = fields.Integer(compute="_compute_line_count")
    # the type holds a figure (engine.value_types): it has a unit of measure and bounds
    is_numeric = fields.Boolean(string="Figure", compute="_compute_is_numeric", search="_search_is_numeric")

    _code_unique = models.Constraint("UNIQUE(campaign_id, code)", "Each criterion of a campaign needs its own code.")

    @api.model
    def _selection_value_type(self):
        return [(key, self.env._(vtype.label)) for key, vtype in engine.VALUE_TYPES.items()]

    @api.model
    def _selection_aggregation(self):
        return [(key, self.env._(agg.label)) for key, agg in engine.AGGREGATIONS.items()]

    @api.depends("value_type")
    def _compute_aggregation(self):
        for criterion in self:
            allowed = engine.aggregations_for(criterion.value_type or "integer")
            if allowed and criterion.aggregation not in allowed:
                criterion.aggregation = allowed[0]

    @api.depends("value_type")
    def _compute_is_numeric(self):
        numeric = engine.numeric_types()
        for criterion in self:
            criterion.is_numeric = criterion.value_type in numeric

    def _search_is_numeric(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        wanted = {bool(v) for v in value}
        if operator == "not in":
            wanted = {True, False} - wanted
        if len(wanted) != 1:
            return Domain.TRUE if wanted else Domain.FALSE
        return Domain("value_type", "in" if True in wanted else "not in", list(engine.numeric_types()))

    def _compute_line_count(self):
        counts = dict(
            self.env["emulation.submission.line"]._read_group(
                [("criterion_id", "in", self.ids), ("is_filled", "=", True)], ["criterion_id"], ["__count"]
            )
        )
        for criterion in self:
            criterion.line_count = counts.get(criterion, 0)

    def _bounds(self, consolidated=False):
        """(lowest or None, highest or None, whole) for a figure of this criterion: the
        minimum always applies, the maximum when above it, a percentage stays within
        0–100, a whole number has no decimals. A consolidated figure keeps the bounds its
        aggregation keeps: a sum passes one unit's maximum (and a negative minimum), an
        average of whole numbers has decimals."""
        self.ensure_one()
        bounds = engine.value_type(self.value_type).bounds(self.min_value, self.max_value)
        return engine.aggregation(self.aggregation).bounds(*bounds) if consolidated else bounds

    @api.constrains("value_type", "aggregation", "min_value", "max_value")
    def _check_aggregation(self):
        for criterion in self:
            if criterion.aggregation not in engine.aggregations_for(criterion.value_type):
                raise ValidationError(
                    self.env._(
                        "Criterion %(criterion)s: a %(type)s cannot be combined by %(aggregation)s.",
                        criterion=criterion.name,
                        type=dict(self._selection_value_type()).get(criterion.value_type, criterion.value_type),
                        aggregation=dict(self._selection_aggregation()).get(
                            criterion.aggregation, criterion.aggregation
                        ),
                    )
                )
            limits = engine.value_type(criterion.value_type).limits
            if limits and (criterion.min_value < limits[0] or criterion.max_value > limits[1]):
                raise ValidationError(
                    self.env._(
                        "Criterion %(criterion)s: a %(type)s stays within %(low)s–%(high)s.",
                        criterion=criterion.name,
                        type=dict(self._selection_value_type())[criterion.value_type],
                        low=self._format_number(limits[0]),
                        high=self._format_number(limits[1]),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input(vals, "create")
        criteria = super().create(vals_list)
        # A criterion added to a campaign already reporting gets an empty line in
        # the reports still being written; submitted ones are left as they are.
        submissions = (
            self.env["emulation.submission"]
            .sudo()
            .search([("campaign_id", "in", criteria.campaign_id.ids), ("state", "in", EDITABLE_STATES)])
        )
        self.env["emulation.submission.line"].sudo().create(
            [
                {"submission_id": submission.id, "criterion_id": criterion.id}
                for criterion in criteria
                for submission in submissions
                if submission.campaign_id == criterion.campaign_id
            ]
        )
        return criteria

    def write(self, vals):
        self._check_ids()
        self._check_input(vals)
        locked = {"value_type", "aggregation", "campaign_id"} & set(vals)
        if locked:
            changed = self.filtered("line_count").filtered(
                lambda c: any((c[field].id if field == "campaign_id" else c[field]) != vals[field] for field in locked)
            )
            if changed:
                raise UserError(
                    self.env._(
                        "The type, aggregation or campaign of criteria that already hold figures cannot change: "
                        "%(criteria)s. Add a new criterion instead.",
                        criteria=", ".join(changed.mapped("name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.filtered("line_count")
        if used:
            raise UserError(
                self.env._(
                    "These criteria already hold reported figures and cannot be deleted: %(criteria)s.",
                    criteria=", ".join(used.mapped("name")),
                )
            )
