"""Audit trail, login rate limiting, session policy, scheduled publishing, drafts never public."""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from news.models import NewsIndexPage, NewsPage
from tests.conftest import DEMO_PASSWORD, site_client

pytestmark = pytest.mark.django_db
User = get_user_model()


def login(client, username, password=DEMO_PASSWORD, ip="10.1.1.1"):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_logins_logouts_and_failed_logins_are_in_the_audit_log(school):
    client = Client(HTTP_HOST=school.hostname)
    user = User.objects.get(username=f"{school.code}.bientap")
    login(client, user.username, "sai-mat-khau")
    assert login(client, user.username).status_code == 302
    client.post("/admin/logout/")
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(user.pk), content_type__model="user")
        .order_by("timestamp")
        .values_list("action", flat=True)
    )
    assert actions == ["sgddt.login_failed", "sgddt.login", "sgddt.logout"]
    entry = ModelLogEntry.objects.get(object_id=str(user.pk), action="sgddt.login")
    assert entry.user == user and entry.data["ip"] == "10.1.1.1"


def test_page_actions_are_logged_with_user_and_time(school):
    user = User.objects.get(username=f"{school.code}.duyet")
    index = NewsIndexPage.objects.child_of(school.home_page).get()
    page = NewsPage(title="Tin để ghi nhật ký", slug="tin-nhat-ky", lead="x", body=[], live=False)
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    page.refresh_from_db()
    page.unpublish(user=user)
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", "user__username"))
    expected = {(action, user.username) for action in ("wagtail.edit", "wagtail.publish", "wagtail.unpublish")}
    assert expected <= actions
    assert all(e.timestamp <= timezone.now() for e in PageLogEntry.objects.filter(page=page))


def test_unit_admin_sees_own_units_log_only_and_exports_it(school, other_school, login_client):
    for unit in (school, other_school):
        page = NewsPage.objects.descendant_of(unit.home_page).live().first()
        page.save_revision(user=User.objects.get(username=f"{unit.code}.duyet"), log_action=True)
        login(Client(HTTP_HOST=unit.hostname), f"{unit.code}.bientap")
    admin = login_client(f"{school.code}.quantri", host=school.hostname)
    body = admin.get("/admin/reports/site-history/").content.decode()
    assert school.display_name in body
    assert other_school.display_name not in body
    assert f"{other_school.code}.bientap" not in body

    export = admin.get("/admin/reports/site-history/", {"export": "csv"})
    assert export.status_code == 200
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert rows and "Đơn vị" in rows[0]
    assert {row["Đơn vị"] for row in rows} <= {school.display_name, ""}
    assert any(row["Đơn vị"] == school.display_name for row in rows)


def test_portal_admin_sees_every_units_log(school, other_school, login_client):
    for unit in (school, other_school):
        page = NewsPage.objects.descendant_of(unit.home_page).live().first()
        page.save_revision(user=User.objects.get(username=f"{unit.code}.duyet"), log_action=True)
    body = login_client("quantri").get("/admin/reports/site-history/").content.decode()
    assert school.display_name in body and other_school.display_name in body


def test_editor_sees_only_own_units_page_history(school, other_school, login_client):
    page = NewsPage.objects.descendant_of(other_school.home_page).live().first()
    page.save_revision(user=User.objects.get(username=f"{other_school.code}.duyet"), log_action=True)
    body = login_client(f"{school.code}.bientap", host=school.hostname).get("/admin/reports/site-history/")
    assert other_school.display_name not in body.content.decode()


def test_five_wrong_passwords_lock_the_account_with_a_vietnamese_message(school):
    client = Client(HTTP_HOST=school.hostname)
    username = f"{school.code}.bientap"
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, username, f"sai-{attempt}", ip=f"10.2.0.{attempt}")
        assert response.status_code == 200  # the login form again
    response = login(client, username, "sai-cuoi", ip="10.2.0.99")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Tạm khoá đăng nhập" in body and "15 phút" in body
    # Even the right password is refused while the lock lasts, from anywhere.
    assert login(client, username, ip="10.2.9.9").status_code == 429
    assert "_auth_user_id" not in client.session


def test_many_accounts_tried_from_one_address_are_refused(school):
    client = Client(HTTP_HOST=school.hostname)
    names = [f"{school.code}.bientap", f"{school.code}.duyet", f"{school.code}.quantri", "so.bientap", "so.duyet"]
    for name in names:
        login(client, name, "doan-mo", ip="10.3.3.3")
    assert login(client, "quantri", ip="10.3.3.3").status_code == 429
    assert login(Client(HTTP_HOST=school.hostname), "quantri", ip="10.3.3.4").status_code == 302


def test_session_expires_after_inactivity(school):
    from django.contrib.sessions.models import Session

    client = Client(HTTP_HOST=school.hostname)
    login(client, f"{school.code}.bientap")
    key = client.session.session_key
    expiry = Session.objects.get(session_key=key).expire_date
    assert abs((expiry - timezone.now()).total_seconds() - settings.SESSION_COOKIE_AGE) < 60
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    # Each request pushes the expiry back: the limit counts inactivity.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + datetime.timedelta(minutes=5))
    assert client.get("/admin/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date > timezone.now() + datetime.timedelta(minutes=60)
    # After the inactivity period the session is gone: back to the login page.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/admin/").url.startswith("/admin/login/")


def test_scheduled_publishing_with_the_periodic_command(school):
    moderator = User.objects.get(username=f"{school.code}.duyet")
    index = NewsIndexPage.objects.child_of(school.home_page).get()
    page = NewsPage(title="Thông báo hẹn giờ", slug="thong-bao-hen-gio", lead="x", body=[], live=False)
    index.add_child(instance=page)
    go_live = timezone.now() + datetime.timedelta(hours=2)
    page.go_live_at = go_live
    revision = page.save_revision(user=moderator, approved_go_live_at=go_live)
    revision.publish(user=moderator)
    page.refresh_from_db()
    assert not page.live
    assert site_client(school).get("/tin-tuc/thong-bao-hen-gio/").status_code == 404

    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert not page.live  # not yet due

    # Two hours later: the approved time has come (moved back rather than waiting).
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert page.live
    assert site_client(school).get("/tin-tuc/thong-bao-hen-gio/").status_code == 200

    NewsPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert not page.live and page.expired


def test_a_newer_draft_never_replaces_the_live_page_publicly(school):
    page = NewsPage.objects.descendant_of(school.home_page).live().get(slug="le-khai-giang-nam-hoc-moi")
    live_title = page.title
    page.title = "Bản nháp chưa duyệt: tiêu đề mới"
    page.save_revision(user=User.objects.get(username=f"{school.code}.bientap"))
    public = site_client(school)
    detail = public.get("/tin-tuc/le-khai-giang-nam-hoc-moi/").content.decode()
    assert live_title in detail and "Bản nháp chưa duyệt" not in detail
    assert "Bản nháp chưa duyệt" not in public.get("/tin-tuc/").content.decode()
    assert "Bản nháp chưa duyệt" not in public.get("/").content.decode()


def test_previews_and_revisions_need_a_login(school):
    page = NewsPage.objects.descendant_of(school.home_page).live().first()
    revision = page.save_revision()
    anonymous = Client(HTTP_HOST=school.hostname)
    for url in [
        f"/admin/pages/{page.pk}/edit/preview/",
        f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/",
        f"/admin/pages/{page.pk}/history/",
    ]:
        response = anonymous.get(url)
        assert response.status_code == 302 and response.url.startswith("/admin/login/")


def test_login_next_never_redirects_off_site(school):
    client = Client(HTTP_HOST=school.hostname)
    response = client.post(
        "/admin/login/?next=https://ke-gian.example/",
        {"username": f"{school.code}.bientap", "password": DEMO_PASSWORD, "next": "https://ke-gian.example/"},
    )
    assert response.status_code == 302
    assert not response.url.startswith("https://ke-gian.example")


def test_deactivated_user_cannot_log_in(school):
    User.objects.filter(username=f"{school.code}.bientap").update(is_active=False)
    client = Client(HTTP_HOST=school.hostname)
    response = login(client, f"{school.code}.bientap")
    assert response.status_code == 200  # back to the form, not into the admin
    assert client.get("/admin/").url.startswith("/admin/login/")
