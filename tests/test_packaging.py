"""`pip install .` ships the ontology, shapes and queries, so an installed copy works anywhere."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("newsgraph-*.whl")
    return built


def test_wheel_carries_the_rdf_artifacts_and_the_command(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for artifact in ("ontology/newsgraph.ttl", "shapes/newsgraph-shapes.ttl", "queries/who-blamed-whom.rq"):
        assert f"builder/_artifacts/{artifact}" in names
    assert "builder/data/entities.json" in names
    assert {"builder/viewer/template.html", "builder/viewer/sparql.html"} <= names  # the viewer and serve's page
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "newsgraph = builder.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_copy_finds_its_artifacts_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import builder.resources as r, builder.queries as q;"
        "print(r.queries_dir()); print(len(q.named_queries())); print(r.shapes_file().is_file())"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, check=True, capture_output=True, text=True
    )
    folder, count, shapes = result.stdout.split()
    assert folder.startswith(str(target)) and int(count) >= 9 and shapes == "True"
