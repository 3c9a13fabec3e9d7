"""Reports at province scale: ~660 units and 100,000 pages, on PostgreSQL.

Usage:  .venv/bin/python bench/report_queries.py [--repeat 10]

Uses the benchmark province of bench/province.py (built once and kept in the
database of bench/data.py), adds a month of page views (every unit, every day,
ten pages each) and questions if they are missing, then times each report
(computed, and rendered by the admin view) and its XLSX export, and counts
the queries. Prints medians and the slowest run. Aim: each report under 1 s.
"""

import argparse
import datetime
import random
import statistics
import sys
import time

from data import setup_django
from province import build


def ensure_activity(period):
    from django.utils import timezone

    from questions.models import Question, QuestionStatus
    from reports.models import PageViewDay
    from schoolsite.models import Unit

    units = list(Unit.objects.exclude(home_page=None).select_related("home_page"))
    if not PageViewDay.objects.filter(date__gte=period.first_day, date__lte=period.last_day).exists():
        from wagtail.models import Page

        rng = random.Random(2026)
        pages_by_unit = {}
        for unit in units:
            pages_by_unit[unit.pk] = list(
                Page.objects.filter(path__startswith=unit.home_page.path).values_list("pk", flat=True)[:10]
            )
        rows = []
        day = period.first_day
        while day <= period.last_day:
            for unit in units:
                for page in pages_by_unit[unit.pk]:
                    rows.append(PageViewDay(date=day, page_id=page, unit=unit, views=rng.randrange(1, 200)))
            day += datetime.timedelta(days=1)
        PageViewDay.objects.bulk_create(rows, batch_size=5000)
        print(f"added {len(rows)} page-view rows")
    if Question.objects.count() < 5000:
        rng = random.Random(7)
        questions = []
        for number in range(5000):
            unit = rng.choice(units)
            asked = period.start + datetime.timedelta(hours=rng.randrange(0, 24 * 28))
            answered = rng.random() < 0.7
            questions.append(
                Question(
                    code=f"HD-BENCH{number:05d}",
                    unit=unit,
                    received_by=unit,
                    asker_name="Người hỏi",
                    asker_phone="0912000000",
                    title=f"Câu hỏi {number}",
                    body="Nội dung",
                    created_at=asked,
                    status=QuestionStatus.ANSWERED if answered else QuestionStatus.NEW,
                    answered_at=asked + datetime.timedelta(hours=rng.randrange(1, 24 * 10)) if answered else None,
                )
            )
        Question.objects.bulk_create(questions, batch_size=2000)
        print(f"added {len(questions)} questions")
    return timezone.now()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    setup_django()
    build(verbose=False)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from wagtail.models import Page

    from reports import services
    from reports.exports import to_xlsx
    from schoolsite.models import Unit

    period = services.Period.parse(datetime.date.today().strftime("%Y-%m"))
    ensure_activity(period)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{Unit.objects.count()} units, {Page.objects.count()} pages, period {period}")
    admin, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="so.localhost")
    client.force_login(admin)
    print(f"{'report':12} {'queries':>8} {'p50 ms':>8} {'max ms':>8} {'view p50':>9} {'xlsx p50':>9}")
    for name in services.REPORTS:
        with services.QueryCounter() as queries:
            report = services.build(name, Unit.objects.all(), period)
        built, rendered, exported = [], [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            report = services.build(name, Unit.objects.all(), period)
            built.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            response = client.get(f"/admin/bao-cao/{name}/", {"ky": str(period)})
            rendered.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            started = time.perf_counter()
            to_xlsx(report)
            exported.append((time.perf_counter() - started) * 1000)
        print(
            f"{name:12} {queries.count:8d} {statistics.median(built):8.0f} {max(built):8.0f}"
            f" {statistics.median(rendered):9.0f} {statistics.median(exported):9.0f}"
        )


if __name__ == "__main__":
    sys.exit(main())
