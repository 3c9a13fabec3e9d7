"""Fields of the read API that are not plain model fields."""

from rest_framework.fields import Field

from schoolsite.models import HOME_PATH_LENGTH
from schoolsite.sites import units_by_home_path


class UnitCodeField(Field):
    """The code of the unit whose site holds a page (from its tree path, no query per page)."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, page):
        unit = units_by_home_path().get(page.path[:HOME_PATH_LENGTH])
        return unit.code if unit else None


class NameField(Field):
    """A related object's name (topic, issuing body) rather than its id."""

    def to_representation(self, value):
        return getattr(value, "name", None) if value is not None else None


class AttachmentsField(Field):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, items):
        request = self.context.get("request")
        return [
            {
                "title": item.label or item.attachment.title,
                "url": request.build_absolute_uri(item.attachment.url) if request else item.attachment.url,
                "content_type": item.attachment.content_type,
                "size": item.attachment.file_size,
                "sha256": item.attachment.sha256,
            }
            for item in items.all()
        ]


class RelatedDocumentsField(Field):
    """Typed relations of a document, from both sides."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, document):
        return [
            {"relation": str(label), "id": other.pk, "number": other.number, "title": other.title}
            for label, other in document.related_documents()
        ]


class LegalBasisField(Field):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, items):
        return [
            {"id": basis.document_id, "number": basis.document.number, "title": basis.document.title}
            for basis in items.all()
            if basis.document.live
        ]


class TagNamesField(Field):
    """Tag names from the prefetched tags (Wagtail's TagsField queries once per page)."""

    def to_representation(self, tags):
        return sorted(tag.name for tag in tags.all())
