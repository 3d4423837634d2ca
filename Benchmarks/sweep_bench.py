#!/usr/bin/env python3
"""Probe sweep: the wall time of `mail-doctor probe` (tcp, smtp, tls at once) against the
black-holed host of the test peers, against that port's connect timeout alone.

    scripts/peers.sh start            # as root: creates the black-hole namespace
    swift build -c release --product mail-doctor
    python3 Benchmarks/sweep_bench.py [timeout-seconds] [runs]
"""
import json, os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "mail-doctor")
TIMEOUT = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5


def main():
    hole = json.load(open(os.path.join(ROOT, ".peers", "blackhole.json")))
    peers = json.load(open(os.path.join(ROOT, ".peers", "peers.json")))
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([BIN, "probe", "--host", hole["host"], "--port", str(hole["port"]), "--encryption",
                        "starttls", "--only", "tcp,smtp,tls", "--timeout", str(TIMEOUT)], capture_output=True)
        times.append(time.perf_counter() - start)
    healthy = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([BIN, "probe", "--host", "localhost", "--port", str(peers["smtp"]["starttls"]["port"]),
                        "--encryption", "starttls", "--only", "tcp,smtp,tls", "--timeout", str(TIMEOUT)],
                       capture_output=True)
        healthy.append(time.perf_counter() - start)
    sweep = statistics.median(times)
    print(f"connect timeout            : {TIMEOUT:.2f} s")
    print(f"sweep, black-holed host    : median {sweep:.2f} s over {RUNS} runs (6 ports, SMTP, TLS both modes)")
    print(f"sweep, healthy loopback    : median {statistics.median(healthy):.2f} s")
    print(f"black-holed sweep / timeout: {sweep / TIMEOUT:.2f}x  (the sum of the timeouts would be about 9x)")


if __name__ == "__main__":
    main()
