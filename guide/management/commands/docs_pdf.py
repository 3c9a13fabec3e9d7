"""Write the user guide (all chapters, or some) as one printable PDF."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guide.chapters import BY_SLUG, CHAPTERS
from guide.views import guide_pdf


class Command(BaseCommand):
    help = "Xuất hướng dẫn sử dụng ra một tệp PDF."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="tệp PDF ghi ra")
        parser.add_argument("chapters", nargs="*", help="các chương (tên tệp không .md); mặc định: tất cả")

    def handle(self, *args, **options):
        unknown = [slug for slug in options["chapters"] if slug not in BY_SLUG]
        if unknown:
            raise CommandError("Không có chương: " + ", ".join(unknown))
        chapters = [BY_SLUG[slug] for slug in options["chapters"]] or CHAPTERS
        Path(options["output"]).write_bytes(guide_pdf(chapters))
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {options['output']} ({len(chapters)} chương)."))
