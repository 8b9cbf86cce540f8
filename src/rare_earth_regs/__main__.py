"""``python -m rare_earth_regs``: the command-line tool (see :mod:`rare_earth_regs.cli`)."""

from __future__ import annotations

import sys

from rare_earth_regs.cli import main

if __name__ == "__main__":
    sys.exit(main())
