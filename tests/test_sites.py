"""Each hostname serves its own unit's page tree; nothing else ever answers."""

import pytest
from django.test import Client

from schoolsite.models import Unit, UnitType
from tests.conftest import site_client

pytestmark = pytest.mark.django_db


def test_every_unit_hostname_serves_its_own_home_page():
    units = list(Unit.objects.active().select_related("home_page"))
    assert len(units) == 37
    for unit in units:
        response = site_client(unit).get("/")
        assert response.status_code == 200, unit.code
        assert response.context["page"].pk == unit.home_page_id
        assert f'<span class="brand-name">{unit.name}</span>' in response.content.decode()


def test_department_and_school_homes_use_their_page_types(department, school):
    assert site_client(department).get("/").context["page"].specific_class.__name__ == "DepartmentHomePage"
    assert site_client(school).get("/").context["page"].specific_class.__name__ == "UnitHomePage"


@pytest.mark.parametrize(
    "path",
    [
        "/gioi-thieu/",
        "/tin-tuc/",
        "/van-ban/",
        "/thu-tuc-hanh-chinh/",
        "/hoi-dap/",
        "/cong-khai/",
        "/lich-cong-tac/",
        "/su-kien/",
        "/lien-he/",
    ],
)
def test_standard_sections_answer_at_contract_paths(school, path):
    response = site_client(school).get(path)
    assert response.status_code == 200
    assert response.context["page"].get_site().pk == school.site_id


def test_same_path_on_two_sites_serves_each_sites_own_page(school, other_school):
    # Both schools have a news item with this slug (demo content); each host gets its own.
    path = "/tin-tuc/le-khai-giang-nam-hoc-moi/"
    own = site_client(school).get(path)
    other = site_client(other_school).get(path)
    assert own.status_code == other.status_code == 200
    assert own.context["page"].pk != other.context["page"].pk
    assert own.context["page"].is_descendant_of(school.home_page)
    assert other.context["page"].is_descendant_of(other_school.home_page)
    assert school.name in own.context["page"].title or school.name in own.context["page"].specific.lead


def test_unknown_hostname_gets_a_clear_404_not_another_site():
    response = Client(HTTP_HOST="khong-co-truong-nay.localhost").get("/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang web" in body
    assert "khong-co-truong-nay.localhost" in body
    assert "brand-name" not in body  # no unit's page shell


def test_unknown_hostname_gets_404_on_every_path():
    client = Client(HTTP_HOST="example.org")
    for path in ["/", "/tin-tuc/", "/gioi-thieu/", "/en/"]:
        assert client.get(path).status_code == 404


def test_localhost_and_loopback_show_the_department(department):
    for host in ["localhost", "localhost:8000", "127.0.0.1:8000"]:
        response = Client(HTTP_HOST=host).get("/")
        assert response.status_code == 200, host
        assert response.context["page"].pk == department.home_page_id


def test_no_wagtail_site_is_a_catch_all_default():
    from wagtail.models import Site

    assert not Site.objects.filter(is_default_site=True).exists()
    assert Site.objects.count() == Unit.objects.count()


def test_deactivated_unit_site_stops_serving_but_keeps_its_data(school):
    Unit.objects.filter(pk=school.pk).update(is_active=False)
    response = site_client(school).get("/")
    assert response.status_code == 404
    assert "đã ngừng hoạt động" in response.content.decode()
    assert site_client(school).get("/tin-tuc/").status_code == 404
    school.refresh_from_db()
    assert school.home_page.get_descendants().live().count() > 0


def test_every_site_belongs_to_exactly_one_unit():
    from wagtail.models import Site

    for site in Site.objects.all():
        assert Unit.objects.filter(site=site).count() == 1
    assert Unit.objects.filter(unit_type=UnitType.SO).count() == 1


def test_page_urls_found_by_the_site_root_index_are_wagtails(rf):
    """schoolsite.site_roots answers as Wagtail's scan of every site would, for every page of the demo."""
    from wagtail.models import Page, Site

    from schoolsite.site_roots import relevant_site_root_paths

    request = rf.get("/", HTTP_HOST="so.localhost")
    roots = Site.get_site_root_paths()
    for page in Page.objects.all():
        scanned = tuple(srp for srp in roots if page.url_path.startswith(srp.root_path))
        assert relevant_site_root_paths(page, request) == scanned, page.url_path
        assert page.get_url(request) is not None or not scanned
