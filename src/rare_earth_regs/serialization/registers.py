"""Quota allocations, designations and product catalogues in and out."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from rare_earth_regs.exceptions import (
    FieldError,
    InvalidDocumentError,
    got_expected,
)
from rare_earth_regs.model.enterprises import (
    Designation,
    DesignationRegister,
)
from rare_earth_regs.model.products import Product
from rare_earth_regs.model.quotas import PriorUse, QuotaAllocation
from rare_earth_regs.serialization.converters import structure_document, unstructure
from rare_earth_regs.serialization.documents import (
    ALLOCATIONS_FORMAT,
    DESIGNATIONS_FORMAT,
    FORMAT_VERSION,
    PRIOR_USE_FORMAT,
    PRODUCTS_FORMAT,
    AllocationsDocument,
    DesignationsDocument,
    PriorUseDocument,
    ProductsDocument,
    other_kind,
)
from rare_earth_regs.serialization.json_text import parse_json, read_file

T = TypeVar("T")

# --- allocations and designations --------------------------------------------------------


def structure_register(data: object, cls: type[T], expected: str, source: str) -> T:
    """Structure a document of ``expected`` format, naming a document of another kind as such."""
    kind = other_kind(data, expected)
    if kind is not None:
        raise InvalidDocumentError([FieldError("$", kind)], source=source)
    document = structure_document(data, cls, source)
    _check_header(document, expected, source)
    return document


def _check_header(document: Any, expected: str, source: str) -> None:
    errors = []
    if document.format != expected:
        errors.append(FieldError("$.format", got_expected(document.format, repr(expected))))
    if document.version != FORMAT_VERSION:
        errors.append(FieldError("$.version", got_expected(document.version, "1")))
    if errors:
        raise InvalidDocumentError(errors, source=source)


def loads_allocations(
    text: str | bytes, *, source: str = "allocations"
) -> tuple[QuotaAllocation, ...]:
    """Read quota allocations from JSON text (``{"allocations": [...]}``)."""
    document = structure_register(
        parse_json(text, source), AllocationsDocument, ALLOCATIONS_FORMAT, source
    )
    return tuple(document.allocations)


def load_allocations(path: str | Path) -> tuple[QuotaAllocation, ...]:
    """Read quota allocations from a JSON file."""
    file = Path(path)
    return loads_allocations(read_file(file), source=str(file))


def dumps_allocations(allocations: Iterable[QuotaAllocation], *, indent: int | None = 2) -> str:
    """Write quota allocations as JSON text."""
    data = {
        "format": ALLOCATIONS_FORMAT,
        "version": FORMAT_VERSION,
        "allocations": [unstructure(allocation) for allocation in allocations],
    }
    return json.dumps(data, indent=indent, ensure_ascii=False)


def loads_prior_use(text: str | bytes, *, source: str = "prior use") -> tuple[PriorUse, ...]:
    """Read the output stated for the months before the encoded range (``{"prior_use": [...]}``).

    Each entry is a :class:`~rare_earth_regs.model.quotas.PriorUse`: ``year``,
    ``activity``, ``holder`` (and ``holder_uscc``), ``ore_type`` for a part of a split
    mining indicator, ``amount`` in t REO and an optional ``source`` (policy P14).
    """
    document = structure_register(
        parse_json(text, source), PriorUseDocument, PRIOR_USE_FORMAT, source
    )
    return tuple(document.prior_use)


def load_prior_use(path: str | Path) -> tuple[PriorUse, ...]:
    """Read a prior use document from a JSON file."""
    file = Path(path)
    return loads_prior_use(read_file(file), source=str(file))


def dumps_prior_use(prior_use: Iterable[PriorUse], *, indent: int | None = 2) -> str:
    """Write the stated earlier output as JSON text (what :func:`loads_prior_use` reads)."""
    data = {
        "format": PRIOR_USE_FORMAT,
        "version": FORMAT_VERSION,
        "prior_use": [unstructure(entry) for entry in prior_use],
    }
    return json.dumps(data, indent=indent, ensure_ascii=False)


def loads_designations(text: str | bytes, *, source: str = "designations") -> DesignationRegister:
    """Read designations (Regulations art. 8) from JSON text (``{"designations": [...]}``)."""
    document = structure_register(
        parse_json(text, source), DesignationsDocument, DESIGNATIONS_FORMAT, source
    )
    return DesignationRegister(document.designations)


def load_designations(path: str | Path) -> DesignationRegister:
    """Read designations from a JSON file."""
    file = Path(path)
    return loads_designations(read_file(file), source=str(file))


def dumps_designations(designations: Iterable[Designation], *, indent: int | None = 2) -> str:
    """Write designations as JSON text."""
    data = {
        "format": DESIGNATIONS_FORMAT,
        "version": FORMAT_VERSION,
        "designations": [unstructure(designation) for designation in designations],
    }
    return json.dumps(data, indent=indent, ensure_ascii=False)


def loads_products(text: str | bytes, *, source: str = "products") -> dict[str, Product]:
    """Read a product catalogue from JSON text (``{"products": {key: {...}}}``).

    A catalogue holds the product master data shared by the reports of an
    enterprise: a report names it in ``products_file`` (read by
    :func:`~rare_earth_regs.serialization.load_report`), or a caller passes it as
    ``products=``.
    """
    document = structure_document(parse_json(text, source), ProductsDocument, source)
    _check_header(document, PRODUCTS_FORMAT, source)
    return dict(document.products)


def load_products(path: str | Path) -> dict[str, Product]:
    """Read a product catalogue from a JSON file."""
    file = Path(path)
    return loads_products(read_file(file), source=str(file))


def dumps_products(products: Mapping[str, Product], *, indent: int | None = 2) -> str:
    """Write a product catalogue as JSON text."""
    data = {
        "format": PRODUCTS_FORMAT,
        "version": FORMAT_VERSION,
        "products": {key: unstructure(product) for key, product in products.items()},
    }
    return json.dumps(data, indent=indent, ensure_ascii=False)
