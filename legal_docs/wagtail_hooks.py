"""Admin: issuing bodies (cơ quan ban hành) as a snippet the department maintains."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import IssuingBody


class IssuingBodyViewSet(SnippetViewSet):
    model = IssuingBody
    icon = "site"
    menu_label = _("Cơ quan ban hành")
    list_display = ["name", "abbreviation", "level"]
    list_filter = ["level"]
    search_fields = ["name", "abbreviation"]


register_snippet(IssuingBodyViewSet)
