//! What an application's answer may be: the codes RFC 5321 §4.3.2 (RFC 4954, RFC 3207,
//! RFC 1985) list for each decision, a 421 that closes, and reply lines within 512
//! octets. A refused answer sends nothing and leaves the decision pending.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Instant;

use common::*;
use smtp_proto::server::{AnswerError, Awaiting, Event, Server, ServerConfig};
use smtp_proto::*;

fn drain(s: &mut Server) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(b) = s.poll_transmit(Instant::now()) {
        out.extend_from_slice(&b);
    }
    out
}

/// A server that has taken `input` and waits for the answer to its last command,
/// every earlier decision accepted.
fn waiting_after(input: &[u8], awaiting: Awaiting) -> Server {
    let mut c = ServerConfig::new("mx.example.com").unwrap();
    c.allow_auth_without_tls = true;
    c.capabilities.starttls = true;
    c.capabilities.auth = vec![Mechanism::Plain];
    let mut s = Server::new(c, Instant::now());
    s.handle_input(Instant::now(), input);
    loop {
        let event = s.poll_event().unwrap_or_else(|| {
            panic!(
                "no {awaiting:?}: {:?}",
                drain(&mut s).escape_ascii().to_string()
            )
        });
        if event.needs_answer() {
            if s.pending() == Some(awaiting) {
                break;
            }
            s.accept().unwrap();
        }
    }
    let _ = drain(&mut s);
    s
}

fn answer(code: u16) -> Reply<'static> {
    let class = (code / 100) as u8;
    let enhanced = (class != 3).then_some((class, 0, 0));
    Reply::simple(code, enhanced, "answer").unwrap()
}

const HELLO: &[u8] = b"EHLO c.example\r\n";
const MAIL: &[u8] = b"EHLO c.example\r\nMAIL FROM:<a@example.org>\r\n";
const RCPT: &[u8] = b"EHLO c.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.com>\r\n";
const END: &[u8] = b"EHLO c.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.com>\r\n\
    DATA\r\nhi\r\n.\r\n";

/// Every answer in `ok` is taken (one code on the wire), every one in `wrong` is
/// refused with nothing sent and the decision still pending.
fn check(input: &[u8], awaiting: Awaiting, ok: &[u16], wrong: &[u16]) {
    for &code in ok {
        let mut s = waiting_after(input, awaiting);
        s.respond(answer(code))
            .unwrap_or_else(|e| panic!("{code} to {awaiting:?}: {e}"));
        assert_eq!(codes(&drain(&mut s)), vec![code], "{awaiting:?}");
    }
    for &code in wrong {
        let mut s = waiting_after(input, awaiting);
        assert_eq!(
            s.respond(answer(code)),
            Err(AnswerError::WrongReply { awaiting, code }),
            "{code} to {awaiting:?}"
        );
        assert!(drain(&mut s).is_empty(), "nothing was sent");
        assert_eq!(s.pending(), Some(awaiting), "still waiting");
    }
}

#[test]
fn each_decision_takes_the_codes_rfc_5321_lists_for_it() {
    check(
        HELLO,
        Awaiting::Hello,
        &[250, 501, 502, 504, 550, 554],
        &[251, 220, 354, 334, 451, 552],
    );
    check(
        MAIL,
        Awaiting::Mail,
        &[250, 451, 452, 455, 503, 550, 552, 553, 554, 555],
        &[251, 252, 220, 354, 334, 500, 450, 551],
    );
    check(
        RCPT,
        Awaiting::Rcpt,
        &[250, 251, 450, 451, 452, 455, 503, 550, 551, 552, 553, 555],
        &[252, 220, 235, 354, 334, 500, 421 + 1],
    );
    check(
        END,
        Awaiting::MessageEnd { left: 1 },
        &[250, 450, 451, 452, 550, 552, 554],
        &[251, 354, 500, 501, 503, 553],
    );
    check(
        b"EHLO c.example\r\nAUTH PLAIN AGEAYg==\r\n",
        Awaiting::Authenticate,
        &[235, 432, 454, 534, 535, 538],
        &[250, 334, 500, 550],
    );
    check(
        b"EHLO c.example\r\nSTARTTLS\r\n",
        Awaiting::StartTls,
        &[220, 454, 501],
        &[250, 550, 354],
    );
    // the example server's VRFY answers (examples/src/smtp_session.rs): 250 and 550
    check(
        b"VRFY bob\r\n",
        Awaiting::Command,
        &[250, 251, 252, 502, 504, 550, 551, 553],
        &[214, 354, 450],
    );
    check(
        b"EXPN list\r\n",
        Awaiting::Command,
        &[250, 252, 500, 502, 504, 550],
        &[251, 214, 553],
    );
    check(
        b"HELP\r\n",
        Awaiting::Command,
        &[211, 214, 502, 504],
        &[250, 550],
    );
    check(
        b"EHLO c.example\r\nETRN example.org\r\n",
        Awaiting::Command,
        &[250, 251, 252, 253, 458, 459, 500, 502],
        &[214, 550],
    );
    // an unknown verb the application implements may say any 2xx
    check(
        b"XCLIENT a\r\n",
        Awaiting::Command,
        &[200, 250, 500, 550, 451],
        &[354, 334],
    );
}

#[test]
fn a_421_answer_closes_the_session_after_it_is_sent() {
    for (input, awaiting) in [
        (HELLO, Awaiting::Hello),
        (MAIL, Awaiting::Mail),
        (RCPT, Awaiting::Rcpt),
        (END, Awaiting::MessageEnd { left: 1 }),
        (b"VRFY bob\r\n".as_slice(), Awaiting::Command),
        (
            b"EHLO c.example\r\nAUTH PLAIN AGEAYg==\r\n".as_slice(),
            Awaiting::Authenticate,
        ),
    ] {
        let mut s = waiting_after(input, awaiting);
        s.respond(answer(421)).unwrap();
        let mut events = Vec::new();
        while let Some(e) = s.poll_event() {
            events.push(e);
        }
        assert!(events.contains(&Event::Closed), "{awaiting:?}: {events:?}");
        assert!(
            !events.contains(&Event::MessageAbandoned),
            "{awaiting:?}: a refused message is decided, not abandoned"
        );
        assert!(s.is_closed(), "{awaiting:?}");
        assert_eq!(s.pending(), None);
        assert_eq!(codes(&drain(&mut s)), vec![421]);
        // nothing more is served: RFC 5321 §3.8
        s.handle_input(Instant::now(), b"NOOP\r\n");
        assert!(s.poll_event().is_none());
        assert!(drain(&mut s).is_empty(), "{awaiting:?}: no 250 to NOOP");
    }
}

/// G2: the server can never write a reply line past 512 octets: `Reply::new` refuses
/// one, and a parsed reply (read with longer lines allowed) is refused by `respond`.
#[test]
fn an_overlong_answer_is_refused_and_a_512_octet_one_is_taken() {
    assert!(Reply::simple(550, Some((5, 1, 1)), "x".repeat(2000)).is_err());
    // 550 SP 5.1.1 SP text CRLF: 510 octets
    let mut s = waiting_after(RCPT, Awaiting::Rcpt);
    let ok = Reply::simple(550, Some((5, 1, 1)), "x".repeat(498)).unwrap();
    s.respond(ok).unwrap();
    let out = drain(&mut s);
    assert_eq!(out.len(), 510);
    assert!(out.starts_with(b"550 5.1.1 xxx"));
    // a long reply as a lenient parser read it from elsewhere
    let mut wire = b"550 5.1.1 ".to_vec();
    wire.extend(std::iter::repeat_n(b'y', 2000));
    wire.extend_from_slice(b"\r\n");
    let mut options = ReplyOptions::default();
    options.max_line_len = 4096;
    let (long, _) = parse_reply_with(&wire, &options).ok().unwrap();
    let mut s = waiting_after(RCPT, Awaiting::Rcpt);
    assert_eq!(s.respond(long.into_owned()), Err(AnswerError::ReplyTooLong));
    assert!(drain(&mut s).is_empty());
    assert_eq!(s.pending(), Some(Awaiting::Rcpt));
}
