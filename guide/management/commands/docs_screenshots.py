"""Take the user guide's screenshots (docs/huong-dan/anh/) from a throw-away demo.

Creates a fresh PostgreSQL database next to `--database-url` (its name gets a unique suffix), serves
it with `runserver` on a free port, drives headless Chromium through `guide.screenshots.STEPS`, then
stops the server and drops the database. The fresh database is copied from a template holding the
migrated demo province (`load_demo`), built on the first run and kept, with its media files, until the
code or the fixtures change (a fingerprint of them names the template); `--no-cache` builds from
scratch. `--port` skips all that and uses a demo already served on 127.0.0.1:PORT (its content is
changed: the steps write a news item and approve it).
"""

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guide import screenshots

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sgddt_docs"


class Command(BaseCommand):
    help = "Chụp lại ảnh màn hình của hướng dẫn sử dụng (docs/huong-dan/anh/) từ một bản chạy thử tạm."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(screenshots.IMAGE_DIR), help="thư mục ghi ảnh PNG")
        parser.add_argument(
            "--database-url",
            default=os.environ.get("DOCS_DATABASE_URL", DEFAULT_DATABASE_URL),
            help="máy chủ PostgreSQL và tên gốc của CSDL tạm (tên thật có thêm hậu tố, xoá khi xong)",
        )
        parser.add_argument("--port", type=int, help="dùng bản chạy thử đang chạy ở 127.0.0.1:PORT")
        parser.add_argument("--only", nargs="*", default=[], help="chỉ chụp các bước này (tên ảnh, không .png)")
        parser.add_argument("--no-cache", action="store_true", help="dựng lại dữ liệu mẫu, không dùng bản đã lưu")

    def handle(self, *args, **options):
        steps = screenshots.STEPS
        if options["only"]:
            unknown = set(options["only"]) - {step.name for step in steps}
            if unknown:
                raise CommandError("Không có bước chụp: " + ", ".join(sorted(unknown)))
            steps = [step for step in steps if step.name in options["only"]]
        started = time.monotonic()
        if options["port"]:
            self.take(options["port"], options["out"], steps)
        else:
            with DemoServer(options["database_url"], self.stdout, cache=not options["no_cache"]) as port:
                self.stdout.write(f"Bản chạy thử sẵn sàng sau {time.monotonic() - started:.0f} giây.")
                self.take(port, options["out"], steps)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã chụp {len(steps)} ảnh vào {options['out']} trong {time.monotonic() - started:.0f} giây."
            )
        )

    def take(self, port, out, steps):
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop beside the ORM
        screenshots.take(port, out_dir=out, steps=steps, log=lambda name: self.stdout.write(f"  {name}"))


def fingerprint():
    """What the demo database depends on: the project's Python code and its fixtures."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256(os.environ.get("DEMO_PASSWORD", "").encode())
    skipped = {".venv", "tests", "docs", "bench", "media", "private-media", "node_modules", ".git", "staticfiles"}
    for folder, subfolders, files in os.walk(root):
        relative_folder = Path(folder).relative_to(root)
        subfolders[:] = sorted(d for d in subfolders if not (relative_folder == Path(".") and d in skipped))
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        in_fixtures = relative_folder.parts[:1] == ("fixtures",)
        for name in sorted(files):
            if name.endswith(".py") or in_fixtures:
                digest.update(str(relative_folder / name).encode() + b"\0" + (Path(folder) / name).read_bytes())
    return digest.hexdigest()[:12]


class DemoServer:
    """A throw-away demo: fresh database, migrate, load_demo, runserver; everything removed on exit."""

    def __init__(self, database_url, stdout, cache=True):
        parts = urlsplit(database_url)
        if parts.scheme not in ("postgres", "postgresql", "pgsql"):
            raise CommandError("--database-url phải là một máy chủ PostgreSQL (postgres://…).")
        base = parts.path.lstrip("/") or "sgddt_docs"
        self.name = f"{base}_{os.getpid()}_{int(time.time())}"
        self.url = urlunsplit(parts._replace(path="/" + self.name))
        self.admin_url = urlunsplit(parts._replace(path="/postgres"))
        self.stdout = stdout
        self.server = None
        self.tmp = None
        self.template = f"{base}_tpl_{fingerprint()}" if cache else None
        self.template_media = Path(tempfile.gettempdir()) / "sgddt-docs-cache" / (self.template or "")

    def _admin(self, sql, params=None):
        import psycopg

        with psycopg.connect(self.admin_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
            return conn.execute(sql, params).fetchall() if sql.startswith("SELECT") else conn.execute(sql, params)

    def _build(self, name, env, root):
        """Migrate and load the demo into the database `name`."""
        env = dict(env, DATABASE_URL=self.url.replace(self.name, name))
        for command in (["migrate", "--noinput"], ["load_demo"]):
            self.stdout.write(f"manage.py {' '.join(command)}…")
            subprocess.run(
                [sys.executable, "manage.py", *command], cwd=root, env=env, check=True, stdout=subprocess.DEVNULL
            )

    def _prepare_database(self, env, root):
        media = Path(env["MEDIA_ROOT"])
        if self.template is None:
            self._admin(f'CREATE DATABASE "{self.name}"')
            self._build(self.name, env, root)
            return
        base = self.template.rsplit("_tpl_", 1)[0]
        existing = [
            row[0] for row in self._admin("SELECT datname FROM pg_database WHERE datname LIKE %s", [base + "_tpl_%"])
        ]
        if self.template not in existing or not self.template_media.is_dir():
            for old in existing:
                self._admin(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
            shutil.rmtree(self.template_media.parent, ignore_errors=True)
            self.stdout.write(f"Dựng dữ liệu mẫu (lưu lại trong CSDL {self.template})…")
            self._admin(f'CREATE DATABASE "{self.template}"')
            try:
                self._build(self.template, env, root)
            except BaseException:
                self._admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
                raise
            shutil.copytree(media, self.template_media)
        else:
            shutil.copytree(self.template_media, media)
        self._admin(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"')

    def _env(self, port):
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("ELASTICSEARCH_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "EMAIL_URL", "OIDC_OP_ISSUER")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="sgddt.settings.dev",
            DATABASE_URL=self.url,
            MEDIA_ROOT=str(Path(self.tmp.name) / "media"),
            PRIVATE_MEDIA_ROOT=str(Path(self.tmp.name) / "private"),
            TWO_FACTOR_REQUIRED="false",
            PAGE_CACHE_SECONDS="0",
        )
        return env

    def __enter__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.tmp = tempfile.TemporaryDirectory(prefix="sgddt-docs-")
        try:
            env, root = self._env(port), str(settings.BASE_DIR)
            self._prepare_database(env, root)
            self.server = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=root,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _attempt in range(200):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except OSError:
                    if self.server.poll() is not None:
                        raise CommandError("Máy chủ chạy thử không khởi động được.") from None
                    time.sleep(0.1)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return port

    def __exit__(self, *exc):
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=20)
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.tmp.cleanup()
