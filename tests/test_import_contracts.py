"""The import contracts of pyproject.toml (`[tool.importlinter]`, run by `make lint`): apps import
only the apps below them, the top row does not import itself, reintegration reaches absence only
through its services, selectors and hooks, and the modules of an app import each other without
cycles. Each contract is shown to refuse the import it is there for, in a copy of the tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("config", "core", "hrm", "absence", "reintegration", "development", "handbook")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(cwd: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    args = [str(LINT_IMPORTS), "--no-cache", "--no-logo"]
    for contract in contracts:
        args += ["--contract", contract]
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """The Python modules of the project and its pyproject.toml, in a scratch directory."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=lambda _dir, names: [
                n for n in names if n == "__pycache__" or ("." in n and not n.endswith(".py"))
            ],
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_project_keeps_every_import_contract():
    result = _lint(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("modules", "contract", "reported"),
    [
        ({"core/upward.py": "import hrm.models\n"}, "layers", "core.upward -> hrm.models"),
        (
            {"hrm/upward.py": "from absence import services\n"},
            "layers",
            "hrm.upward -> absence.services",
        ),
        (
            {"absence/upward.py": "import reintegration.models\n"},
            "layers",
            "absence.upward -> reintegration.models",
        ),
        (
            {"development/sideways.py": "import handbook.models\n"},
            "top-row-independent",
            "development.sideways -> handbook.models",
        ),
        (
            {"reintegration/inside.py": "from absence.models import Episode\n"},
            "reintegration-uses-absence-api",
            "reintegration.inside -> absence.models",
        ),
        (
            {"hrm/ring_a.py": "import hrm.ring_b\n", "hrm/ring_b.py": "import hrm.ring_a\n"},
            "no-cycles",
            "No cycles are allowed in hrm",
        ),
    ],
)
def test_a_contract_refuses_the_import_it_is_for(tree, modules, contract, reported):
    for name, source in modules.items():
        (tree / name).write_text(source)

    result = _lint(tree, contract)

    assert result.returncode != 0
    assert reported in result.stdout


def test_reintegration_may_use_the_services_selectors_and_hooks_of_absence(tree):
    (tree / "reintegration/allowed.py").write_text(
        "from absence import extensions, selectors, services, signals\n"
    )

    assert _lint(tree, "reintegration-uses-absence-api").returncode == 0
