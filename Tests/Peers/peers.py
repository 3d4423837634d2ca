#!/usr/bin/env python3
"""Real test peers for Mail Doctor's probe tests.

Starts, on 127.0.0.1 with ports chosen by the OS:
  * SMTP servers (aiosmtpd) with STARTTLS, implicit TLS, AUTH, SIZE and the failure replies of
    real providers, plus a few hostile raw-TCP servers;
  * a DNS server (dnsmasq) serving the *.test zone used by the DNS probe tests;
  * an XML-RPC server that answers like Odoo 17's /xmlrpc/2 endpoints (the one stand-in);
  * two SNTP servers (one correct, one an hour ahead) and an HTTP server with a Date header.

Certificates (a test CA, a good leaf, an expired one, a self-signed one and one for the wrong
host name) are made at start-up in the state directory. When every peer listens, the manifest
<dir>/peers.json is written atomically; it is removed again on SIGTERM/SIGINT, when everything
(dnsmasq included) is stopped and the program exits 0.

No peer but one ever accepts a message: DATA is answered 554 and recorded in
<dir>/data-received.log. The exception is `accepts_data`, the receiving end of
`mail-doctor probe --send-test`: it takes the message (after STARTTLS and AUTH) and files it,
with the Received line a real MTA prepends, in <dir>/mailbox/.
Nothing here sends a packet anywhere but to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import http.server
import ipaddress
import json
import logging
import os
import random
import re
import signal
import socket
import socketserver
import ssl
import struct
import subprocess
import sys
import threading
import time
import traceback
import warnings
import xmlrpc.client
import xmlrpc.server
from pathlib import Path

HOST = "127.0.0.1"
SERVER_NAME = "mx.example.test"
USER = "odoo@example.test"
PASSWORD = "correct-horse"
OWN_DOMAIN = "example.test"

ODOO_DB = "odoo"
ODOO_LOGIN = "admin"
ODOO_KEY = "api-key-123"
ODOO_UID = 2

DEFAULT_DIR = Path(__file__).resolve().parents[2] / ".peers"

log = logging.getLogger("peers")


# --------------------------------------------------------------------------------------------
# Certificates
# --------------------------------------------------------------------------------------------

def make_certificates(state: Path) -> dict[str, tuple[Path, Path]]:
    """Writes the test CA and the leaf certificates; returns name -> (cert, key) paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    day = dt.timedelta(days=1)

    def new_key():
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def name(common_name: str) -> x509.Name:
        return x509.Name([
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Mail Doctor test peers"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ])

    def write(stem: str, cert, key) -> tuple[Path, Path]:
        cert_path, key_path = state / f"{stem}.pem", state / f"{stem}-key.pem"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption()))
        os.chmod(key_path, 0o600)
        return cert_path, key_path

    ca_key = new_key()
    ca_name = name("Mail Doctor Test CA")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - day).not_valid_after(now + 3650 * day)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
            key_encipherment=False, data_encipherment=False, key_agreement=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    def leaf(common_name: str, sans: list, not_before, not_after, self_signed: bool = False):
        key = new_key()
        issuer_cert, issuer_key = (None, key) if self_signed else (ca_cert, ca_key)
        builder = (
            x509.CertificateBuilder()
            .subject_name(name(common_name))
            .issuer_name(name(common_name) if self_signed else ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.SubjectAlternativeName(sans), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, key_encipherment=True, key_cert_sign=False, crl_sign=False,
                content_commitment=False, data_encipherment=False, key_agreement=False,
                encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        )
        if issuer_cert is not None:
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        return builder.sign(issuer_key, hashes.SHA256()), key

    localhost = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]
    out: dict[str, tuple[Path, Path]] = {"ca": write("ca", ca_cert, ca_key)}
    out["good"] = write("good", *leaf("localhost", localhost, now - day, now + 365 * day))
    out["expired"] = write("expired", *leaf("localhost", localhost, now - 400 * day, now - 30 * day))
    out["self_signed"] = write("self-signed", *leaf(
        "localhost", localhost, now - day, now + 365 * day, self_signed=True))
    out["wrong_host"] = write("wrong-host", *leaf(
        "other.example.test", [x509.DNSName("other.example.test")], now - day, now + 365 * day))
    return out


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert), str(key))
    return ctx


# --------------------------------------------------------------------------------------------
# SMTP peers (aiosmtpd)
# --------------------------------------------------------------------------------------------

GMAIL_534 = (
    "534-5.7.9 Application-specific password required. Learn more at\r\n"
    "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor "
    "d9443c01a7336-1f6a39a5d52sm8126875ad.64 - gsmtp")
GMAIL_535 = (
    "535-5.7.8 Username and Password not accepted. For more information, go to\r\n"
    "535 5.7.8  https://support.google.com/mail/?p=BadCredentials "
    "d9443c01a7336-1f6a39a5d52sm8126875ad.64 - gsmtp")
MS_535_5_7_139 = (
    "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the "
    "Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. "
    "[AM0PR10CA0001.EURPRD10.PROD.OUTLOOK.COM]")
NEED_STARTTLS = "530 5.7.0 Must issue a STARTTLS command first"
NEED_AUTH = "530 5.7.0 Authentication required"
REFUSE_DATA = "554 5.5.1 test peers refuse DATA"
SIZE_EXCEEDED = "552 5.3.4 Message size exceeds fixed maximum message size"


@dataclasses.dataclass(frozen=True)
class Profile:
    name: str
    security: str                 # the manifest's "security": starttls | ssl | none
    tls: str                      # what the server does: starttls | implicit | none
    cert: str = "good"
    size: int = 10485760
    auth: str = "after_tls"       # after_tls | always | never
    auth_reply: str | None = None  # a fixed failure reply for every AUTH; None checks credentials
    mail_needs_auth: bool = False
    mail_needs_tls: bool = False
    sender: str = "any"           # any | own_domain | reject_all
    banner: bytes | None = None   # raw banner replacing "220 mx.example.test ESMTP"
    echo_auth: bool = False       # refuse AUTH quoting back what was sent, in every form
    accept_data: bool = False     # take the message and file it in <dir>/mailbox/


SMTP_PROFILES = [
    Profile("starttls", "starttls", "starttls", auth="after_tls", mail_needs_auth=True,
            sender="own_domain"),
    Profile("implicit_tls", "ssl", "implicit", auth="always", mail_needs_auth=True,
            sender="own_domain"),
    Profile("starttls_required", "starttls", "starttls", auth="never", mail_needs_tls=True),
    Profile("gmail_534", "starttls", "starttls", auth="always", auth_reply=GMAIL_534,
            mail_needs_auth=True),
    Profile("gmail_535", "starttls", "starttls", auth="always", auth_reply=GMAIL_535,
            mail_needs_auth=True),
    Profile("ms_535_5_7_139", "starttls", "starttls", auth="always", auth_reply=MS_535_5_7_139,
            mail_needs_auth=True),
    Profile("sender_553", "starttls", "starttls", auth="always", mail_needs_auth=True,
            sender="reject_all"),
    Profile("size_limit", "starttls", "starttls", size=1000000, auth="always"),
    # Port 587 behaviour (plain banner, STARTTLS) configured as SSL/TLS: WRONG_VERSION_NUMBER.
    Profile("plain_on_ssl", "ssl", "starttls", auth="after_tls", mail_needs_auth=True,
            sender="own_domain"),
    Profile("expired_cert", "ssl", "implicit", cert="expired", auth="always",
            mail_needs_auth=True, sender="own_domain"),
    Profile("self_signed", "ssl", "implicit", cert="self_signed", auth="always",
            mail_needs_auth=True, sender="own_domain"),
    Profile("wrong_host", "ssl", "implicit", cert="wrong_host", auth="always",
            mail_needs_auth=True, sender="own_domain"),
    Profile("invalid_utf8", "none", "none", auth="always",
            banner=b"220 \xff\xfe\xc3\x28"),
    # A careless server that quotes the credentials back in its refusal: the raw password,
    # the AUTH PLAIN token, and the base64 of the password (what AUTH LOGIN sends).
    Profile("echo_auth", "none", "none", auth="always", echo_auth=True),
    # The one peer that accepts a message: the target of probe --send-test.
    Profile("accepts_data", "starttls", "starttls", auth="after_tls", mail_needs_auth=True,
            sender="own_domain", accept_data=True),
]


class Mailbox:
    """Files each accepted message as <dir>/mailbox/<n>.eml, with a Received line on top."""

    def __init__(self, path: Path):
        self.path = path
        path.mkdir(exist_ok=True)
        for old in path.glob("*.eml"):
            old.unlink()
        self.lock = threading.Lock()
        self.count = 0

    def store(self, peer: str, client, helo: str, mail_from: str, rcpt_tos, content: bytes) -> str:
        with self.lock:
            self.count += 1
            queue_id = f"MD{self.count:04d}"
            stamp = dt.datetime.now(dt.timezone.utc).strftime("%a, %d %b %Y %H:%M:%S +0000")
            ip = client[0] if client else "127.0.0.1"
            received = (f"Return-Path: <{mail_from}>\r\nReceived: from {helo} (localhost [{ip}])\r\n"
                        f"\tby {SERVER_NAME} (aiosmtpd) with ESMTPSA id {queue_id}\r\n"
                        f"\tfor <{', '.join(rcpt_tos)}>; {stamp}\r\n")
            (self.path / f"{self.count:04d}.eml").write_bytes(received.encode() + content)
        log.info("%s: accepted message %s from %s for %s", peer, queue_id, mail_from, rcpt_tos)
        return queue_id


class DataLog:
    """Appends one JSON line per DATA (or BDAT) command to data-received.log."""

    def __init__(self, path: Path):
        self.path = path
        self.lock = threading.Lock()

    def record(self, peer: str, client, command: str, mail_from, rcpt_tos) -> None:
        entry = {
            "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "peer": peer, "client": list(client) if client else None, "command": command,
            "mail_from": mail_from, "rcpt_to": list(rcpt_tos or []),
        }
        with self.lock, open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")
        log.warning("%s: %s received from %s and refused (recorded in %s)",
                    peer, command, client, self.path.name)


def _import_aiosmtpd():
    warnings.filterwarnings("ignore", module="aiosmtpd")
    from aiosmtpd.smtp import SMTP, AuthResult, MISSING  # noqa: F401
    return SMTP, AuthResult, MISSING


def build_smtp_classes():
    SMTP, AuthResult, MISSING = _import_aiosmtpd()

    class PeerHandler:
        def __init__(self, profile: Profile, data_log: DataLog, mailbox: Mailbox | None = None):
            self.profile = profile
            self.data_log = data_log
            self.mailbox = mailbox

        async def handle_DATA(self, server, session, envelope):
            queue_id = self.mailbox.store(
                self.profile.name, session.peer, session.host_name or "", envelope.mail_from,
                envelope.rcpt_tos, envelope.original_content or envelope.content)
            return f"250 2.0.0 Ok: queued as {queue_id}"

        async def handle_EHLO(self, server, session, envelope, hostname, responses):
            session.host_name = hostname
            p = self.profile
            lines = [server.hostname, f"SIZE {p.size}", "8BITMIME"]
            if p.tls == "starttls" and not server.is_tls:
                lines.append("STARTTLS")
            if p.auth == "always" or (p.auth == "after_tls" and server.is_tls):
                lines.append("AUTH PLAIN LOGIN")
            return [("250-" if i < len(lines) - 1 else "250 ") + line
                    for i, line in enumerate(lines)]

        async def handle_MAIL(self, server, session, envelope, address, mail_options):
            p = self.profile
            owner = USER
            if session.auth_data is not None and getattr(session.auth_data, "login", None):
                owner = session.auth_data.login.decode("utf-8", "replace")
            rejected = (
                f"553 5.7.1 <{address}>: Sender address rejected: not owned by user {owner}")
            if p.sender == "reject_all":
                return rejected
            if p.sender == "own_domain" and not address.lower().endswith("@" + OWN_DOMAIN):
                return rejected
            envelope.mail_from = address
            envelope.mail_options.extend(mail_options)
            return "250 2.1.0 Ok"

        async def handle_exception(self, error):
            from aiosmtpd.smtp import TLSSetupException
            if isinstance(error, TLSSetupException):
                # the client gave up on the handshake (e.g. it rejected our certificate)
                log.info("%s: TLS handshake failed: %r", self.profile.name, error.__cause__)
            else:
                log.exception("%s: session error", self.profile.name)
            return f"500 Error: ({type(error).__name__}) {error}"

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            envelope.rcpt_tos.append(address)
            envelope.rcpt_options.extend(rcpt_options)
            return "250 2.1.5 Ok"

    def authenticator(server, session, envelope, mechanism, auth_data):
        p = server.profile
        if p.auth_reply is not None:
            return AuthResult(success=False, handled=False, message=p.auth_reply)
        ok = (auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode())
        # success -> "235 2.7.0 Authentication successful",
        # failure -> "535 5.7.8 Authentication credentials invalid" (aiosmtpd's own replies)
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    class PeerSMTP(SMTP):
        def __init__(self, profile: Profile, data_log: DataLog, tls_context, loop, mailbox=None):
            self.profile = profile
            self.data_log = data_log
            self._banner_pending = profile.banner is not None
            super().__init__(
                PeerHandler(profile, data_log, mailbox),
                hostname=SERVER_NAME, ident="ESMTP",
                data_size_limit=profile.size,
                tls_context=tls_context if profile.tls == "starttls" else None,
                auth_required=profile.mail_needs_auth,
                auth_require_tls=False,
                authenticator=authenticator,
                timeout=300,
                loop=loop,
            )

        @property
        def is_tls(self) -> bool:
            return self.profile.tls == "implicit" or self._tls_protocol is not None

        async def push(self, status):
            if self._banner_pending and isinstance(status, str) and status.startswith("220 "):
                self._banner_pending = False
                status = self.profile.banner
            await super().push(status)

        async def smtp_STARTTLS(self, arg):
            if self.is_tls and self.profile.tls == "starttls":
                await self.push("554 5.5.1 Error: TLS already active")
                return
            await super().smtp_STARTTLS(arg)

        async def smtp_AUTH(self, arg):
            p = self.profile
            if p.echo_auth:
                import base64
                parts = (arg or "").split()
                token = parts[1] if len(parts) > 1 else ""
                try:
                    password = base64.b64decode(token).split(b"\0")[-1]
                except Exception:
                    password = b""
                await self.push(
                    "535-5.7.8 Authentication failed for token " + token + "\r\n"
                    "535-5.7.8 password was " + password.decode("utf-8", "replace") + "\r\n"
                    "535 5.7.8 as LOGIN sends it: " + base64.b64encode(password).decode())
                return
            if p.auth == "never":
                if p.mail_needs_tls and not self.is_tls:
                    await self.push(NEED_STARTTLS)
                else:
                    await self.push("503 5.5.1 Error: authentication not enabled")
                return
            if p.auth == "after_tls" and not self.is_tls:
                await self.push(NEED_STARTTLS)
                return
            await super().smtp_AUTH(arg)

        async def smtp_MAIL(self, arg):
            p = self.profile
            if p.mail_needs_tls and not self.is_tls:
                await self.push(NEED_STARTTLS)
                return
            if await self.check_helo_needed():
                return
            if await self.check_auth_needed("MAIL"):
                return
            m = re.search(r"\bSIZE=(\d+)\b", arg or "", re.IGNORECASE)
            if m and int(m.group(1)) > p.size:
                await self.push(SIZE_EXCEEDED)
                return
            await super().smtp_MAIL(arg)

        async def smtp_RCPT(self, arg):
            if self.profile.mail_needs_tls and not self.is_tls:
                await self.push(NEED_STARTTLS)
                return
            await super().smtp_RCPT(arg)

        async def _refuse_data(self, command: str, arg):
            env = self.envelope
            self.data_log.record(self.profile.name, self.session.peer if self.session else None,
                                 command if not arg else f"{command} {arg}",
                                 env.mail_from if env else None, env.rcpt_tos if env else [])
            await self.push(REFUSE_DATA)

        async def smtp_DATA(self, arg):
            if self.profile.accept_data:
                await super().smtp_DATA(arg)
                return
            await self._refuse_data("DATA", arg)

        async def smtp_BDAT(self, arg):
            # Not advertised (no CHUNKING), but a client that sends it anyway is recorded too.
            await self._refuse_data("BDAT", arg)

    return PeerSMTP


# --------------------------------------------------------------------------------------------
# Hostile raw-TCP peers
# --------------------------------------------------------------------------------------------

class HoldOpen(asyncio.Protocol):
    """Base: keeps the connection open, ignores input, closes when the client closes."""

    name = "hold"

    def connection_made(self, transport):
        self.transport = transport
        log.info("%s: connection from %s", self.name, transport.get_extra_info("peername"))

    def data_received(self, data):
        pass

    def eof_received(self):
        return False  # close our side too

    def connection_lost(self, exc):
        log.info("%s: connection closed (%s)", self.name, exc or "by client")


class NoBanner(HoldOpen):
    name = "no_banner"


class HugeLine(HoldOpen):
    name = "huge_line"
    LINE = b"220 " + b"x" * (1024 * 1024 - 4)  # 1 MiB, no CRLF

    def connection_made(self, transport):
        super().connection_made(transport)
        transport.write(self.LINE)


TLS_GARBAGE = bytearray(random.Random(20240611).randbytes(4096))
if 0x14 <= TLS_GARBAGE[0] <= 0x18:  # never the first byte of a TLS record
    TLS_GARBAGE[0] ^= 0x80
TLS_GARBAGE = bytes(TLS_GARBAGE)


class TlsGarbage(HoldOpen):
    name = "tls_garbage"

    def connection_made(self, transport):
        super().connection_made(transport)
        transport.write(TLS_GARBAGE)


class ResetMidTls(HoldOpen):
    name = "reset_mid_tls"

    def data_received(self, data):
        log.info("%s: read %d bytes of the ClientHello, resetting", self.name, len(data))
        sock = self.transport.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transport.abort()  # close() with SO_LINGER 0: the kernel sends RST


class EndlessContinuation(asyncio.Protocol):
    """Normal banner; EHLO is answered with "250-x" lines forever at about 100 KB/s."""

    name = "endless_continuation"
    CHUNK = b"250-x\r\n" * 1463   # about 10 KB
    INTERVAL = 0.1               # -> about 100 KB/s

    def connection_made(self, transport):
        self.transport = transport
        self.buffer = b""
        self.streaming = False
        self.paused = False
        self.closed = False
        log.info("%s: connection from %s", self.name, transport.get_extra_info("peername"))
        transport.write(f"220 {SERVER_NAME} ESMTP\r\n".encode())

    def data_received(self, data):
        if self.streaming:
            return
        self.buffer += data
        while b"\n" in self.buffer and not self.streaming:
            line, _, self.buffer = self.buffer.partition(b"\n")
            verb = line.strip().split(b" ", 1)[0].upper()
            if verb == b"EHLO":
                self.streaming = True
                self._tick()
            elif verb == b"HELO":
                self.transport.write(f"250 {SERVER_NAME}\r\n".encode())
            elif verb == b"QUIT":
                self.transport.write(b"221 2.0.0 Bye\r\n")
                self.transport.close()
            elif verb == b"NOOP":
                self.transport.write(b"250 2.0.0 Ok\r\n")
            else:
                self.transport.write(b"503 5.5.1 Error: send EHLO first\r\n")
        if len(self.buffer) > 4096:
            self.buffer = b""

    def _tick(self):
        if self.closed:
            return
        if not self.paused:
            self.transport.write(self.CHUNK)
        asyncio.get_running_loop().call_later(self.INTERVAL, self._tick)

    def pause_writing(self):
        self.paused = True

    def resume_writing(self):
        self.paused = False

    def eof_received(self):
        return False

    def connection_lost(self, exc):
        self.closed = True
        log.info("%s: connection closed (%s)", self.name, exc or "by client")


RAW_PEERS = [
    ("no_banner", "none", NoBanner),
    ("huge_line", "none", HugeLine),
    ("endless_continuation", "none", EndlessContinuation),
    ("tls_garbage", "ssl", TlsGarbage),
    ("reset_mid_tls", "ssl", ResetMidTls),
]


# --------------------------------------------------------------------------------------------
# SNTP
# --------------------------------------------------------------------------------------------

NTP_EPOCH_OFFSET = 2208988800  # 1900-01-01 -> 1970-01-01


def ntp_timestamp(t: float) -> bytes:
    seconds = int(t)
    fraction = int((t - seconds) * (1 << 32)) & 0xFFFFFFFF
    return struct.pack("!II", (seconds + NTP_EPOCH_OFFSET) & 0xFFFFFFFF, fraction)


class SntpServer(asyncio.DatagramProtocol):
    """Answers SNTPv4 client requests (mode 3) with mode 4, stratum 2, now + offset."""

    def __init__(self, name: str, offset: float):
        self.name = name
        self.offset = offset

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        received = time.time() + self.offset
        if len(data) < 48:
            log.info("sntp %s: ignored a %d-byte datagram from %s", self.name, len(data), addr)
            return
        version = (data[0] >> 3) & 0x7
        mode = data[0] & 0x7
        if mode != 3:
            log.info("sntp %s: ignored a mode %d packet from %s", self.name, mode, addr)
            return
        poll = data[2]
        reply = struct.pack("!BBBb", (0 << 6) | ((version or 4) << 3) | 4, 2, poll, -20)
        reply += struct.pack("!II", 0x00000100, 0x00000200)   # root delay, root dispersion
        reply += bytes([127, 0, 0, 1])                         # reference id (upstream)
        reply += ntp_timestamp(received - 16)                  # reference timestamp
        reply += data[40:48]                                   # originate = client's transmit
        reply += ntp_timestamp(received)                       # receive
        reply += ntp_timestamp(time.time() + self.offset)      # transmit
        self.transport.sendto(reply, addr)
        log.info("sntp %s: answered %s (offset %+g s)", self.name, addr, self.offset)


# --------------------------------------------------------------------------------------------
# HTTP Date
# --------------------------------------------------------------------------------------------

class DateHandler(http.server.BaseHTTPRequestHandler):
    server_version = "MailDoctorPeers/1"
    protocol_version = "HTTP/1.1"

    def _reply(self, with_body: bool):
        body = b"ok\n"
        self.send_response(200)   # adds Server and a correct Date header
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if with_body:
            self.wfile.write(body)
        self.close_connection = True

    def do_GET(self):
        self._reply(True)

    def do_HEAD(self):
        self._reply(False)

    def log_message(self, fmt, *args):
        log.info("http_date: %s %s", self.address_string(), fmt % args)


class QuietThreadingHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True


# --------------------------------------------------------------------------------------------
# Odoo XML-RPC stand-in
# --------------------------------------------------------------------------------------------

def _selection(pairs):
    return [list(p) for p in pairs]


def _field(name, ftype, string, **extra):
    attrs = {
        "name": name, "type": ftype, "string": string, "required": False, "readonly": False,
        "store": True, "searchable": True, "sortable": ftype not in ("many2many", "one2many",
                                                                       "binary", "text"),
        "groupable": ftype not in ("many2many", "one2many", "binary", "text"),
        "exportable": True, "manual": False, "company_dependent": False, "depends": [],
        "change_default": False,
    }
    attrs.update(extra)
    return name, attrs


AUDIT_FIELDS = [
    _field("id", "integer", "ID", readonly=True),
    _field("display_name", "char", "Display Name", readonly=True, store=False, sortable=False,
           groupable=False, searchable=False),
    _field("create_uid", "many2one", "Created by", readonly=True, relation="res.users"),
    _field("create_date", "datetime", "Created on", readonly=True),
    _field("write_uid", "many2one", "Last Updated by", readonly=True, relation="res.users"),
    _field("write_date", "datetime", "Last Updated on", readonly=True),
]

ODOO_FIELDS = {
    "ir.mail_server": dict(AUDIT_FIELDS + [
        _field("name", "char", "Name", required=True),
        _field("from_filter", "char", "FROM Filtering"),
        _field("smtp_host", "char", "SMTP Server"),
        _field("smtp_port", "integer", "SMTP Port"),
        _field("smtp_authentication", "selection", "Authenticate with", required=True,
               selection=_selection([("login", "Username"), ("certificate", "SSL Certificate"),
                                     ("cli", "Command Line Interface")])),
        _field("smtp_authentication_info", "text", "Authentication Info", store=False,
               readonly=True),
        _field("smtp_user", "char", "Username"),
        _field("smtp_pass", "char", "Password"),
        _field("smtp_encryption", "selection", "Connection Encryption", required=True,
               selection=_selection([("none", "None"), ("starttls", "TLS (STARTTLS)"),
                                     ("ssl", "SSL/TLS")])),
        _field("smtp_ssl_certificate", "binary", "SSL Certificate"),
        _field("smtp_ssl_private_key", "binary", "SSL Private Key"),
        _field("smtp_debug", "boolean", "Debugging"),
        _field("sequence", "integer", "Priority"),
        _field("active", "boolean", "Active"),
    ]),
    "mail.mail": dict(AUDIT_FIELDS + [
        _field("mail_message_id", "many2one", "Message", required=True, relation="mail.message"),
        _field("subject", "char", "Subject"),
        _field("email_from", "char", "From"),
        _field("reply_to", "char", "Reply-To"),
        _field("author_id", "many2one", "Author", relation="res.partner"),
        _field("body_html", "text", "Text Contents"),
        _field("references", "text", "References", readonly=True),
        _field("headers", "text", "Headers"),
        _field("is_notification", "boolean", "Notification Email"),
        _field("email_to", "text", "To"),
        _field("email_cc", "char", "Cc"),
        _field("recipient_ids", "many2many", "To (Partners)", relation="res.partner"),
        _field("state", "selection", "Status", readonly=True, selection=_selection([
            ("outgoing", "Outgoing"), ("sent", "Sent"), ("received", "Received"),
            ("exception", "Delivery Failed"), ("cancel", "Cancelled")])),
        _field("failure_type", "selection", "Failure type", selection=_selection([
            ("unknown", "Unknown error"), ("mail_email_invalid", "Invalid email address"),
            ("mail_email_missing", "Missing email"), ("mail_from_invalid", "Invalid from address"),
            ("mail_from_missing", "Missing from address"),
            ("mail_smtp", "Connection failed (outgoing mail server problem)"),
            ("mail_bl", "Blacklisted Address"), ("mail_optout", "Opted Out"),
            ("mail_dup", "Duplicated Email")])),
        _field("failure_reason", "text", "Failure Reason", readonly=True),
        _field("auto_delete", "boolean", "Auto Delete"),
        _field("scheduled_date", "datetime", "Scheduled Send Date"),
        _field("mail_server_id", "many2one", "Outgoing mail server", relation="ir.mail_server"),
        _field("message_id", "char", "Message-Id", readonly=True),
        _field("model", "char", "Related Document Model"),
        _field("res_id", "many2one_reference", "Related Document ID", model_field="model"),
        _field("date", "datetime", "Date", readonly=True),
        _field("fetchmail_server_id", "many2one", "Inbound Mail Server", readonly=True,
               relation="fetchmail.server"),
    ]),
    "ir.cron": dict(AUDIT_FIELDS + [
        _field("name", "char", "Action Name", required=True),
        _field("cron_name", "char", "Name", readonly=True),
        _field("ir_actions_server_id", "many2one", "Server action", required=True,
               relation="ir.actions.server"),
        _field("model_id", "many2one", "Model", required=True, relation="ir.model"),
        _field("code", "text", "Python Code"),
        _field("user_id", "many2one", "Scheduler User", required=True, relation="res.users"),
        _field("active", "boolean", "Active"),
        _field("interval_number", "integer", "Interval Number"),
        _field("interval_type", "selection", "Interval Unit", selection=_selection([
            ("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days"), ("weeks", "Weeks"),
            ("months", "Months")])),
        _field("numbercall", "integer", "Number of Calls"),
        _field("doall", "boolean", "Repeat Missed"),
        _field("nextcall", "datetime", "Next Execution Date", required=True),
        _field("lastcall", "datetime", "Last Execution Date"),
        _field("priority", "integer", "Priority"),
    ]),
    "ir.model.data": dict(AUDIT_FIELDS + [
        _field("name", "char", "External Identifier", required=True),
        _field("complete_name", "char", "Complete ID", store=False),
        _field("model", "char", "Model Name", required=True),
        _field("module", "char", "Module", required=True),
        _field("res_id", "many2one_reference", "Record ID", model_field="model"),
        _field("noupdate", "boolean", "Non Updatable"),
    ]),
    "ir.config_parameter": dict(AUDIT_FIELDS + [
        _field("key", "char", "Key", required=True),
        _field("value", "text", "Value", required=True),
    ]),
}

MAIL_CRON_ID = 12
ADMIN = [ODOO_UID, "Mitchell Admin"]
ROOT = [1, "OdooBot"]


def odoo_records() -> dict[str, list[dict]]:
    """The records the stand-in serves. The cron's dates follow the clock (a healthy cron)."""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, minute=0, second=0, microsecond=0)
    nextcall = (now + dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
    lastcall = now.strftime("%Y-%m-%d %H:%M:%S")
    created = "2024-05-02 08:15:00"
    audit = {"create_uid": ADMIN, "create_date": created, "write_uid": ADMIN,
             "write_date": created}
    failed_534 = (
        "Mail Delivery Failed\nMail delivery failed via SMTP server 'None'.\n"
        "SMTPAuthenticationError: (534, b'5.7.9 Application-specific password required. "
        "Learn more at https://support.google.com/mail/?p=InvalidSecondFactor')")
    failed_552 = (
        "Mail Delivery Failed\nMail delivery failed via SMTP server 'None'.\n"
        "SMTPDataError: (552, b'5.3.4 Your message exceeded Google\\'s message size limits.')")

    def mail(mid, msg_id, subject, reason, date):
        return dict(audit, **{
            "id": mid, "display_name": subject, "mail_message_id": [msg_id, subject],
            "subject": subject, "email_from": '"Mitchell Admin" <odoo@example.test>',
            "reply_to": '"YourCompany" <catchall@example.test>', "author_id": [3, "Mitchell Admin"],
            "body_html": f"<p>{subject}</p>",
            "references": False, "headers": False, "is_notification": False,
            "email_to": "customer@example.test", "email_cc": False, "recipient_ids": [],
            "state": "exception", "failure_type": "unknown", "failure_reason": reason,
            "auto_delete": True, "scheduled_date": False, "mail_server_id": [1, "Gmail"],
            "message_id": f"<{msg_id}.1714637700.{mid}@example.test>", "model": "sale.order",
            "res_id": 7, "date": date, "create_date": date, "write_date": date,
            "fetchmail_server_id": False,
        })

    return {
        "ir.mail_server": [dict(audit, **{
            "id": 1, "display_name": "Gmail", "name": "Gmail",
            "smtp_host": "smtp.gmail.com", "smtp_port": 465, "smtp_encryption": "starttls",
            "smtp_user": USER, "smtp_pass": "stored-secret-not-for-output",
            "from_filter": False, "smtp_authentication": "login",
            "smtp_authentication_info": "Connect to your server through your usual username "
                                        "and password. \nThis is the most basic SMTP "
                                        "authentication process and may not be accepted by "
                                        "all providers. \n",
            "smtp_ssl_certificate": False, "smtp_ssl_private_key": False, "smtp_debug": False,
            "sequence": 10, "active": True,
        })],
        "mail.mail": [
            mail(41, 101, "Quotation S00007", failed_534, "2024-06-03 09:12:44"),
            mail(42, 102, "Invoice INV/2024/00012", failed_552, "2024-06-03 09:13:05"),
        ],
        "ir.cron": [dict(audit, **{
            "id": MAIL_CRON_ID, "display_name": "Mail: Email Queue Manager",
            "name": "Mail: Email Queue Manager", "cron_name": "Mail: Email Queue Manager",
            "ir_actions_server_id": [94, "Mail: Email Queue Manager"],
            "model_id": [96, "Outgoing Mails"], "code": "model.process_email_queue()",
            "user_id": ROOT, "active": True, "interval_number": 1, "interval_type": "hours",
            "numbercall": -1, "doall": False, "nextcall": nextcall, "lastcall": lastcall,
            "priority": 5, "create_uid": ROOT, "write_uid": ROOT,
        })],
        "ir.model.data": [dict(audit, **{
            "id": 4242, "display_name": "mail.ir_cron_mail_scheduler_action",
            "name": "ir_cron_mail_scheduler_action",
            "complete_name": "mail.ir_cron_mail_scheduler_action", "model": "ir.cron",
            "module": "mail", "res_id": MAIL_CRON_ID, "noupdate": True,
            "create_uid": ROOT, "write_uid": ROOT,
        })],
        "ir.config_parameter": [
            dict(audit, id=i + 1, display_name=k, key=k, value=v)
            for i, (k, v) in enumerate([
                ("mail.catchall.domain", "example.test"),
                ("mail.default.from", "notifications"),
                ("mail.bounce.alias", "bounce"),
                ("mail.catchall.alias", "catchall"),
                ("web.base.url", "http://localhost:8069"),
            ])
        ],
    }


class OdooAccessDenied(Exception):
    pass


def _match_leaf(record: dict, leaf) -> bool:
    field, op, value = leaf
    if field not in record:
        raise ValueError(f"Invalid field {field!r} in leaf {tuple(leaf)!r}")
    have = record[field]
    if isinstance(have, list) and len(have) == 2 and isinstance(have[0], int):
        have = have[0]  # many2one compares by id
    op = op.lower()
    if op in ("=", "=="):
        return have == value
    if op in ("!=", "<>"):
        return have != value
    if op == "in":
        return have in (value or [])
    if op == "not in":
        return have not in (value or [])
    if op in ("like", "ilike", "=like", "=ilike"):
        text = str(have) if have is not False else ""
        if op.startswith("="):
            pattern = re.escape(str(value)).replace("%", ".*").replace("_", ".")
            return re.fullmatch(pattern, text, re.I if "i" in op else 0) is not None
        return (str(value).lower() in text.lower()) if op == "ilike" else (str(value) in text)
    if op in ("not like", "not ilike"):
        return not _match_leaf(record, (field, op[4:], value))
    if op in ("<", "<=", ">", ">="):
        if have is False:
            return False
        return {"<": have < value, "<=": have <= value, ">": have > value,
                ">=": have >= value}[op]
    raise ValueError(f"Invalid leaf {tuple(leaf)!r}")


def _match_domain(record: dict, domain) -> bool:
    """Evaluates an Odoo domain (prefix notation, implicit AND) on one record."""
    items = list(domain or [])

    def parse(i):
        item = items[i]
        if item == "!":
            ok, j = parse(i + 1)
            return not ok, j
        if item in ("&", "|"):
            a, j = parse(i + 1)
            b, k = parse(j)
            return (a and b) if item == "&" else (a or b), k
        if isinstance(item, (list, tuple)) and len(item) == 3:
            if list(item) in ([1, "=", 1], [0, "=", 1]):
                return item[0] == 1, i + 1
            return _match_leaf(record, item), i + 1
        raise ValueError(f"Invalid domain term {item!r}")

    i, result = 0, True
    while i < len(items):
        ok, i = parse(i)
        result = result and ok
    return result


class OdooCommon:
    """/xmlrpc/2/common (and the `common` service of /jsonrpc)"""

    def __init__(self, serie: str = "17.0"):
        self.serie = serie

    def version(self):
        major = int(self.serie.split(".")[0])
        return {"server_version": self.serie, "server_version_info": [major, 0, 0, "final", 0, ""],
                "server_serie": self.serie, "protocol_version": 1}

    def about(self, extended=False):
        info = "See http://openerp.com"
        return [info, "17.0"] if extended else info

    def authenticate(self, db, login, password, user_agent_env=None):
        check_db(db)
        ok = login == ODOO_LOGIN and password == ODOO_KEY
        log.info("odoo: authenticate(%r, %r, ***) -> %s", db, login, ODOO_UID if ok else False)
        return ODOO_UID if ok else False

    def login(self, db, login, password):
        return self.authenticate(db, login, password, {})


def check_db(db):
    if db != ODOO_DB:
        raise RuntimeError(
            f'psycopg2.OperationalError: connection to server on socket '
            f'"/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "{db}" does not exist')


class OdooObject:
    """/xmlrpc/2/object"""

    def execute_kw(self, db, uid, password, model, method, args=None, kwargs=None):
        check_db(db)
        if uid != ODOO_UID or password != ODOO_KEY:
            log.info("odoo: execute_kw(%r, %r, ***, %r, %r) -> Access Denied", db, uid, model, method)
            raise OdooAccessDenied()
        args, kwargs = list(args or []), dict(kwargs or {})
        log.info("odoo: execute_kw %s.%s args=%r kwargs=%r", model, method, args, kwargs)
        records = odoo_records()
        if model not in ODOO_FIELDS:
            raise KeyError(model)
        fields = ODOO_FIELDS[model]
        rows = records.get(model, [])
        context = kwargs.pop("context", {}) or {}

        def visible(domain):
            out = [r for r in rows if _match_domain(r, domain)]
            mentions_active = any(isinstance(t, (list, tuple)) and t and t[0] == "active"
                                  for t in (domain or []))
            if "active" in fields and context.get("active_test", True) and not mentions_active:
                out = [r for r in out if r.get("active", True)]
            return out

        def project(row, wanted):
            wanted = list(wanted or [])
            for name in wanted:
                if name not in fields:
                    raise ValueError(f"Invalid field {name!r} on model {model!r}")
            if not wanted:
                wanted = list(fields)
            out = {"id": row["id"]}
            for name in wanted:
                out[name] = row.get(name, False)
            return out

        def arg(index, key, default):
            if key in kwargs:
                return kwargs[key]
            return args[index] if len(args) > index else default

        def window(found):
            offset = arg(2, "offset", 0) or 0
            limit = arg(3, "limit", None)
            found = found[offset:]
            return found[:limit] if limit else found

        if method == "fields_get":
            allfields = arg(0, "allfields", None)
            attributes = arg(1, "attributes", None)
            names = allfields or list(fields)
            result = {}
            for name in names:
                if name in fields:
                    attrs = fields[name]
                    result[name] = ({k: v for k, v in attrs.items() if k in attributes}
                                    if attributes else dict(attrs))
            return result
        if method == "search_read":
            domain = arg(0, "domain", [])
            wanted = arg(1, "fields", None)
            return [project(r, wanted) for r in window(visible(domain))]
        if method == "search":
            return [r["id"] for r in window(visible(arg(0, "domain", [])))]
        if method == "search_count":
            return len(visible(arg(0, "domain", [])))
        if method == "read":
            ids = arg(0, "ids", [])
            ids = [ids] if isinstance(ids, int) else list(ids)
            wanted = arg(1, "fields", None)
            by_id = {r["id"]: r for r in rows}
            missing = [i for i in ids if i not in by_id]
            if missing:
                raise RuntimeError(f"Record does not exist or has been deleted.\n"
                                   f"(Record: {model}({missing[0]},), User: {ODOO_UID})")
            return [project(by_id[i], wanted) for i in ids]
        if method == "check_access_rights":
            return True
        if method == "check_object_reference" and model == "ir.model.data":
            module, xml_id = args[0], args[1]
            for r in rows:
                if r["module"] == module and r["name"] == xml_id:
                    return [r["model"], r["res_id"]]
            raise ValueError(f"External ID not found in the system: {module}.{xml_id}")
        if method == "get_param" and model == "ir.config_parameter":
            key = args[0]
            for r in rows:
                if r["key"] == key:
                    return r["value"]
            return arg(1, "default", False)
        raise AttributeError(f"The method '{method}' does not exist on the model '{model}'")


class OdooDb:
    """/xmlrpc/2/db"""

    def list(self, document=False):
        return [ODOO_DB]

    def server_version(self):
        return "17.0"


class OdooDispatcher(xmlrpc.server.SimpleXMLRPCDispatcher):
    """Dispatches to one service object and turns exceptions into faults like Odoo 17's
    xmlrpc_handle_exception_int: AccessDenied -> Fault(3, 'Access Denied'), anything else ->
    Fault(1, <formatted traceback>)."""

    def __init__(self, service):
        super().__init__(allow_none=False, encoding=None)  # Odoo never marshals None
        self.service = service

    def _dispatch(self, method, params):
        func = getattr(self.service, method, None) if not method.startswith("_") else None
        try:
            if func is None:
                raise KeyError(method)
            return func(*params)
        except OdooAccessDenied:
            raise xmlrpc.client.Fault(3, "Access Denied")
        except xmlrpc.client.Fault:
            raise
        except Exception:
            raise xmlrpc.client.Fault(1, traceback.format_exc())


def _odoo_error(name: str, message: str, debug: str = "") -> dict:
    """The `error` member Odoo's JSON-RPC dispatcher sends (odoo/http.py, serialize_exception)."""
    return {"code": 200, "message": "Odoo Server Error",
            "data": {"name": name, "debug": debug, "message": message, "arguments": [message],
                     "context": {}}}


class OdooRequestHandler(xmlrpc.server.SimpleXMLRPCRequestHandler):
    """XML-RPC as before, and Odoo's JSON endpoints: /jsonrpc (14-21), /web/webclient/version_info,
    and, on a 19.0 server, /json/2/<model>/<method> with `Authorization: bearer <API key>`."""
    rpc_paths = ("/xmlrpc/2/common", "/xmlrpc/2/object", "/xmlrpc/2/db")

    def log_message(self, fmt, *args):
        log.info("odoo: %s %s", self.address_string(), fmt % args)

    def send_json(self, status: int, payload) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        path = self.path.split("?")[0]
        if path not in ("/jsonrpc", "/web/webclient/version_info") and not path.startswith("/json/2/"):
            if not self.server.xmlrpc_enabled:
                return self.send_json(404, {"name": "werkzeug.exceptions.NotFound", "message": "Not Found"})
            return super().do_POST()
        length = int(self.headers.get("Content-Length") or 0)
        try:
            request = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return self.send_json(400, {"name": "werkzeug.exceptions.BadRequest", "message": "Invalid JSON data"})
        common, objects = self.server.services["common"], self.server.services["object"]
        if path == "/web/webclient/version_info":
            return self.send_json(200, {"jsonrpc": "2.0", "id": request.get("id"), "result": common.version()})
        if path == "/jsonrpc":
            params = request.get("params") or {}
            service = self.server.services.get(params.get("service"))
            method = params.get("method", "")
            func = getattr(service, method, None) if service and not method.startswith("_") else None
            try:
                if func is None:
                    raise KeyError(method)
                result = func(*(params.get("args") or []))
                return self.send_json(200, {"jsonrpc": "2.0", "id": request.get("id"), "result": result})
            except OdooAccessDenied:
                error = _odoo_error("odoo.exceptions.AccessDenied", "Access Denied")
            except Exception as exc:
                error = _odoo_error(type(exc).__module__ + "." + type(exc).__name__, str(exc),
                                    traceback.format_exc())
            return self.send_json(200, {"jsonrpc": "2.0", "id": request.get("id"), "error": error})
        # /json/2/<model>/<method>: Odoo 19 and later only.
        if int(common.serie.split(".")[0]) < 19:
            return self.send_json(404, {"name": "werkzeug.exceptions.NotFound", "message": "Not Found"})
        _, _, _, model, method = path.split("/", 4)
        auth = self.headers.get("Authorization", "")
        if not auth.lower().startswith("bearer ") or auth[7:].strip() != ODOO_KEY:
            return self.send_json(401, {"name": "werkzeug.exceptions.Unauthorized", "message": "Invalid apikey"})
        database = self.headers.get("X-Odoo-Database", ODOO_DB)
        try:
            result = objects.execute_kw(database, ODOO_UID, ODOO_KEY, model, method, [], request)
            return self.send_json(200, result)
        except Exception as exc:
            return self.send_json(422, {"name": type(exc).__name__, "message": str(exc)})


class OdooXmlRpcServer(socketserver.ThreadingMixIn, xmlrpc.server.MultiPathXMLRPCServer):
    """Odoo 17.0 over HTTP (XML-RPC and /jsonrpc), or, with a TLS context, Odoo 19.0 over HTTPS
    (no XML-RPC; /jsonrpc and /json/2)."""
    daemon_threads = True

    def __init__(self, addr, serie: str = "17.0", tls_context: ssl.SSLContext | None = None):
        super().__init__(addr, requestHandler=OdooRequestHandler, logRequests=True,
                         allow_none=False)
        self.services = {"common": OdooCommon(serie), "object": OdooObject(), "db": OdooDb()}
        self.xmlrpc_enabled = tls_context is None
        for path, name in (("/xmlrpc/2/common", "common"), ("/xmlrpc/2/object", "object"),
                           ("/xmlrpc/2/db", "db")):
            self.add_dispatcher(path, OdooDispatcher(self.services[name]))
        if tls_context is not None:
            self.socket = tls_context.wrap_socket(self.socket, server_side=True)


# --------------------------------------------------------------------------------------------
# DNS (dnsmasq)
# --------------------------------------------------------------------------------------------

GOOD_SPF = "v=spf1 include:_spf.google.com ~all"
GOOD_DKIM = ("v=DKIM1; k=rsa; p=%s" % "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAlvuH6+yFg+J83X/O8t3/4bB0wTyKwya4NNX5ZVPdMscc4X8ob1LmfrMri0hJm6lHzfU+7iMSAIfnYcrUVkykNEyfPI4XSc3rlEE08FEWNnFFn7+2o4ifNBba0NxkBC7ypHuNoxPdSfHewEPyeoLW7mESzGCzpfdGWjLC1UMhzFN1DKdsIvB+mB8wx5AJQdvZsCklCBpd+YjLKB/Zbov3bF7ZpYbbtBYRhKqNxuh/DcIJfO1E8fqq5kQ0ve1qJkknXeAjQJkjIykujeLtOitispp1b4wjDu7lzqimicwAbomSCeVvFl3e7xq603WItUx5xtlx15ymVmzVCCCGgQ3N/wIDAQAB")
TOOMANY = [chr(ord("a") + i) for i in range(12)]   # a..l -> 12 lookups

TXT_RECORDS = [
    ("good.test", GOOD_SPF),
    ("_dmarc.good.test", "v=DMARC1; p=reject; rua=mailto:d@good.test"),
    # A real 2048-bit RSA key (SubjectPublicKeyInfo), in two strings: a TXT string holds 255
    # bytes at most (dnsmasq makes one string of each comma-separated part).
    ("google._domainkey.good.test", "%s,%s" % (GOOD_DKIM[:200], GOOD_DKIM[200:])),
    # test copies of Google's SPF chain (--local=/google.com/ keeps the rest of google.com local)
    ("_spf.google.com", "v=spf1 include:_netblocks.google.com ~all"),
    ("_netblocks.google.com", "v=spf1 ip4:35.190.247.0/24 ~all"),
    ("noinclude.test", "v=spf1 ip4:203.0.113.5 -all"),
    ("_dmarc.noinclude.test", "v=DMARC1; p=none"),
    ("toomany.test", "v=spf1 " + " ".join(f"include:{c}.toomany.test" for c in TOOMANY) + " -all"),
    *[(f"{c}.toomany.test", f"v=spf1 ip4:192.0.2.{i + 1} -all") for i, c in enumerate(TOOMANY)],
    # a: names that do not exist are void lookups (an include of one would be a permerror).
    ("voids.test", "v=spf1 a:missing1.voids.test a:missing2.voids.test "
                   "a:missing3.voids.test -all"),
    ("multi.test", "v=spf1 ip4:192.0.2.10 -all"),
    ("multi.test", GOOD_SPF),
    ("plusall.test", "v=spf1 +all"),
    ("nodkim.test", GOOD_SPF),
    ("_dmarc.nodkim.test", "v=DMARC1; p=quarantine"),
]
# Every test domain gets an MX (to mx.good.test) so that each one has only its intended defect.
MX_RECORDS = [("good.test", "mx.good.test", 10), ("nospf.test", "mx.good.test", 10)] + [
    (d, "mx.good.test", 10) for d in ("noinclude.test", "toomany.test", "voids.test",
                                      "multi.test", "plusall.test", "nodkim.test")]
HOST_RECORDS = [("smtp.good.test", HOST), ("mx.good.test", HOST)]


def free_port_tcp_udp() -> int:
    """A port free for both UDP and TCP on 127.0.0.1 right now (for dnsmasq)."""
    for _ in range(50):
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind((HOST, 0))
        port = u.getsockname()[1]
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            t.bind((HOST, port))
            return port
        except OSError:
            continue
        finally:
            t.close()
            u.close()
    raise RuntimeError("no free port for dnsmasq")


def dnsmasq_command(state: Path, port: int) -> list[str]:
    cmd = [
        "dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
        "--no-poll", "--listen-address=" + HOST, "--bind-interfaces", f"--port={port}",
        "--local=/test/", "--local=/google.com/", f"--pid-file={state / 'dnsmasq.pid'}",
        "--log-facility=-", "--log-queries", "--cache-size=0",
    ]
    if os.geteuid() == 0:
        cmd.append("--user=root")   # keep file access simple; it only binds 127.0.0.1
    for name, text in TXT_RECORDS:
        cmd.append(f"--txt-record={name},{text}")
    for name, target, pref in MX_RECORDS:
        cmd.append(f"--mx-host={name},{target},{pref}")
    for name, addr in HOST_RECORDS:
        cmd.append(f"--host-record={name},{addr}")
    return cmd


def dns_query(port: int, name: str, qtype: int, timeout: float = 1.0) -> bytes:
    qid = random.randrange(65536)
    q = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    q += b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    q += struct.pack("!HH", qtype, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(q, (HOST, port))
        data, _ = s.recvfrom(4096)
    return data


def stop_stale_dnsmasq(state: Path) -> None:
    pid_file = state / "dnsmasq.pid"
    try:
        pid = int(pid_file.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except (OSError, ValueError):
        return
    if "dnsmasq" in cmdline and str(state) in cmdline:
        log.warning("stopping a dnsmasq left over from an earlier run (pid %d)", pid)
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        for _ in range(50):
            if not Path(f"/proc/{pid}").exists():
                break
            time.sleep(0.1)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class Peers:
    def __init__(self, state: Path):
        self.state = state
        self.servers: list[asyncio.AbstractServer] = []
        self.transports: list[asyncio.BaseTransport] = []
        self.threads: list[tuple[socketserver.BaseServer, threading.Thread]] = []
        self.dnsmasq: subprocess.Popen | None = None
        self.closed_socket: socket.socket | None = None
        self.manifest_path = state / "peers.json"

    async def start(self) -> dict:
        loop = asyncio.get_running_loop()
        state = self.state
        certs = make_certificates(state)
        contexts = {k: server_context(*v) for k, v in certs.items() if k != "ca"}
        data_log_path = state / "data-received.log"
        data_log_path.write_text("")
        data_log = DataLog(data_log_path)
        mailbox = Mailbox(state / "mailbox")
        PeerSMTP = build_smtp_classes()

        smtp: dict[str, dict] = {}

        async def listen(factory, ssl_ctx=None) -> int:
            server = await loop.create_server(factory, HOST, 0, ssl=ssl_ctx,
                                              ssl_handshake_timeout=30 if ssl_ctx else None)
            self.servers.append(server)
            return server.sockets[0].getsockname()[1]

        for p in SMTP_PROFILES:
            ctx = contexts[p.cert] if p.tls != "none" else None
            port = await listen(
                (lambda p=p, ctx=ctx: PeerSMTP(p, data_log, ctx, loop, mailbox if p.accept_data else None)),
                ctx if p.tls == "implicit" else None)
            smtp[p.name] = {"host": HOST, "port": port, "security": p.security}
            log.info("smtp %s listening on %s:%d (%s)", p.name, HOST, port, p.security)
        for name, security, cls in RAW_PEERS:
            port = await listen(cls)
            smtp[name] = {"host": HOST, "port": port, "security": security}
            log.info("smtp %s (raw) listening on %s:%d", name, HOST, port)

        # A port where nothing listens: bound (so nobody else gets it) but never listening,
        # so a connect() is refused by the kernel with RST.
        self.closed_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.closed_socket.bind((HOST, 0))
        closed_port = self.closed_socket.getsockname()[1]

        sntp = {}
        for name, offset in (("ok", 0), ("skewed", 3600)):
            transport, _ = await loop.create_datagram_endpoint(
                lambda name=name, offset=offset: SntpServer(name, offset), local_addr=(HOST, 0))
            self.transports.append(transport)
            port = transport.get_extra_info("sockname")[1]
            sntp[name] = {"port": port, "offset_seconds": offset}
            log.info("sntp %s listening on udp %s:%d", name, HOST, port)

        http_server = QuietThreadingHTTPServer((HOST, 0), DateHandler)
        odoo_server = OdooXmlRpcServer((HOST, 0))
        odoo19_server = OdooXmlRpcServer((HOST, 0), serie="19.0",
                                         tls_context=server_context(*certs["good"]))
        for srv in (http_server, odoo_server, odoo19_server):
            t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2},
                                 daemon=True)
            t.start()
            self.threads.append((srv, t))
        http_port = http_server.server_address[1]
        odoo_port = odoo_server.server_address[1]
        log.info("http_date on %d, odoo on %d", http_port, odoo_port)

        dns_port = await loop.run_in_executor(None, self.start_dnsmasq)

        return {
            "ca_file": str(certs["ca"][0]),
            "user": USER,
            "password": PASSWORD,
            "smtp": smtp,
            "closed_port": closed_port,
            "dns": {"server": HOST, "port": dns_port},
            "odoo": {"url": f"http://{HOST}:{odoo_port}", "db": ODOO_DB, "login": ODOO_LOGIN,
                     "api_key": ODOO_KEY},
            "odoo19": {"url": f"https://localhost:{odoo19_server.server_address[1]}", "db": ODOO_DB,
                       "login": ODOO_LOGIN, "api_key": ODOO_KEY},
            "sntp": sntp,
            "http_date": {"url": f"http://{HOST}:{http_port}/"},
            "data_log": str(data_log_path),
            "mailbox": str(mailbox.path),
        }

    def start_dnsmasq(self) -> int:
        stop_stale_dnsmasq(self.state)
        log_file = open(self.state / "peers.log", "ab")
        last_error = "dnsmasq did not start"
        for attempt in range(5):
            port = free_port_tcp_udp()
            cmd = dnsmasq_command(self.state, port)
            log.info("starting dnsmasq: %s", " ".join(cmd))
            try:
                proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log_file,
                                        stderr=log_file, start_new_session=True)
            except FileNotFoundError:
                raise RuntimeError("dnsmasq is not installed (apt-get install -y dnsmasq)")
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    last_error = f"dnsmasq exited with status {proc.returncode}"
                    break
                try:
                    reply = dns_query(port, "good.test", 16, timeout=0.3)
                    if reply and (reply[3] & 0x0F) == 0:
                        self.dnsmasq = proc
                        log.info("dnsmasq (pid %d) answering on %s:%d", proc.pid, HOST, port)
                        log_file.close()
                        return port
                except OSError:
                    time.sleep(0.1)
            else:
                last_error = "dnsmasq did not answer within 10 s"
                proc.terminate()
                proc.wait(5)
            log.warning("dnsmasq attempt %d failed: %s", attempt + 1, last_error)
        log_file.close()
        raise RuntimeError(last_error)

    async def stop(self) -> None:
        try:
            self.manifest_path.unlink()
        except FileNotFoundError:
            pass
        for server in self.servers:
            server.close()
        for transport in self.transports:
            transport.close()
        for srv, t in self.threads:
            srv.shutdown()
            srv.server_close()
        if self.dnsmasq is not None and self.dnsmasq.poll() is None:
            self.dnsmasq.terminate()
            try:
                self.dnsmasq.wait(5)
            except subprocess.TimeoutExpired:
                self.dnsmasq.kill()
                self.dnsmasq.wait(5)
            log.info("dnsmasq stopped")
        if self.closed_socket is not None:
            self.closed_socket.close()
        # connections still open (hostile peers, idle SMTP sessions) end with the process
        for server in self.servers:
            try:
                await asyncio.wait_for(server.wait_closed(), 0.5)
            except (asyncio.TimeoutError, Exception):
                pass


async def amain(state: Path) -> int:
    peers = Peers(state)
    stop_event = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop_event.set)
    try:
        manifest = await peers.start()
    except Exception:
        log.exception("start-up failed")
        await peers.stop()
        return 1
    write_atomically(peers.manifest_path, json.dumps(manifest, indent=2) + "\n")
    log.info("all peers listening; manifest written to %s", peers.manifest_path)
    await stop_event.wait()
    log.info("stopping")
    await peers.stop()
    log.info("stopped")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR,
                        help=f"state directory (default {DEFAULT_DIR})")
    opts = parser.parse_args()
    state: Path = opts.dir.resolve()
    state.mkdir(parents=True, exist_ok=True)
    try:
        (state / "peers.json").unlink()   # never leave a stale manifest visible
    except FileNotFoundError:
        pass
    logging.basicConfig(
        filename=str(state / "peers.log"), level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    mail_log = logging.getLogger("mail.log")   # aiosmtpd's transcript logger
    mail_log.setLevel(logging.INFO)
    mail_log.addFilter(lambda r: not any(t in r.getMessage() for t in (
        "auth_require_tls == False", "login_data is deprecated", "Available AUTH mechanisms")))
    (state / "peers.pid").write_text(f"{os.getpid()}\n")
    log.info("peers.py starting (pid %d, dir %s)", os.getpid(), state)
    code = asyncio.run(amain(state))
    try:
        if (state / "peers.pid").read_text().strip() == str(os.getpid()):
            (state / "peers.pid").unlink()
    except OSError:
        pass
    logging.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
