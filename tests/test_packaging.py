"""`pip install .` ships the ontology, shapes and queries, so an installed copy works anywhere."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Every test here builds the wheel with pip in a subprocess.
pytestmark = pytest.mark.slow


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
    assert "builder/viewer/report.html" in names  # the briefing's page
    # The viewer's libraries and basemap, vendored in git, each with its licence: no npm at install.
    for library in ("cytoscape", "topojson-client", "world-atlas"):
        assert f"builder/viewer/vendor/{library}.LICENSE" in names
    assert {"builder/viewer/vendor/cytoscape.min.js", "builder/viewer/vendor/countries-110m.json"} <= names
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


def _registry_reachable(tmp_path: Path) -> bool:
    # Short timeouts and no retries: an unreachable registry should skip in seconds, not minutes.
    probe = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--timeout", "15", "--retries", "0"]
    try:
        done = subprocess.run([*probe, "--dest", str(tmp_path), "lxml_html_clean"], capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def test_wheel_installed_without_dev_extras_builds_text_html_and_jsonl(wheel, tmp_path):
    """What a user gets from `pip install`: only the declared dependencies, none of the dev ones."""
    if not _registry_reachable(tmp_path / "probe"):
        pytest.skip("the package registry cannot be reached to install the wheel's dependencies")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    installed = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]

    work = tmp_path / "work"
    work.mkdir()
    story = (
        "The harbour authority said on Sunday that two fishing boats were missing after the storm. "
        "Relatives gathered at the quay while coast guard crews searched the bay until dark."
    )
    (work / "harbour.txt").write_text("Boats missing after storm\n\n" + story, encoding="utf-8")
    (work / "page.html").write_text(
        "<html><head><title>Search goes on</title></head><body><nav>Home | Local</nav><article>"
        f"<h1>Search goes on</h1><p>{story}</p><p>The mayor said the search would resume at first light.</p>"
        "</article><footer>Contact us</footer></body></html>",
        encoding="utf-8",
    )
    (work / "feed.jsonl").write_text(
        json.dumps({"id": "crews-found", "text": "The coast guard said on Monday that both crews were found alive."})
        + "\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    def installed(*args: str) -> subprocess.CompletedProcess:
        command = [str(venv / "bin" / "newsgraph"), *args]
        return subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=600)

    result = installed("build", "harbour.txt", "page.html", "feed.jsonl", "--store", "store")
    assert result.returncode == 0, result.stderr
    assert "3 added" in result.stderr
    count = installed("query", "documents", "--store", "store", "--format", "csv")
    assert count.returncode == 0, count.stderr
    assert len(count.stdout.strip().splitlines()) == 1 + 3  # the header and one row a document

    # The viewer and the briefing with nothing but the wheel: no npm, no node on the PATH.
    bare = {**env, "PATH": str(venv / "bin")}
    for command in (("export", "--format", "html", "--output", "viewer.html"), ("report", "--output", "briefing.html")):
        done = subprocess.run(
            [str(venv / "bin" / "newsgraph"), *command, "--store", "store"],
            cwd=work,
            env=bare,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
    assert "cytoscape" in (work / "viewer.html").read_text(encoding="utf-8")
    assert '<a class="n" href="#sources">3</a> articles' in (work / "briefing.html").read_text(encoding="utf-8")
