"""``rare-earth-regs quotas``: the national quotas (t REO) with their sources."""

from __future__ import annotations

import argparse

from rare_earth_regs.cli.common import (
    EXIT_OK,
    Subcommands,
    parse_year,
    print_table,
)
from rare_earth_regs.cli.output import emit
from rare_earth_regs.data.quotas import (
    NationalQuotaYear,
    QuotaFigures,
    national_quota,
    national_quota_record,
    national_quota_years,
    published_allocations,
)
from rare_earth_regs.units import (
    Tonnage,
)


def register(commands: Subcommands) -> None:
    """Add the ``quotas`` command."""
    quotas = commands.add_parser(
        "quotas",
        help="national quotas (t REO) with their sources",
        description="China's national total quantity control indicators, in t REO.",
    )
    quotas.add_argument("year", metavar="YEAR", nargs="?", help="one year (default: all)")
    quotas.set_defaults(handler=run)


def _figure(value: Tonnage | None) -> str:
    return "n/a" if value is None else f"{value.tonnes:f}"


def run(args: argparse.Namespace) -> int:
    if args.year is None:
        _print_all_quotas()
    else:
        _print_quota_year(national_quota_record(parse_year(args.year, "year")))
    return EXIT_OK


def _print_all_quotas() -> None:
    emit("China's national rare earth quotas, t REO (n/a: not given by the sources)")
    emit()
    header = ["year", "mining", "rock-type", "ion-adsorption", "S&S"]
    rows = []
    records = [national_quota_record(year) for year in national_quota_years()]
    for record in records:
        if record.disclosed:
            totals = record.totals
            rows.append(
                [
                    str(record.year),
                    _figure(totals.mining),
                    _figure(totals.mining_rock),
                    _figure(totals.mining_ion_adsorption),
                    _figure(totals.smelting_separation),
                ]
            )
        else:
            rows.append([str(record.year), "not disclosed", "", "", "not disclosed"])
    print_table(header, rows)
    emit()
    emit("Sources:")
    for record in records:
        url = f" <{record.source.url}>" if record.source.url else ""
        emit(f"  {record.year}: {record.source.title}{url}")


def _batch_text(figures: QuotaFigures) -> str:
    parts = []
    if figures.mining is not None:
        split = [
            f"{label} {_figure(value)}"
            for label, value in (
                ("rock-type", figures.mining_rock),
                ("ion-adsorption", figures.mining_ion_adsorption),
            )
            if value is not None
        ]
        parts.append(
            f"mining {_figure(figures.mining)}" + (f" ({'; '.join(split)})" if split else "")
        )
    if figures.smelting_separation is not None:
        parts.append(f"S&S {_figure(figures.smelting_separation)}")
    return ", ".join(parts) or "no figures given"


def _print_quota_year(record: NationalQuotaYear) -> None:
    if not record.disclosed:
        national_quota(record.year, "mining")  # raises UndisclosedQuotaError
    totals = record.totals
    emit(f"China's national rare earth quotas for {record.year}, t REO")
    emit(f"  mining:                   {_figure(totals.mining)}")
    emit(f"    rock-type ore:          {_figure(totals.mining_rock)}")
    emit(f"    ion-adsorption ore:     {_figure(totals.mining_ion_adsorption)}")
    emit(f"  smelting and separation:  {_figure(totals.smelting_separation)}")
    if record.batches:
        complete = "all batches listed" if record.all_batches_listed else "not every batch listed"
        emit(f"Batches ({complete}):")
        for batch in record.batches:
            emit(f"  batch {batch.batch} ({batch.basis.value}): {_batch_text(batch.figures)}")
    allocations = published_allocations(record.year)
    if allocations:
        emit("Per-holder allocations:")
        for allocation in allocations:
            ore = f", {allocation.ore_type.value}" if allocation.ore_type is not None else ""
            emit(
                f"  batch {allocation.batch}: {allocation.holder}, "
                f"{allocation.activity.value}{ore}: {allocation.amount}"
            )
    url = f" <{record.source.url}>" if record.source.url else ""
    emit(f"Source: {record.source.title}{url}")
    if record.note:
        emit(f"Note: {record.note}")
