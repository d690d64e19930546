"""Where the guard's modules load from: the compiled build when it matches the sources.

`make install` compiles the guard's modules with mypyc (`tools/build_guard.py`) into
`_compiled/` beside them; they then scan about 1.4 times faster. The build records a
digest of the sources it was made from and of the interpreter. If a source file has
changed since, or the build is missing, or `SELLERDESK_GUARD_COMPILED=0` is set, the
guard runs from its Python sources, which behave the same: an edit takes effect at
once, without a rebuild.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUILD_DIR = HERE / "_compiled"
STAMP = BUILD_DIR / "SOURCES"
# Everything but the package's __init__ and this module, which choose the build.
NOT_COMPILED = frozenset({"__init__.py", "compiled.py"})
ENV_SWITCH = "SELLERDESK_GUARD_COMPILED"


def compiled_sources() -> list[Path]:
    """The guard's modules that the build compiles, in a fixed order."""
    return sorted(p for p in HERE.glob("*.py") if p.name not in NOT_COMPILED)


def digest() -> str:
    """Digest of the compiled modules' sources and of the interpreter they run on."""
    h = hashlib.sha256(sys.implementation.cache_tag.encode())
    for path in compiled_sources():
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def usable() -> bool:
    """Whether the compiled build is there, switched on and made from these sources."""
    if os.environ.get(ENV_SWITCH, "1") == "0":
        return False
    try:
        recorded = STAMP.read_text(encoding="ascii").strip()
    except OSError:
        return False
    return recorded == digest()


def search_path(package_path: list[str]) -> list[str]:
    """The guard package's `__path__`, with the compiled build first when usable."""
    if usable():
        return [str(BUILD_DIR), *package_path]
    return package_path


__all__ = ["BUILD_DIR", "ENV_SWITCH", "STAMP", "compiled_sources", "digest", "search_path"]
