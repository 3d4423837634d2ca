#!/usr/bin/env python3
"""The DNS probe against checkdmarc on the same domain, in one run: `mail-doctor probe --only
dns` (MX, SPF by check_host() with its whole include tree, DKIM at the provider's selector,
DMARC with the organizational-domain fallback) against checkdmarc's MX, SPF and DMARC checks of
that domain (check_mx with skip_tls, check_spf, check_dmarc), both as a new process per run,
alternately, both asking the same loopback zone (Tests/Peers/zones.py, dns-scenarios.yml).
checkdmarc's DNS goes through differential.py's guard, so no query can leave loopback; its
STARTTLS and MTA-STS checks are not run (they would connect to the internet).

    scripts/peers.sh start
    swift build -c release --product mail-doctor
    python3 Benchmarks/dns_bench.py [domain] [runs]

Prints the median wall time of each per run, checkdmarc's in-process time without Python's
start-up and imports, and the ratios.
"""
import json, os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "mail-doctor")
DOMAIN = sys.argv[1] if len(sys.argv) > 1 else "good.example"
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 20

CHECKDMARC = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
start = time.perf_counter()
import differential
differential.guard_dns()
import checkdmarc.dmarc, checkdmarc.smtp, checkdmarc.spf
import dns.nameserver
imported = time.perf_counter()
ns = [dns.nameserver.Do53Nameserver("127.0.0.1", int(sys.argv[3]))]
checkdmarc.smtp.check_mx(sys.argv[2], nameservers=ns, skip_tls=True, timeout=1.0)
checkdmarc.spf.check_spf(sys.argv[2], nameservers=ns, timeout=1.0)
checkdmarc.dmarc.check_dmarc(sys.argv[2], nameservers=ns, timeout=1.0)
print(time.perf_counter() - imported)
"""


def main():
    zones = json.load(open(os.path.join(ROOT, ".peers", "zones.json")))
    port = next(s["port"] for s in zones["scenarios"] if s["suite"] == "scenarios")
    ours, theirs, theirs_checks = [], [], []
    probe = [BIN, "probe", "--from", f"odoo@{DOMAIN}", "--dns-server", f"127.0.0.1:{port}", "--only", "dns",
             "--provider", "gmail", "--format", "json"]
    checker = [sys.executable, "-c", CHECKDMARC, os.path.join(ROOT, "Tests", "Peers"), DOMAIN, str(port)]
    subprocess.run(probe, capture_output=True)  # warm the rules cache and the page cache
    subprocess.run(checker, capture_output=True)
    for _ in range(RUNS):
        start = time.perf_counter()
        result = subprocess.run(probe, capture_output=True)
        ours.append(time.perf_counter() - start)
        assert result.returncode in (0, 1), result.stderr.decode()[-500:]
        start = time.perf_counter()
        result = subprocess.run(checker, capture_output=True, text=True)
        theirs.append(time.perf_counter() - start)
        assert result.returncode == 0, result.stderr[-500:]
        theirs_checks.append(float(result.stdout.strip().splitlines()[-1]))
    a, b, c = statistics.median(ours), statistics.median(theirs), statistics.median(theirs_checks)
    print(f"domain {DOMAIN}, {RUNS} alternating runs, DNS on 127.0.0.1:{port}")
    print(f"mail-doctor probe --only dns (new process)  : median {a * 1000:7.1f} ms")
    print(f"checkdmarc MX+SPF+DMARC (new process)       : median {b * 1000:7.1f} ms")
    print(f"checkdmarc checks alone (after its imports) : median {c * 1000:7.1f} ms")
    print(f"lead, process against process               : {b / a:5.1f}x")
    print(f"lead, our process against their checks alone: {c / a:5.1f}x")


if __name__ == "__main__":
    main()
