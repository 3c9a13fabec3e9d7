"""Who may raise alerts, for which units.

- A unit's moderators and admins (roles "duyet" and "quantri") raise alerts for their own unit's site.
- The department's moderators and admins (who may also address units, `schoolsite.address_units`) and
  portal administrators raise alerts for the whole sector, unit types, districts or any list of units.
- Editors (biên tập viên) may not: an alert goes live without review.
- Nobody deletes an alert: it is ended (its end time), and kept with its history.
"""

from wagtail.permission_policies.base import ModelPermissionPolicy

from schoolsite.models import DEPARTMENT_CODE, Unit, UnitRole

ALERT_ROLES = [UnitRole.MODERATOR, UnitRole.ADMIN]


def _memo(user, name, compute):
    key = f"_sgddt_alerts_{name}"
    if not hasattr(user, key):
        setattr(user, key, compute())
    return getattr(user, key)


def alert_units(user):
    """Units whose site this user may put an alert on as their own unit."""

    def compute():
        if not user.is_active:
            return Unit.objects.none()
        if user.is_superuser:
            return Unit.objects.all()
        return Unit.objects.filter(groups__role__in=ALERT_ROLES, groups__group__user=user).distinct()

    return _memo(user, "units", compute)


def may_address_many(user):
    """The department's moderators and admins, and portal administrators: any units, the whole sector."""

    def compute():
        if not user.is_active:
            return False
        if user.is_superuser:
            return True
        return user.has_perm("schoolsite.address_units") and alert_units(user).filter(code=DEPARTMENT_CODE).exists()

    return _memo(user, "many", compute)


def may_raise(user):
    return _memo(user, "raise", lambda: user.is_active and (user.is_superuser or alert_units(user).exists()))


def visible_alerts(user):
    """Alerts this user lists and edits: every one for the department, their units' own for a school."""
    from .models import Alert

    if may_address_many(user):
        return Alert.objects.all()
    if not may_raise(user):
        return Alert.objects.none()
    return Alert.objects.filter(unit__in=alert_units(user))


class AlertPermissionPolicy(ModelPermissionPolicy):
    """Rights from the unit roles above instead of model permissions granted to groups."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "view"):
            return may_raise(user)
        return False  # delete, and anything else

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and visible_alerts(user).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        return visible_alerts(user)
