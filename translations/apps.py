from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = _("Ngôn ngữ và bản dịch")

    def ready(self):
        from django.db.models.signals import post_migrate
        from wagtail.signals import copy_for_translation_done

        from . import checks  # noqa: F401 - registers the system check
        from .locales import ensure_locales_after_migrate
        from .rights import share_unit_rights

        post_migrate.connect(ensure_locales_after_migrate, dispatch_uid="translations-ensure-locales")
        copy_for_translation_done.connect(share_unit_rights, dispatch_uid="translations-share-unit-rights")
