"""The namespace tree's labels: counts never cut, long names cut with `…`, told apart."""

from __future__ import annotations

from skyshift_tui.render.short_labels import short_count, short_names


def test_a_count_is_never_cut() -> None:
    assert [short_count(n) for n in (0, 7, 1618, 9999)] == ["0", "7", "1618", "9999"]
    assert [short_count(n) for n in (10_000, 123_456, 999_999)] == ["10k", "123k", "999k"]
    assert [short_count(n) for n in (1_200_000, 25_000_000)] == ["1.2M", "25M"]
    assert all(len(short_count(10**k + 7)) <= 4 for k in range(9))


def test_long_names_end_with_an_ellipsis_and_short_ones_stay_whole() -> None:
    shown = short_names(["default", "payments-production-europe"], 12)
    assert shown == {"default": "default", "payments-production-europe": "payments-pr…"}


def test_two_long_names_stay_distinguishable() -> None:
    names = ["payments-production-eu", "payments-production-us", "payments-production-eu-2"]
    shown = short_names(names, 12)
    assert len(set(shown.values())) == 3, shown
    assert all(len(label) <= 12 and "…" in label for label in shown.values())
    middle = ["a-x-long-common-ending", "a-y-long-common-ending"]
    assert len(set(short_names(middle, 10).values())) == 2
