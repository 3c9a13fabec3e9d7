"""Settings shared by every environment.

Every deploy-time value comes from the environment (see README.md, "Cấu hình").
With no environment at all the portal runs on SQLite, local media, the database
search backend and a local-memory cache, so `make run` needs no service.
"""

import datetime
from pathlib import Path

import environ

from sgddt import languages

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "sgddt"

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[".localhost", "localhost", "127.0.0.1", "[::1]"])

# Hostnames that show an existing unit's site without being a Wagtail Site of
# their own, as "hostname=unit-code" pairs. Named aliases only: there is never
# a catch-all default site, so an unknown hostname gets a 404.
SITE_HOST_ALIASES = dict(pair.split("=", 1) for pair in env.list("SITE_HOST_ALIASES", default=[]) if "=" in pair)

INSTALLED_APPS = [
    # Our apps come first so that their templates override Wagtail's.
    "home",
    "schoolsite",
    "news",
    "legal_docs",
    "questions",
    "webforms",
    "schedule",
    "alerts",
    "gallery",
    "reports",
    "disclosure",
    "guide",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portability",
    "search",
    "moderation",
    "api",
    "translations",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts",
    "accounts.apps.UnitScopedUsersAppConfig",  # replaces "wagtail.users"
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "storages",
    "csp",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # Answers the load balancer before host validation and HTTPS redirects.
    "sgddt.middleware.HealthCheckMiddleware",
    "sgddt.middleware.HostOnceMiddleware",
    "sgddt.middleware.RequestLogMiddleware",
    # ETag and 304 for unchanged pages: a phone on a slow line revalidates instead of downloading again.
    "django.middleware.http.ConditionalGetMiddleware",
    # The public page cache (schoolsite/page_cache.py): stores on the way out, answers after LocaleMiddleware.
    "schoolsite.page_cache.PageCacheUpdateMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "sgddt.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "schoolsite.page_cache.PageCacheFetchMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "schoolsite.middleware.UnitSiteMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "api.middleware.PublicReadAPIMiddleware",
    # Last, so that it sees the result of the login view (see AXES_* below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sgddt.urls"
WSGI_APPLICATION = "sgddt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "schoolsite.context_processors.unit_site",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # django-redis keeps one client per process; Django's own Redis backend builds a client object for
    # every operation, which costs more than the operation itself on a cached page (bench/throughput.py).
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sgddt",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
    # Sessions in the database, read through the shared cache: app servers stay stateless.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "sgddt",
        }
    }

# Anonymous public pages are kept this many seconds in the cache above (0: no page cache); they
# are invalidated at once when what they show changes, so this is only a safety net.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=900)
CACHE_MIDDLEWARE_ALIAS = "default"
# Each process keeps what it read from the page cache this many seconds (schoolsite.page_cache.ProcessFrontCache).
PAGE_CACHE_LOCAL_SECONDS = env.float("PAGE_CACHE_LOCAL_SECONDS", default=1.0)
# Each process rereads the shared "units changed" stamp at most this often (seconds): a new unit or
# hostname reaches every application server within this delay.
UNITS_STAMP_RECHECK_SECONDS = env.float("UNITS_STAMP_RECHECK_SECONDS", default=1.0)
# How long the reverse proxy (deploy/nginx; Cache-Control s-maxage) may answer a public page itself: a micro-cache
# that is at most this many seconds behind the page cache above (0: the proxy never caches pages).
PROXY_CACHE_SECONDS = env.int("PROXY_CACHE_SECONDS", default=1)
# Page views and search statistics are added up in memory and written at most this often (seconds) per process.
STATISTICS_FLUSH_SECONDS = env.int("STATISTICS_FLUSH_SECONDS", default=10)

# --- Media and static files ------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_DEFAULT_ACL = None
    AWS_S3_FILE_OVERWRITE = False
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)
    DEFAULT_FILE_STORAGE_BACKEND = "sgddt.storage.S3MediaStorage"
else:
    DEFAULT_FILE_STORAGE_BACKEND = "sgddt.storage.LocalStorage"

# Files only staff may read (attachments of citizens' questions): never under MEDIA_URL, served by a
# permission-checked view. In S3 mode they sit under private/ with a private ACL.
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media"))
if AWS_STORAGE_BUCKET_NAME:
    PRIVATE_STORAGE = {
        "BACKEND": "sgddt.storage.S3MediaStorage",
        "OPTIONS": {"location": "private", "default_acl": "private", "querystring_auth": True, "custom_domain": None},
    }
else:
    PRIVATE_STORAGE = {
        "BACKEND": "sgddt.storage.LocalStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    }

STORAGES = {
    "default": {"BACKEND": DEFAULT_FILE_STORAGE_BACKEND},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600

# --- Search ---------------------------------------------------------------

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
if ELASTICSEARCH_URL:
    import elasticsearch

    from search.elasticsearch import INDEX_SETTINGS

    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"wagtail.search.backends.elasticsearch{elasticsearch.__versionstr__.split('.')[0]}",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX": env("ELASTICSEARCH_INDEX", default="sgddt"),
            "TIMEOUT": 10,
            "INDEX_SETTINGS": INDEX_SETTINGS,
        }
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Vietnamese accent-insensitive full-text search in PostgreSQL (search/migrations/0001).
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- E-mail ----------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cổng thông tin ngành GD&ĐT <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Language, time, formats -------------------------------------------------

LANGUAGE_CODE = "vi"
# Minority languages the province publishes in, besides Vietnamese and English (sgddt/languages.py):
# "code:local name[:English name]", comma-separated. Each is a URL prefix (/hmn/…) and a Wagtail locale.
EXTRA_CONTENT_LANGUAGES = languages.parse_extra_languages(
    env("EXTRA_CONTENT_LANGUAGES", default=languages.DEFAULT_EXTRA_CONTENT_LANGUAGES)
)
languages.register(EXTRA_CONTENT_LANGUAGES)
LANGUAGES = languages.content_languages(EXTRA_CONTENT_LANGUAGES)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["sgddt.formats"]

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The admin speaks Vietnamese (or English); a minority language is for content only.
WAGTAILADMIN_PERMITTED_LANGUAGES = languages.BUILTIN_LANGUAGES
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# --- Authentication ---------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on (accounts/sso.py): does nothing until OIDC_RP_CLIENT_ID and the provider are set.
    "accounts.sso.ProvinceOIDCBackend",
]
# The portal's own username/password form on /admin/login/. False: only single sign-on
# (the form is hidden and password posts are refused; superusers then cannot sign in).
LOCAL_LOGIN_ENABLED = env.bool("LOCAL_LOGIN_ENABLED", default=True)
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.PortalLoginForm"
WAGTAIL_PASSWORD_RESET_ENABLED = LOCAL_LOGIN_ENABLED

# Single sign-on with the province's OpenID Connect provider (README, "Đăng nhập một lần (SSO)").
# The provider: an issuer (endpoints read from its discovery document) or every endpoint given.
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", default="openid profile email")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_USE_PKCE = env.bool("OIDC_USE_PKCE", default=True)
# The claims that carry the login name and the unit roles ("unit-code:role" strings).
OIDC_USERNAME_CLAIM = env("OIDC_USERNAME_CLAIM", default="preferred_username")
OIDC_ROLES_CLAIM = env("OIDC_ROLES_CLAIM", default="sgddt_roles")
# True when the provider itself enforces multi-factor authentication: its sessions skip the portal's second factor.
OIDC_TRUSTS_PROVIDER_MFA = env.bool("OIDC_TRUSTS_PROVIDER_MFA", default=False)
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_VERIFY_SSL = True
# Brute force: after LOGIN_FAILURE_LIMIT wrong passwords for one account, or from one
# address, logins are refused for LOGIN_LOCKOUT_MINUTES (a Vietnamese page explains).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
AXES_VERBOSE = False
# Single sign-on's callback is neither counted nor locked: the provider guards its own password form.
AXES_WHITELIST_CALLABLE = "accounts.sso.axes_leaves_alone"
# Behind the reverse proxy the client address arrives in X-Real-IP (deploy/nginx).
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_REAL_IP", "REMOTE_ADDR"]
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=2 * 3600)
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: an inactivity timeout
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"


# --- Security headers ---------------------------------------------------------
# Content-Security-Policy (django-csp): no inline or third-party script anywhere,
# on public pages or in the admin. Styles allow inline attributes (Wagtail's admin
# and the unit's theme colour use them); media may come from the S3 domain.
def _origin(url):
    from urllib.parse import urlsplit

    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


_MEDIA_ORIGINS = [
    origin
    for origin in (
        _origin(MEDIA_URL),
        f"https://{AWS_S3_CUSTOM_DOMAIN}" if AWS_STORAGE_BUCKET_NAME and AWS_S3_CUSTOM_DOMAIN else None,
        _origin(AWS_S3_ENDPOINT_URL) if AWS_STORAGE_BUCKET_NAME else None,
    )
    if origin
]
# Video players that editors may embed (Wagtail embeds) and other framed origins (CSP_FRAME_ORIGINS).
CSP_FRAME_ORIGINS = env.list(
    "CSP_FRAME_ORIGINS",
    default=["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
)
# The directory's map (Danh bạ): OpenStreetMap tiles by default; any XYZ tile server ({z}/{x}/{y}, {s}).
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">Những người đóng góp OpenStreetMap</a>',
)
_MAP_TILE_ORIGIN = _origin(MAP_TILE_URL.replace("{s}", "*"))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_MEDIA_ORIGINS, *([_MAP_TILE_ORIGIN] if _MAP_TILE_ORIGIN else [])],
        "media-src": ["'self'", *_MEDIA_ORIGINS],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *CSP_FRAME_ORIGINS],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'", *env.list("CSP_FORM_ACTION_ORIGINS", default=[])],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Wagtail's admin writes inline scripts without a nonce (date pickers, choosers, inline panels).
ADMIN_CSP_UPDATE = {"script-src": ["'unsafe-inline'"]}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's live preview frames the page on the same origin
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
CSRF_COOKIE_HTTPONLY = True

# --- Wagtail ----------------------------------------------------------------

WAGTAIL_SITE_NAME = "Cổng thông tin điện tử ngành Giáo dục và Đào tạo Lào Cai"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://so.localhost:8000")
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # ASCII paths survive copy-paste into Zalo and SMS
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: the portal must work on a closed network and never send staff e-mail hashes abroad.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Every uploaded picture is decoded and encoded again (home.files.reencode_image): metadata and
# anything hidden after the image data are dropped. SVG is not accepted (it can carry script).
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.forms.SafeImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.int("IMAGE_MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)
WAGTAILDOCS_DOCUMENT_MODEL = "home.Attachment"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.forms.AttachmentForm"
# Checked by content too (home/files.py): a renamed executable is refused.
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt", "pptx", "odp", "mp4"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- Hỏi đáp (questions) ----------------------------------------------------
# Days a question may wait for its answer before the queue marks it overdue.
QUESTION_DUE_DAYS = env.int("QUESTION_DUE_DAYS", default=7)
# Days after which the asker's name, e-mail, phone and attachment are erased
# (manage.py erase_expired_personal_data, run daily).
QUESTION_RETENTION_DAYS = env.int("QUESTION_RETENTION_DAYS", default=730)
# Anti-spam limits of the public form: per IP address per hour, per e-mail address per day.
QUESTION_LIMIT_PER_IP_HOUR = env.int("QUESTION_LIMIT_PER_IP_HOUR", default=5)
QUESTION_LIMIT_PER_EMAIL_DAY = env.int("QUESTION_LIMIT_PER_EMAIL_DAY", default=3)
# Submissions from one address in an hour after which the form asks a small arithmetic question.
QUESTION_CHALLENGE_AFTER = env.int("QUESTION_CHALLENGE_AFTER", default=2)
QUESTION_LOOKUPS_PER_IP_HOUR = env.int("QUESTION_LOOKUPS_PER_IP_HOUR", default=30)
QUESTION_ATTACHMENT_MAX_SIZE = env.int("QUESTION_ATTACHMENT_MAX_SIZE", default=10 * 1024 * 1024)
QUESTION_MAX_LENGTH = 5000

# --- Biểu mẫu (webforms: forms built by editors) ----------------------------
# Days a submission is kept when its form does not say (manage.py erase_expired_personal_data erases older ones).
WEBFORM_RETENTION_DAYS = env.int("WEBFORM_RETENTION_DAYS", default=365)
# Anti-spam: per IP address per hour (mobile carriers put many parents behind one address: kept high),
# per e-mail or phone per day, attempts per hour before the check question, seconds a person needs at least.
WEBFORM_LIMIT_PER_IP_HOUR = env.int("WEBFORM_LIMIT_PER_IP_HOUR", default=20)
WEBFORM_LIMIT_PER_CONTACT_DAY = env.int("WEBFORM_LIMIT_PER_CONTACT_DAY", default=5)
WEBFORM_CHALLENGE_AFTER = env.int("WEBFORM_CHALLENGE_AFTER", default=5)
WEBFORM_MIN_SECONDS = env.int("WEBFORM_MIN_SECONDS", default=3)

# Two-factor authentication for portal administrators, department moderators and unit admins.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Cổng GD&ĐT Lào Cai"

# Province user directory (manage.py sync_users; see README, "Đồng bộ người dùng từ thư mục của tỉnh").
# Source: an ldap:// or ldaps:// URL, or a .csv/.xlsx/.json file.
SYNC_USERS_SOURCE = env("SYNC_USERS_SOURCE", default="")
# Refuse a sync that would deactivate more than this share of the active accounts the source owns (--force overrides).
SYNC_USERS_MAX_DEACTIVATE_SHARE = env.float("SYNC_USERS_MAX_DEACTIVATE_SHARE", default=0.2)
LDAP_BIND_DN = env("LDAP_BIND_DN", default="")
LDAP_BIND_PASSWORD = env("LDAP_BIND_PASSWORD", default="")
# CA certificates (PEM) for ldaps://; empty: the system's.
LDAP_CA_FILE = env("LDAP_CA_FILE", default="")
LDAP_USER_BASE = env("LDAP_USER_BASE", default="")
LDAP_USER_FILTER = env("LDAP_USER_FILTER", default="(objectClass=inetOrgPerson)")
LDAP_USERNAME_ATTRIBUTE = env("LDAP_USERNAME_ATTRIBUTE", default="uid")
# Attribute holding a person's unit code; empty: the ou= directly below LDAP_USER_BASE.
LDAP_UNIT_ATTRIBUTE = env("LDAP_UNIT_ATTRIBUTE", default="")
# Role groups, by cn: bientap, duyet, quantri, duyet-toan-nganh (in ou=<unit code> below it for one unit's role).
LDAP_GROUP_BASE = env("LDAP_GROUP_BASE", default="")

# Backups (manage.py backup / restore): a folder or s3://bucket/prefix; retention by day and by month.
BACKUP_TARGET = env("BACKUP_TARGET", default="")
BACKUP_KEEP_DAILY = env.int("BACKUP_KEEP_DAILY", default=7)
BACKUP_KEEP_MONTHLY = env.int("BACKUP_KEEP_MONTHLY", default=12)
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILSEARCH_HITS_MAX_AGE = 30
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": [
                "h2",
                "h3",
                "h4",
                "bold",
                "italic",
                "ol",
                "ul",
                "hr",
                "link",
                "document-link",
                "image",
                "embed",
                "blockquote",
                "superscript",
                "subscript",
            ]
        },
    }
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Port written into Site records created with `provision_units --local`.
PORTAL_LOCAL_PORT = env.int("PORTAL_LOCAL_PORT", default=8000)
# Port written into Site records for real hostnames (443: links are https://).
PORTAL_SITE_PORT = env.int("PORTAL_SITE_PORT", default=443)

# --- Logging: one JSON object per line on stdout ------------------------------

LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Our request log replaces Django's own access lines.
        "django.server": {"handlers": [], "propagate": False},
        "django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        # One line per background task is noise at INFO; so are WeasyPrint's steps of every PDF report.
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Password of the demo logins created by `load_demo` (never used otherwise).
DEMO_PASSWORD = env("DEMO_PASSWORD", default="sgddt-demo-2026")

# Serve MEDIA_URL from Django itself: only for development and tests.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)
