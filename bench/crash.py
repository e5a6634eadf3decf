"""Crash safety, the long way: kill -9 a large build again and again, then finish it.

    nice -n 19 python bench/crash.py [--articles 1000] [--trials 20] [--seed 7] [--work DIR]

Writes ARTICLES short articles (the texts of examples/ with small variations, reproducibly),
builds them once into a fresh store with `newsgraph build` (the clean build), then builds
them into a second store that is killed with SIGKILL TRIALS times. Each restart resumes
where the last one was killed (what is in the store stays, what was not committed is built
again) and is killed after it has written about ARTICLES / (TRIALS + 1) more documents (the
store's growth tells), a random fraction of a document's time later. After each kill it
prints the kill time, whether the store opened and validated (every document graph against
the shapes), how many documents are half-written (a graph without its article and content
hash, or with a sentence count other than the clean build's: 0 is the only good answer),
and finally whether the last restart, run to the end, gives exactly the clean build's
sorted N-Quads.

A restart skips the documents already in the store before parsing them (their input hash),
so the builds cost about two clean builds; checking the whole store after every kill is
most of the run's time.

tests/test_crash.py is the short version; both use the helpers here.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.iris import IriMinter  # noqa: E402
from builder.store import GraphStore  # noqa: E402

EXAMPLES = ROOT / "examples"
NG = "https://w3id.org/newsgraph/ns#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OUTLETS = ("Example Wire", "Example Broadcaster", "Example Daily", "Example Agency")
# A figure standing alone: not part of "1,614" or "2025".
_FIGURE = re.compile(r"(?<![\d,.])\d{1,3}(?![\d,.])")


def base_texts() -> list[str]:
    """The plain-text examples and the texts of the JSONL briefs (the HTML page would only add
    trafilatura's time to every document)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt")) + sorted(EXAMPLES.glob("*.md"))]
    with open(EXAMPLES / "feed.jsonl", encoding="utf-8") as feed:
        texts += [json.loads(line)["text"] for line in feed if line.strip()]
    return texts


def vary(text: str, n: int, paragraphs: int = 4) -> str:
    """The n-th variation of a text cut to its first `paragraphs` blocks (the headline counts):
    its small figures shifted and a closing line, so that every variation is a document of its
    own (its own hash) that still reads like the original."""
    shift = n // 7 + 1
    body = "\n\n".join(text.strip().split("\n\n")[:paragraphs])
    if n % 2:
        body = _FIGURE.sub(lambda match: str(int(match.group()) + shift), body)
    return f"{body.rstrip()}\n\nThis is update number {n} of the report, filed at {n % 24:02d}:{(7 * n) % 60:02d}.\n"


def write_articles(folder: Path, count: int, seed: int = 0, paragraphs: int = 4) -> list[Path]:
    """`count` distinct .txt articles in `folder`, with an index.json giving outlet and date."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    texts = base_texts()
    index, paths = [], []
    for n in range(count):
        path = folder / f"article-{n:04d}.txt"
        path.write_text(vary(texts[n % len(texts)], n, paragraphs), encoding="utf-8")
        day = 8 + rng.randrange(20)
        index.append({"file": path.name, "outlet": rng.choice(OUTLETS), "published": f"2025-03-{day:02d}"})
        paths.append(path)
    (folder / "index.json").write_text(json.dumps(index, indent=0), encoding="utf-8")
    return paths


def build_command(corpus: Path, store: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "builder.cli", "build", str(corpus), "--store", str(store), "--quiet", *extra]


def start_build(corpus: Path, store: Path, *extra: str, stderr: object = subprocess.PIPE) -> subprocess.Popen:
    return subprocess.Popen(
        build_command(corpus, store, *extra), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr, text=True
    )


def kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()


def wal_bytes(store: Path, newer_than: int = -1) -> int:
    """The bytes in a store's write-ahead logs numbered above `newer_than`. RocksDB appends
    every commit to its newest log at once, so this grows with each document written and
    tells, from outside, how far a build has got; the rest of the folder changes at every
    open (recovery, the info LOG) and would tell nothing."""
    try:
        return sum(f.stat().st_size for f in store.glob("*.log") if f.stem.isdigit() and int(f.stem) > newer_than)
    except FileNotFoundError:  # RocksDB removed a log between the listing and the stat
        return 0


def newest_wal(store: Path) -> int:
    return max((int(f.stem) for f in store.glob("*.log") if f.stem.isdigit()), default=-1)


def watch_build(corpus: Path, store: Path) -> tuple[int, int, str]:
    """Build, watching the write-ahead log; returns the exit status, the most bytes the log
    held (the store folds it away when it closes) and what the build said on stderr."""
    peak = 0
    # A file, not a pipe: nobody reads a pipe while this loop polls, and a full one blocks the build.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as said:
        process = start_build(corpus, store, stderr=said)
        while process.poll() is None:
            peak = max(peak, wal_bytes(store))
            time.sleep(0.005)
        said.seek(0)
        return process.returncode, peak, said.read()


def build_and_kill(corpus: Path, store: Path, grow: int, jitter: float, timeout: float = 3600) -> float:
    """Start a build and SIGKILL it once it has written `grow` bytes of new commits, and then
    `jitter` seconds more (so that the kill falls anywhere in a document's work, the commit
    included); returns the seconds from the start to the kill, or raises if it ended first."""
    since = newest_wal(store)
    process = start_build(corpus, store, stderr=subprocess.DEVNULL)
    start = time.monotonic()
    while wal_bytes(store, since) < grow:
        if process.poll() is not None:
            raise RuntimeError(f"the build ended (exit {process.returncode}) before it wrote {grow:,} bytes")
        if time.monotonic() - start > timeout:
            raise RuntimeError("the build wrote nothing in time")
        time.sleep(0.002)
    time.sleep(jitter)
    kill(process)
    return time.monotonic() - start


@dataclass
class Snapshot:
    """What a store holds, per document graph."""

    sentences: dict[str, int]
    # Graphs without their article typed ng:NewsArticle carrying an ng:contentHash.
    headless: set[str]


def snapshot(store_dir: Path) -> Snapshot:
    minter = IriMinter()
    # The store's own graphs (resolution, revisions, decisions) are not documents.
    own = {str(minter.identity_graph()), str(minter.revisions_graph()), str(minter.decisions_graph())}
    with GraphStore(store_dir) as store:
        sentences: Counter = Counter()
        typed, hashed, graphs = set(), set(), set()
        for quad in store.quads():
            graph, subject = quad.graph_name.value, quad.subject.value
            if graph in own:
                continue
            graphs.add(graph)
            predicate, obj = quad.predicate.value, quad.object.value
            if predicate == RDF_TYPE and obj == f"{NG}Sentence":
                sentences[graph] += 1
            elif predicate == RDF_TYPE and obj == f"{NG}NewsArticle":
                typed.add((graph, subject))
            elif predicate == f"{NG}contentHash":
                hashed.add((graph, subject))
        complete = {graph for graph, _ in typed & hashed}
        return Snapshot({g: sentences[g] for g in graphs}, graphs - complete)


def half_written(found: Snapshot, clean: Snapshot) -> list[str]:
    """The graphs of `found` that are not exactly as the clean build wrote them, in shape."""
    bad = set(found.headless)
    bad |= {g for g, n in found.sentences.items() if clean.sentences.get(g) != n}
    return sorted(bad)


def sorted_nquads(store_dir: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp, GraphStore(store_dir) as store:
        out = Path(tmp) / "dump.nq"
        store.dump(out, "nq")
        return sorted(line for line in out.read_text(encoding="utf-8").splitlines() if line.strip())


def validates(store_dir: Path) -> bool:
    """`newsgraph validate --store DIR`, in this process (the command itself, not a copy of it)."""
    from builder.cli import main

    return main(["validate", "--store", str(store_dir), "--wait", "0"]) == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, help="folder for the articles and stores (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        corpus, clean_dir, crashed_dir = work / "articles", work / "clean", work / "crashed"
        write_articles(corpus, args.articles, args.seed)
        print(f"{args.articles} articles in {corpus}", flush=True)

        start = time.monotonic()
        status, logged, errors = watch_build(corpus, clean_dir)
        total = time.monotonic() - start
        print(f"clean build: exit {status}, {total:.1f} s", flush=True)
        if status not in (0, 1):
            sys.exit(f"the clean build failed:\n{errors}")
        clean = snapshot(clean_dir)
        reference = sorted_nquads(clean_dir)
        per_document = logged / max(len(clean.sentences), 1)
        print(f"clean build: {len(clean.sentences)} documents, {len(reference):,} quads", flush=True)

        # Each restart checks what is already in the store, then writes about TRIALS-th of the
        # documents before it is killed, so the kills spread over the whole build.
        rng = random.Random(args.seed)
        share = args.articles / (args.trials + 1)
        print("trial  kill_s  docs  opened  validated  half_written", flush=True)
        tallies = Counter()
        for trial in range(1, args.trials + 1):
            grow = int(per_document * max(rng.uniform(0.5, 1.5) * share - 0.5, 0.5))
            point = build_and_kill(corpus, crashed_dir, grow, rng.uniform(0, 0.15))
            try:
                found = snapshot(crashed_dir)
                was_opened = True
            except Exception as error:  # the point is to report any failure to open, whatever it is
                print(f"  cannot open: {error}")
                found, was_opened = Snapshot({}, set()), False
            valid = was_opened and validates(crashed_dir)
            broken = half_written(found, clean)
            tallies.update(opened=was_opened, validated=valid, half=len(broken))
            print(
                f"{trial:5d}  {point:6.1f}  {len(found.sentences):4d}  {was_opened!s:6}  {valid!s:9}  {len(broken)}",
                flush=True,
            )
        process = start_build(corpus, crashed_dir)
        _, errors = process.communicate()
        if process.returncode not in (0, 1):
            print(errors, file=sys.stderr)
        equal = sorted_nquads(crashed_dir) == reference
        print(
            f"summary: {args.trials} trials, {tallies['opened']} opened, {tallies['validated']} validated, "
            f"{tallies['half']} half-written documents; final rerun exit {process.returncode}, "
            f"equal to the clean build: {equal}",
            flush=True,
        )


if __name__ == "__main__":
    main()
