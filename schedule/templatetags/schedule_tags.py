from django import template
from django.contrib.contenttypes.models import ContentType

from schedule import periods
from schedule.models import EventIndexPage, EventPage, ScheduleEntry, WorkSchedulePage

register = template.Library()

HOME_EVENTS = 3


@register.inclusion_tag("schedule/home_box.html", takes_context=True)
def home_calendar(context, home):
    """The home page's small box: this week's schedule link and the next few events (three queries)."""
    request = context["request"]
    types = ContentType.objects.get_for_models(WorkSchedulePage, EventIndexPage)
    sections = {
        page.content_type_id: page
        for page in home.get_children()
        .live()
        .public()
        .filter(content_type__in=types.values())
        .only("id", "url_path", "path", "content_type")
    }
    schedule = sections.get(types[WorkSchedulePage].pk)
    index = sections.get(types[EventIndexPage].pk)
    result = {"schedule_url": None, "events": [], "events_url": None}
    if schedule is not None:
        result["schedule_url"] = schedule.get_url(request)
        result["this_week_count"] = ScheduleEntry.objects.filter(
            page__path__startswith=schedule.path,
            page__live=True,
            page__week_start=periods.monday_of(periods.today()),
        ).count()
    if index is not None:
        result["events_url"] = index.get_url(request)
        result["events"] = list(
            EventPage.objects.child_of(index)
            .live()
            .public()
            .upcoming(periods.today())
            .only("title", "url_path", "path", "start_date", "start_time", "end_date", "end_time")[:HOME_EVENTS]
        )
    return result
