"""Search backends: Wagtail's PostgreSQL backend with the Vietnamese accent-insensitive configuration.

Wagtail's backend uses its configuration for full-text search but the plain
"simple" one for autocomplete; here both fold diacritics, so typing "ke hoa"
suggests "Kế hoạch năm học".
"""

from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

VIETNAMESE_CONFIG = "vietnamese_unaccent"


class VietnamesePostgresSearchBackend(PostgresSearchBackend):
    def __init__(self, params):
        params = {"SEARCH_CONFIG": VIETNAMESE_CONFIG, **params}
        super().__init__(params)
        self.autocomplete_config = self.config


SearchBackend = VietnamesePostgresSearchBackend
