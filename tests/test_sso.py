"""Single sign-on with the province's OpenID Connect provider, end to end.

The provider is django-oauth-toolkit in its own process (tests/oidc_provider/), on
loopback. The portal runs in Django's test client; its token, userinfo and key
requests go over real HTTP to the provider. The browser's side (the provider's
login form and redirects) is a requests.Session that stops where the provider
sends the person back to the portal, and hands the callback URL to the test client.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
import requests
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import ModelLogEntry

from accounts.directory import deactivate_account
from accounts.models import DirectoryAccount, DirectorySource
from news.models import NewsIndexPage, NewsPage
from schoolsite.models import UnitGroup, UnitRole

from .conftest import DEMO_PASSWORD, assert_refused

pytestmark = pytest.mark.django_db

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc_provider"
CLIENT_ID = "sgddt-portal-test"
CLIENT_SECRET = "test-secret-0123456789-abcdefghijklmnop"
PASSWORD = "mat-khau-dung-chung"
PORTAL_HOSTS = ["so.localhost", "thpt-chuyen.localhost", "ptdtnt-bac-ha.localhost"]
SSO_BUTTON = "Đăng nhập bằng tài khoản dùng chung của tỉnh"

LAN = {
    "username": "lan.nguyenthi",
    "name": "Nguyễn Thị Lan",
    "email": "Lan.NguyenThi@thpt-chuyen.example",
    "roles": ["thpt-chuyen:bientap"],
}


class Provider:
    """The provider process, and a way to change its accounts as the province's directory would."""

    def __init__(self, port, state_dir):
        self.issuer = f"http://127.0.0.1:{port}"
        self.state_dir = state_dir
        self.process = None

    def set_users(self, *people):
        data = {
            "application": {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"http://{host}/oidc/callback/" for host in PORTAL_HOSTS],
            },
            "users": [{"password": PASSWORD, **person} for person in people],
        }
        path = self.state_dir / "data.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    def load_users(self, *people):
        """Replace the provider's accounts while it runs (its own management command, its own process)."""
        path = self.set_users(*people)
        done = subprocess.run(
            [sys.executable, str(PROVIDER_DIR / "manage.py"), "load_provider_data", str(path)],
            env=dict(os.environ, OIDC_PROVIDER_STATE_DIR=str(self.state_dir), OIDC_PROVIDER_ISSUER=self.issuer),
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr


@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    state_dir = tmp_path_factory.mktemp("oidc-provider")
    provider = Provider(port, state_dir)
    data = provider.set_users(LAN)
    log = open(state_dir / "provider.log", "wb")  # noqa: SIM115
    provider.process = subprocess.Popen(
        [sys.executable, str(PROVIDER_DIR / "run.py"), "--port", str(port), "--data", str(data)]
        + ["--state-dir", str(state_dir), "--quiet"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _attempt in range(300):
            try:
                if requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if provider.process.poll() is not None:
                raise RuntimeError((state_dir / "provider.log").read_text())
            time.sleep(0.1)
        else:
            raise RuntimeError("the test OpenID Connect provider did not start")
        yield provider
    finally:
        provider.process.terminate()
        provider.process.wait(timeout=10)
        log.close()


@pytest.fixture
def sso(provider, settings):
    """The portal configured for the test provider, which starts with Lan only."""
    settings.OIDC_OP_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    provider.load_users(LAN)
    return provider


class Browser:
    """A person's browser: the portal through the test client, the provider through real HTTP."""

    def __init__(self, provider, host):
        self.provider = provider
        self.portal = Client(HTTP_HOST=host)
        self.web = requests.Session()

    def follow_provider(self, url):
        """Follow the provider's redirects; return (its last page, the URL it sends us to on the portal or None)."""
        for _hop in range(10):
            response = self.web.get(url, allow_redirects=False, timeout=10)
            if response.status_code not in (301, 302, 303):
                return response, None
            url = urljoin(url, response.headers["Location"])
            if not url.startswith(self.provider.issuer):
                return response, url
        raise AssertionError("too many redirects at the provider")

    def sign_in(self, username, password=PASSWORD, next_url=None):
        """Click the SSO button, sign in at the provider if asked; return the portal's answer to the callback.

        None when the provider never sends the person back to the portal.
        """
        start = self.portal.get("/oidc/authenticate/" + (f"?{urlencode({'next': next_url})}" if next_url else ""))
        assert start.status_code == 302 and start.url.startswith(self.provider.issuer + "/authorize/"), start
        page, back = self.follow_provider(start.url)
        if back is None:
            assert 'name="password"' in page.text
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
            answer = self.web.post(
                page.url,
                data={"csrfmiddlewaretoken": token, "username": username, "password": password},
                headers={"Referer": page.url},
                allow_redirects=False,
                timeout=10,
            )
            if answer.status_code != 302:
                self.provider_page = answer
                return None
            page, back = self.follow_provider(urljoin(page.url, answer.headers["Location"]))
        callback = urlsplit(back)
        assert callback.hostname == self.portal.defaults["HTTP_HOST"] and callback.path == "/oidc/callback/"
        return self.portal.get(f"{callback.path}?{callback.query}")

    def login_page(self):
        return self.portal.get("/admin/login/").content.decode()


def role_groups(*roles):
    return {UnitGroup.objects.get(unit__code=unit, role=role).group for unit, role in roles}


def test_a_school_editor_signs_in_with_exactly_that_schools_editor_role(sso, school, other_school):
    browser = Browser(sso, school.hostname)
    landed = browser.sign_in("lan.nguyenthi", next_url="/admin/pages/")
    assert landed.status_code == 302 and landed.url == "/admin/pages/"

    lan = get_user_model().objects.get(username="lan.nguyenthi")
    assert (lan.first_name, lan.last_name, lan.email) == ("Lan", "Nguyễn Thị", "lan.nguyenthi@thpt-chuyen.example")
    assert not lan.has_usable_password() and lan.is_active and not lan.is_superuser
    assert set(lan.groups.all()) == role_groups((school.code, UnitRole.EDITOR))
    link = DirectoryAccount.objects.get(user=lan)
    assert link.source == DirectorySource.OIDC and link.external_id and link.external_id != "lan.nguyenthi"
    # The login is in Wagtail's audit log, like a password login.
    assert ModelLogEntry.objects.filter(action="sgddt.login", object_id=str(lan.pk)).exists()

    assert browser.portal.get("/admin/").status_code == 200
    own_news = NewsIndexPage.objects.child_of(school.home_page).get()
    listing = browser.portal.get(f"/admin/pages/{own_news.pk}/")
    assert listing.status_code == 200
    assert NewsPage.objects.child_of(own_news).live().first().title in listing.content.decode()
    other_news = NewsPage.objects.child_of(NewsIndexPage.objects.child_of(other_school.home_page).get()).first()
    assert_refused(browser.portal.get(f"/admin/pages/{other_news.pk}/edit/"), secret=other_news.title)


def test_an_existing_portal_account_is_matched_by_its_link_then_by_username(sso, school):
    assert Browser(sso, school.hostname).sign_in("lan.nguyenthi").url == "/admin/"
    lan = get_user_model().objects.get(username="lan.nguyenthi")
    # Renamed in the portal: the provider's `sub` still finds the same account.
    get_user_model().objects.filter(pk=lan.pk).update(username="lan.nt")
    assert Browser(sso, school.hostname).sign_in("lan.nguyenthi").url == "/admin/"
    assert not get_user_model().objects.filter(username="lan.nguyenthi").exists()
    # A refusal after the provider signed the person in is no guessed password: nothing for django-axes.
    assert not AccessAttempt.objects.exists()

    # An account made by hand (the demo's) is taken over by username and linked.
    demo = get_user_model().objects.get(username=f"{school.code}.bientap")
    sso.load_users({"username": demo.username, "name": "Đỗ Minh Châu", "roles": [f"{school.code}:bientap"]})
    assert Browser(sso, school.hostname).sign_in(demo.username).url == "/admin/"
    demo.refresh_from_db()
    assert (demo.last_name, demo.first_name) == ("Đỗ Minh", "Châu")
    assert DirectoryAccount.objects.get(user=demo).source == DirectorySource.OIDC

    # A username that another identity of the provider already owns is not handed over.
    DirectoryAccount.objects.filter(user=demo).update(external_id="another-person")
    browser = Browser(sso, school.hostname)
    assert browser.sign_in(demo.username).url == "/admin/login/"
    assert "đang gắn với một tài khoản dùng chung khác" in browser.login_page()


def test_changes_at_the_provider_apply_at_the_next_login(sso, school, other_school):
    assert Browser(sso, school.hostname).sign_in("lan.nguyenthi").status_code == 302
    sso.load_users(
        dict(
            LAN,
            name="Nguyễn Thị Lan Anh",
            email="lananh@thpt-chuyen.example",
            roles=["thpt-chuyen:Duyệt tin", f"{other_school.code}:bientap"],
        )
    )
    assert Browser(sso, school.hostname).sign_in("lan.nguyenthi").url == "/admin/"
    lan = get_user_model().objects.get(username="lan.nguyenthi")
    assert (lan.first_name, lan.last_name, lan.email) == ("Anh", "Nguyễn Thị Lan", "lananh@thpt-chuyen.example")
    assert set(lan.groups.all()) == role_groups((school.code, UnitRole.MODERATOR), (other_school.code, UnitRole.EDITOR))
    assert ModelLogEntry.objects.filter(action="sgddt.directory_sync", object_id=str(lan.pk)).count() == 2


def test_a_person_removed_at_the_provider_cannot_sign_in(sso, school):
    browser = Browser(sso, school.hostname)
    assert browser.sign_in("lan.nguyenthi").url == "/admin/"
    sso.load_users()  # the directory entry is gone

    again = Browser(sso, school.hostname)
    again.web.cookies = browser.web.cookies  # even with the provider's session from before
    assert again.sign_in("lan.nguyenthi") is None
    assert "không đúng" in again.provider_page.text
    assert again.portal.get("/admin/").status_code == 302


def test_an_account_locked_in_the_portal_is_refused_even_if_the_provider_signs_it_in(sso, school):
    signed_in = Browser(sso, school.hostname)
    assert signed_in.sign_in("lan.nguyenthi").url == "/admin/"
    lan = get_user_model().objects.get(username="lan.nguyenthi")
    deactivate_account(lan, DirectorySource.LDAP)
    # Locked while signed in: the open session ends at the next request.
    assert not signed_in.portal.get("/admin/").wsgi_request.user.is_authenticated

    browser = Browser(sso, school.hostname)
    refused = browser.sign_in("lan.nguyenthi")
    assert refused.status_code == 302 and refused.url == "/admin/login/"
    assert "Tài khoản của bạn trên Cổng đã bị khoá" in browser.login_page()
    assert browser.portal.get("/admin/").status_code == 302
    lan.refresh_from_db()
    assert not lan.is_active and not lan.groups.exists()
    assert ModelLogEntry.objects.filter(action="sgddt.login_failed", object_id=str(lan.pk)).exists()


def test_claims_without_a_known_unit_role_are_refused(sso, school):
    sso.load_users(dict(LAN, roles=["truong-khong-co:bientap", "thpt-chuyen:lao-cong", "thpt-chuyen"]))
    browser = Browser(sso, school.hostname)
    assert browser.sign_in("lan.nguyenthi").url == "/admin/login/"
    assert "chưa có vai trò nào ở một đơn vị trên Cổng" in browser.login_page()
    assert not get_user_model().objects.filter(username="lan.nguyenthi").exists()


def test_a_portal_administrator_uses_the_local_login(sso, department):
    sso.load_users({"username": "quantri", "name": "Quản trị", "roles": ["so:quantri"]})
    browser = Browser(sso, department.hostname)
    assert browser.sign_in("quantri").url == "/admin/login/"
    assert "Hãy đăng nhập bằng tên đăng nhập và mật khẩu của Cổng" in browser.login_page()
    assert browser.portal.get("/admin/").status_code == 302


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/admin/", "http://so.localhost/admin/"])
def test_next_never_leaves_the_site(sso, school, next_url):
    landed = Browser(sso, school.hostname).sign_in("lan.nguyenthi", next_url=next_url)
    assert landed.status_code == 302 and landed.url == "/admin/"


def test_a_forged_or_stale_callback_is_refused(sso, school):
    browser = Browser(sso, school.hostname)
    response = browser.portal.get("/oidc/callback/?code=abc&state=never-started")
    assert response.status_code == 302 and response.url == "/admin/login/"
    assert browser.portal.get("/admin/").status_code == 302
    denied = browser.portal.get("/oidc/callback/?error=access_denied&state=x")
    assert denied.url == "/admin/login/" and "từ chối" in browser.login_page()


def test_the_login_page_offers_single_sign_on_only_when_configured(sso, settings, school):
    page = Client(HTTP_HOST=school.hostname).get("/admin/login/?next=/admin/pages/").content.decode()
    assert SSO_BUTTON in page and 'href="/oidc/authenticate/?next=%2Fadmin%2Fpages%2F"' in page
    assert 'name="password"' in page

    settings.OIDC_RP_CLIENT_ID = ""
    page = Client(HTTP_HOST=school.hostname).get("/admin/login/").content.decode()
    assert SSO_BUTTON not in page and 'name="password"' in page
    assert Client(HTTP_HOST=school.hostname).get("/oidc/authenticate/").status_code == 404


def test_without_local_login_the_password_form_is_hidden_and_refused(sso, settings, school):
    settings.LOCAL_LOGIN_ENABLED = False
    client = Client(HTTP_HOST=school.hostname)
    page = client.get("/admin/login/").content.decode()
    assert SSO_BUTTON in page and 'name="password"' not in page
    refused = client.post("/admin/login/", {"username": f"{school.code}.bientap", "password": DEMO_PASSWORD})
    assert refused.status_code == 200 and "Cổng không còn đăng nhập bằng mật khẩu riêng" in refused.content.decode()
    assert client.get("/admin/").status_code == 302
    # Single sign-on still works.
    assert Browser(sso, school.hostname).sign_in("lan.nguyenthi").url == "/admin/"


def test_single_sign_on_follows_the_second_factor_rule_unless_the_provider_enforces_mfa(sso, settings, school):
    settings.TWO_FACTOR_REQUIRED = True
    sso.load_users(dict(LAN, roles=[f"{school.code}:quantri"]))
    browser = Browser(sso, school.hostname)
    assert browser.sign_in("lan.nguyenthi").url == "/admin/"
    response = browser.portal.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/xac-thuc-2-buoc/cai-dat/")

    settings.OIDC_TRUSTS_PROVIDER_MFA = True
    assert browser.portal.get("/admin/").status_code == 200
    # A password login of the same person still needs the portal's second factor.
    local = Client(HTTP_HOST=school.hostname)
    lan = get_user_model().objects.get(username="lan.nguyenthi")
    local.force_login(lan, backend="django.contrib.auth.backends.ModelBackend")
    assert local.get("/admin/").status_code == 302
