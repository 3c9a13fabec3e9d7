"""Submissions of editor-built forms: storing, notifying staff, retention."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.contrib.forms.models import FormSubmission
from wagtail.log_actions import log

logger = logging.getLogger(__name__)


def store_submission(page, form):
    """Keep what the person typed in the editor's fields only (NFC already), then tell the staff if asked."""
    data = {name: form.cleaned_data.get(name) for name in form.data_field_names}
    submission = FormSubmission.objects.create(form_data=data, page=page)
    if page.to_address:
        transaction.on_commit(lambda: notify_staff(page, submission))
    return submission


def notify_staff(page, submission):
    """A short note to the form's addresses: that something came, and where to read it. No personal data.

    The answers stay behind the admin's login (and its per-unit permissions); a mailbox, or a
    console e-mail backend writing to the logs, never holds them.
    """
    addresses = [address.strip() for address in page.to_address.split(",") if address.strip()]
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailforms:list_submissions", args=[page.pk])
    subject = page.subject or _("Biểu mẫu “%(title)s”: có bản gửi mới") % {"title": page.title}
    body = _(
        "Biểu mẫu “%(title)s” vừa nhận một bản gửi mới lúc %(time)s.\n\n"
        "Xem và tải về (đăng nhập trang quản trị): %(url)s\n\n"
        "Thư này không chứa thông tin người gửi; thư được gửi tự động, xin đừng trả lời."
    ) % {
        "title": page.title,
        "time": timezone.localtime(submission.submit_time).strftime("%H:%M %d/%m/%Y"),
        "url": url,
    }
    try:
        send_mail(subject, body, page.from_address or None, addresses)
    except Exception:  # noqa: BLE001 – a mail server down must not lose the submission
        logger.warning("form notification not sent", extra={"page_id": page.pk, "submission_id": submission.pk})


def expired_submissions(page, now=None):
    now = now or timezone.now()
    return FormSubmission.objects.filter(page=page, submit_time__lt=now - datetime.timedelta(days=page.kept_days))


def erase_expired_submissions(now=None):
    """Delete submissions older than their form's retention; one audit-log entry per form. Returns {form: count}."""
    from .models import FormPage

    now = now or timezone.now()
    erased = {}
    for page in FormPage.objects.filter(pk__in=FormSubmission.objects.values("page")).order_by("pk"):
        with transaction.atomic():
            count, _by_model = expired_submissions(page, now).delete()
            if count:
                log(
                    instance=page,
                    action="sgddt.form_submissions_erase",
                    data={"count": count, "days": page.kept_days},
                )
                erased[page] = count
    return erased


def forms_visible_to(user, pages):
    """Restrict form pages to those whose answers this user may read (see wagtail_hooks)."""
    from schoolsite.models import HOME_PATH_LENGTH, Unit, UnitRole

    if not user.is_active:
        return pages.none()
    if user.is_superuser:
        return pages
    homes = Unit.objects.filter(
        groups__role__in=[UnitRole.MODERATOR, UnitRole.ADMIN], groups__group__user=user
    ).values_list("home_page__path", flat=True)
    paths = Q()
    for path in homes:
        if path:
            paths |= Q(path__startswith=path[:HOME_PATH_LENGTH])
    return pages.filter(paths) if paths else pages.none()
