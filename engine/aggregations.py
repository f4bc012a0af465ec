"""The aggregations of a criterion: how the figures of the reports below are combined
into a consolidated report, in SQL (all criteria in one query) and as an Excel formula.

Every aggregation also says which value types it combines (the first one registered for
a type is the type's default) and what becomes of a criterion's bounds in a consolidated
figure. The number of reports behind a consolidated figure (``aggregated_count``) adds up
those of the figures below (1 for a unit's own figure): averages are weighted by it, so
that they stay right through several levels of consolidation.
"""

from collections.abc import Callable
from dataclasses import dataclass

from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from .value_types import VALUE_COLUMNS, YES

_lt = LazyTranslate(__name__)


@dataclass(frozen=True)
class SqlInputs:
    """The SQL of one filled line of a report below, as the consolidation query has it:
    its figure, yes/no and text, its weight (the reports behind it, at least 1), whether
    its report holds a consolidation itself, and the name of its unit."""

    number: SQL
    flag: SQL
    text: SQL
    weight: SQL
    consolidated: SQL
    unit_name: SQL


def _same_bounds(low, high, whole):
    return low, high, whole


@dataclass(frozen=True)
class Aggregation:
    """One aggregation.

    ``column``: the value column of the consolidated line it fills.
    ``sql(inputs)``: the aggregate expression over the filled lines below of one criterion.
    ``excel(cells)``: the Excel formula (without "=") of the total of a range of cells, or
    None when the total is written as a value. ``weighted``: the figures are weighted by the
    reports behind them, which the formula ignores: when a row stands for several reports,
    the total is written as a value.
    ``bounds(low, high, whole)``: the bounds a consolidated figure keeps of a unit's.
    """

    key: str
    label: object  # the English label, translated for the user (a lazy translation)
    types: tuple
    column: str
    sql: Callable
    excel: Callable | None = None
    weighted: bool = False
    bounds: Callable = _same_bounds


AGGREGATIONS = {}


def register_aggregation(aggregation_):
    """Add an aggregation (or replace the one of the same key); returns it."""
    assert aggregation_.column in VALUE_COLUMNS, aggregation_
    AGGREGATIONS[aggregation_.key] = aggregation_
    return aggregation_


def aggregation(key):
    """The registered aggregation of this key; None for an unknown key."""
    return AGGREGATIONS.get(key)


def aggregations_for(type_key):
    """The keys of the aggregations that combine figures of this type, the default first."""
    return tuple(key for key, agg in AGGREGATIONS.items() if type_key in agg.types)


def consolidation_columns():
    """The columns the consolidation query returns after the criterion, in order: the
    value columns some aggregation fills, then the reports behind the figure."""
    filled = {agg.column for agg in AGGREGATIONS.values()}
    return (*(column for column in VALUE_COLUMNS if column in filled), "aggregated_count")


def consolidation_select(inputs, aggregation_key):
    """The select list of the consolidation query: each value column some aggregation
    fills (``consolidation_columns``, named so), by the aggregation of the group's
    criterion (``aggregation_key``, an SQL expression grouped on), and the sum of the
    weights (``aggregated_count``)."""
    columns = consolidation_columns()
    expressions = []
    for column in columns[:-1]:
        cases = SQL(" ").join(
            SQL("WHEN %s THEN %s", key, agg.sql(inputs)) for key, agg in AGGREGATIONS.items() if agg.column == column
        )
        expressions.append(SQL("CASE %s %s END", aggregation_key, cases))
    expressions.append(SQL("SUM(%s)", inputs.weight))
    return SQL(", ").join(
        SQL("%s AS %s", expression, SQL.identifier(column))
        for expression, column in zip(expressions, columns, strict=True)
    )


def _sum_bounds(low, high, whole):
    # a sum passes one unit's maximum, and the minimum when it is negative
    return (low if low >= 0 else None), None, whole


def _average_bounds(low, high, whole):
    # an average of whole figures has decimals
    return low, high, False


NUMBERS = ("integer", "number")
FIGURES = (*NUMBERS, "percent")
YES_NO = ("boolean",)
TEXTS = ("text",)

register_aggregation(
    Aggregation(
        "sum",
        _lt("Sum"),
        NUMBERS,
        "value_number",
        lambda i: SQL("COALESCE(SUM(%s), 0)", i.number),
        excel=lambda cells: f"SUM({cells})",
        bounds=_sum_bounds,
    )
)
register_aggregation(
    Aggregation(
        "avg",
        _lt("Average"),
        FIGURES,
        "value_number",
        lambda i: SQL("COALESCE(SUM(%s * %s) / SUM(%s), 0)", i.number, i.weight, i.weight),
        excel=lambda cells: f"AVERAGE({cells})",
        weighted=True,
        bounds=_average_bounds,
    )
)
register_aggregation(
    Aggregation(
        "min",
        _lt("Minimum"),
        FIGURES,
        "value_number",
        lambda i: SQL("COALESCE(MIN(%s), 0)", i.number),
        excel=lambda cells: f"MIN({cells})",
    )
)
register_aggregation(
    Aggregation(
        "max",
        _lt("Maximum"),
        FIGURES,
        "value_number",
        lambda i: SQL("COALESCE(MAX(%s), 0)", i.number),
        excel=lambda cells: f"MAX({cells})",
    )
)
# The units answering yes: a consolidated report below brings its own count.
register_aggregation(
    Aggregation(
        "count_true",
        _lt("Count of Yes"),
        YES_NO,
        "value_number",
        lambda i: SQL("SUM(CASE WHEN %s THEN %s WHEN %s THEN 1 ELSE 0 END)", i.consolidated, i.number, i.flag),
        # the "yes" answers, plus the counts of consolidated reports among the rows
        excel=lambda cells: f'COUNTIF({cells},"{YES}")+SUM({cells})',
    )
)
# Each unit's text under its name; a consolidated report below brings its list as is.
register_aggregation(
    Aggregation(
        "concat",
        _lt("List of texts"),
        TEXTS,
        "value_text",
        lambda i: SQL(
            "STRING_AGG(CASE WHEN %s THEN %s ELSE %s || ': ' || %s END, E'\\n' ORDER BY %s)",
            i.consolidated,
            i.text,
            i.unit_name,
            i.text,
            i.unit_name,
        ),
    )
)
