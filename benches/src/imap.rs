//! IMAP inputs and drivers: a stream of realistic FETCH responses, a FETCH with a
//! large `BODY[]` literal, a long SEARCH response and a mix of client commands, each
//! parsed by our codec, by imap-codec 2.0.0-alpha and by imap-proto 0.17 (responses
//! only: it has no command parser). The benches (`benches/imap.rs`) and the
//! allocation test (`tests/no_alloc.rs`) both call these, so a result is checked
//! where it is measured: every driver returns how many messages it decoded, and the
//! benches assert the three counts agree before timing anything.

use std::hint::black_box;

use bytes::BytesMut;
use imap_proto::framing::{FrameEvent, Framer, FramerOptions};
use imap_proto::{Decoded, Response};
use peer_imap_codec::decode::Decoder;
use peer_imap_codec::encode::Encoder;
use peer_imap_codec::{CommandCodec, ResponseCodec};

use crate::inputs::Rng;

const FIRST: &[&str] = &[
    "John", "Maria", "Wei", "Olga", "Ahmed", "Lucas", "Sophie", "Kenji", "Fatima", "Peter",
];
const LAST: &[&str] = &[
    "Smith", "Garcia", "Wang", "Ivanova", "Hassan", "Muller", "Dubois", "Tanaka", "Khan",
];
const HOSTS: &[&str] = &[
    "gmail.com",
    "outlook.com",
    "example.org",
    "lists.example.net",
    "gmx.de",
    "mail.ru",
];
/// Display names as MIME encoded words (RFC 2047), as mail from abroad carries them.
const ENCODED_NAMES: &[&str] = &[
    "=?UTF-8?B?w4lsb2RpZSBNYXJ0aW4=?=",
    "=?utf-8?Q?J=C3=BCrgen_M=C3=BCller?=",
    "=?ISO-8859-1?Q?Ren=E9e_Dupr=E9?=",
    "=?UTF-8?B?5bGx55Sw5aSq6YOO?=",
];
const SUBJECTS: &[&str] = &[
    "Re: quarterly figures",
    "Meeting notes 2026-12-04",
    "Your order has shipped",
    "[dev] build failure on main",
    "Fwd: invoice 4471",
    "Weekly digest",
];
const ENCODED_SUBJECTS: &[&str] = &[
    "=?UTF-8?Q?Caf=C3=A9_on_Friday?=",
    "=?utf-8?B?0J/RgNC40LLQtdGCLCDQvNC40YAh?=",
    "Re: =?UTF-8?Q?R=C3=A9union_d=27=C3=A9quipe?=",
];
/// Subjects a server sends as literals: they hold a quote or a backslash.
const LITERAL_SUBJECTS: &[&str] = &[
    "Re: \"urgent\" request",
    "path C:\\temp\\report",
    "the \"new\" plan, v2",
];
const FLAGS: &[&str] = &[
    "()",
    "(\\Seen)",
    "(\\Seen)",
    "(\\Seen \\Answered)",
    "(\\Seen \\Flagged)",
    "(\\Seen $Forwarded)",
    "($Junk)",
];
const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: &[&str] = &["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn address(rng: &mut Rng, out: &mut String) {
    let first = rng.pick(FIRST);
    let last = rng.pick(LAST);
    let host = rng.pick(HOSTS);
    let mailbox = format!("{}.{}", first.to_lowercase(), last.to_lowercase());
    match rng.below(10) {
        0..=5 => out.push_str(&format!(
            "(\"{first} {last}\" NIL \"{mailbox}\" \"{host}\")"
        )),
        6..=7 => out.push_str(&format!(
            "(\"{}\" NIL \"{mailbox}\" \"{host}\")",
            rng.pick(ENCODED_NAMES)
        )),
        _ => out.push_str(&format!("(NIL NIL \"{mailbox}\" \"{host}\")")),
    }
}

fn address_list(rng: &mut Rng, out: &mut String, lo: usize, hi: usize) {
    let n = rng.range(lo, hi);
    if n == 0 {
        out.push_str("NIL");
        return;
    }
    out.push('(');
    for _ in 0..n {
        address(rng, out);
    }
    out.push(')');
}

/// `ENVELOPE (...)`: date, subject (quoted, encoded word or literal), from, sender,
/// reply-to, to, cc, bcc, in-reply-to, message-id.
fn envelope(rng: &mut Rng, out: &mut String) {
    let day = rng.range(1, 28);
    out.push_str(&format!(
        "ENVELOPE (\"{}, {day} {} 2026 {:02}:{:02}:{:02} +0100\" ",
        rng.pick(DAYS),
        rng.pick(MONTHS),
        rng.below(24),
        rng.below(60),
        rng.below(60)
    ));
    match rng.below(20) {
        0..=11 => out.push_str(&format!("\"{}\"", rng.pick(SUBJECTS))),
        12..=16 => out.push_str(&format!("\"{}\"", rng.pick(ENCODED_SUBJECTS))),
        _ => {
            let s = rng.pick(LITERAL_SUBJECTS);
            out.push_str(&format!("{{{}}}\r\n{s}", s.len()));
        }
    }
    out.push(' ');
    let mut from = String::new();
    address_list(rng, &mut from, 1, 1);
    // from, sender and reply-to are the same address, as servers fill them in
    out.push_str(&format!("{from} {from} {from} "));
    address_list(rng, out, 1, 3);
    out.push(' ');
    address_list(rng, out, 0, 2);
    out.push_str(" NIL ");
    if rng.chance(40) {
        out.push_str(&format!(
            "\"<{}.{}@{}>\" ",
            rng.next_u64() % 1_000_000,
            rng.below(999),
            rng.pick(HOSTS)
        ));
    } else {
        out.push_str("NIL ");
    }
    out.push_str(&format!(
        "\"<{:x}.{}@{}>\")",
        rng.next_u64(),
        rng.below(99_999),
        rng.pick(HOSTS)
    ));
}

fn text_part(rng: &mut Rng, subtype: &str) -> String {
    let enc = rng.pick(&["7BIT", "QUOTED-PRINTABLE", "8BIT", "BASE64"]);
    let size = rng.range(200, 40_000);
    format!(
        "(\"TEXT\" \"{subtype}\" (\"CHARSET\" \"utf-8\") NIL NIL \"{enc}\" {size} {} NIL NIL NIL NIL)",
        size / 60 + 1
    )
}

fn alternative(rng: &mut Rng) -> String {
    format!(
        "({}{} \"ALTERNATIVE\" (\"BOUNDARY\" \"----=_Part_{}_{}\") NIL NIL NIL)",
        text_part(rng, "PLAIN"),
        text_part(rng, "HTML"),
        rng.below(100_000),
        rng.next_u64() % 10_000_000
    )
}

fn attachment(rng: &mut Rng) -> String {
    let (ty, sub, name) = rng.pick(&[
        ("APPLICATION", "PDF", "report.pdf"),
        ("IMAGE", "JPEG", "IMG_2041.jpg"),
        (
            "APPLICATION",
            "VND.OPENXMLFORMATS-OFFICEDOCUMENT.SPREADSHEETML.SHEET",
            "figures.xlsx",
        ),
    ]);
    format!(
        "(\"{ty}\" \"{sub}\" (\"NAME\" \"{name}\") NIL NIL \"BASE64\" {} NIL (\"ATTACHMENT\" (\"FILENAME\" \"{name}\")) NIL NIL)",
        rng.range(10_000, 2_000_000)
    )
}

/// `BODYSTRUCTURE (...)`: plain text, multipart/alternative, or multipart/mixed with
/// an alternative part and one or two attachments.
fn bodystructure(rng: &mut Rng, out: &mut String) {
    out.push_str("BODYSTRUCTURE ");
    match rng.below(10) {
        0..=2 => out.push_str(&text_part(rng, "PLAIN")),
        3..=6 => out.push_str(&alternative(rng)),
        _ => {
            out.push('(');
            out.push_str(&alternative(rng));
            for _ in 0..rng.range(1, 2) {
                out.push_str(&attachment(rng));
            }
            out.push_str(&format!(
                " \"MIXED\" (\"BOUNDARY\" \"=_{:x}\") NIL NIL NIL)",
                rng.next_u64()
            ));
        }
    }
}

/// `n` FETCH responses as a client's `UID FETCH 1:* (UID FLAGS INTERNALDATE
/// RFC822.SIZE ENVELOPE BODYSTRUCTURE)` gets them (the order Dovecot writes them in),
/// generated from `seed`: about one subject in seven is a literal, one in four an
/// encoded word, display names partly encoded words, body structures from plain
/// text to multipart/mixed with attachments.
pub fn fetch_stream(n: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(n * 900);
    for seq in 1..=n {
        out.push_str(&format!(
            "* {seq} FETCH (UID {} FLAGS {} INTERNALDATE \"{:02}-{}-2026 {:02}:{:02}:{:02} +0000\" RFC822.SIZE {} ",
            seq * 3 + 1000,
            rng.pick(FLAGS),
            rng.range(10, 28),
            rng.pick(MONTHS),
            rng.below(24),
            rng.below(60),
            rng.below(60),
            rng.range(900, 3_000_000)
        ));
        envelope(&mut rng, &mut out);
        out.push(' ');
        bodystructure(&mut rng, &mut out);
        out.push_str(")\r\n");
    }
    out.into_bytes()
}

/// `* 1 FETCH (UID 4001 BODY[] {len}\r\n<len bytes>)\r\n`: a message download.
pub fn body_literal_response(len: usize) -> Vec<u8> {
    let mut out = format!("* 1 FETCH (UID 4001 BODY[] {{{len}}}\r\n").into_bytes();
    let line = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\r\n";
    let end = out.len() + len;
    while out.len() < end {
        let take = line.len().min(end - out.len());
        out.extend_from_slice(&line[..take]);
    }
    out.extend_from_slice(b")\r\n");
    out
}

/// `* SEARCH` with ascending message numbers (gaps as expunges leave them) until
/// the line is about `len` bytes.
pub fn search_response(len: usize) -> Vec<u8> {
    let mut rng = Rng::new(56);
    let mut out = b"* SEARCH".to_vec();
    let mut n = 1u32;
    while out.len() < len - 12 {
        out.extend_from_slice(format!(" {n}").as_bytes());
        n += 1 + rng.below(3) as u32;
    }
    out.extend_from_slice(b"\r\n");
    out
}

/// A client session's commands: `n` commands of the mix a mail client sends
/// (Thunderbird and mobile clients: mostly UID FETCH of flags and headers, UID
/// STORE, UID SEARCH, NOOP/IDLE, some SELECT/STATUS/LIST, an APPEND with a
/// non-synchronizing literal now and then).
pub fn command_mix(n: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(n * 80);
    out.push_str("a0 LOGIN \"alice@example.org\" \"correct horse\"\r\n");
    for i in 1..n {
        let tag = format!("a{i}");
        let uid = rng.range(1000, 40_000);
        let line = match rng.below(20) {
            0..=3 => format!("{tag} UID FETCH {uid}:* (UID FLAGS)"),
            4..=6 => format!(
                "{tag} UID FETCH {uid}:{} (UID RFC822.SIZE FLAGS BODY.PEEK[HEADER.FIELDS (From To Cc Bcc Subject Date Message-ID Priority X-Priority References Newsgroups In-Reply-To Content-Type Reply-To)])",
                uid + rng.range(1, 50)
            ),
            7 => format!("{tag} UID FETCH {uid} (UID BODY.PEEK[] RFC822.SIZE)"),
            8..=9 => format!(
                "{tag} UID STORE {uid} {}FLAGS.SILENT (\\Seen)",
                rng.pick(&["+", "-"])
            ),
            10 => format!("{tag} UID SEARCH UNDELETED SINCE 1-Nov-2026 FROM \"alice\""),
            11 => format!("{tag} UID SEARCH OR UNSEEN FLAGGED NOT DELETED"),
            12..=13 => format!("{tag} NOOP"),
            14 => format!("{tag} SELECT \"INBOX\" (CONDSTORE)"),
            15 => format!(
                "{tag} STATUS \"{}\" (MESSAGES UIDNEXT UNSEEN HIGHESTMODSEQ)",
                rng.pick(&["INBOX", "Sent", "Archive/2026", "Drafts"])
            ),
            16 => format!("{tag} LIST \"\" \"*\""),
            17 => format!("{tag} UID MOVE {uid}:{} \"Archive/2026\"", uid + 3),
            18 => format!("{tag} IDLE\r\nDONE\r\n{tag}x EXPUNGE"),
            _ => {
                let msg = "From: alice@example.org\r\nTo: bob@example.net\r\nSubject: draft\r\n\r\nhello\r\n";
                format!(
                    "{tag} APPEND \"Drafts\" (\\Seen \\Draft) \"04-Dec-2026 10:00:00 +0100\" {{{}+}}\r\n{msg}",
                    msg.len()
                )
            }
        };
        out.push_str(&line);
        out.push_str("\r\n");
    }
    out.into_bytes()
}

// ---- our codec ----

/// Our parser on each response of `buf` in turn; the number decoded, `None` at the
/// first failure. The only call of our response parser in the benches.
pub fn ours_responses(buf: &[u8]) -> Option<usize> {
    let mut rest = buf;
    let mut n = 0;
    while !rest.is_empty() {
        match imap_proto::parse_response(rest) {
            Decoded::Complete { value, consumed } => {
                black_box(&value);
                rest = &rest[consumed..];
                n += 1;
            }
            _ => return None,
        }
    }
    Some(n)
}

/// Our parser's responses, kept (for the encoding benches).
pub fn ours_parsed(buf: &[u8]) -> Vec<Response<'_>> {
    let mut rest = buf;
    let mut v = Vec::new();
    while let Decoded::Complete { value, consumed } = imap_proto::parse_response(rest) {
        v.push(value);
        rest = &rest[consumed..];
    }
    assert!(rest.is_empty(), "our parser stopped early");
    v
}

/// `buf` fed to our client-side framer in `chunk`-byte pieces, each framed message
/// parsed: the path a client's reads take. The number decoded.
pub fn ours_framed(buf: &[u8], chunk: usize) -> Option<usize> {
    let mut framer = Framer::new(FramerOptions::client());
    let mut n = 0;
    for piece in buf.chunks(chunk) {
        framer.feed(piece);
        while let Some(ev) = framer.poll() {
            match ev {
                FrameEvent::Message(frame) => match imap_proto::parse_response(frame.bytes()) {
                    Decoded::Complete { value, .. } => {
                        black_box(&value);
                        n += 1;
                    }
                    _ => return None,
                },
                FrameEvent::Literal(_) => {}
                FrameEvent::Error(_) => return None,
            }
        }
    }
    (framer.buffered() == 0).then_some(n)
}

/// Our command parser on each command of `buf` (commands and `DONE` lines).
pub fn ours_commands(buf: &[u8]) -> Option<usize> {
    let mut rest = buf;
    let mut n = 0;
    while !rest.is_empty() {
        if rest.starts_with(b"DONE\r\n") {
            rest = &rest[6..];
            n += 1;
            continue;
        }
        match imap_proto::parse_command(rest) {
            Decoded::Complete { value, consumed } => {
                black_box(&value);
                rest = &rest[consumed..];
                n += 1;
            }
            _ => return None,
        }
    }
    Some(n)
}

/// Our encoder on each response into a reused buffer; the bytes written.
pub fn ours_encode(responses: &[Response<'_>], out: &mut BytesMut) -> usize {
    out.clear();
    for r in responses {
        imap_proto::encode_response(r, out);
    }
    out.len()
}

// ---- imap-codec 2.0.0-alpha ----

/// imap-codec's response codec on each response of `buf` in turn.
pub fn codec_responses(buf: &[u8]) -> Option<usize> {
    let codec = ResponseCodec::default();
    let mut rest = buf;
    let mut n = 0;
    while !rest.is_empty() {
        let (r, value) = codec.decode(rest).ok()?;
        black_box(&value);
        rest = r;
        n += 1;
    }
    Some(n)
}

/// imap-codec's command codec on each command of `buf` (commands and `DONE`).
pub fn codec_commands(buf: &[u8]) -> Option<usize> {
    let codec = CommandCodec::default();
    let mut rest = buf;
    let mut n = 0;
    while !rest.is_empty() {
        if rest.starts_with(b"DONE\r\n") {
            rest = &rest[6..];
            n += 1;
            continue;
        }
        let (r, value) = codec.decode(rest).ok()?;
        black_box(&value);
        rest = r;
        n += 1;
    }
    Some(n)
}

/// imap-codec's parsed responses, kept (for the encoding benches).
pub fn codec_parsed(buf: &[u8]) -> Vec<peer_imap_codec::imap_types::response::Response<'_>> {
    let codec = ResponseCodec::default();
    let mut rest = buf;
    let mut v = Vec::new();
    while !rest.is_empty() {
        let (r, value) = codec.decode(rest).expect("imap-codec parses the stream");
        v.push(value);
        rest = r;
    }
    v
}

/// imap-codec's encoder on each response; the bytes written.
pub fn codec_encode(responses: &[peer_imap_codec::imap_types::response::Response<'_>]) -> usize {
    let codec = ResponseCodec::default();
    let mut len = 0;
    for r in responses {
        len += black_box(codec.encode(r).dump()).len();
    }
    len
}

// ---- imap-proto 0.17 ----

/// imap-proto's response parser on each response of `buf` in turn.
pub fn improto_responses(buf: &[u8]) -> Option<usize> {
    let mut rest = buf;
    let mut n = 0;
    while !rest.is_empty() {
        let (r, value) = peer_imap_proto::Response::parse(rest).ok()?;
        black_box(&value);
        rest = r;
        n += 1;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_three_parsers_read_every_fetch_response() {
        let s = fetch_stream(500, 7);
        assert_eq!(ours_responses(&s), Some(500));
        assert_eq!(codec_responses(&s), Some(500));
        assert_eq!(improto_responses(&s), Some(500));
        assert_eq!(ours_framed(&s, 7), Some(500));
        assert_eq!(ours_framed(&s, s.len()), Some(500));
    }

    #[test]
    fn the_stream_has_literals_and_encoded_words() {
        let s = String::from_utf8(fetch_stream(500, 7)).unwrap();
        assert!(s.matches("}\r\n").count() > 30);
        assert!(s.contains("=?UTF-8?B?"));
        assert!(s.contains("\"MIXED\""));
    }

    #[test]
    fn literal_search_and_commands_parse_everywhere() {
        for len in [1_000, 1 << 20] {
            let r = body_literal_response(len);
            assert_eq!(ours_responses(&r), Some(1));
            assert_eq!(codec_responses(&r), Some(1));
            assert_eq!(improto_responses(&r), Some(1));
            let header = format!("* 1 FETCH (UID 4001 BODY[] {{{len}}}\r\n").len();
            assert_eq!(r.len(), header + len + 3);
        }
        let s = search_response(56_000);
        assert!(s.len() > 55_000 && s.len() <= 56_000);
        assert_eq!(ours_responses(&s), Some(1));
        assert_eq!(codec_responses(&s), Some(1));
        assert_eq!(improto_responses(&s), Some(1));
        let c = command_mix(2_000, 3);
        let ours = ours_commands(&c).unwrap();
        assert!(ours >= 2_000);
        assert_eq!(codec_commands(&c), Some(ours));
    }

    #[test]
    fn both_encoders_write_what_parses_back() {
        let s = fetch_stream(200, 9);
        let mut out = BytesMut::new();
        let ours = ours_parsed(&s);
        let len = ours_encode(&ours, &mut out);
        assert_eq!(ours_responses(&out[..len]), Some(200));
        assert_eq!(ours_parsed(&out), ours);
        let theirs = codec_parsed(&s);
        assert!(codec_encode(&theirs) > s.len() / 2);
    }
}
