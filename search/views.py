"""The search page (/tim-kiem/) and its suggestions (/tim-kiem/goi-y/) on every site."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.contrib.search_promotions.models import SearchPromotion

from home.tabular import fold, normalise_text
from schoolsite.page_cache import repeat_on_hits

from . import services
from .models import QueryStat

MAX_QUERY_LENGTH = 200


def _scope(request):
    scope = request.GET.get("pham_vi")
    if scope in (services.SCOPE_SITE, services.SCOPE_SECTOR):
        return scope
    return services.default_scope(request.unit)


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def promoted_pages(text):
    """Pages the department pinned for this query (Wagtail search promotions), matched without accents."""
    wanted = fold(text)
    promotions = SearchPromotion.objects.select_related("query", "page").filter(page__live=True).order_by("sort_order")
    return [p for p in promotions if p.query and fold(p.query.query_string) == wanted]


def search(request):
    text = normalise_text(request.GET.get("q", ""))[:MAX_QUERY_LENGTH]
    scope = _scope(request)
    search_request = services.SearchRequest(
        text=text,
        scope=scope,
        kind=request.GET.get("loai", ""),
        unit_code=request.GET.get("don-vi", ""),
        topic_slug=request.GET.get("linh-vuc", ""),
        year=_int(request.GET.get("nam")),
        sort=services.SORT_DATE if request.GET.get("sap-xep") == services.SORT_DATE else services.SORT_RELEVANCE,
        page=_int(request.GET.get("trang"), 1),
    )
    outcome = services.SearchOutcome()
    promoted = []
    if text:
        outcome = services.run(request, request.unit, search_request)
        promoted = promoted_pages(text)
        if search_request.page == 1 and not any(request.GET.get(k) for k in ("loai", "don-vi", "linh-vuc", "nam")):
            QueryStat.record(text, scope, found=bool(outcome.total))
            repeat_on_hits(request, "search", query=text, scope=scope, found=bool(outcome.total))
    other_scope = services.SCOPE_SECTOR if scope == services.SCOPE_SITE else services.SCOPE_SITE
    return render(
        request,
        "search/search.html",
        {
            "query": text,
            "scope": scope,
            "other_scope": other_scope,
            "search": search_request,
            "outcome": outcome,
            "promoted": promoted,
            "SCOPE_SITE": services.SCOPE_SITE,
            "SCOPE_SECTOR": services.SCOPE_SECTOR,
            "page_title": _("Tìm kiếm"),
        },
    )


def suggest(request):
    """JSON titles for the search box: [{"title", "url", "kind"}], from three characters on."""
    text = normalise_text(request.GET.get("q", ""))[:MAX_QUERY_LENGTH]
    pages = services.suggestions(request.unit, _scope(request), text)
    kinds = {model: label for _slug, label, model in services.KINDS}
    data = [
        {
            "title": page.title,
            "url": services.result_url(request, page),
            "kind": str(kinds.get(type(page), services.OTHER_KIND[1])),
        }
        for page in pages
    ]
    response = JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    return response
