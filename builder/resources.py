"""Where the first-class RDF artifacts (ontology, shapes, queries) and data files live.

In a checkout they are the top-level folders; an installed wheel carries copies under
`builder/_artifacts/` (see `pyproject.toml`), so an installed copy works anywhere.
"""

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

_CHECKOUT = Path(__file__).resolve().parent.parent


def artifact_dir(name: str) -> Path:
    """The folder `ontology`, `shapes` or `queries`, installed copy first."""
    installed = Path(str(resources.files("builder"))) / "_artifacts" / name
    if installed.is_dir():
        return installed
    checkout = _CHECKOUT / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"newsgraph cannot find its {name}/ folder (looked in {installed} and {checkout})")


def ontology_file() -> Path:
    return artifact_dir("ontology") / "newsgraph.ttl"


def shapes_file() -> Path:
    return artifact_dir("shapes") / "newsgraph-shapes.ttl"


def queries_dir() -> Path:
    return artifact_dir("queries")


@cache
def load_data(name: str) -> Any:
    """A linguistic data file of `builder/data/`, parsed once per process."""
    return json.loads((Path(__file__).parent / "data" / name).read_text(encoding="utf-8"))
