#!/usr/bin/env python3
"""Chatbot turn: wall time and peak memory of one `mail-doctor step` process with the shipped
rules, against a minimal Swift executable that only starts and exits, measured alternately in
the same run (so machine noise hits both). Reports medians and the ratio.

    swift build -c release --product mail-doctor --product MinimalExecutable
    python3 Benchmarks/step_latency.py [runs]
"""
import json, os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release")
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 40
REQUEST = json.dumps({"lang": "ar", "state": None,
                      "error": "smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted. "
                               "Learn more at https://support.google.com/mail/?p=BadCredentials')"}).encode()


def run(argv, stdin):
    """Wall seconds and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    process.stdin.write(stdin)
    process.stdin.close()
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{argv[0]} failed with status {status}: {output[:200]!r}")
    return elapsed, usage.ru_maxrss / 1024, output


def main():
    step = [os.path.join(BIN, "mail-doctor"), "step"]
    minimal = [os.path.join(BIN, "MinimalExecutable")]
    # Warm the page cache (and the rules cache, if any) once before measuring.
    run(step, REQUEST); run(minimal, b"")
    times = {"step": [], "minimal": []}
    memory = {"step": [], "minimal": []}
    for _ in range(RUNS):
        for name, argv, stdin in (("step", step, REQUEST), ("minimal", minimal, b"")):
            elapsed, rss, output = run(argv, stdin)
            times[name].append(elapsed)
            memory[name].append(rss)
        json.loads(output if name == "minimal" else b"{}")
    step_ms = statistics.median(times["step"]) * 1000
    minimal_ms = statistics.median(times["minimal"]) * 1000
    print(f"runs: {RUNS} each, alternating")
    print(f"mail-doctor step : median {step_ms:7.1f} ms, peak RSS {statistics.median(memory['step']):6.1f} MiB")
    print(f"minimal swift    : median {minimal_ms:7.1f} ms, peak RSS {statistics.median(memory['minimal']):6.1f} MiB")
    print(f"ratio (time)     : {step_ms / minimal_ms:.2f}x   target <= 1.5x")
    print(f"ratio (memory)   : {statistics.median(memory['step']) / statistics.median(memory['minimal']):.2f}x")


if __name__ == "__main__":
    main()
