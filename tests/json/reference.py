"""The reference: the registry's own Python pipeline for canonical JSON."""
import json


def python_canonical(text):
    """The reference bytes (text: str, or bytes read as UTF-8): what the registry's own Python pipeline prints for `text`.

    Returns None where Python itself fails (NaN/Infinity, lone surrogates, too many digits):
    pith must reject those inputs instead of inventing a hash.
    """
    def no_constants(name):
        raise ValueError("not JSON: " + name)

    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")  # as sys.stdin.read() does in a UTF-8 locale: strictly
        value = json.loads(text, parse_constant=no_constants)
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                          allow_nan=False).encode()
    except (ValueError, UnicodeEncodeError, RecursionError):
        return None


def has_duplicate_keys(text):
    found = []

    def hook(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            found.append(keys)
        return dict(pairs)

    json.loads(text, object_pairs_hook=hook)
    return bool(found)
