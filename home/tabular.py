"""Reading tables as staff keep them: CSV from any Excel or LibreOffice, or XLSX.

Shared by every import (roster of units, documents, procedures): the file is
decoded whatever its encoding (UTF-8 with or without BOM, UTF-16, Windows-1258),
text is normalised to NFC, headers are matched without accents or case, and
problems are collected row by row, in Vietnamese, before anything is written.
"""

import codecs
import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Characters Vietnamese text may contain once normalised to NFC. Anything else
# ("Æ°", "á»", "¬") is the mark of a file saved in the wrong encoding.
_VIETNAMESE_LETTERS = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư" + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))
_ALLOWED_EXTRA = set(_VIETNAMESE_LETTERS + "–—‘’“”…•·°№²³×")


@dataclass
class RowError:
    line: int | None
    message: str
    column: str | None = None

    def __str__(self):
        where = []
        if self.line:
            where.append(_("Dòng %(line)d") % {"line": self.line})
        if self.column:
            where.append(_("cột %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


class TableInvalid(Exception):
    """Every problem of a table, so that a person can fix them all in one go."""

    def __init__(self, errors):
        self.errors = sorted(errors, key=lambda e: e.line or 0)
        super().__init__("\n".join(str(e) for e in self.errors))


# Control characters (NUL and the like) that no typed text contains; PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise_text(value):
    """NFC, no control characters, single spaces, no surrounding blanks: the form in which text is stored."""
    if value is None:
        return ""
    value = unicodedata.normalize("NFC", _CONTROL.sub("", str(value)))
    return " ".join(value.split())


def fold(value):
    """Lower-case ASCII form of Vietnamese text ("Sở" -> "so", "Đà" -> "da")."""
    value = unicodedata.normalize("NFD", normalise_text(value)).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in value if not unicodedata.combining(c)).lower()


# Vietnamese alphabetical order: ă, â, đ, ê, ô, ơ, ư are letters of their own; tone marks decide only ties.
VIETNAMESE_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def vietnamese_sort_key(value):
    """Sort key for Vietnamese names, as a Vietnamese reader expects: "Bảo Thắng" < "Bảo Yên" < "Bát Xát" < "Bắc Hà"."""
    decomposed = unicodedata.normalize("NFD", normalise_text(value).lower())
    letters = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    rank = {" ": -1} | {letter: position for position, letter in enumerate(VIETNAMESE_ALPHABET)}  # "Ba Bể" < "Bảo"
    return ([rank.get(c, 100 + ord(c)) for c in letters], decomposed)


def header_key(value):
    """A column header as a key: "Số ký hiệu" -> "so_ky_hieu", "ngay_ban_hanh" stays."""
    return re.sub(r"[^a-z0-9]+", "_", fold(str(value).lstrip("\ufeff"))).strip("_")


def bad_characters(value):
    return sorted({c for c in value if ord(c) > 126 and c not in _ALLOWED_EXTRA})


def mojibake_error(line, column, value):
    bad = bad_characters(value)
    if not bad:
        return None
    return RowError(
        line,
        _("có ký tự lạ “%(chars)s” — tệp có thể bị lưu sai bảng mã. Hãy lưu lại dưới dạng “CSV UTF-8” hoặc .xlsx.")
        % {"chars": "".join(bad)},
        column,
    )


def is_xlsx(data):
    return data[:4] == b"PK\x03\x04"


def decode(data):
    """Decode a CSV file as Excel and Vietnamese offices save them."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1258, the legacy Vietnamese code page of older Excel versions.
        return data.decode("cp1258")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TableInvalid(
            [
                RowError(
                    line,
                    _(
                        "Tệp không đọc được: bảng mã không phải UTF-8 hay Windows-1258. "
                        "Trong Excel, hãy chọn Lưu thành → “CSV UTF-8 (phân cách bằng dấu phẩy)”."
                    ),
                )
            ]
        ) from exc


def _excel_cell(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def csv_records(data):
    text = decode(data)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    yield from enumerate(reader, start=1)


def xlsx_sheets(data):
    """{sheet key: [(line, [cells])]} of a workbook."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise TableInvalid([RowError(None, _("Tệp Excel bị hỏng hoặc không phải định dạng .xlsx."))]) from exc
    sheets = {}
    for sheet in workbook.worksheets:
        sheets[header_key(sheet.title)] = [
            (index, ["" if v is None else _excel_cell(v) for v in values])
            for index, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    workbook.close()
    return sheets


def read_table(records, required, aliases=None):
    """Yield (line, {column key: text}) for each data row; raise TableInvalid if the header lacks columns.

    `aliases` maps other header keys to the canonical ones (e.g. "ngay_hieu_luc" -> "ngay_co_hieu_luc").
    """
    aliases = aliases or {}
    header = None
    for line, record in records:
        if header is None:
            if not any(str(cell).strip() for cell in record):
                continue
            header = [aliases.get(header_key(cell), header_key(cell)) for cell in record]
            missing = [c for c in required if c not in header]
            if missing:
                raise TableInvalid(
                    [RowError(line, _("Thiếu cột bắt buộc: %(columns)s.") % {"columns": ", ".join(missing)})]
                )
            continue
        if not any(str(cell).strip() for cell in record):
            continue
        yield line, {name: (record[i] if i < len(record) else "") for i, name in enumerate(header)}
    if header is None:
        raise TableInvalid([RowError(None, _("Tệp trống, không có dòng tiêu đề."))])


def parse_date(value):
    """A date as written in Vietnamese offices (25/11/2026, 25-11-2026) or ISO; None if empty; ValueError if wrong."""
    value = normalise_text(value)
    if not value:
        return None
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)
