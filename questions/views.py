"""Hỏi đáp views: the public list, form and lookup on every site; the staff queue and question page in the admin."""

import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from home.models import Topic
from home.tabular import normalise_text
from schoolsite.models import DEPARTMENT_CODE, Unit
from search.services import fulltext_ids

from . import antispam, services
from .forms import AnswerForm, AskForm, AssignForm, PublishForm, RejectForm
from .models import AnsweredQuestionPage, Question, QuestionStatus

SENT_SESSION_KEY = "sgddt-question-sent"


# --- Public side ------------------------------------------------------------------


def published_answers(index, sector_wide):
    """Live, public answers of this Hỏi đáp section, or of every active unit's."""
    pages = AnsweredQuestionPage.objects.live().public()
    if not sector_wide:
        return pages.descendant_of(index)
    for path in Unit.objects.filter(is_active=False).exclude(home_page=None).values_list("home_page__path", flat=True):
        pages = pages.exclude(path__startswith=path)
    return pages


def answered_list(request, index):
    """Published questions and answers, newest first; filter by lĩnh vực; search through the search app."""
    unit = request.unit
    sector_wide = unit is not None and unit.code == DEPARTMENT_CODE
    answers = published_answers(index, sector_wide)
    topics = Topic.objects.filter(pk__in=answers.exclude(topic=None).values("topic")).order_by("name")
    topic = request.GET.get("linh-vuc", "")
    if topic:
        answers = answers.filter(topic__slug=topic)
    query = normalise_text(request.GET.get("q", ""))[:200]
    if query:
        ranked = fulltext_ids(Page.objects.filter(pk__in=answers.values("pk")), query, limit=200)
        order = {pk: position for position, pk in enumerate(ranked)}
        results = sorted(answers.filter(pk__in=ranked).select_related("topic"), key=lambda page: order[page.pk])
    else:
        results = answers.select_related("topic").order_by("-answered_on", "-pk")
    paginator = Paginator(results, index.per_page)
    page_obj = paginator.get_page(request.GET.get("trang"))
    if sector_wide:
        units = services.units_by_page(page_obj.object_list)
        for answer in page_obj.object_list:
            answer.unit = units.get(answer.pk)
    return index.render(
        request,
        context_overrides={
            "results": page_obj,
            "paginator": paginator,
            "topics": topics,
            "topic": topic,
            "query": query,
            "sector_wide": sector_wide,
        },
    )


def ask(request, index):
    """The question form: validation keeps what was typed; success shows the tracking code."""
    form = None
    if request.method == "POST":
        challenged = antispam.needs_challenge(request)
        antispam.record_attempt(request)
        form = AskForm(request.POST, request.FILES, challenged=challenged)
        if form.is_spam:
            # Said plainly, in case a person's browser autofilled the hidden field.
            messages.error(request, _("Không gửi được câu hỏi. Xin tải lại trang và gửi lại."))
            return redirect(index.get_url(request) + index.reverse_subpage("ask"))
        valid = form.is_valid()
        if valid and challenged and not antispam.challenge_passed(request, form.cleaned_data["challenge"]):
            form.add_error("challenge", _("Câu trả lời kiểm tra chưa đúng, xin thử lại."))
            valid = False
        limit_message = antispam.limit_reached(request, form.contacts) if valid else None
        if valid and not limit_message:
            question = form.save(commit=False)
            question.unit = question.received_by = request.unit
            services.submit(question)
            antispam.record_sent(request, form.contacts)
            request.session[SENT_SESSION_KEY] = question.code
            return redirect(index.get_url(request) + index.reverse_subpage("sent"))
        if limit_message:
            form.add_error(None, limit_message)
    form = form or AskForm()
    if antispam.needs_challenge(request):
        form.ask_challenge(antispam.new_challenge(request))
    return index.render(request, template="questions/ask.html", context_overrides={"form": form})


def sent(request, index):
    code = request.session.get(SENT_SESSION_KEY)
    if not code:
        return redirect(index.get_url(request) + index.reverse_subpage("ask"))
    question = Question.objects.select_related("unit").filter(code=code).first()
    return index.render(request, template="questions/sent.html", context_overrides={"question": question})


def normalise_code(value):
    code = "".join((value or "").split()).upper()
    if code and not code.startswith("HD-"):
        code = "HD-" + code.removeprefix("HD")
    return code


def lookup(request, index):
    """The status of a question by its tracking code: never the asker's personal data."""
    code = normalise_code(request.GET.get("ma", ""))[:20]
    question, error = None, ""
    if code:
        if not antispam.lookup_allowed(request):
            error = _("Bạn đã tra cứu quá nhiều lần trong một giờ. Xin thử lại sau.")
        else:
            questions = Question.objects.select_related("unit", "received_by", "published_page")
            question = questions.filter(code=code).first()
            if question is None:
                error = _("Không tìm thấy câu hỏi có mã %(code)s. Xin kiểm tra lại mã trong thư xác nhận.") % {
                    "code": code
                }
    response = index.render(
        request,
        template="questions/lookup.html",
        context_overrides={"code": code, "question": question, "error": error},
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Admin: the queue and the question page ---------------------------------------


class QuestionAccessMixin:
    """Only staff of units that answer questions; a question only for staff of the unit holding it."""

    def dispatch(self, request, *args, **kwargs):
        self.units = services.units_answered_by(request.user)
        if not self.units.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_question(self):
        # Another unit's question is "not found": its existence is not disclosed either.
        return get_object_or_404(
            Question.objects.select_related("unit", "received_by", "topic", "answered_by", "published_page"),
            pk=self.kwargs["pk"],
            unit__in=self.units,
        )


STATUS_TABS = [("mo", gettext_lazy("Cần xử lý"), list(services.OPEN_STATUSES))] + [
    (status.value, status.label, [status.value]) for status in QuestionStatus
]


class QuestionQueueView(QuestionAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "questions/admin/queue.html"
    page_title = gettext_lazy("Hỏi đáp")
    header_icon = "help"
    per_page = 30

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questions = Question.objects.filter(unit__in=self.units)
        unit_code = self.request.GET.get("don-vi", "")
        if unit_code:
            questions = questions.filter(unit__code=unit_code)
        counts = dict(questions.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        tab = self.request.GET.get("trang-thai", "mo")
        statuses = next((s for key, _label, s in STATUS_TABS if key == tab), None)
        if statuses is None:
            tab, statuses = STATUS_TABS[0][0], STATUS_TABS[0][2]
        listed = questions.filter(status__in=statuses).select_related("unit", "topic")
        # Open questions: the longest waiting first; the others: the latest first.
        listed = listed.order_by("created_at") if tab == "mo" else listed.order_by("-updated_at")
        page_obj = Paginator(listed, self.per_page).get_page(self.request.GET.get("trang"))
        context.update(
            tabs=[(key, label, sum(counts.get(s, 0) for s in s_list)) for key, label, s_list in STATUS_TABS],
            tab=tab,
            page_obj=page_obj,
            overdue_count=questions.overdue().count(),
            unit_choices=self.units.order_by("name").values_list("code", "short_name")
            if self.units.count() > 1
            else [],
            unit_code=unit_code,
        )
        return context


class QuestionDetailView(QuestionAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """Everything about one question, with the actions its state allows."""

    template_name = "questions/admin/detail.html"
    header_icon = "help"
    forms = {
        "answer": AnswerForm,
        "assign": AssignForm,
        "publish": PublishForm,
        "reject": RejectForm,
    }

    def get_page_title(self):
        return _("Câu hỏi %(code)s") % {"code": self.question.code}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("questions_admin:queue"), "label": _("Hỏi đáp")},
            {"url": "", "label": self.get_page_title()},
        ]

    def setup_question(self):
        self.question = self.get_question()
        self.can_publish = services.can_publish(self.request.user, self.question)
        self.from_department = services.can_route_from_department(self.request.user)
        # Portal administrators oversee every unit's queue; only the holding unit's staff read and act.
        self.holder = services.sees_personal_data(self.request.user, self.question)

    def make_form(self, name, data=None):
        question = self.question
        if name == "answer":
            return AnswerForm(data, initial={"answer": question.answer}, prefix="answer")
        if name == "assign":
            return AssignForm(data, question=question, from_department=self.from_department, prefix="assign")
        if name == "publish":
            page = question.published_page
            initial = {
                "title": page.title if page else question.title,
                "question_text": page.question_text if page else question.body,
            }
            return PublishForm(data, initial=initial, prefix="publish")
        return RejectForm(data, prefix="reject")

    def get(self, request, *args, **kwargs):
        self.setup_question()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.setup_question()
        action = request.POST.get("action", "")
        question, user = self.question, request.user
        if action == "unpublish" and self.holder and self.can_publish and question.status == QuestionStatus.PUBLISHED:
            services.unpublish(question, user)
            messages.success(request, _("Đã gỡ câu hỏi khỏi trang công khai."))
            return redirect("questions_admin:detail", question.pk)
        if action not in self.forms or not self.action_allowed(action):
            raise PermissionDenied
        form = self.make_form(action, request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**{f"{action}_form": form}))
        data = form.cleaned_data
        if action == "answer":
            services.answer(question, data["answer"], user)
            messages.success(request, _("Đã lưu câu trả lời."))
        elif action == "assign":
            services.assign(question, data["unit"], user, data["note"])
            messages.success(
                request,
                _("Đã chuyển câu hỏi %(code)s cho %(unit)s.") % {"code": question.code, "unit": data["unit"].name},
            )
            if not services.can_handle(user, question):
                return redirect("questions_admin:queue")
        elif action == "publish":
            try:
                page = services.publish(question, user, title=data["title"], question_text=data["question_text"])
            except ValueError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Đã công bố tại %(url)s.") % {"url": page.full_url})
        elif action == "reject":
            services.reject(question, user, data["reason"])
            messages.success(request, _("Đã ghi nhận không tiếp nhận câu hỏi."))
        return redirect("questions_admin:detail", question.pk)

    def action_allowed(self, action):
        if not self.holder:
            return False
        status = self.question.status
        if action == "answer":
            return status != QuestionStatus.REJECTED
        if action == "assign":
            return status in services.OPEN_STATUSES
        if action == "publish":
            return self.can_publish and status in (QuestionStatus.ANSWERED, QuestionStatus.PUBLISHED)
        if action == "reject":
            return status in services.OPEN_STATUSES
        return False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for name in self.forms:
            if self.action_allowed(name):
                context.setdefault(f"{name}_form", self.make_form(name))
        context.update(
            question=self.question,
            can_publish=self.can_publish,
            history=self.question.history,
            sees_personal_data=self.holder,
            attachment_name=os.path.basename(self.question.attachment.name) if self.question.attachment else "",
        )
        return context


class AttachmentDownloadView(QuestionAccessMixin, TemplateView):
    """The asker's attachment, from private storage, to staff of the holding unit only."""

    def get(self, request, *args, **kwargs):
        question = self.get_question()
        if not question.attachment or not services.sees_personal_data(request.user, question):
            raise Http404
        response = FileResponse(
            question.attachment.open("rb"), as_attachment=True, filename=os.path.basename(question.attachment.name)
        )
        response["Cache-Control"] = "private, no-store"
        return response


def open_question_count(user):
    return Question.objects.open().filter(unit__in=services.units_answered_by(user)).count()
