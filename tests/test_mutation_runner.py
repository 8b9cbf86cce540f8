"""mutation/run_mutation.py: resumed runs test current copies of unmutated files."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def _runner() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "mutation" / "run_mutation.py"
    spec = importlib.util.spec_from_file_location("run_mutation", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("run_mutation", module)
    spec.loader.exec_module(module)
    return module


def test_refresh_copies_changed_unmutated_files_only(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mutmut]\nsource_paths = ["src/pkg/"]\nonly_mutate = ["src/pkg/rules/*.py"]\n',
        encoding="utf-8",
    )
    files = {
        "src/pkg/rules/a.py": ("x = 1\n", "mutated copy\n"),  # mutmut's own business
        "src/pkg/model.py": ("y = 2\n", "y = 1\n"),  # changed since the copy
        "src/pkg/locale/m.mo": ("new", "old"),  # a catalogue changed since the copy
        "src/pkg/same.json": ("{}", "{}"),
    }
    for name, (source, copy) in files.items():
        for root, text in ((tmp_path, source), (tmp_path / "mutants", copy)):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
    (tmp_path / "src/pkg/only_here.py").write_text("z = 3\n", encoding="utf-8")  # mutmut copies it

    refreshed = _runner().refresh_unmutated_copies(tmp_path)

    assert refreshed == [Path("src/pkg/locale/m.mo"), Path("src/pkg/model.py")]
    copies = {name: (tmp_path / "mutants" / name).read_text(encoding="utf-8") for name in files}
    assert copies == {
        "src/pkg/rules/a.py": "mutated copy\n",
        "src/pkg/model.py": "y = 2\n",
        "src/pkg/locale/m.mo": "new",
        "src/pkg/same.json": "{}",
    }
    assert not (tmp_path / "mutants/src/pkg/only_here.py").exists()
