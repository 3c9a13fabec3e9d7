"""Admin views scoped to the user's units.

Wagtail's page explorer offers filters listing every site, every page owner
and every editor of the installation. For unit staff those lists are scoped to
the pages they may explore, so a school sees neither the other 659 sites nor
the names of other units' staff. The base PageViewSet is replaced, not forked:
only the filter querysets change.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.views.pages.listing import GenericPageFilterSet
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, PageLogEntry, Site
from wagtail.permission_policies.pages import PagePermissionPolicy


def explorable_pages(user):
    return PagePermissionPolicy().explorable_instances(user)


def _users_who_own_pages(request):
    pages = Page.objects.all() if request.user.is_superuser else explorable_pages(request.user)
    return get_user_model().objects.filter(pk__in=pages.order_by().values("owner_id"))


def _users_who_edited_pages(request):
    entries = PageLogEntry.objects.filter(action="wagtail.edit")
    if not request.user.is_superuser:
        entries = entries.filter(page__in=explorable_pages(request.user).values("pk"))
    return get_user_model().objects.filter(pk__in=entries.order_by().values("user_id"))


def _sites(request):
    if request.user.is_superuser:
        return Site.objects.all()
    roots = explorable_pages(request.user).values("pk")
    return Site.objects.filter(Q(root_page__in=roots))


class UnitScopedPageFilterSet(GenericPageFilterSet):
    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        if request is not None:
            self.filters["owner"].queryset = _users_who_own_pages(request)
            self.filters["edited_by"].queryset = _users_who_edited_pages(request)
            self.filters["site"].queryset = _sites(request)


class UnitScopedPageViewSet(PageViewSet):
    model = Page
    filterset_class = UnitScopedPageFilterSet


unit_scoped_page_viewset = UnitScopedPageViewSet()
