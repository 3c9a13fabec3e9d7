"""Demo alerts (called by home.demo): past alerts only, so the demo's sites show no banner by default."""

import datetime

from django.utils import timezone

from schoolsite.audience import Audience
from schoolsite.models import DEPARTMENT_CODE, Unit

from .models import Alert, AlertLevel


def ensure_alerts():
    if Alert.objects.exists():
        return 0
    department = Unit.objects.filter(code=DEPARTMENT_CODE).first()
    school = Unit.objects.filter(district="Bát Xát").exclude(code=DEPARTMENT_CODE).order_by("code").first()
    if department is None or school is None:
        return 0
    now = timezone.now()
    cold = Alert(
        level=AlertLevel.WARNING,
        title="Rét đậm, rét hại: học sinh mầm non, tiểu học nghỉ học",
        message=(
            "Nhiệt độ ở vùng cao dưới 7 độ C. Các trường mầm non, tiểu học ở Bát Xát, Si Ma Cai, Bắc Hà "
            "cho học sinh nghỉ học; các trường THCS, THPT chủ động điều chỉnh giờ học."
        ),
        starts_at=now - datetime.timedelta(days=40),
        ends_at=now - datetime.timedelta(days=38),
        audience=Audience.SELECTED,
        audience_districts=",Bát Xát,Si Ma Cai,Bắc Hà,",
        unit=department,
    )
    cold.save()
    flood = Alert(
        level=AlertLevel.EMERGENCY,
        title="Học sinh nghỉ học do sạt lở đường vào trường",
        message="Mưa lớn gây sạt lở đoạn đường vào trường. Học sinh ở nhà, giáo viên chủ nhiệm liên hệ từng gia đình.",
        starts_at=now - datetime.timedelta(days=75),
        ends_at=now - datetime.timedelta(days=74),
        audience=Audience.SELECTED,
        unit=school,
    )
    flood.save()
    flood.audience_units.set([school])
    flood.save()
    return 2
