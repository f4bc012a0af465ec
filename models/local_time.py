"""The one time zone of the addon: deadlines fall due, documents are numbered and
dates are printed by the Vietnamese calendar day, whatever the user's time zone."""

import datetime

import pytz

TIMEZONE = "Asia/Ho_Chi_Minh"


def local_today():
    """Today in Vietnam."""
    return datetime.datetime.now(pytz.timezone(TIMEZONE)).date()


def local_day(value):
    """The Vietnamese calendar day of a naive UTC datetime."""
    return pytz.utc.localize(value).astimezone(pytz.timezone(TIMEZONE)).date()


def past_deadline(deadline, day):
    """The deadline rule: a report is due by the end of its deadline day, so it is late on
    any later day (``day``: the day it was submitted, or today when it was not)."""
    return bool(deadline) and day > deadline
