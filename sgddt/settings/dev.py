"""Development settings: `make run` on a machine with no services."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SERVE_MEDIA = True
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789")
SITE_HOST_ALIASES = SITE_HOST_ALIASES or {"localhost": "so", "127.0.0.1": "so"}  # noqa: F405

# Hashed names are only needed once `collectstatic` has run (production).
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
STATIC_ROOT = None  # runserver serves static files from the apps; `collectstatic` is for production
WHITENOISE_USE_FINDERS = True

# Readable logs on the developer's terminal; Wagtail's per-page INFO lines would bury load_demo's summary.
LOGGING["formatters"]["plain"] = {"format": "%(levelname)s %(name)s: %(message)s"}  # noqa: F405
LOGGING["handlers"]["stdout"]["formatter"] = "plain"  # noqa: F405
LOGGING["loggers"]["wagtail"] = {"level": "WARNING"}  # noqa: F405
# runserver's own access lines read better here than the JSON request log.
LOGGING["loggers"]["sgddt.request"] = {"level": "WARNING"}  # noqa: F405
LOGGING["loggers"].pop("django.server", None)  # noqa: F405

# The demo's administrators log in without a phone; production requires a second factor
# (TWO_FACTOR_REQUIRED=true make run shows it).
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=False)
