"""core.lru.LRU: the bounded cache of the search engine and of the rendered partials."""

from markupsafe import Markup

from jobportal.core.lru import LRU


def test_computes_once_per_key_and_forgets_the_least_recently_used():
    cache, computed = LRU(2), []

    def compute(text):
        computed.append(text)
        return Markup(text)

    for key in ("a", "a", "b", "c", "a"):
        assert cache.get(key, lambda k=key: compute(k)) == key
    assert computed == ["a", "b", "c", "a"]  # "a" was the oldest when "c" came


def test_holds_at_most_its_weight():
    cache = LRU(10, max_bytes=10, weigh=len)
    for key in "abc":
        cache.get(key, lambda: Markup("x" * 4))
    assert cache.bytes == 8 and "a" not in cache and "b" in cache and "c" in cache
