#!/usr/bin/env python3
"""How `explain` ranks texts it has never seen: top-1 and top-3 accuracy on an evaluation set
(Tests/Scenarios/error-texts-*.yaml), per language and, for Arabic, per kind (an Odoo dialog
around an error, or a free description). An entry expecting `none` is right when explain says
no known cause fits (the "something else" share leads).

    swift build -c release --product mail-doctor
    python3 Benchmarks/unseen_accuracy.py Tests/Scenarios/error-texts-unseen-en.yaml [--misses]
"""
import collections, json, os, subprocess, sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The newer of the release and debug builds: the figure must be the code as it is. MAIL_DOCTOR_BIN
# names another binary (a build of an earlier commit, for a before/after figure).
BINARY = os.environ.get("MAIL_DOCTOR_BIN") or max((p for p in (os.path.join(ROOT, ".build", d, "mail-doctor") for d in ("release", "debug"))
              if os.path.exists(p)), key=os.path.getmtime)


def ranking(text, lang):
    out = subprocess.run([BINARY, "explain", "--format", "json", "--lang", "ar" if lang == "ar" else "en", "-"],
                         input=text.encode(), capture_output=True, timeout=60)
    report = json.loads(out.stdout)
    causes = [c["id"] for c in report.get("causes", [])]
    top = report["causes"][0]["probability"] if report.get("causes") else 0
    if report.get("otherProbability", 0) >= top:
        causes = ["none"] + causes
    return causes


def main():
    path, show = sys.argv[1], "--misses" in sys.argv
    texts = yaml.safe_load(open(path, encoding="utf-8"))["texts"]
    groups = collections.defaultdict(lambda: [0, 0, 0])  # count, top-1, top-3
    misses = []
    for item in texts:
        ranked = ranking(item["text"], item.get("lang", "en"))
        keys = ["all", item.get("lang", "en")] + ([f"ar {item['kind']}"] if item.get("kind") else [])
        for key in keys:
            groups[key][0] += 1
            groups[key][1] += ranked[:1] == [item["expect"]]
            groups[key][2] += item["expect"] in ranked[:3]
        if ranked[:1] != [item["expect"]]:
            misses.append(f"  {item['id']}: expected {item['expect']}, got {ranked[:3]}")
    print(f"{os.path.basename(path)} ({BINARY})")
    for key, (count, first, three) in groups.items():
        print(f"  {key:12} {count:4}  top-1 {first:4} ({first / count:.0%})  top-3 {three:4} ({three / count:.0%})")
    if show:
        print("\n".join(misses))


main()
