"""What every test shares: the command line speaks English unless a test asks otherwise.

The tool reads ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` (a ``zh_*`` locale gives Chinese);
the tests pin their English output, so the machine's own locale is taken out of them.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
