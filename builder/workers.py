"""Long-lived worker processes that answer jobs on a store of their own, one job at a time.

Oxigraph cannot stop a query once it runs: no timeout, no cancel, and a thread cannot be
interrupted while a query's first row (ORDER BY, GROUP BY over a cartesian product) takes
minutes. So each query runs in a worker process with its own store handle, and a job past
its time limit costs its worker: the process is killed, the caller told, and a fresh one
started in the background while the other workers go on answering.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from .store import StoreError

# A worker's query thread's stack: address space reserved, memory used only as deep as a query
# goes. Oxigraph parses and evaluates by recursion; a query nested deeper than a default 8 MiB
# stack holds would end the process (the worker, now: the server only replaces it).
WORKER_STACK = 1 << 30
# How long a starting worker may take to import and open its store.
START_TIMEOUT = 120.0
# Spawned, not forked: the server's threads may hold locks a forked child would inherit held.
_CONTEXT = multiprocessing.get_context("spawn")
# multiprocessing reaps ended children from whichever thread starts a process or asks whether
# one is alive; two threads doing so at once can make a dead worker look alive to one of them.
# So every look at a worker's process state, and every start, holds this lock.
_PROCESSES = threading.Lock()


class WorkerError(Exception):
    """A job the pool could not have answered."""


class Overrun(WorkerError):
    """The job ran past its time limit; its worker was killed."""


class Busy(WorkerError):
    """No worker was free within the time limit."""


class Died(WorkerError):
    """The worker ended while it ran the job: past its memory limit, or a crash."""


@dataclass(eq=False)  # each worker is itself, hashed by identity
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection


class WorkerPool:
    """`size` processes, each opening its store with `opener()` (a GraphStore, or anything with
    a `close()`; StoreError if it cannot) and answering each job with `handle(store, job)`; both
    must be module-level (a spawned process imports them). `memory`: the bytes of memory a worker
    may take besides its query stack; the query engine aborts the worker past them."""

    def __init__(
        self,
        opener: Callable[[], Any],
        handle: Callable[[Any, Any], Any],
        size: int,
        timeout: float,
        memory: int | None = None,
    ) -> None:
        self.size, self.timeout, self.memory = size, timeout, memory
        self._opener, self._handle = opener, handle
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._live: set[_Worker] = set()
        self._closed = False
        # Started side by side: each takes a second or more to import and open its store.
        starting = [self._spawn() for _ in range(size)]
        try:
            for worker in starting:
                self._ready(worker)
        except WorkerError:
            for worker in starting:
                _kill(worker)
            raise
        for worker in starting:
            self._add(worker)

    def ask(self, job: Any) -> Any:
        """The worker's answer to `job`, or Busy, Overrun or Died."""
        worker = self._take()
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                self._replace(worker)
                raise Overrun(f"stopped after {self.timeout:g} s")
            answer = worker.conn.recv()
        except (EOFError, OSError):
            code = _exit_code(worker)
            self._replace(worker)
            raise Died(f"the worker ended while it ran the job (exit {code})") from None
        self._idle.put(worker)
        return answer

    def _take(self) -> _Worker:
        """An idle worker that is alive, waiting up to the time limit for one."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                worker = self._idle.get(timeout=max(deadline - time.monotonic(), 0.0))
            except queue.Empty:
                raise Busy(f"all {self.size} workers stayed busy for {self.timeout:g} s") from None
            if _alive(worker):
                return worker
            self._replace(worker)  # ended while idle (killed from outside): not this job's fault

    def counts(self) -> dict[str, int]:
        with self._lock:
            live = len(self._live)
        return {"workers": live, "idle": min(self._idle.qsize(), live)}

    def close(self) -> None:
        """Ask every worker to close its store and end; kill those that do not within seconds."""
        with self._lock:
            self._closed = True
            workers = list(self._live)
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        deadline = time.monotonic() + 10
        for worker in workers:
            while _alive(worker) and time.monotonic() < deadline:
                time.sleep(0.05)
            _kill(worker)

    def _spawn(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_work, args=(child, self._opener, self._handle, self.memory), daemon=True)
        with _PROCESSES:
            process.start()
        child.close()
        return _Worker(process, parent)

    @staticmethod
    def _ready(worker: _Worker) -> None:
        """Wait for a started worker to say that its store is open."""
        try:
            if not worker.conn.poll(START_TIMEOUT):
                raise WorkerError(f"a worker did not start within {START_TIMEOUT:g} s")
            failure = worker.conn.recv()
        except (EOFError, OSError):
            raise WorkerError(f"a worker ended as it started (exit {_exit_code(worker)})") from None
        if failure is not None:
            raise WorkerError(failure)

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                _kill(worker)
                return
            self._live.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker now and start its successor in the background."""
        with self._lock:
            self._live.discard(worker)
        _kill(worker)
        threading.Thread(target=self._restart, daemon=True).start()

    def _restart(self) -> None:
        pause = 1.0
        while not self._closed:
            worker = self._spawn()
            try:
                self._ready(worker)
            except WorkerError as error:
                _kill(worker)
                print(f"newsgraph serve: a replacement worker failed: {error}; retrying", file=sys.stderr)
                time.sleep(pause)
                pause = min(pause * 2, 30.0)
                continue
            self._add(worker)
            return


def _alive(worker: _Worker) -> bool:
    with _PROCESSES:
        return worker.process.is_alive()


def _exit_code(worker: _Worker) -> int | None:
    with _PROCESSES:
        return worker.process.exitcode


def _kill(worker: _Worker) -> None:
    with _PROCESSES:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
    worker.conn.close()


def _work(conn: Connection, opener: Callable[[], Any], handle: Callable[[Any, Any], Any], memory: int | None) -> None:
    """A worker's main: its jobs run on a thread with a deep stack."""
    if memory is not None:
        # Bounds the heap and every private mapping (the query stack's included): an allocation
        # past it makes the query engine abort the worker, not the machine run out of memory.
        limit = WORKER_STACK + memory
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    # Ctrl-C reaches the whole process group; the server, not each worker, decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_when_orphaned, args=(os.getppid(),), daemon=True).start()
    threading.stack_size(WORKER_STACK)
    thread = threading.Thread(target=_serve_jobs, args=(conn, opener, handle))
    thread.start()
    thread.join()


def _end_when_orphaned(server: int) -> None:
    """End the worker once the server is gone without stopping it (killed): a query it runs would
    otherwise go on, for hours perhaps, with no one to answer."""
    while os.getppid() == server:
        time.sleep(1.0)
    os._exit(1)


def _serve_jobs(conn: Connection, opener: Callable[[], Any], handle: Callable[[Any, Any], Any]) -> None:
    try:
        store = opener()
    except StoreError as error:
        conn.send(str(error))
        return
    conn.send(None)
    try:
        while (job := _next(conn)) is not None:
            conn.send(handle(store, job))
    finally:
        store.close()


def _next(conn: Connection) -> Any:
    """The next job; None when the server asks the worker to end or has gone."""
    try:
        return conn.recv()
    except (EOFError, OSError):
        return None
