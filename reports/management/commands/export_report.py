"""manage.py export_report NAME --period YYYY-MM --format xlsx|csv|pdf -o OUT [--unit CODE]"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reports import services
from reports.exports import FORMATS, export
from schoolsite.models import Unit, UnitType


class Command(BaseCommand):
    help = _(
        "Xuất một báo cáo (activity, moderation, questions, views, disclosure, translations) ra tệp XLSX, CSV hoặc PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", choices=list(services.REPORTS))
        parser.add_argument(
            "--period",
            help=_("tháng báo cáo, dạng YYYY-MM (mặc định: tháng trước; với disclosure: năm học chứa tháng này)"),
        )
        parser.add_argument("--format", dest="file_format", choices=list(FORMATS), default="xlsx")
        parser.add_argument("-o", "--output", required=True, help=_("tệp kết quả"))
        parser.add_argument("--unit", default="", help=_("mã một đơn vị"))
        parser.add_argument("--district", default="", help=_("tên huyện/thị xã/thành phố"))
        parser.add_argument("--unit-type", default="", choices=[""] + list(UnitType.values))

    def handle(self, *args, name, period, file_format, output, unit, district, unit_type, **options):
        try:
            period = services.Period.parse(period) if period else services.default_period(name)
        except services.PeriodError as error:
            raise CommandError(str(error)) from None
        if unit and not Unit.objects.filter(code=unit).exists():
            raise CommandError(_("Không có đơn vị mã “%(code)s”.") % {"code": unit})
        filters = services.Filters(district=district, unit_type=unit_type, unit_code=unit)
        report = services.build(name, Unit.objects.all(), period, filters)
        with open(output, "wb") as handle:
            handle.write(export(report, file_format))
        rows = len(report.tables[0].rows)
        self.stdout.write(
            _("Đã xuất báo cáo “%(title)s” %(period)s (%(rows)d đơn vị) ra %(output)s.")
            % {"title": report.title, "period": report.period.label, "rows": rows, "output": output}
        )
