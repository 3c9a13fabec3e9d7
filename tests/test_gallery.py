"""Thư viện ảnh và video: albums of each unit at /thu-vien-anh/, in news and on the home page."""

import re

import pytest
from django.core.files.base import ContentFile
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from gallery.models import AlbumPage, AlbumPhoto, GalleryIndexPage
from home.models import Attachment
from schoolsite.models import Unit
from tests.conftest import site_client

pytestmark = pytest.mark.django_db

# A minimal MP4 header (ftyp box, brand isom): enough for the upload's content check and the markup.
MP4_BYTES = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00\x00\x00\x08free" + b"\x00" * 64


def demo_album(unit, slug="le-khai-giang-nam-hoc-moi"):
    return AlbumPage.objects.descendant_of(unit.home_page).get(slug=slug)


def test_every_site_has_the_gallery_section():
    for unit in Unit.objects.active():
        response = site_client(unit).get("/thu-vien-anh/")
        assert response.status_code == 200, unit.code
        assert response.context["page"].specific_class is GalleryIndexPage


def test_album_page_lists_its_photos_with_captions_and_lazy_webp_thumbnails(school):
    album = demo_album(school)
    album_path = album.relative_url(school.site)
    response = site_client(school).get(album_path)
    assert response.status_code == 200
    html = response.content.decode()
    photos = list(album.photos.all())
    assert len(photos) == 4
    for number, photo in enumerate(photos, start=1):
        assert f"<figcaption>{photo.caption}</figcaption>" in html
        # Each thumbnail opens the photo's own light page, no JavaScript needed.
        assert f'href="{album_path}anh/{number}/"' in html
    thumbnails = re.findall(r"<img [^>]*>", html.split('class="album-photos"')[1])
    assert len(thumbnails) == 4
    for img in thumbnails:
        assert 'loading="lazy"' in img
        assert "srcset=" in img and ".webp 320w" in img and ".webp 640w" in img
        assert 'alt="' in img and 'alt=""' not in img


def test_photo_view_shows_one_photo_large_with_its_neighbours(school):
    album = demo_album(school)
    album_path = album.relative_url(school.site)
    html = site_client(school).get(f"{album_path}anh/2/").content.decode()
    assert "Thầy Hiệu trưởng đánh trống khai trường" in html
    assert f'href="{album_path}anh/1/" rel="prev"' in html and f'href="{album_path}anh/3/" rel="next"' in html
    assert ".webp 1600w" in html or ".webp 1200w" in html
    assert site_client(school).get(f"{album_path}anh/99/").status_code == 404


def test_gallery_index_lists_the_units_albums_only(school, other_school):
    response = site_client(school).get("/thu-vien-anh/")
    html = response.content.decode()
    assert "Lễ khai giảng năm học mới" in html and "Hoạt động trải nghiệm mùa đông" in html
    albums = list(response.context["albums"].object_list)
    assert len(albums) == 2
    assert all(album.is_descendant_of(school.home_page) for album in albums)
    assert "Kỳ thi chọn học sinh giỏi cấp tỉnh" not in html  # the department's album


def test_home_page_shows_latest_albums(school, department):
    html = site_client(school).get("/").content.decode()
    strip = re.search(r'<section[^>]*aria-labelledby="latest-albums".*?</section>', html, re.S).group(0)
    assert "Hoạt động trải nghiệm mùa đông" in strip and "Lễ khai giảng năm học mới" in strip
    assert strip.index("Hoạt động trải nghiệm") < strip.index("Lễ khai giảng")  # newest first
    assert 'href="/thu-vien-anh/"' in strip
    assert "Kỳ thi chọn học sinh giỏi cấp tỉnh" in site_client(department).get("/").content.decode()


def test_unpublished_album_is_hidden_everywhere(school):
    album = demo_album(school)
    album_path = album.relative_url(school.site)
    url = album_path
    album.unpublish()
    assert site_client(school).get(url).status_code == 404
    assert url not in site_client(school).get("/thu-vien-anh/").content.decode()
    assert url not in site_client(school).get("/").content.decode()
    # Its block in the news article of the same event shows nothing rather than a dead link.
    news = site_client(school).get("/tin-tuc/le-khai-giang-nam-hoc-moi/").content.decode()
    assert "album-block" not in news


def test_album_block_in_news_shows_thumbnails_and_links_to_the_album(school):
    album = demo_album(school)
    album_path = album.relative_url(school.site)
    html = site_client(school).get("/tin-tuc/le-khai-giang-nam-hoc-moi/").content.decode()
    block = re.search(r'<section class="album-block">.*?</section>', html, re.S).group(0)
    assert "Album ảnh: Lễ khai giảng năm học mới" in block
    assert f'href="{album_path}"' in block
    assert block.count("<img ") == 4 and block.count('loading="lazy"') == 4


def test_uploaded_mp4_plays_with_a_poster_and_loads_nothing_before_play(school):
    video = Attachment(title="Video lễ khai giảng", collection=school.collection)
    video.file.save("khai-giang.mp4", ContentFile(MP4_BYTES), save=False)
    video.full_clean()
    video.save()
    poster = get_image_model().objects.filter(collection=school.collection).first()
    album = demo_album(school)
    album_path = album.relative_url(school.site)
    album.videos = [{"type": "file", "value": {"video": video.pk, "poster": poster.pk, "caption": "Toàn cảnh"}}]
    album.save_revision().publish()
    html = site_client(school).get(album_path).content.decode()
    tag = re.search(r"<video [^>]*>", html).group(0)
    assert 'preload="none"' in tag and "controls" in tag
    assert re.search(r'poster="[^"]+\.webp"', tag)
    assert f'<source src="{video.url}" type="video/mp4">' in html


def test_album_video_block_refuses_a_non_mp4_document(school):
    from django.core.exceptions import ValidationError

    from gallery.blocks import VideoFileBlock

    pdf = Attachment.objects.filter(file__endswith=".pdf").first()
    poster = get_image_model().objects.filter(collection=school.collection).first()
    block = VideoFileBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"video": pdf.pk, "poster": poster.pk, "caption": ""}))


def album_form(client, index):
    url = f"/admin/pages/add/gallery/albumpage/{index.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for key in [k for k in data if k.startswith("videos-")]:
        del data[key]
    for key, value in nested_form_data({"videos": streamfield([])}).items():
        data[key] = value
    return url, data


def post_album(client, index, image, slug):
    url, data = album_form(client, index)
    data.update(
        {
            "title": "Ngày hội đọc sách",
            "slug": slug,
            "photos-TOTAL_FORMS": "1",
            "photos-INITIAL_FORMS": "0",
            "photos-0-image": str(image.pk),
            "photos-0-caption": "Học sinh đọc sách ở thư viện",
            "photos-0-ORDER": "1",
            "photos-0-id": "",
            "action-publish": "1",
        }
    )
    return client.post(url, data)


def test_school_editor_chooses_only_its_own_images(login_client, school, other_school):
    editor = login_client("thpt-chuyen.bientap", host=school.hostname)
    index = GalleryIndexPage.objects.child_of(school.home_page).get()
    own = get_image_model().objects.filter(collection=school.collection).first()
    foreign = get_image_model().objects.filter(collection=other_school.collection).first()

    chooser = editor.get("/admin/images/chooser/").json()["html"]
    offered = {int(pk) for pk in re.findall(r"/admin/images/chooser/chosen/(\d+)/", chooser)}
    assert offered
    assert set(get_image_model().objects.filter(pk__in=offered).values_list("collection", flat=True)) == {
        school.collection_id
    }

    refused = post_album(editor, index, foreign, "ngay-hoi-doc-sach-khac")
    assert refused.status_code == 200
    assert "Chỉ chọn ảnh trong thư viện ảnh của đơn vị mình." in refused.content.decode()
    assert not AlbumPage.objects.filter(slug="ngay-hoi-doc-sach-khac").exists()

    # An editor publishes through the school's workflow: the album is saved and sent for review.
    accepted = post_album(editor, index, own, "ngay-hoi-doc-sach")
    assert accepted.status_code == 302, re.findall(
        r'class="error-message"[^>]*>\s*<p>([^<]*)', accepted.content.decode()
    )
    album = AlbumPage.objects.get(slug="ngay-hoi-doc-sach")
    assert AlbumPhoto.objects.filter(page=album, image=own, caption="Học sinh đọc sách ở thư viện").exists()


def test_provisioning_again_adds_the_gallery_to_an_existing_site_once(school):
    from schoolsite.sections import ensure_sections

    GalleryIndexPage.objects.child_of(school.home_page).get().delete()
    home = school.home_page
    home.refresh_from_db()
    ensure_sections(home)
    ensure_sections(home)
    assert GalleryIndexPage.objects.child_of(home).filter(slug="thu-vien-anh", live=True).count() == 1
    assert site_client(school).get("/thu-vien-anh/").status_code == 200


def test_text_only_album_lists_photos_as_text_and_makes_no_thumbnail(school):
    from wagtail.images import get_image_model

    from schoolsite.text_only import COOKIE_NAME

    album = demo_album(school)
    album_path = album.relative_url(school.site)
    images = [photo.image_id for photo in album.photos.all()]
    renditions = get_image_model().get_rendition_model().objects.filter(image_id__in=images)
    renditions.delete()
    client = site_client(school)
    client.cookies[COOKIE_NAME] = "1"
    html = client.get(album_path).content.decode()
    assert renditions.count() == 0  # no thumbnail was made for a reader who asked for no images
    assert f'<a href="{album_path}anh/1/">Ảnh 1</a>: {album.photos.first().caption}' in html
    assert "Thầy Hiệu trưởng đánh trống khai trường" in client.get(f"{album_path}anh/2/").content.decode()
    assert renditions.count() == 0
    site_client(school).get(album_path)  # with images, the thumbnails are made
    assert renditions.count() > 0
