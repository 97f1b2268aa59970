#!/usr/bin/env python3
"""Regenerates the IMAP fuzz seeds taken from real bytes (deterministic: the same
inputs give the same files).

    python3 scripts/imap-fuzz-seeds.py [SHARED]

SHARED is the folder beside the repository holding corpus/, seeds/ and rfc/
(default: ../shared from the repository root). It writes, under fuzz/seeds/:

- imap_response: every distinct server response of the MailKit corpus
  (corpus/mailkit-imap/<server>/*.txt, greetings excepted), one file per response,
  named corpus-<server>-NNN; the server lines of the IMAP sessions in seeds/
  (seed000-NNN, seed001-NNN, seed004-NNN); the `S:` lines of the RFC 3501 and
  RFC 9051 examples (rfc3501-<section>-N, rfc9051-<section>-N).
- imap_greeting: the corpus greeting files (corpus-<server>-<file>) and the greetings
  that open a seed session or an RFC example.
- imap_command: the client lines of the same sessions and examples, one command per
  file (a command with a literal takes its payload lines).
- imap_framer: whole exchanges, each stream behind the byte the target reads first
  (odd: a client's framer reading server bytes, even: a server's framer reading
  client bytes; the byte also picks where the input is split): each corpus file
  whole, and each RFC example's and seed session's server and client streams.

imap_roundtrip gets none: its input is the entropy `arbitrary` builds values from,
not protocol bytes.

How the bytes are rebuilt:
- corpus files have LF line ends, turned into CRLF (the literal lengths count CRLF);
  the masked tags `A########` stay as they are (a valid tag).
- RFC and seed lines: the text after `C:`/`S:` with its leading and trailing blanks
  removed, ended with CRLF; a deeper-indented line without a marker continues the
  line before it (after a space, or directly for base64); `S: +` gets back the space
  its grammar needs; lines holding `...` (elided data) are skipped, and so is a
  message with a placeholder such as `<the POP3 server sends message 1>`.
- a literal `{N}` takes the lines that follow from the same side as its payload
  (server: up to a line starting with `)`, which continues the response; client: up
  to the next server line, the last client line being the command's own end). Where
  the payload's length is not N as printed, N is set to the length (said on stderr).
- seeds/004 lost its line breaks: each exchange is one text line, split before
  ` * ` and before ` . OK`/` . NO`/` . BAD`; its two exchanges with literals lost the
  literals' line breaks too and are left out.

So that each target keeps a few hundred files at most, responses (and the framer's
streams) are kept by shape, not by bytes: literal payloads, quoted strings, numbers and the human-readable text of a
status response do not count, so `* 3 EXISTS` and `* 172 EXISTS` are one seed. When
a target still has more shapes than its cap, they are taken in turn from each
origin (a corpus server, an RFC, a seed page), the first of each origin first.

Files this script wrote before (names starting with corpus-, seed0 or rfc) are
removed first; hand-written seeds are kept. Files over 64 KiB are skipped.
"""

import os
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "fuzz" / "seeds"
GENERATED = ("corpus-", "seed0", "rfc")
MAX_SIZE = 64 * 1024
TARGETS = ("imap_response", "imap_greeting", "imap_command", "imap_framer")
CAP = {"imap_response": 300, "imap_greeting": 100, "imap_command": 250, "imap_framer": 250}

# the first byte of a framer seed: odd picks the client side, even the server side;
# its value (bounded by the length) is also where the target splits the input
CLIENT_SIDE = (1, 3, 7, 15, 31, 63, 127, 255)
SERVER_SIDE = (0, 2, 6, 14, 30, 62, 126, 254)

LITERAL = re.compile(rb"~?\{(\d+)\+?\}$")


def log(msg):
    print(msg, file=sys.stderr)


def crlf(data):
    """LF line ends made CRLF (a CRLF already there is kept)."""
    return re.sub(rb"(?<!\r)\n", b"\r\n", data)


def split_messages(data):
    """One message per response: a line, and across each literal it announces; after
    a literal, a line holding only blanks followed by a line starting with `)` is
    taken with it (Gmail's ` CRLF )`, read under crlf_before_paren)."""
    out = []
    i = 0
    while i < len(data):
        pos = i
        after_literal = False
        while True:
            j = data.find(b"\r\n", pos)
            if j < 0:
                end = len(data)
                break
            seg = data[pos:j]
            m = LITERAL.search(seg)
            if m:
                pos = j + 2 + int(m.group(1))
                after_literal = True
                continue
            if after_literal and seg.strip(b" ") == b"" and data[j + 2 : j + 3] == b")":
                pos = j + 2
                after_literal = False
                continue
            end = j + 2
            break
        out.append(data[i:end])
        i = end
    return out


LITERAL_IN = re.compile(rb"~?\{(\d+)\+?\}\r\n")
STATUS = re.compile(rb"^(\S+ (?:OK|NO|BAD|BYE|PREAUTH)(?: \[[^\]]*\])?)[^\r\n]*", re.I)


def shape(msg):
    """What a seed is kept for: the bytes without literal payloads, quoted strings'
    contents, numbers, and a status response's text."""
    out = b""
    i = 0
    while True:
        m = LITERAL_IN.search(msg, i)
        if not m:
            out += msg[i:]
            break
        out += msg[i : m.start()] + b"{L}"
        i = m.end() + int(m.group(1))
    out = STATUS.sub(rb"\1", out)
    out = re.sub(rb'"(?:[^"\\\r\n]|\\.)*"', b'""', out)
    return re.sub(rb"\d+", b"0", out)


def write(target, name, data, written, origin, key=None):
    """Keeps `data` as `target/name` unless a seed of its shape (or `key`) is there."""
    if len(data) > MAX_SIZE:
        log(f"skipped {target}/{name}: {len(data)} bytes")
        return
    if name in written[target]:
        raise SystemExit(f"two seeds named {target}/{name}")
    if key is None:
        # greetings and commands are few enough to keep every distinct one
        key = shape(data) if target == "imap_response" else data
    if key in written["shapes"][target]:
        return
    written["shapes"][target].add(key)
    written[target][name] = (origin, data)


# ---- the MailKit corpus ----


def corpus_seeds(shared, written, seen):
    root = shared / "corpus" / "mailkit-imap"
    framer_n = 0
    for server_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        server = server_dir.name
        n = 0
        for f in sorted(server_dir.glob("*.txt")):
            data = crlf(f.read_bytes())
            stem = re.sub(r"[^A-Za-z0-9.+-]", "_", f.stem)
            origin = f"corpus-{server}"
            if "greeting" in f.stem:
                write("imap_greeting", f"{origin}-{stem}", data, written, origin)
                continue
            messages = split_messages(data)
            for msg in messages:
                if msg in seen["imap_response"]:
                    continue
                seen["imap_response"].add(msg)
                n += 1
                write("imap_response", f"{origin}-{n:03}", msg, written, origin)
            prefix = CLIENT_SIDE[framer_n % len(CLIENT_SIDE)]
            framer_n += 1
            key = b"\0".join(shape(m) for m in messages)
            name = f"{origin}-{stem}"
            write("imap_framer", name, bytes([prefix]) + data, written, origin, key)


# ---- `C:`/`S:` examples: the RFCs and the seed pages ----

MARKER = re.compile(r"^(\s*)(?:Examples?:\s*)?([CS]):(?:\s(.*))?$")
PAGE_JUNK = re.compile(r"^(\f|RFC \d+ .* \d{4}$|.*\[Page \d+\]$)")
SECTION = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+\S")
BASE64 = re.compile(r"^[A-Za-z0-9+/=]+$")


def example_blocks(lines, start=0, stop=None):
    """(section, [(side, text)]) for each run of `C:`/`S:` lines."""
    blocks = []
    section = "0"
    cur = None
    indent = 0
    for line in lines[start:stop]:
        line = line.rstrip("\r\n")
        m = SECTION.match(line)
        if m and not MARKER.match(line):
            section = m.group(1)
        m = MARKER.match(line)
        if m:
            if cur is None:
                cur = (section, [])
                blocks.append(cur)
            indent = m.start(2)
            cur[1].append([m.group(2), (m.group(3) or "").strip()])
            continue
        if cur is None:
            continue
        if line.strip() == "" or PAGE_JUNK.match(line):
            continue
        lead = len(line) - len(line.lstrip())
        if lead > indent and cur[1]:
            more = line.strip()
            last = cur[1][-1]
            if more in (". . .", "..."):
                last[1] += " ..."
            elif BASE64.match(more) and BASE64.match(last[1].split(" ")[-1] or "-"):
                last[1] += more
            else:
                last[1] += " " + more
            continue
        cur = None
    return blocks


def fix_literal(head, payload):
    m = LITERAL.search(head)
    n = int(m.group(1))
    if n != len(payload):
        log(f"literal {m.group(0).decode()} set to {{{len(payload)}}}: {head[:60]!r}")
        head = head[: m.start(1)] + str(len(payload)).encode() + head[m.end(1) :]
    return head


def assemble(items):
    """The messages of one example block, each (side, bytes), in order."""
    out = []
    k = 0
    while k < len(items):
        side, text = items[k]
        k += 1
        if text == "+":
            text = "+ "
        msg = text.encode("utf-8")
        while LITERAL.search(msg):
            payload_lines = []
            if side == "S":
                while k < len(items) and not (
                    items[k][0] == "S" and items[k][1].startswith(")")
                ):
                    if items[k][0] == "S":
                        payload_lines.append(items[k][1])
                    k += 1
                payload = b"".join(x.encode() + b"\r\n" for x in payload_lines)
                rest = items[k][1].encode() if k < len(items) else b""
                k += 1
            else:
                # the `+` continuation goes out in its place
                while k < len(items) and items[k][0] == "S" and items[k][1].startswith("+"):
                    out.append(("S", items[k][1].encode() + b"\r\n"))
                    k += 1
                n = int(LITERAL.search(msg).group(1))
                nxt = items[k][1].encode() if k < len(items) and items[k][0] == "C" else None
                if nxt is None:
                    break  # refused before its payload: the announcement ends it
                if len(nxt) >= n and nxt[n : n + 1] in (b"", b" "):
                    # the payload and the rest of the command on one line
                    msg = msg + b"\r\n" + nxt[:n] + nxt[n:]
                    k += 1
                    continue
                while k < len(items) and items[k][0] == "C":
                    payload_lines.append(items[k][1])
                    k += 1
                # the last client line is the command's own end after the literal
                rest = payload_lines.pop().encode() if payload_lines else b""
                payload = b"".join(x.encode() + b"\r\n" for x in payload_lines)
            msg = fix_literal(msg, payload) + b"\r\n" + payload + rest
        out.append((side, msg + b"\r\n"))
    return out


def usable(msg):
    return b"..." not in msg and not re.search(rb"<[a-z][a-z ]+[a-z]>", msg)


def route(origin, messages, written, seen, counters):
    """Greetings, responses and commands of one block; the block's streams for the
    framer."""
    first = True
    streams = {"S": b"", "C": b""}
    for side, msg in messages:
        if not usable(msg):
            first = False
            continue
        streams[side] += msg
        if side == "S":
            greeting = first and re.match(rb"\* (OK|PREAUTH|BYE)\b", msg)
            target = "imap_greeting" if greeting else "imap_response"
        else:
            if b" " not in msg.strip():
                first = False
                continue  # a SASL response or DONE: no command
            target = "imap_command"
        first = False
        if msg in seen[target]:
            continue
        seen[target].add(msg)
        counters[(target, origin)] = counters.get((target, origin), 0) + 1
        group = origin.split("-")[0]
        write(target, f"{origin}-{counters[(target, origin)]}", msg, written, group)
    for side, sides in (("S", CLIENT_SIDE), ("C", SERVER_SIDE)):
        if streams[side].count(b"\r\n") < 2:
            continue
        key = ("imap_framer", origin, side)
        counters[key] = counters.get(key, 0) + 1
        prefix = sides[counters[key] % len(sides)]
        name = f"{origin}-{side.lower()}{counters[key]}"
        data = bytes([prefix]) + streams[side]
        shapes = b"\0".join(shape(m) for m in split_messages(streams[side]))
        write("imap_framer", name, data, written, origin.split("-")[0], shapes)


def rfc_seeds(shared, written, seen):
    counters = {}
    for rfc in ("3501", "9051"):
        lines = (shared / "rfc" / f"rfc{rfc}.txt").read_text("utf-8").splitlines()
        for section, items in example_blocks(lines):
            route(f"rfc{rfc}-{section}", assemble(items), written, seen, counters)


def seed_page_seeds(shared, written, seen):
    counters = {}
    pages = shared / "seeds"
    # 000: the IMAP session after its heading (the SMTP session comes first)
    lines = (pages / "000_cdc0c108312d310c.txt").read_text("utf-8").splitlines()
    start = lines.index("IMAP")
    for _, items in example_blocks(lines, start):
        route("seed000", assemble(items), written, seen, counters)
    # 001: the RFC 2060 examples after the POP3 session
    lines = (pages / "001_d22058ad8175c6b9.txt").read_text("utf-8").splitlines()
    start = next(i for i, l in enumerate(lines) if "CAPABILITY" in l and "C:" in l)
    for _, items in example_blocks(lines, start):
        route("seed001", assemble(items), written, seen, counters)
    # 004: Exchange 2010, one exchange per text line, `.` as the tag
    lines = (pages / "004_e6eb1303ebf66971.txt").read_text("utf-8").splitlines()
    for line in lines:
        if not line.startswith(". ") or re.search(r"\{\d+\}", line):
            continue
        parts = re.split(r" (?=\* [A-Z0-9])| (?=\. (?:OK|NO|BAD)\b)", line)
        if len(parts) < 2:
            continue  # a command shown without its reply
        items = [("C", parts[0])] + [("S", p) for p in parts[1:]]
        route("seed004", assemble(items), written, seen, counters)


def capped(seeds, cap):
    """At most `cap` names, taken in turn from each origin, in the order written."""
    by_origin = {}
    for name, (origin, _) in seeds.items():
        by_origin.setdefault(origin, []).append(name)
    queues = [names for _, names in sorted(by_origin.items())]
    kept = []
    while len(kept) < cap and any(queues):
        for q in queues:
            if q and len(kept) < cap:
                kept.append(q.pop(0))
    return kept


def main():
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared"
    written = {t: {} for t in TARGETS}
    written["shapes"] = {t: set() for t in TARGETS}
    seen = {t: set() for t in TARGETS}
    for t in TARGETS:
        # what a hand-written seed already holds is not written again
        for f in (SEEDS / t).iterdir():
            if not f.name.startswith(GENERATED):
                seen[t].add(f.read_bytes())
    corpus_seeds(shared, written, seen)
    seed_page_seeds(shared, written, seen)
    rfc_seeds(shared, written, seen)
    for t in TARGETS:
        d = SEEDS / t
        for f in d.iterdir():
            if f.name.startswith(GENERATED):
                f.unlink()
        kept = capped(written[t], CAP[t])
        for name in sorted(kept):
            (d / name).write_bytes(written[t][name][1])
        log(f"{t}: {len(kept)} seeds from real bytes ({len(written[t])} shapes)")


if __name__ == "__main__":
    main()
