"""The EffectenArena view of a case as SVG: investors → activities → outcomes → beneficiaries,
each band as wide as the euros it carries (present values, as the results give them).

The paper EffectenArena hangs on a wall in a workshop; this is the same picture drawn from the
case, on an A3 landscape page. Investments are the activities; since a case does not say which
activity produces which outcome, every outcome is drawn fed by all activities in proportion to
their cost. A negative outcome (a cost shift) is drawn in the colour of costs; PM items, which
have no value, stand below their column with a dashed border. Only arrangement happens here:
every figure comes from the engine's evaluation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from rendement.engine import Evaluation
from rendement.model import Case
from rendement.texts import money, text

WIDTH = 1580  # A3 landscape at 96 dpi, with margins
COLUMN = 230  # width of a column's boxes
MIN_BOX = 22.0  # a box is tall enough for its label, however few euros it carries
GAP = 10.0
TOP = 70.0
PAY = "#c0504d"
GAIN = "#2e7d5b"
ACT = "#4f6d8f"


@dataclass
class _Box:
    key: str
    label: str
    amount: float  # euros this box carries (absolute)
    colour: str
    href: str | None = None
    y: float = 0.0
    height: float = 0.0
    out_used: float = 0.0  # how much of its right edge bands have taken
    in_used: float = 0.0


def _layout(column: list[_Box], scale: float) -> float:
    y = TOP
    for box in column:
        box.height = max(MIN_BOX, box.amount * scale)
        box.y = y
        y += box.height + GAP
    return y


def _band(
    source: _Box,
    target: _Box,
    amounts: tuple[float, float],
    scale: float,
    xs: tuple[float, float],
    colour: str,
) -> str:
    """A filled band from the right edge of ``source`` to the left edge of ``target``, as
    thick at each end as the euros it carries there (``amounts``: at the source, at the
    target — they differ from activities to outcomes, where cost turns into value)."""
    x0, x1 = xs
    out_width = (
        amounts[0] * scale * (source.height / max(source.amount * scale, source.height, 1e-9))
    )
    in_width = (
        amounts[1] * scale * (target.height / max(target.amount * scale, target.height, 1e-9))
    )
    if out_width < 0.3 and in_width < 0.3:
        return ""
    a0 = source.y + source.out_used
    b0 = a0 + out_width
    a1 = target.y + target.in_used
    b1 = a1 + in_width
    source.out_used += out_width
    target.in_used += in_width
    m = (x0 + x1) / 2
    return (
        f'<path d="M{x0:.1f},{a0:.1f} C{m:.1f},{a0:.1f} {m:.1f},{a1:.1f} {x1:.1f},{a1:.1f} '
        f'L{x1:.1f},{b1:.1f} C{m:.1f},{b1:.1f} {m:.1f},{b0:.1f} {x0:.1f},{b0:.1f} Z" '
        f'fill="{colour}" fill-opacity="0.3" stroke="none"/>'
    )


def arena_svg(
    case: Case,
    evaluation: Evaluation,
    lang: str,
    outcome_link: Callable[[str], str] | None = None,
) -> str:
    """The picture as an SVG document; ``outcome_link(id)`` makes each outcome a link."""
    currency = evaluation.conventions.currency
    names = {s.id: s.name for s in evaluation.stakeholders}
    descriptions = {o.id: (o.description or o.id) for o in case.outcomes}
    invest = [i for i in evaluation.investments if i.pv > 0]
    outcomes = [o for o in evaluation.outcomes if o.pv != 0]
    total_cost = sum(i.pv for i in invest)

    investors: dict[str, _Box] = {}
    for i in invest:
        box = investors.setdefault(
            i.stakeholder, _Box(i.stakeholder, names[i.stakeholder], 0.0, PAY)
        )
        box.amount += i.pv
    descr_inv = {i.id: (i.description or i.id) for i in case.investments}
    activities = [_Box(i.id, descr_inv.get(i.id, i.id), i.pv, ACT) for i in invest]
    effect_boxes = [
        _Box(
            o.id,
            descriptions.get(o.id, o.id),
            abs(o.pv),
            GAIN if o.pv > 0 else PAY,
            outcome_link(o.id) if outcome_link else None,
        )
        for o in outcomes
    ]
    gainers: dict[str, _Box] = {}
    for o in outcomes:
        box = gainers.setdefault(
            o.stakeholder, _Box(o.stakeholder, names.get(o.stakeholder, o.stakeholder), 0.0, GAIN)
        )
        box.amount += abs(o.pv)
    columns = [list(investors.values()), activities, effect_boxes, list(gainers.values())]
    biggest = max([sum(b.amount for b in c) for c in columns] + [1.0])
    count = max(len(c) for c in columns) or 1
    scale = max(0.0, (900 - count * (MIN_BOX + GAP))) / biggest
    bottom = max(_layout(c, scale) for c in columns)
    xs = [40 + k * (COLUMN + (WIDTH - 80 - 4 * COLUMN) / 3) for k in range(4)]

    bands: list[str] = []
    total_value = sum(abs(o.pv) for o in outcomes)
    for activity, i in zip(activities, invest, strict=True):
        edge = (xs[0] + COLUMN, xs[1])
        bands.append(_band(investors[i.stakeholder], activity, (i.pv, i.pv), scale, edge, PAY))
    for effect, o in zip(effect_boxes, outcomes, strict=True):
        for activity in activities:
            # the activity's cost spent on this outcome, and the outcome's value it bought
            cost = activity.amount * abs(o.pv) / total_value if total_value else 0.0
            value = abs(o.pv) * activity.amount / total_cost if total_cost else 0.0
            edge = (xs[1] + COLUMN, xs[2])
            bands.append(_band(activity, effect, (cost, value), scale, edge, effect.colour))
    for effect, o in zip(effect_boxes, outcomes, strict=True):
        amount = (abs(o.pv), abs(o.pv))
        edge = (xs[2] + COLUMN, xs[3])
        bands.append(_band(effect, gainers[o.stakeholder], amount, scale, edge, effect.colour))

    parts: list[str] = []
    headings = ["arena.investors", "arena.activities", "arena.outcomes", "arena.beneficiaries"]
    for x, key in zip(xs, headings, strict=True):
        parts.append(
            f'<text x="{x:.1f}" y="40" class="arena-head">{escape(text(key, lang))}</text>'
        )
    for x, column in zip(xs, columns, strict=True):
        for box in column:
            label = f"{box.label}: {money(box.amount, lang, currency)}"
            shown = escape(money(box.amount, lang, currency))
            if box.height >= 34:  # the amount on a line of its own
                words = (
                    f'<text x="{x + 6:.1f}" y="{box.y + 15:.1f}" class="arena-label">'
                    f"{escape(_short(box.label))}</text>"
                    f'<text x="{x + 6:.1f}" y="{box.y + 30:.1f}" class="arena-label">'
                    f"{shown}</text>"
                )
            else:
                words = (
                    f'<text x="{x + 6:.1f}" y="{box.y + 15:.1f}" class="arena-label">'
                    f"{escape(_short(box.label, 18))} · {shown}</text>"
                )
            shape = (
                f'<rect x="{x:.1f}" y="{box.y:.1f}" width="{COLUMN}" height="{box.height:.1f}" '
                f'fill="{box.colour}" fill-opacity="0.15" stroke="{box.colour}"/>{words}'
            )
            body = f"<title>{escape(label)}</title>{shape}"
            if box.href:
                parts.append(f'<a href="{escape(box.href)}" class="arena-link">{body}</a>')
            else:
                parts.append(f"<g>{body}</g>")
    y = bottom + 10
    for pm in evaluation.pm_items:
        label = f"PM ({text('pm.' + pm.direction, lang)}): {pm.description or pm.id}"
        parts.append(
            f'<g><title>{escape(label)}</title><rect x="{xs[2]:.1f}" y="{y:.1f}" width="{COLUMN}" '
            f'height="{MIN_BOX}" fill="none" stroke="#555" stroke-dasharray="4 3"/>'
            f'<text x="{xs[2] + 6:.1f}" y="{y + 15:.1f}" class="arena-label">'
            f"{escape(_short(label))}</text></g>"
        )
        y += MIN_BOX + GAP
    height = y + 20
    title = escape(text("arena.title", lang, title=evaluation.title))
    desc = escape(
        text(
            "arena.desc",
            lang,
            investment=money(evaluation.pv_investment, lang, currency),
            value=money(evaluation.pv_benefits, lang, currency),
        )
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'role="img" aria-labelledby="arena-title arena-desc" class="arena">'
        f'<title id="arena-title">{title}</title><desc id="arena-desc">{desc}</desc>'
        '<style>.arena-head{font-family:"DejaVu Sans",sans-serif;font-size:18px;'
        "font-weight:bold;fill:#111}"
        '.arena-label{font-family:"DejaVu Sans",sans-serif;font-size:12px;fill:#111}'
        ".arena-link rect{stroke-width:2}"
        ".arena-link:focus rect,.arena-link:hover rect{fill-opacity:.35}</style>"
        + "".join(bands)
        + "".join(parts)
        + "</svg>"
    )


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
