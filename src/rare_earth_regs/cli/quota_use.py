"""``rare-earth-regs quota-use``: per holder, the output counted against its indicator.

For each quota activity (mining, smelting and separation) and each holder of an
indicator in ``--allocations``: the indicator, the REO counted against it, the headroom
left (or the excess above it, a QTA001 breach) and the share used; then, for the
enterprises the indicator covers, the output excluded (by reason) and left undetermined
(by reason). Enterprises whose output counts but that no indicator covers are listed
apart. Built on :func:`~rare_earth_regs.rules.quotas.quota_use` and
:func:`~rare_earth_regs.rules.quotas.holder_quota_use`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from rare_earth_regs.cli.common import (
    EXIT_OK,
    Subcommands,
    current_language,
    in_file,
    parse_year,
    say,
    term,
)
from rare_earth_regs.cli.inputs import (
    add_input_options,
    add_prior_use_option,
    parse_size,
    read_prior_use,
    read_registers,
    report_files,
)
from rare_earth_regs.cli.output import emit, emit_json
from rare_earth_regs.cli.quotas import ORES
from rare_earth_regs.cli.tables import REPORTS_HELP, add_table_options, load_catalogue, reports_in
from rare_earth_regs.exceptions import RareEarthRegsError
from rare_earth_regs.locale import define
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.quotas import QUOTA_ACTIVITIES, PriorUse, QuotaAllocation
from rare_earth_regs.model.reports import FlowReport
from rare_earth_regs.rules.common import require_encoded
from rare_earth_regs.rules.quotas import (
    EnterpriseQuotaUse,
    HolderQuotaUse,
    LineRef,
    QuotaUse,
    holder_quota_use,
    quota_use,
    require_encoded_report,
)
from rare_earth_regs.units import MassBasis, Tonnage

_ACTIVITIES = tuple(sorted(QUOTA_ACTIVITIES, key=lambda activity: activity.value))


def register(commands: Subcommands) -> None:
    """Add the ``quota-use`` command."""
    command = commands.add_parser(
        "quota-use",
        help="per holder: output counted against its indicator, headroom, share used",
        description=(
            "Per quota holder and activity: the indicator, the REO counted against it, the "
            "headroom left (or the excess), the share used, and the output excluded or "
            "left undetermined, by reason."
        ),
    )
    command.add_argument("files", nargs="+", metavar="FILE", help=REPORTS_HELP)
    add_table_options(command)
    command.add_argument("--year", metavar="YYYY", required=True, help="the quota year")
    command.add_argument(
        "--allocations", metavar="FILE", help="quota allocations (JSON): the indicators"
    )
    add_prior_use_option(command)
    command.add_argument(
        "--activity",
        choices=[activity.value for activity in _ACTIVITIES],
        help="one quota activity (default: both)",
    )
    command.add_argument("--format", choices=("text", "json"), default="text")
    add_input_options(command)
    command.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the quota use of each holder; 0 (a breach is for ``check`` to judge)."""
    year = parse_year(args.year, "--year")
    require_encoded(dt.date(year, 12, 31), f"--year {year}")
    limit = parse_size(args.max_file_size, "--max-file-size")
    files = report_files(args.files)
    allocations, _ = read_registers(args, limit)
    prior_use = read_prior_use(args, limit)
    catalogue = None if args.products is None else load_catalogue(args.products, limit)
    reports: list[FlowReport] = []
    for path in files:
        for report in reports_in(
            path, catalogue=catalogue, enterprise=args.enterprise, limit=limit
        ):
            try:
                require_encoded_report(report)
            except RareEarthRegsError as error:
                raise in_file(path, error) from error
            reports.append(report)
    activities = _ACTIVITIES if args.activity is None else (Activity(args.activity),)
    sections = [
        _section(reports, year, activity, allocations, prior_use) for activity in activities
    ]
    if args.format == "json":
        emit_json(
            {"year": year, **{section.activity.value: section.to_dict() for section in sections}}
        )
    else:
        _print_text(year, sections)
    return EXIT_OK


class _Section:
    """One activity's quota use: per holder, and the enterprises no indicator covers."""

    def __init__(
        self, activity: Activity, use: QuotaUse, holders: Sequence[HolderQuotaUse]
    ) -> None:
        self.activity = activity
        self.use = use
        self.holders = holders
        covered = {uscc for holder in holders for uscc in holder.members}
        self.uncovered = [
            entry
            for uscc, entry in sorted(use.enterprises.items())
            if uscc not in covered and (entry.counted.grams or entry.undetermined)
        ]

    def members(self, holder: HolderQuotaUse) -> list[EnterpriseQuotaUse]:
        """The quota use of the enterprises ``holder``'s indicator covers."""
        return [self.use.enterprises[uscc] for uscc in holder.members]

    def to_dict(self) -> dict[str, Any]:
        """The section in the JSON output."""
        return {
            "holders": [self.holder_dict(holder) for holder in self.holders],
            "without_indicator": [
                {
                    "enterprise": entry.enterprise.name,
                    "uscc": entry.enterprise.uscc,
                    "counted": str(entry.counted),
                    "excluded": _by_reason(entry.excluded),
                    "undetermined": _by_reason(entry.undetermined),
                }
                for entry in self.uncovered
            ],
        }

    def holder_dict(self, holder: HolderQuotaUse) -> dict[str, Any]:
        """One holder's entry of the JSON output."""
        members = self.members(holder)
        share = holder.share_used
        return {
            "holder": holder.holder.name,
            "uscc": holder.holder.uscc,
            "ore_type": None if holder.ore_type is None else holder.ore_type.value,
            "enterprises": list(holder.members),
            "indicator": str(holder.indicator),
            "counted": str(holder.counted),
            "prior_use": None if holder.prior_use is None else str(holder.prior_use),
            "used": str(holder.used),
            "headroom": str(holder.headroom),
            "excess": str(holder.excess),
            "share_used": None if share is None else f"{share:f}",
            "excluded": _by_reason(ref for entry in members for ref in entry.excluded),
            "undetermined": _by_reason(ref for entry in members for ref in entry.undetermined),
        }


def _section(
    reports: Sequence[FlowReport],
    year: int,
    activity: Activity,
    allocations: Sequence[QuotaAllocation],
    prior_use: Sequence[PriorUse],
) -> _Section:
    use = quota_use(reports, year=year, activity=activity)
    holders = holder_quota_use(
        reports, year=year, activity=activity, allocations=allocations, prior_use=prior_use
    )
    return _Section(activity, use, holders)


def _by_reason(refs: Iterable[LineRef]) -> list[dict[str, Any]]:
    """Lines grouped by reason: how many, and their REO where known."""
    groups: dict[str, tuple[int, int, bool]] = {}
    reasons: dict[str, str] = {}
    for ref in refs:
        if ref.reason not in reasons:  # rendered once per reason, not once per line
            reasons[ref.reason] = ref.reason_alone.render(current_language())
        count, grams, unknown = groups.get(ref.reason, (0, 0, False))
        if ref.reo is None:
            groups[ref.reason] = (count + 1, grams, True)
        else:
            groups[ref.reason] = (count + 1, grams + ref.reo.grams, unknown)
    return [
        {
            "reason": reasons[reason],
            "lines": count,
            "reo": str(Tonnage(grams, MassBasis.REO)),
            "reo_unknown_for_some": unknown,
        }
        for reason, (count, grams, unknown) in sorted(groups.items())
    ]


def _share(holder: HolderQuotaUse) -> str:
    share = holder.share_used
    return say(NO_SHARE) if share is None else f"{share * 100:.2f} %"


def _reasons(label: str, groups: list[dict[str, Any]]) -> None:
    for group in groups:
        reo = group["reo"] + (say(SOME_UNKNOWN) if group["reo_unknown_for_some"] else "")
        count, reason, padded = group["lines"], group["reason"], label.ljust(13)
        if count == 1:
            emit(say(REASON_ONE, label=padded, reo=reo, reason=reason))
        else:
            emit(say(REASON, label=padded, reo=reo, count=count, reason=reason))


def _print_text(year: int, sections: Sequence[_Section]) -> None:
    emit(say(TITLE, year=year))
    for section in sections:
        emit()
        label = section.activity.term.render(current_language())
        emit(label[:1].upper() + label[1:])
        if not section.holders:
            emit(say(NO_INDICATOR))
        for holder in section.holders:
            data = section.holder_dict(holder)
            who = holder.holder.name
            who += f" [USCC {holder.holder.uscc}]" if holder.holder.uscc else say(A_GROUP)
            if holder.ore_type is not None:
                who += term(ORES[holder.ore_type.value])
            emit(f"  {who}")
            emit(say(INDICATOR, amount=str(holder.indicator)))
            emit(say(COUNTED, amount=str(holder.counted)))
            if holder.prior_use is not None:
                emit(say(PRIOR_USE, amount=str(holder.prior_use)))
            if holder.excess.grams:
                emit(say(EXCESS, amount=str(holder.excess)))
            else:
                emit(say(HEADROOM, amount=str(holder.headroom)))
            emit(say(SHARE_USED, share=_share(holder)))
            _reasons(say(EXCLUDED), data["excluded"])
            _reasons(say(UNDETERMINED), data["undetermined"])
        for entry in section.uncovered:
            emit(say(UNCOVERED, name=entry.enterprise.name, uscc=entry.enterprise.uscc))
            emit(say(COUNTED, amount=str(entry.counted)))
            _reasons(say(EXCLUDED), _by_reason(entry.excluded))
            _reasons(say(UNDETERMINED), _by_reason(entry.undetermined))


NO_SHARE = define("cli.quota-use.no-share", "n/a (indicator of 0)")
SOME_UNKNOWN = define("cli.quota-use.some-unknown", " and REO not known for some")
REASON_ONE = define("cli.quota-use.reason-one", "    {label} {reo} in 1 line: {reason}")
REASON = define("cli.quota-use.reason", "    {label} {reo} in {count} lines: {reason}")
TITLE = define(
    "cli.quota-use.title",
    "Quota use in {year}, t REO (Regulations art. 10; Order No. 71, art. 3)",
)
NO_INDICATOR = define(
    "cli.quota-use.no-indicator", "  no indicator for this activity in the allocations given"
)
A_GROUP = define("cli.quota-use.a-group", " (a group)")
INDICATOR = define("cli.quota-use.indicator", "    indicator:    {amount}")
COUNTED = define("cli.quota-use.counted", "    counted:      {amount}")
PRIOR_USE = define(
    "cli.quota-use.prior-use", "    prior use:    {amount} (stated for the earlier months)"
)
EXCESS = define("cli.quota-use.excess", "    excess:       {amount} above the indicator (QTA001)")
HEADROOM = define("cli.quota-use.headroom", "    headroom:     {amount}")
SHARE_USED = define("cli.quota-use.share-used", "    share used:   {share}")
EXCLUDED = define("cli.quota-use.excluded", "excluded:")
UNDETERMINED = define("cli.quota-use.undetermined", "undetermined:")
UNCOVERED = define("cli.quota-use.uncovered", "  {name} [USCC {uscc}]: no indicator given")
