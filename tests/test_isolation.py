"""A unit's staff cannot see, change, publish, move, delete or upload into another unit's content.

Checked through the admin URLs a person (or a crafted request) would use. The
roles of school A (editor, moderator, unit admin) are tried against school B.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from home.demo import landscape_jpeg
from news.models import NewsIndexPage, NewsPage
from schoolsite.models import SiteSettings
from tests.conftest import assert_refused, site_client

pytestmark = pytest.mark.django_db

ROLES = ["bientap", "duyet", "quantri"]


@pytest.fixture
def b_content(other_school):
    """What school B has: its news, a draft, an image, a document, its settings."""
    index = NewsIndexPage.objects.child_of(other_school.home_page).get()
    news = NewsPage.objects.child_of(index).live().first()
    draft = NewsPage(title="Bản nháp bí mật của trường B", slug="ban-nhap-b", lead="Chưa công bố", body=[], live=False)
    index.add_child(instance=draft)
    draft.save_revision()
    image = get_image_model().objects.filter(collection=other_school.collection).first()
    document = get_document_model().objects.create(
        title="Kế hoạch nội bộ trường B",
        collection=other_school.collection,
        file=SimpleUploadedFile("ke-hoach-b.pdf", b"%PDF-1.4\n%demo\n"),
    )
    return {"index": index, "news": news, "draft": draft, "image": image, "document": document}


@pytest.fixture(params=ROLES)
def a_client(request, school):
    user = get_user_model().objects.get(username=f"{school.code}.{request.param}")
    return site_client(school, user)


def test_own_unit_is_reachable_positive_control(a_client, school):
    index = NewsIndexPage.objects.child_of(school.home_page).get()
    news = NewsPage.objects.child_of(index).first()
    assert a_client.get(f"/admin/pages/{school.home_page_id}/").status_code == 200
    assert a_client.get(f"/admin/pages/{news.pk}/edit/").status_code == 200
    assert a_client.get(f"/admin/pages/add/news/newspage/{index.pk}/").status_code == 200
    own_image = get_image_model().objects.filter(collection=school.collection).first()
    assert own_image.title in a_client.get("/admin/images/chooser/").json()["html"]


def test_cannot_see_other_units_pages(a_client, b_content, other_school):
    for url in [
        f"/admin/pages/{other_school.home_page_id}/",
        f"/admin/pages/{b_content['index'].pk}/",
        f"/admin/pages/{b_content['news'].pk}/edit/",
        f"/admin/pages/{b_content['draft'].pk}/edit/",
        f"/admin/pages/{b_content['news'].pk}/history/",
        f"/admin/pages/{b_content['draft'].pk}/edit/preview/",
        f"/admin/pages/{b_content['news'].pk}/revisions/compare/earliest...latest/",
    ]:
        assert_refused(a_client.get(url), secret=b_content["draft"].title)
        assert_refused(a_client.get(url), secret=b_content["news"].title)


def test_other_units_drafts_do_not_show_in_admin_search_or_chooser(a_client, b_content):
    body = a_client.get("/admin/pages/search/", {"q": "Bản nháp bí mật"}).content.decode()
    assert "Bản nháp bí mật của trường B" not in body
    response = a_client.get("/admin/choose-page/search/", {"q": "Bản nháp bí mật"})
    assert response.status_code == 200
    assert "Bản nháp bí mật của trường B" not in response.content.decode()
    # The same search finds a published page of another unit: linking to it is allowed.
    response = a_client.get("/admin/choose-page/search/", {"q": b_content["news"].title})
    assert b_content["news"].title in response.content.decode()


def test_cannot_edit_publish_or_unpublish_other_units_pages(a_client, b_content):
    news = b_content["news"]
    title = news.title
    data = {"title": "Đã bị sửa", "slug": news.slug, "date": "2026-11-20", "lead": "x", "body-count": "0"}
    assert_refused(a_client.post(f"/admin/pages/{news.pk}/edit/", data))
    assert_refused(a_client.post(f"/admin/pages/{news.pk}/edit/", dict(data, **{"action-publish": "1"})))
    assert_refused(a_client.post(f"/admin/pages/{b_content['draft'].pk}/edit/", dict(data, **{"action-publish": "1"})))
    assert_refused(a_client.post(f"/admin/pages/{news.pk}/unpublish/"))
    news.refresh_from_db()
    b_content["draft"].refresh_from_db()
    assert news.title == title and news.live
    assert not b_content["draft"].live


def test_cannot_add_pages_into_other_unit(a_client, b_content):
    count = NewsPage.objects.count()
    url = f"/admin/pages/add/news/newspage/{b_content['index'].pk}/"
    assert_refused(a_client.get(url))
    assert_refused(a_client.post(url, {"title": "Tin lạ", "slug": "tin-la", "lead": "x", "date": "2026-11-20"}))
    assert NewsPage.objects.count() == count


def test_cannot_move_copy_or_delete_across_units(a_client, school, b_content):
    own_index = NewsIndexPage.objects.child_of(school.home_page).get()
    own_news = NewsPage.objects.child_of(own_index).first()
    b_news = b_content["news"]
    assert_refused(a_client.post(f"/admin/pages/{b_news.pk}/delete/"))
    assert_refused(a_client.post(f"/admin/pages/{b_news.pk}/move/{own_index.pk}/confirm/"))
    response = a_client.post(f"/admin/pages/{own_news.pk}/move/{b_content['index'].pk}/confirm/")
    assert_refused(response)
    response = a_client.post(
        f"/admin/pages/{own_news.pk}/copy/",
        {"new_title": "Bản sao", "new_slug": "ban-sao", "new_parent_page": b_content["index"].pk},
    )
    assert response.status_code in (200, 302)  # the form refuses the destination, or the view refuses
    assert not NewsPage.objects.child_of(b_content["index"]).filter(slug="ban-sao").exists()
    b_news.refresh_from_db()
    own_news.refresh_from_db()
    assert b_news.get_parent().pk == b_content["index"].pk
    assert own_news.get_parent().pk == own_index.pk


def test_cannot_see_change_or_delete_other_units_images(a_client, b_content):
    image = b_content["image"]
    assert image.title not in a_client.get("/admin/images/").content.decode()
    assert image.title not in a_client.get("/admin/images/chooser/").json()["html"]
    assert_refused(a_client.get(f"/admin/images/{image.pk}/"))
    assert_refused(a_client.post(f"/admin/images/{image.pk}/", {"title": "Đã đổi", "collection": image.collection_id}))
    assert_refused(a_client.post(f"/admin/images/{image.pk}/delete/"))
    image.refresh_from_db()
    assert image.title != "Đã đổi"


def test_cannot_upload_images_into_other_units_collection(a_client, other_school):
    Image = get_image_model()
    before = Image.objects.filter(collection=other_school.collection).count()
    upload = SimpleUploadedFile("anh.jpg", landscape_jpeg(7, 320, 180), content_type="image/jpeg")
    a_client.post("/admin/images/add/", {"title": "Ảnh lạ", "file": upload, "collection": other_school.collection_id})
    upload = SimpleUploadedFile("anh2.jpg", landscape_jpeg(8, 320, 180), content_type="image/jpeg")
    a_client.post("/admin/images/multiple/add/", {"files[]": upload, "collection": other_school.collection_id})
    assert Image.objects.filter(collection=other_school.collection).count() == before


def test_cannot_see_change_or_upload_documents_of_other_unit(a_client, b_content, other_school):
    Document = get_document_model()
    document = b_content["document"]
    assert document.title not in a_client.get("/admin/documents/").content.decode()
    assert_refused(a_client.get(f"/admin/documents/edit/{document.pk}/"))
    assert_refused(a_client.post(f"/admin/documents/delete/{document.pk}/"))
    before = Document.objects.filter(collection=other_school.collection).count()
    upload = SimpleUploadedFile("van-ban.pdf", b"%PDF-1.4\n%x\n", content_type="application/pdf")
    a_client.post("/admin/documents/multiple/add/", {"files[]": upload, "collection": other_school.collection_id})
    assert Document.objects.filter(collection=other_school.collection).count() == before
    assert Document.objects.filter(pk=document.pk).exists()


def test_cannot_open_or_change_other_units_site_settings(a_client, other_school):
    url = f"/admin/settings/schoolsite/sitesettings/{other_school.site_id}/"
    assert_refused(a_client.get(url))
    assert_refused(a_client.post(url, {"theme_colour": "#000000", "footer_text": "Đã bị sửa"}))
    assert SiteSettings.for_site(other_school.site).footer_text != "Đã bị sửa"


def test_unit_admin_edits_own_site_settings(school):
    user = get_user_model().objects.get(username=f"{school.code}.quantri")
    client = site_client(school, user)
    url = f"/admin/settings/schoolsite/sitesettings/{school.site_id}/"
    response = client.get(url)
    assert response.status_code == 200
    # The site switcher offers only the admin's own site.
    assert f"sitesettings/{school.site_id}/" in response.content.decode()
    settings = SiteSettings.for_site(school.site)
    data = {
        "theme_colour": "#1e5631",
        "working_hours": "Sáng thứ Hai – thứ Bảy",
        "footer_text": "Chịu trách nhiệm nội dung: Hiệu trưởng",
        "logo": settings.logo_id or "",
        "banner": settings.banner_id or "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert SiteSettings.for_site(school.site).working_hours == "Sáng thứ Hai – thứ Bảy"
    assert "Sáng thứ Hai – thứ Bảy" in site_client(school).get("/").content.decode()


@pytest.mark.parametrize("role", ["bientap", "duyet"])
def test_editors_and_moderators_cannot_edit_site_settings(school, role):
    user = get_user_model().objects.get(username=f"{school.code}.{role}")
    assert_refused(site_client(school, user).get(f"/admin/settings/schoolsite/sitesettings/{school.site_id}/"))


def test_too_light_theme_colour_is_refused_in_vietnamese_and_input_kept(school):
    user = get_user_model().objects.get(username=f"{school.code}.quantri")
    client = site_client(school, user)
    response = client.post(
        f"/admin/settings/schoolsite/sitesettings/{school.site_id}/",
        {"theme_colour": "#ffeb3b", "footer_text": "Văn bản chân trang đang gõ"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Màu này quá sáng" in body
    assert "Văn bản chân trang đang gõ" in body
    assert SiteSettings.for_site(school.site).theme_colour != "#ffeb3b"


def test_explorer_filters_list_only_own_sites_and_staff(a_client, school, other_school, b_content):
    from wagtail.models import PageLogEntry

    b_editor = get_user_model().objects.get(username=f"{other_school.code}.bientap")
    b_content["news"].owner = b_editor
    b_content["news"].save()
    PageLogEntry.objects.log_action(b_content["news"], "wagtail.edit", user=b_editor)
    body = a_client.get(f"/admin/pages/{school.home_page_id}/").content.decode()
    assert other_school.name not in body
    assert b_editor.get_full_name() not in body and b_editor.username not in body
