"""Admin forms shared by the portal."""

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .files import check_attachment, reencode_image


class AttachmentForm(BaseDocumentForm):
    """Wagtail's document form, refusing files whose content does not match their name.

    Installed by WAGTAILDOCS_DOCUMENT_FORM_BASE.
    """

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            check_attachment(uploaded, uploaded.name)
        return uploaded


class SafeImageForm(BaseImageForm):
    """Wagtail's image form; every uploaded picture is re-encoded (home.files.reencode_image).

    Installed by WAGTAILIMAGES_IMAGE_FORM_BASE, so the single and the multiple
    upload views both use it.
    """

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            return reencode_image(uploaded)
        return uploaded
