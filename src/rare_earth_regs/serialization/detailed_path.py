"""The detailed path: a report structured field by field, every bad field with its path.

Each part is read on its own (the header, each line, each field the report checks
itself), so that an error of one kind hides no error of another: a bad quantity in one
line and a date outside the month in another are reported together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import attrs

from rare_earth_regs.exceptions import (
    FieldError,
    InvalidDocumentError,
    InvalidInputError,
    InvalidPeriodError,
    got_expected,
)
from rare_earth_regs.locale import define
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.reports import (
    DAY_IN_MONTH,
    FlowLine,
    FlowReport,
)
from rare_earth_regs.periods import Month, iso_date
from rare_earth_regs.serialization.converters import collect, describe_error
from rare_earth_regs.serialization.documents import (
    FORMAT_VERSION,
    REPORT_FORMAT,
    LineDocument,
    ReportDocument,
    other_kind,
)

PRODUCT_KEY = define("accepted.product-key", "a key of $.products")


def _report_check(name: str) -> Callable[[Any], object]:
    return cast(Callable[[Any], object], attrs.fields_dict(FlowReport)[name].converter)


# The fields the report checks itself (beyond their JSON type): their JSON type, the check.
_REPORT_CHECKS: dict[str, tuple[Any, Callable[[Any], object]]] = {
    "submitted_at": (dt.datetime | None, _report_check("submitted_at")),
    "report_id": (str | None, _report_check("report_id")),
}


def detailed_report(data: object, source: str) -> FlowReport:
    """Build a report from ``data``, or raise with every bad field of it."""
    kind = other_kind(data, REPORT_FORMAT)
    if kind is not None:
        raise InvalidDocumentError([FieldError("$", kind)], source=source)
    errors: list[FieldError] = []
    document: ReportDocument | None = collect(data, ReportDocument, "$", errors)
    raw: dict[str, Any] = data if type(data) is dict else {}
    if document is not None:
        _check_header(document, errors)
    month, products = _month_and_products(raw, document)
    lines = _lines(raw.get("lines"), month, products, errors)
    _check_report_fields(raw, document, errors)
    if errors or document is None or lines is None:
        raise InvalidDocumentError(errors, source=source)
    try:
        return FlowReport(
            enterprise=document.enterprise,
            month=document.month,
            lines=lines,
            submitted_at=document.submitted_at,
            report_id=document.report_id,
            revision=document.revision,
        )
    except InvalidInputError as error:
        raise InvalidDocumentError(
            [FieldError(f"$.{error.field}", describe_error(error))], source=source
        ) from None


def _check_header(document: ReportDocument, errors: list[FieldError]) -> None:
    if document.format != REPORT_FORMAT:
        errors.append(FieldError("$.format", got_expected(document.format, repr(REPORT_FORMAT))))
    if document.version != FORMAT_VERSION:
        errors.append(FieldError("$.version", got_expected(document.version, "1")))


def _month_and_products(
    raw: dict[str, Any], document: ReportDocument | None
) -> tuple[Month | None, dict[str, Product] | None]:
    """The month and the products, read on their own when the header has other errors."""
    if document is not None:
        return document.month, document.products
    ignored: list[FieldError] = []  # already reported with the header
    month = collect(raw["month"], Month, "$.month", ignored) if "month" in raw else None
    products = None
    if "products" in raw:
        products = collect(raw["products"], dict[str, Product], "$.products", ignored)
    return month, products


def _lines(
    raw_lines: object,
    month: Month | None,
    products: dict[str, Product] | None,
    errors: list[FieldError],
) -> list[FlowLine] | None:
    """The lines, each read on its own; None if any is bad (its errors are in ``errors``)."""
    if type(raw_lines) is not list:
        return None  # reported with the header
    lines: list[FlowLine] = []
    complete = products is not None
    for index, raw_line in enumerate(raw_lines):
        line = _line(raw_line, f"$.lines[{index}]", month, products, errors)
        if line is None:
            complete = False
        else:
            lines.append(line)
    return lines if complete else None


def _line(
    raw_line: object,
    path: str,
    month: Month | None,
    products: dict[str, Product] | None,
    errors: list[FieldError],
) -> FlowLine | None:
    """One line, or None with its errors added: each field, the day, the product key."""
    before = len(errors)
    line: LineDocument | None = collect(raw_line, LineDocument, path, errors)
    raw: dict[str, Any] = raw_line if type(raw_line) is dict else {}
    # what the line's own errors leave readable: its day and its product key
    day = line.date if line is not None else _day(raw.get("date"))
    key = line.product if line is not None else raw.get("product")
    if month is not None and day is not None and day not in month:
        outside = InvalidPeriodError(
            field="date", value=day.isoformat(), accepted=DAY_IN_MONTH(month=month)
        )
        errors.append(FieldError(f"{path}.date", describe_error(outside)))
    product = None if products is None or type(key) is not str else products.get(key)
    if products is not None and type(key) is str and product is None:
        errors.append(FieldError(f"{path}.product", got_expected(key, PRODUCT_KEY())))
    if line is None or product is None:
        return None
    try:
        built = FlowLine(
            direction=line.direction,
            product=product,
            quantity=line.quantity,
            reo=line.reo,
            origin=line.origin,
            counterparty=line.counterparty,
            date=line.date,
            invoice_number=line.invoice_number,
            customs_declaration=line.customs_declaration,
            ore_type=line.ore_type,
            licence_number=line.licence_number,
        )
    except InvalidInputError as error:
        errors.append(FieldError(f"{path}.{error.field}", describe_error(error)))
        return None
    return built if len(errors) == before else None


def _day(value: object) -> dt.date | None:
    return iso_date(value) if type(value) is str and len(value) == 10 else None


def _check_report_fields(
    raw: dict[str, Any], document: ReportDocument | None, errors: list[FieldError]
) -> None:
    """The checks the report makes of its own fields, each on its own."""
    reported = {error.path for error in errors}
    for name, (kind, check) in _REPORT_CHECKS.items():
        path = f"$.{name}"
        if path in reported or raw.get(name) is None:
            continue
        if document is not None:
            value = getattr(document, name)
        else:
            value = collect(raw[name], kind, path, [])
            if value is None:
                continue
        try:
            check(value)
        except InvalidInputError as error:
            errors.append(FieldError(path, describe_error(error)))
