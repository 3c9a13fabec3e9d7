"""manage.py export_portal OUT [--with-passwords]: the full hand-over archive (see docs/data-format.md)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from portability.archive import export_portal


class Command(BaseCommand):
    help = _("Xuất toàn bộ dữ liệu của Cổng (dữ liệu JSON, tệp gốc, manifest có SHA-256) ra một tệp ZIP.")

    def add_arguments(self, parser):
        parser.add_argument("output", help=_("tệp ZIP kết quả"))
        parser.add_argument(
            "--with-passwords", action="store_true", help=_("kèm mã băm mật khẩu (mặc định: không kèm)")
        )

    def handle(self, *args, output, with_passwords, **options):
        manifest = export_portal(output, with_passwords=with_passwords, stdout=self.stdout)
        rows = sum(manifest["models"].values())
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            _("Đã xuất %(rows)d bản ghi của %(models)d mô hình và %(files)d tệp ra %(output)s.")
            % {"rows": rows, "models": len(manifest["models"]), "files": media, "output": output}
        )
