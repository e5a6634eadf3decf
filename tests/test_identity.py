"""One actor, one node: resolution of entities and events across documents, the analyst's
authority file and decisions, revisions and removal."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from builder.identity import (
    AuthorityEntry,
    AuthorityError,
    Decision,
    DecisionKind,
    LocalEntity,
    LocalEvent,
    Reason,
    local_entities,
    read_authority,
    resolve,
    resolve_events,
)
from builder.iris import IriMinter
from builder.records import EntityType

ID = "https://w3id.org/newsgraph/id/"
FIXTURES = Path(__file__).parent / "fixtures"
PERSON, ORG, GROUP, PLACE = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.GROUP, EntityType.PLACE


def node(type_: EntityType, label: str, doc: str = "d1", mentions: int = 1, **extra) -> LocalEntity:
    scope = f"doc/{doc}/" if extra.get("anonymous") else ""
    slug = label.lower().replace(" ", "-")
    return LocalEntity(f"{ID}{scope}{type_.value.lower()}/{slug}", type_, label, (doc,), mentions, **extra)


def entity_of(resolved, iri: str):
    return next(r for r in resolved if iri in r.members)


def together(resolved, *nodes: LocalEntity) -> bool:
    return len({entity_of(resolved, n.iri).iri for n in nodes}) == 1


def test_a_surname_joins_the_only_person_with_it_and_the_person_wins_the_type():
    full, short = node(PERSON, "Bashar al-Assad", "d1"), node(ORG, "Assad", "d2", mentions=5)
    family = node(GROUP, "the Assad family", "d3")
    resolved = resolve([short, full, family])
    entity = entity_of(resolved, short.iri)
    assert entity.iri == full.iri and entity.type is PERSON and entity.label == "Bashar al-Assad"
    assert "Assad" in entity.alt_labels
    assert [(link.member, link.reason) for link in entity.links] == [(short.iri, Reason.SURNAME)]
    assert not together(resolved, family, full)


def test_a_surname_two_people_share_stays_apart():
    bashar, hafez, short = (
        node(PERSON, "Bashar al-Assad"),
        node(PERSON, "Hafez al-Assad", "d2"),
        node(PERSON, "Assad", "d3"),
    )
    resolved = resolve([bashar, hafez, short])
    assert len(resolved) == 3


def test_short_forms_acronyms_and_aliases():
    sohr = node(ORG, "Syrian Observatory for Human Rights", "d1")
    observatory = node(PERSON, "Observatory", "d2")  # the tagger's guess for one word
    acronym = node(ORG, "SOHR", "d3")
    amnesty, short = node(ORG, "Amnesty International", "d1"), node(ORG, "Amnesty", "d4")
    assembly, un_assembly = node(ORG, "United Nations General Assembly"), node(ORG, "UN General Assembly", "d2")
    listed = node(ORG, "Crete and Cyprus", "d5")
    crete = node(ORG, "Crete", "d6")
    alias = node(PERSON, "Recep Tayyip Erdoğan", "d1", aliases=("Erdoğan",))
    erdogan = node(PERSON, "Erdoğan", "d7")
    resolved = resolve(
        [sohr, observatory, acronym, amnesty, short, assembly, un_assembly, listed, crete, alias, erdogan]
    )
    assert together(resolved, sohr, observatory, acronym) and entity_of(resolved, observatory.iri).type is ORG
    assert together(resolved, amnesty, short)
    assert together(resolved, assembly, un_assembly)
    assert together(resolved, alias, erdogan)
    assert not together(resolved, listed, crete)
    reasons = {link.reason for link in entity_of(resolved, sohr.iri).links}
    assert reasons == {Reason.SHORT_FORM, Reason.ACRONYM}


def test_descriptions_are_one_across_documents_only_when_a_name_qualifies_them():
    # Capitals name only away from the start of a sentence: one report's "... said Syrian security forces".
    syrian = [
        node(GROUP, "Syrian security forces", "d1", anonymous=True),
        node(GROUP, "Syrian security forces", "d2", anonymous=True, inner_mentions=("Syrian security forces",)),
    ]
    israeli = node(GROUP, "Israeli security forces", "d3", anonymous=True, inner_mentions=("Israeli security forces",))
    bare = [
        node(GROUP, "security forces", d, anonymous=True, inner_mentions=("security forces",)) for d in ("d1", "d2")
    ]
    # "Assad loyalists" opens one report's sentence and stands inside another's: one group.
    loyalists = [
        node(GROUP, "Assad loyalists", "d4", anonymous=True),
        node(GROUP, "Assad loyalists", "d5", anonymous=True, inner_mentions=("Assad loyalists",)),
    ]
    resolved = resolve([*syrian, israeli, *bare, *loyalists])
    assert together(resolved, *syrian) and not together(resolved, syrian[0], israeli)
    assert not together(resolved, *bare)
    assert together(resolved, *loyalists)
    merged = entity_of(resolved, loyalists[0].iri)
    assert "/doc/" not in merged.iri  # an entity of several documents belongs to none of them


def _row(entity: str, label: str, document: str, cls: str = "Organization", **values) -> dict:
    row = dict.fromkeys(("anonymous", "placeKind", "geonamesId", "country", "aliases", "midSentence"), "")
    return {
        **row,
        "entity": entity,
        "class": f"https://w3id.org/newsgraph/ns#{cls}",
        "label": label,
        "document": document,
        "mentions": "1",
        **values,
    }


def test_an_office_every_country_has_is_one_only_within_a_country():
    syria, uk = f"{ID}place/syria-163843", f"{ID}place/united-kingdom-2635167"
    rows = []
    for doc, country in (("A", syria), ("B", syria), ("C", uk)):
        rows.append(_row(f"{ID}doc/{doc}/organization/ministry-of-defence", "Ministry of Defence", f"{ID}doc/{doc}"))
        rows.append(_row(f"{ID}place/x-{doc}", "Somewhere", f"{ID}doc/{doc}", "Place", country=country))
    rows.append(_row(f"{ID}doc/D/organization/ministry-of-defence", "Ministry of Defence", f"{ID}doc/D"))
    nodes = local_entities(rows)
    resolved = resolve(nodes)
    offices = [n for n in nodes if n.label == "Ministry of Defence"]
    a, b, c, d = offices
    assert together(resolved, a, b)
    assert not together(resolved, a, c) and not together(resolved, a, d) and not together(resolved, c, d)


def test_places_with_other_gazetteer_entries_or_kinds_stay_apart():
    city = node(PLACE, "Latakia", geonames_id="173576", place_kind="city")
    governorate = LocalEntity(f"{ID}place/syria/admin1/latakia", PLACE, "Latakia", ("d1",), 0, place_kind="admin1")
    plain = LocalEntity(f"{ID}doc/d2/place/latakia", PLACE, "Latakia", ("d2",), 1)
    hama_sy, hama_jp = (
        node(PLACE, "Hama", geonames_id="170017"),
        LocalEntity(f"{ID}place/hama-1", PLACE, "Hama", ("d3",), 1, geonames_id="1"),
    )
    resolved = resolve([city, governorate, plain, hama_sy, hama_jp])
    assert not together(resolved, city, governorate) and not together(resolved, hama_sy, hama_jp)
    assert together(resolved, city, plain) and entity_of(resolved, plain.iri).iri == city.iri


def test_resolution_is_the_same_in_any_order():
    nodes = [
        node(PERSON, "Bashar al-Assad"),
        node(ORG, "Assad", "d2"),
        node(ORG, "Amnesty International"),
        node(ORG, "Amnesty", "d3"),
        node(ORG, "SOHR", "d4"),
        node(ORG, "Syrian Observatory for Human Rights", "d5"),
        node(GROUP, "Assad loyalists", "d6", anonymous=True, inner_mentions=("Assad loyalists",)),
        node(GROUP, "Assad loyalists", "d7", anonymous=True),
    ]
    expected = resolve(nodes)
    for seed in range(5):
        shuffled = nodes[:]
        random.Random(seed).shuffle(shuffled)
        assert resolve(shuffled) == expected


def test_decisions_merge_split_and_rename_in_the_order_made():
    jolani, sharaa, short = (
        node(PERSON, "Abu Mohammed al-Jolani"),
        node(PERSON, "Ahmed al-Sharaa", "d2"),
        node(ORG, "al-Sharaa", "d3"),
    )
    merge = Decision(DecisionKind.MERGE, (jolani.iri, sharaa.iri), made="2026-12-01T10:00:00+00:00")
    resolved = resolve([jolani, sharaa, short], decisions=[merge])
    assert together(resolved, jolani, sharaa, short)
    assert Reason.DECISION in {link.reason for link in entity_of(resolved, jolani.iri).links}
    split = Decision(DecisionKind.SPLIT, (short.iri,))
    resolved = resolve([jolani, sharaa, short], decisions=[merge, split])
    assert together(resolved, jolani, sharaa) and not together(resolved, sharaa, short)
    # A split undoes an earlier merge of its node; a merge after it joins again.
    undo = Decision(DecisionKind.SPLIT, (jolani.iri,))
    assert not together(resolve([jolani, sharaa], decisions=[merge, undo]), jolani, sharaa)
    assert together(resolve([jolani, sharaa], decisions=[merge, undo, merge]), jolani, sharaa)
    rename = Decision(DecisionKind.RENAME, (sharaa.iri,), "Ahmed al-Sharaa (al-Jolani)")
    assert (
        entity_of(resolve([jolani, sharaa], decisions=[merge, rename]), jolani.iri).label
        == "Ahmed al-Sharaa (al-Jolani)"
    )


def test_the_authority_file_joins_what_the_rules_keep_apart(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text(
        "name,type,aliases,wikidata,geonames\nHay'at Tahrir al-Sham,Group,HTS; Tahrir al-Sham Committee,Q28056996,\n",
        encoding="utf-8",
    )
    [entry] = read_authority(path)
    assert entry == AuthorityEntry("Hay'at Tahrir al-Sham", GROUP, ("HTS", "Tahrir al-Sham Committee"), "Q28056996")
    hts, committee = node(ORG, "HTS"), node(GROUP, "Tahrir al-Sham Committee", "d2")
    assert len(resolve([hts, committee])) == 2
    [entity] = resolve([hts, committee], authority=[entry])
    assert (entity.label, entity.type) == ("Hay'at Tahrir al-Sham", GROUP)
    assert entity.same_as == ("http://www.wikidata.org/entity/Q28056996",)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("label,type\nX,Person\n", "the first line must name the columns"),
        ("name,type\nX,Ship\n", "aliases.csv:2: type 'Ship'"),
        ("name,wikidata\nX,28056996\n", "not a Wikidata id"),
        ("name,geonames\nX,abc\n", "not a GeoNames id"),
        ("name\n\n,\n", "aliases.csv:2: no name"),
    ],
)
def test_a_bad_authority_file_is_named_with_its_line(tmp_path, text, reason):
    path = tmp_path / "aliases.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AuthorityError, match=reason):
        read_authority(path)


def event(iri: str, type_: str, doc: str, start: date | None, places=(), areas=(), agents=()) -> LocalEvent:
    return LocalEvent(iri, type_, doc, type_, start, start, frozenset(places), frozenset(areas), frozenset(agents))


def test_reports_of_one_event_in_different_documents_are_one_event():
    day = date(2025, 3, 10)
    wire = event("e1", "massacre", "d1", day, places=["village"], areas=["province"])
    daily = event("e2", "killing", "d2", day, places=["province"])  # a broader type, the place around
    third = event("e3", "massacre", "d3", date(2025, 3, 11), places=["village"])  # a day later: apart
    same_doc = event("e4", "massacre", "d1", day, places=["village"])  # one report speaks of an event once
    shelling = event("e5", "shelling", "d4", day, places=["village"])
    undated = event("e6", "massacre", "d5", None, places=["village"])
    others = event("e7", "massacre", "d6", day, places=["village"], agents=["army"])
    rebels = event("e8", "massacre", "d7", day, places=["village"], agents=["rebels"])
    resolved = resolve_events([wire, daily, third, same_doc, shelling, undated, others, rebels], IriMinter(ID))
    joined = entity_of(resolved, "e1")
    assert set(joined.members) >= {"e1", "e2"} and joined.iri.startswith(f"{ID}event/massacre/")
    assert not {"e3", "e4", "e5", "e6"} & set(joined.members)
    assert entity_of(resolved, "e7").iri != entity_of(resolved, "e8").iri
    assert [link.reason for link in joined.links] == [Reason.SAME_EVENT] * (len(joined.members) - 1)


# Whole builds: articles of our own, through the command line.


def newsgraph(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "builder.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def rows(name: str, store: Path, *params: str) -> list[dict]:
    args = ["query", name, "--store", str(store), "--format", "json"]
    for param in params:
        args += ["--param", param]
    result = newsgraph(*args, cwd=store.parent)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.fixture
def reports(tmp_path) -> Path:
    folder = tmp_path / "reports"
    shutil.copytree(FIXTURES / "identity", folder)
    return folder


@pytest.mark.slow
def test_two_reports_of_one_massacre_give_one_event_and_one_node_per_actor(reports, tmp_path):
    store = tmp_path / "store"
    assert newsgraph("build", str(reports), "--store", str(store), "--quiet", cwd=tmp_path).returncode == 0
    entities = {r["label"]: r for r in rows("entities", store)}
    for name, alias in (
        ("Bashar al-Assad", "Assad"),
        ("Amnesty International", "Amnesty"),
        ("Syrian Observatory for Human Rights", "Observatory"),
    ):
        assert entities[name]["documents"] == "2" and alias in entities[name]["aliases"].split("; "), name
        assert not any(label == alias for label in entities), alias
    [massacre] = [r for r in rows("events", store) if r["type"] == "massacre"]
    assert massacre["documents"] == "2" and set(massacre["sources"].split("; ")) == {"Coastline Wire", "Harbour Daily"}
    merges = rows("entity-merges", store, "entity=Bashar al-Assad")
    assert [m["reason"] for m in merges] == [Reason.ALIAS] or [m["reason"] for m in merges] == [Reason.SURNAME]
    figures = [r for r in rows("casualty-claims", store) if r["count"] == "31"]
    assert figures and figures[0]["event"] == massacre["event"]


@pytest.mark.slow
def test_either_build_order_gives_the_same_quads(reports, tmp_path):
    dumps = []
    for order in (sorted(reports.iterdir()), sorted(reports.iterdir(), reverse=True)):
        store = tmp_path / f"store-{len(dumps)}"
        for path in order:
            assert newsgraph("build", str(path), "--store", str(store), "--quiet", cwd=tmp_path).returncode == 0
        out = tmp_path / f"dump-{len(dumps)}.nq"
        assert (
            newsgraph("export", "--store", str(store), "--format", "nq", "--output", str(out), cwd=tmp_path).returncode
            == 0
        )
        dumps.append(sorted(out.read_text(encoding="utf-8").splitlines()))
    assert dumps[0] == dumps[1] and len(dumps[0]) > 100


@pytest.mark.slow
def test_an_updated_article_keeps_its_superseded_figure_as_a_revision(reports, tmp_path):
    store = tmp_path / "store"
    assert newsgraph("build", str(reports), "--store", str(store), "--quiet", cwd=tmp_path).returncode == 0
    update = FIXTURES / "identity-update.jsonl"
    result = newsgraph("build", str(update), "--store", str(store), cwd=tmp_path)
    assert result.returncode == 0 and "1 replaced" in result.stderr, result.stderr
    counts = {r["count"] for r in rows("casualty-claims", store)}
    assert "41" in counts and "35" not in counts
    assert len(rows("documents", store)) == 2
    superseded = [r for r in rows("revisions", store) if r["kind"] == "claim"]
    assert [r["count"] for r in superseded] == ["35"]
    assert superseded[0]["versionPublished"] == "2025-03-12" and superseded[0]["revisedByPublished"] == "2025-03-13"
    # Removing the article takes every version; the other report's facts stay.
    result = newsgraph("remove", "daily-77", "--store", str(store), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [r["source"] for r in rows("documents", store)] == [str(reports / "harbour-wire.jsonl#wire-0311")]
    assert rows("revisions", store) == [] and {r["count"] for r in rows("casualty-claims", store)} == {"31"}
    assert newsgraph("validate", "--store", str(store), cwd=tmp_path).returncode == 0
    assert newsgraph("remove", "no-such-article", "--store", str(store), cwd=tmp_path).returncode == 2


@pytest.mark.slow
def test_the_analysts_aliases_merges_and_splits_survive_rebuilds(reports, tmp_path):
    store = tmp_path / "store"
    (tmp_path / "aliases.csv").write_text("name,type,aliases,wikidata\nCoastline Wire,Organization,Harbour Daily,\n")
    assert newsgraph("build", str(reports), "--store", str(store), "--quiet", cwd=tmp_path).returncode == 0
    nodes = {r["nodeLabel"] for r in rows("entity-nodes", store, "entity=Coastline Wire")}
    assert nodes == {"Coastline Wire", "Harbour Daily"}
    result = newsgraph("entities", "split", "Assad", "--store", str(store), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Assad" in {r["label"] for r in rows("entities", store)}
    # A rebuild from changed text resolves again, and the split still holds.
    changed = reports / "harbour-wire.jsonl"
    changed.write_text(changed.read_text().replace("on Monday,", "on Monday morning,"))
    assert newsgraph("build", str(reports), "--store", str(store), "--quiet", cwd=tmp_path).returncode == 0
    assert "Assad" in {r["label"] for r in rows("entities", store)}
    decisions = rows("decisions", store)
    assert [d["action"] for d in decisions] == ["split"] and decisions[0]["made"]
    bad = newsgraph("entities", "merge", "Nobody Here", "Assad", "--store", str(store), cwd=tmp_path)
    assert bad.returncode == 2 and "'Nobody Here' names no entity" in bad.stderr


@pytest.mark.slow
def test_evaluate_scores_entity_identity_across_articles_before_and_after_resolution(nlp, validator):
    from builder.build import build, resolve_store
    from builder.evaluate import Gold, identity_score
    from builder.ingest import read_inputs
    from builder.store import GraphStore

    people = [
        {"name": "Bashar al-Assad", "type": "Person", "aliases": ["Assad"]},
        {"name": "Amnesty International", "type": "Organization", "aliases": ["Amnesty"]},
    ]
    articles = [a for a in read_inputs([str(FIXTURES / "identity")]) if not isinstance(a, Exception)]
    golds = {a.key: Gold.load_data({"article": a.key, "entities": people}) for a in articles}
    documents = {a.key: str(IriMinter().document(a)) for a in articles}
    with GraphStore(None) as store:
        build(iter(articles), nlp, [store], validator, report=print)
        before = identity_score(store, golds, documents, "entity")
        resolve_store(store, validator)
        after = identity_score(store, golds, documents, "canonical")
    assert before.elements == after.elements == 4
    assert before.precision == after.precision == 1.0
    assert before.recall < 1.0 and after.recall == 1.0 and after.f1 > before.f1
