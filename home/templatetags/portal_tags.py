"""Template tags of the public site: menu, breadcrumbs, pagination links."""

from django import template
from django.utils.safestring import mark_safe
from wagtail.models import Page

register = template.Library()


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """The site's sections, in tree order: one query whatever the size of the site."""
    request = context["request"]
    page = context.get("page")
    site = getattr(request, "_wagtail_site", None)
    if site is None:
        return {"menu_items": [], "home_url": "/"}
    home = site.root_page.localized
    items = list(home.get_children().live().public().in_menu().only("id", "title", "url_path", "path"))
    current_path = page.path if isinstance(page, Page) else ""
    return {
        "menu_items": [
            {"title": item.title, "url": item.get_url(request), "active": current_path.startswith(item.path)}
            for item in items
        ],
        "home_url": home.get_url(request),
        "request": request,
    }


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """Ancestors from the site's home down to the current page (one query)."""
    request = context["request"]
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"crumbs": []}
    ancestors = page.get_ancestors().filter(depth__gte=2).only("id", "title", "url_path", "path")
    crumbs = [{"title": a.title, "url": a.get_url(request)} for a in ancestors]
    return {"crumbs": crumbs, "current": page.title}


@register.simple_tag(takes_context=True)
def page_query(context, **kwargs):
    """The current query string with some parameters replaced (for pagination and filters)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def get_item(mapping, key):
    """mapping[key] in templates, for keys that are not identifiers ("linh-vuc")."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.simple_tag(takes_context=True)
def facet_query(context, name, value=None):
    """The query string with one filter set (or removed, without a value), back on the first page."""
    query = context["request"].GET.copy()
    query.pop("trang", None)
    if value in (None, ""):
        query.pop(name, None)
    else:
        query[name] = value
    return "?" + query.urlencode()


@register.filter
def sanitised_html(html):
    """Expanded rich text with only what the editor can produce (home.rich_text).

    Used by templates/wagtailcore/shared/richtext.html, the template through which Wagtail renders
    every rich text (the `richtext` filter and RichTextBlock values), so nothing reaches a page unclean.
    """
    from home.rich_text import clean_html
    from schoolsite.text_only import images_allowed

    return mark_safe(clean_html(str(html), images=images_allowed()))  # noqa: S308 - sanitised by clean_html
