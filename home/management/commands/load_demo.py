"""manage.py load_demo: the demo province (idempotent)."""

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from home import demo
from schoolsite.models import DEPARTMENT_CODE, Unit


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu của tỉnh Lào Cai: đơn vị, trang web, tin bài, tài khoản dùng thử (chạy lại nhiều lần được)."

    def handle(self, *args, **options):
        with translation.override("vi"):
            self.stdout.write(_("Đang nạp dữ liệu mẫu…"))
            logins = demo.load(stdout=self.stdout)
            self._print_summary(logins)

    def _print_summary(self, logins):
        units = Unit.objects.active().select_related("site").order_by("code")
        department = units.filter(code=DEPARTMENT_CODE).first()
        # One upper-secondary and one boarding school show both kinds of site.
        schools = [u for u in (units.filter(unit_type=t).first() for t in ("thpt", "ptdtnt")) if u]
        password = demo.demo_password()
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(_("Dữ liệu mẫu đã sẵn sàng: %(count)d trang web.") % {"count": units.count()}))
        out.write(_("Trang web (khi máy chủ chạy ở cổng 8000):"))
        if department:
            out.write(f"  {department.name}: {department.url}  (cũng mở được ở http://localhost:8000/)")
        for school in schools:
            out.write(f"  {school.name}: {school.url}")
        admin_host = department.url if department else "http://localhost:8000/"
        out.write(_("Trang quản trị: %(url)sadmin/") % {"url": admin_host})
        out.write(_("Tài khoản dùng thử (mật khẩu: %(password)s):") % {"password": password})
        out.write(_("  quantri          quản trị toàn Cổng"))
        out.write(_("  so.duyet         duyệt tin của Sở"))
        out.write(_("  so.bientap       biên tập viên của Sở"))
        for school in schools:
            out.write(
                _("  %(code)s.bientap / .duyet / .quantri   biên tập, duyệt tin, quản trị %(name)s")
                % {"code": school.code, "name": school.display_name}
            )
        out.write(
            _("  (mỗi trường đều có 3 tài khoản <mã trường>.bientap, .duyet, .quantri; tổng %(n)d tài khoản)")
            % {"n": len(logins)}
        )
