"""Demo disclosure entries (fixtures/demo/disclosure.json): some units complete, some with gaps, most empty."""

import datetime
import json

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape

from home.models import Attachment

from .categories import categories_for
from .models import DisclosureEntryPage, DisclosureIndexPage
from .school_years import current_school_year, first_year


def _year(offset):
    start = first_year(current_school_year()) + offset
    return f"{start}-{start + 1}"


def ensure_disclosure(unit, data, publish, pdf, fill):
    """Create the unit's demo entries once (by slug); `publish`, `pdf`, `fill` are home.demo's helpers."""
    index = DisclosureIndexPage.objects.child_of(unit.home_page).first()
    if index is None:
        return 0
    allowed = {category.slug for category in categories_for(unit.unit_type)}
    existing = set(index.get_children().values_list("slug", flat=True))
    wanted = [(slug, 0) for slug in data["units"].get(unit.code, [])]
    wanted += [(slug, -1) for slug in data["previous_year"].get(unit.code, [])]
    created = 0
    for order, (category, offset) in enumerate(wanted):
        year = _year(offset)
        slug = f"{category}-{year}"
        if category not in allowed or slug in existing:
            continue
        item = data["entries"][category]
        title = fill(item["title"].replace("{year}", year), unit)
        document = None
        if item["file"]:
            content = pdf([unit.name, title, "Tai lieu minh hoa (demo)"])
            document = Attachment(title=title[:255], collection=unit.collection)
            document.file.save(f"{slug}.pdf", ContentFile(content), save=False)
            document.save()
        published_on = datetime.date(first_year(year), 9, 10) + datetime.timedelta(days=order)
        page = DisclosureEntryPage(
            title=title,
            slug=slug,
            school_year=year,
            category=category,
            published_on=min(published_on, timezone.localdate()),
            body="".join(f"<p>{escape(fill(text.replace('{year}', year), unit))}</p>" for text in item["body"]),
            document=document,
        )
        index.add_child(instance=page)
        publish(page, created=True)
        created += 1
    return created


def load_data(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)
