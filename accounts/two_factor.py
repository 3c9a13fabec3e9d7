"""Two-factor authentication (django-otp): an authenticator app (TOTP) and single-use recovery codes.

Required for portal administrators, the department's moderators and unit
administrators (TWO_FACTOR_REQUIRED); optional for everyone else. Until a
required person has confirmed a device and entered a code in this session,
every admin page sends them to set one up or to enter a code.
"""

import secrets

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from schoolsite.models import DEPARTMENT_CODE, Unit, UnitRole

from .roles import is_sector_moderator

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_DEVICE_NAME = "Mã dự phòng"


def requires_second_factor(user):
    """Portal administrators, the department's moderators and admins, and every unit's admins."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if user.is_superuser or is_sector_moderator(user):
        return True
    # One filter() call: the role and the membership must be the same group.
    admin = Unit.objects.filter(groups__group__user=user, groups__role=UnitRole.ADMIN)
    moderator = Unit.objects.filter(code=DEPARTMENT_CODE, groups__group__user=user, groups__role=UnitRole.MODERATOR)
    return admin.exists() or moderator.exists()


def has_app_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_app_device(user):
    """The authenticator-app device being set up (not yet confirmed by a first code)."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def new_recovery_codes(user):
    """Replace the person's recovery codes with fresh ones; return them (shown once, stored as given)."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def verify(user, token):
    """The device that accepts this code (an app code or a recovery code, used up), or None."""
    token = "".join((token or "").split()).replace("-", "")
    if not token.isdigit():
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def reset_devices(user, by):
    """Remove every second factor of `user` (lost phone); recorded in the audit log."""
    removed = [device.name for device in devices_for_user(user, confirmed=None)]
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    log(instance=user, action="sgddt.otp_reset", user=by, data={"devices": removed})
    return removed
