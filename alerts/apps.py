from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Thông báo khẩn")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        from schoolsite.models import Unit

        from .services import alerts_changed

        # Who an alert reaches is resolved to sites: a unit or site that changes may change it.
        for model in (Unit, Site):
            post_save.connect(alerts_changed, sender=model, dispatch_uid=f"alerts-{model.__name__}-saved")
            post_delete.connect(alerts_changed, sender=model, dispatch_uid=f"alerts-{model.__name__}-deleted")
