"""Admin: what people search for, so editors know what to write and what to pin."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.dispatch import receiver
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from schoolsite.models import DEPARTMENT_CODE
from schoolsite.page_cache import page_served_from_cache

from .models import QueryStat


def is_department_staff(user):
    return user.is_active and (user.is_superuser or user.groups.filter(unit_group__unit__code=DEPARTMENT_CODE).exists())


class SearchTermsView(WagtailAdminTemplateMixin, TemplateView):
    """The most frequent queries and the queries that found nothing, over a period."""

    template_name = "search/admin/search_terms.html"
    page_title = _("Từ khoá tìm kiếm")
    header_icon = "search"
    days_choices = (7, 30, 90, 365)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not is_department_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            days = int(self.request.GET.get("ngay", 30))
        except ValueError:
            days = 30
        days = days if days in self.days_choices else 30
        since = timezone.localdate() - datetime.timedelta(days=days - 1)
        stats = QueryStat.objects.filter(day__gte=since).values("query")
        context.update(
            days=days,
            days_choices=self.days_choices,
            frequent=stats.annotate(total=Sum("searches")).order_by("-total", "query")[:50],
            without_results=stats.annotate(total=Sum("without_results"))
            .filter(total__gt=0)
            .order_by("-total", "query")[:50],
            promotions_url=reverse("wagtailsearchpromotions:index"),
        )
        return context


@hooks.register("register_admin_urls")
def register_search_terms_url():
    return [path("reports/tu-khoa-tim-kiem/", SearchTermsView.as_view(), name="search_terms_report")]


class SearchTermsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_department_staff(request.user)


@hooks.register("register_reports_menu_item")
def register_search_terms_menu_item():
    return SearchTermsMenuItem(_("Từ khoá tìm kiếm"), reverse("search_terms_report"), icon_name="search", order=700)


@receiver(page_served_from_cache)
def count_cached_search(sender, request, events, **kwargs):
    """A search answered from the page cache still counts in the frequent/fruitless queries report."""
    for kind, data in events:
        if kind == "search":
            QueryStat.record(data["query"], data["scope"], found=data["found"])
