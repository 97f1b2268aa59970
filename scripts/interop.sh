#!/usr/bin/env bash
# Interop: the example mail server against real SMTP clients (curl, swaks, msmtp,
# Python's smtplib), real POP3 clients (curl, Python's poplib, fetchmail, our
# mail-client) and
# hostile peers, on a loopback port it picks. Installs what is
# missing, stops its own processes by pid, prints "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for tool in curl swaks msmtp fetchmail; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
    echo "installing ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v python3 >/dev/null

cargo build -q -p examples --example mail-server --example mail-client
work="$(mktemp -d)"
log="$work/server.log"
./target/debug/examples/mail-server --smtp 127.0.0.1:0 --pop3 127.0.0.1:0 --user alice:secret --user bob:hunter2 >"$log" 2>&1 &
server_pid=$!
cleanup() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 100); do grep -q "pop3 listening" "$log" && break; sleep 0.1; done
port="$(sed -n 's/^smtp listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log")"
pop3_port="$(sed -n 's/^pop3 listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log")"
[[ -n "$port" && -n "$pop3_port" ]] || { cat "$log"; echo "the server did not start" >&2; exit 1; }
echo "mail-server on 127.0.0.1:$port (smtp), 127.0.0.1:$pop3_port (pop3) (pid $server_pid)"

passed=0
failed=0
check() { # name, then a command that must succeed
    local name="$1"
    shift
    if "$@" >"$work/out" 2>&1; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name"
        sed 's/^/     /' "$work/out" | tail -n 30
    fi
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
        --mail-rcpt alice@example.com --upload-file "$work/msg_1.eml"
    delivered "$work/msg_1.eml" alice
}
check "curl --upload-file (EHLO msg_1.eml)" curl_upload

swaks_run() { # auth mechanism, password, extra args
    swaks --server "127.0.0.1:$port" --from carol@example.org --to bob@example.com \
        --auth "$1" --auth-user bob --auth-password "$2" "${@:3}"
}
check "swaks pipelining + AUTH PLAIN" swaks_run PLAIN hunter2 --pipeline
check "swaks AUTH LOGIN" swaks_run LOGIN hunter2
check "swaks AUTH CRAM-MD5" swaks_run CRAM-MD5 hunter2
swaks_refused() { ! swaks_run CRAM-MD5 wrong; }
check "swaks CRAM-MD5 with a wrong password is refused" swaks_refused

printf 'Subject: msmtp\n\nbody line\n.leading dot\n' >"$work/msmtp.txt"
printf 'Subject: msmtp\r\n\r\nbody line\r\n.leading dot\r\n' >"$work/msmtp.expected"
msmtp_send() {
    msmtp --host=127.0.0.1 --port="$port" --from=carol@example.org --auth=plain --user=alice \
        --passwordeval='echo secret' --tls=off \
        --set-from-header=off --set-date-header=off --set-msgid-header=off alice@example.com <"$work/msmtp.txt"
    delivered "$work/msmtp.expected" alice
}
check "msmtp AUTH PLAIN, LF input sent as CRLF" msmtp_send

smtplib_session() {
    PORT="$port" OUT="$work" python3 - <<'PY'
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
    PORT="$port" OUT="$work" python3 - <<'PY'
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

client_send() {
    # our streaming client: a 20 MB message in bounded memory, and a refused recipient
    python3 -c "import sys; [sys.stdout.write('line %07d ' % i + 'x' * 60 + '\\r\\n') for i in range(280000)]" >"$work/big.eml"
    /usr/bin/time -f "%M" -o "$work/rss" ./target/debug/examples/mail-client smtp --server "127.0.0.1:$port" \
        --from carol@example.org --to alice@example.com --user alice --pass secret <"$work/big.eml"
    delivered "$work/big.eml" alice
    echo "mail-client peak memory: $(cat "$work/rss") kB for $(wc -c <"$work/big.eml") bytes"
    (($(cat "$work/rss") < 65536))
    ! ./target/debug/examples/mail-client smtp --server "127.0.0.1:$port" --from carol@example.org \
        --to alice@example.com --to nobody@example.com <"$work/msg_1.eml"
}
check "mail-client smtp: 20 MB streamed in bounded memory, exit 1 on a refused recipient" client_send

# POP3: bob's mailbox gets fresh mail over SMTP, then real clients read it back
printf 'Subject: pop3 round trip\r\n\r\nfirst line\r\n.a dot line\r\n..two dots\r\n.\r\nlast\r\n' >"$work/pop_1.eml"
pop3_fresh() { # empties bob's mailbox, then sends pop_1.eml to him over SMTP
    ./target/debug/examples/mail-client pop3 --server "127.0.0.1:$pop3_port" --user bob \
        --pass hunter2 --delete --out "$work/drain" >/dev/null
    curl -sS --url "smtp://127.0.0.1:$port" --mail-from carol@example.org \
        --mail-rcpt bob@example.com --upload-file "$work/pop_1.eml"
}
curl_pop3() {
    pop3_fresh
    curl -s "pop3://bob:hunter2@127.0.0.1:$pop3_port/" >"$work/curl_list"
    [[ "$(cat "$work/curl_list")" == "1 $(wc -c <"$work/pop_1.eml" | tr -d ' ')"$'\r' ]] ||
        { od -c "$work/curl_list"; return 1; }
    curl -s "pop3://bob:hunter2@127.0.0.1:$pop3_port/1" >"$work/curl_1.eml"
    cmp "$work/pop_1.eml" "$work/curl_1.eml"
    # and alice's message from the first check, as the README shows it
    curl -s "pop3://alice:secret@127.0.0.1:$pop3_port/1" | cmp - "$work/msg_1.eml"
}
check "curl pop3:// list and retrieve, byte-identical to the SMTP upload" curl_pop3

poplib_session() {
    pop3_fresh
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
    pop3_fresh
    ./target/debug/examples/mail-client smtp --server "127.0.0.1:$port" --from carol@example.org \
        --to bob@example.com <"$work/big.eml"
    rm -rf "$work/fetched"
    ./target/debug/examples/mail-client pop3 --server "127.0.0.1:$pop3_port" --user bob \
        --pass hunter2 --apop --delete --out "$work/fetched"
    cmp "$work/pop_1.eml" "$work/fetched/1.eml"
    cmp "$work/big.eml" "$work/fetched/2.eml"
    # deleted at QUIT: nothing is left
    ./target/debug/examples/mail-client pop3 --server "127.0.0.1:$pop3_port" --user bob \
        --pass hunter2 --out "$work/empty" | grep -q "^saved 0 messages"
    # a wrong password: the server's reply and a non-zero exit
    ! ./target/debug/examples/mail-client pop3 --server "127.0.0.1:$pop3_port" --user bob \
        --pass wrong --out "$work/empty" 2>"$work/err"
    grep -q -- "-ERR \[AUTH\]" "$work/err"
}
check "mail-client pop3: SMTP in, POP3 out byte-identical (20 MB too), --apop --delete" client_pop3

fetchmail_run() {
    pop3_fresh
    printf 'poll 127.0.0.1 service %s protocol pop3 auth password user "bob" password "hunter2" sslproto "" mda "cat > %s"\n' \
        "$pop3_port" "$work/fetchmail.eml" >"$work/fetchmailrc"
    chmod 600 "$work/fetchmailrc"
    HOME="$work" fetchmail -f "$work/fetchmailrc" -i "$work/fetchmail.ids" --nodetach --nosyslog
    # fetchmail prepends its Received: header and hands the MDA LF line ends
    MSG="$work/pop_1.eml" GOT="$work/fetchmail.eml" python3 - <<'PY'
import os, re
want = open(os.environ["MSG"], "rb").read().replace(b"\r\n", b"\n")
got = open(os.environ["GOT"], "rb").read()
got = re.sub(rb"\AReceived:.*?\n(?![ \t])", b"", got, flags=re.S)
assert got == want, (got, want)
PY
    # fetchmail deleted what it fetched: bob's mailbox is empty
    [[ -z "$(curl -s "pop3://bob:hunter2@127.0.0.1:$pop3_port/" | tr -d "\r\n")" ]]
}
check "fetchmail --mda: the SMTP message fetched byte-identical (but its Received: line), then deleted" fetchmail_run

pop3_hostile() {
    PORT="$pop3_port" python3 - <<'PY'
import os, socket, time
port = int(os.environ["PORT"])
def connect():
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    assert s.recv(512).startswith(b"+OK")
    return s
# a line that never ends is closed, while another connection is served meanwhile
other = connect()
s = connect()
got = b""
try:
    for _ in range(64):
        s.sendall(b"x" * 65536)
        time.sleep(0.01)
except (BrokenPipeError, ConnectionResetError):
    pass
try:
    while True:
        data = s.recv(4096)
        if not data:
            break
        got += data
except ConnectionResetError:
    pass
assert got.startswith(b"-ERR"), got[:80]
other.sendall(b"CAPA\r\n")
assert other.recv(4096).startswith(b"+OK")
other.sendall(b"QUIT\r\n")
assert other.recv(512).startswith(b"+OK")
PY
}
check "pop3 hostile peer: an endless line is closed, another connection still served" pop3_hostile

hostile() {
    PORT="$port" python3 - <<'PY'
import os, socket, time
port = int(os.environ["PORT"])
def connect():
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    assert s.recv(512).startswith(b"220")
    return s
def talk(s, line):
    s.sendall(line)
    return s.recv(4096)
# a line that never ends: refused, the connection still speaks
s = connect()
s.sendall(b"EHLO " + b"x" * 200000)
s.sendall(b"\r\nNOOP\r\n")
got = b""
while b"250 2.0.0" not in got:
    got += s.recv(4096)
assert got.startswith(b"500"), got[:80]
s.close()
# 300 idle connections while a normal client is served
idle = [connect() for _ in range(300)]
s = connect()
assert talk(s, b"EHLO c\r\n").startswith(b"250")
assert talk(s, b"QUIT\r\n").startswith(b"221")
for c in idle:
    c.close()
# a 4 GB BDAT announced: refused over SIZE, no memory held, the server goes on
s = connect()
talk(s, b"EHLO c\r\n")
assert talk(s, b"MAIL FROM:<a@b>\r\n").startswith(b"250")
assert talk(s, b"RCPT TO:<alice@example.com>\r\n").startswith(b"250")
s.sendall(b"BDAT 4294967296 LAST\r\n" + b"y" * (1 << 20))
s.close()
# a client that disconnects mid-DATA: nothing is stored
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
    # memory stayed bounded through all of it
    local rss
    rss="$(awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status")"
    echo "server resident memory after the hostile peers: ${rss} kB"
    ((rss < 262144)) || return 1
    # the half message and the 4 GB one never reached a mailbox
    [[ "$(grep -c '^smtp delivered' "$log")" -eq "$1" ]] || { cat "$log"; return 1; }
}
deliveries_before="$(grep -c '^smtp delivered' "$log" || true)"
check "hostile peers: endless line, 300 idle connections, 4 GB BDAT, disconnect mid-DATA" hostile "$deliveries_before"

echo "interop: $passed passed, $failed failed"
((failed == 0))
