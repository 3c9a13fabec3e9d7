"""The public side of an editor-built form: fields with Vietnamese messages, consent and the anti-spam guard."""

import datetime
import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from home.tabular import normalise_text
from questions.antispam import GuardedFormMixin

CONSENT_NAME = "dong_y"
# Names the form itself uses: an editor's field whose label would give one of them gets a suffix.
GUARD_NAMES = {"website", "challenge", "shown_at", CONSENT_NAME}
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


def normalise_value(value):
    """What is stored: NFC text, single spaces on a line (paragraphs kept), the same for every choice."""
    if isinstance(value, str):
        lines = [normalise_text(line) for line in unicodedata.normalize("NFC", value).splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if isinstance(value, list):
        return [normalise_value(item) for item in value]
    return value


class PublicForm(GuardedFormMixin, BaseForm):
    """Base of every built form: required consent, honeypot, timing token, check question when challenged."""

    timed = True

    def __init__(self, *args, challenged=False, consent_label="", **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.required:
                field.error_messages["required"] = _("Xin điền ô “%(label)s”.") % {"label": field.label}
        self.fields[CONSENT_NAME] = forms.BooleanField(
            label=consent_label,
            error_messages={"required": _("Xin đánh dấu ô đồng ý để gửi biểu mẫu.")},
        )
        self.add_guard_fields(challenged)

    @property
    def data_field_names(self):
        """The editor's fields: what is stored, exported and e-mailed."""
        return [name for name in self.fields if name not in GUARD_NAMES]

    @property
    def data_fields(self):
        return [self[name] for name in self.data_field_names]

    @property
    def contacts(self):
        """E-mail addresses and phone numbers given, for the per-person rate limit."""
        return [
            self.cleaned_data.get(name, "")
            for name, field in self.fields.items()
            if isinstance(field, forms.EmailField | PhoneField)
        ]

    def clean(self):
        cleaned = super().clean()
        for name in self.data_field_names:
            if name in cleaned:
                cleaned[name] = normalise_value(cleaned[name])
        return cleaned


class PhoneField(forms.CharField):
    widget = forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"})

    def clean(self, value):
        from questions.forms import normalise_phone  # not at import time: it loads the admin's editor widgets

        phone = normalise_phone(super().clean(value))
        if phone and not re.fullmatch(r"0\d{9,10}", phone):
            raise forms.ValidationError(_("Số điện thoại chưa đúng, ví dụ: 0912 345 678."))
        return phone


class VietnameseDateField(forms.DateField):
    """A date typed as people write it (05/09/2019); a plain text box works on every phone and keyboard."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "autocomplete": "off"})

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        super().__init__(**kwargs)
        self.error_messages["invalid"] = _("Ngày chưa đúng, xin ghi theo dạng ngày/tháng/năm, ví dụ: 05/09/2019.")

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return value


class PublicFormBuilder(FormBuilder):
    """Wagtail's builder, with Vietnamese-friendly fields and the public form base."""

    def create_singleline_field(self, field, options):
        options["max_length"] = 255
        return forms.CharField(**options)

    def create_multiline_field(self, field, options):
        options["max_length"] = 5000
        options.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        return forms.CharField(**options)

    def create_email_field(self, field, options):
        options.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email"}))
        options["error_messages"] = {"invalid": _("Địa chỉ thư điện tử chưa đúng, ví dụ: ten@gmail.com.")}
        return forms.EmailField(**options)

    def create_number_field(self, field, options):
        options["error_messages"] = {"invalid": _("Xin ghi một số, ví dụ: 12.")}
        return super().create_number_field(field, options)

    def create_date_field(self, field, options):
        return VietnameseDateField(**options)

    def create_phone_field(self, field, options):
        options["max_length"] = 20
        return PhoneField(**options)

    def create_dropdown_field(self, field, options):
        choices = self.get_formatted_field_choices(field)
        options["choices"] = [("", _("— Chọn —"))] + choices
        return forms.ChoiceField(**options)

    def get_form_class(self):
        return type("WagtailForm", (PublicForm,), self.formfields)
