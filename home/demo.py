"""The demo province: Lào Cai's roster, realistic content and the demo logins.

Everything is read from `fixtures/` and created only where missing, so
`load_demo` can run any number of times (it runs on every `make run`).
"""

import csv
import datetime
import io
import json
import math
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.rich_text import RichText

from accounts.roles import SECTOR_MODERATOR_GROUP
from alerts.demo import ensure_alerts
from disclosure.demo import ensure_disclosure
from disclosure.demo import load_data as load_disclosure_data
from gallery.demo import ensure_albums
from home.indexing import deferred_search_indexing
from home.models import ContentPage, IntroductionPage, Topic
from home.tabular import fold
from news.models import NewsIndexPage, NewsPage
from schedule import demo as schedule_demo
from schoolsite import provisioning
from schoolsite.models import DEPARTMENT_CODE, SiteSettings, Unit, UnitGroup, UnitRole, UnitType
from schoolsite.roster import parse_roster

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
ROSTER = FIXTURES / "roster" / "lao-cai.csv"
DEMO = FIXTURES / "demo"

# Theme colours by unit type; each passes WCAG AA against white text.
THEMES = {
    UnitType.SO: "#0b5394",
    UnitType.THPT: "#1e5631",
    UnitType.PTDTNT: "#8a3b12",
}
PALETTES = [
    ((36, 84, 140), (120, 170, 210), (34, 99, 62)),
    ((142, 68, 40), (236, 190, 120), (70, 110, 60)),
    ((60, 60, 120), (200, 160, 200), (46, 90, 80)),
    ((20, 90, 100), (170, 220, 210), (90, 120, 50)),
]


@dataclass
class DemoLogin:
    username: str
    role: str
    unit: Unit | None


def demo_password():
    return getattr(settings, "DEMO_PASSWORD", "") or "sgddt-demo-2026"


def landscape_jpeg(seed, width=1200, height=675):
    """A generated picture of mountains and terraces: demo images need no download."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    sky, light, land = PALETTES[seed % len(PALETTES)]
    image = Image.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(image)
    for y in range(height):  # sky gradient
        t = y / height
        colour = tuple(int(sky[i] * (1 - t) + light[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    sun_x, sun_y = rng.randrange(width // 5, width * 4 // 5), rng.randrange(height // 8, height // 3)
    draw.ellipse([sun_x - 50, sun_y - 50, sun_x + 50, sun_y + 50], fill=(255, 236, 170))
    for layer in range(4):  # mountain ridges, darker towards the front
        base = height * (0.45 + layer * 0.13)
        shade = tuple(max(0, int(c * (1.1 - layer * 0.22))) for c in land)
        phase, freq = rng.random() * 6, 2 + rng.random() * 3
        points = [(0, height)]
        for x in range(0, width + 20, 20):
            y = base - 60 * math.sin(x / width * freq * math.pi + phase) - rng.randrange(0, 25)
            points.append((x, y))
        points.append((width, height))
        draw.polygon(points, fill=shade)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def logo_png(unit, colour):
    """A round emblem in the unit's colour."""
    from PIL import Image, ImageDraw

    size = 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    draw.ellipse([4, 4, size - 4, size - 4], fill=(255, 255, 255), outline=rgb, width=14)
    draw.polygon([(48, 180), (110, 80), (150, 140), (175, 105), (212, 180)], fill=rgb)
    draw.rectangle([88, 186, 168, 200], fill=rgb)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _image(unit, title, data, filename, description):
    Image = get_image_model()
    existing = Image.objects.filter(collection=unit.collection, title=title).first()
    if existing:
        return existing
    image = Image(title=title, description=description, collection=unit.collection)
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    return image


def load_topics():
    with open(DEMO / "topics.csv", encoding="utf-8", newline="") as handle:
        for order, row in enumerate(csv.DictReader(handle)):
            Topic.objects.update_or_create(
                slug=row["slug"],
                defaults={"name": row["name"], "description": row["description"], "sort_order": order * 10},
            )


def _publish(page, *, created):
    """Make the page's current content its published revision.

    The demo writes content that is live from the start, so it saves the page
    once and records that state as the live revision, instead of Wagtail's
    save → revision → publish cycle which saves the page three times.
    """
    now = timezone.now()
    page.live = True
    page.has_unpublished_changes = False
    page.first_published_at = page.first_published_at or now
    page.last_published_at = now
    if not created:
        page.save(clean=False)
    revision = page.save_revision(clean=False, changed=False)
    type(page).objects.filter(pk=page.pk).update(live_revision=revision, has_unpublished_changes=False)


def _paragraphs(texts):
    return RichText("".join(f"<p>{text}</p>" for text in texts))


def _fill(text, unit):
    district = unit.district if unit.district.startswith(("Thành phố", "Thị xã")) else f"huyện {unit.district}"
    return text.replace("{unit}", unit.name).replace("{district}", district)


def _news_for(unit, items):
    if unit.unit_type == UnitType.SO:
        return [item for item in items if item["audience"] == "so"]
    return [
        item
        for item in items
        if item["audience"] == "school" or (item["audience"] == "ptdtnt" and unit.unit_type == UnitType.PTDTNT)
    ]


def ensure_news(unit, items, topics):
    index = NewsIndexPage.objects.child_of(unit.home_page).first()
    if index is None:
        return 0
    existing = set(NewsPage.objects.child_of(index).values_list("slug", flat=True))
    created = 0
    today = timezone.localdate()
    for number, item in enumerate(_news_for(unit, items)):
        if item["slug"] in existing:
            continue
        seed = sum(map(ord, unit.code)) + number
        title = _fill(item["title"], unit)
        image = _image(
            unit,
            f"Ảnh minh hoạ: {title}",
            landscape_jpeg(seed),
            f"{unit.code}-{item['slug']}.jpg",
            f"Ảnh minh hoạ phong cảnh núi rừng {unit.district or 'Lào Cai'}",
        )
        date = today - datetime.timedelta(days=item["days_ago"] + seed % 3)
        page = NewsPage(
            title=title,
            slug=item["slug"],
            date=date,
            lead=_fill(item["lead"], unit),
            topic=topics.get(item["topic"]),
            featured_image=image,
            body=[("text", _paragraphs(_fill(p, unit) for p in item["paragraphs"]))],
        )
        page.first_published_at = timezone.make_aware(datetime.datetime.combine(date, datetime.time(8)))
        address(page, item.get("addressed_to"), today)
        if item.get("department_approved") and seed % 3 == 0:
            page.send_to_department = True
        index.add_child(instance=page)
        _publish(page, created=True)
        if page.send_to_department:
            approve_for_department(unit, page)
        created += 1
    return created


def address(page, addressed_to, today):
    """The department's announcement sent down to units (see schoolsite.audience)."""
    if not addressed_to:
        return
    from schoolsite.audience import _packed

    page.audience = addressed_to["audience"]
    page.audience_unit_types = _packed(addressed_to.get("unit_types", []))
    page.show_until = today + datetime.timedelta(days=addressed_to["show_days"])


def approve_for_department(unit, page):
    """A school news item the department has already approved for its portal (no e-mails: it is the demo)."""
    from moderation.models import DepartmentReview, ReviewStatus

    now = timezone.now()
    DepartmentReview.objects.update_or_create(
        page=page,
        defaults={"unit": unit, "status": ReviewStatus.APPROVED, "submitted_at": now, "decided_at": now},
    )


def ensure_introduction(unit, texts):
    """Fill the introduction section and its sub-pages where they are still empty."""
    intro = IntroductionPage.objects.child_of(unit.home_page).first()
    if intro is None:
        return
    if not intro.body:
        intro.body = [("text", _paragraphs(_fill(t, unit) for t in texts["intro"]))]
        _publish(intro, created=False)
    leaders = {
        "heading": "Lãnh đạo đơn vị",
        "people": [
            {"name": "(đang cập nhật)", "position": position, "phone": "", "email": unit.email if is_head else ""}
            for position, is_head in texts["leaders"]
        ],
    }
    for page in ContentPage.objects.child_of(intro):
        if page.body or page.slug not in texts:
            continue
        page.body = [("text", _paragraphs(_fill(t, unit) for t in texts[page.slug]))]
        if page.slug == "co-cau-to-chuc":
            page.body.append(("staff", leaders))
        _publish(page, created=False)


def ensure_site_settings(unit):
    site_settings = SiteSettings.for_site(unit.site)
    changed = False
    colour = THEMES.get(unit.unit_type, "#0b5394")
    if not site_settings.logo_id:
        site_settings.logo = _image(
            unit, f"Biểu trưng {unit.display_name}", logo_png(unit, colour), f"logo-{unit.code}.png", ""
        )
        changed = True
    if not site_settings.banner_id:
        site_settings.banner = _image(
            unit,
            f"Ảnh banner {unit.display_name}",
            landscape_jpeg(sum(map(ord, unit.code)), 1600, 400),
            f"banner-{unit.code}.jpg",
            "",
        )
        site_settings.theme_colour = colour
        site_settings.footer_text = (
            f"Cơ quan chủ quản: Sở Giáo dục và Đào tạo tỉnh Lào Cai. Chịu trách nhiệm nội dung: {unit.name}."
        )
        changed = True
    if changed:
        site_settings.save()


def ensure_home_intro(unit, texts):
    home = unit.home_page.specific
    if not home.intro:
        home.intro = f"<p>{_fill(texts['home_intro'], unit)}</p>"
        _publish(home, created=False)


def _pdf_text(line):
    """ASCII text safe inside a PDF string: unaccented, no parentheses or backslashes."""
    ascii_text = "".join(c for c in fold(line) if 32 <= ord(c) < 127)
    return ascii_text.replace("\\", "").replace("(", "[").replace(")", "]")[:90]


def minimal_pdf(lines):
    """A one-page PDF of a few lines of text: demo attachments without any PDF library."""
    text = "BT /F1 12 Tf 56 780 Td 16 TL " + " ".join("(" + _pdf_text(line) + ") '" for line in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text.encode("ascii") + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def load_issuing_bodies():
    from legal_docs.models import IssuingBody

    with open(FIXTURES / "legal_docs" / "co-quan-ban-hanh.csv", encoding="utf-8", newline="") as handle:
        for order, row in enumerate(csv.DictReader(handle)):
            IssuingBody.objects.update_or_create(
                name=row["ten"], defaults={"abbreviation": row["viet_tat"], "level": row["cap"], "sort_order": order}
            )


def load_library():
    """Import the demo library and procedures, with generated PDFs for the files they name."""
    from legal_docs.importing import Importer, split_list

    load_issuing_bodies()
    folder = FIXTURES / "legal_docs"
    sources = [
        (folder / "van-ban.csv", "tep_dinh_kem", "trich_yeu"),
        (folder / "thu-tuc.csv", "bieu_mau", "ten_thu_tuc"),
    ]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        for path, file_column, text_column in sources:
            with open(path, encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    for name in split_list(row[file_column]):
                        heading = row.get("so_ky_hieu") or row.get("ma_thu_tuc")
                        bundle.writestr(name, minimal_pdf([heading, row[text_column], "Tai lieu minh hoa (demo)"]))
    results = []
    for path, _file_column, _text_column in sources:
        results.append(Importer(path.read_bytes(), archive.getvalue(), filename=path.name).read().apply())
    return results


def ensure_questions(unit, items, topics):
    """Questions with published answers, and one waiting, so the Hỏi đáp pages and queue are not empty.

    The demo askers give a phone number only: loading the demo sends no e-mail.
    """
    from questions import services as questions
    from questions.models import Question

    if unit.home_page is None:
        return
    audience = "so" if unit.unit_type == UnitType.SO else "school"
    for item in (item for item in items if item["audience"] == audience):
        if Question.objects.filter(received_by=unit, title=item["title"]).exists():
            continue
        asked_at = timezone.now() - datetime.timedelta(days=item["days_ago"])
        question = Question(
            unit=unit,
            received_by=unit,
            asker_name=item["asker_name"],
            asker_phone=item["asker_phone"],
            topic=topics.get(item["topic"]),
            title=item["title"],
            body=item["body"],
            created_at=asked_at,
        )
        questions.submit(question)
        if "answer" in item:
            questions.answer(question, item["answer"], None)
            Question.objects.filter(pk=question.pk).update(
                answered_at=asked_at + datetime.timedelta(days=item["answered_after"])
            )
            question.refresh_from_db()
            questions.publish(question, None, title=item["public_title"], question_text=item["public_question"])


def demo_logins(units):
    logins = [
        DemoLogin("quantri", "Quản trị Cổng (toàn quyền)", None),
        DemoLogin("so.duyet", "Duyệt tin của Sở", None),
        DemoLogin("so.bientap", "Biên tập viên của Sở", None),
    ]
    department = next((u for u in units if u.code == DEPARTMENT_CODE), None)
    logins[1].unit = logins[2].unit = department
    for unit in units:
        if unit.code == DEPARTMENT_CODE:
            continue
        logins += [
            DemoLogin(f"{unit.code}.bientap", "Biên tập viên", unit),
            DemoLogin(f"{unit.code}.duyet", "Duyệt tin của đơn vị", unit),
            DemoLogin(f"{unit.code}.quantri", "Quản trị đơn vị", unit),
        ]
    return logins


ROLE_BY_SUFFIX = {"bientap": UnitRole.EDITOR, "duyet": UnitRole.MODERATOR, "quantri": UnitRole.ADMIN}


def ensure_users(units, password):
    User = get_user_model()
    hashed = make_password(password)  # hashed once: 100+ users would take a minute otherwise
    groups = {(g.unit_id, g.role): g.group for g in UnitGroup.objects.select_related("group")}
    logins = demo_logins(units)
    for login in logins:
        user, _created = User.objects.get_or_create(
            username=login.username,
            defaults={"email": f"{login.username}@demo.sgddt.invalid"},
        )
        user.password = hashed
        user.is_active = True
        user.first_name = login.role
        user.last_name = login.unit.display_name if login.unit else "Cổng thông tin ngành"
        if login.unit is None:
            user.is_superuser = user.is_staff = True
        user.save()
        if login.unit is not None:
            role = ROLE_BY_SUFFIX[login.username.rsplit(".", 1)[1]]
            user.groups.add(groups[(login.unit.pk, role)])
            if login.username == "so.duyet":
                user.groups.add(Group.objects.get(name=SECTOR_MODERATOR_GROUP))
    return logins


def load(password=None, stdout=None):
    """Load (or complete) the demo province; return the demo logins."""
    with deferred_search_indexing():
        return _load(password, stdout)


def _load(password, stdout):
    rows = parse_roster(ROSTER, local=True)
    with transaction.atomic():
        result = provisioning.plan(rows, allow_deactivate=True)
        provisioning.apply(rows, result, local=True)
        load_topics()
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    with open(DEMO / "news.json", encoding="utf-8") as handle:
        items = json.load(handle)
    with open(DEMO / "introduction.json", encoding="utf-8") as handle:
        introductions = json.load(handle)
    with open(DEMO / "questions.json", encoding="utf-8") as handle:
        question_items = json.load(handle)
    disclosure_data = load_disclosure_data(DEMO / "disclosure.json")
    units = list(Unit.objects.active().select_related("site", "home_page", "collection").order_by("code"))
    for unit in units:
        with transaction.atomic():
            ensure_site_settings(unit)
            texts = introductions["department" if unit.unit_type == UnitType.SO else "school"]
            ensure_home_intro(unit, texts)
            ensure_introduction(unit, texts)
            created = ensure_news(unit, items, topics)
            ensure_questions(unit, question_items, topics)
            ensure_disclosure(unit, disclosure_data, _publish, minimal_pdf, _fill)  # Công khai
            ensure_albums(unit, DEMO / "albums.json", _fill, _publish)
        if stdout is not None and created:
            stdout.write(f"  {unit.code}: {created} tin bài")
    load_library()
    ensure_alerts()
    with transaction.atomic():
        from webforms.demo import ensure_forms

        ensure_forms(units, DEMO / "forms.json")
    with transaction.atomic():
        from translations import demo as translations_demo
        from translations.locales import ensure_locales

        ensure_locales()
        translations_demo.load()
    with transaction.atomic():
        schedule_demo.load(units, DEMO)
    with transaction.atomic():
        logins = ensure_users(units, password or demo_password())
    Site.clear_site_root_paths_cache()
    return logins
