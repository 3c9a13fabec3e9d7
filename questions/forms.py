"""Forms of Hỏi đáp: the public question form and the staff's answer, transfer, publish and reject forms."""

import re
import unicodedata

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.rich_text import get_rich_text_editor_widget

from home.files import check_attachment
from home.models import Topic
from home.tabular import normalise_text
from schoolsite.models import DEPARTMENT_CODE, Unit

from .antispam import GuardedFormMixin
from .models import Question


def _text(value):
    """NFC, trimmed, blank lines kept (people write paragraphs): how question text is stored."""
    lines = [" ".join(line.split()) for line in unicodedata.normalize("NFC", value or "").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def normalise_phone(value):
    """ "0912 345 678", "0912.345.678" and "+84 912 345 678" are all stored as 0912345678."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


class AskForm(GuardedFormMixin, forms.ModelForm):
    """What a citizen sends. Bound forms keep what was typed when anything is wrong."""

    class Meta:
        model = Question
        fields = ["asker_name", "asker_email", "asker_phone", "topic", "title", "body", "attachment"]
        labels = {
            "asker_name": _("Họ và tên"),
            "asker_email": _("Thư điện tử"),
            "asker_phone": _("Số điện thoại"),
            "topic": _("Lĩnh vực"),
            "title": _("Tiêu đề câu hỏi"),
            "body": _("Nội dung câu hỏi"),
            "attachment": _("Tệp đính kèm (không bắt buộc)"),
        }
        help_texts = {
            "asker_email": _("Mã tra cứu và câu trả lời được gửi về địa chỉ này."),
            "asker_phone": _("Ghi ít nhất thư điện tử hoặc số điện thoại để đơn vị liên hệ khi cần."),
            "title": _("Một câu ngắn nói rõ điều bạn muốn hỏi."),
            # Formatted when shown, so that it follows the language of the page (/en/…).
            "attachment": lazy(
                lambda: (
                    _("PDF, Word, Excel hoặc OpenDocument, tối đa %(size)d MB.")
                    % {"size": settings.QUESTION_ATTACHMENT_MAX_SIZE // (1024 * 1024)}
                ),
                str,
            )(),
        }
        error_messages = {
            "asker_name": {"required": _("Xin ghi họ và tên của bạn.")},
            "asker_email": {"invalid": _("Địa chỉ thư điện tử chưa đúng, ví dụ: ten@gmail.com.")},
            "title": {"required": _("Xin ghi tiêu đề câu hỏi.")},
            "body": {"required": _("Xin ghi nội dung câu hỏi.")},
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            "asker_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "asker_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "asker_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, challenged=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.order_by("name")
        self.fields["topic"].empty_label = _("— Chọn lĩnh vực (không bắt buộc) —")
        self.add_guard_fields(challenged)

    @property
    def reselect_attachment(self):
        """Browsers cannot keep a chosen file across a failed submission: say so."""
        return self.is_bound and bool(self.files.get("attachment")) and bool(self.errors)

    def clean_asker_name(self):
        return normalise_text(self.cleaned_data["asker_name"])

    def clean_title(self):
        return normalise_text(self.cleaned_data["title"])

    def clean_body(self):
        body = _text(self.cleaned_data["body"])
        if len(body) < 10:
            raise forms.ValidationError(_("Nội dung câu hỏi quá ngắn; xin viết rõ hơn để đơn vị trả lời được."))
        if len(body) > settings.QUESTION_MAX_LENGTH:
            raise forms.ValidationError(
                _("Nội dung dài %(length)d ký tự, vượt giới hạn %(limit)d ký tự.")
                % {"length": len(body), "limit": settings.QUESTION_MAX_LENGTH}
            )
        return body

    def clean_asker_email(self):
        return self.cleaned_data["asker_email"].strip().lower()

    def clean_asker_phone(self):
        phone = normalise_phone(self.cleaned_data["asker_phone"])
        if phone and not re.fullmatch(r"0\d{9,10}", phone):
            raise forms.ValidationError(_("Số điện thoại chưa đúng, ví dụ: 0912 345 678."))
        return phone

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment:
            check_attachment(attachment, max_size=settings.QUESTION_ATTACHMENT_MAX_SIZE)
        return attachment

    def clean(self):
        cleaned = super().clean()
        contact_given = cleaned.get("asker_email") or cleaned.get("asker_phone")
        if not contact_given and not self.has_error("asker_email") and not self.has_error("asker_phone"):
            self.add_error("asker_email", _("Xin ghi thư điện tử hoặc số điện thoại để nhận trả lời và mã tra cứu."))
        return cleaned

    @property
    def contacts(self):
        return [self.cleaned_data.get("asker_email", ""), self.cleaned_data.get("asker_phone", "")]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Trả lời"),
        widget=get_rich_text_editor_widget(features=["bold", "italic", "ol", "ul", "link"]),
        error_messages={"required": _("Xin viết nội dung trả lời.")},
        help_text=_("Khi lưu, câu trả lời được gửi tới người hỏi qua thư điện tử (nếu có)."),
    )


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Chuyển cho đơn vị"),
        queryset=Unit.objects.none(),
        empty_label=_("— Chọn đơn vị —"),
        error_messages={"required": _("Xin chọn đơn vị nhận câu hỏi.")},
    )
    note = forms.CharField(label=_("Ghi chú cho đơn vị nhận"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, question, from_department, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.active().exclude(pk=question.unit_id).order_by("unit_type", "name")
        if not from_department:
            units = units.filter(code=DEPARTMENT_CODE)  # a school hands a question back to the department only
        self.fields["unit"].queryset = units


class PublishForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề công bố"), max_length=255)
    question_text = forms.CharField(
        label=_("Câu hỏi (bản công bố)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Bỏ mọi thông tin cá nhân: họ tên, địa chỉ, số điện thoại, tên học sinh. "
            "Trang công bố không ghi tên người hỏi."
        ),
    )

    def clean_question_text(self):
        return _text(self.cleaned_data["question_text"])


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do không tiếp nhận"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Xin ghi lý do để người hỏi biết.")},
        help_text=_("Lý do được gửi tới người hỏi và hiện khi tra cứu bằng mã."),
    )
