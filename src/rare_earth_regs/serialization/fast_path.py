"""The fast path: builds the lines of a well-formed report without cattrs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from rare_earth_regs.exceptions import (
    InvalidInputError,
)
from rare_earth_regs.model.activities import FeedstockOrigin, OreType
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.reports import (
    Counterparty,
    FlowDirection,
    FlowLine,
    checked_line,
)
from rare_earth_regs.periods import Month, iso_date
from rare_earth_regs.serialization.converters import SHARED_LIMIT, SHARED_PARTIES, cached_tonnage
from rare_earth_regs.serialization.documents import LineDocument

_LINE_KEYS = frozenset(attrs.fields_dict(LineDocument))
_COUNTERPARTY_KEYS = frozenset({"uscc", "name", "country"})
_DIRECTIONS = {member.value: member for member in FlowDirection}
_ORIGINS: dict[object, FeedstockOrigin | None] = {
    member.value: member for member in FeedstockOrigin
}
_ORIGINS[None] = None
_ORE_TYPES: dict[object, OreType | None] = {member.value: member for member in OreType}
_ORE_TYPES[None] = None


def fast_lines(
    raw_lines: list[Any], products: Mapping[str, Product], month: Month
) -> tuple[list[FlowLine], dict[FlowDirection, list[int]]] | None:
    """Build and index the lines of a well-formed document quickly; None if anything is off.

    A document this path does not accept goes through the detailed cattrs path, which
    applies the same checks and reports every error with its path, so the two paths
    accept exactly the same documents. This loop runs once per line of every report,
    so it binds what it calls to locals.
    """
    lines: list[FlowLine] = []
    append = lines.append
    indexes: dict[FlowDirection, list[int]] = {}
    parties = SHARED_PARTIES
    line_keys, party_keys = _LINE_KEYS, _COUNTERPARTY_KEYS
    directions, origins = _DIRECTIONS, _ORIGINS
    tonnage, read_date, build = cached_tonnage, iso_date, checked_line
    year, month_number = month.year, month.month
    try:
        for raw in raw_lines:
            if type(raw) is not dict or not raw.keys() <= line_keys:
                return None
            get = raw.get
            quantity, reo, day = raw["quantity"], get("reo"), get("date")
            if type(quantity) is not str or (reo is not None and type(reo) is not str):
                return None
            if day is not None:
                if type(day) is not str:
                    return None
                day = read_date(day)
                # a day outside the month: the detailed path names the line
                if day is None or day.month != month_number or day.year != year:
                    return None
            party = get("counterparty")
            if party is not None:
                if type(party) is not dict or not party.keys() <= party_keys:
                    return None
                key = (party.get("uscc"), party.get("name"), party.get("country"))
                known = parties.get(key)
                if known is None:
                    if not all(value is None or type(value) is str for value in key):
                        return None
                    known = Counterparty(**party)
                    if len(parties) < SHARED_LIMIT:
                        parties[key] = known
                party = known
            direction = directions[raw["direction"]]
            indexes.setdefault(direction, []).append(len(lines))
            append(
                build(
                    direction,
                    products[raw["product"]],
                    tonnage(quantity),
                    None if reo is None else tonnage(reo),
                    origins[get("origin")],
                    party,
                    day,
                    get("invoice_number"),
                    get("customs_declaration"),
                    _ORE_TYPES[get("ore_type")],
                    get("licence_number"),
                )
            )
    except (KeyError, TypeError, InvalidInputError):
        return None
    return lines, indexes
