"""The value types and aggregations are known in one place (engine/): registering one
there is all it takes for the criterion's selections, the line checks, the consolidation
query, the XLSX workbook and the Vietnamese documents to know it."""

import contextlib
import io
from unittest.mock import patch

import openpyxl

from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .. import engine
from ..models import vn_format
from .common import EmulationCase

# The spread of the figures below: the highest minus the lowest.
RANGE = engine.Aggregation(
    "range",
    "Range",
    ("integer", "number", "score10"),
    "value_number",
    lambda i: SQL("COALESCE(MAX(%s) - MIN(%s), 0)", i.number, i.number),
    excel=lambda cells: f"MAX({cells})-MIN({cells})",
)
# A mark out of 10, printed with one decimal and "/10".
SCORE10 = engine.ValueType(
    "score10",
    "Score out of 10",
    "Điểm (thang 10)",
    "value_number",
    "figure",
    digits=1,
    suffix="/10",
    xlsx_format="0.0",
    limits=(0.0, 10.0),
    target="figure",
)


@tagged("post_install", "-at_install")
class TestValueRegistry(EmulationCase):
    @staticmethod
    def registered():
        """The dummy aggregation and type, registered for the time of a with block."""
        stack = contextlib.ExitStack()
        stack.enter_context(patch.dict(engine.AGGREGATIONS, {"range": RANGE}))
        stack.enter_context(patch.dict(engine.VALUE_TYPES, {"score10": SCORE10}))
        return stack

    def selection(self, field):
        return dict(self.env["emulation.criterion"].fields_get([field])[field]["selection"])

    def test_builtins(self):
        """The registry holds the types and aggregations the criteria always had."""
        self.assertEqual(list(engine.VALUE_TYPES), ["integer", "number", "percent", "boolean", "text"])
        self.assertEqual(list(engine.AGGREGATIONS), ["sum", "avg", "min", "max", "count_true", "concat"])
        self.assertEqual(engine.aggregations_for("percent"), ("avg", "min", "max"))
        self.assertEqual(engine.numeric_types(), ("integer", "number", "percent"))
        self.assertEqual(engine.target_types(), ("integer", "number", "percent", "boolean"))
        self.assertEqual(self.selection("aggregation")["count_true"], "Count of Yes")
        self.assertNotIn("range", self.selection("aggregation"))
        self.assertNotIn("score10", self.selection("value_type"))
        Criterion = self.env["emulation.criterion"]
        campaign = [("campaign_id", "=", self.campaign.id)]
        self.assertEqual(Criterion.search([*campaign, ("is_numeric", "=", True)]).mapped("code"), ["1", "2", "3", "6"])
        self.assertEqual(Criterion.search([*campaign, ("is_numeric", "=", False)]).mapped("code"), ["4", "5"])

    def test_registered_aggregation_and_type(self):
        with self.registered():
            self.check_registered()
        # unregistered again: the selections no longer offer them
        self.assertNotIn("range", self.selection("aggregation"))
        self.assertNotIn("score10", self.selection("value_type"))

    def check_registered(self):
        # the criterion's selections offer them
        self.assertEqual(self.selection("aggregation")["range"], "Range")
        self.assertEqual(self.selection("value_type")["score10"], "Score out of 10")
        self.campaign.with_user(self.manager).write(
            {
                "criterion_ids": [
                    Command.create({"sequence": 7, "code": "7", "name": "Class size spread", "value_type": "integer"}),
                    Command.create({"sequence": 8, "code": "8", "name": "Mark", "value_type": "score10"}),
                ]
            }
        )
        spread, mark = self.campaign.criterion_ids.filtered(lambda c: c.code in ("7", "8")).sorted("sequence")
        self.assertEqual(mark.aggregation, "range", "the first aggregation allowing the type is its default")
        self.assertTrue(mark.is_numeric, "a figure: it has a unit of measure and bounds in the criterion's form")
        spread.with_user(self.manager).aggregation = "range"
        # the criterion's constraint knows which types an aggregation combines
        with self.assertRaisesRegex(ValidationError, "cannot be combined"):
            self.criteria["4"].aggregation = "range"
        with self.assertRaisesRegex(ValidationError, "Mark: a Score out of 10 stays within 0–10"):
            mark.max_value = 12

        # the line checks: the type's limits, through the officer's one value column
        c11 = self.submission(self.c11)
        line = c11.line_ids.filtered(lambda line: line.criterion_id == mark).with_user(self.c11_user)
        self.assertEqual(line.value_widget, "figure")
        with self.assertRaisesRegex(ValidationError, "above the maximum 10"):
            line.value_input = "12"
        line.value_input = "9.5"
        self.assertEqual((line.value_number, line.is_filled), (9.5, True))
        self.assertEqual(line.bounds, "0 – 10")
        self.submit_and_approve(self.c11, {"1": 10, "7": 25}, self.c11_user, self.d1_user)
        self.submit_and_approve(self.c12, {"1": 5, "7": 18, "8": 2}, self.c12_user, self.d1_user)

        # the consolidation query combines them by the registered aggregation
        d1 = self.submission(self.d1)
        d1.with_user(self.d1_user).action_consolidate()
        lines = {line.code: line for line in d1.line_ids}
        self.assertEqual(lines["1"].value_number, 15, "the other aggregations are untouched")
        self.assertEqual((lines["7"].value_number, lines["7"].aggregated_count), (7, 2))
        self.assertEqual((lines["8"].value_number, lines["8"].aggregated_count), (7.5, 2))
        # ... and the documents print the type its way
        self.assertEqual(vn_format.line_value(lines["8"]), "7,5/10")
        self.assertTrue(vn_format.is_numeric("score10"))
        self.assertEqual(vn_format.type_label("score10"), "Điểm (thang 10)")

        # the XLSX totals are the aggregation's formula, in the type's number format
        sheet = openpyxl.load_workbook(io.BytesIO(d1.with_user(self.d1_user)._export_xlsx())).active
        self.assertEqual(sheet["B9"].value, "Tổng cộng")
        self.assertEqual(sheet["I9"].value, "=MAX(I7:I8)-MIN(I7:I8)")
        self.assertEqual(sheet["J9"].value, "=MAX(J7:J8)-MIN(J7:J8)")
        self.assertEqual((sheet["J7"].value, sheet["J7"].number_format), (9.5, "0.0"))
        self.assertEqual(sheet["C9"].value, "=SUM(C7:C8)")
