"""File storages whose stored names are normalised (home.files.normalise_filename).

Every upload path goes through `get_valid_name`, whatever saves the file (admin
forms, imports, the Q&A form), so "Quyết định 12 (bản ký).PDF" is stored as
"quyet-dinh-12-ban-ky.pdf": plain ASCII that survives S3 keys, ZIP archives and
old Windows machines. Path traversal is refused earlier by Django's storage.
"""

from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage


class NormalisedNamesMixin:
    def get_valid_name(self, name):
        from home.files import normalise_filename

        return normalise_filename(name)


class LocalStorage(NormalisedNamesMixin, FileSystemStorage):
    pass


class S3MediaStorage(NormalisedNamesMixin, S3Storage):
    pass
