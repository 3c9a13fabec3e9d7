"""Template tags of the document library and procedures."""

import json

from django import template
from django.utils.safestring import mark_safe

from legal_docs.blocks import SUBMISSION_METHODS
from legal_docs.models import LegalStatus, section_for

register = template.Library()

SCHEMA_LEGAL_FORCE = {
    LegalStatus.IN_FORCE: "InForce",
    LegalStatus.PARTIAL: "PartiallyInForce",
    LegalStatus.EXPIRED: "NotInForce",
    LegalStatus.SUSPENDED: "NotInForce",
    LegalStatus.NOT_YET: "NotInForce",
}


@register.simple_tag(takes_context=True)
def shared_url(context, item):
    """The address of a document or procedure as this site shows it."""
    request = context["request"]
    section = section_for(request, item)
    if section is None:
        return item.full_url
    return section.item_url(item, request)


@register.filter
def method_label(value):
    return dict(SUBMISSION_METHODS).get(value, value)


@register.simple_tag(takes_context=True)
def document_json_ld(context, document):
    """schema.org Legislation (normative acts) or DigitalDocument metadata, as JSON-LD."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation" if document.is_legislation else "DigitalDocument",
        "name": document.title,
        "description": document.summary,
        "url": document.full_url,
        "inLanguage": "vi",
        "datePublished": document.issued_date.isoformat(),
        "publisher": {"@type": "GovernmentOrganization", "name": document.issuing_body.name},
    }
    if document.is_legislation:
        data.update(
            legislationIdentifier=document.number,
            legislationType=document.get_document_type_display(),
            legislationDate=document.issued_date.isoformat(),
            legislationPassedBy={"@type": "GovernmentOrganization", "name": document.issuing_body.name},
            legislationLegalForce=SCHEMA_LEGAL_FORCE[document.status],
        )
        if document.effective_date:
            data["legislationDateVersion"] = document.effective_date.isoformat()
    else:
        data["identifier"] = document.number
    if document.topic_id:
        data["about"] = document.topic.name
    files = [
        {
            "@type": "MediaObject",
            "name": item.label or item.attachment.title,
            "contentUrl": request.build_absolute_uri(item.attachment.url),
            "encodingFormat": item.attachment.content_type,
            "contentSize": str(item.attachment.file_size or ""),
        }
        for item in document.attachments.select_related("attachment")
    ]
    if files:
        data["encoding" if document.is_legislation else "associatedMedia"] = files
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped JSON
