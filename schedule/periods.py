"""Weeks and months as the province counts them: Monday to Sunday, in Asia/Ho_Chi_Minh.

Entries and events are stored as local dates and wall-clock times (the whole
sector lives in one time zone); aware datetimes are made only at the edges
(the iCalendar feeds, and moments given by other code).
"""

import datetime
import re
import zoneinfo

from django.conf import settings
from django.utils import timezone

WEEK_PARAM = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)
MONTH_PARAM = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
# A day typed by a person: 2026-12-14 or 14/12/2026 (also 14-12-2026, 14.12.2026).
ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
VIETNAMESE_DAY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
# Years a schedule or an event can be asked for; anything else is a typing mistake.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def local_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def today():
    return timezone.localdate(timezone=local_zone())


def monday_of(day):
    """The Monday that starts the week (Monday–Sunday) holding this date."""
    return day - datetime.timedelta(days=day.weekday())


def week_of(moment):
    """The Monday of the local week holding this moment (an aware datetime)."""
    return monday_of(timezone.localtime(moment, local_zone()).date())


def week_days(monday):
    return [monday + datetime.timedelta(days=offset) for offset in range(7)]


def iso_week(monday):
    """The `?tuan=` value of a week: "2026-W48"."""
    year, week, _weekday = monday.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(value):
    """The Monday of an ISO week ("2026-W48", "2026w48", "2026-W53" when the year has one), or of the week
    holding a day ("2026-12-14", "14/12/2026"), or None."""
    match = WEEK_PARAM.match(value or "")
    if not match:
        day = _parse_day(value or "")
        return monday_of(day) if day else None
    year, week = int(match[1]), int(match[2])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return datetime.date.fromisocalendar(year, week, 1)
    except ValueError:  # week 0, week 54, week 53 of a year with 52
        return None


def _parse_day(value):
    if match := ISO_DAY.match(value):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := VIETNAMESE_DAY.match(value):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    else:
        return None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:  # 31/02
        return None


def parse_month(value):
    """The first day of the month of `?thang=2026-12`, or None."""
    match = MONTH_PARAM.match(value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


def month_param(first_day):
    return f"{first_day.year}-{first_day.month:02d}"


def next_month(first_day):
    return (first_day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def previous_month(first_day):
    return (first_day - datetime.timedelta(days=1)).replace(day=1)


def last_day_of_month(first_day):
    return next_month(first_day) - datetime.timedelta(days=1)


def local_datetime(day, time):
    """An aware datetime for a local date and wall-clock time."""
    return datetime.datetime.combine(day, time, tzinfo=local_zone())


class Period:
    """Part of the day, as Vietnamese schedules group entries: Cả ngày, Sáng, Chiều, Tối."""

    ALL_DAY, MORNING, AFTERNOON, EVENING = "ca-ngay", "sang", "chieu", "toi"
    ORDER = (ALL_DAY, MORNING, AFTERNOON, EVENING)

    @classmethod
    def of(cls, start_time):
        if start_time is None:
            return cls.ALL_DAY
        if start_time < datetime.time(12, 0):
            return cls.MORNING
        if start_time < datetime.time(18, 0):
            return cls.AFTERNOON
        return cls.EVENING
