"""JSON in and out: flow reports, quota allocations and designations.

The formats are documented in the JSON Schema shipped with the package
(:func:`report_schema`) and in the docs. In short, a flow report is::

    {
      "format": "rare_earth_regs/flow-report", "version": 1,
      "report_id": "91350000MA0000001K-2025-09",
      "enterprise": {"uscc": "...", "name": "...", "activities": ["smelting_separation"],
                     "group": null},
      "month": "2025-09",
      "submitted_at": "2025-10-09T10:15:00+08:00",
      "products": {"prnd-oxide": {"name": "PrNd oxide", "product_class": "compound", ...}},
      "lines": [{"direction": "produced", "product": "prnd-oxide", "quantity": "12.5 t",
                 "origin": "imported", "date": "2025-09-03"}]
    }

Lines refer to products by their key in ``products``, so a product is written once
and shared by every line that names it. Quantities are exact decimal strings with a
unit (``"12.5 t"``, ``"9 t REO"``); JSON numbers are read as :class:`~decimal.Decimal`,
never as binary floats, and ``NaN``/``Infinity`` are refused.

Malformed input raises :class:`~rare_earth_regs.exceptions.InvalidDocumentError`
listing every bad field with its JSON path:

>>> loads_report('{"month": "2025-13", "lines": []}')
Traceback (most recent call last):
...
rare_earth_regs.exceptions.InvalidDocumentError: report: 3 errors: $.enterprise: required \
field missing; $.month: got '2025-13'; expected a month as 'YYYY-MM' (year 1-9999, month \
01-12); $.products: required field missing

Round trips are lossless: ``loads_report(dumps_report(r)) == r``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast, get_origin

import attrs
import cattrs
from cattrs.cols import list_structure_factory, mapping_structure_factory
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from rare_earth_regs.exceptions import (
    FieldError,
    InvalidDocumentError,
    InvalidInputError,
    short_repr,
)
from rare_earth_regs.model.activities import Activity, FeedstockOrigin
from rare_earth_regs.model.coerce import enum_member
from rare_earth_regs.model.elements import Element, element
from rare_earth_regs.model.enterprises import (
    Designation,
    DesignationRegister,
    Enterprise,
    clear_uscc_cache,
)
from rare_earth_regs.model.products import Product, ProductClass
from rare_earth_regs.model.quotas import OreType, QuotaAllocation, QuotaBasis
from rare_earth_regs.model.reports import (
    Counterparty,
    FlowDirection,
    FlowLine,
    FlowReport,
    checked_line,
    checked_report,
)
from rare_earth_regs.periods import Month, iso_date, require_aware
from rare_earth_regs.units import Tonnage, parse_tonnage

__all__ = [
    "ALLOCATIONS_FORMAT",
    "DESIGNATIONS_FORMAT",
    "REPORT_FORMAT",
    "clear_caches",
    "dumps_allocations",
    "dumps_designations",
    "dumps_report",
    "load_allocations",
    "load_designations",
    "load_report",
    "loads_allocations",
    "loads_designations",
    "loads_report",
    "report_from_dict",
    "report_schema",
    "report_to_dict",
]

REPORT_FORMAT = "rare_earth_regs/flow-report"
ALLOCATIONS_FORMAT = "rare_earth_regs/quota-allocations"
DESIGNATIONS_FORMAT = "rare_earth_regs/designations"
FORMAT_VERSION = 1

T = TypeVar("T")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- documents: the JSON shapes that are not one-to-one with a model class -------------


@attrs.frozen(kw_only=True)
class _LineDocument:
    direction: FlowDirection
    product: str
    quantity: Tonnage
    reo: Tonnage | None = None
    origin: FeedstockOrigin | None = None
    counterparty: Counterparty | None = None
    date: dt.date | None = None
    invoice_number: str | None = None
    customs_declaration: str | None = None


@attrs.frozen(kw_only=True)
class _ReportDocument:
    """A report with its lines left raw: they are read by ``_fast_lines`` or, when
    something is wrong, structured as ``list[_LineDocument]`` for a full account."""

    enterprise: Enterprise
    month: Month
    products: dict[str, Product]
    lines: list[Any]
    submitted_at: dt.datetime | None = None
    report_id: str | None = None
    format: str = REPORT_FORMAT
    version: int = FORMAT_VERSION


@attrs.frozen(kw_only=True)
class _AllocationsDocument:
    allocations: list[QuotaAllocation]
    format: str = ALLOCATIONS_FORMAT
    version: int = FORMAT_VERSION


@attrs.frozen(kw_only=True)
class _DesignationsDocument:
    designations: list[Designation]
    format: str = DESIGNATIONS_FORMAT
    version: int = FORMAT_VERSION


# --- strict leaf hooks: JSON values are never coerced across types --------------------


def _expect(kind: type | tuple[type, ...], accepted: str) -> Callable[[object, Any], Any]:
    def structure(value: object, _type: Any) -> Any:
        if not isinstance(value, kind) or isinstance(value, bool):
            raise InvalidInputError(field="value", value=value, accepted=accepted)
        return value

    return structure


def _structure_str(value: object, _type: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(field="value", value=value, accepted="a string")
    return value


def _structure_bool(value: object, _type: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError(field="value", value=value, accepted="true or false")
    return value


def _structure_decimal(value: object, _type: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise InvalidInputError(field="value", value=value, accepted="a decimal string or number")
    # Text such as "45%" is read by the model's own converter.
    return value if isinstance(value, Decimal) else cast(Decimal, value)


def _structure_tonnage(value: object, _type: Any) -> Tonnage:
    if not isinstance(value, str):
        raise InvalidInputError(
            field="quantity", value=value, accepted="a string with a unit, such as '12.5 t'"
        )
    return _cached_tonnage(value)


def _structure_month(value: object, _type: Any) -> Month:
    return Month.parse(value)


def _structure_date(value: object, _type: Any) -> dt.date:
    if isinstance(value, str):
        day = iso_date(value)
        if day is not None:
            return day
    raise InvalidInputError(field="date", value=value, accepted="a date as 'YYYY-MM-DD'")


# Quantities recur across lines and reports; a Tonnage is immutable, so one parse serves.
_cached_tonnage = functools.lru_cache(maxsize=65536)(parse_tonnage)


def clear_caches() -> None:
    """Empty the loaders' caches of parsed quantities, dates and USCCs.

    The caches only save work (their entries are immutable values); clearing them
    frees their memory in a long-running process and makes benchmarks honest.
    """
    _cached_tonnage.cache_clear()
    iso_date.cache_clear()
    clear_uscc_cache()
    for cache in _SHARED.values():
        cache.clear()
    _PARTIES.clear()


def _structure_datetime(value: object, _type: Any) -> dt.datetime:
    accepted = "an ISO 8601 timestamp with a UTC offset, e.g. '2025-10-09T10:15:00+08:00'"
    if not isinstance(value, str) or not _DATE.match(value) or len(value) > 64:
        raise InvalidInputError(field="timestamp", value=value, accepted=accepted)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(field="timestamp", value=value, accepted=accepted) from None
    return require_aware(parsed, field="timestamp")


def _structure_elements(value: object, _type: Any) -> frozenset[Element]:
    if not isinstance(value, list):
        raise InvalidInputError(
            field="elements", value=value, accepted="a list of element symbols such as ['Nd']"
        )
    return frozenset(element(item) for item in value)


def _structure_activities(value: object, _type: Any) -> frozenset[Activity]:
    accepted = "a list of activities such as ['smelting_separation']"
    if not isinstance(value, list):
        raise InvalidInputError(field="activities", value=value, accepted=accepted)
    try:
        return frozenset(Activity(item) for item in value)
    except (ValueError, TypeError):
        raise InvalidInputError(field="activities", value=value, accepted=accepted) from None


def _make_converter(*, detailed: bool) -> cattrs.Converter:
    converter = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(int, _expect(int, "a whole number"))
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(Tonnage, _structure_tonnage)
    converter.register_structure_hook(Month, _structure_month)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook(dt.datetime, _structure_datetime)
    converter.register_structure_hook_func(
        lambda kind: kind == frozenset[Element], _structure_elements
    )
    converter.register_structure_hook_func(
        lambda kind: kind == frozenset[Activity], _structure_activities
    )
    for enum_type in (
        Activity,
        FeedstockOrigin,
        FlowDirection,
        ProductClass,
        OreType,
        QuotaBasis,
    ):
        converter.register_structure_hook(enum_type, _enum_hook(enum_type))
    converter.register_structure_hook_factory(
        _origin_is(list), _strict_container(list, "a JSON array")
    )
    converter.register_structure_hook_factory(
        _origin_is(dict), _strict_container(dict, "a JSON object")
    )
    if detailed:
        converter.register_structure_hook_factory(_is_model_class, cast(Any, _model_hook))
    else:
        for shared in (Product, Enterprise, Counterparty):
            converter.register_structure_hook(shared, _shared_hook(shared, converter))
    converter.register_unstructure_hook(Tonnage, str)
    converter.register_unstructure_hook(Month, str)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    converter.register_unstructure_hook(Decimal, lambda value: f"{value:f}")
    converter.register_unstructure_hook_func(
        lambda kind: kind == frozenset[Element],
        lambda members: [m.symbol for m in sorted(members, key=lambda m: m.atomic_number)],
    )
    converter.register_unstructure_hook_func(
        lambda kind: kind == frozenset[Activity],
        lambda members: sorted(member.value for member in members),
    )
    return converter


def _origin_is(kind: type) -> Callable[[Any], bool]:
    def predicate(type_: Any) -> bool:
        origin: object = get_origin(type_)
        return origin is kind

    return predicate


# Products, enterprises and counterparties recur across a dataset's reports: one object,
# built once from its JSON, serves every report that writes the same JSON (they are
# immutable). Keys carry the type of each number or boolean, so 1 and true never share
# an entry; strings and nulls, which equal nothing of another type, are kept as they are.
_SHARED: dict[type, dict[object, object]] = {Product: {}, Enterprise: {}, Counterparty: {}}
_SHARED_LIMIT = 4096
# The fast path's counterparties, by (uscc, name, country) as written (str or None).
_PARTIES: dict[tuple[object, ...], Counterparty] = {}


def _freeze(value: object) -> object:
    if type(value) is dict:
        pairs = [(key, _freeze_item(item)) for key, item in value.items()]
        return tuple(sorted(pairs))
    if type(value) is list:
        return (list, tuple([_freeze_item(item) for item in value]))
    return (type(value), value)


def _freeze_item(item: object) -> object:
    return item if type(item) is str or item is None else _freeze(item)


def _shared_hook(cls: type[T], converter: cattrs.Converter) -> Callable[[Any, Any], T]:
    build = converter.gen_structure_attrs_fromdict(cls)
    cache = _SHARED[cls]

    def structure(value: Any, _type: Any) -> T:
        key = _freeze(value)
        found = cache.get(key)
        if found is None:
            found = build(value, cls)
            if len(cache) < _SHARED_LIMIT:
                cache[key] = found
        return cast(T, found)

    return structure


def _strict_container(kind: type, accepted: str) -> Any:
    """A hook factory that refuses a value of another JSON type before the default hook."""

    def factory(type_: Any, converter: cattrs.Converter) -> Callable[[object, Any], Any]:
        default: Callable[[Any, Any], Any] = (
            list_structure_factory(type_, converter)
            if kind is list
            else mapping_structure_factory(type_, converter)
        )

        def structure(value: Any, type_: Any) -> Any:
            if type(value) is not kind:
                raise InvalidInputError(field="value", value=_kind_of(value), accepted=accepted)
            return default(value, type_)

        return structure

    return factory


def _kind_of(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), "a number" if isinstance(value, int | Decimal) else "a value")


_SPECIAL = (Tonnage, Month)


def _is_model_class(kind: Any) -> bool:
    return isinstance(kind, type) and attrs.has(kind) and kind not in _SPECIAL


def _model_hook(cls: type[T], converter: cattrs.Converter) -> Callable[[Any, Any], T]:
    """Structure an attrs class, reporting every bad field (detailed converter only).

    The default hook stops at the class's own checks (its converters and validators run
    in ``__init__``, which raises at the first bad field); on such a failure each field
    is checked on its own, so the error lists them all, each with its path.
    """
    default = converter.gen_structure_attrs_fromdict(cls)

    def structure(value: Any, _type: Any) -> T:
        if type(value) is not dict:
            raise InvalidInputError(field="value", value=_kind_of(value), accepted="a JSON object")
        try:
            return default(value, cls)
        except ClassValidationError as error:
            with_notes, without = error.group_exceptions()
            reported = {note.name for _, note in with_notes if hasattr(note, "name")}
            more = _each_field_error(cls, value, converter, skip=reported)
            if not more:
                raise
            # The fields' own errors explain a failed __init__; keep the others.
            kept = [inner for inner, _ in with_notes]
            kept += [inner for inner in without if not isinstance(inner, InvalidInputError)]
            raise ClassValidationError(error.message, kept + more, cls) from None

    return structure


def _each_field_error(
    cls: type, value: dict[str, Any], converter: cattrs.Converter, *, skip: set[str]
) -> list[Exception]:
    found: list[Exception] = []
    for field in attrs.fields(cls):
        if field.name not in value or not field.init or field.name in skip:
            continue
        try:
            item = converter.structure(value[field.name], field.type)
            if field.converter is not None:
                item = field.converter(item)
            if field.validator is not None:
                field.validator(None, field, item)
        except InvalidInputError as inner:
            inner.__notes__ = [
                AttributeValidationNote(
                    f"Structuring class {cls.__qualname__} @ attribute {field.name}",
                    field.name,
                    field.type,
                )
            ]
            found.append(inner)
        except Exception:  # a type error, already reported by the default hook
            continue
    return found


def _enum_hook(enum_type: Any) -> Callable[[object, Any], Any]:
    def structure(value: object, _type: Any) -> Any:
        return enum_member(enum_type, value, field="value")

    return structure


def field_errors(error: BaseException) -> list[FieldError]:
    """Every bad field a structuring error describes, each with its JSON path from ``$``."""
    return _field_errors(error, "$")


def strict_converter() -> cattrs.Converter:
    """The strict converter the loaders use (detailed validation, no coercion).

    For the package's own data files: values of the wrong JSON type and unknown keys are
    refused, and errors carry their paths.
    """
    return _DETAILED


# A plain converter is the fast path for valid documents; the detailed one reruns a
# failed document to collect every error with its path.
_FAST = _make_converter(detailed=False)
_DETAILED = _make_converter(detailed=True)


def _structure(data: object, cls: type[T], source: str) -> T:
    try:
        return _FAST.structure(data, cls)
    except Exception:  # any failure is run again below, for a full account
        pass
    errors: list[FieldError] = []
    found: T | None = _collect(data, cls, "$", errors)
    if found is None:
        raise InvalidDocumentError(errors, source=source)
    return found


def _collect(data: object, kind: Any, path: str, errors: list[FieldError]) -> Any:
    """Structure ``data`` with the detailed converter; on failure add every error, return None."""
    try:
        return _DETAILED.structure(data, kind)
    except (ClassValidationError, IterableValidationError) as error:
        errors.extend(_field_errors(error, path))
    except InvalidInputError as error:
        errors.append(FieldError(path, _describe(error)))
    except Exception as error:  # the shape itself is wrong: say so, with the path
        errors.append(FieldError(path, f"{type(error).__name__}: {error}"))
    return None


def _describe(error: BaseException) -> str:
    if isinstance(error, InvalidInputError):
        prefix = f"{error.field}: "
        return error.message[len(prefix) :] if error.message.startswith(prefix) else error.message
    if isinstance(error, KeyError):
        return "required field missing"
    if isinstance(error, ForbiddenExtraKeysError):
        names = sorted(error.extra_fields)
        listed = ", ".join(name if len(name) <= 40 else name[:37] + "..." for name in names[:5])
        more = f" and {len(names) - 5} more" if len(names) > 5 else ""
        return f"unknown fields: {listed}{more}"
    return f"invalid value ({type(error).__name__})"


def _step(note: AttributeValidationNote | IterableValidationNote) -> str:
    if isinstance(note, AttributeValidationNote):
        return f".{note.name}"
    index = note.index
    return f"[{short_repr(index, 60)}]" if isinstance(index, str) else f"[{index}]"


def _field_errors(error: BaseException, path: str) -> list[FieldError]:
    if isinstance(error, ClassValidationError | IterableValidationError):
        with_notes, without = error.group_exceptions()
        found: list[FieldError] = []
        for inner, note in with_notes:
            found.extend(_field_errors(inner, path + _step(note)))
        for inner in without:
            found.extend(_field_errors(inner, path))
        return found
    if (
        isinstance(error, InvalidInputError)
        and path.endswith(("$", "]"))
        and error.field not in ("", "value")
    ):
        # An error raised by a model's own check names the field inside the object.
        return [FieldError(f"{path}.{error.field}", _describe(error))]
    return [FieldError(path, _describe(error))]


# --- JSON text ---------------------------------------------------------------------------


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        counts = Counter(key for key, _ in pairs)
        raise _DuplicateKeyError(sorted(key for key, count in counts.items() if count > 1))
    return result


class _DuplicateKeyError(ValueError):
    def __init__(self, keys: list[str]) -> None:
        super().__init__(f"duplicate keys: {', '.join(keys)}")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


# One decoder for every document (json.loads would build one per call with these hooks).
_DECODER = json.JSONDecoder(
    parse_float=Decimal, parse_constant=_refuse_constant, object_pairs_hook=_no_duplicates
)


def _parse_json(text: str | bytes, source: str) -> Any:
    if not isinstance(text, str | bytes | bytearray):
        raise InvalidDocumentError(
            [FieldError("$", f"expected JSON text (str or bytes), got {type(text).__name__}")],
            source=source,
        )
    try:
        # what json.loads does before decoding
        if not isinstance(text, str):
            text = text.decode(json.detect_encoding(text), "surrogatepass")
        elif text.startswith("\ufeff"):
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        return _DECODER.decode(text)
    except json.JSONDecodeError as error:
        message = f"malformed JSON: {error.msg} at line {error.lineno} column {error.colno}"
        raise InvalidDocumentError([FieldError("$", message)], source=source) from None
    except (ValueError, RecursionError, UnicodeDecodeError) as error:
        message = "nesting too deep" if isinstance(error, RecursionError) else str(error)
        raise InvalidDocumentError([FieldError("$", message)], source=source) from None


# --- reports -----------------------------------------------------------------------------


_LINE_KEYS = frozenset(attrs.fields_dict(_LineDocument))
_COUNTERPARTY_KEYS = frozenset({"uscc", "name", "country"})
_DIRECTIONS = {member.value: member for member in FlowDirection}
_ORIGINS: dict[object, FeedstockOrigin | None] = {
    member.value: member for member in FeedstockOrigin
}
_ORIGINS[None] = None


def _fast_lines(
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
    parties = _PARTIES
    line_keys, party_keys = _LINE_KEYS, _COUNTERPARTY_KEYS
    directions, origins = _DIRECTIONS, _ORIGINS
    tonnage, read_date, build = _cached_tonnage, iso_date, checked_line
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
                    if len(parties) < _SHARED_LIMIT:
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
                )
            )
    except (KeyError, TypeError, InvalidInputError):
        return None
    return lines, indexes


def report_from_dict(data: object, *, source: str = "report") -> FlowReport:
    """Build a :class:`FlowReport` from parsed JSON (a dict), checking every field."""
    header = None
    with contextlib.suppress(Exception):  # the detailed path below explains any failure
        header = _FAST.structure(data, _ReportDocument)
    if (
        header is not None
        and header.format == REPORT_FORMAT
        and header.version == FORMAT_VERSION
        and type(header.lines) is list
    ):
        built = _fast_lines(header.lines, header.products, header.month)
        if built is not None:
            try:
                return checked_report(
                    enterprise=header.enterprise,
                    month=header.month,
                    lines=built[0],
                    indexes=built[1],
                    submitted_at=header.submitted_at,
                    report_id=header.report_id,
                )
            except InvalidInputError:
                pass  # the detailed path reports it with its path
    return _detailed_report(data, source)


def _detailed_report(data: object, source: str) -> FlowReport:
    errors: list[FieldError] = []
    document = _collect(data, _ReportDocument, "$", errors)
    raw_lines = data.get("lines") if type(data) is dict else None
    line_documents: list[_LineDocument] | None = None
    if type(raw_lines) is list:
        line_documents = _collect(raw_lines, list[_LineDocument], "$.lines", errors)
    if document is None or line_documents is None:
        raise InvalidDocumentError(errors, source=source)
    if document.format != REPORT_FORMAT:
        errors.append(
            FieldError("$.format", f"got {short_repr(document.format)}; expected {REPORT_FORMAT!r}")
        )
    if document.version != FORMAT_VERSION:
        errors.append(FieldError("$.version", f"got {short_repr(document.version)}; expected 1"))
    lines: list[FlowLine] = []
    for index, line in enumerate(line_documents):
        product = document.products.get(line.product)
        if product is None:
            errors.append(
                FieldError(
                    f"$.lines[{index}].product",
                    f"got {short_repr(line.product)}; expected a key of $.products",
                )
            )
            continue
        try:
            lines.append(
                FlowLine(
                    direction=line.direction,
                    product=product,
                    quantity=line.quantity,
                    reo=line.reo,
                    origin=line.origin,
                    counterparty=line.counterparty,
                    date=line.date,
                    invoice_number=line.invoice_number,
                    customs_declaration=line.customs_declaration,
                )
            )
        except InvalidInputError as error:
            errors.append(FieldError(f"$.lines[{index}].{error.field}", _describe(error)))
    if errors:
        raise InvalidDocumentError(errors, source=source)
    try:
        return FlowReport(
            enterprise=document.enterprise,
            month=document.month,
            lines=lines,
            submitted_at=document.submitted_at,
            report_id=document.report_id,
        )
    except InvalidInputError as error:
        raise InvalidDocumentError(
            [FieldError(f"$.{error.field}", _describe(error))], source=source
        ) from None


def loads_report(text: str | bytes, *, source: str = "report") -> FlowReport:
    """Read a flow report from JSON text.

    ``source`` names the document in error messages (a file name, say).
    """
    return report_from_dict(_parse_json(text, source), source=source)


def load_report(path: str | Path) -> FlowReport:
    """Read a flow report from a JSON file."""
    file = Path(path)
    return loads_report(_read(file), source=str(file))


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise InvalidInputError(
            f"{file}: cannot read: {error.strerror}",
            field="path",
            value=str(file),
            accepted="a readable JSON file",
        ) from None


def _product_keys(products: Iterable[Product]) -> dict[Product, str]:
    keys: dict[Product, str] = {}
    used: set[str] = set()
    for product in products:
        if product in keys:
            continue
        base = re.sub(r"[^0-9a-z]+", "-", product.name.lower()).strip("-") or "product"
        key, number = base, 2
        while key in used:
            key, number = f"{base}-{number}", number + 1
        keys[product] = key
        used.add(key)
    return keys


def report_to_dict(report: FlowReport) -> dict[str, Any]:
    """The JSON-ready dict of a report (see :func:`dumps_report`)."""
    keys = _product_keys(line.product for line in report.lines)
    lines: list[dict[str, Any]] = []
    for line in report.lines:
        entry: dict[str, Any] = {
            "direction": line.direction.value,
            "product": keys[line.product],
            "quantity": str(line.quantity),
        }
        optional = {
            "reo": None if line.reo is None else str(line.reo),
            "origin": None if line.origin is None else line.origin.value,
            "counterparty": (
                None if line.counterparty is None else _unstructure(line.counterparty)
            ),
            "date": None if line.date is None else line.date.isoformat(),
            "invoice_number": line.invoice_number,
            "customs_declaration": line.customs_declaration,
        }
        entry.update((name, value) for name, value in optional.items() if value is not None)
        lines.append(entry)
    return {
        "format": REPORT_FORMAT,
        "version": FORMAT_VERSION,
        "report_id": report.report_id,
        "enterprise": _unstructure(report.enterprise),
        "month": str(report.month),
        "submitted_at": None if report.submitted_at is None else report.submitted_at.isoformat(),
        "products": {key: _unstructure(product) for product, key in keys.items()},
        "lines": lines,
    }


def _unstructure(value: object) -> Any:
    data = _FAST.unstructure(value)
    if isinstance(data, dict):
        return {key: item for key, item in data.items() if item is not None}
    return data


def dumps_report(report: FlowReport, *, indent: int | None = 2) -> str:
    """Write a flow report as JSON text (lossless: ``loads_report`` gives it back)."""
    return json.dumps(report_to_dict(report), indent=indent, ensure_ascii=False)


# --- allocations and designations --------------------------------------------------------


def _check_header(document: Any, expected: str, source: str) -> None:
    errors = []
    if document.format != expected:
        errors.append(
            FieldError("$.format", f"got {short_repr(document.format)}; expected {expected!r}")
        )
    if document.version != FORMAT_VERSION:
        errors.append(FieldError("$.version", f"got {short_repr(document.version)}; expected 1"))
    if errors:
        raise InvalidDocumentError(errors, source=source)


def loads_allocations(
    text: str | bytes, *, source: str = "allocations"
) -> tuple[QuotaAllocation, ...]:
    """Read quota allocations from JSON text (``{"allocations": [...]}``)."""
    document = _structure(_parse_json(text, source), _AllocationsDocument, source)
    _check_header(document, ALLOCATIONS_FORMAT, source)
    return tuple(document.allocations)


def load_allocations(path: str | Path) -> tuple[QuotaAllocation, ...]:
    """Read quota allocations from a JSON file."""
    file = Path(path)
    return loads_allocations(_read(file), source=str(file))


def dumps_allocations(allocations: Iterable[QuotaAllocation], *, indent: int | None = 2) -> str:
    """Write quota allocations as JSON text."""
    data = {
        "format": ALLOCATIONS_FORMAT,
        "version": FORMAT_VERSION,
        "allocations": [_unstructure(allocation) for allocation in allocations],
    }
    return json.dumps(data, indent=indent, ensure_ascii=False)


def loads_designations(text: str | bytes, *, source: str = "designations") -> DesignationRegister:
    """Read designations (Regulations art. 8) from JSON text (``{"designations": [...]}``)."""
    document = _structure(_parse_json(text, source), _DesignationsDocument, source)
    _check_header(document, DESIGNATIONS_FORMAT, source)
    return DesignationRegister(document.designations)


def load_designations(path: str | Path) -> DesignationRegister:
    """Read designations from a JSON file."""
    file = Path(path)
    return loads_designations(_read(file), source=str(file))


def dumps_designations(designations: Iterable[Designation], *, indent: int | None = 2) -> str:
    """Write designations as JSON text."""
    data = {
        "format": DESIGNATIONS_FORMAT,
        "version": FORMAT_VERSION,
        "designations": [_unstructure(designation) for designation in designations],
    }
    return json.dumps(data, indent=indent, ensure_ascii=False)


@functools.cache
def _schema_text() -> str:
    return (
        resources.files("rare_earth_regs")
        .joinpath("schema/flow-report.schema.json")
        .read_text(encoding="utf-8")
    )


def report_schema() -> Mapping[str, Any]:
    """The JSON Schema (draft 2020-12) of the flow report format, as a fresh dict."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema
