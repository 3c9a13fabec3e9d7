"""The document library at 20,000 documents: server time and SQL queries per request.

Usage:  .venv/bin/python bench/library.py [--documents 20000] [--repeat 30]

Builds (once, kept) 20,000 documents in the department's library of the
benchmark database (see bench/data.py), then requests /van-ban/ on the
department's and a school's site with no filter, four filters, a document
number and words in the quick box. Prints the median and p95 server time of
`--repeat` requests through Django's test client (no network) and the number
of SQL queries of one request.
"""

import argparse
import datetime
import random
import statistics
import time

from data import bulk_add_children, ensure_province, setup_django


def ensure_documents(target):
    from home.models import Topic
    from home.tabular import fold
    from legal_docs.models import DocumentLibraryPage, DocumentType, IssuingBody, LegalDocumentPage, number_key
    from schoolsite.models import Unit

    department = Unit.objects.get(code="so")
    library = DocumentLibraryPage.objects.child_of(department.home_page).get()
    existing = LegalDocumentPage.objects.count()
    if existing >= target:
        return existing
    rng = random.Random(20000)
    bodies = list(IssuingBody.objects.all())
    topics = list(Topic.objects.all())
    types = [value for value, _label in DocumentType.choices]
    words = ["kế hoạch", "hướng dẫn", "tuyển sinh", "năm học", "chuyển đổi số", "học sinh", "giáo viên", "thi"]
    documents = []
    for index in range(existing, target):
        kind = rng.choice(types)
        body = rng.choice(bodies)
        issued = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randrange(0, 6150))
        number = f"{index + 1}/{issued.year}/{kind.upper()[:2]}-BENCH"
        summary = f"{rng.choice(words).capitalize()} {rng.choice(words)} số {index + 1}"
        title = f"{dict(DocumentType.choices)[kind]} {number}: {summary}"
        documents.append(
            LegalDocumentPage(
                title=title,
                slug=f"bench-{index + 1}",
                number=number,
                number_key=number_key(number),
                document_type=kind,
                issuing_body=body,
                issued_date=issued,
                effective_date=issued + datetime.timedelta(days=rng.choice([0, 15, 45])),
                expiry_date=issued + datetime.timedelta(days=3650) if rng.random() < 0.2 else None,
                topic=rng.choice(topics),
                summary=summary,
                sector_wide=True,
                search_text=fold(f"{number} {title} {summary} {body.name}"),
                body=[],
            )
        )
    bulk_add_children(library, LegalDocumentPage, documents)
    return LegalDocumentPage.objects.count()


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
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    setup_django()
    ensure_province()
    started = time.perf_counter()
    total = ensure_documents(args.documents)
    print(f"documents in the library: {total} (prepared in {time.perf_counter() - started:.1f} s)")

    from django.test import Client

    from home.models import Topic
    from legal_docs.models import IssuingBody
    from schoolsite.models import Unit

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
