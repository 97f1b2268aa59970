//! The SMTP sessions of `../shared/seeds/` (000, 002, 003), replayed through the server
//! and the client machines. Session lines are rebuilt with CRLF.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use bytes::Bytes;
use common::*;
use smtp_proto::client::{Client, ClientConfig, Envelope, Event as CEvent};
use std::time::Instant;

use smtp_proto::server::{Decision, Event, Server, ServerConfig};
use smtp_proto::*;

/// Seed 000: Exim 3.35. The client wrote `MAIL From: me@example.com` with a space and
/// no angle brackets, which Exim accepted: the named tolerances do the same.
const SEED_000_CLIENT: &[u8] = b"HELO myhostname\r\nMAIL From: me@example.com\r\nRCPT To: me@example.com\r\nDATA\r\nSubject: test\r\n\r\nThis is the mailbody\r\n.\r\nQUIT\r\n";
const SEED_000_SERVER: &[&str] = &[
    "220 sever ESMTP Exim 3.35 #1 Fri, 13 Aug 2004 12:11:17 +0200",
    "250 imap Hello myhostname [192.168.0.145]",
    "250 <me@example.com> is syntactically correct",
    "250 Cannot check <me@example.com> at this time - please try later accepted unverified",
    "354 Enter message, ending with \".\" on a line by itself",
    "250 OK id=1BvZ31-0004kN-00",
    "221 server closing connection",
];

/// Seed 003: Exchange 2007 with enhanced status codes; a bare `HELO`; dot-stuffing.
const SEED_003_CLIENT: &[u8] = b"HELO\r\nMAIL from:<wyxu@engr.sc.edu>\r\nRCPT to:<wyxu@cse.sc.edu>\r\nDATA\r\nthis is a test mail\r\n.\r\nMAIL from:<wyxu@engr.sc.edu>\r\nRCPT to:<wyxu@cse.sc.edu>\r\nDATA\r\nthis message is a test of SMTP\r\n..\r\n..foo\r\n..\r\n.\r\nVRFY Smith\r\nEXPN Example-People\r\n";
const SEED_003_SERVER: &[&str] = &[
    "220 HUB0.engr.sc.edu Microsoft ESMTP MAIL Service ready at Sat, 17 Nov 2007 20:18:49 -0500",
    "250 HUB0.engr.sc.edu Hello [129.252.130.106]",
    "250 2.1.0 Sender OK",
    "250 2.1.5 Recipient OK",
    "354 Start mail input; end with <CRLF>.<CRLF>",
    "250 2.6.0 <c2b1c1a0-3951-4fd6-b6fb-675c0ee4a0dd> Queued mail for delivery",
    "250 2.1.0 Sender OK",
    "250 2.1.5 Recipient OK",
    "354 Start mail input; end with <CRLF>.<CRLF>",
    "250 2.6.0 <c2b1c1a0-3951-4fd6-b6fb-675c0ee4a0dd> Queued mail for delivery",
    "250 Fred Smith <Smith@USC-ISIF.ARPA>",
    "250-Jon Postel <Postel@USC-ISIF.ARPA>\r\n250-Fred Fonebone <Fonebone@USC-ISIQ.ARPA>\r\n250-Sam Q. Smith <SQSmith@USC-ISIQ.ARPA>\r\n250-Quincy Smith <@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>\r\n250-<joe@foo-unix.ARPA>\r\n250 <xyz@bar-unix.ARPA>",
];

/// Replays a session through the server with the seed server's replies as the
/// application's decisions; the machine's own replies (354, 221) must carry the same codes.
fn replay_server(client: &[u8], server_replies: &[&str], options: CommandOptions) -> Vec<Event> {
    let mut config = ServerConfig::new("mx.example.com").unwrap();
    config.command = options;
    let expected: Vec<u16> = server_replies
        .iter()
        .map(|r| {
            parse_reply(format!("{r}\r\n").as_bytes())
                .ok()
                .unwrap()
                .0
                .code()
                .get()
        })
        .collect();
    let decisions: Vec<Reply<'static>> = server_replies[1..]
        .iter()
        .map(|r| reply(r))
        .filter(|r| r.code().get() != 354 && r.code().get() != 221)
        .collect();
    let mut first = None;
    for step in [client.len(), 1, 7] {
        let mut server = Server::new(config.clone(), Instant::now());
        let mut answers = decisions.clone();
        let (events, out) = drive_server(&mut server, client, step, &mut answers);
        assert_eq!(codes(&out), expected, "step {step}");
        assert!(answers.is_empty(), "every seed reply was used");
        let body_now = body(&events);
        let first = first.get_or_insert_with(|| events.clone());
        assert_eq!(body(first), body_now, "step {step}");
    }
    first.unwrap()
}

#[test]
fn seed_000_exim_session_through_the_server() {
    // strict parsing refuses the unbracketed path, as RFC 5321 says
    let mut server = Server::new(ServerConfig::new("x").unwrap().strict(), Instant::now());
    let (_, out) = drive_server(
        &mut server,
        b"HELO h\r\nMAIL From: me@example.com\r\n",
        100,
        &mut vec![],
    );
    assert_eq!(codes(&out), vec![220, 250, 501]);
    // the server's defaults take it, as Exim and Postfix do
    let options = ServerConfig::new("x").unwrap().command;
    let events = replay_server(SEED_000_CLIENT, SEED_000_SERVER, options);
    assert_eq!(
        body(&events),
        b"Subject: test\r\n\r\nThis is the mailbody\r\n"
    );
    assert!(events.iter().any(|e| matches!(e, Event::Decision(Decision::Mail { from: ReversePath::Mailbox(m), .. }) if m.to_string() == "me@example.com")));
}

#[test]
fn seed_003_exchange_session_through_the_server() {
    // Exchange took a bare HELO (Postfix and Exim do not, so it is no default)
    let mut options = ServerConfig::new("x").unwrap().command;
    options.allow_empty_hello = true;
    let events = replay_server(SEED_003_CLIENT, SEED_003_SERVER, options);
    assert_eq!(
        body(&events),
        b"this is a test mail\r\nthis message is a test of SMTP\r\n.\r\n.foo\r\n.\r\n"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Decision(Decision::Command(Command::Expn(s))) if s == "Example-People"))
    );
}

#[test]
fn seed_002_command_set_parses_and_round_trips() {
    // The SMTP command set listed by seed 002, one line each.
    let lines: &[&[u8]] = &[
        b"EHLO myhost.example.com\r\n",
        b"AUTH LOGIN\r\n",
        b"AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n",
        b"MAIL FROM:<sender@example.com>\r\n",
        b"RCPT TO:<recipient@example.com>\r\n",
        b"DATA\r\n",
        b"QUIT\r\n",
    ];
    for line in lines {
        let (cmd, used) = parse_command(line).ok().unwrap();
        assert_eq!(used, line.len());
        let mut out = Vec::new();
        encode_command(&cmd, &mut out);
        assert_eq!(&out, line);
    }
}

/// The client against the seed servers' replies: it must send a well-formed session.
fn replay_client(server_replies: &[&str], body: &'static [u8]) -> Vec<u8> {
    let now = std::time::Instant::now();
    let mut client = Client::new(ClientConfig::new(Domain::name("myhostname").unwrap()), now);
    let mut sent = Vec::new();
    let mut replies = server_replies.iter();
    let mut events = Vec::new();
    let mut feed_next = true;
    for _ in 0..100 {
        if feed_next {
            match replies.next() {
                Some(r) => client
                    .handle_input(now, format!("{r}\r\n").as_bytes())
                    .unwrap(),
                None => break,
            }
        }
        feed_next = true;
        while let Some(ev) = client.poll_event() {
            let ev = ev.unwrap();
            match &ev {
                CEvent::Ready(_) => {
                    let m = Mailbox::parse("me@example.com").unwrap().into_owned();
                    let env =
                        Envelope::new(ReversePath::Mailbox(m.clone())).to(ForwardPath::Mailbox(m));
                    client.send_message(env, Bytes::from_static(body)).unwrap();
                }
                CEvent::MessageResult { .. } => client.quit().unwrap(),
                _ => {}
            }
            events.push(ev);
        }
        while let Some(b) = client.poll_transmit(now) {
            sent.extend_from_slice(&b);
        }
    }
    assert!(
        events
            .iter()
            .any(|e| matches!(e, CEvent::MessageResult { reply, .. } if reply.code().get() == 250))
    );
    sent
}

#[test]
fn seed_000_exim_replies_through_the_client() {
    let mut replies = SEED_000_SERVER.to_vec();
    replies.truncate(6);
    replies.push("221 server closing connection");
    let sent = replay_client(&replies, b"Subject: test\r\n\r\nThis is the mailbody\r\n");
    assert_eq!(
        sent,
        b"EHLO myhostname\r\nMAIL FROM:<me@example.com>\r\nRCPT TO:<me@example.com>\r\nDATA\r\nSubject: test\r\n\r\nThis is the mailbody\r\n.\r\nQUIT\r\n"
    );
}

#[test]
fn seed_003_exchange_replies_through_the_client() {
    let replies = [
        SEED_003_SERVER[0],
        SEED_003_SERVER[1],
        SEED_003_SERVER[2],
        SEED_003_SERVER[3],
        SEED_003_SERVER[4],
        SEED_003_SERVER[5],
        "221 2.0.0 Service closing transmission channel",
    ];
    let sent = replay_client(
        &replies,
        b"this message is a test of SMTP\r\n.\r\n.foo\r\n.\r\n",
    );
    let text = String::from_utf8(sent).unwrap();
    assert!(
        text.contains(
            "DATA\r\nthis message is a test of SMTP\r\n..\r\n..foo\r\n..\r\n.\r\nQUIT\r\n"
        ),
        "{text}"
    );
}
