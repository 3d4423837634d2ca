#!/usr/bin/env bash
# Starts and stops the real test peers of the probe tests (Tests/Peers/peers.py: SMTP servers,
# dnsmasq, the Odoo XML-RPC stand-in, SNTP and HTTP Date servers, all on 127.0.0.1; and
# Tests/Peers/zones.py: the OpenSPF RFC 7208 suite's zones and the SPF, DMARC and DKIM
# scenarios, one DNS port each) and, as root, a network namespace that black-holes 10.231.0.2
# so that a connect() really times out.
#
#   scripts/peers.sh start    start in the background; wait (30 s at most) for <dir>/peers.json
#   scripts/peers.sh stop     stop everything; safe to run when nothing runs
#   scripts/peers.sh status   exit 0 when running with a manifest, 3 when stopped
#
# The state directory is <repo>/.peers, or $PEERS_DIR, or --dir DIR after the command.
# Installs nothing: needs python3 with aiosmtpd, cryptography, dnslib and PyYAML, and dnsmasq
# (python3 -m pip install aiosmtpd dnslib pyyaml; apt-get install -y dnsmasq).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CMD="${1:-}"
shift || true
DIR="${PEERS_DIR:-$ROOT/.peers}"
while [ $# -gt 0 ]; do
    case "$1" in
        --dir) DIR="$2"; shift 2 ;;
        --dir=*) DIR="${1#--dir=}"; shift ;;
        *) echo "peers.sh: unknown argument: $1" >&2; exit 64 ;;
    esac
done
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
PY="${PYTHON:-python3}"
PIDFILE="$DIR/peers.pid"
LOG="$DIR/peers.log"
MANIFEST="$DIR/peers.json"
HOLE_JSON="$DIR/blackhole.json"
ZONES_PIDFILE="$DIR/zones.pid"
ZONES_JSON="$DIR/zones.json"
NETNS=mdhole

# The pid in pidfile $1 when it is alive and runs script $2 (a reused pid is not ours).
running_pid() {
    local pid
    pid="$(cat "$1" 2>/dev/null)" || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$2" || return 1
    echo "$pid"
}
peers_pid() { running_pid "$PIDFILE" peers.py; }
zones_pid() { running_pid "$ZONES_PIDFILE" zones.py; }

# The DNS zones of the SPF/DMARC/DKIM tests (Tests/Peers/zones.py), beside peers.py.
start_zones() {
    local pid waited=0
    if pid="$(zones_pid)"; then
        echo "zones already running (pid $pid)"
        return 0
    fi
    rm -f "$ZONES_JSON"
    nohup "$PY" "$ROOT/Tests/Peers/zones.py" --manifest "$ZONES_JSON" >>"$DIR/zones.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$ZONES_PIDFILE"
    while [ ! -s "$ZONES_JSON" ]; do
        if ! kill -0 "$pid" 2>/dev/null || [ "$waited" -ge 300 ]; then
            echo "peers.sh: zones.py is not ready; end of $DIR/zones.log:" >&2
            tail -n 20 "$DIR/zones.log" >&2
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    echo "zones running (pid $pid); manifest $ZONES_JSON"
}

stop_zones() {
    local pid i
    if pid="$(zones_pid)"; then
        kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    fi
    rm -f "$ZONES_PIDFILE" "$ZONES_JSON"
}

can_blackhole() {
    [ "$(id -u)" = 0 ] && command -v ip >/dev/null 2>&1
}

remove_blackhole() {
    rm -f "$HOLE_JSON"
    can_blackhole || return 0
    ip netns del "$NETNS" 2>/dev/null || true
    ip link del mdh0 2>/dev/null || true
}

# SYNs to 10.231.0.2 reach the namespace, but every reply is dropped there (blackhole route
# back to 10.231.0.0/30): the client's connect() times out. No traffic leaves the machine.
create_blackhole() {
    remove_blackhole
    if ip netns add "$NETNS" &&
        ip link add mdh0 type veth peer name mdh1 &&
        ip link set mdh1 netns "$NETNS" &&
        ip addr add 10.231.0.1/30 dev mdh0 &&
        ip link set mdh0 up &&
        ip netns exec "$NETNS" ip addr add 10.231.0.2/32 dev mdh1 &&
        ip netns exec "$NETNS" ip link set mdh1 up &&
        ip netns exec "$NETNS" ip link set lo up &&
        ip netns exec "$NETNS" ip route add blackhole 10.231.0.0/30; then
        printf '{"host": "10.231.0.2", "port": 25}\n' >"$HOLE_JSON.tmp" &&
            mv -f "$HOLE_JSON.tmp" "$HOLE_JSON"
        echo "black hole ready: 10.231.0.2:25 ($HOLE_JSON)"
    else
        echo "peers.sh: WARNING: could not create the black-hole namespace; timeout tests" \
            "will have no blackhole.json" >&2
        remove_blackhole
    fi
}

start() {
    local pid
    if pid="$(peers_pid)"; then
        echo "peers already running (pid $pid)"
    else
        rm -f "$MANIFEST" "$PIDFILE"
        : >"$LOG"
        nohup "$PY" "$ROOT/Tests/Peers/peers.py" --dir "$DIR" >>"$LOG" 2>&1 </dev/null &
        pid=$!
        echo "$pid" >"$PIDFILE"
    fi
    local waited=0
    while [ ! -s "$MANIFEST" ]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "peers.sh: peers.py exited before it was ready; end of $LOG:" >&2
            tail -n 40 "$LOG" >&2
            rm -f "$PIDFILE"
            return 1
        fi
        if [ "$waited" -ge 300 ]; then
            echo "peers.sh: no $MANIFEST after 30 s; end of $LOG:" >&2
            tail -n 40 "$LOG" >&2
            stop >/dev/null
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    start_zones || { stop >/dev/null; return 1; }
    if can_blackhole; then
        if [ -s "$HOLE_JSON" ] &&
            ip netns exec "$NETNS" ip route show 2>/dev/null | grep -q "^blackhole 10.231.0.0/30"; then
            echo "black hole already in place: 10.231.0.2:25"
        else
            create_blackhole
        fi
    else
        rm -f "$HOLE_JSON"
        echo "no black hole (needs root and ip)"
    fi
    echo "peers running (pid $pid); manifest $MANIFEST"
}

stop() {
    local pid i
    if pid="$(peers_pid)"; then
        kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "peers.sh: peers.py (pid $pid) ignored SIGTERM; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
        echo "peers stopped (pid $pid)"
    else
        echo "peers not running"
    fi
    # dnsmasq left behind by a peers.py that was killed: only the one with our pid file
    local dpid
    dpid="$(cat "$DIR/dnsmasq.pid" 2>/dev/null)"
    if [[ "$dpid" =~ ^[0-9]+$ ]] && kill -0 "$dpid" 2>/dev/null &&
        tr '\0' ' ' <"/proc/$dpid/cmdline" 2>/dev/null | grep -q "dnsmasq.*$DIR"; then
        kill -TERM "$dpid" 2>/dev/null || true
    fi
    rm -f "$PIDFILE" "$MANIFEST" "$DIR/dnsmasq.pid"
    stop_zones
    remove_blackhole
    return 0
}

status() {
    local pid
    if pid="$(peers_pid)" && [ -s "$MANIFEST" ]; then
        echo "peers running (pid $pid); manifest $MANIFEST"
        if [ -s "$HOLE_JSON" ]; then
            echo "black hole: $(cat "$HOLE_JSON")"
        else
            echo "black hole: none"
        fi
        return 0
    elif [ -n "${pid:-}" ]; then
        echo "peers starting (pid $pid), no manifest yet"
        return 3
    fi
    echo "peers not running"
    return 3
}

case "$CMD" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status [--dir DIR]" >&2; exit 64 ;;
esac
