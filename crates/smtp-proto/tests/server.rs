//! The server machine's contract: typed decisions and the answers they take, message
//! boundaries, SASL inside the machine, error counting, limits that follow the
//! offered extensions, lenient defaults, and time on a virtual clock.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use common::*;
use smtp_proto::server::{
    AnswerError, Awaiting, CramMd5Challenge, Decision, Event, Server, ServerConfig, Transfer,
};
use smtp_proto::*;

fn server() -> Server {
    Server::new(ServerConfig::new("mx.example.com").unwrap(), Instant::now())
}

fn drain(s: &mut Server) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(b) = s.poll_transmit(Instant::now()) {
        out.extend_from_slice(&b);
    }
    out
}

#[test]
fn an_answer_of_the_wrong_kind_is_refused_and_nothing_is_sent() {
    let mut s = server();
    let _ = drain(&mut s);
    assert_eq!(s.accept(), Err(AnswerError::NothingPending));
    s.handle_input(Instant::now(), b"EHLO c\r\n");
    assert!(s.poll_event().unwrap().needs_answer());
    assert_eq!(s.pending(), Some(Awaiting::Hello));
    s.accept().unwrap();
    s.handle_input(Instant::now(), b"MAIL FROM:<a@b>\r\n");
    let _ = s.poll_event().unwrap();
    s.accept().unwrap();
    s.handle_input(Instant::now(), b"RCPT TO:<c@d>\r\n");
    assert!(matches!(
        s.poll_event(),
        Some(Event::Decision(Decision::Rcpt { .. }))
    ));
    let _ = drain(&mut s);
    for code in [334, 354, 220, 235] {
        let r = Reply::simple(code, None, "no".to_string()).unwrap();
        assert_eq!(
            s.respond(r),
            Err(AnswerError::WrongReply {
                awaiting: Awaiting::Rcpt,
                code
            })
        );
    }
    assert!(drain(&mut s).is_empty(), "nothing was sent");
    assert_eq!(s.pending(), Some(Awaiting::Rcpt), "still waiting");
    s.refuse().unwrap();
    assert_eq!(codes(&drain(&mut s)), vec![550]);
    assert_eq!(s.pending(), None);
    assert_eq!(
        s.errors(),
        0,
        "an application's refusal is no protocol error"
    );
}

#[test]
fn message_boundaries_are_events() {
    let mut s = server();
    let input = b"EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nhi\r\n.\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nBDAT 3\r\nabcBDAT 2 LAST\r\nde";
    let (events, out) = drive_server(&mut s, input, 5, &mut vec![]);
    assert_eq!(
        codes(&out),
        vec![220, 250, 250, 250, 354, 250, 250, 250, 250, 250]
    );
    let starts: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::MessageStart { transfer } => Some(*transfer),
            _ => None,
        })
        .collect();
    assert_eq!(starts, vec![Transfer::Data, Transfer::Bdat]);
    assert!(!events.contains(&Event::MessageAbandoned));
}

#[test]
fn a_message_that_will_never_be_decided_is_abandoned() {
    for tail in [&b"RSET\r\n"[..], b"QUIT\r\n"] {
        let mut s = server();
        let mut input = b"EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nBDAT 3\r\nabc".to_vec();
        input.extend_from_slice(tail);
        let (events, _) = drive_server(&mut s, &input, 1000, &mut vec![]);
        let abandoned = events
            .iter()
            .filter(|e| **e == Event::MessageAbandoned)
            .count();
        assert_eq!(abandoned, 1, "{tail:?}");
        let start = events
            .iter()
            .position(|e| matches!(e, Event::MessageStart { .. }))
            .unwrap();
        let gone = events
            .iter()
            .position(|e| *e == Event::MessageAbandoned)
            .unwrap();
        assert!(start < gone);
    }
}

#[test]
fn too_big_is_reported_when_the_limit_is_passed_and_refused_at_the_end() {
    let mut s = Server::new(
        ServerConfig::new("mx").unwrap().with_max_message_size(10),
        Instant::now(),
    );
    let (events, out) = drive_server(
        &mut s,
        b"EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n0123456789\r\nmore\r\n",
        1000,
        &mut vec![],
    );
    assert_eq!(codes(&out), vec![220, 250, 250, 250, 354]);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::MessageTooBig { reply } if reply.code().get() == 552)),
        "reported before the body ends"
    );
    let (events, out) = drive_server(&mut s, b".\r\n", 1000, &mut vec![]);
    assert_eq!(codes(&out), vec![552]);
    assert!(matches!(events[..], [Event::MessageRejected { .. }]));
}

#[test]
fn a_998_octet_line_that_starts_with_a_dot_is_legal() {
    // Python's smtplib sends it as 999 octets plus CRLF after stuffing
    let mut input = b"EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n..".to_vec();
    input.extend(std::iter::repeat_n(b'x', 997));
    input.extend_from_slice(b"\r\n.\r\n");
    let mut s = server();
    let (events, out) = drive_server(&mut s, &input, 100, &mut vec![]);
    assert_eq!(codes(&out), vec![220, 250, 250, 250, 354, 250]);
    assert_eq!(body(&events).len(), 1000);
}

#[test]
fn recipient_overshoot_is_not_an_error() {
    // a compliant client pipelining 125 recipients keeps the 100 the server takes
    let mut input = b"EHLO c\r\nMAIL FROM:<a@b>\r\n".to_vec();
    for i in 0..125 {
        input.extend_from_slice(format!("RCPT TO:<r{i}@example.com>\r\n").as_bytes());
    }
    input.extend_from_slice(b"DATA\r\nhi\r\n.\r\n");
    let mut s = server();
    let (_, out) = drive_server(&mut s, &input, 1000, &mut vec![]);
    let c = codes(&out);
    assert_eq!(c.iter().filter(|&&c| c == 452).count(), 25);
    assert_eq!(c.iter().filter(|&&c| c == 421).count(), 0);
    assert_eq!(c[c.len() - 2..], [354, 250]);
    assert_eq!(s.errors(), 0);
    // a client that keeps going far past the limit is cut off on its own count
    let mut c = ServerConfig::new("mx").unwrap();
    c.max_recipients = 2;
    c.max_excess_recipients = 3;
    let mut s = Server::new(c, Instant::now());
    let mut input = b"EHLO c\r\nMAIL FROM:<a@b>\r\n".to_vec();
    for i in 0..10 {
        input.extend_from_slice(format!("RCPT TO:<r{i}@example.com>\r\n").as_bytes());
    }
    let (_, out) = drive_server(&mut s, &input, 1000, &mut vec![]);
    assert_eq!(
        codes(&out),
        vec![220, 250, 250, 250, 250, 452, 452, 452, 421]
    );
    assert!(s.is_closed());
}

#[test]
fn refused_unknown_verbs_count_as_errors_and_implemented_ones_do_not() {
    let mut input = b"EHLO c\r\n".to_vec();
    for i in 0..1000 {
        input.extend_from_slice(format!("JUNK{i} x\r\n").as_bytes());
    }
    let mut s = server();
    let (events, out) = drive_server(&mut s, &input, 4096, &mut vec![]);
    let c = codes(&out);
    assert_eq!(c.last(), Some(&421), "1000 junk lines close the connection");
    assert_eq!(c.iter().filter(|&&c| c == 500).count(), 20);
    assert!(s.is_closed());
    assert!(events.contains(&Event::Closed));
    // a verb the application implements (answered 2xx) is no error; refused, it is
    let mut input = b"EHLO c\r\n".to_vec();
    for _ in 0..30 {
        input.extend_from_slice(b"XCLIENT NAME=x\r\n");
    }
    let mut s = server();
    let mut answers = vec![reply("250 2.0.0 ok"); 31];
    answers[0] = reply("250 mx.example.com");
    let (_, out) = drive_server(&mut s, &input, 4096, &mut answers);
    assert_eq!(s.errors(), 0);
    assert!(!s.is_closed());
    assert_eq!(codes(&out).iter().filter(|&&c| c == 250).count(), 31);
    let mut s = server();
    let mut answers = vec![reply("550 5.5.1 no"); 31];
    answers[0] = reply("250 mx.example.com");
    let _ = drive_server(&mut s, &input[..8 + 3 * 16], 4096, &mut answers);
    assert_eq!(s.errors(), 3);
}

#[test]
fn lenient_defaults_take_what_real_clients_send_and_strict_does_not() {
    // curl --upload-file msg_1.eml says `EHLO msg_1.eml`; Windows says its NetBIOS name;
    // Exim took seed 000's `MAIL From: me@example.com`
    let input = b"EHLO msg_1.eml\r\nEHLO DESKTOP_7F3\r\nMAIL From: me@example.com\r\n";
    let mut s = server();
    let (_, out) = drive_server(&mut s, input, 1000, &mut vec![]);
    assert_eq!(codes(&out), vec![220, 250, 250, 250]);
    let mut s = Server::new(ServerConfig::new("mx").unwrap().strict(), Instant::now());
    let (_, out) = drive_server(&mut s, input, 1000, &mut vec![]);
    assert_eq!(codes(&out), vec![220, 501, 501, 501]);
}

fn cram_server() -> Server {
    let mut c = ServerConfig::new("mx").unwrap().with_cram_md5_challenge(
        CramMd5Challenge::new("<1896.697170952@postoffice.reston.mci.net>").unwrap(),
    );
    c.capabilities.auth = vec![Mechanism::Plain, Mechanism::CramMd5];
    let mut s = Server::new(c, Instant::now());
    s.set_tls();
    s
}

#[test]
fn auth_is_off_before_tls_by_default() {
    let mut c = ServerConfig::new("mx").unwrap();
    c.capabilities.auth = vec![Mechanism::Plain];
    let mut s = Server::new(c, Instant::now());
    let (events, out) = drive_server(
        &mut s,
        b"EHLO c\r\nAUTH PLAIN AHRpbQB0aW0=\r\n",
        1000,
        &mut vec![],
    );
    assert_eq!(codes(&out), vec![220, 250, 538]);
    assert!(!String::from_utf8_lossy(&out).contains("AUTH"));
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::Decision(Decision::Authenticate { .. })))
    );
}

#[test]
fn cram_md5_with_the_connection_challenge_and_failed_logins_count() {
    let mut s = cram_server();
    s.handle_input(Instant::now(), b"EHLO c\r\n");
    assert!(matches!(
        s.poll_event(),
        Some(Event::Decision(Decision::Hello { .. }))
    ));
    s.accept().unwrap();
    s.handle_input(Instant::now(), b"AUTH CRAM-MD5\r\n");
    assert_eq!(s.poll_event(), None);
    let out = String::from_utf8(drain(&mut s)).unwrap();
    assert!(out.contains("250 AUTH PLAIN CRAM-MD5\r\n"), "{out}");
    assert!(out.ends_with("334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n"));
    // RFC 2195's answer
    s.handle_input(
        Instant::now(),
        b"dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\r\n",
    );
    let Some(Event::Decision(Decision::Authenticate { credentials })) = s.poll_event() else {
        panic!()
    };
    assert!(credentials.verify_cram_md5("tanstaaftanstaaf"));
    assert!(!credentials.verify_cram_md5("guess"));
    s.refuse().unwrap();
    assert_eq!(codes(&drain(&mut s)), vec![535]);
    assert_eq!(s.errors(), 1, "a failed login counts");
    assert!(!s.is_authenticated());
    // without a challenge CRAM-MD5 is neither offered nor accepted
    let mut c = ServerConfig::new("mx").unwrap().allow_auth_without_tls();
    c.capabilities.auth = vec![Mechanism::CramMd5];
    let mut s = Server::new(c, Instant::now());
    let (_, out) = drive_server(&mut s, b"EHLO c\r\nAUTH CRAM-MD5\r\n", 1000, &mut vec![]);
    assert_eq!(codes(&out), vec![220, 250, 504]);
    assert!(!String::from_utf8_lossy(&out).contains("CRAM-MD5"));
}

#[test]
fn auth_plain_with_initial_response_and_long_exchange_lines() {
    let mut s = cram_server();
    let (events, out) = drive_server(
        &mut s,
        b"EHLO c\r\nAUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n",
        1000,
        &mut vec![],
    );
    assert_eq!(codes(&out), vec![220, 250, 235]);
    let creds = events
        .iter()
        .find_map(|e| match e {
            Event::Decision(Decision::Authenticate { credentials }) => Some(credentials),
            _ => None,
        })
        .unwrap();
    assert_eq!(creds.user(), Some("tim"));
    assert!(!format!("{events:?}").contains("tanstaaf"));
    // an AUTH exchange line over the limit: 500 5.5.6 (RFC 4954 §4)
    let mut s = cram_server();
    let mut input = b"EHLO c\r\nAUTH PLAIN\r\n".to_vec();
    input.extend(std::iter::repeat_n(b'A', 13000));
    input.extend_from_slice(b"\r\nNOOP\r\n");
    let (_, out) = drive_server(&mut s, &input, 4096, &mut vec![]);
    assert_eq!(codes(&out), vec![220, 250, 334, 500, 250]);
    assert!(String::from_utf8_lossy(&out).contains("500 5.5.6"));
}

#[test]
fn the_pipelining_check_is_a_timing_heuristic() {
    // the same commands, sent in lockstep (each after its reply) or pipelined
    let t0 = Instant::now();
    let mut s = Server::new(ServerConfig::new("mx").unwrap(), t0);
    let _ = s.poll_transmit(t0);
    let mut violations = 0;
    for (i, line) in [&b"EHLO c\r\n"[..], b"NOOP\r\n", b"NOOP\r\n"]
        .iter()
        .enumerate()
    {
        let now = t0 + Duration::from_millis(100 * i as u64);
        s.handle_input(now, line);
        while let Some(e) = s.poll_event() {
            violations += usize::from(e == Event::PipeliningViolation);
            if e.needs_answer() {
                s.accept().unwrap();
            }
        }
        let _ = s.poll_transmit(now);
    }
    assert_eq!(violations, 0, "lockstep");
    let mut s = Server::new(ServerConfig::new("mx").unwrap(), t0);
    let (events, _) = drive_server(&mut s, b"EHLO c\r\nNOOP\r\nNOOP\r\n", 1000, &mut vec![]);
    assert!(
        events.contains(&Event::PipeliningViolation),
        "all in one read"
    );
    // split exactly at command boundaries, the same bytes pass: the check only sees
    // what had arrived when a group-ending command was read
    let mut s = Server::new(ServerConfig::new("mx").unwrap(), t0);
    let (events, _) = drive_server(&mut s, b"NOOP\r\nNOOP\r\n", 6, &mut vec![]);
    assert!(!events.contains(&Event::PipeliningViolation));
}

#[test]
fn pipelined_messages_in_one_read_keep_every_body() {
    let mut input = b"EHLO c\r\n".to_vec();
    for i in 0..200 {
        input.extend_from_slice(
            format!("MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nmessage {i}\r\n.\r\n").as_bytes(),
        );
    }
    let mut s = server();
    let (events, out) = drive_server(&mut s, &input, input.len(), &mut vec![]);
    assert_eq!(codes(&out).len(), 2 + 200 * 4);
    let text = String::from_utf8(body(&events)).unwrap();
    assert!(text.starts_with("message 0\r\nmessage 1\r\n"));
    assert!(text.ends_with("message 199\r\n"));
}

#[test]
fn mail_and_rcpt_limits_follow_the_offered_extensions() {
    // a 563-octet RCPT with NOTIFY and a long ORCPT: DSN is offered by default
    let orcpt = format!("rfc822;{}@example.com", "o".repeat(480));
    let rcpt = format!("RCPT TO:<b@example.com> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT={orcpt}\r\n");
    assert!(rcpt.len() > 512);
    let input = format!("EHLO c\r\nMAIL FROM:<a@b>\r\n{rcpt}");
    let mut s = server();
    let (_, out) = drive_server(&mut s, input.as_bytes(), 1000, &mut vec![]);
    assert_eq!(codes(&out), vec![220, 250, 250, 250]);
    // without DSN the same line is too long
    let mut c = ServerConfig::new("mx").unwrap();
    c.capabilities.dsn = false;
    let mut s = Server::new(c, Instant::now());
    let (_, out) = drive_server(&mut s, input.as_bytes(), 1000, &mut vec![]);
    assert_eq!(codes(&out), vec![220, 250, 250, 500]);
    assert!(String::from_utf8_lossy(&out).contains("500 5.5.2"));
}

/// The credentials the server machine handed to the application for `input`, and
/// the reply codes it wrote (every decision accepted).
fn auth_exchange(mechanisms: Vec<Mechanism>, input: &[u8]) -> (Vec<Credentials>, Vec<u16>, String) {
    let mut c = ServerConfig::new("mx.example.com").unwrap();
    c.capabilities.auth = mechanisms;
    let mut s = Server::new(c, Instant::now());
    s.set_tls();
    let (events, out) = drive_server(&mut s, input, 7, &mut vec![]);
    let creds = events
        .iter()
        .filter_map(|e| match e {
            Event::Decision(Decision::Authenticate { credentials }) => Some(credentials.clone()),
            _ => None,
        })
        .collect();
    (creds, codes(&out), format!("{events:?}"))
}

#[test]
fn xoauth2_oauthbearer_and_external_run_inside_the_server_machine() {
    let all = || {
        vec![
            Mechanism::XOAuth2,
            Mechanism::OAuthBearer,
            Mechanism::External,
        ]
    };
    // XOAUTH2 with its initial response (Google's format: user, auth=Bearer, ^A^A)
    let (creds, codes, debug) = auth_exchange(
        all(),
        b"EHLO c\r\nAUTH XOAUTH2 dXNlcj1hbGljZUBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVQBAQ==\r\n",
    );
    assert_eq!(codes, vec![220, 250, 235]);
    match creds.as_slice() {
        [Credentials::XOAuth2 { user, token }] => {
            assert_eq!(user, "alice@example.com");
            assert_eq!(token.expose(), "ya29.vF9dft4qmT");
        }
        other => panic!("{other:?}"),
    }
    assert!(!debug.contains("ya29"), "the token is redacted: {debug}");

    // OAUTHBEARER (RFC 7628 §4.1's example), sent after an empty 334 challenge
    let (creds, codes, debug) = auth_exchange(
        all(),
        b"EHLO c\r\nAUTH OAUTHBEARER\r\nbixhPWFsaWNlQGV4YW1wbGUuY29tLAFob3N0PW14LmV4YW1wbGUuY29tAXBvcnQ9NTg3AWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB\r\n",
    );
    assert_eq!(codes, vec![220, 250, 334, 235]);
    match creds.as_slice() {
        [
            Credentials::OAuthBearer {
                authzid,
                host,
                port,
                token,
            },
        ] => {
            assert_eq!(authzid.as_deref(), Some("alice@example.com"));
            assert_eq!(host.as_deref(), Some("mx.example.com"));
            assert_eq!(*port, Some(587));
            assert_eq!(token.expose(), "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        !debug.contains("vF9dft4qmT"),
        "the token is redacted: {debug}"
    );

    // EXTERNAL: '=' is the empty initial response (RFC 4954 §4), no authzid; then an
    // authzid given in the continuation
    let (creds, codes, _) = auth_exchange(all(), b"EHLO c\r\nAUTH EXTERNAL =\r\n");
    assert_eq!(codes, vec![220, 250, 235]);
    assert!(matches!(
        creds.as_slice(),
        [Credentials::External { authzid: None }]
    ));
    let (creds, codes, _) = auth_exchange(all(), b"EHLO c\r\nAUTH EXTERNAL\r\nYm9i\r\n");
    assert_eq!(codes, vec![220, 250, 334, 235]);
    match creds.as_slice() {
        [Credentials::External { authzid }] => assert_eq!(authzid.as_deref(), Some("bob")),
        other => panic!("{other:?}"),
    }

    // a mechanism the server does not offer never reaches the application
    let (creds, codes, _) = auth_exchange(
        vec![Mechanism::Plain],
        b"EHLO c\r\nAUTH XOAUTH2 dXNlcj1hbGljZUBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVQBAQ==\r\n",
    );
    assert!(creds.is_empty());
    assert_eq!(codes, vec![220, 250, 504]);
}

#[test]
fn a_command_line_that_never_ends_is_closed_after_the_discard_limit() {
    let mut s = server();
    let _greeting = drain(&mut s);
    let junk = vec![b'x'; 64 * 1024];
    let (mut fed, mut events) = (0u64, Vec::new());
    while !s.is_closed() && fed < 64 << 20 {
        s.handle_input(Instant::now(), &junk);
        fed += junk.len() as u64;
        while let Some(e) = s.poll_event() {
            events.push(e);
        }
    }
    // closed once the skipped bytes pass 1 MiB, not before
    assert!(s.is_closed());
    assert_eq!(fed, (1 << 20) + 64 * 1024);
    assert!(
        matches!(
            &events[..],
            [Event::Rejected { error: None, .. }, Event::Closed]
        ),
        "{events:?}"
    );
    assert_eq!(
        drain(&mut s),
        b"421 4.7.0 Line too long, closing connection\r\n"
    );
    // what follows is never read as a command
    s.handle_input(Instant::now(), b"\r\nQUIT\r\n");
    assert!(s.poll_event().is_none());
    assert!(drain(&mut s).is_empty());
}

#[test]
fn a_long_line_under_the_discard_limit_is_refused_and_the_session_goes_on() {
    let mut s = server();
    let _greeting = drain(&mut s);
    s.handle_input(Instant::now(), b"EHLO ");
    for _ in 0..8 {
        s.handle_input(Instant::now(), &[b'x'; 64 * 1024]);
    }
    s.handle_input(Instant::now(), b"\r\nNOOP\r\n");
    while s.poll_event().is_some() {}
    assert!(!s.is_closed());
    let out = String::from_utf8(drain(&mut s)).unwrap();
    assert_eq!(out, "500 5.5.2 Line too long\r\n250 2.0.0 OK\r\n");
}

/// G4: input taken between two `poll_event` calls is bounded by `max_buffered`
/// (one call of any size always goes in); past it `421 4.7.0` and close. The
/// pending-decision limit holds too.
#[test]
fn input_without_polling_is_bounded_by_max_buffered() {
    let mut c = ServerConfig::new("mx.example.com").unwrap();
    c.max_buffered = 1000;
    let mut s = Server::new(c.clone(), Instant::now());
    let _ = drain(&mut s);
    // one read bigger than the limit is taken
    s.handle_input(Instant::now(), &b"NOOP\r\n".repeat(300));
    assert!(!s.is_closed());
    while s.poll_event().is_some() {}
    assert_eq!(codes(&drain(&mut s)), vec![250; 300]);
    for _ in 0..166 {
        s.handle_input(Instant::now(), b"NOOP\r\n");
    }
    assert!(!s.is_closed(), "996 octets since the poll");
    s.handle_input(Instant::now(), b"NOOP\r\n");
    assert!(s.is_closed());
    assert_eq!(
        drain(&mut s),
        b"421 4.7.0 Too much unprocessed input\r\n",
        "nothing was processed"
    );
    // the README loop: three small reads, then the drain
    let mut s = Server::new(c.clone(), Instant::now());
    for piece in [&b"EHLO c\r\n"[..], b"NOOP\r\n", b"NOOP\r\n"] {
        s.handle_input(Instant::now(), piece);
    }
    assert!(!s.is_closed());
    // while a decision is pending the held input is bounded as before
    let mut s = Server::new(c, Instant::now());
    s.handle_input(Instant::now(), b"EHLO c\r\n");
    assert!(s.poll_event().unwrap().needs_answer());
    s.handle_input(Instant::now(), &[b'x'; 1001]);
    assert!(s.is_closed());
    assert!(drain(&mut s).ends_with(b"421 4.7.0 Too much pipelined input\r\n"));
}

/// A `SIZE n` in the capabilities without `max_message_size` is enforced, not only
/// announced.
#[test]
fn an_announced_size_is_enforced() {
    let mut c = ServerConfig::new("mx.example.com").unwrap();
    c.capabilities.size = Some(Some(10));
    let mut s = Server::new(c, Instant::now());
    assert_eq!(s.config().max_message_size, Some(10));
    let input = b"EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n0123456789ab\r\n.\r\n";
    let (_, out) = drive_server(&mut s, input, 1000, &mut vec![]);
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("250 SIZE 10\r\n"), "{out}");
    assert!(
        out.ends_with("552 5.3.4 Message size exceeds fixed limit\r\n"),
        "{out}"
    );
    // max_message_size wins
    let mut c = ServerConfig::new("mx.example.com")
        .unwrap()
        .with_max_message_size(100);
    c.capabilities.size = Some(Some(10));
    let mut s = Server::new(c, Instant::now());
    let (_, out) = drive_server(&mut s, input, 1000, &mut vec![]);
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("250 SIZE 100\r\n") && out.ends_with("250 2.0.0 Message accepted\r\n"),
        "{out}"
    );
}
