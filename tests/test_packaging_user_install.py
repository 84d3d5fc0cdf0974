"""`pip install --user .` gives a working `facilitator-app`, run from outside the source tree.

Through real subprocesses: a copy of the sources is installed with pip's --user scheme into a
home of its own (~/.local), by a Python whose user site is on (a venv made with
--system-site-packages, as pip refuses --user in a plain venv). Only the dependencies are taken
from the test's own environment (a `.pth` line, as a distribution's packages would be), so that
PySide6 is not downloaded; the package, its scripts and its resources come from pip alone. pip
builds the wheel as it always does, fetching setuptools: without a network the test is skipped
and says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
OFFLINE = (
    "Could not find a version that satisfies",
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "No matching distribution found",
)


def _run(args, env, cwd, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def user_install(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("user install")
    home, elsewhere, source = tmp / "home", tmp / "elsewhere", tmp / "source"
    home.mkdir()
    elsewhere.mkdir()
    # the sources as a clone has them (a build writes into its tree: not into this checkout)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("facilitator_app", "resources", "packaging"):
        shutil.copytree(ROOT / folder, source / folder, ignore=skip)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(HOME=str(home), LANGUAGE="en", QT_QPA_PLATFORM="offscreen")
    env.setdefault("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))  # the real one
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"

    venv = tmp / "python"
    base = getattr(sys, "_base_executable", sys.executable)
    made = _run([base, "-m", "venv", "--system-site-packages", venv], env, tmp)
    if made.returncode != 0:
        pytest.skip(f"cannot make a venv with pip here: {made.stderr.strip()[-200:]}")
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], env, tmp
    ).stdout.strip()
    # the dependencies (PySide6, reportlab…) as a system would provide them
    Path(purelib, "recolte_test_dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )

    installed = _run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--user",
            "--no-deps",
            "--no-warn-script-location",
            source,
        ],
        env,
        elsewhere,
    )
    if installed.returncode != 0 and any(s in installed.stdout + installed.stderr for s in OFFLINE):
        pytest.skip("pip cannot fetch its build backend (setuptools>=68): no network")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    shutil.rmtree(source)  # nothing left to fall back on but what pip installed

    user_base = _run([python, "-m", "site", "--user-base"], env, elsewhere).stdout.strip()
    scripts = Path(user_base) / ("Scripts" if os.name == "nt" else "bin")
    return python, scripts / "facilitator-app", env, elsewhere, Path(user_base)


def test_the_package_and_its_resources_come_from_the_user_site(user_install):
    python, _, env, elsewhere, user_base = user_install
    where = _run(
        [
            python,
            "-c",
            "import facilitator_app, facilitator_app.paths as p;"
            "print(facilitator_app.__file__); print(p.resources_dir())",
        ],
        env,
        elsewhere,
    )
    assert where.returncode == 0, where.stderr
    package, resources = (Path(line) for line in where.stdout.splitlines())
    assert package.is_relative_to(user_base)
    assert resources == (user_base / "share" / "facilitator-app" / "resources").resolve()


def test_demo_then_synthesis_from_outside_the_source_tree(user_install):
    _, facilitator_app, env, elsewhere, _ = user_install
    assert facilitator_app.is_file(), "pip installed no facilitator-app script"
    demo = _run([facilitator_app, "demo", "x.recolte"], env, elsewhere)
    assert demo.returncode == 0, demo.stderr
    synthesis = _run([facilitator_app, "export-synthesis", "x.recolte", "x.pdf"], env, elsewhere)
    assert synthesis.returncode == 0, synthesis.stderr
    assert synthesis.stderr == ""
    text = "\n".join(page.extract_text() for page in PdfReader(elsewhere / "x.pdf").pages)
    assert "Rencontres des coopérations territoriales" in text
