"""Single sign-on with the province's OpenID Connect provider (mozilla-django-oidc).

The provider authenticates the person; the portal account is then made to match
the provider's claims through the shared directory service (accounts/directory.py):
name, e-mail and unit roles come from the claims at every login. The claim named by
OIDC_ROLES_CLAIM holds "unit-code:role" strings, e.g. ["thpt-chuyen:bientap"].

Refused, with a Vietnamese message on the login page: superusers (they use the
portal's own login), accounts locked in the portal (even if the provider still knows
them), claims without any role in an active unit, and a username already tied to
another identity of the provider.

The provider's endpoints come from OIDC_OP_ISSUER's discovery document (cached), or
from the explicit OIDC_OP_*_ENDPOINT settings, which win when set.
"""

import hashlib
import logging

import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from jwt.exceptions import PyJWTError
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from wagtail.log_actions import log

from .directory import USERNAME_PATTERN, DirectoryEntry, RoleGroups, apply_entry, parse_role
from .models import DirectoryAccount, DirectorySource

logger = logging.getLogger(__name__)

BACKEND_PATH = "accounts.sso.ProvinceOIDCBackend"
DISCOVERY_CACHE_SECONDS = 3600

# Discovery document key -> the setting that overrides it.
ENDPOINT_SETTINGS = {
    "authorization_endpoint": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "OIDC_OP_TOKEN_ENDPOINT",
    "userinfo_endpoint": "OIDC_OP_USER_ENDPOINT",
    "jwks_uri": "OIDC_OP_JWKS_ENDPOINT",
}


class Refused(Exception):
    """The provider authenticated the person, but the portal does not let them in (message in Vietnamese)."""


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read."""


def is_configured():
    """True when the portal has a client id and knows the provider (an issuer, or every endpoint)."""
    if not getattr(settings, "OIDC_RP_CLIENT_ID", ""):
        return False
    if getattr(settings, "OIDC_OP_ISSUER", ""):
        return True
    return all(getattr(settings, name, "") for name in ENDPOINT_SETTINGS.values())


def signed_in_through_sso(request):
    session = getattr(request, "session", None)
    return session is not None and session.get(BACKEND_SESSION_KEY) == BACKEND_PATH


def provider_vouches_for_second_factor(request):
    """The provider enforces MFA (OIDC_TRUSTS_PROVIDER_MFA) and this session came from it."""
    return settings.OIDC_TRUSTS_PROVIDER_MFA and signed_in_through_sso(request)


def axes_leaves_alone(request, credentials=None):
    """AXES_WHITELIST_CALLABLE: the provider guards its own password form; a portal refusal after it is
    not a guessed password, and must not lock a school's shared address out of the password login."""
    return request is not None and request.path == reverse("oidc_authentication_callback")


def _issuer():
    return settings.OIDC_OP_ISSUER.rstrip("/")


def discovery():
    """The issuer's /.well-known/openid-configuration, cached for an hour."""
    issuer = _issuer()
    key = "sgddt:oidc-discovery:" + hashlib.sha256(issuer.encode()).hexdigest()[:16]
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(
                f"{issuer}/.well-known/openid-configuration",
                timeout=settings.OIDC_TIMEOUT,
                verify=settings.OIDC_VERIFY_SSL,
            )
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(str(error)) from error
        if str(document.get("issuer", "")).rstrip("/") != issuer:
            raise ProviderUnavailable(f"discovery document names issuer {document.get('issuer')!r}, not {issuer!r}")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def endpoint(key):
    """One endpoint of the provider: its setting when given, else the discovery document's."""
    value = getattr(settings, ENDPOINT_SETTINGS[key], "")
    if value:
        return value
    if not settings.OIDC_OP_ISSUER:
        raise ProviderUnavailable(f"{ENDPOINT_SETTINGS[key]} is not set and there is no OIDC_OP_ISSUER")
    try:
        return discovery()[key]
    except KeyError as error:
        raise ProviderUnavailable(f"the discovery document has no {key}") from error


def safe_next_url(request, url):
    """`url` when it stays on this host, else the admin's dashboard."""
    host = request.get_host()
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={host}, require_https=request.is_secure()):
        return url
    return reverse("wagtailadmin_home")


def parse_roles(value):
    """The claim's "unit:role" strings (a list, or one comma-separated string) -> {(unit_code, role)}.

    Roles that are not roles (parse_role gives None) are dropped; unit codes are checked later.
    """
    if isinstance(value, str):
        items = value.replace(";", ",").split(",")
    elif isinstance(value, list | tuple | set):
        items = value
    else:
        items = []
    roles = set()
    for item in items:
        unit, colon, role_text = str(item).strip().partition(":")
        role = parse_role(role_text) if colon else None
        if unit.strip() and role:
            roles.add((unit.strip(), role))
    return roles


def entry_from_claims(claims):
    """The DirectoryEntry the provider's claims describe."""
    full_name = claims.get("name") or " ".join(
        str(claims[part]) for part in ("family_name", "middle_name", "given_name") if claims.get(part)
    )
    return DirectoryEntry.build(
        str(claims.get(settings.OIDC_USERNAME_CLAIM) or ""),
        full_name=str(full_name or ""),
        email=str(claims.get("email") or ""),
        roles=parse_roles(claims.get(settings.OIDC_ROLES_CLAIM)),
        external_id=str(claims.get("sub") or ""),
    )


def find_account(entry):
    """The portal account of this provider identity: by its link (`sub`) first, then by username."""
    links = list(DirectoryAccount.objects.select_related("user").filter(external_id=entry.external_id))
    link = next((link for link in links if link.source == DirectorySource.OIDC), None)
    if link is None and len(links) == 1:
        link = links[0]
    if link is not None:
        return link.user
    user = get_user_model().objects.filter(username=entry.username).first()
    if user is not None:
        other = DirectoryAccount.objects.filter(user=user, source=DirectorySource.OIDC).exclude(external_id="").first()
        if other is not None and other.external_id != entry.external_id:
            # preferred_username is not a stable identifier: another identity of the provider owns this account.
            _refuse(
                user,
                "username_taken",
                _(
                    "Tên đăng nhập “%(name)s” trên Cổng đang gắn với một tài khoản dùng chung khác. "
                    "Hãy liên hệ quản trị Cổng."
                )
                % {"name": entry.username},
            )
    return user


def _refuse(user, reason, message):
    logger.warning("single sign-on refused", extra={"reason": reason, "user_id": getattr(user, "pk", None)})
    if user is not None:
        log(instance=user, action="sgddt.login_failed", user=None, data={"source": "oidc", "reason": reason})
    raise Refused(message)


def account_for_claims(claims):
    """The portal account for the provider's claims, created or brought up to date; raises Refused."""
    entry = entry_from_claims(claims)
    if not entry.external_id or not USERNAME_PATTERN.match(entry.username) or len(entry.username) > 150:
        _refuse(
            None,
            "incomplete_claims",
            _(
                "Máy chủ đăng nhập dùng chung không gửi đủ thông tin tài khoản (mã người dùng, tên đăng nhập). "
                "Hãy liên hệ quản trị Cổng."
            ),
        )
    user = find_account(entry)
    if user is not None and user.is_superuser:
        _refuse(
            user,
            "superuser",
            _(
                "Tài khoản quản trị Cổng không đăng nhập bằng tài khoản dùng chung của tỉnh. "
                "Hãy đăng nhập bằng tên đăng nhập và mật khẩu của Cổng."
            ),
        )
    if user is not None and not user.is_active:
        _refuse(
            user,
            "inactive",
            _(
                "Tài khoản của bạn trên Cổng đã bị khoá, nên không đăng nhập được dù tài khoản dùng chung của tỉnh "
                "vẫn hoạt động. Hãy liên hệ quản trị đơn vị hoặc quản trị Cổng."
            ),
        )
    role_groups = RoleGroups()
    if not role_groups.groups_for(entry.roles):
        _refuse(
            user,
            "no_unit_role",
            _(
                "Tài khoản dùng chung của bạn chưa có vai trò nào ở một đơn vị trên Cổng (biên tập viên, duyệt tin "
                "hoặc quản trị đơn vị). Hãy đề nghị người quản lý tài khoản của tỉnh cấp vai trò."
            ),
        )
    with transaction.atomic():
        apply_entry(entry, DirectorySource.OIDC, role_groups, user=user)
        if user is None:
            return get_user_model().objects.get(username=entry.username)
        return get_user_model().objects.get(pk=user.pk)


class ProvinceOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow; the account comes from `account_for_claims`.

    Django builds a backend for every request of a signed-in person (get_user), so
    nothing here reads the network until a login actually happens.
    """

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: endpoint("token_endpoint"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: endpoint("userinfo_endpoint"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: endpoint("jwks_uri"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        # Only the callback view signs in through here (it passes the nonce); never a password form.
        if request is None or "nonce" not in kwargs or not is_configured():
            return None
        try:
            return super().authenticate(request, **kwargs)
        except Refused as refusal:
            request.sso_refusal = str(refusal)
        except (requests.RequestException, ProviderUnavailable, SuspiciousOperation, PyJWTError, KeyError) as error:
            logger.warning("single sign-on failed: %s", error)
            request.sso_refusal = _(
                "Không hoàn tất được đăng nhập dùng chung. Hãy thử lại sau ít phút; nếu vẫn lỗi, "
                "hãy liên hệ quản trị Cổng."
            )
        return None

    def get_user(self, user_id):
        # ModelBackend's, not mozilla-django-oidc's: an account locked while signed in is signed out at once.
        return ModelBackend.get_user(self, user_id)

    def verify_token(self, token, **kwargs):
        # mozilla-django-oidc checks the signature, expiry and nonce; the audience and issuer are checked here.
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("the ID token is not meant for this client")
        if settings.OIDC_OP_ISSUER and str(payload.get("iss", "")).rstrip("/") != _issuer():
            raise SuspiciousOperation("the ID token comes from another issuer")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo and ID token name different subjects")
        return account_for_claims({**payload, **userinfo})
