#!/usr/bin/env python3
"""Log scan: `mail-doctor scan --format json` on a generated Odoo log with realistic noise,
against issue #16's grep, alternately in one run, median of RUNS runs each, with the peak RSS
of both.

    swift build -c release --product mail-doctor
    python3 Benchmarks/scan_bench.py [size-MB] [runs]      # defaults: 300 MB, 5 runs

The reference is exactly

    grep -E -c 'smtplib\\.|ssl\\.SSLError|ConnectionRefusedError|TimeoutError|Mail Delivery Failed|failed sending mail' LOG

The log is written once (to /tmp, named by generator version and size) and reused. Its failures
vary the way real ones do: Odoo mail ids, Gmail's per-message session tokens, Microsoft's
diagnostic trailer (front-end server, time, id), several errors and workers, and rotations
concatenated out of time order. The generator counts the failure records it writes; the script
fails unless scan reports exactly that many, and the earliest and latest failure times, so
speed is never bought with missed records.
"""
import json, os, random, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "mail-doctor")
SIZE_MB = int(sys.argv[1]) if len(sys.argv) > 1 else 300
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
GENERATOR = 2
LOG = f"/tmp/mail-doctor-bench-v{GENERATOR}-{SIZE_MB}MB.log"
EXPECTED = LOG + ".expected.json"
GREP = ["grep", "-E", "-c",
        r"smtplib\.|ssl\.SSLError|ConnectionRefusedError|TimeoutError|Mail Delivery Failed|failed sending mail"]
# The failure records' headers, for a count by grep that does not depend on scan.
FAILURE_HEADERS = [
    "grep", "-E", "-c",
    r"^[0-9-]{10} [0-9:,]{12} [0-9]+ (ERROR [^ ]+ odoo\.addons\.mail\.models\.mail_mail: failed sending mail"
    r"|INFO [^ ]+ odoo\.addons\.base\.models\.ir_mail_server: Mail delivery failed)"]
# How often a line starts a failure record (about 5,000 failures in 300 MB).
FAILURE_RATE = 0.002

NOISE = [
    (40, ["{t} {pid} INFO {db} werkzeug: 10.0.{a}.{b} - - [{web}] \"POST /web/dataset/call_kw/res.partner/web_search_read HTTP/1.1\" 200 - {q} 0.0{a} 0.0{b}"]),
    (10, ["{t} {pid} INFO {db} werkzeug: 10.0.{a}.{b} - - [{web}] \"GET /web/image/product.template/{n}/image_128 HTTP/1.1\" 304 - 3 0.002 0.004"]),
    (8, ["{t} {pid} INFO {db} odoo.addons.base.models.ir_cron: Starting job `Mail: Email Queue Manager`."]),
    (8, ["{t} {pid} INFO {db} odoo.addons.base.models.ir_cron: Job `Mail: Email Queue Manager` done."]),
    (6, ["{t} {pid} DEBUG {db} odoo.models: read {n} records of sale.order"]),
    (4, ["{t} {pid} WARNING {db} odoo.addons.stock.models.stock_move: Quantity {n} exceeds the reserved quantity"]),
    (10, ["{t} {pid} INFO {db} odoo.addons.mail.models.mail_mail: Mail with ID {n} and Message-Id '<{n}.{q}-openerp-{n}-mail.mail@odoo{a}>' successfully sent"]),
    (2, ["{t} {pid} INFO {db} odoo.addons.mail.models.mail_thread: Routing mail from \"Partner {n}\" <partner{n}@example.com> to catchall@example.com with Message-Id <{q}@mail.example.com>: direct reply to msg: model: sale.order, thread_id: {n}"]),
    (1, ["{t} {pid} WARNING {db} odoo.addons.mail.models.mail_render_mixin: Failed to render template: <mail.template({n},)> using default values"]),
    (1, ["{t} {pid} ERROR {db} odoo.http: Exception during request handling.",
         "Traceback (most recent call last):",
         "  File \"/usr/lib/python3/dist-packages/odoo/http.py\", line 2175, in __call__",
         "    response = request._serve_db()",
         "  File \"/usr/lib/python3/dist-packages/odoo/models.py\", line 5301, in ensure_one",
         "    raise ValueError(\"Expected singleton: %s\" % self)",
         "ValueError: Expected singleton: res.partner({n}, {q})"]),
    (1, ["{t} {pid} INFO {db} odoo.addons.base.models.ir_attachment: _read_file reading /var/lib/odoo/filestore/{db}/{a}/{n}"]),
]
TRACEBACK = [
    "Traceback (most recent call last):",
    "  File \"/usr/lib/python3/dist-packages/odoo/addons/mail/models/mail_mail.py\", line 520, in _send",
    "    res = IrMailServer.send_email(",
    "  File \"/usr/lib/python3/dist-packages/odoo/addons/base/models/ir_mail_server.py\", line 683, in send_email",
    "    smtp.send_message(message, smtp_from, smtp_to_list)",
]
FAILED = "{t} {pid} ERROR {db} odoo.addons.mail.models.mail_mail: failed sending mail (id: {n}) due to "
DELIVERY = "{t} {pid} INFO {db} odoo.addons.base.models.ir_mail_server: Mail delivery failed via SMTP server '{host}'."
FAILURES = [
    (30, [FAILED + "Mail Delivery Failed"] + TRACEBACK +
     ["smtplib.SMTPAuthenticationError: (535, b'5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [{ms}.eurprd0{r}.prod.outlook.com {iso} {hex}]')"]),
    (20, [FAILED + "Mail Delivery Failed"] + TRACEBACK +
     ["smtplib.SMTPAuthenticationError: (534, b'5.7.9 Application-specific password required. Learn more at\\n5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor {gmail} - gsmtp')"]),
    (10, [FAILED + "Mail Delivery Failed"] + TRACEBACK +
     ["smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted. For more information, go to\\n5.7.8  https://support.google.com/mail/?p=BadCredentials {gmail} - gsmtp')"]),
    (8, [FAILED + "Mail Delivery Failed"] + TRACEBACK +
     ["smtplib.SMTPDataError: (550, b'5.4.5 Daily user sending limit exceeded. For more information on Gmail\\n5.4.5 sending limits go to\\n5.4.5  https://support.google.com/a/answer/166852 {gmail} - gsmtp')"]),
    (10, [FAILED + "[Errno 111] Connection refused"]),
    (6, [DELIVERY.replace("{host}", "smtp.example.com"), "TimeoutError: timed out"]),
    (6, [DELIVERY.replace("{host}", "mail.example.com"),
         "SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)"]),
    (5, [DELIVERY.replace("{host}", "smtp.gmail.com"),
         "SMTPDataError: (552, b'5.3.4 Your message exceeded Google\\'s message size limits. For more information, visit\\n5.3.4  https://support.google.com/mail/?p=MaxSizeError {gmail} - gsmtp')"]),
    (5, [FAILED + "Mail Delivery Failed"] + TRACEBACK +
     ["smtplib.SMTPRecipientsRefused: {{'{rcpt}@example.org': (550, b'5.1.1 <{rcpt}@example.org>: Recipient address rejected: User unknown in virtual mailbox table')}}"]),
]
# The same few wrong addresses bounce again and again (a campaign retried, a contact list).
BOUNCING = [f"{name}{n}" for name in ("info", "sales", "j.smith", "contact", "noreply") for n in ("", "1", "2", "-old")]
WORKERS = [2811, 2812, 2813, 2814, 2815, 2816, 2817, 2818]
# Rotations concatenated out of time order: odoo.log.2, odoo.log.1, odoo.log (then one more).
ROTATIONS = [2, 0, 1, 3]


def pick(rng, weighted):
    return rng.choices([item for _, item in weighted], weights=[w for w, _ in weighted])[0]


def values(rng, when):
    seconds = int(when)
    t = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds)) + ",%03d" % int((when - seconds) * 1000)
    alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
    gmail = (rng.choice(["d9443c01a7336-", "5b1f17b1804b1-", "98e67ed59e1d1-", ""]) +
             "".join(rng.choice("0123456789abcdef") for _ in range(rng.randint(2, 11))) + "sm" +
             str(rng.randint(1000000, 99999999)) + "".join(rng.choice(alnum) for _ in range(rng.randint(1, 4))) +
             "." + str(rng.randint(1, 99)))
    ms = (rng.choice(["AM0PR", "DB9PR", "MN2PR", "SN7PR", "VI1P"]) + "%02d" % rng.randint(1, 99) +
          rng.choice(["CA", "MB"]) + "%04d" % rng.randint(0, 9999))
    return dict(
        t=t, pid=rng.choice(WORKERS), db="prod", n=rng.randint(1, 999999), q=rng.randint(1, 9999),
        a=rng.randint(0, 255), b=rng.randint(0, 255), web=time.strftime("%d/%b/%Y %H:%M:%S", time.gmtime(seconds)),
        gmail=gmail, ms=ms, rcpt=rng.choice(BOUNCING), r=rng.randint(1, 9), hex="".join(rng.choice("0123456789ABCDEF") for _ in range(16)),
        iso=time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + ".%03dZ" % rng.randint(0, 999))


def generate():
    if os.path.exists(LOG) and os.path.exists(EXPECTED):
        return json.load(open(EXPECTED))
    rng = random.Random(16)
    target = SIZE_MB * 1024 * 1024
    per_rotation = target // len(ROTATIONS)
    failures, first, last = 0, None, None
    with open(LOG + ".tmp", "w") as out:
        for rotation in ROTATIONS:
            # Each rotation covers its own day; workers interleave, so lines a few hundred
            # milliseconds apart are not in time order either.
            clock = 1700000000 + rotation * 86400.0
            written = 0
            while written < per_rotation:
                lines = []
                for _ in range(2000):
                    clock += rng.random() * 0.05
                    v = values(rng, max(clock - rng.random() * 0.3, 0))
                    if rng.random() < FAILURE_RATE:
                        lines += [line.format(**v) for line in pick(rng, FAILURES)]
                        failures += 1
                        stamp = v["t"][:19]
                        first = stamp if first is None or stamp < first else first
                        last = stamp if last is None or stamp > last else last
                    else:
                        lines += [line.format(**v) for line in pick(rng, NOISE)]
                chunk = "\n".join(lines) + "\n"
                out.write(chunk)
                written += len(chunk)
    os.rename(LOG + ".tmp", LOG)
    expected = dict(generator=GENERATOR, failures=failures, first=first, last=last)
    json.dump(expected, open(EXPECTED, "w"))
    return expected


def measured(argv):
    """Elapsed seconds, peak RSS in MiB, stdout; the child is reaped with wait4 for its rusage.
    Output goes to a pipe and is read: with stdout on /dev/null GNU grep stops at the first match."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{argv[0]} exited with {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_maxrss / 1024, out


def main():
    if not os.path.exists(BIN):
        sys.exit("build first: swift build -c release --product mail-doctor")
    expected = generate()
    size = os.path.getsize(LOG) / (1024 * 1024)
    grep, scan, grep_rss, scan_rss = [], [], [], []
    matching, report = None, None
    for _ in range(RUNS):
        t, rss, out = measured(GREP + [LOG])
        grep.append(t)
        grep_rss.append(rss)
        matching = out.decode().strip()
        t, rss, out = measured([BIN, "scan", "--format", "json", LOG])
        scan.append(t)
        scan_rss.append(rss)
        report = json.loads(out)
    found = report["failures"]
    headers = int(subprocess.run(FAILURE_HEADERS + [LOG], capture_output=True, text=True).stdout)
    first = min(group["first"] for group in report["groups"])
    last = max(group["last"] for group in report["groups"])
    g, s = statistics.median(grep), statistics.median(scan)
    print(f"log: {LOG}, {size:.0f} MiB, {report['lines']} lines, {report['records']} records")
    print(f"runs: {RUNS} each, alternating")
    print(f"grep -E -c : median {g:6.3f} s ({size / g:5.0f} MiB/s), peak RSS {max(grep_rss):5.1f} MiB, "
          f"matching lines: {matching}")
    print(f"scan       : median {s:6.3f} s ({size / s:5.0f} MiB/s), peak RSS {max(scan_rss):5.1f} MiB, "
          f"failures: {found} in {len(report['groups'])} groups")
    print(f"all runs   : grep {' '.join(f'{x:.3f}' for x in grep)}; scan {' '.join(f'{x:.3f}' for x in scan)}")
    print(f"ratio      : {s / g:.2f}x   target <= 1.5x")
    for group in report["groups"]:
        print(f"  {group['count']:6d}  {group['cause']}  {group['first']} .. {group['last']}")
    problems = []
    if found != expected["failures"]:
        problems.append(f"scan found {found} failures, the generator wrote {expected['failures']}")
    if headers != expected["failures"]:
        problems.append(f"grep counts {headers} failure headers, the generator wrote {expected['failures']}")
    if (first, last) != (expected["first"], expected["last"]):
        problems.append(f"scan's times {first} .. {last}, the generator's {expected['first']} .. {expected['last']}")
    if problems:
        sys.exit("FAIL: " + "; ".join(problems))
    print(f"check      : {found} failures (grep counts {headers} failure headers) and {first} .. {last}, as generated")


if __name__ == "__main__":
    main()
