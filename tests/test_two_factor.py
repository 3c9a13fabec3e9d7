"""Two-factor authentication: required for administrators and department moderators, optional for editors."""

import re

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from .conftest import assert_refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_required")]


@pytest.fixture
def two_factor_required():
    with override_settings(TWO_FACTOR_REQUIRED=True):
        yield


def current_code(device):
    # A phone shows a fresh code every 30 s, and a person waits a moment after a wrong one.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    return f"{totp(device.bin_key):06d}"


def wait_a_moment(username):
    """After a wrong code the devices refuse codes for a few seconds (django-otp's throttling)."""
    from django_otp.plugins.otp_static.models import StaticDevice

    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user__username=username).update(throttling_failure_count=0)


def set_up(client, username):
    """What the person does on the set-up page: scan the code, type what the app shows."""
    page = client.get("/admin/xac-thuc-2-buoc/cai-dat/").content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    secret = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page)[1].replace(" ", "")
    assert secret and device.config_url.split("secret=")[1].startswith(secret)
    wrong = client.post(
        "/admin/xac-thuc-2-buoc/cai-dat/", {"code": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert "Mã không đúng" in wrong.content.decode()
    done = client.post("/admin/xac-thuc-2-buoc/cai-dat/", {"code": current_code(device), "next": "/admin/pages/"})
    codes = re.findall(r"<li>(\d{4}-\d{4})</li>", done.content.decode())
    assert len(codes) == 10
    return device, codes


def test_a_department_moderator_must_set_up_a_second_factor(login_client):
    moderator = login_client("so.duyet")
    for path in ("/admin/", "/admin/pages/", "/admin/hang-cho-duyet/"):
        response = moderator.get(path)
        assert response.status_code == 302 and response.url.startswith("/admin/xac-thuc-2-buoc/cai-dat/?next=")
    set_up(moderator, "so.duyet")
    assert moderator.get("/admin/hang-cho-duyet/").status_code == 200


def test_next_login_asks_for_a_code_and_a_recovery_code_works_once(login_client):
    first = login_client("ptdtnt-bac-ha.quantri")
    device, codes = set_up(first, "ptdtnt-bac-ha.quantri")

    again = login_client("ptdtnt-bac-ha.quantri")
    response = again.get("/admin/pages/")
    assert response.url.startswith("/admin/xac-thuc-2-buoc/?next=")
    refused = again.post("/admin/xac-thuc-2-buoc/", {"code": "12345678"})
    assert "Mã không đúng" in refused.content.decode()
    wait_a_moment("ptdtnt-bac-ha.quantri")
    used = again.post("/admin/xac-thuc-2-buoc/", {"code": codes[0], "next": "/admin/pages/"})
    assert used.status_code == 302 and used.url == "/admin/pages/"
    assert again.get("/admin/").status_code == 200

    third = login_client("ptdtnt-bac-ha.quantri")
    assert "Mã không đúng" in third.post("/admin/xac-thuc-2-buoc/", {"code": codes[0]}).content.decode()
    assert third.post("/admin/xac-thuc-2-buoc/", {"code": current_code(device)}).status_code == 302
    # "next" never leaves the site.
    wait_a_moment("ptdtnt-bac-ha.quantri")
    off_site = login_client("ptdtnt-bac-ha.quantri").post(
        "/admin/xac-thuc-2-buoc/", {"code": codes[1], "next": "https://evil.example/"}
    )
    assert off_site.url == "/admin/"


def test_editors_work_without_a_second_factor_but_may_add_one(login_client, school):
    editor = login_client(f"{school.code}.bientap")
    assert editor.get("/admin/").status_code == 200
    set_up(editor, f"{school.code}.bientap")
    assert editor.get("/admin/").status_code == 200


def test_an_admin_resets_a_lost_phone_and_it_is_logged(login_client, school, other_school):
    editor = login_client(f"{school.code}.bientap")
    set_up(editor, f"{school.code}.bientap")
    person = TOTPDevice.objects.get(user__username=f"{school.code}.bientap").user

    outsider = login_client(f"{other_school.code}.quantri")
    set_up(outsider, f"{other_school.code}.quantri")
    assert_refused(outsider.post(f"/admin/xac-thuc-2-buoc/xoa/{person.pk}/"))
    assert TOTPDevice.objects.filter(user=person).exists()

    admin = login_client(f"{school.code}.quantri")
    set_up(admin, f"{school.code}.quantri")
    listing = admin.get("/admin/users/").content.decode()
    assert f"/admin/xac-thuc-2-buoc/xoa/{person.pk}/" in listing
    assert admin.post(f"/admin/xac-thuc-2-buoc/xoa/{person.pk}/").status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    entry = ModelLogEntry.objects.get(action="sgddt.otp_reset", object_id=str(person.pk))
    assert entry.user.username == f"{school.code}.quantri"
