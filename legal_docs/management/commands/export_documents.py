"""manage.py export_documents --format csv|xlsx|json -o OUT"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from legal_docs.exporting import export


class Command(BaseCommand):
    help = "Xuất thư viện văn bản và thủ tục hành chính ra CSV (UTF-8 có BOM), XLSX hoặc JSON."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="xlsx")
        parser.add_argument("-o", "--output", required=True, help="tệp kết quả")

    def handle(self, *args, format, output, **options):
        with translation.override("vi"):
            out = Path(output)
            for suffix, content in export(format).items():
                path = out.with_name(out.stem + suffix + out.suffix) if suffix else out
                path.write_bytes(content)
                self.stdout.write(_("Đã ghi %(path)s") % {"path": path})
