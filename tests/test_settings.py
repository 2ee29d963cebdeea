"""Settings come from NASHRA_* variables; an invalid value is one clear ConfigError."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from nashra.errors import ConfigError
from nashra.settings import Settings, load_settings


def test_defaults_match_the_documented_ones() -> None:
    settings = load_settings({})
    assert settings.database_url == "sqlite:///nashra.db"
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.allow_private_hosts is False
    assert (settings.report_threshold, settings.per_host_concurrency) == (3, 2)
    assert settings.trusted_proxies == ()


def test_every_variable_is_read() -> None:
    settings = load_settings(
        {
            "NASHRA_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1/test",
            "NASHRA_DATA_DIR": "/srv/nashra",
            "NASHRA_SECRET_KEY": "x" * 20,
            "NASHRA_HOST": "0.0.0.0",
            "NASHRA_PORT": "9000",
            "NASHRA_ALLOW_PRIVATE_HOSTS": "yes",
            "NASHRA_REPORT_THRESHOLD": "5",
            "NASHRA_TRUSTED_PROXIES": "10.0.0.0/8, 2001:db8::/32",
            "NASHRA_PER_HOST_CONCURRENCY": "4",
            "NASHRA_PER_HOST_DELAY": "0.5",
            "NASHRA_GLOBAL_CONCURRENCY": "32",
            "NASHRA_LOG_LEVEL": "debug",
        }
    )
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert settings.data_dir == Path("/srv/nashra")
    assert (settings.host, settings.port, settings.allow_private_hosts) == ("0.0.0.0", 9000, True)
    assert settings.trusted_proxies == (
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("2001:db8::/32"),
    )
    assert (settings.per_host_delay, settings.global_concurrency) == (0.5, 32)
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PORT", "eighty", "NASHRA_PORT must be an integer"),
        ("PORT", "70000", "NASHRA_PORT must be at most 65535"),
        ("REPORT_THRESHOLD", "0", "NASHRA_REPORT_THRESHOLD must be at least 1"),
        ("ALLOW_PRIVATE_HOSTS", "maybe", "NASHRA_ALLOW_PRIVATE_HOSTS must be true or false"),
        ("TRUSTED_PROXIES", "10.0.0.0/8,nope", "NASHRA_TRUSTED_PROXIES: 'nope'"),
        ("PER_HOST_DELAY", "-1", "NASHRA_PER_HOST_DELAY must be at least 0"),
        ("LOG_LEVEL", "loud", "NASHRA_LOG_LEVEL must be one of"),
        ("SECRET_KEY", "short", "NASHRA_SECRET_KEY must be at least 16 characters"),
        ("DATABASE_URL", "nashra.db", "NASHRA_DATABASE_URL must be a database URL"),
    ],
)
def test_invalid_value_is_a_config_error_naming_the_variable(
    name: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({f"NASHRA_{name}": value})
    assert raised.value.code == "config.invalid"
    assert message in raised.value.message


def test_secret_key_is_generated_once_into_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    first = settings.resolved_secret_key()
    assert len(first) >= 32
    assert settings.resolved_secret_key() == first
    assert (tmp_path / "data" / "secret.key").stat().st_mode & 0o777 == 0o600


def test_configured_secret_key_wins_over_the_file(tmp_path: Path) -> None:
    (tmp_path / "secret.key").write_text("from-the-file-0123456789")
    assert Settings(data_dir=tmp_path, secret_key="k" * 16).resolved_secret_key() == "k" * 16
