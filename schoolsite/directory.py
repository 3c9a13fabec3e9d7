"""Danh bạ trường học: the units a department or district office oversees, as a page, CSV and HSDS JSON.

Everything comes from the roster (`Unit`) and each unit's site settings (the
contact details a unit's administrators corrected), exactly as each unit's own
Liên hệ page shows them: nothing is typed twice. Deactivated units never appear.
"""

import csv
import io
import json
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from home.tabular import fold, vietnamese_sort_key

from .models import SiteSettings, Unit, UnitType

PROVINCE = "Lào Cai"
PER_PAGE = 100
HSDS_VERSION = "3.0"


@dataclass
class Entry:
    """One unit as the directory shows it."""

    code: str
    name: str
    short_name: str
    unit_type: str
    type_label: str
    district: str
    address: str
    phone: str
    email: str
    head_name: str
    website: str
    latitude: float | None
    longitude: float | None
    parent_code: str

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def phone_link(self):
        return "".join(c for c in self.phone if c.isdigit() or c == "+")


def units_of(owner):
    """The active units a directory on `owner`'s site lists: all for the department; for a district
    office, the units under it or in its district."""
    units = Unit.objects.active()
    if owner.unit_type == UnitType.PHONG:
        scope = Q(parent=owner)
        if owner.district:
            scope |= Q(district=owner.district) & ~Q(unit_type=UnitType.SO)
        units = units.filter(scope)
    return units


def entries(units):
    """Directory entries for the units, in one query for units and one for their site settings."""
    units = list(units.select_related("site", "parent").order_by("name"))
    site_settings = {s.site_id: s for s in SiteSettings.objects.filter(site_id__in=[u.site_id for u in units])}
    type_labels = {value: str(label) for value, label in UnitType.choices}
    result = []
    for unit in units:
        own = site_settings.get(unit.site_id)
        contact = own.contact_for(unit) if own else {}
        result.append(
            Entry(
                code=unit.code,
                name=unit.name,
                short_name=unit.short_name,
                unit_type=unit.unit_type,
                type_label=type_labels.get(unit.unit_type, unit.unit_type),
                district=unit.district,
                address=contact.get("address") or unit.address,
                phone=contact.get("phone") or unit.phone,
                email=contact.get("email") or unit.email,
                head_name=unit.head_name,
                website=unit.url,
                latitude=float(unit.latitude) if unit.latitude is not None else None,
                longitude=float(unit.longitude) if unit.longitude is not None else None,
                parent_code=unit.parent.code if unit.parent_id else "",
            )
        )
    return result


@dataclass
class Filters:
    district: str = ""
    unit_type: str = ""
    query: str = ""

    @classmethod
    def from_request(cls, request):
        get = request.GET
        return cls(get.get("huyen", "").strip(), get.get("loai", "").strip(), get.get("q", "").strip())

    def apply(self, items):
        """Accent- and case-insensitive: "bac ha", "Bắc Hà" and "BAC HA" find the same district."""
        district, query = fold(self.district), fold(self.query)
        if district:
            items = [e for e in items if district in fold(e.district)]
        if self.unit_type:
            items = [e for e in items if e.unit_type == self.unit_type]
        if query:
            items = [e for e in items if query in fold(f"{e.name} {e.short_name} {e.address} {e.head_name}")]
        return items

    @property
    def active(self):
        return bool(self.district or self.unit_type or self.query)


def _owner(request, page):
    return getattr(request, "unit", None) or Unit.objects.for_page(page)


def _filtered(request, page):
    all_entries = entries(units_of(_owner(request, page)))
    filters = Filters.from_request(request)
    return all_entries, filters, filters.apply(all_entries)


def listing(request, page):
    if request.GET.get("dinh_dang") == "csv":
        return as_csv(request, page)
    if request.GET.get("dinh_dang") == "json":
        return as_hsds(request, page)
    all_entries, filters, shown = _filtered(request, page)
    present_types = {e.unit_type for e in all_entries}
    export = request.GET.copy()
    export.pop("trang", None)
    query = export.urlencode()
    # At province scale (660 units) the unfiltered list is paginated, to stay light on a phone.
    page_obj = Paginator(shown, PER_PAGE).get_page(request.GET.get("trang"))
    context = page.get_context(request)
    context.update(
        entries=page_obj.object_list,
        page_obj=page_obj,
        shown_count=len(shown),
        total=len(all_entries),
        filters=filters,
        districts=sorted({e.district for e in all_entries if e.district}, key=vietnamese_sort_key),
        unit_types=[(t.value, t.label) for t in UnitType if t.value in present_types],
        export_query=f"?{query}" if query else "",
        mapped=[e for e in page_obj.object_list if e.has_location],
        map_tile_url=settings.MAP_TILE_URL,
        map_attribution=settings.MAP_TILE_ATTRIBUTION,
    )
    return TemplateResponse(request, "schoolsite/directory_page.html", context)


CSV_COLUMNS = [
    ("code", gettext_noop("Mã đơn vị")),
    ("name", gettext_noop("Tên đơn vị")),
    ("type_label", gettext_noop("Loại đơn vị")),
    ("district", gettext_noop("Huyện/thị xã/thành phố")),
    ("address", gettext_noop("Địa chỉ")),
    ("phone", gettext_noop("Điện thoại")),
    ("email", gettext_noop("Thư điện tử")),
    ("head_name", gettext_noop("Thủ trưởng đơn vị")),
    ("website", gettext_noop("Trang web")),
    ("latitude", gettext_noop("Vĩ độ")),
    ("longitude", gettext_noop("Kinh độ")),
]


def as_csv(request, page):
    """The (filtered) directory as Excel opens it: UTF-8 with a BOM, comma-separated."""
    _all, _filters, shown = _filtered(request, page)
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([_(label) for _key, label in CSV_COLUMNS])
    for entry in shown:
        writer.writerow(["" if getattr(entry, key) is None else getattr(entry, key) for key, _label in CSV_COLUMNS])
    response = HttpResponse(("\ufeff" + output.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="danh-ba-don-vi.csv"'
    return response


def _id(kind, code):
    """A stable UUID per unit and record kind, the same on every export (HSDS identifiers are UUIDs)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://sgddt/{kind}/{code}"))


def hsds(shown):
    """Open Referral HSDS 3.0 organisations, services and locations for the entries."""
    codes = {e.code for e in shown}
    organizations, services, locations = [], [], []
    for e in shown:
        org_id, service_id, location_id = _id("organization", e.code), _id("service", e.code), _id("location", e.code)
        phones = [{"id": _id("phone", e.code), "organization_id": org_id, "number": e.phone, "type": "voice"}]
        phones = phones if e.phone else []
        organizations.append(
            {
                "id": org_id,
                "name": e.name,
                "alternate_name": e.short_name,
                "description": f"{e.type_label}, {e.district}" if e.district else e.type_label,
                "email": e.email or None,
                "website": e.website or None,
                "parent_organization_id": _id("organization", e.parent_code) if e.parent_code in codes else None,
                "organization_identifiers": [
                    {
                        "id": _id("identifier", e.code),
                        "organization_id": org_id,
                        "identifier_scope": "local",
                        "identifier_type": "Mã đơn vị (Cổng GD&ĐT Lào Cai)",
                        "identifier": e.code,
                    }
                ],
                "phones": phones,
                "contacts": (
                    [{"id": _id("contact", e.code), "organization_id": org_id, "name": e.head_name,
                      "title": "Thủ trưởng đơn vị", "email": e.email or None, "phones": []}]
                    if e.head_name else []
                ),
            }
        )  # fmt: skip
        services.append(
            {
                "id": service_id,
                "organization_id": org_id,
                "name": e.type_label,
                "description": e.name,
                "url": e.website or None,
                "email": e.email or None,
                "status": "active",
                "phones": [{**phone, "service_id": service_id} for phone in phones],
                "service_at_locations": [
                    {"id": _id("service-at-location", e.code), "service_id": service_id, "location_id": location_id}
                ],
            }
        )
        locations.append(
            {
                "id": location_id,
                "organization_id": org_id,
                "location_type": "physical",
                "name": e.name,
                "latitude": e.latitude,
                "longitude": e.longitude,
                "addresses": [
                    {
                        "id": _id("address", e.code),
                        "location_id": location_id,
                        "address_1": e.address or e.district,
                        "city": e.district,
                        "state_province": PROVINCE,
                        "postal_code": "",
                        "country": "VN",
                        "address_type": "physical",
                    }
                ],
                "phones": [{**phone, "location_id": location_id} for phone in phones],
            }
        )
    return {
        "hsds_version": HSDS_VERSION,
        "organizations": organizations,
        "services": services,
        "locations": locations,
    }


def as_hsds(request, page):
    _all, _filters, shown = _filtered(request, page)
    body = json.dumps(hsds(shown), ensure_ascii=False, indent=1)
    return HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
