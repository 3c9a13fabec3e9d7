"""Demo translations (fixtures/demo/translations.json): the department's pages in English, a greeting in H'Mông.

Made the way editors make them: `copy_for_translation` of the Vietnamese page (same translation key,
same slug, under the translated parent), then the text written in the target language and published.
Idempotent: a page that already has a real translation in a language is left as it is.
"""

import json

from django.conf import settings
from wagtail.models import Locale

from home.demo import DEMO, _paragraphs, _publish
from home.models import ContentPage, IntroductionPage
from schoolsite.models import DEPARTMENT_CODE, Unit

DEFAULT_POSITIONS = {"Giám đốc Sở": "Director", "Phó Giám đốc Sở": "Deputy Director"}


def load_fixture():
    with open(DEMO / "translations.json", encoding="utf-8") as handle:
        return json.load(handle)


def _people(data, positions=None, duties=None):
    people = []
    for index, person in enumerate(data["people"]):
        people.append(
            {
                "name": person["name"],
                "position": (positions or {}).get(person["position"], person["position"]),
                "phone": person["phone"],
                "email": person["email"],
                "duties": duties[index] if duties else person["duties"],
            }
        )
    return people


def ensure_officials_page(home, data):
    """The department's "Lãnh đạo Sở" page under Giới thiệu: its leadership's names, titles, phones, e-mails."""
    intro = IntroductionPage.objects.child_of(home).first()
    if intro is None:
        return None
    page = ContentPage.objects.child_of(intro).filter(slug=data["slug"]).first()
    if page is None:
        page = ContentPage(title=data["title"], slug=data["slug"], show_in_menus=True, lead=data["lead"])
        page.body = [("staff", {"heading": data["heading"], "people": _people(data)})]
        intro.add_child(instance=page)
        _publish(page, created=True)
    return page


def page_at(home, path):
    """The page at this path below the home page ('' for the home page itself), or None."""
    page = home
    for slug in filter(None, path.split("/")):
        page = page.get_children().filter(slug=slug).first()
        if page is None:
            return None
    return page.specific


def translate(page, locale, texts, officials):
    """The page's translation into `locale`, created from `texts` when it does not exist yet."""
    existing = page.get_translations().filter(locale=locale).first()
    if existing is not None and existing.alias_of_id is None:
        return existing.specific
    if existing is not None:  # an alias made as the parent of an earlier translation: make it a real page
        translated = existing.specific
        translated.alias_of = None
    else:
        translated = page.copy_for_translation(locale)
    translated.title = translated.draft_title = texts["title"]
    if "intro" in texts:
        translated.intro = f"<p>{texts['intro']}</p>"
    if "lead" in texts:
        translated.lead = texts["lead"]
    if hasattr(translated, "body"):
        body = [("text", _paragraphs(texts["body"]))] if texts.get("body") else []
        if "staff_heading" in texts and officials is not None:
            people = _people(officials, texts.get("positions") or DEFAULT_POSITIONS, texts.get("duties"))
            body.append(("staff", {"heading": texts["staff_heading"], "people": people}))
        translated.body = body
    _publish(translated, created=False)
    return translated


def load():
    """Create the demo translations of the department's pages; returns how many pages were translated."""
    department = Unit.objects.filter(code=DEPARTMENT_CODE).select_related("home_page").first()
    if department is None or department.home_page is None:
        return 0
    fixture = load_fixture()
    home = department.home_page.specific
    officials = fixture["officials_page"]
    ensure_officials_page(home, officials)
    languages = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    count = 0
    for code in ("en", "hmn"):
        locale = Locale.objects.filter(language_code=code).first()
        if code not in languages or locale is None:
            continue  # a province that configured another minority language gets no H'Mông demo
        pages = [(page_at(home, path), path) for path in fixture[code] if not path.startswith("_")]
        # In tree order: parents before their children, sisters in the Vietnamese site's order.
        for page, path in sorted(((page, path) for page, path in pages if page is not None), key=lambda p: p[0].path):
            translate(page, locale, fixture[code][path], officials)
            count += 1
    return count
