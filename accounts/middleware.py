"""Admin pages need a second factor for the roles that require one (see accounts/two_factor.py).

Sessions opened through single sign-on follow the same rule, unless OIDC_TRUSTS_PROVIDER_MFA
says the province's provider already asked for a second factor.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .sso import provider_vouches_for_second_factor
from .two_factor import has_app_device, requires_second_factor

# Reachable before the second factor: signing in and out, and the second factor's own pages.
OPEN_ADMIN_PATHS = ("/admin/login/", "/admin/logout/", "/admin/xac-thuc-2-buoc/", "/admin/jsi18n/")


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        user = getattr(request, "user", None)
        if (
            path.startswith("/admin/")
            and not path.startswith(OPEN_ADMIN_PATHS)
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and requires_second_factor(user)
            and not provider_vouches_for_second_factor(request)
        ):
            view = "two_factor_verify" if has_app_device(user) else "two_factor_setup"
            return redirect(f"{reverse(view)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
