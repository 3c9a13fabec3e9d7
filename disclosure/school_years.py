"""School years (năm học): "2026-2027" runs from September 2026 to August 2027, in the portal's time zone."""

import datetime
import re

from django.utils import timezone

START_MONTH = 9  # the school year opens in September (Vietnamese schools start on 5 September)
YEAR_RE = re.compile(r"^(\d{4})-(\d{4})$")


def school_year_of(day):
    first = day.year if day.month >= START_MONTH else day.year - 1
    return f"{first}-{first + 1}"


def current_school_year(today=None):
    """The school year of today in Asia/Ho_Chi_Minh (TIME_ZONE), not in UTC."""
    return school_year_of(today or timezone.localdate())


def parse_school_year(value):
    """ "2026-2027" (also "2026–2027", "2026/2027") as "2026-2027"; None if it is not a school year."""
    value = re.sub(r"\s*[–—/]\s*|\s+-\s+", "-", (value or "").strip())
    match = YEAR_RE.match(value)
    if not match or int(match[2]) != int(match[1]) + 1 or not 2000 <= int(match[1]) <= 2100:
        return None
    return value


def first_year(school_year):
    return int(school_year[:4])


def deadline(school_year):
    """Điều 15 khoản 1: the year's information is published before 30 June (the end of the school year)."""
    return datetime.date(first_year(school_year) + 1, 6, 30)


def school_year_choices(today=None, back=4, ahead=1):
    """The years a clerk may pick: the coming one, the current one and a few before it, newest first."""
    current = first_year(current_school_year(today))
    return [(f"{y}-{y + 1}", f"{y}–{y + 1}") for y in range(current + ahead, current - back - 1, -1)]
