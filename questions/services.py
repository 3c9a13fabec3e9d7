"""Hỏi đáp: routing, answering, publishing and erasing questions, each step in Wagtail's audit log."""

import datetime
import html

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.roles import is_sector_moderator
from home.tabular import fold
from schoolsite.models import DEPARTMENT_CODE, HOME_PATH_LENGTH, Unit, UnitRole
from schoolsite.sites import units_by_home_path

from .models import OPEN_STATUSES, AnsweredQuestionPage, Question, QuestionIndexPage, QuestionStatus

__all__ = ["OPEN_STATUSES"]

HANDLING_ROLES = (UnitRole.EDITOR, UnitRole.MODERATOR, UnitRole.ADMIN)
PUBLISHING_ROLES = (UnitRole.MODERATOR, UnitRole.ADMIN)


def units_answered_by(user, roles=HANDLING_ROLES):
    """Units whose questions this person handles: their own units (portal administrators: all, for oversight,
    without the askers' personal data: see sees_personal_data)."""
    if not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(groups__role__in=roles, groups__group__user=user).distinct()


def sees_personal_data(user, question):
    """Only staff of the unit holding the question see who asked: portal administrators included."""
    return user.is_active and Unit.objects.filter(pk=question.unit_id, groups__group__user=user).exists()


def can_handle(user, question):
    return units_answered_by(user).filter(pk=question.unit_id).exists()


def can_publish(user, question):
    return units_answered_by(user, PUBLISHING_ROLES).filter(pk=question.unit_id).exists()


def can_route_from_department(user):
    """The department hands questions to schools and district offices (its staff, or sector moderators)."""
    return units_answered_by(user).filter(code=DEPARTMENT_CODE).exists() or is_sector_moderator(user)


def units_by_page(pages):
    """The unit whose site holds each page, by page id (one lookup for a whole list)."""
    units = units_by_home_path()
    return {page.pk: units.get(page.path[:HOME_PATH_LENGTH]) for page in pages}


def _notify(question, subject, message):
    if question.asker_email:
        send_mail(subject, message, None, [question.asker_email], fail_silently=True)


def _lookup_url(question):
    site = question.received_by.site
    base = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return f"{base}/hoi-dap/tra-cuu/?ma={question.code}"


def submit(question):
    """A new question from the public form: saved, recorded, and its code sent to the asker."""
    question.save()
    log(instance=question, action="sgddt.question_submit", data={"unit": question.unit.code})
    transaction.on_commit(
        lambda: _notify(
            question,
            _("Đã nhận câu hỏi %(code)s") % {"code": question.code},
            _(
                "%(unit)s đã nhận câu hỏi “%(title)s” của bạn.\n\n"
                "Mã tra cứu: %(code)s\nTheo dõi trả lời tại: %(url)s\n\n"
                "Thư này được gửi tự động, xin đừng trả lời thư."
            )
            % {
                "unit": question.unit.name,
                "title": question.title,
                "code": question.code,
                "url": _lookup_url(question),
            },
        )
    )
    return question


def assign(question, unit, user, note=""):
    """Hand a question to another unit (the department to a school, or a school back to the department)."""
    previous = question.unit
    question.unit = unit
    question.status = QuestionStatus.NEW if unit.code == DEPARTMENT_CODE else QuestionStatus.ASSIGNED
    question.save(update_fields=["unit", "status", "updated_at"])
    log(
        instance=question,
        action="sgddt.question_assign",
        user=user,
        data={
            "from": previous.code,
            "from_name": previous.short_name or previous.name,
            "to": unit.code,
            "to_name": unit.short_name or unit.name,
            "note": note,
        },
    )


def answer(question, text, user):
    question.answer = text
    question.answered_by = user
    question.answered_at = timezone.now()
    question.status = QuestionStatus.ANSWERED
    question.save()
    log(instance=question, action="sgddt.question_answer", user=user)
    transaction.on_commit(
        lambda: _notify(
            question,
            _("Câu hỏi %(code)s đã được trả lời") % {"code": question.code},
            _("%(unit)s đã trả lời câu hỏi “%(title)s” của bạn:\n\n%(answer)s\n\nXem câu trả lời tại: %(url)s")
            % {
                "unit": question.unit.name,
                "title": question.title,
                "answer": html.unescape(strip_tags(text)).strip(),
                "url": _lookup_url(question),
            },
        )
    )


def publish(question, user, *, title, question_text, answer_html=None):
    """Publish the answer on the holding unit's site: a page with the public wording only."""
    index = QuestionIndexPage.objects.child_of(question.unit.home_page).first()
    if index is None:
        raise ValueError(_("Đơn vị chưa có mục Hỏi đáp."))
    page = question.published_page
    fields = {
        "title": title,
        "question_text": question_text,
        "answer": answer_html if answer_html is not None else question.answer,
        "topic": question.topic,
        "asked_on": timezone.localtime(question.created_at).date(),
        "answered_on": timezone.localtime(question.answered_at or timezone.now()).date(),
    }
    if page is None or page.get_parent().pk != index.pk:
        if page is not None:
            page.unpublish(user=user)
        page = AnsweredQuestionPage(slug=_free_slug(index, title), **fields)
        index.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    page.save_revision(user=user, log_action=True).publish(user=user)
    question.published_page = page
    question.status = QuestionStatus.PUBLISHED
    question.save(update_fields=["published_page", "status", "updated_at"])
    log(instance=question, action="sgddt.question_publish", user=user, data={"page": page.pk})
    return page


def unpublish(question, user):
    if question.published_page and question.published_page.live:
        question.published_page.unpublish(user=user)
    question.status = QuestionStatus.ANSWERED
    question.save(update_fields=["status", "updated_at"])
    log(instance=question, action="sgddt.question_unpublish", user=user)


def reject(question, user, reason):
    question.status = QuestionStatus.REJECTED
    question.rejection_reason = reason
    question.save(update_fields=["status", "rejection_reason", "updated_at"])
    log(instance=question, action="sgddt.question_reject", user=user)
    transaction.on_commit(
        lambda: _notify(
            question,
            _("Câu hỏi %(code)s không được tiếp nhận") % {"code": question.code},
            _("%(unit)s không tiếp nhận câu hỏi “%(title)s” của bạn.\n\nLý do: %(reason)s")
            % {"unit": question.unit.name, "title": question.title, "reason": reason},
        )
    )


def _free_slug(index, title):
    base = slugify(fold(title))[:60].strip("-") or "cau-hoi"
    slug, number = base, 2
    while index.get_children().filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


ERASED = "(đã xoá theo thời hạn lưu trữ)"


def erase_expired_personal_data(now=None):
    """Erase the asker's identity and attachment from questions older than the retention period.

    The published page is untouched (it never held personal data); the private
    wording of the question (title and text) goes too, since people write names
    and addresses into it. The unit's answer is kept as the record of the reply.
    """
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.QUESTION_RETENTION_DAYS)
    erased = 0
    for question in Question.objects.filter(created_at__lt=limit, personal_data_erased_at=None):
        if question.attachment:
            question.attachment.delete(save=False)
        question.asker_name = ERASED
        question.asker_email = ""
        question.asker_phone = ""
        published = question.published_page
        question.title = published.title if published else ERASED
        question.body = published.question_text if published else ERASED
        question.personal_data_erased_at = now
        question.save()
        log(instance=question, action="sgddt.question_erase")
        erased += 1
    return erased
