"""The hand-over archive: everything the portal holds, in open formats, checkable and importable elsewhere.

A ZIP file with
- `manifest.json`: format, version, when and from where, row counts per model,
  SHA-256 and size of every other file in the archive;
- `data/<app>.<model>.json`: every row of every model, in Django's JSON
  serialisation (the same primary keys; content types and permissions by
  natural key, so the archive loads into any installation of this version);
- `media/<storage>/<path>`: the original files (`default`: images, documents;
  `private`: question attachments). Image renditions are not kept: they are
  made again from the originals.

Search index entries, the reference index, sessions and login-attempt logs are
not data: they are rebuilt or start empty. Passwords are left out unless asked
for; users then set a new one through "quên mật khẩu".
See docs/data-format.md.
"""

import datetime
import hashlib
import io
import json
import os
import platform
import tempfile
import zipfile

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .media import referenced_files, storage

FORMAT = "sgddt-portal"
VERSION = 1
# Not data: derived, rebuilt, transient, or personal data of no use to another provider.
EXCLUDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "admin.logentry",
    "wagtailimages.rendition",
    "wagtailcore.referenceindex",
    "wagtailadmin.editingsession",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}
EXCLUDED_APPS = {"modelsearch", "wagtailsearch"}
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """An archive that cannot be imported; the message says why, in Vietnamese."""


def exported_models():
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.proxy or not model._meta.managed or label in EXCLUDED:
            continue
        if model._meta.app_label in EXCLUDED_APPS:
            continue
        yield model


def _sha256_file(fileobj):
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: fileobj.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


class PreciseEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder keeps milliseconds, which an archive must not lose."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat().replace("+00:00", "Z")
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class ArchiveSerializer(JSONSerializer):
    """Django's JSON, with content types and permissions referred to by natural key (their ids differ
    between installations) and every other relation by primary key (kept as they are)."""

    def _natural_for(self, field):
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        self.use_natural_foreign_keys = issubclass(field.remote_field.model, (ContentType, Permission))

    def handle_fk_field(self, obj, field):
        self._natural_for(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self._natural_for(field)
        super().handle_m2m_field(obj, field)
        if field.name in self._current:
            self._current[field.name] = sorted(self._current[field.name], key=str)  # the same order every time


def _serialise(model, with_passwords):
    queryset = model._base_manager.order_by("pk")
    data = ArchiveSerializer().serialize(queryset.iterator(), indent=1, ensure_ascii=False, cls=PreciseEncoder)
    if model._meta.label_lower == settings.AUTH_USER_MODEL.lower() and not with_passwords:
        rows = json.loads(data)
        for row in rows:
            row["fields"]["password"] = "!"  # an unusable password: the person sets a new one
        data = json.dumps(rows, indent=1, ensure_ascii=False)
    return data.encode("utf-8"), queryset.count()


def export_portal(path, with_passwords=False, stdout=None):
    """Write the archive to `path`; return its manifest."""
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "source": {"host": platform.node(), "database": connection.vendor},
        "passwords_included": with_passwords,
        "models": {},
        "files": {},
    }
    with zipfile.ZipFile(path, "w", allowZip64=True) as archive:
        for model in exported_models():
            label = model._meta.label_lower
            data, count = _serialise(model, with_passwords)
            name = f"data/{label}.json"
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
            manifest["models"][label] = count
            manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        missing = []
        for alias, name in referenced_files():
            source = storage(alias)
            member = f"media/{alias}/{name}"
            if not source.exists(name):
                missing.append(member)
                continue
            try:
                with source.open(name, "rb") as handle, archive.open(member, "w", force_zip64=True) as target:
                    digest, size = hashlib.sha256(), 0
                    for chunk in iter(lambda: handle.read(CHUNK), b""):
                        digest.update(chunk)
                        size += len(chunk)
                        target.write(chunk)
            except FileNotFoundError:
                missing.append(member)
                continue
            manifest["files"][member] = {"sha256": digest.hexdigest(), "size": size}
        manifest["missing_files"] = missing
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8"))
    if stdout is not None and missing:
        stdout.write(
            _("Cảnh báo: %(count)d tệp được nhắc tới trong dữ liệu nhưng không có trong kho.") % {"count": len(missing)}
        )
    return manifest


def read_manifest(archive):
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except KeyError:
        raise ArchiveError(_("Tệp lưu trữ thiếu manifest.json: đây không phải tệp xuất của Cổng.")) from None
    except ValueError:
        raise ArchiveError(_("manifest.json hỏng, không đọc được.")) from None
    if manifest.get("format") != FORMAT:
        raise ArchiveError(_("Tệp lưu trữ không phải định dạng %(format)s.") % {"format": FORMAT})
    if manifest.get("version") != VERSION:
        raise ArchiveError(
            _("Tệp lưu trữ phiên bản %(found)s; bản cài đặt này đọc phiên bản %(wanted)s.")
            % {"found": manifest.get("version"), "wanted": VERSION}
        )
    return manifest


def verify(archive, manifest):
    """Every file the manifest lists is there, complete, with its SHA-256; nothing else is."""
    listed = set(manifest["files"]) | {"manifest.json"}
    present = {info.filename for info in archive.infolist() if not info.is_dir()}
    missing = sorted(set(manifest["files"]) - present)
    if missing:
        raise ArchiveError(
            _("Tệp lưu trữ thiếu %(count)d tệp, ví dụ %(name)s.") % {"count": len(missing), "name": missing[0]}
        )
    extra = sorted(present - listed)
    if extra:
        raise ArchiveError(_("Tệp lưu trữ có tệp lạ không có trong manifest: %(name)s.") % {"name": extra[0]})
    for name, expected in manifest["files"].items():
        try:
            with archive.open(name) as handle:
                digest, size = _sha256_file(handle)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise ArchiveError(
                _("Tệp %(name)s trong lưu trữ bị hỏng (%(error)s).") % {"name": name, "error": error}
            ) from None
        if digest != expected["sha256"] or size != expected["size"]:
            raise ArchiveError(
                _("Tệp %(name)s không khớp mã kiểm tra SHA-256: lưu trữ bị hỏng hoặc bị sửa.") % {"name": name}
            )


def open_archive(path):
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ArchiveError(_("Không tìm thấy tệp %(path)s.") % {"path": path}) from None
    except (zipfile.BadZipFile, OSError):
        raise ArchiveError(
            _("Tệp %(path)s không phải tệp ZIP hợp lệ hoặc bị cắt cụt; không nhập gì.") % {"path": path}
        ) from None


def installation_is_empty():
    from wagtail.models import Page

    from schoolsite.models import Unit

    return not Unit.objects.exists() and Page.objects.count() <= 2  # the root and Wagtail's welcome page


def _flush_exported_tables():
    models = list(exported_models())
    tables = {model._meta.db_table for model in models}
    for model in models:
        for field in model._meta.local_many_to_many:
            tables.add(field.remote_field.through._meta.db_table)
    existing = set(connection.introspection.table_names())
    statements = connection.ops.sql_flush(no_style(), sorted(tables & existing), allow_cascade=True)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def import_portal(path, stdout=None):
    """Load an archive into an empty installation: all or nothing. Return the manifest."""
    from home.indexing import deferred_search_indexing

    with open_archive(path) as archive:
        manifest = read_manifest(archive)
        verify(archive, manifest)
        if not installation_is_empty():
            raise ArchiveError(
                _("Cơ sở dữ liệu này đã có dữ liệu của Cổng; chỉ nhập vào một bản cài đặt mới (đã chạy migrate).")
            )
        known = {model._meta.label_lower for model in exported_models()}
        unknown = sorted(set(manifest["models"]) - known)
        if unknown:
            raise ArchiveError(
                _("Lưu trữ có dữ liệu của mô hình không có ở đây: %(models)s.") % {"models": ", ".join(unknown)}
            )
        with tempfile.TemporaryDirectory() as folder:
            fixtures = []
            for label in manifest["models"]:
                target = os.path.join(folder, f"{label}.json")
                with archive.open(f"data/{label}.json") as source, open(target, "wb") as handle:
                    handle.write(source.read())
                fixtures.append(target)
            with transaction.atomic(), deferred_search_indexing():
                if connection.vendor == "sqlite":
                    with connection.constraint_checks_disabled():
                        _flush_exported_tables()
                else:
                    _flush_exported_tables()
                call_command("loaddata", *fixtures, verbosity=0)
                for member in manifest["files"]:
                    if not member.startswith("media/"):
                        continue
                    alias, name = member.removeprefix("media/").split("/", 1)
                    target = storage(alias)
                    if target.exists(name):
                        target.delete(name)
                    with archive.open(member) as handle:
                        saved = target.save(name, io.BytesIO(handle.read()))
                    if saved != name:
                        raise ArchiveError(_("Không ghi được tệp %(name)s vào kho.") % {"name": name})
    call_command("update_index", verbosity=0, stdout=io.StringIO())
    call_command("rebuild_references_index", verbosity=0, stdout=io.StringIO())
    from django.core.cache import cache
    from wagtail.models import Site

    cache.clear()
    Site.clear_site_root_paths_cache()
    return manifest
