"""Small operations on schedules: the clerk's "next week from this week"."""

import datetime

from django.db import transaction
from wagtail.log_actions import log

from . import periods
from .models import ScheduleEntry, WeekSchedulePage, week_slug, week_title


def latest_week(section):
    return WeekSchedulePage.objects.child_of(section).order_by("-week_start").first()


def next_free_week(section, after):
    """The first Monday after this one that has no schedule page yet in the section."""
    taken = set(WeekSchedulePage.objects.child_of(section).values_list("week_start", flat=True))
    monday = periods.monday_of(after) + datetime.timedelta(days=7)
    while monday in taken:
        monday += datetime.timedelta(days=7)
    return monday


@transaction.atomic
def copy_to_next_week(week_page, user):
    """A draft of the next free week with this week's entries moved by whole weeks (same weekday and time).

    The copy starts from the page's latest version (what the clerk last saved) and is an
    ordinary draft: it is edited, submitted and approved like any page of the unit.
    """
    source = week_page.get_latest_revision_as_object()
    section = week_page.get_parent()
    target = next_free_week(section, source.week_start)
    shift = target - source.week_start
    copy = WeekSchedulePage(
        title=week_title(target),
        slug=week_slug(target),
        week_start=target,
        note=source.note,
        live=False,
        has_unpublished_changes=True,
        owner=user,
        locale_id=week_page.locale_id,
    )
    copy.entries = [
        ScheduleEntry(
            date=entry.date + shift,
            start_time=entry.start_time,
            end_time=entry.end_time,
            content=entry.content,
            place=entry.place,
            leader=entry.leader,
            participants=entry.participants,
            preparation=entry.preparation,
            sort_order=entry.sort_order,
        )
        for entry in source.entries.all()
    ]
    section.add_child(instance=copy)
    copy.save_revision(user=user, log_action=False)
    log(copy, "wagtail.create", user=user)
    return copy
