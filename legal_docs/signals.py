"""Keep derived data right: sector-wide flags after moves, cached filter menus after changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import IssuingBody, LegalDocumentPage, ProcedurePage, library_changed


@receiver(post_page_move)
def recompute_sector_wide(sender, instance, **kwargs):
    if not issubclass(sender, (LegalDocumentPage, ProcedurePage)):
        return
    item = sender.objects.get(pk=instance.pk)
    sender.objects.filter(pk=item.pk).update(sector_wide=item.compute_sector_wide())


@receiver(page_published, sender=LegalDocumentPage)
@receiver(page_unpublished, sender=LegalDocumentPage)
@receiver(post_delete, sender=LegalDocumentPage)
@receiver(post_save, sender=IssuingBody)
def forget_filter_options(sender, **kwargs):
    library_changed()
