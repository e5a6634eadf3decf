"""Named queries: the public contract's columns, safe parameters, formats, and the dev set."""

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from builder.cli import main
from builder.queries import NamedQuery, QueryError, Table, as_term, bind, format_table, get_query, named_queries, run
from builder.store import GraphStore

# The public interface of ../shared/docs/query-contract.md, kept here so that the tests
# guard it even where ../shared is absent.
CONTRACT = {
    "documents": "document, source, title, published, outlet",
    "entities": "entity, label, type, aliases, mentions, documents",
    "statements": "statement, speaker, speakerLabel, cue, content, direct, document, start, end",
    "who-blamed-whom": "blamer, blamerLabel, blamed, blamedLabel, reason, evidence, document",
    "calls-to-action": "caller, callerLabel, addressee, addresseeLabel, action, evidence, document",
    "casualty-claims": "claim, source, sourceLabel, count, qualifier, outcome, victims, place, placeLabel, start, "
    "end, evidence, document",
    "conflicting-claims": "outcome, placeLabel, claimA, sourceLabelA, countA, documentA, claimB, sourceLabelB, "
    "countB, documentB",
    "events": "event, type, label, agentLabel, placeLabel, start, end, evidence, document",
}
CONTRACT_DOC = Path(__file__).resolve().parents[2] / "shared" / "docs" / "query-contract.md"


def cli(capsys, *args) -> tuple[int, str]:
    rc = main(list(args))
    return rc, capsys.readouterr().out


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_contract_here_matches_the_shared_document():
    if not CONTRACT_DOC.is_file():
        pytest.skip("../shared/docs is not present")
    rows = re.findall(r"^\| `([a-z-]+)` \| (.+?) \|$", CONTRACT_DOC.read_text(), re.M)
    assert dict(rows) == CONTRACT


def test_every_query_has_a_header():
    for name, query in named_queries().items():
        assert query.name == name and query.description, name


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_columns_on_empty_and_built_stores(tmp_path, examples_store, capsys, name):
    expected = [c.strip() for c in CONTRACT[name].split(",")]
    with GraphStore(tmp_path / "empty") as empty:
        table = Table.from_solutions(run(empty, get_query(name).text))
    assert table.columns[: len(expected)] == expected and table.rows == []
    table = Table.from_solutions(run(examples_store, get_query(name).text))
    header = csv_rows(format_table(table, "csv"))[0]
    assert header[: len(expected)] == expected


def test_documents_and_entities_on_examples(examples_store):
    documents = Table.from_solutions(run(examples_store, get_query("documents").text)).values()
    sources = {row[1] for row in documents}
    assert any(s.endswith("examples/feed.jsonl#brief-lebanon-arrivals") for s in sources)
    assert "https://rights.example.org/news/2025/04/syria-baniyas-killings" in sources
    published = {row[3] for row in documents}
    assert "2025-03-10" in published
    entities = Table.from_solutions(run(examples_store, get_query("entities").text)).values()
    by_label = {row[1]: row for row in entities}
    assert by_label["Ahmed al-Sharaa"][2] == "Person"
    assert by_label["Latakia"][2] == "Place"
    assert int(by_label["Latakia"][4]) >= 5 and int(by_label["Latakia"][5]) >= 4
    assert len({row[0] for row in entities}) == len(entities), "one row per entity"


def test_parameters_filter_by_label_or_iri(examples_store):
    query = get_query("entities")
    people = Table.from_solutions(run(examples_store, query.text, bind(query, {"type": "person"}))).values()
    assert people and {row[2] for row in people} == {"Person"}
    sharaa = Table.from_solutions(run(examples_store, query.text, bind(query, {"name": "AHMED AL-SHARAA"}))).values()
    assert [row[1] for row in sharaa] == ["Ahmed al-Sharaa"]
    by_iri = Table.from_solutions(run(examples_store, query.text, bind(query, {"name": f"<{sharaa[0][0]}>"})))
    assert by_iri.values() == sharaa


@pytest.mark.parametrize(
    "attack",
    [
        '") } } DROP ALL #',
        "x' || true || '",
        '" . ?s ?p ?o } UNION { ?s ?p ?o',
        "https://w3id.org/newsgraph/id/place/latakia> } UNION { ?entity ?p ?o",
        "\\u0022) || 1=1 #",
    ],
)
def test_injection_is_inert(examples_store, attack):
    before = len(examples_store)
    query = get_query("entities")
    rows = Table.from_solutions(run(examples_store, query.text, bind(query, {"name": attack}))).rows
    assert rows == []
    assert len(examples_store) == before


def test_values_become_terms():
    assert str(as_term("https://example.org/x")) == "https://example.org/x"
    assert type(as_term("<urn:x:1>")).__name__ == "URIRef"
    assert type(as_term("Syrian Observatory")).__name__ == "Literal"
    assert type(as_term("al-Sharaa: interim president")).__name__ == "Literal"


def test_unknown_query_and_parameter_are_clear_errors(examples_store):
    with pytest.raises(QueryError, match="no query named 'nope'"):
        get_query("nope")
    with pytest.raises(QueryError, match="takes no parameter colour"):
        bind(get_query("entities"), {"colour": "red"})
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        run(examples_store, "SELECT WHERE {")


def test_header_parsing():
    query = NamedQuery.parse("# name: x\n# description: d\n# param: a: the a\n# param: b\nSELECT * {}", "f")
    assert (query.name, query.description, [p.name for p in query.params]) == ("x", "d", ["a", "b"])


def test_cli_formats(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(
        "The Syrian Observatory for Human Rights said gunmen attacked villages in Latakia province on Friday."
    )
    store = str(tmp_path / "store")
    main(["build", str(tmp_path / "a.txt"), "--store", store, "--quiet"])
    rc, out = cli(capsys, "query", "entities", "--store", store, "--format", "json")
    results = json.loads(out)
    assert rc == 0 and results["head"]["vars"][:3] == ["entity", "label", "type"]
    labels = {b["label"]["value"] for b in results["results"]["bindings"]}
    assert {"Syrian Observatory for Human Rights", "Latakia"} <= labels
    mentions = next(b["mentions"] for b in results["results"]["bindings"])
    assert mentions["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    rc, out = cli(capsys, "query", "documents", "--store", store, "--format", "tsv")
    assert out.splitlines()[0].split("\t")[:5] == ["document", "source", "title", "published", "outlet"]
    rc, out = cli(capsys, "query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s a ng:Sentence }", "--store", store)
    assert rc == 0 and "(1 row)" in out
    rq = tmp_path / "mine.rq"
    rq.write_text(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT DISTINCT ?label WHERE { BIND (ngf:param('who') AS ?w) "
        "?e rdfs:label ?label FILTER (CONTAINS(?label, ?w)) }"
    )
    rc, out = cli(capsys, "query", "--file", str(rq), "--param", "who=Lata", "--store", store, "--format", "csv")
    assert rc == 0 and csv_rows(out) == [["label"], ["Latakia"]]
    assert main(["query", "nope", "--store", store]) == 2
    assert main(["query", "entities", "--store", str(tmp_path / "no-store")]) == 2
    assert "no store here" in capsys.readouterr().err


def test_stats_and_queries_commands(examples_store, tmp_path, capsys):
    rc, out = cli(capsys, "queries", "--format", "csv")
    names = {row[0] for row in csv_rows(out)[1:]}
    assert rc == 0 and set(CONTRACT) <= names
    (tmp_path / "a.txt").write_text("Residents of Tartus said gunmen attacked their village on Friday.")
    store = str(tmp_path / "store")
    main(["build", str(tmp_path / "a.txt"), "--store", store, "--quiet"])
    rc, out = cli(capsys, "stats", "--store", store, "--format", "csv")
    values = dict(csv_rows(out)[1:])
    # Tartus, the governorate and the country the gazetteer puts it in.
    assert values["documents"] == "1" and values["entities: Place"] == "3" and values["statements"] == "1"
    assert int(values["triples"]) > 20


@pytest.mark.slow
def test_dev_set_entities(dev_store, capsys):
    """The foundation's acceptance list: these entities, with these types, after building ../shared/dev."""
    table = Table.from_solutions(run(dev_store, get_query("entities").text))
    types = {}
    for row in table.values():
        types.setdefault(row[1], set()).add(row[2])
    expected = {
        "Syrian Observatory for Human Rights": "Organization",
        "Bashar al-Assad": "Person",
        "Ahmed al-Sharaa": "Person",
        "Thameen Al-Kheetan": "Person",
        "Latakia": "Place",
        "Tartus": "Place",
        "Hama": "Place",
        "Homs": "Place",
        "Baniyas": "Place",
        "International Crisis Group": "Organization",
    }
    for name, type_ in expected.items():
        assert types.get(name) == {type_}, (name, types.get(name))


def test_columns_are_read_from_the_query_text():
    from builder.queries import get_query

    for name, columns in CONTRACT.items():
        wanted = columns.split(", ")
        assert get_query(name).columns()[: len(wanted)] == wanted, name



def test_the_table_for_people_fits_the_terminal_with_labels_first():
    iri = ox.NamedNode("https://w3id.org/newsgraph/id/person/someone-with-a-long-name")
    row = [iri, ox.Literal("word " * 60), ox.Literal("A speaker"), None]
    table = Table(["speaker", "content", "speakerLabel", "empty"], [row])
    people = table.for_people()
    assert people.columns == ["speakerLabel", "content"]
    text = format_table(people, "table", width=40)
    assert max(len(line) for line in text.splitlines()) <= 40 and text.count("word") == 60
    # The machine formats keep every column of the contract.
    assert format_table(table, "csv").splitlines()[0] == "speaker,content,speakerLabel,empty"
    assert table.select(["content"], limit=0).rows == []


def test_cli_limit_and_columns(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(
        "The governor said the bridge had reopened. The mayor said the schools would stay closed until Monday."
    )
    store = str(tmp_path / "store")
    main(["build", str(tmp_path / "a.txt"), "--store", store, "--quiet"])
    capsys.readouterr()
    args = ["query", "statements", "--store", store, "--limit", "1", "--columns", "speakerLabel,content"]
    assert main([*args, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "speakerLabel,content" and len(lines) == 2
    assert main(["query", "statements", "--store", store, "--columns", "nope"]) == 2
    assert "no column 'nope'" in capsys.readouterr().err


def test_named_queries_need_no_custom_function(examples_store):
    """Bound as VALUES blocks of serialized terms, every named query is plain SPARQL 1.1: a
    store without our function (a stand-in for the Oxigraph server or Virtuoso) gives the same rows."""
    from builder.store import inline_params, to_oxigraph
    from builder.vocab import PREFIXES

    plain = ox.Store()
    plain.extend(examples_store.quads())
    for query in named_queries().values():
        given = {p.name: "Observatory" for p in query.params if p.required}
        params = {name: to_oxigraph(term) for name, term in bind(query, given).items()}
        text = inline_params(query.text, params)
        assert "ngf:param" not in text, query.name
        ours = examples_store.query(query.text, bind(query, given))
        theirs = plain.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)
        if isinstance(ours, ox.QuerySolutions):
            assert len(list(ours)) == len(list(theirs)), query.name


def _edge_rows(store: GraphStore, text: str) -> list[tuple]:
    """graph-edges' rows, each concatenated column as the set of what it joins: SPARQL leaves the
    order of GROUP_CONCAT to the engine's plan."""
    joined = {"documents": " ", "evidenceText": " | ", "citations": "\x1e"}
    solutions = store.query(text)
    columns = [v.value for v in solutions.variables]
    rows = []
    for s in solutions:
        cells = {c: "" if s[c] is None else s[c].value for c in columns}
        rows.append(tuple(tuple(sorted(v.split(joined[c]))) if c in joined else v for c, v in cells.items()))
    return sorted(rows)


def test_graph_edges_union_as_a_subquery_keeps_its_rows(examples_store):
    """graph-edges runs its union of edge kinds as a subquery only for speed (inlined, the engine
    joins what follows into every branch row by row): inlined again, it gives the same rows."""
    text = get_query("graph-edges").text
    inlined = re.sub(
        r"\{\s*SELECT \?fact \?source \?target \?relation\s*WHERE \{(.*?)\n    \}\n  \}\n", r"\1\n", text, flags=re.S
    )
    assert inlined != text and "SELECT ?fact" not in inlined
    rows = _edge_rows(examples_store, text)
    assert rows and rows == _edge_rows(examples_store, inlined)
