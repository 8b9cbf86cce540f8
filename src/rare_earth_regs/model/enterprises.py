"""Enterprises, their Unified Social Credit Codes, and MIIT designations (Regulations art. 8).

**Unified Social Credit Code** (统一社会信用代码, USCC). Every enterprise registered in
China carries an 18-character code: 8 digits (registering authority, entity type,
region), 9 characters of organisation code and a check character. The letters I, O, Z,
S and V are never used. The check character is validated with python-stdnum's
:mod:`stdnum.cn.uscc`; the registration-authority code (first character) and the
entity-category code (second) must be ones GB 32100-2015 and the later assignments
give (:data:`USCC_CATEGORIES`: ``91`` is an enterprise registered by market regulation),
so a code of all zeros, whose check character happens to be right, is refused. This
module adds the library's vocabulary and error type on top:

* :func:`validate_uscc` returns the canonical code (compact, upper case) or raises
  :class:`~rare_earth_regs.exceptions.InvalidUSCCError` (a ``ValueError``);
* :func:`is_valid_uscc` answers True or False and never raises;
* :func:`compact_uscc` removes spaces and hyphens and upper-cases;
* :func:`make_uscc` completes a 17-character body with its check character, for
  fictional example data.

>>> validate_uscc("9111 0000 6000 3734 1l")
'91110000600037341L'
>>> is_valid_uscc("91110000600037341M")
False

**Designation** (Regulations 2024, art. 8): only enterprises designated by MIIT, with
the other departments of the State Council, may mine rare earths or do smelting and
separation. Anyone else doing so breaks art. 8 (penalties: art. 20 for mining, art.
22(1) for smelting and separation). A :class:`Designation` records one enterprise's
designation for one of those two activities over a window of calendar days; a
:class:`DesignationRegister` answers whether a code is designated on a given day.
Whether an activity *breaks* art. 8 is a rule's question, not the model's.

>>> firm = make_uscc("91150200MA0RE0001")
>>> register = DesignationRegister([
...     Designation(uscc=firm, activity="mining", valid_from=date(2024, 10, 1))])
>>> register.is_designated(firm, "mining", on=date(2025, 3, 1))
True
>>> register.is_designated(firm, "smelting_separation", on=date(2025, 3, 1))
False

Interpretation:
    ``valid_until`` is the last day of the designation (inclusive); ``None`` means
    open-ended. Dates are Beijing calendar days passed in by the caller: the library
    never reads the clock, and a ``datetime`` is refused (convert it with
    :func:`rare_earth_regs.periods.beijing_date` first).

References:
    * Rare Earth Management Regulations (State Council Decree No. 785), art. 8, 20, 22:
      https://www.gov.cn/zhengce/content/202406/content_6960153.htm
    * GB 32100-2015, coding rule of the unified social credit code for legal persons and
      other organizations (check character algorithm, as implemented by python-stdnum).

Limitations:
    The register holds what the caller gives it: the library ships no list of
    designated enterprises.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

import attrs
from stdnum.cn import uscc as _stdnum_uscc
from stdnum.util import clean as _stdnum_clean

from rare_earth_regs.exceptions import InvalidInputError, InvalidPeriodError, InvalidUSCCError
from rare_earth_regs.locale import N_, define
from rare_earth_regs.model.activities import Activity
from rare_earth_regs.model.coerce import enum_member

ON_OR_AFTER_VALID_FROM = define(
    "accepted.on-or-after-valid-from", "a date on or after valid_from ({date})"
)

__all__ = [
    "DESIGNATED_ACTIVITIES",
    "USCC_CATEGORIES",
    "Designation",
    "DesignationRegister",
    "Enterprise",
    "clear_uscc_cache",
    "compact_uscc",
    "is_valid_uscc",
    "make_uscc",
    "validate_uscc",
]

#: The activities that Regulations art. 8 reserves to designated enterprises.
DESIGNATED_ACTIVITIES: frozenset[Activity] = frozenset(
    {Activity.MINING, Activity.SMELTING_SEPARATION}
)

_USCC_ACCEPTED = N_(
    "an 18-character Unified Social Credit Code (统一社会信用代码) with a known "
    "registration-authority and category code and a valid check character"
)
_BODY_ACCEPTED = N_(
    "the first 17 characters of a Unified Social Credit Code: 8 digits (a known "
    "registration-authority and category code first, such as 91 for an enterprise), then 9 "
    "of 0-9 and A-Z without I, O, S, V, Z"
)
# 8 digits, then 9 characters of the code alphabet (no I, O, S, V, Z), then the check.
_USCC_FORMAT = re.compile(r"[0-9]{8}[0-9A-HJ-NP-RTUWXY]{10}")
_BODY_FORMAT = re.compile(r"[0-9]{8}[0-9A-HJ-NP-RTUWXY]{9}")

#: GB 32100-2015 (with the codes assigned since): the registration-authority code (the
#: first character) and the entity-category codes (the second) each authority gives.
#: Only the digit authorities are listed: the first 8 characters are digits.
USCC_CATEGORIES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "1": frozenset("1239"),  # 机构编制: 机关, 事业单位, 群众团体, 其他
        "2": frozenset("19"),  # 外交: 外国常驻新闻机构, 其他
        "3": frozenset("123459"),  # 司法行政: 律师执业机构, 公证处, 基层法律服务所, ...
        "4": frozenset("19"),  # 文化: 外国在华文化中心, 其他
        "5": frozenset("1239"),  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
        "6": frozenset("129"),  # 旅游: 外国和港澳台旅游部门常驻代表机构, 其他
        "7": frozenset("129"),  # 宗教: 宗教活动场所, 宗教院校, 其他
        "8": frozenset("19"),  # 工会: 基层工会, 其他
        "9": frozenset("123"),  # 工商 (market regulation): 企业, 个体工商户, 农民专业合作社
    }
)


def compact_uscc(value: object, *, field: str = "uscc") -> str:
    """Remove spaces and hyphens and upper-case a code (python-stdnum's ``compact``).

    The result is not checked; use :func:`validate_uscc` for that. A non-string is
    refused with :class:`~rare_earth_regs.exceptions.InvalidUSCCError`.

    >>> compact_uscc(" 91110000-600037341l ")
    '91110000600037341L'
    """
    if not isinstance(value, str):
        raise InvalidUSCCError(field=field, value=value, accepted=_USCC_ACCEPTED)
    try:
        return str(_stdnum_uscc.compact(value))
    except Exception:  # stdnum's own ValidationError family; never leak it
        raise InvalidUSCCError(field=field, value=value, accepted=_USCC_ACCEPTED) from None


def validate_uscc(value: object, *, field: str = "uscc") -> str:
    """Return the canonical USCC (compact, upper case) or raise InvalidUSCCError.

    Spaces and hyphens (including their full-width and other Unicode forms, which
    python-stdnum maps to ASCII) are removed, and full-width digits are read as
    digits; any other non-ASCII character is refused.

    >>> validate_uscc("91110000600037341L")
    '91110000600037341L'
    >>> validate_uscc("91110000600037341M")
    Traceback (most recent call last):
    ...
    rare_earth_regs.exceptions.InvalidUSCCError: uscc: got '91110000600037341M'; expected \
an 18-character Unified Social Credit Code (统一社会信用代码) with a known \
registration-authority and category code and a valid check character
    """
    if not isinstance(value, str):
        raise InvalidUSCCError(field=field, value=value, accepted=_USCC_ACCEPTED)
    canonical = _canonical_uscc(value)
    if canonical is None:
        raise InvalidUSCCError(field=field, value=value, accepted=_USCC_ACCEPTED)
    return canonical


# The same codes recur on every line of a report (counterparties, designations):
# their canonical form is computed once. Only successes are stored.
@functools.lru_cache(maxsize=8192)
def _canonical_uscc(value: str) -> str | None:
    try:
        cleaned = str(_stdnum_clean(value, " -")).strip()
    except Exception:  # stdnum's own ValidationError family; never leak it
        return None
    # Upper-casing non-ASCII text can turn it into ASCII letters (the ligature 'ﬀ'
    # becomes 'FF'): only ASCII input is read, so the canonical code is what was written.
    if not cleaned.isascii():
        return None
    code = cleaned.upper()
    if _USCC_FORMAT.fullmatch(code) is None or not _known_authority_and_category(code):
        return None
    try:
        return str(_stdnum_uscc.validate(code))
    except Exception:  # InvalidChecksum and the rest of stdnum's ValidationError family
        return None


def _known_authority_and_category(code: str) -> bool:
    return code[1] in USCC_CATEGORIES.get(code[0], ())


def clear_uscc_cache() -> None:
    """Forget the canonical forms computed by :func:`validate_uscc` (they are only a cache)."""
    _canonical_uscc.cache_clear()


def is_valid_uscc(value: object) -> bool:
    """True when ``value`` is a valid USCC; never raises, whatever it is given.

    >>> is_valid_uscc("91110000600037341L"), is_valid_uscc(None), is_valid_uscc("")
    (True, False, False)
    """
    try:
        validate_uscc(value)
    except InvalidUSCCError:
        return False
    return True


def make_uscc(body: object) -> str:
    """Complete a 17-character code body with its check character.

    Meant for fictional example and test data: pick a body that no real enterprise
    uses (for instance with ``MA0`` and a made-up serial in the organisation code).

    >>> make_uscc("91350000MA0000001")
    '91350000MA0000001J'
    """
    if not isinstance(body, str):
        raise InvalidUSCCError(field="body", value=body, accepted=_BODY_ACCEPTED)
    text = body.strip().upper() if body.isascii() else ""
    if _BODY_FORMAT.fullmatch(text) is None or not _known_authority_and_category(text):
        raise InvalidUSCCError(field="body", value=body, accepted=_BODY_ACCEPTED)
    return text + str(_stdnum_uscc.calc_check_digit(text))


def _uscc(value: object) -> str:
    return validate_uscc(value, field="uscc")


def _name(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(field="name", value=value, accepted="a non-empty string")
    return value.strip()


def _group(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(
            field="group", value=value, accepted="a non-empty group name or None"
        )
    return value.strip()


_ACTIVITY_ACCEPTED = define("accepted.activity", "an Activity or one of: {choices}")(
    choices=", ".join(repr(a.value) for a in Activity)
)


def _activity(value: object, field: str) -> Activity:
    return enum_member(Activity, value, field=field)


def _activities(value: object) -> frozenset[Activity]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidInputError(
            field="activities",
            value=value,
            accepted="an iterable of Activity values, e.g. ['mining']",
        )
    items = list(value)
    return frozenset(_activity(item, f"activities[{index}]") for index, item in enumerate(items))


@attrs.frozen(kw_only=True, cache_hash=True)
class Enterprise:
    """An enterprise identified by its USCC, with the activities it carries out.

    ``group`` names the group that holds the enterprise's quota, if any (since late
    2023: "China Rare Earth Group" or "China Northern Rare Earth"). The class checks
    invariants of the data only; whether the enterprise may do what it does is a
    rule's question.

    >>> firm = Enterprise(uscc="91150200ma0re0001-c", name="Example Mining Co.",
    ...                   activities=["mining", Activity.SMELTING_SEPARATION])
    >>> firm.uscc, sorted(a.value for a in firm.activities)
    ('91150200MA0RE0001C', ['mining', 'smelting_separation'])
    """

    uscc: str = attrs.field(converter=_uscc)
    name: str = attrs.field(converter=_name)
    activities: frozenset[Activity] = attrs.field(converter=_activities)
    group: str | None = attrs.field(default=None, converter=_group)

    def carries_out(self, activity: Activity | str) -> bool:
        """True when ``activity`` is one of the enterprise's activities."""
        return _activity(activity, "activity") in self.activities


def _designated_activity(value: object) -> Activity:
    activity = _activity(value, "activity")
    if activity not in DESIGNATED_ACTIVITIES:
        raise InvalidInputError(
            field="activity",
            value=value,
            accepted="'mining' or 'smelting_separation' (the activities Regulations "
            "art. 8 reserves to designated enterprises)",
        )
    return activity


def _check_day(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.name == "valid_until":
        return
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidPeriodError(
            field=attribute.name, value=value, accepted="a datetime.date (a Beijing calendar day)"
        )


def _check_on(on: object) -> date:
    if isinstance(on, datetime) or not isinstance(on, date):
        raise InvalidPeriodError(
            field="on", value=on, accepted="a datetime.date (a Beijing calendar day)"
        )
    return on


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(field="source", value=value, accepted="a string")
    return value


@attrs.frozen(kw_only=True)
class Designation:
    """One enterprise's designation for mining or smelting and separation (art. 8).

    Valid from ``valid_from`` to ``valid_until``, both days included; ``valid_until``
    ``None`` means no end date. ``source`` says where the designation is recorded
    (a notice, a list published by MIIT …).

    >>> d = Designation(uscc=make_uscc("91150200MA0RE0001"), activity="smelting_separation",
    ...                 valid_from=date(2025, 1, 1), valid_until=date(2025, 12, 31))
    >>> d.covers(d.uscc, "smelting_separation", on=date(2025, 12, 31))
    True
    >>> d.covers(d.uscc, "smelting_separation", on=date(2026, 1, 1))
    False
    """

    uscc: str = attrs.field(converter=_uscc)
    activity: Activity = attrs.field(converter=_designated_activity)
    valid_from: date = attrs.field(validator=_check_day)
    valid_until: date | None = attrs.field(default=None, validator=_check_day)
    source: str = attrs.field(default="", converter=_text)

    def __attrs_post_init__(self) -> None:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise InvalidPeriodError(
                field="valid_until",
                value=self.valid_until,
                accepted=ON_OR_AFTER_VALID_FROM(date=self.valid_from),
            )

    def is_valid_on(self, on: date) -> bool:
        """True when ``on`` lies in the designation's window (both ends included)."""
        day = _check_on(on)
        if day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until

    def covers(self, uscc: str, activity: Activity | str, on: date) -> bool:
        """True when this designation covers ``uscc`` doing ``activity`` on the day ``on``.

        ``uscc`` is validated (a malformed code raises InvalidUSCCError) and ``activity``
        must be mining or smelting and separation.
        """
        code = validate_uscc(uscc)
        wanted = _designated_activity(activity)
        return code == self.uscc and wanted is self.activity and self.is_valid_on(on)


def _designations(value: object) -> tuple[Designation, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidInputError(
            field="designations", value=value, accepted="an iterable of Designation"
        )
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, Designation):
            raise InvalidInputError(
                field=f"designations[{index}]", value=item, accepted="a Designation"
            )
    return items


def _index(register: DesignationRegister) -> dict[str, tuple[Designation, ...]]:
    grouped: dict[str, list[Designation]] = {}
    for designation in register.designations:
        grouped.setdefault(designation.uscc, []).append(designation)
    return {code: tuple(found) for code, found in grouped.items()}


@attrs.frozen
class DesignationRegister:
    """An immutable collection of designations, indexed by USCC.

    Built from any iterable of :class:`Designation`; keeps their order. Several
    designations of one enterprise (renewals, both activities) are allowed.

    >>> register = DesignationRegister([])
    >>> len(register), register.is_designated(make_uscc("91150200MA0RE0001"), "mining",
    ...                                       on=date(2025, 1, 1))
    (0, False)
    """

    designations: tuple[Designation, ...] = attrs.field(converter=_designations)
    _by_uscc: dict[str, tuple[Designation, ...]] = attrs.field(
        init=False, eq=False, hash=False, repr=False, default=attrs.Factory(_index, takes_self=True)
    )

    def is_designated(self, uscc: str, activity: Activity | str, *, on: date) -> bool:
        """True when some designation covers ``uscc`` for ``activity`` on the day ``on``."""
        return self.covers_checked(
            validate_uscc(uscc), _designated_activity(activity), _check_on(on)
        )

    def covers_checked(self, code: str, activity: Activity, day: date) -> bool:
        """:meth:`is_designated` for a canonical USCC, an Activity and a date (no checks).

        The rules call this once per line with values the model has already checked.
        """
        for designation in self._by_uscc.get(code, ()):
            if (
                designation.activity is activity
                and designation.valid_from <= day
                and (designation.valid_until is None or day <= designation.valid_until)
            ):
                return True
        return False

    def designations_for(self, uscc: str) -> tuple[Designation, ...]:
        """Every designation of ``uscc``, in the register's order (empty if none)."""
        return self._by_uscc.get(validate_uscc(uscc), ())

    def __iter__(self) -> Iterator[Designation]:
        return iter(self.designations)

    def __len__(self) -> int:
        return len(self.designations)

    def __contains__(self, item: object) -> bool:
        return item in self.designations
