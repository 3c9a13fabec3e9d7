from django import template
from django.conf import settings
from django.core.cache import cache

from schedule import periods
from schedule.models import EventIndexPage, EventPage, WorkSchedulePage
from schoolsite.page_cache import key_prefix

register = template.Library()

HOME_EVENTS = 3


def _home_calendar_data(home):
    """Whether the home has the two sections, and its next few events (title, address, when)."""
    sections = dict(
        home.get_children().live().type(WorkSchedulePage, EventIndexPage).values_list("content_type__model", "url_path")
    )
    events = []
    if "eventindexpage" in sections:
        pages = (
            EventPage.objects.live()
            .public()
            .filter(path__startswith=home.path, depth=home.depth + 2)
            .upcoming(periods.today())
            .only("title", "url_path", "path", "start_date", "start_time", "end_date", "end_time")[:HOME_EVENTS]
        )
        home_url_path = home.url_path
        events = [
            {
                "title": page.title,
                "url": "/" + page.url_path[len(home_url_path) :],
                "start_date": page.start_date,
                "start_time": page.start_time,
                "end_date": page.end_date,
                "end_time": page.end_time,
                "last_date": page.last_date,
                "is_multi_day": page.is_multi_day,
            }
            for page in pages
        ]
    return {
        "schedule_url": "/" + WorkSchedulePage.section_slug + "/" if "workschedulepage" in sections else None,
        "events_url": "/" + EventIndexPage.section_slug + "/" if "eventindexpage" in sections else None,
        "events": events,
    }


@register.inclusion_tag("schedule/home_box.html", takes_context=True)
def home_calendar(context, home):
    """The home page's small box: this week's schedule and the next few events.

    Kept in the cache under the page cache's prefix (today's date and the site's generation), so it is
    computed again on the next day or as soon as anything on the site is published, and a warm home page
    costs no query for it.
    """
    request = context["request"]
    prefix = key_prefix(request)
    key = f"{prefix}:home-calendar:{home.pk}" if prefix else None
    data = cache.get(key) if key else None
    if data is None:
        data = _home_calendar_data(home)
        if key:
            cache.set(key, data, settings.PAGE_CACHE_SECONDS or 300)
    return data
