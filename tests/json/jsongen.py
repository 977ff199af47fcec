"""A seeded generator of JSON *texts* (not values) that exercise everything Python's canonical
form depends on: odd number spellings, every string escape, astral characters, big integers,
subnormal and boundary floats, key order by code point, whitespace between tokens."""
import json
import math
import random
import struct

# Code points whose order differs between UTF-16 and code-point sorting, plus the characters
# Python leaves raw although other encoders escape them.
SPECIAL_CHARS = ["\u007f", "\u0080", "\u00e9", "\u2028", "\u2029", "/", "\ufeff", "\uffff",
                 "\ue000", "\uff61", "\U0001f600", "\U00010000", "\U0010ffff", "\u0800", "\u07ff",
                 "\ud7ff", "\u00a0", "\u200b", "a", "A", "z", " ", "~", "\U0001d11e", "\u0301"]
SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
                 "\t": "\\t", "/": "\\/"}
BOUNDARY_FLOATS = [
    "1e16", "1E16", "1e+16", "10000000000000000.0", "9999999999999998.0", "9999999999999999.0",
    "1e15", "999999999999999.9", "123456789012345678.0", "1e-5", "1E-05", "0.00001", "1e-4",
    "0.0001", "0.00009999999999999999", "0.000099999", "1e-4000", "-1e-4000", "0.0", "-0.0",
    "-0e0", "0e-0", "0E+00", "1.0", "1E+2", "0.1e1", "100e-2", "5e-324", "4.9e-324", "2.5e-324",
    "2.4703282292062328e-324", "2.2250738585072014e-308", "2.2250738585072009e-308",
    "1.7976931348623157e308", "1.7976931348623158e+308", "0.1", "0.2", "0.30000000000000004",
    "1e22", "1e23", "9007199254740993.0", "9007199254740992e0", "4.35", "2.675", "1e-7",
    "123e-20", "1.5e300", "-1.5e-300", "3.141592653589793238462643383279", "1e0", "1E-0",
    "0.000001", "1e21", "1e-6", "12345678901234567890.0", "6.02214076e23", "1.0000000000000002",
    "0.9999999999999999", "1e007", "1E-007", "25e-1", "-0.0e5", "1" + "0" * 300 + ".0",
    "0." + "0" * 300 + "1", "1." + "9" * 400,
]
BOUNDARY_INTEGERS = ["0", "-0", "1", "-1", "9007199254740993", "9223372036854775807",
                     "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                     "18446744073709551615", "18446744073709551616", "1" + "0" * 400,
                     "-" + "9" * 4300, "9" * 4300]


class Generator:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def ws(self):
        return self.r.choice(["", "", "", " ", "\n", "\t", "\r\n", "  "])

    # --- numbers -------------------------------------------------------------------------
    def integer(self):
        r = self.r
        kind = r.random()
        if kind < 0.1:
            return r.choice(BOUNDARY_INTEGERS)
        length = r.randint(1, 19) if kind < 0.8 else r.randint(20, 600)
        digits = str(r.randint(1, 9)) + "".join(r.choice("0123456789") for _ in range(length - 1))
        return ("-" if r.random() < 0.4 else "") + digits

    def float_from_bits(self, subnormal=False):
        while True:
            bits = self.r.getrandbits(64)
            if subnormal:
                bits &= ~(0x7FF << 52)
            d = struct.unpack("<d", struct.pack("<Q", bits))[0]
            if math.isfinite(d):
                return d

    def spelled_float(self):
        """A float written the way no serialiser would, but JSON allows."""
        r = self.r
        sign = "-" if r.random() < 0.4 else ""
        intpart = "0" if r.random() < 0.3 else str(r.randint(1, 9)) + "".join(
            r.choice("0123456789") for _ in range(r.randint(0, 20)))
        frac = "" if r.random() < 0.3 else "." + "".join(r.choice("0123456789") for _ in range(r.randint(1, 25)))
        exp = ""
        if not frac or r.random() < 0.6:
            e = r.choice([r.randint(-30, 30), r.randint(-340, 310)])
            exp = r.choice("eE") + r.choice(["", "+" if e >= 0 else "", ""]) + ("-" if e < 0 else "")
            exp += "0" * r.randint(0, 2) + str(abs(e))
        return sign + intpart + frac + exp

    def floating(self):
        r = self.r
        kind = r.random()
        if kind < 0.1:
            text = r.choice(BOUNDARY_FLOATS)
        elif kind < 0.3:
            text = repr(self.float_from_bits())
        elif kind < 0.4:
            text = repr(self.float_from_bits(subnormal=True))
        elif kind < 0.5:
            d = self.float_from_bits()
            text = r.choice(["%.17g", "%.17e", "%.{}E".format(r.randint(0, 25)), "%.{}g".format(r.randint(1, 20))]) % d
        elif kind < 0.6:
            # Around the fixed/exponent switch points of repr.
            mag = r.choice([16, 15, 17, -4, -5, -3])
            text = repr(r.uniform(1, 10) * 10.0 ** (mag - 1) * r.choice([1, -1]))
        else:
            text = self.spelled_float()
        if not any(c in text for c in ".eE"):
            text += ".0"  # "%.17g" may print an integer; keep it a float token
        if "inf" in text or "nan" in text or not math.isfinite(float(text)):
            return "1.5"
        return text

    # --- strings -------------------------------------------------------------------------
    def char(self):
        r = self.r
        kind = r.random()
        if kind < 0.35:
            return chr(r.randint(0x20, 0x7E))
        if kind < 0.45:
            return chr(r.randint(0, 0x1F))
        if kind < 0.6:
            return r.choice(SPECIAL_CHARS)
        if kind < 0.8:
            while True:
                c = r.randint(0x80, 0xFFFF)
                if not 0xD800 <= c <= 0xDFFF:
                    return chr(c)
        return chr(r.randint(0x10000, 0x10FFFF))

    def encode_char(self, c):
        r = self.r
        cp = ord(c)
        choice = r.random()
        if c in SHORT_ESCAPES and choice < 0.5:
            return SHORT_ESCAPES[c]
        if cp < 0x20 or c in '"\\' or choice < 0.15:
            if cp >= 0x10000:
                hi = 0xD800 + ((cp - 0x10000) >> 10)
                lo = 0xDC00 + ((cp - 0x10000) & 0x3FF)
                fmt = r.choice(["\\u%04x\\u%04x", "\\u%04X\\u%04X", "\\u%04x\\u%04X"])
                return fmt % (hi, lo)
            return (r.choice(["\\u%04x", "\\u%04X"])) % cp
        return c

    def string(self, max_len=12):
        chars = [self.char() for _ in range(self.r.randint(0, max_len))]
        return '"' + "".join(self.encode_char(c) for c in chars) + '"', "".join(chars)

    # --- structures ----------------------------------------------------------------------
    def value(self, depth=0):
        r = self.r
        kinds = ["null", "true", "false", "int", "float", "string"]
        weights = [1, 1, 1, 4, 6, 6]
        if depth < 5:
            kinds += ["array", "object"]
            weights += [3, 3] if depth < 2 else [1, 1]
        kind = r.choices(kinds, weights)[0]
        if kind in ("null", "true", "false"):
            return kind
        if kind == "int":
            return self.integer()
        if kind == "float":
            return self.floating()
        if kind == "string":
            return self.string()[0]
        if kind == "array":
            items = [self.value(depth + 1) for _ in range(r.randint(0, 6))]
            return "[" + self.ws() + ("," + self.ws()).join(i + self.ws() for i in items) + "]"
        members, seen = [], set()
        for _ in range(r.randint(0, 7)):
            text, key = self.string(max_len=6)
            if r.random() < 0.3 and seen:
                # A key sharing a prefix with another one, to test byte-wise ordering.
                base = r.choice(sorted(seen))
                key = base + self.char()
                text = '"' + "".join(self.encode_char(c) for c in key) + '"'
            if key in seen:
                continue
            seen.add(key)
            members.append(self.ws() + text + self.ws() + ":" + self.ws() + self.value(depth + 1) + self.ws())
        return "{" + ",".join(members) + "}"

    def document(self):
        return self.ws() + self.value() + self.ws()


def generate(seed, count):
    g = Generator(seed)
    return [g.document() for _ in range(count)]


if __name__ == "__main__":
    for text in generate(1, 5):
        print(text)
        print(json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False))
