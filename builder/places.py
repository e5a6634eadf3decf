"""Places: their kind from the words around them, and coordinates from the offline gazetteer.

A name GeoNames knows as a country gets kind "country"; as a city, the city's WGS84
coordinates and its country. An ambiguous name ("Hama" is also a town in Japan) is settled
by the article's country context: the countries the article names, and those of its
unambiguous places; failing that, the most populous candidate. A name the gazetteer does
not know gets no coordinates rather than wrong ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc

from .gazetteer import Candidate, country_name, country_of, lookup
from .records import Entity, EntityType, PlaceInfo
from .resources import load_data


def locate(doc: Doc, entities: list[Entity]) -> list[Entity]:
    """The entities with place kinds and coordinates added to the places."""
    kinds = load_data("places.json")["kind_words"]
    candidates = {i: lookup(e.label) for i, e in enumerate(entities) if e.type is EntityType.PLACE}
    context = Counter(c.country_code for options in candidates.values() if len(options) == 1 for c in options)
    located = list(entities)
    for index, options in candidates.items():
        entity = entities[index]
        kind = _kind_from_text(doc, entity, kinds)
        if not options:
            if kind:
                located[index] = replace(entity, place=PlaceInfo(kind=kind))
            continue
        countries = [c for c in options if c.kind == "country"]
        # A country's name means the country, not its namesake towns ("Lebanon", Pennsylvania).
        best = countries[0] if countries else max(options, key=lambda c: (context[c.country_code], c.population))
        if context and not context[best.country_code] and not countries:
            # Only a namesake abroad ("Saba" in Burkina Faso for a Yemeni outlet): better no coordinates.
            if kind:
                located[index] = replace(entity, place=PlaceInfo(kind=kind))
            continue
        located[index] = replace(
            entity,
            place=PlaceInfo(
                kind=kind or best.kind,
                latitude=best.latitude,
                longitude=best.longitude,
                country=country_name(best.country_code) if best.kind != "country" else None,
                country_geonames_id=_country_id(best),
                geonames_id=best.geonames_id,
            ),
        )
    return located


def _country_id(place: Candidate) -> str | None:
    if place.kind == "country":
        return None
    country = country_of(place.country_code)
    return country.geonames_id if country else None


def _kind_from_text(doc: Doc, entity: Entity, kinds: dict[str, str]) -> str | None:
    """'Latakia province', 'the port town of Mokha': the word the text uses."""
    for mention in entity.mentions:
        after = doc.text[mention.end : mention.end + 20].split()[:1]
        before = doc.text[max(0, mention.start - 20) : mention.start].split()[-2:]
        words = after + (before[:1] if before[-1:] == ["of"] else [])
        for word in words:
            kind = kinds.get(word.casefold().strip(".,;:'’"))
            if kind:
                return kind
    return None
