"""A translated home page gets the rights and the workflow of the unit's Vietnamese home page.

A translation of a unit's site (/en/…, /hmn/…) lives in its own page tree, beside the Vietnamese one.
Without this, only superusers could edit it: the unit's groups hold their rights on the Vietnamese
home page. Connected to Wagtail's `copy_for_translation_done` (also sent for the parents that
wagtail-localize copies when an editor first translates a page of the unit).
"""

from wagtail.models import GroupPagePermission, WorkflowPage


def share_unit_rights(sender, source_obj, target_obj, **kwargs):
    if getattr(target_obj, "depth", None) != 2 or getattr(source_obj, "depth", None) != 2:
        return
    for permission in GroupPagePermission.objects.filter(page=source_obj):
        GroupPagePermission.objects.get_or_create(
            page_id=target_obj.pk, group_id=permission.group_id, permission_id=permission.permission_id
        )
    workflow = WorkflowPage.objects.filter(page=source_obj).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page_id=target_obj.pk, defaults={"workflow_id": workflow.workflow_id})
