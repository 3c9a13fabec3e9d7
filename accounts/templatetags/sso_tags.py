"""What the admin's login page offers: single sign-on, the portal's own form, or both."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse

from accounts import sso

register = template.Library()


@register.simple_tag(takes_context=True)
def login_options(context):
    url = reverse("oidc_authentication_init")
    if context.get("next"):
        url += "?" + urlencode({"next": context["next"]})
    return {"sso": sso.is_configured(), "sso_url": url, "local": settings.LOCAL_LOGIN_ENABLED}
