"""The files the database refers to, in every storage (public media and private attachments)."""

from django.apps import apps
from django.db import models

# Renditions are derived from the originals and are made again on demand: not data.
DERIVED_MODELS = {"wagtailimages.rendition"}


def file_fields():
    """(model, field) for every file field of a concrete model whose data is kept."""
    for model in apps.get_models():
        if model._meta.label_lower in DERIVED_MODELS or model._meta.proxy:
            continue
        for field in model._meta.local_fields:
            if isinstance(field, models.FileField):
                yield model, field


def storage_alias(field):
    """The name under which a field's storage is kept in archives: "private" or "default"."""
    from django.core.files.storage import storages

    storage = field._storage_callable() if getattr(field, "_storage_callable", None) else field.storage
    return "private" if storage is storages["private"] else "default"


def storage(alias):
    from django.core.files.storage import storages

    return storages[alias]


def referenced_files():
    """Sorted (storage alias, name) of every file a row refers to."""
    found = set()
    for model, field in file_fields():
        alias = storage_alias(field)
        names = model._base_manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
        found.update((alias, name) for name in names.distinct() if name)
    return sorted(found)
