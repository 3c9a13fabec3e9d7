"""Elasticsearch: the index settings and mappings always; the relevance set against a live server when there is one.

Run against a server:  ELASTICSEARCH_URL=http://127.0.0.1:9200 make test
(with ELASTICSEARCH_URL set, the whole suite, tests/test_search_relevance.py included, uses Elasticsearch).
"""

import elasticsearch
import pytest
from django.conf import settings

from legal_docs.models import LegalDocumentPage, ProcedurePage
from news.models import NewsPage
from search.elasticsearch import INDEX_SETTINGS

LIVE = bool(settings.ELASTICSEARCH_URL)


def backend():
    from wagtail.search.backends import get_search_backend

    major = elasticsearch.__versionstr__.split(".")[0]
    return get_search_backend(
        f"wagtail.search.backends.elasticsearch{major}",
        URLS=[settings.ELASTICSEARCH_URL or "http://127.0.0.1:9200"],
        INDEX="sgddt_settings_check",
        INDEX_SETTINGS=INDEX_SETTINGS,
    )


def test_backend_matches_the_installed_client_major_version():
    assert type(backend()).__module__.endswith(f"elasticsearch{elasticsearch.__versionstr__.split('.')[0]}")


def test_every_text_field_folds_vietnamese_diacritics():
    analysis = backend().settings["settings"]["analysis"]
    for name in ("default", "default_search"):
        analyzer = analysis["analyzer"][name]
        assert analyzer["tokenizer"] == "standard"
        assert analyzer["filter"] == ["lowercase", "asciifolding"]
    # Wagtail's own partial-match analyzers keep folding too.
    for name in ("ngram_analyzer", "edgengram_analyzer"):
        assert "asciifolding" in analysis["analyzer"][name]["filter"]


@pytest.mark.parametrize("model", [NewsPage, LegalDocumentPage, ProcedurePage])
def test_mappings_index_the_fields_people_search(model):
    mapping = backend().mapping_class(model).get_mapping()
    properties = mapping["properties"]
    names = set(properties)
    expected = {"title", "live", "path", "content_type"}
    expected |= {
        NewsPage: {"lead", "body"},
        LegalDocumentPage: {"number", "number_words", "summary", "document_type", "issued_date"},
        ProcedurePage: {"code", "steps", "level"},
    }[model]
    for field in expected:
        variants = {field, f"{field}_filter", f"{field}_id_filter"}
        assert any(name.split("__")[-1] in variants for name in names), (field, sorted(names))
    texts = [p for p in properties.values() if p.get("type") == "text"]
    assert texts and all(p.get("analyzer") in (None, "edgengram_analyzer") for p in texts)


@pytest.mark.skipif(
    not LIVE, reason="Đặt ELASTICSEARCH_URL (ví dụ http://127.0.0.1:9200) để kiểm thử với Elasticsearch thật."
)
def test_live_server_analyzes_vietnamese_as_configured():
    search_backend = backend()
    index = search_backend.get_index_for_model(NewsPage)
    index.reset()
    result = search_backend.es.indices.analyze(index=index.name, analyzer="default", text="Thông báo Đường lên Y Tý")
    assert [t["token"] for t in result["tokens"]] == ["thong", "bao", "duong", "len", "y", "ty"]
    index.delete()


@pytest.mark.skipif(not LIVE, reason="Đặt ELASTICSEARCH_URL để chạy bộ kiểm thử độ liên quan với Elasticsearch thật.")
@pytest.mark.django_db
def test_live_relevance_set_runs_on_elasticsearch():
    from tests.search_cases import CASES
    from tests.test_search_relevance import top_titles

    failures = []
    for query, site, scope, expected, within in CASES:
        titles = top_titles(site, query, scope, within)
        if not any(expected.lower() in title.lower() for title in titles):
            failures.append((query, titles))
    assert not failures
