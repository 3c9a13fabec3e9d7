"""Backups to BACKUP_TARGET (a folder, or s3://bucket/prefix on any S3-compatible store), with retention.

A backup is a folder named by its UTC time (its id, e.g. 20261125T021500Z) holding
- `database.dump`: pg_dump's custom format (consistent: one snapshot), or a
  copy of the SQLite file made with SQLite's online backup;
- `media.zip`: the files the database refers to, public and private;
- `manifest.json`: row counts of the main tables and SHA-256 of both files.

`restore` fetches one, checks the SHA-256, loads the dump (into a new database
with --database, the current one otherwise) and the files, then compares the
row counts with the manifest.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from urllib.parse import urlparse

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from .media import referenced_files, storage

COUNTED_MODELS = [
    "schoolsite.unit",
    "wagtailcore.page",
    "wagtailcore.revision",
    "wagtailimages.image",
    "wagtaildocs.document",
    "questions.question",
    "auth.user",
]
ID_FORMAT = "%Y%m%dT%H%M%SZ"


class BackupError(Exception):
    pass


def target_storage(target=None):
    """The storage of BACKUP_TARGET: a folder, or an S3 bucket and prefix (same credentials as media)."""
    target = target or settings.BACKUP_TARGET
    if not target:
        raise BackupError(_("Chưa đặt BACKUP_TARGET (một thư mục, hoặc s3://bucket/thu-muc)."))
    if target.startswith("s3://"):
        from storages.backends.s3 import S3Storage

        parsed = urlparse(target)
        return S3Storage(
            bucket_name=parsed.netloc,
            location=parsed.path.strip("/"),
            endpoint_url=getattr(settings, "AWS_S3_ENDPOINT_URL", None) or os.environ.get("AWS_S3_ENDPOINT_URL"),
            access_key=os.environ.get("AWS_ACCESS_KEY_ID"),
            secret_key=os.environ.get("AWS_SECRET_ACCESS_KEY"),
            region_name=os.environ.get("AWS_S3_REGION_NAME"),
            default_acl=None,
            file_overwrite=True,
            querystring_auth=False,
        )
    os.makedirs(target, exist_ok=True)
    return FileSystemStorage(location=target)


def row_counts():
    counts = {}
    for label in COUNTED_MODELS:
        model = apps.get_model(label)
        counts[label] = model._base_manager.count()
    return counts


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env(db):
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args(db, name=None):
    args = ["--dbname", name or db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args


def dump_database(path):
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", path, *_pg_args(db)],
            check=True,
            env=_pg_env(db),
            capture_output=True,
        )
    elif connection.vendor == "sqlite":
        source = sqlite3.connect(db["NAME"])
        with sqlite3.connect(path) as target:
            source.backup(target)
        source.close()
    else:
        raise BackupError(_("Chưa hỗ trợ sao lưu cơ sở dữ liệu %(vendor)s.") % {"vendor": connection.vendor})


def archive_media(path):
    count = 0
    with zipfile.ZipFile(path, "w", allowZip64=True) as archive:
        for alias, name in referenced_files():
            source_storage = storage(alias)
            if not source_storage.exists(name):
                continue  # a row pointing at a lost file: nothing to save
            with source_storage.open(name, "rb") as source, archive.open(f"{alias}/{name}", "w") as target:
                shutil.copyfileobj(source, target, 1024 * 1024)
            count += 1
    return count


def backup(target=None, keep_daily=None, keep_monthly=None, now=None):
    """Make a backup; apply the retention; return (backup id, manifest, ids deleted)."""
    now = now or timezone.now()
    backup_id = now.astimezone(datetime.UTC).strftime(ID_FORMAT)
    destination = target_storage(target)
    with tempfile.TemporaryDirectory() as folder:
        dump, media = os.path.join(folder, "database.dump"), os.path.join(folder, "media.zip")
        counts = row_counts()
        dump_database(dump)
        files = archive_media(media)
        manifest = {
            "id": backup_id,
            "created_at": now.isoformat(),
            "database": connection.vendor,
            "counts": counts,
            "media_files": files,
            "sha256": {"database.dump": _sha256(dump), "media.zip": _sha256(media)},
        }
        for name, path in (("database.dump", dump), ("media.zip", media)):
            with open(path, "rb") as handle:
                destination.save(f"{backup_id}/{name}", File(handle))
        document = json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8")
        destination.save(f"{backup_id}/manifest.json", ContentFile(document))
    deleted = apply_retention(
        destination,
        settings.BACKUP_KEEP_DAILY if keep_daily is None else keep_daily,
        settings.BACKUP_KEEP_MONTHLY if keep_monthly is None else keep_monthly,
    )
    return backup_id, manifest, deleted


def list_backups(destination):
    folders, _files = destination.listdir("")
    backups = []
    for name in folders:
        try:
            backups.append((datetime.datetime.strptime(name, ID_FORMAT), name))
        except ValueError:
            continue
    return [name for _when, name in sorted(backups)]


def apply_retention(destination, keep_daily, keep_monthly):
    """Keep the newest backup of each of the last `keep_daily` days and `keep_monthly` months."""
    backups = list_backups(destination)
    keep, days, months = set(), [], []
    for name in reversed(backups):
        day, month = name[:8], name[:6]
        if day not in days and len(days) < keep_daily:
            days.append(day)
            keep.add(name)
        if month not in months and len(months) < keep_monthly:
            months.append(month)
            keep.add(name)
    deleted = [name for name in backups if name not in keep]
    for name in deleted:
        for file_name in ("database.dump", "media.zip", "manifest.json"):
            if destination.exists(f"{name}/{file_name}"):
                destination.delete(f"{name}/{file_name}")
        if isinstance(destination, FileSystemStorage):
            shutil.rmtree(destination.path(name), ignore_errors=True)
    return deleted


def restore(backup_id, database=None, target=None):
    """Restore a backup and check it; return (manifest, counts found after restoring)."""
    source = target_storage(target)
    if not source.exists(f"{backup_id}/manifest.json"):
        raise BackupError(_("Không có bản sao lưu %(id)s tại BACKUP_TARGET.") % {"id": backup_id})
    with source.open(f"{backup_id}/manifest.json", "rb") as handle:
        manifest = json.loads(handle.read())
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for name in ("database.dump", "media.zip"):
            paths[name] = os.path.join(folder, name)
            with source.open(f"{backup_id}/{name}", "rb") as handle, open(paths[name], "wb") as out:
                shutil.copyfileobj(handle, out, 1024 * 1024)
            if _sha256(paths[name]) != manifest["sha256"][name]:
                raise BackupError(
                    _("Tệp %(name)s của bản sao lưu %(id)s không khớp SHA-256: bản sao lưu bị hỏng.")
                    % {"name": name, "id": backup_id}
                )
        counts = _restore_database(paths["database.dump"], manifest, database)
        _restore_media(paths["media.zip"])
    mismatched = {label: (n, counts.get(label)) for label, n in manifest["counts"].items() if counts.get(label) != n}
    if mismatched:
        raise BackupError(_("Sau khi khôi phục, số bản ghi không khớp: %(diff)s.") % {"diff": mismatched})
    return manifest, counts


def _restore_database(dump, manifest, database):
    db = connection.settings_dict
    if manifest["database"] != connection.vendor:
        raise BackupError(_("Bản sao lưu là của %(vendor)s.") % {"vendor": manifest["database"]})
    if connection.vendor == "sqlite":
        target = database or db["NAME"]
        shutil.copyfile(dump, target)
        return _counts_in_sqlite(target)
    name = database or db["NAME"]
    env = _pg_env(db)
    if database:
        _create_database(db, database)
        options = []
    else:
        options = ["--clean", "--if-exists"]
    result = subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *options, *_pg_args(db, name), dump],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(_("pg_restore thất bại: %(error)s") % {"error": result.stderr.strip()[-500:]})
    return _counts_in_postgres(db, name)


def _connect(db, name, **options):
    import psycopg

    params = {"dbname": name, "host": db.get("HOST") or None, "port": db.get("PORT") or None}
    params.update(user=db.get("USER") or None, password=db.get("PASSWORD") or None)
    return psycopg.connect(**{k: v for k, v in params.items() if v}, **options)


def _create_database(db, name):
    # CREATE DATABASE cannot run in a transaction: a connection of its own, to the server's "postgres" database.
    with _connect(db, "postgres", autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            raise BackupError(_("Cơ sở dữ liệu %(name)s đã có; hãy chọn tên mới.") % {"name": name})
        admin.execute(f'CREATE DATABASE "{name}"')


def _table(label):
    return apps.get_model(label)._meta.db_table


def _counts_in_postgres(db, name):
    import psycopg

    params = {"dbname": name, "host": db.get("HOST") or None, "port": db.get("PORT") or None}
    params.update(user=db.get("USER") or None, password=db.get("PASSWORD") or None)
    with psycopg.connect(**{k: v for k, v in params.items() if v}) as conn:
        return {
            label: conn.execute(f'SELECT COUNT(*) FROM "{_table(label)}"').fetchone()[0] for label in COUNTED_MODELS
        }


def _counts_in_sqlite(path):
    with sqlite3.connect(path) as conn:
        return {
            label: conn.execute(f'SELECT COUNT(*) FROM "{_table(label)}"').fetchone()[0] for label in COUNTED_MODELS
        }


def _restore_media(path):
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            alias, name = member.split("/", 1)
            target = storage(alias)
            if target.exists(name):
                continue  # the same name is the same file: uploads never overwrite
            with archive.open(member) as handle:
                target.save(name, File(handle, name=name))
