"""Send a school's news up to the department when it is published, if the school asked for it."""

from django.dispatch import receiver
from wagtail.signals import page_published

from news.models import NewsPage

from .services import sync_department_review


@receiver(page_published, sender=NewsPage)
def news_published(sender, instance, revision=None, **kwargs):
    sync_department_review(instance, revision=revision, user=getattr(revision, "user", None))
