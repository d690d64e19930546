"""Regular expressions of the guard, with their compiled form kept by the build.

`re` compiles a pattern in Python, and the guard's ~200 patterns (leetspeak tries
of channel names, Cyrillic and CJK classes…) take about 70 ms to compile: a cost
paid by every `sellerdesk scan --jsonl` a caller starts. `tools/build_guard.py`
stores what `re` compiles them to in `_compiled/patterns.bin`; `compile` builds a
pattern from there when the file was written by this very interpreter, and with
`re.compile` otherwise (or for any pattern not in it). Either way the result is the
same pattern object.
"""

from __future__ import annotations

import _sre
import os
import re
import sys
from array import array
from typing import Any

from sellerdesk.guard.compiled import BUILD_DIR

STORE = os.path.join(BUILD_DIR, "patterns.bin")
_made: dict[str, re.Pattern[str]] = {}
requested: set[str] = set()  # every pattern asked for, for the build to store


def interpreter_mark() -> str:
    """The interpreter and regex engine a stored compiled form is valid for."""
    return f"{sys.version} {_sre.MAGIC} {_sre.CODESIZE}"


def _load() -> dict[str, Any]:
    if os.environ.get("SELLERDESK_GUARD_COMPILED", "1") == "0":
        return {}
    try:
        with open(STORE, "rb") as f:
            import marshal

            stored = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(stored, dict) or stored.get("interpreter") != interpreter_mark():
        return {}
    found = stored.get("patterns")
    return found if isinstance(found, dict) else {}


_stored = _load()


def compile(pattern: str) -> re.Pattern[str]:
    """`re.compile(pattern)`, from the stored compiled form when there is one."""
    made = _made.get(pattern)
    if made is not None:
        return made
    requested.add(pattern)
    entry = _stored.get(pattern)
    made = None
    if entry is not None:
        flags, code, groups, groupindex, indexgroup = entry
        try:  # the engine checks the code it is given
            made = _sre.compile(
                pattern, flags, array("I", code).tolist(), groups, groupindex, indexgroup
            )
        except (RuntimeError, TypeError, ValueError):
            made = None
    if made is None:
        made = re.compile(pattern)
    _made[pattern] = made
    return made


def compiled_form(pattern: str) -> tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]:
    """What `re.compile` makes of `pattern`, as the arguments of `_sre.compile` (for the build)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, 0)
    code = _compiler._code(parsed, 0)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        parsed.state.flags,
        array("I", code).tobytes(),
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


__all__ = ["STORE", "compile", "compiled_form", "interpreter_mark", "requested"]
