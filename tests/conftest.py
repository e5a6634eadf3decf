"""Shared fixtures: the spaCy model loaded once, and stores built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.build import build
from builder.ingest import read_inputs
from builder.nlp import load_model
from builder.store import GraphStore
from builder.validate import Validator

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_DEV = ROOT.parent / "shared" / "dev"


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
    assert problems == [] and summary.added == 7
    return store


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory, nlp, validator) -> GraphStore:
    store = GraphStore(tmp_path_factory.mktemp("examples") / "store")
    summary, problems = build_into(store, [EXAMPLES], nlp, validator)
    assert problems == [] and summary.added >= 5
    return store
