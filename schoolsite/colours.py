"""WCAG 2.1 contrast ratio, used to refuse theme colours that white text can't be read on."""

from functools import lru_cache


def _relative_luminance(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(colour_a, colour_b):
    lighter, darker = sorted((_relative_luminance(colour_a), _relative_luminance(colour_b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# The lightest background the theme colour is used on as text (links on --bg-soft boxes) or under
# white text (header, buttons); AA for normal text asks 4.5:1, a little margin covers rounding.
SOFT_BACKGROUND = "#f3f5f8"
AA_NORMAL_TEXT = 4.5
DEFAULT_THEME = "#0b5394"


def _darker(hex_colour, factor):
    hex_colour = hex_colour.lstrip("#")
    return "#" + "".join(f"{int(int(hex_colour[i : i + 2], 16) * factor):02x}" for i in (0, 2, 4))


@lru_cache(maxsize=1024)
def readable_theme(hex_colour, background=SOFT_BACKGROUND, minimum=AA_NORMAL_TEXT + 0.1):
    """The theme colour, darkened just enough to reach AA contrast on the light backgrounds it meets.

    Site settings refuse a too light colour, but colours saved before that check, imported or set in the
    shell still reach pages: the public site uses this one, so every unit's header, links and buttons
    stay readable whatever the editor chose.
    """
    colour = (hex_colour or "").strip().lower()
    if len(colour) != 7 or not colour.startswith("#"):
        return DEFAULT_THEME
    try:
        int(colour[1:], 16)
    except ValueError:
        return DEFAULT_THEME
    factor = 1.0
    candidate = colour
    while contrast_ratio(candidate, background) < minimum and factor > 0:
        factor = round(factor - 0.05, 2)
        candidate = _darker(colour, max(factor, 0))
    return candidate
