"""manage.py erase_expired_personal_data: Hỏi đáp retention (run daily, e.g. from cron)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from questions.services import erase_expired_personal_data


class Command(BaseCommand):
    help = _("Xoá họ tên, thư điện tử, số điện thoại và tệp đính kèm của câu hỏi quá thời hạn lưu trữ.")

    def handle(self, *args, **options):
        erased = erase_expired_personal_data()
        self.stdout.write(
            _("Đã xoá dữ liệu cá nhân của %(count)d câu hỏi gửi trước %(days)d ngày.")
            % {"count": erased, "days": settings.QUESTION_RETENTION_DAYS}
        )
