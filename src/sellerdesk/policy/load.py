"""Reading, merging and printing policy files.

A policy file may say `extends = "ozon"` and override only what differs; presets do the same.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from sellerdesk.errors import PolicyError
from sellerdesk.policy.model import Policy

PRESETS = ("ozon", "wildberries", "yandex_market")


def preset_path(name: str) -> Path:
    if name not in PRESETS:
        raise PolicyError(name, "extends", f"unknown preset; choose one of {', '.join(PRESETS)}")
    return Path(str(resources.files("sellerdesk.policy") / "presets" / f"{name}.toml"))


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise PolicyError(str(path), "-", "file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(str(path), "-", f"not valid TOML: {exc}") from None


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _resolve(path: Path, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    data = _read(path)
    parent = data.get("extends")
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise PolicyError(str(path), "extends", 'must be a preset name such as "ozon"')
    if parent in seen:
        raise PolicyError(str(path), "extends", f"circular extends through {parent!r}")
    return _merge(_resolve(preset_path(parent), (*seen, parent)), data)


def load_policy(source: str | Path | None = None) -> Policy:
    """A preset name, a file path, or None for the Ozon preset."""
    if source is None:
        source = "ozon"
    path = preset_path(str(source)) if str(source) in PRESETS else Path(source)
    data = _resolve(path)
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "-"
        reason = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        more = len(exc.errors()) - 1
        if more:
            reason += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise PolicyError(str(path), key, reason) from None


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _rule_of(model: type[BaseModel], field: str) -> str:
    info = model.model_fields[field]
    extra = info.json_schema_extra
    rule_id = extra.get("rule") if isinstance(extra, dict) else None
    return f"  # {rule_id} {info.description or ''}".rstrip() if rule_id else ""


def render_toml(policy: Policy) -> str:
    """The effective policy as TOML, each parameter commented with its rule ID."""
    lines: list[str] = []

    def emit(model: BaseModel, prefix: str) -> None:
        data = model.model_dump(mode="json")
        tables = []
        for name in type(model).model_fields:
            value = getattr(model, name)
            if isinstance(value, BaseModel):
                tables.append((name, value))
            elif isinstance(data[name], dict):
                tables.append((name, data[name]))
            elif data[name] is not None:
                comment = _rule_of(type(model), name)
                lines.append(f"{name} = {_toml_value(data[name])}{comment}")
        for name, value in tables:
            lines.append("")
            lines.append(f"[{prefix}{name}]{_rule_of(type(model), name)}")
            if isinstance(value, BaseModel):
                emit(value, f"{prefix}{name}.")
            else:
                lines.extend(f"{k} = {_toml_value(v)}" for k, v in value.items())

    emit(policy, "")
    return "\n".join(lines).strip() + "\n"
