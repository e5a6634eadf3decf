"""Extraction quality next to the open baseline, measured in one run on the same articles.

    python bench/quality.py [--articles DIR] [--gold DIR]

Scores newsgraph (statements, and every other kind the gold holds) with the rules of
docs/gold-format.md, and textacy's `direct_quotations` on statements with the same spaCy
model and the same matching rules. textacy refuses an article with an unbalanced quotation
mark; such an article counts with no statements found. Needs the `bench` extra (textacy).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.evaluate import build_and_score, load_gold, read_articles, report, score_document, total  # noqa: E402
from builder.extract.context import DocumentContext  # noqa: E402
from builder.extract.rules import load_rules  # noqa: E402
from builder.extract.statements import extract_statements  # noqa: E402
from builder.ingest import Article  # noqa: E402
from builder.nlp import load_model  # noqa: E402


def textacy_rows(nlp, text: str) -> tuple[list[dict], str | None]:
    from textacy.extract.triples import direct_quotations

    doc = nlp(text)
    try:
        quotes = list(direct_quotations(doc))
    except Exception as error:  # textacy raises plain ValueError on unbalanced quotation marks
        return [], f"{type(error).__name__}: {error}"
    rows = [
        {"speakerLabel": " ".join(t.text for t in q.speaker), "content": q.content.text, "cue": q.cue[0].lemma_}
        for q in quotes
    ]
    return rows, None


def resolution_rows(nlp, text: str) -> tuple[list[dict], list[dict]]:
    """Our statements twice: speakers as resolved, and as the bare words that name them."""
    context = DocumentContext.read(nlp(text), Article(text=text, source="bench", key="bench"), load_rules())
    statements = extract_statements(context)
    entities = context.entities
    resolved = [{"speakerLabel": entities[s.speaker].label, "content": s.content.text} for s in statements]
    bare = [
        {"speakerLabel": s.speaker_words.text if s.speaker_words else "", "content": s.content.text} for s in statements
    ]
    return resolved, bare


def statements_score(per_document: dict) -> object:
    [score] = [s for s in total(per_document.values()) if s.kind == "statements"]
    return score


def main() -> None:
    shared = ROOT.parent / "shared" / "dev"
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=Path, default=shared / "articles")
    parser.add_argument("--gold", type=Path, default=shared / "gold")
    args = parser.parse_args()
    if not args.gold.is_dir():
        raise SystemExit(f"no gold folder at {args.gold}")

    nlp = load_model()
    ours = build_and_score(args.articles, args.gold, nlp, print)
    print("newsgraph")
    print(report(ours, "table"))

    golds = load_gold(args.gold)
    articles = read_articles(args.articles, golds, print)
    baseline, resolved, bare = {}, {}, {}
    for name, article in articles.items():
        rows, failure = textacy_rows(nlp, article.text)
        if failure:
            print(f"textacy refused {name}: {failure}")
        baseline[name] = score_document(golds[name], {"statements": rows})
        ours_resolved, ours_bare = resolution_rows(nlp, article.text)
        resolved[name] = score_document(golds[name], {"statements": ours_resolved})
        bare[name] = score_document(golds[name], {"statements": ours_bare})
    mine, theirs = statements_score(ours), statements_score(baseline)
    print()
    print(f"{'statements':<44} {'P':>6} {'R':>6} {'F1':>6}")
    rows = (
        ("newsgraph (built, queried)", mine),
        ("textacy direct_quotations", theirs),
        ("newsgraph, speakers resolved (extractor only)", statements_score(resolved)),
        ("newsgraph, speakers as their bare words", statements_score(bare)),
    )
    for label, s in rows:
        print(f"{label:<44} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}")
    print(f"{'F1 newsgraph - textacy':<44} {mine.f1 - theirs.f1:>+20.3f}")
    gain = statements_score(resolved).f1 - statements_score(bare).f1
    print(f"{'F1 gained by speaker resolution':<44} {gain:>+20.3f}")


if __name__ == "__main__":
    main()
