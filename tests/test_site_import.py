"""import_site_feed: an existing school website's news brought in from RSS, Atom or WordPress."""

import functools
import http.server
import io
import shutil
import threading
import unicodedata
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model

from news.models import NewsPage
from schoolsite.models import Unit
from tests.conftest import site_client

pytestmark = pytest.mark.django_db

FEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
MEDIA = str(FEEDS / "media")


def run(unit, source, *options):
    out = io.StringIO()
    call_command("import_site_feed", "--unit", unit.code, str(source), *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def target():
    return Unit.objects.select_related("home_page", "site", "collection").get(code="thpt-so1-tplc")


def imported(unit):
    return NewsPage.objects.descendant_of(unit.home_page).exclude(source_id="")


def test_rss_import_keeps_dates_bodies_and_images_and_reports_skips(target):
    images_before = get_image_model().objects.filter(collection=target.collection).count()
    output = run(target, FEEDS / "vnedu-rss.xml", "--media-dir", MEDIA)

    pages = {page.source_id: page for page in imported(target)}
    assert set(pages) == {"vnedu-tin-1201", "vnedu-tin-1188", "vnedu-tin-1170", "vnedu-tin-1165", "vnedu-tin-1160"}
    assert all(page.live for page in pages.values())

    opening = pages["vnedu-tin-1201"]
    assert opening.title == "Lễ khai giảng năm học 2025–2026"
    assert opening.date.isoformat() == "2025-09-05"  # the original date, not today
    assert opening.first_published_at.isoformat() == "2025-09-05T00:30:00+00:00"
    assert opening.source_url == "https://thptso1tplc.vnedu.vn/tin-tuc/le-khai-giang-nam-hoc-2025-2026-1201.html"
    assert [block.block_type for block in opening.body] == ["text", "table", "text"]
    assert opening.body[1].value["table"]["data"][1] == ["Nguyễn Thị Lan", "12A1"]
    assert opening.featured_image is not None and opening.featured_image_alt
    assert 'embedtype="image"' in opening.body[0].value.source  # the picture inside the article, stored here
    assert "style=" not in opening.body[0].value.source and "<span" not in opening.body[0].value.source
    assert list(opening.tags.names()) == ["Hoạt động nhà trường"]

    # A title typed with combining diacritics arrives precomposed.
    prize = pages["vnedu-tin-1188"]
    assert prize.title == unicodedata.normalize("NFC", prize.title)
    assert prize.title == "Học sinh đạt giải Nhất kỳ thi học sinh giỏi cấp tỉnh"
    assert "<script" not in prize.body[0].value.source and "quang cao" not in prize.body[0].value.source

    # Broken HTML and a raw "&" in the XML do not stop the import.
    assert "<p><p>" not in pages["vnedu-tin-1165"].body[0].value.source
    assert pages["vnedu-tin-1160"].title == 'Đoàn trường phát động "Áo ấm cho em" & quyên góp sách vở'

    # Every skipped item and image is reported with its reason.
    assert "Bỏ qua mục 3" in output and "thiếu tiêu đề" in output
    assert "Bỏ qua mục 4" in output and "31/02/2025" in output
    assert "Bỏ qua mục 5" in output and "trùng mã bài" in output
    assert "khong-phai-anh.jpg: không phải tệp ảnh" in output
    assert "anh-cu.invalid/upload/mat-anh.jpg: không kết nối được" in output
    assert "5 bài mới" in output and "3 mục bỏ qua" in output

    new_images = get_image_model().objects.filter(collection=target.collection).count() - images_before
    assert new_images == 3  # khai-giang, le-chao-co, hoi-khoe: the rest are refused

    # The articles are on the school's site, and the old addresses lead to them.
    client = site_client(target)
    html = client.get(opening.url.replace(target.site.root_url, "")).content.decode()
    assert "Danh sách học sinh được khen thưởng" in html and "<table" in html
    old = client.get("/tin-tuc/le-khai-giang-nam-hoc-2025-2026-1201.html")
    assert old.status_code == 301 and old["Location"].endswith(opening.url.replace(target.site.root_url, ""))


def test_importing_twice_creates_nothing_new(target):
    run(target, FEEDS / "vnedu-rss.xml", "--media-dir", MEDIA)
    count = imported(target).count()
    images = get_image_model().objects.count()
    redirects = Redirect.objects.count()
    output = run(target, FEEDS / "vnedu-rss.xml", "--media-dir", MEDIA)
    assert imported(target).count() == count
    assert get_image_model().objects.count() == images
    assert Redirect.objects.count() == redirects
    assert "0 bài mới, 5 bài đã có từ lần nhập trước" in output


def test_dry_run_writes_nothing(target):
    output = run(target, FEEDS / "vnedu-rss.xml", "--dry-run")
    assert "Chạy thử" in output and "5 bài mới" in output
    assert not imported(target).exists()


def test_atom_import(target):
    unit = Unit.objects.select_related("home_page", "site", "collection").get(code="ptdtnt-bat-xat")
    output = run(unit, FEEDS / "violet-atom.xml", "--media-dir", MEDIA)
    pages = {page.title: page for page in imported(unit)}
    assert set(pages) == {"Kỷ niệm 42 năm Ngày Nhà giáo Việt Nam", "Trải nghiệm làm bánh dày của đồng bào Mông"}
    teachers_day = pages["Kỷ niệm 42 năm Ngày Nhà giáo Việt Nam"]
    assert teachers_day.lead == "Nhà trường tổ chức mít tinh kỷ niệm Ngày Nhà giáo Việt Nam 20/11."
    assert teachers_day.featured_image is not None  # from media:thumbnail
    cakes = pages["Trải nghiệm làm bánh dày của đồng bào Mông"]
    assert cakes.date.isoformat() == "2024-11-02"  # no <published>: the <updated> date
    assert "youtube.com/embed/abc123" in cakes.body[0].value.source  # the video kept as a link
    assert "Bỏ qua mục 3" in output and "không có nội dung" in output


def test_wordpress_import(target):
    unit = Unit.objects.select_related("home_page", "site", "collection").get(code="thpt-so2-tplc")
    output = run(unit, FEEDS / "wordpress.xml", "--media-dir", MEDIA)
    pages = {page.source_id: page for page in imported(unit)}
    assert set(pages) == {"https://thptso2tplc.edu.vn/?p=42", "https://thptso2tplc.edu.vn/?p=30"}
    thanks = pages["https://thptso2tplc.edu.vn/?p=42"]
    assert thanks.date.isoformat() == "2024-11-19"
    assert thanks.lead == "Đoàn trường tổ chức chương trình tri ân thầy cô nhân ngày 20/11."  # the excerpt
    assert thanks.featured_image is not None  # _thumbnail_id → the attachment's file
    source = thanks.body[0].value.source
    assert source.count("<p>") == 3 and "[caption" not in source  # paragraphs made, shortcodes removed
    assert sorted(thanks.tags.names()) == ["20-11", "Tin tức"]
    assert "<h2>Chào năm học mới</h2>" in pages["https://thptso2tplc.edu.vn/?p=30"].body[0].value.source
    assert "Bỏ qua mục 2" in output and "draft" in output  # the draft
    assert "Bỏ qua mục 3" in output and "trang tĩnh" in output  # the static page
    assert "attachment" not in output


@pytest.fixture
def old_site(tmp_path):
    """The old school website, still online: a real HTTP server with its feed and pictures."""
    shutil.copytree(FEEDS / "media" / "upload", tmp_path / "upload")
    (tmp_path / "rss.xml").write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Trang cũ</title><link>/</link><description>Tin</description>
<item><title>Khai giảng trên trang cũ</title><link>/tin/1.html</link><guid>tin-1</guid>
<pubDate>Fri, 05 Sep 2025 07:30:00 +0700</pubDate>
<description><![CDATA[<p>Ảnh tải từ máy chủ cũ:</p>
<img src="/upload/2025/09/khai-giang.jpg" alt="Lễ khai giảng"><img src="/upload/2025/09/mat.jpg" alt="">
]]></description>
</item></channel></rss>""",
        encoding="utf-8",
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_import_from_a_live_site_downloads_its_pictures(target, old_site):
    output = run(target, f"{old_site}/rss.xml")
    page = imported(target).get(source_id="tin-1")
    assert page.source_url == f"{old_site}/tin/1.html"
    image = page.featured_image
    assert image is not None and image.title == "Lễ khai giảng" and image.width == 480
    assert "mat.jpg: máy chủ trả lỗi 404" in output


def test_unreadable_sources_are_refused_with_a_clear_message(target, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        run(target, tmp_path / "khong-co.xml")
    garbage = tmp_path / "hong.xml"
    garbage.write_bytes(b"\x00\x01 day khong phai RSS")
    with pytest.raises(CommandError, match="không phải RSS/Atom hợp lệ|không có bài nào"):
        run(target, garbage)
    with pytest.raises(CommandError, match="Không có đơn vị mã"):
        call_command("import_site_feed", "--unit", "khong-co", str(FEEDS / "vnedu-rss.xml"), stdout=io.StringIO())
    assert not imported(target).exists()
