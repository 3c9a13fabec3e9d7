"""Reading and checking a roster of units (CSV or XLSX, as staff keep it).

A roster is read completely and checked row by row before anything changes:
`read_roster` returns the normalised rows, or raises `RosterInvalid` with every
problem found, each tied to its line, in Vietnamese.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from home.tabular import (
    RowError,
    TableInvalid,
    csv_records,
    fold,
    is_xlsx,
    mojibake_error,
    normalise_text,
    read_table,
    xlsx_sheets,
)

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
# Optional columns after the fixed header: where the unit is, for the directory's map (decimal degrees).
LOCATION_COLUMNS = {"latitude": (-90, 90), "longitude": (-180, 180)}

CODE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HOSTNAME_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")

RosterError = RowError
RosterInvalid = TableInvalid


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
            # Coordinates only when the roster has their columns: a roster without them keeps what units have.
            **self.extra,
        }


def read_records(data):
    """Yield (line number, {column: raw value}) for each data row of a roster file's bytes."""
    if not data.strip():
        raise RosterInvalid([RosterError(None, _("Tệp danh sách đơn vị trống."))])
    records = next(iter(xlsx_sheets(data).values()), []) if is_xlsx(data) else csv_records(data)
    yield from read_table(records, REQUIRED_COLUMNS)


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


def _location(line, raw, errors):
    """{"latitude": Decimal or None, "longitude": …} for the location columns the file has."""
    location = {}
    for column, (low, high) in LOCATION_COLUMNS.items():
        if column not in raw:
            continue
        value = normalise_text(str(raw[column])).replace(",", ".")
        if not value:
            location[column] = None
            continue
        try:
            number = Decimal(value).quantize(Decimal("0.00001"))
        except InvalidOperation:
            number = None
        if number is None or not low <= number <= high:
            errors.append(
                RosterError(
                    line,
                    _("%(column)s “%(value)s” không hợp lệ: nhập số thập phân từ %(low)d đến %(high)d, ví dụ 22.48556.")
                    % {"column": column, "value": raw[column], "low": low, "high": high},
                    column,
                )
            )
            continue
        location[column] = number
    return location


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
            error = mojibake_error(line, column, values[column])
            if error:
                errors.append(error)
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
                extra=_location(line, raw, errors),
            )
        )

    if not rows:
        raise RosterInvalid([RosterError(None, _("Tệp danh sách đơn vị không có dòng dữ liệu nào."))])

    errors.extend(_check_rows(rows, local=local))
    if errors:
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
