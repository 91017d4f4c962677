"""Numbers in the page's language: the fast paths give what Babel-style rounding gives."""

from decimal import Decimal

from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobportal.core.formats import number_de

GROUPING = {"de": str.maketrans(",.", ".,"), "en": str.maketrans("", "")}


def _by_decimal(value, digits: int, language: str) -> str:
    """The plain way: the number's decimal digits, rounded half to even."""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return f"{number:,.{digits}f}".translate(GROUPING[language])


NUMBERS = st.one_of(
    st.integers(-(10**12), 10**12),
    st.floats(-1e9, 1e9, allow_nan=False),
    st.tuples(st.floats(0, 500, allow_nan=False), st.integers(0, 3)).map(lambda t: round(*t)),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the app is only read
@given(value=NUMBERS, digits=st.integers(0, 3))
def test_numbers_are_rounded_as_their_decimal_digits_say(app, value, digits):
    with app.test_request_context():
        for language in ("de", "en"):
            with force_locale(language):
                assert number_de(value, digits) == _by_decimal(value, digits, language)


def test_separators_follow_the_language(app):
    with app.test_request_context():
        with force_locale("de"):
            assert (number_de(8188), number_de(12.25, 1), number_de(999)) == (
                "8.188",
                "12,2",
                "999",
            )
        with force_locale("en"):
            assert (number_de(8188), number_de(2.25, 1), number_de(-1000)) == (
                "8,188",
                "2.2",
                "-1,000",
            )
