"""Regular expressions of the guard, with their compiled form kept by the build.

`re` compiles a pattern in Python, and the guard's ~200 patterns (leetspeak tries
of channel names, Cyrillic and CJK classes…) take about 70 ms to compile: a cost
paid by every `sellerdesk scan --jsonl` a caller starts. `tools/build_guard.py`
stores what `re` compiles them to in `_compiled/patterns.bin`; `compile` builds a
pattern from there when the file was written by this very interpreter, and with
`re.compile` otherwise (or for any pattern not in it). Either way the result is the
same pattern object.

`re` skips quickly through text only to where a pattern can start when the pattern
opens with a literal or a character class; one that opens with a choice of groups
("(?:не\\s+…|нет…)|(?:don't…)") is tried at every position. For such a pattern the
build also stores a *led* form: the class of the characters it can start with, then
the pattern itself as a look-ahead from that character. It matches at exactly the
same places (`led`), and `Prefiltered` searches with it.
"""

from __future__ import annotations

import _sre
import os
import re
import sys
from array import array
from typing import Any

from sellerdesk.guard.compiled import BUILD_DIR, switched_on

STORE = os.path.join(BUILD_DIR, "patterns.bin")
_made: dict[str, re.Pattern[str]] = {}
_WIDEST_RANGE = 2000  # a class wider than this (all of CJK, say) is no help as a lead
requested: set[str] = set()  # every pattern asked for, for the build to store


def interpreter_mark() -> str:
    """The interpreter and regex engine a stored compiled form is valid for."""
    return f"{sys.version} {_sre.MAGIC} {_sre.CODESIZE}"


def _load() -> dict[str, Any]:
    """The store's tables ("patterns", "led"); none when it does not apply here."""
    if not switched_on():
        return {}
    try:
        with open(STORE, "rb") as f:
            import marshal

            stored = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(stored, dict) or stored.get("interpreter") != interpreter_mark():
        return {}
    return {k: v for k, v in stored.items() if k != "interpreter" and isinstance(v, dict)}


_tables = _load()
_stored: dict[str, Any] = _tables.get("patterns", {})
_led: dict[str, str] = _tables.get("led", {})


def led(pattern: str) -> str:
    """The stored led form of `pattern` (see the module docstring), else `pattern`."""
    return _led.get(pattern, pattern)


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


def lead_form(pattern: str) -> str | None:
    """`pattern` led by the class of its possible first characters, or None.

    None when that class cannot be told (a pattern that may match nothing, starts
    with "." or a negated or very wide class, uses flags or back-references) or the
    pattern already opens with a literal or a class. For the build.
    """
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, 0)
    if not parsed.data or parsed.data[0][0] in (sre.LITERAL, sre.IN):
        return None
    first, may_be_empty = _first_chars(parsed.data, sre)
    if first is None or may_be_empty:
        return None
    members = "".join(_class_member(ch) for ch in sorted(first))
    return f"[{members}](?<=(?=(?:{pattern}))[\\s\\S])"


def _class_member(ch: str) -> str:
    if ch.isalnum():
        return ch
    return f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\U{ord(ch):08x}"


_spaces: set[str] = set()


def _first_chars(items: Any, sre: Any) -> tuple[set[str] | None, bool]:
    """(characters a match of the sequence `items` can start with, whether it may be empty).

    None for the characters when they cannot be listed.
    """
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            return chars | {chr(av)}, False
        if op is sre.IN:
            found = _class_chars(av, sre)
            return (None if found is None else chars | found), False
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            continue  # zero-width: the next item gives the first character
        if op is sre.SUBPATTERN:
            if av[1] or av[2]:  # local flags
                return None, False
            alternatives = [av[3].data]
        elif op is sre.ATOMIC_GROUP:
            alternatives = [av.data]
        elif op is sre.BRANCH:
            alternatives = [alt.data for alt in av[1]]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            alternatives = [av[2].data, []] if av[0] == 0 else [av[2].data]
        else:
            return None, False
        may_be_empty = False
        for alternative in alternatives:
            found, empty = _first_chars(alternative, sre)
            if found is None:
                return None, False
            chars |= found
            may_be_empty = may_be_empty or empty
        if not may_be_empty:
            return chars, False
    return chars, True


def _class_chars(items: Any, sre: Any) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] <= _WIDEST_RANGE:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av in (sre.CATEGORY_SPACE, sre.CATEGORY_UNI_SPACE):
            # "\\s": in a str pattern without flags, any Unicode white space
            if not _spaces:
                _spaces.update(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
            chars |= _spaces
        else:  # "\\d", "\\w", a negated class…: too wide, or not a list
            return None
    return chars


__all__ = [
    "STORE",
    "compile",
    "compiled_form",
    "interpreter_mark",
    "lead_form",
    "led",
    "requested",
]
