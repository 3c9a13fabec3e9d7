"""Province-scale data for benchmarks, created fast and kept between runs.

The benchmark database is separate from development and tests:
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/sgddt_bench).
Pages are inserted in bulk (a few statements per thousand pages) instead of
Wagtail's one-by-one add_child, which would take hours at 100,000 pages.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sgddt_bench")


def setup_django():
    """Point Django at the benchmark database, creating and migrating it if needed."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "sgddt.settings.test"
    os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
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


def ensure_province(roster=None):
    """The units (the Lào Cai roster by default), topics and issuing bodies."""
    from django.core.management import call_command

    from home.demo import load_issuing_bodies, load_topics
    from schoolsite.models import Unit

    roster = roster or ROOT / "fixtures" / "roster" / "lao-cai.csv"
    if not Unit.objects.exists():
        call_command("provision_units", str(roster), "--local", "--allow-deactivate", verbosity=0)
    load_topics()
    load_issuing_bodies()


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
