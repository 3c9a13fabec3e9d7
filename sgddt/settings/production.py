"""Production settings: PostgreSQL, HTTPS behind a reverse proxy, hashed static files."""

from django.core.exceptions import ImproperlyConfigured

from sgddt.hosts import UnitHostnames

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, SITE_HOST_ALIASES, env

DEBUG = False
# The units' own hostnames, plus any fixed names from ALLOWED_HOSTS (e.g. the server's
# own name for monitoring): a request for any other Host is refused with 400.
ALLOWED_HOSTS = UnitHostnames(extra=env.list("ALLOWED_HOSTS", default=[]), aliases=SITE_HOST_ALIASES)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL=postgres://…")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
WHITENOISE_MAX_AGE = 31536000
SILENCED_SYSTEM_CHECKS = [
    # HSTS on subdomains and preloading bind every *.laocai.edu.vn host to HTTPS for
    # years: a decision for the province's network office, enabled by environment.
    "security.W005",
    "security.W021",
    # SAMEORIGIN, not DENY: Wagtail's live preview shows the page in a same-origin frame.
    "security.W019",
]
