"""Emergency alerts (thông báo khẩn): a banner on exactly the addressed sites, cached pages included, on time."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from alerts import services
from alerts.models import Alert, AlertLevel
from schoolsite.audience import Audience
from schoolsite.models import Unit
from tests.conftest import site_client

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_alerts_alert:add"


def user(username):
    return get_user_model().objects.get(username=username)


def raise_alert(unit, **fields):
    now = timezone.now()
    values = {
        "level": AlertLevel.EMERGENCY,
        "title": "Học sinh nghỉ học do mưa lũ",
        "message": "Mưa lớn gây sạt lở trên tuyến đường vào trường. Học sinh nghỉ học đến khi có thông báo mới.",
        "starts_at": now - datetime.timedelta(minutes=1),
        "ends_at": now + datetime.timedelta(hours=6),
        "audience": Audience.SELECTED,
        "unit": unit,
    }
    values.update(fields)
    units = values.pop("units", [])
    alert = Alert(**values)
    alert.audience_units.set(units)
    alert.save()
    return alert


def home(unit):
    return site_client(unit).get("/")


def warm(units):
    for unit in units:
        home(unit)
        response = home(unit)
        assert response["X-Page-Cache"] == "HIT", unit.code


def has_banner(response, alert):
    return f'id="alert-{alert.pk}-title"' in response.content.decode()


def form_data(**fields):
    now = timezone.localtime()
    data = {
        "level": AlertLevel.WARNING,
        "title": "Nghỉ học do rét hại ngày mai",
        "message": "Nhiệt độ dưới 7 độ C. Nhà trường cho học sinh nghỉ học ngày mai.",
        "link": "",
        "starts_at": now.strftime("%d/%m/%Y %H:%M"),
        "ends_at": (now + datetime.timedelta(days=1)).strftime("%d/%m/%Y %H:%M"),
        "audience": Audience.SELECTED,
    }
    data.update(fields)
    return data


def test_district_alert_shows_on_exactly_its_units_sites_even_when_cached(department):
    units = list(Unit.objects.active().select_related("site"))
    bat_xat = [unit for unit in units if unit.district == "Bát Xát"]
    others = [unit for unit in units if unit.district != "Bát Xát"]
    assert len(bat_xat) >= 3 and others
    warm(units)

    alert = raise_alert(department, audience_districts=",Bát Xát,")

    for unit in bat_xat:
        response = home(unit)
        assert has_banner(response, alert), unit.code
        assert "Học sinh nghỉ học do mưa lũ" in response.content.decode()
        # Every other page of the site too, and the banner is cached along with it.
        assert has_banner(site_client(unit).get("/tin-tuc/"), alert)
        cached = home(unit)
        assert cached["X-Page-Cache"] == "HIT" and has_banner(cached, alert)
    for unit in others:
        response = home(unit)
        assert not has_banner(response, alert), unit.code
        assert services.active_alert_ids(unit.site_id)[1] == []  # their cache keys stay what they were


def test_inactive_unit_of_the_district_is_not_addressed(department):
    closed = Unit.objects.filter(district="Bát Xát").exclude(unit_type="so").first()
    closed.is_active = False
    closed.save()
    alert = raise_alert(department, audience_districts=",Bát Xát,")
    _stamp, entries = services.schedule()
    (entry,) = [entry for entry in entries if entry[2] == alert.pk]
    assert closed.site_id not in entry[3]
    assert Unit.objects.active().filter(district="Bát Xát").first().site_id in entry[3]


def test_alert_appears_at_its_start_and_disappears_at_its_end_on_cached_pages(department, school, monkeypatch):
    now = timezone.now()
    alert = raise_alert(
        department,
        units=[school],
        starts_at=now + datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=3),
    )
    warm([school])
    assert not has_banner(home(school), alert)

    clock = now.timestamp()
    monkeypatch.setattr(services, "_now", lambda: clock + 3600)  # its start: no save, no job
    assert has_banner(home(school), alert)
    assert has_banner(home(school), alert)

    monkeypatch.setattr(services, "_now", lambda: clock + 3 * 3600)  # its end
    response = home(school)
    assert not has_banner(response, alert)
    assert response["X-Page-Cache"] == "HIT"  # the page cached before the alert is right again


def test_ending_an_alert_early_removes_it_at_once(department, school):
    alert = raise_alert(department, audience=Audience.ALL)
    warm([school])
    assert has_banner(home(school), alert)
    alert.ends_at = timezone.now()
    alert.save()
    assert not has_banner(home(school), alert)


def test_sector_wide_alert_shows_on_every_site(department, school, other_school):
    alert = raise_alert(department, audience=Audience.ALL, level=AlertLevel.INFO)
    for unit in (department, school, other_school):
        assert has_banner(home(unit), alert)


def test_banner_is_accessible_and_says_its_level_in_words(department, school):
    alert = raise_alert(department, units=[school], link="https://laocai.edu.vn/tin-tuc/mua-lu/")
    html = home(school).content.decode()
    start = html.index('<section class="alert-banner alert-emergency" role="alert"')
    banner = html[start : html.index("</section>", start)]
    assert f'aria-labelledby="alert-{alert.pk}-title"' in banner
    assert f'<h2 id="alert-{alert.pk}-title" class="alert-title"><span class="alert-level">Khẩn cấp:</span>' in banner
    assert 'href="https://laocai.edu.vn/tin-tuc/mua-lu/"' in banner
    assert "Xem chi tiết" in banner
    # Before the main content: the first thing after the header.
    assert start < html.index('<main id="main"')


def test_school_moderator_raises_an_alert_for_its_own_site_only(login_client, school, other_school):
    warm([school, other_school])
    client = login_client("thpt-chuyen.duyet", host=school.hostname)
    form = client.get(reverse(ADD_URL))
    assert form.status_code == 200
    assert "Toàn ngành" not in form.content.decode()
    response = client.post(reverse(ADD_URL), form_data(audience_units=[school.pk]))
    assert response.status_code == 302, response.content.decode()[:3000]
    alert = Alert.objects.get(title="Nghỉ học do rét hại ngày mai")
    assert alert.unit == school and alert.created_by == user("thpt-chuyen.duyet")
    assert has_banner(home(school), alert)
    assert not has_banner(home(other_school), alert)

    entry = ModelLogEntry.objects.get(object_id=str(alert.pk), action="wagtail.create")
    assert entry.user == user("thpt-chuyen.duyet")
    client.post(
        reverse("wagtailsnippets_alerts_alert:edit", args=[alert.pk]),
        form_data(audience_units=[school.pk], title="Rét hại: nghỉ học"),
    )
    assert ModelLogEntry.objects.filter(object_id=str(alert.pk), action="wagtail.edit").exists()


def test_school_user_cannot_address_other_units(login_client, school, other_school):
    client = login_client("thpt-chuyen.quantri", host=school.hostname)
    for refused in (
        form_data(audience_units=[other_school.pk]),
        form_data(audience_units=[school.pk, other_school.pk]),
        form_data(audience=Audience.ALL),
        form_data(audience_districts=["Bát Xát"]),
        form_data(audience_unit_types=["thpt"]),
    ):
        response = client.post(reverse(ADD_URL), refused)
        assert response.status_code == 200
        assert "error" in response.content.decode()
    assert not Alert.objects.filter(title="Nghỉ học do rét hại ngày mai").exists()


def test_department_addresses_many_and_lists_every_alert(login_client, department, school):
    school_alert = raise_alert(school, units=[school], title="Trường nghỉ học do sạt lở")
    client = login_client("so.duyet")
    response = client.post(
        reverse(ADD_URL), form_data(audience_districts=["Bát Xát", "Si Ma Cai"], audience_unit_types=["ptdtnt"])
    )
    assert response.status_code == 302
    alert = Alert.objects.get(title="Nghỉ học do rét hại ngày mai")
    assert alert.unit == department
    listing = client.get(reverse("wagtailsnippets_alerts_alert:list")).content.decode()
    assert "Trường nghỉ học do sạt lở" in listing and "Nghỉ học do rét hại ngày mai" in listing

    # The school lists its own alerts only and cannot open the department's.
    school_client = login_client("thpt-chuyen.duyet", host=school.hostname)
    listing = school_client.get(reverse("wagtailsnippets_alerts_alert:list")).content.decode()
    assert "Trường nghỉ học do sạt lở" in listing and "Nghỉ học do rét hại ngày mai" not in listing
    assert school_client.get(reverse("wagtailsnippets_alerts_alert:edit", args=[alert.pk])).status_code in (302, 403)
    assert school_alert.pk


def test_editors_cannot_raise_alerts_and_nobody_deletes_them(login_client, department):
    alert = raise_alert(department, audience=Audience.ALL)
    editor = login_client("thpt-chuyen.bientap", host="thpt-chuyen.localhost")
    assert editor.get(reverse(ADD_URL)).status_code in (302, 403)
    moderator = login_client("so.duyet")
    assert moderator.post(reverse("wagtailsnippets_alerts_alert:delete", args=[alert.pk])).status_code in (302, 403)
    assert Alert.objects.filter(pk=alert.pk).exists()


def test_form_refuses_an_end_before_the_start(login_client, school):
    client = login_client("thpt-chuyen.duyet", host=school.hostname)
    now = timezone.localtime()
    response = client.post(
        reverse(ADD_URL),
        form_data(audience_units=[school.pk], ends_at=(now - datetime.timedelta(hours=1)).strftime("%d/%m/%Y %H:%M")),
    )
    assert response.status_code == 200
    assert "Thời điểm kết thúc phải sau thời điểm bắt đầu." in response.content.decode()
    assert not Alert.objects.filter(title="Nghỉ học do rét hại ngày mai").exists()


def test_each_district_is_offered_once_to_the_department(login_client, department):
    # Units are ordered by code: a DISTINCT over districts must not repeat a district per unit.
    form = login_client("so.duyet").get(reverse(ADD_URL)).content.decode()
    assert form.count('name="audience_districts" value="Bát Xát"') == 1
    assert form.count('name="audience_districts" value="Văn Bàn"') == 1
    news = site_client(department).get("/tin-tuc/tu-cac-don-vi/").content.decode()
    assert news.count(">Bát Xát</option>") == 1


def test_end_now_from_the_list_takes_the_banner_down_at_once_and_is_recorded(login_client, department, school):
    alert = raise_alert(department, audience=Audience.ALL)
    warm([school])
    assert has_banner(home(school), alert)
    client = login_client("so.duyet")
    end_url = reverse("wagtailsnippets_alerts_alert:end", args=[alert.pk])
    listing = client.get(reverse("wagtailsnippets_alerts_alert:list")).content.decode()
    assert end_url in listing and "Kết thúc ngay" in listing
    confirm = client.get(end_url)
    assert confirm.status_code == 200 and alert.title in confirm.content.decode()
    assert has_banner(home(school), alert)  # asking is not ending
    response = client.post(end_url)
    assert response.status_code == 302
    assert not has_banner(home(school), alert)
    alert.refresh_from_db()
    assert alert.ends_at <= timezone.now()
    assert ModelLogEntry.objects.filter(object_id=str(alert.pk), action="sgddt.alert_end").exists()
    assert end_url not in client.get(reverse("wagtailsnippets_alerts_alert:list")).content.decode()


def test_a_school_cannot_end_another_units_alert(login_client, department, school):
    alert = raise_alert(department, audience=Audience.ALL)
    client = login_client("thpt-chuyen.duyet", host=school.hostname)
    end_url = reverse("wagtailsnippets_alerts_alert:end", args=[alert.pk])
    assert client.post(end_url).status_code in (302, 403)
    alert.refresh_from_db()
    assert alert.ends_at > timezone.now()
