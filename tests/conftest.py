"""Shared fixtures: the spaCy model loaded once, and stores built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.build import build
from builder.cli import main
from builder.ingest import read_inputs
from builder.nlp import load_model
from builder.store import GraphStore
from builder.validate import Validator

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_DEV = ROOT.parent / "shared" / "dev"
# The seven dev articles the first rules were written against; the other 27 were unseen then.
KNOWN_DEV = ("seed-01", "seed-02", "w01-", "w02-", "w03-", "w04-", "w05-")


@pytest.fixture(scope="session")
def nlp():
    return load_model()


@pytest.fixture(scope="session")
def validator():
    return Validator()


@pytest.fixture(scope="session")
def shared_dev() -> Path:
    if not (SHARED_DEV / "articles").is_dir():
        pytest.skip("../shared/dev is not present")
    return SHARED_DEV


def build_into(store: GraphStore, paths, nlp, validator) -> tuple[object, list[str]]:
    """Build `paths` into `store`; returns the summary and the problems reported."""
    problems: list[str] = []
    summary = build(read_inputs([str(p) for p in paths]), nlp, [store], validator, problems.append)
    return summary, problems


@pytest.fixture(scope="session")
def dev_store(tmp_path_factory, shared_dev, nlp, validator) -> GraphStore:
    store = GraphStore(tmp_path_factory.mktemp("dev") / "store")
    summary, problems = build_into(store, [shared_dev / "articles"], nlp, validator)
    assert problems == [] and summary.added == len(list((shared_dev / "articles").glob("*.txt")))
    return store


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory, nlp, validator) -> GraphStore:
    store = GraphStore(tmp_path_factory.mktemp("examples") / "store")
    summary, problems = build_into(store, [EXAMPLES], nlp, validator)
    assert problems == [] and summary.added >= 5
    return store


@pytest.fixture(scope="session")
def dev_scores(shared_dev, dev_store) -> dict:
    """`newsgraph evaluate` on ../shared/dev: scores per article, of the dev set built once."""
    from builder.evaluate import evaluate, load_gold, read_articles
    from builder.iris import IriMinter

    golds = load_gold(shared_dev / "gold")
    articles = read_articles(shared_dev / "articles", golds, print)
    return evaluate(dev_store, golds, {name: str(IriMinter().document(a)) for name, a in articles.items()})


@pytest.fixture(scope="session")
def dev_totals(dev_scores):
    """Micro-averaged scores per kind over all dev articles, or (known_only) the first seven."""
    from builder.evaluate import total

    def totals(known_only: bool = False) -> dict:
        chosen = [s for name, s in dev_scores.items() if not known_only or name.startswith(KNOWN_DEV)]
        return {score.kind: score for score in total(chosen)}

    return totals


@pytest.fixture(scope="session")
def cli_examples_store(tmp_path_factory):
    """The examples built by the command line into a folder: what the server must match."""
    path = tmp_path_factory.mktemp("local") / "store"
    assert main(["build", str(ROOT / "examples"), "--store", str(path)]) == 0
    with GraphStore(path, read_only=True) as store:
        yield store
