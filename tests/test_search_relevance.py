"""The relevance test set (tests/search_cases.py) on PostgreSQL's Vietnamese configuration."""

import pytest
from django.test import Client

from schoolsite.models import Unit
from tests.search_cases import CASES

pytestmark = pytest.mark.django_db


def top_titles(unit_code, query, scope, count):
    from bs4 import BeautifulSoup

    unit = Unit.objects.get(code=unit_code)
    response = Client(HTTP_HOST=unit.hostname).get("/tim-kiem/", {"q": query, "pham_vi": scope})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(" ", strip=True) for a in soup.select(".hit-title a")][:count]


@pytest.mark.parametrize(("query", "site", "scope", "expected", "within"), CASES, ids=[c[0] for c in CASES])
def test_relevance(query, site, scope, expected, within):
    titles = top_titles(site, query, scope, within)
    assert any(expected.lower() in title.lower() for title in titles), f"{query!r} -> {titles}"


def test_the_set_has_at_least_thirty_queries():
    assert len(CASES) >= 30


def test_scores_within_five_percent_are_equally_relevant_wherever_they_fall():
    from search.services import relevance_tiers

    tiers = relevance_tiers([(1, 1.2729), (2, 1.2499), (3, 1.0), (4, 0.98), (5, 0.5)])
    assert tiers == {1: 0, 2: 0, 3: 1, 4: 1, 5: 2}
    assert relevance_tiers([(1, None), (2, 0.0)]) == {1: 0, 2: 0}
