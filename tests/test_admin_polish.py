"""Defects found while writing the editors' guide: English left in the Vietnamese admin, page headers, the queue."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.test_moderation import create_news, news_index, workflow_action  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def header_text(body):
    """The visible text of the admin's slim header (breadcrumbs), without the screen-reader-only title."""
    header = re.search(r'<header class="w-slim-header.*?</header>', body, re.S).group(0)
    header = re.sub(r'<h1 class="w-sr-only">.*?</h1>', "", header, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", header).split())


# --- English left in the Vietnamese admin ------------------------------------------------


def test_login_form_labels_the_password_in_vietnamese():
    body = Client(HTTP_HOST="so.localhost").get("/admin/login/").content.decode()
    label = re.search(r'<label[^>]*for="id_password"[^>]*>(.*?)</label>', body, re.S).group(1)
    assert "Mật khẩu" in label
    assert "Password" not in body


def test_tags_help_text_in_vietnamese(login_client, school, news_index):  # noqa: F811
    client = login_client(f"{school.code}.bientap", host=school.hostname)
    body = client.get(f"/admin/pages/add/news/newspage/{news_index.pk}/").content.decode()
    assert "Danh sách thẻ, cách nhau bằng dấu phẩy." in body
    assert "comma-separated" not in body


def test_units_list_names_the_active_column_in_vietnamese(login_client):
    body = login_client("quantri").get("/admin/snippets/schoolsite/unit/").content.decode()
    headings = [" ".join(re.sub(r"<[^>]+>", " ", th).split()) for th in re.findall(r"<th[^>]*>(.*?)</th>", body, re.S)]
    assert "Đang hoạt động" in headings
    assert "Is active" not in body
    # The tick's text for screen readers, too.
    spoken = re.findall(r'<span class="w-sr-only">\s*(.*?)\s*</span>', body, re.S)
    assert "Có" in spoken and "True" not in spoken


def test_header_actions_landmark_is_named_in_vietnamese(login_client):
    body = login_client("so.bientap").get("/admin/documents/").content.decode()
    assert 'id="w-slim-header-buttons"' in body
    assert 'aria-label="Thao tác" id="w-slim-header-buttons"' in body
    assert 'aria-label="Actions"' not in body


def test_top_collection_has_a_vietnamese_name(login_client):
    from django.conf import settings
    from django.core.management import call_command
    from wagtail.models import Collection

    Collection.objects.filter(depth=1).update(name="Root")  # as Wagtail creates it
    call_command("provision_units", str(settings.BASE_DIR / "fixtures" / "roster" / "lao-cai.csv"), "--local")
    body = login_client("quantri").get("/admin/documents/multiple/add/").content.decode()
    options = [option.strip() for option in re.findall(r"<option[^>]*>([^<]*)</option>", body)]
    assert "Toàn ngành" in options
    assert "Root" not in options


# --- Page headers of the portal's own admin views ---------------------------------------------


def test_moderation_queue_header_names_the_queue(login_client):
    body = login_client("so.duyet").get("/admin/hang-cho-duyet/").content.decode()
    assert "Hàng chờ duyệt" in header_text(body)


def test_search_terms_header_names_the_report(login_client):
    body = login_client("so.bientap").get("/admin/reports/tu-khoa-tim-kiem/").content.decode()
    assert "Từ khoá tìm kiếm" in header_text(body)


# --- The department's queue names the writer ----------------------------------------------------


def test_department_queue_shows_the_writer_and_the_publisher(login_client, school, news_index):  # noqa: F811
    editor = login_client(f"{school.code}.bientap", host=school.hostname)
    moderator = login_client(f"{school.code}.duyet", host=school.hostname)
    page = create_news(
        editor,
        news_index,
        title="Hội thi giáo viên dạy giỏi cấp trường",
        slug="hoi-thi-giao-vien-day-gioi",
        date=timezone.localdate().strftime("%d/%m/%Y"),
        lead="Mười hai thầy cô tham gia hội thi.",
        send_to_department="on",
        body="<p>Hội thi diễn ra trong hai ngày.</p>",
        **{"action-submit": "1"},
    )
    assert workflow_action(moderator, page, "approve").status_code in (200, 302)

    body = login_client("so.duyet").get("/admin/hang-cho-duyet/").content.decode()
    department_table = body.split("Chờ Sở duyệt để đưa lên Cổng Sở", 1)[1]
    headings = re.findall(r"<th>([^<]*)</th>", department_table)
    row = next(tr for tr in re.findall(r"<tr>(.*?)</tr>", department_table, re.S) if "Hội thi giáo viên" in tr)
    cells = dict(
        zip(
            headings,
            [" ".join(re.sub(r"<[^>]+>", " ", td).split()) for td in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)],
            strict=True,
        )
    )
    assert cells["Người viết"] == "Biên tập viên THPT Chuyên Lào Cai"
    assert cells["Người đăng"] == "Duyệt tin của đơn vị THPT Chuyên Lào Cai"


def test_every_block_label_an_editor_sees_starts_with_a_capital():
    """Wagtail shows an explicit block label as written: "tiêu đề" stood beside "Tiêu đề" of the page fields."""
    from wagtail import blocks
    from wagtail.fields import StreamField
    from wagtail.models import get_page_models

    def labels(block, where):
        yield where, str(block.label)
        children = getattr(block, "child_blocks", None) or {}
        if isinstance(block, blocks.ListBlock):
            children = {"item": block.child_block}
        for name, child in children.items():
            yield from labels(child, f"{where}.{name}")

    lowercase = []
    for model in get_page_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField) and field.model is model:
                for name, block in field.stream_block.child_blocks.items():
                    for where, label in labels(block, f"{model.__name__}.{field.name}.{name}"):
                        if label and label[0] != label[0].upper():
                            lowercase.append(f"{where}: {label}")
    assert not lowercase, "\n".join(sorted(set(lowercase)))
