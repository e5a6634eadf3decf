"""Resolution across documents: which entity nodes of different documents are one actor,
organization, group or place, which event mentions are one event, and why.

Each document graph keeps its own entity nodes (named ones share an IRI by class and name,
unnamed ones belong to their document). This module reads all of them at once and groups them
into resolved entities, each with one IRI, a preferred label and the reason for every merge.
It is a pure function of the set of nodes, the analyst's authority file and the analyst's
decisions: the same store gives the same resolution whatever order its documents were built
in, and deleting a document only changes the resolution, never another document's graph.

Merges, in the order they are tried (a merge that would join what must stay apart is skipped):
1. the analyst's `merge` decisions, then the authority file's names and aliases;
2. equal names, of any actor class ("al-Sharaa" as a person and as an organization): a type
   conflict is settled by the mentions, not by the first document;
3. an alias one document gives a name ("the Syrian Observatory for Human Rights (SOHR)");
4. an acronym of a whole name, or a name with a known acronym inside ("UN General Assembly");
5. a short form that only one fuller name in the store can stand for: a surname ("Assad") for
   the one person with that surname, one word ("Amnesty") for the one organization named with it.
Unnamed descriptions ("security forces") stay within their document unless a name qualifies
them ("Syrian security forces"); offices every country has ("Ministry of Defence") are one only
within one country; places with different GeoNames ids or kinds (a city and its governorate)
stay apart, and so does whatever the analyst has split. Events: see `resolve_events`.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from .gazetteer import fold
from .iris import IriMinter
from .records import EntityType
from .resources import load_data

_DATA = load_data("identity.json")
_PARTICLES = frozenset(_DATA["name_particles"])
_ACRONYM_SKIP = frozenset(_DATA["acronym_skip_words"])
_KNOWN_ACRONYMS: dict[str, str] = _DATA["known_acronyms"]
_INSTITUTION_WORDS = frozenset(_DATA["institution_words"])
_BROADER: dict[str, str] = load_data("events.json")["broader"]
_SPEAKERS = load_data("speakers.json")
_TITLES = frozenset(_SPEAKERS["titles"])
_LEADING = frozenset(load_data("entities.json")["leading_words"])
_GENERIC = frozenset(_SPEAKERS["organization_nouns"]) | frozenset(load_data("entities.json")["group_name_words"])
# Which class wins a tie of mentions: a full personal name is better evidence than a tagger's guess.
_TYPE_ORDER = {EntityType.PERSON: 0, EntityType.ORGANIZATION: 1, EntityType.GROUP: 2, EntityType.PLACE: 3}


class Reason(StrEnum):
    """Why two nodes were merged (the values of `ng:mergeReason`)."""

    DECISION = "analyst decision"
    AUTHORITY = "authority file"
    SAME_NAME = "same name"
    ALIAS = "alias given in a document"
    ACRONYM = "acronym"
    SHORT_FORM = "short form of the only fuller name"
    SURNAME = "surname of the only person with it"
    SAME_EVENT = "same event: type, time and place"


@dataclass(frozen=True)
class LocalEntity:
    """One entity node as the document graphs hold it, with what every document says of it."""

    iri: str
    type: EntityType
    label: str
    documents: tuple[str, ...]
    mentions: int = 0
    aliases: tuple[str, ...] = ()
    anonymous: bool = False
    place_kind: str | None = None
    geonames_id: str | None = None
    # Mentions away from the start of a sentence, where capitals mark names.
    inner_mentions: tuple[str, ...] = ()
    # The country the node's documents are mostly about: it scopes offices every country has.
    country: str | None = None


@dataclass(frozen=True)
class AuthorityEntry:
    """One line of the analyst's alias/authority file."""

    name: str
    type: EntityType | None = None
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    geonames: str | None = None


class DecisionKind(StrEnum):
    MERGE = "merge"
    SPLIT = "split"
    RENAME = "rename"


@dataclass(frozen=True)
class Decision:
    """An analyst's correction: merge nodes, split one off, or rename a resolved entity."""

    action: DecisionKind
    subjects: tuple[str, ...]
    value: str | None = None
    made: str = ""


@dataclass(frozen=True)
class Link:
    """One merge: `member` joined the entity because of `reason`, shown by `evidence`."""

    member: str
    reason: str
    evidence: str


@dataclass(frozen=True)
class Resolved:
    """One real-world actor, organization, group, place or event across the store."""

    iri: str
    type: EntityType | None  # None for an event
    label: str
    members: tuple[str, ...]
    alt_labels: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    same_as: tuple[str, ...] = ()


def name_tokens(label: str, person: bool = False) -> tuple[str, ...]:
    """A name's words, folded, without a leading article (and titles, for a person)."""
    text = re.sub(r"['’]s\b", "", fold(label))
    words = [w for w in re.split(r"[^\w&]+", text) if w]
    while words and words[0] in _LEADING:
        words = words[1:]
    while person and len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    return tuple(words)


def _surname(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The name without particles: 'al-Assad' → ('assad',)."""
    return tuple(t for t in tokens if t not in _PARTICLES)


def _acronym(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens if t not in _ACRONYM_SKIP)


def _expanded(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """A name with the known acronyms inside it spelt out: 'UN General Assembly'."""
    out: list[str] = []
    for token in tokens:
        out.extend(_KNOWN_ACRONYMS.get(token, token).split())
    return tuple(out)


def is_institution(label: str) -> bool:
    """An office every country has, named by generic words alone: 'Ministry of Defence'."""
    tokens = name_tokens(label)
    return bool(tokens) and all(t in _INSTITUTION_WORDS for t in tokens) and any(t not in _ACRONYM_SKIP for t in tokens)


def _qualified(entity: LocalEntity) -> bool:
    """Whether an unnamed description carries a name that tells whose it is ('Syrian security
    forces', 'Assad loyalists'): a capitalized word that is neither a title nor generic, seen
    where a capital is not just the start of a sentence."""
    inner = [w for text in entity.inner_mentions for w in re.findall(r"[\w’'-]+", text)]
    candidates = [w for w in inner + re.findall(r"[\w’'-]+", entity.label)[1:] if w[:1].isupper()]
    return any(fold(w) not in _TITLES | _GENERIC | _LEADING for w in candidates)


class _Clusters:
    """Union-find over node IRIs that remembers why each node joined."""

    def __init__(self, entities: Iterable[LocalEntity], isolated: set[str]) -> None:
        self.entity = {e.iri: e for e in entities}
        self.parent = {iri: iri for iri in self.entity}
        self.members = {iri: [iri] for iri in self.entity}
        self.links: dict[str, list[Link]] = defaultdict(list)
        # Nodes the analyst split off: only the analyst's own merges may join them again.
        self.isolated = isolated

    def root(self, iri: str) -> str:
        while self.parent[iri] != iri:
            self.parent[iri] = self.parent[self.parent[iri]]
            iri = self.parent[iri]
        return iri

    def join(self, a: str, b: str, reason: str, evidence: str) -> bool:
        """Join b's entity to a's, unless they must stay apart."""
        ra, rb = self.root(a), self.root(b)
        if ra == rb or not self._compatible(ra, rb, reason):
            return False
        low, high = sorted((ra, rb))
        self.parent[high] = low
        self.members[low] += self.members.pop(high)
        self.links[low] += [*self.links.pop(high, []), Link(b, reason, evidence)]
        return True

    def _compatible(self, ra: str, rb: str, reason: str) -> bool:
        together = [self.entity[x] for x in self.members[ra] + self.members[rb]]
        if reason != Reason.DECISION and any(e.iri in self.isolated for e in together):
            return False
        if len({e.type is EntityType.PLACE for e in together}) > 1:
            return False
        # Two GeoNames entries, a city and its governorate, one office of two countries.
        return all(
            len({getattr(e, attribute) for e in together} - {None}) <= 1
            for attribute in ("geonames_id", "place_kind", "country")
        )


def resolve(
    entities: Iterable[LocalEntity],
    authority: Iterable[AuthorityEntry] = (),
    decisions: Iterable[Decision] = (),
    minter: IriMinter | None = None,
) -> list[Resolved]:
    """Every node of the store grouped into resolved entities, sorted by IRI."""
    nodes = sorted(entities, key=lambda e: e.iri)
    decisions = list(decisions)
    authority = list(authority)
    merges, isolated = _decided(decisions)
    clusters = _Clusters(nodes, isolated)
    # A description is qualified ("Assad loyalists") by the evidence of any node that has it.
    qualified = {_key(e) for e in nodes if e.anonymous and _qualified(e)}
    named = [e for e in nodes if not e.anonymous or _key(e) in qualified]
    by_tokens: dict[tuple[bool, tuple[str, ...]], list[LocalEntity]] = defaultdict(list)
    for entity in named:
        by_tokens[entity.type is EntityType.PLACE, _key(entity)].append(entity)

    for d in merges:
        known = [s for s in d.subjects if s in clusters.parent]
        for other in known[1:]:
            clusters.join(known[0], other, Reason.DECISION, f"merged by the analyst {d.made}".strip())
    for entry in authority:
        _apply_authority(entry, named, clusters)
    for group in by_tokens.values():
        for other in group[1:]:
            clusters.join(group[0].iri, other.iri, Reason.SAME_NAME, other.label)
    _join_aliases(named, by_tokens, clusters)
    _join_acronyms(named, by_tokens, clusters)
    _join_short_forms(named, clusters)
    return _resolved(nodes, clusters, authority, decisions, minter or IriMinter())


def _decided(decisions: list[Decision]) -> tuple[list[Decision], set[str]]:
    """The merges still in force and the nodes split off, in the order the analyst decided:
    a split undoes earlier merges of its node, a later merge joins it again."""
    merges: list[Decision] = []
    isolated: set[str] = set()
    for d in decisions:
        if d.action is DecisionKind.MERGE:
            merges.append(d)
            isolated -= set(d.subjects)
        elif d.action is DecisionKind.SPLIT:
            isolated |= set(d.subjects)
            merges = [
                Decision(m.action, tuple(s for s in m.subjects if s not in d.subjects), m.value, m.made) for m in merges
            ]
    return merges, isolated


def _key(entity: LocalEntity) -> tuple[str, ...]:
    tokens = name_tokens(entity.label, person=entity.type is EntityType.PERSON)
    return _expanded(tokens) if entity.type is not EntityType.PLACE else tokens


def _apply_authority(entry: AuthorityEntry, named: list[LocalEntity], clusters: _Clusters) -> None:
    names = {_expanded(name_tokens(n)) for n in (entry.name, *entry.aliases)}
    matching = [
        e
        for e in named
        if (_expanded(name_tokens(e.label)) in names or _key(e) in names)
        and (entry.type is None or (entry.type is EntityType.PLACE) == (e.type is EntityType.PLACE))
    ]
    for other in matching[1:]:
        clusters.join(matching[0].iri, other.iri, Reason.AUTHORITY, f"{other.label} → {entry.name}")


def _join_aliases(named: list[LocalEntity], by_tokens: dict, clusters: _Clusters) -> None:
    for entity in named:
        for alias in entity.aliases:
            # Lower-case aliases are descriptions ("the observatory"), true of many others.
            if not any(ch.isupper() for ch in alias):
                continue
            for other in by_tokens.get((entity.type is EntityType.PLACE, _expanded(name_tokens(alias))), []):
                clusters.join(entity.iri, other.iri, Reason.ALIAS, f"{alias} = {entity.label}")


def _join_acronyms(named: list[LocalEntity], by_tokens: dict, clusters: _Clusters) -> None:
    actors = [e for e in named if e.type in (EntityType.ORGANIZATION, EntityType.GROUP)]
    spelled: dict[str, list[LocalEntity]] = defaultdict(list)
    for entity in actors:
        tokens = name_tokens(entity.label)
        if len(tokens) > 1:
            spelled[_acronym(tokens)].append(entity)
    for entity in actors:
        tokens = name_tokens(entity.label)
        if len(tokens) != 1 or not entity.label.isupper() or len(entity.label) < 2:
            continue
        fuller = {_key(e) for e in spelled.get(tokens[0], [])}
        if len(fuller) == 1:
            for other in spelled[tokens[0]]:
                clusters.join(other.iri, entity.iri, Reason.ACRONYM, f"{entity.label} = {other.label}")


def _join_short_forms(named: list[LocalEntity], clusters: _Clusters) -> None:
    """A one-word name joins the only fuller name it can stand for, across the whole store."""
    persons = [e for e in named if e.type is EntityType.PERSON and len(_surname(_key(e))) > 1]
    surnames: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for person in persons:
        surnames[_surname(_key(person))[-1]].add(_surname(_key(person)))
    organizations = [e for e in named if e.type is EntityType.ORGANIZATION and len(_key(e)) > 1]
    words: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for org in organizations:
        for word in set(_heads(_key(org))) - {None}:
            words[word].add(_key(org))
    for entity in named:
        short = _surname(_key(entity))
        if len(short) != 1 or entity.type is EntityType.PLACE or entity.label.isupper():
            continue
        if entity.type in (EntityType.PERSON, EntityType.ORGANIZATION) and len(surnames.get(short[0], ())) == 1:
            for person in persons:
                if _surname(_key(person))[-1] == short[0]:
                    clusters.join(person.iri, entity.iri, Reason.SURNAME, f"{entity.label} = {person.label}")
        elif len(words.get(short[0], ())) == 1:
            for org in organizations:
                first, head = _heads(_key(org))
                # A tagger calls "the Observatory" a person as often as not; but a person's name
                # is never the head of an organization's ("Jordan" of the Jordan Times).
                if short[0] == head or (short[0] == first and entity.type is not EntityType.PERSON):
                    clusters.join(org.iri, entity.iri, Reason.SHORT_FORM, f"{entity.label} = {org.label}")


def _heads(tokens: tuple[str, ...]) -> tuple[str | None, str | None]:
    """The words a one-word short form may keep of a name: its first, and its head, the last
    word before any 'of'/'for' ('Amnesty' of Amnesty International, 'Observatory' of the
    Syrian Observatory for Human Rights). Generic words are neither, and a list ('Crete and
    Cyprus') has none."""
    if "and" in tokens or "&" in tokens:
        return None, None
    before = tokens[: next((i for i, t in enumerate(tokens) if t in _ACRONYM_SKIP), len(tokens))] or tokens[:1]
    first, head = tokens[0], before[-1]
    return (None if first in _INSTITUTION_WORDS else first), (None if head in _INSTITUTION_WORDS else head)


def _resolved(
    nodes: list[LocalEntity],
    clusters: _Clusters,
    authority: list[AuthorityEntry],
    decisions: list[Decision],
    minter: IriMinter,
) -> list[Resolved]:
    groups: dict[str, list[LocalEntity]] = defaultdict(list)
    for node in nodes:
        groups[clusters.root(node.iri)].append(node)
    renamed = {s: d.value for d in decisions if d.action is DecisionKind.RENAME and d.value for s in d.subjects}
    out = []
    for root in sorted(groups):
        members = groups[root]
        entry = _authority_of(members, authority)
        votes = Counter()
        for m in members:
            # A tagger's class for a full name is better evidence than for one word of it.
            votes[m.type] += max(m.mentions, 1) * max(len(name_tokens(m.label)), 1)
        type_ = min(votes, key=lambda t: (-votes[t], _TYPE_ORDER[t]))
        if any(link.reason == Reason.SURNAME for link in clusters.links.get(root, [])):
            # A surname was joined to the one person it can name: the tagger's other guesses lose.
            type_ = EntityType.PERSON
        if entry is not None and entry.type is not None:
            type_ = entry.type
        # A place the gazetteer knows is called by that entry's name ("Yemen", not "South Yemen").
        label = _fullest([m for m in members if m.geonames_id] or members)
        label = entry.name if entry is not None else label
        label = next((renamed[m.iri] for m in members if m.iri in renamed), label)
        iri = _iri_of(members, type_, label, minter)
        alt = sorted(({m.label for m in members} | {a for m in members for a in m.aliases}) - {label})
        same_as = []
        if entry is not None and entry.wikidata:
            same_as.append(str(minter.wikidata(entry.wikidata)))
        geonames = (entry.geonames if entry is not None else None) or next(
            (m.geonames_id for m in members if m.geonames_id), None
        )
        if geonames:
            same_as.append(str(minter.geonames(geonames)))
        out.append(
            Resolved(
                iri=iri,
                type=type_,
                label=label,
                members=tuple(m.iri for m in members),
                alt_labels=tuple(alt),
                links=tuple(sorted(set(clusters.links.get(root, [])), key=lambda x: (x.member, x.reason))),
                same_as=tuple(same_as),
            )
        )
    return out


def _authority_of(members: list[LocalEntity], authority: list[AuthorityEntry]) -> AuthorityEntry | None:
    keys = {_key(m) for m in members} | {_expanded(name_tokens(m.label)) for m in members}
    for entry in authority:
        if {_expanded(name_tokens(n)) for n in (entry.name, *entry.aliases)} & keys:
            return entry
    return None


def _fullest(members: list[LocalEntity]) -> str:
    """The name that says most: most words, then most mentioned, then first in order."""
    return min(members, key=lambda m: (-len(name_tokens(m.label)), -m.mentions, m.label)).label


def _iri_of(members: list[LocalEntity], type_: EntityType, label: str, minter: IriMinter) -> str:
    """A lone node keeps its IRI; a merged entity takes the IRI of its member the gazetteer
    knows, else of its member of the winning class with the label; one merged from document
    nodes only ("Assad loyalists" of three reports) gets an IRI of its own, outside any document,
    stable for the same members."""
    if len(members) == 1:
        return members[0].iri
    named = [m for m in members if m.type is type_ and not m.anonymous and not minter.in_document(m.iri)]
    chosen = [m for m in named if m.geonames_id] or [m for m in named if m.label == label] or named
    if chosen:
        return min(m.iri for m in chosen)
    return str(minter.merged_entity(m.iri for m in members))


@dataclass(frozen=True)
class LocalEvent:
    """One event node as its document has it; places and agents by their resolved entities."""

    iri: str
    type: str
    document: str
    label: str
    start: date | None
    end: date | None
    places: frozenset[str] = frozenset()
    # The places those lie in (areas, the country): an event "in Syria" and one "in Latakia".
    areas: frozenset[str] = frozenset()
    agents: frozenset[str] = frozenset()


def resolve_events(events: Iterable[LocalEvent], minter: IriMinter | None = None) -> list[Resolved]:
    """Mentions of one event in different documents, joined: the same type, times that
    overlap, the same or nested places and no two disjoint sets of agents. Each document
    speaks of an event once, so a merge that would put two of one document's events into one
    is not made. Events without a date or a place are never joined: too little to tell."""
    nodes = sorted(events, key=lambda e: e.iri)
    parent = {e.iri: e.iri for e in nodes}
    documents = {e.iri: {e.document} for e in nodes}
    agents = {e.iri: set(e.agents) for e in nodes}
    links: dict[str, list[Link]] = defaultdict(list)

    def root(iri: str) -> str:
        while parent[iri] != iri:
            iri = parent[iri]
        return iri

    by_type: dict[str, list[LocalEvent]] = defaultdict(list)
    for event in nodes:
        if event.start is not None and event.places:
            by_type[_lineage(event.type)[-1]].append(event)
    for group in by_type.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                ra, rb = root(a.iri), root(b.iri)
                if ra == rb or documents[ra] & documents[rb] or not _same_event(a, b):
                    continue
                # Agents are checked for the whole event: two forces each "the" perpetrator stay apart.
                if agents[ra] and agents[rb] and not agents[ra] & agents[rb]:
                    continue
                low, high = sorted((ra, rb))
                parent[high] = low
                documents[low] |= documents.pop(high)
                agents[low] |= agents.pop(high)
                links[low] += [*links.pop(high, []), Link(b.iri, Reason.SAME_EVENT, _event_evidence(a, b))]
    members: dict[str, list[LocalEvent]] = defaultdict(list)
    for event in nodes:
        members[root(event.iri)].append(event)
    out = []
    for head, group in sorted(members.items()):
        iri = head
        if len(group) > 1:
            iri = str((minter or IriMinter()).merged_event(group[0].type, (e.iri for e in group)))
        out.append(
            Resolved(
                iri=iri,
                type=None,
                label=group[0].label or group[0].type.replace("-", " "),
                members=tuple(e.iri for e in group),
                links=tuple(sorted(links.get(head, []), key=lambda x: x.member)),
            )
        )
    return out


def _lineage(type_: str) -> list[str]:
    """The event type and the broader types above it: massacre, killing."""
    chain = [type_]
    while chain[-1] in _BROADER and _BROADER[chain[-1]] not in chain:
        chain.append(_BROADER[chain[-1]])
    return chain


def _same_event(a: LocalEvent, b: LocalEvent) -> bool:
    # One report's "killing" is another's "massacre"; an airstrike is never a shelling.
    if a.type not in _lineage(b.type) and b.type not in _lineage(a.type):
        return False
    a_end, b_end = a.end or a.start, b.end or b.start
    if a.start > b_end or b.start > a_end:
        return False
    return bool(a.places & b.places or a.places & b.areas or b.places & a.areas)


def _event_evidence(a: LocalEvent, b: LocalEvent) -> str:
    types = a.type if a.type == b.type else f"{a.type} and {b.type}"
    return f"{types.replace('-', ' ')}; {a.start.isoformat()} and {b.start.isoformat()}; places in common or nested"


def local_events(rows: Iterable[Mapping[str, str]], canonical: Mapping[str, str]) -> list[LocalEvent]:
    """The event nodes, from the rows of the `local-events` query; `canonical` maps each entity
    node to its resolved entity."""

    def resolved(column: str) -> frozenset[str]:
        return frozenset(canonical.get(iri, iri) for iri in row[column].split())

    out = []
    for row in rows:
        out.append(
            LocalEvent(
                iri=row["event"],
                type=row["type"].rsplit("/", 1)[-1],
                document=row["document"],
                label=row["label"],
                start=date.fromisoformat(row["start"]) if row["start"] else None,
                end=date.fromisoformat(row["end"]) if row["end"] else None,
                places=resolved("places"),
                areas=resolved("areas"),
                agents=resolved("agents"),
            )
        )
    return out


AUTHORITY_COLUMNS = ("name", "type", "aliases", "wikidata", "geonames")


class AuthorityError(Exception):
    """The authority file cannot be read: it names the file, the line and the reason."""


def read_authority(path: Path) -> list[AuthorityEntry]:
    """The analyst's alias/authority file: CSV with a header of `name,type,aliases,wikidata,
    geonames` (only `name` required; aliases separated by `;`)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise AuthorityError(f"{path}: cannot read the authority file: {error}") from None
    if rows and "name" not in rows[0]:
        raise AuthorityError(
            f"{path}: the first line must name the columns, among them 'name' ({', '.join(AUTHORITY_COLUMNS)})"
        )
    entries = []
    for line, row in enumerate(rows, start=2):
        name = (row.get("name") or "").strip()
        kind = (row.get("type") or "").strip().capitalize()
        if not name:
            raise AuthorityError(f"{path}:{line}: no name")
        if kind and kind not in EntityType.__members__.values():
            raise AuthorityError(f"{path}:{line}: type {kind!r} is not one of {', '.join(EntityType)}")
        wikidata = (row.get("wikidata") or "").strip() or None
        if wikidata and not re.fullmatch(r"Q[0-9]+", wikidata):
            raise AuthorityError(f"{path}:{line}: {wikidata!r} is not a Wikidata id (Q and digits)")
        geonames = (row.get("geonames") or "").strip() or None
        if geonames and not geonames.isdigit():
            raise AuthorityError(f"{path}:{line}: {geonames!r} is not a GeoNames id (digits)")
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip())
        entries.append(AuthorityEntry(name, EntityType(kind) if kind else None, aliases, wikidata, geonames))
    return entries


_CLASS_TYPE = {f"https://w3id.org/newsgraph/ns#{t.value}": t for t in EntityType}
_SEPARATOR = "\u001f"


def local_entities(rows: Iterable[Mapping[str, str]]) -> list[LocalEntity]:
    """The nodes, from the rows of the `local-entities` query (one per node and document)."""
    rows = list(rows)
    by_node: dict[str, list[Mapping[str, str]]] = defaultdict(list)
    for row in rows:
        by_node[row["entity"]].append(row)
    # A document is about the country most of its place mentions are in.
    countries: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        country = row["country"] or (row["entity"] if row["placeKind"] == "country" else "")
        if country:
            countries[row["document"]][country] += int(row["mentions"] or 0) + 1
    out = []
    for iri, node_rows in sorted(by_node.items()):
        labels = Counter(r["label"] for r in node_rows)
        kinds = Counter(r["placeKind"] for r in node_rows if r["placeKind"])
        type_ = Counter(_CLASS_TYPE[r["class"]] for r in node_rows).most_common(1)[0][0]
        documents = tuple(sorted({r["document"] for r in node_rows}))
        label = min(labels, key=lambda x: (-labels[x], x))
        country = next((r["country"] for r in node_rows if r["country"]), None)
        if type_ is not EntityType.PLACE and is_institution(label):
            # An office every country has is the office of the country its document is about;
            # of nowhere known, it stays within its document.
            scopes = {_main(countries.get(d)) or d for d in documents}
            country = min(scopes)
        out.append(
            LocalEntity(
                iri=iri,
                type=type_,
                label=label,
                documents=documents,
                mentions=sum(int(r["mentions"] or 0) for r in node_rows),
                aliases=tuple(sorted({a for r in node_rows for a in r["aliases"].split(_SEPARATOR) if a})),
                anonymous=any(r["anonymous"] == "true" for r in node_rows),
                place_kind=min(kinds, key=lambda k: (-kinds[k], k)) if kinds else None,
                geonames_id=next((r["geonamesId"] for r in node_rows if r["geonamesId"]), None),
                inner_mentions=tuple(sorted({m for r in node_rows for m in r["midSentence"].split(_SEPARATOR) if m})),
                country=country,
            )
        )
    return out


def _main(counts: Counter | None) -> str | None:
    return min(counts, key=lambda c: (-counts[c], c)) if counts else None
