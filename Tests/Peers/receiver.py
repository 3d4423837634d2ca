#!/usr/bin/env python3
"""Plays the receiving side of a delivered message for the header tests of issue 13, with real
implementations: the message is signed with dkimpy (as the sending service would), then
checked as a receiver checks it -- SPF with pyspf, DKIM with dkimpy, DMARC with authheaders,
iprev with dnspython -- asking the zone of mail-scenarios.yml that zones.py serves on loopback,
and the verdicts are written with authres as an RFC 8601 Authentication-Results field. The
headers of the message as delivered (the receiver's Received line on top) go to stdout.

    python3 Tests/Peers/receiver.py --zones .peers/zones.json --scenario spf-fail

Every DNS query goes to 127.0.0.1 and nowhere else (the guard of differential.py).
"""

from __future__ import annotations

import argparse
import email.utils
import json
import sys
from pathlib import Path

import dns.resolver

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from differential import guard_dns, loopback_resolver  # noqa: E402

RECEIVER = "mx.receiver.example"
KEY = HERE / "mail" / "dkim-test-signing.key"

# name -> how the message travels: the From address, the envelope sender (MAIL FROM), the
# client's HELO name and address as the receiver sees them, who signs it (domain, selector),
# and the sender-side hops (newest first) that the sending service wrote.
SCENARIOS = {
    "spf-fail": dict(
        sender="Sales <sales@spffail.example.com>", mail_from="sales@spffail.example.com",
        helo="smtp-relay.brevo.com", ip="198.51.100.20", sign=None,
        hops=["from odoo.spffail.example.com (odoo.spffail.example.com [203.0.113.7]) by smtp-relay.brevo.com "
              "with ESMTPSA id 4XyZ"]),
    "dkim-fail": dict(
        sender="Odoo <odoo@dkimfail.example.com>", mail_from="b-77@bounces.mailer.example.net",
        helo="mail.dkimfail.example.com", ip="198.51.100.30", sign=("dkimfail.example.com", "odoo"),
        hops=[]),
    "dmarc-misaligned": dict(
        sender="Shop <sales@shop.example.com>", mail_from="b-1234@bounces.mailer.example.net",
        helo="out1.mailer.example.net", ip="198.51.100.31", sign=("mailer.example.net", "s1"),
        hops=["from odoo.shop.example.com (odoo.shop.example.com [203.0.113.9]) by out1.mailer.example.net "
              "with ESMTPSA id 77AB"]),
    "ip-listed": dict(
        sender="Odoo <odoo@listed.example.com>", mail_from="odoo@listed.example.com",
        helo="mail.listed.example.com", ip="192.0.2.66", sign=("listed.example.com", "odoo"), hops=[]),
    "no-ptr": dict(
        sender="Odoo <odoo@noptr.example.com>", mail_from="odoo@noptr.example.com",
        helo="odoo.noptr.example.com", ip="192.0.2.88", sign=("noptr.example.com", "odoo"), hops=[]),
}


def reverse_name(ip: str) -> str | None:
    """The client's name as Postfix writes it: the PTR name when it resolves back to the
    address (forward-confirmed), else None (Postfix says "unknown")."""
    import dns.reversename
    try:
        names = [r.target.to_text(True) for r in dns.resolver.resolve(dns.reversename.from_address(ip), "PTR", lifetime=2)]
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return None
    for name in names:
        try:
            if ip in [r.address for r in dns.resolver.resolve(name, "A", lifetime=2)]:
                return name
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            continue
    return None


def deliver(name: str) -> str:
    import authheaders
    import authres
    import dkim

    s = SCENARIOS[name]
    lines = [f"{hop}; {email.utils.formatdate(localtime=False)}" for hop in s["hops"]]
    body = "Test message from Odoo.\r\n"
    head = "".join(f"Received: {line}\r\n" for line in lines) + (
        f"From: {s['sender']}\r\nTo: Customer <customer@receiver.example>\r\n"
        f"Subject: Invoice INV/2024/0042\r\nDate: {email.utils.formatdate(localtime=False)}\r\n"
        f"Message-ID: <{name}.1@odoo.example>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n")
    message = (head + "\r\n" + body).encode()
    if s["sign"]:
        domain, selector = s["sign"]
        signature = dkim.sign(message, selector.encode(), domain.encode(), KEY.read_bytes(),
                              include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
        message = signature + message
    # The receiver: SPF, DKIM and DMARC as authheaders runs them, then iprev.
    results = authheaders.authenticate_message(
        message, RECEIVER, spf=True, dkim=True, dmarc=True, ip=s["ip"], mail_from=s["mail_from"], helo=s["helo"])
    header = authres.AuthenticationResultsHeader.parse(results)
    ptr = reverse_name(s["ip"])
    header.results.append(authres.IPRevAuthenticationResult(
        result="pass" if ptr else "fail", policy_iprev=s["ip"],
        result_comment=ptr or "no forward-confirmed PTR name"))
    received = (f"Received: from {s['helo']} ({ptr or 'unknown'} [{s['ip']}])\r\n"
                f"\tby {RECEIVER} (Postfix) with ESMTPS id 4Q7X2 for <customer@receiver.example>;\r\n"
                f"\t{email.utils.formatdate(localtime=False)}\r\n")
    top = (f"Return-Path: <{s['mail_from']}>\r\n" + received + str(header).replace("\n", "\r\n") + "\r\n")
    headers = message.decode().split("\r\n\r\n", 1)[0] + "\r\n"
    return top + headers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zones", required=True, type=Path)
    parser.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
    args = parser.parse_args()
    manifest = json.loads(args.zones.read_text())
    zone = next(s for s in manifest["scenarios"] if s["suite"] == "mail")
    guard_dns()
    dns.resolver.default_resolver = loopback_resolver(manifest["host"], zone["port"])
    sys.stdout.write(deliver(args.scenario))
    return 0


if __name__ == "__main__":
    sys.exit(main())
