"""Statement extraction measured on PolNeAR (1,008 US news articles annotated for attribution).

    python bench/polnear.py GITDIR [--split dev|train|test] [--limit N]
    python bench/polnear.py --converted DIR [--limit N]

GITDIR is a git directory of networkdynamics/PolNeAR (a bare one works); DIR a split the
converter already wrote (articles.jsonl, gold.jsonl), scored without converting again. The converter and
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
    parser.add_argument("gitdir", type=Path, nargs="?")
    parser.add_argument("--split", choices=["dev", "train", "test"], default="dev")
    parser.add_argument("--converted", type=Path, help="a split convert.py already wrote: score it as it is")
    parser.add_argument("--limit", type=int, help="score only the first N articles of the split")
    args = parser.parse_args()

    if not (TOOLS / "convert.py").is_file() or not (TOOLS / "score.py").is_file():
        sys.exit(f"polnear.py: no PolNeAR converter and scorer in {TOOLS} (the shared folder is absent)")
    if args.converted is not None:
        if not (args.converted / "articles.jsonl").is_file() or not (args.converted / "gold.jsonl").is_file():
            sys.exit(f"polnear.py: {args.converted} holds no converted split (articles.jsonl, gold.jsonl)")
        _score(args.converted, args.converted.name, args.limit)
        return
    if args.gitdir is None or not (args.gitdir / "HEAD").is_file():
        sys.exit(f"polnear.py: {args.gitdir} is not a git directory of PolNeAR")
    with tempfile.TemporaryDirectory(prefix="polnear-") as tmp:
        if subprocess.run([sys.executable, TOOLS / "convert.py", args.gitdir, args.split, tmp]).returncode:
            sys.exit(f"polnear.py: could not convert the {args.split} split of {args.gitdir}")
        _score(Path(tmp), args.split, args.limit)


def _score(converted: Path, split: str, limit: int | None) -> None:
    # The scorer runs `newsgraph` from PATH: make it the one installed beside this interpreter.
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    start = time.perf_counter()
    if subprocess.run(
        [sys.executable, TOOLS / "score.py", converted, "project", *(["--limit", str(limit)] if limit else [])], env=env
    ).returncode:
        sys.exit("polnear.py: scoring failed (see above)")
    print(f"split {split}: {time.perf_counter() - start:.0f} s to build and score")


if __name__ == "__main__":
    main()
