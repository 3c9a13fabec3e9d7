"""Build the province-scale benchmark data once, fast, and keep it.

Usage:  .venv/bin/python bench/province.py [--units 660] [--pages 100000] [--documents 20000]
                                           [--images 50000] [--questions 10000]

In the benchmark database of bench/data.py (BENCH_DATABASE_URL, created and
migrated if missing): a generated roster of `--units` units, provisioned;
`--images` Wagtail images (metadata rows over a few real files) in the units'
collections; `--documents` legal documents, most in the department's library;
`--questions` citizens' questions, the published ones as answer pages; news
pages in every unit's news index until the tree holds `--pages` pages, some
with a featured image, `--pending` of them drafts in the moderation queue; then
the search index entries that are missing, and ANALYZE. Each part adds only
what is missing: a second run takes seconds. Prints the time of each part and a
summary. bench/search.py, bench/library.py, bench/admin.py and
bench/report_queries.py call `build()` first.
"""

import argparse
import sys
import time

from data import (
    analyze,
    ensure_documents,
    ensure_images,
    ensure_pages,
    ensure_pending_moderation,
    ensure_province,
    ensure_questions,
    index_missing,
    setup_django,
)

DEFAULTS = {"units": 660, "pages": 100000, "documents": 20000, "images": 50000, "questions": 10000, "pending": 100}


def build(units=660, pages=100000, documents=20000, images=50000, questions=10000, pending=100, verbose=True):
    """Make sure the benchmark province exists (setup_django() first); returns [(part, seconds, what was done)]."""
    parts = []

    def part(name, function, describe):
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
        parts.append((name, elapsed, describe(result)))
        if verbose:
            print(f"{name:22} {elapsed:8.1f} s  {describe(result)}", flush=True)

    part("units (roster)", lambda: ensure_province(units), lambda done: "provisioned" if done else "present")
    part("images", lambda: ensure_images(images), lambda added: f"+{added}")
    part("legal documents", lambda: ensure_documents(documents), lambda added: f"+{added}")
    part("questions", lambda: ensure_questions(questions), lambda added: f"+{added[0]} (+{added[1]} answer pages)")
    part("news pages", lambda: ensure_pages(pages - pending), lambda added: f"+{added}")
    part("moderation queue", lambda: ensure_pending_moderation(pending), lambda added: f"+{added} pages submitted")
    part(
        "search index",
        index_missing,
        lambda added: ", ".join(f"{label} +{count}" for label, count in added.items()) or "+0",
    )
    part("ANALYZE", analyze, lambda _result: "")
    return parts


def summary(parts):
    from django.db.models import Count
    from wagtail.images import get_image_model
    from wagtail.models import Page, Site, WorkflowState
    from wagtail.search.models import IndexEntry

    from legal_docs.models import LegalDocumentPage
    from news.models import NewsPage
    from questions.models import AnsweredQuestionPage, Question
    from schoolsite.models import Unit

    statuses = dict(Question.objects.order_by().values_list("status").annotate(Count("pk")))
    rows = [
        ("units (active)", Unit.objects.filter(is_active=True).count()),
        ("sites", Site.objects.count()),
        ("pages", Page.objects.count()),
        ("  news pages", NewsPage.objects.count()),
        ("  legal documents", LegalDocumentPage.objects.count()),
        ("  answered questions", AnsweredQuestionPage.objects.count()),
        ("images", get_image_model().objects.count()),
        ("  used as featured", NewsPage.objects.exclude(featured_image=None).count()),
        ("  awaiting moderation", WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count()),
        ("questions", Question.objects.count()),
        *((f"  {status}", count) for status, count in sorted(statuses.items())),
        ("search index entries", IndexEntry.objects.count()),
    ]
    print()
    print(f"{'data':24} {'count':>9}")
    for name, count in rows:
        print(f"{name:24} {count:>9}")
    print()
    print(f"{'part':24} {'seconds':>9}")
    for name, elapsed, _done in parts:
        print(f"{name:24} {elapsed:>9.1f}")
    print(f"{'total':24} {sum(elapsed for _name, elapsed, _done in parts):>9.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, default in DEFAULTS.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    args = parser.parse_args()
    started = time.perf_counter()
    setup_django()
    print(f"database ready (created/migrated if needed) in {time.perf_counter() - started:.1f} s", flush=True)
    parts = [("database (migrate)", time.perf_counter() - started, "")]
    parts += build(**vars(args))
    summary(parts)


if __name__ == "__main__":
    sys.exit(main())
