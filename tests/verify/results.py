"""The verify tests' shared ending: one line per check, the plain 'N passed, N failed' line, exit code."""


def summarise(results):
    """results: (name, ok, detail) tuples. Prints them and returns the process exit code."""
    failed = [r for r in results if not r[1]]
    for name, ok, detail in results:
        print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok or not detail else ': ' + detail.strip(' ()')}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0
