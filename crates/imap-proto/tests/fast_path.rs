//! The public decoders parse first and frame only where a message has literals; the
//! reference decoders frame first. Both must give the same answer, value, length,
//! literal announcement or error offset, for every input: token soups that mix
//! literals, quotes, escapes and line ends, every strict prefix of them, and the
//! messages the other suites use.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use imap_proto::parse::reference;
use imap_proto::{ParseOptions, parse_command_with, parse_greeting_with, parse_response_with};
use proptest::prelude::*;

const TOKENS: &[&[u8]] = &[
    b"* ",
    b"1 ",
    b"FETCH ",
    b"(",
    b")",
    b" ",
    b"  ",
    b"\r\n",
    b"\n",
    b"\r",
    b"{3}\r\n",
    b"{0}\r\n",
    b"~{2}\r\n",
    b"{3+}\r\n",
    b"{5}",
    b"{99999999999999999999999}\r\n",
    b"abc",
    b"\"",
    b"\\",
    b"\\\"",
    b"NIL",
    b"nil",
    b"UID 5",
    b"BODY[] ",
    b"BODY[1.2]<0> ",
    b"FLAGS (\\Seen)",
    b"OK ",
    b"NO ",
    b"A1 ",
    b"[ALERT] ",
    b"[",
    b"]",
    b"+ ",
    b"+",
    b"ENVELOPE ",
    b"\"x y\"",
    b"LOGIN ",
    b"SELECT ",
    b"APPEND ",
    b"INBOX",
    b"\x80\xc3\xa9",
    b"\xc3\xa9",
    b"\xe2\x9c\x93\"",
    b"\xf0\x9f\x98\x80",
    b"\xc3",
    b"\0",
    b"\t",
    b"BODYSTRUCTURE ",
    b"(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3 1)",
    b"LIST ",
    b"\"/\" ",
    b"SEARCH 1 2",
    b"PREAUTH ",
    b"BYE ",
    b"CAPABILITY IMAP4rev1",
];

fn options() -> [ParseOptions; 4] {
    let tiny = ParseOptions {
        max_line: 24,
        max_literal: 2,
        max_message: 48,
        max_depth: 3,
        ..ParseOptions::default()
    };
    [
        ParseOptions::default(),
        ParseOptions::strict(),
        ParseOptions::server(),
        tiny,
    ]
}

/// Every decoder, fast and reference, on `input` and each of its prefixes.
fn check(input: &[u8]) {
    for end in 0..=input.len() {
        let i = &input[..end];
        for o in options() {
            assert_eq!(
                parse_response_with(i, &o),
                reference::parse_response_with(i, &o),
                "response {:?} {o:?}",
                String::from_utf8_lossy(i)
            );
            assert_eq!(
                parse_command_with(i, &o),
                reference::parse_command_with(i, &o),
                "command {:?} {o:?}",
                String::from_utf8_lossy(i)
            );
            assert_eq!(
                parse_greeting_with(i, &o),
                reference::parse_greeting_with(i, &o),
                "greeting {:?} {o:?}",
                String::from_utf8_lossy(i)
            );
        }
    }
}

fn soup() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(proptest::sample::select(TOKENS), 0..24).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
    #[test]
    fn fast_and_reference_decoders_agree(input in soup()) {
        check(&input);
    }
}

#[test]
fn they_agree_on_messages_with_literals_and_the_crlf_before_paren_tolerance() {
    for m in [
        &b"* 1 FETCH (BODY[] {5}\r\nhello)\r\n* 2 EXISTS\r\n"[..],
        b"* 1 FETCH (BODY[] {5}\r\nhello\r\n)\r\n",
        b"* 1 FETCH (BODY[] {5}\r\nhello\r\n)\r\n)\r\n",
        b"* OK text {5}\r\nhello\r\n",
        b"* OK \"text {5}\r\nhello\r\n",
        b"* LIST () \"/\" {3}\r\nabc\r\n",
        b"A1 LOGIN {5}\r\nalice {7}\r\nhunter2\r\n",
        b"A1 LOGIN {5+}\r\nalice \"x\"\r\n",
        b"A1 APPEND INBOX ~{3}\r\n\0\r\n\r\n",
        b"* 1 FETCH (ENVELOPE (NIL {4}\r\n\"\\\r\n NIL NIL NIL NIL NIL NIL NIL NIL))\r\n",
        b"* OK [ALERT] hi\r\n",
        b"* OK hi\n",
        b"* 1 FETCH (UID 1)\r\n\r\n",
    ] {
        check(m);
    }
}

/// Inputs the CI's fuzz runs found: a `[PERMANENTFLAGS (` code whose list runs past the
/// line's CRLF (the tolerance for a CRLF before `)`), so the fast decoder and the reference
/// must agree on where the message ends and what is wrong with it.
#[test]
fn they_agree_on_the_crash_inputs_the_fuzzers_found() {
    for m in [
        // imap_greeting, CI stop 17
        &b"* OK [PERMANENTFLAGS ([CA[ALERT] \\PA[BILIT\r\n)NILCAPABIILA1  IC>PABILITYM00\"zPPPu{0}\r\nK [CAPABI\0\0\0\0\0\0\0\0\0\0\0\0\0LITY IM\0"[..],
        // imap_response, CI stop 17
        b"* OK [PERMANENTFLAGS (CAPABIAP4ref0 LITERAL+ MAP4ref0 LITERAL+ IDL+E] \r\n)Dovecot!r\xc4\xc4\xc4\xc4\xc4e\0\0\0\0NBOX\" \xd8\xcbp METADATA \"INBOX\" \xd8\xcbprSTAT-US /shared/comment {5}\r\nsunny)\r\n\0\0\0\r2",
    ] {
        check(m);
    }
}
