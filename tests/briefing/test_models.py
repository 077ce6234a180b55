"""The models: partial dates, full dates, URLs, Markdown links, figures, ids."""

from __future__ import annotations

import datetime

import pytest
from briefing.models import (
    Briefing,
    Event,
    Fact,
    Figure,
    PartialDate,
    Source,
    check_markdown_links,
    check_url,
    link_scheme,
    parse_day,
    parse_partial_date,
)
from pydantic import TypeAdapter, ValidationError


def error_of(model, **fields) -> dict:
    with pytest.raises(ValidationError) as raised:
        model(**fields)
    errors = raised.value.errors(include_url=False)
    assert len(errors) == 1, errors
    return errors[0]


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        (datetime.date(2014, 9, 5), PartialDate(2014, 9, 5), "day"),
        ("2014-09-05", PartialDate(2014, 9, 5), "day"),
        ("2014-09", PartialDate(2014, 9), "month"),
        ("2014", PartialDate(2014), "year"),
        (2017, PartialDate(2017), "year"),
    ],
)
def test_partial_date_keeps_its_precision(value, expected, precision):
    parsed = parse_partial_date(value)
    assert parsed == expected
    assert parsed.precision == precision


def test_partial_date_prints_as_written():
    assert [str(PartialDate(2014, 9, 5)), str(PartialDate(2014, 9)), str(PartialDate(987))] == ["2014-09-05", "2014-09", "0987"]


def test_partial_dates_sort_year_before_its_months_before_its_days():
    dates = [PartialDate(2014, 9, 5), PartialDate(2014), PartialDate(2013, 12, 31), PartialDate(2014, 9), PartialDate(2014, 2)]
    assert [str(d) for d in sorted(dates, key=lambda d: d.sort_key)] == ["2013-12-31", "2014", "2014-02", "2014-09", "2014-09-05"]


@pytest.mark.parametrize("text", ["2022-02-30", "2022-02-29", "2022-13", "2022-00", "2022-04-00", "0000"])
def test_impossible_dates_are_not_real_calendar_dates(text):
    with pytest.raises(ValueError, match=f"'{text}' is not a real calendar date"):
        parse_partial_date(text)


@pytest.mark.parametrize("value", ["April 2022", "22-04-09", "2022-4-9", True, None, 2022.5, ["2022"]])
def test_other_values_are_not_dates(value):
    with pytest.raises(ValueError, match="expected a date as YYYY-MM-DD, YYYY-MM or YYYY"):
        parse_partial_date(value)


def test_a_time_of_day_is_refused():
    with pytest.raises(ValueError, match="expected a date without a time of day, got 2022-04-10 12:00:00"):
        parse_partial_date(datetime.datetime(2022, 4, 10, 12))


def test_full_dates_need_the_day():
    assert parse_day(datetime.date(2022, 4, 10)) == datetime.date(2022, 4, 10)
    assert parse_day("2022-04-10") == datetime.date(2022, 4, 10)  # quoted in YAML
    with pytest.raises(ValueError, match="expected a full date as YYYY-MM-DD, got '2022-04'"):
        parse_day("2022-04")
    with pytest.raises(ValueError, match="'2022-02-30' is not a real calendar date"):
        parse_day("2022-02-30")


@pytest.mark.parametrize("url", ["https://example.com/a?b=c#d", "http://example.com"])
def test_http_urls_are_accepted(url):
    assert check_url(url) == url


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "ftp://example.com/", "data:text/html,x", "//example.com/a", "/relative",
     "https:/one-slash", "https://exa mple.com/", "mailto:a@example.com"],
)  # fmt: skip
def test_other_urls_are_refused(url):
    with pytest.raises(ValueError, match="expected an absolute http:// or https:// URL"):
        check_url(url)


def test_source_url_may_be_null_but_must_be_given():
    fields = dict(id="s", title="T", publisher="P", accessed="2022-04-10", kind="news")
    assert Source(url=None, **fields).url is None
    assert error_of(Source, **fields)["type"] == "missing"
    assert error_of(Source, url="javascript:alert(1)", **fields)["type"] == "url_scheme"


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x]( JavaScript:alert(1) 'title')",
        "[x](<javascript:alert(1)>)",
        "![x](javascript:alert(1))",
        "[x][1]\n\n[1]: javascript:alert(1) \"title\"",
        "[x](jav&#x61;script:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](java&#9;script:alert(1))",
        "[x](data:text/html,hi)",
        "[x](vbscript:msgbox)",
    ],
)
def test_markdown_links_with_other_schemes_are_refused(text):
    with pytest.raises(ValueError, match="only http, https and mailto links are allowed"):
        check_markdown_links(text)


@pytest.mark.parametrize(
    "text",
    [
        "[x](https://example.com/) and [y](http://example.com/)",
        "[mail](mailto:desk@example.com)",
        "[section](#source-paper) and [page](../facts/)",
        "javascript: is only text here, as is <javascript:alert(1)>",
        "`[x](javascript:alert(1))` in code is not a link",
    ],
)
def test_safe_markdown_is_accepted(text):
    assert check_markdown_links(text) == text


def test_link_scheme_is_what_a_browser_would_see():
    assert link_scheme(" jav&#x61;\tscript:alert(1)") == "javascript"
    assert link_scheme("../facts/#fact-a") == ""


@pytest.mark.parametrize("value", [8, 40000, 2.5, 0])
def test_figures_are_numbers(value):
    assert Figure(value=value, unit="troops").value == value


@pytest.mark.parametrize("value", ["40,000", "8", True, float("nan"), float("inf"), None])
def test_figures_refuse_text_booleans_and_non_finite(value):
    assert error_of(Figure, value=value, unit="troops")["type"] == "number"


@pytest.mark.parametrize("bad_id", ["Eight", "eight_groups", "eight--groups", "-eight", "eight-", "", "acht groups"])
def test_ids_are_slugs(bad_id):
    assert error_of(Fact, id=bad_id, statement="S.", sources=["a"])["type"] == "string_pattern_mismatch"


def test_every_record_cites_at_least_one_source():
    assert error_of(Fact, id="a", statement="S.", sources=[])["type"] == "too_short"
    assert error_of(Fact, id="a", statement="S.")["loc"] == ("sources",)


def test_unknown_fields_are_refused():
    assert error_of(Fact, id="a", statement="S.", sources=["s"], colour="red")["type"] == "extra_forbidden"


def test_enums_list_their_values():
    error = error_of(
        Event, id="e", date="2022-06", title="T", summary="S.", status="planned", sources=["s"]
    )
    assert error["type"] == "literal_error"
    assert error["ctx"]["expected"] == "'happened' or 'expected'"


def test_markdown_fields_check_their_links():
    assert error_of(Briefing, title="T", summary="[x](javascript:1)", as_of="2022-04-10", key_facts=["a"])["loc"] == ("summary",)


def test_dates_serialise_as_written():
    event = Event(id="e", date="2022-06", title="T", summary="S.", status="expected", sources=["s"])
    briefing = Briefing(title="T", summary="S.", as_of=datetime.date(2022, 4, 10), key_facts=["a"])
    assert event.model_dump(mode="json")["date"] == "2022-06"
    assert briefing.model_dump(mode="json")["as_of"] == "2022-04-10"
    assert TypeAdapter(list[Event]).dump_python([event], mode="json")[0]["date"] == "2022-06"
