#!/usr/bin/env python3
"""Serves DNS zones written in the OpenSPF test-suite format on 127.0.0.1, one UDP and TCP port
per scenario, for the SPF, DMARC and DKIM tests:

  * every scenario of rfc7208/rfc7208-tests.yml (the OpenSPF RFC 7208 suite, release 2014.04,
    from pyspf's source distribution; its licence is beside it), and
  * every scenario of dns-scenarios.yml (the records behind the defects of issue 18, for the
    probe tests, the differential test against pyspf and checkdmarc, and the benchmark), and
  * mail-scenarios.yml (issue 13: the domains of receiver.py's messages, blocklist answers
    including the "refused" codes, and reverse DNS).

The zone semantics are those of the suite's own driver (pyspf's test/testspf.py), on the wire:

  * a name that is not in the zone is NXDOMAIN, except names under "error.", which time out;
  * "TIMEOUT" among a name's records: a query for a type that no earlier entry of the name
    has gets no answer at all (a real timeout, not SERVFAIL); "TYPE: TIMEOUT" does the same
    for that type only;
  * "SPF" records are served as type SPF (99) and, when the name has no TXT entry at all, as
    TXT too (the suite's "auto-magic duplication"); "TXT: NONE" stops that;
  * a CNAME is answered with the chain followed inside the zone, as a recursive server does;
  * UDP answers over 512 bytes are truncated (TC set), so the client retries over TCP.

Writes a manifest (JSON: each scenario's port, records and tests) to --manifest atomically
once every port listens, and serves until SIGTERM or SIGINT. Nothing here sends a packet
anywhere but to the client that asked, on loopback.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import socketserver
import struct
import sys
import threading
from pathlib import Path

import yaml
from dnslib import AAAA, CNAME, MX, PTR, QTYPE, RCODE, RR, TXT, A, DNSRecord, RD

HOST = "127.0.0.1"
HERE = Path(__file__).resolve().parent
SUITES = {
    "rfc7208": HERE / "rfc7208" / "rfc7208-tests.yml",
    "scenarios": HERE / "dns-scenarios.yml",
    "mail": HERE / "mail-scenarios.yml",
}
TIMEOUT = object()


class SPFType(RD):
    """Type 99 (SPF), the same wire format as TXT: one or more character-strings."""

    def __init__(self, strings: list[bytes]):
        self.strings = strings

    def pack(self, buffer):
        for s in self.strings:
            buffer.append(struct.pack("!B", len(s)))
            buffer.append(s)


def txt_strings(value) -> list[bytes]:
    if isinstance(value, list):
        return [str(v).encode("utf-8") for v in value]
    return [str(value).encode("utf-8")]


def load_zone(zonedata: dict) -> dict[str, list]:
    """name -> entries, as testspf.py's loadZone and getrdata build them."""
    zone: dict[str, list] = {}
    for name, records in (zonedata or {}).items():
        entries: list = []
        generated: list = []
        has_txt = False
        for record in records or []:
            if record == "TIMEOUT":
                entries.append(TIMEOUT)
                continue
            for rtype, value in record.items():
                if rtype == "TXT":
                    has_txt = True
                elif rtype == "SPF":
                    generated.append(("TXT", value))
                if value == "NONE":
                    continue
                entries.append((rtype, TIMEOUT if value == "TIMEOUT" else value))
        if not has_txt:
            entries += generated
        zone[name.lower().rstrip(".")] = entries
    return zone


def rdata(rtype: str, value):
    if rtype == "A":
        return A(value)
    if rtype == "AAAA":
        return AAAA(value)
    if rtype == "MX":
        return MX(value[1], value[0])
    if rtype == "PTR":
        return PTR(value)
    if rtype == "CNAME":
        return CNAME(value)
    if rtype == "TXT":
        return TXT(txt_strings(value))
    if rtype == "SPF":
        return SPFType(txt_strings(value))
    raise ValueError(rtype)


def answer(zone: dict, name: str, qtype: str, depth: int = 0):
    """(rcode, [(owner, type, value)]) or TIMEOUT."""
    key = name.lower().rstrip(".")
    if key not in zone:
        if key.startswith("error."):
            return TIMEOUT
        return ("NXDOMAIN", [])
    found = []
    pending_timeout = True
    for entry in zone[key]:
        if entry is TIMEOUT:
            if pending_timeout:
                return TIMEOUT
            break
        rtype, value = entry
        if rtype == qtype:
            pending_timeout = False
        if value is TIMEOUT:
            if rtype == qtype:
                return TIMEOUT
            continue
        if rtype == qtype or (rtype == "CNAME" and qtype != "CNAME"):
            found.append((name, rtype, value))
    for owner, rtype, value in list(found):
        if rtype == "CNAME" and depth < 8:
            chained = answer(zone, value, qtype, depth + 1)
            if chained is TIMEOUT:
                return TIMEOUT
            found += chained[1]
    return ("NOERROR", found)


class Scenario:
    def __init__(self, suite: str, index: int, data: dict):
        self.suite = suite
        self.index = index
        self.description = data.get("description", "")
        self.zonedata = data.get("zonedata") or {}
        self.zone = load_zone(self.zonedata)
        # YAML reads "spec: 5.2" as a number; the manifest keeps every field a string.
        self.tests = {name: {k: (str(v) if k in ("spec", "helo", "host", "mailfrom") else v)
                             for k, v in test.items()}
                      for name, test in (data.get("tests") or {}).items()}
        # dns-scenarios.yml's expectations for the DMARC, DKIM and MX checks.
        self.extra = {key: data[key] for key in ("dmarc", "dkim", "mx") if key in data}
        self.servers: list[socketserver.BaseServer] = []
        self.port = 0

    def reply(self, packet: bytes) -> bytes | None:
        try:
            query = DNSRecord.parse(packet)
        except Exception:  # noqa: BLE001 - garbage gets no answer, like a real server
            return None
        question = query.q
        qtype = QTYPE.get(question.qtype, str(question.qtype))
        # The raw labels, not str(qname), which escapes a space as \032 (the suite has names
        # with spaces and percent signs made by macros).
        name = ".".join(label.decode("utf-8", "replace") for label in question.qname.label)
        result = answer(self.zone, name, qtype)
        if result is TIMEOUT:
            return None
        rcode, records = result
        response = query.reply()
        response.header.rcode = getattr(RCODE, rcode)
        for owner, rtype, value in records:
            owner = question.qname if owner == name else owner
            response.add_answer(RR(owner, getattr(QTYPE, rtype), rdata=rdata(rtype, value), ttl=60))
        return response.pack()

    def manifest(self) -> dict:
        return {"suite": self.suite, "index": self.index, "description": self.description,
                "port": self.port, "tests": self.tests, "zonedata": self.zonedata, **self.extra}


class UDPHandler(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        out = self.server.scenario.reply(data)
        if out is None:
            return
        if len(out) > 512:
            # The question only, TC set: the client asks again over TCP (RFC 1035 §4.2.1).
            truncated = DNSRecord.parse(out)
            truncated.rr, truncated.auth, truncated.ar = [], [], []
            truncated.header.tc = 1
            out = truncated.pack()
        sock.sendto(out, self.client_address)


class TCPHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(5)
        try:
            head = self._read(2)
            (length,) = struct.unpack("!H", head)
            data = self._read(length)
        except (OSError, ValueError):
            return
        out = self.server.scenario.reply(data)
        if out is None:
            # A timeout over TCP too: hold the connection silent until the client gives up.
            try:
                self.request.recv(1)
            except OSError:
                pass
            return
        self.request.sendall(struct.pack("!H", len(out)) + out)

    def _read(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.request.recv(n - len(data))
            if not chunk:
                raise ValueError("closed")
            data += chunk
        return data


class UDPServer(socketserver.ThreadingUDPServer):
    daemon_threads = True
    allow_reuse_address = False


class TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def listen(scenario: Scenario) -> None:
    """One port for both UDP and TCP, chosen by the OS."""
    for _ in range(50):
        udp = UDPServer((HOST, 0), UDPHandler)
        port = udp.server_address[1]
        try:
            tcp = TCPServer((HOST, port), TCPHandler)
        except OSError:
            udp.server_close()
            continue
        for server in (udp, tcp):
            server.scenario = scenario
            threading.Thread(target=server.serve_forever, daemon=True).start()
        scenario.servers = [udp, tcp]
        scenario.port = port
        return
    raise RuntimeError("no free port")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", required=True, type=Path)
    args = parser.parse_args()
    scenarios: list[Scenario] = []
    for suite, path in SUITES.items():
        with open(path, "rb") as f:
            for index, data in enumerate(yaml.safe_load_all(f)):
                scenarios.append(Scenario(suite, index, data))
    for scenario in scenarios:
        listen(scenario)
    manifest = {"host": HOST, "pid": os.getpid(),
                "scenarios": [s.manifest() for s in scenarios]}
    tmp = args.manifest.with_name(f".{args.manifest.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(manifest, default=str))
    os.replace(tmp, args.manifest)
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    done.wait()
    for scenario in scenarios:
        for server in scenario.servers:
            server.shutdown()
            server.server_close()
    args.manifest.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
