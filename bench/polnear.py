"""Statement extraction measured on PolNeAR (1,008 US news articles annotated for attribution).

    python bench/polnear.py GITDIR [--split dev|train|test] [--limit N]

GITDIR is a git directory of networkdynamics/PolNeAR (a bare one works). The converter and
scorer live in ../shared/tools/polnear, outside the project, because PolNeAR has no licence:
its texts and annotations are read into a temporary folder and never into the checkout.
Prints P/R/F1 for any content overlap, content Jaccard >= 0.5, and Jaccard plus speaker.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT.parent / "shared" / "tools" / "polnear"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gitdir", type=Path)
    parser.add_argument("--split", choices=["dev", "train", "test"], default="dev")
    parser.add_argument("--limit", type=int, help="score only the first N articles of the split")
    args = parser.parse_args()

    if not (TOOLS / "convert.py").is_file() or not (TOOLS / "score.py").is_file():
        sys.exit(f"polnear.py: no PolNeAR converter and scorer in {TOOLS} (the shared folder is absent)")
    if not (args.gitdir / "HEAD").is_file():
        sys.exit(f"polnear.py: {args.gitdir} is not a git directory of PolNeAR")

    # The scorer runs `newsgraph` from PATH: make it the one installed beside this interpreter.
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    limit = ["--limit", str(args.limit)] if args.limit else []
    with tempfile.TemporaryDirectory(prefix="polnear-") as tmp:
        if subprocess.run([sys.executable, TOOLS / "convert.py", args.gitdir, args.split, tmp]).returncode:
            sys.exit(f"polnear.py: could not convert the {args.split} split of {args.gitdir}")
        start = time.perf_counter()
        if subprocess.run([sys.executable, TOOLS / "score.py", tmp, "project", *limit], env=env).returncode:
            sys.exit("polnear.py: scoring failed (see above)")
        print(f"split {args.split}: {time.perf_counter() - start:.0f} s to build and score")


if __name__ == "__main__":
    main()
