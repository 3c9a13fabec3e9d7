"""manage.py sync_users: portal accounts and unit roles follow the province directory.

The LDAP tests run against a real OpenLDAP server (Debian's slapd, installed by
`make system-deps`) that this module starts on a free loopback port with its own
configuration and database, and stops at the end. The file tests write CSV,
XLSX and JSON files as offices produce them.
"""

import io
import json
import os
import shutil
import socket
import subprocess
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import ModelLogEntry

from accounts.directory import SECTOR_ROLE
from accounts.models import DirectoryAccount
from accounts.roles import SECTOR_MODERATOR_GROUP

SUFFIX = "dc=laocai,dc=edu,dc=vn"
ADMIN_DN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "quan-tri-thu-muc"
SYNC_DN = f"cn=dong-bo,ou=services,{SUFFIX}"  # the portal's read-only account
LIMITED_DN = f"cn=gioi-han,ou=services,{SUFFIX}"  # may read only 2 entries per search
SERVICE_PASSWORD = "doc-thu-muc-2026"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"

SLAPD_CONF = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {root}/slapd.pid
argsfile {root}/slapd.args

database mdb
maxsize 104857600
suffix "{suffix}"
rootdn "{admin}"
rootpw {password}
directory {root}/data
limits dn.exact="{limited}" size=2
access to attrs=userPassword by anonymous auth by * none
access to * by users read by * none
"""

# The directory every LDAP test starts from: people in the OU of their unit, role groups by cn.
PEOPLE_ENTRIES = {
    "nguyen.van.an": ("thpt-chuyen", "Nguyễn Văn An", "an.nv@thptchuyen.laocai.edu.vn"),
    "tran.thi.binh": ("thpt-chuyen", "Trần Thị Bình", "binh.tt@thptchuyen.laocai.edu.vn"),
    "lo.van.chien": ("ptdtnt-bac-ha", "Lò Văn Chiến", "chien.lv@bacha.laocai.edu.vn"),
    "hoang.thi.dung": ("so", "Hoàng Thị Dung", "dung.ht@laocai.edu.vn"),
}
GROUP_ENTRIES = {
    # directly under the group base: the role in each member's own unit
    f"cn=bientap,{GROUPS}": ["nguyen.van.an", "lo.van.chien"],
    f"cn=duyet-toan-nganh,{GROUPS}": ["hoang.thi.dung"],
    # inside ou=<unit>: the role in that unit
    f"cn=duyet,ou=thpt-chuyen,{GROUPS}": ["tran.thi.binh"],
    f"cn=quantri,ou=thpt-chuyen,{GROUPS}": ["tran.thi.binh"],
}
EXPECTED_ROLES = {
    "nguyen.van.an": {("thpt-chuyen", "bientap")},
    "tran.thi.binh": {("thpt-chuyen", "duyet"), ("thpt-chuyen", "quantri")},
    "lo.van.chien": {("ptdtnt-bac-ha", "bientap")},
    "hoang.thi.dung": {("so", SECTOR_ROLE)},
}


def person_dn(username, unit=None):
    unit = unit or PEOPLE_ENTRIES[username][0]
    return f"uid={username},ou={unit},{PEOPLE}"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def slapd(tmp_path_factory):
    """A real slapd on a free loopback port, with its own configuration and database."""
    binary = shutil.which("slapd") or shutil.which("slapd", path="/usr/sbin:/usr/local/sbin")
    if binary is None or not os.path.exists("/usr/lib/ldap/back_mdb.so"):
        pytest.fail(
            "OpenLDAP's slapd is not installed; these tests need a real LDAP server. "
            "Run `make system-deps` (installs the Debian packages slapd and ldap-utils)."
        )
    root = tmp_path_factory.mktemp("slapd")
    (root / "data").mkdir()
    conf = root / "slapd.conf"
    conf.write_text(
        SLAPD_CONF.format(root=root, suffix=SUFFIX, admin=ADMIN_DN, password=ADMIN_PASSWORD, limited=LIMITED_DN)
    )
    port = _free_port()
    url = f"ldap://127.0.0.1:{port}"
    log = open(root / "slapd.log", "wb")  # noqa: SIM115 - closed at teardown
    # -d 0: stay in the foreground (no fork), so that the fixture owns the process.
    server = subprocess.Popen([binary, "-f", str(conf), "-h", f"{url}/", "-d", "0"], stdout=log, stderr=log)
    try:
        for _attempt in range(100):
            if server.poll() is not None:
                pytest.fail(f"slapd did not start:\n{(root / 'slapd.log').read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"slapd is not answering on {url}:\n{(root / 'slapd.log').read_text()}")
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


class Directory:
    """The test's hand on the directory, as the province's administrator."""

    def __init__(self, url):
        from ldap3 import NONE, Connection, Server

        self.url = url
        self.conn = Connection(
            Server(url, get_info=NONE), ADMIN_DN, ADMIN_PASSWORD, auto_bind=True, raise_exceptions=True
        )

    def add(self, dn, object_classes, **attributes):
        self.conn.add(dn, object_classes, attributes)

    def add_person(self, username, unit, full_name, email=None, parent=None, **attributes):
        dn = f"uid={username},{parent}" if parent else person_dn(username, unit)
        values = {"cn": full_name, "sn": full_name.split()[0], "uid": username, **attributes}
        if email:
            values["mail"] = email
        self.add(dn, ["inetOrgPerson"], **values)
        return dn

    def add_group(self, dn, member_dns):
        self.add(dn, ["groupOfNames"], member=member_dns)

    def modify(self, dn, **changes):
        from ldap3 import MODIFY_REPLACE

        self.conn.modify(dn, {name: [(MODIFY_REPLACE, values)] for name, values in changes.items()})

    def remove_member(self, group_dn, member_dn):
        from ldap3 import MODIFY_DELETE

        self.conn.modify(group_dn, {"member": [(MODIFY_DELETE, [member_dn])]})

    def add_member(self, group_dn, member_dn):
        from ldap3 import MODIFY_ADD

        self.conn.modify(group_dn, {"member": [(MODIFY_ADD, [member_dn])]})

    def delete(self, dn):
        self.conn.delete(dn)

    def entry_uuid(self, dn):
        from ldap3 import BASE

        self.conn.search(dn, "(objectClass=*)", BASE, attributes=["entryUUID"])
        return str(self.conn.entries[0].entryUUID)

    def reset(self):
        """Empty the database and load the standard layout."""
        from ldap3 import SUBTREE
        from ldap3.core.exceptions import LDAPNoSuchObjectResult

        try:
            self.conn.search(SUFFIX, "(objectClass=*)", SUBTREE, attributes=[])
            existing = [entry.entry_dn for entry in self.conn.entries]
        except LDAPNoSuchObjectResult:  # a new database
            existing = []
        for dn in sorted(existing, key=lambda dn: -dn.count(",")):
            self.conn.delete(dn)
        self.add(SUFFIX, ["dcObject", "organization"], dc="laocai", o="Sở Giáo dục và Đào tạo Lào Cai")
        for ou in ("services", "people", "groups"):
            self.add(f"ou={ou},{SUFFIX}", ["organizationalUnit"])
        for dn in (SYNC_DN, LIMITED_DN):
            self.add(dn, ["organizationalRole", "simpleSecurityObject"], userPassword=SERVICE_PASSWORD)
        for unit in {unit for unit, _name, _mail in PEOPLE_ENTRIES.values()}:
            self.add(f"ou={unit},{PEOPLE}", ["organizationalUnit"])
        self.add(f"ou=thpt-chuyen,{GROUPS}", ["organizationalUnit"])
        for username, (unit, full_name, email) in PEOPLE_ENTRIES.items():
            self.add_person(username, unit, full_name, email, departmentNumber=unit)
        for dn, members in GROUP_ENTRIES.items():
            self.add_group(dn, [person_dn(username) for username in members])


@pytest.fixture
def directory(slapd, settings):
    """The standard directory layout, freshly loaded, and the portal configured to read it."""
    directory = Directory(slapd)
    directory.reset()
    settings.SYNC_USERS_SOURCE = slapd
    settings.LDAP_BIND_DN = SYNC_DN
    settings.LDAP_BIND_PASSWORD = SERVICE_PASSWORD
    settings.LDAP_USER_BASE = PEOPLE
    settings.LDAP_USER_FILTER = "(objectClass=inetOrgPerson)"
    settings.LDAP_USERNAME_ATTRIBUTE = "uid"
    settings.LDAP_UNIT_ATTRIBUTE = ""
    settings.LDAP_GROUP_BASE = GROUPS
    settings.SYNC_USERS_MAX_DEACTIVATE_SHARE = 0.2
    yield directory
    directory.conn.unbind()


def sync(*args, **options):
    """Run the command; return what it printed (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("sync_users", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def refused(*args, **options):
    """Run the command expecting a refusal; return (message, stderr)."""
    err = io.StringIO()
    with pytest.raises(CommandError) as refusal:
        call_command("sync_users", *args, stdout=io.StringIO(), stderr=err, **options)
    return str(refusal.value), err.getvalue()


def user(username):
    return get_user_model().objects.get(username=username)


def roles_of(username):
    """{(unit code, role)} an account holds, plus ("", name) for groups that are no unit role."""
    roles = set()
    for group in user(username).groups.select_related("unit_group__unit"):
        link = getattr(group, "unit_group", None)
        if link is not None:
            roles.add((link.unit.code, link.role))
        elif group.name == SECTOR_MODERATOR_GROUP:
            roles.add(("so", SECTOR_ROLE))
        else:
            roles.add(("", group.name))
    return roles


def directory_users():
    return set(DirectoryAccount.objects.values_list("user__username", flat=True))


# --- LDAP ------------------------------------------------------------------------------------------------


def test_ldap_creates_accounts_with_the_roles_of_their_groups(directory, db):
    out, _err = sync()

    for username, expected in EXPECTED_ROLES.items():
        account = user(username)
        assert account.is_active and not account.is_superuser
        assert roles_of(username) == expected
        assert not account.has_usable_password()  # they sign in through the province's single sign-on
        assert f"+ tạo {username}" in out
        link = account.directory_account
        assert link.source == "ldap"
        assert link.external_id == directory.entry_uuid(person_dn(username))
    an = user("nguyen.van.an")
    assert (an.last_name, an.first_name, an.email) == ("Nguyễn Văn", "An", "an.nv@thptchuyen.laocai.edu.vn")
    assert "Xong. Đã tạo 4, cập nhật 0, mở lại 0, khoá 0, giữ nguyên 0 tài khoản" in out
    assert ModelLogEntry.objects.filter(action="sgddt.directory_sync", object_id=str(an.pk)).exists()


def test_ldap_editor_works_in_their_own_unit_only(directory, school, other_school):
    sync()
    client = Client(HTTP_HOST=school.hostname)
    client.force_login(user("nguyen.van.an"))

    response = client.get("/admin/pages/", follow=True)
    assert response.status_code == 200
    assert school.name in response.content.decode()
    assert other_school.name not in response.content.decode()
    assert client.get(f"/admin/pages/{school.home_page_id}/").status_code == 200
    assert client.get(f"/admin/pages/{other_school.home_page_id}/").status_code in (302, 403, 404)


def test_ldap_second_run_reports_no_change(directory, db):
    sync()
    before = {u.username: (u.first_name, u.email, u.is_active) for u in get_user_model().objects.all()}

    out, _err = sync()

    assert "Không có thay đổi nào." in out
    assert "Đã tạo 0, cập nhật 0, mở lại 0, khoá 0, giữ nguyên 4 tài khoản" in out
    assert not any(line[:1] in "+~↑-" for line in out.splitlines())
    assert before == {u.username: (u.first_name, u.email, u.is_active) for u in get_user_model().objects.all()}
    for username, expected in EXPECTED_ROLES.items():
        assert roles_of(username) == expected


def test_ldap_updates_names_emails_and_roles_keeping_other_groups(directory, db):
    sync()
    committee = Group.objects.create(name="Ban biên tập tạp chí")
    user("tran.thi.binh").groups.add(committee)
    directory.modify(person_dn("nguyen.van.an"), cn=["Nguyễn Văn Ân"], mail=["an.nguyen@laocai.edu.vn"])
    directory.delete(f"cn=quantri,ou=thpt-chuyen,{GROUPS}")
    directory.add_member(f"cn=duyet,ou=thpt-chuyen,{GROUPS}", person_dn("lo.van.chien"))

    out, _err = sync()

    an = user("nguyen.van.an")
    assert (an.first_name, an.email) == ("Ân", "an.nguyen@laocai.edu.vn")
    assert roles_of("tran.thi.binh") == {("thpt-chuyen", "duyet"), ("", "Ban biên tập tạp chí")}
    assert roles_of("lo.van.chien") == {("ptdtnt-bac-ha", "bientap"), ("thpt-chuyen", "duyet")}
    assert "~ cập nhật nguyen.van.an: đổi tên, địa chỉ email" in out
    assert "~ cập nhật tran.thi.binh: bỏ vai trò [thpt-chuyen] Quản trị đơn vị" in out
    assert "~ cập nhật lo.van.chien: thêm vai trò [thpt-chuyen] Duyệt tin" in out
    assert "cập nhật 3" in out and "giữ nguyên 1" in out


def test_ldap_deactivates_who_left_never_deletes_and_reactivates_on_return(directory, db, settings):
    settings.SYNC_USERS_MAX_DEACTIVATE_SHARE = 0.25  # one of four
    sync()
    directory.remove_member(f"cn=bientap,{GROUPS}", person_dn("lo.van.chien"))
    directory.delete(person_dn("lo.van.chien"))

    out, _err = sync()

    chien = user("lo.van.chien")  # still there
    assert not chien.is_active
    assert roles_of("lo.van.chien") == set()
    assert "- khoá lo.van.chien: bỏ vai trò [ptdtnt-bac-ha] Biên tập viên; không còn trong thư mục" in out
    assert "khoá 1" in out

    directory.add_person("lo.van.chien", "ptdtnt-bac-ha", "Lò Văn Chiến", "chien.lv@bacha.laocai.edu.vn")
    directory.add_member(f"cn=bientap,{GROUPS}", person_dn("lo.van.chien"))
    out, _err = sync()

    assert user("lo.van.chien").is_active
    assert roles_of("lo.van.chien") == {("ptdtnt-bac-ha", "bientap")}
    assert "↑ mở lại lo.van.chien: thêm vai trò [ptdtnt-bac-ha] Biên tập viên" in out


def test_ldap_refuses_a_directory_that_looks_truncated_unless_forced(directory, db):
    sync()
    for username in ("lo.van.chien", "hoang.thi.dung"):
        directory.delete(person_dn(username))

    message, err = refused()

    assert "có vẻ bị thiếu: sẽ khoá 2 trên 4 tài khoản" in message
    assert "--force" in message
    assert "sẽ khoá lo.van.chien" in err and "sẽ khoá hoang.thi.dung" in err
    assert user("lo.van.chien").is_active and roles_of("lo.van.chien") == EXPECTED_ROLES["lo.van.chien"]

    out, _err = sync(force=True)
    assert not user("lo.van.chien").is_active and not user("hoang.thi.dung").is_active
    assert "khoá 2" in out


def test_ldap_refuses_a_result_cut_by_the_servers_size_limit(directory, db, settings):
    settings.LDAP_BIND_DN = LIMITED_DN  # slapd returns at most 2 of the 4 people to this account

    message, _err = refused()

    assert "chỉ trả về một phần kết quả" in message and "sizeLimitExceeded" in message
    assert directory_users() == set()


def test_ldap_dry_run_reports_and_writes_nothing(directory, db):
    users_before = get_user_model().objects.count()

    out, _err = sync(dry_run=True)

    assert "+ tạo nguyen.van.an: thêm vai trò [thpt-chuyen] Biên tập viên" in out
    assert "Chạy thử, không ghi gì. Sẽ tạo 4, cập nhật 0" in out
    assert get_user_model().objects.count() == users_before
    assert directory_users() == set()

    sync()
    directory.modify(person_dn("nguyen.van.an"), mail=["an.moi@laocai.edu.vn"])
    directory.delete(person_dn("lo.van.chien"))
    out, _err = sync(dry_run=True, force=True)

    assert "~ cập nhật nguyen.van.an: đổi địa chỉ email" in out
    assert "- khoá lo.van.chien" in out
    assert "Sẽ tạo 0, cập nhật 1, mở lại 0, khoá 1, giữ nguyên 2" in out
    assert user("nguyen.van.an").email == "an.nv@thptchuyen.laocai.edu.vn"
    assert user("lo.van.chien").is_active and roles_of("lo.van.chien") == EXPECTED_ROLES["lo.van.chien"]


def test_ldap_never_touches_superusers(directory, db):
    admin = user("quantri")
    assert admin.is_superuser
    directory.add_person("quantri", "thpt-chuyen", "Người Lạ", "la@example.com")
    directory.add_member(f"cn=bientap,{GROUPS}", person_dn("quantri", "thpt-chuyen"))

    out, _err = sync()

    after = user("quantri")
    assert (after.first_name, after.email, after.is_active, after.is_superuser) == (
        admin.first_name,
        admin.email,
        True,
        True,
    )
    assert roles_of("quantri") == set()
    assert not DirectoryAccount.objects.filter(user=after).exists()
    assert "! bỏ qua quantri: quản trị cổng: không đồng bộ" in out

    # A directory account later made a superuser is not locked when it leaves the directory.
    get_user_model().objects.filter(username="hoang.thi.dung").update(is_superuser=True)
    directory.delete(person_dn("hoang.thi.dung"))
    sync(force=True)
    assert user("hoang.thi.dung").is_active


def test_ldap_leaves_hand_made_accounts_alone(directory, db, school):
    demo = {"thpt-chuyen.bientap", "thpt-chuyen.duyet", "so.bientap"}
    before = {username: roles_of(username) for username in demo}
    sync()
    for username in PEOPLE_ENTRIES:
        directory.delete(person_dn(username))
    directory.add_person("vu.thi.em", "thpt-chuyen", "Vũ Thị Em")

    out, _err = sync(force=True)

    assert "khoá 4" in out
    for username in demo:
        assert user(username).is_active
        assert roles_of(username) == before[username]
        assert username not in out


def test_ldap_unit_from_an_attribute(directory, db, settings):
    settings.LDAP_UNIT_ATTRIBUTE = "departmentNumber"
    directory.modify(person_dn("lo.van.chien"), departmentNumber=["thpt-chuyen"])  # moved, still in the old OU

    sync()

    assert roles_of("lo.van.chien") == {("thpt-chuyen", "bientap")}
    assert roles_of("nguyen.van.an") == EXPECTED_ROLES["nguyen.van.an"]


def test_ldap_unknown_units_roles_and_usernames_refuse_with_every_problem(directory, db):
    directory.add(f"ou=truong-da-giai-the,{GROUPS}", ["organizationalUnit"])
    directory.add_group(f"cn=bientap,ou=truong-da-giai-the,{GROUPS}", [person_dn("nguyen.van.an")])
    directory.add_group(f"cn=ke-toan,{GROUPS}", [person_dn("tran.thi.binh")])
    bad = directory.add_person("an/vu", "thpt-chuyen", "An Vũ")
    directory.add_person("no.unit", None, "Không Đơn Vị", parent=PEOPLE)
    directory.add_member(f"cn=bientap,{GROUPS}", f"uid=no.unit,{PEOPLE}")

    message, err = refused()

    assert "Nguồn có 4 lỗi; không có gì bị thay đổi." in message
    assert f"cn=ke-toan,{GROUPS}: nhóm “ke-toan” không phải vai trò trên cổng" in err
    assert f"uid=no.unit,{PEOPLE}: không xác định được đơn vị cho vai trò “bientap”" in err
    assert f"{person_dn('nguyen.van.an')}: không có đơn vị đang hoạt động mã “truong-da-giai-the”" in err
    assert f"{bad}: tên đăng nhập “an/vu” không hợp lệ" in err
    assert directory_users() == set()


def test_ldap_wrong_password_or_no_server_is_a_clear_error(directory, db, settings):
    settings.LDAP_BIND_PASSWORD = "sai-mat-khau"
    message, _err = refused()
    assert "từ chối đăng nhập: kiểm tra LDAP_BIND_DN và LDAP_BIND_PASSWORD" in message

    message, _err = refused(source=f"ldap://127.0.0.1:{_free_port()}")
    assert "Không kết nối được thư mục LDAP" in message
    assert directory_users() == set()


def test_ldap_empty_directory_is_refused_even_forced(directory, db):
    sync()
    for username in PEOPLE_ENTRIES:
        directory.delete(person_dn(username))

    message, _err = refused(force=True)

    assert "không có người dùng nào; từ chối đồng bộ" in message
    assert all(user(username).is_active for username in PEOPLE_ENTRIES)


# --- Files -----------------------------------------------------------------------------------------------

FILE_PEOPLE = [
    # username, full name, e-mail, unit, role: one row per role
    ("nguyen.van.an", "Nguyễn Văn An", "an.nv@thptchuyen.laocai.edu.vn", "thpt-chuyen", "Biên tập viên"),
    ("tran.thi.binh", "Trần Thị Bình", "binh.tt@thptchuyen.laocai.edu.vn", "thpt-chuyen", "duyet"),
    ("tran.thi.binh", "Trần Thị Bình", "binh.tt@thptchuyen.laocai.edu.vn", "thpt-chuyen", "quantri"),
    ("lo.van.chien", "Lò Văn Chiến", "", "ptdtnt-bac-ha", "bientap"),
    ("hoang.thi.dung", "Hoàng Thị Dung", "dung.ht@laocai.edu.vn", "so", "duyet-toan-nganh"),
]
HEADER = "username,full_name,email,unit_code,role"


def csv_text(rows, header=HEADER):
    return "\n".join([header] + [",".join(row) for row in rows]) + "\n"


def write_source(path, rows, fmt):
    if fmt == "json":
        people = {}
        for username, full_name, email, unit, role in rows:
            person = people.setdefault(username, {"username": username, "full_name": full_name, "email": email})
            person.setdefault("roles", []).append({"unit": unit, "role": role})
        path = path.with_suffix(".json")
        path.write_text(json.dumps(list(people.values()), ensure_ascii=False, indent=2), encoding="utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["Tên đăng nhập", "Họ và tên", "Thư điện tử", "Mã đơn vị", "Vai trò"])
        for row in rows:
            sheet.append(list(row))
        path = path.with_suffix(".xlsx")
        workbook.save(path)
    else:
        path = path.with_suffix(".csv")
        path.write_bytes(csv_text(rows).replace("\n", "\r\n").encode("utf-8-sig"))  # as Excel saves "CSV UTF-8"
    return str(path)


@pytest.mark.parametrize("fmt", ["csv-utf8-bom", "xlsx", "json"])
def test_file_creates_accounts_and_second_run_changes_nothing(db, tmp_path, fmt):
    source = write_source(tmp_path / "nguoi-dung", FILE_PEOPLE, fmt)

    out, _err = sync(source=source)

    for username, expected in EXPECTED_ROLES.items():
        assert roles_of(username) == expected
        assert user(username).directory_account.source == "file"
    assert user("tran.thi.binh").last_name == "Trần Thị"
    assert "Đã tạo 4," in out

    out, _err = sync(source=source)
    assert "Không có thay đổi nào." in out and "giữ nguyên 4 tài khoản" in out


def test_file_several_roles_in_one_cell_updates_and_deactivates(db, tmp_path, settings):
    settings.SYNC_USERS_MAX_DEACTIVATE_SHARE = 0.5
    source = tmp_path / "nguoi-dung.csv"
    source.write_text(csv_text(FILE_PEOPLE), encoding="utf-8")
    sync(source=str(source))

    source.write_text(
        csv_text(
            [
                ("nguyen.van.an", "Nguyễn Văn An", "an.nguyen@laocai.edu.vn", "thpt-chuyen", "bientap; duyet"),
                ("tran.thi.binh", "Trần Thị Bình", "binh.tt@thptchuyen.laocai.edu.vn", "thpt-chuyen", "quantri"),
                ("hoang.thi.dung", "Hoàng Thị Dung", "dung.ht@laocai.edu.vn", "", "duyet-toan-nganh"),
            ]
        ),
        encoding="utf-8",
    )
    out, _err = sync(source=str(source))

    assert roles_of("nguyen.van.an") == {("thpt-chuyen", "bientap"), ("thpt-chuyen", "duyet")}
    assert user("nguyen.van.an").email == "an.nguyen@laocai.edu.vn"
    assert roles_of("tran.thi.binh") == {("thpt-chuyen", "quantri")}
    assert roles_of("hoang.thi.dung") == {("so", SECTOR_ROLE)}
    assert not user("lo.van.chien").is_active
    assert "~ cập nhật nguyen.van.an: đổi địa chỉ email; thêm vai trò [thpt-chuyen] Duyệt tin" in out
    assert "- khoá lo.van.chien" in out
    assert "Đã tạo 0, cập nhật 2, mở lại 0, khoá 1, giữ nguyên 1 tài khoản" in out


def test_file_errors_are_listed_by_line_and_nothing_changes(db, tmp_path):
    source = tmp_path / "nguoi-dung.csv"
    source.write_text(
        csv_text(
            FILE_PEOPLE
            + [
                ("vu.thi.em", "Vũ Thị Em", "", "truong-khong-co", "bientap"),
                ("ly.a.pao", "Lý A Páo", "", "thpt-chuyen", "hiệu trưởng"),
                ("sai ten", "Sai Tên", "", "thpt-chuyen", "bientap"),
                ("giang.seo.phu", "Giàng Seo Phử", "khong-phai-thu", "thpt-chuyen", "bientap"),
                ("nguyen.van.an", "Nguyễn Văn Ấn", "", "thpt-chuyen", "duyet"),
            ]
        ),
        encoding="utf-8",
    )

    message, err = refused(source=str(source))

    assert "Nguồn có 5 lỗi; không có gì bị thay đổi." in message
    assert "Dòng 8: vai trò “hiệu trưởng” không rõ" in err
    assert "Dòng 10: địa chỉ thư điện tử “khong-phai-thu” không hợp lệ." in err
    assert "Dòng 11: họ tên của nguyen.van.an khác với Dòng 2" in err
    assert "Dòng 7: không có đơn vị đang hoạt động mã “truong-khong-co”" in err
    assert "Dòng 9: tên đăng nhập “sai ten” không hợp lệ" in err
    assert directory_users() == set()
    assert not get_user_model().objects.filter(username="nguyen.van.an").exists()


def test_file_missing_columns_or_no_people_are_refused(db, tmp_path):
    source = tmp_path / "nguoi-dung.csv"
    source.write_text("username,full_name\nnguyen.van.an,Nguyễn Văn An\n", encoding="utf-8")
    message, err = refused(source=str(source))
    assert "Thiếu cột bắt buộc: unit_code, role." in err

    source.write_text(HEADER + "\n", encoding="utf-8")
    message, _err = refused(source=str(source))
    assert "không có người dùng nào; từ chối đồng bộ" in message

    message, _err = refused(source=str(tmp_path / "khong-co.csv"))
    assert "Không đọc được tệp" in message


def test_file_takes_over_a_hand_made_account_it_lists(db, tmp_path):
    source = tmp_path / "nguoi-dung.csv"
    source.write_text(
        csv_text(FILE_PEOPLE + [("thpt-chuyen.bientap", "", "", "thpt-chuyen", "bientap")]), encoding="utf-8"
    )

    out, _err = sync(source=str(source))

    assert "~ cập nhật thpt-chuyen.bientap: từ nay do thư mục quản lý" in out
    assert user("thpt-chuyen.bientap").directory_account.source == "file"
    assert user("thpt-chuyen.bientap").has_usable_password()  # the password the person set is kept
    out, _err = sync(source=str(source))
    assert "Không có thay đổi nào." in out


def test_no_source_configured_is_a_clear_error(db, settings):
    settings.SYNC_USERS_SOURCE = ""
    message, _err = refused()
    assert "Chưa có nguồn: đặt biến SYNC_USERS_SOURCE hoặc dùng --source." in message
