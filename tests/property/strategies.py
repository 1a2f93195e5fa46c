"""Hypothesis strategies for hostile input, and the one settings profile every
property test here uses (modest example counts, no deadline: a request through the
test client takes a few milliseconds, but the shared machine is sometimes slow)."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.api.hostile import HUGE_DIGITS, INF_LITERAL, nested

# The app is built once per test function (a fixture); each example cleans up or
# counts rows itself, so sharing the function-scoped fixtures between examples is meant.
PROPERTY = settings(
    max_examples=int(os.environ.get("STEADY_PROPERTY_EXAMPLES", "40")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)

NUMBER_WORDS = st.sampled_from([
    "inf", "-inf", "Infinity", "-Infinity", "NaN", "nan", "sNaN", "1e999", "-1e999", "1e308",
    "1e-999", HUGE_DIGITS, "-" + HUGE_DIGITS, "1" * 5000, "0x10", "0b1", "1_0", "１０", "٣",
    "²", "5.5", "-0", "+3", " 7 ", "6,5", "1,000", "1.000", "3.", ".5", "1e2", "½", "",
    "1e99999999999999999999", "1E+999999", "0e-999999999", "4" + "0" * 400,
])
NUMBERS_AS_TEXT = st.one_of(
    NUMBER_WORDS,
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
CONTROL = st.text(st.characters(max_codepoint=0x1F) | st.sampled_from("\x7f\x85\u2028\u2029"),
                  min_size=1, max_size=6)
UNICODE = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
LONG = st.integers(min_value=2_001, max_value=20_000).map(lambda n: "ü" * n)
SPECIAL = st.sampled_from([
    "tag:exam, long drive", "exam, drive, , ,", "a,b,c,d,e,f,g", "<script>alert(1)</script>",
    "'; DROP TABLE entries; --", "%00", "../../etc/passwd", "{{ 7*7 }}", "\ufeff", "🙂" * 20,
    "9999-12-31T23:59+14:00", "0001-01-01T00:00-14:00", "9999-12-31", "0001-01-01",
    "2026-02-30", "2026-13-01", "T", "Z",
])

# What a form can carry: text only (a browser sends UTF-8, so no lone surrogates).
# Numbers come up as often as all the rest: that is where overflows live.
FORM_TEXT = st.one_of(NUMBER_WORDS, NUMBERS_AS_TEXT, st.one_of(CONTROL, UNICODE, LONG, SPECIAL))
# A form field: one value, or the same name repeated.
FORM_VALUE = st.one_of(FORM_TEXT, st.lists(FORM_TEXT, min_size=0, max_size=3))

# What a synced item can carry: any JSON, including what careless encoders write.
JSON_NUMBERS = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.just(INF_LITERAL),
)
SURROGATE_TEXT = st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3).map(
    lambda s: "note " + s)
JSON_SCALARS = st.one_of(st.none(), st.booleans(), JSON_NUMBERS, FORM_TEXT, SURROGATE_TEXT)
JSON_TREES = st.recursive(
    JSON_SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.text(max_size=8), children, max_size=3)),
    max_leaves=8,
)
DEEP = st.integers(min_value=17, max_value=400).map(nested)
JSON_VALUE = st.one_of(JSON_SCALARS, JSON_TREES, DEEP)
