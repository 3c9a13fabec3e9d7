"""Anti-spam for the public question form, without third-party services.

- A honeypot field, hidden from people and from screen readers: bots fill every field.
- Rate limits per IP address (per hour) and per e-mail or phone (per day), counted in
  the cache, which is shared between processes through Redis in production.
- After repeated attempts from one address, a small arithmetic question in words,
  kept in the session, must be answered before the form is accepted.

The client address is read the way the login lockout reads it (django-axes), so a
reverse proxy's X-Real-IP is honoured consistently.
"""

import secrets

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from home.tabular import fold

HOUR = 3600
DAY = 24 * HOUR
CHALLENGE_SESSION_KEY = "sgddt-question-challenge"
NUMBER_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]


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


def _ip_key(kind, request):
    return f"sgddt:questions:{kind}:ip:{client_ip(request)}"


def _contact_key(contact):
    return f"sgddt:questions:contact:{fold(contact).replace(' ', '')}"


def record_attempt(request):
    """Count a submission of the form, valid or not (drives the challenge)."""
    _increment(_ip_key("attempts", request), HOUR)


def needs_challenge(request):
    return _count(_ip_key("attempts", request)) >= settings.QUESTION_CHALLENGE_AFTER


def limit_reached(request, contacts):
    """A message if this address or contact has sent too many questions lately, else None."""
    if _count(_ip_key("sent", request)) >= settings.QUESTION_LIMIT_PER_IP_HOUR:
        return _(
            "Máy của bạn đã gửi %(limit)d câu hỏi trong một giờ qua. Xin gửi lại sau ít phút; "
            "nội dung bạn nhập vẫn được giữ trên trang này."
        ) % {"limit": settings.QUESTION_LIMIT_PER_IP_HOUR}
    for contact in contacts:
        if contact and _count(_contact_key(contact)) >= settings.QUESTION_LIMIT_PER_EMAIL_DAY:
            return _(
                "%(contact)s đã gửi %(limit)d câu hỏi trong 24 giờ qua, mức tối đa cho một người. "
                "Xin gửi lại vào ngày mai, hoặc gọi điện trực tiếp cho đơn vị."
            ) % {"contact": contact, "limit": settings.QUESTION_LIMIT_PER_EMAIL_DAY}
    return None


def record_sent(request, contacts):
    _increment(_ip_key("sent", request), HOUR)
    for contact in contacts:
        if contact:
            _increment(_contact_key(contact), DAY)


def lookup_allowed(request):
    """Tracking codes are hard to guess; a limit on lookups keeps them so."""
    return _increment(_ip_key("lookups", request), HOUR) <= settings.QUESTION_LOOKUPS_PER_IP_HOUR


def new_challenge(request):
    """A question such as "Ba cộng bốn bằng mấy?"; the answer is kept in the session."""
    a, b = secrets.randbelow(6) + 1, secrets.randbelow(4) + 1
    request.session[CHALLENGE_SESSION_KEY] = a + b
    return _("%(a)s cộng %(b)s bằng mấy?") % {
        "a": NUMBER_WORDS[a].capitalize(),
        "b": NUMBER_WORDS[b],
    }


def challenge_passed(request, answer):
    """The answer in digits ("7") or in words, with or without accents ("bảy", "bay")."""
    expected = request.session.get(CHALLENGE_SESSION_KEY)
    answer = fold(str(answer or ""))
    if expected is None or not answer:
        return False
    words = [fold(word) for word in NUMBER_WORDS]
    return answer == str(expected) or (answer in words and words.index(answer) == expected)
