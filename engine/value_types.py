"""The value types of a criterion: where a line keeps the value, how it is typed in,
printed and bounded, when it counts as filled, whether it can have a target.

Registered in the order the criterion's Type selection offers them.
"""

from dataclasses import dataclass

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# The value columns of a report line, with their SQL type and their value when empty.
VALUE_COLUMNS = {"value_number": "float8", "value_bool": "bool", "value_text": "text"}
EMPTY_VALUES = {"value_number": 0.0, "value_bool": False, "value_text": False}
# A yes/no answer as the Vietnamese documents and workbooks print it.
YES = "Có"
NO = "Không"


@dataclass(frozen=True)
class ValueType:
    """One value type of a criterion.

    ``column``: the line's column that holds the value (``VALUE_COLUMNS``).
    ``widget``: how the officer's screen shows and takes the value: "figure" (a number
    typed the user's way), "percent" (a figure followed by %), "yes_no" (a choice) or
    "text".
    ``digits``/``suffix``: the Vietnamese display of a figure (0 digits: a whole figure,
    rounded; otherwise at most so many decimals), ``xlsx_format`` its Excel number format.
    ``whole``: a figure without decimals; ``limits``: (lowest, highest) a figure of the type
    never leaves, whatever the criterion's minimum and maximum.
    ``target``: what a target of the type is: "figure" (more is better), "yes" (the answer
    to reach), or None when the type has no target and is not scored.
    """

    key: str
    label: object  # the English label, translated for the user (a lazy translation)
    printed_label: str  # the label the Vietnamese documents print
    column: str
    widget: str
    digits: int | None = None
    suffix: str = ""
    xlsx_format: str | None = None
    whole: bool = False
    limits: tuple | None = None
    target: str | None = None

    @property
    def is_numeric(self):
        """A figure, kept in value_number, bounded by the criterion's minimum and maximum."""
        return self.column == "value_number"

    def is_filled(self, value):
        """Whether a value entered in the type's column answers the criterion: every
        figure and yes/no does (0 and "No" are answers), a text when it is not blank."""
        if self.column == "value_text":
            return bool((value or "").strip())
        return True

    def bounds(self, min_value, max_value):
        """(lowest or None, highest or None, whole) of a figure of a criterion of this type:
        the minimum always applies, the maximum when above it, within the type's limits."""
        low, high = min_value, max_value if max_value > min_value else None
        if self.limits:
            lowest, highest = self.limits
            low, high = max(low, lowest), min(high, highest) if high is not None else highest
        return low, high, self.whole


VALUE_TYPES = {}


def register_value_type(value_type):
    """Add a value type (or replace the one of the same key); returns it."""
    assert value_type.column in VALUE_COLUMNS, value_type
    VALUE_TYPES[value_type.key] = value_type
    return value_type


def value_type(key):
    """The registered value type of this key; None for an unknown key."""
    return VALUE_TYPES.get(key)


def numeric_types():
    """The keys of the types that hold a figure."""
    return tuple(key for key, vtype in VALUE_TYPES.items() if vtype.is_numeric)


def target_types():
    """The keys of the types that can have a target (and are scored)."""
    return tuple(key for key, vtype in VALUE_TYPES.items() if vtype.target)


register_value_type(
    ValueType(
        "integer",
        _lt("Whole number"),
        "Số nguyên",
        "value_number",
        "figure",
        digits=0,
        xlsx_format="#,##0",
        whole=True,
        target="figure",
    )
)
register_value_type(
    ValueType(
        "number",
        _lt("Decimal number"),
        "Số thập phân",
        "value_number",
        "figure",
        digits=2,
        xlsx_format="#,##0.00",
        target="figure",
    )
)
register_value_type(
    ValueType(
        "percent",
        _lt("Percentage"),
        "Tỷ lệ (%)",
        "value_number",
        "percent",
        digits=2,
        suffix="%",
        xlsx_format='#,##0.0#"%"',
        limits=(0.0, 100.0),
        target="figure",
    )
)
register_value_type(ValueType("boolean", _lt("Yes / No"), "Có/Không", "value_bool", "yes_no", target="yes"))
register_value_type(ValueType("text", _lt("Text"), "Văn bản", "value_text", "text"))
