"""A cheap start: only the commands that parse load spaCy (its import alone takes seconds)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
from builder.cli import main
codes = [main(args) for args in ({commands})]
print(codes, sorted(m for m in sys.modules if m == "spacy" or m.startswith("spacy.")))
"""


def test_query_stats_and_export_never_import_spacy(examples_store, tmp_path):
    store = str(examples_store.path)
    commands = [
        ["query", "documents", "--store", store, "--format", "csv"],
        ["query", "who-blamed-whom", "--param", "blamer=police", "--store", store, "--format", "json"],
        ["stats", "--store", store],
        ["export", "--store", store, "--format", "graphml", "--output", str(tmp_path / "g.graphml")],
        ["export", "--store", store, "--format", "nq", "--output", str(tmp_path / "all.nq")],
        ["validate", "--store", store],
    ]
    probe = PROBE.format(commands=", ".join(map(repr, commands)))
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"{[0] * len(commands)} []"


def test_the_probe_would_see_spacy_if_a_command_loaded_it():
    probe = "import sys\nimport builder.api\nprint('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.stdout.strip() == "True", "the API builds, so it loads spaCy: the probe can tell"
