from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalDocsConfig(AppConfig):
    name = "legal_docs"
    verbose_name = _("Văn bản và thủ tục hành chính")

    def ready(self):
        from . import signals  # noqa: F401 - connects the page_moved receiver
