//! The client-side tolerances of [`ResponseOptions`], one test per switch: the
//! bytes a named server sent, decoded with the client's defaults
//! ([`ResponseOptions::lenient`]) to the typed value, and refused with only that
//! switch off (error kind and offset).
//!
//! Real bytes come from the MailKit corpus (`../shared/corpus/mailkit-pop3`, stored
//! with LF line ends, converted to CRLF here). Where neither the corpus nor the
//! public reports searched hold a server's bytes for a shape, the test is named
//! `undocumented_...` and its input is written here by hand: the corpus has no
//! `+ok`, no `+OK` without its space, no line over 200 octets and no text starting
//! with `[` (searched with grep), and the reports found name no server with its
//! bytes (a Mailtrap report of LF line ends, zetacomponents/Mail#40, shows none).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use pop3_proto::parse::*;
use pop3_proto::*;

/// A MailKit corpus file with its LF line ends made CRLF, as the server sent it.
fn corpus(path: &str) -> Vec<u8> {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/mailkit-pop3")
        .join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    text.replace('\n', "\r\n").into_bytes()
}

/// The client's defaults with one switch changed.
fn lenient_but(change: impl FnOnce(&mut ResponseOptions)) -> ResponseOptions {
    let mut o = ResponseOptions::lenient();
    change(&mut o);
    o
}

fn refused(line: &[u8], options: &ResponseOptions) -> (DecodeErrorKind, usize) {
    let e = parse_response_line_with(line, options).err().unwrap();
    (e.kind, e.offset)
}

fn status(line: &[u8], options: &ResponseOptions) -> Response<'static> {
    match parse_response_line_with(line, options).ok().unwrap() {
        (ResponseLine::Status(r), used) => {
            assert_eq!(used, line.len());
            r.into_owned()
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn exchange_answers_auth_with_a_bare_plus_under_allow_missing_space() {
    // MailKit's exchange/plus.txt: Exchange's empty challenge is "+" alone
    let line = corpus("exchange/plus.txt");
    assert_eq!(line, b"+\r\n");
    let (got, used) = parse_response_line_with(&line, &ResponseOptions::lenient())
        .ok()
        .unwrap();
    assert_eq!(used, 3);
    assert_eq!(got, ResponseLine::Continuation(Challenge(Text::empty())));
    let off = lenient_but(|o| o.allow_missing_space = false);
    assert_eq!(
        refused(&line, &off),
        (DecodeErrorKind::Syntax("+OK or -ERR"), 0)
    );
    // Gmail writes the RFC 5034 form, "+ ", which needs no tolerance
    let gmail = corpus("gmail/plus.txt");
    assert!(parse_response_line(&gmail).is_complete());
}

#[test]
fn undocumented_lowercase_status_under_allow_lowercase_status() {
    let line = b"+ok done\r\n";
    let r = status(line, &ResponseOptions::lenient());
    assert_eq!((r.status(), r.text().as_str()), (Status::Ok, "done"));
    let r = status(b"-err no\r\n", &ResponseOptions::lenient());
    assert_eq!((r.status(), r.text().as_str()), (Status::Err, "no"));
    let off = lenient_but(|o| o.allow_lowercase_status = false);
    assert_eq!(
        refused(line, &off),
        (DecodeErrorKind::Syntax("+OK or -ERR"), 0)
    );
}

#[test]
fn undocumented_missing_space_after_the_status_under_allow_missing_space() {
    let line = b"+OKdone\r\n";
    let r = status(line, &ResponseOptions::lenient());
    assert_eq!((r.status(), r.text().as_str()), (Status::Ok, "done"));
    let off = lenient_but(|o| o.allow_missing_space = false);
    assert_eq!(refused(line, &off), (DecodeErrorKind::Syntax("a space"), 3));
}

#[test]
fn undocumented_bare_lf_status_line_under_allow_bare_lf() {
    let line = b"+OK done\n";
    let r = status(line, &ResponseOptions::lenient());
    assert_eq!((r.status(), r.text().as_str()), (Status::Ok, "done"));
    let off = lenient_but(|o| o.allow_bare_lf = false);
    assert_eq!(refused(line, &off), (DecodeErrorKind::BareLineEnding, 8));
}

#[test]
fn undocumented_status_line_past_512_octets_under_max_line_len() {
    let line = format!("+OK {}\r\n", "x".repeat(600));
    let r = status(line.as_bytes(), &ResponseOptions::lenient());
    assert_eq!(r.text().as_str().len(), 600);
    let off = lenient_but(|o| o.max_line_len = 512);
    assert_eq!(
        refused(line.as_bytes(), &off),
        (DecodeErrorKind::LineTooLong { limit: 512 }, 512)
    );
}

#[test]
fn undocumented_text_starting_with_a_bracket_under_allow_bracket_text() {
    // A switch of its own (it shared allow_missing_space's before): a text may start
    // with "[" that is no response code (RFC 2449 §3's schar leaves "[" out).
    let line = b"+OK [broken\r\n";
    let r = status(line, &ResponseOptions::lenient());
    assert_eq!((r.code(), r.text().as_str()), (None, "[broken"));
    let off = lenient_but(|o| o.allow_bracket_text = false);
    assert_eq!(
        refused(line, &off),
        (DecodeErrorKind::Syntax("a response code"), 4)
    );
    // the strict constructor refuses to build it, so the encoder never writes it
    assert!(Response::ok("[broken").is_err());
}

#[test]
fn allow_missing_space_no_longer_decides_bracket_text() {
    let line = b"+OK [broken\r\n";
    let r = status(line, &lenient_but(|o| o.allow_missing_space = false));
    assert_eq!(r.text().as_str(), "[broken");
}
