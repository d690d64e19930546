"""The policy file: a strict pydantic model, presets and loaders."""

from sellerdesk.policy.load import PRESETS, load_policy, render_toml
from sellerdesk.policy.model import Policy

__all__ = ["PRESETS", "Policy", "load_policy", "render_toml"]
