"""The public form page: show, check (fields, consent, anti-spam), store, then the thank-you page.

Never cached: the page carries a CSRF token and a timing token, and is answered
`private, no-store` (the page cache and proxies skip it). A successful POST
redirects (post/redirect/get) to `?da-gui=1`, shown once from the session.
"""

import datetime
import functools

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from questions import antispam

FORMS = antispam.Scope(
    name="webforms",
    challenge_key="sgddt-webform-challenge",
    limit_per_ip_setting="WEBFORM_LIMIT_PER_IP_HOUR",
    limit_per_contact_setting="WEBFORM_LIMIT_PER_CONTACT_DAY",
    challenge_after_setting="WEBFORM_CHALLENGE_AFTER",
    ip_message=gettext_lazy(
        "Máy của bạn đã gửi %(limit)d biểu mẫu trong một giờ qua. Xin gửi lại sau ít phút; "
        "thông tin bạn nhập vẫn được giữ trên trang này."
    ),
    contact_message=gettext_lazy(
        "%(contact)s đã được dùng để gửi %(limit)d biểu mẫu trong 24 giờ qua, mức tối đa cho một người. "
        "Xin gửi lại vào ngày mai, hoặc gọi điện trực tiếp cho đơn vị."
    ),
)
SENT_PARAMETER = "da-gui"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def sent_key(page):
    return f"sgddt-webform-sent-{page.pk}"


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def serve_form(page, request):
    unit = getattr(request, "unit", None)
    consent_label = page.consent_label(unit.name if unit else page.get_site().site_name)
    if request.method == "GET" and request.GET.get(SENT_PARAMETER) and request.session.pop(sent_key(page), None):
        return _private(page.render_landing_page(request))
    form = None
    if request.method == "POST":
        challenged = antispam.needs_challenge(request, FORMS)
        antispam.record_attempt(request, FORMS)
        form = page.get_form(
            request.POST, page=page, user=request.user, challenged=challenged, consent_label=consent_label
        )
        if form.is_spam:
            # Said plainly, in case a person's browser autofilled the hidden field.
            messages.error(request, _("Không gửi được biểu mẫu. Xin tải lại trang và gửi lại."))
            return redirect(page.get_url(request))
        valid = form.is_valid()
        if form.sent_too_fast(settings.WEBFORM_MIN_SECONDS):
            form.add_error(
                None,
                _(
                    "Biểu mẫu được gửi ngay khi vừa mở trang, như máy tự động. "
                    "Xin kiểm tra lại thông tin rồi bấm Gửi lần nữa."
                ),
            )
            form.renew_timing_token()
            valid = False
        if valid and challenged and not antispam.challenge_passed(request, form.cleaned_data["challenge"], FORMS):
            form.add_error("challenge", _("Câu trả lời kiểm tra chưa đúng, xin thử lại."))
            valid = False
        limit_message = antispam.limit_reached(request, form.contacts, FORMS) if valid else None
        if valid and not limit_message:
            page.process_form_submission(form)
            antispam.record_sent(request, form.contacts, FORMS)
            request.session[sent_key(page)] = True
            return redirect(f"{page.get_url(request)}?{SENT_PARAMETER}=1")
        if limit_message:
            form.add_error(None, limit_message)
    form = form or page.get_form(page=page, user=request.user, consent_label=consent_label)
    if antispam.needs_challenge(request, FORMS):
        form.ask_challenge(antispam.new_challenge(request, FORMS))
    context = page.get_context(request)
    context["form"] = form
    return _private(TemplateResponse(request, page.get_template(request), context))


# --- Admin: the submissions listing and its exports ------------------------------------


def vietnamese_date(value):
    """A stored date ("2012-09-05") as staff write it: 05/09/2012."""
    try:
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return value


@functools.cache
def submissions_list_view_class():
    """Wagtail's listing (filters, CSV and XLSX export), with a CSV that Excel opens as UTF-8."""
    from wagtail.contrib.forms.views import SubmissionsListView

    class UnitSubmissionsListView(SubmissionsListView):
        def stream_csv(self, queryset):
            # Excel reads a CSV without a byte order mark as the local code page: "Nguyễn" would be garbled.
            yield "\ufeff".encode()
            yield from super().stream_csv(queryset)

        @functools.cached_property
        def date_fields(self):
            return {field.clean_name for field in self.form_page.get_form_fields() if field.field_type == "date"}

        def to_row_dict(self, item):
            row = super().to_row_dict(item)
            for name in self.date_fields & set(row):
                row[name] = vietnamese_date(row[name])
            return row

        def get_context_data(self, **kwargs):
            context = super().get_context_data(**kwargs)
            if not self.is_export:
                names = [name for name, _label in self.form_page.get_data_fields()]
                positions = [position for position, name in enumerate(names) if name in self.date_fields]
                for row in context["data_rows"]:
                    for position in positions:
                        row["fields"][position] = vietnamese_date(row["fields"][position])
            return context

        def preprocess_field_value(self, field, value, export_format):
            if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                # Wagtail writes the submission time in UTC: the school reads Lào Cai's local time.
                value = timezone.make_naive(timezone.localtime(value))
                if export_format == self.FORMAT_CSV:
                    return value.strftime("%d/%m/%Y %H:%M")
            value = super().preprocess_field_value(field, value, export_format)
            if export_format == self.FORMAT_CSV and isinstance(value, str) and value.startswith(FORMULA_STARTS):
                return "'" + value  # what a visitor typed is never run as a spreadsheet formula (XLSX: Wagtail's)
            return value

    return UnitSubmissionsListView
