"""Page views, counted in memory and written in batches (home.counting)."""

from django.utils import timezone

from home.counting import BufferedCounts


def _write(counts):
    from .models import PageViewDay

    PageViewDay.add_views({key: views for key, (views,) in counts.items()})


views = BufferedCounts(_write)


def record_view(page_id, unit_id):
    views.add((int(page_id), int(unit_id), timezone.localdate()), (1,))
