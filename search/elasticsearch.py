"""Elasticsearch index settings: every text field folds Vietnamese diacritics, đ → d included.

Wagtail's own analyzers fold only the partial-match (n-gram) fields; the
"default" and "default_search" analyzers below apply the same folding to every
other text field, at indexing and at query time.
"""

FOLDING_FILTERS = ["lowercase", "asciifolding"]

INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                "default": {"type": "custom", "tokenizer": "standard", "filter": FOLDING_FILTERS},
                "default_search": {"type": "custom", "tokenizer": "standard", "filter": FOLDING_FILTERS},
            }
        }
    }
}
