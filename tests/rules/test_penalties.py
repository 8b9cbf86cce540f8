"""``fine_range``: the fines of Regulations arts. 21, 22, 23, 25 and 26 in exact yuan."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rare_earth_regs.exceptions import AmountSetByOtherLawError, InvalidInputError
from rare_earth_regs.legal import REGULATIONS_2024, TOTAL_CONTROL_MEASURES_2025, Citation
from rare_earth_regs.rules import FineRange, fine_range

FIXED = {
    21: (Decimal(1_000_000), Decimal(5_000_000)),
    22: (Decimal(2_000_000), Decimal(5_000_000)),
    23: (Decimal(500_000), Decimal(2_000_000)),
}


def _exact(found: FineRange) -> None:
    for amount in (found.minimum, found.maximum, found.persons_minimum, found.persons_maximum):
        assert amount is None or type(amount) is Decimal


@pytest.mark.parametrize("article", [21, 22, 23])
@pytest.mark.parametrize("income", [None, 0, "0", Decimal("499999.99"), 499_999])
def test_income_articles_fixed_range_below_500000(article: int, income: object) -> None:
    found = fine_range(article, illegal_income=income)  # type: ignore[arg-type]
    assert (found.minimum, found.maximum) == FIXED[article]
    assert found.article == article
    assert found.citation == Citation(REGULATIONS_2024, article)
    assert found.persons_minimum is None
    assert found.persons_maximum is None
    assert "fixed range" in found.basis
    _exact(found)


@pytest.mark.parametrize("article", [21, 22, 23])
def test_income_of_exactly_500000_gives_five_to_ten_times(article: int) -> None:
    # 违法所得50万元以上: 500,000 itself is "500,000 or more".
    found = fine_range(article, illegal_income=500_000)
    assert (found.minimum, found.maximum) == (Decimal(2_500_000), Decimal(5_000_000))
    _exact(found)


@pytest.mark.parametrize("article", [21, 22, 23])
def test_large_income_is_multiplied_exactly(article: int) -> None:
    found = fine_range(article, illegal_income="12345678.91")
    assert found.minimum == Decimal("61728394.55")
    assert found.maximum == Decimal("123456789.10")
    _exact(found)


def test_multiple_of_income_can_be_below_the_fixed_range() -> None:
    # Art. 22 with 500,000: 2.5M-5M by the multiple, though the fixed range starts at 2M.
    found = fine_range(22, illegal_income=Decimal("500000.00"))
    assert found.minimum == Decimal("2500000.00")


def test_income_forms_agree() -> None:
    forms: list[int | str | Decimal] = [750_000, "750000", " 750000.0 ", Decimal(750_000)]
    results = {(f.minimum, f.maximum) for f in (fine_range(21, illegal_income=x) for x in forms)}
    assert results == {(Decimal(3_750_000), Decimal(7_500_000))}


def test_consequences_of_art_21_include_next_year_reduction() -> None:
    found = fine_range(21)
    assert any("next year" in consequence for consequence in found.consequences)
    assert any("confiscation" in consequence for consequence in fine_range(23).consequences)


@pytest.mark.parametrize(
    ("article", "low", "high"),
    [(25, 50_000, 200_000), (26, 20_000, 100_000)],
)
def test_fixed_scale_articles(article: int, low: int, high: int) -> None:
    found = fine_range(article)
    assert (found.minimum, found.maximum) == (Decimal(low), Decimal(high))
    assert found.persons_minimum is None
    assert found.persons_maximum is None
    _exact(found)


@pytest.mark.parametrize(
    ("article", "low", "high"),
    [(25, 200_000, 1_000_000), (26, 100_000, 500_000)],
)
def test_fixed_scale_articles_when_the_enterprise_refuses_to_correct(
    article: int, low: int, high: int
) -> None:
    found = fine_range(article, refused_to_correct=True)
    assert (found.minimum, found.maximum) == (Decimal(low), Decimal(high))
    assert (found.persons_minimum, found.persons_maximum) == (Decimal(20_000), Decimal(50_000))
    assert "suspension of production and business" in found.consequences
    _exact(found)


def test_article_26_warns_the_persons_responsible() -> None:
    assert "warning" in fine_range(26).consequences
    assert "warning" not in fine_range(25).consequences


@pytest.mark.parametrize("article", [20, 24, 27, 29])
def test_articles_set_by_other_law_have_no_range(article: int) -> None:
    with pytest.raises(AmountSetByOtherLawError, match=f"article {article}"):
        fine_range(article)


@pytest.mark.parametrize("article", [19, 28, 30, 40, 0, -21, "twenty-one", 21.0, True, None])
def test_articles_without_a_fine_are_refused(article: object) -> None:
    with pytest.raises(InvalidInputError):
        fine_range(article)  # type: ignore[arg-type]


def test_article_can_be_given_as_text_or_citation() -> None:
    assert fine_range("23") == fine_range(23)
    assert fine_range(" 22 ").maximum == Decimal(5_000_000)
    item = fine_range(Citation(REGULATIONS_2024, 22, item=1))
    assert (item.article, item.minimum) == (22, Decimal(2_000_000))


def test_citation_of_another_instrument_is_refused() -> None:
    with pytest.raises(InvalidInputError):
        fine_range(Citation(TOTAL_CONTROL_MEASURES_2025, 3))


@pytest.mark.parametrize(
    "income",
    [
        -1,
        "-0.01",
        Decimal("-5"),
        "NaN",
        Decimal("NaN"),
        Decimal("sNaN"),
        "Infinity",
        Decimal("Infinity"),
        1.5,
        500000.0,
        float("nan"),
        True,
        "",
        "500k",
        [500_000],
    ],
)
def test_bad_income_is_refused(income: object) -> None:
    with pytest.raises(InvalidInputError):
        fine_range(21, illegal_income=income)  # type: ignore[arg-type]


@pytest.mark.parametrize("article", [25, 26])
def test_income_is_refused_for_articles_that_do_not_fine_by_income(article: int) -> None:
    with pytest.raises(InvalidInputError):
        fine_range(article, illegal_income=100_000)
    with pytest.raises(InvalidInputError):
        fine_range(article, illegal_income=0)


@pytest.mark.parametrize("article", [21, 22, 23])
def test_refusal_to_correct_is_refused_for_income_articles(article: int) -> None:
    with pytest.raises(InvalidInputError):
        fine_range(article, refused_to_correct=True)


@pytest.mark.parametrize("flag", [1, "yes", None])
def test_refused_to_correct_must_be_a_bool(flag: object) -> None:
    with pytest.raises(InvalidInputError):
        fine_range(25, refused_to_correct=flag)  # type: ignore[arg-type]
