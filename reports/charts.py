"""Bar charts as inline SVG: drawn on the server, no script, no CDN, printable."""

WIDTH = 720
BAR_GAP = 6


def _nice_max(value):
    """A round axis maximum at or above `value` (1, 2, 5 × 10ⁿ)."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def layout(chart):
    """Geometry of a chart for templates/reports/chart.svg.html."""
    top = _nice_max(max((value for _label, value in chart.bars), default=0))
    if chart.horizontal:
        label_width, row = 230, 24
        plot = WIDTH - label_width - 60
        bars = [
            {
                "label": label,
                "value": value,
                "x": label_width,
                "y": index * row + 4,
                "width": round(plot * value / top, 1),
                "height": row - BAR_GAP,
                "text_x": label_width + round(plot * value / top, 1) + 4,
                "text_y": index * row + 4 + (row - BAR_GAP) / 2 + 4,
                "label_y": index * row + 4 + (row - BAR_GAP) / 2 + 4,
            }
            for index, (label, value) in enumerate(chart.bars)
        ]
        return {
            "chart": chart,
            "bars": bars,
            "width": WIDTH,
            "height": len(bars) * row + 8,
            "horizontal": True,
            "label_x": label_width - 6,
        }
    plot_height, base = 180, 200
    slot = (WIDTH - 40) / max(len(chart.bars), 1)
    bars = []
    for index, (label, value) in enumerate(chart.bars):
        height = round(plot_height * value / top, 1)
        x = 40 + index * slot + BAR_GAP / 2
        bars.append(
            {
                "label": label,
                "value": value,
                "x": round(x, 1),
                "y": base - height,
                "width": round(slot - BAR_GAP, 1),
                "height": height,
                "text_x": round(x + (slot - BAR_GAP) / 2, 1),
                "text_y": base - height - 4,
                "label_y": base + 16,
            }
        )
    return {"chart": chart, "bars": bars, "width": WIDTH, "height": base + 24, "horizontal": False, "base": base}
