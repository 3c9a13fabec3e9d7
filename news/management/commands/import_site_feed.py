"""manage.py import_site_feed --unit CODE SOURCE [--media-dir DIR] [--dry-run]"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from news.importing import FeedImporter, SourceError, read_items, read_source
from schoolsite.models import Unit


class Command(BaseCommand):
    help = (
        "Nhập tin bài từ trang web cũ của một đơn vị: nguồn RSS/Atom (tệp hoặc địa chỉ) hoặc tệp xuất WordPress "
        "(WXR). Chạy lại nhiều lần không tạo bài trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="tệp .xml hoặc địa chỉ http(s) của nguồn RSS/Atom, hoặc tệp WXR")
        parser.add_argument("--unit", required=True, help="mã đơn vị nhận tin (ví dụ thpt-so-1-bat-xat)")
        parser.add_argument(
            "--media-dir",
            help="thư mục chứa bản sao ảnh của trang cũ (ví dụ wp-content/uploads); ảnh không có ở đây được tải về",
        )
        parser.add_argument("--dry-run", action="store_true", help="chỉ đọc và báo cáo, không ghi gì")

    def handle(self, *args, source, unit, media_dir, dry_run, **options):
        with translation.override("vi"):
            target = Unit.objects.filter(code=unit).select_related("home_page", "site", "collection").first()
            if target is None:
                raise CommandError(_("Không có đơn vị mã “%(code)s”.") % {"code": unit})
            try:
                data, base = read_source(source)
                items, format_name = read_items(data)
                report = FeedImporter(target, base, dry_run=dry_run, media_dir=media_dir).run(items, format_name)
            except SourceError as exc:
                raise CommandError(str(exc)) from exc
            self._print(report, target, dry_run)

    def _print(self, report, unit, dry_run):
        write = self.stdout.write
        label = {"rss": "RSS", "atom": "Atom", "wxr": "WordPress (WXR)"}.get(report.format, report.format)
        total = len(report.created) + len(report.existing) + len(report.skipped)
        write(_("Nguồn %(format)s: %(total)d mục.") % {"format": label, "total": total})
        for item, reason in report.skipped:
            write(
                "  "
                + _("Bỏ qua mục %(position)d “%(title)s”: %(reason)s.")
                % {"position": item.position, "title": item.title or _("(không tiêu đề)"), "reason": reason}
            )
        for item, url, reason in report.image_problems:
            write(
                "  "
                + _("Bài “%(title)s”: bỏ ảnh %(url)s: %(reason)s.")
                % {"title": item.title, "url": url, "reason": reason}
            )
        summary = _(
            "%(created)d bài mới, %(existing)d bài đã có từ lần nhập trước, %(skipped)d mục bỏ qua, "
            "%(images)d ảnh mới, %(redirects)d chuyển hướng từ địa chỉ cũ."
        ) % {
            "created": len(report.created),
            "existing": len(report.existing),
            "skipped": len(report.skipped),
            "images": report.images_added,
            "redirects": report.redirects_added,
        }
        if dry_run:
            write(_("Chạy thử (không ghi gì) cho %(unit)s: %(summary)s") % {"unit": unit.name, "summary": summary})
        else:
            write(self.style.SUCCESS(_("Đã nhập vào %(unit)s: %(summary)s") % {"unit": unit.name, "summary": summary}))
