"""The package as a user gets it: a wheel (not an editable checkout) installed into a fresh venv, run from
another folder. Its profiles and prompts must come from inside the wheel (``reconcile.resources``); the run
replays the recorded model answers, so the prompts the wheel renders must be byte-identical to the
recorded ones for any request to be answered.

The fresh venv borrows the third-party dependencies of the test's own environment through a ``.pth`` line
(installing duckdb, pyarrow and the rest again would cost minutes and test pip, not us); ``reconcile``
itself exists there only as the installed wheel, which the test checks.
"""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import tomllib
import venv
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest
from fakeserver import closed_port_url
from service_process import running_service

from reconcile.config import EMBEDDED_MODEL_NAME
from reconcile.store.cache import import_cache
from reconcile.store.database import Store

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "seed_responses.jsonl"
BUILD_INPUTS = ("pyproject.toml", "README.md", "reconcile", "profiles", "prompts")


def test_every_package_under_reconcile_is_listed_for_the_wheel() -> None:
    """pyproject lists its packages (the data folders are mapped in); a package missing there is missing
    from every wheel, so this fails first, naming it."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(folder.relative_to(ROOT).parts)
        for folder in [ROOT / "reconcile", *(ROOT / "reconcile").rglob("*")]
        if folder.is_dir() and folder.name != "__pycache__" and any(folder.glob("*.py"))
    }
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh venv with the wheel built from a copy of the sources; yields its bin folder."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, source / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(work / "dist"), str(source)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("reconcile-*.whl")
    environment = work / "venv"
    venv.create(environment, with_pip=False)
    (target,) = (environment / "lib").glob("python3*/site-packages")
    (target / "borrowed-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(environment / "bin" / "python"), "install", "--no-deps",
         "--quiet", str(wheel)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    yield environment / "bin"


def _run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bin_dir / "reconcile"), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_the_wheel_is_what_runs_and_it_carries_its_data(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(installed / "python"), "-c",
         "import reconcile, reconcile.resources as r; print(reconcile.__file__);"
         " print(r.builtin_dir('profiles')); print(r.builtin_dir('prompts'))"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert all(path.startswith(str(installed.parent)) for path in where), where  # not the checkout
    listed = _run(installed, "profile", "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "news (default)" in listed.stdout and "expulsions" in listed.stdout


def test_the_wheel_runs_a_seed_against_the_recorded_answers(installed: Path, tmp_path: Path) -> None:
    seeds = tmp_path / "in"
    seeds.mkdir()
    shutil.copy2(sorted((ROOT / "seeds").glob("*.txt"))[0], seeds)
    database = tmp_path / "replay.duckdb"
    store = Store(database)
    import_cache(store, FIXTURE)
    store.close()
    ran = _run(installed, "run", "in", "--db", str(database), "--base-url", closed_port_url(), "--model",
               EMBEDDED_MODEL_NAME, "--profile", "expulsions", cwd=tmp_path)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    with duckdb.connect(str(database), read_only=True) as con:
        calls, hits, failed = con.execute("SELECT model_calls, cache_hits, articles_failed FROM runs").fetchone() or ()
        claims = con.execute("SELECT count(*) FROM claims").fetchone()
    assert (calls, failed) == (0, 0) and hits > 0 and claims and claims[0] > 0


def test_the_wheel_serves(installed: Path, tmp_path: Path) -> None:
    with running_service(tmp_path / "served.duckdb", closed_port_url(), program=[str(installed / "reconcile")]) as s:
        assert httpx.get(s.url + "/healthz").json() == {"status": "ok"}
        assert httpx.get(s.url + "/v1/profiles").status_code == 200
