"""Problem lines, their order, and DataError."""

from __future__ import annotations

from briefing.problems import DataError, Problem, format_path


def test_problem_line_names_file_line_path_and_message():
    problem = Problem("data/facts.yml", 12, "facts[3].sources[0]", "unknown source 'telegrph'")
    assert str(problem) == "data/facts.yml:12: facts[3].sources[0]: unknown source 'telegrph'"


def test_problem_without_line_or_path_stays_one_clean_line():
    assert str(Problem("data/quotes.yml", 0, "", "file not found")) == "data/quotes.yml: file not found"
    assert str(Problem("data/facts.yml", 3, "", "YAML syntax error: x")) == "data/facts.yml:3: YAML syntax error: x"


def test_problems_sort_by_file_then_line():
    problems = [
        Problem("data/quotes.yml", 2, "quotes[0]", "b"),
        Problem("data/facts.yml", 10, "facts[1]", "a"),
        Problem("data/facts.yml", 9, "facts[0]", "c"),
    ]
    assert [(p.file, p.line) for p in sorted(problems)] == [("data/facts.yml", 9), ("data/facts.yml", 10), ("data/quotes.yml", 2)]


def test_data_error_holds_every_problem_sorted_and_prints_one_per_line():
    second = Problem("data/quotes.yml", 5, "quotes[0].said_on", "'2022-04-31' is not a real calendar date")
    first = Problem("data/facts.yml", 7, "facts[1].sources[0]", "unknown source 'telegrph'")
    error = DataError([second, first])
    assert error.problems == [first, second]
    assert str(error) == f"{first}\n{second}"


def test_format_path_uses_yaml_names_and_zero_based_indices():
    assert format_path(("facts", 3, "sources", 0)) == "facts[3].sources[0]"
    assert format_path(("briefing", "key_facts", 1)) == "briefing.key_facts[1]"
    assert format_path(("facts", 0, "figure", "value")) == "facts[0].figure.value"
    assert format_path(()) == ""
