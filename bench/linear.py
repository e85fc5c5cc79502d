#!/usr/bin/env python3
"""Linear growth on the pathological inputs of tests/pathological/patho.py:
CPU time at two sizes of each case, for every output format.  A benchmark,
not a test: a ratio of times depends on the machine and its load.

    python3 bench/linear.py [--slow] [CASE ...]   (RECTO names the CLI;
                                                   default build/core/recto)
"""
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "pathological"))
import patho  # noqa: E402


def cmd_linear(case, slow):
    """CPU time at the sizes (small, big) for every format, best of 2.
    A linear step gives big/small ~ the ratio of sizes (4); flag more than
    twice that (a quadratic step gives 16; a loaded machine or the
    sanitizers' allocator can stretch a linear ratio past 6).  When the big run already
    exceeds the limit it is stopped there, and a run that times out ends
    the test (the per-format tests tell which writers fail), so a failure
    costs little time.  Small runs under 0.05 s are too short to judge."""
    src, gen, _, (small, big), _, _ = patho.CASES[case]
    factor = big / small
    limit = factor * 2
    failed = 0
    with tempfile.TemporaryDirectory(prefix="recto-patho-") as tmp:
        files = {}
        for n in (small, big):
            files[n] = os.path.join(tmp, "%s-%d.in" % (case, n))
            with open(files[n], "wb") as fp:
                fp.write(gen(n))
        out = os.path.join(tmp, "out")
        for fmt in patho.FORMATS:
            best = {}
            for n in (small, big):
                guard = patho.S_guard_seconds(os.path.getsize(files[n]), slow)
                if n == big:
                    # Past limit x the small run it has failed already.
                    guard = min(guard, max(1.0, 2 * limit * best[small]))
                for _ in range(2):
                    cpu, _, status, tail = patho.S_convert(src, fmt, files[n], out, guard)
                    if status == "timeout" and n == big:
                        cpu = guard
                    elif status != 0:
                        print("FAIL: %s -> %s at %d: %s" % (case, fmt, n, patho.S_describe(status)))
                        print(tail.rstrip()[-1000:])
                        if status == "timeout":
                            return 1
                        break
                    best[n] = min(best.get(n, cpu), cpu)
                    if status == "timeout":
                        break
                if n not in best:
                    break
            if len(best) < 2:
                failed += 1
                continue
            ratio = best[big] / max(best[small], 1e-3)
            verdict = "ok"
            if best[small] >= 0.05 and ratio > limit:
                verdict = "FAIL: superlinear (limit %.1f)" % limit
                failed += 1
            print("%s -> %-8s n=%d: %.3f s, n=%d: %s%.3f s CPU, ratio %s%.2f for %.0fx: %s" % (
                case, fmt, small, best[small], big,
                ">" if best[big] >= guard and ratio > limit else "", best[big],
                ">" if best[big] >= guard and ratio > limit else "", ratio, factor, verdict))
    return 1 if failed else 0


def main(argv):
    slow = "--slow" in argv
    cases = [a for a in argv[1:] if not a.startswith("--")] or list(patho.CASES)
    os.environ.setdefault("RECTO", os.path.join(HERE, "..", "build", "core",
                                                "recto"))
    failed = 0
    for case in cases:
        if case not in patho.CASES:
            sys.exit("unknown case %s; see patho.py list" % case)
        failed += cmd_linear(case, slow)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
