"""manage.py provision_units ROSTER [--dry-run] [--local] [--allow-deactivate]"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from home.indexing import deferred_search_indexing
from schoolsite import provisioning
from schoolsite.roster import RosterInvalid, parse_roster


class Command(BaseCommand):
    help = "Tạo hoặc cập nhật các đơn vị, trang web và nhóm quyền từ danh sách đơn vị (CSV hoặc XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("roster", help="tệp danh sách đơn vị (.csv hoặc .xlsx)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ cho biết sẽ thay đổi gì, không ghi gì")
        parser.add_argument(
            "--local", action="store_true", help="dùng tên miền <mã>.localhost thay cho cột hostname (bản chạy thử)"
        )
        parser.add_argument(
            "--allow-deactivate",
            action="store_true",
            help="cho phép ngừng hoạt động hơn 10%% số đơn vị đang hoạt động",
        )

    def handle(self, *args, roster, dry_run, local, allow_deactivate, **options):
        with translation.override("vi"):
            try:
                rows = parse_roster(roster, local=local)
                result = provisioning.plan(rows, allow_deactivate=allow_deactivate)
            except FileNotFoundError as exc:
                raise CommandError(_("Không tìm thấy tệp %(path)s.") % {"path": roster}) from exc
            except RosterInvalid as exc:
                for error in exc.errors:
                    self.stderr.write(f"  • {error}")
                raise CommandError(
                    _("Danh sách đơn vị có %(count)d lỗi; không có gì bị thay đổi.") % {"count": len(exc.errors)}
                ) from exc

            self._report(result)
            counts = {
                "created": len(result.created),
                "updated": len(result.updated),
                "reactivated": len(result.reactivated),
                "deactivated": len(result.deactivated),
                "unchanged": len(result.unchanged),
            }
            if dry_run:
                self.stdout.write(
                    _(
                        "Chạy thử, không ghi gì. Sẽ tạo %(created)d, cập nhật %(updated)d, mở lại %(reactivated)d, "
                        "ngừng hoạt động %(deactivated)d, giữ nguyên %(unchanged)d đơn vị."
                    )
                    % counts
                )
                return
            with deferred_search_indexing():
                provisioning.apply(rows, result, local=local)
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Xong. Đã tạo %(created)d, cập nhật %(updated)d, mở lại %(reactivated)d, "
                        "ngừng hoạt động %(deactivated)d, giữ nguyên %(unchanged)d đơn vị."
                    )
                    % counts
                )
            )

    def _report(self, result):
        for row in result.created:
            self.stdout.write(
                _("+ tạo %(code)s: %(name)s (%(host)s)") % {"code": row.code, "name": row.name, "host": row.hostname}
            )
        for unit, _row, changes in result.updated:
            detail = "; ".join(f"{name}: “{old}” → “{new}”" for name, (old, new) in changes.items())
            self.stdout.write(_("~ cập nhật %(code)s: %(detail)s") % {"code": unit.code, "detail": detail})
        for unit in result.reactivated:
            self.stdout.write(_("↑ mở lại %(code)s: %(name)s") % {"code": unit.code, "name": unit.name})
        for unit in result.deactivated:
            self.stdout.write(_("- ngừng hoạt động %(code)s: %(name)s") % {"code": unit.code, "name": unit.name})
