from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.static import serve as serve_media
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts import sso_views
from home import views as home_views
from moderation.views import UnitActivityLogView
from schoolsite.text_only import text_only_switch
from search import views as search_views
from translations.sitemaps import MultilingualSitemap

urlpatterns = [
    path("favicon.ico", lambda request: redirect(static("img/favicon.svg"), permanent=True)),
    # The site history report, scoped to the user's units (replaces Wagtail's own at the same URL).
    path("admin/reports/site-history/", UnitActivityLogView.as_view(), name="unit_activity_log"),
    path(
        "admin/reports/site-history/results/",
        UnitActivityLogView.as_view(results_only=True),
        name="unit_activity_log_results",
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Single sign-on with the province's provider; register https://<host>/oidc/callback/ there.
    path("oidc/authenticate/", sso_views.StartView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", sso_views.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    # Text-only mode on/off (a link in every footer; works without JavaScript).
    path("chi-van-ban/", text_only_switch, name="text_only_switch"),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", include("api.urls")),
]

if settings.SERVE_MEDIA:
    # Development and tests only; in production the web server or S3 serves media.
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT}),
    )

# Vietnamese pages have no prefix (/tin-tuc/); translations live under /en/…
urlpatterns += i18n_patterns(
    path("tim-kiem/", search_views.search, name="search"),
    path("tim-kiem/goi-y/", search_views.suggest, name="search_suggest"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
