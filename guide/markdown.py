"""A small Markdown renderer for the user guide (docs/huong-dan/*.md).

No Markdown library is installed, and the guide uses a small, fixed subset, so it is rendered
here: headings, paragraphs, bulleted and numbered lists, block quotes (notes), pipe tables, images, links,
**bold**, *italic* and `code`. Everything else is shown as text, escaped.
"""

import re
from html import escape

from django.utils.text import slugify

INLINE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)"
    r"|\[(?P<text>[^\]]+)\]\((?P<href>[^)\s]+)\)"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|(?<![\w*])\*(?P<em>[^*\s][^*]*?)\*(?![\w*])"
    r"|`(?P<code>[^`]+)`"
)
IMAGE_LINE = re.compile(r"^!\[([^\]]*)\]\(([^)\s]+)\)$")
HEADING = re.compile(r"^(#{1,4})\s+(.*)$")
BULLET = re.compile(r"^[-*]\s+(.*)$")
NUMBER = re.compile(r"^(\d+)[.)]\s+(.*)$")


def heading_id(text):
    return slugify(re.sub(r"[*`]", "", text), allow_unicode=True) or "muc"


class Renderer:
    """`image_url(src)` maps an image reference (anh/x.png); `link_url(href)` maps a link, e.g. x.md
    (None: show the link's text only)."""

    def __init__(self, image_url=lambda src: src, link_url=lambda href: href):
        self.image_url, self.link_url = image_url, link_url

    def inline(self, text):
        out, position = [], 0
        for match in INLINE.finditer(text):
            out.append(escape(text[position : match.start()]))
            position = match.end()
            if match["src"] is not None:
                out.append(
                    f'<img src="{escape(self.image_url(match["src"]))}" alt="{escape(match["alt"])}" loading="lazy">'
                )
            elif match["href"] is not None:
                href = self.link_url(match["href"])
                text = self.inline(match["text"])
                out.append(text if href is None else f'<a href="{escape(href)}">{text}</a>')
            elif match["bold"] is not None:
                out.append(f"<strong>{self.inline(match['bold'])}</strong>")
            elif match["em"] is not None:
                out.append(f"<em>{self.inline(match['em'])}</em>")
            else:
                out.append(f"<code>{escape(match['code'])}</code>")
        out.append(escape(text[position:]))
        return "".join(out)

    def render(self, source):
        html, paragraph, items, list_tag, quote, table = [], [], [], None, [], []

        def flush_paragraph():
            if paragraph:
                text = " ".join(paragraph)
                image = IMAGE_LINE.match(text)
                if image:
                    alt, src = image.groups()
                    html.append(
                        f'<figure><img src="{escape(self.image_url(src))}" alt="{escape(alt)}" loading="lazy">'
                        f"<figcaption>{escape(alt)}</figcaption></figure>"
                    )
                else:
                    html.append(f"<p>{self.inline(text)}</p>")
                paragraph.clear()

        def flush_list():
            nonlocal list_tag
            if items:
                body = "".join(f"<li>{' '.join(self.render_item(item))}</li>" for item in items)
                html.append(f"<{list_tag}>{body}</{list_tag}>")
                items.clear()
            list_tag = None

        def flush_quote():
            if quote:
                html.append(
                    f"<blockquote>{Renderer(self.image_url, self.link_url).render(chr(10).join(quote))}</blockquote>"
                )
                quote.clear()

        def flush_table():
            if table:
                rows = [[cell.strip() for cell in row.strip().strip("|").split("|")] for row in table]
                head, body = rows[0], [row for row in rows[1:] if not set("".join(row)) <= set("-: ")]
                cells = "".join(f"<th>{self.inline(cell)}</th>" for cell in head)
                lines = "".join("<tr>" + "".join(f"<td>{self.inline(c)}</td>" for c in row) + "</tr>" for row in body)
                html.append(f"<table><thead><tr>{cells}</tr></thead><tbody>{lines}</tbody></table>")
                table.clear()

        def flush_all():
            flush_paragraph()
            flush_list()
            flush_quote()
            flush_table()

        for raw in source.splitlines():
            line = raw.rstrip()
            stripped = line.strip()
            if stripped.startswith(">"):
                flush_paragraph()
                flush_list()
                quote.append(stripped[1:].removeprefix(" "))
                continue
            flush_quote()
            if stripped.startswith("|"):
                flush_paragraph()
                flush_list()
                table.append(stripped)
                continue
            flush_table()
            if not stripped:
                flush_paragraph()
                if items:
                    items[-1].append("")
                continue
            heading = HEADING.match(line)
            bullet, number = BULLET.match(line), NUMBER.match(line)
            if heading:
                flush_all()
                level, text = len(heading.group(1)), heading.group(2).strip()
                html.append(f'<h{level} id="{heading_id(text)}">{self.inline(text)}</h{level}>')
            elif bullet or number:
                flush_paragraph()
                tag = "ul" if bullet else "ol"
                if list_tag and list_tag != tag:
                    flush_list()
                list_tag = tag
                items.append([(bullet or number).groups()[-1]])
            elif items and raw[:1] == " ":
                items[-1].append(stripped)
            else:
                flush_list()
                paragraph.append(stripped)
        flush_all()
        return "\n".join(html)

    def render_item(self, lines):
        """A list item: its text, then any images or further paragraphs indented under it."""
        blocks, current = [], []
        for line in lines + [""]:
            if line:
                current.append(line)
            elif current:
                text = " ".join(current)
                image = IMAGE_LINE.match(text)
                if image:
                    alt, src = image.groups()
                    blocks.append(
                        f'<figure><img src="{escape(self.image_url(src))}" alt="{escape(alt)}" loading="lazy">'
                        f"<figcaption>{escape(alt)}</figcaption></figure>"
                    )
                else:
                    blocks.append(self.inline(text) if not blocks else f"<p>{self.inline(text)}</p>")
                current = []
        return blocks


def render(source, **kwargs):
    return Renderer(**kwargs).render(source)
