#!/usr/bin/env bash
# Interop: the example mail server against real SMTP clients (curl, swaks, msmtp,
# Python's smtplib), real POP3 clients (curl, Python's poplib, fetchmail, our
# mail-client) and
# hostile peers, on a loopback port it picks; then our mail-client against real
# servers (Debian's OpenSMTPD and Dovecot POP3, throwaway configs, free loopback
# ports). Installs what is missing, stops its own processes by pid, prints
# "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
# (python3 too: the checks below and the port probes are written in it)
for tool in curl swaks msmtp fetchmail python3; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
    echo "installing ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# what listens on 25 and 110 before anything is installed is not ours to stop or check
listening() { python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1)' "$1" 2>/dev/null; }
taken_before=""
for p in 25 110; do listening "$p" && taken_before+=" $p"; done
# the real servers, installed without letting their packages start the system daemons
# (on ports 25 and 110): a policy-rc.d that denies every start while apt runs, unless
# one is already in place; opensmtpd's debconf mailname question is preseeded
servers=()
[[ -x /usr/sbin/smtpd ]] || servers+=(opensmtpd)
[[ -x /usr/sbin/dovecot ]] || servers+=(dovecot-core)
[[ -x /usr/lib/dovecot/pop3 ]] || servers+=(dovecot-pop3d)
if ((${#servers[@]})); then
    echo "installing ${servers[*]} (their system daemons not started)"
    install_start=$SECONDS
    policy=""
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        policy=/usr/sbin/policy-rc.d
    fi
    printf 'opensmtpd opensmtpd/mailname string localhost\nopensmtpd opensmtpd/root_address string\n' |
        debconf-set-selections
    ((${#missing[@]})) || apt-get update -qq >/dev/null
    installed=0
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Options::=--force-confold \
        "${servers[@]}" >/tmp/interop-apt.$$.log 2>&1 && installed=1
    [[ -z "$policy" ]] || rm -f "$policy"
    ((installed)) || { cat /tmp/interop-apt.$$.log; rm -f /tmp/interop-apt.$$.log; exit 1; }
    rm -f /tmp/interop-apt.$$.log
    echo "installed in $((SECONDS - install_start)) s"
fi
# had a postinst (or an earlier install) started them anyway, they would sit on 25/110
# (opensmtpd's init script says "status" 0 when it is not running: ask the ports)
for unit in opensmtpd:25 dovecot:110; do
    if [[ " $taken_before " != *" ${unit#*:} "* ]] && listening "${unit#*:}"; then
        echo "stopping the system ${unit%:*} (port ${unit#*:})"
        if command -v systemctl >/dev/null 2>&1 && systemctl is-active -q "${unit%:*}" 2>/dev/null; then
            systemctl stop "${unit%:*}"
        elif [[ -x "/etc/init.d/${unit%:*}" ]]; then
            "/etc/init.d/${unit%:*}" stop >/dev/null || true
        fi
    fi
done
# mail for the real servers is stored as this user (Dovecot will not serve it as root);
# created here, it is removed again at the end (not when it was there before)
made_user=""
if ! id -u interopmail >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin interopmail
    made_user=interopmail
fi
remove_user() { # after the servers: userdel refuses a user who still runs a process
    [[ -z "$made_user" ]] || userdel "$made_user" || echo "could not remove the user $made_user" >&2
}
trap remove_user EXIT

cargo build -q -p examples --example mail-server --example mail-client --example mail-replay
work="$(mktemp -d)"
log="$work/server.log"
./target/debug/examples/mail-server --smtp 127.0.0.1:0 --pop3 127.0.0.1:0 --user alice:secret --user bob:hunter2 >"$log" 2>&1 &
server_pid=$!
smtpd_pid=""
dovecot_pid=""
big_pid=""
stop_group() { # pid of a process started by setsid: TERM it, then whatever is left of its group
    [[ -n "$1" ]] || return 0
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    for _ in $(seq 50); do pgrep -g "$1" >/dev/null || return 0; sleep 0.1; done
    kill -KILL -- "-$1" 2>/dev/null || true
}
cleanup() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    stop_group "$smtpd_pid"
    stop_group "$dovecot_pid"
    if [[ -n "$big_pid" ]]; then
        kill "$big_pid" 2>/dev/null || true
        wait "$big_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
    remove_user
}
trap cleanup EXIT
for _ in $(seq 100); do grep -q "pop3 listening" "$log" && break; sleep 0.1; done
port="$(sed -n 's/^smtp listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log")"
pop3_port="$(sed -n 's/^pop3 listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log")"
[[ -n "$port" && -n "$pop3_port" ]] || { cat "$log"; echo "the server did not start" >&2; exit 1; }
echo "mail-server on 127.0.0.1:$port (smtp), 127.0.0.1:$pop3_port (pop3) (pid $server_pid)"

passed=0
failed=0
note() { # a figure worth printing under the check's ok line
    echo "$*" | tee -a "$work/notes"
}
# (a check runs in an `if`, where set -e does not apply: each step of a check function
# that must succeed ends in `|| return 1`, or is its last)
check() { # name, then a command that must succeed
    local name="$1"
    shift
    : >"$work/notes"
    if "$@" >"$work/out" 2>&1; then
        passed=$((passed + 1))
        echo "ok   $name"
        sed 's/^/     /' "$work/notes"
    else
        failed=$((failed + 1))
        echo "FAIL $name"
        sed 's/^/     /' "$work/out" | tail -n 30
    fi
}
deliveries() { grep -c '^smtp delivered' "$log" || true; }
server_rss() { awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status"; }
no_new_delivery() { # the count before
    [[ "$(deliveries)" -eq "$1" ]] && return 0
    echo "a delivery appeared:"
    cat "$log"
    return 1
}
# a delivery of exactly these bytes is in the log
delivered() { # file, users
    local sum len
    sum="$(md5sum <"$1" | cut -d' ' -f1)"
    len="$(wc -c <"$1" | tr -d ' ')"
    for _ in $(seq 50); do
        grep -q "^smtp delivered $len bytes md5 $sum to $2\$" "$log" && return 0
        sleep 0.1
    done
    echo "no delivery of $len bytes md5 $sum to $2 in:"
    cat "$log"
    return 1
}

printf 'Subject: curl upload\r\n\r\nhello from curl\r\n.a line with a dot\r\n' >"$work/msg_1.eml"
curl_upload() {
    curl -sS --url "smtp://127.0.0.1:$port" --mail-from carol@example.org \
        --mail-rcpt alice@example.com --upload-file "$work/msg_1.eml" || return 1
    delivered "$work/msg_1.eml" alice
}
replay_all() {
    # every committed transcript through a client and a server machine at once
    local f n=0
    for f in examples/transcripts/*; do
        ./target/debug/examples/mail-replay --proto "${f##*.}" "$f" >"$work/replay.out" ||
            { tail -n 5 "$work/replay.out"; echo "mail-replay failed on $f"; return 1; }
        n=$((n + 1))
    done
    note "$n transcripts replayed"
    ((n > 0))
}
check "mail-replay: every transcript in examples/transcripts agrees with both machines" replay_all

check "curl --upload-file (EHLO msg_1.eml)" curl_upload

swaks_run() { # auth mechanism, password, extra args
    swaks --server "127.0.0.1:$port" --from carol@example.org --to bob@example.com \
        --auth "$1" --auth-user bob --auth-password "$2" "${@:3}"
}
drain() { # user, password: empties the mailbox over POP3
    ./target/debug/examples/mail-client pop3 --server "127.0.0.1:$pop3_port" --user "$1" \
        --pass "$2" --delete --out "$work/drain" >/dev/null
}
swaks_pipeline() {
    # MAIL, RCPT and DATA written before their replies (swaks prints what it sends as
    # ` -> ` and what it reads as `<-  `), and the message it printed between 354 and
    # the final dot is what bob's maildrop holds, byte for byte
    drain bob hunter2 || return 1
    swaks_run PLAIN hunter2 --pipeline --header "Subject: swaks pipelined" \
        --body "pipelined body $$" >"$work/swaks.out" 2>&1 || { cat "$work/swaks.out"; return 1; }
    curl -s "pop3://bob:hunter2@127.0.0.1:$pop3_port/1" >"$work/swaks.got" || return 1
    OUT="$work/swaks.out" GOT="$work/swaks.got" python3 - <<'PY'
import os
lines = open(os.environ["OUT"], encoding="utf-8").read().split("\n")
i = next(n for n, l in enumerate(lines) if l.startswith(" -> MAIL FROM:"))
assert lines[i + 1].startswith(" -> RCPT TO:") and lines[i + 2] == " -> DATA", lines[i:i + 4]
assert [l[:7] for l in lines[i + 3:i + 6]] == ["<-  250", "<-  250", "<-  354"], lines[i:i + 6]
body = []
for l in lines[i + 6:]:
    assert l.startswith(" -> "), l
    if l == " -> .":
        break
    body.append(l[4:])
want = "".join(l + "\r\n" for l in body).encode()
got = open(os.environ["GOT"], "rb").read()
assert got == want, (got, want)
assert b"\r\npipelined body " in got
PY
}
check "swaks --pipeline + AUTH PLAIN: MAIL/RCPT/DATA in one write, the message stored byte for byte" swaks_pipeline
check "swaks AUTH LOGIN" swaks_run LOGIN hunter2
check "swaks AUTH CRAM-MD5" swaks_run CRAM-MD5 hunter2
swaks_refused() {
    # refused by the server (535), not failing for any other reason
    ! swaks_run CRAM-MD5 wrong >"$work/swaks.out" 2>&1 || return 1
    grep -q "^<\*\* 535 5.7.8" "$work/swaks.out" || { cat "$work/swaks.out"; return 1; }
}
check "swaks CRAM-MD5 with a wrong password is refused" swaks_refused

printf 'Subject: msmtp\n\nbody line\n.leading dot\n' >"$work/msmtp.txt"
msmtp_send() {
    # into bob's emptied mailbox, then read back over POP3 (curl) and compared byte for
    # byte with what msmtp was given, normalised as msmtp sends it: each LF turned into
    # CRLF (msmtp's input has no CR), nothing else changed (no header added: the
    # --set-*-header=off options), the leading dot unstuffed again by the server
    drain bob hunter2 || return 1
    msmtp --host=127.0.0.1 --port="$port" --from=carol@example.org --auth=plain --user=alice \
        --passwordeval='echo secret' --tls=off \
        --set-from-header=off --set-date-header=off --set-msgid-header=off bob@example.com <"$work/msmtp.txt" || return 1
    sed 's/$/\r/' "$work/msmtp.txt" >"$work/msmtp.expected"
    [[ "$(curl -s "pop3://bob:hunter2@127.0.0.1:$pop3_port/")" == "1 $(wc -c <"$work/msmtp.expected" | tr -d ' ')"$'\r' ]] ||
        { echo "bob's maildrop is not the one message:"; curl -s "pop3://bob:hunter2@127.0.0.1:$pop3_port/"; return 1; }
    curl -s "pop3://bob:hunter2@127.0.0.1:$pop3_port/1" >"$work/msmtp.got" || return 1
    cmp "$work/msmtp.expected" "$work/msmtp.got" || { od -c "$work/msmtp.got" | head -20; return 1; }
}
check "msmtp AUTH PLAIN: read back over POP3 byte-identical to its input with LF as CRLF" msmtp_send

smtplib_session() {
    PORT="$port" OUT="$work" python3 - <<'PY' || return 1
import os, smtplib
port = int(os.environ["PORT"])
s = smtplib.SMTP("127.0.0.1", port)
s.login("alice", "secret")
body = b"Subject: py\r\n\r\n." + b"x" * 997 + b"\r\nbye\r\n"
refused = s.sendmail("carol@example.org", ["alice@example.com", "nobody@example.com"], body)
assert list(refused) == ["nobody@example.com"], refused
assert refused["nobody@example.com"][0] == 550, refused
open(os.path.join(os.environ["OUT"], "py1"), "wb").write(body)
utf8 = "Subject: utf8\r\n\r\nhéllo\r\n".encode()
assert s.sendmail("bøb@example.org", ["alice@example.com"], utf8, mail_options=["SMTPUTF8"]) == {}
open(os.path.join(os.environ["OUT"], "py2"), "wb").write(utf8)
s.quit()
PY
    delivered "$work/py1" alice && delivered "$work/py2" alice
}
check "smtplib: one of two recipients refused, a 998-octet dot line, SMTPUTF8, AUTH" smtplib_session

bdat_chunks() {
    PORT="$port" OUT="$work" python3 - <<'PY' || return 1
import os, socket
s = socket.create_connection(("127.0.0.1", int(os.environ["PORT"])), timeout=10)
f = s.makefile("rb")
def reply():
    lines = [f.readline()]
    while lines[-1][3:4] == b"-":
        lines.append(f.readline())
    return lines[-1][:3]
assert reply() == b"220"
s.sendall(b"EHLO py\r\n")
assert reply() == b"250"
# pipelined: MAIL, RCPT and two chunks in one write (RFC 3030 with PIPELINING)
chunks = [b"Subject: bdat\r\n\r\n", b".no stuffing\r\nbare\nlf kept\r\n"]
wire = b"MAIL FROM:<c@example.org> BODY=BINARYMIME\r\nRCPT TO:<alice@example.com>\r\n"
wire += b"BDAT %d\r\n" % len(chunks[0]) + chunks[0]
wire += b"BDAT %d LAST\r\n" % len(chunks[1]) + chunks[1]
s.sendall(wire)
assert [reply() for _ in range(4)] == [b"250"] * 4
s.sendall(b"QUIT\r\n")
assert reply() == b"221"
open(os.path.join(os.environ["OUT"], "bdat"), "wb").write(b"".join(chunks))
PY
    delivered "$work/bdat" alice
}
check "BDAT chunks pipelined, BINARYMIME bytes kept" bdat_chunks

# the 20 MB message several checks send, made once whatever runs first
python3 -c "import sys; [sys.stdout.write('line %07d ' % i + 'x' * 60 + '\\r\\n') for i in range(280000)]" >"$work/big.eml"
client_send() {
    # our streaming client: a 20 MB message in bounded memory, and a refused recipient
    /usr/bin/time -f "%M" -o "$work/rss" ./target/debug/examples/mail-client smtp --server "127.0.0.1:$port" \
        --from carol@example.org --to alice@example.com --user alice --pass secret <"$work/big.eml" || return 1
    delivered "$work/big.eml" alice || return 1
    note "mail-client peak memory: $(cat "$work/rss") kB for $(wc -c <"$work/big.eml") bytes"
    (($(cat "$work/rss") < 65536)) || return 1
    ! ./target/debug/examples/mail-client smtp --server "127.0.0.1:$port" --from carol@example.org \
        --to alice@example.com --to nobody@example.com <"$work/msg_1.eml" 2>"$work/err" || return 1
    grep -Fx "nobody@example.com: 550 5.1.1 No such user here" "$work/err" || { cat "$work/err"; return 1; }
}
check "mail-client smtp: 20 MB streamed in bounded memory, exit 1 on a refused recipient" client_send

client_flags() {
    # mistakes in the flags are refused before anything is sent
    local c=./target/debug/examples/mail-client
    ! "$c" smtp --server "127.0.0.1:$port" --to alice@example.com </dev/null 2>"$work/err" || return 1
    grep -q -- "needs --from" "$work/err" || { cat "$work/err"; return 1; }
    ! "$c" smtp --server "127.0.0.1:$port" --from c@example.org --to alice@example.com \
        --user alice </dev/null 2>"$work/err" || return 1
    grep -q -- "--user and --pass go together" "$work/err" || { cat "$work/err"; return 1; }
    ! "$c" pop3 --server "127.0.0.1:$pop3_port" --user bob --out "$work/flags" 2>"$work/err" || return 1
    grep -q -- "--pass" "$work/err" || { cat "$work/err"; return 1; }
    # the null reverse path is asked for, not a default
    printf 'Subject: bounce\r\n\r\nnull path\r\n' >"$work/bounce.eml"
    "$c" smtp --server "127.0.0.1:$port" --from '' --to alice@example.com <"$work/bounce.eml" || return 1
    delivered "$work/bounce.eml" alice
}
check "mail-client flags: --from required ('' for the null path), --user with --pass, pop3 --pass" client_flags

client_refused_mid_body() {
    # refusals that arrive while the body streams in pipelined BDAT chunks: the
    # client reads them between chunks, stops sending, prints the reply, exits 1
    local before
    before="$(deliveries)"
    python3 -c "import sys; [sys.stdout.write('y' * 998 + '\r\n') for i in range(40000)]" |
        ./target/debug/examples/mail-client smtp --server "127.0.0.1:$port" --from carol@example.org \
            --to alice@example.com 2>"$work/err" && return 1
    grep -F "not queued: 552 5.3.4 Message size exceeds fixed limit" "$work/err" || { cat "$work/err"; return 1; }
    ./target/debug/examples/mail-client smtp --server "127.0.0.1:$port" --from carol@example.org \
        --to nobody@example.com <"$work/big.eml" 2>"$work/err" && return 1
    grep -Fx "nobody@example.com: 550 5.1.1 No such user here" "$work/err" || { cat "$work/err"; return 1; }
    ! grep -i "broken pipe\|reset by peer" "$work/err" || return 1
    no_new_delivery "$before"
}
check "mail-client smtp: a 40 MB message over SIZE gets 552 5.3.4 mid-stream, an unknown sole recipient 550 5.1.1; printed, exit 1" client_refused_mid_body

client_1g() {
    # 10^9 bytes made on the fly (no file) through mail-client into a second mail-server
    # that takes messages up to 1.1 GB; the generator writes the MD5 of what it made
    local big_log="$work/big-server.log" big_port rss
    # the limit is a documented flag
    ./target/debug/examples/mail-server --help | grep -- "--max-message-size BYTES" >/dev/null || return 1
    ./target/debug/examples/mail-server --smtp 127.0.0.1:0 --pop3 127.0.0.1:0 --user alice:secret \
        --max-message-size 1100000000 --max-store-mib 2048 >"$big_log" 2>&1 &
    big_pid=$!
    for _ in $(seq 100); do grep -q "pop3 listening" "$big_log" && break; sleep 0.1; done
    big_port="$(sed -n 's/^smtp listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$big_log")"
    [[ -n "$big_port" ]] || { cat "$big_log"; return 1; }
    SUM="$work/1g.md5" python3 -c '
import hashlib, os, sys
line = b"x" * 98 + b"\r\n"
head = b"Subject: 10^9 bytes\r\n\r\n"
first = head + b"x" * (98 - len(head)) + b"\r\n" + line * 9999  # 10^6 bytes
rest = line * 10000
out, md5 = sys.stdout.buffer, hashlib.md5(first)
out.write(first)
for _ in range(999):
    out.write(rest)
    md5.update(rest)
out.flush()
open(os.environ["SUM"], "w").write(md5.hexdigest())
' | /usr/bin/time -f "%M %e" -o "$work/1g.time" ./target/debug/examples/mail-client smtp \
        --server "127.0.0.1:$big_port" --from carol@example.org --to alice@example.com || return 1
    read -r rss secs <"$work/1g.time"
    note "mail-client: 10^9 bytes in $secs s, peak memory $rss kB"
    grep -x "smtp delivered 1000000000 bytes md5 $(cat "$work/1g.md5") to alice" "$big_log" ||
        { cat "$big_log"; return 1; }
    note "the second server's peak memory: $(awk '/^VmHWM/ {print $2}' "/proc/$big_pid/status") kB"
    kill "$big_pid"
    wait "$big_pid" 2>/dev/null || true
    big_pid=""
    ((rss < 65536))
}
check "mail-client smtp: 1 GB from a pipe in bounded memory (< 64 MiB), delivered to the byte" client_1g

defaults_run() {
    # no flags: the documented defaults, 127.0.0.1:2525 and 127.0.0.1:1110, alice:secret
    local dlog="$work/default-server.log" rc=0
    python3 -c 'import socket
for p in (2525, 1110):
    socket.create_server(("127.0.0.1", p)).close()' || { echo "2525 or 1110 is taken on this machine: the defaults cannot be checked"; return 1; }
    ./target/debug/examples/mail-server >"$dlog" 2>&1 &
    big_pid=$!
    for _ in $(seq 100); do grep -q "pop3 listening" "$dlog" && break; sleep 0.1; done
    {
        grep -x "smtp listening on 127.0.0.1:2525" "$dlog" &&
            grep -x "pop3 listening on 127.0.0.1:1110" "$dlog" &&
            curl -sS --url smtp://127.0.0.1:2525 --mail-from carol@example.org \
                --mail-rcpt alice@example.com --upload-file "$work/msg_1.eml" &&
            curl -s pop3://alice:secret@127.0.0.1:1110/1 | cmp - "$work/msg_1.eml" &&
            ! curl -s pop3://bob:hunter2@127.0.0.1:1110/
    } || { cat "$dlog"; rc=1; }
    kill "$big_pid"
    wait "$big_pid" 2>/dev/null || true
    big_pid=""
    return "$rc"
}
check "mail-server with no flags: smtp 127.0.0.1:2525, pop3 127.0.0.1:1110, the one user alice:secret" defaults_run

# POP3: bob's mailbox gets fresh mail over SMTP, then real clients read it back
printf 'Subject: pop3 round trip\r\n\r\nfirst line\r\n.a dot line\r\n..two dots\r\n.\r\nlast\r\n' >"$work/pop_1.eml"
pop3_fresh() { # empties bob's mailbox, then sends pop_1.eml to him over SMTP
    drain bob hunter2 || return 1
    curl -sS --url "smtp://127.0.0.1:$port" --mail-from carol@example.org \
        --mail-rcpt bob@example.com --upload-file "$work/pop_1.eml"
}
curl_pop3() {
    pop3_fresh || return 1
    curl -s "pop3://bob:hunter2@127.0.0.1:$pop3_port/" >"$work/curl_list" || return 1
    [[ "$(cat "$work/curl_list")" == "1 $(wc -c <"$work/pop_1.eml" | tr -d ' ')"$'\r' ]] ||
        { od -c "$work/curl_list"; return 1; }
    curl -s "pop3://bob:hunter2@127.0.0.1:$pop3_port/1" >"$work/curl_1.eml" || return 1
    cmp "$work/pop_1.eml" "$work/curl_1.eml" || return 1
    # and as the README shows it: a message for alice, read back as message 1
    drain alice secret || return 1
    curl -sS --url "smtp://127.0.0.1:$port" --mail-from carol@example.org \
        --mail-rcpt alice@example.com --upload-file "$work/msg_1.eml" || return 1
    curl -s "pop3://alice:secret@127.0.0.1:$pop3_port/1" | cmp - "$work/msg_1.eml"
}
check "curl pop3:// list and retrieve, byte-identical to the SMTP upload" curl_pop3

smtplib_verbs() {
    PORT="$port" python3 - <<'PY'
import os, smtplib
s = smtplib.SMTP("127.0.0.1", int(os.environ["PORT"]), timeout=10)
code, _ = s.ehlo("client.example")
assert code == 250
for ext in ("pipelining", "8bitmime", "chunking", "smtputf8", "enhancedstatuscodes"):
    assert s.has_extn(ext), (ext, s.esmtp_features)
assert s.esmtp_features["size"] == "33554432", s.esmtp_features
assert s.esmtp_features["auth"].split() == ["PLAIN", "LOGIN", "CRAM-MD5"], s.esmtp_features
assert s.verify("alice") == (250, b"2.1.5 <alice@localhost>"), s.verify("alice")
assert s.verify("nobody@example.com")[0] == 550
assert s.noop()[0] == 250
assert s.mail("carol@example.org")[0] == 250
assert s.rset()[0] == 250
# RSET ended the transaction: a RCPT now has no MAIL to belong to
assert s.rcpt("alice@example.com")[0] == 503
s.quit()
# HELO: a bare 250 with no extensions, and a message still goes through
s = smtplib.SMTP("127.0.0.1", int(os.environ["PORT"]), timeout=10)
code, text = s.helo("client.example")
assert (code, text) == (250, b"localhost"), (code, text)
assert s.sendmail("carol@example.org", ["alice@example.com"], b"Subject: helo\r\n\r\nplain\r\n") == {}
s.quit()
PY
}
check "smtplib: EHLO keywords (PIPELINING 8BITMIME CHUNKING SMTPUTF8 ENHANCEDSTATUSCODES SIZE AUTH), VRFY 250/550, NOOP, RSET, HELO" smtplib_verbs

poplib_capa() {
    PORT="$pop3_port" python3 - <<'PY'
import os, poplib
p = poplib.POP3("127.0.0.1", int(os.environ["PORT"]), timeout=10)
caps = p.capa()
for cap in ("TOP", "USER", "UIDL", "RESP-CODES", "PIPELINING"):
    assert cap in caps, (cap, caps)
assert caps["SASL"] == ["PLAIN", "LOGIN", "CRAM-MD5"], caps
p.quit()
PY
}
check "poplib: CAPA lists TOP USER UIDL RESP-CODES PIPELINING SASL PLAIN LOGIN CRAM-MD5" poplib_capa

poplib_session() {
    pop3_fresh || return 1
    PORT="$pop3_port" MSG="$work/pop_1.eml" python3 - <<'PY'
import os, poplib
port, want = int(os.environ["PORT"]), open(os.environ["MSG"], "rb").read()
lines = lambda raw: b"".join(l + b"\r\n" for l in raw)
p = poplib.POP3("127.0.0.1", port, timeout=10)
assert p.getwelcome().startswith(b"+OK") and b"<" in p.getwelcome()
p.user("bob")
p.pass_("hunter2")
assert p.stat() == (1, len(want)), p.stat()
uid = p.uidl(1).split()[-1]
assert p.uidl()[1] == [b"1 " + uid], p.uidl()
assert lines(p.retr(1)[1]) == want
top = lines(p.top(1, 1)[1])
assert top == b"Subject: pop3 round trip\r\n\r\nfirst line\r\n", top
# a second session is refused while this one holds the maildrop
q = poplib.POP3("127.0.0.1", port, timeout=10)
q.user("bob")
try:
    q.pass_("hunter2")
    raise SystemExit("second login accepted")
except poplib.error_proto as e:
    assert b"[IN-USE]" in e.args[0], e
q.quit()
p.quit()
# APOP, and a DELE undone by RSET
p = poplib.POP3("127.0.0.1", port, timeout=10)
p.apop("bob", "hunter2")
p.dele(1)
assert p.stat()[0] == 0
p.rset()
assert p.stat()[0] == 1
assert lines(p.retr(1)[1]) == want
p.quit()
try:
    poplib.POP3("127.0.0.1", port, timeout=10).apop("bob", "wrong")
    raise SystemExit("a wrong APOP digest was accepted")
except poplib.error_proto as e:
    assert e.args[0].startswith(b"-ERR"), e
PY
}
check "poplib: USER/PASS, APOP, TOP, UIDL, RETR byte-identical, [IN-USE], RSET" poplib_session

client_pop3() {
    pop3_fresh || return 1
    ./target/debug/examples/mail-client smtp --server "127.0.0.1:$port" --from carol@example.org \
        --to bob@example.com <"$work/big.eml" || return 1
    rm -rf "$work/fetched"
    ./target/debug/examples/mail-client pop3 --server "127.0.0.1:$pop3_port" --user bob \
        --pass hunter2 --apop --delete --out "$work/fetched" || return 1
    cmp "$work/pop_1.eml" "$work/fetched/1.eml" || return 1
    cmp "$work/big.eml" "$work/fetched/2.eml" || return 1
    # deleted at QUIT: nothing is left
    ./target/debug/examples/mail-client pop3 --server "127.0.0.1:$pop3_port" --user bob \
        --pass hunter2 --out "$work/empty" | grep -q "^saved 0 messages" || return 1
    # a wrong password: the server's reply and a non-zero exit
    ! ./target/debug/examples/mail-client pop3 --server "127.0.0.1:$pop3_port" --user bob \
        --pass wrong --out "$work/empty" 2>"$work/err" || return 1
    grep -q -- "-ERR \[AUTH\]" "$work/err"
}
check "mail-client pop3: SMTP in, POP3 out byte-identical (20 MB too), --apop --delete" client_pop3

fetchmail_run() {
    pop3_fresh || return 1
    printf 'poll 127.0.0.1 service %s protocol pop3 auth password user "bob" password "hunter2" sslproto "" mda "cat > %s"\n' \
        "$pop3_port" "$work/fetchmail.eml" >"$work/fetchmailrc"
    chmod 600 "$work/fetchmailrc"
    # --invisible: fetchmail adds no Received: header of its own (fetchmail(1))
    HOME="$work" fetchmail -f "$work/fetchmailrc" -i "$work/fetchmail.ids" --nodetach --nosyslog --invisible || return 1
    # an MDA gets the message with LF line ends (fetchmail turns each CRLF into LF):
    # with that one change, every byte as sent, nothing added
    tr -d '\r' <"$work/pop_1.eml" >"$work/fetchmail.expected" || return 1
    cmp "$work/fetchmail.expected" "$work/fetchmail.eml" || { od -c "$work/fetchmail.eml" | head -20; return 1; }
    # fetchmail deleted what it fetched: bob's mailbox is empty
    [[ -z "$(curl -s "pop3://bob:hunter2@127.0.0.1:$pop3_port/" | tr -d "\r\n")" ]]
}
check "fetchmail --invisible --mda: the SMTP message fetched byte-identical (LF line ends), then deleted" fetchmail_run

# hostile peers, one check each: python code on stdin, run after the helpers every
# one of them starts with, PORT set and GREETING the first bytes the server says
peer_py() { # PORT GREETING
    local code
    code="$(cat)"
    PORT="$1" GREETING="$2" python3 -c 'import os, socket, time
port = int(os.environ["PORT"])
greeting = os.environ["GREETING"].encode()
def connect():
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    assert s.recv(512).startswith(greeting)
    return s
def talk(s, line):
    s.sendall(line)
    return s.recv(4096)
def replies(s):
    """the reply lines as they come, one complete reply at a time"""
    f = s.makefile("rb")
    while True:
        lines = [f.readline()]
        while lines[-1][3:4] == b"-":
            lines.append(f.readline())
        yield b"".join(lines)
def flood(s, limit, pause=0.0):
    """sends one line with no end, 64 KiB at a time, until the server closes or
    `limit` bytes went; returns (bytes sent, whether the server closed)"""
    sent = 0
    try:
        while sent < limit:
            s.sendall(b"y" * 65536)
            sent += 65536
            time.sleep(pause)
    except (BrokenPipeError, ConnectionResetError):
        return sent, True
    return sent, False
def read_to_close(s):
    """what the server says until it closes (a reset ends it too)"""
    got = b""
    try:
        while True:
            data = s.recv(4096)
            if not data:
                break
            got += data
    except ConnectionResetError:
        pass
    return got
'"$code"
}
smtp_py() { peer_py "$port" 220; }
pop3_py() { peer_py "$pop3_port" +OK; }

pop3_hostile() {
    pop3_py <<'PY'
# a line that never ends is closed, while another connection is served meanwhile
other = connect()
s = connect()
flood(s, 64 * 65536, pause=0.01)
got = read_to_close(s)
assert got.startswith(b"-ERR"), got[:80]
other.sendall(b"CAPA\r\n")
assert other.recv(4096).startswith(b"+OK")
other.sendall(b"QUIT\r\n")
assert other.recv(512).startswith(b"+OK")
PY
}
check "pop3 hostile peer: an endless line is closed, another connection still served" pop3_hostile

hostile_endless() {
    smtp_py <<'PY'
# a line that never ends: refused, the connection still speaks
s = connect()
s.sendall(b"EHLO " + b"x" * 200000)
s.sendall(b"\r\nNOOP\r\n")
got = b""
while b"250 2.0.0" not in got:
    got += s.recv(4096)
assert got.startswith(b"500"), got[:80]
s.close()
# a line with no CRLF at all: past 1 MiB skipped the machine says 421 and closes,
# long before the 64 MiB this peer would send; the server lingers on the close, so
# the 421 reaches a peer that is still sending instead of being lost to a reset
import select
s = connect()
sent = 0
while sent < 64 << 20 and not select.select([s], [], [], 0)[0]:
    s.sendall(b"y" * 65536)
    sent += 65536
got = read_to_close(s)  # returns once the server closed
assert sent < 8 << 20, (sent, got[:80])
assert got == b"421 4.7.0 Line too long, closing connection\r\n", got[:80]
print("closed after %d MiB sent: %r" % (sent >> 20, got.strip()))
PY
}
check "smtp hostile peer: an endless line (refused at its end; one with no end closed past 1 MiB)" hostile_endless

printf 'Subject: served beside 300 idle connections\r\n\r\nstill served\r\n' >"$work/idle.eml"
hostile_idle() {
    local rss
    MSG="$work/idle.eml" smtp_py <<'PY' || return 1
# 300 idle connections, each greeted, while a normal client sends a message
idle = [connect() for _ in range(300)]
s = connect()
r = replies(s)
msg = open(os.environ["MSG"], "rb").read()
for line, code in [(b"EHLO c\r\n", b"250"), (b"MAIL FROM:<c@example.org>\r\n", b"250"),
                   (b"RCPT TO:<alice@example.com>\r\n", b"250"), (b"DATA\r\n", b"354"),
                   (msg + b".\r\n", b"250"), (b"QUIT\r\n", b"221")]:
    s.sendall(line)
    got = next(r)
    assert got.startswith(code), (line[:20], got)
s.close()
# and the idle ones were kept, not dropped: each still answers
for c in idle:
    assert talk(c, b"NOOP\r\n").startswith(b"250"), "an idle connection was dropped"
    c.close()
PY
    delivered "$work/idle.eml" alice || return 1
    rss="$(server_rss)"
    note "server resident memory after 300 idle connections: ${rss} kB"
    ((rss < 262144))
}
check "smtp hostile peers: 300 idle connections, a normal client served meanwhile" hostile_idle

hostile_bdat() {
    local before rss_before rss
    before="$(deliveries)"
    rss_before="$(server_rss)"
    NOTES="$work/notes" smtp_py <<'PY' || return 1
# a 4 GiB BDAT chunk announced over the 32 MiB SIZE: the server must take and discard
# all of it (RFC 3030 §3), then refuse the message, and the session goes on
s = connect()
r = replies(s)
s.sendall(b"EHLO c\r\n")
assert b"\r\n250-SIZE 33554432\r\n" in next(r)
for line in (b"MAIL FROM:<a@example.org>\r\n", b"RCPT TO:<alice@example.com>\r\n"):
    s.sendall(line)
    assert next(r).startswith(b"250"), line
start = time.time()
s.sendall(b"BDAT 4294967296 LAST\r\n")
block = b"y" * (1 << 20)
for _ in range(4096):
    s.sendall(block)
got = next(r)
assert got == b"552 5.3.4 Message size exceeds fixed limit\r\n", got
with open(os.environ["NOTES"], "a") as notes:
    print("4 GiB sent and discarded, then %r, in %.1f s" % (got, time.time() - start), file=notes)
s.sendall(b"NOOP\r\n")
assert next(r).startswith(b"250"), "the session did not go on"
s.sendall(b"QUIT\r\n")
assert next(r).startswith(b"221")
PY
    no_new_delivery "$before" || return 1
    rss="$(server_rss)"
    note "server resident memory: ${rss_before} kB before the 4 GiB chunk, ${rss} kB after"
    ((rss < rss_before + 65536))
}
check "smtp hostile peer: a 4 GB BDAT announced is discarded, then 552 5.3.4, the session goes on" hostile_bdat

hostile_mid_data() {
    local before
    before="$(deliveries)"
    curl -s "pop3://alice:secret@127.0.0.1:$pop3_port/" >"$work/alice_before" || return 1
    smtp_py <<'PY' || return 1
# a client that disconnects mid-DATA: nothing is stored, the server goes on
s = connect()
talk(s, b"EHLO c\r\n")
talk(s, b"MAIL FROM:<a@b>\r\n")
talk(s, b"RCPT TO:<alice@example.com>\r\n")
assert talk(s, b"DATA\r\n").startswith(b"354")
s.sendall(b"Subject: half\r\n\r\nnever finished\r\n")
s.close()
time.sleep(0.3)
s = connect()
assert talk(s, b"NOOP\r\n").startswith(b"250")
s.close()
PY
    no_new_delivery "$before" || return 1
    # alice's maildrop over POP3 lists what it listed before, nothing half-stored
    curl -s "pop3://alice:secret@127.0.0.1:$pop3_port/" | cmp - "$work/alice_before"
}
check "smtp hostile peer: a disconnect mid-DATA stores nothing" hostile_mid_data

hostile_fds() {
    # a server allowed few file descriptors (ulimit -n 48, below its connection limit):
    # it caps its connections to what it can open, so every client past the cap is
    # still accepted and told 421 4.3.2 (none left waiting in the backlog), nothing
    # spins (under 0.2 s of CPU in 2 s), and once the peer lets go it serves again
    local flog="$work/fd-server.log" fport rc=0
    (ulimit -n 48 && exec ./target/debug/examples/mail-server --smtp 127.0.0.1:0 --pop3 127.0.0.1:0) >"$flog" 2>&1 &
    big_pid=$!
    for _ in $(seq 100); do grep -q "pop3 listening" "$flog" && break; sleep 0.1; done
    fport="$(sed -n 's/^smtp listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$flog")"
    PORT="$fport" PID="$big_pid" python3 - <<'PY' || rc=1
import os, socket, time
port, pid = int(os.environ["PORT"]), os.environ["PID"]
def cpu():
    f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
held = []
for _ in range(80):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    held.append((s, s.recv(512)))
greeted = sum(1 for _, g in held if g.startswith(b"220 "))
busy = sum(1 for _, g in held if g.startswith(b"421 4.3.2"))
assert greeted + busy == 80 and greeted > 0 and busy > 0, (greeted, busy)
before = cpu()
time.sleep(2)
spent = cpu() - before
assert spent < 0.2, "%.2f s of CPU in 2 s" % spent
for s, _ in held:
    s.close()
time.sleep(0.5)
s = socket.create_connection(("127.0.0.1", port), timeout=10)
greeting = s.recv(512)
assert greeting.startswith(b"220"), greeting
s.sendall(b"QUIT\r\n")
print("%d greeted, %d told 421 4.3.2, %.2f s of CPU idle; served again after" % (greeted, busy, spent))
PY
    grep -q "max connections per listener" "$flog" || { echo "no cap announced:"; cat "$flog"; rc=1; }
    kill "$big_pid"
    wait "$big_pid" 2>/dev/null || true
    big_pid=""
    return "$rc"
}
check "smtp hostile peers: few file descriptors, connections capped to them, every one past the cap told 421 4.3.2" hostile_fds

# ---- our client, real servers: OpenSMTPD delivers into Maildirs that Dovecot serves over POP3
real_start=$SECONDS
real="$work/real"
mkdir -p "$real/mail" "$real/home" "$real/dovecot"
chmod 711 "$work" # the servers' unprivileged processes pass through it
chown interopmail: "$real/mail"
mail_uid="$(id -u interopmail)"
mail_gid="$(id -g interopmail)"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
smtpd_port="$(free_port)"
dovecot_port="$(free_port)"
while [[ "$dovecot_port" == "$smtpd_port" ]]; do dovecot_port="$(free_port)"; done
# OpenSMTPD: the users in a userbase table (mail stored as interopmail), any other
# recipient at example.com refused with 550
for user in alice bob; do echo "$user $mail_uid:$mail_gid:$real/home"; done >"$real/userbase"
cat >"$real/smtpd.conf" <<CONF
table users file:$real/userbase
listen on 127.0.0.1 port $smtpd_port hostname interop.test
action "maildir" maildir "$real/mail/%{user.username}" userbase <users>
match from any for domain "example.com" action "maildir"
CONF
# Dovecot: POP3 only, plaintext on loopback, APOP from the plaintext passwd-file
for user in alice:secret bob:hunter2; do
    echo "${user%%:*}:{PLAIN}${user#*:}:$mail_uid:$mail_gid::$real/home::"
done >"$real/dovecot/passwd"
cat >"$real/dovecot/dovecot.conf" <<CONF
base_dir = $real/dovecot/run
state_dir = $real/dovecot/state
log_path = $real/dovecot.log
protocols = pop3
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain apop
auth_failure_delay = 0
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = $mail_uid
last_valid_uid = $mail_uid
mail_location = maildir:$real/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN $real/dovecot/passwd
}
userdb {
  driver = passwd-file
  args = $real/dovecot/passwd
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $dovecot_port
  }
}
CONF
# each in the foreground and in its own process group (setsid), so the pid is the group
setsid /usr/sbin/smtpd -d -f "$real/smtpd.conf" >"$real/smtpd.log" 2>&1 </dev/null &
smtpd_pid=$!
setsid /usr/sbin/dovecot -F -c "$real/dovecot/dovecot.conf" >"$real/dovecot.out" 2>&1 </dev/null &
dovecot_pid=$!
greets() { # port, the greeting's first bytes
    python3 - "$@" <<'PY'
import socket, sys
try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
    ok = s.recv(512).startswith(sys.argv[2].encode())
    s.close()
except OSError:
    ok = False
sys.exit(0 if ok else 1)
PY
}
real_up() {
    local port="$1" greeting="$2" pid="$3" out="$4"
    for _ in $(seq 100); do
        greets "$port" "$greeting" && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$out"
    return 1
}
check "OpenSMTPD $(/usr/sbin/smtpd -h 2>&1 | sed -n 's/^version: OpenSMTPD //p' | head -n 1) answers on 127.0.0.1:$smtpd_port (pid $smtpd_pid)" \
    real_up "$smtpd_port" "220 " "$smtpd_pid" "$real/smtpd.log"
check "Dovecot $(/usr/sbin/dovecot --version | cut -d' ' -f1) POP3 answers on 127.0.0.1:$dovecot_port (pid $dovecot_pid)" \
    real_up "$dovecot_port" "+OK" "$dovecot_pid" "$real/dovecot.out"

# the test message: CRLF lines, dot lines, a 990-octet line, 8-bit bytes (OpenSMTPD offers
# 8BITMIME), then about 2 MB; Date: and Message-ID: are given, else OpenSMTPD adds them
OUT="$real/msg.eml" python3 - <<'PY'
import os
m = (b"From: Carol <carol@example.org>\r\nTo: alice@example.com, bob@example.com\r\n"
     b"Date: Mon, 07 Dec 2026 08:00:00 +0000\r\nMessage-ID: <interop.1@example.org>\r\n"
     b"Subject: real servers\r\nMIME-Version: 1.0\r\n"
     b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
     b"first line\r\n.a dot line\r\n..two dots\r\n.\r\n" + b"L" * 990 + b"\r\n"
     + "h\u00e9llo w\u00f6rld \u2713\r\n".encode() + b"\r\n")
m += b"".join(b"line %07d %s\r\n" % (i, b"y" * 60) for i in range(28000))
m += b"last line\r\n"
open(os.environ["OUT"], "wb").write(m)
PY
maildir_count() { # user: messages waiting in the Maildir
    find "$real/mail/$1" -type f \( -path '*/new/*' -o -path '*/cur/*' \) 2>/dev/null | wc -l
}
delivered_to() { # user, how many: wait for OpenSMTPD's MDA
    for _ in $(seq 100); do
        (($(maildir_count "$1") >= $2)) && return 0
        sleep 0.1
    done
    echo "$1 has $(maildir_count "$1") messages, not $2"
    cat "$real/smtpd.log"
    return 1
}
# the retrieved message is the sent one byte for byte but the trace header lines the MTA
# prepends (Return-Path:, Delivered-To:, Received: with its folded lines)
same_but_trace() { # sent, retrieved
    python3 - "$@" <<'PY'
import re, sys
sent, got = (open(p, "rb").read() for p in sys.argv[1:3])
trace = re.match(rb"(?:(?:Return-Path|Delivered-To|Received):[^\r\n]*\r\n(?:[ \t][^\r\n]*\r\n)*)*", got).group(0)
rest = got[len(trace):]
if rest != sent:
    i = next((i for i, (a, b) in enumerate(zip(sent, rest)) if a != b), min(len(sent), len(rest)))
    sys.exit("differs at byte %d of %d (got %d after %d of trace): sent %r, got %r"
             % (i, len(sent), len(rest), len(trace), sent[max(0, i - 40):i + 40], rest[max(0, i - 40):i + 40]))
assert b"Received: " in trace, trace
print("%d bytes identical after %d bytes of trace headers:" % (len(rest), len(trace)))
print(trace.decode(errors="replace"), end="")
PY
}
client=./target/debug/examples/mail-client
real_round_trip() {
    "$client" smtp --server "127.0.0.1:$smtpd_port" --from carol@example.org \
        --to alice@example.com --to bob@example.com <"$real/msg.eml" || return 1
    delivered_to alice 1 && delivered_to bob 1 || return 1
    rm -rf "$real/alice1" "$real/bob1"
    "$client" pop3 --server "127.0.0.1:$dovecot_port" --user alice --pass secret --out "$real/alice1" || return 1
    "$client" pop3 --server "127.0.0.1:$dovecot_port" --user bob --pass hunter2 --out "$real/bob1" || return 1
    [[ "$(find "$real/alice1" "$real/bob1" -type f | wc -l)" -eq 2 ]] || return 1
    same_but_trace "$real/msg.eml" "$real/alice1/1.eml" && same_but_trace "$real/msg.eml" "$real/bob1/1.eml"
}
check "mail-client smtp -> OpenSMTPD -> Maildir -> Dovecot POP3 -> mail-client pop3: 2 MB, dot lines, 990-octet line, 8-bit, byte-identical but the trace headers" \
    real_round_trip
real_refused() {
    # (timeout: a client that forgets to end the dropped body waits 5 minutes for QUIT)
    ! timeout 30 "$client" smtp --server "127.0.0.1:$smtpd_port" --from carol@example.org \
        --to nobody@example.com <"$real/msg.eml" 2>"$real/refused.err" || return 1
    cat "$real/refused.err"
    grep -q "^nobody@example.com: 550 " "$real/refused.err" || return 1
    # one refused of two: non-zero all the same, though bob's copy is queued
    ! "$client" smtp --server "127.0.0.1:$smtpd_port" --from carol@example.org \
        --to bob@example.com --to nobody@example.com <"$real/msg.eml" 2>"$real/refused.err" || return 1
    cat "$real/refused.err"
    grep -q "1 of 2 recipients refused" "$real/refused.err" && delivered_to bob 2
}
check "mail-client smtp exits non-zero when OpenSMTPD refuses a recipient (550), at once with 2 MB" real_refused
real_apop_delete() {
    # bob has the message from the round trip and the one from the refused check
    rm -rf "$real/bob2" "$real/bob3"
    "$client" pop3 --server "127.0.0.1:$dovecot_port" --user bob --pass hunter2 --apop --delete \
        --out "$real/bob2" | grep "^saved 2 messages" || return 1
    same_but_trace "$real/msg.eml" "$real/bob2/1.eml" || return 1
    same_but_trace "$real/msg.eml" "$real/bob2/2.eml" || return 1
    grep "method=APOP" "$real/dovecot.log" || return 1
    "$client" pop3 --server "127.0.0.1:$dovecot_port" --user bob --pass hunter2 --out "$real/bob3" |
        grep "^saved 0 messages" || return 1
    (($(maildir_count bob) == 0)) || return 1
    # a wrong APOP digest: Dovecot's -ERR and a non-zero exit
    ! "$client" pop3 --server "127.0.0.1:$dovecot_port" --user bob --pass wrong --apop \
        --out "$real/bob3" 2>"$real/apop.err" || return 1
    cat "$real/apop.err"
    grep -q -- "-ERR" "$real/apop.err"
}
check "mail-client pop3 --apop --delete against Dovecot: byte-identical, then the maildrop is empty; a wrong digest refused" \
    real_apop_delete
real_stopped() {
    local pid
    for pid in "$smtpd_pid" "$dovecot_pid"; do
        stop_group "$pid"
        ! pgrep -g "$pid" || return 1
    done
    smtpd_pid=""
    dovecot_pid=""
    ! greets "$smtpd_port" 220 && ! greets "$dovecot_port" +OK || return 1
    # nor did the packages leave the system daemons on 25 and 110 (a server that was
    # there before this script ran is not its business)
    [[ " $taken_before " == *" 25 "* ]] || ! greets 25 220 || return 1
    [[ " $taken_before " == *" 110 "* ]] || ! greets 110 +OK
}
check "OpenSMTPD and Dovecot stopped by pid, no process of theirs left, nothing on 25/110" real_stopped
echo "real servers section: $((SECONDS - real_start)) s"

echo "interop: $passed passed, $failed failed"
((failed == 0))
