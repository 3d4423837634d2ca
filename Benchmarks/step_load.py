#!/usr/bin/env python3
"""Load: 50 concurrent `mail-doctor step` processes, each with a different state, must all
answer exactly what the same request answers alone.

    swift build -c release --product mail-doctor
    python3 Benchmarks/step_load.py [processes]
"""
import json, os, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "mail-doctor")
COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 50
ENV = dict(os.environ, MAIL_DOCTOR_STATE_KEY="load-test")
FIRSTS = [{"symptom": "test-connection-fails"}, {"symptom": "emails-in-spam"}, {"error": "timed out"},
          {"error": "(534, b'5.7.9 Application-specific password required')"},
          {"answers": {"provider": "microsoft-365"}}, {"error": "[Errno 111] Connection refused"},
          {"symptom": "large-attachments-fail", "answers": {"message.size-mb": 40}}]


def step(request):
    out = subprocess.run([BIN, "step"], input=json.dumps(request).encode(), capture_output=True, env=ENV)
    if out.returncode != 0:
        raise SystemExit(f"step failed: {out.stdout[:300]!r}")
    return json.loads(out.stdout)


def second_turn(i):
    first = step(dict(FIRSTS[i % len(FIRSTS)], lang="ar" if i % 2 else "en"))
    question = first.get("question")
    answers = {question["fact"]: question["choices"][i % len(question["choices"])]["value"]} if question else {}
    return {"state": first["state"], "answers": answers, "lang": "ar" if i % 2 else "en"}


def fingerprint(response):
    return json.dumps({k: response.get(k) for k in ("status", "question", "causes", "facts")}, sort_keys=True)


def main():
    requests = [second_turn(i) for i in range(COUNT)]
    expected = [fingerprint(step(r)) for r in requests]
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=COUNT) as pool:
        results = list(pool.map(step, requests))
    elapsed = time.perf_counter() - start
    wrong = sum(fingerprint(r) != e for r, e in zip(results, expected))
    print(f"{COUNT} concurrent step processes, {len(set(expected))} distinct answers, "
          f"{elapsed:.2f} s wall, {wrong} differing from the sequential answer")
    if wrong:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
