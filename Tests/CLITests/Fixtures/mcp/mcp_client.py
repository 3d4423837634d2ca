"""Drives `mail-doctor mcp` with the official Python MCP client (the `mcp` package on PyPI).

Usage: mcp_client.py SCENARIO BINARY [server arguments...]

Each scenario asserts what a client sees and exits 0, or prints what went wrong and exits 1.
Every tool result is validated against the output schema the server listed for that tool,
with `jsonschema` (draft 2020-12), and its text content must be the same JSON.
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time

import jsonschema
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
try:  # the exception's name changed between versions of the client
    from mcp.shared.exceptions import MCPError as McpError
except ImportError:
    from mcp.shared.exceptions import McpError

SCENARIO, BINARY, *SERVER_ARGS = sys.argv[1:]
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": os.environ.get("HOME", "/tmp")}
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def has_arabic(text):
    return any("\u0600" <= ch <= "\u06ff" for ch in text or "")


class Client:
    """A session plus the tools' output schemas, for validation."""

    def __init__(self, session, tools):
        self.session = session
        self.schemas = {tool.name: tool.output_schema for tool in tools}

    async def call(self, name, arguments):
        result = await self.session.call_tool(name, arguments)
        check(not result.is_error, f"{name}: is_error set for {arguments}")
        data = result.structured_content
        jsonschema.Draft202012Validator(self.schemas[name]).validate(data)
        check(json.loads(result.content[0].text) == data, f"{name}: the text content is not the structured JSON")
        return data

    async def refused(self, name, arguments, words):
        """The call must fail with an MCP error whose message contains `words`."""
        try:
            result = await self.session.call_tool(name, arguments)
        except McpError as error:
            message = str(error)
            check(all(word in message for word in words), f"{name} {arguments}: message {message!r} lacks {words}")
            return message
        check(False, f"{name} {arguments}: was not refused (is_error={result.is_error})")
        return ""


async def with_server(body, args=None):
    params = StdioServerParameters(command=BINARY, args=["mcp", *(args if args is not None else SERVER_ARGS)], env=ENV)
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            check(init.server_info.name == "mail-doctor", f"server name {init.server_info.name}")
            tools = (await session.list_tools()).tools
            return await body(Client(session, tools), tools)


GMAIL_535 = ("smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted. "
             "For more information, go to https://support.google.com/mail/?p=BadCredentials gsmtp')")
LOG = "\n".join([
    "2024-05-01 10:00:01,123 1234 ERROR prod odoo.addons.base.models.ir_mail_server: Mail delivery failed via SMTP server 'smtp.gmail.com'.",
    GMAIL_535,
    "2024-05-01 10:05:01,123 1234 INFO prod odoo.addons.mail.models.mail_mail: Mail with ID 12 and Message-Id '<x@y>' successfully sent",
    "2024-05-01 11:00:01,123 1234 ERROR prod odoo.addons.base.models.ir_mail_server: Mail delivery failed via SMTP server 'smtp.gmail.com'.",
    GMAIL_535,
])


async def catalog(client, tools):
    names = [tool.name for tool in tools]
    arabic = "--lang" in SERVER_ARGS and "ar" in SERVER_ARGS
    check(names == ["explain_error", "diagnose_step", "provider_settings", "scan_log"], f"tools {names}")
    for tool in tools:
        check(tool.input_schema.get("type") == "object", f"{tool.name}: input schema")
        check(tool.output_schema and tool.output_schema.get("type") == "object", f"{tool.name}: output schema")
        check(tool.title and tool.description, f"{tool.name}: title and description")
        check(has_arabic(tool.title) == arabic and has_arabic(tool.description) == arabic,
              f"{tool.name}: title in the wrong language: {tool.title}")
        check(tool.annotations and tool.annotations.read_only_hint, f"{tool.name}: read-only hint")
    resources = (await client.session.list_resources()).resources
    uris = {str(resource.uri) for resource in resources}
    for uri in ["mail-doctor://docs/en/index.md", "mail-doctor://docs/ar/index.md",
                "mail-doctor://docs/en/causes/app-password-required.md", "mail-doctor://docs/ar/how-it-reasons.md"]:
        check(uri in uris, f"resource {uri} not listed")
    page = (await client.session.read_resource("mail-doctor://docs/ar/causes/app-password-required.md")).contents[0]
    check(has_arabic(page.text) and page.mime_type == "text/markdown", "the Arabic page")
    english = (await client.session.read_resource("mail-doctor://docs/en/index.md")).contents[0]
    check(english.text.startswith("<!--") or "Mail Doctor" in english.text, "the English index")
    try:
        await client.session.read_resource("mail-doctor://docs/en/nope.md")
        check(False, "an unknown resource was read")
    except McpError as error:
        check("nope.md" in str(error), f"unknown resource message: {error}")
    prompts = (await client.session.list_prompts()).prompts
    check([prompt.name for prompt in prompts] == ["diagnose-email"], "prompts")
    for lang in ["en", "ar"]:
        prompt = await client.session.get_prompt("diagnose-email", {"lang": lang, "error": GMAIL_535})
        text = prompt.messages[0].content.text
        check("diagnose_step" in text and has_arabic(text) == (lang == "ar"), f"prompt in {lang}: {text[:60]}")
        check(prompt.messages[-1].content.text == GMAIL_535, "the prompt carries the pasted error")


async def tools_good_and_bad(client, tools):
    explained = await client.call("explain_error", {"text": GMAIL_535})
    check(explained["causes"][0]["id"] in ("app-password-required", "credentials-wrong"), f"explain: {explained['causes'][0]['id']}")
    arabic = await client.call("explain_error", {"text": GMAIL_535, "lang": "ar"})
    check(arabic["language"] == "ar" and has_arabic(arabic["causes"][0]["title"]), "explain in Arabic")
    gmail = await client.call("provider_settings", {"provider": "gmail"})
    check(gmail["hosts"] == ["smtp.gmail.com"] and {"port": 587, "encryption": "starttls"} in gmail["ports"], f"gmail: {gmail}")
    office = await client.call("provider_settings", {"host": "smtp.office365.com", "lang": "ar"})
    check(office["id"] == "microsoft-365" and has_arabic(office["authentication"]), f"office: {office['id']}")
    scanned = await client.call("scan_log", {"text": LOG})
    check(scanned["failures"] == 2 and scanned["groups"][0]["count"] == 2, f"scan: {scanned['failures']} {scanned['groups']}")
    step = await client.call("diagnose_step", {"state": None, "error": GMAIL_535})
    check(step["status"] in ("question", "diagnosis"), f"step status {step['status']}")

    await client.refused("explain_error", {}, ["text", "required"])
    await client.refused("explain_error", {"text": 42}, ["text", "string"])
    await client.refused("explain_error", {"text": "x", "colour": "red"}, ["unknown argument", "colour"])
    await client.refused("explain_error", {"text": "x", "lang": "fr"}, ["lang"])
    await client.refused("provider_settings", {"provider": "nope"}, ["nope", "gmail"])
    await client.refused("provider_settings", {"host": "mail.unknown-company.test"}, ["unknown-company"])
    await client.refused("provider_settings", {}, ["provider", "host"])
    await client.refused("scan_log", {"text": ""}, ["text", "empty"])
    await client.refused("diagnose_step", {"state": "garbage"}, ["bad-state"])
    await client.refused("diagnose_step", {"answers": {"smtp.port": "five"}}, ["bad-answer", "smtp.port"])
    await client.refused("diagnose_step", {"answers": {"no.such.fact": "x"}}, ["unknown-fact"])
    await client.refused("diagnose_step", {"fixResult": {"cause": "nope", "worked": False}}, ["unknown-cause"])
    await client.refused("no_such_tool", {}, ["no_such_tool", "explain_error"])
    await client.refused("probe", {"host": "smtp.gmail.com"}, ["--allow-probes"])
    # After all of that the server still answers.
    again = await client.call("explain_error", {"text": "Connection refused"})
    check(again["causes"], "the server stopped answering after bad calls")


PERSONAS = {
    # A Microsoft 365 user whose sending stopped, with no error text to paste.
    "en": ("basic-auth-disabled", {
        "symptom": "test-connection-fails", "provider": "microsoft-365", "odoo.hosting": "on-premise", "smtp.host": "smtp.office365.com", "smtp.port": "587",
        "smtp.encryption": "starttls", "smtp.authentication": "login", "microsoft.smtp-auth-enabled": "no"}),
    # A Gmail user writing in Arabic: no error text at first, only the symptom and answers.
    "ar": ("app-password-required", {
        "symptom": "test-connection-fails", "provider": "gmail", "smtp.host": "smtp.gmail.com",
        "smtp.port": "587", "smtp.encryption": "starttls", "smtp.authentication": "login",
        "account.two-factor": "yes", "account.app-password": "no", "account.works-elsewhere": "yes"}),
}


async def guided(client, tools, lang):
    expected, known = PERSONAS[lang]
    first = {"state": None, "lang": lang}
    for key in ("error", "symptom"):
        if key in known:
            first[key] = known[key]
    response = await client.call("diagnose_step", first)
    turns = 1
    while response["status"] == "question" and turns < 40:
        question = response["question"]
        check(has_arabic(question["text"]) == (lang == "ar"), f"question in {lang}: {question['text']}")
        answer = known.get(question["fact"], "unknown")
        response = await client.call("diagnose_step", {"state": response["state"], "lang": lang,
                                                       "answers": {question["fact"]: answer}})
        turns += 1
    check(response["status"] == "diagnosis", f"{lang}: ended with {response['status']}")
    check(turns >= 2, f"{lang}: only {turns} turn(s); a guided diagnosis asks")
    check(response["causes"][0]["id"] == expected, f"{lang}: {response['causes'][0]['id']} instead of {expected}")
    fix = response["fixCheck"]
    done = await client.call("diagnose_step", {"state": response["state"], "lang": lang,
                                               "fixResult": {"cause": fix["cause"], "worked": True}})
    check(done["status"] == "resolved", f"{lang}: the fix result was not taken")


async def probes_guarded(client, tools):
    """With --allow-probes but not private targets: loopback is refused before any packet."""
    check("probe" in [tool.name for tool in tools], "probe not listed with --allow-probes")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    for host in ["127.0.0.1", "localhost", "10.1.2.3", "::1"]:
        await client.refused("probe", {"host": host, "port": port}, ["probe:"])
    try:
        listener.accept()
        check(False, "a refused probe still connected to the loopback listener")
    except socket.timeout:
        pass
    await client.refused("probe", {}, ["host", "required"])
    await client.refused("probe", {"host": "smtp.example.com", "port": "x"}, ["port", "integer"])


async def probes_allowed(client, tools):
    """With both flags: the probe reaches the loopback SMTP peer."""
    manifest = json.load(open(os.path.join(os.path.dirname(__file__), "../../../../.peers/peers.json")))
    port = manifest["smtp"]["starttls"]["port"]
    report = await client.call("probe", {"host": "localhost", "port": port, "encryption": "starttls"})
    checks = {(c["probe"], c["check"]): c["status"] for c in report["checks"]}
    check(checks.get(("smtp", "banner")) == "ok" and checks.get(("smtp", "starttls")) == "ok", f"probe: {checks}")
    check(report["facts"].get("smtp.port") == str(port), f"probe facts: {report['facts']}")


def disconnect():
    """Raw stdio: only JSON-RPC on stdout, a broken line gets an error, EOF ends the server
    once every request written before it has its answer."""
    server = subprocess.Popen([BINARY, "mcp", *SERVER_ARGS], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=ENV)
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}
    server.stdin.write((json.dumps(init) + "\n").encode())
    server.stdin.write(b'{"jsonrpc": "2.0", "method": "notifications/initialized"}\n')
    server.stdin.write(b"this is not json\n")
    server.stdin.write((json.dumps({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}) + "\n").encode())
    server.stdin.flush()
    # Closed at once, as `printf ... | mail-doctor mcp` does: every request is still answered.
    started = time.monotonic()
    server.stdin.close()
    try:
        code = server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
        check(False, "the server did not end when the client closed stdin")
        return
    check(time.monotonic() - started < 5, "slow to end")
    check(code == 0, f"exit {code}")
    lines = server.stdout.read().decode().splitlines()
    messages = [json.loads(line) for line in lines]  # every line must be JSON
    check(all(message.get("jsonrpc") == "2.0" for message in messages), "stdout carried something else")
    ids = {message.get("id") for message in messages}
    check(1 in ids and 2 in ids, f"responses: {ids}")
    check(any("error" in message for message in messages), "the broken line got no error")


async def main():
    if SCENARIO == "catalog":
        await with_server(catalog)
    elif SCENARIO == "tools":
        await with_server(tools_good_and_bad)
    elif SCENARIO in ("guided-en", "guided-ar"):
        await with_server(lambda client, tools: guided(client, tools, SCENARIO[-2:]))
    elif SCENARIO == "probes-guarded":
        await with_server(probes_guarded)
    elif SCENARIO == "probes-allowed":
        await with_server(probes_allowed)
    elif SCENARIO == "disconnect":
        disconnect()
    else:
        failures.append(f"no scenario {SCENARIO}")


asyncio.run(main())
if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok")
