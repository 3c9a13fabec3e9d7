"""The Wagtail admin at province scale: server time and SQL queries of the busiest admin pages.

Usage:  .venv/bin/python bench/admin.py [--repeat 20] [--profile 5]

Uses the benchmark province of bench/province.py (built there once and kept:
660 sites under the root, 100,000 pages, 50,000 images). Requests, through
Django's test client (no network, users force-logged-in): the page explorer at
the root as the superuser, a school's explorer as its editor, the editor of a
news page, the image chooser, the moderation queue and the dashboard as the
department's moderator and as a school's moderator. Prints the median and p95
server time of `--repeat` requests, the number of SQL queries of one request
and the time they took, then the `--profile` slowest queries of each request.
Aim of issue #11: the explorer under 300 ms with 660 sites.
"""

import argparse
import statistics
import sys
import time

from data import setup_django
from province import build


def user(username, *, superuser=False, groups=()):
    from django.contrib.auth import get_user_model

    account, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_superuser": superuser, "is_staff": superuser}
    )
    account.groups.add(*groups)
    return account


def scenarios():
    from django.urls import reverse
    from wagtail.models import Page

    from news.models import NewsIndexPage, NewsPage
    from schoolsite.models import Unit, UnitGroup, UnitRole

    department = Unit.objects.get(code="so")
    school = Unit.objects.get(code="thpt-chuyen")

    def role(unit, name):
        return UnitGroup.objects.get(unit=unit, role=name).group

    admin = user("bench-admin", superuser=True)
    editor = user("bench-thpt-chuyen-bientap", groups=[role(school, UnitRole.EDITOR)])
    department_moderator = user("bench-so-duyet", groups=[role(department, UnitRole.MODERATOR)])
    school_moderator = user("bench-thpt-chuyen-duyet", groups=[role(school, UnitRole.MODERATOR)])
    news_index = NewsIndexPage.objects.child_of(school.home_page).get()
    news = NewsPage.objects.child_of(news_index).live().exclude(featured_image=None).order_by("pk").first()
    root = Page.get_first_root_node()
    return [
        ("explorer at the root (660 sites)", admin, department, reverse("wagtailadmin_explore", args=[root.pk])),
        ("explorer: a school's home", editor, school, reverse("wagtailadmin_explore", args=[school.home_page_id])),
        ("explorer: a school's news", editor, school, reverse("wagtailadmin_explore", args=[news_index.pk])),
        ("page editor: news page", editor, school, reverse("wagtailadmin_pages:edit", args=[news.pk])),
        ("image chooser (superuser)", admin, department, reverse("wagtailimages_chooser:choose")),
        ("image chooser (editor)", editor, school, reverse("wagtailimages_chooser:choose")),
        ("moderation queue (department)", department_moderator, department, reverse("moderation:queue")),
        ("moderation queue (school)", school_moderator, school, reverse("moderation:queue")),
        ("dashboard (department mod.)", department_moderator, department, reverse("wagtailadmin_home")),
        ("dashboard (superuser)", admin, department, reverse("wagtailadmin_home")),
    ]


def measure(client, path, repeat):
    from django.db import connection

    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    # Timed here rather than with CaptureQueriesContext: the test client's request_started
    # signal resets connection.queries, so the context would see no query of the request.
    queries = []

    def timed(execute, sql, *rest):
        started = time.perf_counter()
        try:
            return execute(sql, *rest)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(timed):
        client.get(path)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) >= 20 else max(timings)
    return statistics.median(timings), p95, queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", type=int, default=5, help="slowest queries to show per request")
    args = parser.parse_args()
    setup_django()
    build(verbose=False)

    from django.test import Client
    from wagtail.images import get_image_model
    from wagtail.models import Page, Site

    print(f"{Site.objects.count()} sites, {Page.objects.count()} pages, {get_image_model().objects.count()} images")
    results = []
    print(f"{'request':36} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>5} {'SQL ms':>7}")
    for name, account, unit, path in scenarios():
        client = Client(HTTP_HOST=unit.hostname)
        client.force_login(account)
        p50, p95, queries = measure(client, path, args.repeat)
        results.append((name, path, queries))
        print(f"{name:36} {p50:8.1f} {p95:8.1f} {len(queries):5d} {sum(ms for ms, _sql in queries):7.1f}")
    if args.profile:
        print()
        for name, path, queries in results:
            print(f"{name} ({path}): slowest queries")
            for ms, sql in sorted(queries, reverse=True)[: args.profile]:
                print(f"  {ms:7.1f} ms  {' '.join(sql.split())[:220]}")


if __name__ == "__main__":
    sys.exit(main())
