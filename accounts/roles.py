"""Who administers which units, and whose accounts they may manage.

A unit admin manages the accounts that hold a role in their unit and may grant
only that unit's roles. Admins of the department's own unit (`so`) and portal
administrators (superusers) manage every unit.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schoolsite.models import DEPARTMENT_CODE, Unit, UnitGroup, UnitRole

# The sector-wide role of the department's moderators: they approve what schools
# send up to the department's portal and see every unit's moderation queue.
SECTOR_MODERATOR_GROUP = "Duyệt tin Cổng Sở"
SECTOR_MODERATOR_LABEL = _("Duyệt tin Cổng Sở (toàn ngành)")


def _cache(user, name, compute):
    key = f"_sgddt_{name}"
    if not hasattr(user, key):
        setattr(user, key, compute())
    return getattr(user, key)


def administered_units(user):
    """Units whose accounts this user may manage."""

    def compute():
        if not user.is_active:
            return Unit.objects.none()
        if user.is_superuser:
            return Unit.objects.all()
        own = Unit.objects.filter(groups__role=UnitRole.ADMIN, groups__group__user=user)
        if own.filter(code=DEPARTMENT_CODE).exists():
            return Unit.objects.all()
        return own.distinct()

    return _cache(user, "administered_units", compute)


def manageable_groups(user):
    """The groups (roles) this user may grant: their units' roles; for the department, also its sector role."""
    if user.is_superuser:
        return Group.objects.all()
    units = administered_units(user)
    roles = Q(unit_group__unit__in=units)
    if units.filter(code=DEPARTMENT_CODE).exists():
        roles |= Q(name=SECTOR_MODERATOR_GROUP)
    return Group.objects.filter(roles).distinct()


def manageable_users(user):
    """Accounts this user may list and edit: those holding a role in an administered unit."""
    User = get_user_model()
    if user.is_superuser:
        return User.objects.all()
    return User.objects.filter(groups__in=manageable_groups(user)).exclude(is_superuser=True).distinct()


def is_sector_moderator(user):
    if not user.is_active:
        return False
    return user.is_superuser or _cache(
        user, "sector_moderator", lambda: user.groups.filter(name=SECTOR_MODERATOR_GROUP).exists()
    )


def moderated_units(user):
    """Units whose moderation queue this user sees."""

    def compute():
        if is_sector_moderator(user):
            return Unit.objects.all()
        roles = [UnitRole.MODERATOR, UnitRole.ADMIN]
        return Unit.objects.filter(groups__role__in=roles, groups__group__user=user).distinct()

    return _cache(user, "moderated_units", compute)


def role_label(group):
    """A person-readable name for a role group: "Biên tập viên – THPT Chuyên Lào Cai"."""
    link = getattr(group, "unit_group", None)
    if isinstance(link, UnitGroup):
        return f"{link.get_role_display()} – {link.unit.display_name}"
    if group.name == SECTOR_MODERATOR_GROUP:
        return str(SECTOR_MODERATOR_LABEL)
    return group.name
