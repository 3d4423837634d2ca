"""Renders a Markdown page the way a reader sees it: markdown-it-py (CommonMark, as GitHub and
most documentation sites render) to HTML, then headless Chromium lays it out. The page's script
measures where given runs of text are drawn and prints the verdicts as JSON.

    python3 layout.py PAGE.md CHECKS.json

CHECKS is a list of {"first": A, "then": B, "direction": "rtl"|"ltr"}: A comes before B in the
text; in "rtl" A must be drawn to the right of B (read first by an Arabic reader), in "ltr"
to the left. Both must be on one line. Code blocks must be laid out left to right.
"""
import json, os, re, shutil, subprocess, sys, tempfile

from markdown_it import MarkdownIt

page, checks = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
html = MarkdownIt("commonmark", {"html": True}).enable("table").render(open(page, encoding="utf-8").read())
script = """
<script>
function find(text, after) {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node, seen = !after;
  while ((node = walker.nextNode())) {
    // The checks are about prose (menu paths); code blocks quote error texts and may hold the
    // same words ("MailKit.Security").
    if (node.parentElement && node.parentElement.closest("pre")) continue;
    let from = 0;
    if (!seen) {
      if (node === after.node) { seen = true; from = after.end; } else continue;
    }
    const at = node.data.indexOf(text, from);
    if (at >= 0) return {node: node, start: at, end: at + text.length};
  }
  return null;
}
function rect(hit) {
  const range = document.createRange();
  range.setStart(hit.node, hit.start); range.setEnd(hit.node, hit.end);
  return range.getBoundingClientRect();
}
const checks = CHECKS;
const results = checks.map(c => {
  const a = find(c.first, null); if (!a) return {check: c, ok: false, why: "first not found"};
  const b = find(c.then, a); if (!b) return {check: c, ok: false, why: "then not found after first"};
  const ra = rect(a), rb = rect(b);
  if (Math.abs(ra.top - rb.top) > 4) return {check: c, ok: false, why: "not on one line"};
  const ok = c.direction === "rtl" ? ra.left > rb.left : ra.left < rb.left;
  return {check: c, ok: ok, why: ok ? "" : `drawn at ${ra.left} and ${rb.left}`};
});
const blocks = [...document.querySelectorAll("pre")].map(p => getComputedStyle(p).direction);
const out = document.createElement("pre");
out.id = "verdict";
out.textContent = JSON.stringify({checks: results, codeBlocks: blocks});
document.body.appendChild(out);
</script>
""".replace("CHECKS", json.dumps(checks, ensure_ascii=False))
document = ('<!doctype html><html><head><meta charset="utf-8"><style>body{font-family:"Noto Sans Arabic",'
            '"DejaVu Sans",sans-serif;width:1600px}</style></head><body>' + html + script + "</body></html>")
with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as handle:
    handle.write(document)
try:
    # The page is a local file: no name may resolve and no background service (DNS over HTTPS,
    # component updates, safe browsing) may reach the network, so the test sends no traffic.
    # As root (CI), Chromium runs in a network namespace of its own, which has no route out
    # at all: even its IPv6 reachability check (a UDP connect that sends nothing) stays inside.
    isolate = ["unshare", "--net"] if os.geteuid() == 0 and shutil.which("unshare") else []
    dom = subprocess.run(isolate + ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1700,1200",
                          "--disable-background-networking", "--disable-component-update", "--no-pings",
                          "--disable-features=DnsOverHttps,OptimizationHints,MediaRouter",
                          "--host-resolver-rules=MAP * ~NOTFOUND", "--no-proxy-server",
                          "--dump-dom", "file://" + handle.name], capture_output=True, text=True, timeout=120).stdout
finally:
    os.unlink(handle.name)
match = re.search(r'<pre id="verdict">(.*?)</pre>', dom, re.S)
if not match:
    sys.exit("chromium gave no verdict")
import html as htmllib
print(htmllib.unescape(match.group(1)))
