"""The mypyc build of the guard: used only when it matches the sources, and it answers
exactly as the Python sources do."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sellerdesk.guard import channels, compiled, patterns

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "guard" / "corpus_dev.jsonl"
ENTRY = "import sys; sys.argv[1:] = ['scan', '--jsonl']; from sellerdesk.guard.stream import main; main()"
PROBE = "import sellerdesk.guard as g; print(g.COMPILED)"


def _run(code: str, switch: str, stdin: str = "") -> str:
    env = dict(os.environ, **{compiled.ENV_SWITCH: switch})
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=stdin.encode("utf-8", "surrogatepass"),
        capture_output=True,
        env=env,
        timeout=300,
        check=True,
    )
    return result.stdout.decode("utf-8")


def _tricky_texts(seed: int = 20261124, count: int = 1500) -> list[str]:
    """Corpus messages cut, joined and disguised at random: the same input for both builds."""
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(seed)
    disguises = ["\u200b", "\u00a0", "ｗ", "а", "о", "ο", " ", ".", "-", "😀", "\u0301", "\ud83d"]
    out = []
    for _ in range(count):
        text = " ".join(rng.sample(texts, rng.randint(1, 3)))
        chars = list(text)
        for _ in range(rng.randint(0, 6)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(disguises))
        text = "".join(chars)
        if rng.random() < 0.2:
            text = text.upper()
        out.append(text[: rng.randint(1, len(text))])
    return texts + out


def _stamp_needed() -> None:
    if not Path(compiled.STAMP).is_file():
        pytest.skip("the guard is not compiled here (run `make install` or tools/build_guard.py)")


def test_GUARD_1_compiled_build_answers_byte_for_byte_as_the_sources() -> None:
    _stamp_needed()
    assert _run(PROBE, "1").strip() == "True", (
        "the build is older than the sources: make guard-compiled"
    )
    assert _run(PROBE, "0").strip() == "False"
    lines = "".join(
        json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
        for i, t in enumerate(_tricky_texts())
    )
    native = _run(ENTRY, "1", lines)
    pure = _run(ENTRY, "0", lines)
    assert native.count("\n") == pure.count("\n") > 2000
    assert '"verdict": "block"' in native and '"verdict": "allow"' in native
    assert native == pure


def _copy_sources(to: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The guard's sources copied to `to`, with `compiled` pointed at the copy."""
    for path in compiled.compiled_sources():
        (to / Path(path).name).write_bytes(Path(path).read_bytes())
    (to / "__init__.py").write_text("# not compiled\n", encoding="utf-8")
    build = to / "_compiled"
    build.mkdir()
    monkeypatch.setattr(compiled, "HERE", str(to))
    monkeypatch.setattr(compiled, "BUILD_DIR", str(build))
    monkeypatch.setattr(compiled, "STAMP", str(build / "SOURCES"))
    monkeypatch.delenv(compiled.ENV_SWITCH, raising=False)
    return build / "SOURCES"


def test_a_build_from_other_sources_is_not_used(tmp_path: Path, monkeypatch) -> None:
    stamp = _copy_sources(tmp_path, monkeypatch)
    build = str(stamp.parent)
    assert compiled.search_path(["src"]) == ["src"]  # no build at all
    stamp.write_text(compiled.stamp_text(), encoding="ascii")
    assert compiled.search_path(["src"]) == [build, "src"]
    rules = tmp_path / "rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert compiled.search_path(["src"]) == ["src"]  # built from an older source
    stamp.write_text(compiled.stamp_text(), encoding="ascii")
    assert compiled.search_path(["src"]) == [build, "src"]
    monkeypatch.setenv(compiled.ENV_SWITCH, "0")  # switched off
    assert compiled.search_path(["src"]) == ["src"]


def test_a_touched_but_unchanged_source_keeps_the_build(tmp_path: Path, monkeypatch) -> None:
    stamp = _copy_sources(tmp_path, monkeypatch)
    stamp.write_text(compiled.stamp_text(), encoding="ascii")
    rules = tmp_path / "rules.py"
    os.utime(rules, ns=(1, 1))  # a checkout sets new times on the same contents
    assert compiled.usable()
    rules.write_bytes(rules.read_bytes().replace(b"BEFORE_WINDOW = 40", b"BEFORE_WINDOW = 41"))
    os.utime(rules, ns=(1, 1))
    assert not compiled.usable()


def test_the_digest_changes_with_any_compiled_source(tmp_path: Path, monkeypatch) -> None:
    _copy_sources(tmp_path, monkeypatch)
    before = compiled.digest()
    (tmp_path / "__init__.py").write_text("# still not compiled\n", encoding="utf-8")
    assert compiled.digest() == before
    rules = tmp_path / "rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert compiled.digest() != before


def test_stored_patterns_are_the_patterns_re_compiles() -> None:
    _stamp_needed()
    import marshal

    with open(patterns.STORE, "rb") as f:
        stored = marshal.load(f)
    assert stored["interpreter"] == patterns.interpreter_mark()
    assert len(stored["patterns"]) > 150
    for source in stored["patterns"]:
        made = patterns.compile(source)
        assert made == re.compile(source), source  # same flags, groups and engine code
    channel = patterns.compile(channels.STRONG_PATTERN)
    assert channel.match("wh4tsapp") and channel is patterns.compile(channels.STRONG_PATTERN)


def test_a_store_from_another_interpreter_is_ignored(tmp_path: Path, monkeypatch) -> None:
    import marshal

    source = r"(?P<word>[a-zа-я]+)\s+(?P=word)"
    good = patterns.compiled_form(source)
    store = tmp_path / "patterns.bin"
    wrong = (good[0], good[1][:-4], *good[2:])  # code cut short: would misbehave if used
    marshal.dump({"interpreter": "Python 0.1", "patterns": {source: wrong}}, store.open("wb"))
    monkeypatch.setattr(patterns, "STORE", str(store))
    assert patterns._load() == {}
    marshal.dump(
        {"interpreter": patterns.interpreter_mark(), "patterns": {source: good}}, store.open("wb")
    )
    assert patterns._load() == {"patterns": {source: good}}
    store.write_bytes(b"not marshal data")
    assert patterns._load() == {}


def test_a_damaged_stored_pattern_is_compiled_afresh(monkeypatch) -> None:
    source = r"(?<![a-z])zz(?P<n>[0-9]{2,})"
    flags, code, *rest = patterns.compiled_form(source)
    monkeypatch.setattr(patterns, "_stored", {source: (flags, code[:-8], *rest)})
    monkeypatch.setattr(patterns, "_made", {})
    made = patterns.compile(source)
    assert made == re.compile(source)
    assert made.search("a zz123")["n"] == "123"


def test_led_forms_find_the_same_places_as_their_patterns() -> None:
    _stamp_needed()
    import marshal

    with open(patterns.STORE, "rb") as f:
        led = marshal.load(f)["led"]
    assert len(led) > 20
    texts = [t.lower() for t in _tricky_texts(count=400)]
    for source, lead in led.items():
        plain, quick = re.compile(source), re.compile(lead)
        for text in texts:
            for lo, hi in ((0, len(text)), (len(text) // 3, len(text) - 5)):
                a, b = plain.search(text, lo, hi), quick.search(text, lo, hi)
                assert (a and a.start()) == (b and b.start()), (source, text, lo, hi)


def test_lead_form_of_a_pattern_that_opens_with_a_choice_of_groups() -> None:
    source = r"(?:не|нет)\s+(?:ваш|тво)|(?:don't|do\s+not)\s+use|\s*：x"
    lead = patterns.lead_form(source)
    assert lead is not None
    led = re.compile(lead)
    first = re.match(r"\[([^\]]*)\]", lead)
    assert first is not None
    members = re.compile(f"[{first.group(1)}]")
    assert all(members.fullmatch(ch) for ch in "нd： \t\u3000")
    assert not any(members.fullmatch(ch) for ch in "вxtа")
    assert led.search("мы не ваш").start() == 3
    assert led.search("we don't use it").start() == 3
    assert led.search("нечто другое") is None
    # no lead: it opens with a literal or class already, may match nothing, or any character
    for plain in ("abc", "[ab]c", "(?:a|b)?", "(?:.|x)y", "(?:\\d|x)y", "(?i:(?:a|b))c"):
        assert patterns.lead_form(plain) is None, plain
