"""The entry form: the clerk picks the school year and one of their unit type's categories from lists."""

from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from schoolsite.models import Unit

from .categories import category_choices
from .school_years import current_school_year, school_year_choices


class DisclosureEntryForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        unit = Unit.objects.for_page(parent) if parent is not None else None
        if "category" in self.fields:
            choices = category_choices(unit.unit_type if unit else None)
            current = self.instance.category
            if current and current not in dict(choices):  # keep what was chosen before a change of unit type
                choices = category_choices() if unit is None else choices + [(current, current)]
            self.fields["category"].choices = [("", "---------")] + choices
        if "school_year" in self.fields:
            years = school_year_choices()
            if self.instance.school_year and self.instance.school_year not in dict(years):
                years.append((self.instance.school_year, self.instance.school_year.replace("-", "–")))
            self.fields["school_year"] = forms.ChoiceField(
                label=_("Năm học"),
                choices=years,
                initial=self.instance.school_year or current_school_year(),
                help_text=_("Năm học mà thông tin này thuộc về (năm học bắt đầu từ tháng 9)."),
            )

    def clean(self):
        cleaned = super().clean()
        has_text = bool(strip_tags(cleaned.get("body") or "").strip())
        if not (has_text or any(cleaned.get(name) for name in ("document", "link_url", "legal_document"))):
            raise forms.ValidationError(
                _("Hãy nhập nội dung, hoặc chọn một tệp đính kèm, văn bản hay đường liên kết để công khai.")
            )
        return cleaned
