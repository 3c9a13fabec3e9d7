"""Bringing an existing school website's news in: RSS 2.0, Atom or a WordPress (WXR) export.

Each article becomes a published NewsPage of the unit with its original date,
body and images. The article's GUID (or address) is kept on the page, so
importing the same source again creates nothing new. Items that cannot be
imported are skipped with a reason; images that cannot be fetched or are not
images are left out of the article and reported. Everything is written in one
transaction: an unexpected failure leaves the site as it was.
"""

import base64
import binascii
import calendar
import datetime
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import filetype
import requests
from bs4 import BeautifulSoup, NavigableString
from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model

from home.files import reencode_image
from home.tabular import fold

from .models import NewsIndexPage, NewsPage

IMAGE_KINDS = {"jpg", "png", "gif", "webp"}
USER_AGENT = "sgddt-import/1.0 (+https://sgddt.laocai.gov.vn)"
BLOCK_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "blockquote", "hr", "table", "figure"}
INLINE_TAGS = {"a", "b", "strong", "i", "em", "br", "sup", "sub", "img", "span", "u", "font", "small", "big", "code"}
CONTAINER_TAGS = {
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "center",
    "span",
    "font",
    "u",
    "small",
    "big",
}
SHORTCODE = re.compile(r"\[/?(caption|gallery|embed|video|audio|wpvideo)\b[^\]]*\]")


class SourceError(Exception):
    """The source as a whole cannot be read (its message is for the user, in Vietnamese)."""


@dataclass
class FeedItem:
    position: int
    source_id: str = ""
    link: str = ""
    title: str = ""
    published: datetime.datetime | None = None
    summary: str = ""
    body: str = ""
    image_urls: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    status: str = "publish"
    kind: str = "post"
    problem: str = ""  # why this item cannot be imported, found while reading it


@dataclass
class ImportReport:
    format: str = ""
    created: list = field(default_factory=list)
    existing: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (item, reason)
    image_problems: list = field(default_factory=list)  # (item, url, reason)
    images_added: int = 0
    redirects_added: int = 0


def nfc(text):
    return unicodedata.normalize("NFC", text or "").strip()


# --- reading ------------------------------------------------------------------------


def read_source(source):
    """The bytes of a feed file or URL, and the address relative links in it are resolved against."""
    if re.match(r"https?://", source):
        try:
            response = requests.get(source, timeout=(10, 60), headers={"User-Agent": USER_AGENT})
            response.raise_for_status()
        except requests.RequestException as exc:
            raise SourceError(_("Không tải được %(source)s: %(error)s") % {"source": source, "error": exc}) from exc
        return response.content, response.url
    path = Path(source)
    if not path.is_file():
        raise SourceError(_("Không tìm thấy tệp %(source)s.") % {"source": source})
    return path.read_bytes(), path.resolve().as_uri()


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _find(element, name):
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _text(element, name):
    child = _find(element, name)
    return (child.text or "") if child is not None else ""


def is_wxr(data):
    head = data[:4096].decode("utf-8", "replace")
    return "wordpress.org/export/" in head and "<rss" in head


def _parse_wp_date(value, *, utc):
    try:
        moment = datetime.datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    if moment.year < 1971:  # "0000-00-00 00:00:00" marks drafts that never had a date
        return None
    return timezone.make_aware(moment, datetime.UTC if utc else timezone.get_default_timezone())


def read_wxr(data):
    """Items of a WordPress export: posts with their status, body, excerpt, categories and featured image."""
    try:
        channel = _find(ElementTree.fromstring(data), "channel")
    except ElementTree.ParseError as exc:
        raise SourceError(_("Tệp WordPress (WXR) không đúng định dạng XML: %(error)s") % {"error": exc}) from exc
    if channel is None:
        raise SourceError(_("Tệp WordPress (WXR) không có phần <channel>."))
    elements = [element for element in channel if _local(element.tag) == "item"]
    attachments = {}
    for element in elements:
        if _text(element, "post_type") == "attachment":
            attachments[_text(element, "post_id")] = _text(element, "attachment_url")
    items = []
    # Attachments, menus and theme data are not content; static pages are reported (they belong in Giới thiệu).
    elements = [element for element in elements if (_text(element, "post_type") or "post") in ("post", "page")]
    for position, element in enumerate(elements, start=1):
        item = FeedItem(position=position)
        item.kind = _text(element, "post_type") or "post"
        item.status = _text(element, "status") or "publish"
        item.title = nfc(_text(element, "title"))
        item.link = _text(element, "link").strip()
        item.source_id = nfc(_text(element, "guid")) or item.link
        item.published = _parse_wp_date(_text(element, "post_date"), utc=False) or _parse_wp_date(
            _text(element, "post_date_gmt"), utc=True
        )
        if item.published is None and _text(element, "pubDate"):
            parsed = feedparser._parse_date(_text(element, "pubDate"))
            item.published = _aware(parsed)
        for child in element:
            name = _local(child.tag)
            if name == "encoded" and "excerpt" in child.tag:
                item.summary = nfc(child.text)
            elif name == "encoded":
                item.body = nfc(child.text)
            elif name == "category" and child.get("domain") in ("category", "post_tag"):
                item.categories.append(nfc(child.text))
            elif name == "postmeta" and _text(child, "meta_key") == "_thumbnail_id":
                url = attachments.get(_text(child, "meta_value"))
                if url:
                    item.image_urls.append(url)
        items.append(item)
    return items


def _aware(struct):
    if not struct:
        return None
    return datetime.datetime.fromtimestamp(calendar.timegm(struct), tz=datetime.UTC)


def read_feed(data):
    """Items of an RSS or Atom feed. feedparser reads malformed feeds as well as it can."""
    # Our own converter cleans the HTML (and keeps what it can, such as video links): not feedparser's.
    parsed = feedparser.parse(data, sanitize_html=False)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise SourceError(
                _("Không đọc được nguồn tin (không phải RSS/Atom hợp lệ): %(error)s")
                % {"error": parsed.get("bozo_exception")}
            )
        raise SourceError(_("Nguồn tin không có bài nào."))
    version = parsed.get("version") or ""
    items = []
    for position, entry in enumerate(parsed.entries, start=1):
        item = FeedItem(position=position)
        item.title = nfc(BeautifulSoup(entry.get("title", ""), "html.parser").get_text())
        item.link = entry.get("link", "").strip()
        item.source_id = nfc(entry.get("id", "")) or item.link
        # Only ask for what the entry has: feedparser warns when it maps "published" to "updated" itself.
        keys = set(entry.keys())
        item.published = _aware(
            entry["published_parsed"] if "published_parsed" in keys else entry.get("updated_parsed")
        )
        if item.published is None and (entry.get("published") or entry.get("updated")):
            item.problem = _("ngày đăng “%(date)s” không đọc được") % {
                "date": entry.get("published") or entry.get("updated")
            }
        item.summary = nfc(entry.get("summary", ""))
        contents = entry.get("content") or []
        item.body = nfc(contents[0].get("value", "")) if contents else ""
        if item.body and item.summary == item.body:
            item.summary = ""
        for enclosure in entry.get("enclosures", []):
            if enclosure.get("type", "").startswith("image/") and enclosure.get("href"):
                item.image_urls.append(enclosure["href"])
        for media in entry.get("media_content", []) + entry.get("media_thumbnail", []):
            if media.get("url") and media.get("medium", "image") == "image":
                item.image_urls.append(media["url"])
        item.categories = [nfc(tag.get("term", "")) for tag in entry.get("tags", []) if tag.get("term")]
        items.append(item)
    return items, ("atom" if version.startswith("atom") else "rss")


def read_items(data):
    """(items, format name) of any supported source."""
    if is_wxr(data):
        return read_wxr(data), "wxr"
    return read_feed(data)


# --- images -------------------------------------------------------------------------


class ImageFetcher:
    """Gets image bytes from where an article points: the web, a data: URI, or next to the feed file."""

    def __init__(self, base, media_dir=None):
        self.base = base
        base_parts = urlsplit(base)
        self.local_root = Path(unquote(base_parts.path)).parent if base_parts.scheme == "file" else None
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT

    def from_media_dir(self, path):
        """A copy of the old site's file in --media-dir: /wp-content/uploads/2023/09/a.jpg is looked up as
        DIR/wp-content/uploads/2023/09/a.jpg, then DIR/uploads/2023/09/a.jpg, DIR/2023/09/a.jpg, … DIR/a.jpg."""
        if self.media_dir is None:
            return None
        segments = [segment for segment in unquote(path).split("/") if segment and segment != ".."]
        for start in range(len(segments)):
            candidate = self.media_dir.joinpath(*segments[start:])
            if candidate.is_file():
                return candidate
        return None

    def absolute(self, url):
        return urljoin(self.base, url.strip())

    def fetch(self, url):
        """(bytes, filename); raises ValueError with the reason (in Vietnamese) otherwise."""
        limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
        if url.startswith("data:"):
            header, _comma, payload = url.partition(",")
            if ";base64" not in header:
                raise ValueError(_("ảnh nhúng không mã hoá base64"))
            try:
                data = base64.b64decode(payload, validate=False)
            except binascii.Error as exc:
                raise ValueError(_("ảnh nhúng hỏng")) from exc
            return data, "anh-nhung"
        address = self.absolute(url)
        parts = urlsplit(address)
        name = unquote(Path(parts.path).name) or "anh"
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            # A feed file may only point at files beside it, never elsewhere on the server.
            if self.local_root is None or not path.is_relative_to(self.local_root.resolve()):
                raise ValueError(_("tệp nằm ngoài thư mục của nguồn tin"))
            if not path.is_file():
                raise ValueError(_("không có tệp %(name)s") % {"name": name})
            if path.stat().st_size > limit:
                raise ValueError(_("ảnh lớn quá giới hạn"))
            return path.read_bytes(), name
        if parts.scheme not in ("http", "https"):
            raise ValueError(_("địa chỉ không hỗ trợ"))
        local_copy = self.from_media_dir(parts.path)
        if local_copy is not None:
            if local_copy.stat().st_size > limit:
                raise ValueError(_("ảnh lớn quá giới hạn"))
            return local_copy.read_bytes(), name
        try:
            with self.session.get(address, timeout=(5, 30), stream=True) as response:
                response.raise_for_status()
                data = b""
                for chunk in response.iter_content(64 * 1024):
                    data += chunk
                    if len(data) > limit:
                        raise ValueError(_("ảnh lớn quá giới hạn"))
        except requests.HTTPError as exc:
            raise ValueError(
                _("máy chủ trả lỗi %(status)s")
                % {"status": exc.response.status_code if exc.response is not None else "?"}
            ) from exc
        except requests.Timeout as exc:
            raise ValueError(_("máy chủ không trả lời kịp")) from exc
        except requests.RequestException as exc:
            raise ValueError(_("không kết nối được tới máy chủ chứa ảnh")) from exc
        return data, name


# --- bodies -------------------------------------------------------------------------


def autop(text):
    """WordPress stores bodies without <p>: blank lines separate paragraphs (as its wpautop does)."""
    if re.search(r"<(p|div|h[1-6]|ul|ol|table|blockquote)\b", text, re.I):
        return text
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join("<p>" + part.replace("\n", "<br>") + "</p>" for part in paragraphs)


def plain_text(html):
    return re.sub(r"\s+", " ", BeautifulSoup(html or "", "html.parser").get_text(" ")).strip()


def _table_value(table):
    rows = []
    for row in table.find_all("tr"):
        rows.append([re.sub(r"\s+", " ", cell.get_text(" ")).strip() for cell in row.find_all(["td", "th"])])
    width = max((len(row) for row in rows), default=0)
    if not width:
        return None
    first_is_header = bool(table.find("tr") and table.find("tr").find("th"))
    caption = table.find("caption")
    return {
        "caption": re.sub(r"\s+", " ", caption.get_text(" ")).strip() if caption else "",
        "first_row_is_header": first_is_header,
        "table": {"data": [row + [""] * (width - len(row)) for row in rows], "first_row_is_header": first_is_header},
    }


class BodyConverter:
    """Old-site HTML to the body StreamField: cleaned rich text, with images stored and tables as table blocks."""

    def __init__(self, store_image):
        features = settings.WAGTAILADMIN_RICH_TEXT_EDITORS["default"]["OPTIONS"]["features"]
        self.converter = EditorHTMLConverter(features=features)
        self.store_image = store_image  # (url, alt) -> Image or None

    def convert(self, html, base):
        soup = BeautifulSoup(autop(SHORTCODE.sub("", html)), "html.parser")
        for element in soup.find_all(["script", "style", "noscript", "form", "object", "embed", "link", "meta"]):
            element.decompose()
        for frame in soup.find_all("iframe"):
            source = frame.get("src", "")
            if source:
                link = soup.new_tag("a", href=urljoin(base, source))
                link.string = _("Xem video") if re.search(r"youtu|vimeo", source) else source
                paragraph = soup.new_tag("p")
                paragraph.append(link)
                frame.replace_with(paragraph)
            else:
                frame.decompose()
        # html.parser does not close an open <p> when the next one starts, as browsers do: do it here.
        for inner in reversed(soup.find_all("p")):
            outer = inner.find_parent("p")
            if outer is not None:
                while outer.find_parent("p") is not None:
                    outer = outer.find_parent("p")
                outer.insert_after(inner.extract())
        for heading in soup.find_all("h1"):
            heading.name = "h2"
        for heading in soup.find_all(["h5", "h6"]):
            heading.name = "h4"
        for link in soup.find_all("a", href=True):
            link["href"] = urljoin(base, link["href"])
        for image in soup.find_all("img"):
            stored = self.store_image(image.get("src", ""), nfc(image.get("alt", "")))
            if stored is None:
                image.decompose()
                continue
            image.attrs = {
                "data-embedtype": "image",
                "data-id": str(stored.pk),
                "data-format": "fullwidth",
                "data-alt": nfc(image.get("alt", "")) or stored.title,
            }
        for container in soup.find_all(CONTAINER_TAGS):
            container.unwrap()

        blocks, run = [], []

        def flush_text():
            html_text = "".join(str(node) for node in run).strip()
            run.clear()
            if not html_text:
                return
            cleaned = self.converter.to_database_format(html_text)
            if plain_text(cleaned) or "<embed" in cleaned:
                if blocks and blocks[-1][0] == "text":
                    blocks[-1] = ("text", blocks[-1][1] + cleaned)
                else:
                    blocks.append(("text", cleaned))

        inline = []

        def flush_inline():
            if inline and any(str(node).strip() for node in inline):
                run.append("<p>" + "".join(str(node) for node in inline).strip() + "</p>")
            inline.clear()

        for node in list(soup.contents):
            name = getattr(node, "name", None)
            if name == "table":
                flush_inline()
                flush_text()
                value = _table_value(node)
                if value:
                    blocks.append(("table", value))
            elif isinstance(node, NavigableString) or name in INLINE_TAGS:
                inline.append(node)
            else:
                flush_inline()
                run.append(str(node))
        flush_inline()
        flush_text()
        return blocks


# --- writing ------------------------------------------------------------------------


class FeedImporter:
    """Creates the unit's news pages from read items (see module docstring)."""

    def __init__(self, unit, base, *, dry_run=False, media_dir=None):
        self.unit = unit
        self.base = base
        self.dry_run = dry_run
        self.fetcher = ImageFetcher(base, media_dir)
        self.index = NewsIndexPage.objects.child_of(unit.home_page).first() if unit.home_page_id else None
        if self.index is None:
            raise SourceError(_("Đơn vị %(code)s chưa có mục Tin tức.") % {"code": unit.code})
        self._images = {}

    def run(self, items, format_name=""):
        from home.indexing import deferred_search_indexing

        report = ImportReport(format=format_name)
        imported = dict(
            NewsPage.objects.descendant_of(self.unit.home_page).exclude(source_id="").values_list("source_id", "pk")
        )
        with transaction.atomic():
            with deferred_search_indexing():
                self._run(items, report, imported)
            if self.dry_run:
                transaction.set_rollback(True)
        return report

    def _run(self, items, report, imported):
        seen = set()
        for item in items:
            reason = self._reason_to_skip(item, seen)
            if reason:
                report.skipped.append((item, reason))
                continue
            seen.add(item.source_id)
            if item.source_id in imported:
                report.existing.append(item)
            elif self.dry_run:
                report.created.append(item)
            else:
                report.created.append(self._create(item, report))

    def _reason_to_skip(self, item, seen):
        if item.kind != "post":
            return _("là trang tĩnh, không phải tin bài (hãy chép nội dung vào mục Giới thiệu nếu cần)")
        if item.status != "publish":
            return _("chưa đăng công khai trên trang cũ (trạng thái “%(status)s”)") % {"status": item.status}
        if item.problem:
            return item.problem
        if not item.title:
            return _("thiếu tiêu đề")
        if item.published is None:
            return _("thiếu ngày đăng")
        if not plain_text(item.body) and not plain_text(item.summary) and "<img" not in item.body:
            return _("không có nội dung")
        if not item.source_id:
            return _("không có mã bài (guid) hay địa chỉ bài")
        if len(item.source_id) > 500:
            return _("mã bài dài quá 500 ký tự")
        if item.source_id in seen:
            return _("trùng mã bài với một mục trước trong cùng nguồn")
        return ""

    def _image(self, item, report, url, alt=""):
        """The unit's copy of an image (the same file is stored once), or None with the reason reported."""
        if not url:
            return None
        key = url if url.startswith("data:") else self.fetcher.absolute(url)
        if key in self._images:
            return self._images[key]
        Image = get_image_model()
        image = None
        try:
            data, name = self.fetcher.fetch(url)
            kind = filetype.guess(data[:8192])
            if kind is None or kind.extension not in IMAGE_KINDS:
                raise ValueError(_("không phải tệp ảnh"))
            # Re-encoded as uploads are (metadata and hidden bytes dropped); the same picture gives the same bytes.
            stem = slugify(fold(Path(name).stem))[:60] or "anh"
            clean = reencode_image(SimpleUploadedFile(f"{stem}.{kind.extension}", data)).read()
            digest = hashlib.sha1(clean).hexdigest()
            image = Image.objects.filter(collection=self.unit.collection, file_hash=digest).first()
            if image is None:
                title = alt or nfc(Path(name).stem.replace("-", " ").replace("_", " ")) or item.title
                image = Image(title=title[:255], collection=self.unit.collection, description=alt[:255])
                image.file = ImageFile(io.BytesIO(clean), name=f"{stem}.{kind.extension}")
                image.save()
                report.images_added += 1
        except ValidationError:
            report.image_problems.append((item, url[:120], _("không phải tệp ảnh")))
        except (ValueError, OSError) as exc:
            shown = url if len(url) < 120 else url[:117] + "…"
            report.image_problems.append((item, shown, str(exc)))
        except Exception as exc:  # Pillow's many decoder errors: a broken image must not stop the import
            report.image_problems.append((item, url[:120], _("ảnh hỏng (%(error)s)") % {"error": type(exc).__name__}))
        self._images[key] = image
        return image

    def _create(self, item, report):
        # Relative addresses in an article are relative to the article's page on the old site.
        base = urljoin(self.base, item.link) if item.link else self.base
        link = base if item.link else ""
        in_body = []

        def store(url, alt):
            image = self._image(item, report, urljoin(base, url), alt)
            if image:
                in_body.append(image)
            return image

        body = BodyConverter(store).convert(item.body or item.summary, base)
        featured = None
        for url in item.image_urls:
            featured = self._image(item, report, url)
            if featured:
                break
        featured = featured or (in_body[0] if in_body else None)
        lead_source = plain_text(item.summary) or plain_text(item.body)
        local_time = timezone.localtime(item.published)
        page = NewsPage(
            title=item.title[:255],
            slug=self._slug(item.title),
            date=local_time.date(),
            lead=Truncator(lead_source).chars(300) or item.title,
            featured_image=featured,
            # The old site rarely described its pictures: say at least what the picture illustrates.
            featured_image_alt=(featured.description or _("Ảnh minh hoạ: %(title)s") % {"title": item.title})[:255]
            if featured
            else "",
            body=body,
            source_id=item.source_id,
            source_url=link if re.match(r"https?://", link) and len(link) <= 500 else "",
            first_published_at=item.published,
        )
        self.index.add_child(instance=page)
        for name in item.categories[:5]:
            page.tags.add(name[:100])
        revision = page.save_revision(clean=False, log_action=True)
        revision.publish()
        report.redirects_added += self._redirect(item, page)
        return page

    def _slug(self, title):
        base = slugify(fold(re.sub(r"[\u2010-\u2015/]", "-", title)))[:70].strip("-") or "tin"
        slug, number = base, 2
        while self.index.get_children().filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug

    def _redirect(self, item, page):
        """Old links keep working once the school's old domain points here: old path -> new page."""
        parts = urlsplit(item.link)
        if not parts.path or parts.path == "/" or self.unit.site_id is None:
            return 0
        old_path = Redirect.normalise_path(parts.path + ("?" + parts.query if parts.query else ""))
        if Redirect.objects.filter(site=self.unit.site, old_path=old_path).exists():
            return 0
        Redirect.objects.create(site=self.unit.site, old_path=old_path, redirect_page=page, is_permanent=True)
        return 1
