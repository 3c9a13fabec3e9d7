"""Sector-wide search at province scale: 100,000 pages over ~660 sites, on PostgreSQL.

Usage:  .venv/bin/python bench/search.py [--repeat 20] [--reindex]

Uses the benchmark province of bench/province.py (built there once and kept:
660 units, 100,000 pages, indexed), then runs a set of Vietnamese queries
sector-wide through the /tim-kiem/ view (Django's test client, no network) and
prints the median and p95 server time of each and of all together.
`--reindex` also times a full `update_index` first.
"""

import argparse
import io
import statistics
import sys
import time

from data import analyze, setup_django
from province import build

QUERIES = [
    "tuyển sinh lớp 10",
    "tuyen sinh lop 10",
    "ke hoach nam hoc",
    "học sinh giỏi cấp tỉnh",
    "phong chong ret",
    "3006/QĐ-UBND",
    "khai giảng",
    "chuyen doi so",
    "day them hoc them",
    "hội khỏe phù đổng",
]


def reindex():
    """Time a full `update_index` (what a reindex after an upgrade costs), then ANALYZE."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("update_index", stdout=io.StringIO())
    elapsed = time.perf_counter() - started
    analyze()
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reindex", action="store_true", help="time a full update_index first")
    args = parser.parse_args()
    setup_django()
    build(verbose=False)
    from wagtail.models import Page

    from news.models import NewsPage
    from schoolsite.models import Unit

    print(
        f"pages: {Page.objects.count()} in total, {NewsPage.objects.count()} news pages, {Unit.objects.count()} units"
    )
    if args.reindex:
        print(f"update_index: {reindex():.0f} s for {Page.objects.count()} pages")

    from django.test import Client

    client = Client(HTTP_HOST=Unit.objects.get(code="so").hostname)
    everything = []
    print(f"{'query (sector-wide)':34} {'results':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for query in QUERIES:
        response = client.get("/tim-kiem/", {"q": query, "pham_vi": "toan-nganh"})
        assert response.status_code == 200
        found = response.content.decode().split(" kết quả cho")[0].rsplit(">", 1)[-1].strip() or "0"
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get("/tim-kiem/", {"q": query, "pham_vi": "toan-nganh"})
            timings.append((time.perf_counter() - started) * 1000)
        everything += timings
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{query:34} {found:>8} {statistics.median(timings):8.1f} {p95:8.1f}")
    p95 = statistics.quantiles(everything, n=20)[-1]
    print(f"{'all queries':34} {'':>8} {statistics.median(everything):8.1f} {p95:8.1f}")


if __name__ == "__main__":
    sys.exit(main())
