"""The province owns its data: the hand-over archive, backups and restores, media on an S3-compatible server.

The round trip and the restores use real, separate PostgreSQL databases: a new
installation is migrated and driven through manage.py in its own process, as a
new provider would.
"""

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import TestCase, override_settings
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from home.demo import landscape_jpeg, minimal_pdf
from portability import backups
from schoolsite.models import Unit

from .conftest import site_client

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def database_url(name):
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def manage(*args, database, media):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="sgddt.settings.test",
        DATABASE_URL=database_url(database),
        TEST_MEDIA_ROOT=str(media / "public"),
        TEST_PRIVATE_MEDIA_ROOT=str(media / "private"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-9000:]
    return result.stdout


def server_sql(statement):
    """CREATE/DROP DATABASE, which cannot run inside the test's transaction."""
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(statement)


@pytest.fixture
def new_database():
    """The name of a database that does not exist yet; dropped afterwards."""
    name = f"sgddt_new_{uuid.uuid4().hex[:10]}"
    yield name
    server_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def first_difference(first, second, names):
    """Where two archives differ, for the failure message."""
    import difflib

    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        name = sorted(names)[0]
        diff = difflib.unified_diff(a.read(name).decode().splitlines(), b.read(name).decode().splitlines(), n=1)
        return f"{sorted(names)}\n{name}:\n" + "\n".join(list(diff)[:30])


def data_digests(manifest):
    return {name: entry["sha256"] for name, entry in manifest["files"].items()}


def test_export_import_into_a_new_installation_and_export_again_is_identical(tmp_path, new_database):
    first = tmp_path / "cong-so.zip"
    out = io.StringIO()
    call_command("export_portal", str(first), stdout=out)
    assert "Đã xuất" in out.getvalue()
    with zipfile.ZipFile(first) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        users = json.loads(archive.read("data/auth.user.json"))
        pages = archive.read("data/wagtailcore.page.json").decode("utf-8")
    assert manifest["models"]["schoolsite.unit"] == Unit.objects.count()
    assert manifest["models"]["wagtailcore.page"] == Page.objects.count()
    assert manifest["models"]["legal_docs.documentrelation"] > 0  # relations between documents
    assert any(name.startswith("media/default/original_images/") for name in manifest["files"])
    assert any(name.startswith("media/default/documents/") for name in manifest["files"])
    assert "Sở Giáo dục và Đào tạo" in pages  # Vietnamese text, readable in the file
    assert {user["fields"]["password"] for user in users} == {"!"}  # no password hashes unless asked

    # A new provider: an empty installation, migrated, then the archive imported.
    server_sql(f'CREATE DATABASE "{new_database}"')
    media = tmp_path / "new-media"
    manage("migrate", "--noinput", database=new_database, media=media)
    imported = manage("import_portal", str(first), database=new_database, media=media)
    assert "Đã nhập" in imported
    # Importing twice is refused: the installation is no longer empty.
    refused = subprocess.run(
        [sys.executable, "manage.py", "import_portal", str(first)],
        cwd=ROOT,
        env=dict(os.environ, DJANGO_SETTINGS_MODULE="sgddt.settings.test", DATABASE_URL=database_url(new_database)),
        capture_output=True,
        text=True,
    )
    assert refused.returncode != 0 and "đã có dữ liệu" in refused.stderr

    second = tmp_path / "lan-hai.zip"
    manage("export_portal", str(second), database=new_database, media=media)
    with zipfile.ZipFile(second) as archive:
        again = json.loads(archive.read("manifest.json"))
    assert again["models"] == manifest["models"]
    differing = {name for name, digest in data_digests(again).items() if data_digests(manifest).get(name) != digest}
    assert data_digests(again).keys() == data_digests(manifest).keys()
    assert not differing, first_difference(first, second, differing)

    # The same sites answer in the new installation, search included.
    school = Unit.objects.get(code="thpt-chuyen")
    browse = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.test import Client; "
        f"c = Client(HTTP_HOST='{school.hostname}'); "
        "home = c.get('/'); search = c.get('/tim-kiem/', {'q': 'tuyen sinh'}); "
        "print(home.status_code, search.status_code, 'kết quả' in search.content.decode()); "
        "print(home.content.decode().split('<title>')[1].split('</title>')[0])",
        database=new_database,
        media=media,
    )
    assert browse.splitlines()[0] == "200 200 True"
    assert school.name in browse


def test_a_corrupted_or_truncated_archive_is_refused_and_nothing_changes(tmp_path, school):
    good = tmp_path / "good.zip"
    call_command("export_portal", str(good), stdout=io.StringIO())
    pages = Page.objects.count()

    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(CommandError, match="không phải tệp ZIP hợp lệ hoặc bị cắt cụt"):
        call_command("import_portal", str(truncated))

    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "data/schoolsite.unit.json":
                data = data.replace(school.name.encode(), b"Truong da bi sua")
            target.writestr(info, data)
    with pytest.raises(CommandError, match="không khớp mã kiểm tra SHA-256"):
        call_command("import_portal", str(tampered))

    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("import_portal", str(good))  # this installation is not empty
    assert Page.objects.count() == pages
    assert Unit.objects.get(pk=school.pk).name == school.name


def test_backup_then_restore_into_a_new_database(tmp_path, new_database):
    out = io.StringIO()
    call_command("backup", "--target", str(tmp_path / "backups"), stdout=out)
    backup_id = out.getvalue().split("Đã sao lưu ")[1].split(":")[0]
    folder = tmp_path / "backups" / backup_id
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["counts"]["schoolsite.unit"] == Unit.objects.count()
    assert manifest["media_files"] > 0
    assert (folder / "database.dump").read_bytes()[:5] == b"PGDMP"

    listing = io.StringIO()
    call_command("restore", "--target", str(tmp_path / "backups"), stdout=listing)
    assert backup_id in listing.getvalue()
    restored = io.StringIO()
    call_command(
        "restore", backup_id, "--database", new_database, "--target", str(tmp_path / "backups"), stdout=restored
    )
    assert f"schoolsite.unit: {Unit.objects.count()}" in restored.getvalue()
    assert f"wagtailcore.page: {Page.objects.count()}" in restored.getvalue()

    # A damaged backup is refused before anything is restored.
    with open(folder / "database.dump", "r+b") as handle:
        handle.seek(100)
        handle.write(b"XXXX")
    with pytest.raises(CommandError, match="không khớp SHA-256"):
        call_command("restore", backup_id, "--database", f"{new_database}_2", "--target", str(tmp_path / "backups"))


def test_retention_keeps_recent_days_and_one_backup_a_month(tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path)
    names = [
        "20260805T020000Z",
        "20260915T020000Z",
        "20260930T020000Z",
        "20261031T020000Z",
        "20261123T020000Z",
        "20261124T020000Z",
        "20261124T140000Z",
        "20261125T020000Z",
    ]
    for name in names:
        storage.save(f"{name}/manifest.json", ContentFile(b"{}"))
    deleted = backups.apply_retention(storage, keep_daily=2, keep_monthly=3)
    assert backups.list_backups(storage) == [
        "20260930T020000Z",
        "20261031T020000Z",
        "20261124T140000Z",
        "20261125T020000Z",
    ]
    assert sorted(deleted) == sorted(set(names) - set(backups.list_backups(storage)))


# --- An S3-compatible server (moto's standalone server) -------------------------------


@pytest.fixture(scope="module")
def s3_server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def s3_media(s3_server, monkeypatch):
    """Media in a fresh bucket of the S3-compatible server, as production sets it with AWS_* variables."""
    import boto3

    bucket = f"sgddt-{uuid.uuid4().hex[:8]}"
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}
    client = boto3.client("s3", endpoint_url=s3_server, **credentials)
    client.create_bucket(Bucket=bucket)
    # Images are readable by anyone (their URLs are in pages); documents go through the portal's view,
    # question attachments stay private.
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": [f"arn:aws:s3:::{bucket}/{prefix}/*" for prefix in ("original_images", "images")],
            }
        ],
    }
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_read))
    for key, value in [
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_S3_REGION_NAME", "us-east-1"),
    ]:
        monkeypatch.setenv(key, value)
    s3 = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": s3_server,
            "access_key": "test",
            "secret_key": "test",
            "region_name": "us-east-1",
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    private = {**s3, "OPTIONS": {**s3["OPTIONS"], "location": "private", "querystring_auth": True}}
    with override_settings(
        STORAGES={**settings.STORAGES, "default": s3, "private": private}, AWS_S3_ENDPOINT_URL=s3_server
    ):
        yield client, bucket


def keys(client, bucket):
    return {item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])}


def test_images_and_documents_live_on_the_s3_server(s3_media, school, login_client):
    client, bucket = s3_media
    editor = login_client(f"{school.code}.bientap")
    upload = io.BytesIO(landscape_jpeg(3, 800, 450))
    upload.name = "le-khai-giang.jpg"
    response = editor.post(
        "/admin/images/add/", {"title": "Lễ khai giảng", "file": upload, "collection": school.collection_id}
    )
    assert response.status_code in (200, 302)
    image = get_image_model().objects.get(title="Lễ khai giảng")
    assert image.file.name in keys(client, bucket)

    # A rendition is made from the original in the bucket, stored there, and served from there.
    rendition = image.get_rendition("fill-320x180|format-webp")
    assert rendition.file.name in keys(client, bucket)
    with urllib.request.urlopen(rendition.url) as served:
        assert served.read()[:4] == b"RIFF"

    pdf = io.BytesIO(minimal_pdf(["Ke hoach nam hoc"]))
    pdf.name = "ke-hoach.pdf"
    editor.post("/admin/documents/add/", {"title": "Kế hoạch năm học", "file": pdf, "collection": school.collection_id})
    document = get_document_model().objects.get(title="Kế hoạch năm học")
    assert document.file.name in keys(client, bucket)
    download = site_client(school).get(document.url)
    body = b"".join(download.streaming_content) if download.streaming else download.content
    assert download.status_code == 200 and body.startswith(b"%PDF")

    # Deleting in the admin removes the files from the bucket.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = editor.post(f"/admin/images/{image.pk}/delete/")
    assert response.status_code == 302
    assert image.file.name not in keys(client, bucket) and rendition.file.name not in keys(client, bucket)


def test_backup_to_an_s3_bucket_and_restore_from_it(s3_media, new_database, tmp_path):
    client, bucket = s3_media
    target = f"s3://{bucket}/sao-luu"
    out = io.StringIO()
    call_command("backup", "--target", target, stdout=out)
    backup_id = out.getvalue().split("Đã sao lưu ")[1].split(":")[0]
    assert f"sao-luu/{backup_id}/database.dump" in keys(client, bucket)
    restored = io.StringIO()
    call_command("restore", backup_id, "--database", new_database, "--target", target, stdout=restored)
    assert f"schoolsite.unit: {Unit.objects.count()}" in restored.getvalue()
    shutil.rmtree(tmp_path, ignore_errors=True)
