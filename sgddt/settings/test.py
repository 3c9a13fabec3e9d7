"""Test settings: the suite runs on PostgreSQL (`make test`)."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["*"]
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/sgddt"),
}
SITE_HOST_ALIASES = {"localhost": "so", "127.0.0.1": "so"}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = env("TEST_MEDIA_ROOT", default="/tmp/sgddt-test-media")
PRIVATE_MEDIA_ROOT = env("TEST_PRIVATE_MEDIA_ROOT", default="/tmp/sgddt-test-private-media")
STORAGES = {**STORAGES, "private": {**STORAGES["private"], "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}}}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://so.localhost"
STATIC_ROOT = None  # nothing is collected in tests; WhiteNoise serves from the finders
WHITENOISE_USE_FINDERS = True
SERVE_MEDIA = True
# The suite runs on PostgreSQL, with the Vietnamese accent-insensitive search (base.py chose by DATABASE_URL).
if not ELASTICSEARCH_URL:  # noqa: F405
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}
else:
    # One index per test worker: parallel workers must not share an Elasticsearch index.
    WAGTAILSEARCH_BACKENDS["default"]["INDEX"] = "sgddt_test_" + env("PYTEST_XDIST_WORKER", default="main")  # noqa: F405

# Two-factor authentication is exercised by tests/test_two_factor.py (override_settings);
# the other tests sign in with a password only.
TWO_FACTOR_REQUIRED = False

# Statistics are written at once, so that a test sees the count of the request it just made.
STATISTICS_FLUSH_SECONDS = 0
# The database is rolled back between tests while process memos would remember units and pages: reread always.
UNITS_STAMP_RECHECK_SECONDS = env.float("UNITS_STAMP_RECHECK_SECONDS", default=0)
PAGE_CACHE_LOCAL_SECONDS = env.float("PAGE_CACHE_LOCAL_SECONDS", default=0)
