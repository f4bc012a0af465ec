"""Vietnamese formatting of dates, numbers and report values, shared by the PDF
reports and the XLSX export.

Numbers and dates come from babel's ``vi_VN`` locale (``1.234,5``); the layout
rules of Decree 30/2020/NĐ-CP on top of it (zero padding of days and of January
and February, upper case of headers, "- …;" list lines) are applied here so that
every document writes them the same way.
"""

import datetime
import math
import re
import types

from babel.dates import format_date
from babel.numbers import format_decimal

from .. import engine
from .local_time import local_day

LOCALE = "vi_VN"

YES = engine.YES
NO = engine.NO
UNITS_YES = "đơn vị có"
# Printed instead of a figure that is not a number (none can be entered: a safeguard).
NOT_A_NUMBER = "—"
# Characters that make a spreadsheet treat a text as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def number(value, digits=2):
    """1234.5 → "1.234,5": grouping dot, decimal comma, at most ``digits`` decimals."""
    if value is None or value is False:
        return ""
    if not math.isfinite(value):
        return NOT_A_NUMBER
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def integer(value):
    return number(round(value or 0) if math.isfinite(value or 0) else value, 0)


def percent(value, digits=2):
    """12.5 (a percentage, 0–100) → "12,5%"."""
    return f"{number(value, digits)}%"


def upper(text):
    """Upper case that keeps Vietnamese diacritics (str.upper does: "đ" → "Đ")."""
    return (text or "").upper()


def day_month_year(date):
    """ "ngày 05 tháng 3 năm 2025": ND30 pads the days below 10 and the months 1 and 2."""
    if not date:
        return "ngày     tháng     năm     "
    month = "MM" if date.month <= 2 else "M"
    return format_date(date, f"'ngày' dd 'tháng' {month} 'năm' y", locale=LOCALE)


def place_and_date(place, date):
    """ "Quảng Nam, ngày 05 tháng 12 năm 2025"."""
    text = day_month_year(date)
    return f"{place.strip()}, {text}" if place and place.strip() else text[0].upper() + text[1:]


def local_date(value):
    """The Vietnamese calendar day of a datetime stored in UTC (a date is returned as is)."""
    if not value:
        return value
    if isinstance(value, datetime.datetime):
        return local_day(value)
    return value


def type_label(value_type):
    """The label of a criterion's value type as the Vietnamese documents print it."""
    vtype = engine.value_type(value_type)
    return vtype.printed_label if vtype else ""


def xlsx_number_format(value_type):
    """The Excel number format of a value type's figures (locale independent: Excel shows
    1.234,5 to Vietnamese users)."""
    return engine.value_type(value_type).xlsx_format


def figure(value, value_type):
    """A figure of a criterion of this type, as its type prints it (engine.value_types:
    a whole figure rounded, or at most so many decimals, then the type's suffix)."""
    vtype = engine.value_type(value_type)
    if vtype.digits == 0:
        return integer(value)
    return f"{number(value, vtype.digits)}{vtype.suffix}"


def line_value(line):
    """A submission line's value as printed: numbers the Vietnamese way, percentages,
    Có/Không, or the text; an unfilled line prints nothing."""
    if not line or not line.is_filled:
        return ""
    vtype = engine.value_type(line.criterion_id.value_type)
    if vtype.is_numeric:
        return figure(line.value_number, vtype.key)
    if vtype.column == "value_bool":
        if holds_consolidation(line.submission_id):
            return units_yes(line.value_number, line.aggregated_count)  # "count of yes"
        return YES if line.value_bool else NO
    return line.value_text or ""


def target_value(line):
    """A line's target as printed: "Có" for a yes/no criterion, else the figure."""
    if engine.value_type(line.criterion_id.value_type).target == "yes":
        return YES
    return number(line.target_value)


def units_yes(yes, units):
    """A consolidated yes/no: "3/3 đơn vị có" (units answering yes / units answering)."""
    return f"{integer(yes)}/{integer(units)} {UNITS_YES}"


def units_yes_format(units):
    """The Excel number format showing a count of "yes" as "3/3 đơn vị có"."""
    return f'#,##0"/{integer(units)} {UNITS_YES}"'


def is_numeric(value_type):
    vtype = engine.value_type(value_type)
    return bool(vtype and vtype.is_numeric)


def is_text(value_type):
    vtype = engine.value_type(value_type)
    return bool(vtype and vtype.column == "value_text")


def holds_consolidation(submission):
    """The report holds the consolidation of the reports below it."""
    return submission.holds_consolidation


def text_lines(text):
    """The non-empty lines of a text field, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def list_lines(lines, last="."):
    """ND30 list lines: "- item;" each, the last one ending with ``last``.

    Dashes and final punctuation the user typed are normalised, so "Như trên;" and
    "- Như trên" print alike.
    """
    items = [line.lstrip("-–•+ ").rstrip(" ;.,") for line in lines]
    items = [item for item in items if item]
    return [f"- {item}{last if index == len(items) - 1 else ';'}" for index, item in enumerate(items)]


def subject(text):
    """The subject of a dispatch without its "V/v", which the document prints itself."""
    return re.sub(r"^\s*V/v[.:]?\s+", "", text or "", flags=re.IGNORECASE).strip()


# Words a legal basis line may already start with; otherwise it is a document's name.
BASIS_LEADS = ("căn cứ", "thực hiện", "theo", "triển khai", "thi hành")
DOCUMENT_NUMBER = re.compile(r"\b\d+/[\w-]+")


def legal_basis_lines(lines, body_text=""):
    """The legal basis as paragraphs: "Căn cứ <document>;" unless the line says how it
    applies, the last ending with "."; a document the body already cites by its
    number is not repeated."""
    cited = set(DOCUMENT_NUMBER.findall(body_text or ""))
    kept = [line for line in lines if not (set(DOCUMENT_NUMBER.findall(line)) & cited)]
    result = []
    for index, line in enumerate(kept):
        if not line.lower().startswith(BASIS_LEADS):
            line = f"Căn cứ {line}"
        if not line.endswith((".", ";", ":")):
            line += "." if index == len(kept) - 1 else ";"
        result.append(line)
    return result


def recipient_lines(recipients):
    """ "Kính gửi": one recipient on the same line (returns one line without a dash),
    several as ND30 list lines."""
    items = [line.lstrip("-–•+ ").rstrip(" ;.,") for line in recipients]
    items = [item for item in items if item]
    if len(items) == 1:
        return [f"{items[0]}."]
    return list_lines(items)


def helpers():
    """These helpers as one object, for QWeb templates (which refuse modules)."""
    return types.SimpleNamespace(
        type_label=type_label,
        figure=figure,
        YES=YES,
        NO=NO,
        number=number,
        integer=integer,
        percent=percent,
        upper=upper,
        day_month_year=day_month_year,
        place_and_date=place_and_date,
        subject=subject,
        line_value=line_value,
        target_value=target_value,
        units_yes=units_yes,
        is_numeric=is_numeric,
        holds_consolidation=holds_consolidation,
    )
