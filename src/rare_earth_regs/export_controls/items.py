"""The item an exporter asks about: product class, form, element content, customs code.

An :class:`ExportItem` describes goods (or a technology) the way the 2025 export-control
announcements list them: by form (metal, alloy, target, oxide, compound, samarium-cobalt
magnet, NdFeB magnet, technology ...) and by the rare earth elements they contain. The
element content is either a stated mass share per element or just "contains" (share not
stated); a content that is not stated at all is ``None`` and makes an answer that turns
on it undetermined (policy P10).

>>> magnet = ExportItem(form="ndfeb_magnet", content={"Nd": "29%", "Dy": "contains"})
>>> [(str(e), share) for e, share in magnet.content]
[('Nd', Decimal('0.29')), ('Dy', None)]
>>> sorted(str(e) for e in magnet.contained_elements())
['Dy', 'Nd']
>>> ExportItem.from_customs_code("2846.90.11").describe()
'oxide of Y (customs code 28469011)'

Limitations:
    The forms are those the announcements name. A form the library cannot read from a
    product's free-text form (see :meth:`ExportItem.from_product`) becomes
    :attr:`ItemForm.OTHER`, which no listing covers: the rule that uses it says so.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from rare_earth_regs.exceptions import InvalidInputError, UnknownElementError
from rare_earth_regs.locale import N_, Message, define, phrase
from rare_earth_regs.model.coerce import exact_decimal
from rare_earth_regs.model.elements import Element, element
from rare_earth_regs.model.products import (
    Product,
    ProductClass,
    customs_code_info,
    validate_customs_code,
)

__all__ = ["CONTAINS", "ElementShare", "ExportItem", "ItemForm"]

#: Marks an element as contained with its share not stated.
CONTAINS: Final = "contains"

FITS_FORM = define(
    "accepted.class-fits-form", "a product class that fits the form {form}: {classes}"
)


class ItemForm(enum.Enum):
    """The form of an item, in the terms of the export-control announcements."""

    METAL = "metal"
    ALLOY = "alloy"
    #: Sputtering targets.
    TARGET = "target"
    #: Oxides and their mixtures.
    OXIDE = "oxide"
    #: Other compounds and their mixtures (salts, carbonates, fluorides ...).
    COMPOUND = "compound"
    #: Samarium-cobalt permanent magnets.
    SMCO_MAGNET = "smco_magnet"
    #: Neodymium-iron-boron permanent magnets.
    NDFEB_MAGNET = "ndfeb_magnet"
    #: A permanent magnet whose type (SmCo, NdFeB ...) is not stated.
    MAGNET = "magnet"
    #: Ores and concentrates (rare earth mineral products).
    MINERAL = "mineral"
    #: Scrap and other secondary resources.
    SCRAP = "scrap"
    #: A technology (know-how, not goods).
    TECHNOLOGY = "technology"
    OTHER = "other"

    def __str__(self) -> str:
        return self.value

    @property
    def label(self) -> str:
        """A short English label: ``'NdFeB magnet'``, ``'oxide'``."""
        return _FORM_LABELS.get(self, self.value)


FORM_ACCEPTED = define("accepted.item-form", "an ItemForm or one of {forms}")
_CONTENT_NOT_STATED = define(
    "export.item-content-not-stated", "{form}, rare earth content not stated"
)
_OF = define("export.item-of", "{form} of {elements}")
_CONTAINING = define("export.item-containing", "{form} containing {elements}")
_WITH_CUSTOMS_CODE = define("export.item-customs-code", "{item} (customs code {code})")
# The labels of the forms without one of their own (the rest are catalogued with the reasons).
_OTHER_LABEL = N_("other")

_FORM_LABELS: Final[Mapping[ItemForm, str]] = MappingProxyType(
    {
        ItemForm.SMCO_MAGNET: "SmCo magnet",
        ItemForm.NDFEB_MAGNET: "NdFeB magnet",
        ItemForm.MAGNET: "magnet (type not stated)",
    }
)

# The product classes each form may have: the item's invariants, not a compliance rule.
_CLASSES_OF_FORM: Final[Mapping[ItemForm, frozenset[ProductClass | None]]] = MappingProxyType(
    {
        ItemForm.METAL: frozenset({ProductClass.METAL_OR_ALLOY}),
        ItemForm.ALLOY: frozenset({ProductClass.METAL_OR_ALLOY}),
        ItemForm.TARGET: frozenset({ProductClass.METAL_OR_ALLOY, ProductClass.DOWNSTREAM_GOODS}),
        ItemForm.OXIDE: frozenset({ProductClass.COMPOUND}),
        ItemForm.COMPOUND: frozenset({ProductClass.COMPOUND}),
        ItemForm.SMCO_MAGNET: frozenset({ProductClass.DOWNSTREAM_GOODS}),
        ItemForm.NDFEB_MAGNET: frozenset({ProductClass.DOWNSTREAM_GOODS}),
        ItemForm.MAGNET: frozenset({ProductClass.DOWNSTREAM_GOODS}),
        ItemForm.MINERAL: frozenset({ProductClass.MINERAL_PRODUCT}),
        ItemForm.SCRAP: frozenset({ProductClass.SECONDARY_RESOURCE}),
        ItemForm.TECHNOLOGY: frozenset({None}),
        ItemForm.OTHER: frozenset({*ProductClass, None}),
    }
)
# The class an item of each form has when none is given.
_DEFAULT_CLASS: Final[Mapping[ItemForm, ProductClass | None]] = MappingProxyType(
    {
        ItemForm.METAL: ProductClass.METAL_OR_ALLOY,
        ItemForm.ALLOY: ProductClass.METAL_OR_ALLOY,
        ItemForm.TARGET: ProductClass.METAL_OR_ALLOY,
        ItemForm.OXIDE: ProductClass.COMPOUND,
        ItemForm.COMPOUND: ProductClass.COMPOUND,
        ItemForm.SMCO_MAGNET: ProductClass.DOWNSTREAM_GOODS,
        ItemForm.NDFEB_MAGNET: ProductClass.DOWNSTREAM_GOODS,
        ItemForm.MAGNET: ProductClass.DOWNSTREAM_GOODS,
        ItemForm.MINERAL: ProductClass.MINERAL_PRODUCT,
        ItemForm.SCRAP: ProductClass.SECONDARY_RESOURCE,
        ItemForm.TECHNOLOGY: None,
        ItemForm.OTHER: None,
    }
)

# Free-text product forms (Product.form, the customs table's form tags) and what they are.
_FORM_WORDS: Final[Mapping[str, ItemForm]] = MappingProxyType(
    {
        "metal": ItemForm.METAL,
        "alloy": ItemForm.ALLOY,
        "target": ItemForm.TARGET,
        "oxide": ItemForm.OXIDE,
        "compound": ItemForm.COMPOUND,
        "salt": ItemForm.COMPOUND,
        "carbonate": ItemForm.COMPOUND,
        "chloride": ItemForm.COMPOUND,
        "fluoride": ItemForm.COMPOUND,
        "hydroxide": ItemForm.COMPOUND,
        "oxalate": ItemForm.COMPOUND,
        "nitrate": ItemForm.COMPOUND,
        "smco magnet": ItemForm.SMCO_MAGNET,
        "ndfeb magnet": ItemForm.NDFEB_MAGNET,
        "magnet": ItemForm.MAGNET,
        "ore": ItemForm.MINERAL,
        "concentrate": ItemForm.MINERAL,
        "scrap": ItemForm.SCRAP,
        "technology": ItemForm.TECHNOLOGY,
    }
)
_FORM_OF_CLASS: Final[Mapping[ProductClass, ItemForm]] = MappingProxyType(
    {
        ProductClass.MINERAL_PRODUCT: ItemForm.MINERAL,
        ProductClass.COMPOUND: ItemForm.COMPOUND,
        ProductClass.METAL_OR_ALLOY: ItemForm.METAL,
        ProductClass.SECONDARY_RESOURCE: ItemForm.SCRAP,
        ProductClass.DOWNSTREAM_GOODS: ItemForm.OTHER,
    }
)

#: One element of an item's content and its stated mass share (None: share not stated).
ElementShare = tuple[Element, Decimal | None]

_ACCEPTED_ITEM = (
    "a shipped customs code ('28469011') or FORM[:ELEMENT[=SHARE],...]"
    " such as 'ndfeb_magnet:Nd=29%,Dy' or 'oxide:Y'"
)
_ACCEPTED_CONTENT = (
    "None (not stated), a list of elements it contains, or a mapping of element to a mass"
    " share ('3%', '0.03', a Decimal) or 'contains'"
)


def _form(value: object) -> ItemForm:
    if isinstance(value, ItemForm):
        return value
    if isinstance(value, str):
        for member in ItemForm:
            if value.strip().lower().replace("-", "_") in (member.value, member.name.lower()):
                return member
    raise InvalidInputError(
        field="form",
        value=value,
        accepted=FORM_ACCEPTED(forms=", ".join(repr(m.value) for m in ItemForm)),
    )


def _share(value: object, field: str) -> Decimal | None:
    if isinstance(value, str) and value.strip().lower() == CONTAINS:
        return None
    number = exact_decimal(value, percent=True)
    if number is None or not Decimal(0) <= number <= Decimal(1):
        raise InvalidInputError(
            field=field,
            value=value,
            accepted="a mass share from 0 to 1 ('0.03', '3%', a Decimal) or 'contains'",
        )
    return number


def _content(value: object) -> tuple[ElementShare, ...] | None:
    if value is None:
        return None
    pairs: list[tuple[object, object]]
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, str | bytes | Element) or not isinstance(value, Iterable):
        raise InvalidInputError(field="content", value=value, accepted=_ACCEPTED_CONTENT)
    else:
        pairs = [(item, CONTAINS) for item in value]
    found: dict[Element, Decimal | None] = {}
    for key, share in pairs:
        try:
            member = element(key)
        except UnknownElementError as error:
            raise UnknownElementError(
                field=f"content[{key!r}]", value=key, accepted=error.accepted
            ) from None
        if member in found:
            raise InvalidInputError(
                field=f"content[{member.value!r}]", value=key, accepted="each element once"
            )
        found[member] = _share(share, f"content[{member.value!r}]")
    stated = sum((share for share in found.values() if share is not None), Decimal(0))
    if stated > 1:
        raise InvalidInputError(
            field="content", value=value, accepted="stated shares that add up to at most 1"
        )
    return tuple(sorted(found.items(), key=lambda pair: pair[0].atomic_number))


def _customs_code(value: object) -> str | None:
    return None if value is None else validate_customs_code(value)


def _product_class(value: object) -> ProductClass | None:
    if value is None or isinstance(value, ProductClass):
        return value
    if isinstance(value, str):
        for member in ProductClass:
            if value.strip().lower() == member.value:
                return member
    raise InvalidInputError(
        field="product_class",
        value=value,
        accepted="a ProductClass, one of its values, or None",
    )


def _content_repr(value: tuple[ElementShare, ...] | None) -> str:
    if value is None:
        return "None"
    return repr({member.value: share for member, share in value})


@attrs.frozen(kw_only=True)
class ExportItem:
    """Goods or a technology to be exported, as the export controls list them.

    Attributes:
        form: an :class:`ItemForm` or its value (``'oxide'``, ``'ndfeb_magnet'`` ...).
        content: the rare earth elements the item contains, in atomic-number order, each
            with its stated mass share (a :class:`~decimal.Decimal` from 0 to 1) or ``None``
            when only "contains" is known; ``None`` when the content is not stated at all.
            Accepts a list of elements (each "contains") or a mapping of element to a share
            (``'3%'``, ``'0.03'``, a Decimal) or ``'contains'``. A stated share of 0 means
            the element is not contained.
        product_class: the class under Regulations art. 30; by default the one the form
            implies (a magnet is a downstream good, an oxide a compound, a technology none).
        customs_code: a customs code, digits only (dots accepted on input), or ``None``.

    Raises:
        InvalidInputError: naming the field, for a bad form, share, element or code, and for
            a product class that does not fit the form (a metal that is a compound).
    """

    form: ItemForm = attrs.field(converter=_form)
    content: tuple[ElementShare, ...] | None = attrs.field(
        default=None, converter=_content, repr=_content_repr
    )
    product_class: ProductClass | None = attrs.field(default=None, converter=_product_class)
    customs_code: str | None = attrs.field(default=None, converter=_customs_code)

    def __attrs_post_init__(self) -> None:
        if self.product_class is None:
            object.__setattr__(self, "product_class", _DEFAULT_CLASS[self.form])
        if self.product_class not in _CLASSES_OF_FORM[self.form]:
            raise InvalidInputError(
                field="product_class",
                value=self.product_class,
                accepted=FITS_FORM(
                    form=repr(self.form.value),
                    classes=", ".join(
                        sorted(str(c) for c in _CLASSES_OF_FORM[self.form] if c is not None)
                        or ["None"]
                    ),
                ),
            )

    def contained_elements(self) -> frozenset[Element] | None:
        """The elements the item contains (a stated share of 0 excluded); None if not stated."""
        if self.content is None:
            return None
        return frozenset(member for member, share in self.content if share is None or share > 0)

    def describe(self) -> str:
        """A one-line English description, e.g. ``'NdFeB magnet containing Nd, Dy'``."""
        return str(self.description)

    @property
    def description(self) -> Message:
        """:meth:`describe` as a message, to render in English or Chinese."""
        form = phrase(self.form.label)
        contained = self.contained_elements()
        text: Message = form
        if contained is None:
            text = _CONTENT_NOT_STATED(form=form)
        elif contained:
            names = ", ".join(
                member.value for member in sorted(contained, key=lambda m: m.atomic_number)
            )
            text = (_OF if self.form in _OF_FORMS else _CONTAINING)(form=form, elements=names)
        if self.customs_code is not None:
            text = _WITH_CUSTOMS_CODE(item=text, code=self.customs_code)
        return text

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the item."""
        return {
            "form": self.form.value,
            "product_class": None if self.product_class is None else self.product_class.value,
            "content": None
            if self.content is None
            else {
                member.value: CONTAINS if share is None else str(share)
                for member, share in self.content
            },
            "customs_code": self.customs_code,
        }

    @classmethod
    def from_product(cls, product: Product) -> ExportItem:
        """The item a flow line's :class:`~rare_earth_regs.model.products.Product` describes.

        The form is read from the product's free-text form (``'oxide'``, ``'carbonate'``,
        ``'NdFeB magnet'`` ...), else (or when it contradicts the class) from its class;
        the elements are "contains" (a product states no per-element shares); a product
        without elements takes those of its shipped customs code, and without either its
        content is not stated.

        >>> from rare_earth_regs.model.products import Product
        >>> oxide = Product(name="Y2O3", product_class="compound", form="oxide", elements=["Y"])
        >>> ExportItem.from_product(oxide).describe()
        'oxide of Y'
        """
        if not isinstance(product, Product):
            raise InvalidInputError(field="product", value=product, accepted="a Product")
        words = " ".join(product.form.lower().replace("-", " ").replace("_", " ").split())
        form = _FORM_WORDS.get(words) or _FORM_OF_CLASS[product.product_class]
        if product.product_class not in _CLASSES_OF_FORM[form]:
            # The class is the structured field: it wins over a free-text form that contradicts it.
            form = _FORM_OF_CLASS[product.product_class]
        elements: Iterable[Element] | None = product.elements or None
        info = product.customs_code_info
        if elements is None and info is not None and info.elements:
            elements = info.elements
        return cls(
            form=form,
            content=None if elements is None else list(elements),
            product_class=product.product_class,
            customs_code=product.customs_code,
        )

    @classmethod
    def parse(cls, text: object) -> ExportItem:
        """Read an item from a short text: a shipped customs code, or ``FORM[:CONTENT]``.

        CONTENT is a comma-separated list of elements, each alone ("contains") or with its
        share after ``=``. This is the ``ITEM`` of ``rare-earth-regs export-check``.

        >>> ExportItem.parse("ndfeb_magnet:Nd=29%,Dy").describe()
        'NdFeB magnet containing Nd, Dy'
        >>> ExportItem.parse("2846.90.11").describe()
        'oxide of Y (customs code 28469011)'

        Raises:
            InvalidInputError: (field ``item``, or the field of the part that is wrong).
        """
        if not isinstance(text, str) or not text.strip():
            raise InvalidInputError(field="item", value=text, accepted=_ACCEPTED_ITEM)
        stripped = text.strip()
        if stripped[0].isdigit():
            return cls.from_customs_code(stripped)
        form, _, listed = stripped.partition(":")
        if not listed.strip():
            return cls(form=form)
        content: dict[str, str] = {}
        for part in listed.split(","):
            name, _, share = part.partition("=")
            if not name.strip() or name.strip() in content:
                raise InvalidInputError(field="item", value=text, accepted=_ACCEPTED_ITEM)
            content[name.strip()] = share.strip() or CONTAINS
        return cls(form=form, content=content)

    @classmethod
    def from_customs_code(cls, code: object) -> ExportItem:
        """The item a shipped customs code describes (its form, class and named elements).

        A tariff line that names no element (other oxides, mixtures, magnets) gives an item
        whose content is not stated.

        Raises:
            InvalidInputError: (field ``customs_code``) for a malformed code or one the
                library does not ship.
        """
        info = customs_code_info(code)
        if info is None:
            raise InvalidInputError(
                field="customs_code",
                value=code,
                accepted="a customs code shipped with the library (see CUSTOMS_CODES)",
            )
        form = _FORM_WORDS.get(info.form, ItemForm.OTHER)
        if info.product_class is not None and info.product_class not in _CLASSES_OF_FORM[form]:
            form = _FORM_OF_CLASS[info.product_class]
        return cls(
            form=form,
            content=list(info.elements) or None,
            product_class=info.product_class,
            customs_code=info.code,
        )


_OF_FORMS: Final = frozenset(
    {ItemForm.METAL, ItemForm.ALLOY, ItemForm.TARGET, ItemForm.OXIDE, ItemForm.COMPOUND}
)
