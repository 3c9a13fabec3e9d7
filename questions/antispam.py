"""Anti-spam for the public forms (Hỏi đáp, the forms editors build), without third-party services.

- A honeypot field, hidden from people and from screen readers: bots fill every field.
- Rate limits per IP address (per hour) and per e-mail or phone (per day), counted in
  the cache, which is shared between processes through Redis in production.
- After repeated attempts from one address, a small arithmetic question in words,
  kept in the session, must be answered before the form is accepted.
- Optionally a signed timing token: a form sent within seconds of being shown is a bot's.

Each form counts under its own `Scope` (its cache keys, limits and wording); `QUESTIONS`
is Hỏi đáp's, the default of every function here.

The client address is read the way the login lockout reads it (django-axes), so a
reverse proxy's X-Real-IP is honoured consistently.
"""

import secrets
import time
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.tabular import fold

HOUR = 3600
DAY = 24 * HOUR
CHALLENGE_SESSION_KEY = "sgddt-question-challenge"
NUMBER_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]
TIMING_SALT = "sgddt.antispam.timing"


@dataclass(frozen=True)
class Scope:
    """One public form's counters: cache key prefix, settings that hold its limits, its messages."""

    name: str
    challenge_key: str
    limit_per_ip_setting: str
    limit_per_contact_setting: str
    challenge_after_setting: str
    # %(limit)d; and %(contact)s for the second.
    ip_message: str
    contact_message: str

    @property
    def limit_per_ip(self):
        return getattr(settings, self.limit_per_ip_setting)

    @property
    def limit_per_contact(self):
        return getattr(settings, self.limit_per_contact_setting)

    @property
    def challenge_after(self):
        return getattr(settings, self.challenge_after_setting)


QUESTIONS = Scope(
    name="questions",
    challenge_key=CHALLENGE_SESSION_KEY,
    limit_per_ip_setting="QUESTION_LIMIT_PER_IP_HOUR",
    limit_per_contact_setting="QUESTION_LIMIT_PER_EMAIL_DAY",
    challenge_after_setting="QUESTION_CHALLENGE_AFTER",
    ip_message=gettext_lazy(
        "Máy của bạn đã gửi %(limit)d câu hỏi trong một giờ qua. Xin gửi lại sau ít phút; "
        "nội dung bạn nhập vẫn được giữ trên trang này."
    ),
    contact_message=gettext_lazy(
        "%(contact)s đã gửi %(limit)d câu hỏi trong 24 giờ qua, mức tối đa cho một người. "
        "Xin gửi lại vào ngày mai, hoặc gọi điện trực tiếp cho đơn vị."
    ),
)


def client_ip(request):
    return get_client_ip_address(request) or "unknown"


def _count(key):
    return cache.get(key, 0)


def _increment(key, timeout):
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout)
        return 1


def _ip_key(kind, request, scope=QUESTIONS):
    return f"sgddt:{scope.name}:{kind}:ip:{client_ip(request)}"


def _contact_key(contact, scope=QUESTIONS):
    return f"sgddt:{scope.name}:contact:{fold(contact).replace(' ', '')}"


def record_attempt(request, scope=QUESTIONS):
    """Count a submission of the form, valid or not (drives the challenge)."""
    _increment(_ip_key("attempts", request, scope), HOUR)


def needs_challenge(request, scope=QUESTIONS):
    return _count(_ip_key("attempts", request, scope)) >= scope.challenge_after


def limit_reached(request, contacts, scope=QUESTIONS):
    """A message if this address or contact has sent too much lately, else None."""
    if _count(_ip_key("sent", request, scope)) >= scope.limit_per_ip:
        return str(scope.ip_message) % {"limit": scope.limit_per_ip}
    for contact in contacts:
        if contact and _count(_contact_key(contact, scope)) >= scope.limit_per_contact:
            return str(scope.contact_message) % {"contact": contact, "limit": scope.limit_per_contact}
    return None


def record_sent(request, contacts, scope=QUESTIONS):
    _increment(_ip_key("sent", request, scope), HOUR)
    for contact in contacts:
        if contact:
            _increment(_contact_key(contact, scope), DAY)


def lookup_allowed(request):
    """Tracking codes are hard to guess; a limit on lookups keeps them so."""
    return _increment(_ip_key("lookups", request), HOUR) <= settings.QUESTION_LOOKUPS_PER_IP_HOUR


def new_challenge(request, scope=QUESTIONS):
    """A question such as "Ba cộng bốn bằng mấy?"; the answer is kept in the session."""
    a, b = secrets.randbelow(6) + 1, secrets.randbelow(4) + 1
    request.session[scope.challenge_key] = a + b
    return _("%(a)s cộng %(b)s bằng mấy?") % {
        "a": NUMBER_WORDS[a].capitalize(),
        "b": NUMBER_WORDS[b],
    }


def challenge_passed(request, answer, scope=QUESTIONS):
    """The answer in digits ("7") or in words, with or without accents ("bảy", "bay")."""
    expected = request.session.get(scope.challenge_key)
    answer = fold(str(answer or ""))
    if expected is None or not answer:
        return False
    words = [fold(word) for word in NUMBER_WORDS]
    return answer == str(expected) or (answer in words and words.index(answer) == expected)


def timing_token(now=None):
    """A signed note of when the form was shown, sent back with it in a hidden field."""
    return signing.Signer(salt=TIMING_SALT).sign(str(int(now if now is not None else time.time())))


def sent_too_fast(token, min_seconds):
    """True when the form came back sooner than a person can fill it, or without a valid token."""
    try:
        shown_at = int(signing.Signer(salt=TIMING_SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return True
    return time.time() - shown_at < min_seconds


class GuardedFormMixin:
    """The honeypot and check-question fields of a public form (use with a Django form class).

    `website` is the honeypot (hidden by CSS and from screen readers; people leave it empty,
    bots fill it); `challenge` is the arithmetic question, required only when `challenged`.
    With `timed = True` the form also carries the timing token (`shown_at`).
    """

    timed = False

    def add_guard_fields(self, challenged=False):
        self.fields["website"] = forms.CharField(required=False, label=gettext_lazy("Để trống ô này"))
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        self.fields["challenge"] = challenge = forms.CharField(
            required=challenged, max_length=10, label=gettext_lazy("Câu hỏi kiểm tra")
        )
        challenge.error_messages["required"] = gettext_lazy("Xin trả lời câu hỏi kiểm tra.")
        challenge.widget.attrs.update(autocomplete="off")
        if self.timed:
            self.fields["shown_at"] = forms.CharField(required=False, widget=forms.HiddenInput)
            self.fields["shown_at"].initial = timing_token()
        self.challenge_question = ""

    def sent_too_fast(self, min_seconds):
        return sent_too_fast(self.data.get("shown_at"), min_seconds)

    def renew_timing_token(self):
        """Shown again after being sent too fast: time from now, keeping what was typed."""
        self.data = self.data.copy()
        self.data["shown_at"] = timing_token()

    def ask_challenge(self, question):
        """Show a (new) arithmetic question; an earlier typed answer does not carry over."""
        self.challenge_question = question
        self.fields["challenge"].label = question
        if self.is_bound:
            self.data = self.data.copy()
            self.data["challenge"] = ""

    @property
    def is_spam(self):
        return bool(self.data.get("website"))

    @property
    def guard_field_names(self):
        return {"website", "challenge", "shown_at"}
