"""manage.py restore BACKUP_ID [--database NAME]: restore a backup and check it against its manifest."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portability.backups import BackupError, list_backups, restore, target_storage


class Command(BaseCommand):
    help = _(
        "Khôi phục một bản sao lưu: kiểm tra SHA-256, nạp cơ sở dữ liệu (vào CSDL mới nếu có --database) "
        "và tệp, rồi so số bản ghi với bản sao lưu."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup_id", nargs="?", help=_("mã bản sao lưu; bỏ trống để xem danh sách"))
        parser.add_argument("--database", help=_("tên một CSDL PostgreSQL mới để khôi phục vào (diễn tập)"))
        parser.add_argument("--target", help=_("thay cho BACKUP_TARGET"))

    def handle(self, *args, backup_id=None, database=None, target=None, **options):
        try:
            if not backup_id:
                for name in list_backups(target_storage(target)):
                    self.stdout.write(name)
                return
            manifest, counts = restore(backup_id, database=database, target=target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        where = database or _("cơ sở dữ liệu hiện tại")
        self.stdout.write(_("Đã khôi phục %(id)s vào %(where)s và kiểm tra:") % {"id": backup_id, "where": where})
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count}")
