"""The two URLs of single sign-on: go to the province's provider, and come back from it (see sso.py)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import sso


def _back_to_login(request, message):
    messages.error(request, message)
    return redirect("wagtailadmin_login")


class StartView(OIDCAuthenticationRequestView):
    """/oidc/authenticate/?next=…: remember where to land (on this host only), then go to the provider."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the endpoint is looked up per request, not from settings at start-up

    def get(self, request):
        if not sso.is_configured():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = sso.endpoint("authorization_endpoint")
        except sso.ProviderUnavailable:
            return _back_to_login(
                request, _("Chưa kết nối được tới máy chủ đăng nhập dùng chung của tỉnh. Hãy thử lại sau ít phút.")
            )
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        response = super().get(request)
        request.session["oidc_login_next"] = sso.safe_next_url(request, request.GET.get("next"))
        return response


class CallbackView(OIDCAuthenticationCallbackView):
    """/oidc/callback/: the provider sends the person back here with a code; sign them in or say why not."""

    def get(self, request):
        if not sso.is_configured():
            raise Http404
        self.next_url = sso.safe_next_url(request, request.session.get("oidc_login_next"))
        try:
            return super().get(request)
        except SuspiciousOperation:
            # A state this browser never started (an old tab, an expired session, or a forged link).
            return _back_to_login(request, _("Phiên đăng nhập dùng chung đã hết hạn. Hãy bấm đăng nhập lại."))

    @property
    def success_url(self):
        return self.next_url

    def login_failure(self):
        message = getattr(self.request, "sso_refusal", None)
        if message is None and self.request.GET.get("error"):
            message = _("Máy chủ đăng nhập dùng chung của tỉnh đã huỷ hoặc từ chối việc đăng nhập.")
        if message is None:
            message = _(
                "Không hoàn tất được đăng nhập dùng chung. Hãy thử lại sau ít phút; nếu vẫn lỗi, "
                "hãy liên hệ quản trị Cổng."
            )
        return _back_to_login(self.request, message)
