"""Production settings: hashed, compressed static files from WhiteNoise; gunicorn; check --deploy."""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def production_env(tmp_path_factory, django_db_setup):
    db = connection.settings_dict
    static_root = tmp_path_factory.mktemp("static")
    environ = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return dict(
        environ,
        DJANGO_SETTINGS_MODULE="sgddt.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        ALLOWED_HOSTS=".localhost",
        STATIC_ROOT=str(static_root),
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_check_deploy_is_clean(production_env):
    result = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_hashed_compressed_static_files_served_by_whitenoise_under_gunicorn(production_env, school):
    result = manage(production_env, "collectstatic", "--noinput", "--verbosity", "0")
    assert result.returncode == 0, result.stderr
    static_root = Path(production_env["STATIC_ROOT"])
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed_css = manifest["css/portal.css"]
    assert hashed_css != "css/portal.css"
    assert (static_root / f"{hashed_css}.gz").exists() and (static_root / f"{hashed_css}.br").exists()

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(production_env, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        # As behind the TLS-terminating proxy: plain HTTP with X-Forwarded-Proto.
        https = {"X-Forwarded-Proto": "https"}
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": school.hostname, **https})
        page = urllib.request.urlopen(request, timeout=10).read().decode()
        assert f"/static/{hashed_css}" in page
        # Without the proxy's header, plain HTTP is redirected to HTTPS.
        plain = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": school.hostname})
        with pytest.raises(urllib.error.HTTPError) as redirect:
            urllib.request.build_opener(NoRedirect).open(plain, timeout=10)
        assert redirect.value.code == 301
        assert redirect.value.headers["Location"] == f"https://{school.hostname}/"
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/static/{hashed_css}", headers={"Accept-Encoding": "br, gzip", **https}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Content-Encoding"] == "br"
            assert "max-age=31536000" in response.headers["Cache-Control"]
            assert "immutable" in response.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=10)
