#!/usr/bin/env python3
"""Per-primitive table of oneDNN's own timings in logs of runs made with ONEDNN_VERBOSE=1
(./dpfah bench-train: libtorch 2.7.1's oneDNN 3.x; bench/torch_reference.py: Debian's oneDNN 2.x).

oneDNN times each primitive it executes (convolutions, reorders between layouts) without the
profiler's overhead, so the two sides' kernels compare directly, and the step's wall time minus
the primitives' time is what runs outside oneDNN (BatchNorm, ReLU, pooling, the optimiser, the
framework). Only the timed steps count: each log's `bench ...` line gives warmup_steps and steps,
every step executes the same primitives, and the last steps/(warmup_steps+steps) of the log's
primitive lines are the timed ones. Times are ms per step.

    ONEDNN_VERBOSE=1 ./dpfah bench-train --size 224 --batch 32 --warmup 4 --steps 2 > dpfah.log
    ONEDNN_VERBOSE=1 /usr/bin/python3 bench/torch_reference.py ... > torch.log
    bench/onednn-table.py [--by-problem] pytorch=torch.log dpfah=dpfah.log
"""
import argparse
import collections
import re
import sys


def fail(message):
    """One line on stderr, exit status 2 (bad input)."""
    print("onednn-table.py: " + message, file=sys.stderr)
    sys.exit(2)


def read(path):
    """(steps, wall ms per step, [(kind, prop, problem, impl, ms)] of the timed steps)."""
    try:
        with open(path, errors="replace") as f:
            lines = f.read().splitlines()
    except OSError as e:
        fail("%s: %s" % (path, e.strerror))
    bench = [l for l in lines if l.startswith("bench ")]
    if not bench:
        fail("%s: expected a 'bench ...' line (steps, warmup_steps)" % path)
    fields = dict(f.split("=", 1) for f in bench[-1].split()[1:] if "=" in f)
    try:
        steps, warmup = int(fields["steps"]), int(fields["warmup_steps"])
        wall = float(fields["wall_s_per_step"]) * 1000
    except (KeyError, ValueError):
        fail("%s: the 'bench ...' line lacks steps, warmup_steps or"
                 " wall_s_per_step" % path)
    rows = []
    for line in lines:
        if not re.match(r"(onednn|dnnl)_verbose,", line):
            continue
        f = line.split(",")
        if "exec" not in f:
            continue
        i = f.index("exec")
        try:
            rows.append((f[i + 2], f[i + 4], f[-2], f[i + 3], float(f[-1])))
        except (IndexError, ValueError):
            fail("%s: unreadable primitive line: %s" % (path, line[:120]))
    total = steps + warmup
    if not rows or len(rows) % total:
        fail("%s: %d primitive lines are not the same number for each of"
                 " the %d steps (run with ONEDNN_VERBOSE=1 and nothing else in the log)"
                 % (path, len(rows), total))
    return steps, wall, rows[-steps * (len(rows) // total):]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--by-problem", action="store_true",
                   help="one row per primitive and problem (shape), with the implementations")
    p.add_argument("--top", type=int, default=40, help="rows (default: %(default)s)")
    p.add_argument("logs", nargs="+", metavar="LABEL=FILE")
    args = p.parse_args()
    sides = []
    for t in args.logs:
        label, _, path = t.partition("=")
        if not path:
            fail("expected LABEL=FILE, got '%s'" % t)
        steps, wall, rows = read(path)
        ms = collections.defaultdict(float)
        calls = collections.Counter()
        impls = collections.defaultdict(set)
        for kind, prop, problem, impl, t_ms in rows:
            key = (kind, prop, problem) if args.by_problem else (kind, prop)
            ms[key] += t_ms / steps
            calls[key] += 1
            impls[key].add(impl)
        sides.append((label, steps, wall, ms, calls, impls))
    keys = set().union(*(s[3] for s in sides))
    order = sorted(keys, key=lambda k: (-max(s[3].get(k, 0.0) for s in sides), k))
    cols = " | ".join("%s ms/step (calls/step)" % s[0] for s in sides)
    extra = " | implementations" if args.by_problem else ""
    print("| primitive | %s%s |" % (cols, extra))
    print("|---|" + "---|" * (len(sides) + (1 if args.by_problem else 0)))
    for k in order[:args.top]:
        cells = ["%.1f (%g)" % (s[3].get(k, 0.0), s[4].get(k, 0) / s[1]) for s in sides]
        name = " ".join(x for x in k if x and x != "undef")
        tail = (" | " + " / ".join(",".join(sorted(s[5].get(k, ()))) or "-" for s in sides)
                if args.by_problem else "")
        print("| %s | %s%s |" % (name, " | ".join(cells), tail))
    pad = " |" if args.by_problem else ""
    print("| **all primitives** | " + " | ".join("%.1f" % sum(s[3].values()) for s in sides)
          + " |" + pad)
    print("| step (wall) | " + " | ".join("%.1f" % s[2] for s in sides) + " |" + pad)
    print("| outside oneDNN | " + " | ".join("%.1f" % (s[2] - sum(s[3].values())) for s in sides)
          + " |" + pad)


if __name__ == "__main__":
    main()
