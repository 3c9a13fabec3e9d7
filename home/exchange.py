"""Liên thông: what flows between the department's portal and the schools' sites.

Upward: school news the department approved, listed on the department's portal
and linking to the school's page. Downward: the department's announcements and
documents addressed to units, shown on each addressed unit's home page.
"""

import uuid

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from schoolsite.models import DEPARTMENT_CODE
from schoolsite.sites import department_unit

ANNOUNCEMENTS_STAMP_KEY = "sgddt:announcements-stamp"


def announcements_changed(**kwargs):
    """A department page was published, unpublished or deleted: every home page recomputes its block."""
    cache.set(ANNOUNCEMENTS_STAMP_KEY, uuid.uuid4().hex, None)


def department_home_path():
    department = department_unit()
    return department.home_page.path if department is not None and department.home_page is not None else None


def announcements_for(request, unit, limit=5):
    """The department's live news and documents addressed to this unit, newest first.

    Each item is {"title", "url", "date"}, cached per unit until a department
    page changes or the day changes (items past their date drop out at midnight).
    """
    if unit.code == DEPARTMENT_CODE:
        return []
    stamp = cache.get(ANNOUNCEMENTS_STAMP_KEY)
    if stamp is None:
        cache.add(ANNOUNCEMENTS_STAMP_KEY, uuid.uuid4().hex, None)
        stamp = cache.get(ANNOUNCEMENTS_STAMP_KEY)
    today = timezone.localdate()
    key = f"sgddt:announcements:{unit.pk}:{today.isoformat()}:{stamp}"
    items = cache.get(key)
    if items is None:
        items = _addressed_items(request, unit, today, limit)
        cache.set(key, items, 3600)
    return items


def _addressed_items(request, unit, today, limit):
    from legal_docs.models import LegalDocumentPage, section_for
    from news.models import NewsPage

    path = department_home_path()
    if path is None:
        return []
    private = NewsPage.objects.all().private_q()  # one look at view restrictions for both queries
    news = (
        NewsPage.objects.live()
        .exclude(private)
        .filter(path__startswith=path)
        .filter(NewsPage.addressed_to(unit, today))
        .distinct()
        .order_by("-date", "-pk")[:limit]
    )
    documents = (
        LegalDocumentPage.objects.live()
        .exclude(private)
        .filter(path__startswith=path)
        .filter(LegalDocumentPage.addressed_to(unit, today))
        .distinct()
        .order_by("-issued_date", "-pk")[:limit]
    )
    items = [{"title": page.title, "url": page.get_full_url(request), "date": page.date} for page in news]
    for document in documents:
        section = section_for(request, document)
        items.append(
            {
                "title": f"{document.get_document_type_display()} {document.number}: {document.summary}",
                "url": section.item_url(document, request) if section else document.get_full_url(request),
                "date": document.issued_date,
            }
        )
    items.sort(key=lambda item: item["date"], reverse=True)
    return items[:limit]


def unit_news(district="", unit_type=""):
    """School news approved for the department's portal, optionally of one district or unit type."""
    from news.models import NewsPage

    news = NewsPage.objects.approved_for_department()
    filters = Q()
    if district:
        filters &= Q(department_review__unit__district=district)
    if unit_type:
        filters &= Q(department_review__unit__unit_type=unit_type)
    return news.filter(filters)
