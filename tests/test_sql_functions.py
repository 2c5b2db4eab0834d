"""govcrawl's SQL functions (the Datasette plugin's): any text gives a valid MATCH expression."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govcrawl.research.search import MAX_QUERY_CHARS, MAX_QUERY_TERMS, fts_query
from govcrawl.research.sql_functions import (
    NOTHING,
    bounded,
    fold_text,
    is_valid,
    match_expression,
    register,
)

ODD = ["KH&CN", '"unbalanced', "", "   ", "&&&", "a AND", "NOT", "-foo", "*", "foo:bar", "(a", "😀"]


@pytest.mark.parametrize("typed", ODD)
def test_odd_input_gives_a_valid_expression(typed: str) -> None:
    assert is_valid(match_expression(typed))
    if typed in ("", "   ", "&&&"):
        assert match_expression(typed) == NOTHING


@given(st.text(max_size=80))
def test_any_text_gives_a_valid_expression(typed: str) -> None:
    assert is_valid(match_expression(typed))


def test_valid_queries_are_the_searchs_own() -> None:
    for typed in ("khoa học", '"đổi mới sáng tạo"', "khởi nghiệp OR startup", "công nghệ*"):
        assert match_expression(typed) == fts_query(typed)  # the search's builder, not a copy


def test_long_queries_are_cut_not_refused() -> None:
    assert len(bounded("x" * 10_000)) == MAX_QUERY_CHARS
    assert bounded("ab " * 40).split() == ["ab"] * MAX_QUERY_TERMS
    assert is_valid(match_expression("từ " * 1000))


def test_functions_in_sql() -> None:
    conn = sqlite3.connect(":memory:")
    register(conn)
    assert conn.execute("SELECT govcrawl_fold('Đà Lạt'), govcrawl_fold(NULL)").fetchone() == (
        "da lat", None)  # fmt: skip
    assert conn.execute("SELECT govcrawl_match('KH&CN')").fetchone()[0] == match_expression("KH&CN")
    assert conn.execute("SELECT govcrawl_expand('Sở KH&CN')").fetchone()[0]
    assert fold_text("Hòa Bình") == fold_text("Hoà Bình") == "hoa binh"
