"""Moderation: per-unit workflows, the department's review of school news, and the queues.

Queues are built with a fixed number of queries whatever the number of units:
a page's unit is found from the first segment of its tree path (every unit's
home page sits directly under the root).
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import (
    GroupApprovalTask,
    Page,
    PageLogEntry,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from accounts.roles import SECTOR_MODERATOR_GROUP, is_sector_moderator, moderated_units
from schoolsite.models import HOME_PATH_LENGTH, Unit, UnitGroup, UnitRole

from .models import DepartmentReview, ReviewStatus


def unit_for_page(page):
    return Unit.objects.for_page(page)


def ensure_unit_workflow(unit):
    """The unit's approval workflow: its moderators approve what its editors submit."""
    if WorkflowPage.objects.filter(page=unit.home_page).exists():
        return
    moderators = UnitGroup.objects.get(unit=unit, role=UnitRole.MODERATOR).group
    task = GroupApprovalTask.objects.create(name=_("Duyệt tin của %(unit)s") % {"unit": unit.display_name})
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name=_("Quy trình duyệt – %(unit)s") % {"unit": unit.display_name})
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=unit.home_page)


# --- Department review -------------------------------------------------------


def sync_department_review(page, revision=None, user=None):
    """After a publication: send the page up, or withdraw it, as the school marked it."""
    unit = unit_for_page(page)
    if unit is None or unit.is_department:
        return None
    review = DepartmentReview.objects.filter(page=page).first()
    wants_review = getattr(page, "send_to_department", False)
    if not wants_review:
        if review and review.status in (ReviewStatus.PENDING, ReviewStatus.APPROVED):
            review.status = ReviewStatus.WITHDRAWN
            review.save(update_fields=["status"])
        return review
    # Every new publication is looked at again: the department approves content, not a page id.
    review = review or DepartmentReview(page=page, unit=unit)
    review.unit = unit
    review.status = ReviewStatus.PENDING
    review.revision = revision
    review.submitted_by = user or (revision.user if revision else None)
    review.submitted_at = timezone.now()
    review.decided_by = None
    review.decided_at = None
    review.comment = ""
    review.save()
    log(instance=page, action="sgddt.department_submit", user=review.submitted_by)
    transaction.on_commit(lambda: notify_department_moderators(review))
    return review


def approve(review, user):
    review.status = ReviewStatus.APPROVED
    review.decided_by = user
    review.decided_at = timezone.now()
    review.comment = ""
    review.save()
    log(instance=review.page.specific, action="sgddt.department_approve", user=user)
    transaction.on_commit(lambda: notify_author(review))


def reject(review, user, comment):
    review.status = ReviewStatus.REJECTED
    review.decided_by = user
    review.decided_at = timezone.now()
    review.comment = comment
    review.save()
    log(instance=review.page.specific, action="sgddt.department_reject", user=user, data={"comment": comment})
    transaction.on_commit(lambda: notify_author(review))


def can_review(user):
    return is_sector_moderator(user)


# --- Notifications ---------------------------------------------------------------


def _admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def notify_department_moderators(review):
    User = get_user_model()
    recipients = list(
        User.objects.filter(groups__name=SECTOR_MODERATOR_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return
    subject = _("[Cổng Sở] Tin chờ duyệt từ %(unit)s: %(title)s") % {
        "unit": review.unit.display_name,
        "title": review.page.title,
    }
    body = _("%(unit)s đề nghị đưa tin “%(title)s” lên Cổng thông tin của Sở.\n\nXem và duyệt tại: %(url)s\n") % {
        "unit": review.unit.name,
        "title": review.page.title,
        "url": _admin_url(reverse("moderation:queue")),
    }
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients])


def notify_author(review):
    """Tell the page's author (its owner) and whoever published it what the department decided."""
    people = {review.page.owner, review.submitted_by} - {None}
    recipients = sorted({person.email for person in people if person.email and person.is_active})
    if not recipients:
        return
    edit_url = _admin_url(reverse("wagtailadmin_pages:edit", args=[review.page_id]))
    if review.status == ReviewStatus.APPROVED:
        subject = _("[Cổng Sở] Tin “%(title)s” đã được đưa lên Cổng Sở") % {"title": review.page.title}
        body = _("Sở Giáo dục và Đào tạo đã duyệt tin “%(title)s” để hiện trên Cổng thông tin của Sở.\n") % {
            "title": review.page.title
        }
    else:
        subject = _("[Cổng Sở] Tin “%(title)s” được trả lại") % {"title": review.page.title}
        body = _(
            "Sở Giáo dục và Đào tạo chưa đưa tin “%(title)s” lên Cổng thông tin của Sở.\n\n"
            "Ý kiến của Sở:\n%(comment)s\n\nSửa tin tại: %(url)s\n"
        ) % {"title": review.page.title, "comment": review.comment, "url": edit_url}
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients])


# --- Queues -------------------------------------------------------------------------


@dataclass
class QueueItem:
    page: Page
    unit: Unit
    author: object
    submitted_at: datetime
    task_name: str = ""
    review: DepartmentReview | None = None
    published_by: object = None

    @property
    def waiting(self):
        return timezone.now() - self.submitted_at

    @property
    def waiting_days(self):
        return self.waiting.days

    @property
    def page_type(self):
        return self.page.specific_class._meta.verbose_name if self.page.specific_class else ""


def _units_index():
    return {u.home_page.path: u for u in Unit.objects.select_related("home_page").exclude(home_page=None)}


def filter_units(units, *, unit_code=None, district=None, unit_type=None):
    if unit_code:
        units = units.filter(code=unit_code)
    if district:
        units = units.filter(district=district)
    if unit_type:
        units = units.filter(unit_type=unit_type)
    return units


def _visible_home_paths(user, **filters):
    units = filter_units(moderated_units(user), **filters)
    return set(units.exclude(home_page=None).values_list("home_page__path", flat=True))


def pending_unit_tasks(user, **filters):
    """Workflow tasks waiting for a unit moderator, in the units this user moderates."""
    paths = _visible_home_paths(user, **filters)
    if not paths:
        return []
    states = (
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        )
        .select_related("task", "workflow_state__requested_by")
        .order_by("started_at")
    )
    page_ids = {}
    for state in states:
        page_ids.setdefault(int(state.workflow_state.object_id), state)
    pages = Page.objects.filter(pk__in=page_ids).select_related("content_type")
    units = _units_index()
    items = []
    for page in pages:
        home_path = page.path[:HOME_PATH_LENGTH]
        if home_path not in paths:
            continue
        state = page_ids[page.pk]
        items.append(
            QueueItem(
                page=page,
                unit=units.get(home_path),
                author=state.workflow_state.requested_by,
                submitted_at=state.started_at,
                task_name=state.task.name,
            )
        )
    return sorted(items, key=lambda item: item.submitted_at)


def writers_of(pages):
    """Who wrote each page: whoever sent its last approved version for the unit's approval, else its owner."""
    writers = {page.pk: page.owner for page in pages}
    states = (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(pk) for pk in writers],
            status=WorkflowState.STATUS_APPROVED,
            requested_by__isnull=False,
        )
        .select_related("requested_by")
        .order_by("created_at")
    )
    for state in states:
        writers[int(state.object_id)] = state.requested_by
    return writers


def publishers_of(pages):
    """Who last published each page (the approving moderator when a workflow published it)."""
    publishers = {}
    entries = (
        PageLogEntry.objects.filter(page__in=[page.pk for page in pages], action="wagtail.publish")
        .exclude(user=None)
        .select_related("user")
        .order_by("timestamp", "pk")
    )
    for entry in entries:
        publishers[entry.page_id] = entry.user
    return publishers


def pending_department_reviews(user, **filters):
    """School news waiting for the department; schools see their own, sector moderators all.

    The author is the person who wrote the news at the school; the publisher is the unit
    moderator whose publication sent it up.
    """
    units = filter_units(moderated_units(user), **filters)
    reviews = list(
        DepartmentReview.objects.pending()
        .filter(unit__in=units)
        .select_related("page__content_type", "page__owner", "unit", "submitted_by")
        .order_by("submitted_at")
    )
    writers = writers_of([r.page for r in reviews])
    publishers = publishers_of([r.page for r in reviews])
    return [
        QueueItem(
            page=r.page,
            unit=r.unit,
            author=writers.get(r.page_id),
            published_by=publishers.get(r.page_id, r.submitted_by),
            submitted_at=r.submitted_at,
            review=r,
        )
        for r in reviews
    ]


def workflow_pages_of(user, limit):
    """The latest pages this person sent for approval that are still in a workflow, as queue items."""
    states = list(
        WorkflowState.objects.active()
        .filter(requested_by=user, base_content_type=ContentType.objects.get_for_model(Page))
        .select_related("current_task_state__task")
        .order_by("-current_task_state__started_at")[:limit]
    )
    pages = Page.objects.in_bulk([int(state.object_id) for state in states])
    items = []
    for state in states:
        page = pages.get(int(state.object_id))
        task_state = state.current_task_state
        if page is None or task_state is None:
            continue
        items.append(
            QueueItem(
                page=page,
                unit=None,
                author=user,
                submitted_at=task_state.started_at,
                task_name=task_state.task.name,
            )
        )
    return items
