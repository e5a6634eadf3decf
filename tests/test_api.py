"""The Python API does what the command line does, through the same functions."""

from datetime import date

import pytest
from rdflib import RDF

from builder import api
from builder.queries import QueryError
from builder.records import CasualtyOutcome, Qualifier, Stance
from builder.vocab import NG

TEXT = "The health ministry said 12 people were killed in Homs on Monday."


def test_extract_text_gives_the_records():
    records = api.extract_text(TEXT, outlet="Example Wire", published="2025-03-11")
    [statement] = records.statements
    assert records.entities[statement.speaker].label == "health ministry"
    assert statement.stance is Stance.ASSERTION
    [claim] = records.claims
    assert (claim.count, claim.qualifier, claim.outcome) == (12, Qualifier.EXACT, CasualtyOutcome.KILLED)
    assert records.entities[claim.place].label == "Homs"
    assert claim.start == date(2025, 3, 10)


def test_build_graph_gives_a_validated_document(validator):
    graph = api.build_graph(TEXT, title="Twelve killed", published=date(2025, 3, 11), url="https://example.org/a")
    assert validator.validate(graph).conforms
    [doc] = graph.subjects(RDF.type, NG.NewsArticle)
    assert str(graph.value(doc, NG.url)) == "https://example.org/a"
    assert any(graph.subjects(RDF.type, NG.CasualtyClaim))
    assert "@prefix ng:" in graph.serialize(format="turtle")


def test_the_same_text_is_the_same_document():
    assert api.article(TEXT).key == api.article(TEXT).key != api.article(TEXT + " More.").key
    assert api.article(TEXT, key="feed-1").key == "feed-1"
    assert api.article(TEXT, key="feed-1", url="https://example.org/a").key == "https://example.org/a"


@pytest.mark.parametrize(("text", "published"), [(" \n", None), (TEXT, "11 March"), (TEXT, "0001-01-01")])
def test_what_a_build_refuses_is_a_value_error(text, published):
    with pytest.raises(ValueError):
        api.article(text, published=published)


def test_build_store_then_query_it(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "homs.txt").write_text(TEXT, encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF")
    problems = []
    summary = api.build_store([folder], tmp_path / "store", report=problems.append)
    assert (summary.added, summary.failed, summary.skipped) == (1, 0, 1)
    assert [p for p in problems if "notes.pdf" in p and "skipped" in p]
    assert api.build_store([folder], tmp_path / "store").unchanged == 1

    [row] = api.query(tmp_path / "store", "casualty-claims", outcome="killed")
    assert (row["sourceLabel"], row["count"], row["qualifier"], row["placeLabel"]) == (
        "health ministry",
        "12",
        "exact",
        "Homs",
    )
    assert api.query(tmp_path / "store", "casualty-claims", outcome="injured") == []
    assert api.query(tmp_path / "store", "casualty-claims", outcome=None) == [row]


def test_query_takes_an_open_store_and_says_what_is_wrong(examples_store):
    rows = api.query(examples_store, "documents")
    assert rows and list(rows[0])[:5] == ["document", "source", "title", "published", "outlet"]
    with pytest.raises(QueryError, match="takes no parameter"):
        api.query(examples_store, "documents", speaker="x")
    with pytest.raises(QueryError, match="no query named"):
        api.query(examples_store, "who-said-it")


def test_build_store_resolves_across_documents_and_the_command_line_builds_through_it(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Amnesty International said two men were detained in Aleppo.", encoding="utf-8")
    (folder / "b.txt").write_text("Amnesty said the two men were later released.", encoding="utf-8")
    summary = api.build_store([folder], tmp_path / "store")
    assert summary.resolution is not None and summary.resolution.changed
    # "Amnesty" can stand only for the one organization named with it: one entity, two documents.
    merges = api.query(tmp_path / "store", "entity-merges")
    reasons = {(m["label"], m["reason"]) for m in merges}
    assert ("Amnesty International", "short form of the only fuller name") in reasons
    assert api.build_store([folder], tmp_path / "store").resolution.changed is False

    from builder import cli

    calls = []
    real = api.build_inputs
    monkeypatch.setattr(api, "build_inputs", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert cli.main(["build", str(folder), "--store", str(tmp_path / "other"), "--quiet"]) == 0
    assert len(calls) == 1
    assert api.query(tmp_path / "other", "entity-merges") == merges


def test_query_results_bind_parameters_as_terms(examples_store):
    from builder.queries import get_query

    injected = 'x" } UNION { ?s ?p ?o'
    rows = list(api.query_results(examples_store, get_query("casualty-claims"), {"outcome": injected}))
    assert rows == []
    ask = api.query_results(examples_store, "ASK { ?d a <https://w3id.org/newsgraph/ns#NewsArticle> }")
    assert bool(ask)
