"""Requests per second and latency of the portal over HTTP, beside the framework's and the machine's limits.

Usage:  .venv/bin/python bench/throughput.py [--duration 10] [--connections 16] [--workers 2] [--skip-build]
        (`make bench` installs nginx and wrk, builds the province and runs this.)

On the province-scale benchmark database (bench/province.py: 660 sites, 100,000
pages...), in one run on this machine:
- the portal under gunicorn with production settings (sync workers, Redis cache),
  with its page cache ("cached") and without it ("uncached", PAGE_CACHE_SECONDS=0),
  for the department's home, a school's home, a news page, the library with four
  filters and a sector-wide search;
- the same through nginx with the project's configuration (deploy/nginx/, micro-cache);
- beside them, the framework's floor (bench/bare_django.py: a bare Django view
  returning the school home's HTML) and the machine's limit (nginx serving that
  HTML as a static file);
- wrk (Debian's) on loopback, each for --duration seconds; then the ratios, the
  memory of each gunicorn worker, and the SQL queries of the uncached school home.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/ is on the path as the script's folder; bench/data.py puts the project first (apps before bench modules).

from data import BENCH_DATABASE_URL, setup_django  # noqa: E402

PYTHON = sys.executable
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, host, process=None, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            request = urllib.request.Request(url, headers={"Host": host})
            with urllib.request.urlopen(request, timeout=5) as response:
                response.read()
                return
        except OSError:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"server exited: {process.stderr.read().decode()[-2000:]}") from None
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def fetch(url, host):
    request = urllib.request.Request(url, headers={"Host": host})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), dict(response.headers)


def wrk(url, host, duration, connections):
    """(requests per second, p50 ms, p99 ms) from Debian's wrk."""
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-H", f"Host: {host}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url} ({host}): {errors.group(1)} error responses\n{output}")

    def percentile(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return rps, percentile("50"), percentile("99")


class Gunicorn:
    """The portal (or the bare Django view) under gunicorn, as deploy/gunicorn.conf.py runs it."""

    def __init__(self, workers, env, args):
        self.port = free_port()
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", *args],
            cwd=ROOT,
            env={
                **os.environ,
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                "GUNICORN_WORKERS": str(workers),
                "GUNICORN_MAX_REQUESTS": "0",
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def worker_memory_mb(self):
        children = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout.split()
        sizes = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
        return sizes

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def portal_env(static_root, page_cache):
    return {
        "DJANGO_SETTINGS_MODULE": "sgddt.settings.production",
        "SECRET_KEY": "bench-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
        "DATABASE_URL": BENCH_DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": os.environ["TEST_MEDIA_ROOT"],  # where bench/data.py put the images (setup_django)
        "SECURE_SSL_REDIRECT": "false",
        "PAGE_CACHE_SECONDS": "900" if page_cache else "0",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_LOG_LEVEL": "warning",
    }


def nginx_config(workdir, upstream_port, proxy_port, static_port, static_dir, static_root, media_root):
    """The project's deploy/nginx files, pointed at this run's ports and folders, plus a static-file server."""
    conf = workdir / "nginx"
    conf.mkdir()
    for name in ("sgddt-http.conf", "sgddt-locations.conf", "sgddt-proxy.conf"):
        text = (ROOT / "deploy" / "nginx" / name).read_text()
        text = text.replace("127.0.0.1:8000", f"127.0.0.1:{upstream_port}")
        text = text.replace("/var/cache/nginx/sgddt", str(workdir / "nginx-cache"))
        text = text.replace("/srv/sgddt/deploy/nginx/", f"{conf}/")
        text = text.replace("/srv/sgddt/staticfiles/", f"{static_root}/")
        text = text.replace("/srv/sgddt/media/", f"{media_root}/")
        (conf / name).write_text(text)
    (conf / "nginx.conf").write_text(
        f"""
worker_processes 2;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {workdir}/nginx-body;
    proxy_temp_path {workdir}/nginx-proxy;
    fastcgi_temp_path {workdir}/nginx-fastcgi;
    uwsgi_temp_path {workdir}/nginx-uwsgi;
    scgi_temp_path {workdir}/nginx-scgi;
    include {conf}/sgddt-http.conf;
    server {{ listen 127.0.0.1:{proxy_port}; server_name _; include {conf}/sgddt-locations.conf; }}
    server {{ listen 127.0.0.1:{static_port}; root {static_dir}; location / {{ try_files /page.html =404; }} }}
}}
"""
    )
    return conf / "nginx.conf"


def pages():
    """(label, host, path) of what is measured, read from the benchmark database."""
    from legal_docs.models import LegalDocumentPage
    from news.models import NewsPage
    from schoolsite.models import Unit

    department = Unit.objects.get(code="so")
    school = Unit.objects.get(code="thpt-chuyen")
    news = NewsPage.objects.descendant_of(school.home_page).live().order_by("-date").first()
    document = (
        LegalDocumentPage.objects.descendant_of(department.home_page).live().exclude(topic=None).order_by("pk").first()
    )
    filters = {
        "loai": document.document_type,
        "co-quan": document.issuing_body_id,
        "nam": document.issued_date.year,
        "linh-vuc": document.topic.slug,
    }
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return [
        ("department home", department.hostname, "/"),
        ("school home", school.hostname, "/"),
        ("news page", school.hostname, news.url_path[len(school.home_page.url_path) - 1 :]),
        ("library, 4 filters", department.hostname, f"/van-ban/?{query}"),
        ("sector-wide search", department.hostname, "/tim-kiem/?q=tuyen+sinh+lop+10&pham_vi=toan-nganh"),
    ]


def sql_queries(host, path):
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    with override_settings(PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=["*"]):
        client = Client(HTTP_HOST=host)
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
    return len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-build", action="store_true", help="use the benchmark database as it is")
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            sys.exit(f"{tool} is missing: run `make bench-deps` (Debian packages nginx and wrk)")

    setup_django()
    if not args.skip_build:
        from province import build

        build(verbose=True)
    measured = pages()
    queries = {label: sql_queries(host, path) for label, host, path in measured}

    workdir = Path(tempfile.mkdtemp(prefix="sgddt-bench-"))
    workdir.chmod(0o755)  # nginx's workers (www-data when started by root) read the copies here
    static_root = workdir / "static"
    media_root = Path(os.environ["TEST_MEDIA_ROOT"])
    env = portal_env(static_root, page_cache=True)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], capture_output=True)
    rows = []  # (server, label, rps, p50, p99)
    memory = {}

    def run(server_label, base, targets):
        for label, host, path in targets:
            fetch(base + path, host)  # warm: renditions, caches
            rps, p50, p99 = wrk(base + path, host, args.duration, args.connections)
            rows.append((server_label, label, rps, p50, p99))
            print(f"  {server_label:28} {label:22} {rps:10.0f} req/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms", flush=True)

    print(f"\nwrk: {args.connections} connections, {args.duration} s each; gunicorn: {args.workers} sync workers")
    # 1. The portal without its page cache.
    portal = Gunicorn(args.workers, portal_env(static_root, page_cache=False), ["-c", "deploy/gunicorn.conf.py"])
    try:
        wait_for(portal.base + "/healthz", "so.localhost", portal.process)
        run("gunicorn, uncached", portal.base, measured)
        memory["uncached"] = portal.worker_memory_mb()
    finally:
        portal.stop()

    # 2. The portal with its page cache, straight and through nginx; the static copy beside it.
    portal = Gunicorn(args.workers, env, ["-c", "deploy/gunicorn.conf.py"])
    nginx = None
    try:
        wait_for(portal.base + "/healthz", "so.localhost", portal.process)
        school_html, _headers = fetch(portal.base + "/", measured[1][1])
        static_dir = workdir / "static-copy"
        static_dir.mkdir()
        (static_dir / "page.html").write_bytes(school_html)
        (workdir / "page.html").write_bytes(school_html)
        run("gunicorn, page cache", portal.base, measured)

        proxy_port, static_port = free_port(), free_port()
        (workdir / "nginx-cache").mkdir(mode=0o777)
        (workdir / "nginx-cache").chmod(0o777)
        config = nginx_config(workdir, portal.port, proxy_port, static_port, static_dir, static_root, media_root)
        nginx = subprocess.Popen(["nginx", "-c", str(config), "-g", "daemon off;"], stderr=subprocess.PIPE)
        wait_for(f"http://127.0.0.1:{static_port}/", "static", nginx)
        _body, headers = fetch(f"http://127.0.0.1:{proxy_port}/", measured[1][1])
        run("nginx → gunicorn (cache)", f"http://127.0.0.1:{proxy_port}", measured)
        run("nginx, static file", f"http://127.0.0.1:{static_port}", [("same HTML", "static", "/")])
        memory["cached"] = portal.worker_memory_mb()
    finally:
        if nginx is not None:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=20)
        portal.stop()

    # 3. The framework's floor.
    bare = Gunicorn(
        args.workers,
        {"BARE_HTML": str(workdir / "page.html")},
        ["-c", "deploy/gunicorn.conf.py", "--chdir", "bench", "bare_django:application"],
    )
    try:
        wait_for(bare.base + "/", "bare", bare.process)
        run("bare Django view", bare.base, [("same HTML", "bare", "/")])
    finally:
        bare.stop()

    report(rows, memory, queries, len(school_html))
    shutil.rmtree(workdir, ignore_errors=True)


def report(rows, memory, queries, html_size):
    by = {(server, label): (rps, p50, p99) for server, label, rps, p50, p99 in rows}
    bare = by[("bare Django view", "same HTML")][0]
    static = by[("nginx, static file", "same HTML")][0]
    labels = [label for server, label, *_ in rows if server == "gunicorn, uncached"]
    print(f"\nHTML of the school home: {html_size / 1024:.1f} KB")
    header = f"{'page':22} {'SQL':>4} | {'uncached':>17} | {'page cache':>17} | {'nginx + cache':>17} | ratios"
    print(header)
    print(f"{'':22} {'':>4} | {'req/s  p50  p99':>17} | {'req/s  p50  p99':>17} | {'req/s  p50  p99':>17} |")
    print("-" * len(header) + "-" * 30)
    for label in labels:
        cells = []
        for server in ("gunicorn, uncached", "gunicorn, page cache", "nginx → gunicorn (cache)"):
            rps, p50, p99 = by[(server, label)]
            cells.append(f"{rps:6.0f} {p50:4.0f} {p99:4.0f}")
        cached_rps = by[("gunicorn, page cache", label)][0]
        proxied_rps = by[("nginx → gunicorn (cache)", label)][0]
        ratios = f"cache/bare {cached_rps / bare:4.0%}  nginx/static {proxied_rps / static:4.0%}"
        print(f"{label:22} {queries[label]:>4} | {cells[0]:>17} | {cells[1]:>17} | {cells[2]:>17} | {ratios}")
    print(f"{'bare Django view':22} {'0':>4} | {bare:6.0f} req/s (the framework's floor, same HTML)")
    print(f"{'nginx static file':22} {'0':>4} | {static:6.0f} req/s (the machine's limit, same HTML)")
    for name, sizes in memory.items():
        shown = ", ".join(f"{size:.0f} MB" for size in sizes)
        print(f"memory per gunicorn worker after the {name} run: {shown}")


if __name__ == "__main__":
    sys.exit(main())
