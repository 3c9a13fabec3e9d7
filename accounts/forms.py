"""User forms scoped to the roles the editing person may grant.

Wagtail's forms offer every group and the "Administrator" (superuser) switch to
anyone who may change users. Here a unit admin sees only their units' roles,
never the superuser switch, keeps the roles a person holds elsewhere untouched,
and cannot take over an account that also works for another unit.

Also the admin's login form, which can be switched off for single sign-on only.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from .roles import manageable_groups, role_label


class RoleChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, group):
        return role_label(group)


class UnitScopedUserFormMixin:
    def __init__(self, *args, request_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_user = request_user
        allowed = manageable_groups(request_user).select_related("unit_group__unit").order_by("name")
        self.fields["groups"] = RoleChoiceField(
            queryset=allowed,
            required=not request_user.is_superuser,
            label=_("Vai trò"),
            help_text=_("Chọn vai trò của người này trong đơn vị. Một người có thể có nhiều vai trò."),
            error_messages={
                "required": _("Hãy chọn ít nhất một vai trò."),
                "invalid_choice": _("Bạn không được cấp vai trò này."),
            },
        )
        if not request_user.is_superuser:
            self.fields.pop("is_superuser", None)
        self.roles_elsewhere = []
        if self.instance.pk and not request_user.is_superuser:
            self.roles_elsewhere = list(self.instance.groups.exclude(pk__in=allowed.values("pk")))
        if self.roles_elsewhere:
            # The account also works for units this person does not administer: they
            # may change its roles here, but not its identity, password or status.
            for name in list(self.fields):
                if name in ("password1", "password2"):
                    del self.fields[name]
                elif name != "groups":
                    # Disabled fields keep their stored value; it may be blank, so it is not required here.
                    self.fields[name].disabled = True
                    self.fields[name].required = False
            self.fields["groups"].help_text = _(
                "Tài khoản này còn có vai trò ở đơn vị khác (%(roles)s), nên chỉ đổi được vai trò trong đơn vị "
                "của bạn; mật khẩu và trạng thái do quản trị của các đơn vị đó hoặc của Sở thay đổi."
            ) % {"roles": ", ".join(role_label(g) for g in self.roles_elsewhere)}

    def clean(self):
        cleaned = super().clean()
        is_active = cleaned.get("is_active", True)
        if self.roles_elsewhere and not is_active:
            raise ValidationError(_("Không thể khoá tài khoản còn vai trò ở đơn vị khác."))
        return cleaned

    def save(self, commit=True):
        # Wagtail's save() reads password1; it is absent when the password may not be changed here.
        self.cleaned_data.setdefault("password1", "")
        return super().save(commit=commit)

    def _save_m2m(self):
        kept = list(self.roles_elsewhere)
        super()._save_m2m()
        if kept:
            self.instance.groups.add(*kept)


class UnitScopedUserCreationForm(UnitScopedUserFormMixin, UserCreationForm):
    pass


class UnitScopedUserEditForm(UnitScopedUserFormMixin, UserEditForm):
    pass


class PortalLoginForm(LoginForm):
    """Wagtail's login form, refused outright when the portal's own login is switched off (LOCAL_LOGIN_ENABLED)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail redeclares the field without a label: Django would show its name, "Password", in English.
        self.fields["password"].label = _("Mật khẩu")

    def clean(self):
        if not settings.LOCAL_LOGIN_ENABLED:
            # Before authenticate(): a refused form is not a failed password attempt.
            raise ValidationError(
                _(
                    "Cổng không còn đăng nhập bằng mật khẩu riêng. Hãy bấm “Đăng nhập bằng tài khoản dùng chung "
                    "của tỉnh”."
                ),
                code="local_login_disabled",
            )
        return super().clean()
