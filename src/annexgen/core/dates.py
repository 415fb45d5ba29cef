"""Dates, numbers and plural rules from CLDR (through Babel), with the UN's own forms over them."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_date_format, tokenize_pattern
from babel.numbers import format_decimal


@dataclass(frozen=True)
class UnForm:
    """Where a language's UN documents write dates otherwise than CLDR does, and the source."""

    source: str
    pattern: str | None = None  # the date's CLDR pattern, instead of the locale's "long" one
    months: tuple[str, ...] | None = None  # the months' names, January first
    first_day: str | None = None  # how the first day of a month is written


# The override table (docs/languages.md): only what the UN writes otherwise than CLDR.
UN_FORMS: dict[str, UnForm] = {
    "en": UnForm(
        pattern="d MMMM y",
        source="UN Editorial Manual, 'Numbers, dates and time': '22 January 2019', day, "
               "month, year, no comma (CLDR en, American: 'January 22, 2019')"),
    "fr": UnForm(
        first_day="1er",
        source="French typography (Lexique des règles typographiques de l'Imprimerie "
               "nationale), followed by UN French documents: '1er janvier 2020' (CLDR fr: "
               "'1 janvier 2020')"),
    "ru": UnForm(
        pattern="d MMMM y 'года'",
        source="UN Russian documents write the year in full: '20 декабря 1961 года' (General "
               "Assembly resolutions' date lines; CLDR ru: '20 декабря 1961 г.')"),
    "ar": UnForm(
        months=("كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل",
                "أيار/مايو", "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر",
                "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر"),
        source="UN Arabic documents name each month twice, the Levantine name then the "
               "Egyptian one: '7 كانون الأول/ديسمبر 2001' (A/RES/56/… date lines; CLDR ar: "
               "'7 ديسمبر 2001'); June and July as 'يونيه', 'يوليه'"),
}

_NO_FORM = UnForm(source="CLDR")


def locale_of(tag: str) -> Locale | None:
    """Babel's locale for a BCP 47 tag, or None when CLDR does not know it."""
    try:
        return Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return None


# CLDR's plural categories in its own order.
CATEGORIES = ("zero", "one", "two", "few", "many", "other")


@functools.cache
def plural_rule(tag: str) -> tuple[tuple[str, ...], Callable[[int], str]]:
    """The CLDR plural categories of the language `tag` and the rule choosing one for a
    count (a language CLDR does not know has one category, "other")."""
    locale = locale_of(tag)
    if locale is None:
        return ("other",), _other
    rule = locale.plural_form
    return tuple(c for c in CATEGORIES if c in rule.tags or c == "other"), rule


def _other(_count: int) -> str:
    return "other"


@dataclass(frozen=True)
class Calendar:
    """How a language writes a date (CLDR's long date, or the UN's form over it) and its
    numbers, each piece of a date also on its own for the ranges of the catalogue."""

    locale: str
    pattern: str
    form: UnForm

    def date(self, day: dt.date) -> str:
        """14 March 2025, 14 mars 2025, 2025年3月14日, 20 декабря 1961 года."""
        return "".join(self._piece(day, kind, value)
                       for kind, value in tokenize_pattern(self.pattern))

    def day(self, day: dt.date) -> str:
        """The day of the month as the date writes it ("1er" in French)."""
        return self._piece(day, "field", ("d", 1))

    def month(self, day: dt.date) -> str:
        """The month as the date writes it: "March", "декабря", "كانون الأول/ديسمبر", "3"."""
        field = next((value for kind, value in tokenize_pattern(self.pattern)
                      if kind == "field" and value[0] in "ML"), ("M", 4))
        return self._piece(day, "field", field)

    def number(self, count: int) -> str:
        """A number in figures, its digits grouped as the language groups them."""
        return format_decimal(count, locale=self.locale)

    def _piece(self, day: dt.date, kind: str, value) -> str:
        if kind == "chars":
            return str(value)
        letter, width = value
        if letter == "d" and day.day == 1 and self.form.first_day:
            return self.form.first_day
        if letter in "ML" and width >= 4 and self.form.months:
            return self.form.months[day.month - 1]
        return format_date(day, letter * width, locale=self.locale)


@functools.cache
def calendar(tag: str) -> Calendar:
    """The calendar of the language `tag`: CLDR's, with the UN's form over it."""
    locale = locale_of(tag)
    name = str(locale) if locale is not None else "en"
    form = UN_FORMS.get(tag.split("-")[0].lower(), _NO_FORM)
    pattern = form.pattern or get_date_format("long", locale=name).pattern
    return Calendar(name, pattern, form)
