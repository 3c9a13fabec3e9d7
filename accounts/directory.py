"""The province directory as the source of truth for accounts and unit roles.

Every source (an LDAP directory, a CSV/JSON file, the claims of a single
sign-on) is read into `DirectoryEntry` values; `apply_entry` makes one portal
account match one entry. The roles an entry gives are the unit role groups
(`UnitGroup`) and the department's sector moderator group; other groups an
account holds are left as they are. Superusers are never changed.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.tabular import fold, normalise_text
from schoolsite.models import DEPARTMENT_CODE, UnitGroup, UnitRole

from .models import DirectoryAccount
from .roles import SECTOR_MODERATOR_GROUP

# The role of the department's sector-wide moderators, written in a directory as "duyet-toan-nganh".
SECTOR_ROLE = "duyet-toan-nganh"

# How people write a role in a directory or a spreadsheet, folded to ASCII.
_ROLE_WORDS = {
    UnitRole.EDITOR: {"bientap", "bien tap", "bien tap vien", "editor"},
    UnitRole.MODERATOR: {"duyet", "duyet tin", "kiem duyet", "moderator"},
    UnitRole.ADMIN: {"quantri", "quan tri", "quan tri don vi", "admin"},
    SECTOR_ROLE: {"duyet-toan-nganh", "duyet toan nganh", "duyet tin cong so", "sector moderator"},
}
_ROLE_BY_WORD = {word: role for role, words in _ROLE_WORDS.items() for word in words}

USERNAME_PATTERN = re.compile(r"^[\w.@+-]+$")


def parse_role(text):
    """ "Biên tập viên", "bientap", "editor" -> UnitRole.EDITOR; None when not a role."""
    key = " ".join(fold(text).replace("_", " ").split())
    return _ROLE_BY_WORD.get(key) or _ROLE_BY_WORD.get(key.replace(" ", ""))


@dataclass(frozen=True)
class DirectoryEntry:
    """One person as the province directory describes them."""

    username: str
    full_name: str = ""
    email: str = ""
    roles: frozenset = field(default_factory=frozenset)  # {(unit_code, role)}
    external_id: str = ""

    @classmethod
    def build(cls, username, full_name="", email="", roles=(), external_id=""):
        """An entry with text as people type it normalised (NFC, spaces, case of the login name)."""
        return cls(
            username=normalise_text(username).lower(),
            full_name=normalise_text(full_name),
            email=normalise_text(email).lower(),
            roles=frozenset((normalise_text(unit).lower(), role) for unit, role in roles),
            external_id=normalise_text(external_id),
        )

    @property
    def first_name(self):
        return self.full_name.rsplit(" ", 1)[-1] if self.full_name else ""

    @property
    def last_name(self):
        return self.full_name.rsplit(" ", 1)[0] if " " in self.full_name else ""


class RoleGroups:
    """Every group a directory may grant, looked up once: {(unit_code, role): Group}."""

    def __init__(self):
        self.by_role = {
            (link.unit.code, link.role): link.group
            for link in UnitGroup.objects.select_related("unit", "group").filter(unit__is_active=True)
        }
        sector = Group.objects.filter(name=SECTOR_MODERATOR_GROUP).first()
        if sector is not None:
            self.by_role[(DEPARTMENT_CODE, SECTOR_ROLE)] = sector
        self.managed_ids = {group.pk for group in self.by_role.values()}
        self.managed_ids |= set(UnitGroup.objects.values_list("group_id", flat=True))

    def groups_for(self, roles):
        return {self.by_role[role] for role in roles if role in self.by_role}

    def unknown(self, roles):
        # A role that could not be read is None: sort it as text, beside the unit's known roles.
        return sorted((role for role in roles if role not in self.by_role), key=lambda r: (r[0], r[1] or ""))


def entry_errors(entry, role_groups):
    """What is wrong with an entry, in Vietnamese (empty when it can be applied)."""
    errors = []
    if not entry.username or not USERNAME_PATTERN.match(entry.username) or len(entry.username) > 150:
        errors.append(_("tên đăng nhập “%(name)s” không hợp lệ") % {"name": entry.username})
    for unit_code, role in role_groups.unknown(entry.roles):
        if role is None:
            errors.append(_("vai trò không rõ ở đơn vị “%(unit)s”") % {"unit": unit_code})
        else:
            errors.append(
                _("không có đơn vị đang hoạt động mã “%(unit)s” (vai trò %(role)s)") % {"unit": unit_code, "role": role}
            )
    return errors


@dataclass
class AccountChange:
    """What applying one entry changes (or would change) on one account."""

    username: str
    action: str  # "create", "update", "reactivate", "deactivate", "unchanged", "skip"
    fields: list = field(default_factory=list)
    roles_added: list = field(default_factory=list)
    roles_removed: list = field(default_factory=list)
    reason: str = ""

    @property
    def changed(self):
        return self.action not in ("unchanged", "skip")

    def describe(self):
        parts = []
        if self.fields:
            labels = [str(get_user_model()._meta.get_field(name).verbose_name).lower() for name in self.fields]
            parts.append(_("đổi %(fields)s") % {"fields": ", ".join(labels)})
        if self.roles_added:
            parts.append(_("thêm vai trò %(roles)s") % {"roles": ", ".join(self.roles_added)})
        if self.roles_removed:
            parts.append(_("bỏ vai trò %(roles)s") % {"roles": ", ".join(self.roles_removed)})
        if self.reason:
            parts.append(self.reason)
        return "; ".join(parts)


def _role_names(groups):
    return sorted(group.name for group in groups)


def apply_entry(entry, source, role_groups=None, *, dry_run=False, user=None):
    """Make the portal account of `entry` match it; return the AccountChange.

    `user` is the existing account when the caller already found it (None: looked
    up by username). A new account gets no usable password: it signs in through
    the province's single sign-on. Superusers are reported and left unchanged.
    """
    User = get_user_model()
    role_groups = role_groups or RoleGroups()
    if user is None:
        user = User.objects.filter(username=entry.username).first()
    if user is not None and user.is_superuser:
        return AccountChange(entry.username, "skip", reason=_("quản trị cổng: không đồng bộ"))

    wanted = role_groups.groups_for(entry.roles)
    values = {"first_name": entry.first_name, "last_name": entry.last_name, "email": entry.email}
    if user is None:
        change = AccountChange(entry.username, "create", roles_added=_role_names(wanted))
        if not dry_run:
            with transaction.atomic():
                user = User(username=entry.username, is_active=True, **values)
                user.set_unusable_password()
                user.save()
                user.groups.add(*wanted)
                _link(user, entry, source)
                log(instance=user, action="sgddt.directory_sync", data={"change": "create", "source": source})
        return change

    held = {group for group in user.groups.all() if group.pk in role_groups.managed_ids}
    change = AccountChange(
        entry.username,
        "update",
        fields=[name for name, value in values.items() if value and getattr(user, name) != value],
        roles_added=_role_names(wanted - held),
        roles_removed=_role_names(held - wanted),
    )
    if not user.is_active:
        change.action = "reactivate"
    elif not (change.fields or change.roles_added or change.roles_removed):
        change.action = "unchanged"
    if not dry_run:
        with transaction.atomic():
            if change.changed:
                for name in change.fields:
                    setattr(user, name, values[name])
                user.is_active = True
                user.save()
                user.groups.remove(*(held - wanted))
                user.groups.add(*(wanted - held))
                log(instance=user, action="sgddt.directory_sync", data={"change": change.action, "source": source})
            _link(user, entry, source)
    return change


def deactivate_account(user, source, role_groups=None, *, dry_run=False, reason=""):
    """Lock an account whose directory entry is gone; its roles in units go with it. Never deletes."""
    role_groups = role_groups or RoleGroups()
    held = [group for group in user.groups.all() if group.pk in role_groups.managed_ids]
    change = AccountChange(user.username, "deactivate", roles_removed=_role_names(held), reason=reason)
    if not dry_run:
        with transaction.atomic():
            user.is_active = False
            user.save(update_fields=["is_active"])
            user.groups.remove(*held)
            log(instance=user, action="sgddt.directory_sync", data={"change": "deactivate", "source": source})
    return change


def _link(user, entry, source):
    DirectoryAccount.objects.update_or_create(
        user=user,
        defaults={"source": source, "external_id": entry.external_id, "last_seen": timezone.now()},
    )
