"""Hỏi đáp: citizens' questions to a unit and the unit's published answers."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from home.models import StandardSectionMixin


class QuestionIndexPage(StandardSectionMixin, Page):
    """Hỏi đáp: where the public reads answered questions and asks new ones."""

    section_slug = "hoi-dap"
    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    subpage_types = []

    class Meta:
        verbose_name = _("mục hỏi đáp")
