"""What the public sees on each site: structure, navigation, errors, weight."""

import datetime
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory, override_settings
from django.utils import translation

from home.views import server_error
from news.models import NewsIndexPage, NewsPage
from tests.conftest import site_client

pytestmark = pytest.mark.django_db


def html(unit, path="/"):
    response = site_client(unit).get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_page_has_landmarks_skip_link_and_vietnamese_language(school):
    body = html(school)
    assert '<html lang="vi">' in body
    assert '<a class="skip-link" href="#main">Bỏ qua, đến nội dung chính</a>' in body
    for landmark in ['<header class="site-header">', '<nav class="site-nav"', '<main id="main"', "<footer"]:
        assert landmark in body
    assert body.count("<h1") == 1


def test_menu_is_built_from_the_sites_sections(school):
    body = html(school)
    menu = body[body.index('id="main-menu"') : body.index("</ul>", body.index('id="main-menu"'))]
    labels = re.findall(r">([^<>]+)</a>", menu)
    assert labels == [
        "Trang chủ",
        "Giới thiệu",
        "Tin tức",
        "Văn bản",
        "Thủ tục hành chính",
        "Hỏi đáp",
        "Công khai",
        "Lịch công tác",
        "Sự kiện",
        "Thư viện ảnh",
        "Liên hệ",
    ]


def test_menu_follows_the_editors_changes(school):
    contact = school.home_page.get_children().get(slug="lien-he")
    contact.show_in_menus = False
    contact.save()
    assert "/lien-he/" not in html(school).split('id="main-menu"')[1].split("</ul>")[0]


def test_breadcrumbs_on_inner_pages(school):
    body = html(school, "/gioi-thieu/co-cau-to-chuc/")
    crumbs = body[body.index('class="breadcrumbs') : body.index("</nav>", body.index('class="breadcrumbs'))]
    assert re.findall(r">([^<>]+)</(?:a|li)>", crumbs) == ["Trang chủ", "Giới thiệu", "Cơ cấu tổ chức"]
    assert 'aria-current="page">Cơ cấu tổ chức' in crumbs


def test_news_page_shows_date_lead_image_with_alt_and_open_graph(school):
    item = NewsPage.objects.descendant_of(school.home_page).get(slug="le-khai-giang-nam-hoc-moi")
    body = html(school, "/tin-tuc/le-khai-giang-nam-hoc-moi/")
    assert f'<time datetime="{item.date:%Y-%m-%d}">{item.date:%d/%m/%Y}</time>' in body
    assert item.lead in body
    assert f'alt="{item.featured_image.description}"' in body
    assert re.search(r'srcset="[^"]+\.webp 480w, [^"]+\.webp 960w"', body)  # WebP renditions by width
    assert '<meta property="og:type" content="article">' in body
    assert f'<meta property="og:title" content="{item.title}">' in body
    assert '<meta property="og:image" content="http://' in body
    assert f'<link rel="canonical" href="http://{school.hostname}:8000/tin-tuc/le-khai-giang-nam-hoc-moi/">' in body


def test_news_list_is_paginated_and_filterable_by_topic(school):
    index = NewsIndexPage.objects.child_of(school.home_page).get()
    for number in range(15):
        index.add_child(
            instance=NewsPage(
                title=f"Thông báo số {number}",
                slug=f"thong-bao-{number}",
                date=datetime.date(2026, 11, 1),
                lead="Tóm tắt",
                body=[],
            )
        )
    total = NewsPage.objects.child_of(index).live().count()
    first = html(school, "/tin-tuc/")
    assert f"{total} tin bài" in first
    assert first.count('class="card"') == NewsIndexPage.per_page
    assert 'href="?trang=2" rel="next"' in first
    second = html(school, "/tin-tuc/?trang=2")
    assert second.count('class="card"') == total - NewsIndexPage.per_page
    assert 'rel="prev"' in second
    assert html(school, "/tin-tuc/?trang=999").count('class="card"') == total - NewsIndexPage.per_page
    assert html(school, "/tin-tuc/?trang=abc").count('class="card"') == NewsIndexPage.per_page

    filtered = html(school, "/tin-tuc/?linh-vuc=chuyen-mon")
    assert "Sinh hoạt chuyên môn theo nghiên cứu bài học" in filtered
    assert "Lễ khai giảng" not in filtered
    assert "0 tin bài" in html(school, "/tin-tuc/?linh-vuc=khong-co")


def test_drafts_never_show_on_public_lists(school):
    index = NewsIndexPage.objects.child_of(school.home_page).get()
    draft = NewsPage(title="Bản nháp chưa duyệt", slug="ban-nhap", lead="x", body=[], live=False)
    index.add_child(instance=draft)
    assert "Bản nháp chưa duyệt" not in html(school)
    assert "Bản nháp chưa duyệt" not in html(school, "/tin-tuc/")
    assert site_client(school).get("/tin-tuc/ban-nhap/").status_code == 404


def test_contact_details_come_from_the_roster_once(school):
    body = html(school, "/lien-he/")
    assert school.address in body
    assert school.email in body


def test_404_keeps_the_units_look(school):
    response = site_client(school).get("/trang-khong-co/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body
    assert school.name in body
    assert "noindex" in body


def test_500_page_names_the_unit_and_stays_standalone(school):
    request = RequestFactory().get("/", HTTP_HOST=school.hostname)
    with translation.override("vi"):
        response = server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Trang web đang gặp sự cố" in body
    assert school.name in body


@override_settings(DEBUG=False)
def test_home_page_weight_under_150_kb(school, department):
    for unit in (school, department):
        client = site_client(unit)
        body = client.get("/").content
        assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js|svg))"', body)
        weight = len(body)
        for asset in assets:
            path = finders.find(asset.decode().removeprefix("/static/"))
            with open(path, "rb") as handle:
                weight += len(handle.read())
        assert weight < 150 * 1024, f"{unit.code}: {weight} bytes"
        # Nothing is fetched from elsewhere (links to other sites of the sector are fine).
        assert not re.search(rb'src="https?://(?!' + unit.hostname.encode() + rb")", body.split(b"<footer")[0])


def test_no_external_fonts_scripts_or_styles(school):
    body = html(school)
    assert "fonts.googleapis" not in body
    for match in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', body):
        assert match.startswith("/") or school.hostname in match, match
