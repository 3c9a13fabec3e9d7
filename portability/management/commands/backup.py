"""manage.py backup: database dump and media to BACKUP_TARGET, then retention (run daily from cron)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portability.backups import BackupError, backup


class Command(BaseCommand):
    help = _("Sao lưu cơ sở dữ liệu (pg_dump) và tệp tới BACKUP_TARGET, rồi xoá bản cũ theo thời hạn giữ.")

    def add_arguments(self, parser):
        parser.add_argument("--target", help=_("thay cho BACKUP_TARGET: thư mục hoặc s3://bucket/thu-muc"))
        parser.add_argument("--keep-daily", type=int, help=_("số ngày gần nhất giữ bản sao lưu"))
        parser.add_argument("--keep-monthly", type=int, help=_("số tháng gần nhất giữ một bản"))

    def handle(self, *args, target=None, keep_daily=None, keep_monthly=None, **options):
        try:
            backup_id, manifest, deleted = backup(target, keep_daily, keep_monthly)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Đã sao lưu %(id)s: %(pages)d trang, %(files)d tệp.")
            % {"id": backup_id, "pages": manifest["counts"]["wagtailcore.page"], "files": manifest["media_files"]}
        )
        if deleted:
            self.stdout.write(_("Đã xoá bản cũ: %(ids)s.") % {"ids": ", ".join(deleted)})
