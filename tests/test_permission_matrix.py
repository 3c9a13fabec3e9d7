"""Every role × every admin action × own unit / another unit, through the admin URLs.

Read the table as "own/other": Y = the action succeeds, N = it is refused
(403, 404 or a redirect away) and the data is left exactly as it was.

Roles and what "own" and "other" mean for them:
- bientap, duyet, quantri: a school's editor, moderator and unit admin
  (own = THPT Chuyên Lào Cai, other = PTDTNT Bắc Hà);
- so.duyet: the department's moderator (own = the department, other = a school);
- quantri_cong: the portal administrator (own = a school, other = another school).
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from home.demo import landscape_jpeg
from home.models import ContentPage, IntroductionPage
from news.models import NewsIndexPage, NewsPage
from schoolsite.models import SiteSettings, Unit
from tests.conftest import site_client
from tests.test_moderation import page_form

MATRIX = """
action           bientap  duyet  quantri  so.duyet  quantri_cong
view             Y/N      Y/N    Y/N      Y/N       Y/Y
add              Y/N      Y/N    Y/N      Y/N       Y/Y
edit             Y/N      Y/N    Y/N      Y/N       Y/Y
publish          N/N      Y/N    Y/N      Y/N       Y/Y
unpublish        N/N      Y/N    Y/N      Y/N       Y/Y
move             N/N      Y/N    Y/N      Y/N       Y/Y
copy             Y/N      Y/N    Y/N      Y/N       Y/Y
delete           N/N      Y/N    Y/N      Y/N       Y/Y
revisions        Y/N      Y/N    Y/N      Y/N       Y/Y
preview          Y/N      Y/N    Y/N      Y/N       Y/Y
upload_image     Y/N      Y/N    Y/N      Y/N       Y/Y
upload_document  Y/N      Y/N    Y/N      Y/N       Y/Y
edit_settings    N/N      N/N    Y/N      N/N       Y/Y
manage_users     N/N      N/N    Y/N      N/N       Y/Y
"""


def parse_matrix():
    lines = [line.split() for line in MATRIX.strip().splitlines()]
    roles = lines[0][1:]
    cases = []
    for action, *cells in lines[1:]:
        for role, cell in zip(roles, cells, strict=True):
            own, other = cell.split("/")
            cases.append((role, action, "own", own == "Y"))
            cases.append((role, action, "other", other == "Y"))
    return cases


USERNAMES = {
    "bientap": "thpt-chuyen.bientap",
    "duyet": "thpt-chuyen.duyet",
    "quantri": "thpt-chuyen.quantri",
    "so.duyet": "so.duyet",
    "quantri_cong": "quantri",
}


def target_unit(role, which):
    if role == "so.duyet":
        code = "so" if which == "own" else "thpt-chuyen"
    else:
        code = "thpt-chuyen" if which == "own" else "ptdtnt-bac-ha"
    return Unit.objects.select_related("site", "home_page", "collection").get(code=code)


class Target:
    """The objects of one unit that the actions work on."""

    def __init__(self, unit):
        self.unit = unit
        self.news_index = NewsIndexPage.objects.child_of(unit.home_page).get()
        self.news = NewsPage.objects.child_of(self.news_index).live().first()
        self.intro = IntroductionPage.objects.child_of(unit.home_page).get()
        self.content = ContentPage.objects.child_of(self.intro).get(slug="lich-su-phat-trien")
        self.editor = get_user_model().objects.get(username=f"{unit.code}.bientap") if unit.code != "so" else None


def act(action, client, t):
    """Perform one action; return True if it took effect."""
    if action == "view":
        response = client.get(f"/admin/pages/{t.news_index.pk}/")
        return response.status_code == 200 and t.news.title in response.content.decode()
    if action == "add":
        url = f"/admin/pages/add/news/newspage/{t.news_index.pk}/"
        if client.get(url).status_code != 200:
            client.post(url, {"title": "Tin mới", "slug": "tin-moi-ma-tran", "lead": "x"})
        else:
            data = page_form(
                client, url, title="Tin mới", slug="tin-moi-ma-tran", lead="x", body="<p>x</p>",
                date=timezone.localdate().strftime("%d/%m/%Y"),
            )  # fmt: skip
            client.post(url, data)
        return NewsPage.objects.child_of(t.news_index).filter(slug="tin-moi-ma-tran").exists()
    if action in ("edit", "publish"):
        url = f"/admin/pages/{t.news.pk}/edit/"
        if client.get(url).status_code == 200:
            data = page_form(client, url, title="Tiêu đề đã sửa", body="<p>Đã sửa</p>")
        else:
            data = {"title": "Tiêu đề đã sửa", "slug": t.news.slug, "lead": "x", "body-count": "0"}
        if action == "publish":
            data["action-publish"] = "1"
        client.post(url, data)
        page = NewsPage.objects.get(pk=t.news.pk)
        if action == "publish":
            return page.title == "Tiêu đề đã sửa"
        return page.get_latest_revision_as_object().title == "Tiêu đề đã sửa"
    if action == "unpublish":
        client.post(f"/admin/pages/{t.news.pk}/unpublish/")
        return not Page.objects.get(pk=t.news.pk).live
    if action == "move":
        client.post(f"/admin/pages/{t.content.pk}/move/{t.unit.home_page_id}/confirm/")
        return Page.objects.get(pk=t.content.pk).get_parent().pk == t.unit.home_page_id
    if action == "copy":
        client.post(
            f"/admin/pages/{t.content.pk}/copy/",
            {"new_title": "Bản sao", "new_slug": "ban-sao-ma-tran", "new_parent_page": t.intro.pk},
        )
        return ContentPage.objects.child_of(t.intro).filter(slug="ban-sao-ma-tran").exists()
    if action == "delete":
        client.post(f"/admin/pages/{t.content.pk}/delete/")
        return not Page.objects.filter(pk=t.content.pk).exists()
    if action == "revisions":
        response = client.get(f"/admin/pages/{t.news.pk}/history/")
        return response.status_code == 200 and t.news.title in response.content.decode()
    if action == "preview":
        revision = t.news.latest_revision or t.news.save_revision()
        response = client.get(f"/admin/pages/{t.news.pk}/revisions/{revision.pk}/view/")
        return response.status_code == 200 and t.news.lead in response.content.decode()
    if action == "upload_image":
        upload = SimpleUploadedFile("anh.jpg", landscape_jpeg(3, 320, 180), content_type="image/jpeg")
        client.post("/admin/images/add/", {"title": "Ảnh ma trận", "file": upload, "collection": t.unit.collection_id})
        return get_image_model().objects.filter(title="Ảnh ma trận", collection=t.unit.collection).exists()
    if action == "upload_document":
        upload = SimpleUploadedFile("van-ban.pdf", b"%PDF-1.4\n%x\n", content_type="application/pdf")
        client.post(
            "/admin/documents/add/", {"title": "Tài liệu ma trận", "file": upload, "collection": t.unit.collection_id}
        )
        return get_document_model().objects.filter(title="Tài liệu ma trận", collection=t.unit.collection).exists()
    if action == "edit_settings":
        current = SiteSettings.for_site(t.unit.site)
        client.post(
            f"/admin/settings/schoolsite/sitesettings/{t.unit.site_id}/",
            {
                "theme_colour": current.theme_colour,
                "footer_text": "Chân trang ma trận",
                "logo": current.logo_id or "",
                "banner": current.banner_id or "",
            },
        )
        return SiteSettings.for_site(t.unit.site).footer_text == "Chân trang ma trận"
    if action == "manage_users":
        user = t.editor or get_user_model().objects.get(username="so.bientap")
        url = f"/admin/users/edit/{user.pk}/"
        response = client.get(url)
        if response.status_code == 200:
            data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
            data["first_name"] = "Tên đã đổi"
        else:
            data = {"username": user.username, "first_name": "Tên đã đổi", "last_name": "x", "email": user.email}
        client.post(url, data)
        return get_user_model().objects.get(pk=user.pk).first_name == "Tên đã đổi"
    raise AssertionError(f"unknown action {action}")


def snapshot(t, action):
    # A refused "publish" by an editor still saves their draft, as Wagtail does: only the live page counts.
    news_fields = ("title", "live") if action == "publish" else ("title", "live", "latest_revision_id")
    return {
        "news": NewsPage.objects.filter(pk=t.news.pk).values_list(*news_fields).first(),
        "pages": Page.objects.descendant_of(t.unit.home_page).count(),
        "content_parent": Page.objects.get(pk=t.content.pk).get_parent().pk,
        "images": get_image_model().objects.filter(collection=t.unit.collection).count(),
        "documents": get_document_model().objects.filter(collection=t.unit.collection).count(),
        "settings": SiteSettings.for_site(t.unit.site).footer_text,
        "users": list(get_user_model().objects.order_by("pk").values_list("first_name", flat=True)),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "action", "which", "allowed"), parse_matrix())
def test_permission_matrix(role, action, which, allowed):
    unit = target_unit(role, which)
    target = Target(unit)
    user = get_user_model().objects.get(username=USERNAMES[role])
    client = site_client(unit, user)
    before = snapshot(target, action)
    done = act(action, client, target)
    assert done == allowed, f"{role} {action} on {which} unit: expected {'allowed' if allowed else 'refused'}"
    if not allowed:
        assert snapshot(target, action) == before, "a refused action changed data"
