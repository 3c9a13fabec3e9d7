"""manage.py erase_expired_personal_data: retention of personal data (run daily, e.g. from cron).

Each app erases its own data through a service function: Hỏi đáp (askers' identity and
attachments) and Biểu mẫu (submissions of editor-built forms, per form's retention).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from questions.services import erase_expired_personal_data
from webforms.services import erase_expired_submissions


class Command(BaseCommand):
    help = _(
        "Xoá dữ liệu cá nhân quá thời hạn lưu trữ: họ tên, thư điện tử, số điện thoại và tệp đính kèm "
        "của câu hỏi; các bản gửi biểu mẫu."
    )

    def handle(self, *args, **options):
        erased = erase_expired_personal_data()
        self.stdout.write(
            _("Đã xoá dữ liệu cá nhân của %(count)d câu hỏi gửi trước %(days)d ngày.")
            % {"count": erased, "days": settings.QUESTION_RETENTION_DAYS}
        )
        by_form = erase_expired_submissions()
        for page, count in by_form.items():
            self.stdout.write(
                _("Biểu mẫu “%(title)s” (#%(id)d): đã xoá %(count)d bản gửi quá %(days)d ngày.")
                % {"title": page.title, "id": page.pk, "count": count, "days": page.kept_days}
            )
        self.stdout.write(
            _("Đã xoá %(count)d bản gửi biểu mẫu quá thời hạn lưu giữ.") % {"count": sum(by_form.values())}
        )
