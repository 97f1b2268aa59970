//! Shared drivers for the integration tests.
#![allow(
    dead_code,
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::time::Instant;

use smtp_proto::server::{Decision, Event, Server};
use smtp_proto::{Reply, parse_reply};

/// Feeds `input` to the server in pieces of `step`, answering every decision with
/// the next reply of `answers` (or `accept`), and returns events and output.
pub fn drive_server(
    server: &mut Server,
    input: &[u8],
    step: usize,
    answers: &mut Vec<Reply<'static>>,
) -> (Vec<Event>, Vec<u8>) {
    let mut events = Vec::new();
    let mut out = Vec::new();
    for chunk in input.chunks(step.max(1)) {
        server.handle_input(Instant::now(), chunk);
        pump(server, answers, &mut events, &mut out);
    }
    pump(server, answers, &mut events, &mut out);
    (events, out)
}

fn pump(
    server: &mut Server,
    answers: &mut Vec<Reply<'static>>,
    events: &mut Vec<Event>,
    out: &mut Vec<u8>,
) {
    while let Some(ev) = server.poll_event() {
        let replies = match &ev {
            Event::Decision(Decision::MessageEnd { replies, .. }) => *replies,
            Event::Decision(_) => 1,
            _ => 0,
        };
        events.push(ev);
        for _ in 0..replies {
            if answers.is_empty() {
                server.accept().unwrap();
            } else {
                server.respond(answers.remove(0)).unwrap();
            }
        }
    }
    while let Some(b) = server.poll_transmit(Instant::now()) {
        out.extend_from_slice(&b);
    }
}

/// The reply codes in a byte stream of replies.
pub fn codes(mut wire: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    while !wire.is_empty() {
        let (r, used) = parse_reply(wire).ok().unwrap();
        out.push(r.code().get());
        wire = &wire[used..];
    }
    out
}

/// Body bytes from the events.
pub fn body(events: &[Event]) -> Vec<u8> {
    let mut b = Vec::new();
    for e in events {
        if let Event::BodyChunk(c) = e {
            b.extend_from_slice(c);
        }
    }
    b
}

pub fn reply(text: &str) -> Reply<'static> {
    let wire = format!("{text}\r\n");
    parse_reply(wire.as_bytes()).ok().unwrap().0.into_owned()
}
