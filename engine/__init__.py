"""What the addon knows about criterion value types and aggregations, in one place.

Plain Python, no ORM (like OCA mis_builder's aggregation helpers beside its models):
the criterion's selections and constraints, the checks of a line, the officer's input,
the consolidation SQL, the XLSX formulas and formats, the Vietnamese documents and the
scoring all read these two registries. Adding a value type or an aggregation is one
``register_*`` call here and nothing else.
"""

from .aggregations import (
    AGGREGATIONS,
    Aggregation,
    SqlInputs,
    aggregation,
    aggregations_for,
    consolidation_columns,
    consolidation_select,
    register_aggregation,
)
from .value_types import (
    EMPTY_VALUES,
    NO,
    VALUE_COLUMNS,
    VALUE_TYPES,
    YES,
    ValueType,
    numeric_types,
    register_value_type,
    target_types,
    value_type,
)
