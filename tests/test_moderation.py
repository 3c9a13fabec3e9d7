"""Editor → unit moderator → (department moderator) → published, through real admin requests."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from moderation.models import DepartmentReview, ReviewStatus
from news.models import NewsIndexPage, NewsPage
from tests.conftest import assert_refused, site_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_index(school):
    return NewsIndexPage.objects.child_of(school.home_page).get()


def page_form(client, url, **fields):
    """The admin's page form as the browser would post it, with the given fields filled in.

    The body (a StreamField drawn by the admin's JavaScript) must be given each time.
    """
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    # A ticked checkbox without a value attribute is sent as "on" by browsers (the helper sends "").
    for name in re.findall(r'<input type="checkbox" name="([^"]+)"(?![^>]*value=)[^>]*checked', html):
        data.setlist(name, ["on"])
    body = fields.pop("body", None)
    for name, value in fields.items():
        data[name] = value
    if body is not None:
        for key in [k for k in data if k.startswith("body-")]:
            del data[key]
        for key, value in nested_form_data({"body": streamfield([("text", rich_text(body))])}).items():
            data[key] = value
    return data


def create_news(client, news_index, **fields):
    url = f"/admin/pages/add/news/newspage/{news_index.pk}/"
    data = page_form(client, url, **fields)
    response = client.post(url, data)
    errors = re.findall(r'class="error-message"[^>]*>\s*<p>([^<]*)', response.content.decode())
    assert response.status_code == 302, errors
    return NewsPage.objects.child_of(news_index).get(slug=fields["slug"])


def task_state(page):
    return TaskState.objects.get(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS)


def workflow_action(client, page, action, comment=""):
    state = task_state(page)
    data = {"comment": comment} if comment else {}
    return client.post(f"/admin/pages/workflow/action/{page.pk}/{action}/{state.pk}/", data)


def test_full_path_editor_school_moderator_department_with_rejections(
    login_client, school, department, news_index, django_capture_on_commit_callbacks
):
    editor = login_client(f"{school.code}.bientap", host=school.hostname)
    moderator = login_client(f"{school.code}.duyet", host=school.hostname)
    department_moderator = login_client("so.duyet")
    public = site_client(school)
    department_public = site_client(department)

    # 1. The editor drafts a news item marked for the department and submits it.
    page = create_news(
        editor,
        news_index,
        title="Học sinh trường Chuyên đạt giải quốc gia",
        slug="hoc-sinh-dat-giai-quoc-gia",
        date=timezone.localdate().strftime("%d/%m/%Y"),
        lead="Ba học sinh đạt giải kỳ thi chọn học sinh giỏi quốc gia.",
        send_to_department="on",
        body="<p>Nội dung chi tiết.</p>",
        **{"action-submit": "Gửi duyệt"},
    )
    assert not page.live
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == WorkflowState.STATUS_IN_PROGRESS
    assert public.get("/tin-tuc/hoc-sinh-dat-giai-quoc-gia/").status_code == 404
    # The school's moderators are told by e-mail.
    assert any(f"{school.code}.duyet" in " ".join(m.to) for m in mail.outbox)

    # 2. The moderator sees it in the queue with its unit and author, and asks for changes.
    queue = moderator.get("/admin/hang-cho-duyet/").content.decode()
    assert "Học sinh trường Chuyên đạt giải quốc gia" in queue and school.display_name in queue
    mail.outbox.clear()
    response = workflow_action(moderator, page, "reject", comment="Ghi rõ tên các em và môn thi.")
    assert response.status_code in (200, 302)
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert any("Ghi rõ tên các em và môn thi." in m.body for m in mail.outbox)  # the comment reaches the author

    # 3. The editor fixes it and resubmits; the moderator approves: it is published on the school site.
    edit_url = f"/admin/pages/{page.pk}/edit/"
    data = page_form(editor, edit_url, body="<p>Em A (Toán), em B (Tin học), em C (Tiếng Anh).</p>")
    data["action-submit"] = "1"
    assert editor.post(edit_url, data).status_code == 302
    assert workflow_action(moderator, page, "approve").status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert public.get("/tin-tuc/hoc-sinh-dat-giai-quoc-gia/").status_code == 200

    # 4. It now waits for the department: not yet on the department's portal.
    review = DepartmentReview.objects.get(page=page)
    assert review.status == ReviewStatus.PENDING and review.unit == school
    assert "Học sinh trường Chuyên đạt giải quốc gia" not in department_public.get("/").content.decode()
    queue = department_moderator.get("/admin/hang-cho-duyet/").content.decode()
    assert "Học sinh trường Chuyên đạt giải quốc gia" in queue

    # 5. The department returns it with a comment; the author is told and sees it on the dashboard.
    mail.outbox.clear()
    response = department_moderator.post(f"/admin/hang-cho-duyet/so/{review.pk}/tra-lai/", {"comment": ""})
    assert response.status_code == 200 and "Hãy ghi lý do" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = department_moderator.post(
            f"/admin/hang-cho-duyet/so/{review.pk}/tra-lai/", {"comment": "Cần thêm ảnh lễ trao giải."}
        )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.REJECTED
    returned = [m for m in mail.outbox if "Cần thêm ảnh lễ trao giải." in m.body]
    assert {to for m in returned for to in m.to} == {f"{school.code}.bientap@demo.sgddt.invalid"}  # the author
    assert "Cần thêm ảnh lễ trao giải." in editor.get("/admin/").content.decode()
    assert public.get("/tin-tuc/hoc-sinh-dat-giai-quoc-gia/").status_code == 200  # still on the school site

    # 6. The school publishes a new version; the department approves it: it shows on the department portal.
    data = page_form(
        moderator,
        edit_url,
        lead="Ba học sinh đạt giải; ảnh lễ trao giải kèm theo.",
        body="<p>Em A (Toán), em B (Tin học), em C (Tiếng Anh). Ảnh lễ trao giải.</p>",
    )
    data["action-publish"] = "1"
    assert moderator.post(edit_url, data).status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING
    assert department_moderator.post(f"/admin/hang-cho-duyet/so/{review.pk}/duyet/").status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED
    home = department_public.get("/").content.decode()
    assert "Học sinh trường Chuyên đạt giải quốc gia" in home
    # The department links to the school's canonical page, never a copy.
    assert f'href="http://{school.hostname}:8000/tin-tuc/hoc-sinh-dat-giai-quoc-gia/"' in home
    assert NewsPage.objects.filter(title="Học sinh trường Chuyên đạt giải quốc gia").count() == 1


def test_unit_moderator_cannot_decide_for_the_department(login_client, school, news_index):
    page = NewsPage.objects.child_of(news_index).live().first()
    page.send_to_department = True
    page.save_revision().publish()
    review = DepartmentReview.objects.get(page=page)
    moderator = login_client(f"{school.code}.duyet", host=school.hostname)
    assert_refused(moderator.post(f"/admin/hang-cho-duyet/so/{review.pk}/duyet/"))
    assert_refused(moderator.post(f"/admin/hang-cho-duyet/so/{review.pk}/tra-lai/", {"comment": "x"}))
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING


def test_editor_cannot_publish_or_approve_own_submission(login_client, school, news_index):
    editor = login_client(f"{school.code}.bientap", host=school.hostname)
    page = create_news(
        editor,
        news_index,
        title="Tin tự duyệt",
        slug="tin-tu-duyet",
        date=timezone.localdate().strftime("%d/%m/%Y"),
        lead="x",
        body="<p>x</p>",
        **{"action-submit": "1"},
    )
    data = page_form(editor, f"/admin/pages/{page.pk}/edit/", body="<p>x</p>")
    data["action-publish"] = "1"
    editor.post(f"/admin/pages/{page.pk}/edit/", data)
    workflow_action(editor, page, "approve")
    page.refresh_from_db()
    assert not page.live


def test_queue_filters_by_district_and_type_for_the_department(login_client, school, other_school):
    from wagtail.models import Page as WagtailPage

    for unit in (school, other_school):
        index = NewsIndexPage.objects.child_of(unit.home_page).get()
        item = NewsPage(title=f"Chờ duyệt ở {unit.code}", slug="cho-duyet", lead="x", body=[], live=False)
        index.add_child(instance=item)
        item.save_revision()
        workflow = unit.home_page.get_workflow()
        workflow.start(WagtailPage.objects.get(pk=item.pk).specific, user=None)
    client = login_client("so.duyet")
    everything = client.get("/admin/hang-cho-duyet/").content.decode()
    assert f"Chờ duyệt ở {school.code}" in everything and f"Chờ duyệt ở {other_school.code}" in everything
    by_district = client.get("/admin/hang-cho-duyet/", {"huyen": other_school.district}).content.decode()
    assert f"Chờ duyệt ở {other_school.code}" in by_district and f"Chờ duyệt ở {school.code}" not in by_district
    by_type = client.get("/admin/hang-cho-duyet/", {"loai": "thpt"}).content.decode()
    assert f"Chờ duyệt ở {school.code}" in by_type and f"Chờ duyệt ở {other_school.code}" not in by_type
    # A school's moderator sees only their own unit's queue.
    own = login_client(f"{school.code}.duyet", host=school.hostname).get("/admin/hang-cho-duyet/").content.decode()
    assert f"Chờ duyệt ở {school.code}" in own and f"Chờ duyệt ở {other_school.code}" not in own
    # The dashboard shows the moderator's queue with the waiting time.
    dashboard = login_client(f"{school.code}.duyet", host=school.hostname).get("/admin/").content.decode()
    assert "Hàng chờ duyệt" in dashboard and f"Chờ duyệt ở {school.code}" in dashboard


def test_editors_have_no_moderation_queue(login_client, school):
    editor = login_client(f"{school.code}.bientap", host=school.hostname)
    assert_refused(editor.get("/admin/hang-cho-duyet/"))


def test_unmarking_withdraws_from_the_department(school, news_index):
    page = NewsPage.objects.child_of(news_index).live().first()
    page.send_to_department = True
    page.save_revision().publish()
    review = DepartmentReview.objects.get(page=page)
    review.status = ReviewStatus.APPROVED
    review.save()
    page.send_to_department = False
    page.save_revision().publish()
    review.refresh_from_db()
    assert review.status == ReviewStatus.WITHDRAWN
    assert page.pk not in NewsPage.objects.approved_for_department().values_list("pk", flat=True)


def test_department_news_is_never_sent_to_itself(department):
    index = NewsIndexPage.objects.child_of(department.home_page).get()
    page = NewsPage.objects.child_of(index).live().first()
    page.send_to_department = True
    page.save_revision().publish()
    assert not DepartmentReview.objects.filter(page=page).exists()


def test_unpublished_school_page_leaves_the_department_portal(school, department, news_index):
    page = NewsPage.objects.child_of(news_index).live().first()
    page.send_to_department = True
    page.save_revision().publish()
    DepartmentReview.objects.filter(page=page).update(status=ReviewStatus.APPROVED)
    # The demo has other schools' approved news with the same titles: look for this page's own address.
    listing = f"/tin-tuc/tu-cac-don-vi/?huyen={school.district}"
    assert f'href="{page.full_url}"' in site_client(department).get(listing).content.decode()
    Page.objects.get(pk=page.pk).specific.unpublish()
    assert f'href="{page.full_url}"' not in site_client(department).get(listing).content.decode()
