"""Province-scale data for benchmarks, created fast and kept between runs.

The benchmark database is separate from development and tests:
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/sgddt_bench).
Pages are inserted in bulk (a few statements per thousand pages) instead of
Wagtail's one-by-one add_child, which would take hours at 100,000 pages.
"""

import datetime
import io
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sgddt_bench")


def setup_django():
    """Point Django at the benchmark database, creating and migrating it if needed."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "sgddt.settings.test"
    os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
    # The benchmark's image files live beside its database, not in the test suite's media folder.
    os.environ.setdefault("TEST_MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "sgddt-bench-media"))
    # In-process timings measure the work of a page, not a page-cache hit (bench/throughput.py measures both).
    os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
    # Process memos as in production (the test settings turn them off: their database is rolled back).
    os.environ.setdefault("UNITS_STAMP_RECHECK_SECONDS", "1")
    _create_database(BENCH_DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _create_database(url):
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def ensure_province(units=660):
    """The province: `units` generated units (manage.py generate_roster), provisioned, with topics and issuing bodies.

    The generated roster starts from the real Lào Cai one, so the department ("so") and
    "thpt-chuyen" are among the units. Returns True if units were provisioned.
    """
    from django.core.management import call_command

    from home.demo import load_issuing_bodies, load_topics
    from schoolsite.models import Unit

    provisioned = False
    if Unit.objects.filter(is_active=True).count() < units:
        roster = str(Path(tempfile.gettempdir()) / f"sgddt-bench-roster-{units}.csv")
        call_command(
            "generate_roster", "--units", str(units), roster, "--domain", "bench.invalid", stdout=io.StringIO()
        )
        call_command("provision_units", roster, "--local", "--allow-deactivate", stdout=io.StringIO())
        provisioned = True
    load_topics()
    load_issuing_bodies()
    return provisioned


def bulk_add_children(parent, model, instances, batch_size=2000):
    """Insert `instances` (unsaved pages of `model`) as live children of `parent`, in bulk.

    Computes what Wagtail and treebeard would: tree paths, URL paths, content type,
    locale. Each instance's own save() logic is not run: set derived fields first.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    content_type = ContentType.objects.get_for_model(model)
    last = parent.get_last_child()
    next_step = (int(last.path[-Page.steplen :], len(Page.alphabet)) + 1) if last else 1
    now = timezone.now()
    base_fields = [f for f in Page._meta.concrete_fields if f.attname != "id"]
    own_fields = list(model._meta.local_concrete_fields)
    with transaction.atomic():
        for start in range(0, len(instances), batch_size):
            batch = instances[start : start + batch_size]
            for offset, page in enumerate(batch):
                page.path = Page._get_path(parent.path, parent.depth + 1, next_step + start + offset)
                page.depth = parent.depth + 1
                page.numchild = 0
                page.url_path = f"{parent.url_path}{page.slug}/"
                page.content_type = content_type
                page.locale_id = parent.locale_id
                page.live = True
                page.has_unpublished_changes = False
                page.draft_title = page.title
                page.first_published_at = page.last_published_at = now
            bases = Page.objects.bulk_create(
                [Page(**{f.attname: getattr(p, f.attname) for f in base_fields}) for p in batch]
            )
            for page, base in zip(batch, bases, strict=True):
                page.pk = page.page_ptr_id = base.pk
            model._base_manager._insert(batch, fields=own_fields)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(instances))


def unit_by_home_path():
    """{home page path: unit} of the units with a site."""
    from schoolsite.models import Unit

    return {unit.home_page.path: unit for unit in Unit.objects.exclude(home_page=None).select_related("home_page")}


def owner(page, units_by_path):
    from schoolsite.models import HOME_PATH_LENGTH

    return units_by_path[page.path[:HOME_PATH_LENGTH]]


# Images ------------------------------------------------------------------------------------------------------

IMAGE_FILES = 4


def image_files():
    """A handful of real small JPEG files in the media folder, shared by every benchmark image row."""
    import hashlib

    from django.core.files.storage import default_storage
    from PIL import Image as PillowImage

    files = []
    for number in range(IMAGE_FILES):
        name = f"original_images/bench-{number}.jpg"
        if not default_storage.exists(name):
            buffer = io.BytesIO()
            PillowImage.new("RGB", (800, 600), (40 + 50 * number, 120, 200 - 40 * number)).save(buffer, "JPEG")
            default_storage.save(name, io.BytesIO(buffer.getvalue()))
        with default_storage.open(name) as handle:
            content = handle.read()
        files.append((name, len(content), hashlib.sha1(content).hexdigest()))
    return files


def ensure_images(target, department_share=0.1):
    """`target` Wagtail images (metadata rows over a few real files) in the units' collections."""
    from wagtail.images import get_image_model

    from schoolsite.models import DEPARTMENT_CODE, Unit

    Image = get_image_model()
    existing = Image.objects.count()
    if existing >= target:
        return 0
    files = image_files()
    units = list(Unit.objects.exclude(collection=None).order_by("pk"))
    department = next(unit for unit in units if unit.code == DEPARTMENT_CODE)
    others = [unit for unit in units if unit is not department]
    rng = random.Random(50000 + existing)
    subjects = ["Lễ khai giảng", "Hội khỏe Phù Đổng", "Giờ học", "Sân trường", "Văn nghệ", "Tập huấn", "Hội nghị"]
    images = []
    for number in range(existing, target):
        unit = department if rng.random() < department_share else others[number % len(others)]
        name, size, digest = files[number % len(files)]
        images.append(
            Image(
                title=f"{rng.choice(subjects)} {unit.short_name or unit.name} ({number})",
                file=name,
                width=800,
                height=600,
                file_size=size,
                file_hash=digest,
                collection_id=unit.collection_id,
                description=f"Ảnh {number} của {unit.name}",
            )
        )
    Image.objects.bulk_create(images, batch_size=5000)
    return len(images)


# Legal documents ---------------------------------------------------------------------------------------------


def ensure_documents(target, school_share=0.2, schools=200):
    """`target` LegalDocumentPage: most in the department's library, `school_share` in `schools` schools' libraries."""
    from home.models import Topic
    from home.tabular import fold
    from legal_docs.models import DocumentLibraryPage, DocumentType, IssuingBody, LegalDocumentPage, number_key
    from schoolsite.models import DEPARTMENT_CODE, UnitType

    existing = LegalDocumentPage.objects.count()
    if existing >= target:
        return 0
    units_by_path = unit_by_home_path()
    libraries = list(DocumentLibraryPage.objects.order_by("path"))
    department_library = next(page for page in libraries if owner(page, units_by_path).code == DEPARTMENT_CODE)
    school_libraries = [
        page for page in libraries if owner(page, units_by_path).unit_type not in (UnitType.SO, UnitType.PHONG)
    ][:schools]
    rng = random.Random(20000 + existing)
    bodies = list(IssuingBody.objects.all())
    topics = list(Topic.objects.all())
    types = [value for value, _label in DocumentType.choices]
    labels = dict(DocumentType.choices)
    words = ["kế hoạch", "hướng dẫn", "tuyển sinh", "năm học", "chuyển đổi số", "học sinh", "giáo viên", "thi"]
    by_library = {}
    for index in range(existing, target):
        in_school = school_libraries and rng.random() < school_share
        library = school_libraries[index % len(school_libraries)] if in_school else department_library
        kind = rng.choice(types)
        body = rng.choice(bodies)
        issued = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randrange(0, 6150))
        number = f"{index + 1}/{issued.year}/{kind.upper()[:2]}-BENCH"
        summary = f"{rng.choice(words).capitalize()} {rng.choice(words)} số {index + 1}"
        title = f"{labels[kind]} {number}: {summary}"
        listed = bool(in_school and rng.random() < 0.1)
        by_library.setdefault(library, []).append(
            LegalDocumentPage(
                title=title,
                slug=f"bench-{index + 1}",
                number=number,
                number_key=number_key(number),
                document_type=kind,
                issuing_body=body,
                issued_date=issued,
                effective_date=issued + datetime.timedelta(days=rng.choice([0, 15, 45])),
                expiry_date=issued + datetime.timedelta(days=3650) if rng.random() < 0.2 else None,
                topic=rng.choice(topics),
                summary=summary,
                listed_by_department=listed,
                # What SectorWideMixin.save computes: the department's documents and those it lists.
                sector_wide=not in_school or listed,
                search_text=fold(f"{number} {title} {summary} {body.name}"),
                body=[],
            )
        )
    for library, documents in by_library.items():
        bulk_add_children(library, LegalDocumentPage, documents)
    return target - existing


# Questions ---------------------------------------------------------------------------------------------------

QUESTION_STATUSES = [("moi", 20), ("da-phan-cong", 10), ("da-tra-loi", 35), ("da-cong-bo", 30), ("tu-choi", 5)]


def ensure_questions(target):
    """`target` citizens' questions over the units; the published ones as AnsweredQuestionPage pages."""
    from django.utils import timezone

    from home.models import Topic
    from questions.models import AnsweredQuestionPage, Question, QuestionIndexPage, QuestionStatus
    from schoolsite.models import Unit

    existing = Question.objects.count()
    if existing >= target:
        return 0, 0
    units_by_path = unit_by_home_path()
    index_by_unit = {owner(page, units_by_path).pk: page for page in QuestionIndexPage.objects.all()}
    units = [unit for unit in Unit.objects.exclude(home_page=None).order_by("pk") if unit.pk in index_by_unit]
    topics = list(Topic.objects.all())
    statuses = [status for status, weight in QUESTION_STATUSES for _ in range(weight)]
    subjects = ["tuyển sinh lớp 6", "học phí", "chuyển trường", "học bổng", "bán trú", "sách giáo khoa", "thi lớp 10"]
    rng = random.Random(10000 + existing)
    now = timezone.now()
    questions, pages_by_index = [], {}
    for number in range(existing, target):
        unit = units[rng.randrange(len(units))]
        status = rng.choice(statuses)
        subject = rng.choice(subjects)
        asked = now - datetime.timedelta(hours=rng.randrange(1, 24 * 365))
        answered = status in (QuestionStatus.ANSWERED, QuestionStatus.PUBLISHED)
        answer = f"<p>Về {subject}: nhà trường trả lời như sau.</p>" if answered else ""
        question = Question(
            code=f"HD-B{number:08d}",
            unit=unit,
            received_by=unit,
            status=status,
            asker_name="Người hỏi",
            asker_phone="0912000000",
            topic=rng.choice(topics),
            title=f"Hỏi về {subject} ({number})",
            body=f"Xin hỏi về {subject} tại {unit.name}.",
            answer=answer,
            answered_at=min(now, asked + datetime.timedelta(hours=rng.randrange(1, 24 * 10))) if answered else None,
            created_at=asked,
        )
        questions.append(question)
        if status == QuestionStatus.PUBLISHED:
            page = AnsweredQuestionPage(
                title=question.title,
                slug=f"cau-hoi-{number}",
                question_text=question.body,
                answer=answer,
                topic=question.topic,
                asked_on=asked.date(),
                answered_on=question.answered_at.date(),
            )
            pages_by_index.setdefault(index_by_unit[unit.pk], []).append((page, question))
    for index, pairs in pages_by_index.items():
        bulk_add_children(index, AnsweredQuestionPage, [page for page, _question in pairs])
        for page, question in pairs:
            question.published_page_id = page.pk
    Question.objects.bulk_create(questions, batch_size=5000)
    return len(questions), sum(len(pairs) for pairs in pages_by_index.values())


# News --------------------------------------------------------------------------------------------------------

NEWS_SUBJECTS = [
    "Lễ khai giảng",
    "Hội khỏe Phù Đổng",
    "Kỳ thi học sinh giỏi cấp tỉnh",
    "Phòng chống rét",
    "Chuyển đổi số",
    "Tuyển sinh lớp 10",
    "Ngày Nhà giáo Việt Nam",
    "Sinh hoạt chuyên môn",
    "An toàn giao thông",
    "Văn nghệ dân tộc",
]
PLACES = ["Bát Xát", "Mường Khương", "Si Ma Cai", "Bắc Hà", "Bảo Thắng", "Bảo Yên", "Văn Bàn", "Sa Pa", "Lào Cai"]


def ensure_pages(target_pages, featured_share=0.4):
    """News pages in every unit's news index until the whole tree holds `target_pages` pages.

    About `featured_share` of them get a featured image from their unit's collection.
    Returns the number of news pages added.
    """
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from news.models import NewsIndexPage, NewsPage

    missing = target_pages - Page.objects.count()
    if missing <= 0:
        return 0
    units_by_path = unit_by_home_path()
    images_by_collection = {}
    for image_id, collection_id in get_image_model().objects.values_list("pk", "collection_id"):
        images_by_collection.setdefault(collection_id, []).append(image_id)
    indexes = list(NewsIndexPage.objects.order_by("path"))
    rng = random.Random(100000 + missing)
    for position, index in enumerate(indexes):
        count = missing // len(indexes) + (1 if position < missing % len(indexes) else 0)
        first = index.numchild
        images = images_by_collection.get(owner(index, units_by_path).collection_id, [])
        batch = []
        for number in range(first, first + count):
            subject = rng.choice(NEWS_SUBJECTS)
            year = rng.randrange(2018, 2027)
            title = f"{subject} năm học {year}-{year + 1} tại {rng.choice(PLACES)} ({number})"
            batch.append(
                NewsPage(
                    title=title,
                    slug=f"tin-{index.pk}-{number}",
                    date=datetime.date(year, rng.randrange(1, 13), rng.randrange(1, 28)),
                    lead=f"{subject}: hoạt động của nhà trường, học sinh và giáo viên, ghi nhận năm {year}.",
                    body=[("text", f"<p>{subject} được tổ chức với sự tham gia của học sinh các lớp.</p>")],
                    featured_image_id=rng.choice(images) if images and rng.random() < featured_share else None,
                )
            )
        if batch:
            bulk_add_children(index, NewsPage, batch)
    return missing


# Search index ------------------------------------------------------------------------------------------------


def index_missing(chunk_size=1000):
    """Add to the search index every indexed object that has no entry yet; returns {model label: count}.

    What `update_index` writes (the backend's own `add_items`, chunk by chunk), minus its
    costs at this scale: it rebuilds everything, and after each chunk of 1,000 it
    recomputes every new entry's title norm over the whole table. Here objects already
    indexed are skipped and the title norms are computed once at the end.
    """
    from django.db import transaction
    from django.db.models import TextField
    from django.db.models.functions import Cast
    from modelsearch.backends import get_search_backend
    from modelsearch.index import get_indexed_models
    from modelsearch.utils import get_content_type_pk
    from wagtail.search.models import IndexEntry

    backend = get_search_backend()
    added = {}
    last_index = None
    for model in get_indexed_models():
        index = backend.get_index_for_model(model)
        content_type_pk = get_content_type_pk(model)
        indexed = IndexEntry.objects.filter(content_type_id=content_type_pk).values("object_id")
        pending = list(
            model.get_indexed_objects()
            .annotate(indexed_id=Cast("pk", TextField()))
            .exclude(indexed_id__in=indexed)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not pending:
            continue
        refresh, index._refresh_title_norms = index._refresh_title_norms, lambda full=False: None
        try:
            for start in range(0, len(pending), chunk_size):
                with transaction.atomic():
                    chunk = list(model.get_indexed_objects().filter(pk__in=pending[start : start + chunk_size]))
                    index.add_items(model, chunk)
        finally:
            index._refresh_title_norms = refresh
        last_index = index
        added[model._meta.label] = len(pending)
    if last_index is not None:  # one table for every model: one refresh
        last_index._refresh_title_norms()
    return added


def analyze():
    """Fresh planner statistics, as autovacuum would give a production database after a bulk load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# Moderation --------------------------------------------------------------------------------------------------


def ensure_pending_moderation(target=100):
    """`target` draft news pages submitted to their unit's approval workflow (the moderation queue)."""
    from wagtail.models import Page, WorkflowState

    from news.models import NewsIndexPage, NewsPage

    existing = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count()
    if existing >= target:
        return 0
    indexes = list(NewsIndexPage.objects.order_by("path"))
    step = max(1, len(indexes) // target)
    for number in range(existing, target):
        index = indexes[(number * step) % len(indexes)]
        page = NewsPage(
            title=f"Tin chờ duyệt số {number}",
            slug=f"cho-duyet-{number}",
            date=datetime.date(2026, 1, 1 + number % 28),
            lead="Tin do biên tập viên gửi duyệt.",
            body=[("text", "<p>Nội dung chờ duyệt.</p>")],
            live=False,
        )
        index.add_child(instance=page)
        page.save_revision()
        Page.objects.get(pk=page.pk).get_workflow().start(page, user=None)
    return target - existing
