"""manage.py import_documents FILE [--attachments ZIP] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from home.tabular import TableInvalid
from legal_docs.importing import Importer


class Command(BaseCommand):
    help = "Nhập văn bản và thủ tục hành chính từ tệp CSV hoặc XLSX (kèm tệp ZIP các tệp văn bản, biểu mẫu)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .csv hoặc .xlsx")
        parser.add_argument(
            "--attachments", help="tệp .zip chứa các tệp đính kèm được nêu trong cột tep_dinh_kem, bieu_mau"
        )
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, báo lỗi từng dòng, không ghi gì")

    def handle(self, *args, file, attachments, dry_run, **options):
        with translation.override("vi"):
            try:
                data = Path(file).read_bytes()
                archive = Path(attachments).read_bytes() if attachments else None
            except FileNotFoundError as exc:
                raise CommandError(_("Không tìm thấy tệp %(path)s.") % {"path": exc.filename}) from exc
            try:
                importer = Importer(data, archive, filename=file).read()
            except TableInvalid as exc:
                for error in exc.errors:
                    self.stderr.write(f"  • {error}")
                raise CommandError(
                    _("Tệp có %(count)d lỗi; không có gì được nhập. Sửa các dòng trên rồi chạy lại.")
                    % {"count": len(exc.errors)}
                ) from exc
            documents, procedures = len(importer.document_rows), len(importer.procedure_rows)
            if dry_run:
                self.stdout.write(
                    _("Chạy thử: tệp hợp lệ, %(documents)d văn bản và %(procedures)d thủ tục sẵn sàng để nhập.")
                    % {"documents": documents, "procedures": procedures}
                )
                return
            result = importer.apply()
            self.stdout.write(self.style.SUCCESS(_("Đã nhập xong: %(summary)s") % {"summary": result.summary()}))
