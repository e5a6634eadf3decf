"""Scoring extraction against gold annotations (the format and rules of docs/gold-format.md).

Pure functions over rows, as the named queries return them: each gold item is matched to at
most one row and each row to at most one item, the largest such matching; per kind,
precision, recall and F1, micro-averaged over the articles; the attributes of matched items;
and entity identity across articles (B-cubed). Entities are scored from `document-entities`
rows: a name (or alias) that matches, of the gold's type.
"""

from __future__ import annotations

import calendar
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-", "−": "-"})
_LEADING = re.compile(r"^(the|a|an|one)\s+")
VAGUE_QUALIFIERS = {"vague", "dozens", "hundreds", "thousands", "scores", "several", "many"}


def normalize(label: str) -> str:
    """NFKC, casefold, unified quotes and dashes, no punctuation, no leading article."""
    text = unicodedata.normalize("NFKC", label).casefold().translate(_QUOTES)
    text = re.sub(r"[^\w\s]", " ", text)
    text = " ".join(text.split())
    return _LEADING.sub("", text)


def tokens(text: str) -> list[str]:
    return normalize(text).split()


def share(gold: str, extracted: str) -> float:
    """How much of the gold text's tokens occur in the extracted text."""
    wanted = tokens(gold)
    present = set(tokens(extracted))
    return sum(t in present for t in wanted) / len(wanted) if wanted else 0.0


@dataclass
class Score:
    kind: str
    gold: int = 0
    extracted: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)
    # Of the matched items whose gold states it: attribute → [right, stated].
    attributes: dict[str, list[int]] = field(default_factory=dict)

    def count_attribute(self, attribute: str, right: int, stated: int) -> None:
        tally = self.attributes.setdefault(attribute, [0, 0])
        tally[0] += right
        tally[1] += stated

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self, details: bool = False) -> dict:
        counts = {k: v for k, v in asdict(self).items() if details or k not in ("missed", "spurious")}
        counts["attributes"] = {a: {"right": r, "stated": n} for a, (r, n) in self.attributes.items()}
        return {**counts, "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass
class Gold:
    """One gold file, with a label matcher that knows its entities' aliases."""

    data: dict
    aliases: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Gold:
        return cls.load_data(json.loads(path.read_text(encoding="utf-8")))

    @classmethod
    def load_data(cls, data: dict) -> Gold:
        aliases = {normalize(e["name"]): e.get("aliases", []) for e in data.get("entities", [])}
        return cls(data, aliases)

    def matches(self, extracted: str | None, gold_name: str | None) -> bool:
        if not extracted or not gold_name:
            return False
        found = normalize(extracted)
        names = [gold_name, *self.aliases.get(normalize(gold_name), [])]
        return bool(found) and any((n := normalize(name)) and (n in found or found in n) for name in names)


Matcher = Callable[[Gold, dict, dict], bool]


def _statement(gold: Gold, item: dict, row: dict) -> bool:
    return gold.matches(row["speakerLabel"], item["speaker"]) and share(item["content"], row["content"]) >= 0.6


def _blame(gold: Gold, item: dict, row: dict) -> bool:
    blamed = [row.get("blamedLabel"), row.get("impliedLabel")]
    wanted = [item.get("blamed"), item.get("blamed_implied")]
    return gold.matches(row["blamerLabel"], item["blamer"]) and any(gold.matches(b, w) for b in blamed for w in wanted)


def _call(gold: Gold, item: dict, row: dict) -> bool:
    return gold.matches(row["callerLabel"], item["caller"]) and (
        share(item["action"], row["action"]) >= 0.5 or share(item["action"], row["evidence"]) >= 0.5
    )


def _claim(gold: Gold, item: dict, row: dict) -> bool:
    if not gold.matches(row["sourceLabel"], item["source"]) or row["outcome"] != item["what"]:
        return False
    gold_vague = item.get("count") is None or item.get("qualifier") in VAGUE_QUALIFIERS
    row_vague = row["qualifier"] == "vague"
    if gold_vague != row_vague or (not gold_vague and str(item["count"]) != row["count"]):
        return False
    place = item.get("place")
    single_place = place and not re.search(r"\band\b|,", place)
    return not single_place or gold.matches(row.get("placeLabel"), place)


def _entity(gold: Gold, item: dict, row: dict) -> bool:
    return row["type"] == item["type"] and gold.matches(row["label"], item["name"])


def _event(gold: Gold, item: dict, row: dict) -> bool:
    return normalize(row["type"]).endswith(normalize(item["type"])) and share(item["evidence"], row["evidence"]) >= 0.5


_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _gold_interval(item: dict) -> tuple[str, str] | None:
    """The gold time as first and last day ('2025-03' → 2025-03-01..2025-03-31), when it is a date."""
    value = item.get("time_iso", item.get("time"))
    parts = str(value).split("/") if value else []
    matches = [_ISO.match(p) for p in parts]
    if not parts or not all(matches):
        return None
    first, last = matches[0], matches[-1]
    start = f"{first[1]}-{first[2] or '01'}-{first[3] or '01'}"
    end_month = last[2] or "12"
    end = f"{last[1]}-{end_month}-{last[3] or calendar.monthrange(int(last[1]), int(end_month))[1]:02}"
    return start, end


# Gold qualifiers in words, as the contract's value set names them.
_QUALIFIERS = {
    "close to": "approximately",
    "nearly": "approximately",
    "about": "approximately",
    "around": "approximately",
}


def _names(label: str | None) -> list[str]:
    return [part for part in re.split(r";|,|\band\b", label or "") if part.strip()]


def _attributes(gold: Gold, item: dict, row: dict) -> dict[str, bool]:
    """Which stated gold attributes a matched row gets right: agent, place (any named part of it),
    qualifier, and time (the row's dates overlap the gold's)."""
    found = {}
    if item.get("agent"):
        found["agent"] = any(gold.matches(name, item["agent"]) for name in _names(row.get("agentLabel")))
    if item.get("place"):
        found["place"] = any(
            gold.matches(name, part) for name in _names(row.get("placeLabel")) for part in _names(item["place"])
        )
    if item.get("qualifier") and "qualifier" in row:
        wanted = (
            "vague" if item["qualifier"] in VAGUE_QUALIFIERS else _QUALIFIERS.get(item["qualifier"], item["qualifier"])
        )
        found["qualifier"] = row["qualifier"] == wanted
    interval = _gold_interval(item)
    if interval is not None:
        start, end = row.get("start") or "", row.get("end") or row.get("start") or ""
        found["time"] = bool(start) and start <= interval[1] and interval[0] <= end
    return found


# kind → (gold key, the named query whose rows are scored, matcher)
KINDS: dict[str, tuple[str, str, Matcher]] = {
    "statements": ("statements", "statements", _statement),
    "blame": ("blame", "who-blamed-whom", _blame),
    "calls": ("calls", "calls-to-action", _call),
    "casualty_claims": ("casualty_claims", "casualty-claims", _claim),
    "events": ("events", "document-events", _event),
    "entities": ("entities", "document-entities", _entity),
}


def score_document(gold: Gold, rows_by_kind: dict[str, list[dict]]) -> list[Score]:
    scores = []
    for kind, (key, _, matcher) in KINDS.items():
        items = gold.data.get(key, [])
        rows = list(rows_by_kind.get(kind, []))
        required = [i for i in items if not i.get("optional")]
        optional = [i for i in items if i.get("optional")]
        # Required items claim rows first; optional ones may then absorb what is left.
        matched = _pairs(gold, required, rows, matcher, set())
        absorbed = _pairs(gold, optional, rows, matcher, set(matched))
        score = Score(kind, gold=len(required), extracted=len(rows), tp=len(matched))
        score.fn = len(required) - score.tp
        score.missed = [item for i, item in enumerate(required) if i not in matched.values()]
        score.spurious = [row for r, row in enumerate(rows) if r not in matched and r not in absorbed]
        score.fp = len(score.spurious)
        for row, item in sorted(matched.items()):
            for attribute, right in _attributes(gold, required[item], rows[row]).items():
                score.count_attribute(attribute, int(right), 1)
        scores.append(score)
    return scores


def _pairs(gold: Gold, items: list[dict], rows: list[dict], matcher: Matcher, taken: set[int]) -> dict[int, int]:
    """The largest one-to-one matching of items to rows not taken (row → item), found by
    augmenting paths, so that an early item never takes the only row a later one could match."""
    options = [[r for r in range(len(rows)) if r not in taken and matcher(gold, item, rows[r])] for item in items]
    owner: dict[int, int] = {}

    def assign(item: int, seen: set[int]) -> bool:
        for row in options[item]:
            if row not in seen:
                seen.add(row)
                if row not in owner or assign(owner[row], seen):
                    owner[row] = item
                    return True
        return False

    for item in range(len(items)):
        assign(item, set())
    return owner


def total(per_document: Iterable[list[Score]]) -> list[Score]:
    sums = {kind: Score(kind) for kind in KINDS}
    for scores in per_document:
        for s in scores:
            agg = sums[s.kind]
            agg.gold, agg.extracted = agg.gold + s.gold, agg.extracted + s.extracted
            agg.tp, agg.fp, agg.fn = agg.tp + s.tp, agg.fp + s.fp, agg.fn + s.fn
            for attribute, (right, stated) in s.attributes.items():
                agg.count_attribute(attribute, right, stated)
    return list(sums.values())


@dataclass
class Clustering:
    """B-cubed precision and recall of entity identity over the gold entities found."""

    elements: int = 0
    precision: float = 0.0
    recall: float = 0.0

    @property
    def f1(self) -> float:
        return (
            2 * self.precision * self.recall / (self.precision + self.recall) if self.precision + self.recall else 0.0
        )


def score_identity(
    golds: dict[str, Gold], rows: dict[str, dict[str, list[dict]]], documents: dict[str, str], column: str
) -> Clustering:
    """B-cubed over every gold entity the entity scorer matched in its article: the gold says
    two are one where their names or aliases meet (same type, any article); the rows say so
    where `column` of theirs is the same node. `rows` are by document IRI, then by kind, and
    `documents` gives each gold article's IRI."""
    elements: list[tuple[str, frozenset[str], str]] = []  # (system node, gold names, type)
    for name, gold in golds.items():
        required = [e for e in gold.data.get("entities", []) if not e.get("optional")]
        found = rows.get(documents.get(name, ""), {}).get("entities", [])
        for row, index in _pairs(gold, required, found, _entity, set()).items():
            item = required[index]
            names = frozenset(normalize(n) for n in (item["name"], *item.get("aliases", [])) if normalize(n))
            elements.append((found[row][column] or found[row]["entity"], names, item["type"]))
    # Gold identity: names that meet, transitively, within a type.
    parent = list(range(len(elements)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    by_name: dict[tuple[str, str], int] = {}
    for i, (_, names, type_) in enumerate(elements):
        for n in names:
            first, here = root(by_name.setdefault((type_, n), i)), root(i)
            if first != here:
                parent[first] = here
    gold_of = [root(i) for i in range(len(elements))]
    if not elements:
        return Clustering()
    precision = recall = 0.0
    for i, (node, _, _) in enumerate(elements):
        same_node = [j for j, other in enumerate(elements) if other[0] == node]
        same_gold = [j for j in range(len(elements)) if gold_of[j] == gold_of[i]]
        both = len(set(same_node) & set(same_gold))
        precision += both / len(same_node)
        recall += both / len(same_gold)
    return Clustering(len(elements), precision / len(elements), recall / len(elements))
