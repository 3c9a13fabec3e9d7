"""manage.py send_monthly_report [--period YYYY-MM]: last month's summary to the department's staff (schedulable)."""

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reports import services
from reports.exports import FORMATS, to_xlsx
from schoolsite.models import DEPARTMENT_CODE, Unit, UnitRole


def department_staff():
    """Moderators and administrators of the department's own unit who have an e-mail address."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__unit_group__unit__code=DEPARTMENT_CODE,
            groups__unit_group__role__in=[UnitRole.MODERATOR, UnitRole.ADMIN],
        )
        .exclude(email="")
        .distinct()
    )


def summary(report):
    rows = report.tables[0].rows
    total = {key: sum(row[key] or 0 for row in rows) for key in ("news", "documents", "questions_received")}
    stale = [row["unit"] for row in rows if row["stale"]]
    lines = [
        _("Báo cáo hoạt động %(period)s của %(count)d đơn vị.") % {"period": report.period.label, "count": len(rows)},
        _("Tin bài đăng mới: %(news)d; văn bản: %(documents)d; câu hỏi nhận: %(questions_received)d.") % total,
        _("Đơn vị không đăng bài trong 30 ngày: %(count)d.") % {"count": len(stale)},
    ]
    lines += [f"  - {name}" for name in stale[:40]]
    lines.append(_("Chi tiết trong tệp Excel đính kèm."))
    return "\n".join(lines)


class Command(BaseCommand):
    help = _("Gửi báo cáo hoạt động tháng (tệp Excel) cho cán bộ duyệt và quản trị của Sở.")

    def add_arguments(self, parser):
        parser.add_argument("--period", help=_("tháng báo cáo, dạng YYYY-MM (mặc định: tháng trước)"))

    def handle(self, *args, period=None, **options):
        try:
            period = services.Period.parse(period) if period else services.Period.last_month()
        except services.PeriodError as error:
            raise CommandError(str(error)) from None
        recipients = list(department_staff().values_list("email", flat=True))
        if not recipients:
            raise CommandError(_("Sở chưa có cán bộ duyệt hoặc quản trị nào có địa chỉ thư điện tử."))
        report = services.build("activity", Unit.objects.all(), period)
        message = EmailMessage(
            _("Báo cáo hoạt động Cổng thông tin ngành, %(period)s") % {"period": report.period.label},
            summary(report),
            to=recipients,
        )
        message.attach(f"{report.filename}.xlsx", to_xlsx(report), FORMATS["xlsx"])
        message.send()
        self.stdout.write(
            _("Đã gửi báo cáo %(period)s tới %(count)d người.") % {"period": period, "count": len(recipients)}
        )
