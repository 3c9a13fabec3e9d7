"""Admin forms shared by the portal."""

from wagtail.documents.forms import BaseDocumentForm

from .files import check_attachment


class AttachmentForm(BaseDocumentForm):
    """Wagtail's document form, refusing files whose content does not match their name.

    Installed by WAGTAILDOCS_DOCUMENT_FORM_BASE.
    """

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            check_attachment(uploaded, uploaded.name)
        return uploaded
