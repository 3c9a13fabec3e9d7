"""Addressing content to units: the whole sector, some unit types, some districts or a list of units.

The department's announcements and documents carry an audience; each addressed
school's home page shows them automatically, newest first, until their
"show until" date. The audience is a rule, not a copy: a unit provisioned
later is addressed as soon as it matches.
"""

from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import MultiFieldPanel

from .models import Unit, UnitType


class Audience(models.TextChoices):
    NONE = "", _("Không gửi tới đơn vị nào")
    ALL = "all", _("Toàn ngành")
    SELECTED = "selected", _("Các đơn vị chọn dưới đây")


def _packed(values):
    """Store a list as ",a,b," so that "contains ',a,'" finds it on every database."""
    return "," + ",".join(values) + "," if values else ""


def _unpacked(text):
    return [value for value in (text or "").split(",") if value]


class AddressedMixin(models.Model):
    audience = models.CharField(_("gửi tới"), max_length=10, choices=Audience.choices, blank=True, default="")
    audience_unit_types = models.CharField(_("loại đơn vị"), max_length=200, blank=True, default="")
    audience_districts = models.TextField(_("huyện, thị xã, thành phố"), blank=True, default="")
    audience_units = ParentalManyToManyField(Unit, verbose_name=_("các đơn vị"), blank=True, related_name="+")
    show_until = models.DateField(
        _("hiển thị trên trang các đơn vị đến hết ngày"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu không có hạn."),
    )

    class Meta:
        abstract = True

    @classmethod
    def audience_panel(cls):
        return MultiFieldPanel(
            ["audience", "audience_unit_types", "audience_districts", "audience_units", "show_until"],
            heading=_("Gửi tới các đơn vị (liên thông xuống)"),
            permission="schoolsite.address_units",
        )

    def addressed_units_q(self):
        """Q for the units this item is addressed to: the other direction of `addressed_to`."""
        if self.audience == Audience.ALL:
            return Q()
        selected = Q(pk__in=[unit.pk for unit in self.audience_units.all()])
        if types := _unpacked(self.audience_unit_types):
            selected |= Q(unit_type__in=types)
        if districts := _unpacked(self.audience_districts):
            selected |= Q(district__in=districts)
        return selected

    @classmethod
    def addressed_to(cls, unit, today=None):
        """Q for items addressed to this unit and not yet past their date."""
        today = today or timezone.localdate()
        selected = (
            Q(audience_unit_types__contains=f",{unit.unit_type},")
            | Q(audience_units=unit)
            | (Q(audience_districts__contains=f",{unit.district},") if unit.district else Q(pk__in=[]))
        )
        when = Q(show_until__isnull=True) | Q(show_until__gte=today)
        return (Q(audience=Audience.ALL) | (Q(audience=Audience.SELECTED) & selected)) & when


def _active_districts():
    return [(district, district) for district in Unit.objects.active().districts()]


def unit_types_field():
    """Checkboxes of unit types, for forms that address units (pages, alerts)."""
    return forms.MultipleChoiceField(
        label=capfirst(_("loại đơn vị")), choices=UnitType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


def districts_field():
    """Checkboxes of the districts of active units, read when the form is made."""
    return forms.MultipleChoiceField(
        label=capfirst(_("huyện, thị xã, thành phố")),
        choices=_active_districts,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PackedAudienceFormMixin(forms.Form):
    """Unit types and districts as checkboxes, stored packed (see _packed) on the model.

    For any model form of an AddressedMixin model: page forms and the alert form. A Form, so that
    its declared fields are collected by the form metaclass of the classes that mix it in.
    """

    PACKED_FIELDS = ("audience_unit_types", "audience_districts")
    audience_unit_types = unit_types_field()
    audience_districts = districts_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.PACKED_FIELDS:
            self.initial[name] = _unpacked(getattr(self.instance, name))

    def _post_clean(self):
        # The model stores the chosen values packed (",thpt,ptdtnt,"): pack them before it is filled.
        for name in self.PACKED_FIELDS:
            if isinstance(self.cleaned_data.get(name), list):
                self.cleaned_data[name] = _packed(self.cleaned_data[name])
        super()._post_clean()


class AddressedPageForm(PackedAudienceFormMixin, WagtailAdminPageForm):
    """The audience of a page, for editors allowed to address units (the panel is hidden from others)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "audience_units" in self.fields:
            self.fields["audience_units"].queryset = Unit.objects.active().order_by("name")

    def clean(self):
        cleaned = super().clean()
        if "audience" not in self.fields:
            return cleaned
        if cleaned.get("audience") == Audience.SELECTED and not (
            cleaned.get("audience_unit_types") or cleaned.get("audience_districts") or cleaned.get("audience_units")
        ):
            self.add_error("audience", _("Hãy chọn loại đơn vị, huyện hoặc đơn vị cần gửi tới."))
        return cleaned
