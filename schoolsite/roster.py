"""Reading and checking a roster of units (CSV or XLSX, as staff keep it).

A roster is read completely and checked row by row before anything changes:
`read_roster` returns the normalised rows, or raises `RosterInvalid` with every
problem found, each tied to its line, in Vietnamese.
"""

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from .models import ALLOWED_PARENT_TYPES, DEPARTMENT_CODE, UnitType

COLUMNS = [
    "code",
    "name",
    "short_name",
    "unit_type",
    "district",
    "parent_code",
    "hostname",
    "address",
    "phone",
    "email",
    "head_name",
]
REQUIRED_COLUMNS = ["code", "name", "unit_type", "parent_code", "hostname"]

CODE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HOSTNAME_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")

# Characters a Vietnamese roster may contain once normalised to NFC. Anything
# else ("Æ°", "á»", "¬") is the mark of a file saved in the wrong encoding.
_VIETNAMESE_LETTERS = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư" + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))
_ALLOWED_EXTRA = set(_VIETNAMESE_LETTERS + "–—‘’“”…•·°№²³×")


@dataclass
class RosterError:
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


class RosterInvalid(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class RosterRow:
    line: int
    code: str
    name: str
    short_name: str
    unit_type: str
    district: str
    parent_code: str
    hostname: str
    address: str
    phone: str
    email: str
    head_name: str
    extra: dict = field(default_factory=dict)

    def unit_fields(self):
        """The Unit model fields this row sets."""
        return {
            "name": self.name,
            "short_name": self.short_name,
            "unit_type": self.unit_type,
            "district": self.district,
            "hostname": self.hostname,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
            "head_name": self.head_name,
        }


def normalise_text(value):
    """NFC, single spaces, no surrounding blanks: the form in which text is stored."""
    if value is None:
        return ""
    value = unicodedata.normalize("NFC", str(value))
    return " ".join(value.split())


def fold(value):
    """Lower-case ASCII form of Vietnamese text ("Sở" -> "so", "Đà" -> "da")."""
    value = unicodedata.normalize("NFD", normalise_text(value)).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in value if not unicodedata.combining(c)).lower()


def _decode(data):
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
        raise RosterInvalid(
            [
                RosterError(
                    line,
                    _(
                        "Tệp không đọc được: bảng mã không phải UTF-8 hay Windows-1258. "
                        "Trong Excel, hãy chọn Lưu thành → “CSV UTF-8 (phân cách bằng dấu phẩy)”."
                    ),
                )
            ]
        ) from exc


def _csv_records(data):
    text = _decode(data)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    yield from enumerate(reader, start=1)


def _xlsx_records(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise RosterInvalid([RosterError(None, _("Tệp Excel bị hỏng hoặc không phải định dạng .xlsx."))]) from exc
    sheet = workbook.worksheets[0]
    for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield index, ["" if v is None else _excel_cell(v) for v in values]
    workbook.close()


def _excel_cell(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def is_xlsx(data):
    return data[:4] == b"PK\x03\x04"


def read_records(data):
    """Yield (line number, {column: raw value}) for each data row of a roster file's bytes."""
    if not data.strip():
        raise RosterInvalid([RosterError(None, _("Tệp danh sách đơn vị trống."))])
    records = _xlsx_records(data) if is_xlsx(data) else _csv_records(data)

    header = None
    for line, record in records:
        if header is None:
            if not any(cell.strip() for cell in record):
                continue
            header = [normalise_text(cell).lower().lstrip("\ufeff") for cell in record]
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise RosterInvalid(
                    [
                        RosterError(
                            line,
                            _("Thiếu cột bắt buộc: %(columns)s. Dòng tiêu đề phải là: %(header)s")
                            % {"columns": ", ".join(missing), "header": ",".join(COLUMNS)},
                        )
                    ]
                )
            continue
        if not any(str(cell).strip() for cell in record):
            continue
        values = {name: (record[i] if i < len(record) else "") for i, name in enumerate(header)}
        yield line, values
    if header is None:
        raise RosterInvalid([RosterError(None, _("Tệp danh sách đơn vị trống."))])


def _normalise_hostname(value):
    value = normalise_text(value).lower()
    value = re.sub(r"^https?://", "", value).split("/")[0].rstrip(".")
    try:
        return value.encode("idna").decode("ascii")
    except UnicodeError:
        return value


def _valid_hostname(hostname):
    labels = hostname.split(".")
    return len(hostname) <= 253 and len(labels) >= 2 and all(HOSTNAME_LABEL_RE.match(label) for label in labels)


def _normalise_phone(value, from_excel):
    value = normalise_text(value)
    # Excel turns "0214 3840 123" typed as a number into 2143840123.
    if from_excel and value.isdigit() and not value.startswith("0") and len(value) in (9, 10):
        value = "0" + value
    return value


def _bad_characters(value):
    return sorted({c for c in value if ord(c) > 126 and c not in _ALLOWED_EXTRA})


def parse_roster(path, *, local=False):
    """Read and check a roster; return its rows or raise RosterInvalid with every error."""
    data = Path(path).read_bytes()
    from_excel = is_xlsx(data)
    errors = []
    rows = []
    for line, raw in read_records(data):
        values = {}
        for column in COLUMNS:
            values[column] = normalise_text(raw.get(column, ""))
            bad = _bad_characters(values[column])
            if bad:
                errors.append(
                    RosterError(
                        line,
                        _(
                            "có ký tự lạ “%(chars)s” — tệp có thể bị lưu sai bảng mã. "
                            "Hãy lưu lại dưới dạng “CSV UTF-8” hoặc .xlsx."
                        )
                        % {"chars": "".join(bad)},
                        column,
                    )
                )
        code = values["code"].lower()
        unit_type = fold(values["unit_type"]).replace(" ", "").replace("&", "")
        hostname = f"{code}.localhost" if local else _normalise_hostname(values["hostname"])
        rows.append(
            RosterRow(
                line=line,
                code=code,
                name=values["name"],
                short_name=values["short_name"] or values["name"],
                unit_type=unit_type,
                district=values["district"],
                parent_code=values["parent_code"].lower(),
                hostname=hostname,
                address=values["address"],
                phone=_normalise_phone(raw.get("phone", ""), from_excel),
                email=values["email"].lower(),
                head_name=values["head_name"],
            )
        )

    if not rows:
        raise RosterInvalid([RosterError(None, _("Tệp danh sách đơn vị không có dòng dữ liệu nào."))])

    errors.extend(_check_rows(rows, local=local))
    if errors:
        errors.sort(key=lambda e: e.line or 0)
        raise RosterInvalid(errors)
    return rows


def _check_rows(rows, *, local):
    errors = []
    by_code = {}
    by_hostname = {}
    valid_types = {t.value for t in UnitType}

    for row in rows:
        if not row.code:
            errors.append(RosterError(row.line, _("thiếu mã đơn vị."), "code"))
        elif not CODE_RE.match(row.code):
            errors.append(
                RosterError(
                    row.line,
                    _(
                        "mã đơn vị “%(code)s” không hợp lệ: chỉ dùng chữ thường không dấu, "
                        "chữ số và dấu gạch nối (ví dụ thpt-so1-bao-yen)."
                    )
                    % {"code": row.code},
                    "code",
                )
            )
        elif row.code in by_code:
            errors.append(
                RosterError(
                    row.line,
                    _("mã đơn vị “%(code)s” trùng với dòng %(other)d.")
                    % {"code": row.code, "other": by_code[row.code].line},
                    "code",
                )
            )
        else:
            by_code[row.code] = row

        if not row.name:
            errors.append(RosterError(row.line, _("thiếu tên đơn vị."), "name"))

        if row.unit_type not in valid_types:
            errors.append(
                RosterError(
                    row.line,
                    _("loại đơn vị “%(value)s” không hợp lệ; dùng một trong: %(choices)s.")
                    % {"value": row.unit_type, "choices": ", ".join(sorted(valid_types))},
                    "unit_type",
                )
            )

        if not row.hostname:
            errors.append(RosterError(row.line, _("thiếu tên miền."), "hostname"))
        elif not _valid_hostname(row.hostname):
            errors.append(
                RosterError(row.line, _("tên miền “%(value)s” không hợp lệ.") % {"value": row.hostname}, "hostname")
            )
        elif row.hostname in by_hostname:
            errors.append(
                RosterError(
                    row.line,
                    _("tên miền “%(value)s” trùng với dòng %(other)d.")
                    % {"value": row.hostname, "other": by_hostname[row.hostname].line},
                    "hostname",
                )
            )
        else:
            by_hostname[row.hostname] = row

        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                errors.append(
                    RosterError(
                        row.line, _("địa chỉ thư điện tử “%(value)s” không hợp lệ.") % {"value": row.email}, "email"
                    )
                )

    departments = [row for row in rows if row.unit_type == UnitType.SO]
    if len(departments) != 1 or departments[0].code != DEPARTMENT_CODE:
        errors.append(
            RosterError(
                departments[1].line if len(departments) > 1 else None,
                _("danh sách phải có đúng một Sở, với mã “%(code)s” và loại “so”.") % {"code": DEPARTMENT_CODE},
                "unit_type",
            )
        )

    for row in rows:
        if row.unit_type not in valid_types:
            continue
        allowed = ALLOWED_PARENT_TYPES[UnitType(row.unit_type)]
        if not allowed:
            if row.parent_code:
                errors.append(RosterError(row.line, _("Sở không có đơn vị cấp trên; để trống cột này."), "parent_code"))
            continue
        if not row.parent_code:
            errors.append(RosterError(row.line, _("thiếu mã đơn vị cấp trên."), "parent_code"))
            continue
        parent = by_code.get(row.parent_code)
        if parent is None:
            errors.append(
                RosterError(
                    row.line,
                    _("đơn vị cấp trên “%(code)s” không có trong danh sách.") % {"code": row.parent_code},
                    "parent_code",
                )
            )
        elif parent.unit_type in valid_types and parent.unit_type not in allowed:
            errors.append(
                RosterError(
                    row.line,
                    _("đơn vị loại “%(type)s” không thể trực thuộc “%(parent)s” (loại “%(parent_type)s”).")
                    % {"type": row.unit_type, "parent": parent.code, "parent_type": parent.unit_type},
                    "parent_code",
                )
            )
    return errors
