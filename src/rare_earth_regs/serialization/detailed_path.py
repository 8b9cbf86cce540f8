"""The detailed path: a report structured field by field, every bad field with its path."""

from __future__ import annotations

from rare_earth_regs.exceptions import (
    FieldError,
    InvalidDocumentError,
    InvalidInputError,
    short_repr,
)
from rare_earth_regs.model.reports import (
    FlowLine,
    FlowReport,
)
from rare_earth_regs.serialization.converters import collect, describe_error
from rare_earth_regs.serialization.documents import (
    FORMAT_VERSION,
    REPORT_FORMAT,
    LineDocument,
    ReportDocument,
)


def detailed_report(data: object, source: str) -> FlowReport:
    errors: list[FieldError] = []
    document = collect(data, ReportDocument, "$", errors)
    raw_lines = data.get("lines") if type(data) is dict else None
    line_documents: list[LineDocument] | None = None
    if type(raw_lines) is list:
        line_documents = collect(raw_lines, list[LineDocument], "$.lines", errors)
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
                    ore_type=line.ore_type,
                )
            )
        except InvalidInputError as error:
            errors.append(FieldError(f"$.lines[{index}].{error.field}", describe_error(error)))
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
            [FieldError(f"$.{error.field}", describe_error(error))], source=source
        ) from None
