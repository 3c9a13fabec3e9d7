"""Rich text as it may reach a public page: sanitised on output.

Wagtail's editor only produces whitelisted HTML, but rich text also arrives by
imports (old sites' feeds), the API of future tools and direct database edits.
Wagtail renders every rich text (the `richtext` filter, RichTextBlock values)
through the template wagtailcore/shared/richtext.html; the project's copy of it
passes the expanded HTML through `clean_html`, which keeps only the elements and
attributes the editor's features produce (nh3, the Rust HTML sanitiser).
"""

import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings

TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em", "u", "s", "sup", "sub",
    "ol", "ul", "li", "hr", "a", "img", "blockquote", "div", "span", "figure", "figcaption", "iframe",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title", "target"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes"},
    "iframe": {"src", "width", "height", "title", "allowfullscreen", "allow", "frameborder"},
    "div": {"style"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "*": {"class", "lang", "dir"},
}


def _frame_allowed(src):
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(src or ""))
    return origin in settings.CSP_FRAME_ORIGINS


def _attribute_filter(tag, name, value):
    if tag == "iframe" and name == "src" and not _frame_allowed(value):
        return None
    if name == "style" and not value.replace(" ", "").startswith("padding-bottom:"):
        return None  # only the aspect ratio box of Wagtail's responsive embeds
    return value


# A frame whose address was refused is left by nh3 as an empty box: drop it.
_EMPTY_FRAME = re.compile(r"<iframe(?![^>]*\bsrc=)[^>]*>\s*</iframe>")


def clean_html(html, images=True):
    """HTML with only what the rich text editor can produce; scripts, handlers and foreign frames removed.

    images=False (text-only mode, schoolsite/text_only.py) leaves embedded images out as well.
    """
    cleaned = nh3.clean(
        html or "",
        tags=TAGS if images else TAGS - {"img"},
        clean_content_tags={"script", "style", "template", "noscript", "object", "embed", "svg", "math"},
        attributes=ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return _EMPTY_FRAME.sub("", cleaned)


def text_only_image_embed_handler():
    """Wagtail's image embed handler, leaving the image out (no rendition made) in text-only mode."""
    from wagtail.images.rich_text import ImageEmbedHandler

    from schoolsite.text_only import images_allowed

    class TextOnlyAwareImageEmbedHandler(ImageEmbedHandler):
        @classmethod
        def expand_db_attributes_many(cls, attrs_list):
            if not images_allowed():
                return ["" for _attrs in attrs_list]
            return super().expand_db_attributes_many(attrs_list)

    return TextOnlyAwareImageEmbedHandler
