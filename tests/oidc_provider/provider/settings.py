"""Settings of the test OpenID Connect provider: django-oauth-toolkit on SQLite, never for real use.

OIDC_PROVIDER_STATE_DIR holds its database and signing key; OIDC_PROVIDER_ISSUER is its
own address (http://127.0.0.1:<port>); OIDC_PROVIDER_ROLES_CLAIM names the roles claim.
"""

import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

STATE_DIR = Path(os.environ.get("OIDC_PROVIDER_STATE_DIR") or Path(tempfile.gettempdir()) / "sgddt-oidc-provider")
STATE_DIR.mkdir(parents=True, exist_ok=True)


def _signing_key():
    path = STATE_DIR / "signing-key.pem"
    if not path.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return path.read_text()


SECRET_KEY = "test-oidc-provider-only-0123456789-abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
ROOT_URLCONF = "provider.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
    "provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(STATE_DIR / "provider.sqlite3")}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A test provider: fast hashing, so that reloading its users takes no time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_NAME = "provider_sessionid"
CSRF_COOKIE_NAME = "provider_csrftoken"
LOGIN_URL = "/login/"
USE_TZ = True
LANGUAGE_CODE = "vi"

ROLES_CLAIM = os.environ.get("OIDC_PROVIDER_ROLES_CLAIM", "sgddt_roles")
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _signing_key(),
    "OIDC_ISS_ENDPOINT": os.environ.get("OIDC_PROVIDER_ISSUER", ""),
    "OAUTH2_VALIDATOR_CLASS": "provider.validators.ProvinceValidator",
    "SCOPES": {"openid": "OpenID Connect", "profile": "Họ tên, tên đăng nhập, vai trò", "email": "Thư điện tử"},
    "DEFAULT_SCOPES": ["openid"],
    "PKCE_REQUIRED": True,
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
