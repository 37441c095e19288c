from __future__ import annotations

from pathlib import Path

import pytest

from reassure.config import SETTINGS, load_settings
from reassure.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]


def test_defaults_follow_home(tmp_path: Path) -> None:
    settings = load_settings(env={"REASSURE_HOME": str(tmp_path)})
    assert settings.home == tmp_path
    assert settings.db == tmp_path / "reassure.duckdb"
    assert (settings.host, settings.port, settings.nation) == ("127.0.0.1", 8000, None)


def test_precedence_cli_over_env_over_file_over_default(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('port = 8100\nnation = "fra"\nhost = "0.0.0.0"\n')
    env = {"REASSURE_CONFIG": str(config), "REASSURE_PORT": "8200"}
    settings = load_settings({"port": 8300}, env=env)
    assert settings.port == 8300  # CLI
    assert load_settings(env=env).port == 8200  # env over file
    assert settings.nation == "FRA"  # file, normalised
    assert settings.host == "0.0.0.0"  # file over default


@pytest.mark.parametrize(
    ("env", "message"),
    [
        pytest.param({"REASSURE_PORT": "80000"}, "REASSURE_PORT", id="port-range"),
        pytest.param({"REASSURE_PORT": "eighty"}, "REASSURE_PORT", id="port-not-int"),
        pytest.param({"REASSURE_NATION": "Britain"}, "alpha-3", id="nation-not-alpha3"),
        pytest.param(
            {"REASSURE_CONFIG": "/nonexistent/reassure.toml"},
            "does not exist",
            id="named-config-missing",
        ),
    ],
)
def test_bad_values_name_their_origin(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(env=env)


def test_unknown_and_broken_config_file(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("colour = 'blue'\n")
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_settings(env={}, config_file=config)
    config.write_text("port = \n")
    with pytest.raises(ConfigError, match=r"c\.toml"):
        load_settings(env={}, config_file=config)


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text()
    for setting in SETTINGS:
        assert setting.env in readme, f"{setting.env} is not in the README"
