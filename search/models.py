"""What people search for: daily counts per query, without who searched or from where."""

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from home.counting import BufferedCounts


class QueryStat(models.Model):
    query = models.CharField(_("từ khoá"), max_length=255)
    day = models.DateField(_("ngày"))
    scope = models.CharField(_("phạm vi"), max_length=12)
    searches = models.PositiveIntegerField(_("số lượt tìm"), default=0)
    without_results = models.PositiveIntegerField(_("số lượt không có kết quả"), default=0)

    class Meta:
        verbose_name = _("thống kê tìm kiếm")
        verbose_name_plural = _("thống kê tìm kiếm")
        constraints = [models.UniqueConstraint(fields=["query", "day", "scope"], name="unique_query_day_scope")]
        indexes = [models.Index(fields=["day"])]

    def __str__(self):
        return self.query

    @classmethod
    def record(cls, query, scope, found):
        """Count one search (written in batches, see home.counting)."""
        from django.utils import timezone

        from home.tabular import normalise_text

        query = normalise_text(query).lower()[:255]
        if query:
            searches.add((query, timezone.localdate(), scope), (1, 0 if found else 1))

    @classmethod
    def add_counts(cls, counts):
        """Add {(query, day, scope): (searches, without_results)} in one statement."""
        table = cls._meta.db_table
        rows = ", ".join(["(%s, %s, %s, %s, %s)"] * len(counts))
        params = [v for (query, day, scope), (n, empty) in counts.items() for v in (query, day, scope, n, empty)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (query, day, scope, searches, without_results) VALUES {rows} "
                f"ON CONFLICT (query, day, scope) DO UPDATE SET searches = {table}.searches + EXCLUDED.searches, "
                f"without_results = {table}.without_results + EXCLUDED.without_results",
                params,
            )


searches = BufferedCounts(QueryStat.add_counts)
