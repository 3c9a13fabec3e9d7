"""Shared fixtures: the demo province is loaded once per test database.

Every test that uses the database starts from the committed demo province
(37 units of Lào Cai, their sites, content and demo logins) and runs inside a
transaction that is rolled back, so tests cannot disturb each other.
"""

import contextlib
import io
import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from schoolsite.models import Unit

DEMO_PASSWORD = "sgddt-demo-2026"

# Playwright's sync API keeps an event loop on the main thread; the ORM calls the
# tests make beside it are still synchronous, so Django's async guard is lifted.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())
        if settings.ELASTICSEARCH_URL:
            call_command("update_index", stdout=io.StringIO())


@pytest.fixture
def department(db):
    return Unit.objects.select_related("site", "home_page").get(code="so")


@pytest.fixture
def school(db):
    return Unit.objects.select_related("site", "home_page").get(code="thpt-chuyen")


@pytest.fixture
def other_school(db):
    return Unit.objects.select_related("site", "home_page").get(code="ptdtnt-bac-ha")


def site_client(unit, user=None):
    """A test client whose requests carry the unit's hostname."""
    client = Client(HTTP_HOST=unit.hostname)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def login_client():
    """Log a demo user in with the real login form, as a person would."""

    def make(username, host="so.localhost"):
        client = Client(HTTP_HOST=host)
        response = client.post("/admin/login/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, f"{username} could not log in"
        return client

    return make


def assert_refused(response, secret=None):
    """The admin refused: 403/404, or Wagtail's redirect away (to the dashboard or the user's own pages).

    With `secret`, the text must not appear in the response or where it redirects to.
    """
    assert response.status_code in (302, 403, 404), f"expected a refusal, got {response.status_code}"
    if secret is not None and response.status_code == 302 and response.wsgi_request.method == "GET":
        followed = response.client.get(response.url, HTTP_HOST=response.wsgi_request.get_host())
        assert secret not in followed.content.decode()
    if secret is not None:
        assert secret not in response.content.decode()


@contextlib.contextmanager
def served_portal(workers=2, **extra_env):
    """gunicorn, as in production, serving the test database on a free loopback port (yields the port)."""
    import os
    import socket
    import subprocess
    import sys
    import tempfile
    import time
    import urllib.request

    from django.conf import settings as django_settings
    from django.db import connection

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = connection.settings_dict
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="sgddt.settings.test",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        TEST_MEDIA_ROOT=str(django_settings.MEDIA_ROOT),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
        **extra_env,
    )
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # The server's messages go to a file, read only if it fails to start: a pipe nobody reads could fill up.
    with tempfile.TemporaryFile() as errors:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        try:
            for _attempt in range(150):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except OSError:
                    if server.poll() is not None:
                        errors.seek(0)
                        raise RuntimeError(errors.read().decode()) from None
                    time.sleep(0.1)
            yield port
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture(scope="session")
def live_portal(django_db_setup, django_db_blocker):
    """The portal served by gunicorn, as in production, on the test database's committed demo.

    Tests that use it only read: their own changes live in rolled-back
    transactions the server never sees.
    """
    # Every browser sends from 127.0.0.1 and each worker counts in its own memory: the anti-spam
    # question and hourly limit (tested in test_questions.py) would hit whichever test comes late.
    with served_portal(workers=2, QUESTION_CHALLENGE_AFTER="1000", QUESTION_LIMIT_PER_IP_HOUR="1000") as port:
        yield port


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def phone_page(browser):
    """A page at a 360×740 phone viewport that records console errors."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: the database is rolled back between tests, the cache is not."""
    from django.core.cache import cache

    cache.clear()
    yield
