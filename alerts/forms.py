"""The alert form: who it reaches, limited to what the user may address."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from schoolsite.audience import Audience, PackedAudienceFormMixin
from schoolsite.models import DEPARTMENT_CODE, Unit

from .permissions import alert_units, may_address_many


class AlertForm(PackedAudienceFormMixin, WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.addresses_many = user is not None and may_address_many(user)
        own_units = alert_units(user).active() if user is not None else Unit.objects.none()
        audience = self.fields["audience"]
        audience.required = True
        units = self.fields["audience_units"]
        units.widget = forms.CheckboxSelectMultiple(choices=units.choices)
        units.help_text = _("Thông báo hiện trên trang web của các đơn vị được chọn.")
        if self.addresses_many:
            audience.choices = [(Audience.ALL, Audience.ALL.label), (Audience.SELECTED, Audience.SELECTED.label)]
            audience.help_text = _(
                "Toàn ngành: mọi trang web của ngành. Hoặc chọn loại đơn vị, huyện và/hoặc từng đơn vị bên dưới."
            )
            units.queryset = Unit.objects.active().order_by("name")
        else:
            # A school's alert shows on its own site only: no sector, type or district to choose.
            audience.choices = [(Audience.SELECTED, _("Trang web của đơn vị mình"))]
            for name in self.PACKED_FIELDS:
                del self.fields[name]
            units.queryset = own_units.order_by("name")
            if not self.instance.pk and len(units.queryset) == 1:
                self.initial["audience_units"] = list(units.queryset)
        if not self.instance.pk:
            self.initial.setdefault("audience", Audience.SELECTED)

    def clean(self):
        cleaned = super().clean()
        if not self.addresses_many and any(self.data.getlist(name) for name in self.PACKED_FIELDS if self.data):
            self.add_error(None, _("Đơn vị chỉ được phát thông báo khẩn cho trang web của chính mình."))
        if cleaned.get("audience") == Audience.SELECTED and not (
            cleaned.get("audience_unit_types") or cleaned.get("audience_districts") or cleaned.get("audience_units")
        ):
            self.add_error("audience_units", _("Hãy chọn loại đơn vị, huyện hoặc đơn vị cần hiện thông báo."))
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("Thời điểm kết thúc phải sau thời điểm bắt đầu."))
        elif ends_at and not self.instance.pk and ends_at <= timezone.now():
            self.add_error("ends_at", _("Thời điểm kết thúc đã qua: thông báo sẽ không hiện ở đâu cả."))
        return cleaned

    def save(self, commit=True):
        alert = super().save(commit=False)
        if not alert.pk:
            alert.created_by = self.for_user
            if self.addresses_many:
                alert.unit = Unit.objects.filter(code=DEPARTMENT_CODE).first() or self.cleaned_data["audience_units"][0]
            else:
                alert.unit = self.cleaned_data["audience_units"][0]
        if commit:
            alert.save()
            self.save_m2m()
        return alert
