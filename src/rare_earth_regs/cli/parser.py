"""The tool's argparse parser: help text and usage errors in the language of the run.

argparse prints three kinds of text, and each is looked up in the catalogue when it is
printed, in the language of the run (:func:`~rare_earth_regs.cli.common.current_language`),
so one parser serves both languages and the English stays exactly argparse's:

* the tool's own texts, the ``help=``, ``description=`` and ``epilog=`` strings of the
  argparse calls, by their English (the extraction reads them from those calls);
* argparse's own words (``usage:``, ``options``, ``show this help message and exit``)
  and the templates of its usage errors (``the following arguments are required: %s``),
  listed with ``N_`` in :data:`ARGPARSE_MESSAGES`. argparse fills an error's template
  before the error reaches :meth:`Parser.error`, so the message is matched against the
  templates and its values are put back into the Chinese one;
* a text with data in it (a date) is a :class:`~rare_earth_regs.locale.Message`, given
  with :func:`describe`.

Chinese help is wrapped by display width (a Chinese character takes two columns) and
may break between any two Chinese characters.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, cast

from rare_earth_regs.cli.common import ERROR, EXIT_USAGE, current_language, display_width, say
from rare_earth_regs.cli.output import emit
from rare_earth_regs.locale import N_, Language, Message, translate

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["ARGPARSE_MESSAGES", "HelpFormatter", "Parser", "argparse_message", "describe"]

USAGE = N_("usage: ")

# argparse's headings and help lines
_ARGPARSE_WORDS = (
    USAGE,
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
)
# the templates of the usage errors the tool can meet
_ARGPARSE_ERRORS = (
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("expected %s argument"),
    N_("expected %s arguments"),
    N_("ignored explicit argument %r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("invalid %(type)s value: %(value)r"),
)
#: argparse's own English (Python 3.11 and later), catalogued so that it reads in Chinese:
#: its headings and help lines, then the templates of the usage errors the tool can meet.
ARGPARSE_MESSAGES = _ARGPARSE_WORDS + _ARGPARSE_ERRORS

_CONVERSION = re.compile(r"%(?:\((\w+)\))?[rs]")


def _pattern(template: str) -> re.Pattern[str]:
    parts, position = [], 0
    for index, match in enumerate(_CONVERSION.finditer(template)):
        parts.append(re.escape(template[position : match.start()]))
        parts.append(f"(?P<{match.group(1) or f'_{index}'}>.+?)")
        position = match.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts), re.DOTALL)


_ERRORS = [(template, _pattern(template)) for template in _ARGPARSE_ERRORS]


def argparse_message(text: str, lang: Language) -> str:
    """argparse's usage error ``text`` in ``lang``: its template translated, its values kept.

    >>> argparse_message("argument --format: expected one argument", "zh")
    '参数 --format：需要一个值'

    A text that matches no template stays as it is.
    """
    if lang == "en":
        return text
    for template, pattern in _ERRORS:
        match = pattern.fullmatch(text)
        if match is not None:
            values = match.groupdict()
            if "message" in values:
                values["message"] = argparse_message(values["message"], lang)
            return _fill(translate(template, lang), values)
    return text


def _fill(template: str, values: Mapping[str, str]) -> str:
    # the values as matched (a %r value keeps its quotes), positional ones in their order
    positional = iter(value for name, value in sorted(values.items()) if name[0] == "_")

    def value(found: re.Match[str]) -> str:
        return values[found.group(1)] if found.group(1) else next(positional)

    return _CONVERSION.sub(value, template)


def describe(parser: argparse.ArgumentParser, description: Message) -> None:
    """Give ``parser`` a description with data in it, rendered in the language of the help."""
    parser.description = description.render("en")
    if isinstance(parser, Parser):
        parser.texts[parser.description] = description


# --- the help ------------------------------------------------------------------------------

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_TOKEN = re.compile(rf"\s+|[{_CJK}]|[^\s{_CJK}]+")
#: Punctuation that may not begin a line: it stays at the end of the line before.
_CLOSING = frozenset("，。、；：！？）》」』”’,.;:!?)]}")
#: Punctuation that may not end a line: it goes to the next line with what follows it.
_OPENING = frozenset("（《「『“‘([{")
#: A section heading argparse ends with ":" after a Chinese word.
_CHINESE_HEADING = re.compile(rf"(?m)^(\S[^\n]*[{_CJK}]):$")


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, a Chinese character counting two.

    Lines break at spaces and between Chinese characters, never before closing punctuation
    nor after opening punctuation; a word longer than ``width`` stands on its own line.
    """
    lines: list[str] = []
    line, size, space = "", 0, False
    for token in _TOKEN.findall(text.strip()):
        if token.isspace():
            space = bool(line)
            continue
        gap = " " if space and line else ""
        wide = display_width(token)
        if line and size + len(gap) + wide > width and token not in _CLOSING:
            carried = line[-1] if line[-1] in _OPENING and len(line) > 1 else ""
            lines.append(line.removesuffix(carried))
            line, size, gap = carried, display_width(carried), ""
        line += gap + token
        size += len(gap) + wide
        space = False
    if line:
        lines.append(line)
    return lines


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, writing every text in ``lang`` through the catalogue.

    ``texts`` holds the texts with data in them (see :func:`describe`), by their English.
    """

    def __init__(
        self, prog: str, *, lang: Language = "en", texts: Mapping[str, Message] | None = None
    ) -> None:
        super().__init__(prog)
        self.lang = lang
        self.texts = dict(texts or {})

    def text(self, english: str) -> str:
        """``english``, a text the parser was given, in the language of this help."""
        message = self.texts.get(english)
        if message is not None:
            return message.render(self.lang)
        return english if self.lang == "en" else translate(english, self.lang)

    def format_help(self) -> str:
        """The help, a Chinese heading ending with a Chinese colon."""
        text = super().format_help()
        return text if self.lang == "en" else _CHINESE_HEADING.sub("\\1：", text)

    def start_section(self, heading: str | None) -> None:
        """Open a section, its heading translated."""
        super().start_section(heading if heading is None else self.text(heading))

    def add_text(self, text: str | None) -> None:
        """Add a description or epilog, translated."""
        if text is not None and text is not argparse.SUPPRESS:
            text = self.text(text)
        super().add_text(text)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        help_text = super()._get_help_string(action)
        return help_text if help_text is None else self.text(help_text)

    def _format_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[Any],
        prefix: str | None,
    ) -> str:
        if prefix is not None or self.lang == "en":
            return super()._format_usage(usage, actions, groups, prefix)
        # argparse aligns the usage's further lines by the prefix's length in characters:
        # lay it out with blanks as wide as the Chinese prefix, then put the prefix in.
        chinese = translate(USAGE, self.lang)
        blank = " " * display_width(chinese)
        return chinese + super()._format_usage(usage, actions, groups, blank)[len(blank) :]

    def _split_lines(self, text: str, width: int) -> list[str]:
        if self.lang == "en":
            return super()._split_lines(text, width)
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if self.lang == "en":
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))


class Parser(argparse.ArgumentParser):
    """argparse's parser, writing help and usage errors in the language of the run, and
    printing through the escaping writer: an argument echoed in a usage error (an unknown
    option, a bad choice) cannot drive the terminal. Its subcommands are parsers of this
    class too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        #: Texts with data in them, by their English (see :func:`describe`).
        self.texts: dict[str, Message] = {}
        super().__init__(*args, **kwargs)

    def _get_formatter(self) -> argparse.HelpFormatter:
        return HelpFormatter(self.prog, lang=current_language(), texts=self.texts)

    def print_usage(self, file: SupportsWrite[str] | None = None) -> None:
        """Print the usage lines, escaped."""
        self._print_lines(self.format_usage(), file or sys.stdout)

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        """Print the help, escaped."""
        self._print_lines(self.format_help(), file or sys.stdout)

    def error(self, message: str) -> NoReturn:
        """The usage, then ``<prog>: error: <message>`` on stderr, and exit 2."""
        self.print_usage(sys.stderr)
        line = say(ERROR, prog=self.prog, first=argparse_message(message, current_language()))
        self._print_lines(line, sys.stderr)
        raise SystemExit(EXIT_USAGE)

    @staticmethod
    def _print_lines(text: str, file: SupportsWrite[str]) -> None:
        for line in text.rstrip("\n").split("\n"):
            emit(line, stream=cast(TextIO, file))
