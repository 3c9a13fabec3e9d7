"""Logins, logouts and failed logins go to Wagtail's audit log."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from wagtail.log_actions import log


def _client(request):
    if request is None:
        return {}
    return {
        "ip": request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR", ""),
        "host": request.get_host() if request.META.get("HTTP_HOST") else "",
    }


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    log(instance=user, action="sgddt.login", user=user, data=_client(request))


def _unwrapped(user):
    """The user model instance behind request.user's lazy wrappers (Django's, then django-otp's)."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        user = _unwrapped(user)
        log(instance=user, action="sgddt.logout", user=user, data=_client(request))


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        # Only attempts on existing accounts: logging every typed name would store noise and typos.
        log(instance=user, action="sgddt.login_failed", user=None, data=_client(request))
