"""Weight, SQL queries and server time of public pages, measured in-process.

Usage (after `make run` has loaded the demo, or against any database):
    .venv/bin/python bench/page_weight.py [--repeat 50] [--settings sgddt.settings.dev]

For each page it prints the HTML size, the size of the CSS and JS it links,
the number of SQL queries of a warm request, and the median and p95 server
time of `--repeat` requests through Django's test client (no network).
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    ("so", "/"),
    ("thpt-chuyen", "/"),
    ("thpt-chuyen", "/tin-tuc/"),
    ("thpt-chuyen", "/tin-tuc/le-khai-giang-nam-hoc-moi/"),
    ("thpt-chuyen", "/gioi-thieu/co-cau-to-chuc/"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--settings", default=os.environ.get("DJANGO_SETTINGS_MODULE", "sgddt.settings.dev"))
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings

    import django

    django.setup()
    from django.contrib.staticfiles import finders
    from django.db import connection
    from django.test import Client

    from schoolsite.models import Unit

    hosts = dict(Unit.objects.values_list("code", "hostname"))
    print(f"{'page':48} {'HTML':>8} {'CSS+JS':>8} {'total':>8} {'SQL':>4} {'p50 ms':>7} {'p95 ms':>7}")
    for code, path in PAGES:
        client = Client(HTTP_HOST=hosts[code])
        response = client.get(path)
        if response.status_code != 200:
            print(f"{code}{path}: HTTP {response.status_code}")
            continue
        body = response.content
        assets = set(re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', body))
        asset_bytes = sum(Path(finders.find(a.decode())).stat().st_size for a in assets)
        queries = []

        def count(execute, sql, *rest, log=queries):
            log.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            client.get(path)
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) >= 20 else max(timings)
        print(
            f"{code + path:48} {len(body):>8} {asset_bytes:>8} {len(body) + asset_bytes:>8} "
            f"{len(queries):>4} {statistics.median(timings):>7.1f} {p95:>7.1f}"
        )


if __name__ == "__main__":
    main()
