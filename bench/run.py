"""Run every benchmark in turn (`make bench`); each writes bench/results/<name>-<date>.json.

Usage: python bench/run.py [name ...]   (names: orders guard standing disputes support evidence)
The full set takes about an hour on a 2-core machine; run it on a machine with nothing else on.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
ORDER = ("orders", "guard", "standing", "disputes", "support", "evidence")


def main() -> int:
    names = sys.argv[1:] or list(ORDER)
    unknown = [n for n in names if n not in ORDER]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(ORDER)}")
        return 2
    failed = []
    for name in names:
        print(f"== {name}", flush=True)
        if subprocess.run([sys.executable, str(HERE / f"{name}_bench.py")]).returncode != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
