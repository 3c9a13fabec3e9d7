"""The user guide's chapters (docs/huong-dan/*.md), and which one a person reads first."""

import re
from dataclasses import dataclass
from functools import cache

from accounts.roles import administered_units, is_sector_moderator, moderated_units

from .screenshots import GUIDE_DIR

INDEX = "README"


@dataclass(frozen=True)
class Chapter:
    slug: str  # the file's name without .md

    @property
    def path(self):
        return GUIDE_DIR / f"{self.slug}.md"

    @property
    def source(self):
        return _read(self.path)

    @property
    def title(self):
        match = re.search(r"^#\s+(.+)$", self.source, re.MULTILINE)
        return match.group(1).strip() if match else self.slug


@cache
def _read(path):
    return path.read_text(encoding="utf-8")


CHAPTERS = [
    Chapter(INDEX),
    Chapter("bien-tap-vien"),
    Chapter("duyet-tin-don-vi"),
    Chapter("quan-tri-don-vi"),
    Chapter("duyet-tin-so"),
    Chapter("quan-tri-cong"),
    Chapter("cac-muc-khac"),
]
BY_SLUG = {chapter.slug: chapter for chapter in CHAPTERS}


def chapter_for(user):
    """The chapter of the person's highest role: what they will look for first."""
    if user.is_superuser:
        return BY_SLUG["quan-tri-cong"]
    if is_sector_moderator(user):
        return BY_SLUG["duyet-tin-so"]
    if administered_units(user).exists():
        return BY_SLUG["quan-tri-don-vi"]
    if moderated_units(user).exists():
        return BY_SLUG["duyet-tin-don-vi"]
    return BY_SLUG["bien-tap-vien"]
