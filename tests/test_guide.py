"""The user guide (docs/huong-dan/): its screenshots, its pages inside the admin, its PDF."""

import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from guide import screenshots
from guide.chapters import CHAPTERS
from guide.markdown import render

IMAGE_REFERENCE = re.compile(r"!\[[^\]]*\]\((anh/[^)\s]+)\)")


def guide_files():
    return sorted(screenshots.GUIDE_DIR.glob("*.md"))


def test_every_image_the_guide_shows_is_taken_by_the_screenshot_command_and_committed():
    produced = set(screenshots.image_names())
    referenced = set()
    for path in guide_files():
        for reference in IMAGE_REFERENCE.findall(path.read_text(encoding="utf-8")):
            name = reference.removeprefix("anh/")
            referenced.add(name)
            assert name in produced, f"{path.name} shows {reference}, which docs_screenshots does not take"
            assert (screenshots.IMAGE_DIR / name).is_file(), f"{reference} is not in the repository"
    assert referenced, "the guide shows no screenshot at all"
    assert produced - referenced == set(), "screenshots taken but shown nowhere in the guide"


def test_every_chapter_file_is_in_the_guide_and_has_a_title():
    assert {chapter.path for chapter in CHAPTERS} == set(guide_files())
    assert all(not chapter.title.endswith(".md") and chapter.source.startswith("# ") for chapter in CHAPTERS)


def test_screenshot_names_are_unique_and_stable_file_names():
    names = screenshots.image_names()
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9-]+\.png", name) for name in names)


def test_markdown_escapes_html_and_keeps_vietnamese():
    html = render("# Gửi tin\n\nBấm **Lưu nháp** <script>alert(1)</script>\n\n1. Một\n2. Hai\n")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<h1 id="gửi-tin">Gửi tin</h1>' in html
    assert "<strong>Lưu nháp</strong>" in html
    assert re.sub(r"\s", "", html).endswith("<ol><li>Một</li><li>Hai</li></ol>")


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.sources.append(attrs["src"])
        if tag == "a":
            self.links.append(attrs.get("href", ""))


@pytest.mark.django_db
def test_editor_finds_the_guide_in_the_admin_menu_and_reads_own_chapter_first(login_client):
    client = login_client("thpt-chuyen.bientap", host="thpt-chuyen.localhost")
    dashboard = client.get("/admin/").content.decode()
    # The sidebar is drawn from a JSON description of the menu.
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', dashboard, re.S)
    menu = json.dumps(json.loads(props.group(1)), ensure_ascii=False)
    assert "Hướng dẫn sử dụng" in menu and f'"{reverse("guide_home")}"' in menu
    response = client.get(reverse("guide_home"))
    assert response.status_code == 302
    assert response.url == reverse("guide_chapter", args=["bien-tap-vien"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username, chapter",
    [
        ("thpt-chuyen.duyet", "duyet-tin-don-vi"),
        ("thpt-chuyen.quantri", "quan-tri-don-vi"),
        ("so.duyet", "duyet-tin-so"),
        ("quantri", "quan-tri-cong"),
    ],
)
def test_each_role_opens_the_guide_on_its_own_chapter(login_client, username, chapter):
    client = login_client(username)
    assert client.get(reverse("guide_home")).url == reverse("guide_chapter", args=[chapter])


@pytest.mark.django_db
def test_chapter_page_shows_the_steps_with_every_screenshot(login_client):
    client = login_client("thpt-chuyen.bientap", host="thpt-chuyen.localhost")
    response = client.get(reverse("guide_chapter", args=["bien-tap-vien"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gửi tới Quy trình duyệt" in page and "Tải bản PDF" in page
    parser = Images()
    parser.feed(page)
    chapter_images = [src for src in parser.sources if src.startswith("/admin/huong-dan/anh/")]
    assert len(chapter_images) >= 10
    for src in chapter_images:
        image = client.get(src)
        assert image.status_code == 200, src
        assert image["Content-Type"] == "image/png"
        assert b"".join(image.streaming_content).startswith(b"\x89PNG")
    # Links to other chapters stay inside the admin.
    assert reverse("guide_chapter", args=["duyet-tin-don-vi"]) in parser.links


@pytest.mark.django_db
def test_guide_images_are_only_the_guide_s_and_only_for_staff(login_client, client):
    staff = login_client("thpt-chuyen.bientap", host="thpt-chuyen.localhost")
    assert staff.get("/admin/huong-dan/anh/khong-co.png").status_code == 404
    assert staff.get("/admin/huong-dan/anh/README.md").status_code == 404
    assert staff.get("/admin/huong-dan/anh/..").status_code == 404
    assert staff.get("/admin/huong-dan/anh/..%2F..%2FREADME.md", follow=True).status_code == 404
    assert staff.get("/admin/huong-dan/khong-co-chuong/").status_code == 404
    anonymous = client.get(reverse("guide_image", args=["bt-tin-moi.png"]), HTTP_HOST="thpt-chuyen.localhost")
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous.url


@pytest.mark.django_db
def test_guide_prints_as_a_pdf_with_its_vietnamese_text_and_screenshots(login_client):
    from pypdf import PdfReader

    client = login_client("thpt-chuyen.bientap", host="thpt-chuyen.localhost")
    response = client.get(reverse("guide_chapter_pdf", args=["bien-tap-vien"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Gửi lên Cổng Sở" in text and "Biên tập viên" in text
    assert sum(len(page.images) for page in reader.pages) >= 10


@pytest.mark.django_db
def test_make_docs_pdf_writes_every_chapter(tmp_path):
    from django.core.management import call_command
    from pypdf import PdfReader

    call_command("docs_pdf", "-o", str(tmp_path / "huong-dan.pdf"), stdout=io.StringIO())
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "huong-dan.pdf").pages)
    for chapter in CHAPTERS:
        assert chapter.title in text


@pytest.mark.browser
@pytest.mark.django_db
def test_screenshot_steps_still_work_against_the_portal(live_portal, browser, tmp_path):
    """The read-only steps, for real, in Chromium: a renamed button or page breaks them here, not at release."""
    from PIL import Image

    steps = [step for step in screenshots.STEPS if step.readonly]
    assert len(steps) >= 8
    # The suite's Chromium: a second Playwright instance cannot start beside it in the same process.
    screenshots.take(live_portal, out_dir=tmp_path, steps=steps, log=lambda name: None, browser=browser)
    for step in steps:
        with Image.open(tmp_path / step.filename) as image:
            assert image.size == ((360, 740) if step.phone else (1280, 800))


def test_screenshot_command_refuses_an_unknown_step_before_starting_anything():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="khong-co-buoc-nay"):
        call_command("docs_screenshots", "--only", "khong-co-buoc-nay", "--port", "1", stdout=io.StringIO())
