"""The user guide's Markdown (docs/huong-dan/*.md) as HTML, with markdown-it-py (CommonMark + tables).

CommonMark is what GitHub shows, so the guide reads the same in the repository and in the admin. Raw
HTML in the source is escaped; heading ids, image and link addresses are set here for the admin and the
PDF; a paragraph holding only an image becomes a figure with its description as caption.
"""

import re
from html import escape

from django.utils.text import slugify
from markdown_it import MarkdownIt


def heading_id(text):
    return slugify(re.sub(r"[*`]", "", text), allow_unicode=True) or "muc"


def _render_figure(image_url):
    def render(self, tokens, index, options, env):
        image = tokens[index].children[0]
        alt = self.renderInlineAsText(image.children or [], options, env)
        src = escape(image_url(image.attrGet("src")))
        alt = escape(alt)
        return f'<figure><img src="{src}" alt="{alt}" loading="lazy"><figcaption>{alt}</figcaption></figure>\n'

    return render


def render(source, image_url=lambda src: src, link_url=lambda href: href):
    """HTML of a chapter. `image_url(src)` maps an image reference (anh/x.png); `link_url(href)` maps a
    link (e.g. to another chapter, x.md#anchor); None shows the link's text only."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(source)
    for position, token in enumerate(tokens):
        if token.type == "heading_open":
            token.attrSet("id", heading_id(tokens[position + 1].content))
        elif token.type == "inline":
            children = token.children or []
            alone = [child for child in children if child.type != "softbreak"]
            if len(alone) == 1 and alone[0].type == "image" and tokens[position - 1].type == "paragraph_open":
                # Rendered by the "figure" rule; the paragraph around it is hidden.
                tokens[position - 1].hidden = tokens[position + 1].hidden = True
                token.type = "figure"
                token.children = alone
                continue
            hidden_links = []
            for child in children:
                if child.type == "image":
                    child.attrSet("src", image_url(child.attrGet("src")))
                    child.attrSet("loading", "lazy")
                elif child.type == "link_open":
                    href = link_url(child.attrGet("href"))
                    child.hidden = href is None
                    if href is not None:
                        child.attrSet("href", href)
                    hidden_links.append(child.hidden)
                elif child.type == "link_close" and hidden_links:
                    child.hidden = hidden_links.pop()
    md.add_render_rule("figure", _render_figure(image_url))
    return md.renderer.render(tokens, md.options, {})
