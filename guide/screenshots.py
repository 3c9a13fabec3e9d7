"""The user guide's screenshots (docs/huong-dan/anh/), taken by driving the demo in headless Chromium.

`STEPS` lists every image, in the order it is taken: the steps follow the guide, so later ones use
what earlier ones did (the editor's news item is the one the moderators approve). `image_names()`
gives the file names without starting a browser; tests compare it with the guide's references.

`manage.py docs_screenshots` (`make docs-screenshots`) runs them against a throw-away demo.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "huong-dan"
IMAGE_DIR = GUIDE_DIR / "anh"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

NEWS_TITLE = "Học sinh THPT Chuyên Lào Cai đạt giải Nhất cuộc thi Khoa học kỹ thuật cấp tỉnh"
NEWS_LEAD = "Dự án máy lọc nước cho bản vùng cao của hai em học sinh lớp 11 đạt giải Nhất."
NEWS_BODY = (
    "Ngày 28/11, tại cuộc thi Khoa học kỹ thuật dành cho học sinh trung học tỉnh Lào Cai, dự án "
    "“Máy lọc nước sinh hoạt cho bản vùng cao” của hai em học sinh lớp 11 Hoá đã đạt giải Nhất."
)
PHOTO_TITLE = "Học sinh nhận giải Nhất Khoa học kỹ thuật"
PHOTO_ALT = "Hai học sinh THPT Chuyên Lào Cai nhận giải Nhất trên sân khấu"
DOCUMENT_NUMBER = "125/KH-THPTC"
DOCUMENT_SUMMARY = "Kế hoạch tổ chức Hội khoẻ Phù Đổng cấp trường năm học 2026–2027"
QUESTION_ANSWER = (
    "Gia đình nộp đơn xin chuyển trường, học bạ và giấy xác nhận của trường đang học tại văn phòng nhà trường; "
    "nhà trường trả lời trong 3 ngày làm việc."
)
HIGHLIGHT = "3px solid #d4351c"


@dataclass(frozen=True)
class Step:
    name: str  # the image file's name, without .png
    action: Callable
    user: str | None = None  # demo login, None: a visitor who is not logged in
    host: str = "thpt-chuyen"  # the unit whose site the step starts on
    phone: bool = False
    readonly: bool = False  # changes nothing: safe to run against any demo (the tests run these)

    @property
    def filename(self):
        return f"{self.name}.png"


STEPS: list[Step] = []


def step(name, user=None, host="thpt-chuyen", phone=False, readonly=False):
    def register(action):
        STEPS.append(Step(name, action, user, host, phone, readonly))
        return action

    return register


def image_names():
    return [step.filename for step in STEPS]


# --- helpers the steps share --------------------------------------------------------------------


def highlight(locator):
    """Outline the element the reader must click or fill, as a teacher would circle it on paper."""
    locator.first.evaluate(
        "(el, outline) => { el.scrollIntoView({block: 'center', inline: 'nearest'}); el.blur();"
        " el.style.outline = outline; el.style.outlineOffset = '2px'; }",
        HIGHLIGHT,
    )


def open_news_form(page, r):
    page.goto(r.url("thpt-chuyen", "/admin/"))
    page.get_by_role("link", name="Viết tin mới").first.click()
    page.wait_for_selector("#id_title")


def open_own_news(page, r, host="thpt-chuyen"):
    """The editor's news item, from the moderation queue."""
    page.goto(r.url(host, "/admin/hang-cho-duyet/"))
    page.get_by_role("link", name=NEWS_TITLE).first.click()
    page.wait_for_load_state()


def open_footer_actions(page):
    page.get_by_role("button", name="Thao tác khác").click()
    page.wait_for_timeout(300)


def photo_bytes():
    from home.demo import landscape_jpeg

    return landscape_jpeg(2026, width=1200, height=675)


# --- Chung: đăng nhập ------------------------------------------------------------------------------


@step("chung-dang-nhap", readonly=True)
def login_page(page, r):
    page.goto(r.url("thpt-chuyen", "/admin/login/"))
    page.fill("#id_username", "thpt-chuyen.bientap")
    page.fill("#id_password", r.password)
    highlight(page.locator("#id_username"))


# --- Biên tập viên ---------------------------------------------------------------------------------


@step("bt-bang-dieu-khien", user="thpt-chuyen.bientap", readonly=True)
def editor_dashboard(page, r):
    page.goto(r.url("thpt-chuyen", "/admin/"))
    highlight(page.get_by_role("link", name="Viết tin mới"))


@step("bt-tin-moi", user="thpt-chuyen.bientap", readonly=True)
def news_form(page, r):
    open_news_form(page, r)
    page.fill("#id_title", NEWS_TITLE)
    highlight(page.locator("#id_title"))


@step("bt-gui-len-so", user="thpt-chuyen.bientap")
def news_send_to_department(page, r):
    page.fill("#id_lead", NEWS_LEAD)
    page.check("#id_send_to_department")
    highlight(page.locator("#id_send_to_department"))
    page.locator("#id_send_to_department").scroll_into_view_if_needed()


@step("bt-tai-anh-len", user="thpt-chuyen.bientap")
def news_photo_upload(page, r):
    page.get_by_role("button", name="Chọn một ảnh").first.click()
    modal = page.locator(".modal")
    modal.wait_for(state="visible")
    modal.get_by_role("tab", name="Tải lên").click()
    modal.locator("input[type=file]").set_input_files(
        {"name": "giai-nhat-khkt.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
    )
    modal.locator("#id_image-chooser-upload-title").fill(PHOTO_TITLE)
    modal.locator("#id_image-chooser-upload-description").fill(PHOTO_ALT)
    highlight(modal.locator("button[type=submit]").last)


@step("bt-anh-da-chon", user="thpt-chuyen.bientap")
def news_photo_chosen(page, r):
    page.locator(".modal button[type=submit]").last.click()
    # The same photo uploaded before (a second run on the same demo): Wagtail asks which copy to keep.
    keep_existing = page.locator(".modal a.use-existing-image")
    for _attempt in range(75):
        if keep_existing.is_visible():
            keep_existing.evaluate("el => el.click()")
        if not page.locator(".modal").first.is_visible():
            break
        page.wait_for_timeout(200)
    highlight(page.locator("[data-contentpath=featured_image]"))


@step("bt-noi-dung", user="thpt-chuyen.bientap")
def news_body(page, r):
    body = page.locator("[data-contentpath=body]")
    add = body.locator("button[title='Chèn khối']").first
    add.evaluate("el => el.scrollIntoView({block: 'center', inline: 'nearest'})")
    add.click()
    page.wait_for_timeout(300)
    picker = page.locator(".w-combobox")
    picker.wait_for(state="visible")
    highlight(picker.get_by_role("option").first)


@step("bt-gui-duyet", user="thpt-chuyen.bientap")
def news_submit_menu(page, r):
    page.locator(".w-combobox").get_by_role("option").first.click()
    page.wait_for_timeout(300)
    page.locator("[data-contentpath=body] [contenteditable=true]").first.click()
    page.keyboard.type(NEWS_BODY)
    # The editor copies its text into the form a moment later; submitting before that saves an empty block.
    page.wait_for_function(
        "text => [...document.querySelectorAll('[data-contentpath=body] input')].some(i => i.value.includes(text))",
        arg=NEWS_BODY[:20],
    )
    open_footer_actions(page)
    highlight(page.get_by_role("button", name="Gửi tới Quy trình duyệt"))


@step("bt-da-gui-duyet", user="thpt-chuyen.bientap")
def news_submitted(page, r):
    page.get_by_role("button", name="Gửi tới Quy trình duyệt").click()
    page.wait_for_load_state()
    page.locator(".messages").first.wait_for()


@step("bt-van-ban-moi", user="thpt-chuyen.bientap")
def document_form(page, r):
    page.goto(r.url("thpt-chuyen", "/admin/"))
    page.get_by_role("button", name="Trang").first.click()
    page.get_by_role("link", name="Văn bản").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Thêm trang con").first.click()
    page.wait_for_selector("#id_title")
    page.fill("#id_title", DOCUMENT_SUMMARY)
    page.fill("#id_number", DOCUMENT_NUMBER)
    highlight(page.locator("#id_number"))


@step("bt-van-ban-tep", user="thpt-chuyen.bientap")
def document_attachment(page, r):
    from home.demo import minimal_pdf

    page.fill("#id_summary", DOCUMENT_SUMMARY)
    page.locator("#id_attachments-ADD").click()
    page.wait_for_timeout(300)
    page.locator("#id_attachments-0-attachment").locator("..").get_by_role("button").first.click()
    modal = page.locator(".modal")
    modal.wait_for(state="visible")
    modal.get_by_role("tab", name="Tải lên").click()
    modal.locator("input[type=file]").set_input_files(
        {"name": "125-KH-THPTC.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf([DOCUMENT_SUMMARY])}
    )
    highlight(modal.locator("button[type=submit]").last)


@step("bt-hoi-dap", user="thpt-chuyen.bientap")
def questions_queue(page, r):
    page.goto(r.url("thpt-chuyen", "/admin/hoi-dap/"))
    highlight(page.locator("table a").first)


@step("bt-tra-loi", user="thpt-chuyen.bientap")
def question_answer(page, r):
    page.locator("table a").first.click()
    page.wait_for_load_state()
    page.locator("[data-contentpath=answer] [contenteditable=true], form [contenteditable=true]").first.click()
    page.keyboard.type(QUESTION_ANSWER)
    highlight(page.get_by_role("button", name="Lưu và gửi trả lời"))


@step("bt-xac-thuc-hai-buoc", user="thpt-chuyen.bientap")
def two_factor_setup(page, r):
    page.goto(r.url("thpt-chuyen", "/admin/account/"))
    page.get_by_role("tab", name="Thao tác khác").click()
    page.get_by_text("Xác thực hai bước").first.click()
    page.wait_for_load_state()


# --- Duyệt tin của đơn vị ------------------------------------------------------------------------------


@step("dv-bang-dieu-khien", user="thpt-chuyen.duyet")
def unit_moderator_dashboard(page, r):
    page.goto(r.url("thpt-chuyen", "/admin/"))
    highlight(page.get_by_role("link", name=NEWS_TITLE))


@step("dv-hang-cho", user="thpt-chuyen.duyet", readonly=True)
def unit_moderation_queue(page, r):
    page.goto(r.url("thpt-chuyen", "/admin/hang-cho-duyet/"))
    highlight(page.get_by_role("link", name="Hàng chờ duyệt"))


@step("dv-duyet", user="thpt-chuyen.duyet")
def unit_approve_menu(page, r):
    open_own_news(page, r)
    open_footer_actions(page)
    highlight(page.get_by_role("button", name="Duyệt và xuất bản"))


@step("dv-yeu-cau-sua", user="thpt-chuyen.duyet")
def unit_request_changes(page, r):
    page.get_by_role("button", name="Yêu cầu sửa").click()
    page.locator(".modal").wait_for(state="visible")
    page.locator(".modal textarea").first.fill("Đề nghị bổ sung tên hai em học sinh và giáo viên hướng dẫn.")


@step("dv-da-xuat-ban", user="thpt-chuyen.duyet")
def unit_published(page, r):
    page.locator(".modal button.close, .modal [data-action='w-dialog#hide']").first.click()
    page.locator(".modal").wait_for(state="hidden")
    open_footer_actions(page)
    page.get_by_role("button", name="Duyệt và xuất bản").click()
    page.wait_for_load_state()
    page.locator(".messages").first.wait_for()


# --- Duyệt tin Cổng Sở ----------------------------------------------------------------------------------


@step("so-hang-cho", user="so.duyet", host="so")
def department_queue(page, r):
    page.goto(r.url("so", "/admin/hang-cho-duyet/"))
    highlight(page.get_by_role("link", name=NEWS_TITLE))


@step("so-tra-lai", user="so.duyet", host="so")
def department_reject_form(page, r):
    row = page.locator("tr", has=page.get_by_role("link", name=NEWS_TITLE))
    row.get_by_role("link", name="Trả lại").first.click()
    page.wait_for_load_state()
    page.locator("textarea").first.fill("Đề nghị bổ sung ảnh có chú thích rõ tên các em học sinh.")


@step("so-da-duyet", user="so.duyet", host="so")
def department_approved(page, r):
    page.go_back()
    page.wait_for_load_state()
    row = page.locator("tr", has=page.get_by_role("link", name=NEWS_TITLE))
    row.get_by_role("button", name="Duyệt").first.click()
    page.wait_for_load_state()


@step("so-tin-tu-cac-don-vi", host="so")
def department_unit_news(page, r):
    page.goto(r.url("so", "/tin-tuc/tu-cac-don-vi/"))
    highlight(page.get_by_role("link", name=NEWS_TITLE))


# --- Quản trị đơn vị -----------------------------------------------------------------------------------


@step("qt-nguoi-dung", user="thpt-chuyen.quantri", readonly=True)
def unit_users(page, r):
    page.goto(r.url("thpt-chuyen", "/admin/"))
    page.get_by_role("button", name="Cài đặt").first.click()
    page.get_by_role("link", name="Người dùng").first.click()
    page.wait_for_load_state()
    highlight(page.get_by_role("link", name="Thêm người dùng"))


@step("qt-them-nguoi-dung", user="thpt-chuyen.quantri")
def unit_user_add(page, r):
    page.get_by_role("link", name="Thêm người dùng").click()
    page.wait_for_load_state()
    page.fill("#id_username", "thpt-chuyen.hoa")
    page.fill("#id_email", "hoa.nguyenthi@thptchuyen.laocai.edu.vn")
    page.fill("#id_first_name", "Hoa")
    page.fill("#id_last_name", "Nguyễn Thị")
    assert page.get_by_role("tab", name="Vai trò").count(), "the add form has no Vai trò tab"


@step("qt-sua-nguoi-dung", user="thpt-chuyen.quantri")
def unit_user_edit(page, r):
    page.goto(r.url("thpt-chuyen", "/admin/users/"))
    page.get_by_role("link", name="Biên tập viên THPT Chuyên Lào Cai").first.click()
    page.wait_for_load_state()
    highlight(page.locator("#id_is_active"))


@step("qt-cai-dat", user="thpt-chuyen.quantri")
def unit_site_settings(page, r):
    page.goto(r.url("thpt-chuyen", "/admin/"))
    page.get_by_role("button", name="Cài đặt").first.click()
    page.get_by_role("link", name="Cài đặt trang web").first.click()
    page.wait_for_load_state()


@step("qt-bao-cao", user="thpt-chuyen.quantri", readonly=True)
def unit_report(page, r):
    page.goto(r.url("thpt-chuyen", "/admin/"))
    page.get_by_role("button", name="Báo cáo").first.click()
    page.get_by_role("link", name="Hoạt động của các đơn vị").first.click()
    page.wait_for_load_state()
    highlight(page.get_by_role("link", name="Excel").first)


@step("qt-nhat-ky", user="thpt-chuyen.quantri", readonly=True)
def unit_activity_log(page, r):
    page.goto(r.url("thpt-chuyen", "/admin/"))
    page.get_by_role("button", name="Báo cáo").first.click()
    page.get_by_role("link", name="Nhật ký hoạt động").first.click()
    page.wait_for_load_state()


# --- Quản trị Cổng ---------------------------------------------------------------------------------------


@step("cong-don-vi", user="quantri", host="so", readonly=True)
def portal_units(page, r):
    page.goto(r.url("so", "/admin/snippets/schoolsite/unit/"))


@step("cong-bao-cao", user="quantri", host="so", readonly=True)
def portal_report(page, r):
    page.goto(r.url("so", "/admin/bao-cao/moderation/"))


@step("chung-huong-dan", user="thpt-chuyen.bientap", readonly=True)
def guide_in_admin(page, r):
    page.goto(r.url("thpt-chuyen", "/admin/huong-dan/"))
    highlight(page.get_by_role("link", name="Hướng dẫn sử dụng").first)


# --- Trang công khai trên điện thoại ----------------------------------------------------------------------


@step("dt-trang-chu", phone=True, readonly=True)
def phone_home(page, r):
    page.goto(r.url("thpt-chuyen", "/"))


@step("dt-tin", phone=True)
def phone_news(page, r):
    page.goto(r.url("thpt-chuyen", "/tin-tuc/"))
    page.get_by_role("link", name=NEWS_TITLE).first.click()
    page.wait_for_load_state()


@step("dt-gui-cau-hoi", phone=True, readonly=True)
def phone_question_form(page, r):
    page.goto(r.url("thpt-chuyen", "/hoi-dap/gui-cau-hoi/"))


# --- the runner --------------------------------------------------------------------------------------


def optimise_png(data):
    """A 256-colour palette PNG: screenshots of forms and text lose nothing visible and shrink ~3×."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    output = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        output, "PNG", optimize=True
    )
    return output.getvalue()


class Runner:
    """One browser context (and page) per demo login and screen size; each logs in once."""

    def __init__(self, browser, port, out_dir, password, log=print):
        self.browser, self.port, self.out_dir, self.password, self.log = browser, port, Path(out_dir), password, log
        self.pages = {}

    def url(self, host, path):
        return f"http://{host}.localhost:{self.port}{path}"

    def page_for(self, step):
        key = (step.user, step.phone)
        if key not in self.pages:
            viewport = PHONE if step.phone else DESKTOP
            context = self.browser.new_context(
                viewport=viewport, device_scale_factor=1, is_mobile=step.phone, locale="vi-VN"
            )
            context.set_default_timeout(15000)
            page = context.new_page()
            if step.user:
                page.goto(self.url(step.host, "/admin/login/"))
                page.fill("#id_username", step.user)
                page.fill("#id_password", self.password)
                page.locator("form button[type=submit]").first.click()
                page.wait_for_url(lambda url: "/login/" not in url)
            self.pages[key] = page
        return self.pages[key]

    def run(self, steps):
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for item in steps:
            page = self.page_for(item)
            item.action(page, self)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(150)
            (self.out_dir / item.filename).write_bytes(optimise_png(page.screenshot()))
            self.log(item.filename)

    def close(self):
        for page in self.pages.values():
            page.context.close()


def launch(playwright):
    return playwright.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--lang=vi", "--no-first-run", "--disable-background-networking"],
    )


def take(port, out_dir=IMAGE_DIR, steps=None, password=None, log=print, browser=None):
    """Run `steps` (default: all) against a demo served on 127.0.0.1:`port`, writing PNGs into `out_dir`.

    `browser`: a Chromium already launched by the caller (the test suite's); otherwise one is started here.
    """
    import os

    from playwright.sync_api import sync_playwright

    password = password or os.environ.get("DEMO_PASSWORD") or "sgddt-demo-2026"
    if browser is not None:
        runner = Runner(browser, port, out_dir, password, log=log)
        try:
            runner.run(STEPS if steps is None else steps)
        finally:
            runner.close()
        return
    with sync_playwright() as playwright:
        own_browser = launch(playwright)
        try:
            take(port, out_dir, steps, password, log, browser=own_browser)
        finally:
            own_browser.close()
