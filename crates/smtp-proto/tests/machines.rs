//! Server and client machines: sequencing, pipelining, BDAT, STARTTLS, LMTP, smuggling,
//! timeouts, chunking invariance, and a client-server pair in memory.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::collapsible_match
)]

mod common;

use std::time::{Duration, Instant};

use bytes::Bytes;
use common::*;
use smtp_proto::client::{Client, ClientConfig, Envelope, Event as CEvent};
use smtp_proto::server::{Decision, Event, Server, ServerConfig};
use smtp_proto::*;

fn server() -> Server {
    let mut c = ServerConfig::new("mx.example.com").unwrap();
    c.capabilities.starttls = true;
    Server::new(c, Instant::now())
}

#[test]
fn sequencing_replies_come_from_the_machine() {
    let mut s = server();
    let input = b"MAIL FROM:<a@b>\r\nEHLO c\r\nRCPT TO:<a@b>\r\nDATA\r\nMAIL FROM:<a@b>\r\nMAIL FROM:<a@b>\r\nDATA\r\nMAIL FROM:<a@b> X-UNKNOWN=1\r\nFOO bar\r\nQUIT\r\n";
    let (_, out) = drive_server(&mut s, input, 1000, &mut vec![]);
    // 220, 503 (no EHLO), 250 EHLO, 503 (RCPT before MAIL), 503 (DATA before MAIL),
    // 250 MAIL, 503 nested, 554 no recipients, 503 nested (unknown param not reached), 500, 221
    assert_eq!(
        codes(&out),
        vec![220, 503, 250, 503, 503, 250, 503, 554, 503, 500, 221]
    );
    let mut s = server();
    let (_, out) = drive_server(
        &mut s,
        b"EHLO c\r\nMAIL FROM:<a@b> X-UNKNOWN=1\r\nMAIL FROM:<a@b> SIZE=x\r\nRSET\r\n",
        1000,
        &mut vec![],
    );
    assert_eq!(codes(&out), vec![220, 250, 555, 501, 250]);
}

#[test]
fn smuggled_commands_stay_in_the_body() {
    for la in [
        &b"\n.\n"[..],
        b"\r.\r",
        b"\n.\r\n",
        b"\r\n.\n",
        b"\r\n.\r\r\n",
    ] {
        let mut input = b"EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<a@b>\r\nDATA\r\nbody".to_vec();
        input.extend_from_slice(la);
        input.extend_from_slice(
            b"MAIL FROM:<evil@x>\r\nRCPT TO:<victim@y>\r\nDATA\r\nforged\r\n.\r\nQUIT\r\n",
        );
        for step in [1, 3, input.len()] {
            let mut s = server();
            let (events, out) = drive_server(&mut s, &input, step, &mut vec![]);
            let mails = events
                .iter()
                .filter(|e| matches!(e, Event::Decision(Decision::Mail { .. })))
                .count();
            assert_eq!(mails, 1, "{la:?} step {step}");
            assert!(body(&events).windows(10).any(|w| w == b"MAIL FROM:"));
            assert_eq!(codes(&out), vec![220, 250, 250, 250, 354, 250, 221]);
        }
    }
}

#[test]
fn bare_line_endings_can_reject_the_message() {
    let mut c = ServerConfig::new("mx").unwrap();
    c.bare_line_endings = mail_proto_core::dot::BareLineEndings::Reject;
    let mut s = Server::new(c, Instant::now());
    let input = b"EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<a@b>\r\nDATA\r\nx\n.\ny\r\n.\r\nNOOP\r\n";
    let (events, out) = drive_server(&mut s, input, 1000, &mut vec![]);
    assert_eq!(codes(&out), vec![220, 250, 250, 250, 354, 550, 250]);
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("\r\n354 ")
            && out.contains("\r\n550 5.6.0 Message contains bare CR or LF\r\n250 "),
        "{out}"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::MessageRejected { reply } if reply.to_string() == "550 5.6.0 Message contains bare CR or LF"))
    );
}

#[test]
fn bdat_data_is_consumed_even_when_refused() {
    let mut s = server();
    // BDAT before MAIL: refused, but its 10 bytes (which look like a command) are eaten
    let input = b"EHLO c\r\nBDAT 10\r\nRSET\r\nXXXXMAIL FROM:<a@b>\r\nRCPT TO:<a@b>\r\nBDAT 7\r\nhello\r\nBDAT 0 LAST\r\n";
    let (events, out) = drive_server(&mut s, input, 1000, &mut vec![]);
    let input_str = String::from_utf8_lossy(input);
    assert_eq!(
        codes(&out),
        vec![220, 250, 503, 250, 250, 250, 250],
        "{input_str}"
    );
    assert_eq!(body(&events), b"hello\r\n");
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Decision(Decision::MessageEnd { size: 7, .. })))
    );
    assert!(
        !events.iter().any(|e| matches!(e, Event::Reset)),
        "RSET inside BDAT data is data"
    );
}

#[test]
fn chunks_pipelined_behind_a_failed_bdat_do_not_count_as_errors() {
    // RFC 3030 §4.2: a pipelining client may already have sent more chunks when one
    // fails; the server takes and refuses them, and must not close on a compliant
    // client for it. A BDAT after any other command still counts.
    let mut c = ServerConfig::new("mx").unwrap();
    c.max_errors = 3;
    c.max_message_size = Some(10);
    let mut s = Server::new(c, Instant::now());
    let mut input = b"EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<a@b>\r\n".to_vec();
    for _ in 0..8 {
        input.extend_from_slice(b"BDAT 8\r\n12345678");
    }
    input.extend_from_slice(b"BDAT 0 LAST\r\nNOOP\r\n");
    let (events, out) = drive_server(&mut s, &input, 1000, &mut vec![]);
    let mut want = vec![220, 250, 250, 250, 250, 552];
    want.extend([503; 7]);
    want.push(250);
    assert_eq!(codes(&out), want);
    assert!(!s.is_closed());
    assert!(body(&events).len() <= 10);
    // the same stray BDAT after NOOP is a protocol error again: three close the session
    let (_, out) = drive_server(
        &mut s,
        b"BDAT 1\r\nxNOOP\r\nBDAT 1\r\nxNOOP\r\nBDAT 1\r\nx",
        1000,
        &mut vec![],
    );
    assert_eq!(codes(&out), vec![503, 250, 503, 250, 503, 421]);
    assert!(s.is_closed());
}

#[test]
fn starttls_discards_pipelined_plaintext() {
    let mut s = server();
    let (events, out) = drive_server(
        &mut s,
        b"EHLO c\r\nSTARTTLS\r\nMAIL FROM:<injected@x>\r\n",
        1000,
        &mut vec![],
    );
    assert_eq!(codes(&out), vec![220, 250, 220]);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::TlsUpgrade { discarded: 24 }))
    );
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::Decision(Decision::Mail { .. })))
    );
    assert!(s.is_tls());
    // after TLS: EHLO again, and STARTTLS is no longer announced
    let (_, out) = drive_server(&mut s, b"MAIL FROM:<a@b>\r\nEHLO c\r\n", 1000, &mut vec![]);
    assert_eq!(codes(&out), vec![503, 250]);
    assert!(!String::from_utf8_lossy(&out).contains("STARTTLS"));
}

#[test]
fn lmtp_replies_once_per_recipient() {
    let mut c = ServerConfig::new("lmtp.example.com").unwrap();
    c.lmtp = true;
    let mut s = Server::new(c, Instant::now());
    let input = b"EHLO c\r\nLHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<x@b>\r\nRCPT TO:<y@b>\r\nRCPT TO:<z@b>\r\nDATA\r\nhi\r\n.\r\n";
    let mut answers = vec![
        reply("250 ok"),
        reply("250 ok"),
        reply("250 ok"),
        reply("550 5.1.1 no such user"),
        reply("250 ok"),
        reply("250 2.0.0 x delivered"),
        reply("452 4.2.2 y over quota"),
    ];
    let (events, out) = drive_server(&mut s, input, 1000, &mut answers);
    assert_eq!(
        codes(&out),
        vec![220, 500, 250, 250, 250, 550, 250, 354, 250, 452]
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Decision(Decision::MessageEnd { replies: 2, .. })))
    );
}

#[test]
fn pipelining_violation_is_reported_and_strict_mode_closes() {
    let mut s = server();
    let (events, _) = drive_server(&mut s, b"EHLO c\r\nNOOP\r\nNOOP\r\n", 1000, &mut vec![]);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::PipeliningViolation))
    );
    let mut c = ServerConfig::new("mx").unwrap();
    c.strict_pipelining = true;
    let mut s = Server::new(c, Instant::now());
    let (_, out) = drive_server(&mut s, b"HELO c\r\nMAIL FROM:<a@b>\r\n", 1000, &mut vec![]);
    assert_eq!(codes(&out), vec![220, 554]);
    assert!(s.is_closed());
}

#[test]
fn auth_exchange_runs_inside_the_machine_with_cancel_and_success() {
    let c = ServerConfig::new("mx").unwrap().allow_auth_without_tls();
    let mut c = c;
    c.capabilities.auth = vec![Mechanism::Login];
    let mut s = Server::new(c, Instant::now());
    s.handle_input(
        Instant::now(),
        b"EHLO c\r\nAUTH LOGIN\r\n*\r\nAUTH PLAIN\r\nAUTH LOGIN dGlt\r\ncGFzcw==\r\n",
    );
    let mut seen = Vec::new();
    while let Some(ev) = s.poll_event() {
        match &ev {
            Event::Decision(Decision::Hello { .. }) => s.accept().unwrap(),
            Event::Decision(Decision::Authenticate { credentials }) => {
                assert_eq!(credentials.user(), Some("tim"));
                assert_eq!(credentials.secret().unwrap().expose(), "pass");
                assert!(!format!("{ev:?}").contains("pass"), "secrets are redacted");
                s.accept().unwrap()
            }
            _ => {}
        }
        seen.push(ev);
    }
    let mut out = Vec::new();
    while let Some(b) = s.poll_transmit(Instant::now()) {
        out.extend_from_slice(&b);
    }
    assert_eq!(codes(&out), vec![220, 250, 334, 501, 504, 334, 235]);
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("334 VXNlcm5hbWU6\r\n") && text.contains("334 UGFzc3dvcmQ6\r\n"));
    assert!(seen.contains(&Event::AuthCancelled));
    assert!(s.is_authenticated());
    assert_eq!(
        s.errors(),
        2,
        "the cancel and the unoffered mechanism count"
    );
}

#[test]
fn server_timeout_sends_421_on_a_virtual_clock() {
    let t0 = Instant::now();
    let mut c = ServerConfig::new("mx.example.com").unwrap();
    c.capabilities.starttls = true;
    let mut s = Server::new(c, t0);
    // armed at construction: a client that connects and says nothing is timed out
    assert_eq!(s.poll_timeout(), Some(t0 + Duration::from_secs(300)));
    let _ = s.poll_transmit(t0 + Duration::from_secs(10));
    // the wait starts when the greeting leaves
    assert_eq!(s.poll_timeout(), Some(t0 + Duration::from_secs(310)));
    s.handle_timeout(t0 + Duration::from_secs(309));
    assert!(!s.is_closed(), "an early call does nothing");
    s.handle_timeout(t0 + Duration::from_secs(310));
    assert!(s.is_closed());
    s.handle_timeout(t0 + Duration::from_secs(900));
    let mut out = Vec::new();
    while let Some(b) = s.poll_transmit(t0) {
        out.extend_from_slice(&b);
    }
    assert_eq!(codes(&out), vec![421], "one 421, however often called");
    assert_eq!(s.poll_timeout(), None);
}

#[test]
fn no_timeout_value_panics_and_decisions_hold_the_timer() {
    let t0 = Instant::now();
    let mut c = ServerConfig::new("mx").unwrap();
    c.timeout = Duration::MAX;
    let mut s = Server::new(c, t0);
    assert_eq!(s.poll_timeout(), None, "Duration::MAX means never");
    s.handle_input(t0, b"EHLO c\r\n");
    assert!(matches!(s.poll_event(), Some(Event::Decision(_))));
    s.handle_timeout(t0 + Duration::from_secs(1 << 40));
    assert!(!s.is_closed());
    let mut s = Server::new(ServerConfig::new("mx").unwrap(), t0);
    s.handle_input(t0, b"EHLO c\r\n");
    assert!(matches!(s.poll_event(), Some(Event::Decision(_))));
    assert_eq!(s.poll_timeout(), None, "the application is deciding");
    s.handle_timeout(t0 + Duration::from_secs(3600));
    assert!(!s.is_closed());
    s.accept().unwrap();
    let t1 = t0 + Duration::from_secs(3600);
    let _ = s.poll_transmit(t1);
    assert_eq!(
        s.poll_timeout(),
        Some(t1 + Duration::from_secs(300)),
        "re-armed"
    );
}

/// G5: an answer given 600 s late, then `handle_timeout` before `poll_transmit` (and
/// with input that came while the application decided): no 421 follows the answer.
#[test]
fn a_late_answer_is_not_followed_by_a_timeout() {
    let t0 = Instant::now();
    let mut s = Server::new(ServerConfig::new("mx").unwrap(), t0);
    let _ = s.poll_transmit(t0);
    s.handle_input(t0, b"EHLO c\r\n");
    assert!(matches!(s.poll_event(), Some(Event::Decision(_))));
    s.handle_input(t0 + Duration::from_secs(1), b"NOOP\r\n");
    let late = t0 + Duration::from_secs(600);
    s.accept().unwrap();
    assert_eq!(s.poll_timeout(), None, "the reply has not left yet");
    s.handle_timeout(late);
    assert!(!s.is_closed());
    let mut out = Vec::new();
    while let Some(b) = s.poll_transmit(late) {
        out.extend_from_slice(&b);
    }
    while s.poll_event().is_some() {}
    while let Some(b) = s.poll_transmit(late) {
        out.extend_from_slice(&b);
    }
    assert_eq!(codes(&out), vec![250, 250], "EHLO and NOOP, no 421");
    assert_eq!(s.poll_timeout(), Some(late + Duration::from_secs(300)));
    s.handle_timeout(late + Duration::from_secs(299));
    assert!(!s.is_closed());
    s.handle_timeout(late + Duration::from_secs(300));
    assert!(s.is_closed(), "the timer still runs from the last reply");
}

#[test]
fn server_events_do_not_depend_on_chunking() {
    let input = b"EHLO c\r\nMAIL FROM:<a@b> SIZE=20\r\nRCPT TO:<a@b> NOTIFY=NEVER\r\nDATA\r\n..x\r\ny\r\n.\r\nBDAT 3\r\nabcRSET\r\nVRFY z\r\nQUIT\r\n";
    let whole = {
        let mut s = server();
        drive_server(&mut s, input, input.len(), &mut vec![])
    };
    for step in 1..12 {
        let mut s = server();
        let got = drive_server(&mut s, input, step, &mut vec![]);
        assert_eq!(body(&got.0), body(&whole.0), "step {step}");
        assert_eq!(codes(&got.1), codes(&whole.1), "step {step}");
        let non_body = |ev: &Vec<Event>| {
            ev.iter()
                .filter(|e| !matches!(e, Event::BodyChunk(_) | Event::PipeliningViolation))
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(non_body(&got.0), non_body(&whole.0), "step {step}");
    }
}

/// Client and server wired in memory; `step` splits every write.
fn pair(
    config: ClientConfig,
    server_config: ServerConfig,
    body_bytes: &'static [u8],
    step: usize,
) -> (Vec<CEvent>, Vec<u8>) {
    let mut server = Server::new(server_config, Instant::now());
    let now = Instant::now();
    let mut client = Client::new(config, now);
    let mut cevents = Vec::new();
    let mut received = Vec::new();
    let mut sent_mail = false;
    for _ in 0..200 {
        while let Some(b) = server.poll_transmit(Instant::now()) {
            for piece in b.chunks(step) {
                client.handle_input(now, piece).unwrap();
            }
        }
        while let Some(ev) = client.poll_event() {
            let ev = ev.unwrap();
            match &ev {
                CEvent::Ready(_) if !sent_mail => {
                    sent_mail = true;
                    let from =
                        ReversePath::Mailbox(Mailbox::parse("a@example.org").unwrap().into_owned());
                    let rcpt = |s: &'static str| {
                        (
                            ForwardPath::Mailbox(Mailbox::parse(s).unwrap().into_owned()),
                            RcptParams::default(),
                        )
                    };
                    let env = [
                        rcpt("b@example.com"),
                        rcpt("bad@example.com"),
                        rcpt("c@example.com"),
                    ]
                    .into_iter()
                    .fold(Envelope::new(from), |env, (path, params)| {
                        env.rcpt(path, params)
                    });
                    client
                        .send_message(env, Bytes::from_static(body_bytes))
                        .unwrap();
                }
                CEvent::MessageResult { .. } | CEvent::TransactionFailed(_)
                    if !client.is_closed() =>
                {
                    if client.is_ready() {
                        client.quit().unwrap();
                    }
                }
                _ => {}
            }
            cevents.push(ev);
        }
        while let Some(b) = client.poll_transmit(now) {
            for piece in b.chunks(step) {
                server.handle_input(Instant::now(), piece);
            }
        }
        while let Some(ev) = server.poll_event() {
            match ev {
                Event::Decision(Decision::Rcpt { to, .. }) if to.to_string().contains("bad") => {
                    server
                        .respond(Reply::simple(550, Some((5, 1, 1)), "no").unwrap())
                        .unwrap()
                }
                Event::BodyChunk(c) => received.extend_from_slice(&c),
                Event::Decision(Decision::MessageEnd { replies, .. }) => {
                    for _ in 0..replies {
                        server.accept().unwrap();
                    }
                }
                Event::Decision(_) => server.accept().unwrap(),
                _ => {}
            }
        }
        if client.is_closed() && server.is_closed() {
            break;
        }
    }
    assert!(client.is_closed() && server.is_closed(), "{cevents:?}");
    (cevents, received)
}

#[test]
fn client_server_pair_data_and_bdat_in_any_chunking() {
    let body = b"Subject: x\r\n\r\n.dot\r\n..two\r\nend";
    for step in [1, 2, 5, 1000] {
        let (events, received) = pair(
            ClientConfig::new(Domain::name("c.example").unwrap()),
            ServerConfig::new("mx").unwrap(),
            body,
            step,
        );
        assert_eq!(
            received, b"Subject: x\r\n\r\n.dot\r\n..two\r\nend\r\n",
            "step {step}"
        );
        let rcpt: Vec<u16> = events
            .iter()
            .filter_map(|e| match e {
                CEvent::Recipient { reply, .. } => Some(reply.code().get()),
                _ => None,
            })
            .collect();
        assert_eq!(rcpt, vec![250, 550, 250]);
        assert!(events.iter().any(|e| matches!(
            e,
            CEvent::MessageResult {
                recipient: None,
                ..
            }
        )));
        // BDAT: the body goes as is
        let mut cc = ClientConfig::new(Domain::name("c.example").unwrap());
        cc.prefer_bdat = true;
        let (_, received) = pair(cc, ServerConfig::new("mx").unwrap(), body, step);
        assert_eq!(received, body);
        // LMTP: one result per accepted recipient
        let mut cc = ClientConfig::new(Domain::name("c.example").unwrap());
        cc.lmtp = true;
        let mut sc = ServerConfig::new("mx").unwrap();
        sc.lmtp = true;
        let (events, _) = pair(cc, sc, body, step);
        let results: Vec<Option<usize>> = events
            .iter()
            .filter_map(|e| match e {
                CEvent::MessageResult { recipient, .. } => Some(*recipient),
                _ => None,
            })
            .collect();
        assert_eq!(results, vec![Some(0), Some(2)]);
    }
}

#[test]
fn client_falls_back_to_helo_and_refuses_crlf_arguments() {
    let now = Instant::now();
    let mut c = Client::new(ClientConfig::new(Domain::name("c.example").unwrap()), now);
    let mut events = Vec::new();
    let mut out = Vec::new();
    // each reply arrives after the command it answers has left
    for reply in [&b"220 old server\r\n"[..], b"500 what\r\n", b"250 old\r\n"] {
        c.handle_input(now, reply).unwrap();
        while let Some(e) = c.poll_event() {
            events.push(e.unwrap());
        }
        while let Some(b) = c.poll_transmit(now) {
            out.extend_from_slice(&b);
        }
    }
    assert_eq!(out, b"EHLO c.example\r\nHELO c.example\r\n");
    assert!(matches!(events.last(), Some(CEvent::Ready(_))));
    // a parameter with CR LF cannot even be built, so it can never be sent
    assert!(EsmtpValue::new("a\r\nRCPT").is_err());
    let mut params = MailParams::default();
    let x = Param::new("X", Some(EsmtpValue::new("a").unwrap())).unwrap();
    params.push_other(x).unwrap();
    assert!(
        params
            .push_other(Param::new("SIZE", None).unwrap())
            .is_err()
    );
    let env = Envelope::new(ReversePath::Null)
        .params(params)
        .to(ForwardPath::Postmaster);
    // a recipient was required but the server is an old one; still no CR LF goes out
    let _ = c.send_message(env, Bytes::new());
    while let Some(b) = c.poll_transmit(now) {
        assert_eq!(b.iter().filter(|b| **b == b'\n').count(), 1, "{b:?}");
    }
}

#[test]
fn text_lines_longer_than_1000_bytes_refuse_the_message() {
    let mut input = b"EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<a@b>\r\nDATA\r\n".to_vec();
    input.extend(std::iter::repeat_n(b'x', 1200));
    input.extend_from_slice(b"\r\n.\r\nNOOP\r\n");
    let mut s = server();
    let (events, out) = drive_server(&mut s, &input, 100, &mut vec![]);
    // RFC 5321 §4.3.2: 554 is a reply allowed after the final dot (500 is not: curl
    // reports "Weird server reply")
    assert_eq!(codes(&out), vec![220, 250, 250, 250, 354, 554, 250]);
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("\r\n554 5.6.0 Message line too long\r\n250 "),
        "{out}"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::MessageRejected { reply } if reply.to_string() == "554 5.6.0 Message line too long"))
    );
    // the limit is configurable, and off means any length
    let mut c = ServerConfig::new("mx").unwrap();
    c.max_text_line_len = None;
    let mut s = Server::new(c, Instant::now());
    let (_, out) = drive_server(&mut s, &input, 100, &mut vec![]);
    assert_eq!(codes(&out), vec![220, 250, 250, 250, 354, 250, 250]);
}

#[test]
fn client_authenticates_with_login_and_long_xoauth2_tokens() {
    use mail_proto_core::sasl::Credentials;
    for creds in [
        Credentials::Login {
            user: "tim".into(),
            password: "secret".into(),
        },
        Credentials::XOAuth2 {
            user: "tim@example.com".into(),
            token: "t".repeat(3000).into(),
        },
        Credentials::Plain {
            authzid: None,
            authcid: "tim".into(),
            password: "secret".into(),
        },
    ] {
        let mut sc = ServerConfig::new("mx").unwrap();
        sc.capabilities.auth = vec![Mechanism::Login, Mechanism::XOAuth2, Mechanism::Plain];
        let mut server = Server::new(sc.allow_auth_without_tls(), Instant::now());
        let now = Instant::now();
        let mut client = Client::new(ClientConfig::new(Domain::name("c").unwrap()), now);
        let mut got = None;
        let mut result = None;
        for _ in 0..20 {
            while let Some(b) = server.poll_transmit(now) {
                client.handle_input(now, &b).unwrap();
            }
            while let Some(ev) = client.poll_event() {
                match ev.unwrap() {
                    CEvent::Ready(_) => client.authenticate(creds.clone()).unwrap(),
                    CEvent::Authenticated(r) | CEvent::AuthFailed(r) => {
                        result = Some(r.code().get())
                    }
                    _ => {}
                }
            }
            while let Some(b) = client.poll_transmit(now) {
                server.handle_input(now, &b);
            }
            while let Some(ev) = server.poll_event() {
                match ev {
                    Event::Decision(Decision::Authenticate { credentials }) => {
                        got = Some(credentials);
                        server.accept().unwrap();
                    }
                    Event::Decision(Decision::Hello { .. }) => server.accept().unwrap(),
                    _ => {}
                }
            }
        }
        assert_eq!(result, Some(235), "{creds:?}");
        assert_eq!(got.as_ref(), Some(&creds));
        assert!(server.is_authenticated());
    }
}

#[test]
fn non_ascii_addresses_need_smtputf8() {
    let mut s = server();
    let input = "EHLO c\r\nMAIL FROM:<用户@例子.广告>\r\nMAIL FROM:<a@b>\r\nRCPT TO:<用户@例子.广告>\r\nRSET\r\nMAIL FROM:<a@b> SMTPUTF8\r\nRCPT TO:<用户@例子.广告>\r\n";
    let (_, out) = drive_server(&mut s, input.as_bytes(), 1000, &mut vec![]);
    assert_eq!(codes(&out), vec![220, 250, 553, 250, 553, 250, 250, 250]);
}

#[test]
fn client_starttls_upgrade_point_then_ehlo_again() {
    let mut server = server();
    let now = Instant::now();
    let mut client = Client::new(ClientConfig::new(Domain::name("c").unwrap()), now);
    let mut log = Vec::new();
    let mut upgraded = false;
    for _ in 0..10 {
        while let Some(b) = server.poll_transmit(now) {
            client.handle_input(now, &b).unwrap();
        }
        while let Some(ev) = client.poll_event() {
            match ev.unwrap() {
                CEvent::Ready(ehlo) if !upgraded => {
                    assert!(ehlo.capabilities.starttls);
                    client.start_tls().unwrap();
                }
                CEvent::Ready(ehlo) => {
                    assert!(!ehlo.capabilities.starttls, "not offered again over TLS");
                    log.push("ready-after-tls");
                    client.quit().unwrap();
                }
                CEvent::TlsUpgrade => {
                    // the handshake would run here, on both sides
                    upgraded = true;
                    log.push("client-upgrade");
                    client.tls_established().unwrap();
                }
                _ => {}
            }
        }
        while let Some(b) = client.poll_transmit(now) {
            server.handle_input(now, &b);
        }
        while let Some(ev) = server.poll_event() {
            match ev {
                Event::Decision(Decision::Hello { .. }) | Event::Decision(Decision::StartTls) => {
                    server.accept().unwrap()
                }
                Event::TlsUpgrade { discarded } => {
                    assert_eq!(discarded, 0);
                    log.push("server-upgrade");
                }
                _ => {}
            }
        }
    }
    assert_eq!(
        log,
        vec!["server-upgrade", "client-upgrade", "ready-after-tls"]
    );
    assert!(client.is_closed() && server.is_closed() && server.is_tls());
}

#[test]
fn client_timeouts_follow_rfc5321() {
    let t0 = Instant::now();
    let mut c = Client::new(ClientConfig::new(Domain::name("c").unwrap()), t0);
    c.handle_timeout(t0);
    assert_eq!(
        c.poll_timeout(),
        Some(t0 + Duration::from_secs(300)),
        "greeting: 5 minutes"
    );
    let t1 = t0 + Duration::from_secs(1);
    let exchange = |c: &mut Client, now: Instant, reply: &[u8]| {
        c.handle_input(now, reply).unwrap();
        while c.poll_event().is_some() {}
        while c.poll_transmit(now).is_some() {}
    };
    exchange(&mut c, t0, b"220 mx\r\n");
    exchange(&mut c, t0, b"250 mx\r\n");
    let env = Envelope::new(ReversePath::Null).to(ForwardPath::Postmaster);
    c.send_message(env, Bytes::from_static(b"x\r\n")).unwrap();
    while c.poll_transmit(t0).is_some() {}
    exchange(&mut c, t0, b"250 ok\r\n");
    exchange(&mut c, t1, b"250 ok\r\n");
    c.handle_timeout(t1);
    assert_eq!(
        c.poll_timeout(),
        Some(t1 + Duration::from_secs(120)),
        "DATA initiation: 2 minutes"
    );
    c.handle_timeout(t1 + Duration::from_secs(120));
    assert!(matches!(
        c.poll_event(),
        Some(Err(ConnectionError::Timeout(_)))
    ));
    assert!(
        c.handle_input(t1, b"354 go\r\n").is_err(),
        "the error is sticky"
    );
}

/// Defect 4, G7: a message over `max_message_size` gets `552 5.3.4` after the final
/// dot (DATA) or at the end of the BDAT chunk that crossed the limit, with
/// `MessageTooBig` first and `MessageRejected` at the refusal.
#[test]
fn a_message_too_big_gets_552_5_3_4_with_data_and_with_bdat() {
    const LINE: &str = "552 5.3.4 Message size exceeds fixed limit";
    let config = || ServerConfig::new("mx").unwrap().with_max_message_size(10);
    let head = b"EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<a@b>\r\n".to_vec();
    // DATA: the rest of the body is read and dropped, the refusal comes at its end
    let mut input = head.clone();
    input.extend_from_slice(b"DATA\r\n0123456789\r\nmore\r\n.\r\nNOOP\r\n");
    let mut s = Server::new(config(), Instant::now());
    let (events, out) = drive_server(&mut s, &input, 5, &mut vec![]);
    assert_eq!(codes(&out), vec![220, 250, 250, 250, 354, 552, 250]);
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains(&format!("\r\n{LINE}\r\n250 ")), "{out}");
    let too_big = events
        .iter()
        .position(|e| matches!(e, Event::MessageTooBig { reply } if reply.to_string() == LINE));
    let rejected = events
        .iter()
        .position(|e| matches!(e, Event::MessageRejected { reply } if reply.to_string() == LINE));
    assert!(too_big.unwrap() < rejected.unwrap(), "{events:?}");
    // BDAT: refused at the end of the chunk that crossed the limit, not at LAST;
    // the chunk pipelined behind it is refused and discarded
    let mut input = head;
    input.extend_from_slice(b"BDAT 6\r\n012345BDAT 6\r\n6789abBDAT 2 LAST\r\nxyNOOP\r\n");
    let mut s = Server::new(config(), Instant::now());
    let (events, out) = drive_server(&mut s, &input, 1000, &mut vec![]);
    let c = codes(&out);
    // EHLO, MAIL, RCPT, the first chunk, the second (552), the third (503), NOOP
    assert_eq!(c, vec![220, 250, 250, 250, 250, 552, 503, 250]);
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains(&format!("250 2.0.0 6 octets received\r\n{LINE}\r\n")),
        "{out}"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::MessageTooBig { reply } if reply.to_string() == LINE))
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::MessageRejected { reply } if reply.to_string() == LINE))
    );
    assert_eq!(body(&events), b"012345", "no chunk past the limit");
    assert_eq!(
        s.errors(),
        0,
        "the chunk behind the failed one is not counted"
    );
}
