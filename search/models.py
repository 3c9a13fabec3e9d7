"""What people search for: daily counts per query, without who searched or from where."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
        from django.db.models import F
        from django.utils import timezone

        from home.tabular import normalise_text

        query = normalise_text(query).lower()[:255]
        if not query:
            return
        stat, _created = cls.objects.get_or_create(query=query, day=timezone.localdate(), scope=scope)
        cls.objects.filter(pk=stat.pk).update(
            searches=F("searches") + 1, without_results=F("without_results") + (0 if found else 1)
        )
