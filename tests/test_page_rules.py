"""Page-type rules keep editors from building nonsense trees."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from wagtail.models import Page

from home.models import ContactPage, ContentPage, DepartmentHomePage, IntroductionPage, UnitHomePage
from legal_docs.models import DocumentLibraryPage, ProcedureIndexPage
from news.models import NewsIndexPage, NewsPage
from questions.models import QuestionIndexPage
from tests.conftest import assert_refused, site_client

pytestmark = pytest.mark.django_db

SECTIONS = [IntroductionPage, NewsIndexPage, DocumentLibraryPage, ProcedureIndexPage, QuestionIndexPage, ContactPage]


@pytest.fixture
def superuser_client(department):
    user = get_user_model().objects.get(username="quantri")
    return site_client(department, user)


def test_news_page_only_under_a_news_section(school):
    root = Page.get_first_root_node()
    news_index = NewsIndexPage.objects.child_of(school.home_page).get()
    assert not NewsPage.can_create_at(root)
    assert not NewsPage.can_create_at(school.home_page)
    assert not NewsPage.can_create_at(IntroductionPage.objects.child_of(school.home_page).get())
    assert NewsPage.can_create_at(news_index)
    assert NewsPage.allowed_parent_page_models() == [NewsIndexPage]


def test_news_page_cannot_be_created_at_a_site_root_through_the_admin(superuser_client, school):
    count = NewsPage.objects.count()
    root = Page.get_first_root_node()
    for parent in (school.home_page, root):
        url = f"/admin/pages/add/news/newspage/{parent.pk}/"
        assert_refused(superuser_client.get(url))
        assert_refused(superuser_client.post(url, {"title": "Tin sai chỗ", "slug": "tin-sai-cho", "lead": "x"}))
    assert NewsPage.objects.count() == count


def test_home_pages_only_at_the_root_and_one_department():
    root = Page.get_first_root_node()
    assert UnitHomePage.can_create_at(root)
    assert not DepartmentHomePage.can_create_at(root)  # the department's home already exists
    assert DepartmentHomePage.max_count == 1
    for section in SECTIONS:
        assert not section.can_create_at(root)


def test_each_section_at_most_once_per_site(school):
    for section in SECTIONS:
        assert section.allowed_parent_page_models() == [DepartmentHomePage, UnitHomePage]
        assert not section.can_create_at(school.home_page), section.__name__


def test_sections_cannot_nest_and_news_has_no_children(school):
    news_index = NewsIndexPage.objects.child_of(school.home_page).get()
    item = NewsPage.objects.child_of(news_index).first()
    assert NewsPage.allowed_subpage_models() == []
    for page_class in SECTIONS + [UnitHomePage, ContentPage]:
        assert not page_class.can_create_at(news_index)
        assert not page_class.can_create_at(item)


def test_content_pages_fit_under_introduction_and_home(school):
    intro = IntroductionPage.objects.child_of(school.home_page).get()
    assert ContentPage.can_create_at(intro)
    assert ContentPage.can_create_at(school.home_page)
    assert IntroductionPage.allowed_subpage_models() == [ContentPage]


def test_standard_section_slug_is_locked(school):
    news_index = NewsIndexPage.objects.child_of(school.home_page).get()
    news_index.slug = "tin-tuc-moi"
    with pytest.raises(ValidationError) as excinfo:
        news_index.full_clean()
    assert "tin-tuc" in str(excinfo.value)


def test_slug_lock_shows_in_the_admin_form_and_keeps_input(superuser_client, school):
    news_index = NewsIndexPage.objects.child_of(school.home_page).get()
    response = superuser_client.post(
        f"/admin/pages/{news_index.pk}/edit/",
        {"title": "Tin tức và sự kiện", "slug": "tin-tuc-su-kien", "intro": "Giới thiệu mới"},
    )
    assert response.status_code == 200  # the form comes back with the error
    body = response.content.decode()
    assert "để mọi liên kết trong toàn ngành đều đúng" in body
    assert 'value="Tin tức và sự kiện"' in body
    news_index.refresh_from_db()
    assert news_index.slug == "tin-tuc"


def test_news_page_requires_alt_text_for_its_image(school):
    from wagtail.images import get_image_model

    image = get_image_model().objects.filter(collection=school.collection).first()
    image.description = ""
    image.save()
    page = NewsPage(title="Tin có ảnh", slug="tin-co-anh", lead="Tóm tắt", featured_image=image, body=[])
    with pytest.raises(ValidationError) as excinfo:
        page.clean()
    assert "featured_image_alt" in excinfo.value.message_dict
    page.featured_image_alt = "Học sinh chào cờ đầu tuần"
    page.clean()
