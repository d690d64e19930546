"""Process settings from the environment (SELLERDESK_*); the rules themselves live in the policy."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SELLERDESK_", extra="ignore")

    database_url: str = "sqlite:///var/sellerdesk.db"
    policy: str = "ozon"  # a preset name or a policy file path
    sandbox: bool = True  # sandbox mode: movable clock, sandbox endpoints
    storage_dir: Path = Path("var/files")
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    mail_from: str = "noreply@sellerdesk.local"
    log_json: bool = False
    auth_cache_seconds: float = 0  # >0 remembers authenticated credentials that long per process
