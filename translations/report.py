"""Report "Bản tiếng Anh": units whose required English pages are missing or older than the Vietnamese ones.

Nghị định 42/2022/NĐ-CP (Điều 7) asks a state agency's portal to give its organisation structure,
its functions and duties and its officials' contacts in English. For each active unit the required
pages are found at their standard paths below the unit's home page (REQUIRED_PAGES: the sub-pages of
Giới thiệu made by provisioning, and the contact page). A page's English version is its live
translation (same translation key, English locale, not an alias); it is outdated when it was last
published before the Vietnamese page last was. Page dates are used rather than wagtail-localize's
TranslationSource: they hold for translations made in wagtail-localize's editor and for pages
copied for translation and written by hand alike (syncing a translation republishes it).
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale, Page

from reports.services import Column, Report, Table, _unit_cells, _unit_columns, _units

TARGET_LANGUAGE = "en"

# (path below the home page, label): what Nghị định 42 asks for in English.
REQUIRED_PAGES = [
    ("gioi-thieu/co-cau-to-chuc", gettext_lazy("Cơ cấu tổ chức")),
    ("gioi-thieu/chuc-nang-nhiem-vu", gettext_lazy("Chức năng, nhiệm vụ")),
    ("lien-he", gettext_lazy("Thông tin liên hệ")),
]

OK, MISSING, OUTDATED, NO_SOURCE = "ok", "missing", "outdated", "no-source"


def status_labels():
    return {
        OK: _("Đã có bản tiếng Anh"),
        MISSING: _("Chưa có bản tiếng Anh"),
        OUTDATED: _("Bản tiếng Anh cũ hơn bản tiếng Việt"),
        NO_SOURCE: _("Chưa có trang tiếng Việt"),
    }


def page_statuses(units):
    """{unit pk: [(path, status, Vietnamese page or None, English page or None)]} for the required pages."""
    wanted = {
        unit.home_page.url_path + path + "/": (unit.pk, path) for unit in units for path, _label in REQUIRED_PAGES
    }
    default_locale = Locale.get_default()
    sources = {
        wanted[page.url_path]: page
        for page in Page.objects.filter(url_path__in=list(wanted), locale=default_locale, live=True).only(
            "url_path", "title", "translation_key", "last_published_at", "path"
        )
    }
    target = Locale.objects.filter(language_code=TARGET_LANGUAGE).first()
    translations = {}
    if target is not None and sources:
        for page in Page.objects.filter(
            translation_key__in=[page.translation_key for page in sources.values()],
            locale=target,
            live=True,
            alias_of__isnull=True,
        ).only("translation_key", "last_published_at", "url_path", "title"):
            translations[page.translation_key] = page
    result = {}
    for unit in units:
        rows = result[unit.pk] = []
        for path, _label in REQUIRED_PAGES:
            source = sources.get((unit.pk, path))
            english = translations.get(source.translation_key) if source is not None else None
            if source is None:
                status = NO_SOURCE
            elif english is None:
                status = MISSING
            elif _older(english.last_published_at, source.last_published_at):
                status = OUTDATED
            else:
                status = OK
            rows.append((path, status, source, english))
    return result


def _older(english, vietnamese):
    return bool(english and vietnamese and english < vietnamese)


def _date(value):
    return timezone.localtime(value).date() if value else None


def build(units, period, now=None):
    units = _units(units)
    statuses = page_statuses(units)
    labels = status_labels()
    by_unit, details = [], []
    for unit in units:
        pages = statuses[unit.pk]
        if all(status == OK for _path, status, _source, _english in pages):
            continue
        row = {**_unit_cells(unit), "stale": True}
        for index, (path, status, source, english) in enumerate(pages):
            row[f"page{index}"] = labels[status]
            if status == OK:
                continue
            details.append(
                {
                    **_unit_cells(unit),
                    "page": str(REQUIRED_PAGES[index][1]),
                    "status": labels[status],
                    "source_published": _date(source.last_published_at) if source else None,
                    "english_published": _date(english.last_published_at) if english else None,
                    "url": (unit.site.root_url + "/" + path + "/") if unit.site else "",
                }
            )
        by_unit.append(row)
    report = Report("translations", _("Bản tiếng Anh của trang giới thiệu"), period, "")
    report.tables.append(
        Table(
            _("Đơn vị còn thiếu hoặc chưa cập nhật bản tiếng Anh (%(count)d/%(total)d)")
            % {"count": len(by_unit), "total": len(units)},
            _unit_columns()
            + [Column(f"page{index}", str(label), "text") for index, (_path, label) in enumerate(REQUIRED_PAGES)],
            by_unit,
        )
    )
    report.tables.append(
        Table(
            _("Chi tiết từng trang"),
            _unit_columns()
            + [
                Column("page", _("Trang"), "text"),
                Column("status", _("Tình trạng"), "text"),
                Column("source_published", _("Bản tiếng Việt xuất bản lần cuối"), "date"),
                Column("english_published", _("Bản tiếng Anh xuất bản lần cuối"), "date"),
                Column("url", _("Địa chỉ trang tiếng Việt"), "url"),
            ],
            details,
        )
    )
    return report


def english_enabled():
    return TARGET_LANGUAGE in dict(settings.WAGTAIL_CONTENT_LANGUAGES)
