"""One MCP session answering N explain_error calls, against N `step` processes (one per chat
turn, as a chatbot backend runs them) with the same error texts. Prints the time per call of
each, measured in the same run.

    python3 Benchmarks/mcp_vs_step.py [BINARY] [N]

BINARY defaults to .build/release/mail-doctor (else the debug build); N to 100. The texts are
the first N of Tests/Scenarios/error-texts-unseen-en.yaml, cycled if there are fewer.
"""

import asyncio
import json
import os
import subprocess
import sys
import time

import yaml
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else next(
    path for path in (os.path.join(ROOT, ".build/release/mail-doctor"), os.path.join(ROOT, ".build/debug/mail-doctor"))
    if os.path.exists(path))
count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
entries = yaml.safe_load(open(os.path.join(ROOT, "Tests/Scenarios/error-texts-unseen-en.yaml")))
entries = entries.get("texts", entries) if isinstance(entries, dict) else entries
texts = [entry["text"] for entry in entries if entry.get("text")]
texts = [texts[index % len(texts)] for index in range(count)]
env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def step_processes():
    started = time.perf_counter()
    for text in texts:
        result = subprocess.run([binary, "step"], input=json.dumps({"error": text}).encode(), capture_output=True, env=env)
        assert result.returncode == 0, result.stdout[:200]
    return (time.perf_counter() - started) / count


async def mcp_session():
    params = StdioServerParameters(command=binary, args=["mcp"], env=env)
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            await session.list_tools()
            started = time.perf_counter()
            for text in texts:
                result = await session.call_tool("explain_error", {"text": text})
                assert not result.is_error
            return (time.perf_counter() - started) / count


async def mcp_with_startup():
    started = time.perf_counter()
    per_call = await mcp_session()
    return per_call, time.perf_counter() - started


step = step_processes()
per_call, whole = asyncio.run(mcp_with_startup())
print(f"binary: {binary}")
print(f"{count} calls, same texts")
print(f"step, one process per call:   {step * 1000:7.2f} ms per call")
print(f"mcp, one session:             {per_call * 1000:7.2f} ms per call "
      f"({whole * 1000:.0f} ms for the whole session, start-up and initialize included)")
print(f"ratio step / mcp:             {step / per_call:7.2f}x")
