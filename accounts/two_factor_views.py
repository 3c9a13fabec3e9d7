"""Admin pages of the second factor: set up an authenticator app, enter a code, reset a person's devices."""

import base64

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import two_factor
from .roles import manageable_users


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã xác thực"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={"required": gettext_lazy("Nhập mã gồm 6 chữ số trên ứng dụng xác thực.")},
    )


class SecondFactorMixin(WagtailAdminTemplateMixin):
    header_icon = "key"
    form_class = CodeForm

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def next_url(self):
        target = self.request.POST.get("next") or self.request.GET.get("next") or "/admin/"
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            return "/admin/"
        return target

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.next_url(), **kwargs)


class SetupView(SecondFactorMixin, FormView):
    """Scan the QR code (or type the key) into an authenticator app, then confirm with a first code."""

    template_name = "accounts/two_factor_setup.html"
    page_title = gettext_lazy("Cài đặt xác thực hai bước")

    def get_context_data(self, **kwargs):
        if kwargs.get("done"):
            return super().get_context_data(**kwargs)
        device = two_factor.pending_app_device(self.request.user)
        uri = device.config_url
        key = base64.b32encode(device.bin_key).decode().rstrip("=")
        return super().get_context_data(
            qr_svg=segno.make(uri, error="m").svg_inline(scale=4, title=_("Mã QR cài đặt")),
            secret=" ".join(key[i : i + 4] for i in range(0, len(key), 4)),
            required=two_factor.requires_second_factor(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        device = two_factor.pending_app_device(self.request.user)
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _("Bạn vừa nhập sai nhiều lần; đợi ít giây rồi nhập mã mới."))
            return self.form_invalid(form)
        if not device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            form.add_error("code", _("Mã không đúng. Xem lại giờ trên điện thoại và nhập mã đang hiện."))
            return self.form_invalid(form)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(self.request, device)
        codes = two_factor.new_recovery_codes(self.request.user)
        return self.render_to_response(self.get_context_data(form=form, recovery_codes=codes, done=True))


class VerifyView(SecondFactorMixin, FormView):
    """Enter the app's current code, or one recovery code."""

    template_name = "accounts/two_factor_verify.html"
    page_title = gettext_lazy("Xác thực hai bước")

    def form_valid(self, form):
        device = two_factor.verify(self.request.user, form.cleaned_data["code"])
        if device is None:
            form.add_error(
                "code", _("Mã không đúng hoặc đã dùng. Nhập mã đang hiện trên ứng dụng, hoặc một mã dự phòng.")
            )
            return self.form_invalid(form)
        otp_login(self.request, device)
        if device.name == two_factor.RECOVERY_DEVICE_NAME:
            left = device.token_set.count()
            messages.warning(self.request, _("Bạn vừa dùng một mã dự phòng; còn %(count)d mã.") % {"count": left})
        return redirect(self.next_url())


class ResetView(WagtailAdminTemplateMixin, TemplateView):
    """An administrator removes a person's second factor (lost phone); they set it up again at next login."""

    template_name = "accounts/two_factor_reset.html"
    page_title = gettext_lazy("Xoá xác thực hai bước")
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, user_id):
        self.person = get_object_or_404(manageable_users(request.user), pk=user_id)
        if self.person.pk == request.user.pk:
            raise PermissionDenied
        return super().dispatch(request, user_id=user_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)

    def post(self, request, user_id):
        person = self.person
        two_factor.reset_devices(person, by=request.user)
        messages.success(
            request,
            _("Đã xoá xác thực hai bước của %(name)s.") % {"name": person.get_full_name() or person.get_username()},
        )
        return redirect("wagtailusers_users:edit", person.pk)
