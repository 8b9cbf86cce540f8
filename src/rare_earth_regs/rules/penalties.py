"""Penalties: the fine ranges of Regulations arts. 21, 22, 23, 25 and 26.

References:
    * Regulations 2024, arts. 20–29 (《稀土管理条例》第二十条至第二十九条).
    * Order No. 71, next-year reduction clause: a penalised enterprise's next year's
      indicator is reduced (amount unspecified). Order No. 71 sets no fines of its own.

Limitations:
    * Arts. 20, 24, 27 and 29 refer to other laws for the amount; the library encodes
      no range for them and says so (:class:`AmountSetByOtherLawError`).
    * Confiscation, suspension and licence revocation are listed as consequences, not
      computed.
    * "Illegal income under 500,000 yuan" (违法所得不足50万元) is strictly less than
      500,000: 499,999.99 gives the fixed range, 500,000 gives the multiple.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import attrs

from rare_earth_regs.exceptions import AmountSetByOtherLawError, InvalidInputError
from rare_earth_regs.legal import ORDER_71_NEXT_YEAR_REDUCTION, REGULATIONS_2024, Citation
from rare_earth_regs.locale import N_, define, phrase

__all__ = ["INCOME_THRESHOLD", "FineRange", "fine_range"]

#: 违法所得50万元以上: the illegal income from which fines are a multiple of it.
INCOME_THRESHOLD = Decimal(500_000)


@attrs.frozen(kw_only=True)
class FineRange:
    """A fine range in yuan (exact Decimals), with the consequences the article adds.

    Attributes:
        article: the article number.
        citation: the article's citation.
        minimum, maximum: the enterprise's fine.
        persons_minimum, persons_maximum: the fine of each directly responsible person,
            where the article sets one (None otherwise).
        basis: how the range was reached, in English.
        consequences: other measures the article provides (confiscation, suspension ...).
    """

    article: int
    citation: Citation
    minimum: Decimal
    maximum: Decimal
    persons_minimum: Decimal | None = None
    persons_maximum: Decimal | None = None
    basis: str
    consequences: tuple[str, ...] = ()


_INCOME_ARTICLES: dict[int, tuple[Decimal, Decimal, str, tuple[str, ...]]] = {
    21: (
        Decimal(1_000_000),
        Decimal(5_000_000),
        "mining or smelting and separation beyond total quantity control",
        (
            "confiscation of the illegally produced rare earth products and illegal income",
            "serious cases: suspension of production and business",
            "next year's indicator reduced (Order No. 71; amount unspecified)",
        ),
    ),
    22: (
        Decimal(2_000_000),
        Decimal(5_000_000),
        "smelting and separation by a non-designated party (item 1), or comprehensive "
        "utilization using rare earth mineral products (item 2)",
        (
            "confiscation of the products, illegal income, and the tools and equipment used",
            "serious cases: business licence revoked",
        ),
    ),
    23: (
        Decimal(500_000),
        Decimal(2_000_000),
        "purchasing, processing or selling illegally mined or smelted-separated products",
        (
            "confiscation of the products, illegal income, and the tools and equipment used",
            "serious cases: business licence revoked",
        ),
    ),
}

_OTHER_LAW = {
    20: N_("unlicensed mining (Mineral Resources Law)"),
    24: N_("import and export breaches (foreign trade, customs and export-control law)"),
    27: N_("environmental and safety breaches (the laws on those matters)"),
    29: N_("crimes (criminal law)"),
}
SET_BY_OTHER_LAW = define(
    "error.fine-set-by-other-law",
    "article {article} ({subject}): the amount is set by another law; the library encodes no "
    "fine range for it",
)
NO_REFUSAL_SCALE = define(
    "error.fine-no-refusal-scale", "False: article {article} has no refusal-to-correct scale"
)
NOT_BY_INCOME = define(
    "error.fine-not-by-income", "None: article {article} does not fine by illegal income"
)


def _article_number(value: object) -> int:
    if isinstance(value, Citation):
        if value.instrument is not REGULATIONS_2024 or value.article is None:
            raise InvalidInputError(
                field="article", value=value.en, accepted="an article of the Regulations 2024"
            )
        return value.article
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    if type(value) is int:
        return value
    raise InvalidInputError(
        field="article", value=value, accepted="an article number such as 21, or a Citation"
    )


def _income(value: object) -> Decimal | None:
    if value is None:
        return None
    accepted = N_("a non-negative amount in yuan: int, Decimal or decimal string")
    try:
        if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
            raise InvalidOperation
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except (InvalidOperation, ValueError):
        raise InvalidInputError(field="illegal_income", value=value, accepted=accepted) from None
    if not amount.is_finite() or amount < 0:
        raise InvalidInputError(field="illegal_income", value=value, accepted=accepted)
    return amount


def fine_range(
    article: int | str | Citation,
    *,
    illegal_income: int | Decimal | str | None = None,
    refused_to_correct: bool = False,
) -> FineRange:
    """The fine range, in yuan, that a Regulations article sets.

    Legal basis:
        Regulations arts. 21, 22, 23 (违法所得50万元以上的，并处违法所得5倍以上10倍以下
        罚款；没有违法所得或者违法所得不足50万元的，并处 … 罚款), 25 and 26.

    Interpretation:
        Illegal income of 500,000 yuan or more gives 5× to 10× the income; under 500,000
        (strictly) or none gives the article's fixed range. Arts. 25 and 26 fine on a
        fixed scale, higher (and with fines on responsible persons) when the enterprise
        refuses to correct. Amounts are exact Decimals; no rounding.

    >>> fine_range(21, illegal_income="499999.99").minimum
    Decimal('1000000')
    >>> r = fine_range(21, illegal_income=500_000)
    >>> r.minimum, r.maximum
    (Decimal('2500000'), Decimal('5000000'))
    >>> fine_range(25, refused_to_correct=True).persons_maximum
    Decimal('50000')
    """
    number = _article_number(article)
    income = _income(illegal_income)
    if not isinstance(refused_to_correct, bool):
        raise InvalidInputError(
            field="refused_to_correct", value=refused_to_correct, accepted="True or False"
        )
    citation = Citation(REGULATIONS_2024, number) if 1 <= number <= 32 else None
    if number in _OTHER_LAW:
        raise AmountSetByOtherLawError(
            SET_BY_OTHER_LAW(article=number, subject=phrase(_OTHER_LAW[number]))
        )
    if number in _INCOME_ARTICLES:
        assert citation is not None
        if refused_to_correct:
            raise InvalidInputError(
                field="refused_to_correct",
                value=True,
                accepted=NO_REFUSAL_SCALE(article=number),
            )
        low, high, breach, consequences = _INCOME_ARTICLES[number]
        if income is not None and income >= INCOME_THRESHOLD:
            return FineRange(
                article=number,
                citation=citation,
                minimum=income * 5,
                maximum=income * 10,
                basis=f"{breach}: illegal income {income} yuan ≥ 500,000: 5× to 10× the income",
                consequences=consequences,
            )
        income_text = "no illegal income" if income is None else f"illegal income {income} yuan"
        return FineRange(
            article=number,
            citation=citation,
            minimum=low,
            maximum=high,
            basis=f"{breach}: {income_text} (under 500,000): fixed range",
            consequences=consequences,
        )
    if number in (25, 26):
        assert citation is not None
        if income is not None:
            raise InvalidInputError(
                field="illegal_income",
                value=illegal_income,
                accepted=NOT_BY_INCOME(article=number),
            )
        return _fixed_scale(number, citation, refused_to_correct)
    raise InvalidInputError(
        field="article",
        value=article,
        accepted="21, 22, 23, 25 or 26 (20, 24, 27 and 29 are set by other laws)",
    )


def _fixed_scale(number: int, citation: Citation, refused: bool) -> FineRange:
    if number == 25:
        breach = "flow records not kept truthfully or not entered in the traceability system"
        low, high, refused_low, refused_high = 50_000, 200_000, 200_000, 1_000_000
    else:
        breach = "refusing or obstructing supervision and inspection"
        low, high, refused_low, refused_high = 20_000, 100_000, 100_000, 500_000
    if refused:
        return FineRange(
            article=number,
            citation=citation,
            minimum=Decimal(refused_low),
            maximum=Decimal(refused_high),
            persons_minimum=Decimal(20_000),
            persons_maximum=Decimal(50_000),
            basis=f"{breach}, and the enterprise refuses to correct",
            consequences=("suspension of production and business",),
        )
    consequences = ("order to correct",) if number == 25 else ("order to correct", "warning")
    return FineRange(
        article=number,
        citation=citation,
        minimum=Decimal(low),
        maximum=Decimal(high),
        basis=breach,
        consequences=consequences,
    )


#: The Order No. 71 consequence a penalty brings for quota holders.
NEXT_YEAR_REDUCTION = ORDER_71_NEXT_YEAR_REDUCTION
