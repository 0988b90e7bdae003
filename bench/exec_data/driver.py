"""Exercises copies of textwrap, fractions, statistics and json (bench/exec_data/run.sh copies
them next to this file), so that `codetrace run --values` observes calls with many different
arguments. Its own code is not under test; what it calls is."""
import json
import textwrap
import statistics
from fractions import Fraction
from decimal import Decimal

TEXTS = [
    "The quick brown fox jumps over the lazy dog.",
    "Hello there, how are you this fine day? I'm glad to hear it!",
    "  Indented text\n    with more indent\n  and back",
    "one two three four five six seven eight nine ten",
    "a-very-long-hyphenated-word-that-must-be-broken somewhere",
]
for i, text in enumerate(TEXTS):
    textwrap.wrap(text, 10 + 5 * i)
    textwrap.fill(text, width=12 + 3 * i)
    textwrap.shorten(text, width=20 + i, placeholder=" [...]" if i % 2 else "...")
    textwrap.indent(text, "> " if i % 2 else "    ")
    textwrap.dedent(text)

FRACTIONS = [Fraction(1, 3), Fraction(-7, 4), Fraction(22, 7), Fraction(5), Fraction(355, 113), Fraction(3, 8)]
for a, b in zip(FRACTIONS, FRACTIONS[1:]):
    a + b, a - b, a * b, a / b, a // b, a % b, a ** 2, a < b, a == b, abs(a), -a, round(a), round(a, 2)
    a.limit_denominator(10), a.as_integer_ratio(), float(a), int(a), bool(a), str(a), hash(a)
    a.numerator, a.denominator
for x in (0.5, 0.1, 2.25, -1.75, 3.0):
    Fraction.from_float(x)
    Fraction(str(x))
for d in ("1.5", "-0.125", "3.14159"):
    Fraction.from_decimal(Decimal(d))
    Fraction(d)

SAMPLES = [[1, 2, 3, 4, 4], [2.5, 3.25, 5.75, 1.0], [10, 20, 30, 40, 50, 60], [1, 1, 2, 3, 3, 3, 7], [Fraction(1, 2), Fraction(3, 4), Fraction(5, 4)]]
for data in SAMPLES:
    for name in ("mean", "fmean", "median", "median_low", "median_high", "median_grouped", "mode", "multimode",
                 "pstdev", "pvariance", "stdev", "variance", "harmonic_mean", "geometric_mean"):
        try:
            getattr(statistics, name)(data)
        except (statistics.StatisticsError, TypeError, ValueError):
            pass
    statistics.quantiles(data, n=4)
for xs, ys in (([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]), ([1.0, 2.0, 3.0], [3.0, 2.0, 1.5]), ([10, 20, 30, 40], [1, 3, 2, 5])):
    statistics.correlation(xs, ys), statistics.covariance(xs, ys), statistics.linear_regression(xs, ys)
for mu, sigma in ((0.0, 1.0), (100.0, 15.0), (2.5, 0.5)):
    n = statistics.NormalDist(mu, sigma)
    n.cdf(mu + sigma), n.pdf(mu), n.inv_cdf(0.975), n.zscore(mu + 2 * sigma), n.quantiles(4), n.overlap(statistics.NormalDist(mu + 1, sigma))
    n.mean, n.stdev, n.variance, n + 1.5, n * 2.0, n - n
statistics.NormalDist.from_samples([2.5, 3.1, 2.1, 2.4, 2.7, 3.5])

DOCUMENTS = [{"name": "Ann", "tags": ["a", "b"], "age": 41}, [1, 2.5, None, True, "x"], {"nested": {"k": [1, {"z": None}]}}, "plain \u00e9 text", 3.25]
for i, doc in enumerate(DOCUMENTS):
    text = json.dumps(doc, sort_keys=bool(i % 2), indent=2 if i % 3 == 0 else None)
    json.loads(text)
    json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
for bad in ('{"a": 1,}', "[1, 2", "nul", '{"a" 1}'):
    try:
        json.loads(bad)
    except json.JSONDecodeError:
        pass
