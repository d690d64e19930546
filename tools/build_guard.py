"""Compile the chat guard's modules with mypyc into src/sellerdesk/guard/_compiled/.

    .venv/bin/python tools/build_guard.py [--force]

`make install` runs it. It does nothing when the build already matches the sources
(the digest in `_compiled/SOURCES`, see `sellerdesk/guard/compiled.py`). The new build
is made in a scratch directory and put in place whole, so a failed or interrupted
build leaves the guard running from its Python sources, never half-compiled.
Needs mypy (a dev dependency, which brings mypyc) and a C compiler.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
GROUP = "sellerdesk.guard.guard"  # the shared library: sellerdesk/guard/guard__mypyc.*.so

# Runs in a child process: setuptools and mypyc change the working directory and argv.
_SETUP = """
import sys
from setuptools import setup
from mypyc.build import mypycify

paths, target, lib, temp = sys.argv[1].split(","), sys.argv[2], sys.argv[3], sys.argv[4]
extensions = mypycify(paths, opt_level="3", group_name={group!r}, target_dir=target)
setup(
    name="sellerdesk-guard-compiled",
    ext_modules=extensions,
    script_args=["-q", "build_ext", "--build-lib", lib, "--build-temp", temp, "-j", "2"],
)
"""

# Runs in a child process on the Python sources: every pattern the guard compiles,
# the lazily compiled ones included, stored in the form `re` compiles it to.
_PATTERNS = """
import gc, marshal, sys
from sellerdesk.guard import patterns, scanner
from sellerdesk.guard.lexicon import Prefiltered
from sellerdesk.guard.rules import Rule

for obj in gc.get_objects():
    if isinstance(obj, Rule):
        obj._compile()
prefiltered = [obj for obj in gc.get_objects() if isinstance(obj, Prefiltered)]
led = {}
for obj in prefiltered:
    patterns.compile(obj.pattern)
    quick = obj._quick.pattern if obj._quick is not None else obj.pattern
    lead = patterns.lead_form(quick)
    if lead is not None:
        led[quick] = lead
        patterns.compile(lead)
stored = {p: patterns.compiled_form(p) for p in sorted(patterns.requested)}
with open(sys.argv[1], "wb") as f:
    marshal.dump(
        {"interpreter": patterns.interpreter_mark(), "patterns": stored, "led": led}, f
    )
print(len(stored), len(led))
"""


def _compiled_module():  # type: ignore[no-untyped-def]
    """sellerdesk/guard/compiled.py, loaded on its own (not through the package)."""
    path = SRC / "sellerdesk" / "guard" / "compiled.py"
    spec = importlib.util.spec_from_file_location("_guard_compiled", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(force: bool = False) -> int:
    compiled = _compiled_module()
    stamp = compiled.stamp_text()  # taken first: a source edited meanwhile voids the build
    build_dir = Path(compiled.BUILD_DIR)
    recorded = Path(compiled.STAMP).read_text() if Path(compiled.STAMP).is_file() else ""
    patterns_ok = (build_dir / "patterns.bin").is_file()
    if not force and patterns_ok and recorded.split("\n")[0] == stamp.split("\n")[0]:
        if recorded != stamp:  # same sources, touched since: record the new times
            Path(compiled.STAMP).write_text(stamp, encoding="ascii")
        print("guard: compiled build is up to date")
        return 0
    sources = [str(Path(p).relative_to(SRC)) for p in compiled.compiled_sources()]
    print(f"guard: compiling {len(sources)} modules with mypyc…", flush=True)
    with tempfile.TemporaryDirectory(prefix="guard-build-") as tmp:
        scratch = Path(tmp)
        env = dict(os.environ, MYPY_CACHE_DIR=str(scratch / "mypy-cache"))
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                _SETUP.format(group=GROUP),
                ",".join(sources),
                str(scratch / "c"),
                str(scratch / "lib"),
                str(scratch / "temp"),
            ],
            cwd=SRC,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            print(result.stdout[-4000:], file=sys.stderr)
            print(
                "guard: compiling failed; the guard runs from its Python sources", file=sys.stderr
            )
            return 1
        built = sorted((scratch / "lib" / "sellerdesk" / "guard").glob("*.so"))
        staging = build_dir.with_name("_compiled.new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for so in built:
            shutil.copy2(so, staging / so.name)
        stored = subprocess.run(
            [sys.executable, "-c", _PATTERNS, str(staging / "patterns.bin")],
            cwd=ROOT,
            env=dict(os.environ, **{compiled.ENV_SWITCH: "0"}, PYTHONPATH=str(SRC)),
            capture_output=True,
            text=True,
            check=False,
        )
        if stored.returncode != 0:
            print(stored.stderr[-4000:], file=sys.stderr)
            print("guard: storing the compiled patterns failed", file=sys.stderr)
            return 1
        (staging / "SOURCES").write_text(stamp, encoding="ascii")
        shutil.rmtree(build_dir, ignore_errors=True)
        staging.rename(build_dir)
    count, led = stored.stdout.split()
    print(
        f"guard: {len(built)} compiled modules and {count} compiled patterns ({led} led)"
        f" in {build_dir.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(build(force="--force" in sys.argv[1:]))
