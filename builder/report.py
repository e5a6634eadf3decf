"""The briefing (`newsgraph report`): one self-contained HTML page of who blamed whom, the casualty
figures each source gave with their conflicts, the calls to action, a timeline and the articles read.

Everything comes from the named queries, their parameters bound as RDF terms. Every number on the
page is a link to the facts it counts, each shown with its sentence, what the fact adds to it
(the reason, hedging, the action asked) and its article. The page has no script and fetches
nothing: inline CSS and SVG only, so it opens anywhere, prints, and can be mailed.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from string import Template

from .queries import as_term, lexical_rows, run_named
from .store import GraphStore

PAGE = Path(__file__).parent / "viewer" / "report.html"
# The matrix stays legible on one screen; the pairs beyond it are listed under it.
MATRIX_SIZE = 15
QUALIFIER_SIGNS = {"at-least": "≥", "at-most": "≤", "approximately": "~", "exact": "", "vague": ""}


@dataclass(frozen=True)
class Scope:
    """What the briefing covers: the articles that name `entity` (an IRI or part of a label),
    published between `since` and `until` (an article without a date is out of a dated scope)."""

    entity: str | None = None
    since: date | None = None
    until: date | None = None

    def describe(self) -> str:
        parts = [f"articles naming “{self.entity}”" if self.entity else "all articles"]
        if self.since:
            parts.append(f"published from {self.since.isoformat()}")
        if self.until:
            parts.append(f"published until {self.until.isoformat()}")
        return ", ".join(parts)


def rows(store: GraphStore, query: str, **params: str) -> list[dict[str, str]]:
    """A named query's rows, each parameter bound as an RDF term (as `newsgraph query --param` binds it)."""
    return list(lexical_rows(run_named(store, query, {k: as_term(v) for k, v in params.items()})))


def documents_in_scope(store: GraphStore, scope: Scope) -> dict[str, dict[str, str]]:
    """The `documents` rows the scope keeps, by document IRI."""
    documents = {row["document"]: row for row in rows(store, "documents")}
    if scope.since or scope.until:
        low, high = (scope.since or date.min).isoformat(), (scope.until or date.max).isoformat()
        documents = {d: row for d, row in documents.items() if row["published"] and low <= row["published"] <= high}
    if scope.entity:
        wanted = {row["entity"] for row in rows(store, "entities", name=scope.entity)}
        naming = {
            row["document"] for row in rows(store, "document-entities") if (row["canonical"] or row["entity"]) in wanted
        }
        documents = {d: row for d, row in documents.items() if d in naming}
    return documents


@dataclass
class _Facts:
    """The evidence section: each fact once, with an anchor that numbers link to."""

    documents: dict[str, dict[str, str]]
    items: list[str] = field(default_factory=list)

    def add(self, title: str, evidence: str, document: str, about: Iterable[str] = ()) -> str:
        anchor = f"f{len(self.items) + 1}"
        doc = self.documents.get(document, {})
        source = " · ".join(
            _e(p)
            for p in (doc.get("title") or doc.get("source", document), doc.get("outlet"), doc.get("published"))
            if p
        )
        notes = "".join(f"<span>{_e(note)}</span>" for note in about if note)
        self.items.append(
            f'<div class="fact" id="{anchor}"><h4>{_e(title)}</h4><blockquote>{_e(evidence)}</blockquote>'
            f'{f"<p class=about>{notes}</p>" if notes else ""}<p class="source">{source}</p></div>'
        )
        return anchor


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _link(anchor: str, text: object, css: str = "n") -> str:
    return f'<a class="{css}" href="#{anchor}">{_e(text)}</a>'


def write_report(store: GraphStore, output: Path, scope: Scope) -> dict[str, int]:
    """Write the briefing; returns how many of each thing it shows."""
    documents = documents_in_scope(store, scope)
    kept = documents.keys()
    blame = [r for r in rows(store, "who-blamed-whom") if r["document"] in kept and (r["blamed"] or r["implied"])]
    claims = [r for r in rows(store, "casualty-claims") if r["document"] in kept]
    conflicts = [r for r in rows(store, "conflicting-claims") if r["documentA"] in kept and r["documentB"] in kept]
    calls = [r for r in rows(store, "calls-to-action") if r["document"] in kept]
    timeline = [r for r in rows(store, "timeline") if r["document"] in kept]
    facts = _Facts(documents)
    sections = [
        _blame_section(blame, facts),
        _casualty_section(claims, conflicts, facts),
        _calls_section(calls, facts),
        _timeline_section(timeline, facts),
        _sources_section(documents),
    ]
    counts = {
        "documents": len(documents),
        "blame": len(blame),
        "claims": len(claims),
        "conflicts": len(conflicts),
        "calls": len(calls),
        "timeline": len(timeline),
    }
    summary = (
        f"{_link('sources', counts['documents'])} articles · {_link('blame', counts['blame'])} acts of blame · "
        f"{_link('casualties', counts['claims'])} casualty figures, "
        f"{_link('conflicts' if conflicts else 'casualties', counts['conflicts'])} in conflict · "
        f"{_link('calls', counts['calls'])} calls to action"
    )
    page = Template(PAGE.read_text(encoding="utf-8")).substitute(
        scope=_e(scope.describe()),
        summary=summary,
        sections="".join(sections),
        evidence="".join(facts.items) or "<p>No facts in scope.</p>",
        today=date.today().isoformat(),
    )
    output.write_text(page, encoding="utf-8")
    return counts


def _blamed(row: dict[str, str]) -> tuple[str, str]:
    return (row["blamed"], row["blamedLabel"]) if row["blamed"] else (row["implied"], row["impliedLabel"])


def _blame_section(blame: list[dict[str, str]], facts: _Facts) -> str:
    if not blame:
        return '<section id="blame"><h2>Who blamed whom</h2><p>No blame in these articles.</p></section>'
    labels: dict[str, str] = {}
    pairs: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in blame:
        target, target_label = _blamed(row)
        labels[row["blamer"]], labels[target] = row["blamerLabel"], target_label
        pairs[row["blamer"], target].append(row)
    blamers = Counter({b: 0 for b, _ in pairs})
    blamed = Counter({t: 0 for _, t in pairs})
    for (b, t), found in pairs.items():
        blamers[b] += len(found)
        blamed[t] += len(found)
    rows_shown = [b for b, _ in blamers.most_common(MATRIX_SIZE)]
    columns_shown = [t for t, _ in blamed.most_common(MATRIX_SIZE)]
    anchors = {pair: _blame_facts(found, labels, facts) for pair, found in pairs.items()}
    head = "".join(f'<th class="col"><span>{_e(labels[t])}</span></th>' for t in columns_shown)
    body = []
    for b in rows_shown:
        cells = []
        for t in columns_shown:
            found = pairs.get((b, t), [])
            hedged = any(r["hedged"] == "true" for r in found)
            css = "n hedged" if hedged else "n"
            cells.append(f"<td>{_link(anchors[b, t], len(found), css)}</td>" if found else "<td></td>")
        body.append(f'<tr><th class="row">{_e(labels[b])}</th>{"".join(cells)}</tr>')
    outside = sorted(
        (p for p in pairs if p[0] not in rows_shown or p[1] not in columns_shown), key=lambda p: -len(pairs[p])
    )
    more = (
        "<p class=more>Beyond the matrix: "
        + "; ".join(f"{_e(labels[b])} → {_e(labels[t])} {_link(anchors[b, t], len(pairs[b, t]))}" for b, t in outside)
        + "</p>"
        if outside
        else ""
    )
    return (
        '<section id="blame"><h2>Who blamed whom</h2>'
        "<p class=hint>Rows blame columns; each number is how many times, and links to the sentences. "
        "<span class=hedged>Amber</span>: some of it hedged (reportedly, suspected).</p>"
        f'<table class="matrix"><tr><th></th>{head}</tr>{"".join(body)}</table>{more}</section>'
    )


def _blame_facts(found: list[dict[str, str]], labels: dict[str, str], facts: _Facts) -> str:
    """The pair's facts in the evidence section; returns the anchor of the first, where its
    numbers lead (the others follow it)."""
    anchors = []
    for row in found:
        target, _ = _blamed(row)
        relation = "blamed" if row["blamed"] else "implicitly blamed"
        about = [
            f"for {row['reason']}" if row["reason"] else "",
            "hedged" if row["hedged"] == "true" else "",
            "in the article's own voice" if row["byNarrator"] == "true" else "",
        ]
        title = f"{labels[row['blamer']]} {relation} {labels[target]}"
        anchors.append(facts.add(title, row["evidence"], row["document"], about))
    return anchors[0]


def _figure(row: dict[str, str]) -> str:
    count = f"{QUALIFIER_SIGNS[row['qualifier']]}{int(float(row['count'])):,}" if row["count"] else row["qualifier"]
    return " ".join(p for p in (count, row["victims"]) if p)


def _casualty_section(claims: list[dict[str, str]], conflicts: list[dict[str, str]], facts: _Facts) -> str:
    if not claims:
        return (
            '<section id="casualties"><h2>Casualty figures</h2><p>No casualty figures in these articles.</p></section>'
        )
    anchors = {}
    for row in claims:
        title = f"{row['sourceLabel']}: {_figure(row)} {row['outcome']}" + (
            f" in {row['placeLabel']}" if row["placeLabel"] else ""
        )
        anchors[row["claim"]] = facts.add(title, row["evidence"], row["document"], [row["timeExpression"]])
    disputed = Counter(c for row in conflicts for c in (row["claimA"], row["claimB"]))
    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in claims:
        groups[row["outcome"], row["placeLabel"] or "(no place)"].append(row)

    def largest(group: list[dict[str, str]]) -> float:
        return max((float(r["count"]) for r in group if r["count"]), default=0.0)

    lines = []
    for (outcome, place), group in sorted(groups.items(), key=lambda item: -largest(item[1])):
        by_source: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in group:
            by_source[row["sourceLabel"]].append(row)
        cells = "".join(
            f"<div class=source-figures><b>{_e(source)}</b> "
            + " ".join(
                _link(anchors[r["claim"]], _figure(r), "n conflict" if r["claim"] in disputed else "n") for r in found
            )
            + "</div>"
            for source, found in sorted(by_source.items())
        )
        flagged = sum(1 for r in group if r["claim"] in disputed)
        mark = f'<a class="flag" href="#conflicts">⚠ {flagged}</a>' if flagged else ""
        lines.append(f"<tr><td>{_e(outcome)}</td><td>{_e(place)}</td><td>{cells}</td><td>{mark}</td></tr>")
    conflict_items = "".join(
        f"<li><b>{_e(row['outcome'])} in {_e(row['placeLabel'])}</b>: "
        f"{_e(row['sourceLabelA'])} {_link(anchors[row['claimA']], _count(row['countA']), 'n conflict')} vs "
        f"{_e(row['sourceLabelB'])} {_link(anchors[row['claimB']], _count(row['countB']), 'n conflict')}"
        f"<div class=why>why: {_e(row['why'])}</div></li>"
        for row in conflicts
        if row["claimA"] in anchors and row["claimB"] in anchors
    )
    return (
        '<section id="casualties"><h2>Casualty figures by source</h2>'
        "<p class=hint>Each figure links to its sentence; <span class=conflict>red</span> figures conflict with "
        "another source's (same outcome, overlapping place and period, ranges that cannot both hold).</p>"
        "<table class=figures><tr><th>outcome</th><th>place</th><th>figures given, by source</th>"
        "<th>conflicts</th></tr>"
        f"{''.join(lines)}</table></section>"
        '<section id="conflicts"><h2>Conflicting figures</h2>'
        f"{f'<ul>{conflict_items}</ul>' if conflict_items else '<p>No figures in conflict.</p>'}</section>"
    )


def _count(value: str) -> str:
    return f"{int(float(value)):,}"


def _calls_section(calls: list[dict[str, str]], facts: _Facts) -> str:
    if not calls:
        return '<section id="calls"><h2>Calls to action</h2><p>No calls to action in these articles.</p></section>'
    lines = []
    for row in sorted(calls, key=lambda r: (r["callerLabel"].casefold(), r["action"])):
        whom = row["addresseeLabel"] or "—"
        anchor = facts.add(
            f"{row['callerLabel']} called on {whom}", row["evidence"], row["document"], [f"for {row['action']}"]
        )
        action = _link(anchor, row["action"], "action")
        lines.append(f"<tr><td>{_e(row['callerLabel'])}</td><td>{_e(whom)}</td><td>{action}</td></tr>")
    return (
        '<section id="calls"><h2>Calls to action</h2>'
        f"<table><tr><th>who</th><th>on whom</th><th>for what</th></tr>{''.join(lines)}</table></section>"
    )


# The timeline chart's geometry, in SVG user units (the chart scales to the page's width).
_WIDTH, _LEFT, _RIGHT, _LANE, _STEP = 960, 130, 20, 70, 9
_LANES = (("event", "events", "#555"), ("claim", "casualty figures", "#c0392b"))


def _timeline_section(items: list[dict[str, str]], facts: _Facts) -> str:
    dated = [r for r in items if r["start"]]
    undated = len(items) - len(dated)
    if not dated:
        return (
            f'<section id="timeline"><h2>Timeline</h2><p>No dated events or claims ({undated} undated).</p></section>'
        )
    days = [date.fromisoformat(r["start"]) for r in dated]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return _LEFT + (day - first).days / span * (_WIDTH - _LEFT - _RIGHT)

    marks, stacked = [], Counter()
    for row, day in zip(dated, days, strict=True):
        lane = next(i for i, (kind, _, _) in enumerate(_LANES) if kind == row["kind"])
        _, _, colour = _LANES[lane]
        # Items of one day stack upwards in their lane instead of hiding each other.
        height = stacked[lane, day]
        stacked[lane, day] += 1
        y = 30 + (lane + 1) * _LANE - 12 - min(height, 5) * _STEP
        what = f"{row['what']}" + (f" ({_count(row['count'])})" if row["count"] else "")
        title = f"{row['start']} · {what}" + (f" · {row['placeLabel']}" if row["placeLabel"] else "")
        if row["sourceLabel"]:
            title += f" · according to {row['sourceLabel']}"
        anchor = facts.add(title, row["evidence"], row["document"], [row["timeExpression"]])
        shape = (
            f'<circle cx="{x(day):.1f}" cy="{y}" r="4" fill="{colour}"/>'
            if row["kind"] == "event"
            else f'<rect x="{x(day) - 4:.1f}" y="{y - 4}" width="8" height="8" fill="{colour}"/>'
        )
        marks.append(f'<a href="#{anchor}"><title>{_e(title)}</title>{shape}</a>')
    bottom = 30 + len(_LANES) * _LANE
    lanes = "".join(
        f'<text x="8" y="{30 + (i + 1) * _LANE - 10}" class="lane">{_e(name)}</text>'
        f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{30 + (i + 1) * _LANE - 4}" y2="{30 + (i + 1) * _LANE - 4}" '
        'class="axis"/>'
        for i, (_, name, _) in enumerate(_LANES)
    )
    # The first and last dates are anchored inside the chart, so neither is cut off at its edge.
    anchors = {first: "start", last: "end"}
    ticks = "".join(
        f'<text x="{x(day):.1f}" y="{bottom + 14}" text-anchor="{anchors.get(day, "middle")}" class="tick">'
        f"{day.isoformat()}</text>"
        for day in _ticks(first, last)
    )
    note = f"<p class=hint>{undated} undated item(s) are not drawn.</p>" if undated else ""
    return (
        '<section id="timeline"><h2>Timeline of events and claims</h2>'
        "<p class=hint>Circles: events; squares: casualty figures. Each mark links to its sentence.</p>"
        f'<svg viewBox="0 0 {_WIDTH} {bottom + 24}" class="timeline" role="img" aria-label="timeline">'
        f"{lanes}{ticks}{''.join(marks)}</svg>{note}</section>"
    )


def _ticks(first: date, last: date, count: int = 6) -> Iterator[date]:
    span = (last - first).days
    if span == 0:
        yield first
        return
    for i in range(count):
        yield date.fromordinal(first.toordinal() + round(i * span / (count - 1)))


def _sources_section(documents: dict[str, dict[str, str]]) -> str:
    lines = []
    for row in sorted(documents.values(), key=lambda r: (r["published"], r["title"])):
        title = _e(row["title"] or row["source"])
        if row["source"].startswith(("http://", "https://")):
            title = f'<a href="{_e(row["source"])}">{title}</a>'
        cells = (_e(row["published"]), _e(row["outlet"]), title)
        lines.append(f"<tr>{''.join(f'<td>{c}</td>' for c in cells)}<td class=src>{_e(row['source'])}</td></tr>")
    return (
        '<section id="sources"><h2>Sources read</h2>'
        f"<table><tr><th>published</th><th>outlet</th><th>title</th><th>source</th></tr>{''.join(lines)}</table></section>"
    )
