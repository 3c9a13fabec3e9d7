from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsiteConfig(AppConfig):
    name = "schoolsite"
    verbose_name = _("Đơn vị và trang web")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        from . import page_cache, site_roots
        from .models import Unit
        from .sites import units_changed

        page_cache.connect()
        site_roots.install()
        for model in (Unit, Site):
            post_save.connect(units_changed, sender=model, dispatch_uid=f"units-changed-save-{model.__name__}")
            post_delete.connect(units_changed, sender=model, dispatch_uid=f"units-changed-delete-{model.__name__}")
