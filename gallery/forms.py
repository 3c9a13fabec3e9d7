"""The album form: photos only from images the editor may choose (their unit's collection)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry


class AlbumPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        photos = [
            form
            for form in self.formsets["photos"].forms
            if form.is_valid() and form.cleaned_data.get("image") and not form.cleaned_data.get("DELETE")
        ]
        if not photos and not cleaned.get("videos"):
            self.add_error(None, _("Album cần ít nhất một ảnh hoặc một video."))
        user = self.for_user
        if user is None or user.is_superuser:
            return cleaned
        image_permissions = policy_registry.get_by_type(get_image_model())
        choosable = image_permissions.instances_user_has_permission_for(user, "choose")
        checks = [(self, "cover", cleaned.get("cover"))]
        checks += [(form, "image", form.cleaned_data["image"]) for form in photos]
        for form, name, image in checks:
            if image is not None and name in form.changed_data and not choosable.filter(pk=image.pk).exists():
                form.add_error(name, _("Chỉ chọn ảnh trong thư viện ảnh của đơn vị mình."))
        return cleaned
