"""``rare-earth-regs quotas``: the national quotas (t REO) with their sources."""

from __future__ import annotations

import argparse

from rare_earth_regs.cli.common import (
    EXIT_OK,
    Subcommands,
    current_language,
    parse_year,
    print_table,
    say,
    term,
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
from rare_earth_regs.locale import N_, define
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
    return term(N_("n/a")) if value is None else f"{value.tonnes:f}"


def run(args: argparse.Namespace) -> int:
    if args.year is None:
        _print_all_quotas()
    else:
        _print_quota_year(national_quota_record(parse_year(args.year, "year")))
    return EXIT_OK


def _print_all_quotas() -> None:
    emit(term(ALL_TITLE))
    emit()
    header = [term(name) for name in ALL_HEADER]
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
            undisclosed = term(N_("not disclosed"))
            rows.append([str(record.year), undisclosed, "", "", undisclosed])
    print_table(header, rows)
    emit()
    emit(term(N_("Sources:")))
    for record in records:
        url = f" <{record.source.url}>" if record.source.url else ""
        emit(f"  {record.year}: {record.source.title}{url}")


def _batch_text(figures: QuotaFigures) -> str:
    parts = []
    if figures.mining is not None:
        split = [
            f"{term(label)} {_figure(value)}"
            for label, value in (
                (N_("rock-type"), figures.mining_rock),
                (N_("ion-adsorption"), figures.mining_ion_adsorption),
            )
            if value is not None
        ]
        parts.append(
            f"{term(N_('mining'))} {_figure(figures.mining)}"
            + (f" ({'; '.join(split)})" if split else "")
        )
    if figures.smelting_separation is not None:
        parts.append(f"{term(N_('S&S'))} {_figure(figures.smelting_separation)}")
    return term(N_(", ")).join(parts) or term(N_("no figures given"))


def _print_quota_year(record: NationalQuotaYear) -> None:
    if not record.disclosed:
        national_quota(record.year, "mining")  # raises UndisclosedQuotaError
    totals = record.totals
    emit(say(YEAR_TITLE, year=record.year))
    emit(say(MINING, figure=_figure(totals.mining)))
    emit(say(ROCK, figure=_figure(totals.mining_rock)))
    emit(say(ION, figure=_figure(totals.mining_ion_adsorption)))
    emit(say(SMELTING, figure=_figure(totals.smelting_separation)))
    if record.batches:
        complete = (
            N_("all batches listed") if record.all_batches_listed else N_("not every batch listed")
        )
        emit(say(BATCHES, complete=term(complete)))
        for batch in record.batches:
            emit(
                say(
                    BATCH,
                    batch=batch.batch,
                    basis=term(BASES[batch.basis.value]),
                    figures=_batch_text(batch.figures),
                )
            )
    allocations = published_allocations(record.year)
    if allocations:
        emit(term(N_("Per-holder allocations:")))
        for allocation in allocations:
            ore = "" if allocation.ore_type is None else term(ORES[allocation.ore_type.value])
            emit(
                say(
                    ALLOCATION,
                    batch=allocation.batch,
                    holder=allocation.holder,
                    activity=allocation.activity.term.render(current_language()) + ore,
                    amount=str(allocation.amount),
                )
            )
    url = f" <{record.source.url}>" if record.source.url else ""
    emit(say(SOURCE, title=record.source.title, url=url))
    if record.note:
        emit(say(NOTE, note=record.note))


BASES = {"increment": N_("increment"), "running_total": N_("running total")}
ORES = {"rock": N_(", rock-type ore"), "ion_adsorption": N_(", ion-adsorption ore")}
ALL_TITLE = N_("China's national rare earth quotas, t REO (n/a: not given by the sources)")
ALL_HEADER = (N_("year"), N_("mining"), N_("rock-type"), N_("ion-adsorption"), N_("S&S"))
YEAR_TITLE = define("cli.quotas.year-title", "China's national rare earth quotas for {year}, t REO")
MINING = define("cli.quotas.mining", "  mining:                   {figure}")
ROCK = define("cli.quotas.rock", "    rock-type ore:          {figure}")
ION = define("cli.quotas.ion", "    ion-adsorption ore:     {figure}")
SMELTING = define("cli.quotas.smelting", "  smelting and separation:  {figure}")
BATCHES = define("cli.quotas.batches", "Batches ({complete}):")
BATCH = define("cli.quotas.batch", "  batch {batch} ({basis}): {figures}")
ALLOCATION = define("cli.quotas.allocation", "  batch {batch}: {holder}, {activity}: {amount}")
SOURCE = define("cli.quotas.source", "Source: {title}{url}")
NOTE = define("cli.quotas.note", "Note: {note}")
