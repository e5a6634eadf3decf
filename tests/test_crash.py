"""Crash safety: `newsgraph build` killed with SIGKILL mid-build, and two processes on one store.

Each document is one update transaction, so a build killed at any moment must leave a store
that opens, validates and holds only whole documents, and a rerun must finish the job to
exactly what a clean build writes. bench/crash.py is the long version (1,000 articles).
"""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
from pathlib import Path

import pytest

from builder.cli import main

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("crash_bench", ROOT / "bench" / "crash.py")
crash = importlib.util.module_from_spec(_SPEC)
# Its dataclasses look their module up by name while the class is being made.
sys.modules[_SPEC.name] = crash
_SPEC.loader.exec_module(crash)

ARTICLES = 30
TRIALS = 3

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The corpus, and what a clean build of it writes: sorted N-Quads, the shape of each
    document, the store's bytes per document."""
    work = tmp_path_factory.mktemp("crash")
    corpus = work / "articles"
    crash.write_articles(corpus, ARTICLES, seed=3)
    status, logged, errors = crash.watch_build(corpus, work / "clean")
    assert status in (0, 1), errors
    shape = crash.snapshot(work / "clean")
    assert len(shape.sentences) == ARTICLES and not shape.headless
    return {
        "work": work,
        "corpus": corpus,
        "rc": status,
        "nquads": crash.sorted_nquads(work / "clean"),
        "shape": shape,
        "per_document": logged / ARTICLES,
    }


def test_a_build_killed_anywhere_leaves_whole_documents_and_a_rerun_finishes_it(clean, capsys):
    """Killed TRIALS times, each restart resuming the last one's store, then run to the end."""
    rng = random.Random(20)
    store = clean["work"] / "killed"
    committed = []
    for trial in range(TRIALS):
        # A restart writes only what is missing: kill it a few new documents in, anywhere in
        # a document's work (its commit included).
        grow = int(clean["per_document"] * (rng.randint(2, 7) - 0.5))
        crash.build_and_kill(clean["corpus"], store, grow, rng.uniform(0, 0.15), timeout=120)

        found = crash.snapshot(store)
        assert crash.half_written(found, clean["shape"]) == [], f"trial {trial}"
        assert set(found.sentences) <= set(clean["shape"].sentences)
        committed.append(len(found.sentences))
        assert main(["validate", "--store", str(store), "--wait", "0"]) == 0, capsys.readouterr()
    assert committed[0] > 0 and committed[-1] < ARTICLES, committed

    rerun = subprocess.run(crash.build_command(clean["corpus"], store), cwd=ROOT, capture_output=True, text=True)
    assert rerun.returncode == clean["rc"], rerun.stderr
    assert crash.sorted_nquads(store) == clean["nquads"]


def test_two_builds_at_once_take_turns(clean):
    """Both builds run to the end, one after the other, and the store is the clean build's."""
    store = clean["work"] / "shared"
    first = crash.start_build(clean["corpus"], store)
    second = crash.start_build(clean["corpus"], store)
    _, errors_first = first.communicate(timeout=300)
    _, errors_second = second.communicate(timeout=300)
    assert (first.returncode, second.returncode) == (clean["rc"], clean["rc"]), errors_first + errors_second
    assert "is in use by another process; waiting" in errors_first + errors_second
    assert crash.sorted_nquads(store) == clean["nquads"]


HOLD = """
import sys, pyoxigraph
store = pyoxigraph.Store(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
"""


def test_a_store_in_use_is_waited_for_then_refused_with_one_line(tmp_path):
    store = tmp_path / "store"
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "a.txt").write_text("Officials in Latakia said on Friday that the roads had reopened.\n")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        refused = subprocess.run(
            [sys.executable, "-m", "builder.cli", "stats", "--store", str(store), "--wait", "1"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        lines = refused.stderr.splitlines()
        assert len(lines) == 2, lines
        assert lines[0] == f"newsgraph: store {store} is in use by another process; waiting up to 1 s…"
        assert lines[1].startswith(f"newsgraph: store {store} is in use by another process after waiting 1 s")

        waiting = subprocess.Popen(
            crash.build_command(tmp_path / "one", store, "--wait", "120"),
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        # The model loads first (spaCy may warn on the way), then the build meets the lock.
        said = ""
        while "in use by another process" not in said and waiting.poll() is None:
            said = waiting.stderr.readline()
        assert f"store {store} is in use by another process; waiting up to 120 s" in said
        assert waiting.poll() is None
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert waiting.wait(timeout=120) == 0, waiting.stderr.read()
    assert main(["validate", "--store", str(store), "--wait", "0"]) == 0
