"""`newsgraph evaluate`: the gold's articles built into an in-memory store, resolved across
documents, read back through the named queries and scored (`scoring`), so the score covers
the whole path an analyst uses, not just the extractors.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path

from spacy.language import Language

from .build import build, resolve_store
from .ingest import Article, read_inputs
from .iris import IriMinter
from .queries import Table, run_named
from .scoring import KINDS, Clustering, Gold, Score, score_document, score_identity, total
from .store import GraphStore
from .validate import Validator


def rows_of(store: GraphStore) -> dict[str, dict[str, list[dict]]]:
    """Rows of every scored query, by document IRI, then by kind."""
    by_document: dict[str, dict[str, list[dict]]] = {}
    for kind, (_, query, _) in KINDS.items():
        table = Table.from_solutions(run_named(store, query))
        for values in table.values():
            row = dict(zip(table.columns, values, strict=True))
            by_document.setdefault(row["document"], {}).setdefault(kind, []).append(row)
    return by_document


def evaluate(store: GraphStore, gold_files: dict[str, Gold], documents: dict[str, str]) -> dict[str, list[Score]]:
    """Scores per article of a store built from the gold's articles (`documents`: article → IRI)."""
    rows = rows_of(store)
    return {name: score_document(gold, rows.get(documents.get(name, ""), {})) for name, gold in gold_files.items()}


def load_gold(gold_dir: Path) -> dict[str, Gold]:
    """Gold files by the article file name they annotate."""
    golds = (Gold.load(path) for path in sorted(gold_dir.glob("*.json")))
    return {gold.data["article"]: gold for gold in golds}


def read_articles(articles_dir: Path, names: Iterable[str], on_error: Callable[[str], None]) -> dict[str, Article]:
    articles = {}
    for name in names:
        for item in read_inputs([str(articles_dir / name)]):
            if isinstance(item, Article):
                articles[name] = item
            else:
                on_error(str(item))
    return articles


def build_and_score(
    articles_dir: Path, gold_dir: Path, nlp: Language, on_error: Callable[[str], None]
) -> dict[str, list[Score]]:
    """Build the gold's articles into a store in memory and score every kind per article."""
    return build_and_score_all(articles_dir, gold_dir, nlp, on_error)[0]


def build_and_score_all(
    articles_dir: Path, gold_dir: Path, nlp: Language, on_error: Callable[[str], None]
) -> tuple[dict[str, list[Score]], dict[str, Clustering]]:
    """The scores per article, and how well entities are one across articles (B-cubed),
    before resolution across documents and after."""
    golds = load_gold(gold_dir)
    articles = read_articles(articles_dir, golds, on_error)
    minter = IriMinter()
    documents = {name: str(minter.document(a)) for name, a in articles.items()}
    with GraphStore(None) as store:
        validator = Validator()
        build(iter(articles.values()), nlp, [store], validator, report=on_error)
        before = identity_score(store, golds, documents, "entity")
        resolve_store(store, validator, minter=minter)
        return evaluate(store, golds, documents), {
            "document nodes": before,
            "resolved": identity_score(store, golds, documents, "canonical"),
        }


def identity_score(store: GraphStore, golds: dict[str, Gold], documents: dict[str, str], column: str) -> Clustering:
    """Entity identity across the store's articles (`scoring.score_identity`), by `column`."""
    return score_identity(golds, rows_of(store), documents, column)


def report(
    per_document: dict[str, list[Score]],
    fmt: str,
    details: bool = False,
    identity: dict[str, Clustering] | None = None,
) -> str:
    """The scores as a table or JSON; with `details`, every gold item missed and row not in the
    gold; with `identity`, entity identity across articles (B-cubed)."""
    totals = total(per_document.values())
    if fmt == "json":
        documents = {n: {s.kind: s.as_dict(details) for s in scores} for n, scores in per_document.items()}
        result = {"total": {s.kind: s.as_dict() for s in totals}, "documents": documents}
        if identity:
            result["identity"] = {k: {**asdict(c), "f1": c.f1} for k, c in identity.items()}
        return json.dumps(result, indent=1) + "\n"
    lines = [f"{'kind':<16} {'gold':>5} {'found':>6} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"]
    for s in totals:
        lines.append(
            f"{s.kind:<16} {s.gold:>5} {s.extracted:>6} {s.tp:>4} {s.fp:>4} {s.fn:>4} "
            f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}"
        )
    if any(s.extracted != s.tp + s.fp for s in totals):
        lines.append("(found - tp - fp: rows that match optional gold items, counted neither way)")
    lines.append("")
    lines.append("attributes of the matched items, where the gold states them (right/stated):")
    for s in totals:
        if s.attributes:
            lines.append(f"{s.kind:<16} " + "  ".join(f"{a} {r}/{n}" for a, (r, n) in sorted(s.attributes.items())))
    if identity:
        lines.append("")
        some = next(iter(identity.values()))
        lines.append(f"entities as one across articles (B-cubed over the {some.elements} gold entities found):")
        for what, c in identity.items():
            lines.append(f"  {what:<16} P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}")
    if details:
        for name, scores in per_document.items():
            for s in scores:
                lines += [f"{name}  {s.kind}  missed: {json.dumps(m, ensure_ascii=False)}" for m in s.missed]
                lines += [f"{name}  {s.kind}  not in gold: {json.dumps(r, ensure_ascii=False)}" for r in s.spurious]
    return "\n".join(lines) + "\n"
