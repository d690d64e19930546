"""The guard's command-line adapters: policy file → config, JSON lines, one message.

`run_jsonl` speaks the contract of `shared/guard/score.py`: one {"id", "text"} object
per input line, one {"id", "verdict", "violations"} object per output line, streamed
line by line in constant memory. A line that cannot be read yields
{"id": <id or null>, "error": "..."} and the stream goes on.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TextIO

from sellerdesk.guard import patterns
from sellerdesk.guard.explain import explain
from sellerdesk.guard.model import RULES, GuardConfig, Verdict
from sellerdesk.guard.scanner import scan, violation_spans

if TYPE_CHECKING:  # pathlib is imported only for a --policy: it costs start-up time
    import pathlib

_ALLOW_TAIL = ', "verdict": "allow", "violations": []}\n'
_ID_IN_BROKEN_LINE = b'"id"'
# written with chr(): mypyc takes no surrogates in string literals
_SURROGATE = patterns.compile("[" + chr(0xD800) + "-" + chr(0xDFFF) + "]")
_BLOCK = 1 << 16  # bytes read at a time
# (str, index) -> (value, end): the C scanner json.loads ends in (not in typeshed)
_SCAN_ONCE = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _dumps(value: Any) -> str:
    """JSON for a value, UTF-8 kept as is; plain strings take the C escaper directly."""
    if type(value) is str:
        return encode_basestring(value)
    return json.dumps(value, ensure_ascii=False)


def config_from_policy_file(path: pathlib.Path | None) -> GuardConfig:
    """GuardConfig from a policy TOML: [guard] allowed_domains, [chat] max_message_chars.

    Missing keys keep their defaults, so a partial or older policy file still works.
    """
    if path is None:
        return GuardConfig()
    import tomllib  # here: `sellerdesk scan` without a policy starts faster

    with path.open("rb") as f:
        policy = tomllib.load(f)
    default = GuardConfig()
    guard = policy.get("guard", {})
    chat = policy.get("chat", {})
    domains = (
        guard.get("allowed_domains", default.allowed_domains)
        if isinstance(guard, dict)
        else default.allowed_domains
    )
    max_chars = (
        chat.get("max_message_chars", default.max_chars)
        if isinstance(chat, dict)
        else default.max_chars
    )
    return GuardConfig(
        allowed_domains=tuple(str(d).lower().strip(".") for d in domains),
        max_chars=int(max_chars),
    )


def verdict_record(message_id: Any, verdict: Verdict) -> dict[str, Any]:
    """The contract's output object for one message."""
    return {
        "id": message_id,
        "verdict": "block" if verdict.blocked else "allow",
        "violations": [
            {"category": v.category, "rule": v.rule, "span": list(v.span), "matched": v.matched}
            for v in verdict.violations
        ],
    }


def _salvage_id(raw: bytes) -> Any:
    """The id of a line that is not valid JSON or UTF-8, if it can still be read."""
    text = raw.decode("utf-8", "replace")
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return obj.get("id") if isinstance(obj, dict) else None


def _loads(line: str) -> Any:
    """json.loads(line); a plain one-object line goes straight to the C scanner."""
    body = line.rstrip(" \t\r\n")
    if body[:1] == "{" and body[-1:] == "}":
        try:
            obj, end = _SCAN_ONCE(body, 0)
        except (StopIteration, ValueError, RecursionError):
            pass  # json.loads raises the error with its usual message
        else:
            if end == len(body):
                return obj
    return json.loads(line)


def _has_surrogate(value: str, raw: bytes) -> bool:
    """Whether `value`, read from the JSON line `raw`, holds a lone surrogate.

    Strict UTF-8 decoding lets none through, so one can only come from a "\\udXXX"
    escape: without one in the line, the value need not be searched.
    """
    if value.isascii() or (b"\\ud" not in raw and b"\\uD" not in raw):
        return False
    return _SURROGATE.search(value) is not None


def _answer(raw: bytes, config: GuardConfig) -> str:
    """The output line for one input line."""
    try:
        obj = _loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        return (
            json.dumps(
                {"id": _salvage_id(raw), "error": f"invalid UTF-8: {e.reason}"}, ensure_ascii=True
            )
            + "\n"
        )
    except (ValueError, RecursionError) as e:  # RecursionError: absurdly deep nesting
        message_id = _salvage_id(raw) if _ID_IN_BROKEN_LINE in raw else None
        return (
            json.dumps({"id": message_id, "error": f"invalid JSON: {e}"}, ensure_ascii=True) + "\n"
        )
    if not isinstance(obj, dict):
        return json.dumps({"id": None, "error": "expected a JSON object"}) + "\n"
    message_id = obj.get("id")
    text = obj.get("text")
    if not isinstance(text, str):
        return (
            json.dumps(
                {"id": message_id, "error": 'missing or non-string "text"'}, ensure_ascii=True
            )
            + "\n"
        )
    spans = violation_spans(text, config)
    # Lone surrogates ("\ud800" escapes) cannot be written as UTF-8: escape them. An
    # allowed message writes back only its id, so only then is its text left unread.
    ascii_only = not isinstance(message_id, str) or _has_surrogate(message_id, raw)
    if not spans:
        return '{"id": ' + (json.dumps if ascii_only else _dumps)(message_id) + _ALLOW_TAIL
    dumps = json.dumps if ascii_only or _has_surrogate(text, raw) else _dumps
    # Written by hand: this is the hot path of a stream, and json.dumps of a dict
    # costs more than the scan of a short message.
    items = ", ".join(
        f'{{"category": "{cat}", "rule": "{RULES[cat]}", "span": [{a}, {b}], '
        f'"matched": {dumps(text[a:b])}}}'
        for cat, a, b in spans
    )
    return f'{{"id": {dumps(message_id)}, "verdict": "block", "violations": [{items}]}}\n'


def run_jsonl(inp: BinaryIO, out: TextIO, config: GuardConfig) -> None:
    """Scan {"id","text"} JSON lines from `inp`, write one verdict line each to `out`.

    Input is read in blocks of whatever has arrived (`read1`) and the answers to a
    block are written and flushed together: few system calls on a long stream, and
    an interactive caller still gets each answer as soon as its line is in.
    """
    read = getattr(inp, "read1", inp.read)
    rest = b""
    while True:
        block = read(_BLOCK)
        if not block:
            break
        lines = (rest + block).split(b"\n") if rest else block.split(b"\n")
        rest = lines.pop()
        answers = [_answer(raw, config) for raw in lines if raw.strip()]
        if answers:
            out.write("".join(answers))
            out.flush()
    if rest.strip():
        out.write(_answer(rest, config))
    out.flush()


def main() -> None:
    """The `sellerdesk` console entry: `scan --jsonl` streams without loading the Typer app.

    Its start-up counts in every batch a caller pipes through it; any other command,
    option or a request for help goes to `sellerdesk.cli.app`.
    """
    import sys

    policy = _jsonl_scan_policy(sys.argv[1:])
    if policy is False:
        from sellerdesk.cli import app

        app()
        return
    run_jsonl(sys.stdin.buffer, sys.stdout, config_from_policy_file(policy))


def _jsonl_scan_policy(args: list[str]) -> pathlib.Path | Literal[False] | None:
    """The --policy of a plain `scan --jsonl [--policy P] [--lang L]`, else False."""
    if args[:1] != ["scan"] or "--jsonl" not in args:
        return False
    policy: pathlib.Path | None = None
    rest = [a for a in args[1:] if a != "--jsonl"]
    while rest:
        option = rest.pop(0)
        name, eq, value = option.partition("=")
        if name not in ("--policy", "--lang") or not (eq or rest):
            return False
        if not eq:
            value = rest.pop(0)
        if name == "--policy":
            import pathlib

            policy = pathlib.Path(value)
    return policy


def scan_text_cli(text: str, out: TextIO, config: GuardConfig, lang: str) -> int:
    """Print a readable verdict for one message; 0 if allowed, 1 if blocked."""
    verdict = scan(text, config)
    if not verdict.blocked:
        out.write("allow: no guard rule is broken\n")
        return 0
    out.write(f"block: {len(verdict.violations)} violation(s)\n")
    for v in verdict.violations:
        why, fix = explain(v, lang)
        out.write(f"- {v.rule} {v.category} [{v.span[0]}, {v.span[1]}) {v.matched!r}\n")
        out.write(f"  {why}\n  → {fix}\n")
    return 1
