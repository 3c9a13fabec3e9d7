"""manage.py sync_users [--source URL_OR_FILE] [--dry-run] [--force]"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.directory_sources import SyncRefused
from accounts.sync import sync_users

REPORT_LINES = [
    ("create", "+", gettext_lazy("tạo")),
    ("update", "~", gettext_lazy("cập nhật")),
    ("reactivate", "↑", gettext_lazy("mở lại")),
    ("deactivate", "-", gettext_lazy("khoá")),
    ("skip", "!", gettext_lazy("bỏ qua")),
]


class Command(BaseCommand):
    help = "Tạo, cập nhật và khoá tài khoản cùng vai trò trong đơn vị theo thư mục người dùng của tỉnh (LDAP hoặc tệp)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            help="ldap://… hoặc ldaps://… hoặc tệp .csv/.xlsx/.json (mặc định: biến SYNC_USERS_SOURCE)",
        )
        parser.add_argument("--dry-run", action="store_true", help="chỉ cho biết sẽ thay đổi gì, không ghi gì")
        parser.add_argument(
            "--force",
            action="store_true",
            help="vẫn khoá dù số tài khoản bị khoá vượt SYNC_USERS_MAX_DEACTIVATE_SHARE",
        )

    def handle(self, *args, source=None, dry_run=False, force=False, **options):
        with translation.override("vi"):
            location = source or settings.SYNC_USERS_SOURCE
            if not location:
                raise CommandError(_("Chưa có nguồn: đặt biến SYNC_USERS_SOURCE hoặc dùng --source."))
            try:
                result = sync_users(location, dry_run=dry_run, force=force)
            except SyncRefused as exc:
                for problem in exc.problems:
                    self.stderr.write(f"  • {problem}")
                raise CommandError(exc.message) from exc
            self._report(result)
            counts = result.counts()
            if dry_run:
                self.stdout.write(
                    _(
                        "Chạy thử, không ghi gì. Sẽ tạo %(create)d, cập nhật %(update)d, mở lại %(reactivate)d, "
                        "khoá %(deactivate)d, giữ nguyên %(unchanged)d tài khoản; bỏ qua %(skip)d."
                    )
                    % counts
                )
            else:
                self.stdout.write(
                    self.style.SUCCESS(
                        _(
                            "Xong. Đã tạo %(create)d, cập nhật %(update)d, mở lại %(reactivate)d, "
                            "khoá %(deactivate)d, giữ nguyên %(unchanged)d tài khoản; bỏ qua %(skip)d."
                        )
                        % counts
                    )
                )

    def _report(self, result):
        for action, mark, verb in REPORT_LINES:
            for change in result.of(action):
                detail = change.describe()
                line = f"{mark} {verb} {change.username}"
                self.stdout.write(f"{line}: {detail}" if detail else line)
        if not result.changed:
            self.stdout.write(_("Không có thay đổi nào."))
