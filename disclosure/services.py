"""What units have disclosed: published categories per unit and school year, in one query for any number of units."""

from django.db.models import Count
from django.db.models.functions import Substr

from schoolsite.models import HOME_PATH_LENGTH

from .categories import categories_for
from .models import DisclosureEntryPage


def published_categories(units, school_year):
    """{unit pk: {category slug: number of live public entries}} for the units (with `home_page` loaded)."""
    by_path = {unit.home_page.path: unit.pk for unit in units if unit.home_page_id}
    rows = (
        DisclosureEntryPage.objects.live()
        .public()
        .filter(school_year=school_year)
        .annotate(home=Substr("path", 1, HOME_PATH_LENGTH))
        .filter(home__in=list(by_path))
        .order_by()
        .values("home", "category")
        .annotate(n=Count("pk"))
    )
    result = {}
    for row in rows:
        result.setdefault(by_path[row["home"]], {})[row["category"]] = row["n"]
    return result


def missing_categories(unit_type, published):
    """The categories of the unit type with no published entry (`published`: slugs or {slug: count})."""
    return [category for category in categories_for(unit_type) if category.slug not in published]
