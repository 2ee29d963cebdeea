"""Settings from `NASHRA_*` environment variables, read once into one frozen object.

Invalid values raise `ConfigError` naming the variable, so start-up stops with one clear
line instead of failing later in a worker.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from nashra.errors import ConfigError

PREFIX = "NASHRA_"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
SECRET_KEY_FILE = "secret.key"


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///nashra.db"
    data_dir: Path = Path("data")
    secret_key: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    user_agent_contact: str = "https://github.com/nashra-news/nashra"
    allow_private_hosts: bool = False
    report_threshold: int = 3
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = field(
        default_factory=tuple
    )
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0
    global_concurrency: int = 16
    max_feed_failures: int = 10
    log_level: str = "INFO"

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    def resolved_secret_key(self) -> str:
        """The configured key, else the one kept in DATA_DIR (generated on first use)."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / SECRET_KEY_FILE
        if path.exists():
            return path.read_text(encoding="ascii").strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(32)
        path.write_text(key, encoding="ascii")
        path.chmod(0o600)
        return key


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{PREFIX}{name} must be true or false, not {raw!r}")


def _int(name: str, raw: str, *, minimum: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{PREFIX}{name} must be an integer, not {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{PREFIX}{name} must be at least {minimum}, not {value}")
    return value


def _float(name: str, raw: str, *, minimum: float) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{PREFIX}{name} must be a number, not {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{PREFIX}{name} must be at least {minimum}, not {value}")
    return value


def _networks(name: str, raw: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    networks = []
    for part in raw.split(","):
        if not part.strip():
            continue
        try:
            networks.append(ipaddress.ip_network(part.strip(), strict=False))
        except ValueError:
            raise ConfigError(f"{PREFIX}{name}: {part.strip()!r} is not an IP network") from None
    return tuple(networks)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build `Settings` from the environment (or the given mapping)."""
    env = os.environ if environ is None else environ

    def get(name: str) -> str | None:
        return env.get(PREFIX + name)

    changes: dict[str, object] = {}
    if (raw := get("DATABASE_URL")) is not None:
        if "://" not in raw:
            raise ConfigError(f"{PREFIX}DATABASE_URL must be a database URL, not {raw!r}")
        changes["database_url"] = raw
    if (raw := get("DATA_DIR")) is not None:
        changes["data_dir"] = Path(raw)
    if raw := get("SECRET_KEY"):
        if len(raw) < 16:
            raise ConfigError(f"{PREFIX}SECRET_KEY must be at least 16 characters")
        changes["secret_key"] = raw
    if (raw := get("HOST")) is not None:
        changes["host"] = raw
    if (raw := get("PORT")) is not None:
        port = _int("PORT", raw, minimum=0)
        if port > 65535:
            raise ConfigError(f"{PREFIX}PORT must be at most 65535, not {port}")
        changes["port"] = port
    if (raw := get("USER_AGENT_CONTACT")) is not None:
        changes["user_agent_contact"] = raw
    if (raw := get("ALLOW_PRIVATE_HOSTS")) is not None:
        changes["allow_private_hosts"] = _bool("ALLOW_PRIVATE_HOSTS", raw)
    if (raw := get("REPORT_THRESHOLD")) is not None:
        changes["report_threshold"] = _int("REPORT_THRESHOLD", raw, minimum=1)
    if (raw := get("TRUSTED_PROXIES")) is not None:
        changes["trusted_proxies"] = _networks("TRUSTED_PROXIES", raw)
    if (raw := get("PER_HOST_CONCURRENCY")) is not None:
        changes["per_host_concurrency"] = _int("PER_HOST_CONCURRENCY", raw, minimum=1)
    if (raw := get("PER_HOST_DELAY")) is not None:
        changes["per_host_delay"] = _float("PER_HOST_DELAY", raw, minimum=0.0)
    if (raw := get("GLOBAL_CONCURRENCY")) is not None:
        changes["global_concurrency"] = _int("GLOBAL_CONCURRENCY", raw, minimum=1)
    if (raw := get("MAX_FEED_FAILURES")) is not None:
        changes["max_feed_failures"] = _int("MAX_FEED_FAILURES", raw, minimum=1)
    if (raw := get("LOG_LEVEL")) is not None:
        level = raw.strip().upper()
        if level not in LOG_LEVELS:
            raise ConfigError(f"{PREFIX}LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        changes["log_level"] = level
    return replace(Settings(), **changes)  # type: ignore[arg-type]
