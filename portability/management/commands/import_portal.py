"""manage.py import_portal ARCHIVE: recreate a portal from its hand-over archive, in an empty installation."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portability.archive import ArchiveError, import_portal


class Command(BaseCommand):
    help = _("Nhập tệp lưu trữ của export_portal vào một bản cài đặt mới; lỗi thì không thay đổi gì.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help=_("tệp ZIP do export_portal tạo"))

    def handle(self, *args, archive, **options):
        try:
            manifest = import_portal(archive, stdout=self.stdout)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["models"].values())
        self.stdout.write(
            _("Đã nhập %(rows)d bản ghi và %(files)d tệp từ %(archive)s (xuất lúc %(created)s).")
            % {
                "rows": rows,
                "files": sum(1 for name in manifest["files"] if name.startswith("media/")),
                "archive": archive,
                "created": manifest["created_at"],
            }
        )
