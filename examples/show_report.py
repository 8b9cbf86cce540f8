"""Load the bundled example reports and print them with their findings.

Usage: python examples/show_report.py examples/reports
"""

from __future__ import annotations

import sys
from pathlib import Path

from rare_earth_regs import check_flow_report
from rare_earth_regs.serialization import load_report, loads_designations


def main(folder: str) -> int:
    root = Path(folder)
    designations = loads_designations((root.parent / "designations.json").read_text("utf-8"))
    for path in sorted(root.glob("*.json")):
        report = load_report(path)
        print(f"{report.enterprise.name}  {report.month}  ({len(report.lines)} lines)")
        for line in report.lines:
            reo = line.reo_content()
            print(
                f"  {line.direction.value:<14} {line.product.name:<40} {line.quantity!s:>10}"
                f"  {'' if reo is None else str(reo)}"
            )
        for finding in check_flow_report(report, designations=designations):
            print(f"  ! {finding.rule_id} {finding.severity.value}: {finding.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "examples/reports"))
