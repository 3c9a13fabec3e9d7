"""Feeds, sitemaps and the read API with its published OpenAPI description."""

import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from wagtail.models import PageViewRestriction

from legal_docs.models import LegalDocumentPage
from news.models import NewsIndexPage, NewsPage
from schoolsite.models import Unit
from tests.conftest import site_client

pytestmark = pytest.mark.django_db


def parse_feed(unit, path):
    response = site_client(unit).get(path)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


def add_news(unit, title, slug, live=True, **fields):
    index = NewsIndexPage.objects.child_of(unit.home_page).get()
    page = NewsPage(title=title, slug=slug, lead="Tóm tắt.", body=[("text", "<p>Nội dung.</p>")], live=live, **fields)
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return NewsPage.objects.get(pk=page.pk)


# --- feeds ------------------------------------------------------------------------


def test_news_feeds_are_valid_rss_and_atom_of_this_site_only(school, other_school):
    draft = add_news(school, "Bản nháp không được lên RSS", "ban-nhap-rss", live=False)
    response, rss = parse_feed(school, "/tin-tuc/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss.version == "rss20"
    assert school.name in rss.feed.title
    expected = list(NewsPage.objects.child_of(NewsIndexPage.objects.child_of(school.home_page).get()).live())
    assert {entry.title for entry in rss.entries} == {page.title for page in expected}
    assert all(entry.link.startswith(f"{school.site.root_url}") for entry in rss.entries)
    assert draft.title not in {entry.title for entry in rss.entries}
    # Newest first, with dates.
    dates = [entry.published_parsed for entry in rss.entries]
    assert dates == sorted(dates, reverse=True)

    _response, atom = parse_feed(school, "/tin-tuc/atom/")
    assert atom.version == "atom10"
    assert [entry.title for entry in atom.entries] == [entry.title for entry in rss.entries]

    _response, other = parse_feed(other_school, "/tin-tuc/rss/")
    assert all(entry.link.startswith(f"{other_school.site.root_url}") for entry in other.entries)


def test_news_feed_per_field(department):
    news = NewsPage.objects.live().descendant_of(department.home_page).exclude(topic=None).first()
    _response, feed = parse_feed(department, f"/tin-tuc/rss/?linh-vuc={news.topic.slug}")
    assert feed.entries and news.topic.name in feed.feed.title
    assert all(entry.tags[0].term == news.topic.name for entry in feed.entries)
    assert news.title in {entry.title for entry in feed.entries}


def test_library_feeds(department, school):
    _response, feed = parse_feed(department, "/van-ban/rss/")
    assert feed.version == "rss20" and len(feed.entries) > 5
    newest = LegalDocumentPage.objects.live().descendant_of(department.home_page).order_by("-issued_date").first()
    assert newest.number in " ".join(entry.title for entry in feed.entries)
    _response, atom = parse_feed(department, "/van-ban/atom/")
    assert atom.version == "atom10"
    # A school's library feed lists the sector's documents too, at the school's own addresses.
    _response, school_feed = parse_feed(school, "/van-ban/rss/")
    assert school_feed.entries and all(school.hostname in entry.link for entry in school_feed.entries)


def test_pages_announce_their_feeds(school):
    html = site_client(school).get("/").content.decode()
    assert re.search(r'<link rel="alternate" type="application/rss\+xml"[^>]+href="/tin-tuc/rss/"', html)
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]+href="/tin-tuc/atom/"', html)
    assert 'href="/van-ban/rss/"' in html


# --- discovery --------------------------------------------------------------------


def sitemap_urls(unit):
    response = site_client(unit).get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [node.text for node in ET.fromstring(response.content).findall("s:url/s:loc", namespace)]


def test_sitemaps_list_only_their_own_site(school, other_school, department):
    draft = add_news(school, "Nháp ngoài sitemap", "nhap-ngoai-sitemap", live=False)
    urls = sitemap_urls(school)
    assert f"{school.site.root_url}/" in urls
    assert f"{school.site.root_url}/tin-tuc/" in urls
    assert all(url.startswith(f"{school.site.root_url}/") for url in urls)
    assert not any(draft.slug in url for url in urls)
    other = sitemap_urls(other_school)
    assert other and all(url.startswith(f"{other_school.site.root_url}/") for url in other)
    assert all(url.startswith(f"{department.site.root_url}/") for url in sitemap_urls(department))


def test_robots_txt_points_to_the_sites_sitemap(school):
    response = site_client(school).get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert f"Sitemap: http://{school.hostname}/sitemap.xml" in text
    assert "Disallow: /admin/" in text


# --- read API ---------------------------------------------------------------------


def api(site_unit, path, **params):
    """A GET on the read API of the site of `site_unit` (query parameters as keywords)."""
    response = site_client(site_unit).get(path, params)
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def test_news_api_filters_by_unit_and_date_and_pages(department, school):
    response = api(department, "/api/v2/news/", unit=school.code, limit=2)
    data = response.json()
    live = NewsPage.objects.live().public().descendant_of(school.home_page)
    assert response.status_code == 200
    assert data["meta"]["total_count"] == live.count()
    assert len(data["items"]) == 2 and all(item["unit"] == school.code for item in data["items"])
    assert data["items"][0]["meta"]["html_url"].startswith(f"{school.site.root_url}/tin-tuc/")
    assert data["items"][0]["date"] >= data["items"][1]["date"]  # newest first

    second = api(department, "/api/v2/news/", unit=school.code, limit=2, offset=2).json()
    first_ids = {item["id"] for item in data["items"]}
    assert second["items"] and not first_ids & {item["id"] for item in second["items"]}

    newest = live.order_by("-date").first()
    dated = api(
        department, "/api/v2/news/", date_from=newest.date.isoformat(), date_to=newest.date.isoformat(), limit=100
    ).json()
    assert newest.pk in {item["id"] for item in dated["items"]}
    assert all(item["date"] == newest.date.isoformat() for item in dated["items"])

    # The same answer from any site of the sector.
    assert api(school, "/api/v2/news/", unit=school.code).json()["meta"]["total_count"] == live.count()


def test_api_never_shows_drafts_private_pages_or_closed_units(department, school):
    draft = add_news(school, "Bản nháp API", "ban-nhap-api", live=False)
    private = add_news(school, "Tin nội bộ API", "tin-noi-bo-api")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    items = api(department, "/api/v2/news/", unit=school.code, limit=100).json()["items"]
    ids = {item["id"] for item in items}
    assert draft.pk not in ids and private.pk not in ids
    assert api(department, f"/api/v2/news/{draft.pk}/").status_code == 404
    assert api(department, f"/api/v2/news/{private.pk}/").status_code == 404
    assert api(school, f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert api(department, "/api/v2/news/", search="Tin nội bộ API").json()["meta"]["total_count"] == 0

    visible = add_news(school, "Tin của trường sắp đóng", "tin-truong-sap-dong")
    assert api(department, f"/api/v2/news/{visible.pk}/").status_code == 200
    Unit.objects.filter(pk=school.pk).update(is_active=False)
    assert api(department, f"/api/v2/news/{visible.pk}/").status_code == 404
    assert school.code not in {u["code"] for u in api(department, "/api/v2/units/", limit=100).json()["items"]}


def test_api_refuses_bad_parameters_with_a_message(department):
    for params in ({"unit": "khong-co"}, {"date_from": "25/11/2026"}, {"limit": 1000}, {"khong_biet": "1"}):
        response = api(department, "/api/v2/news/", **params)
        assert response.status_code == 400, params
        assert response.json()["message"]
    assert "không có đơn vị" in api(department, "/api/v2/news/", unit="khong-co").json()["message"]


def test_api_is_read_only(department):
    client = site_client(department)
    assert client.post("/api/v2/news/", {"title": "x"}).status_code == 405
    assert client.delete("/api/v2/units/1/").status_code == 405


def test_documents_procedures_and_units_endpoints(department, school):
    data = api(department, "/api/v2/documents/", number="22/2021/tt-bgddt").json()
    assert data["meta"]["total_count"] == 1
    document = data["items"][0]
    assert document["number"] == "22/2021/TT-BGDĐT" and document["issuing_body"]
    detail = api(department, f"/api/v2/documents/{document['id']}/").json()
    assert detail["attachments"] and detail["attachments"][0]["url"].startswith("http://")
    assert detail["attachments"][0]["sha256"]

    circulars = api(department, "/api/v2/documents/", document_type="thong-tu", limit=100).json()
    assert circulars["items"] and all(item["document_type"] == "thong-tu" for item in circulars["items"])

    expired = api(department, "/api/v2/documents/", status="het-hieu-luc", limit=100, fields="status").json()
    assert expired["items"] and all(item["status"] == "het-hieu-luc" for item in expired["items"])
    assert api(department, "/api/v2/documents/", status="khong-ro").status_code == 400

    procedures = api(department, "/api/v2/procedures/", limit=100).json()
    assert procedures["meta"]["total_count"] >= 10
    procedure = api(department, f"/api/v2/procedures/{procedures['items'][0]['id']}/").json()
    assert procedure["code"] and "legal_basis" in procedure

    units = api(department, "/api/v2/units/", unit_type="ptdtnt", limit=100).json()
    assert units["meta"]["total_count"] == 9
    assert all(item["unit_type"] == "ptdtnt" for item in units["items"])
    one = api(department, f"/api/v2/units/{school.pk}/").json()
    assert one["code"] == school.code and one["parent_code"] == "so"
    assert one["website"] == f"{school.site.root_url}/"
    by_district = api(department, "/api/v2/units/", district=school.district, limit=100).json()
    assert school.code in {item["code"] for item in by_district["items"]}


def test_pages_endpoint_is_the_sites_own_tree(school, other_school):
    data = api(school, "/api/v2/pages/", limit=100).json()
    assert data["items"] and all(school.hostname in item["meta"]["html_url"] for item in data["items"])
    other_page = NewsPage.objects.live().descendant_of(other_school.home_page).first()
    assert api(school, f"/api/v2/pages/{other_page.pk}/").status_code == 404


def test_api_answers_stay_fast_in_queries(department, django_assert_max_num_queries):
    """A fixed number of queries per answer, however many items (caches warmed by a first request)."""
    api(department, "/api/v2/news/", limit=1)
    with django_assert_max_num_queries(12):
        assert api(department, "/api/v2/news/", limit=20).status_code == 200
    with django_assert_max_num_queries(12):
        assert api(department, "/api/v2/documents/", limit=20).status_code == 200
    with django_assert_max_num_queries(14):
        assert api(department, "/api/v2/procedures/", limit=20, fields="*").status_code == 200


# --- the published standard -------------------------------------------------------


@pytest.fixture
def spec(department):
    response = api(department, "/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_description_is_valid(spec):
    validate(spec)  # raises on an invalid OpenAPI 3.1 document
    assert spec["openapi"].startswith("3.")
    for endpoint in ("news", "documents", "procedures", "units", "pages"):
        assert f"/api/v2/{endpoint}/" in spec["paths"] and f"/api/v2/{endpoint}/{{id}}/" in spec["paths"]


def _pointer(*parts):
    return "#/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


@pytest.mark.parametrize(
    "endpoint,query",
    [
        ("news", {"limit": 20}),
        ("news", {"limit": 5, "fields": "*"}),
        ("documents", {"limit": 5, "fields": "*"}),
        ("procedures", {"limit": 5, "fields": "*"}),
        ("units", {"limit": 50, "fields": "*"}),
        ("pages", {"limit": 20}),
    ],
)
def test_real_answers_match_the_description(spec, department, endpoint, query):
    """Other systems code against the description: every answer must fit its schema."""
    path = f"/api/v2/{endpoint}/"
    listing = _pointer("paths", path, "get", "responses", "200", "content", "application/json", "schema")
    validator = Draft202012Validator({"$ref": listing, "paths": spec["paths"], "components": spec["components"]})
    data = api(department, path, **query).json()
    assert data["items"]
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(data)]
    assert not errors, errors[:5]

    detail = _pointer("paths", f"{path}{{id}}/", "get", "responses", "200", "content", "application/json", "schema")
    validator = Draft202012Validator({"$ref": detail, "paths": spec["paths"], "components": spec["components"]})
    one = api(department, f"{path}{data['items'][0]['id']}/").json()
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(one)]
    assert not errors, errors[:5]


def test_human_readable_api_documentation(department):
    response = site_client(department).get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "GET /api/v2/news/" in html and "GET /api/v2/units/" in html
    assert "<code>date_from</code>" in html and "Số, ký hiệu văn bản" in html
    assert 'href="/api/openapi.json"' in html
