#!/usr/bin/env python3
"""Writes the committed canonical-JSON vectors: vectors/accept/NAME.json with NAME.expected (the
bytes Python's json.dumps(sort_keys=True, separators=(',',':'), ensure_ascii=False).encode()
prints), vectors/reject/NAME.json (documents pith must refuse with exit 3) with an optional
NAME.where (text the one-line error must contain). Re-run after editing the tables below;
test_canonical_vectors.py re-checks every expected file against Python."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from jsongen import BOUNDARY_FLOATS, BOUNDARY_INTEGERS  # noqa: E402

ALL_CONTROLS = "".join("\\u%04x" % c for c in range(0x20))
ACCEPT = {
    "escapes_all_controls": '["%s"]' % ALL_CONTROLS,
    "escapes_short": r'["\" \\ \/ \b \f \n \r \t", "\u0022\u005c\u002f\u0008\u000C\u000a\u000D\u0009"]',
    "raw_specials": '["\u007f", "\\u007f", "\u2028\u2029", "\\u2028\\u2029", "/", "\ufeff", "\\ufeff", "\u0085"]',
    "astral": '["\U0001f600", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\ud83d\\uDE00", "\U0010ffff", "\\udbff\\udfff", "\U00010000"]',
    "noncharacters": '["\ufffe", "\uffff", "\\ufffe", "\\uffff", "\ufdd0"]',
    "key_order_codepoint": '{"\uff61":1, "\U0001f600":2, "\ue000":3, "a":4, "A":5, "":6, "aa":7, "ab":8, "\u00e9":9, "\u007f":10, "\\u0000":11, "b\\u0000":12, "b":13}',
    "key_escaped_vs_raw": '{"\\u0062":1, "a":2, "\\u00e9":3, "\u00e8":4}',
    "nested_unsorted": '{"z":{"y":[{"b":1,"a":[{"d":null,"c":true}]}],"x":false},"a":{"c":{},"b":[]}}',
    "floats_boundaries": "[" + ", ".join(BOUNDARY_FLOATS) + "]",
    "integers": "[" + ", ".join(BOUNDARY_INTEGERS) + "]",
    "integer_4300_digits": "1" * 4300,
    "negative_zero_forms": "[-0, -0.0, -0e0, 0e-0, -0.0e-5, -1e-400, 1e-400, -0E+0]",
    "exponent_spellings": "[1E+2, 0.1e1, 1e007, 100e-2, 1E-0, 1e+0, 10E-1, 0.0001e4, 123456e-3, 1e-05, 1E16, 1e+016]",
    "whitespace_everywhere": ' \t\r\n{ \t\r\n"a" \t\r\n: \t\r\n[ \t\r\n1 \t\r\n, \t\r\n2 \t\r\n] \t\r\n} \t\r\n',
    "empty_containers": '[{}, [], "", [[]], {"":{}}, [{}], {"a":[]}]',
    "scalar_null": "null",
    "scalar_true": " true ",
    "scalar_float": "1.0",
    "scalar_string": '"x\\u00e9\U0001f600"',
    "scalar_negative_zero": "-0.0",
    "long_string": '"' + ("abc\u00e9\\n\U0001f600" * 20000) + '"',
    "long_float_mantissa": "[0." + "3" * 2000 + ", " + "7" * 300 + ".5e-250]",
    "long_mantissa_exponents": "[" + ", ".join(["1" * 4301 + "e-4000", "1" * 20000 + "e-19990", "-0." + "0" * 400 + "1e400",
                                                "0." + "0" * 5000 + "1", "9" * 400 + "e-700"]) + "]",
    "unicode_keys_nested": '{"\u03b1":{"\u03b2":{"\u03b3":"\u03b4"}}, "\u0391":0}',
    "mixed_record_like": '{"source":{"version":1,"kind":"arxiv","id":"2605.08894"},"schema_version":"1.0","metadata":{"title_canon_sha256":"9ff4","cross_cats_sorted":["cs.AI"],"submitted_at":"2026-05-09T11:19:51Z"}}',
}

REJECT = {
    # Python cannot encode these: a hash would have to be invented.
    "lone_high_surrogate": ('["\\ud800"]', None),
    "lone_low_surrogate": ('"\\udc00"', None),
    "reversed_surrogates": ('["\\udc00\\ud800"]', None),
    "high_surrogate_then_letter": ('["\\ud800\\u0041"]', None),
    "high_surrogate_at_end": ('{"k":"abc\\ud83d"}', None),
    "lone_surrogate_in_key": ('{"\\ud800":1}', None),
    # Not JSON, although Python's json module reads them.
    "nan": ("[NaN]", None),
    "infinity": ("[Infinity]", None),
    "negative_infinity": ("[-Infinity]", None),
    "float_overflow": ("[1e400]", None),
    "float_overflow_negative": ("[-1e400]", None),
    "float_overflow_just": ("[1.7976931348623159e308]", None),
    "float_overflow_long": ("[1" + "0" * 400 + ".0]", None),
    "integer_4301_digits": ("1" * 4301, None),
    "integer_negative_4301_digits": ('{"a":[-' + "9" * 4301 + "]}", None),
    # Ambiguous: two readers could see two records.
    "duplicate_key_top": ('{"a":1,"a":2}', '"a"'),
    "duplicate_key_nested": ('{"x":[{"k":1},{"k":1,"k":2}]}', "$.x[1]"),
    "duplicate_key_escaped": ('{"m":{"a":1,"\\u0061":2}}', "$.m"),
    "duplicate_key_deep": ('{"a":{"b":{"c":{"d":0,"e":1,"d":2}}}}', "$.a.b.c"),
    # Not UTF-8.
    "invalid_utf8_ff": (b'["\xff"]', None),
    "invalid_utf8_overlong": (b'["\xc0\xaf"]', None),
    "invalid_utf8_surrogate": (b'["\xed\xa0\x80"]', None),
    "invalid_utf8_truncated": (b'["\xe2\x82"]', None),
    "invalid_utf8_above_max": (b'["\xf4\x90\x80\x80"]', None),
    "invalid_utf8_in_key": (b'{"a\x80":1}', None),
    "invalid_utf8_latin1": ('["caf\u00e9"]'.encode("latin-1"), None),
    "utf8_bom": (b'\xef\xbb\xbf[1]', None),
    # Raw control characters inside strings (Python's strict mode refuses them).
    "raw_control_in_string": (b'["a\x01"]', None),
    "raw_newline_in_string": (b'["a\nb"]', None),
    "raw_tab_in_key": (b'{"a\tb":1}', None),
    "raw_nul_in_string": (b'["a\x00"]', None),
    # Truncated.
    "truncated_object": ('{"a":[1,2', None),
    "truncated_string": ('"abc', None),
    "truncated_array": ("[1,", None),
    "truncated_key": ('{"a"', None),
    "truncated_colon": ('{"a":', None),
    "truncated_literal": ("tru", None),
    "truncated_minus": ("-", None),
    "truncated_fraction": ("1.", None),
    "truncated_exponent": ("1e", None),
    "truncated_exponent_sign": ("1e+", None),
    "truncated_escape": ('"\\', None),
    "truncated_unicode_escape": ('"\\u00', None),
    # Trailing data.
    "trailing_garbage": ("[1] x", "byte 4"),
    "trailing_second_document": ("{} {}", "byte 3"),
    "trailing_number": ("1 2", "byte 2"),
    "trailing_bracket": ("[1]]", "byte 3"),
    "trailing_nul": (b"[1]\x00", "byte 3"),
    "trailing_nul_then_document": (b'[1]\x00{"a":2}', "byte 3"),
    "nul_before_document": (b'\x00[1]', "byte 0"),
    # Syntax Python's json refuses too.
    "trailing_comma_array": ("[1,]", None),
    "trailing_comma_object": ('{"a":1,}', None),
    "single_quotes": ("{'a':1}", None),
    "leading_zero": ("[01]", None),
    "plus_sign": ("[+1]", None),
    "bare_fraction": ("[.5]", None),
    "hex_number": ("[0x10]", None),
    "dot_without_digits": ("[1.e5]", None),
    "bad_escape": ('["\\x41"]', None),
    "short_unicode_escape": ('["\\u12"]', None),
    "long_unicode_escape": ('["\\U0001F600"]', None),
    "comment_block": ("[1 /* c */]", None),
    "comment_line": ("// c\n[1]", None),
    "unquoted_key": ("{a:1}", None),
    "missing_colon": ('{"a" 1}', None),
    "missing_comma": ("[1 2]", None),
    "capital_true": ("[True]", None),
    "empty": ("", None),
    "whitespace_only": (" \n\t\r ", None),
    "vertical_tab_whitespace": ("[1,\v2]", None),
    "nbsp_whitespace": ("[1,\u00a02]", None),
}


def write(path, data):
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def main():
    from reference import python_canonical  # noqa: E402
    here = os.path.dirname(os.path.abspath(__file__))
    accept_dir = os.path.join(here, "vectors", "accept")
    reject_dir = os.path.join(here, "vectors", "reject")
    for d in (accept_dir, reject_dir):
        os.makedirs(d, exist_ok=True)
        for name in os.listdir(d):
            os.remove(os.path.join(d, name))
    for name, text in ACCEPT.items():
        expected = python_canonical(text)
        if expected is None:
            sys.exit("Python rejects accept vector " + name)
        write(os.path.join(accept_dir, name + ".json"), text)
        write(os.path.join(accept_dir, name + ".expected"), expected)
    for name, (text, where) in REJECT.items():
        write(os.path.join(reject_dir, name + ".json"), text)
        if where:
            write(os.path.join(reject_dir, name + ".where"), where)
    print("wrote %d accept and %d reject vectors" % (len(ACCEPT), len(REJECT)))


if __name__ == "__main__":
    main()
