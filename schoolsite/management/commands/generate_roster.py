"""manage.py generate_roster --units 660 OUT.csv"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from schoolsite.roster_generator import generate, write


class Command(BaseCommand):
    help = "Tạo danh sách đơn vị quy mô toàn tỉnh (tên giả định) để thử tải và đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("out", help="tệp CSV sẽ ghi")
        parser.add_argument("--units", type=int, default=660, help="số đơn vị (mặc định 660)")
        parser.add_argument("--domain", default="laocai.edu.vn", help="tên miền gốc của các trang")
        parser.add_argument("--seed", type=int, default=2026, help="hạt giống ngẫu nhiên, để kết quả lặp lại được")

    def handle(self, *args, out, units, domain, seed, **options):
        rows = generate(units, domain=domain, seed=seed)
        write(rows, out)
        counts = {}
        for row in rows:
            counts[row["unit_type"]] = counts.get(row["unit_type"], 0) + 1
        detail = ", ".join(f"{unit_type}: {count}" for unit_type, count in sorted(counts.items()))
        self.stdout.write(
            _("Đã ghi %(count)d đơn vị vào %(path)s (%(detail)s).")
            % {"count": len(rows), "path": out, "detail": detail}
        )
