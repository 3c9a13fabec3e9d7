"""The read API (Wagtail API v2): pages of this site, and the sector's news, documents, procedures and units.

Only live, public content of active units is ever returned. Sector endpoints
filter by unit (`unit=thpt-chuyen`) and date (`date_from`, `date_to`,
YYYY-MM-DD) and page with `limit`/`offset`; see docs/interfaces.md.
"""

import datetime
import types

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Page

from legal_docs.models import LegalDocumentPage, LegalStatus, ProcedurePage, number_key
from news.models import NewsPage
from schoolsite.models import Unit
from search.views import MAX_QUERY_LENGTH

from .openapi import openapi_document, readable


def public_sector_pages(model):
    """Live, public pages of this type in every active unit's site."""
    pages = model.objects.live().public()
    for path in Unit.objects.filter(is_active=False).exclude(home_page=None).values_list("home_page__path", flat=True):
        pages = pages.exclude(path__startswith=path)
    return pages


class ExactFieldsFilter(FieldsFilter):
    """Wagtail's ?field=value filters, except the fields this endpoint matches in its own way."""

    def filter_queryset(self, request, queryset, view):
        own = getattr(view, "own_filters", ())
        if any(name in request.GET for name in own):
            query = request.GET.copy()
            for name in own:
                query.pop(name, None)
            request = types.SimpleNamespace(GET=query)
        return super().filter_queryset(request, queryset, view)


class UnitFilter(BaseFilterBackend):
    """?unit=<code>: pages of one unit's site."""

    def filter_queryset(self, request, queryset, view):
        code = request.GET.get("unit")
        if not code:
            return queryset
        unit = Unit.objects.active().select_related("home_page").filter(code=code).first()
        if unit is None or unit.home_page is None:
            raise BadRequestError(_("không có đơn vị đang hoạt động mã “%(code)s”") % {"code": code})
        return queryset.filter(path__startswith=unit.home_page.path)


class DateRangeFilter(BaseFilterBackend):
    """?date_from=YYYY-MM-DD&date_to=YYYY-MM-DD on the endpoint's date field (inclusive)."""

    def filter_queryset(self, request, queryset, view):
        for parameter, lookup in (("date_from", "gte"), ("date_to", "lte")):
            value = request.GET.get(parameter)
            if value:
                try:
                    day = datetime.date.fromisoformat(value)
                except ValueError as exc:
                    raise BadRequestError(_("%(param)s phải có dạng YYYY-MM-DD") % {"param": parameter}) from exc
                queryset = queryset.filter(**{f"{view.date_field}__{lookup}": day})
        return queryset


class BoundedSearchFilter(SearchFilter):
    """Wagtail's search filter, refusing queries longer than the site's own search accepts."""

    def filter_queryset(self, request, queryset, view):
        query = request.GET.get("search")
        if query is not None and len(query) > MAX_QUERY_LENGTH:
            raise BadRequestError(_("Từ khoá tìm kiếm dài quá %(limit)d ký tự.") % {"limit": MAX_QUERY_LENGTH})
        if query is not None and "\x00" in query:
            raise BadRequestError(_("Từ khoá tìm kiếm có ký tự không hợp lệ."))
        return super().filter_queryset(request, queryset, view)


class SitePagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint (this site's tree), without a query per page for its language."""

    filter_backends = [BoundedSearchFilter if b is SearchFilter else b for b in PagesAPIViewSet.filter_backends]

    def get_queryset(self):
        return super().get_queryset().select_related("locale")


class SectorPagesViewSet(PagesAPIViewSet):
    """A page type across every site of the sector (pages of inactive units excluded)."""

    date_field = "first_published_at__date"
    filter_backends = [ExactFieldsFilter, UnitFilter, DateRangeFilter, OrderingFilter, BoundedSearchFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["unit", "date_from", "date_to"])
    ordering = ("-pk",)

    def get_base_queryset(self):
        return public_sector_pages(Page)

    def get_queryset(self):
        return public_sector_pages(self.model).select_related("locale").order_by(*self.ordering)


class NewsAPIViewSet(SectorPagesViewSet):
    name = "news"
    model = NewsPage
    date_field = "date"
    ordering = ("-date", "-pk")
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["unit", "date", "lead", "topic"]

    def get_queryset(self):
        return super().get_queryset().select_related("topic", "featured_image").prefetch_related("tags")


class DocumentsAPIViewSet(SectorPagesViewSet):
    name = "documents"
    model = LegalDocumentPage
    date_field = "issued_date"
    ordering = ("-issued_date", "-pk")
    own_filters = ("number", "status")
    known_query_parameters = SectorPagesViewSet.known_query_parameters.union(["status"])
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "unit",
        "number",
        "document_type",
        "issuing_body",
        "issued_date",
        "status",
        "summary",
    ]

    def get_queryset(self):
        documents = (
            super().get_queryset().select_related("issuing_body", "topic").prefetch_related("attachments__attachment")
        )
        if self.request.GET.get("number"):
            # "22/2021/tt-bgddt" finds "22/2021/TT-BGDĐT": the same key as the library's number lookup.
            documents = documents.filter(number_key=number_key(self.request.GET["number"]))
        status = self.request.GET.get("status")
        if status:
            if status not in LegalStatus.values:
                raise BadRequestError(
                    _("status phải là một trong: %(values)s") % {"values": ", ".join(LegalStatus.values)}
                )
            # The status follows from the dates unless set by hand: the library's own rule.
            documents = documents.with_status(status)
        return documents


class ProceduresAPIViewSet(SectorPagesViewSet):
    name = "procedures"
    model = ProcedurePage
    ordering = ("code", "pk")
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["unit", "code", "level", "topic", "online_level"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("topic")
            .prefetch_related("legal_basis__document", "forms__attachment")
        )


class ParentCodeFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        if request.GET.get("parent_code"):
            queryset = queryset.filter(parent__code=request.GET["parent_code"])
        return queryset


class UnitsAPIViewSet(BaseAPIViewSet):
    """The sector's active units: the directory other systems connect to."""

    name = "units"
    model = Unit
    filter_backends = [FieldsFilter, ParentCodeFilter, OrderingFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["parent_code"])
    body_fields = BaseAPIViewSet.body_fields + [
        "code",
        "name",
        "short_name",
        "unit_type",
        "district",
        "parent_code",
        "address",
        "phone",
        "email",
        "head_name",
        "website",
    ]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "code",
        "name",
        "unit_type",
        "district",
        "website",
    ]

    def get_queryset(self):
        return Unit.objects.active().select_related("parent", "site").order_by("code")


def openapi_json(request):
    response = JsonResponse(openapi_document(request), json_dumps_params={"ensure_ascii": False, "indent": 1})
    return response


def api_docs(request):
    """The published standard, readable by people: endpoints, parameters and fields (no CDN)."""
    spec = openapi_document(request)
    return render(request, "api/docs.html", {"spec": spec, **readable(spec)})
