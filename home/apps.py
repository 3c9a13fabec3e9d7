from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Trang và mục chung")

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished

        from legal_docs.models import LegalDocumentPage
        from news.models import NewsPage

        from .exchange import announcements_changed

        for model in (NewsPage, LegalDocumentPage):
            for signal in (page_published, page_unpublished, post_delete):
                signal.connect(announcements_changed, sender=model, dispatch_uid=f"announcements-{model.__name__}")
