#!/usr/bin/env python3
"""Hostile chat turns: one `mail-doctor step` process per request, each request as large as the
4 MiB limit allows and built to make a backtracking matcher or the reader slow (long runs of one
character class, Odoo's field labels followed by thousands of spaces, every signature's own
example repeated, Arabic). Reports the slowest of `runs` for each, against a one-line request
measured alternately in the same run. Target: every request answers in under a second.

    swift build -c release --product mail-doctor
    python3 Benchmarks/hostile_step.py [runs]
"""
import glob, json, os, subprocess, sys, time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "mail-doctor")
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
LIMIT = 4 * 1024 * 1024


def examples():
    texts = []
    for path in glob.glob(os.path.join(ROOT, "rules", "signatures", "*.yaml")):
        for signature in (yaml.safe_load(open(path, encoding="utf-8")) or {}).get("signatures", []):
            texts += signature.get("examples", {}).get("match", [])
    return "\n".join(texts) + "\n"


def request(text):
    """The largest request of `text` repeated that fits the limit (UTF-8, not \\u escapes)."""
    body = lambda t: json.dumps({"state": None, "error": t}, ensure_ascii=False).encode()
    low, high = 1, max(1, LIMIT // max(1, len(text.encode())) + 1)
    while low < high:  # the most repetitions that fit
        middle = (low + high + 1) // 2
        low, high = (middle, high) if len(body(text * middle)) <= LIMIT else (low, middle - 1)
    return body(text * low)


CASES = {
    "Status + 4000 spaces": "Outgoing Failure reason\n" + "Status" + " " * 4000 + "X\n",
    "spaces": " ",
    "newlines": "\n",
    "letters": "a",
    "digits": "5",
    "dots": "a.",
    "at signs": "@",
    "quotes": "'",
    "tabs and colons": ": \t",
    "Arabic": "ا",
    "every signature example": examples(),
}


def run(body):
    start = time.perf_counter()
    result = subprocess.run([BIN, "step"], input=body, capture_output=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"step failed ({result.returncode}): {result.stdout[:200]!r}")
    return elapsed


reference = json.dumps({"state": None, "error": "smtplib.SMTPAuthenticationError: "
                        "(535, b'5.7.8 Username and Password not accepted')"}).encode()
run(reference)  # the compiled rules cache, once
print(f"{'request':28} {'bytes':>9} {'slowest':>8} {'one-line request':>17}")
worst = 0.0
for name, text in CASES.items():
    body = request(text)
    times, baseline = [], []
    for _ in range(RUNS):
        times.append(run(body))
        baseline.append(run(reference))
    worst = max(worst, max(times))
    print(f"{name:28} {len(body):9,} {max(times):7.2f}s {min(baseline):16.3f}s")
print(f"slowest of all: {worst:.2f} s (target: under 1 s)")
