"""Home pages do the same number of SQL queries however many sites and news items exist."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.indexing import deferred_search_indexing
from news.models import NewsIndexPage, NewsPage
from schoolsite.models import Unit
from schoolsite.roster_generator import generate, write
from tests.conftest import site_client

pytestmark = pytest.mark.django_db

PAGES = ["/", "/tin-tuc/", "/tin-tuc/le-khai-giang-nam-hoc-moi/", "/gioi-thieu/co-cau-to-chuc/", "/lien-he/"]


def count_queries(unit, path):
    client = site_client(unit)
    assert client.get(path).status_code == 200  # warm caches and renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def add_news(unit, how_many):
    index = NewsIndexPage.objects.child_of(unit.home_page).get()
    with deferred_search_indexing():
        for number in range(how_many):
            index.add_child(
                instance=NewsPage(
                    title=f"Tin số {number}",
                    slug=f"tin-so-{number}",
                    date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
                    lead="Tin thêm để đo số truy vấn.",
                    body=[("text", "<p>Nội dung</p>")],
                )
            )


def test_query_count_does_not_grow_with_sites_or_news(tmp_path, department, school):
    pages = [(unit, path) for unit in (department, school) for path in PAGES if unit is school or path != PAGES[2]]
    before = {(unit.code, path): count_queries(unit, path) for unit, path in pages}

    roster = tmp_path / "bigger.csv"
    write(generate(Unit.objects.count() + 20, domain="localhost"), roster)
    call_command("provision_units", str(roster), "--local", stdout=io.StringIO())
    assert Unit.objects.count() >= 57
    add_news(department, 40)
    add_news(school, 40)

    after = {(unit.code, path): count_queries(unit, path) for unit, path in pages}
    assert after == before
    # A small, fixed budget: the home page of a school stays light on the database.
    assert before[(school.code, "/")] <= 15, before
