"""Searching the sector: one site ("Trong trang này") or all of it ("Toàn ngành").

Full text goes through Wagtail's search API, so the same code runs on the
PostgreSQL backend (accent-insensitive configuration) and on Elasticsearch
(folding analyzers). Document numbers and procedure codes are looked up
exactly first, because a number like "3006/QĐ-UBND" is not a word. Facets,
sorting by date and paging work on the most relevant RESULT_CAP results, with
a fixed number of queries whatever the size of the sector.
"""

import datetime
import difflib
import html
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Phrase

from home.models import Topic
from home.tabular import fold
from legal_docs.models import (
    LEGISLATION_TYPES,
    DocumentLibraryPage,
    LegalDocumentPage,
    ProcedureIndexPage,
    ProcedurePage,
    number_key,
    section_for,
)
from news.models import NewsIndexPage, NewsPage
from questions.models import AnsweredQuestionPage, QuestionIndexPage
from schoolsite.models import DEPARTMENT_CODE, HOME_PATH_LENGTH, Unit
from schoolsite.sites import units_by_home_path

from .backends import VietnamesePostgresSearchBackend

RESULT_CAP = 500
PER_PAGE = 10
SCOPE_SITE = "don-vi"
SCOPE_SECTOR = "toan-nganh"
SORT_RELEVANCE = "lien-quan"
SORT_DATE = "moi-nhat"

KINDS = [
    ("tin-tuc", _("Tin tức"), NewsPage),
    ("van-ban", _("Văn bản"), LegalDocumentPage),
    ("thu-tuc", _("Thủ tục hành chính"), ProcedurePage),
    ("hoi-dap", _("Hỏi đáp"), AnsweredQuestionPage),
]
OTHER_KIND = ("trang", _("Trang"))
# Section pages are lists of other pages: they are reached by the menu, not by search.
LIST_PAGE_MODELS = [NewsIndexPage, DocumentLibraryPage, ProcedureIndexPage, QuestionIndexPage]
DATE_MIN = datetime.date(1900, 1, 1)


@dataclass
class SearchRequest:
    text: str
    scope: str
    kind: str = ""
    unit_code: str = ""
    topic_slug: str = ""
    year: int | None = None
    sort: str = SORT_RELEVANCE
    page: int = 1


@dataclass
class Hit:
    page: Page
    url: str
    unit: Unit | None
    kind_label: str
    date: object
    snippet: str
    exact_number: bool = False


@dataclass
class SearchOutcome:
    hits: list = field(default_factory=list)
    total: int = 0
    capped: bool = False
    facets: dict = field(default_factory=dict)
    page: int = 1
    pages: int = 1
    suggestions: list = field(default_factory=list)
    promoted: list = field(default_factory=list)


def default_scope(unit):
    """The department's portal searches the whole sector; a school's site searches itself."""
    return SCOPE_SECTOR if unit.code == DEPARTMENT_CODE else SCOPE_SITE


def shared_section_paths():
    """Paths under which items are shared by every site: the department's library and procedures."""
    department = Unit.objects.filter(code=DEPARTMENT_CODE).select_related("home_page").first()
    if department is None or department.home_page is None:
        return []
    return list(
        Page.objects.child_of(department.home_page)
        .filter(content_type__in=_content_types([DocumentLibraryPage, ProcedureIndexPage]))
        .values_list("path", flat=True)
    )


def _content_types(models):
    from django.contrib.contenttypes.models import ContentType

    return [ContentType.objects.get_for_model(model).pk for model in models]


def scope_queryset(unit, scope):
    """Live, public pages of the scope, in the active language, never of a closed unit."""
    pages = (
        Page.objects.live()
        .public()
        .filter(depth__gt=1, locale=Locale.get_active())
        .exclude(content_type__in=_content_types(LIST_PAGE_MODELS))
    )
    closed = Unit.objects.filter(is_active=False).exclude(home_page=None).values_list("home_page__path", flat=True)
    for path in closed:
        pages = pages.exclude(path__startswith=path)
    if scope == SCOPE_SITE:
        visible = Q(path__startswith=unit.home_page.path)
        for path in shared_section_paths():
            visible |= Q(path__startswith=path)
        listed = list(LegalDocumentPage.objects.filter(listed_by_department=True).values_list("pk", flat=True))
        listed += list(ProcedurePage.objects.filter(listed_by_department=True).values_list("pk", flat=True))
        if listed:
            visible |= Q(id__in=listed)
        pages = pages.filter(visible)
    return pages


def fulltext_query(text):
    """Numbers and symbols split into words: "3006/QĐ-UBND" is searched as "3006 QĐ UBND"."""
    return " ".join(re.sub(r"[/\-_.,;:()\"“”]+", " ", text).split())


def number_matches(scope_pages, text):
    """Documents whose number is the query (exactly, then as a prefix), and procedures by code."""
    if not re.search(r"\d", text):
        return []
    key = number_key(text)
    documents = LegalDocumentPage.objects.filter(pk__in=scope_pages.values("pk")).order_by("-issued_date")
    exact = list(documents.filter(number_key=key).values_list("pk", flat=True))
    # "3006" finds "3006/QĐ-UBND" before "30061/…"; "3006/QD" finds "3006/QĐ-UBND".
    boundary = list(
        documents.filter(number_key__regex=r"^" + re.escape(key) + r"[^0-9A-Z]")
        .exclude(pk__in=exact)
        .values_list("pk", flat=True)[:10]
    )
    prefix = list(
        documents.filter(number_key__startswith=key).exclude(pk__in=exact + boundary).values_list("pk", flat=True)[:10]
    )
    prefix = boundary + prefix
    codes = []
    if re.fullmatch(r"\d+(\.\d+)+", text.strip()):
        codes = list(
            ProcedurePage.objects.filter(pk__in=scope_pages.values("pk"), code=text.strip()).values_list(
                "pk", flat=True
            )
        )
    return exact + codes + prefix


def _page_content_types():
    from wagtail.models import get_page_models

    return _content_types([model for model in get_page_models() if model not in LIST_PAGE_MODELS])


def _scored(scope_pages, query, limit, *, phrase, sector):
    """(page id, score) of the best matches in the scope."""
    backend = get_search_backend()
    if sector and isinstance(backend, VietnamesePostgresSearchBackend):
        # Whole sector: rank from the index alone, then keep what the scope allows (see ranked_entries).
        entries = backend.ranked_entries(query, phrase=phrase, content_type_ids=_page_content_types(), limit=limit * 2)
        allowed = set(scope_pages.filter(pk__in=[pk for pk, _score in entries]).values_list("pk", flat=True))
        return [(pk, score) for pk, score in entries if pk in allowed][:limit]
    results = scope_pages.search(Phrase(query) if phrase else query, operator="and").annotate_score("_score")
    return [(page.pk, page._score) for page in results[:limit]]


# Scores within this share of the best of their tier are equally relevant (ranking is not that precise).
TIE_TOLERANCE = 0.05


def relevance_tiers(scored):
    """{page id: tier} — 0 for the best scores, then 1…: a tier holds the scores within TIE_TOLERANCE of its first.

    Relative, not rounded: rounding to one decimal put 1.249 and 1.273 in different steps, so adding unrelated
    pages (which moves Wagtail's title norms a little) reordered the results of a query.
    """
    tiers, tier, top = {}, -1, None
    for pk, score in sorted(scored, key=lambda entry: -(entry[1] or 0)):
        score = score or 0
        if top is None or score < top * (1 - TIE_TOLERANCE):
            tier, top = tier + 1, score
        tiers.setdefault(pk, tier)
    return tiers


def fulltext_ids(scope_pages, text, limit=RESULT_CAP, sector=False, facts=None):
    """Page ids by relevance: the words as a phrase, then all the words, then fallbacks.

    Within equal relevance, legal acts (laws, decrees, circulars…) come before
    letters and notices, then newer pages first (yearly documents share their titles).
    """
    query = fulltext_query(text)
    if not query:
        return []
    ids, seen = [], set()
    facts = facts or PageFacts()

    def take(scored):
        found = [pk for pk, _score in scored]
        dated = facts.load(found).dates
        acts = set(
            LegalDocumentPage.objects.filter(pk__in=found, document_type__in=LEGISLATION_TYPES).values_list(
                "pk", flat=True
            )
        )
        tier = relevance_tiers(scored)
        scored = sorted(
            scored,
            key=lambda entry: (tier[entry[0]], entry[0] not in acts, -(dated.get(entry[0]) or DATE_MIN).toordinal()),
        )
        for pk, _score in scored:
            if pk not in seen and len(ids) < limit:
                ids.append(pk)
                seen.add(pk)

    if len(query.split()) > 1:
        take(_scored(scope_pages, query, limit, phrase=True, sector=sector))
    if len(ids) < limit:  # a common phrase already fills the results: every word matches them too
        take(_scored(scope_pages, query, limit, phrase=False, sector=sector))
    if len(ids) < 5:
        # Few pages have every word: the last word may be unfinished ("tuyển sin").
        # Pages with only some of the words are not results: an empty page suggests better.
        take([(page.pk, page._score) for page in scope_pages.autocomplete(query).annotate_score("_score")[:limit]])
    return ids


class PageFacts:
    """What facets and sorting need about result pages, read in a query per page type and kept per id.

    Filled as results are found (the phrase pass, then the all-words pass) so
    that no page is looked up twice in one search.
    """

    def __init__(self):
        from django.contrib.contenttypes.models import ContentType

        self.kind_by_ct = {ContentType.objects.get_for_model(model).pk: slug for slug, _label, model in KINDS}
        self.kinds, self.units, self.topics, self.dates = {}, {}, {}, {}

    def load(self, ids):
        missing = [pk for pk in ids if pk not in self.kinds]
        if not missing:
            return self
        units = units_by_home_path()
        for pk, ct, path, published in Page.objects.filter(pk__in=missing).values_list(
            "pk", "content_type", "path", "first_published_at"
        ):
            self.kinds[pk] = self.kind_by_ct.get(ct, OTHER_KIND[0])
            self.units[pk] = units.get(path[:HOME_PATH_LENGTH])
            self.dates[pk] = published.date() if published else None
        for model, date_field in (
            (NewsPage, "date"),
            (LegalDocumentPage, "issued_date"),
            (ProcedurePage, None),
            (AnsweredQuestionPage, "answered_on"),
        ):
            fields = ["pk", "topic__slug"] + ([date_field] if date_field else [])
            for row in model.objects.filter(pk__in=missing).values_list(*fields):
                if row[1]:
                    self.topics[row[0]] = row[1]
                if date_field:
                    self.dates[row[0]] = row[2]
        return self


def run(request, site_unit, search):
    """Search, then facet, filter, sort and page the results."""
    scope_pages = scope_queryset(site_unit, search.scope)
    exact = number_matches(scope_pages, search.text)
    facts = PageFacts()
    ranked = fulltext_ids(scope_pages, search.text, sector=search.scope == SCOPE_SECTOR, facts=facts)
    exact_set = set(exact)
    ids = exact + [pk for pk in ranked if pk not in exact_set]
    outcome = SearchOutcome(capped=len(ranked) >= RESULT_CAP)
    if not ids:
        outcome.suggestions = spelling_suggestions(search.text)
        return outcome

    facts.load(ids)
    kinds = {pk: facts.kinds[pk] for pk in ids}
    units = {pk: facts.units[pk] for pk in ids}
    topics = {pk: facts.topics[pk] for pk in ids if pk in facts.topics}
    dates = {pk: facts.dates[pk] for pk in ids}
    topic_names = dict(Topic.objects.filter(slug__in=set(topics.values())).values_list("slug", "name"))
    kind_labels = {slug: label for slug, label, _model in KINDS} | {OTHER_KIND[0]: OTHER_KIND[1]}
    outcome.facets = {
        "kind": [(slug, kind_labels[slug], n) for slug, n in Counter(kinds.values()).most_common()],
        "unit": [
            (unit.code, unit.display_name, n)
            for unit, n in Counter(u for u in units.values() if u is not None).most_common(15)
        ],
        "topic": [(slug, topic_names.get(slug, slug), n) for slug, n in Counter(topics.values()).most_common()],
        "year": [
            (year, year, n) for year, n in sorted(Counter(d.year for d in dates.values() if d).items(), reverse=True)
        ],
    }

    selected = [
        pk
        for pk in ids
        if (not search.kind or kinds.get(pk) == search.kind)
        and (not search.unit_code or (units.get(pk) and units[pk].code == search.unit_code))
        and (not search.topic_slug or topics.get(pk) == search.topic_slug)
        and (not search.year or (dates.get(pk) and dates[pk].year == search.year))
    ]
    if search.sort == SORT_DATE:
        selected.sort(key=lambda pk: (dates.get(pk) is not None, dates.get(pk)), reverse=True)
    outcome.total = len(selected)
    outcome.pages = max(1, -(-outcome.total // PER_PAGE))
    outcome.page = min(max(1, search.page), outcome.pages)
    page_ids = selected[(outcome.page - 1) * PER_PAGE : outcome.page * PER_PAGE]
    pages = {p.pk: p for p in Page.objects.filter(pk__in=page_ids).specific()}
    terms = [t for t in fold(fulltext_query(search.text)).split() if len(t) > 1]
    for pk in page_ids:
        page = pages[pk]
        outcome.hits.append(
            Hit(
                page=page,
                url=result_url(request, page),
                unit=units.get(pk),
                kind_label=kind_labels[kinds[pk]],
                date=dates.get(pk),
                snippet=highlight(summary_text(page), terms),
                exact_number=pk in exact_set,
            )
        )
    return outcome


def result_url(request, page):
    """Where the current site shows a result: shared items in its own library, the rest where they live."""
    if isinstance(page, (LegalDocumentPage, ProcedurePage)):
        section = section_for(request, page)
        if section is not None and (page.sector_wide or page.path.startswith(section.path)):
            return section.item_url(page, request)
    return page.get_url(request)


def summary_text(page):
    """A page's best plain-text description for a result."""
    for attribute in ("search_description", "lead", "summary", "result", "intro", "question_text"):
        value = getattr(page, attribute, "")
        if value:
            return re.sub(r"<[^>]+>", " ", str(value))
    body = getattr(page, "body", None)
    if body:
        # A StreamField's first blocks, or a rich text field's HTML.
        parts = [block.render() for block in list(body)[:3]] if hasattr(body, "raw_data") else [body]
        text = " ".join(re.sub(r"<[^>]+>", " ", str(part)) for part in parts)
        return html.unescape(" ".join(text.split()))
    return ""


def _fold_char(char):
    return fold(char) or char


def highlight(text, terms, width=260):
    """An excerpt of text around the first matched term, terms wrapped in <mark>, matched without accents."""
    text = " ".join(text.split())
    if not text:
        return ""
    folded = "".join(_fold_char(c)[:1] for c in text)  # one folded character per character: positions agree
    positions = [m.start() for t in terms for m in [re.search(r"\b" + re.escape(t), folded)] if m]
    start = max(0, min(positions) - 60) if positions else 0
    end = min(len(text), start + width)
    excerpt, folded_excerpt = text[start:end], folded[start:end]
    spans = []
    for term in terms:
        spans += [(m.start(), m.end()) for m in re.finditer(r"\b" + re.escape(term) + r"\w*", folded_excerpt)]
    out, cursor = [], 0
    for begin, finish in sorted(spans):
        if begin < cursor:
            continue
        out.append(html.escape(excerpt[cursor:begin]))
        out.append(f"<mark>{html.escape(excerpt[begin:finish])}</mark>")
        cursor = finish
    out.append(html.escape(excerpt[cursor:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(out) + suffix


def vocabulary():
    """Unaccented words of every live page title, for spelling suggestions (cached)."""
    words = cache.get("sgddt:search-vocabulary")
    if words is None:
        counter = Counter()
        for title in Page.objects.live().filter(depth__gt=2).values_list("title", flat=True).iterator():
            counter.update(w for w in re.findall(r"\w+", fold(title)) if len(w) > 1 and not w.isdigit())
        words = [w for w, _n in counter.most_common(20000)]
        cache.set("sgddt:search-vocabulary", words, 3600)
    return words


def spelling_suggestions(text):
    """Queries close to the typed one, word by word, from words that exist in titles."""
    known = vocabulary()
    known_set = set(known)
    words = fold(fulltext_query(text)).split()
    if not words:
        return []
    corrected, changed = [], False
    for word in words:
        if word in known_set or word.isdigit():
            corrected.append(word)
            continue
        close = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
        corrected.append(close[0] if close else word)
        changed = changed or bool(close)
    return [" ".join(corrected)] if changed else []


def suggestions(unit, scope, text, limit=8):
    """Titles for the search box, from three typed characters on."""
    text = " ".join(text.split())
    if len(text) < 3:
        return []
    scope_pages = scope_queryset(unit, scope)
    ids = number_matches(scope_pages, text)[:limit]
    seen = set(ids)
    for page in scope_pages.autocomplete(fulltext_query(text))[:limit]:
        if page.pk not in seen and len(ids) < limit:
            ids.append(page.pk)
            seen.add(page.pk)
    pages = {p.pk: p for p in Page.objects.filter(pk__in=ids).specific()}
    return [pages[pk] for pk in ids if pk in pages]
