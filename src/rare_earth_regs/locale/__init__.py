"""Messages in English and 简体中文: a message id, its parameters, and the gettext catalogue.

Every user-facing sentence the library writes (a finding, an error, a line of the
command-line tool) is a :class:`Message`: a stable **message id** and its
**parameters**. The English template is written once, next to the code that uses it,
with :func:`define`; the Chinese translation lives in the gettext catalogue
``locale/zh_CN/LC_MESSAGES/rare_earth_regs.po`` (``msgctxt`` is the id, ``msgid`` the
English template), written by the team and following the glossary of the law's terms
(docs: *Glossary*). A message is rendered in either language after the fact:

>>> LATE = define("example.late", "{name} entered the {month} report {days} day(s) late")
>>> message = LATE(name="Example Co.", month="2025-09", days=3)
>>> message.render("en")
'Example Co. entered the 2025-09 report 3 day(s) late'
>>> message.id, message.params["days"]
('example.late', 3)

A parameter may itself be a message (an activity, a reason), rendered in the same
language; dates are ISO (``2025-10-10``) in both languages. Short fixed phrases that
are not worth an id (the ``accepted`` form of an error, a help line of the command-line
tool) are looked up by their English text with :func:`translate`; mark them with
:func:`N_` where they are not passed inline as ``accepted="..."``, so extraction finds
them.

The language is always passed in (``"en"`` or ``"zh"``): the library never reads the
environment. Only the command-line tool reads ``LC_ALL`` / ``LC_MESSAGES`` / ``LANG``,
through :func:`language_from_environ`.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import re
import string
from collections.abc import Iterable, Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

import attrs

__all__ = [
    "COMMA",
    "DOMAIN",
    "LANGUAGES",
    "N_",
    "SEMICOLON",
    "TEMPLATES",
    "Language",
    "Message",
    "MessageTemplate",
    "ParamValue",
    "and_list",
    "bilingual",
    "define",
    "language",
    "language_from_environ",
    "phrase",
    "translate",
]

#: The gettext domain: the catalogue is ``<lang>/LC_MESSAGES/rare_earth_regs.mo``.
DOMAIN = "rare_earth_regs"

Language: TypeAlias = Literal["en", "zh"]
#: The languages the library writes: English (the source) and simplified Chinese.
LANGUAGES: tuple[Language, ...] = ("en", "zh")

_CATALOGUE_LOCALE = {"zh": "zh_CN"}
_MESSAGE_ID = re.compile(r"[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*")

ParamValue: TypeAlias = "str | int | Message | None"


def language(value: object) -> Language:
    """The language ``value`` names: ``"en"`` or ``"zh"``.

    ``"zh"``, ``"zh_CN"``, ``"zh-Hans"`` and other ``zh`` forms give ``"zh"``; ``"en"``
    and its forms give ``"en"``. Anything else raises
    :class:`~rare_earth_regs.exceptions.InvalidInputError` (field ``lang``).

    >>> language("zh_CN"), language("en-GB")
    ('zh', 'en')
    """
    if isinstance(value, str):
        base = re.split(r"[-_.@]", value.strip().lower(), maxsplit=1)[0]
        if base == "zh":
            return "zh"
        if base == "en":
            return "en"
    from rare_earth_regs.exceptions import InvalidInputError  # noqa: PLC0415 - below locale

    raise InvalidInputError(field="lang", value=value, accepted="'en' or 'zh'")


def language_from_environ(environ: Mapping[str, str]) -> Language:
    """The language of a POSIX locale environment, for the command-line tool only.

    The first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set and not empty
    decides (their POSIX precedence): a ``zh_*`` locale gives ``"zh"``; anything else,
    including a missing, ``C`` or unknown locale, gives ``"en"`` without error.

    >>> language_from_environ({"LANG": "zh_CN.UTF-8"})
    'zh'
    >>> language_from_environ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"})
    'en'
    >>> language_from_environ({})
    'en'
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "zh" if value.strip().lower().startswith("zh") else "en"
    return "en"


@functools.cache
def _catalogue(lang: Language) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    path = resources.files(__name__) / _CATALOGUE_LOCALE[lang] / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as stream:
        return gettext.GNUTranslations(stream)


def translate(english: str, lang: Language | str = "en", *, context: str | None = None) -> str:
    """``english`` (a catalogued phrase) in ``lang``; the English text if none is catalogued.

    ``context`` is the catalogue's ``msgctxt`` (a rule's title is catalogued with the
    context ``rule.<id>.title``).

    >>> translate("a datetime.date", "zh")
    '日期（datetime.date）'
    """
    catalogue = _catalogue(language(lang))
    if context is None:
        return catalogue.gettext(english)
    return catalogue.pgettext(context, english)


def N_(english: str) -> str:  # noqa: N802 - the gettext convention for "mark, do not translate"
    """Mark ``english`` for extraction into the catalogue; returns it unchanged."""
    return english


def _placeholders(template: str) -> frozenset[str]:
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None:
            if not name.isidentifier():
                raise AssertionError(f"placeholder {{{name}}} in {template!r} is not a name")
            names.add(name)
    return frozenset(names)


def _param(value: object) -> ParamValue:
    # JSON-ready parameters: strings, whole numbers, nested messages; dates as ISO text.
    if value is None or isinstance(value, Message | str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _params(value: Mapping[str, object]) -> dict[str, ParamValue]:
    return {key: _param(item) for key, item in value.items()}


@attrs.frozen(eq=True, hash=False)
class Message:
    """A message id and its parameters, rendered in either language on request.

    Build one by calling the template :func:`define` returned; ``str(message)`` is the
    English text.

    Attributes:
        id: the stable message id (``"RPT001.late"``), the ``msgctxt`` in the catalogue.
        params: the parameters, JSON-ready (strings, whole numbers, nested messages).
    """

    id: str
    params: Mapping[str, ParamValue] = attrs.field(factory=dict, converter=_params)

    @property
    def template(self) -> MessageTemplate:
        """The template this message was made from."""
        return TEMPLATES[self.id]

    def render(self, lang: Language | str = "en") -> str:
        """The message in ``lang`` (``"en"`` or ``"zh"``)."""
        chosen = language(lang)
        if self.id == _PHRASE_ID:
            return translate(str(self.params["text"]), chosen)
        if self.id == _BILINGUAL_ID:
            return str(self.params[chosen])
        template = self.template
        text = template.english
        if chosen != "en":
            text = _catalogue(chosen).pgettext(self.id, text)
        values = {
            key: value.render(chosen) if isinstance(value, Message) else value
            for key, value in self.params.items()
        }
        return text.format_map(values)

    def to_dict(self) -> dict[str, Any]:
        """``{"id": ..., "params": {...}}``, nested messages as such dicts too."""
        return {
            "id": self.id,
            "params": {
                key: value.to_dict() if isinstance(value, Message) else value
                for key, value in self.params.items()
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Message:
        """The message :meth:`to_dict` wrote (its id must be defined)."""
        params = {
            key: cls.from_dict(value) if isinstance(value, Mapping) else value
            for key, value in data["params"].items()
        }
        return TEMPLATES[data["id"]](**params)

    def __str__(self) -> str:
        return self.render("en")


@attrs.frozen
class MessageTemplate:
    """An English message template with a stable id (see :func:`define`).

    Calling the template with exactly its placeholders as keywords gives a
    :class:`Message`.
    """

    id: str
    english: str
    placeholders: frozenset[str]

    def __call__(self, **params: object) -> Message:
        if set(params) != self.placeholders:
            raise AssertionError(
                f"message {self.id}: parameters {sorted(params)} do not match the "
                f"placeholders {sorted(self.placeholders)}"
            )
        return Message(self.id, params)


_TEMPLATES: dict[str, MessageTemplate] = {}

#: Every defined message template by id (read-only).
TEMPLATES: MappingProxyType[str, MessageTemplate] = MappingProxyType(_TEMPLATES)


def define(message_id: str, english: str) -> MessageTemplate:
    """Define a message: its stable id and its English template (``str.format`` fields).

    Call it once, at module level, next to the code that uses the message; the id is
    ``"<RULE or area>.<what>"`` (``"RPT001.late"``, ``"error.invalid-input"``). The
    Chinese translation goes in the catalogue (see the developer steps in the docs).
    Defining the same id twice with different English is a programming error.
    """
    if not _MESSAGE_ID.fullmatch(message_id):
        raise AssertionError(f"malformed message id: {message_id!r}")
    template = MessageTemplate(message_id, english, _placeholders(english))
    existing = _TEMPLATES.get(message_id)
    if existing is not None and existing != template:
        raise AssertionError(f"message id defined twice: {message_id}")
    _TEMPLATES[message_id] = template
    return template


_PHRASE_ID = "phrase"
_PHRASE = define(_PHRASE_ID, "{text}")


def phrase(english: str) -> Message:
    """A catalogued phrase (looked up by its English text) as a message.

    >>> phrase("True or False").render("zh")
    'True 或 False'
    """
    return _PHRASE(text=english)


_BILINGUAL_ID = "bilingual"
_BILINGUAL = define(_BILINGUAL_ID, "{en} ({zh})")  # rendered by language, see render


def bilingual(en: str, zh: str) -> Message:
    """Data that exists in both languages (an instrument's title) as a message.

    >>> bilingual("Regulations 2024", "稀土管理条例").render("zh")
    '稀土管理条例'
    """
    return _BILINGUAL(en=en, zh=zh)


_AND_TWO = define("list.and", "{first} and {last}")
#: Two items joined by a comma, and by a semicolon (rendered with the language's own marks).
COMMA = define("list.comma", "{first}, {rest}")
SEMICOLON = define("list.semicolon", "{first}; {rest}")


def and_list(items: Iterable[ParamValue]) -> Message | str:
    """``"a, b and c"`` in English, ``"a、b和c"`` in Chinese, as a message.

    >>> and_list(["mining", "export"]).render("zh")
    'mining和export'
    """
    values = list(items)
    if not values:
        return ""
    if len(values) == 1:
        only = values[0]
        return only if isinstance(only, Message) else str(only)
    *head, last = values
    first: ParamValue = head[0]
    for item in head[1:]:
        first = COMMA(first=first, rest=item)
    return _AND_TWO(first=first, last=last)
