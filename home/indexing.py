"""Search indexing in bulk for commands that create many objects at once.

Wagtail indexes each object as it is saved, one statement per object; a
provisioning run or an import saves thousands. Inside `deferred_search_indexing`
saves are only noted, and the objects are indexed together when the block ends.
"""

from collections import defaultdict
from contextlib import contextmanager

from django.db.models.signals import post_save
from modelsearch import index as search_index
from modelsearch import signal_handlers
from modelsearch.backends import get_search_backends


@contextmanager
def deferred_search_indexing():
    saved = defaultdict(set)

    def remember(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[sender].add(instance.pk)

    models = [m for m in search_index.get_indexed_models() if getattr(m, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model)
        post_save.connect(remember, sender=model, weak=False, dispatch_uid=f"deferred-index-{model._meta.label}")
    try:
        yield
    finally:
        for model in models:
            post_save.disconnect(sender=model, dispatch_uid=f"deferred-index-{model._meta.label}")
            post_save.connect(signal_handlers.post_save_signal_handler, sender=model)
    index_now(saved)


def index_now(saved):
    """Index {model: primary keys} in one bulk operation per model and backend."""
    backends = list(get_search_backends(with_auto_update=True))
    for model, pks in saved.items():
        objects = [obj for obj in model.objects.filter(pk__in=pks) if obj is not None]
        # Index each object as its most specific class, as the per-save handler does.
        by_class = defaultdict(list)
        for obj in objects:
            indexed = search_index.get_indexed_instance(obj, check_exists=False)
            if indexed is not None:
                by_class[type(indexed)].append(indexed)
        for indexed_model, instances in by_class.items():
            for backend in backends:
                backend.add_bulk(indexed_model, instances)
