"""Reading the province directory: an LDAP server, or a CSV/XLSX/JSON file.

Each reader returns every person as a `SourcedEntry` (the `DirectoryEntry` and
where it came from: a line, an item or a DN) together with every problem found,
in Vietnamese, so that the sync can refuse with the complete list; a source that
cannot be read at all raises `SyncRefused`.

LDAP layout (see docs/dong-bo-nguoi-dung.md):

- people are the entries under `LDAP_USER_BASE` matching `LDAP_USER_FILTER`;
  login name from `LDAP_USERNAME_ATTRIBUTE` (uid), name from displayName or cn,
  e-mail from mail, stable id from entryUUID;
- a person's unit is the value of `LDAP_UNIT_ATTRIBUTE`, or when that is empty
  the `ou=` directly below `LDAP_USER_BASE` (uid=an,ou=thpt-chuyen,ou=people,...);
- roles are groups (groupOfNames, groupOfUniqueNames or posixGroup) under
  `LDAP_GROUP_BASE`, named by their cn (bientap, duyet, quantri,
  duyet-toan-nganh). A group inside `ou=<unit code>` directly below the group
  base gives the role in that unit; a group directly under the group base gives
  the role in each member's own unit; duyet-toan-nganh is always the department's.
"""

import csv
import io
import json
import re
import ssl
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from home.tabular import (
    TableInvalid,
    decode,
    is_xlsx,
    mojibake_error,
    normalise_text,
    read_table,
    xlsx_sheets,
)
from schoolsite.models import DEPARTMENT_CODE

from .directory import SECTOR_ROLE, DirectoryEntry, parse_role
from .models import DirectorySource

# Entries per page of an LDAP search: below the 500 results OpenLDAP and Active Directory allow per request.
LDAP_PAGE_SIZE = 400
LDAP_GROUP_FILTER = "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup))"

# Header keys (accents and case folded) people use for the file columns.
FILE_COLUMN_ALIASES = {
    "ten_dang_nhap": "username",
    "tai_khoan": "username",
    "uid": "username",
    "login": "username",
    "ho_ten": "full_name",
    "ho_va_ten": "full_name",
    "name": "full_name",
    "thu_dien_tu": "email",
    "mail": "email",
    "e_mail": "email",
    "unit": "unit_code",
    "ma_don_vi": "unit_code",
    "don_vi": "unit_code",
    "vai_tro": "role",
    "roles": "role",
}
FILE_REQUIRED_COLUMNS = ["username", "unit_code", "role"]
ROLE_SEPARATORS = re.compile(r"[;,\n]")


@dataclass
class SourceProblem:
    """One problem of a source, tied to where it is (a line, an item, a DN)."""

    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}" if self.where else self.message


class SyncRefused(Exception):
    """The sync will not run; nothing was changed. `problems` lists the details."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


class SourceInvalid(SyncRefused):
    def __init__(self, problems):
        problems = list(problems)
        super().__init__(
            _("Nguồn có %(count)d lỗi; không có gì bị thay đổi.") % {"count": len(problems)},
            problems,
        )


@dataclass
class SourcedEntry:
    where: str
    entry: DirectoryEntry


def source_kind(location):
    return DirectorySource.LDAP if re.match(r"^ldaps?://", location, re.IGNORECASE) else DirectorySource.FILE


def read_source(location):
    """(kind, [SourcedEntry], [SourceProblem]) of an `ldap://`/`ldaps://` URL or a file path."""
    kind = source_kind(location)
    entries, problems = read_ldap(location) if kind == DirectorySource.LDAP else read_file(location)
    return kind, entries, problems


# --- Files ---------------------------------------------------------------------------------------------


@dataclass
class _Person:
    """A person being assembled from one or more records of a source."""

    where: list
    username: str
    full_name: str = ""
    email: str = ""
    roles: set = field(default_factory=set)
    external_id: str = ""

    def entry(self):
        return DirectoryEntry.build(self.username, self.full_name, self.email, self.roles, self.external_id)


def read_file(path):
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SyncRefused(_("Không đọc được tệp %(path)s.") % {"path": path}) from exc
    if not data.strip():
        raise SyncRefused(_("Tệp %(path)s trống; từ chối đồng bộ, không có gì bị thay đổi.") % {"path": path})
    problems = []
    if Path(path).suffix.lower() == ".json" or data.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] in (b"[", b"{"):
        records = _json_records(data, problems)
    else:
        records = _table_records(data)
    entries = _merge_records(records, problems)
    return entries, problems


def _csv_records(data):
    """CSV as read by home.tabular, with the delimiter taken from the header line only.

    Role cells may hold several roles separated by ";" ("bientap; duyet"); counting
    semicolons over the whole file would take them for the delimiter.
    """
    text = decode(data)
    header = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if header.count(";") > header.count(",") else ","
    yield from enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)


def _table_records(data):
    """Yield (where, username, full_name, email, [(unit text, role text)]) of a CSV or XLSX file."""
    try:
        rows = list(
            read_table(
                next(iter(xlsx_sheets(data).values()), []) if is_xlsx(data) else _csv_records(data),
                FILE_REQUIRED_COLUMNS,
                FILE_COLUMN_ALIASES,
            )
        )
    except TableInvalid as exc:
        raise SourceInvalid(SourceProblem("", str(error)) for error in exc.errors) from exc
    for line, raw in rows:
        where = _("Dòng %(line)d") % {"line": line}
        unit = normalise_text(raw.get("unit_code", ""))
        role_cell = normalise_text(raw.get("role", ""))
        roles = [(unit, text.strip()) for text in ROLE_SEPARATORS.split(role_cell) if text.strip()]
        if unit and not roles:
            roles = [(unit, "")]
        yield where, raw.get("username", ""), raw.get("full_name", ""), raw.get("email", ""), roles


def _json_records(data, problems):
    """Yield the records of a JSON file: a list of {username, full_name, email, roles: [{unit, role}]}."""
    try:
        items = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SourceInvalid([SourceProblem("", _("Tệp JSON phải được lưu bằng bảng mã UTF-8."))]) from exc
    except json.JSONDecodeError as exc:
        where = _("Dòng %(line)d") % {"line": exc.lineno}
        message = _("tệp JSON sai cú pháp (%(error)s).") % {"error": exc.msg}
        raise SourceInvalid([SourceProblem(where, message)]) from exc
    if isinstance(items, dict):
        items = items.get("users")
    if not isinstance(items, list):
        raise SourceInvalid(
            [SourceProblem("", _('Tệp JSON phải là một danh sách người dùng (hoặc {"users": [...]}).'))]
        )
    for number, item in enumerate(items, start=1):
        where = _("Mục %(number)d") % {"number": number}
        if not isinstance(item, dict):
            problems.append(SourceProblem(where, _('mỗi người dùng phải là một đối tượng {"username": ...}.')))
            continue
        roles = item.get("roles") or []
        if not isinstance(roles, list) or not all(isinstance(role, dict) for role in roles):
            problems.append(SourceProblem(where, _('“roles” phải là danh sách dạng [{"unit": ..., "role": ...}].')))
            continue
        pairs = [(str(role.get("unit") or role.get("unit_code") or ""), str(role.get("role") or "")) for role in roles]
        yield where, item.get("username", ""), item.get("full_name", ""), item.get("email", ""), pairs


def _email_problems(where, email):
    try:
        if email:
            validate_email(email)
    except ValidationError:
        return [SourceProblem(where, _("địa chỉ thư điện tử “%(email)s” không hợp lệ.") % {"email": email})]
    return []


def _role_of(unit_text, role_text):
    """((unit code, role), None) or (None, problem message) for one role as a file writes it."""
    unit = normalise_text(unit_text).lower()
    role = parse_role(role_text) if role_text else None
    if not role_text:
        return None, _("đơn vị “%(unit)s” thiếu vai trò.") % {"unit": unit}
    if role is None:
        return None, _("vai trò “%(role)s” không rõ; dùng bientap, duyet, quantri hoặc %(sector)s.") % {
            "role": role_text,
            "sector": SECTOR_ROLE,
        }
    if role == SECTOR_ROLE:
        if unit not in ("", DEPARTMENT_CODE):
            return None, _("vai trò %(role)s chỉ có ở Sở (mã đơn vị “%(code)s”).") % {
                "role": SECTOR_ROLE,
                "code": DEPARTMENT_CODE,
            }
        return (DEPARTMENT_CODE, role), None
    if not unit:
        return None, _("vai trò “%(role)s” thiếu mã đơn vị.") % {"role": role_text}
    return (unit, role), None


def _merge_records(records, problems):
    """One entry per login name: the records of one person (one line per role) are merged."""
    people = {}
    for where, username, full_name, email, roles in records:
        username = normalise_text(username).lower()
        full_name = normalise_text(full_name)
        email = normalise_text(email).lower()
        if not username:
            problems.append(SourceProblem(where, _("thiếu tên đăng nhập.")))
            continue
        problem = mojibake_error(None, None, full_name)
        if problem:
            problems.append(SourceProblem(where, problem.message))
        problems.extend(_email_problems(where, email))
        person = people.get(username)
        if person is None:
            person = people[username] = _Person([where], username, full_name, email)
        else:
            pairs = ((_("họ tên"), person.full_name, full_name), (_("thư điện tử"), person.email, email))
            for label, old, new in pairs:
                if old and new and old != new:
                    problems.append(
                        SourceProblem(
                            where,
                            _("%(what)s của %(username)s khác với %(first)s (“%(old)s” / “%(new)s”).")
                            % {"what": label, "username": username, "first": person.where[0], "old": old, "new": new},
                        )
                    )
            person.where.append(where)
            person.full_name = person.full_name or full_name
            person.email = person.email or email
        for unit_text, role_text in roles:
            role, message = _role_of(unit_text, role_text)
            if message:
                problems.append(SourceProblem(where, message))
            else:
                person.roles.add(role)
    return [SourcedEntry(", ".join(person.where), person.entry()) for person in people.values()]


# --- LDAP ----------------------------------------------------------------------------------------------


def _dn_parts(dn):
    """[(attribute, value)] of a DN, lower-cased for comparison."""
    from ldap3.utils.dn import parse_dn

    return [(attribute.strip().lower(), value.strip().lower()) for attribute, value, _sep in parse_dn(dn)]


def _dn_key(dn):
    try:
        return ",".join(f"{attribute}={value}" for attribute, value in _dn_parts(dn))
    except Exception:  # ldap3 raises LDAPInvalidDnError and others for a malformed value
        return dn.strip().lower()


def _ou_below(dn, base_parts):
    """The `ou=` directly below the base in `dn` ("" when the entry sits right under the base)."""
    parts = _dn_parts(dn)
    if not base_parts or parts[-len(base_parts) :] != base_parts:
        return ""
    below = parts[: -len(base_parts)]
    return next((value for attribute, value in reversed(below) if attribute == "ou"), "")


def _values(attributes, name):
    value = attributes.get(name) if name else None
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [normalise_text(v.decode("utf-8", "replace") if isinstance(v, bytes) else v) for v in values]


def _first(attributes, *names):
    return next((values[0] for name in names if (values := _values(attributes, name))), "")


def _search(connection, base, search_filter, attributes):
    """Every entry of a paged subtree search; refuses a result the server cut short."""
    from ldap3 import SUBTREE

    found = connection.extend.standard.paged_search(
        base, search_filter, SUBTREE, attributes=attributes, paged_size=LDAP_PAGE_SIZE, generator=False
    )
    result = connection.result or {}
    if result.get("result", 0) != 0:
        raise SyncRefused(
            _(
                "Thư mục LDAP chỉ trả về một phần kết quả khi tìm trong %(base)s (%(reason)s); "
                "từ chối đồng bộ, không có gì bị thay đổi. Hãy nới giới hạn số kết quả cho tài khoản đồng bộ."
            )
            % {"base": base, "reason": result.get("description", "")}
        )
    return [item for item in found if item.get("type") == "searchResEntry"]


def read_ldap(url):
    """Read people and their role groups from the LDAP directory at `url` (settings LDAP_*)."""
    from ldap3 import NONE, Connection, Server, Tls
    from ldap3.core.exceptions import LDAPException, LDAPInvalidCredentialsResult

    tls = None
    if url.lower().startswith("ldaps://"):
        tls = Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=settings.LDAP_CA_FILE or None)
    server = Server(url, get_info=NONE, tls=tls, connect_timeout=10)
    user_base = settings.LDAP_USER_BASE
    group_base = settings.LDAP_GROUP_BASE
    username_attribute = settings.LDAP_USERNAME_ATTRIBUTE
    unit_attribute = settings.LDAP_UNIT_ATTRIBUTE
    if not user_base:
        raise SyncRefused(_("Chưa đặt LDAP_USER_BASE (nơi chứa tài khoản trong thư mục)."))
    try:
        connection = Connection(
            server,
            user=settings.LDAP_BIND_DN or None,
            password=settings.LDAP_BIND_PASSWORD or None,
            auto_bind=True,
            read_only=True,
            raise_exceptions=True,
            receive_timeout=60,
            auto_referrals=False,
        )
    except LDAPInvalidCredentialsResult as exc:
        raise SyncRefused(
            _("Thư mục LDAP %(url)s từ chối đăng nhập: kiểm tra LDAP_BIND_DN và LDAP_BIND_PASSWORD.") % {"url": url}
        ) from exc
    except LDAPException as exc:
        raise SyncRefused(_("Không kết nối được thư mục LDAP %(url)s: %(error)s") % {"url": url, "error": exc}) from exc
    try:
        attributes = [username_attribute, "cn", "displayName", "mail", "entryUUID"] + (
            [unit_attribute] if unit_attribute else []
        )
        people = _search(connection, user_base, settings.LDAP_USER_FILTER, attributes)
        groups = []
        if group_base:
            groups = _search(connection, group_base, LDAP_GROUP_FILTER, ["cn", "member", "uniqueMember", "memberUid"])
    except LDAPException as exc:
        raise SyncRefused(_("Đọc thư mục LDAP %(url)s không được: %(error)s") % {"url": url, "error": exc}) from exc
    finally:
        connection.unbind()
    return _ldap_entries(people, groups, user_base, group_base, username_attribute, unit_attribute)


def _ldap_entries(people, groups, user_base, group_base, username_attribute, unit_attribute):
    problems = []
    user_base_parts = _dn_parts(user_base)
    by_dn, by_username, units = {}, {}, {}
    for item in people:
        dn, attributes = item["dn"], item["attributes"]
        username = _first(attributes, username_attribute).lower()
        if not username:
            problems.append(SourceProblem(dn, _("thiếu thuộc tính %(attribute)s.") % {"attribute": username_attribute}))
            continue
        if username in by_username:
            problems.append(
                SourceProblem(
                    dn,
                    _("tên đăng nhập “%(username)s” trùng với %(other)s.")
                    % {"username": username, "other": by_username[username].where[0]},
                )
            )
            continue
        email = _first(attributes, "mail").lower()
        problems.extend(_email_problems(dn, email))
        person = _Person(
            [dn],
            username,
            full_name=_first(attributes, "displayName", "cn"),
            email=email,
            external_id=_first(attributes, "entryUUID") or dn,
        )
        unit = _first(attributes, unit_attribute) if unit_attribute else _ou_below(dn, user_base_parts)
        units[username] = unit.lower()
        by_dn[_dn_key(dn)] = by_username[username] = person

    group_base_parts = _dn_parts(group_base) if group_base else []
    for item in groups:
        dn, attributes = item["dn"], item["attributes"]
        name = _first(attributes, "cn")
        role = parse_role(name)
        if role is None:
            problems.append(
                SourceProblem(
                    dn,
                    _("nhóm “%(name)s” không phải vai trò trên cổng (bientap, duyet, quantri, %(sector)s).")
                    % {"name": name, "sector": SECTOR_ROLE},
                )
            )
            continue
        group_unit = DEPARTMENT_CODE if role == SECTOR_ROLE else _ou_below(dn, group_base_parts)
        members = [by_dn.get(_dn_key(value.split("#")[0])) for value in _values(attributes, "member")]
        members += [by_dn.get(_dn_key(value.split("#")[0])) for value in _values(attributes, "uniqueMember")]
        members += [by_username.get(value.lower()) for value in _values(attributes, "memberUid")]
        for person in filter(None, members):  # members outside LDAP_USER_FILTER are not portal users
            unit = group_unit or units[person.username]
            if not unit:
                problems.append(
                    SourceProblem(
                        person.where[0],
                        _("không xác định được đơn vị cho vai trò “%(role)s” (nhóm %(group)s).")
                        % {"role": name, "group": dn},
                    )
                )
                continue
            person.roles.add((unit, role))
    return [SourcedEntry(person.where[0], person.entry()) for person in by_username.values()], problems
