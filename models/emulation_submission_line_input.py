import math

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang

from .. import engine

YES, NO = "yes", "no"


class EmulationSubmissionLine(models.Model):
    """One value column for the officer's screen, whatever the criterion's type.

    ``value_input`` is the line's answer as the form shows it: empty while the line is
    not filled, the figure ("0" is a figure), "yes" or "no" for a yes/no criterion, the
    text. Writing it sets the typed value and ``is_filled`` together, so an officer who
    types 0 or answers "No" has answered. The ``emulation_value`` widget shows and edits
    it by the criterion's type (figures the user's way, yes/no as a choice)."""

    _inherit = "emulation.submission.line"

    # A user answers through value_input as well as through the value columns.
    _user_create_fields = _user_write_fields = frozenset({"value_input"})

    campaign_code = fields.Char(related="campaign_id.code", string="Campaign Code")
    period_name = fields.Char(related="period_id.name", string="Year")
    value_input = fields.Char(
        string="Value",
        compute="_compute_value_input",
        inverse="_inverse_value_input",
        help="The answer: empty until entered; 0 and No are answers.",
    )

    # how the emulation_value widget shows and takes the value: figure, percent, yes_no or text
    value_widget = fields.Char(compute="_compute_value_widget")

    holds_consolidation = fields.Boolean(related="submission_id.holds_consolidation")

    @api.depends("criterion_id.value_type")
    def _compute_value_widget(self):
        for line in self:
            vtype = engine.value_type(line.criterion_id.value_type)
            line.value_widget = vtype.widget if vtype else False

    @api.depends("value_number", "value_bool", "value_text", "is_filled", "aggregated_count", "criterion_id.value_type")
    def _compute_value_input(self):
        for line in self:
            line.value_input = line._input_of_values() if line.is_filled else False

    def _input_of_values(self):
        vtype = engine.value_type(self.criterion_id.value_type)
        widget = vtype.widget if vtype else "figure"
        if widget == "yes_no" and self.holds_consolidation:
            # a count of "yes": read only, as "3/3 units yes"
            return self.env._(
                "%(yes)s/%(units)s units yes",
                yes=formatLang(self.env, self.value_number, digits=0),
                units=formatLang(self.env, self.aggregated_count, digits=0),
            )
        if widget == "yes_no":
            return YES if self.value_bool else NO
        if widget == "text":
            return self.value_text or False
        return repr(self.value_number)

    def _inverse_value_input(self):
        # The user's write of value_input has passed the checks of write (fields, access
        # rights and rules, the report's state): the answer sets the value column of the
        # line's type and whether the line is filled, which only this answer may clear.
        for line in self:
            line.sudo().write(line._values_of_input(line.value_input))

    def _values_of_input(self, text):
        """The line's values for an answer typed as text; a clear error for a wrong one."""
        self.ensure_one()
        vtype = engine.value_type(self.criterion_id.value_type)
        if not vtype:
            return {}
        text = text.strip() if isinstance(text, str) else ""
        if vtype.widget == "text":
            return {vtype.column: text or False, "is_filled": bool(text)}
        if not text:
            return {vtype.column: engine.EMPTY_VALUES[vtype.column], "is_filled": False}
        label = f"{self.criterion_id.code} {self.criterion_id.name}".strip()
        if vtype.widget == "yes_no":
            if text not in (YES, NO):
                raise UserError(self.env._("%(criterion)s: answer yes or no.", criterion=label))
            return {vtype.column: text == YES, "is_filled": True}
        if vtype.is_numeric:
            try:
                value = float(text)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                raise UserError(
                    self.env._("%(criterion)s: %(value)s is not a number.", criterion=label, value=text[:40])
                )
            self._check_value(self._fields["value_number"], value)  # within the figures' range
            return {"value_number": value, "is_filled": True}
        return {}
