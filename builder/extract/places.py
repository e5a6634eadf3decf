"""Places: their kind from the words around them, and coordinates from the offline gazetteer.

A name GeoNames knows as a country gets kind "country"; as a city, the city's WGS84
coordinates and its country. An ambiguous name ("Hama" is also a town in Japan) is settled
by the article's country context: the countries the article names, and those of its
unambiguous places; failing that, the most populous candidate. A name the gazetteer does
not know gets no coordinates rather than wrong ones.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from ..gazetteer import Candidate, administrative_areas, country_name, country_of, lookup
from ..records import Entity, EntityType, Mention, PlaceInfo, PlaceKind
from .rules import PlaceRules
from .syntax import text_of

if TYPE_CHECKING:
    from .context import DocumentContext


def describe_places(doc: Doc, entities: list[Entity], rules: PlaceRules) -> list[Entity]:
    """The entities with the places the text describes added: 'northern Lebanon' (a region
    within Lebanon), 'coastal regions', 'Alawite-majority cities'. They are anonymous: a
    description means something only in its article."""
    found = list(entities)
    labels = {e.label for e in entities}
    sentence_starts = [s.start_char for s in doc.sents]
    for chunk in doc.noun_chunks:
        words = [t for t in chunk if t.dep_ != "det" and t.pos_ != "DET"]
        if len(words) < 2:
            continue
        head = chunk.root
        if _names_another(found, head, words):
            continue
        named = _named_place(found, head)
        names_inside = any(_named_place(found, t) is not None for t in words)
        if named is not None and words[0].lower_ in rules.directions and words[-1].i == head.i:
            kind, within = PlaceKind.REGION, found[named].label  # "northern Lebanon"
        elif head.lower_ in rules.place_nouns and not names_inside and _described(words, rules):
            kind, within = rules.place_nouns[head.lower_], None  # "coastal regions"
        else:
            continue
        label = text_of(doc)[words[0].idx : words[-1].idx + len(words[-1])]
        if label in labels:
            continue
        labels.add(label)
        start, end = words[0].idx, words[-1].idx + len(words[-1])
        sentence = bisect_right(sentence_starts, start) - 1
        mention = Mention(start=start, end=end, text=label, sentence=sentence, ner_label="")
        place = PlaceInfo(kind=kind, within=within)
        found.append(Entity(type=EntityType.PLACE, label=label, mentions=(mention,), anonymous=True, place=place))
    return found


def _named_place(entities: list[Entity], head: Token) -> int | None:
    return next(
        (
            i
            for i, e in enumerate(entities)
            if e.type is EntityType.PLACE and not e.anonymous and any(m.start <= head.idx < m.end for m in e.mentions)
        ),
        None,
    )


def _names_another(entities: list[Entity], head: Token, words: list[Token]) -> bool:
    """'the Polish city of Gdańsk', 'Baniyas, a largely Alawite city', 'our southern border':
    words that describe a place named beside them, or one only the speaker's pronoun locates,
    are no place of their own."""
    if any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in head.children):
        return True
    beside = [c for c in head.children if c.dep_ == "appos"]
    # "the Ural region of Russia" has a name of its own: the place after "of" contains it.
    named = any(t.pos_ == "PROPN" for t in words[:-1])
    of = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of" and not named]
    beside += [o for c in of for o in c.children if o.dep_ == "pobj"]
    if head.dep_ == "appos":
        beside.append(head.head)
    return any(_named_place(entities, t) is not None for t in beside)


def _described(words: list[Token], rules: PlaceRules) -> bool:
    """A modifier that says which places: 'coastal', 'Alawite-majority', 'northern', 'Kurdish'
    (a name's word); not 'new' or 'other', which say nothing of where."""
    modifiers = words[:-1]
    return any(t.lower_ in rules.directions or t.pos_ == "PROPN" or t.ent_type_ or "-" in t.text for t in modifiers)


def locate_places(context: DocumentContext) -> dict[int, PlaceInfo]:
    """What is known of each named place of the document's entities, by entity index: its kind
    from the text, its coordinates and areas from the gazetteer."""
    entities = context.entities
    candidates = {i: lookup(e.label) for i, e in enumerate(entities) if e.type is EntityType.PLACE and not e.anonymous}
    countries_named = Counter(c.country_code for options in candidates.values() if len(options) == 1 for c in options)
    located: dict[int, PlaceInfo] = {}
    for index, options in candidates.items():
        kind = _kind_from_text(context.doc, entities[index], context.rules.places.kind_words)
        if not options:
            if kind:
                located[index] = PlaceInfo(kind=kind)
            continue
        countries = [c for c in options if c.kind == PlaceKind.COUNTRY]
        # A country's name means the country, not its namesake towns ("Lebanon", Pennsylvania).
        best = (
            countries[0] if countries else max(options, key=lambda c: (countries_named[c.country_code], c.population))
        )
        if countries_named and not countries_named[best.country_code] and not countries:
            # Only a namesake abroad ("Saba" in Burkina Faso for a Yemeni outlet): better no coordinates.
            if kind:
                located[index] = PlaceInfo(kind=kind)
            continue
        located[index] = PlaceInfo(
            # A country is a country whatever the sentence calls it ("the capital of Iraq").
            kind=PlaceKind.COUNTRY if best.kind == PlaceKind.COUNTRY else kind or PlaceKind(best.kind),
            latitude=best.latitude,
            longitude=best.longitude,
            country=country_name(best.country_code) if best.kind != PlaceKind.COUNTRY else None,
            country_geonames_id=_country_id(best),
            geonames_id=best.geonames_id,
            areas=administrative_areas(best),
        )
    return located


def _country_id(place: Candidate) -> str | None:
    if place.kind == PlaceKind.COUNTRY:
        return None
    country = country_of(place.country_code)
    return country.geonames_id if country else None


def _kind_from_text(doc: Doc, entity: Entity, kinds: dict[str, PlaceKind]) -> PlaceKind | None:
    """'Latakia province', 'the port town of Mokha': the word the text uses."""
    for mention in entity.mentions:
        after = text_of(doc)[mention.end : mention.end + 20].split()[:1]
        before = text_of(doc)[max(0, mention.start - 20) : mention.start].split()[-2:]
        words = after + (before[:1] if before[-1:] == ["of"] else [])
        for word in words:
            kind = kinds.get(word.casefold().strip(".,;:'’"))
            if kind:
                return kind
    return None
