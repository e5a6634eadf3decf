"""Virtuoso open source as a remote store: the same build and named queries as the embedded store.

Needs Debian's virtuoso-opensource (`make virtuoso` installs it where the machine allows); each
test run starts its own server from its own ini, on 127.0.0.1 ports, in a temporary folder.
Writes go to /sparql-auth with digest authentication, as Virtuoso wants.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from servers import free_port, named_queries, rows, wait_for

from builder.cli import main
from builder.endpoint import PASSWORD_ENV, UPDATE_URL_ENV, USER_ENV, EndpointStore

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent

INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
"""


@pytest.fixture
def virtuoso(tmp_path, monkeypatch):
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("Virtuoso (Debian's virtuoso-opensource) is not installed")
    http, sql = free_port(), free_port()
    (tmp_path / "virtuoso.ini").write_text(INI.format(dir=tmp_path, sql=sql, http=http))
    process = subprocess.Popen(
        [binary, "+configfile", str(tmp_path / "virtuoso.ini"), "+foreground"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{http}/sparql?query=ASK%7B%7D", process, seconds=120)
        # A fresh database's administrator is dba/dba; writes need it, through digest auth.
        monkeypatch.setenv(UPDATE_URL_ENV, f"http://127.0.0.1:{http}/sparql-auth")
        monkeypatch.setenv(USER_ENV, "dba")
        monkeypatch.setenv(PASSWORD_ENV, "dba")
        yield f"http://127.0.0.1:{http}/sparql"
    finally:
        process.terminate()
        process.wait(timeout=60)


def test_build_and_named_queries_give_the_same_rows_on_virtuoso(virtuoso, cli_examples_store, capsys):
    assert main(["build", str(ROOT / "examples"), "--store", virtuoso]) == 0
    assert ", 0 replaced, 0 unchanged, 0 failed" in capsys.readouterr().err
    server = EndpointStore(virtuoso)
    # Every named query, cell for cell: joined cells list their parts in the same order, picks
    # are the same, and the triple count leaves Virtuoso's own graphs out.
    for name, params in named_queries():
        assert rows(server, name, **params) == rows(cli_examples_store, name, **params), (name, params)
    # What `stats` prints, its triple count included, is what it prints for the folder.
    assert main(["stats", "--store", virtuoso, "--format", "csv"]) == 0
    on_server = capsys.readouterr().out
    assert main(["stats", "--store", str(cli_examples_store.path), "--format", "csv"]) == 0
    assert on_server == capsys.readouterr().out
    # Unchanged articles are recognized through Virtuoso too: its literals compare equal.
    assert main(["build", str(ROOT / "examples"), "--store", virtuoso]) == 0
    assert " 0 added, 0 replaced" in capsys.readouterr().err

    # The graphs newsgraph wrote, and only those, come back whole: Virtuoso's own are left out.
    # Virtuoso keeps a WKT point as its own geometry type, its numbers rounded: those compare
    # by where they are.
    def quads(store) -> list[str]:
        return sorted(
            str(q) if "#asWKT>" not in str(q.predicate) else f"{q.subject} {q.predicate} {q.graph_name}"
            for q in store.quads()
        )

    assert quads(server) == quads(cli_examples_store)
    injected = 'x" } } UNION { ?a ?b ?c } #'
    assert rows(server, "casualty-claims", outcome=injected) == []
