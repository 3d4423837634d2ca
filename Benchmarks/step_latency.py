#!/usr/bin/env python3
"""Chatbot turn: wall time and peak memory of one `mail-doctor step` process with the shipped
rules, against a minimal Swift executable that only starts and exits, measured alternately in
the same run (so machine noise hits both). Reports medians and the ratio.

    swift build -c release --product mail-doctor --product MinimalExecutable
    scripts/build-standalone.sh release           # the shipped, static mail-doctor
    swift build -c release --static-swift-stdlib --scratch-path .build/static --product MinimalExecutable
    python3 Benchmarks/step_latency.py [runs]

Every binary that is built takes part: mail-doctor dynamic (.build/release) and static
(.build/static/release), the minimal executable dynamic and static.
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
    candidates = [
        ("step, dynamic", [os.path.join(BIN, "mail-doctor"), "step"], REQUEST),
        ("step, static", [os.path.join(ROOT, ".build", "static", "release", "mail-doctor"), "step"], REQUEST),
        ("minimal, dynamic", [os.path.join(BIN, "MinimalExecutable")], b""),
        ("minimal, static", [os.path.join(ROOT, ".build", "static", "release", "MinimalExecutable")], b""),
    ]
    programs = [(name, argv, stdin) for name, argv, stdin in candidates if os.path.exists(argv[0])]
    # Warm the page cache (and the rules cache, if any) once before measuring.
    for _, argv, stdin in programs:
        run(argv, stdin)
    times = {name: [] for name, _, _ in programs}
    memory = {name: [] for name, _, _ in programs}
    for _ in range(RUNS):
        for name, argv, stdin in programs:
            elapsed, rss, output = run(argv, stdin)
            times[name].append(elapsed)
            memory[name].append(rss)
            if argv[-1] == "step":
                json.loads(output)
    median = {name: statistics.median(values) * 1000 for name, values in times.items()}
    rss = {name: statistics.median(values) for name, values in memory.items()}
    print(f"runs: {RUNS} each, alternating")
    for name in times:
        print(f"{name:17}: median {median[name]:7.1f} ms, peak RSS {rss[name]:6.1f} MiB")
    for step in (name for name in times if name.startswith("step")):
        for minimal in (name for name in times if name.startswith("minimal")):
            print(f"{step} / {minimal}: time {median[step] / median[minimal]:.2f}x, "
                  f"memory {rss[step] / rss[minimal]:.2f}x   (target: time <= 1.0x dynamic, memory <= 1.5x)")


if __name__ == "__main__":
    main()
