"""An installed (non-editable) quotecheck must carry everything it reads at run time."""

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def package_data() -> dict[str, list[str]]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    section = config["options.package_data"]
    return {package: section[package].split() for package in section}


def test_every_migration_file_is_package_data():
    patterns = package_data()["db"]
    shipped = {path for pattern in patterns for path in (ROOT / "db").glob(pattern)}
    needed = {path for path in (ROOT / "db" / "migrations").rglob("*")
              if path.is_file() and "__pycache__" not in path.parts}
    assert needed - shipped == set()


def test_the_sample_data_file_is_package_data():
    patterns = package_data()["services"]
    assert any((ROOT / "services").glob(pattern) for pattern in patterns)
    assert (ROOT / "services" / "sample_data.json") in {
        path for pattern in patterns for path in (ROOT / "services").glob(pattern)}
