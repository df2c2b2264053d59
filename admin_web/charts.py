"""Bar charts as geometry the templates draw as inline SVG: no script, no request to anywhere."""

from dataclasses import dataclass

BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 140
BAR_AREA = 300


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    y: int
    width: int


@dataclass(frozen=True, slots=True)
class BarChart:
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    bar_area: int = BAR_AREA

    @property
    def width(self) -> int:
        return self.label_width + self.bar_area + 60


def bar_chart(rows: list[tuple[str, int]]) -> BarChart:
    """Horizontal bars scaled to the largest value; a non-zero value always shows at least a sliver."""
    largest = max((value for _, value in rows), default=0) or 1
    bars = [
        Bar(label, value, index * (BAR_HEIGHT + GAP), max(value * BAR_AREA // largest, 2 if value else 0))
        for index, (label, value) in enumerate(rows)
    ]
    return BarChart(bars, max(len(rows) * (BAR_HEIGHT + GAP), BAR_HEIGHT))
