//! Example sessions from RFC 5321 Appendix D, RFC 2920 §3.2 and RFC 3030 §4, replayed
//! through the server machine (with the RFC's replies as the application's decisions)
//! and, where the client would drive the same session, through the client machine.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use bytes::Bytes;
use common::*;
use smtp_proto::client::{Client, ClientConfig, Envelope, Event as CEvent};
use std::time::Instant;

use smtp_proto::server::{Server, ServerConfig};
use smtp_proto::*;

#[derive(Clone, Copy)]
enum Step {
    /// A client command line (CRLF added).
    C(&'static str),
    /// Raw client bytes (a DATA body with its terminator, BDAT chunk data).
    D(&'static [u8]),
    /// One server reply; lines separated by `\n`.
    S(&'static str),
}
use Step::*;

/// RFC 5321 D.1, A Typical SMTP Transaction Scenario.
const D1: &[Step] = &[
    S("220 foo.com Simple Mail Transfer Service Ready"),
    C("EHLO bar.com"),
    S("250-foo.com greets bar.com\n250-8BITMIME\n250-SIZE\n250-DSN\n250 HELP"),
    C("MAIL FROM:<Smith@bar.com>"),
    S("250 OK"),
    C("RCPT TO:<Jones@foo.com>"),
    S("250 OK"),
    C("RCPT TO:<Green@foo.com>"),
    S("550 No such user here"),
    C("RCPT TO:<Brown@foo.com>"),
    S("250 OK"),
    C("DATA"),
    S("354 Start mail input; end with <CRLF>.<CRLF>"),
    D(b"Blah blah blah...\r\n...etc. etc. etc.\r\n.\r\n"),
    S("250 OK"),
    C("QUIT"),
    S("221 foo.com Service closing transmission channel"),
];

/// RFC 5321 D.2, Aborted SMTP Transaction Scenario.
const D2: &[Step] = &[
    S("220 foo.com Simple Mail Transfer Service Ready"),
    C("EHLO bar.com"),
    S("250-foo.com greets bar.com\n250-8BITMIME\n250-SIZE\n250-DSN\n250 HELP"),
    C("MAIL FROM:<Smith@bar.com>"),
    S("250 OK"),
    C("RCPT TO:<Jones@foo.com>"),
    S("250 OK"),
    C("RCPT TO:<Green@foo.com>"),
    S("550 No such user here"),
    C("RSET"),
    S("250 OK"),
    C("QUIT"),
    S("221 foo.com Service closing transmission channel"),
];

/// RFC 5321 D.3, Relayed Mail Scenario, step 1: source host to relay host.
const D3_STEP1: &[Step] = &[
    S("220 foo.com Simple Mail Transfer Service Ready"),
    C("EHLO bar.com"),
    S("250-foo.com greets bar.com\n250-8BITMIME\n250-SIZE\n250-DSN\n250 HELP"),
    C("MAIL FROM:<JQP@bar.com>"),
    S("250 OK"),
    C("RCPT TO:<Jones@XYZ.COM>"),
    S("250 OK"),
    C("DATA"),
    S("354 Start mail input; end with <CRLF>.<CRLF>"),
    D(D3_MESSAGE_1),
    S("250 OK"),
    C("QUIT"),
    S("221 foo.com Service closing transmission channel"),
];

const D3_MESSAGE_1: &[u8] = b"Date: Thu, 21 May 1998 05:33:29 -0700\r\nFrom: John Q. Public <JQP@bar.com>\r\nSubject: The Next Meeting of the Board\r\nTo: Jones@xyz.com\r\n\r\nBill:\r\nThe next meeting of the board of directors will be\r\non Tuesday.\r\nJohn.\r\n.\r\n";

/// RFC 5321 D.3, step 2: relay host to destination host (no extensions offered).
const D3_STEP2: &[Step] = &[
    S("220 xyz.com Simple Mail Transfer Service Ready"),
    C("EHLO foo.com"),
    S("250 xyz.com is on the air"),
    C("MAIL FROM:<JQP@bar.com>"),
    S("250 OK"),
    C("RCPT TO:<Jones@XYZ.COM>"),
    S("250 OK"),
    C("DATA"),
    S("354 Start mail input; end with <CRLF>.<CRLF>"),
    D(D3_MESSAGE_2),
    S("250 OK"),
    C("QUIT"),
    S("221 foo.com Service closing transmission channel"),
];

const D3_MESSAGE_2: &[u8] = b"Received: from bar.com by foo.com ; Thu, 21 May 1998\r\n    05:33:29 -0700\r\nDate: Thu, 21 May 1998 05:33:22 -0700\r\nFrom: John Q. Public <JQP@bar.com>\r\nSubject:  The Next Meeting of the Board\r\nTo: Jones@xyz.com\r\n\r\nBill:\r\nThe next meeting of the board of directors will be\r\non Tuesday.\r\n                        John.\r\n.\r\n";

/// RFC 5321 D.4, Verifying and Sending Scenario.
const D4: &[Step] = &[
    S("220 foo.com Simple Mail Transfer Service Ready"),
    C("EHLO bar.com"),
    S("250-foo.com greets bar.com\n250-8BITMIME\n250-SIZE\n250-DSN\n250-VRFY\n250 HELP"),
    C("VRFY Crispin"),
    S("250 Mark Crispin <Admin.MRC@foo.com>"),
    C("MAIL FROM:<EAK@bar.com>"),
    S("250 OK"),
    C("RCPT TO:<Admin.MRC@foo.com>"),
    S("250 OK"),
    C("DATA"),
    S("354 Start mail input; end with <CRLF>.<CRLF>"),
    D(b"Blah blah blah...\r\n...etc. etc. etc.\r\n.\r\n"),
    S("250 OK"),
    C("QUIT"),
    S("221 foo.com Service closing transmission channel"),
];

/// RFC 2920 §3.2, second example: pipelined transaction.
const P2: &[Step] = &[
    S("220 innosoft.com SMTP service ready"),
    C("EHLO dbc.mtview.ca.us"),
    S("250-innosoft.com\n250 PIPELINING"),
    C("MAIL FROM:<mrose@dbc.mtview.ca.us>"),
    C("RCPT TO:<ned@innosoft.com>"),
    C("RCPT TO:<dan@innosoft.com>"),
    C("RCPT TO:<kvc@innosoft.com>"),
    C("DATA"),
    S("250 sender <mrose@dbc.mtview.ca.us> OK"),
    S("250 recipient <ned@innosoft.com> OK"),
    S("250 recipient <dan@innosoft.com> OK"),
    S("250 recipient <kvc@innosoft.com> OK"),
    S("354 enter mail, end with line containing only \".\""),
    D(b"Hi all\r\n.\r\n"),
    C("QUIT"),
    S("250 message sent"),
    S("221 goodbye"),
];

/// RFC 2920 §3.2, third example: every recipient refused, DATA gets 554.
const P3: &[Step] = &[
    S("220 innosoft.com SMTP service ready"),
    C("EHLO dbc.mtview.ca.us"),
    S("250-innosoft.com\n250 PIPELINING"),
    C("MAIL FROM:<mrose@dbc.mtview.ca.us>"),
    C("RCPT TO:<nsb@thumper.bellcore.com>"),
    C("RCPT TO:<galvin@tis.com>"),
    C("DATA"),
    S("250 sender <mrose@dbc.mtview.ca.us> OK"),
    S("550 remote mail to <nsb@thumper.bellore.com> not allowed"),
    S("550 remote mail to <galvin@tis.com> not allowed"),
    S("554 no valid recipients given"),
    C("QUIT"),
    S("221 goodbye"),
];

/// RFC 3030 §4.1, Simple Chunking.
const B1: &[Step] = &[
    S("220 cnri.reston.va.us SMTP service ready"),
    C("EHLO ymir.claremont.edu"),
    S("250-cnri.reston.va.us says hello\n250 CHUNKING"),
    C("MAIL FROM:<Sam@Random.com>"),
    S("250 <Sam@Random.com> Sender ok"),
    C("RCPT TO:<Susan@Random.com>"),
    S("250 <Susan@random.com> Recipient ok"),
    C("BDAT 86 LAST"),
    D(b"To: Susan@random.com\r\nFrom: Sam@random.com\r\nSubject: This is a bodyless test message\r\n"),
    S("250 Message OK, 86 octets received"),
    C("QUIT"),
    S("221 Goodbye"),
];

fn binary_chunk(len: usize) -> &'static [u8] {
    let data: Vec<u8> = (0..len).map(|i| (i * 7 % 256) as u8).collect();
    Box::leak(data.into_boxed_slice())
}

/// RFC 3030 §4.2, Pipelining BINARYMIME (chunk data synthesised: 100000 + 324 octets).
fn b2() -> Vec<Step> {
    vec![
        S("220 cnri.reston.va.us SMTP service ready"),
        C("EHLO ymir.claremont.edu"),
        S("250-cnri.reston.va.us says hello\n250-PIPELINING\n250-BINARYMIME\n250 CHUNKING"),
        C("MAIL FROM:<ned@ymir.claremont.edu> BODY=BINARYMIME"),
        C("RCPT TO:<gvaudre@cnri.reston.va.us>"),
        C("RCPT TO:<jstewart@cnri.reston.va.us>"),
        S("250 <ned@ymir.claremont.edu>... Sender and BINARYMIME ok"),
        S("250 <gvaudre@cnri.reston.va.us>... Recipient ok"),
        S("250 <jstewart@cnri.reston.va.us>... Recipient ok"),
        C("BDAT 100000"),
        D(binary_chunk(100_000)),
        C("BDAT 324"),
        D(binary_chunk(324)),
        C("BDAT 0 LAST"),
        S("250 100000 octets received"),
        S("250 324 octets received"),
        S("250 Message OK, 100324 octets received"),
        C("QUIT"),
        S("221 Goodbye"),
    ]
}

/// Replays a script through the server: the client side goes in, the replies to
/// commands that need a decision come from the script, and every reply code must match.
fn replay_server(script: &[Step]) -> (Vec<smtp_proto::server::Event>, Vec<u8>) {
    let mut input = Vec::new();
    let mut awaiting: Vec<bool> = Vec::new(); // per command: does the application answer?
    let mut answers = Vec::new();
    let mut expected = Vec::new();
    for step in script {
        match *step {
            C(line) => {
                input.extend_from_slice(line.as_bytes());
                input.extend_from_slice(b"\r\n");
                let wire = format!("{line}\r\n");
                let (cmd, _) = parse_command(wire.as_bytes()).ok().unwrap();
                let decision = match cmd {
                    Command::Hello { .. } | Command::Mail { .. } | Command::Rcpt { .. } => true,
                    Command::Vrfy(_) | Command::Expn(_) | Command::Help(_) => true,
                    Command::Bdat { last, .. } => last,
                    _ => false,
                };
                awaiting.push(decision);
                if matches!(cmd, Command::Data) {
                    awaiting.push(true); // the end of data
                }
            }
            D(bytes) => input.extend_from_slice(bytes),
            S(text) => {
                let text = text.replace('\n', "\r\n");
                let r = reply(&text);
                expected.push(r.code().get());
                if expected.len() == 1 {
                    continue; // the greeting
                }
                let decision = awaiting.remove(0);
                if r.code().get() == 354 || r.code().get() == 554 {
                    // DATA's own reply: 554 means no end of data follows
                    if r.code().get() == 554 {
                        awaiting.remove(0);
                    }
                    continue;
                }
                if decision {
                    answers.push(r);
                }
            }
        }
    }
    let mut config = ServerConfig::new("foo.com").unwrap();
    config.capabilities.pipelining = true;
    let mut result = None;
    for step in [input.len(), 1, 13] {
        let mut server = Server::new(config.clone(), Instant::now());
        let mut a = answers.clone();
        let (events, out) = drive_server(&mut server, &input, step, &mut a);
        assert_eq!(codes(&out), expected, "step {step}");
        assert!(a.is_empty());
        assert!(server.is_closed());
        result.get_or_insert((events, out));
    }
    result.unwrap()
}

#[test]
fn rfc5321_appendix_d_through_the_server() {
    let (events, _) = replay_server(D1);
    // the wire line "...etc." is dot-stuffed: the message line is "..etc."
    assert_eq!(body(&events), b"Blah blah blah...\r\n..etc. etc. etc.\r\n");
    replay_server(D2);
    replay_server(D4);
    let (events, _) = replay_server(D3_STEP1);
    assert_eq!(body(&events), &D3_MESSAGE_1[..D3_MESSAGE_1.len() - 3]);
}

#[test]
fn rfc5321_d3_relay_through_server_then_client() {
    // the relay receives the message with its server machine...
    let (events, _) = replay_server(D3_STEP1);
    let received = body(&events);
    assert!(received.starts_with(b"Date: Thu, 21 May 1998 05:33:29 -0700\r\n"));
    // ...and sends the step 2 message on with its client machine, in lockstep since
    // xyz.com offers no extensions
    let config = ClientConfig::new(Domain::name("foo.com").unwrap());
    let env = envelope("JQP@bar.com", &["Jones@XYZ.COM"]);
    let message = &D3_MESSAGE_2[..D3_MESSAGE_2.len() - 3];
    let (sent, _) = replay_client(D3_STEP2, config, env, message);
    assert_eq!(sent, client_side(D3_STEP2));
}

#[test]
fn rfc2920_examples_through_the_server() {
    let (events, _) = replay_server(P2);
    assert_eq!(body(&events), b"Hi all\r\n");
    replay_server(P3);
}

#[test]
fn rfc3030_examples_through_the_server() {
    let (events, _) = replay_server(B1);
    assert_eq!(body(&events).len(), 86);
    let script = b2();
    let (events, _) = replay_server(&script);
    let got = body(&events);
    assert_eq!(got.len(), 100_324);
    assert_eq!(&got[..100_000], binary_chunk(100_000));
}

/// Runs the client against a script's replies and returns what it sent.
fn replay_client(
    script: &[Step],
    config: ClientConfig,
    envelope: Envelope,
    body: &'static [u8],
) -> (Vec<u8>, Vec<CEvent>) {
    let replies: Vec<String> = script
        .iter()
        .filter_map(|s| match s {
            S(t) => Some(format!("{}\r\n", t.replace('\n', "\r\n"))),
            _ => None,
        })
        .collect();
    let now = std::time::Instant::now();
    let mut client = Client::new(config, now);
    let mut sent = Vec::new();
    let mut events = Vec::new();
    let mut envelope = Some(envelope);
    for r in replies {
        client.handle_input(now, r.as_bytes()).unwrap();
        while let Some(ev) = client.poll_event() {
            let ev = ev.unwrap();
            match &ev {
                CEvent::Ready(_) => {
                    if let Some(env) = envelope.take() {
                        // streamed: the RFC transcripts carry no SIZE=, which
                        // send_message would add for a body of known length
                        client.send_mail(env).unwrap();
                        client.send_body(Bytes::from_static(body)).unwrap();
                        client.finish_body().unwrap();
                    }
                }
                CEvent::MessageResult { .. } | CEvent::TransactionFailed(_) => {
                    client.quit().unwrap()
                }
                _ => {}
            }
            events.push(ev);
        }
        while let Some(b) = client.poll_transmit(now) {
            sent.extend_from_slice(&b);
        }
    }
    assert!(client.is_closed());
    (sent, events)
}

fn client_side(script: &[Step]) -> Vec<u8> {
    let mut out = Vec::new();
    for s in script {
        match s {
            C(l) => {
                out.extend_from_slice(l.as_bytes());
                out.extend_from_slice(b"\r\n");
            }
            D(b) => out.extend_from_slice(b),
            S(_) => {}
        }
    }
    out
}

fn envelope(from: &'static str, to: &[&'static str]) -> Envelope {
    let from = ReversePath::Mailbox(Mailbox::parse(from).unwrap().into_owned());
    to.iter().fold(Envelope::new(from), |env, t| {
        env.to(ForwardPath::Mailbox(
            Mailbox::parse(t).unwrap().into_owned(),
        ))
    })
}

#[test]
fn rfc5321_d1_through_the_client() {
    let config = ClientConfig::new(Domain::name("bar.com").unwrap());
    let env = envelope(
        "Smith@bar.com",
        &["Jones@foo.com", "Green@foo.com", "Brown@foo.com"],
    );
    let (sent, events) = replay_client(
        D1,
        config,
        env,
        b"Blah blah blah...\r\n..etc. etc. etc.\r\n",
    );
    assert_eq!(
        String::from_utf8(sent).unwrap(),
        String::from_utf8(client_side(D1)).unwrap()
    );
    let refused: Vec<usize> = events
        .iter()
        .filter_map(|e| match e {
            CEvent::Recipient { index, reply } if reply.code().is_failure() => Some(*index),
            _ => None,
        })
        .collect();
    assert_eq!(refused, vec![1]);
}

#[test]
fn rfc2920_examples_through_the_client() {
    let config = ClientConfig::new(Domain::name("dbc.mtview.ca.us").unwrap());
    let env = envelope(
        "mrose@dbc.mtview.ca.us",
        &["ned@innosoft.com", "dan@innosoft.com", "kvc@innosoft.com"],
    );
    let (sent, _) = replay_client(P2, config.clone(), env, b"Hi all\r\n");
    assert_eq!(sent, client_side(P2));
    let env = envelope(
        "mrose@dbc.mtview.ca.us",
        &["nsb@thumper.bellcore.com", "galvin@tis.com"],
    );
    let (sent, events) = replay_client(P3, config, env, b"never sent\r\n");
    assert_eq!(sent, client_side(P3));
    assert!(
        events
            .iter()
            .any(|e| matches!(e, CEvent::TransactionFailed(Some(r)) if r.code().get() == 554))
    );
}

#[test]
fn rfc3030_simple_chunking_through_the_client() {
    let mut config = ClientConfig::new(Domain::name("ymir.claremont.edu").unwrap());
    config.prefer_bdat = true;
    let env = envelope("Sam@Random.com", &["Susan@Random.com"]);
    let body: &'static [u8] = b"To: Susan@random.com\r\nFrom: Sam@random.com\r\nSubject: This is a bodyless test message\r\n";
    let (sent, _) = replay_client(B1, config, env, body);
    assert_eq!(sent, client_side(B1));
}
