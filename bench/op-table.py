#!/usr/bin/env python3
"""Per-operation table of one or two Chrome traces written by `--profile FILE`
(./dpfah bench-train: libtorch's profiler; bench/torch_reference.py: torch.autograd.profiler).

Self time of an operation = its duration minus that of the operations nested in it on the same
thread, so the column sums to the time spent in operations. Times are ms per step.

    bench/op-table.py --steps 6 --top 25 pytorch=torch.json dpfah=dpfah.json
"""
import argparse
import collections
import json
import sys


def self_times(path):
    """{operation: (self µs, calls)} of a trace; nesting is taken per thread from ts/dur."""
    try:
        with open(path) as f:
            events = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit("op-table.py: %s: expected a Chrome trace (JSON list of events): %s" % (path, e))
    if isinstance(events, dict):
        events = events.get("traceEvents", [])
    by_thread = collections.defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and "dur" in e:
            by_thread[e.get("tid")].append((float(e["ts"]), float(e["dur"]), e["name"]))
    total = collections.defaultdict(float)
    calls = collections.Counter()
    for spans in by_thread.values():
        spans.sort(key=lambda s: (s[0], -s[1]))
        stack = []  # [end, name, child µs]
        for ts, dur, name in spans:
            while stack and stack[-1][0] <= ts:
                end, n, child = stack.pop()
                total[n] -= child
            if stack:
                stack[-1][2] += dur
            total[name] += dur
            calls[name] += 1
            stack.append([ts + dur, name, 0.0])
        while stack:
            end, n, child = stack.pop()
            total[n] -= child
    return {n: (total[n], calls[n]) for n in total}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--steps", type=int, required=True, help="timed steps in the traces")
    p.add_argument("--top", type=int, default=25, help="rows (default: %(default)s)")
    p.add_argument("traces", nargs="+", metavar="LABEL=FILE")
    args = p.parse_args()
    sides = []
    for t in args.traces:
        label, _, path = t.partition("=")
        if not path:
            sys.exit("op-table.py: expected LABEL=FILE, got '%s'" % t)
        sides.append((label, self_times(path)))
    names = set().union(*(s for _, s in sides))
    key = lambda n: (-max(s.get(n, (0, 0))[0] for _, s in sides), n)
    head = "| operation | " + " | ".join("%s ms/step (calls/step)" % l for l, _ in sides) + " |"
    print(head)
    print("|---|" + "---|" * len(sides))
    for n in sorted(names, key=key)[:args.top]:
        cells = []
        for _, s in sides:
            us, c = s.get(n, (0.0, 0))
            cells.append("%.1f (%g)" % (us / 1000 / args.steps, c / args.steps))
        print("| %s | %s |" % (n, " | ".join(cells)))
    print("| **all operations** | " + " | ".join(
        "%.1f" % (sum(v[0] for v in s.values()) / 1000 / args.steps) for _, s in sides) + " |")


if __name__ == "__main__":
    main()
