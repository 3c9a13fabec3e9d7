"""Unit admins manage their own unit's accounts, and nothing more."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import querydict_from_html

from accounts.roles import SECTOR_MODERATOR_GROUP
from schoolsite.models import UnitGroup, UnitRole
from tests.conftest import assert_refused, site_client

pytestmark = pytest.mark.django_db
User = get_user_model()


def role_group(unit, role):
    return UnitGroup.objects.get(unit=unit, role=role).group


@pytest.fixture
def unit_admin(school):
    return site_client(school, User.objects.get(username=f"{school.code}.quantri"))


def new_user_data(**overrides):
    data = {
        "username": "gv.nguyenvana",
        "email": "nguyenvana@thptchuyen.edu.vn",
        "first_name": "Văn A",
        "last_name": "Nguyễn",
        "password1": "Mat-khau-rat-dai-2026",
        "password2": "Mat-khau-rat-dai-2026",
    }
    data.update(overrides)
    return data


def errors(response):
    return " ".join(re.findall(r'class="error-message"[^>]*>\s*(?:<p>)?([^<]*)', response.content.decode()))


def test_unit_admin_creates_a_user_with_a_role_of_their_unit(unit_admin, school):
    response = unit_admin.post("/admin/users/new/", new_user_data(groups=[role_group(school, UnitRole.EDITOR).pk]))
    assert response.status_code == 302, errors(response)
    user = User.objects.get(username="gv.nguyenvana")
    assert list(user.groups.all()) == [role_group(school, UnitRole.EDITOR)]
    assert not user.is_superuser
    assert user.check_password("Mat-khau-rat-dai-2026")


def test_the_form_offers_only_own_units_roles_and_no_superuser_switch(unit_admin, school, other_school):
    body = unit_admin.get("/admin/users/new/").content.decode()
    assert f"Biên tập viên – {school.display_name}" in body
    assert other_school.display_name not in body
    assert 'name="is_superuser"' not in body
    assert SECTOR_MODERATOR_GROUP not in body


def test_crafted_post_cannot_grant_another_units_role(unit_admin, other_school):
    response = unit_admin.post("/admin/users/new/", new_user_data(groups=[role_group(other_school, UnitRole.ADMIN).pk]))
    assert response.status_code == 200
    assert "Bạn không được cấp vai trò này" in response.content.decode()
    assert 'value="gv.nguyenvana"' in response.content.decode()  # the form keeps what was typed
    assert not User.objects.filter(username="gv.nguyenvana").exists()


def test_crafted_post_cannot_make_a_superuser(unit_admin, school):
    group = role_group(school, UnitRole.EDITOR)
    unit_admin.post("/admin/users/new/", new_user_data(groups=[group.pk], is_superuser="on"))
    assert User.objects.get(username="gv.nguyenvana").is_superuser is False
    editor = User.objects.get(username=f"{school.code}.bientap")
    url = f"/admin/users/edit/{editor.pk}/"
    data = querydict_from_html(unit_admin.get(url).content.decode(), form_id="w-editor-form")
    data["is_superuser"] = "on"
    data.setlist("groups", [str(group.pk), str(Group.objects.get(name=SECTOR_MODERATOR_GROUP).pk)])
    unit_admin.post(url, data)
    editor.refresh_from_db()
    assert not editor.is_superuser
    assert not editor.groups.filter(name=SECTOR_MODERATOR_GROUP).exists()


def test_a_user_must_get_a_role(unit_admin):
    response = unit_admin.post("/admin/users/new/", new_user_data())
    assert "Hãy chọn ít nhất một vai trò" in response.content.decode()


def test_weak_password_is_refused_in_vietnamese(unit_admin, school):
    response = unit_admin.post(
        "/admin/users/new/",
        new_user_data(password1="12345678", password2="12345678", groups=[role_group(school, UnitRole.EDITOR).pk]),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Mật khẩu" in body and ("quá ngắn" in body or "quá phổ biến" in body or "toàn là số" in body)
    assert not User.objects.filter(username="gv.nguyenvana").exists()


def test_list_shows_only_own_units_accounts(unit_admin, school, other_school):
    body = unit_admin.get("/admin/users/").content.decode()
    assert f"{school.code}.bientap" in body and f"{school.code}.duyet" in body
    assert f"{other_school.code}.bientap" not in body
    assert ">quantri<" not in body and "so.duyet" not in body
    search = unit_admin.get("/admin/users/", {"q": other_school.code}).content.decode()
    assert f"{other_school.code}.bientap" not in search


def test_other_units_accounts_cannot_be_opened_or_changed(unit_admin, other_school):
    other = User.objects.get(username=f"{other_school.code}.bientap")
    assert_refused(unit_admin.get(f"/admin/users/edit/{other.pk}/"))
    assert_refused(unit_admin.post(f"/admin/users/edit/{other.pk}/", {"username": other.username, "is_active": ""}))
    assert_refused(unit_admin.get(f"/admin/users/history/{other.pk}/"))
    other.refresh_from_db()
    assert other.is_active


def test_unit_admin_deactivates_and_resets_own_units_user(unit_admin, school, login_client):
    editor = User.objects.get(username=f"{school.code}.bientap")
    url = f"/admin/users/edit/{editor.pk}/"
    data = querydict_from_html(unit_admin.get(url).content.decode(), form_id="w-editor-form")
    data["password1"] = data["password2"] = "Mat-khau-moi-2026-tot"
    assert unit_admin.post(url, data).status_code == 302
    editor.refresh_from_db()
    assert editor.check_password("Mat-khau-moi-2026-tot")
    data.pop("is_active")  # unticked
    data["password1"] = data["password2"] = ""
    assert unit_admin.post(url, data).status_code == 302
    editor.refresh_from_db()
    assert not editor.is_active


def test_account_with_roles_elsewhere_keeps_them_and_cannot_be_taken_over(unit_admin, school, other_school):
    teacher = User.objects.create_user("gv.haitruong", "gv@example.vn", "Mat-khau-cu-2026-abc")
    teacher.groups.add(role_group(school, UnitRole.EDITOR), role_group(other_school, UnitRole.EDITOR))
    url = f"/admin/users/edit/{teacher.pk}/"
    body = unit_admin.get(url).content.decode()
    assert "còn có vai trò ở đơn vị khác" in body
    assert 'name="password1"' not in body
    data = querydict_from_html(body, form_id="w-editor-form")
    data.setlist("groups", [str(role_group(school, UnitRole.MODERATOR).pk)])
    data["password1"] = data["password2"] = "Chiem-quyen-2026-xyz"
    data["email"] = "ke-gian@example.vn"
    assert unit_admin.post(url, data).status_code == 302
    teacher.refresh_from_db()
    expected = {role_group(school, UnitRole.MODERATOR), role_group(other_school, UnitRole.EDITOR)}
    assert set(teacher.groups.all()) == expected
    assert teacher.check_password("Mat-khau-cu-2026-abc")
    assert teacher.email == "gv@example.vn"


def test_one_person_can_hold_roles_in_two_units(school, other_school):
    teacher = User.objects.create_user("gv.haitruong", "gv@example.vn", "Mat-khau-2026-abc")
    teacher.groups.add(role_group(school, UnitRole.EDITOR), role_group(other_school, UnitRole.EDITOR))
    for unit in (school, other_school):
        client = site_client(unit, teacher)
        assert client.get(f"/admin/pages/{unit.home_page_id}/").status_code == 200


def test_bulk_user_actions_are_refused_for_unit_admins(unit_admin, school, other_school):
    editor = User.objects.get(username=f"{school.code}.bientap")
    response = unit_admin.post(
        f"/admin/bulk/auth/user/assign_role/?id={editor.pk}",
        {"role": role_group(other_school, UnitRole.ADMIN).pk},
    )
    assert_refused(response)
    assert not editor.groups.filter(pk=role_group(other_school, UnitRole.ADMIN).pk).exists()


def test_department_admin_and_portal_admin_see_every_unit(department, school, other_school):
    admin = User.objects.create_user("so.quantri", "qt@sogddt.vn", "Mat-khau-2026-abc")
    admin.groups.add(role_group(department, UnitRole.ADMIN))
    for client in (site_client(department, admin), site_client(department, User.objects.get(username="quantri"))):
        body = client.get("/admin/users/", {"q": "bientap"}).content.decode()
        assert f"{school.code}.bientap" in body and f"{other_school.code}.bientap" in body
    body = site_client(department, admin).get("/admin/users/new/").content.decode()
    assert SECTOR_MODERATOR_GROUP in body or "Duyệt tin Cổng Sở" in body
    assert 'name="is_superuser"' not in body


def test_editors_and_moderators_cannot_manage_users(school):
    for role in ("bientap", "duyet"):
        client = site_client(school, User.objects.get(username=f"{school.code}.{role}"))
        assert_refused(client.get("/admin/users/"))
        assert_refused(client.post("/admin/users/new/", new_user_data()))
    assert not User.objects.filter(username="gv.nguyenvana").exists()
