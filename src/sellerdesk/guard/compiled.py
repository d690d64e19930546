"""Where the guard's modules load from: the compiled build when it matches the sources.

`make install` compiles the guard's modules with mypyc (`tools/build_guard.py`) into
`_compiled/` beside them, where they scan about 1.5 times faster. The build records
a digest of the sources it was made from and of the interpreter, and each source's
size and modification time. If a source has changed since, the build is missing, or
`SELLERDESK_GUARD_COMPILED=0` is set, the guard runs from its Python sources, which
behave the same: an edit takes effect at once, without a rebuild.

Checked at every start of the guard, so kept cheap: the sizes and times are compared
first, and the sources are read only when those differ (after a checkout, say).
"""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD_DIR = os.path.join(HERE, "_compiled")
STAMP = os.path.join(BUILD_DIR, "SOURCES")
# Everything but the package's __init__ and this module, which choose the build.
NOT_COMPILED = frozenset({"__init__.py", "compiled.py"})
ENV_SWITCH = "SELLERDESK_GUARD_COMPILED"


def compiled_sources() -> list[str]:
    """Paths of the guard's modules that the build compiles, in a fixed order."""
    return sorted(
        os.path.join(HERE, name)
        for name in os.listdir(HERE)
        if name.endswith(".py") and name not in NOT_COMPILED
    )


def digest() -> str:
    """Digest of the compiled modules' sources and of the interpreter they run on."""
    import hashlib  # only when sizes or times differ: it costs milliseconds to import

    h = hashlib.sha256(sys.implementation.cache_tag.encode())
    for path in compiled_sources():
        with open(path, "rb") as f:
            h.update(os.path.basename(path).encode() + b"\0" + f.read() + b"\0")
    return h.hexdigest()


def _file_marks() -> list[str]:
    """One "name size mtime" line per compiled source."""
    marks = []
    for path in compiled_sources():
        st = os.stat(path)
        marks.append(f"{os.path.basename(path)} {st.st_size} {st.st_mtime_ns}")
    return marks


def stamp_text() -> str:
    """What the build writes to STAMP: the digest, then the sources' marks."""
    return "\n".join([digest(), *_file_marks()]) + "\n"


def switched_on() -> bool:
    """Unless `SELLERDESK_GUARD_COMPILED=0` asks for the Python sources."""
    return os.environ.get(ENV_SWITCH, "1") != "0"


def usable() -> bool:
    """Whether the compiled build is there, switched on and made from these sources."""
    if not switched_on():
        return False
    try:
        with open(STAMP, encoding="ascii") as f:
            recorded = f.read().split("\n")
    except (OSError, ValueError):
        return False
    if recorded[1:-1] == _file_marks():
        return True
    return recorded[0] == digest()  # touched but maybe unchanged: compare the contents


def search_path(package_path: list[str]) -> list[str]:
    """The guard package's `__path__`, with the compiled build first when usable."""
    if usable():
        return [BUILD_DIR, *package_path]
    return package_path


__all__ = [
    "BUILD_DIR",
    "ENV_SWITCH",
    "STAMP",
    "compiled_sources",
    "digest",
    "search_path",
    "stamp_text",
    "switched_on",
]
