"""The iCalendar (RFC 5545) feeds of a unit's schedule and events, written with the icalendar package.

Times are local wall-clock times in Asia/Ho_Chi_Minh, written with a TZID and the
matching VTIMEZONE; all-day items are DATE values (DTEND exclusive). UIDs are
made of the item's database id and the unit's code: they do not change when the
item is edited, republished or the site moves to another domain.
"""

import datetime

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from . import periods
from .models import EventPage, ScheduleEntry

# How far back the feeds go: a calendar application keeps what it has already seen.
SCHEDULE_WEEKS_BACK = 8
EVENTS_DAYS_BACK = 366
FEED_LIMIT = 1000
UID_DOMAIN = "sgddt.laocai"


def _calendar(name, unit):
    calendar = Calendar()
    calendar.add("prodid", "-//Cong thong tin nganh GD&DT Lao Cai//sgddt//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    unit_name = unit.display_name if unit is not None else ""
    calendar.add("x-wr-calname", f"{name} – {unit_name}" if unit_name else name)
    calendar.add("x-wr-timezone", periods.local_zone().key)
    return calendar


def _uid(kind, pk, unit):
    return f"{kind}-{pk}.{unit.code if unit is not None else 'sgddt'}@{UID_DOMAIN}"


def _finish(calendar):
    calendar.add_missing_timezones()
    return calendar


def schedule_calendar(section, unit, request):
    """Every entry of the section's published weeks, from a few weeks back."""
    since = periods.monday_of(periods.today()) - datetime.timedelta(weeks=SCHEDULE_WEEKS_BACK)
    entries = _live_entries(section, since)
    calendar = _calendar(_("Lịch công tác"), unit)
    for entry in entries:
        event = Event()
        event.add("uid", _uid("lich-cong-tac", entry.pk, unit))
        event.add("dtstamp", entry.page.last_published_at or timezone.now())
        event.add("summary", entry.content.splitlines()[0] if entry.content else _("Công việc"))
        _add_times(event, entry.date, entry.start_time, entry.date, entry.end_time)
        if entry.place:
            event.add("location", entry.place)
        description = [entry.content]
        for label, value in (
            (_("Chủ trì"), entry.leader),
            (_("Thành phần"), entry.participants),
            (_("Chuẩn bị"), entry.preparation),
        ):
            if value:
                description.append(f"{label}: {value}")
        event.add("description", "\n".join(description))
        week = periods.iso_week(entry.page.week_start)
        event.add("url", request.build_absolute_uri(f"{section.get_url(request)}?tuan={week}"))
        calendar.add_component(event)
    return _finish(calendar)


def _live_entries(section, since):
    from .models import WeekSchedulePage

    weeks = WeekSchedulePage.objects.child_of(section).live().public().filter(week_start__gte=since)
    return (
        ScheduleEntry.objects.filter(page__in=weeks)
        .select_related("page")
        .order_by("date", "start_time", "pk")[:FEED_LIMIT]
    )


def _add_times(event, start_date, start_time, end_date, end_time):
    if start_time is None:
        event.add("dtstart", start_date)
        event.add("dtend", (end_date or start_date) + datetime.timedelta(days=1))
        return
    event.add("dtstart", periods.local_datetime(start_date, start_time))
    if end_time is not None:
        event.add("dtend", periods.local_datetime(end_date or start_date, end_time))
    elif end_date and end_date > start_date:  # from a time on the first day to the end of the last
        event.add("dtend", periods.local_datetime(end_date + datetime.timedelta(days=1), datetime.time.min))


def events_calendar(index, unit, request):
    """The index's published events, from a year back."""
    since = periods.today() - datetime.timedelta(days=EVENTS_DAYS_BACK)
    events = EventPage.objects.child_of(index).live().public().upcoming(since)[:FEED_LIMIT]
    calendar = _calendar(_("Sự kiện"), unit)
    for page in events:
        event = Event()
        event.add("uid", _uid("su-kien", page.pk, unit))
        event.add("dtstamp", page.last_published_at or timezone.now())
        event.add("summary", page.title)
        _add_times(event, page.start_date, page.start_time, page.end_date, page.end_time)
        if page.place:
            event.add("location", page.place)
        if page.lead:
            event.add("description", strip_tags(page.lead))
        event.add("url", page.get_full_url(request))
        calendar.add_component(event)
    return _finish(calendar)
