"""Demo content: this week's and next week's schedules and a few events, dated from today.

Called by home.demo; like the rest of the demo it creates only what is missing, so
loading the demo again on a later day adds the new weeks and keeps what is there.
"""

import datetime
import json

from django.utils.text import slugify

from home.tabular import fold
from schoolsite.models import DEPARTMENT_CODE

from . import periods
from .models import EventIndexPage, EventPage, ScheduleEntry, WeekSchedulePage, WorkSchedulePage, week_slug, week_title


def _time(value):
    return datetime.time.fromisoformat(value) if value else None


def load(units, fixtures_dir):
    with open(fixtures_dir / "schedule.json", encoding="utf-8") as handle:
        data = json.load(handle)
    wanted = set(data["units"])
    created = 0
    for unit in units:
        if unit.code not in wanted or unit.home_page is None:
            continue
        audience = "so" if unit.code == DEPARTMENT_CODE else "school"
        created += ensure_weeks(unit, data["weeks"][audience])
        created += ensure_events(unit, data["events"][audience])
    return created


def ensure_weeks(unit, items):
    from home.demo import _publish

    section = WorkSchedulePage.objects.child_of(unit.home_page).first()
    if section is None:
        return 0
    this_week = periods.monday_of(periods.today())
    created = 0
    for offset in (0, 1):
        monday = this_week + datetime.timedelta(weeks=offset)
        if WeekSchedulePage.objects.child_of(section).filter(week_start=monday).exists():
            continue
        page = WeekSchedulePage(title=week_title(monday), slug=week_slug(monday), week_start=monday)
        page.entries = [
            ScheduleEntry(
                date=monday + datetime.timedelta(days=item["day"]),
                start_time=_time(item["start"]),
                end_time=_time(item["end"]),
                content=item["content"],
                place=item["place"],
                leader=item["leader"],
                participants=item["participants"],
                preparation=item["preparation"],
                sort_order=order,
            )
            for order, item in enumerate(items)
            if offset in item["weeks"]
        ]
        section.add_child(instance=page)
        _publish(page, created=True)
        created += 1
    return created


def ensure_events(unit, items):
    from home.demo import _publish

    index = EventIndexPage.objects.child_of(unit.home_page).first()
    if index is None:
        return 0
    existing = set(EventPage.objects.child_of(index).values_list("slug", flat=True))
    today = periods.today()
    created = 0
    for item in items:
        slug = slugify(fold(item["title"]))[:80]
        if slug in existing:
            continue
        start = today + datetime.timedelta(days=item["days"])
        page = EventPage(
            title=item["title"],
            slug=slug,
            start_date=start,
            start_time=_time(item.get("start")),
            end_date=today + datetime.timedelta(days=item["end_days"]) if "end_days" in item else None,
            end_time=_time(item.get("end")),
            place=item["place"],
            lead=item["lead"],
        )
        index.add_child(instance=page)
        _publish(page, created=True)
        created += 1
    return created
