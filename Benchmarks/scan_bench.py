#!/usr/bin/env python3
"""Log scan: `mail-doctor scan` on a generated Odoo log with realistic noise, against `grep -E`
with the same record pattern (the header of a mail logger's record), alternately in one run.

    swift build -c release --product mail-doctor
    python3 Benchmarks/scan_bench.py [size-MB] [runs]
"""
import os, random, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "mail-doctor")
SIZE_MB = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
LOG = f"/tmp/mail-doctor-bench-{SIZE_MB}MB.log"
# The same pattern the scanner applies to every line: a record header whose logger mentions mail.
PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2},[0-9]+ +[0-9]+ +[A-Z]+ +[^ ]+ +[^ :]*mail[^ :]*:"

NOISE = [
    "{t} {pid} INFO {db} werkzeug: 10.0.0.{n} - - [{t}] \"POST /web/dataset/call_kw/res.partner/web_search_read HTTP/1.1\" 200 - 12 0.015 0.031",
    "{t} {pid} INFO {db} odoo.addons.base.models.ir_cron: Starting job `Mail: Email Queue Manager`.",
    "{t} {pid} INFO {db} odoo.addons.base.models.ir_cron: Job `Mail: Email Queue Manager` done.",
    "{t} {pid} DEBUG {db} odoo.models: read {n} records of sale.order",
    "{t} {pid} WARNING {db} odoo.addons.stock.models.stock_move: Quantity {n} exceeds the reserved quantity",
    "{t} {pid} INFO {db} odoo.addons.mail.models.mail_mail: Mail with ID {n} and Message-Id '<{n}@example.test>' successfully sent",
]
FAILURES = [
    ["{t} {pid} ERROR {db} odoo.addons.mail.models.mail_mail: failed sending mail (id: {n}) due to Mail Delivery Failed",
     "Traceback (most recent call last):",
     "  File \"/opt/odoo/odoo/addons/base/models/ir_mail_server.py\", line 601, in send_email",
     "    smtp.send_message(message, smtp_from, smtp_to_list)",
     "smtplib.SMTPAuthenticationError: (535, b'5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.')"],
    ["{t} {pid} INFO {db} odoo.addons.base.models.ir_mail_server: Mail delivery failed via SMTP server 'None'.",
     "SMTPDataError: (552, b'5.3.4 Your message exceeded Google\\'s message size limits.')"],
    ["{t} {pid} ERROR {db} odoo.addons.mail.models.mail_mail: failed sending mail (id: {n}) due to [Errno 111] Connection refused"],
]


def generate():
    if os.path.exists(LOG) and os.path.getsize(LOG) >= SIZE_MB * 1024 * 1024:
        return
    rng = random.Random(7)
    target = SIZE_MB * 1024 * 1024
    written = 0
    with open(LOG, "w") as out:
        second = 0
        while written < target:
            lines = []
            for _ in range(2000):
                second += 1
                t = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(1700000000 + second)) + ",%03d" % (second % 1000)
                values = dict(t=t, pid=4000 + second % 7, db="prod", n=rng.randint(1, 99999))
                if rng.random() < 0.002:
                    lines += [l.format(**values) for l in rng.choice(FAILURES)]
                else:
                    lines.append(rng.choice(NOISE).format(**values))
            chunk = "\n".join(lines) + "\n"
            out.write(chunk)
            written += len(chunk)


def timed(argv):
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, out


def main():
    generate()
    size = os.path.getsize(LOG) / (1024 * 1024)
    grep, scan, scan_rss = [], [], []
    for _ in range(RUNS):
        t, _, out = timed(["grep", "-E", "-c", PATTERN, LOG])
        grep.append(t)
        t, rss, out2 = timed([BIN, "scan", "--format", "json", LOG])
        scan.append(t)
        scan_rss.append(rss)
    g, s = statistics.median(grep), statistics.median(scan)
    print(f"log: {size:.0f} MiB, runs: {RUNS} each, alternating")
    print(f"grep -E -c : median {g:6.2f} s ({size / g:6.0f} MiB/s), matching lines: {out.decode().strip()}")
    print(f"scan       : median {s:6.2f} s ({size / s:6.0f} MiB/s), peak RSS {max(scan_rss):.1f} MiB")
    print(f"ratio      : {s / g:.2f}x   target <= 2x")


if __name__ == "__main__":
    main()
