"""RSS 2.0 and Atom feeds of a site's news (optionally of one field) and of its document library."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

FEED_LENGTH = 30


def _as_datetime(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(7, 0)))


class RssFeedType(Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"


class AtomFeedType(Atom1Feed):
    content_type = "application/atom+xml; charset=utf-8"


class NewsFeed(Feed):
    """The latest news of a NewsIndexPage; `?linh-vuc=<slug>` for one field only."""

    feed_type = RssFeedType

    def get_object(self, request, index):
        from home.models import Topic

        self.request = request
        self.index = index
        slug = request.GET.get("linh-vuc")
        self.topic = Topic.objects.filter(slug=slug).first() if slug else None
        return index

    def title(self, index):
        unit = self.request.unit
        if self.topic:
            return _("%(section)s – %(topic)s – %(unit)s") % {
                "section": index.title,
                "topic": self.topic.name,
                "unit": unit.name,
            }
        return _("%(section)s – %(unit)s") % {"section": index.title, "unit": unit.name}

    def link(self, index):
        return index.get_full_url(self.request)

    def feed_url(self, index):
        return self.request.build_absolute_uri()

    def description(self, index):
        return index.intro or _("Tin tức mới nhất của %(unit)s") % {"unit": self.request.unit.name}

    subtitle = description

    def items(self, index):
        from .models import NewsPage

        news = NewsPage.objects.child_of(index).for_listing()
        if self.topic:
            news = news.filter(topic=self.topic)
        return news[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return _as_datetime(item.date)

    def item_updateddate(self, item):
        return item.last_published_at or _as_datetime(item.date)

    def item_categories(self, item):
        return [item.topic.name] if item.topic else []


class AtomNewsFeed(NewsFeed):
    feed_type = AtomFeedType


class LibraryFeed(Feed):
    """The newest documents a site's library shows (its own and the sector's)."""

    feed_type = RssFeedType

    def get_object(self, request, library):
        self.request = request
        self.library = library
        return library

    def title(self, library):
        return _("%(section)s – %(unit)s") % {"section": library.title, "unit": self.request.unit.name}

    def link(self, library):
        return library.get_full_url(self.request)

    def feed_url(self, library):
        return self.request.build_absolute_uri()

    def description(self, library):
        return library.intro or _("Văn bản mới ban hành")

    subtitle = description

    def items(self, library):
        return list(library.visible_items().for_listing()[:FEED_LENGTH])

    def item_title(self, item):
        return f"{item.get_document_type_display()} {item.number}: {item.summary}"

    def item_description(self, item):
        return _("%(type)s số %(number)s của %(body)s, ban hành ngày %(date)s.") % {
            "type": item.get_document_type_display(),
            "number": item.number,
            "body": item.issuing_body.name,
            "date": item.issued_date.strftime("%d/%m/%Y"),
        }

    def item_link(self, item):
        # Shared documents open in this site's own library.
        return self.request.build_absolute_uri(self.library.item_url(item, self.request))

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return _as_datetime(item.issued_date)

    def item_categories(self, item):
        return [item.get_document_type_display()] + ([item.topic.name] if item.topic else [])


class AtomLibraryFeed(LibraryFeed):
    feed_type = AtomFeedType
