//! POP3 inputs and drivers: a large RETR through the client machine and a pipelined
//! session through the server machine. The benches (`benches/pop3.rs`) and the
//! allocation test (`tests/no_alloc.rs`) both call these, so a result is checked
//! where it is measured.

use std::time::Instant;

use bytes::BytesMut;
use mail_proto_core::Secret;
use mail_proto_core::dot::DotStuffer;
use pop3_proto::client::{self, Client, ClientConfig};
use pop3_proto::server::{self, Decision, Maildrop, Server, ServerConfig};
use pop3_proto::{MessageNumber, UniqueId};

use crate::inputs::Rng;

/// A message of about `len` bytes: header lines, then body lines of varied length,
/// one in 17 starting with a dot (stuffed on the wire).
pub fn message(len: usize, seed: u64) -> Vec<u8> {
    message_with_dots(len, seed, 17)
}

/// [`message`] with one body line in `dot_every` starting with a dot (`0`: none).
/// The words carry commas and full stops, as text does.
pub fn message_with_dots(len: usize, seed: u64, dot_every: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut m = Vec::with_capacity(len + 200);
    m.extend_from_slice(
        b"Return-Path: <alice@example.org>\r\nReceived: from mx.example.org by pop.example.net; Sat, 5 Dec 2026 10:00:00 +0000\r\nFrom: Alice <alice@example.org>\r\nTo: bob@example.net\r\nSubject: the quarterly figures\r\nMessage-ID: <20261205100000.1234@example.org>\r\nDate: Sat, 5 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n",
    );
    const WORDS: [&[u8]; 10] = [
        b"lorem",
        b"ipsum,",
        b"dolor",
        b"sit",
        b"amet.",
        b"Consectetur",
        b"adipiscing",
        b"elit",
        b"sed",
        b"do",
    ];
    let mut line = 0u64;
    while m.len() < len {
        if dot_every > 0 && line % dot_every == dot_every - 1 {
            m.push(b'.');
        }
        let words = 3 + rng.below(12);
        for w in 0..words {
            if w > 0 {
                m.push(b' ');
            }
            m.extend_from_slice(WORDS[rng.below(WORDS.len())]);
        }
        m.extend_from_slice(b"\r\n");
        line += 1;
    }
    m
}

/// A RETR response as a server sends it: `+OK`, the dot-stuffed `message`, `.`.
pub fn retr_response(message: &[u8]) -> Vec<u8> {
    let mut wire = BytesMut::with_capacity(message.len() + message.len() / 16 + 64);
    wire.extend_from_slice(format!("+OK {} octets\r\n", message.len()).as_bytes());
    let mut s = DotStuffer::new();
    s.encode(message, &mut wire);
    s.finish(&mut wire);
    wire.to_vec()
}

/// A client logged in by USER/PASS (no CAPA) that has sent `RETR 1`: the next
/// server bytes are the RETR response.
pub fn client_awaiting_retr(now: Instant) -> Client {
    let mut config = ClientConfig::new();
    config.capa_on_connect = false;
    let mut c = Client::new(config, now);
    c.handle_input(now, b"+OK POP3 server ready\r\n")
        .expect("greeting");
    let mut ready = false;
    while let Some(e) = c.poll_event() {
        ready |= matches!(e.expect("no error"), client::Event::Ready(_));
    }
    assert!(ready, "no Ready after the greeting");
    c.login("alice", Secret::new("secret")).expect("login");
    // without PIPELINING the client sends PASS after USER's answer
    let mut logged_in = false;
    for answer in [&b"+OK\r\n"[..], b"+OK logged in\r\n"] {
        while c.poll_transmit(now).is_some() {}
        c.handle_input(now, answer).expect("login answers");
        while let Some(e) = c.poll_event() {
            logged_in |= matches!(e.expect("no error"), client::Event::LoggedIn { .. });
        }
    }
    assert!(logged_in, "no LoggedIn");
    c.retr(MessageNumber::new(1).expect("1")).expect("RETR");
    while c.poll_transmit(now).is_some() {}
    c
}

/// Feeds a RETR response to `client` `chunk` bytes at a time; returns the body
/// bytes the client handed out as chunks and the number of chunk events. Fails if
/// the body does not end exactly at the end of `wire`.
pub fn client_read_retr(
    client: &mut Client,
    now: Instant,
    wire: &[u8],
    chunk: usize,
) -> Result<(usize, usize), String> {
    let (mut bytes, mut chunks, mut ended) = (0, 0, false);
    for piece in wire.chunks(chunk) {
        if ended {
            return Err("bytes after the body's end".into());
        }
        client.handle_input(now, piece).map_err(|e| e.to_string())?;
        ended = drain_body(client, &mut bytes, &mut chunks)?;
    }
    if !ended {
        return Err("the body did not end".into());
    }
    Ok((bytes, chunks))
}

/// Drains the body events a read gave: counts the chunk bytes and chunks; true once
/// the body ended.
fn drain_body(client: &mut Client, bytes: &mut usize, chunks: &mut usize) -> Result<bool, String> {
    let mut ended = false;
    while let Some(e) = client.poll_event() {
        match e.map_err(|e| e.to_string())? {
            client::Event::BodyStart { .. } => {}
            client::Event::BodyChunk(c) => {
                *bytes += c.len();
                *chunks += 1;
            }
            client::Event::BodyEnd => ended = true,
            other => return Err(format!("unexpected {other:?}")),
        }
    }
    Ok(ended)
}

/// [`client_read_retr`] for a reader that holds its reads as `Bytes` (slices of
/// `wire`, as of a read buffer): fed with `handle_input_bytes`, so the body comes
/// out as slices of the reads, not copied.
pub fn client_read_retr_bytes(
    client: &mut Client,
    now: Instant,
    wire: &bytes::Bytes,
    chunk: usize,
) -> Result<(usize, usize), String> {
    let (mut bytes, mut chunks, mut ended) = (0, 0, false);
    for start in (0..wire.len()).step_by(chunk.max(1)) {
        if ended {
            return Err("bytes after the body's end".into());
        }
        let piece = wire.slice(start..wire.len().min(start + chunk));
        client
            .handle_input_bytes(now, piece)
            .map_err(|e| e.to_string())?;
        ended = drain_body(client, &mut bytes, &mut chunks)?;
    }
    if !ended {
        return Err("the body did not end".into());
    }
    Ok((bytes, chunks))
}

/// The limit for [`client_read_retr`]: each chunk copied once into a reused buffer,
/// the one copy a receiver must make. Returns the bytes copied.
pub fn memcpy_chunks(wire: &[u8], chunk: usize, buf: &mut Vec<u8>) -> usize {
    let mut total = 0;
    for piece in wire.chunks(chunk) {
        buf.clear();
        buf.extend_from_slice(piece);
        total += std::hint::black_box(&buf).len();
    }
    total
}

/// A pipelined POP3 session: what a client sends, how many commands it holds and
/// the maildrop the server is given.
#[derive(Debug, Clone)]
pub struct Pop3Session {
    /// USER, PASS, then the commands, then QUIT.
    pub wire: Vec<u8>,
    /// Commands in `wire`, QUIT included.
    pub commands: usize,
    /// The messages of the maildrop, by number minus one.
    pub messages: Vec<Vec<u8>>,
}

/// `commands` pipelined commands after USER/PASS, the mix a mail client sends
/// (STAT, LIST n, UIDL n, NOOP, TOP n 0, RETR n, DELE n, RSET, a whole LIST and
/// UIDL now and then) over a maildrop of 100 messages of 1 to 8 KB; QUIT last.
pub fn pop3_session(commands: usize, seed: u64) -> Pop3Session {
    let mut rng = Rng::new(seed);
    let messages: Vec<Vec<u8>> = (0..100)
        .map(|i| message(1000 + rng.below(7000), seed ^ i))
        .collect();
    let mut wire = b"USER alice\r\nPASS secret\r\n".to_vec();
    let mut n = 0;
    // a client names only messages it has not deleted (a server counts the
    // others as errors and closes after a few)
    let mut deleted = vec![false; messages.len()];
    while n + 1 < commands {
        let mut msg = 1 + rng.below(messages.len());
        while deleted[msg - 1] {
            msg = msg % messages.len() + 1;
        }
        let mut pick = rng.below(100);
        if deleted.iter().filter(|d| !**d).count() == 1 {
            pick = 93; // RSET before the last message goes
        }
        let line = match pick {
            0..=14 => "STAT".to_string(),
            15..=29 => format!("LIST {msg}"),
            30..=44 => format!("UIDL {msg}"),
            45..=54 => "NOOP".to_string(),
            55..=69 => format!("TOP {msg} 0"),
            70..=84 => format!("RETR {msg}"),
            85..=92 => {
                deleted[msg - 1] = true;
                format!("DELE {msg}")
            }
            93..=96 => {
                deleted.fill(false);
                "RSET".to_string()
            }
            97 => "LIST".to_string(),
            _ => "UIDL".to_string(),
        };
        wire.extend_from_slice(line.as_bytes());
        wire.extend_from_slice(b"\r\n");
        n += 1;
    }
    wire.extend_from_slice(b"QUIT\r\n");
    Pop3Session {
        wire,
        commands: n + 1,
        messages,
    }
}

/// What [`serve_pop3`] saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Served {
    /// Commands answered, QUIT included (USER and PASS not counted).
    pub answered: usize,
    /// Bytes the server wrote.
    pub written: usize,
}

/// Runs `session` through a server machine, `chunk` input bytes at a time, the way
/// a run loop does: input, events and answers, output. Every command must be
/// answered without a parse error. With `count` the status lines of the
/// output are counted (a check for the benches' setup, left out of the timing).
pub fn serve_pop3(session: &Pop3Session, chunk: usize, count: bool) -> Result<Served, String> {
    let now = Instant::now();
    let config = ServerConfig::new().allow_login_without_tls();
    let mut s = Server::new(config, now);
    let mut written = s.poll_transmit(now).map_or(0, |b| b.len());
    let sizes = session.messages.iter().map(|m| m.len() as u64).collect();
    let uids = (0..session.messages.len())
        .map(|i| UniqueId::new(format!("{i:08x}.{}", i * 7919)).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let mut maildrop = Some(
        Maildrop::new(sizes)
            .with_uids(uids)
            .map_err(|e| e.to_string())?,
    );
    let mut answered = 0usize;
    let mut closed = false;
    for piece in session.wire.chunks(chunk) {
        s.handle_input(now, piece);
        while let Some(e) = s.poll_event() {
            match e {
                server::Event::Decision(Decision::Login(_)) => {
                    let drop = maildrop.take().ok_or("a second login")?;
                    s.accept_login(drop).map_err(|e| e.to_string())?;
                }
                server::Event::Decision(Decision::Retrieve { msg, .. }) => {
                    let m = &session.messages[msg.get() as usize - 1];
                    s.retrieve(m).map_err(|e| e.to_string())?;
                }
                server::Event::Decision(Decision::Update { .. }) => {
                    s.accept().map_err(|e| e.to_string())?;
                }
                server::Event::Decision(other) => return Err(format!("unexpected {other:?}")),
                server::Event::Rejected { error: Some(e), .. } => return Err(e.to_string()),
                server::Event::Rejected { .. } => {}
                server::Event::Closed => closed = true,
                other => return Err(format!("unexpected {other:?}")),
            }
            while let Some(b) = s.poll_transmit(now) {
                written += b.len();
                if count {
                    answered += count_responses(&b);
                }
            }
        }
        while let Some(b) = s.poll_transmit(now) {
            written += b.len();
            if count {
                answered += count_responses(&b);
            }
        }
    }
    if !closed {
        return Err("the session did not close".into());
    }
    Ok(Served {
        answered: answered.saturating_sub(2),
        written,
    })
}

/// Status lines in server output: `+OK` or `-ERR` at a line start. Body lines never
/// start so: a body line starting `+OK` would be counted, and the session's
/// messages have none.
fn count_responses(out: &[u8]) -> usize {
    let mut n = 0;
    let mut at_line_start = true;
    for (i, &b) in out.iter().enumerate() {
        if at_line_start && (out[i..].starts_with(b"+OK") || out[i..].starts_with(b"-ERR")) {
            n += 1;
        }
        at_line_start = b == b'\n';
    }
    n
}
