"""`newsgraph build` end to end: bad inputs, idempotence, replacement, SHACL gate, outputs."""

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef

from builder.build import build
from builder.cli import main
from builder.ingest import Article, IngestOptions, read_inputs
from builder.rdf import triples_graph
from builder.store import GraphStore, StoreError
from builder.validate import Validator
from builder.vocab import NG

ARTICLE = (
    "Syria's interior ministry said on Sunday that gunmen loyal to Bashar al-Assad attacked checkpoints "
    "in Latakia. The Syrian Observatory for Human Rights said dozens of civilians were killed in Baniyas."
)


def stats(store_path: Path) -> dict[str, int]:
    with GraphStore(store_path, must_exist=True) as store:
        documents = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g a ng:NewsArticle . ?s ?p ?o } } GROUP BY ?g"
        rows = store.query(documents)
        return {row["g"].value: int(row["n"].value) for row in rows}


def quads(store_path: Path) -> set:
    with GraphStore(store_path, must_exist=True) as store:
        return set(store.quads())


@pytest.fixture
def mixed_inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (folder / "latin1.txt").write_bytes("Le ministère a déclaré".encode("latin-1"))
    (folder / "nav.html").write_text("<html><body><nav>Home | News</nav></body></html>")
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "a1", "text": ARTICLE.replace("Sunday", "Monday")}) + "\n" + '{"id": "a2", "text": \n'
    )
    return folder


def test_bad_inputs_reported_one_line_each_and_the_rest_built(mixed_inputs, tmp_path, capsys):
    store = tmp_path / "store"
    rc = main(["build", str(mixed_inputs), str(tmp_path / "missing.txt"), "--store", str(store), "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 1
    expected = {
        "empty.txt": "empty file",
        "binary.txt": "binary data",
        "latin1.txt": "not valid UTF-8",
        "nav.html": "no article text",
        "feed.jsonl:2": "broken JSON line",
        "missing.txt": "no such file",
    }
    assert len(err) == len(expected)
    for name, reason in expected.items():
        assert any(line.startswith("newsgraph: ") and name in line and reason in line for line in err), name
    assert len(stats(store)) == 2


def test_building_twice_changes_nothing(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(ARTICLE)
    store = tmp_path / "store"
    assert main(["build", str(tmp_path / "a.txt"), "--store", str(store)]) == 0
    before = quads(store)
    assert main(["build", str(tmp_path / "a.txt"), "--store", str(store)]) == 0
    assert "0 added, 0 replaced, 1 unchanged" in capsys.readouterr().err
    assert quads(store) == before


def test_new_text_under_same_id_replaces_the_old_version_and_keeps_it_as_a_revision(tmp_path, nlp, validator):
    feed = tmp_path / "feed.jsonl"
    store = GraphStore(tmp_path / "store")
    feed.write_text(json.dumps({"id": "story", "text": ARTICLE}) + "\n")
    first = build(read_inputs([str(feed)]), nlp, [store], validator, print)
    feed.write_text(json.dumps({"id": "story", "text": ARTICLE + " Curfews were imposed."}) + "\n")
    second = build(read_inputs([str(feed)]), nlp, [store], validator, print)
    assert (first.added, second.replaced) == (1, 1)
    graphs = list(store.document_graphs())
    assert len(graphs) == 2
    current = store.query("SELECT ?t WHERE { ?d ng:text ?t FILTER NOT EXISTS { ?later prov:wasRevisionOf ?d } }")
    assert [r["t"].value for r in current] == [ARTICLE + " Curfews were imposed."]
    [link] = store.query("SELECT ?new ?old WHERE { ?new prov:wasRevisionOf ?old }")
    assert {link["new"], link["old"]} == set(graphs)


def test_document_failing_shacl_is_not_committed(tmp_path, nlp):
    strict = Validator()
    # A stricter profile: every article must have a title. Ours has none.
    strict.add_shapes(
        """
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ng: <https://w3id.org/newsgraph/ns#> .
        <urn:test:TitledArticleShape> a sh:NodeShape ; sh:targetClass ng:NewsArticle ;
            sh:property [ sh:path ng:title ; sh:minCount 1 ; sh:message "an article needs a title" ] .
    """
    )
    (tmp_path / "a.txt").write_text(ARTICLE)
    store = GraphStore(tmp_path / "store")
    problems: list[str] = []
    summary = build(read_inputs([str(tmp_path / "a.txt")]), nlp, [store], strict, problems.append)
    assert summary.failed == 1 and summary.added == 0
    assert len(store) == 0
    [report] = problems
    assert str(tmp_path / "a.txt") in report and "not committed" in report
    assert "TitledArticleShape" in report and "an article needs a title" in report and "/doc/" in report


@pytest.mark.parametrize("suffix", [".trig", ".nq", ".ttl", ".jsonld"])
def test_output_file_without_store(tmp_path, monkeypatch, suffix):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(ARTICLE)
    output = tmp_path / f"out{suffix}"
    assert main(["build", "a.txt", "--no-store", "--output", str(output), "--quiet"]) == 0
    assert not (tmp_path / "newsgraph-store").exists()
    fmt = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".jsonld": "json-ld"}[suffix]
    data = Dataset()
    data.parse(output, format=fmt)
    assert (None, None, NG.NewsArticle) in data.graph() or any((None, None, NG.NewsArticle) in g for g in data.graphs())


def test_output_beside_store_holds_the_same_triples(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    output = tmp_path / "out.nq"
    assert main(["build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "s"), "--output", str(output)]) == 0
    assert {q for q in ox.parse(path=str(output), format=ox.RdfFormat.N_QUADS)} == quads(tmp_path / "s")


def test_validate_store_and_files(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(ARTICLE)
    store = tmp_path / "store"
    main(["build", str(tmp_path / "a.txt"), "--store", str(store), "--quiet"])
    assert main(["validate", "--store", str(store)]) == 0
    fixture = Path(__file__).parent / "fixtures" / "complete-document.ttl"
    assert main(["validate", str(fixture)]) == 0
    broken = Graph().parse(fixture)
    broken.remove((None, NG.speaker, None))
    broken.serialize(tmp_path / "broken.ttl", format="turtle")
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "broken.ttl")]) == 1
    out = capsys.readouterr().out
    assert "StatementShape" in out and "statement-0" in out


def test_missing_model_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(ARTICLE)
    rc = main(["build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "s"), "--model", "xx_no_such_model"])
    assert rc == 2
    assert "spaCy pipeline 'xx_no_such_model' is not installed" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()


def _refusing_baniyas() -> Validator:
    """Our shapes plus one that rejects a single place: an extractor bug stood in by a shape."""
    validator = Validator()
    validator.add_shapes(
        """
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ng: <https://w3id.org/newsgraph/ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:test:NoBaniyasShape> a sh:NodeShape ; sh:targetClass ng:Place ;
            sh:property [ sh:path rdfs:label ; sh:not [ sh:hasValue "Baniyas" ] ; sh:message "no Baniyas" ] .
    """
    )
    return validator


def test_one_bad_fact_is_withheld_and_the_rest_of_the_article_committed(tmp_path, nlp):
    validator = _refusing_baniyas()
    (tmp_path / "a.txt").write_text(ARTICLE)
    store = GraphStore(tmp_path / "store")
    problems: list[str] = []
    summary = build(read_inputs([str(tmp_path / "a.txt")]), nlp, [store], validator, problems.append)
    assert (summary.added, summary.failed, summary.partial) == (1, 0, 1) and not summary.ok
    assert "1 of them with" in str(summary) and "facts withheld" in str(summary)
    [report] = problems
    assert report.startswith(f"{tmp_path / 'a.txt'}: committed with ") and "NoBaniyasShape" in report
    assert "place/baniyas" in report
    labels = {r["l"].value for r in store.query("SELECT ?l WHERE { ?p a ng:Place ; rdfs:label ?l }")}
    assert "Latakia" in labels and "Baniyas" not in labels
    # Nothing left points at the withheld place, and the statements and claims are all there.
    dangling = "ASK { ?s ?p ?o . FILTER (CONTAINS(STR(?o), '/place/baniyas')) }"
    assert not store.query(dangling)
    speakers = {r["l"].value for r in store.query("SELECT ?l WHERE { ?s a ng:Statement ; ng:speaker/rdfs:label ?l }")}
    expected = {"interior ministry", "Syrian Observatory for Human Rights"}
    assert expected <= {s.removeprefix("Syria's ") for s in speakers}
    assert store.query("ASK { ?c a ng:CasualtyClaim }")
    [name] = list(store.document_graphs())
    assert validator.validate(store.graph(name)).conforms


def test_strict_refuses_the_article_whole(tmp_path, nlp):
    from builder.build import BuildOptions

    (tmp_path / "a.txt").write_text(ARTICLE)
    store = GraphStore(tmp_path / "store")
    problems: list[str] = []
    options = BuildOptions(strict=True)
    summary = build(read_inputs([str(tmp_path / "a.txt")]), nlp, [store], _refusing_baniyas(), problems.append, options)
    assert (summary.added, summary.failed) == (0, 1) and len(store) == 0
    assert "not committed" in problems[0]


def test_an_extractor_bug_costs_its_facts_not_the_article(tmp_path, nlp, validator, monkeypatch):
    def broken(*args, **kwargs):
        raise IndexError("a bug of ours")

    monkeypatch.setattr("builder.build.extract_claims", broken)
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE.replace("Sunday", "Monday"))
    store = GraphStore(None)
    problems: list[str] = []
    summary = build(read_inputs([str(tmp_path)]), nlp, [store], validator, problems.append)
    assert (summary.added, summary.incomplete, summary.failed) == (2, 2, 0) and not summary.ok
    assert all("extraction failed (IndexError at build.py:" in p and "a bug of ours" in p for p in problems)
    assert len(problems) == 2 and "a.txt" in problems[0]
    # The article, its sentences and its entities are there to query; nothing half-made is.
    assert store.query("ASK { ?d ng:text ?t . ?s a ng:Sentence . ?e a ng:Place }")
    assert not store.query("ASK { ?s a ng:Statement }")


def test_an_unchanged_article_is_skipped_before_parsing(tmp_path, nlp, validator, monkeypatch):
    import builder.build

    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE.replace("Sunday", "Monday"))
    store = GraphStore(tmp_path / "store")
    first = build(read_inputs([str(tmp_path)]), nlp, [store], validator, print)
    before = set(store.quads())
    parsed: list[str] = []
    real_parse = builder.build.parse

    def counting_parse(nlp, items, **kwargs):
        for doc, article in real_parse(nlp, items, **kwargs):
            parsed.append(article.source)
            yield doc, article

    monkeypatch.setattr(builder.build, "parse", counting_parse)
    second = build(read_inputs([str(tmp_path)]), nlp, [store], validator, print)
    assert (first.added, second.unchanged, second.added, parsed) == (2, 2, 0, [])
    assert set(store.quads()) == before
    # New metadata is a new input: the article is built again and replaces its old graph.
    options = IngestOptions(outlet="Example Wire")
    third = build(read_inputs([str(tmp_path / "a.txt")], options), nlp, [store], validator, print)
    assert third.replaced == 1 and len(parsed) == 1


def test_progress_lines_when_not_on_a_terminal(tmp_path, nlp, validator):
    from builder.build import BuildOptions

    for n in range(5):
        (tmp_path / f"a{n}.txt").write_text(ARTICLE.replace("Sunday", f"day {n}"))
    lines: list[str] = []
    options = BuildOptions(log_every=2, log=lines.append)
    build(read_inputs([str(tmp_path)]), nlp, [GraphStore(None)], validator, print, options)
    assert [line.split(" documents built")[0] for line in lines] == ["2", "4"]
    assert all("a second" in line and "added" in line for line in lines)


def test_new_rules_rebuild_what_they_would_change(tmp_path, nlp, validator, monkeypatch):
    import builder.build

    (tmp_path / "a.txt").write_text(ARTICLE)
    store = GraphStore(tmp_path / "store")
    assert build(read_inputs([str(tmp_path)]), nlp, [store], validator, print).added == 1
    # Same version number, other rules: the stored article is no longer the input's result.
    monkeypatch.setattr(builder.build, "rules_fingerprint", lambda rules=None: "other-rules")
    again = build(read_inputs([str(tmp_path)]), nlp, [store], validator, print)
    assert (again.unchanged, again.replaced) == (0, 1)


def test_progress_with_a_known_total_says_how_far_and_how_long():
    from builder.build import BuildSummary, _progress

    line = _progress(100, 50, BuildSummary(added=100, unchanged=50), 400, 50.0)
    assert line.startswith("150 of 400 inputs, ETA 2 min 05 s; 100 documents built, 2.0 a second")
    assert _progress(10, 0, BuildSummary(added=10), None, 5.0).startswith("10 documents built, 2.0 a second")


def test_a_document_graph_answers_every_pattern_as_rdflibs_own_store_does():
    ex = "https://example.org/"
    doc, span, other = URIRef(f"{ex}doc/1"), URIRef(f"{ex}doc/1/span/0-4"), URIRef(f"{ex}entity/x")
    triples = [
        (doc, RDF.type, NG.NewsArticle),
        (doc, NG.text, Literal("Homs was shelled.")),
        (span, NG.inDocument, doc),
        (span, NG.beginIndex, Literal(0)),
        (span, NG.endIndex, Literal(4)),
        (span, NG.refersTo, other),
        (other, RDF.type, NG.Place),
        (other, NG.latitude, Literal("34.73", datatype=XSD.decimal)),
        (span, NG.inDocument, doc),  # a triple given twice is one triple
    ]
    ours, theirs = triples_graph(triples), Graph()
    for triple in triples:
        theirs.add(triple)
    missing = URIRef(f"{ex}nothing")

    def answers(graph: Graph) -> list:
        patterns = {
            tuple(term if (mask >> i) & 1 else None for i, term in enumerate(triple))
            for triple in [*triples, (missing, NG.text, missing)]
            for mask in range(8)
        }
        return [(pattern, sorted(graph.triples(pattern))) for pattern in sorted(patterns, key=str)]

    assert len(ours) == len(theirs) == 8
    assert answers(ours) == answers(theirs)
    for graph in (ours, theirs):
        graph.remove((span, None, None))
        graph.add((doc, NG.source, Literal("wire")))
    assert answers(ours) == answers(theirs) and len(ours) == len(theirs) == 5
    assert dict(ours.namespaces())["ng"] == URIRef(str(NG))


def test_a_failed_commit_stops_the_build_before_the_next_document_is_written(nlp, validator):
    class Failing(GraphStore):
        """A store whose second write fails, as a full disk would."""

        def __init__(self) -> None:
            super().__init__(None)
            self.writes = 0

        def put_document(self, *args, **kwargs):
            self.writes += 1
            if self.writes == 2:
                raise StoreError("disk full")
            return super().put_document(*args, **kwargs)

    articles = [
        Article(text=ARTICLE.replace("Sunday", day), source=day, key=day) for day in ("Monday", "Tuesday", "Friday")
    ]
    store = Failing()
    with pytest.raises(StoreError, match="disk full"):
        build(articles, nlp, [store], validator, print)
    # The third document was worked on while the second was written, but never written.
    assert store.writes == 2
    assert [row["source"].value for row in store.query("SELECT ?source WHERE { ?d ng:source ?source }")] == ["Monday"]
