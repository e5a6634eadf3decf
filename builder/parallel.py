"""Where the work on each document runs: local worker processes, or Dask workers.

`newsgraph build --processes N` and `--workers N` / `--scheduler tcp://HOST:PORT` hand one of
these to `builder.build.build`, which keeps reading, the check that skips unchanged articles,
and every write in its own process, in input order. Both run the same function on a batch of
articles (`_run`: the single-process build's `build_documents`, with the model, validator and
rules the worker holds), so a parallel build is a single-process build whose middle runs
elsewhere: the same graphs, reports and counts.

What crosses a process boundary: articles (text and metadata) out, each document's outcome
back (`Built`, its graph as a list of RDF terms), and the build's `Work` with the validator's
shapes (~100 kB, under a millisecond: with each batch to a process, once to each Dask
worker); never a spaCy Doc. Each worker holds its model
from the start and checks, batch by batch, that it, the rules and the code are those the
writer names in every document's provenance: a worker that would build other graphs refuses
rather than mixing them into the store.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from rdflib import Graph
from spacy.language import Language

from .build import Built, Work, build_documents, extract, extractor_id
from .extract.rules import load_rules
from .ingest import Article
from .nlp import load_model
from .validate import Validator

# A batch closes at this many characters of text (or `most` articles): under a second of work,
# long beside the millisecond sending it costs, short enough that no worker idles long at the
# end while another finishes.
BATCH_CHARS = 8_000
# Batches sent ahead per worker: one being worked on, one waiting, so no worker idles while the
# writer commits.
AHEAD = 2
# A text that reaches every lazily loaded part of extraction (the gazetteer, the administrative
# areas, the rule matchers): read once in each process before its first real article.
_WARM_UP = "Officials in Homs said on Monday that 12 people were killed in shelling, Reuters reported."


class WorkerError(Exception):
    """The workers cannot do the work as this process would (another model, other code or
    rules), cannot be reached, or one died."""


@dataclass(frozen=True)
class _Task:
    """What a worker needs besides the articles: the build's work, the validator to rebuild
    (its engine and shapes), and the model to load where it has none."""

    work: Work
    engine: str
    shapes: str
    model: str | None = None
    max_chars: int | None = None

    @classmethod
    def of(cls, work: Work, validator: Validator, model: str | None = None, max_chars: int | None = None) -> _Task:
        # N-Triples keep each blank node's label: the worker's shapes are this very graph.
        return cls(work, validator.engine, validator.shapes.serialize(format="nt"), model, max_chars)


class Processes:
    """`--processes N`: N worker processes forked from this one once its model is loaded and
    warm, so that they start at once and share those pages. Enter it before opening a store (as
    `newsgraph build` does): a fork copies only the calling thread, so a lock that one of the
    store's threads held at that moment would stay held in the child."""

    def __init__(self, processes: int, nlp: Language) -> None:
        self.processes, self.nlp = processes, nlp
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Processes:
        _warm(self.nlp)
        self._pool = ProcessPoolExecutor(
            self.processes,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_adopt,
            initargs=(self.nlp, os.getpid()),
        )
        # The first task forks every worker, now rather than in the middle of a build.
        self._pool.submit(_ready).result()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def map(self, work: Work, articles: Iterable[Article], validator: Validator) -> Iterator[tuple[Article, Built]]:
        pool = self._pool
        if pool is None:
            raise RuntimeError("Processes is used as a context manager: with Processes(n, nlp) as executor: ...")
        task = _Task.of(work, validator)
        return _in_order(lambda batch: pool.submit(_run, task, batch), _batches(articles), self.processes)


class Dask:
    """`--workers N` (a local cluster of N worker processes on 127.0.0.1) or `--scheduler
    tcp://HOST:PORT` (the workers of a running cluster, each with newsgraph and the model
    installed): every worker loads the model once, when the client connects (or on its first
    batch, when it joins later), and runs one batch at a time."""

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int | None = None,
        model: str | None = None,
        max_chars: int | None = None,
        timeout: float = 60.0,
    ) -> None:
        if (scheduler is None) == (workers is None):
            raise ValueError("Dask needs either a scheduler address or a number of local workers")
        self.scheduler, self.workers, self.model, self.max_chars = scheduler, workers, model, max_chars
        self.timeout = timeout
        self._cluster: Any = None
        self._client: Any = None

    def __enter__(self) -> Dask:
        from distributed import Client, LocalCluster

        where = self.scheduler or f"a local cluster of {self.workers} workers"
        try:
            if self.scheduler is None:
                self._cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    # The scheduler serves HTTP in any case: on loopback, on a free port.
                    dashboard_address="127.0.0.1:0",
                    silence_logs=logging.ERROR,
                )
            self._client = Client(self._cluster or self.scheduler, timeout=self.timeout)
            self._client.wait_for_workers(1, timeout=self.timeout)
            self._client.run(_preload, self.model, self.max_chars)
        except OSError as error:  # TimeoutError included: no scheduler there, or no worker joined
            self.__exit__()
            raise WorkerError(f"Dask: cannot use {where}: {error}") from None
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        for part in (self._client, self._cluster):
            if part is not None:
                part.close()
        self._client = self._cluster = None

    def map(self, work: Work, articles: Iterable[Article], validator: Validator) -> Iterator[tuple[Article, Built]]:
        client = self._client
        if client is None:
            raise RuntimeError("Dask is used as a context manager: with Dask(...) as executor: ...")
        # Sent to every worker once, not with every batch.
        task = client.scatter(_Task.of(work, validator, self.model, self.max_chars), broadcast=True, hash=False)
        workers = max(sum(client.nthreads().values()), 1)
        return _in_order(lambda batch: client.submit(_run, task, batch, pure=False), _batches(articles), workers)


class _Pending(Protocol):
    """A batch sent to a worker: a concurrent.futures or a Dask future."""

    def result(self) -> list[Built]: ...

    def cancel(self) -> bool: ...


def _batches(articles: Iterable[Article], chars: int = BATCH_CHARS, most: int = 64) -> Iterator[list[Article]]:
    batch: list[Article] = []
    size = 0
    for article in articles:
        batch.append(article)
        size += len(article.text)
        if size >= chars or len(batch) >= most:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _in_order(
    submit: Callable[[list[Article]], _Pending], batches: Iterator[list[Article]], workers: int
) -> Iterator[tuple[Article, Built]]:
    """Each batch's results in the order of the batches, with `AHEAD` batches per worker in
    flight: the writer commits in input order (a later version of an article after the earlier
    one), and reads no more articles ahead than the workers can use."""
    pending: deque[tuple[list[Article], _Pending]] = deque()
    try:
        for batch in batches:
            pending.append((batch, submit(batch)))
            if len(pending) >= AHEAD * workers:
                yield from _done(*pending.popleft())
        while pending:
            yield from _done(*pending.popleft())
    finally:
        for _, future in pending:
            future.cancel()


def _done(batch: list[Article], future: _Pending) -> Iterator[tuple[Article, Built]]:
    try:
        return zip(batch, future.result(), strict=True)
    except Exception as error:
        if _lost(error):
            raise WorkerError(f"a worker died on a batch of {len(batch)} from {batch[0].source}: {error}") from None
        raise


def _lost(error: BaseException) -> bool:
    """Whether a worker process died under a batch (a local pool breaks; Dask gives up on a
    batch once it has killed several workers)."""
    dask = sys.modules.get("distributed")
    return isinstance(error, BrokenExecutor) or (dask is not None and isinstance(error, dask.KilledWorker))


# What a worker process holds: its model (the writer's, when forked from it), and the
# validators and rules it was sent, each kept by what it is.
_ADOPTED: Language | None = None
_HELD: dict[tuple, Any] = {}
# One batch at a time in a process: spaCy's pipeline and the validator are not thread-safe (a
# Dask worker with several threads still works, one batch after another).
_LOCK = threading.RLock()


def _run(task: _Task, articles: list[Article]) -> list[Built]:
    """A batch's work in a worker: the single-process build's own `build_documents`."""
    with _LOCK:
        nlp = _ADOPTED if _ADOPTED is not None else _model(task.model, task.max_chars)
        validator = _validator(task.engine, task.shapes)
        rules = _held(("rules", task.work.rules.digest), lambda: task.work.rules)
        if extractor_id(nlp, rules) != task.work.extractor:
            raise WorkerError(
                f"a worker would build with {extractor_id(nlp, rules)!r}, not {task.work.extractor!r}: "
                "every worker needs the same newsgraph, rules and model as the writer"
            )
        # The rules as first held, not this batch's copy: what is compiled from them is cached by identity.
        work = Work(rules, task.work.minter, task.work.strict, task.work.extractor)
        return [built for _, built in build_documents(articles, nlp, validator, work, len(articles))]


def _adopt(nlp: Language, writer: int) -> None:
    """A forked worker's start: the writer's model is its model, Ctrl-C is the writer's to
    handle (it stops the pool), and the writer's end is the worker's."""
    global _ADOPTED
    _ADOPTED = nlp
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(writer,), daemon=True).start()


def _exit_with(writer: int) -> None:
    """A worker whose writer died (even by kill -9) exits, rather than wait for work forever."""
    while os.getppid() == writer:
        time.sleep(1)
    os._exit(1)


def _ready() -> None:
    """The task that makes a pool start its workers."""


def _preload(model: str | None, max_chars: int | None) -> None:
    """A Dask worker's model, loaded and warmed before its first batch."""
    _warm(_model(model, max_chars))


def _warm(nlp: Language) -> None:
    with _LOCK:
        extract(nlp(_WARM_UP), Article(text=_WARM_UP, source="warm-up", key="warm-up"))
        # The code's digest too, read once: forked workers run this very code, whatever changes on disk.
        extractor_id(nlp, load_rules())
        # What is loaded now lives as long as the process: out of the collector's sight, it is
        # not traversed again and again (measured: a seventh of a parallel build's CPU time), nor
        # copied into each forked worker by the traversal.
        gc.freeze()


def _model(model: str | None, max_chars: int | None) -> Language:
    with _LOCK:
        return _held(("model", model, max_chars), lambda: load_model(model, max_chars))


def _validator(engine: str, shapes: str) -> Validator:
    def made() -> Validator:
        validator = Validator(engine)
        # The writer's shapes, whatever it added to the packaged ones (a stricter profile).
        validator.shapes = Graph()
        validator.add_shapes(shapes)
        return validator

    return _held(("validator", engine, hashlib.sha256(shapes.encode("utf-8")).hexdigest()), made)


def _held(key: tuple, make: Callable[[], Any]) -> Any:
    if key not in _HELD:
        _HELD[key] = make()
    return _HELD[key]
