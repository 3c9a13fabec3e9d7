"""Demo albums (called by home.demo): photos from the images the demo already loaded for each unit."""

import datetime
import json

from django.utils import timezone
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model

from .models import AlbumPage, AlbumPhoto, GalleryIndexPage


def _embed(video):
    """The YouTube player the demo shows, stored as Wagtail's cached embed: the demo needs no network."""
    video_id = video["url"].rsplit("=", 1)[-1]
    html = (
        f'<iframe width="960" height="540" src="https://www.youtube-nocookie.com/embed/{video_id}" '
        f'title="{video["title"]}" frameborder="0" allowfullscreen loading="lazy"></iframe>'
    )
    Embed.objects.update_or_create(
        hash=get_embed_hash(video["url"], 960),
        defaults={
            "url": video["url"],
            "max_width": 960,
            "type": "video",
            "html": html,
            "title": video["title"],
            "width": 960,
            "height": 540,
            "provider_name": "YouTube",
        },
    )


def ensure_albums(unit, albums_file, fill, publish):
    """Create the unit's demo albums (idempotent); put the first in its news of the same event."""
    from news.models import NewsPage

    index = GalleryIndexPage.objects.child_of(unit.home_page).first()
    if index is None:
        return 0
    with open(albums_file, encoding="utf-8") as handle:
        items = json.load(handle)["department" if unit.is_department else "school"]
    images = list(
        get_image_model().objects.filter(collection=unit.collection, title__startswith="Ảnh minh hoạ").order_by("pk")
    )
    if not images:
        return 0
    existing = set(AlbumPage.objects.child_of(index).values_list("slug", flat=True))
    today = timezone.localdate()
    created = 0
    for number, item in enumerate(items):
        if item["slug"] in existing:
            continue
        album = AlbumPage(
            title=item["title"],
            slug=item["slug"],
            date=today - datetime.timedelta(days=item["days_ago"]),
            intro=fill(item["intro"], unit),
        )
        for position, caption in enumerate(item["captions"]):
            image = images[(number + position) % len(images)]
            album.photos.add(AlbumPhoto(image=image, caption=caption, sort_order=position))
        if video := item.get("video"):
            _embed(video)
            album.videos = [{"type": "embed", "value": {"video": video["url"], "caption": video["caption"]}}]
        index.add_child(instance=album)
        publish(album, created=True)
        created += 1
        news = NewsPage.objects.descendant_of(unit.home_page).filter(slug=item.get("news") or "-").first()
        if news is not None and not any(block.block_type == "album" for block in news.body):
            block = news.body.stream_block.child_blocks["album"]
            news.body.append(("album", block.to_python({"album": album.pk, "count": 4})))
            publish(news, created=False)
    return created
