"""WCAG 2.1 contrast ratio, used to refuse theme colours that white text can't be read on."""


def _relative_luminance(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(colour_a, colour_b):
    lighter, darker = sorted((_relative_luminance(colour_a), _relative_luminance(colour_b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
