//! Shared inputs and drivers of the benches, the interleaved comparison and the
//! profiling examples; the benches themselves are in `benches/`
//! (`cargo bench -p benches`).
//!
//! Every call into our codec goes through [`ours_parse`] or [`ours_serve`], every call
//! into smtp-proto 0.2 through [`peer_parse`] or [`peer_receive`], so an API change is
//! a change in one function here.

use std::hint::black_box;
use std::time::Instant;

use mail_proto_core::dot::{BareLineEndings, DotUnstuffer, Piece, Unstuffed};
use mail_proto_core::line::{Frame, LineFramer};
use smtp_proto::Command;
use smtp_proto::server::{Event, Server, ServerConfig};

pub mod imap;
pub mod inputs;
pub mod pop3;

pub use inputs::{Connection, Rng, mixed_commands, mixed_connections, orcpt_stream};

/// The original command-parsing input: a MAIL FROM with SIZE and BODY and a RCPT TO
/// with NOTIFY, both on the fast path. Kept for comparison with earlier numbers; it
/// is not representative (see [`mixed_commands`] and [`orcpt_stream`]).
pub const COMMAND_PAIR: &[u8] = b"MAIL FROM:<sender.name@example.com> SIZE=1048576 BODY=8BITMIME\r\nRCPT TO:<recipient@example.org> NOTIFY=SUCCESS,FAILURE\r\n";

/// [`COMMAND_PAIR`] repeated 200 times.
pub fn command_input() -> Vec<u8> {
    COMMAND_PAIR.repeat(200)
}

/// Every command-parser input by name: `(name, bytes)`.
pub fn command_inputs() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("mixed_session", mixed_commands()),
        ("orcpt_stream", orcpt_stream()),
        ("size_body_notify", command_input()),
    ]
}

/// Our parser on the command line at the start of `buf`: the command and the bytes
/// it used, `None` if it did not parse (or is incomplete). The only call of our
/// command parser in the benches.
#[inline]
pub fn ours_command(buf: &[u8]) -> Option<(Command<'_>, usize)> {
    smtp_proto::parse_command(buf).ok()
}

/// Our parser as an embedder consumes it: the command is matched where the decode
/// status holds it (goes to `black_box`), keeping only the bytes used.
#[inline]
pub fn ours_parse(buf: &[u8]) -> Option<usize> {
    match smtp_proto::parse_command(buf) {
        mail_proto_core::Decoded::Complete { value, consumed } => {
            black_box(&value);
            Some(consumed)
        }
        _ => None,
    }
}

/// smtp-proto 0.2's parser on the command line at the start of `buf`, the same way.
#[inline]
pub fn peer_parse(buf: &[u8]) -> Option<usize> {
    let mut it = buf.iter();
    let req = peer_smtp_proto::Request::parse(&mut it).ok()?;
    black_box(&req);
    Some(buf.len() - it.as_slice().len())
}

/// Parses every command line in `input` with `parse`: how many, `None` at the first
/// line that does not parse.
#[inline]
pub fn parse_all(parse: fn(&[u8]) -> Option<usize>, input: &[u8]) -> Option<usize> {
    let mut rest = input;
    let mut n = 0;
    while !rest.is_empty() {
        let used = parse(rest)?;
        rest = &rest[used..];
        n += 1;
    }
    Some(n)
}

/// What a streaming driver saw of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Served {
    /// Commands (ours: events; the peer: requests).
    pub commands: usize,
    /// Message body bytes handed out (unstuffed).
    pub body: usize,
}

/// The server configuration of the streaming bench: the defaults plus AUTH PLAIN.
pub fn server_config() -> ServerConfig {
    let mut config = ServerConfig::new("mx.example.com")
        .expect("a valid host name")
        .allow_auth_without_tls();
    config.capabilities.auth = vec![smtp_proto::Mechanism::Plain];
    config
}

/// Our server machine on one connection's bytes fed in `piece`-byte pieces,
/// draining events and replies after each piece and accepting every decision.
/// `None` if the machine refused anything. The only driver of our machine here.
pub fn ours_serve(config: &ServerConfig, wire: &[u8], piece: usize) -> Option<Served> {
    let now = Instant::now();
    let mut server = Server::new(config.clone(), now);
    let mut seen = Served::default();
    for chunk in wire.chunks(piece) {
        server.handle_input(now, chunk);
        while let Some(event) = server.poll_event() {
            match event {
                Event::BodyChunk(b) => seen.body += b.len(),
                Event::Rejected { .. } | Event::MessageRejected { .. } => return None,
                Event::Decision(_) => {
                    seen.commands += 1;
                    server.accept().ok()?;
                }
                Event::MessageStart { .. } => {}
                _ => seen.commands += 1,
            }
        }
        while let Some(out) = server.poll_transmit(now) {
            black_box(out);
        }
    }
    Some(seen)
}

/// What [`ours_frame`] is reading.
enum OursState {
    Line,
    Data(Box<DotUnstuffer>),
    Bdat(u64),
}

/// Our codec layers without the machine, the like-for-like match of
/// [`peer_receive`]: the shared [`LineFramer`] over a buffer the pieces are
/// appended to, [`ours_command`] on each line, a [`DotUnstuffer`] after DATA and
/// a byte count after BDAT. No sequencing, replies or owned events.
pub fn ours_frame(wire: &[u8], piece: usize) -> Option<Served> {
    let mut buf = Vec::new();
    let mut framer = LineFramer::new(12288);
    let mut state = OursState::Line;
    let mut seen = Served::default();
    for chunk in wire.chunks(piece) {
        buf.extend_from_slice(chunk);
        let mut start = 0;
        while start < buf.len() {
            let rest = &buf[start..];
            match &mut state {
                OursState::Line => match framer.next_frame(rest) {
                    Frame::Line { len, .. } => {
                        let (cmd, _) = ours_command(&rest[..len])?;
                        seen.commands += 1;
                        match cmd {
                            Command::Data => {
                                state = OursState::Data(Box::new(DotUnstuffer::new(
                                    BareLineEndings::Keep,
                                )));
                            }
                            Command::Bdat { size, .. } => state = OursState::Bdat(size),
                            other => {
                                black_box(other);
                            }
                        }
                        start += len;
                    }
                    Frame::Incomplete => break,
                    Frame::Skip { .. } | Frame::Overlong { .. } => return None,
                },
                OursState::Data(unstuffer) => {
                    let status = unstuffer.decode(rest, |p| match p {
                        Piece::Input(r) => seen.body += r.len(),
                        Piece::Extra(e) => seen.body += e.len(),
                    });
                    match status {
                        Unstuffed::NeedMore => start = buf.len(),
                        Unstuffed::End { consumed, .. } => {
                            start += consumed;
                            state = OursState::Line;
                        }
                    }
                }
                OursState::Bdat(left) => {
                    let n = rest.len().min(usize::try_from(*left).unwrap_or(usize::MAX));
                    seen.body += n;
                    start += n;
                    *left -= n as u64;
                    if *left == 0 {
                        state = OursState::Line;
                    }
                }
            }
        }
        buf.drain(..start);
    }
    Some(seen)
}

/// What smtp-proto 0.2 is reading: command lines or a body.
enum PeerState {
    Line,
    Data(peer_smtp_proto::request::receiver::DataReceiver),
    Bdat(peer_smtp_proto::request::receiver::BdatReceiver),
}

/// smtp-proto 0.2's streaming receivers on the same bytes and pieces: its
/// `RequestReceiver` for command lines, `DataReceiver` after DATA and `BdatReceiver`
/// after BDAT, each body collected into a `Vec` (its only sink) and dropped at its end. It has no server state
/// machine, so nothing checks sequencing, builds replies or hands out owned events:
/// this is the peer's whole streaming path, a subset of what [`ours_serve`] does;
/// [`ours_frame`] is its like-for-like match.
pub fn peer_receive(wire: &[u8], piece: usize) -> Option<Served> {
    use peer_smtp_proto::request::receiver::{BdatReceiver, DataReceiver, RequestReceiver};
    let mut lines = RequestReceiver::default();
    let mut state = PeerState::Line;
    let mut body = Vec::new();
    let mut seen = Served::default();
    for chunk in wire.chunks(piece) {
        let mut it = chunk.iter();
        while !it.as_slice().is_empty() {
            match &mut state {
                PeerState::Line => match lines.ingest(&mut it) {
                    Ok(req) => {
                        seen.commands += 1;
                        match req {
                            peer_smtp_proto::Request::Data => {
                                state = PeerState::Data(DataReceiver::new());
                            }
                            peer_smtp_proto::Request::Bdat {
                                chunk_size,
                                is_last,
                            } => state = PeerState::Bdat(BdatReceiver::new(chunk_size, is_last)),
                            other => {
                                black_box(other);
                            }
                        }
                    }
                    Err(peer_smtp_proto::Error::NeedsMoreData { .. }) => break,
                    Err(_) => return None,
                },
                PeerState::Data(r) => {
                    if r.ingest(&mut it, &mut body) {
                        state = PeerState::Line;
                    }
                }
                PeerState::Bdat(r) => {
                    if r.ingest(&mut it, &mut body) {
                        state = PeerState::Line;
                    }
                }
            }
            if matches!(state, PeerState::Line) && !body.is_empty() {
                // the message is complete (the receiver trims its last bytes at the end)
                seen.body += black_box(&body).len();
                body.clear();
            }
        }
    }
    Some(seen)
}

/// The mean time of one call of `f` over `reps` calls (its result kept from the
/// optimiser): what the interleaved examples alternate between parsers in short rounds.
pub fn time_per_call(mut f: impl FnMut() -> usize, reps: usize) -> std::time::Duration {
    let start = std::time::Instant::now();
    for _ in 0..reps {
        std::hint::black_box(f());
    }
    start.elapsed() / u32::try_from(reps.max(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_parsers_take_every_input() {
        for (name, input) in command_inputs() {
            let ours = parse_all(ours_parse, &input);
            let peer = parse_all(peer_parse, &input);
            assert!(ours.is_some(), "{name}: ours refused a line");
            assert_eq!(ours, peer, "{name}");
        }
    }

    #[test]
    fn inputs_are_deterministic_and_realistic() {
        assert_eq!(mixed_commands(), mixed_commands());
        let mixed = String::from_utf8(mixed_commands()).unwrap();
        for verb in [
            "EHLO",
            "HELO",
            "AUTH PLAIN",
            "MAIL FROM:<>",
            "ENVID=",
            "RET=",
            "SMTPUTF8",
            "SIZE=",
            "BODY=",
            "NOTIFY=",
            "ORCPT=",
            "DATA",
            "BDAT",
            "RSET",
            "NOOP",
            "VRFY",
            "HELP",
            "QUIT",
        ] {
            assert!(mixed.contains(verb), "mixed session lacks {verb}");
        }
        let orcpt = String::from_utf8(orcpt_stream()).unwrap();
        let rcpts = orcpt.matches("RCPT TO:").count();
        let with = orcpt.matches("ORCPT=rfc822;").count();
        assert!(
            (rcpts / 4..rcpts * 2 / 5).contains(&with),
            "{with} of {rcpts}"
        );
    }

    #[test]
    fn streaming_drivers_agree_on_the_bodies() {
        let config = server_config();
        for c in mixed_connections(1, 50) {
            for piece in [7, 4096] {
                let ours = ours_serve(&config, &c.wire, piece).expect("ours refused");
                let peer = peer_receive(&c.wire, piece).expect("peer refused");
                let framed = ours_frame(&c.wire, piece).expect("framer refused");
                assert_eq!(ours.body, peer.body, "{}", String::from_utf8_lossy(&c.wire));
                assert_eq!(framed, peer, "{}", String::from_utf8_lossy(&c.wire));
            }
        }
    }
}
