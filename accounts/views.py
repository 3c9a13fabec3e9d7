"""The user admin, scoped to the units a person administers (see roles.py)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.users.views import users as wagtail_users

from .forms import UnitScopedUserCreationForm, UnitScopedUserEditForm
from .roles import manageable_groups, manageable_users, role_label


class UnitScopedUserFilterSet(wagtail_users.UserFilterSet):
    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, is_searching=False):
        super().__init__(data, queryset, request=request, prefix=prefix, is_searching=is_searching)
        if request is not None and not request.user.is_superuser:
            self.filters["group"].queryset = manageable_groups(request.user).order_by("name")
            self.filters["group"].label = _("Vai trò")
            self.filters.pop("is_superuser", None)


class ScopedObjectMixin:
    """Other units' accounts do not exist for this person: 404."""

    def get_object(self, queryset=None):
        return super().get_object(manageable_users(self.request.user))


class RequestUserFormMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["request_user"] = self.request.user
        return kwargs


class IndexView(wagtail_users.IndexView):
    def get_base_queryset(self):
        users = super().get_base_queryset()
        if not self.request.user.is_superuser:
            users = users.filter(pk__in=manageable_users(self.request.user).values("pk"))
        return users.prefetch_related("groups__unit_group__unit")

    @property
    def columns(self):
        columns = list(super().columns)
        roles = Column("roles", label=_("Vai trò"), accessor=lambda u: "; ".join(role_label(g) for g in u.groups.all()))
        columns.insert(3, roles)
        return columns


class CreateView(RequestUserFormMixin, wagtail_users.CreateView):
    pass


class EditView(ScopedObjectMixin, RequestUserFormMixin, wagtail_users.EditView):
    pass


class DeleteView(ScopedObjectMixin, wagtail_users.DeleteView):
    """Accounts are deactivated, not deleted, except by portal administrators."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HistoryView(wagtail_users.HistoryView):
    def get_base_object_queryset(self):
        return manageable_users(self.request.user)


class UnitScopedUserViewSet(wagtail_users.UserViewSet):
    filterset_class = UnitScopedUserFilterSet
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView

    def get_form_class(self, for_update=False):
        return UnitScopedUserEditForm if for_update else UnitScopedUserCreationForm


def lockout_response(request, original_response=None, credentials=None):
    """The page shown when django-axes refuses a login (AXES_LOCKOUT_CALLABLE)."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/lockout.html", {"cooloff_minutes": minutes}, status=429)
