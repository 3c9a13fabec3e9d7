from django.contrib.auth.views import LoginView
from django.urls import include, path

urlpatterns = [
    path("login/", LoginView.as_view(template_name="provider/login.html"), name="login"),
    # Mounted at the root: the issuer is http://127.0.0.1:<port>, its discovery document
    # /.well-known/openid-configuration.
    path("", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
