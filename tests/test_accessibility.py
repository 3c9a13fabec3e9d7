"""WCAG 2.1 AA on the public site: axe-core in real headless Chromium, on every public page type.

One live server and one browser context per screen width for the whole module. Each case names the
site, the page and the width; a failure prints every serious or critical violation (rule, impact, the
CSS targets of the nodes) so that the next engineer can fix it.

To check a new public page type, add a line to PAGES: a path, or (list path, CSS selector of a link on
it) to follow the first such link (a news item, a document…). Sections that look alike on every site
name the one site they are checked on (a fourth element), to keep the module's time down.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

# (name in the report, path, then None or what to do there first: ("follow", selector) opens the first
# link matching the selector, ("click", selector) clicks it when it is visible (the phone menu opened),
# ("submit", selector) clicks it and waits for the next page (a form sent empty), so that states a
# reader reaches are checked too.
PAGES = [
    ("trang-chu", "/", None),
    ("trang-chu-menu-mo", "/", ("click", ".nav-toggle")),
    ("gioi-thieu", "/gioi-thieu/", None),
    ("tin-tuc", "/tin-tuc/", None),
    ("tin-bai", "/tin-tuc/", ("follow", ".card-title a")),
    ("van-ban", "/van-ban/", None),
    ("van-ban-loc", "/van-ban/?q=k%E1%BA%BF+ho%E1%BA%A1ch&tinh-trang=con-hieu-luc&sap-xep=cu-nhat", None),
    ("van-ban-chi-tiet", "/van-ban/", ("follow", ".doc-number a")),
    ("thu-tuc", "/thu-tuc-hanh-chinh/", None),
    ("thu-tuc-chi-tiet", "/thu-tuc-hanh-chinh/", ("follow", ".doc-number a")),
    ("hoi-dap", "/hoi-dap/", None),
    ("hoi-dap-gui", "/hoi-dap/gui-cau-hoi/", None),
    ("hoi-dap-gui-loi", "/hoi-dap/gui-cau-hoi/", ("submit", ".qa-form button[type=submit]")),
    ("hoi-dap-tra-cuu", "/hoi-dap/tra-cuu/?ma=HD-KHONGCO", None),
    ("lien-he", "/lien-he/", None),
    ("ho-tro-tiep-can", "/ho-tro-tiep-can/", None),
    ("tim-kiem", "/tim-kiem/?q=tuy%E1%BB%83n+sinh", None),
    ("cong-khai", "/cong-khai/", None, ["thpt-chuyen"]),
    ("cong-khai-muc", "/cong-khai/", ("follow", ".disclosure-title"), ["thpt-chuyen"]),
    ("lich-cong-tac", "/lich-cong-tac/", None, ["so"]),
    ("lich-cong-tac-in", "/lich-cong-tac/?in=1", None, ["thpt-chuyen"]),
    ("su-kien", "/su-kien/", None, ["thpt-chuyen"]),
    ("su-kien-chi-tiet", "/su-kien/", ("follow", ".event-title a"), ["thpt-chuyen"]),
    ("danh-ba", "/danh-ba/", None, ["so"]),
    ("thu-vien-anh", "/thu-vien-anh/", None, ["thpt-chuyen"]),
    ("album", "/thu-vien-anh/", ("follow", ".album-card .card-title a"), ["thpt-chuyen"]),
    ("bieu-mau", "/dang-ky-tuyen-sinh-dau-cap/", None, ["thpt-chuyen"]),
    (
        "bieu-mau-loi",
        "/dang-ky-tuyen-sinh-dau-cap/",
        ("submit", "form[method=post] button[type=submit]"),
        ["thpt-chuyen"],
    ),
]
SITES = ["thpt-chuyen", "so"]
CASES = [(code, *page[:3]) for page in PAGES for code in (page[3] if len(page) > 3 else SITES)]
WIDTHS = {"dien-thoai": {"width": 360, "height": 740}, "may-tinh": {"width": 1280, "height": 800}}
# WCAG 2.0/2.1 A and AA, and axe's best practices (landmarks, headings); serious and critical ones fail.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
FAILING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def pages_by_width(browser):
    """One browser tab per screen width, reused by every case of the module."""
    contexts = {}
    tabs = {}
    for name, viewport in WIDTHS.items():
        contexts[name] = browser.new_context(viewport=viewport, is_mobile=name == "dien-thoai")
        tabs[name] = contexts[name].new_page()
    yield tabs
    for context in contexts.values():
        context.close()


def hostname(code):
    from schoolsite.models import Unit

    return Unit.objects.get(code=code).hostname


def open_page(tab, base, path, action):
    response = tab.goto(base + path)
    assert response.ok, f"{path}: HTTP {response.status}"
    if action is None:
        return path
    kind, selector = action
    element = tab.locator(selector).first
    if kind == "follow":
        assert element.count(), f"{path} has no link {selector} to follow"
        target = element.get_attribute("href")
        response = tab.goto(target if target.startswith("http") else base + target)
        assert response.ok, f"{target}: HTTP {response.status}"
        return target
    if element.is_visible():
        with tab.expect_event("load") if kind == "submit" else _nothing():
            element.click()
    tab.wait_for_load_state()
    return f"{path} ({kind} {selector})"


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:10]:
            lines.append(
                f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1:]}"
            )
    return "\n".join(lines)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("code,name,path,action", CASES, ids=[f"{case[0]}-{case[1]}" for case in CASES])
def test_no_serious_or_critical_wcag_violation(live_portal, pages_by_width, code, width, name, path, action):
    tab = pages_by_width[width]
    base = f"http://{hostname(code)}:{live_portal}"
    url = open_page(tab, base, path, action)
    assert tab.locator("html").get_attribute("lang") == "vi"
    results = Axe().run(tab, options=AXE_OPTIONS)
    failing = [v for v in results.response["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"{code} {name} ({url}) at {width}:\n{format_violations(failing)}"
