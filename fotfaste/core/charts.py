"""Server-rendered SVG bar charts: an indicator over periods with its target path (followup), or figures per
group (employers' placed and hired per ladder step). Pure.

No script: the chart is drawn on the server, carries a text alternative (title and description),
and always comes with its data table. Values and targets differ by shape as well as colour
(bars against a dashed line with diamond markers), and a masked value is drawn as a hatched stub
labelled "dolt", never as a bar of its real height.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40


def n(value: float) -> str:
    """A coordinate as SVG wants it: a dot, never the locale's decimal comma (the template would localise a float)."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Bar:
    label: str
    x: str
    width: str
    y: str
    height: str
    value_text: str
    masked: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    target_points: str  # "x,y x,y" for a polyline; empty when no target
    target_markers: list[tuple[str, str, str, str]]  # centre x, y and the square's corner x, y
    ticks: list[tuple[str, str]]  # (y, label) of the value axis
    baseline_y: str
    label_y: str
    value_y: str


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 50000, 100000):
        if value <= step * 4:
            return float(step * 4)
    return float(value)


def bar_chart(points: list[tuple[str, float | None, bool, float | None]], unit: str) -> Chart:
    """`points`: (label, value or None, masked, target or None): periods oldest first, or groups in order."""
    values = [v for _l, v, _m, _t in points if v is not None] + [t for *_x, t in points if t is not None]
    top = _nice_max(max(values, default=0.0))
    if unit == "procent":
        top = min(top, 100.0) if max(values, default=0) <= 100 else top
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = inner_w / max(len(points), 1)
    bars, markers = [], []
    suffix = " %" if unit == "procent" else ""

    def y_of(v: float) -> float:
        return TOP + inner_h - (v / top) * inner_h

    for i, (label, value, masked, target) in enumerate(points):
        x = LEFT + i * slot + slot * 0.2
        w = slot * 0.6
        if value is None:
            text = "dolt" if masked else "–"
            bars.append(Bar(label, n(x), n(w), n(TOP + inner_h - 4), n(4 if masked else 0), text, masked))
        else:
            y = y_of(value)
            shown = f"{value:g}".replace(".", ",") + suffix
            bars.append(Bar(label, n(x), n(w), n(y), n(TOP + inner_h - y), shown, False))
        if target is not None:
            markers.append((x + w / 2, y_of(float(target))))
    ticks = [(n(y_of(top * k / 4)), f"{top * k / 4:g}".replace(".", ",")) for k in range(5)]
    return Chart(
        WIDTH,
        HEIGHT,
        bars,
        " ".join(f"{n(x)},{n(y)}" for x, y in markers),
        [(n(x), n(y), n(x - 5), n(y - 5)) for x, y in markers],
        ticks,
        n(TOP + inner_h),
        n(HEIGHT - 24),
        n(HEIGHT - 8),
    )
