"""Lịch công tác and Sự kiện: weeks and months in Asia/Ho_Chi_Minh, the feeds, units kept apart, the editors' path."""

import datetime
import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from wagtail.models import Page, TaskState
from wagtail.test.utils.form_data import querydict_from_html

from schedule import periods
from schedule.models import EventIndexPage, EventPage, ScheduleEntry, WeekSchedulePage, WorkSchedulePage
from tests.conftest import assert_refused, site_client

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# 2026 and 2032 have an ISO week 53 (they start on a Thursday); 2027 does not. The demo has
# this week and next week: the tests use weeks far from today.
WEEK_53_MONDAY = datetime.date(2032, 12, 27)


def section_of(unit):
    return WorkSchedulePage.objects.child_of(unit.home_page).get()


def events_of(unit):
    return EventIndexPage.objects.child_of(unit.home_page).get()


def publish(page):
    page.save_revision().publish()
    return page


def add_week(unit, monday, entries, *, live=True):
    """A week page with (date, start time, content[, end time, place]) entries, published unless live=False."""
    page = WeekSchedulePage(week_start=monday, live=live)
    page.entries = [
        ScheduleEntry(
            date=item[0],
            start_time=item[1],
            content=item[2],
            end_time=item[3] if len(item) > 3 else None,
            place=item[4] if len(item) > 4 else "",
        )
        for item in entries
    ]
    section_of(unit).add_child(instance=page)
    if live:
        publish(page)
    else:
        page.save_revision()
    return page


def add_event(unit, title, start, end=None, *, start_time=None, end_time=None, place="", live=True):
    page = EventPage(
        title=title, start_date=start, end_date=end, start_time=start_time, end_time=end_time, place=place, live=live
    )
    events_of(unit).add_child(instance=page)
    if live:
        publish(page)
    else:
        page.save_revision()
    return page


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


# --- Weeks ---------------------------------------------------------------------------------------


def test_week_is_monday_to_sunday_in_ho_chi_minh_time():
    sunday_late = datetime.datetime(2027, 12, 5, 16, 30, tzinfo=UTC)  # 23:30 Sunday in Lào Cai
    monday_early = datetime.datetime(2027, 12, 5, 17, 15, tzinfo=UTC)  # 00:15 Monday in Lào Cai
    assert periods.week_of(sunday_late) == datetime.date(2027, 11, 29)
    assert periods.week_of(monday_early) == datetime.date(2027, 12, 6)
    assert periods.iso_week(datetime.date(2027, 11, 29)) == "2027-W48"


def test_sunday_night_entry_stays_in_its_week_and_monday_after_midnight_starts_the_next(school):
    week = datetime.date(2027, 11, 29)
    add_week(school, week, [(datetime.date(2027, 12, 5), datetime.time(23, 30), "Trực đêm Chủ nhật khu nội trú")])
    add_week(
        school,
        week + datetime.timedelta(days=7),
        [(datetime.date(2027, 12, 6), datetime.time(0, 15), "Kiểm tra giờ ngủ đầu tuần")],
    )
    client = site_client(school)
    this_week = html(client.get("/lich-cong-tac/?tuan=2027-W48"))
    next_week = html(client.get("/lich-cong-tac/?tuan=2027-W49"))
    assert "Trực đêm Chủ nhật khu nội trú" in this_week and "Kiểm tra giờ ngủ đầu tuần" not in this_week
    assert "Kiểm tra giờ ngủ đầu tuần" in next_week and "Trực đêm Chủ nhật khu nội trú" not in next_week
    # Grouped under its day and part of the day, as Vietnamese schedules are.
    sunday = this_week[this_week.index("Chủ nhật, <time") :]
    assert sunday.index("Tối") < sunday.index("Trực đêm Chủ nhật khu nội trú")
    # In the feed, 23:30 in Lào Cai is 16:30 UTC the same day.
    feed = calendar(client.get("/lich-cong-tac/ical/"))
    event = next(e for e in feed.walk("VEVENT") if str(e["SUMMARY"]) == "Trực đêm Chủ nhật khu nội trú")
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and start.utcoffset() == datetime.timedelta(hours=7)
    assert start.astimezone(UTC) == datetime.datetime(2027, 12, 5, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "monday"),
    [
        ("2026-W53", datetime.date(2026, 12, 28)),
        ("2032-w53", WEEK_53_MONDAY),
        ("2026W01", datetime.date(2025, 12, 29)),
        ("2020-W53", datetime.date(2020, 12, 28)),
        ("2027-W53", None),
        ("2026-W00", None),
        ("2026-W54", None),
        ("9999-W01", None),
        ("abc", None),
        ("2026-12-01", datetime.date(2026, 11, 30)),  # a day typed by a person: its week
        ("14/12/2026", datetime.date(2026, 12, 14)),
        ("20.12.2026", datetime.date(2026, 12, 14)),
        ("31/02/2026", None),
        ("", None),
    ],
)
def test_week_parameter(value, monday):
    assert periods.parse_week(value) == monday


@pytest.mark.parametrize("value", ["2027-W53", "abc", "2026-W99", "9999-W01", "%00", "2026-W5' OR 1=1"])
def test_bad_week_gets_this_week_and_a_notice(school, value):
    page = html(site_client(school).get("/lich-cong-tac/", {"tuan": value}))
    assert "Không hiểu tuần được chọn" in page
    this_monday = periods.monday_of(periods.today())
    assert this_monday.strftime("%d/%m/%Y") in page


def test_week_53_and_the_previous_and_next_links(school):
    page = html(site_client(school).get("/lich-cong-tac/?tuan=2032-W53"))
    assert "Không hiểu" not in page
    assert "27/12/2032" in page and "02/01/2033" in page
    assert re.search(r'href="\?tuan=2032-W52" rel="prev"', page)
    assert re.search(r'href="\?tuan=2033-W01" rel="next"', page)
    first = html(site_client(school).get("/lich-cong-tac/?tuan=2033-W01"))
    assert re.search(r'href="\?tuan=2032-W53" rel="prev"', first)
    # Another week than this one links back to it.
    assert 'href="/lich-cong-tac/">' in page


def test_this_week_is_the_default_and_the_demo_has_it(school, department, other_school):
    monday = periods.monday_of(periods.today())
    for unit in (department, school, other_school):
        page = html(site_client(unit).get("/lich-cong-tac/"))
        assert monday.strftime("%d/%m/%Y") in page
        assert "Chưa có lịch công tác" not in page, unit.code
        assert 'aria-current="true">Tuần này' in page
        next_week = html(
            site_client(unit).get(f"/lich-cong-tac/?tuan={periods.iso_week(monday + datetime.timedelta(days=7))}")
        )
        assert "Chưa có lịch công tác" not in next_week, unit.code


def test_print_view(school):
    add_week(
        school,
        WEEK_53_MONDAY,
        [
            (
                datetime.date(2032, 12, 28),
                datetime.time(7, 30),
                "Họp hội đồng sư phạm tháng 12",
                datetime.time(9, 0),
                "Hội trường",
            )
        ],
    )
    page = html(site_client(school).get("/lich-cong-tac/?tuan=2032-W53&in=1"))
    assert school.name.upper() in page
    assert "LỊCH CÔNG TÁC TUẦN 53" in page
    assert "Từ ngày 27/12/2032 đến ngày 02/01/2033" in page
    assert "<table" in page and "Họp hội đồng sư phạm tháng 12" in page and "Hội trường" in page
    assert "07h30 – 09h00" in page
    assert 'class="site-nav"' not in page and "noindex" in page
    # The web view links to it.
    assert "?tuan=2032-W53&amp;in=1" in html(site_client(school).get("/lich-cong-tac/?tuan=2032-W53"))


# --- Feeds ---------------------------------------------------------------------------------------


def test_schedule_feed(school):
    monday = periods.monday_of(periods.today())
    client = site_client(school)
    feed = calendar(client.get("/lich-cong-tac/ical/"))
    assert school.display_name in str(feed["X-WR-CALNAME"])
    assert feed.walk("VTIMEZONE") and str(feed.walk("VTIMEZONE")[0]["TZID"]) == "Asia/Ho_Chi_Minh"
    expected = ScheduleEntry.objects.filter(
        page__path__startswith=section_of(school).path,
        page__live=True,
        page__week_start__gte=monday - datetime.timedelta(weeks=8),
    )
    events = feed.walk("VEVENT")
    assert len(events) == expected.count() > 0
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    entry = expected.filter(content="Chào cờ, sinh hoạt dưới cờ đầu tuần", date=monday).get()
    event = next(e for e in events if str(e["UID"]) == f"lich-cong-tac-{entry.pk}.{school.code}@sgddt.laocai")
    assert str(event["SUMMARY"]) == "Chào cờ, sinh hoạt dưới cờ đầu tuần"
    assert str(event["LOCATION"]) == "Sân trường"
    start = event.decoded("DTSTART")
    assert start == datetime.datetime.combine(monday, datetime.time(7, 0), tzinfo=periods.local_zone())
    assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"

    # Edited and published again: the same UIDs, the new text.
    week = WeekSchedulePage.objects.get(pk=entry.page_id)
    draft = week.get_latest_revision_as_object()
    entries = list(draft.entries.all())
    next(e for e in entries if e.pk == entry.pk).place = "Nhà đa năng"
    draft.entries = entries
    draft.save_revision().publish()
    again = calendar(client.get("/lich-cong-tac/ical/")).walk("VEVENT")
    assert sorted(str(e["UID"]) for e in again) == sorted(uids)
    assert str(next(e for e in again if str(e["UID"]) == str(event["UID"]))["LOCATION"]) == "Nhà đa năng"


def test_drafts_are_never_in_the_feed_or_the_week(school):
    monday = periods.monday_of(periods.today()) + datetime.timedelta(weeks=3)
    add_week(school, monday, [(monday, datetime.time(8, 0), "Nội dung bản nháp chưa duyệt")], live=False)
    # A published week with unpublished changes shows its published version.
    live = (
        WeekSchedulePage.objects.child_of(section_of(school)).live().get(week_start=periods.monday_of(periods.today()))
    )
    draft = live.get_latest_revision_as_object()
    draft.entries.add(
        ScheduleEntry(date=live.week_start, start_time=datetime.time(9, 0), content="Việc thêm chưa được duyệt")
    )
    draft.save_revision()
    add_event(school, "Sự kiện còn là bản nháp", periods.today(), live=False)
    client = site_client(school)
    for path in (
        "/lich-cong-tac/ical/",
        f"/lich-cong-tac/?tuan={periods.iso_week(monday)}",
        "/lich-cong-tac/",
        "/su-kien/",
        "/su-kien/ical/",
        "/",
    ):
        body = client.get(path).content.decode()
        for secret in ("Nội dung bản nháp chưa duyệt", "Việc thêm chưa được duyệt", "Sự kiện còn là bản nháp"):
            assert secret not in body, (path, secret)


def test_events_feed(school):
    day = periods.today() + datetime.timedelta(days=17)
    all_day = add_event(school, "Ngày hội đọc sách", day, place="Thư viện")
    timed = add_event(
        school,
        "Thi học sinh giỏi môn Toán",
        day + datetime.timedelta(days=1),
        start_time=datetime.time(7, 30),
        end_time=datetime.time(10, 0),
    )
    feed = calendar(site_client(school).get("/su-kien/ical/"))
    assert "Sự kiện" in str(feed["X-WR-CALNAME"]) and school.display_name in str(feed["X-WR-CALNAME"])
    events = {str(e["SUMMARY"]): e for e in feed.walk("VEVENT")}
    assert len(events) == EventPage.objects.child_of(events_of(school)).live().count()
    reading = events["Ngày hội đọc sách"]
    assert reading.decoded("DTSTART") == day and reading.decoded("DTEND") == day + datetime.timedelta(days=1)
    assert str(reading["LOCATION"]) == "Thư viện"
    assert str(reading["UID"]) == f"su-kien-{all_day.pk}.{school.code}@sgddt.laocai"
    exam = events["Thi học sinh giỏi môn Toán"]
    exam_day = day + datetime.timedelta(days=1)
    assert exam.decoded("DTSTART").astimezone(UTC) == datetime.datetime.combine(exam_day, datetime.time(0, 30), UTC)
    assert exam.decoded("DTEND").astimezone(UTC) == datetime.datetime.combine(exam_day, datetime.time(3, 0), UTC)
    assert str(exam["UID"]) == f"su-kien-{timed.pk}.{school.code}@sgddt.laocai"


# --- Units kept apart ----------------------------------------------------------------------------


def test_one_units_schedule_and_events_never_show_on_another_site(school, other_school, department):
    monday = periods.monday_of(periods.today())
    add_week(
        school,
        monday + datetime.timedelta(weeks=4),
        [(monday + datetime.timedelta(weeks=4), datetime.time(8, 0), "Việc riêng của trường Chuyên")],
    )
    add_event(school, "Sự kiện riêng của trường Chuyên", periods.today() + datetime.timedelta(days=1))
    week = periods.iso_week(monday + datetime.timedelta(weeks=4))
    assert "Việc riêng của trường Chuyên" in html(site_client(school).get(f"/lich-cong-tac/?tuan={week}"))
    for unit in (other_school, department):
        client = site_client(unit)
        for path in (f"/lich-cong-tac/?tuan={week}", "/lich-cong-tac/ical/", "/su-kien/", "/su-kien/ical/", "/"):
            body = client.get(path).content.decode()
            assert "Việc riêng của trường Chuyên" not in body and "Sự kiện riêng của trường Chuyên" not in body, (
                unit.code,
                path,
            )
    # The demo's schedules are each unit's own.
    assert "Giao ban lãnh đạo Sở đầu tuần" in html(site_client(department).get("/lich-cong-tac/"))
    assert "Giao ban lãnh đạo Sở đầu tuần" not in html(site_client(school).get("/lich-cong-tac/"))


# --- Months --------------------------------------------------------------------------------------


def test_month_view_boundaries_and_links(school):
    add_event(school, "Sự kiện ngày 30 tháng 11", datetime.date(2027, 11, 30))
    add_event(school, "Sự kiện ngày 1 tháng 12", datetime.date(2027, 12, 1), start_time=datetime.time(0, 0))
    add_event(school, "Sự kiện ngày 31 tháng 12", datetime.date(2027, 12, 31), start_time=datetime.time(23, 30))
    add_event(school, "Sự kiện đầu năm 2028", datetime.date(2028, 1, 1))
    add_event(school, "Sự kiện kéo dài qua đầu tháng", datetime.date(2027, 11, 28), datetime.date(2027, 12, 2))
    client = site_client(school)
    page = html(client.get("/su-kien/?thang=2027-12"))
    for title in ("Sự kiện ngày 1 tháng 12", "Sự kiện ngày 31 tháng 12", "Sự kiện kéo dài qua đầu tháng"):
        assert title in page
    assert "Sự kiện ngày 30 tháng 11" not in page and "Sự kiện đầu năm 2028" not in page
    assert (
        page.index("Sự kiện kéo dài qua đầu tháng")
        < page.index("Sự kiện ngày 1 tháng 12")
        < page.index("Sự kiện ngày 31 tháng 12")
    )
    assert re.search(r'href="\?thang=2027-11" rel="prev"', page) and re.search(
        r'href="\?thang=2028-01" rel="next"', page
    )
    january = html(client.get("/su-kien/?thang=2028-01"))
    assert "Sự kiện đầu năm 2028" in january and re.search(r'href="\?thang=2027-12" rel="prev"', january)
    november = html(client.get("/su-kien/?thang=2027-11"))
    assert "Sự kiện ngày 30 tháng 11" in november and "Sự kiện kéo dài qua đầu tháng" in november
    for bad in ("2027-13", "abc", "0000-01"):
        assert "Không hiểu tháng được chọn" in html(client.get("/su-kien/", {"thang": bad}))


def test_home_page_shows_this_week_and_upcoming_events(other_school):
    add_event(other_school, "Giao lưu văn hoá các dân tộc", periods.today() + datetime.timedelta(days=1))
    page = html(site_client(other_school).get("/"))
    assert "Lịch công tác tuần này" in page and 'href="/lich-cong-tac/"' in page
    assert "Giao lưu văn hoá các dân tộc" in page


def test_publishing_a_week_refreshes_the_cached_schedule(school):
    client = site_client(school)
    monday = periods.monday_of(periods.today()) + datetime.timedelta(weeks=5)
    path = f"/lich-cong-tac/?tuan={periods.iso_week(monday)}"
    assert client.get(path)["X-Page-Cache"] == "MISS"
    assert client.get(path)["X-Page-Cache"] == "HIT"
    add_week(school, monday, [(monday, datetime.time(8, 0), "Lịch mới đăng sau khi đã lưu bộ nhớ đệm")])
    assert "Lịch mới đăng sau khi đã lưu bộ nhớ đệm" in html(client.get(path))


# --- Editors -------------------------------------------------------------------------------------


def add_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return querydict_from_html(response.content.decode(), form_id="page-edit-form")


def fill_entry(data, index, day, start, content, **more):
    prefix = f"entries-{index}-"
    data[prefix + "date"] = day.strftime("%d/%m/%Y")
    data[prefix + "start_time"] = start
    data[prefix + "content"] = content
    for name, value in more.items():
        data[prefix + name] = value
    data[prefix + "ORDER"] = str(index + 1)


def errors_of(response):
    return re.findall(r'class="error-message"[^>]*>\s*<p>([^<]*)', response.content.decode())


def workflow_action(client, page, action):
    state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS)
    return client.post(f"/admin/pages/workflow/action/{page.pk}/{action}/{state.pk}/")


def test_school_clerk_makes_next_weeks_schedule_and_the_moderator_publishes_it(login_client, school, other_school):
    section = section_of(school)
    WeekSchedulePage.objects.child_of(section).filter(week_start__gt=periods.monday_of(periods.today())).delete()
    monday = periods.monday_of(periods.today()) + datetime.timedelta(weeks=1)
    editor = login_client(f"{school.code}.bientap", host=school.hostname)
    moderator = login_client(f"{school.code}.duyet", host=school.hostname)
    public = site_client(school)
    url = f"/admin/pages/add/schedule/weekschedulepage/{section.pk}/"

    # A date outside the chosen week is refused with a clear message, nothing lost.
    data = add_form(editor, url)
    data["week_start"] = (monday + datetime.timedelta(days=2)).strftime("%d/%m/%Y")  # any day of the week
    fill_entry(data, 0, monday + datetime.timedelta(days=7), "07:00", "Chào cờ đầu tuần")
    data["action-submit"] = "1"
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "Ngày này không thuộc tuần của lịch" in response.content.decode()
    assert "Chào cờ đầu tuần" in response.content.decode()

    # Fixed, it is submitted for approval: a draft, not on the site yet.
    fill_entry(data, 0, monday, "07:00", "Chào cờ đầu tuần", end_time="07:45", place="Sân trường", leader="Hiệu trưởng")
    response = editor.post(url, data)
    assert response.status_code == 302, errors_of(response)
    page = WeekSchedulePage.objects.child_of(section).get(week_start=monday)
    assert (
        page.title.startswith(f"Lịch công tác tuần {monday.isocalendar()[1]}")
        and page.slug == periods.iso_week(monday).lower()
    )
    assert not page.live
    week_url = f"/lich-cong-tac/?tuan={periods.iso_week(monday)}"
    assert "Chào cờ đầu tuần" not in public.get(week_url).content.decode()
    assert "Chào cờ đầu tuần" not in public.get("/lich-cong-tac/ical/").content.decode()

    # The editor cannot publish it; the unit's moderator approves: it appears, in the feed too.
    assert workflow_action(editor, page, "approve").status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live
    assert workflow_action(moderator, page, "approve").status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    shown = html(public.get(week_url))
    assert "Chào cờ đầu tuần" in shown and "07h00</time> – 07h45" in shown and "Sân trường" in shown
    assert "Chào cờ đầu tuần" in public.get("/lich-cong-tac/ical/").content.decode()

    # A second schedule for the same week is refused.
    data = add_form(editor, url)
    data["week_start"] = monday.strftime("%d/%m/%Y")
    fill_entry(data, 0, monday, "14:00", "Họp Ban Giám hiệu")
    response = editor.post(url, data)
    assert response.status_code == 200 and "Đã có lịch công tác của tuần" in response.content.decode()

    # Next week from this one: a draft with the same weekdays and times, opened for editing.
    copy_url = f"/admin/lich-cong-tac/{page.pk}/tuan-sau/"
    assert "Sao chép sang tuần sau" in editor.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert editor.get(copy_url).status_code == 200
    response = editor.post(copy_url)
    copy = WeekSchedulePage.objects.child_of(section).get(week_start=monday + datetime.timedelta(weeks=1))
    assert response.status_code == 302 and response.url == f"/admin/pages/{copy.pk}/edit/"
    assert not copy.live
    copied = copy.get_latest_revision_as_object().entries.all()
    assert [(e.date, e.start_time, e.content) for e in copied] == [
        (monday + datetime.timedelta(weeks=1), datetime.time(7, 0), "Chào cờ đầu tuần")
    ]
    assert editor.get(f"/admin/pages/{copy.pk}/edit/").status_code == 200
    # From the section itself, “Lập lịch tuần sau” starts from the latest week.
    section_copy = editor.get(f"/admin/lich-cong-tac/{section.pk}/tuan-sau/")
    assert section_copy.status_code == 200 and copy.title in section_copy.content.decode()

    # Another school's clerk can neither add to nor copy this school's schedule.
    stranger = login_client(f"{other_school.code}.bientap", host=other_school.hostname)
    assert_refused(stranger.get(url))
    assert_refused(stranger.post(copy_url))
    future = WeekSchedulePage.objects.child_of(section).filter(week_start__gt=periods.monday_of(periods.today()))
    assert future.count() == 2


def test_school_clerk_adds_an_event_through_the_workflow(login_client, school):
    index = events_of(school)
    editor = login_client(f"{school.code}.bientap", host=school.hostname)
    moderator = login_client(f"{school.code}.duyet", host=school.hostname)
    url = f"/admin/pages/add/schedule/eventpage/{index.pk}/"
    data = add_form(editor, url)
    day = periods.today() + datetime.timedelta(days=2)
    data.update(
        {
            "title": "Lễ kỷ niệm ngày thành lập trường",
            "slug": "le-ky-niem-ngay-thanh-lap-truong",
            "start_date": day.strftime("%d/%m/%Y"),
            "start_time": "08:00",
            "end_time": "07:00",
            "place": "Hội trường",
            "body-count": "0",
            "action-submit": "1",
        }
    )
    response = editor.post(url, data)
    assert response.status_code == 200 and "Giờ kết thúc phải sau giờ bắt đầu" in response.content.decode()
    data["end_time"] = "10:30"
    assert editor.post(url, data).status_code == 302
    page = EventPage.objects.child_of(index).get(slug="le-ky-niem-ngay-thanh-lap-truong")
    public = site_client(school)
    assert "Lễ kỷ niệm ngày thành lập trường" not in public.get("/su-kien/").content.decode()
    assert workflow_action(moderator, page, "approve").status_code in (200, 302)
    month = html(public.get(f"/su-kien/?thang={periods.month_param(day.replace(day=1))}"))
    assert "Lễ kỷ niệm ngày thành lập trường" in month and "08h00 – 10h30" in month
    assert html(public.get("/su-kien/le-ky-niem-ngay-thanh-lap-truong/"))


def test_sections_are_provisioned_for_every_unit(db):
    from schoolsite.models import Unit

    homes = Unit.objects.exclude(home_page=None).values_list("home_page__path", flat=True)
    for model, slug in ((WorkSchedulePage, "lich-cong-tac"), (EventIndexPage, "su-kien")):
        sections = model.objects.filter(slug=slug).live()
        assert {page.path[: len(page.path) - Page.steplen] for page in sections} >= set(homes)


# --- Phones --------------------------------------------------------------------------------------


def test_week_view_reads_on_a_360px_phone(live_portal, phone_page, school):
    phone_page.goto(f"http://{school.hostname}:{live_portal}/lich-cong-tac/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    days = phone_page.locator(".week-day-title")
    assert days.count() == 7
    assert days.first.inner_text().startswith("Thứ Hai")
    entry = phone_page.locator(".schedule-entry").first
    assert entry.is_visible()
    box = entry.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    size = phone_page.evaluate("parseFloat(getComputedStyle(document.querySelector('.entry-content')).fontSize)")
    assert size >= 14
    nav = phone_page.locator(".period-nav a, .period-nav span")
    assert nav.count() == 3
    for i in range(3):
        item = nav.nth(i).bounding_box()
        assert item["height"] >= 44 and item["x"] + item["width"] <= 360
    # The click returns once the new address is committed, before its document is parsed: wait for it.
    with phone_page.expect_navigation():
        phone_page.get_by_role("link", name="Tuần sau ›").click()
    assert "tuan=" in phone_page.url
    expect(phone_page.locator(".schedule-entry").first).to_be_visible()
    assert phone_page.console_errors == []


def test_clerk_previews_a_new_week_before_saving(login_client, school):
    section = section_of(school)
    monday = periods.monday_of(periods.today()) + datetime.timedelta(weeks=7)
    editor = login_client(f"{school.code}.bientap", host=school.hostname)
    url = f"/admin/pages/add/schedule/weekschedulepage/{section.pk}/"
    data = add_form(editor, url)
    data["week_start"] = monday.strftime("%d/%m/%Y")
    fill_entry(data, 0, monday + datetime.timedelta(days=3), "14:00", "Xem trước việc họp tổ chủ nhiệm")
    response = editor.post(url + "preview/", data)
    assert response.status_code == 200 and response.json()["is_valid"]
    preview = html(editor.get(url + "preview/"))
    assert "Xem trước việc họp tổ chủ nhiệm" in preview and "Chiều" in preview
    assert not WeekSchedulePage.objects.child_of(section).filter(week_start=monday).exists()


@pytest.mark.parametrize(
    ("path", "context"),
    [("/lich-cong-tac/", "main"), ("/lich-cong-tac/?in=1", None), ("/su-kien/", "main"), ("/", ".home-calendar")],
)
def test_schedule_and_events_pass_axe(live_portal, phone_page, school, path, context):
    from axe_playwright_python.sync_playwright import Axe

    phone_page.goto(f"http://{school.hostname}:{live_portal}{path}")
    results = Axe().run(phone_page, context=context)
    assert results.violations_count == 0, results.generate_report()


def test_provisioning_again_puts_new_sections_in_menu_order_on_existing_sites(school):
    from schoolsite.sections import ensure_sections

    home = Page.objects.get(pk=school.home_page_id)
    for slug in ("gioi-thieu", "lich-cong-tac", "su-kien"):
        home.get_children().get(slug=slug).delete()
    home = Page.objects.get(pk=school.home_page_id)
    ensure_sections(home)
    ensure_sections(Page.objects.get(pk=school.home_page_id))  # idempotent
    slugs = list(Page.objects.get(pk=school.home_page_id).get_children().values_list("slug", flat=True))
    expected = [
        "gioi-thieu", "tin-tuc", "van-ban", "thu-tuc-hanh-chinh", "hoi-dap", "cong-khai", "lich-cong-tac", "su-kien"
    ]  # fmt: skip
    assert slugs[: len(expected)] == expected and "lien-he" in slugs[len(expected) :]
    introduction = Page.objects.get(url_path=f"{home.url_path}gioi-thieu/")
    assert introduction.get_children().count() == 3
    assert Page.find_problems() == ([], [], [], [], [])
    for path in ("/lich-cong-tac/", "/su-kien/", "/gioi-thieu/co-cau-to-chuc/"):
        assert site_client(school).get(path).status_code == 200
