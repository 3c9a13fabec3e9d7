"""Page views, counted on the server per page and day: no cookies, no IP addresses, no visitor identity."""

from django.db import connection, models
from django.utils.translation import gettext_lazy as _


class PageViewDay(models.Model):
    """How many times a page was viewed on a day (one row per page and day keeps the table small)."""

    date = models.DateField(_("ngày"))
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("trang"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "schoolsite.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="page_views"
    )
    views = models.PositiveIntegerField(_("lượt xem"), default=0)

    class Meta:
        verbose_name = _("lượt xem trang theo ngày")
        verbose_name_plural = _("lượt xem trang theo ngày")
        constraints = [models.UniqueConstraint(fields=["page", "date"], name="one_count_per_page_and_day")]
        indexes = [models.Index(fields=["unit", "date"]), models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.page_id} {self.date}: {self.views}"

    @classmethod
    def add_views(cls, counts):
        """Add {(page_id, unit_id, date): views} in one statement (an upsert, on PostgreSQL and SQLite alike)."""
        if not counts:
            return
        table = cls._meta.db_table
        rows = ", ".join(["(%s, %s, %s, %s)"] * len(counts))
        params = [value for (page, unit, date), views in counts.items() for value in (date, page, unit, views)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (date, page_id, unit_id, views) VALUES {rows} "
                f"ON CONFLICT (page_id, date) DO UPDATE SET views = {table}.views + EXCLUDED.views",
                params,
            )
