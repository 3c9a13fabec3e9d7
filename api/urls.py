"""/api/v2/ (Wagtail API v2), /api/openapi.json and /api/docs/."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter

from . import views

router = WagtailAPIRouter("wagtailapi")
# Specific endpoints first: an item's detail_url names the first endpoint whose model it is.
router.register_endpoint("news", views.NewsAPIViewSet)
router.register_endpoint("documents", views.DocumentsAPIViewSet)
router.register_endpoint("procedures", views.ProceduresAPIViewSet)
router.register_endpoint("units", views.UnitsAPIViewSet)
router.register_endpoint("pages", views.SitePagesAPIViewSet)

urlpatterns = [
    path("v2/", router.urls),
    path("openapi.json", views.openapi_json, name="api_openapi"),
    path("docs/", views.api_docs, name="api_docs"),
]
