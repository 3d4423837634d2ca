#!/usr/bin/env python3
"""Checks every test peer started by peers.py, as a client, with Python's own protocol code
(smtplib, ssl, socket, xmlrpc.client, urllib and a small raw DNS client over UDP).

Usage: selfcheck.py [--dir DIR]    (DIR defaults to the repository's .peers)
Exits 0 when every check passes, 1 otherwise. The DATA lines this check itself causes are
removed from the data log again at the end, so the log stays as the tests found it.
"""

from __future__ import annotations

import argparse
import base64
import email.utils
import errno
import json
import random
import smtplib
import socket
import ssl
import struct
import sys
import time
import traceback
import urllib.request
import xmlrpc.client
from datetime import datetime, timezone
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[2] / ".peers"
BANNER = (220, b"mx.example.test ESMTP")
TIMEOUT = 5

GMAIL_534_LINES = [
    b"534-5.7.9 Application-specific password required. Learn more at",
    b"534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor "
    b"d9443c01a7336-1f6a39a5d52sm8126875ad.64 - gsmtp",
]
GMAIL_535_LINES = [
    b"535-5.7.8 Username and Password not accepted. For more information, go to",
    b"535 5.7.8  https://support.google.com/mail/?p=BadCredentials "
    b"d9443c01a7336-1f6a39a5d52sm8126875ad.64 - gsmtp",
]
MS_535_LINES = [
    b"535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the "
    b"Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. "
    b"[AM0PR10CA0001.EURPRD10.PROD.OUTLOOK.COM]",
]

results: list[tuple[str, bool, str]] = []


def check(name):
    """Decorator that runs the decorated check at once and records the outcome."""
    def run(fn):
        started = time.monotonic()
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - report every failure, keep going
            detail = f"{type(e).__name__}: {e}"
            if not isinstance(e, AssertionError):
                detail += "\n" + traceback.format_exc()
            results.append((name, False, detail))
            print(f"FAIL {name}: {detail}", flush=True)
        else:
            results.append((name, True, ""))
            print(f"ok   {name} ({time.monotonic() - started:.2f}s)", flush=True)
        return fn
    return run


def eq(actual, expected, what=""):
    assert actual == expected, f"{what}: expected {expected!r}, got {actual!r}"


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------

class Raw:
    """A line-oriented raw SMTP client on a socket (for replies smtplib would hide)."""

    def __init__(self, host, port, ctx: ssl.SSLContext | None = None, server_hostname=None):
        self.sock = socket.create_connection((host, port), timeout=TIMEOUT)
        if ctx is not None:
            self.sock = ctx.wrap_socket(self.sock, server_hostname=server_hostname or host)
        self.buf = b""

    def line(self) -> bytes:
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError(f"connection closed; buffer {self.buf[:80]!r}")
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\r\n")
        return line

    def reply(self) -> list[bytes]:
        lines = [self.line()]
        while len(lines[-1]) > 3 and lines[-1][3:4] == b"-":
            lines.append(self.line())
        return lines

    def cmd(self, text: str | bytes) -> list[bytes]:
        self.sock.sendall((text.encode() if isinstance(text, str) else text) + b"\r\n")
        return self.reply()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def plain_auth(user, password) -> str:
    return "PLAIN " + base64.b64encode(f"\0{user}\0{password}".encode()).decode()


def smtp_plain(peer) -> smtplib.SMTP:
    s = smtplib.SMTP(timeout=TIMEOUT)
    s._host = peer["host"]  # smtplib sets it only in __init__; STARTTLS checks the name with it
    eq(s.connect(peer["host"], peer["port"]), BANNER, "banner")
    return s


def smtp_ssl(peer, ctx) -> smtplib.SMTP_SSL:
    s = smtplib.SMTP_SSL(timeout=TIMEOUT, context=ctx)
    s._host = peer["host"]
    eq(s.connect(peer["host"], peer["port"]), BANNER, "banner over TLS")
    return s


def ehlo(s: smtplib.SMTP) -> dict:
    code, _ = s.ehlo("probe.example.test")
    eq(code, 250, "EHLO")
    return {k: v.strip() for k, v in s.esmtp_features.items()}


def data_log_size(m) -> int:
    return Path(m["data_log"]).stat().st_size


# --------------------------------------------------------------------------------------------
# DNS client (raw UDP)
# --------------------------------------------------------------------------------------------

QTYPES = {"A": 1, "MX": 15, "TXT": 16, "AAAA": 28}


def _read_name(msg: bytes, off: int) -> tuple[str, int]:
    labels, jumped, end = [], False, off
    for _ in range(128):
        length = msg[off]
        if length & 0xC0 == 0xC0:
            ptr = struct.unpack("!H", msg[off:off + 2])[0] & 0x3FFF
            if not jumped:
                end = off + 2
            jumped, off = True, ptr
            continue
        if length == 0:
            if not jumped:
                end = off + 1
            return ".".join(labels), end
        labels.append(msg[off + 1:off + 1 + length].decode())
        off += 1 + length
    raise ValueError("name loop")


def dns(m, name: str, qtype: str) -> tuple[int, list]:
    """Returns (rcode, answers of the asked type) where TXT answers are joined strings,
    MX answers are (preference, exchange) and A answers are dotted quads."""
    server, port = m["dns"]["server"], m["dns"]["port"]
    qid = random.randrange(65536)
    query = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    query += b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    query += struct.pack("!HH", QTYPES[qtype], 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(TIMEOUT)
        s.sendto(query, (server, port))
        msg, _ = s.recvfrom(65535)
    rid, flags, qd, an, _, _ = struct.unpack("!HHHHHH", msg[:12])
    eq(rid, qid, "DNS id")
    assert flags & 0x8000, "not a DNS response"
    off = 12
    for _ in range(qd):
        _, off = _read_name(msg, off)
        off += 4
    answers = []
    for _ in range(an):
        _, off = _read_name(msg, off)
        rtype, _, _, rdlen = struct.unpack("!HHIH", msg[off:off + 10])
        off += 10
        rdata = msg[off:off + rdlen]
        if rtype == QTYPES[qtype]:
            if rtype == 16:
                parts, i = [], 0
                while i < len(rdata):
                    parts.append(rdata[i + 1:i + 1 + rdata[i]].decode())
                    i += 1 + rdata[i]
                answers.append("".join(parts))
            elif rtype == 15:
                answers.append((struct.unpack("!H", rdata[:2])[0], _read_name(msg, off + 2)[0]))
            elif rtype == 1:
                answers.append(socket.inet_ntoa(rdata))
        off += rdlen
    return flags & 0x0F, answers


def spf_walk(m, domain: str, stats: dict, depth=0) -> None:
    """Counts SPF DNS-querying terms (RFC 7208 4.6.4) and void lookups (4.6.4) by resolving."""
    rcode, txts = dns(m, domain, "TXT")
    spf = [t for t in txts if t.lower().startswith("v=spf1")]
    if rcode == 3 or not txts:
        stats["void"] += 1
    if len(spf) != 1:
        return
    for term in spf[0].split()[1:]:
        mech = term.lstrip("+-~?").lower()
        if mech.startswith(("include:", "redirect=")):
            stats["lookups"] += 1
            spf_walk(m, mech.split(":", 1)[-1].split("=", 1)[-1], stats, depth + 1)
        elif mech.split(":")[0].split("/")[0] in ("a", "mx", "ptr", "exists"):
            stats["lookups"] += 1


# --------------------------------------------------------------------------------------------
# checks
# --------------------------------------------------------------------------------------------

def run_all(m: dict, state: Path) -> None:
    smtp = m["smtp"]
    ca = ssl.create_default_context(cafile=m["ca_file"])
    no_verify = ssl.create_default_context()
    no_verify.check_hostname = False
    no_verify.verify_mode = ssl.CERT_NONE
    user, password = m["user"], m["password"]

    @check("manifest")
    def _():
        for key in ("ca_file", "user", "password", "smtp", "closed_port", "dns", "odoo", "sntp",
                    "http_date", "data_log"):
            assert key in m, f"missing {key}"
        names = {"starttls", "implicit_tls", "starttls_required", "gmail_534", "gmail_535",
                 "ms_535_5_7_139", "sender_553", "size_limit", "no_banner", "plain_on_ssl",
                 "expired_cert", "self_signed", "wrong_host", "huge_line",
                 "endless_continuation", "invalid_utf8", "tls_garbage", "reset_mid_tls"}
        eq(set(smtp), names, "smtp peer names")
        for name, peer in smtp.items():
            eq(peer["host"], "127.0.0.1", name)
            assert peer["security"] in ("starttls", "ssl", "none"), name
        for name in ("implicit_tls", "plain_on_ssl", "expired_cert", "self_signed",
                     "wrong_host", "tls_garbage", "reset_mid_tls"):
            eq(smtp[name]["security"], "ssl", name)
        eq(smtp["starttls"]["security"], "starttls", "starttls")
        assert Path(m["ca_file"]).is_file(), "ca_file"
        assert Path(m["data_log"]).is_file(), "data_log"
        eq((user, password), ("odoo@example.test", "correct-horse"), "credentials")

    @check("smtp starttls: banner, EHLO, AUTH/MAIL refused before TLS")
    def _():
        s = smtp_plain(smtp["starttls"])
        f = ehlo(s)
        eq(f.get("size"), "10485760", "SIZE")
        assert "8bitmime" in f and "starttls" in f, f
        assert "auth" not in f, f"AUTH advertised before STARTTLS: {f}"
        eq(s.docmd("AUTH", plain_auth(user, password)),
           (530, b"5.7.0 Must issue a STARTTLS command first"), "AUTH before STARTTLS")
        eq(s.docmd("MAIL", "FROM:<x@example.test>"),
           (530, b"5.7.0 Authentication required"), "MAIL before AUTH")
        s.quit()

    @check("smtp starttls: TLS with the test CA, AUTH, MAIL/RCPT, DATA refused and logged")
    def _():
        s = smtp_plain(smtp["starttls"])
        ehlo(s)
        eq(s.starttls(context=ca)[0], 220, "STARTTLS")  # verifies IP SAN 127.0.0.1
        f = ehlo(s)
        eq(f.get("auth"), "PLAIN LOGIN", "AUTH after STARTTLS")
        assert "starttls" not in f, f
        eq(s.docmd("MAIL", "FROM:<x@example.test>"), (530, b"5.7.0 Authentication required"),
           "MAIL before AUTH (TLS)")
        eq(s.docmd("AUTH", plain_auth(user, "wrong")),
           (535, b"5.7.8 Authentication credentials invalid"), "wrong password")
        eq(s.login(user, password), (235, b"2.7.0 Authentication successful"), "login")
        eq(s.docmd("MAIL", "FROM:<someone@other.test>"),
           (553, b"5.7.1 <someone@other.test>: Sender address rejected: not owned by user "
                 b"odoo@example.test"), "foreign sender")
        eq(s.mail("x@example.test")[0], 250, "MAIL FROM own domain")
        eq(s.rcpt("customer@example.net")[0], 250, "RCPT TO")
        before = data_log_size(m)
        eq(s.docmd("DATA"), (554, b"5.5.1 test peers refuse DATA"), "DATA")
        after = Path(m["data_log"]).read_text()[before:]
        entry = json.loads(after.strip().splitlines()[-1])
        eq((entry["peer"], entry["command"], entry["mail_from"]),
           ("starttls", "DATA", "x@example.test"), "data log entry")
        eq(s.quit()[0], 221, "QUIT")

    @check("smtp starttls: certificate names localhost and 127.0.0.1")
    def _():
        for host in ("localhost", "127.0.0.1"):
            r = Raw("127.0.0.1", smtp["starttls"]["port"])
            eq(r.line(), b"220 mx.example.test ESMTP", "banner")
            r.cmd("EHLO probe.example.test")
            eq(r.cmd("STARTTLS")[0][:3], b"220", "STARTTLS")
            tls = ca.wrap_socket(r.sock, server_hostname=host)
            assert tls.version() in ("TLSv1.2", "TLSv1.3"), tls.version()
            tls.close()

    @check("smtp implicit_tls: TLS from the first byte, AUTH LOGIN, sender rules")
    def _():
        s = smtp_ssl(smtp["implicit_tls"], ca)
        f = ehlo(s)
        eq(f.get("auth"), "PLAIN LOGIN", "AUTH")
        assert "starttls" not in f, f
        eq(f.get("size"), "10485760", "SIZE")
        eq(s.docmd("MAIL", "FROM:<x@example.test>"), (530, b"5.7.0 Authentication required"),
           "MAIL before AUTH")
        eq(s.docmd("AUTH", "LOGIN")[0], 334, "AUTH LOGIN")
        eq(s.docmd(base64.b64encode(user.encode()).decode())[0], 334, "username")
        eq(s.docmd(base64.b64encode(password.encode()).decode()),
           (235, b"2.7.0 Authentication successful"), "password")
        eq(s.docmd("MAIL", "FROM:<a@gmail.com>")[0], 553, "foreign sender")
        eq(s.mail("x@example.test")[0], 250, "own sender")
        eq(s.rcpt("y@example.net")[0], 250, "RCPT")
        s.quit()

    @check("smtp starttls_required: AUTH and MAIL need STARTTLS, no AUTH at all")
    def _():
        s = smtp_plain(smtp["starttls_required"])
        f = ehlo(s)
        assert "starttls" in f and "auth" not in f, f
        need = (530, b"5.7.0 Must issue a STARTTLS command first")
        eq(s.docmd("AUTH", plain_auth(user, password)), need, "AUTH before STARTTLS")
        eq(s.docmd("MAIL", "FROM:<x@example.test>"), need, "MAIL before STARTTLS")
        s.starttls(context=ca)
        f = ehlo(s)
        assert "auth" not in f and "starttls" not in f, f
        eq(s.mail("x@example.test")[0], 250, "MAIL after STARTTLS")
        eq(s.rcpt("y@example.net")[0], 250, "RCPT after STARTTLS")
        s.quit()

    def provider_auth(name, lines, code):
        # raw: the exact multi-line reply, without TLS
        r = Raw("127.0.0.1", smtp[name]["port"])
        eq(r.line(), b"220 mx.example.test ESMTP", "banner")
        ehlo_lines = r.cmd("EHLO probe.example.test")
        assert b"250-AUTH PLAIN LOGIN" in ehlo_lines or b"250 AUTH PLAIN LOGIN" in ehlo_lines, \
            ehlo_lines
        eq(r.cmd(plain_auth(user, password).join(["AUTH ", ""])), lines, "AUTH PLAIN reply")
        r.close()
        # smtplib after STARTTLS, with AUTH LOGIN-style exchange through login()
        s = smtp_plain(smtp[name])
        ehlo(s)
        s.starttls(context=ca)
        f = ehlo(s)
        assert "auth" in f, f
        try:
            s.login(user, password)
        except smtplib.SMTPAuthenticationError as e:
            eq(e.smtp_code, code, "code")
            eq(e.smtp_error, b"\n".join(x[4:] for x in lines), "text")
        else:
            raise AssertionError("login succeeded")
        eq(s.docmd("MAIL", "FROM:<x@example.test>"), (530, b"5.7.0 Authentication required"),
           "MAIL without AUTH")
        s.quit()

    @check("smtp gmail_534: Application-specific password required")
    def _():
        provider_auth("gmail_534", GMAIL_534_LINES, 534)

    @check("smtp gmail_535: Username and Password not accepted")
    def _():
        provider_auth("gmail_535", GMAIL_535_LINES, 535)

    @check("smtp ms_535_5_7_139: SmtpClientAuthentication is disabled")
    def _():
        provider_auth("ms_535_5_7_139", MS_535_LINES, 535)

    @check("smtp sender_553: AUTH without TLS, every sender rejected")
    def _():
        s = smtp_plain(smtp["sender_553"])
        f = ehlo(s)
        eq(f.get("auth"), "PLAIN LOGIN", "AUTH before TLS")
        eq(s.login(user, password)[0], 235, "login")
        for addr in ("x@example.test", "odoo@example.test", "a@b.test"):
            eq(s.docmd("MAIL", f"FROM:<{addr}>"),
               (553, f"5.7.1 <{addr}>: Sender address rejected: not owned by user "
                     f"odoo@example.test".encode()), addr)
        s.quit()

    @check("smtp size_limit: SIZE 1000000 and 552 5.3.4")
    def _():
        s = smtp_plain(smtp["size_limit"])
        f = ehlo(s)
        eq(f.get("size"), "1000000", "SIZE")
        eq(s.docmd("MAIL", "FROM:<x@example.test> SIZE=1000001"),
           (552, b"5.3.4 Message size exceeds fixed maximum message size"), "too big")
        eq(s.docmd("MAIL", "FROM:<x@example.test> SIZE=5000000 BODY=8BITMIME")[0], 552, "big")
        eq(s.docmd("MAIL", "FROM:<x@example.test> SIZE=1000000")[0], 250, "at the limit")
        s.rset()
        s.starttls(context=ca)
        ehlo(s)
        eq(s.login(user, password)[0], 235, "login after STARTTLS")
        eq(s.docmd("MAIL", "FROM:<x@example.test> SIZE=2000000")[0], 552, "too big after AUTH")
        s.quit()

    @check("smtp no_banner: accepts and says nothing")
    def _():
        sock = socket.create_connection(("127.0.0.1", smtp["no_banner"]["port"]), timeout=1.5)
        try:
            sock.recv(1)
        except socket.timeout:
            pass
        else:
            raise AssertionError("got bytes or EOF")
        finally:
            sock.close()

    @check("smtp plain_on_ssl: TLS client gets WRONG_VERSION_NUMBER")
    def _():
        sock = socket.create_connection(("127.0.0.1", smtp["plain_on_ssl"]["port"]),
                                        timeout=TIMEOUT)
        try:
            ca.wrap_socket(sock, server_hostname="localhost")
        except ssl.SSLError as e:
            eq(e.reason, "WRONG_VERSION_NUMBER", "reason")
        else:
            raise AssertionError("TLS handshake succeeded")
        finally:
            sock.close()
        s = smtp_plain(smtp["plain_on_ssl"])
        assert "starttls" in ehlo(s)
        s.quit()

    def cert_failure(name, codes, host="127.0.0.1"):
        sock = socket.create_connection(("127.0.0.1", smtp[name]["port"]), timeout=TIMEOUT)
        try:
            ca.wrap_socket(sock, server_hostname=host)
        except ssl.SSLCertVerificationError as e:
            assert e.verify_code in codes, f"verify {e.verify_code} {e.verify_message}"
            return e.verify_message
        finally:
            sock.close()
        raise AssertionError("certificate was accepted")

    @check("smtp expired_cert: CA-signed but expired")
    def _():
        msg = cert_failure("expired_cert", {10})
        assert "expired" in msg, msg
        s = smtp_ssl(smtp["expired_cert"], no_verify)   # still a working SMTP server
        assert "auth" in ehlo(s)
        s.quit()

    @check("smtp self_signed: self-signed for localhost")
    def _():
        cert_failure("self_signed", {18}, host="localhost")
        s = smtp_ssl(smtp["self_signed"], no_verify)
        ehlo(s)
        s.quit()

    @check("smtp wrong_host: CA-signed for other.example.test only")
    def _():
        cert_failure("wrong_host", {62}, host="localhost")
        cert_failure("wrong_host", {64}, host="127.0.0.1")
        chain_only = ssl.create_default_context(cafile=m["ca_file"])
        chain_only.check_hostname = False
        s = smtp_ssl(smtp["wrong_host"], chain_only)   # the chain itself is trusted
        ehlo(s)
        s.quit()
        sock = socket.create_connection(("127.0.0.1", smtp["wrong_host"]["port"]),
                                        timeout=TIMEOUT)
        tls = ca.wrap_socket(sock, server_hostname="other.example.test")
        tls.close()

    @check("smtp huge_line: 1 MiB banner without CRLF, connection held")
    def _():
        sock = socket.create_connection(("127.0.0.1", smtp["huge_line"]["port"]),
                                        timeout=TIMEOUT)
        got = bytearray()
        try:
            while len(got) < 1024 * 1024:
                chunk = sock.recv(1 << 20)
                assert chunk, f"EOF after {len(got)} bytes"
                got += chunk
            eq(len(got), 1024 * 1024, "length")
            assert got.startswith(b"220 ") and b"\n" not in got and b"\r" not in got
            sock.settimeout(0.5)
            try:
                extra = sock.recv(1)
                raise AssertionError(f"more data or EOF: {extra!r}")
            except socket.timeout:
                pass
        finally:
            sock.close()

    @check("smtp endless_continuation: 250-x forever at about 100 KB/s")
    def _():
        r = Raw("127.0.0.1", smtp["endless_continuation"]["port"])
        eq(r.line(), b"220 mx.example.test ESMTP", "banner")
        r.sock.sendall(b"EHLO probe.example.test\r\n")
        got = bytearray(r.buf)
        start = time.monotonic()
        r.sock.settimeout(0.5)
        while time.monotonic() - start < 2.0:
            try:
                chunk = r.sock.recv(65536)
            except socket.timeout:
                continue
            assert chunk, "EOF"
            got += chunk
        rate = len(got) / 2.0
        assert 50_000 <= rate <= 200_000, f"{rate:.0f} B/s"
        lines = bytes(got).split(b"\r\n")[:-1]
        assert lines and all(x == b"250-x" for x in lines), set(lines)
        r.close()

    @check("smtp invalid_utf8: invalid UTF-8 banner, then a normal server")
    def _():
        sock = socket.create_connection(("127.0.0.1", smtp["invalid_utf8"]["port"]),
                                        timeout=TIMEOUT)
        r = Raw.__new__(Raw)
        r.sock, r.buf = sock, b""
        eq(r.line(), b"220 \xff\xfe\xc3\x28", "banner bytes")
        lines = r.cmd("EHLO probe.example.test")
        eq(lines[0], b"250-mx.example.test", "EHLO")
        assert b"250 AUTH PLAIN LOGIN" in lines, lines
        eq(r.cmd("AUTH " + plain_auth(user, password)),
           [b"235 2.7.0 Authentication successful"], "AUTH")
        eq(r.cmd("MAIL FROM:<x@example.test>")[0][:3], b"250", "MAIL")
        eq(r.cmd("QUIT")[0][:3], b"221", "QUIT")
        r.close()

    @check("smtp tls_garbage: 4 KiB of random bytes, TLS fails")
    def _():
        sock = socket.create_connection(("127.0.0.1", smtp["tls_garbage"]["port"]),
                                        timeout=TIMEOUT)
        got = b""
        while len(got) < 4096:
            chunk = sock.recv(8192)
            assert chunk, "EOF"
            got += chunk
        eq(len(got), 4096, "garbage length")
        sock.settimeout(0.3)
        try:
            sock.recv(1)
            raise AssertionError("more bytes or EOF")
        except socket.timeout:
            pass
        sock.close()
        sock = socket.create_connection(("127.0.0.1", smtp["tls_garbage"]["port"]),
                                        timeout=TIMEOUT)
        try:
            ca.wrap_socket(sock, server_hostname="localhost")
            raise AssertionError("TLS handshake succeeded")
        except ssl.SSLError as e:
            assert not isinstance(e, ssl.SSLCertVerificationError), e
        finally:
            sock.close()

    @check("smtp reset_mid_tls: RST during the TLS handshake")
    def _():
        sock = socket.create_connection(("127.0.0.1", smtp["reset_mid_tls"]["port"]),
                                        timeout=TIMEOUT)
        try:
            ca.wrap_socket(sock, server_hostname="localhost")
            raise AssertionError("TLS handshake succeeded")
        except ConnectionResetError:
            pass
        except OSError as e:
            eq(e.errno, errno.ECONNRESET, f"error {e!r}")
        finally:
            sock.close()

    @check("closed_port: connection refused")
    def _():
        try:
            socket.create_connection(("127.0.0.1", m["closed_port"]), timeout=TIMEOUT).close()
            raise AssertionError("connected")
        except ConnectionRefusedError:
            pass

    @check("dns good.test: MX, SPF, DMARC, DKIM, A records")
    def _():
        eq(dns(m, "good.test", "MX"), (0, [(10, "mx.good.test")]), "MX")
        eq(dns(m, "good.test", "TXT"), (0, ["v=spf1 include:_spf.google.com ~all"]), "SPF")
        eq(dns(m, "_dmarc.good.test", "TXT"),
           (0, ["v=DMARC1; p=reject; rua=mailto:d@good.test"]), "DMARC")
        eq(dns(m, "google._domainkey.good.test", "TXT"),
           (0, ["v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtest"]), "DKIM")
        eq(dns(m, "smtp.good.test", "A"), (0, ["127.0.0.1"]), "smtp A")
        eq(dns(m, "mx.good.test", "A"), (0, ["127.0.0.1"]), "mx A")
        eq(dns(m, "_spf.google.com", "TXT"),
           (0, ["v=spf1 include:_netblocks.google.com ~all"]), "_spf.google.com")
        eq(dns(m, "_netblocks.google.com", "TXT"),
           (0, ["v=spf1 ip4:35.190.247.0/24 ~all"]), "_netblocks")
        eq(dns(m, "www.google.com", "A"), (3, []), "rest of google.com stays local")
        eq(dns(m, "nothing-here.test", "A"), (3, []), "unknown .test name")
        eq(dns(m, "nothing-here.test", "TXT"), (3, []), "unknown .test name")
        stats = {"lookups": 0, "void": 0}
        spf_walk(m, "good.test", stats)
        eq(stats, {"lookups": 2, "void": 0}, "good.test SPF evaluation")

    @check("dns nospf/noinclude/multi/plusall/nodkim")
    def _():
        eq(dns(m, "nospf.test", "MX"), (0, [(10, "mx.good.test")]), "nospf MX")
        eq(dns(m, "nospf.test", "TXT")[1], [], "nospf TXT")
        eq(dns(m, "noinclude.test", "TXT"), (0, ["v=spf1 ip4:203.0.113.5 -all"]), "noinclude")
        eq(dns(m, "_dmarc.noinclude.test", "TXT"), (0, ["v=DMARC1; p=none"]), "noinclude DMARC")
        rcode, txts = dns(m, "multi.test", "TXT")
        eq(len([t for t in txts if t.startswith("v=spf1")]), 2, "multi.test SPF records")
        eq(dns(m, "plusall.test", "TXT"), (0, ["v=spf1 +all"]), "plusall")
        eq(dns(m, "nodkim.test", "TXT"), (0, ["v=spf1 include:_spf.google.com ~all"]), "nodkim")
        eq(dns(m, "_dmarc.nodkim.test", "TXT"), (0, ["v=DMARC1; p=quarantine"]), "nodkim DMARC")
        eq(dns(m, "google._domainkey.nodkim.test", "TXT")[1], [], "nodkim DKIM")

    @check("dns toomany.test: 12 lookups; voids.test: 3 void lookups")
    def _():
        _, txts = dns(m, "toomany.test", "TXT")
        eq(len(txts), 1, "toomany SPF")
        stats = {"lookups": 0, "void": 0}
        spf_walk(m, "toomany.test", stats)
        eq(stats, {"lookups": 12, "void": 0}, "toomany evaluation")
        eq(dns(m, "l.toomany.test", "TXT"), (0, ["v=spf1 ip4:192.0.2.12 -all"]), "l.toomany")
        stats = {"lookups": 0, "void": 0}
        spf_walk(m, "voids.test", stats)
        eq(stats, {"lookups": 3, "void": 3}, "voids evaluation")
        for i in (1, 2, 3):
            eq(dns(m, f"missing{i}.voids.test", "TXT"), (3, []), f"missing{i}")

    @check("odoo: version, authenticate, access denied")
    def _():
        url = m["odoo"]["url"]
        common = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common")
        eq(common.version(), {"server_version": "17.0",
                              "server_version_info": [17, 0, 0, "final", 0, ""],
                              "server_serie": "17.0", "protocol_version": 1}, "version")
        o = m["odoo"]
        eq(common.authenticate(o["db"], o["login"], o["api_key"], {}), 2, "authenticate")
        eq(common.authenticate(o["db"], o["login"], "wrong", {}), False, "wrong key")
        eq(common.authenticate(o["db"], "someone", o["api_key"], {}), False, "wrong login")
        models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object")
        for uid, key in ((2, "wrong"), (3, o["api_key"]), (False, o["api_key"])):
            try:
                models.execute_kw(o["db"], uid, key, "ir.mail_server", "search_read", [[]])
                raise AssertionError("no fault")
            except xmlrpc.client.Fault as f:
                eq((f.faultCode, f.faultString), (3, "Access Denied"), "fault")

    @check("odoo: fields_get, search_read of ir.mail_server, mail.mail and ir.cron")
    def _():
        o = m["odoo"]
        models = xmlrpc.client.ServerProxy(o["url"] + "/xmlrpc/2/object")

        def call(model, method, args, kwargs=None):
            return models.execute_kw(o["db"], 2, o["api_key"], model, method, args, kwargs or {})

        fg = call("ir.mail_server", "fields_get", [], {"attributes": ["type"]})
        for name, ftype in (("smtp_host", "char"), ("smtp_port", "integer"),
                            ("smtp_encryption", "selection"), ("from_filter", "char"),
                            ("smtp_authentication", "selection"), ("active", "boolean")):
            eq(fg.get(name), {"type": ftype}, f"ir.mail_server.{name}")
        fg = call("mail.mail", "fields_get", [])
        for name, ftype in (("state", "selection"), ("failure_reason", "text"),
                            ("failure_type", "selection"), ("mail_server_id", "many2one")):
            eq(fg[name]["type"], ftype, f"mail.mail.{name}")
        servers = call("ir.mail_server", "search_read", [[]], {"fields": [
            "name", "smtp_host", "smtp_port", "smtp_encryption", "smtp_user", "from_filter",
            "smtp_authentication", "active"]})
        eq(servers, [{"id": 1, "name": "Gmail", "smtp_host": "smtp.gmail.com", "smtp_port": 465,
                      "smtp_encryption": "starttls", "smtp_user": "odoo@example.test",
                      "from_filter": False, "smtp_authentication": "login", "active": True}],
           "ir.mail_server")
        mails = call("mail.mail", "search_read", [[("state", "=", "exception")]],
                     {"fields": ["state", "failure_reason", "mail_server_id"]})
        eq([x["failure_reason"] for x in mails], [
            "Mail Delivery Failed\nMail delivery failed via SMTP server 'None'.\n"
            "SMTPAuthenticationError: (534, b'5.7.9 Application-specific password required. "
            "Learn more at https://support.google.com/mail/?p=InvalidSecondFactor')",
            "Mail Delivery Failed\nMail delivery failed via SMTP server 'None'.\n"
            "SMTPDataError: (552, b'5.3.4 Your message exceeded Google\\'s message size "
            "limits.')"], "failure reasons")
        eq({x["state"] for x in mails}, {"exception"}, "states")
        eq(mails[0]["mail_server_id"], [1, "Gmail"], "many2one shape")
        eq(set(mails[0]), {"id", "state", "failure_reason", "mail_server_id"}, "fields")
        eq(call("mail.mail", "search_read", [[("state", "=", "outgoing")]], {"fields": ["id"]}),
           [], "no outgoing")
        xid = call("ir.model.data", "search_read", [[("module", "=", "mail"),
                                                     ("name", "=", "ir_cron_mail_scheduler_action")]],
                   {"fields": ["res_id", "model"]})
        eq(len(xid), 1, "xml id")
        crons = call("ir.cron", "search_read", [[("id", "=", xid[0]["res_id"])]],
                     {"fields": ["name", "active", "nextcall", "interval_number",
                                 "interval_type"], "context": {"active_test": False}})
        eq((crons[0]["name"], crons[0]["active"]), ("Mail: Email Queue Manager", True), "cron")
        crons = call("ir.cron", "search_read", [[("cron_name", "ilike", "Email Queue")]],
                     {"fields": ["active"]})
        eq(len(crons), 1, "cron by name")
        try:
            call("ir.mail_server", "search_read", [[]], {"fields": ["no_such_field"]})
            raise AssertionError("no fault")
        except xmlrpc.client.Fault as f:
            eq(f.faultCode, 1, "fault code")
            assert "Invalid field 'no_such_field' on model 'ir.mail_server'" in f.faultString

    def sntp_offset(port) -> float:
        t1 = time.time()
        secs = int(t1) + 2208988800
        frac = int((t1 % 1) * (1 << 32))
        req = bytes([0x23]) + bytes(39) + struct.pack("!II", secs, frac)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(TIMEOUT)
            s.sendto(req, ("127.0.0.1", port))
            data, _ = s.recvfrom(1024)
        t4 = time.time()
        eq(len(data), 48, "length")
        eq(data[0] & 7, 4, "mode")
        eq((data[0] >> 3) & 7, 4, "version")
        eq(data[1], 2, "stratum")
        eq(data[24:32], req[40:48], "originate timestamp")

        def ts(b):
            s_, f_ = struct.unpack("!II", b)
            return s_ - 2208988800 + f_ / (1 << 32)

        t2, t3 = ts(data[32:40]), ts(data[40:48])
        return ((t2 - t1) + (t3 - t4)) / 2

    @check("sntp ok (offset 0) and skewed (offset 3600)")
    def _():
        for name in ("ok", "skewed"):
            peer = m["sntp"][name]
            off = sntp_offset(peer["port"])
            assert abs(off - peer["offset_seconds"]) < 0.5, f"{name}: {off}"
        eq((m["sntp"]["ok"]["offset_seconds"], m["sntp"]["skewed"]["offset_seconds"]),
           (0, 3600), "offsets")

    @check("http_date: 200 with a correct Date header")
    def _():
        with urllib.request.urlopen(m["http_date"]["url"], timeout=TIMEOUT) as r:
            eq(r.status, 200, "status")
            date = email.utils.parsedate_to_datetime(r.headers["Date"])
        skew = abs((date - datetime.now(timezone.utc)).total_seconds())
        assert skew < 3, f"Date header off by {skew}s"

    hole = state / "blackhole.json"
    if hole.exists():
        @check("blackhole: connect() times out")
        def _():
            b = json.loads(hole.read_text())
            start = time.monotonic()
            try:
                socket.create_connection((b["host"], b["port"]), timeout=2).close()
                raise AssertionError("connected")
            except socket.timeout:
                pass
            elapsed = time.monotonic() - start
            assert elapsed >= 1.9, f"failed after {elapsed:.2f}s, not a timeout"
    else:
        print("skip blackhole: no blackhole.json (not root, or no `ip`)")


def main() -> int:
    parser = argparse.ArgumentParser(description="check the Mail Doctor test peers")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    opts = parser.parse_args()
    manifest = opts.dir / "peers.json"
    if not manifest.exists():
        print(f"FAIL no manifest at {manifest}; start the peers first (scripts/peers.sh start)")
        return 1
    m = json.loads(manifest.read_text())
    data_log = Path(m["data_log"])
    before = data_log.read_bytes() if data_log.exists() else b""
    try:
        run_all(m, opts.dir)
    finally:
        # remove only the DATA records this check made
        now = data_log.read_bytes()
        if now.startswith(before):
            with open(data_log, "r+b") as f:
                f.truncate(len(before))
    failed = [name for name, ok, _ in results if not ok]
    print(f"\n{len(results) - len(failed)}/{len(results)} checks passed")
    if failed:
        print("failed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
