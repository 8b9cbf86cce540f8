"""The cattrs converters: strict leaf hooks, shared objects, and errors with their JSON paths.

Two converters serve the loaders: ``FAST`` for well-formed documents and ``DETAILED``,
which reruns a failed document to collect every error with its path."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable
from decimal import Decimal
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
from rare_earth_regs.locale import Message, define
from rare_earth_regs.model.activities import Activity, FeedstockOrigin
from rare_earth_regs.model.coerce import enum_member
from rare_earth_regs.model.elements import Element, element
from rare_earth_regs.model.enterprises import (
    Enterprise,
    clear_uscc_cache,
)
from rare_earth_regs.model.invoices import InvoiceCategory, InvoiceKind, InvoiceLine
from rare_earth_regs.model.products import Product, ProductClass
from rare_earth_regs.model.quotas import OreType, QuotaBasis
from rare_earth_regs.model.reports import (
    Counterparty,
    FlowDirection,
)
from rare_earth_regs.periods import Month, iso_date, parse_timestamp
from rare_earth_regs.units import Tonnage, parse_tonnage

T = TypeVar("T")


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
    # A float comes from a dict parsed by json.loads (loads_report reads numbers as
    # Decimal): it is read through its shortest repr, as the model reads a float, so
    # report_from_dict(json.loads(text)) and loads_report(text) agree.
    if isinstance(value, float) and math.isfinite(value):
        return Decimal(repr(value))
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise InvalidInputError(field="value", value=value, accepted="a decimal string or number")
    # Text such as "45%" is read by the model's own converter.
    return value if isinstance(value, Decimal) else cast(Decimal, value)


def _structure_tonnage(value: object, _type: Any) -> Tonnage:
    if not isinstance(value, str):
        raise InvalidInputError(
            field="quantity", value=value, accepted="a string with a unit, such as '12.5 t'"
        )
    return cached_tonnage(value)


def _structure_month(value: object, _type: Any) -> Month:
    return Month.parse(value)


def _structure_date(value: object, _type: Any) -> dt.date:
    if isinstance(value, str):
        day = iso_date(value)
        if day is not None:
            return day
    raise InvalidInputError(field="date", value=value, accepted="a date as 'YYYY-MM-DD'")


# Quantities recur across lines and reports; a Tonnage is immutable, so one parse serves.
cached_tonnage = functools.lru_cache(maxsize=65536)(parse_tonnage)


def clear_caches() -> None:
    """Empty the loaders' caches of parsed quantities, dates and USCCs.

    The caches only save work (their entries are immutable values); clearing them
    frees their memory in a long-running process and makes benchmarks honest.
    """
    cached_tonnage.cache_clear()
    iso_date.cache_clear()
    clear_uscc_cache()
    for cache in SHARED_OBJECTS.values():
        cache.clear()
    SHARED_PARTIES.clear()


def _structure_datetime(value: object, _type: Any) -> dt.datetime:
    # the schema's grammar, shared with is_submitted_on_time
    return parse_timestamp(value, field="timestamp")


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
        InvoiceCategory,
        InvoiceKind,
    ):
        converter.register_structure_hook(enum_type, _enum_hook(enum_type))
    # An invoice's lines are a tuple in the model and a JSON array in a document only.
    converter.register_structure_hook_func(
        lambda kind: kind == tuple[InvoiceLine, ...],
        lambda value, _type: tuple(converter.structure(value, list[InvoiceLine])),
    )
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
SHARED_OBJECTS: dict[type, dict[object, object]] = {Product: {}, Enterprise: {}, Counterparty: {}}
SHARED_LIMIT = 4096
# The fast path's counterparties, by (uscc, name, country) as written (str or None).
SHARED_PARTIES: dict[tuple[object, ...], Counterparty] = {}


def freeze(value: object) -> object:
    if type(value) is dict:
        pairs = [(key, _freeze_item(item)) for key, item in value.items()]
        return tuple(sorted(pairs))
    if type(value) is list:
        return (list, tuple([_freeze_item(item) for item in value]))
    if type(value) is Decimal or type(value) is float:
        # Equal numbers written differently (1 and 1.0, 0.0 and -0.0) are different
        # documents: an object built from one must not be handed out for the other.
        return (type(value), repr(value))
    return (type(value), value)


def _freeze_item(item: object) -> object:
    return item if type(item) is str or item is None else freeze(item)


def _shared_hook(cls: type[T], converter: cattrs.Converter) -> Callable[[Any, Any], T]:
    build = converter.gen_structure_attrs_fromdict(cls)
    cache = SHARED_OBJECTS[cls]

    def structure(value: Any, _type: Any) -> T:
        key = freeze(value)
        found = cache.get(key)
        if found is None:
            found = build(value, cls)
            if len(cache) < SHARED_LIMIT:
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
    return DETAILED


# A plain converter is the fast path for valid documents; the detailed one reruns a
# failed document to collect every error with its path.
FAST = _make_converter(detailed=False)
DETAILED = _make_converter(detailed=True)


def structure_document(data: object, cls: type[T], source: str) -> T:
    try:
        return FAST.structure(data, cls)
    except Exception:  # any failure is run again below, for a full account
        pass
    errors: list[FieldError] = []
    found: T | None = collect(data, cls, "$", errors)
    if found is None:
        raise InvalidDocumentError(errors, source=source)
    return found


def collect(data: object, kind: Any, path: str, errors: list[FieldError]) -> Any:
    """Structure ``data`` with the detailed converter; on failure add every error, return None."""
    try:
        return DETAILED.structure(data, kind)
    except (ClassValidationError, IterableValidationError) as error:
        errors.extend(_field_errors(error, path))
    except InvalidInputError as error:
        errors.append(FieldError(path, describe_error(error)))
    except Exception as error:  # the shape itself is wrong: say so, with the path
        errors.append(FieldError(path, f"{type(error).__name__}: {error}"))
    return None


REQUIRED = define("error.required-field", "required field missing")
UNKNOWN_FIELDS = define("error.unknown-fields", "unknown fields: {fields}")
UNKNOWN_FIELDS_MORE = define(
    "error.unknown-fields-more", "unknown fields: {fields} and {more} more"
)
INVALID_VALUE = define("error.invalid-value", "invalid value ({kind})")


def describe_error(error: BaseException) -> Message:
    """What is wrong with a field, without its path, as a message."""
    if isinstance(error, InvalidInputError):
        return error.reason
    if isinstance(error, KeyError):
        return REQUIRED()
    if isinstance(error, ForbiddenExtraKeysError):
        names = sorted(error.extra_fields)
        listed = ", ".join(name if len(name) <= 40 else name[:37] + "..." for name in names[:5])
        if len(names) > 5:
            return UNKNOWN_FIELDS_MORE(fields=listed, more=len(names) - 5)
        return UNKNOWN_FIELDS(fields=listed)
    return INVALID_VALUE(kind=type(error).__name__)


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
        return [FieldError(f"{path}.{error.field}", describe_error(error))]
    return [FieldError(path, describe_error(error))]


def unstructure(value: object) -> Any:
    data = FAST.unstructure(value)
    if isinstance(data, dict):
        return {key: item for key, item in data.items() if item is not None}
    return data
