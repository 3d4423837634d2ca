#!/usr/bin/env python3
"""The other implementations' answers on the zones that Tests/Peers/zones.py serves, as JSON on
stdout, for Tests/ProbesTests/DifferentialTests.swift (and the benchmark):

  * pyspf 2.0.14 (the reference implementation of RFC 7208, with dnspython): check_host() for
    every test of the OpenSPF suite and of dns-scenarios.yml, given the same client address,
    MAIL FROM and HELO;
  * checkdmarc: SPF validation of every domain those tests name (no client address), and the
    DMARC record of every domain in dns-scenarios.yml's `dmarc` list.

Every query goes to the scenario's port on 127.0.0.1 and nowhere else: dnspython's query
functions are wrapped so that a query to any other address raises instead of leaving the
machine, and DNS over HTTPS, TLS and QUIC are refused outright.

    python3 Tests/Peers/differential.py --zones .peers/zones.json [--only pyspf|checkdmarc]
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import sys
import time
from pathlib import Path

import dns.nameserver
import dns.query
import dns.resolver


class OffLoopback(Exception):
    pass


def guard_dns() -> None:
    """Make every dnspython transport refuse a destination that is not loopback."""

    def wrap(function):
        def guarded(query, where, *args, **kwargs):
            if not ipaddress.ip_address(where).is_loopback:
                raise OffLoopback(f"refused a DNS query to {where}: only loopback is allowed")
            return function(query, where, *args, **kwargs)

        return guarded

    for name in ("udp", "tcp", "udp_with_fallback"):
        setattr(dns.query, name, wrap(getattr(dns.query, name)))

    def refuse(*_args, **_kwargs):
        raise OffLoopback("DNS over HTTPS, TLS and QUIC are refused here")

    for name in ("https", "tls", "quic"):
        if hasattr(dns.query, name):
            setattr(dns.query, name, refuse)


def loopback_resolver(host: str, port: int, lifetime: float = 1.0) -> dns.resolver.Resolver:
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [dns.nameserver.Do53Nameserver(host, port)]
    resolver.lifetime = lifetime
    resolver.timeout = lifetime
    resolver.cache = None
    return resolver


def identity(test: dict) -> tuple[str, str]:
    """(domain, sender) as a receiver checks them: MAIL FROM, or postmaster@HELO."""
    mailfrom, helo = test["mailfrom"], test["helo"]
    if not mailfrom:
        return helo, f"postmaster@{helo}"
    if "@" in mailfrom:
        local, domain = mailfrom.rsplit("@", 1)
        return domain, (mailfrom if local else f"postmaster{mailfrom}")
    return mailfrom, f"postmaster@{mailfrom}"


def run_pyspf(manifest: dict) -> list[dict]:
    import spf

    lookup = spf.DNSLookup_dnspython
    results = []
    for scenario in manifest["scenarios"]:
        dns.resolver.default_resolver = loopback_resolver(manifest["host"], scenario["port"])
        # pyspf asks with a 30 s lifetime; a TIMEOUT of the suite need not cost that long.
        spf.DNSLookup = lambda name, qtype, tcpfallback=True, timeout=30: lookup(name, qtype, tcpfallback, 1)
        for test_id, test in scenario["tests"].items():
            start = time.perf_counter()
            try:
                query = spf.query(i=test["host"], s=test["mailfrom"], h=test["helo"])
                result, _code, explanation = query.check()
                result = {"unknown": "permerror", "error": "temperror"}.get(result, result)
            except OffLoopback:
                raise
            except Exception as error:  # noqa: BLE001 - a crash is an answer too
                result, explanation = f"exception: {error}", None
            results.append({"suite": scenario["suite"], "id": test_id, "result": result,
                            "explanation": explanation, "seconds": time.perf_counter() - start})
    return results


def run_checkdmarc(manifest: dict) -> dict:
    import checkdmarc.dmarc
    import checkdmarc.spf
    import checkdmarc.utils

    spf_results, dmarc_results = [], []
    for scenario in manifest["scenarios"]:
        nameserver = dns.nameserver.Do53Nameserver(manifest["host"], scenario["port"])
        domains = sorted({identity(test)[0] for test in scenario["tests"].values()})
        for domain in domains:
            # checkdmarc caches answers by name for the whole process; the suite's scenarios
            # reuse names (e1.example.com is in eight of them) with other records.
            checkdmarc.utils.DNS_CACHE.clear()
            start = time.perf_counter()
            try:
                answer = checkdmarc.spf.check_spf(domain, nameservers=[nameserver], timeout=1.0)
                valid, error = bool(answer.get("valid")), answer.get("error")
            except OffLoopback:
                raise
            except Exception as failure:  # noqa: BLE001
                valid, error = False, f"exception: {failure}"
            spf_results.append({"suite": scenario["suite"], "index": scenario["index"],
                                "domain": domain, "valid": valid,
                                "error": error, "seconds": time.perf_counter() - start})
        for domain in sorted((scenario.get("dmarc") or {}).keys()):
            checkdmarc.utils.DNS_CACHE.clear()
            start = time.perf_counter()
            try:
                answer = checkdmarc.dmarc.check_dmarc(domain, nameservers=[nameserver], timeout=1.0)
                tags = answer.get("tags") or {}
                location = answer.get("location")
                valid = bool(answer.get("valid"))
                policy = None
                if valid:
                    subdomain = location and location.rstrip(".").lower() != domain
                    chosen = tags.get("sp") if subdomain and "sp" in tags else tags.get("p")
                    policy = chosen.get("value") if isinstance(chosen, dict) else chosen
                error = answer.get("error")
            except OffLoopback:
                raise
            except Exception as failure:  # noqa: BLE001
                valid, policy, location, error = False, None, None, f"exception: {failure}"
            dmarc_results.append({"domain": domain, "valid": valid, "policy": policy,
                                  "location": location, "error": str(error) if error else None,
                                  "seconds": time.perf_counter() - start})
    return {"spf": spf_results, "dmarc": dmarc_results}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zones", type=Path, required=True)
    parser.add_argument("--only", choices=["pyspf", "checkdmarc"])
    args = parser.parse_args()
    manifest = json.loads(args.zones.read_text())
    guard_dns()
    out: dict = {}
    if args.only in (None, "pyspf"):
        out["pyspf"] = run_pyspf(manifest)
    if args.only in (None, "checkdmarc"):
        out["checkdmarc"] = run_checkdmarc(manifest)
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
