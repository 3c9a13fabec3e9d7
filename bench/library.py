"""The document library at 20,000 documents: server time and SQL queries per request.

Usage:  .venv/bin/python bench/library.py [--documents 20000] [--repeat 30]

Uses the benchmark province of bench/province.py (built there once and kept:
20,000 documents, most in the department's library), then requests /van-ban/ on the
department's and a school's site with no filter, four filters, a document
number and words in the quick box. Prints the median and p95 server time of
`--repeat` requests through Django's test client (no network) and the number
of SQL queries of one request.
"""

import argparse
import statistics
import time

from data import setup_django
from province import build


def measure(client, path, params, repeat):
    from django.db import connection

    for _ in range(3):
        response = client.get(path, params)
        assert response.status_code == 200, response.status_code
    queries = []

    def count(execute, sql, *rest, log=queries):
        log.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(count):
        client.get(path, params)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, params)
        timings.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(timings, n=20)[-1]
    return statistics.median(timings), p95, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    setup_django()
    build(verbose=False)

    from django.test import Client

    from home.models import Topic
    from legal_docs.models import IssuingBody, LegalDocumentPage
    from schoolsite.models import Unit

    department = Unit.objects.get(code="so")
    in_department = LegalDocumentPage.objects.filter(path__startswith=department.home_page.path).count()
    print(f"documents: {LegalDocumentPage.objects.count()} in total, {in_department} in the department's library")

    moet = IssuingBody.objects.get(abbreviation="BGDĐT")
    topic = Topic.objects.order_by("pk").first()
    scenarios = [
        ("no filter", {}),
        (
            "four filters",
            {"loai": "thong-tu", "co-quan": moet.pk, "linh-vuc": topic.slug, "tinh-trang": "con-hieu-luc"},
        ),
        (
            "four filters, page 5",
            {"loai": "cong-van", "nam": "2020", "linh-vuc": topic.slug, "tinh-trang": "con-hieu-luc", "trang": 5},
        ),
        ("number in quick box", {"q": "1234/2016"}),
        ("words in quick box", {"q": "ke hoach tuyen sinh"}),
    ]
    print(f"{'site':14} {'request':24} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>5}")
    for code in ("so", "thpt-chuyen"):
        client = Client(HTTP_HOST=Unit.objects.get(code=code).hostname)
        for name, params in scenarios:
            p50, p95, queries = measure(client, "/van-ban/", params, args.repeat)
            print(f"{code:14} {name:24} {p50:8.1f} {p95:8.1f} {queries:5d}")


if __name__ == "__main__":
    main()
