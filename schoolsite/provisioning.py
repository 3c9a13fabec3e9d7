"""Provisioning: make the installation match a roster of units.

For each unit of the roster, `provision` creates or updates the Unit row, its
Wagtail Site, its home page with the standard sections, its media collection
and its role groups with permissions confined to that unit. A unit missing
from the roster is deactivated (never deleted). Everything runs in one
transaction: a refused or failing run changes nothing.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Site,
)

from .context_processors import DEPARTMENT_URL_CACHE_KEY
from .models import DEPARTMENT_CODE, Unit, UnitGroup, UnitRole, UnitType
from .roster import RosterError, RosterInvalid

# A roster may deactivate at most this share of the active units unless the
# operator confirms with --allow-deactivate: a truncated file must not close sites.
MAX_DEACTIVATE_SHARE = 0.10

PAGE_PERMISSIONS = {
    UnitRole.EDITOR: ["add", "change"],
    UnitRole.MODERATOR: ["add", "change", "publish", "lock", "unlock"],
    UnitRole.ADMIN: ["add", "change", "publish", "lock", "unlock", "bulk_delete"],
}
_MEDIA_EDIT = ["add", "change", "delete", "choose"]
COLLECTION_PERMISSIONS = {
    UnitRole.EDITOR: {"image": ["add", "choose"], "document": ["add", "choose"]},
    UnitRole.MODERATOR: {"image": _MEDIA_EDIT, "document": _MEDIA_EDIT},
    UnitRole.ADMIN: {"image": _MEDIA_EDIT, "document": _MEDIA_EDIT, "collection": ["add", "change", "delete"]},
}
# Model permissions every role needs, whatever its unit.
# wagtail_localize.submit_translation: any unit may translate its pages (English, H'Mông…; README, "Ngôn ngữ").
GLOBAL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "home.view_topic",
    "legal_docs.view_issuingbody",
    "wagtail_localize.submit_translation",
]
# Everyone working for the department may address announcements and documents to units.
DEPARTMENT_STAFF_PERMISSIONS = ["schoolsite.address_units"]
# The department's own moderators and admins curate the sector's shared documents and procedures.
DEPARTMENT_PERMISSIONS = [
    "legal_docs.list_sector_wide",
    "legal_docs.add_issuingbody",
    "legal_docs.change_issuingbody",
    "home.add_topic",
    "home.change_topic",
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
    "wagtailsearchpromotions.delete_searchpromotion",
]
# Unit admins manage their unit's accounts; accounts.views scopes what they see and grant.
UNIT_ADMIN_PERMISSIONS = ["auth.add_user", "auth.change_user"]
SECTOR_MODERATOR_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "home.view_topic",
    "legal_docs.view_issuingbody",
    "moderation.change_departmentreview",
    "legal_docs.list_sector_wide",
]


@dataclass
class Plan:
    """What a roster would change, computed before anything is written."""

    created: list = field(default_factory=list)  # RosterRow
    updated: list = field(default_factory=list)  # (Unit, RosterRow, {field: (old, new)})
    reactivated: list = field(default_factory=list)  # Unit
    deactivated: list = field(default_factory=list)  # Unit
    unchanged: list = field(default_factory=list)  # Unit

    @property
    def has_changes(self):
        return bool(self.created or self.updated or self.reactivated or self.deactivated)


def plan(rows, *, allow_deactivate=False):
    """Compare the roster with the database; raise RosterInvalid if it may not be applied."""
    existing = {unit.code: unit for unit in Unit.objects.select_related("parent")}
    result = Plan()
    errors = []
    roster_codes = {row.code for row in rows}
    hostnames_outside = {unit.hostname: unit for code, unit in existing.items() if code not in roster_codes}

    for row in rows:
        other = hostnames_outside.get(row.hostname)
        if other is not None:
            errors.append(
                RosterError(
                    row.line,
                    _("tên miền “%(host)s” đang thuộc đơn vị “%(code)s”, không có trong danh sách.")
                    % {"host": row.hostname, "code": other.code},
                    "hostname",
                )
            )
        unit = existing.get(row.code)
        if unit is None:
            result.created.append(row)
            continue
        if (unit.unit_type == UnitType.SO) != (row.unit_type == UnitType.SO):
            errors.append(
                RosterError(
                    row.line,
                    _("không thể đổi loại của đơn vị “%(code)s” giữa Sở và đơn vị khác.") % {"code": row.code},
                    "unit_type",
                )
            )
        changes = {
            name: (getattr(unit, name), value)
            for name, value in row.unit_fields().items()
            if getattr(unit, name) != value
        }
        old_parent = unit.parent.code if unit.parent else ""
        if old_parent != row.parent_code:
            changes["parent_code"] = (old_parent, row.parent_code)
        if not unit.is_active:
            result.reactivated.append(unit)
        if changes:
            result.updated.append((unit, row, changes))
        elif unit.is_active:
            result.unchanged.append(unit)

    result.deactivated = [u for code, u in existing.items() if code not in roster_codes and u.is_active]
    active_count = sum(1 for u in existing.values() if u.is_active)
    if result.deactivated and not allow_deactivate and len(result.deactivated) > MAX_DEACTIVATE_SHARE * active_count:
        errors.append(
            RosterError(
                None,
                _(
                    "danh sách này sẽ ngừng hoạt động %(count)d trên %(total)d đơn vị (quá 10%%). "
                    "Nếu đúng là như vậy, chạy lại với --allow-deactivate."
                )
                % {"count": len(result.deactivated), "total": active_count},
            )
        )
    if errors:
        raise RosterInvalid(errors)
    return result


@transaction.atomic
def apply(rows, result, *, local=False):
    """Carry out a plan: every unit of the roster ends up fully provisioned."""
    port = settings.PORTAL_LOCAL_PORT if local else settings.PORTAL_SITE_PORT
    units = {}
    permissions = PermissionIndex()
    ensure_sector_groups(permissions)
    name_root_collection()
    # Parents first, so each unit can point at its parent in the same pass.
    type_rank = {UnitType.SO: 0, UnitType.PHONG: 1}
    for row in sorted(rows, key=lambda r: type_rank.get(r.unit_type, 2)):
        unit = Unit.objects.filter(code=row.code).first() or Unit(code=row.code)
        for name, value in row.unit_fields().items():
            setattr(unit, name, value)
        unit.parent = units.get(row.parent_code)
        if not unit.is_active or unit.deactivated_at:
            unit.is_active = True
            unit.deactivated_at = None
        unit.save()
        units[row.code] = unit
        provision_unit(unit, port=port, permissions=permissions)

    now = timezone.now()
    for unit in result.deactivated:
        Unit.objects.filter(pk=unit.pk).update(is_active=False, deactivated_at=now)
    Site.clear_site_root_paths_cache()
    transaction.on_commit(lambda: cache.delete(DEPARTMENT_URL_CACHE_KEY))
    return units


def provision_unit(unit, *, port, permissions=None):
    """Create whatever the unit is missing: home page and sections, site, collection, groups."""
    from moderation.services import ensure_unit_workflow

    from .sections import ensure_home_page, ensure_sections

    home = ensure_home_page(unit)
    ensure_sections(home, unit.unit_type)
    _ensure_site(unit, home, port)
    _ensure_collection(unit)
    _ensure_groups(unit, permissions or PermissionIndex())
    ensure_unit_workflow(unit)
    _ensure_issuing_body(unit)


def _ensure_site(unit, home, port):
    site = unit.site or Site(root_page=home)
    site.hostname = unit.hostname
    site.port = port
    site.site_name = unit.name
    site.root_page = home
    site.is_default_site = False
    site.save()
    if unit.site_id != site.pk:
        unit.site = site
        unit.save(update_fields=["site"])


def name_root_collection():
    """Wagtail names the top collection "Root" in English; editors see it in every upload form."""
    root = Collection.get_first_root_node()
    if root is not None and root.name == "Root":
        root.name = _("Toàn ngành")
        root.save(update_fields=["name"])


def _ensure_collection(unit):
    if unit.collection is None:
        root = Collection.get_first_root_node()
        unit.collection = root.add_child(name=unit.name)
        unit.save(update_fields=["collection"])
    elif unit.collection.name != unit.name:
        unit.collection.name = unit.name
        unit.collection.save(update_fields=["name"])


class PermissionIndex:
    """The permissions provisioning grants, loaded in one query."""

    MODEL_APPS = {
        "page": "wagtailcore",
        "collection": "wagtailcore",
        "image": "wagtailimages",
        "document": "wagtaildocs",
    }

    def __init__(self):
        from .models import SiteSettings

        self._by_key = {
            (p.content_type.app_label, p.codename): p
            for p in Permission.objects.filter(content_type__app_label__in=self.app_labels()).select_related(
                "content_type"
            )
        }
        self.site_settings = self._by_key[(SiteSettings._meta.app_label, "change_sitesettings")]
        self.global_permissions = self.named(GLOBAL_PERMISSIONS)
        self.unit_admin = self.named(UNIT_ADMIN_PERMISSIONS)
        self.sector_moderator = self.named(SECTOR_MODERATOR_PERMISSIONS)
        self.department = self.named(DEPARTMENT_PERMISSIONS)
        self.department_staff = self.named(DEPARTMENT_STAFF_PERMISSIONS)

    @classmethod
    def app_labels(cls):
        named = (
            GLOBAL_PERMISSIONS
            + UNIT_ADMIN_PERMISSIONS
            + SECTOR_MODERATOR_PERMISSIONS
            + DEPARTMENT_PERMISSIONS
            + DEPARTMENT_STAFF_PERMISSIONS
        )
        return {*cls.MODEL_APPS.values(), "schoolsite", *(name.split(".")[0] for name in named)}

    def named(self, names):
        return [self._by_key[tuple(name.split("."))] for name in names]

    def for_model(self, model_name, actions):
        app_label = self.MODEL_APPS[model_name]
        return [self._by_key[(app_label, f"{action}_{model_name}")] for action in actions]

    def pages(self, role):
        return self.for_model("page", PAGE_PERMISSIONS[role])

    def collection(self, role):
        return [
            permission
            for model_name, actions in COLLECTION_PERMISSIONS[role].items()
            for permission in self.for_model(model_name, actions)
        ]


def _ensure_groups(unit, permissions):
    for role in UnitRole:
        name = UnitGroup.group_name(unit.code, role)
        link = UnitGroup.objects.filter(unit=unit, role=role).select_related("group").first()
        if link is None:
            group, _created = Group.objects.get_or_create(name=name)
            link = UnitGroup.objects.create(unit=unit, role=role, group=group)
        group = link.group
        if group.name != name:
            group.name = name
            group.save(update_fields=["name"])
        group.permissions.add(*permissions.global_permissions)
        for permission in permissions.pages(role):
            GroupPagePermission.objects.get_or_create(group=group, page=unit.home_page, permission=permission)
        for permission in permissions.collection(role):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=unit.collection, permission=permission
            )
        if role == UnitRole.ADMIN:
            GroupSitePermission.objects.get_or_create(group=group, site=unit.site, permission=permissions.site_settings)
            group.permissions.add(*permissions.unit_admin)
        if unit.code == DEPARTMENT_CODE:
            group.permissions.add(*permissions.department_staff)
            if role != UnitRole.EDITOR:
                group.permissions.add(*permissions.department)


def _ensure_issuing_body(unit):
    """Each unit issues its own documents: it is a cơ quan ban hành of the library."""
    from legal_docs.models import IssuingBody

    level = {
        UnitType.SO: IssuingBody.Level.DEPARTMENT,
        UnitType.PHONG: IssuingBody.Level.DISTRICT,
    }.get(unit.unit_type, IssuingBody.Level.SCHOOL)
    body = IssuingBody.objects.filter(unit=unit).first() or IssuingBody.objects.filter(name=unit.name).first()
    if body is None:
        body = IssuingBody(unit=unit)
    body.unit = unit
    body.name = unit.name
    body.level = level
    if not body.abbreviation and unit.code == DEPARTMENT_CODE:
        body.abbreviation = "SGDĐT"
    body.save()


def ensure_sector_groups(permissions):
    """Roles that are not tied to one unit: the department's moderators of school content."""
    from accounts.roles import SECTOR_MODERATOR_GROUP

    group, _created = Group.objects.get_or_create(name=SECTOR_MODERATOR_GROUP)
    group.permissions.add(*permissions.sector_moderator)
    return group
