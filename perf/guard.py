#!/usr/bin/env python3
"""Compares the instruction counts of benches/guard.rs with the recorded baseline.

    perf/guard.py SUMMARIES_DIR BASELINE.json [--rebaseline]

SUMMARIES_DIR holds iai-callgrind's summary.json files (one per benchmark,
written with --save-summary=json). Each benchmark's total callgrind `Ir`
(instructions executed) is compared with the baseline's: more than +10 % fails.
A benchmark missing from the baseline, or from this run, fails too (re-baseline
after adding or removing one). --rebaseline writes the counts of this run as the
baseline instead. Only the standard library is used.
"""

import json
import pathlib
import sys

LIMIT = 0.10


def new_value(metric):
    """The `new` side of an EitherOrBoth of metrics ({"Int": n} or {"Float": x})."""
    sides = metric.get("metrics", {})
    value = sides.get("Left")
    if value is None and "Both" in sides:
        value = sides["Both"][0]
    if isinstance(value, dict):
        value = next(iter(value.values()))
    return value


def instructions(summary):
    for profile in summary.get("profiles", []):
        if profile.get("tool") != "Callgrind":
            continue
        total = profile["summaries"]["total"]["summary"]
        metrics = total.get("Callgrind", {})
        if "Ir" in metrics:
            return int(new_value(metrics["Ir"]))
    raise SystemExit("no callgrind Ir in a summary: is the runner the crate's version?")


def counts(root):
    found = {}
    for path in sorted(pathlib.Path(root).rglob("summary.json")):
        summary = json.loads(path.read_text())
        name = summary["module_path"].split("::", 1)[-1]
        if summary.get("id"):
            name += "." + summary["id"]
        found[name] = instructions(summary)
    if not found:
        raise SystemExit(f"no summary.json under {root}: did the benchmarks run?")
    return found


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    root, baseline_path = argv[1], pathlib.Path(argv[2])
    now = counts(root)
    if "--rebaseline" in argv[3:]:
        baseline_path.write_text(json.dumps(now, indent=2, sort_keys=True) + "\n")
        print(f"baseline recorded in {baseline_path}: {len(now)} benchmarks")
        for name, count in sorted(now.items()):
            print(f"  {name:<40} {count:>14,}")
        return 0
    baseline = json.loads(baseline_path.read_text())
    failed = []
    print(f"{'benchmark':<40} {'baseline':>14} {'now':>14}  change")
    for name in sorted(set(now) | set(baseline)):
        old, new = baseline.get(name), now.get(name)
        if old is None or new is None:
            failed.append(name)
            print(f"{name:<40} {old or '—':>14} {new or '—':>14}  not in both: re-baseline")
            continue
        change = (new - old) / old
        mark = ""
        if change > LIMIT:
            failed.append(name)
            mark = f"  ✗ past +{LIMIT:.0%}"
        print(f"{name:<40} {old:>14,} {new:>14,}  {change:+.1%}{mark}")
    if failed:
        print(
            f"\nperf guard FAILED: {', '.join(failed)}. If the cost is intended, record a new "
            "baseline with `.ci/perf-guard --rebaseline` and commit perf/guard-baseline.json."
        )
    else:
        print(f"\nperf guard passed: every benchmark within +{LIMIT:.0%} of the baseline")
    passed = len(set(now) | set(baseline)) - len(failed)
    print(f"guard: {passed} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
