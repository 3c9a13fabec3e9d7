"""Sector-wide search at province scale: 100,000 pages over ~660 sites, on PostgreSQL.

Usage:  .venv/bin/python bench/search.py [--units 660] [--pages 100000] [--repeat 20]

Builds once (and keeps, in the benchmark database of bench/data.py) a
generated province of `--units` units and `--pages` news pages spread over
their sites, indexes them with `update_index` (timed: reindexing), then runs a
set of Vietnamese queries sector-wide through the /tim-kiem/ view (Django's
test client, no network) and prints the median and p95 server time of each
and of all together.
"""

import argparse
import datetime
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from data import ROOT, bulk_add_children, ensure_province, setup_django

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
SUBJECTS = [
    "Lễ khai giảng",
    "Hội khỏe Phù Đổng",
    "Kỳ thi học sinh giỏi cấp tỉnh",
    "Phòng chống rét",
    "Chuyển đổi số",
    "Tuyển sinh lớp 10",
    "Ngày Nhà giáo Việt Nam",
    "Sinh hoạt chuyên môn",
    "An toàn giao thông",
    "Văn nghệ dân tộc",
]
PLACES = ["Bát Xát", "Mường Khương", "Si Ma Cai", "Bắc Hà", "Bảo Thắng", "Bảo Yên", "Văn Bàn", "Sa Pa", "Lào Cai"]


def ensure_pages(target_pages, units):
    from django.core.management import call_command

    from news.models import NewsIndexPage, NewsPage
    from schoolsite.models import Unit

    if Unit.objects.count() < units:
        roster = str(Path(tempfile.gettempdir()) / "sgddt-bench-roster.csv")
        call_command(
            "generate_roster", "--units", str(units), roster, "--domain", "bench.invalid", stdout=io.StringIO()
        )
        started = time.perf_counter()
        call_command("provision_units", roster, "--local", "--allow-deactivate", stdout=io.StringIO())
        print(f"provisioned {Unit.objects.count()} units in {time.perf_counter() - started:.0f} s")
    existing = NewsPage.objects.count()
    if existing >= target_pages:
        return existing, False
    rng = random.Random(100000)
    indexes = list(NewsIndexPage.objects.all())
    per_index = -(-(target_pages - existing) // len(indexes))
    started = time.perf_counter()
    for index in indexes:
        batch = []
        for number in range(per_index):
            subject = rng.choice(SUBJECTS)
            year = rng.randrange(2018, 2027)
            title = f"{subject} năm học {year}-{year + 1} tại {rng.choice(PLACES)} ({number})"
            batch.append(
                NewsPage(
                    title=title,
                    slug=f"tin-{index.pk}-{number}",
                    date=datetime.date(year, rng.randrange(1, 13), rng.randrange(1, 28)),
                    lead=f"{subject}: hoạt động của nhà trường, học sinh và giáo viên, ghi nhận năm {year}.",
                    body=[("text", f"<p>{subject} được tổ chức với sự tham gia của học sinh các lớp.</p>")],
                )
            )
        bulk_add_children(index, NewsPage, batch)
    print(f"created {NewsPage.objects.count() - existing} news pages in {time.perf_counter() - started:.0f} s")
    return NewsPage.objects.count(), True


def reindex():
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("update_index", stdout=io.StringIO())
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would give a production database after a bulk load.
        cursor.execute("ANALYZE")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=660)
    parser.add_argument("--pages", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reindex", action="store_true", help="time update_index even if nothing was added")
    args = parser.parse_args()
    setup_django()
    ensure_province(ROOT / "fixtures" / "roster" / "lao-cai.csv")
    pages, added = ensure_pages(args.pages, args.units)
    from wagtail.models import Page

    print(f"pages: {Page.objects.count()} in total, {pages} news pages, {args.units} units")
    if added or args.reindex:
        print(f"update_index: {reindex():.0f} s for {Page.objects.count()} pages")

    from django.test import Client

    from schoolsite.models import Unit

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
