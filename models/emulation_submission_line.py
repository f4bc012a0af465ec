import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import engine
from .emulation_input_mixin import MAX_FIGURE
from .emulation_submission_ui import DEFER_LINE_CHECKS

# The value columns of a line; each value type keeps its value in one of them.
VALUE_FIELDS = tuple(engine.VALUE_COLUMNS)


class EmulationSubmissionLine(models.Model):
    _name = "emulation.submission.line"
    _description = "Submission Line"
    _inherit = ["emulation.input.mixin", "emulation.sql.access.mixin"]
    _order = "submission_id, sequence, criterion_id"

    # What a user may give (reporters, approvers and managers alike; the record rules say
    # whose lines): the value and a note. Whether the line is filled and how many reports
    # stand behind it follow from the value; the rest comes from the report and criterion.
    _user_create_fields = frozenset({"submission_id", "criterion_id", *VALUE_FIELDS, "note"})
    _user_write_fields = frozenset({*VALUE_FIELDS, "note"})

    submission_id = fields.Many2one("emulation.submission", required=True, index=True, ondelete="cascade")
    criterion_id = fields.Many2one("emulation.criterion", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(related="criterion_id.sequence", store=True, precompute=True)
    section = fields.Char(related="criterion_id.section")
    code = fields.Char(related="criterion_id.code")
    value_type = fields.Selection(related="criterion_id.value_type")
    uom = fields.Char(related="criterion_id.uom")
    required = fields.Boolean(related="criterion_id.required")
    min_value = fields.Float(related="criterion_id.min_value")
    max_value = fields.Float(related="criterion_id.max_value")
    state = fields.Selection(related="submission_id.state")
    campaign_id = fields.Many2one(related="submission_id.campaign_id", store=True, string="Campaign", precompute=True)
    unit_id = fields.Many2one(related="submission_id.unit_id", store=True, precompute=True)
    level_id = fields.Many2one(related="submission_id.level_id", store=True, string="Level", precompute=True)
    period_id = fields.Many2one(related="submission_id.period_id", store=True, precompute=True)

    value_number = fields.Float(string="Figure")
    value_bool = fields.Boolean(string="Yes")
    value_text = fields.Text(string="Text")
    note = fields.Char()
    bounds = fields.Char(compute="_compute_bounds", help="The figures this criterion accepts.")
    is_filled = fields.Boolean(
        string="Filled",
        readonly=True,
        help="Set once a value has been entered: 0 is a value, an untouched line is not.",
    )
    aggregated_count = fields.Integer(
        readonly=True,
        help="How many unit reports stand behind this figure (1 for a unit's own figure); "
        "used to weight averages through several levels of consolidation.",
    )

    _criterion_unique = models.Constraint("UNIQUE(submission_id, criterion_id)", "A report has one line per criterion.")

    @api.depends("criterion_id.name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = line.criterion_id.name or ""

    @api.depends("criterion_id.value_type", "criterion_id.min_value", "criterion_id.max_value")
    def _compute_bounds(self):
        for line in self:
            criterion = line.criterion_id
            if criterion.value_type not in engine.numeric_types():
                line.bounds = False
                continue
            low, high, _whole = criterion._bounds()
            low_text = line._format_number(low)
            line.bounds = f"{low_text} – {line._format_number(high)}" if high is not None else f"≥ {low_text}"

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------
    def _value_problems(self, with_required=False):
        """Human-readable problems of these lines, one string each. A figure is finite and
        within the criterion's bounds in every report; in a report that holds the
        consolidation of the reports below, within the bounds that its aggregation keeps
        (a sum may pass one unit's maximum, an average of whole numbers has decimals)."""
        problems = []
        numeric = engine.numeric_types()
        holding = {s.id for s in self.submission_id if s.holds_consolidation}
        for line in self:
            criterion = line.criterion_id
            label = f"{criterion.code} {criterion.name}".strip()
            if with_required and criterion.required and not line.is_filled:
                problems.append(self.env._("%(criterion)s: required, not filled in.", criterion=label))
            if criterion.value_type not in numeric or not line.is_filled:
                continue
            value = line.value_number
            if not math.isfinite(value):
                problems.append(self.env._("%(criterion)s: not a number.", criterion=label))
                continue
            consolidated = line.submission_id.id in holding
            if not consolidated and abs(value) > MAX_FIGURE:
                problems.append(
                    self.env._(
                        "%(criterion)s: %(value)s is out of range (at most %(max)s in size).",
                        criterion=label,
                        value=self._format_number(value),
                        max=self._format_number(MAX_FIGURE),
                    )
                )
                continue
            low, high, whole = criterion._bounds(consolidated=consolidated)
            if whole and value != int(value):
                problems.append(
                    self.env._(
                        "%(criterion)s: %(value)s is not a whole number.",
                        criterion=label,
                        value=self._format_number(value),
                    )
                )
            if low is not None and value < low:
                problems.append(
                    self.env._(
                        "%(criterion)s: %(value)s is below the minimum %(min)s.",
                        criterion=label,
                        value=self._format_number(value),
                        min=self._format_number(low),
                    )
                )
            elif high is not None and value > high:
                problems.append(
                    self.env._(
                        "%(criterion)s: %(value)s is above the maximum %(max)s.",
                        criterion=label,
                        value=self._format_number(value),
                        max=self._format_number(high),
                    )
                )
        return problems

    @api.constrains("value_number", "is_filled")
    def _check_value_number(self):
        if self.env.context.get("emulation_defer_line_checks") is DEFER_LINE_CHECKS:
            return  # one save of the report's form: its write checks all its lines at once
        problems = self._value_problems()
        if problems:
            raise ValidationError("\n".join(problems))

    # ------------------------------------------------------------------
    # Writes: a line follows its report's state, whatever the door
    # ------------------------------------------------------------------
    def _check_editable(self):
        self.submission_id._check_editable()

    @api.model
    def _fill_flags(self, vals, value_type):
        """A value entered by hand fills the line and counts as one report, unless the
        caller says otherwise; an empty text leaves a text line unfilled."""
        vtype = engine.value_type(value_type)
        column = vtype.column if vtype else "value_number"
        if "is_filled" not in vals and column in vals:
            vals = dict(vals, is_filled=vtype.is_filled(vals[column]) if vtype else True)
        if "is_filled" in vals and "aggregated_count" not in vals:
            vals = dict(vals, aggregated_count=1 if vals["is_filled"] else 0)
        return vals

    @api.model
    def _check_column(self, vals, value_type):
        """A value goes in the column of the criterion's type: a figure hidden in the text
        or yes/no column of a line (or the reverse) is refused."""
        if self.env.su:
            return
        vtype = engine.value_type(value_type)
        column = vtype.column if vtype else "value_number"
        stray = [name for name in VALUE_FIELDS if name != column and vals.get(name)]
        if stray:
            raise UserError(
                self.env._(
                    "%(fields)s does not apply to this criterion: enter its value in %(column)s.",
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in stray),
                    column=self._fields[column]._description_string(self.env),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input(vals, "create")
        criteria = self.env["emulation.criterion"].browse({vals.get("criterion_id") for vals in vals_list} - {None})
        types = {criterion.id: criterion.value_type for criterion in criteria.sudo()}
        for vals in vals_list:
            self._check_column(vals, types.get(vals.get("criterion_id")))
        vals_list = [self._fill_flags(vals, types.get(vals.get("criterion_id"))) for vals in vals_list]
        lines = super().create(vals_list)
        lines._check_editable()
        return lines

    def write(self, vals):
        self._check_ids()
        self._check_input(vals)
        self._check_editable()
        if "is_filled" in vals or not set(VALUE_FIELDS) & set(vals):
            return super().write(self._fill_flags(vals, None))
        # Whether a value fills a line depends on the criterion's type.
        for value_type, lines in self.grouped("value_type").items():
            self._check_column(vals, value_type)
            super(EmulationSubmissionLine, lines).write(self._fill_flags(vals, value_type))
        return True

    @api.constrains("submission_id", "criterion_id")
    def _check_criterion(self):
        for line in self.sudo():
            if line.criterion_id.campaign_id != line.submission_id.campaign_id:
                raise ValidationError(
                    self.env._(
                        "Criterion %(criterion)s is not one of the campaign %(campaign)s.",
                        criterion=line.criterion_id.name,
                        campaign=line.submission_id.campaign_id.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._check_editable()
