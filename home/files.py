"""Checks on uploaded files: the type read from the content, not from the name.

A renamed executable called "quyet-dinh.pdf" is refused because its first
bytes say what it really is. Used by the document library, news attachments,
imports and (later) the Q&A form.
"""

import hashlib
import io
import os
import re

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Extension -> the kinds `filetype` may detect for a genuine file of that extension.
# Word and Excel 97-2003 files share the OLE container; filetype tells them apart.
ALLOWED_ATTACHMENTS = {
    "pdf": {"pdf"},
    "doc": {"doc"},
    "docx": {"docx"},
    "odt": {"odt"},
    "xls": {"xls"},
    "xlsx": {"xlsx"},
    "ods": {"ods"},
    "ppt": {"ppt"},
    "pptx": {"pptx"},
    "odp": {"odp"},
    "mp4": {"mp4", "m4v"},  # videos of photo albums (gallery.blocks.VideoFileBlock)
}
KIND_LABELS = {
    "pdf": "PDF",
    "doc": "Word (.doc)",
    "docx": "Word (.docx)",
    "odt": "OpenDocument (.odt)",
    "xls": "Excel (.xls)",
    "xlsx": "Excel (.xlsx)",
    "ods": "OpenDocument (.ods)",
    "ppt": "PowerPoint (.ppt)",
    "pptx": "PowerPoint (.pptx)",
    "odp": "OpenDocument (.odp)",
    "mp4": "Video MP4",
    "m4v": "Video MP4",
    "exe": _("tệp chương trình (.exe)"),
    "elf": _("tệp chương trình"),
    "zip": _("tệp nén ZIP"),
    "rar": _("tệp nén RAR"),
}


def extension_of(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def detected_kind(fileobj):
    """The file's kind read from its first bytes (e.g. "pdf", "docx", "exe"), or None."""
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(position)
    kind = filetype.guess(head)
    return kind.extension if kind else None


def check_attachment(fileobj, name=None, max_size=None):
    """Raise ValidationError (in Vietnamese) unless the file is an allowed document of its stated type."""
    name = name or getattr(fileobj, "name", "")
    max_size = max_size or settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    size = getattr(fileobj, "size", None)
    if size is None:
        fileobj.seek(0, os.SEEK_END)
        size = fileobj.tell()
        fileobj.seek(0)
    if size > max_size:
        raise ValidationError(
            _("Tệp %(name)s nặng %(size)s, vượt giới hạn %(limit)s.")
            % {"name": os.path.basename(name), "size": filesizeformat(size), "limit": filesizeformat(max_size)},
            code="file_too_large",
        )
    if size == 0:
        raise ValidationError(_("Tệp %(name)s rỗng.") % {"name": os.path.basename(name)}, code="empty_file")
    extension = extension_of(name)
    if extension not in ALLOWED_ATTACHMENTS:
        raise ValidationError(
            _("Không nhận tệp .%(ext)s. Chỉ nhận: %(allowed)s.")
            % {"ext": extension or "?", "allowed": ", ".join(sorted(ALLOWED_ATTACHMENTS))},
            code="extension_not_allowed",
        )
    kind = detected_kind(fileobj)
    if kind not in ALLOWED_ATTACHMENTS[extension]:
        actual = KIND_LABELS.get(kind, kind) if kind else _("không xác định")
        raise ValidationError(
            _("Tệp %(name)s mang đuôi .%(ext)s nhưng nội dung là %(actual)s; tệp bị từ chối.")
            % {"name": os.path.basename(name), "ext": extension, "actual": actual},
            code="content_mismatch",
        )
    return kind


def sha256_of(fileobj):
    digest = hashlib.sha256()
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(position)
    return digest.hexdigest()


def normalise_filename(name, max_length=100):
    """A stored file name that every system handles: "Quyết định số 12 (bản ký).PDF" -> "quyet-dinh-so-12-ban-ky.pdf".

    Only the last path component is kept, Vietnamese is folded to ASCII, anything
    but letters, digits, dots, hyphens and underscores becomes a hyphen, and a
    leading dot (a hidden file) is dropped.
    """
    from .tabular import fold

    base = os.path.basename((name or "").replace("\\", "/"))
    stem, extension = os.path.splitext(base)
    stem = re.sub(r"[^a-z0-9_]+", "-", fold(stem)).strip("-_.") or "tep"
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())
    stem = stem[: max(1, max_length - len(extension) - 1)].rstrip("-")
    return f"{stem}.{extension}" if extension else stem


# Pillow format -> save options. Re-encoding keeps the picture and drops everything
# else a file may carry: EXIF (GPS positions of pupils' photos), comments, and
# bytes appended after the image (HTML or script in a "polyglot" file).
_REENCODE = {
    "JPEG": {"quality": 90, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90, "method": 4},
    "GIF": {},
}


def reencode_image(uploaded):
    """The uploaded image decoded and encoded again in its own format, upright, without metadata.

    Returns a new in-memory upload with a normalised name; raises ValidationError
    (in Vietnamese) when the content is not a picture Pillow can decode.
    """
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageOps, UnidentifiedImageError

    uploaded.seek(0)
    try:
        with Image.open(uploaded) as original:
            image_format = original.format
            if image_format not in _REENCODE:
                raise UnidentifiedImageError(image_format)
            options = dict(_REENCODE[image_format])
            frames = getattr(original, "n_frames", 1)
            if frames > 1 and image_format in ("GIF", "WEBP"):
                options.update(save_all=True, loop=original.info.get("loop", 0), duration=original.info.get("duration"))
                picture = original
                output = io.BytesIO()
                picture.save(output, image_format, **{k: v for k, v in options.items() if v is not None})
            else:
                picture = ImageOps.exif_transpose(original)
                if image_format == "JPEG" and picture.mode not in ("RGB", "L", "CMYK"):
                    picture = picture.convert("RGB")
                if original.info.get("icc_profile"):
                    options["icc_profile"] = original.info["icc_profile"]
                if image_format == "GIF" and "transparency" in original.info:
                    options["transparency"] = original.info["transparency"]
                output = io.BytesIO()
                picture.save(output, image_format, **options)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("Tệp %(name)s không phải là ảnh hợp lệ (JPEG, PNG, GIF, WebP).")
            % {"name": os.path.basename(uploaded.name or "")},
            code="invalid_image",
        ) from exc
    content_type = Image.MIME.get(image_format, "application/octet-stream")
    return SimpleUploadedFile(normalise_filename(uploaded.name), output.getvalue(), content_type=content_type)
