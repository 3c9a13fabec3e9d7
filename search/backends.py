"""Search backends: Wagtail's PostgreSQL backend with the Vietnamese accent-insensitive configuration.

Wagtail's backend uses its configuration for full-text search but the plain
"simple" one for autocomplete; here both fold diacritics, so typing "ke hoa"
suggests "Kế hoạch năm học".
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db.models import F
from django.db.models.expressions import CombinedExpression
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
from modelsearch.backends.database.postgres.weights import get_sql_weights

VIETNAMESE_CONFIG = "vietnamese_unaccent"


class VietnamesePostgresSearchBackend(PostgresSearchBackend):
    def __init__(self, params):
        params = {"SEARCH_CONFIG": VIETNAMESE_CONFIG, **params}
        super().__init__(params)
        self.autocomplete_config = self.config

    def ranked_entries(self, text, *, phrase, content_type_ids, limit):
        """(object id, score) of the best matches, read from the index table alone.

        Wagtail's query joins every page of the tree to the index before ranking:
        sector-wide over 100,000 pages that join, not the match, is the cost
        (bench/search.py). Ranking here is Wagtail's own formula (title rank ×
        title_norm + body rank, same weights); the caller applies its scope to
        the ids afterwards. The match uses the (title || body) index of
        search/migrations/0003.
        """
        from wagtail.search.models import IndexEntry

        query = SearchQuery(text, config=self.config, search_type="phrase" if phrase else "plain")
        weights = get_sql_weights()
        document = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
        score = SearchRank(F("title"), query, weights=weights) * F("title_norm") + SearchRank(
            F("body"), query, weights=weights
        )
        rows = (
            IndexEntry.objects.annotate(document=document)
            .filter(document=query, content_type_id__in=content_type_ids)
            .annotate(score=score)
            .order_by("-score", "-id")
            .values_list("object_id", "score")[:limit]
        )
        return [(int(object_id), value) for object_id, value in rows]


SearchBackend = VietnamesePostgresSearchBackend
