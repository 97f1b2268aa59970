//! Multi-line bodies (RFC 1939 §3): dot-unstuffed as they arrive with the shared
//! [`DotUnstuffer`], ended only by `CRLF . CRLF`. CAPA, LIST and UIDL bodies are
//! collected, up to a limit, and parsed into typed events when they end; from a server
//! whose status line ended in a bare LF (taken under `allow_bare_lf`) their lines may
//! end in LF too, and so may the `.` line that ends them. Message bodies (RETR, TOP)
//! never end at a bare-LF dot line: that one is the message's own.
//!
//! RETR and TOP bodies stream out as `Bytes`, with at most one copy of each byte.
//! Once a body is under way and the input buffer has nothing left ahead of a new
//! read, the read is unstuffed straight from the caller's bytes
//! (`read_body_direct`): a `&[u8]` read is copied once, the pieces between
//! stuffed dots side by side, into one buffer that comes out as one chunk per read;
//! a `Bytes` read is not copied at all, its pieces come out as slices of it. The
//! first read of a body (the one holding the status line) goes through the input
//! buffer and comes out as slices of it.

use bytes::{Buf, Bytes, BytesMut};
use mail_proto_core::dot::{BareLineEndings, DotUnstuffer, Piece, Unstuffed};

use super::{Client, Event, Request};
use crate::error::ConnectionError;
use crate::parse::{parse_capabilities, parse_scan_listings, parse_unique_id_listings};

/// The body being read.
#[derive(Debug)]
pub(super) struct BodyReader {
    request: Request,
    unstuffer: DotUnstuffer,
    /// The unstuffed body of a listing; `None` while streaming RETR or TOP.
    collected: Option<Vec<u8>>,
    limit: usize,
    /// Stream offset where the body starts, for error offsets.
    start: u64,
    /// A listing from a server whose status line ended in a bare LF: its lines may
    /// end in LF alone, and a `.` line so ended ends it.
    pub(super) lf_lines: bool,
}

impl BodyReader {
    pub(super) fn new(request: Request, limit: usize, start: u64) -> Self {
        let streamed = matches!(request, Request::Retr(_) | Request::Top { .. });
        BodyReader {
            request,
            unstuffer: DotUnstuffer::new(BareLineEndings::Keep),
            collected: (!streamed).then(Vec::new),
            limit,
            start,
            lf_lines: false,
        }
    }
}

impl Client {
    /// Reads what the input holds of the body; false if it holds nothing.
    pub(super) fn read_body(&mut self) -> bool {
        if self.core.input.is_empty() {
            return false;
        }
        let Some(body) = &mut self.body else {
            return false;
        };
        if body.lf_lines && body.collected.is_some() {
            return self.read_lf_listing();
        }
        let mut pieces = std::mem::take(&mut self.pieces);
        pieces.clear();
        let status = body.unstuffer.decode(&self.core.input, |p| pieces.push(p));
        let (consumed, ended) = match status {
            Unstuffed::End { consumed, .. } => (consumed, true),
            Unstuffed::NeedMore => (self.core.input.len(), false),
        };
        let taken = self.core.input.split_to(consumed).freeze();
        let mut too_long = false;
        for piece in pieces.drain(..) {
            let chunk = match piece {
                Piece::Input(range) => taken.slice(range),
                Piece::Extra(bytes) => Bytes::from_static(bytes),
            };
            match &mut body.collected {
                None => self.core.push_event(Event::BodyChunk(chunk)),
                Some(buf) if buf.len() + chunk.len() <= body.limit => buf.extend_from_slice(&chunk),
                Some(_) => too_long = true,
            }
        }
        self.pieces = pieces;
        if too_long {
            self.queue.clear();
            self.core.fail(ConnectionError::Protocol(format!(
                "a {} response longer than {} bytes",
                describe(body.request),
                body.limit
            )));
            return true;
        }
        self.pending.touch(self.now);
        if ended {
            self.end_body();
        }
        true
    }

    /// Reads a listing whose lines end in LF or CRLF, up to its `.` line: each line
    /// is unstuffed and collected with CRLF, as the listing parsers take it. Waits for
    /// more input while the end is not there, within the listing limit.
    fn read_lf_listing(&mut self) -> bool {
        let Some(body) = &mut self.body else {
            return false;
        };
        let Some(collected) = &mut body.collected else {
            return false;
        };
        let input = &self.core.input[..];
        let (mut at, mut ended) = (0, false);
        while let Some(n) = memchr::memchr(b'\n', &input[at..]) {
            let line = &input[at..at + n];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            at += n + 1;
            if line == b"." {
                ended = true;
                break;
            }
            let line = line.strip_prefix(b".").unwrap_or(line);
            collected.extend_from_slice(line);
            collected.extend_from_slice(b"\r\n");
        }
        if collected.len() > body.limit || (!ended && input.len() - at > body.limit) {
            let what = describe(body.request);
            let limit = body.limit;
            self.queue.clear();
            self.core.fail(ConnectionError::Protocol(format!(
                "a {what} response longer than {limit} bytes"
            )));
            return true;
        }
        if at == 0 {
            return false;
        }
        self.core.input.advance(at);
        self.pending.touch(self.now);
        if ended {
            self.end_body();
        }
        true
    }

    /// True when a RETR or TOP body is being streamed and the input buffer holds
    /// nothing ahead of a new read: the read may then be unstuffed straight from the
    /// caller's bytes by [`read_body_direct`](Self::read_body_direct).
    pub(super) fn streams_directly(&self) -> bool {
        !self.core.is_closed()
            && !self.upgrade_pending
            && self.core.input.is_empty()
            && self.body.as_ref().is_some_and(|b| b.collected.is_none())
    }

    /// Reads the front of `bytes`, a read from the server, as the streamed body,
    /// without appending it to the input buffer first; returns how many bytes
    /// belong to the body (all of them unless it ended in them). With `shared`
    /// (`bytes` is `&shared[..]`) the pieces come out as slices of it, else they
    /// are copied side by side into one chunk. Only called when
    /// [`streams_directly`](Self::streams_directly) holds.
    pub(super) fn read_body_direct(&mut self, bytes: &[u8], shared: Option<&Bytes>) -> usize {
        let Some(body) = &mut self.body else {
            return 0;
        };
        let core = &mut self.core;
        let status = match shared {
            Some(shared) => {
                // a long run between stuffed dots is a slice of the caller's buffer;
                // short runs are copied together into one chunk, which costs less
                // than a shared slice (and an event) each
                let out = &mut self.body_out;
                let status = body.unstuffer.decode(bytes, |piece| match piece {
                    Piece::Input(range) if range.len() >= SHARE_RUNS_FROM => {
                        if !out.is_empty() {
                            core.push_event(Event::BodyChunk(out.split().freeze()));
                        }
                        core.push_event(Event::BodyChunk(shared.slice(range)));
                    }
                    Piece::Input(range) => copy_run(out, &bytes[range], bytes.len()),
                    Piece::Extra(extra) => copy_run(out, extra, bytes.len()),
                });
                if !out.is_empty() {
                    core.push_event(Event::BodyChunk(out.split().freeze()));
                }
                status
            }
            None => {
                let out = &mut self.body_out;
                // the body of one read, at most a held CR longer than the read
                out.reserve(bytes.len() + 1);
                let status = body.unstuffer.decode(bytes, |piece| match piece {
                    Piece::Input(range) => out.extend_from_slice(&bytes[range]),
                    Piece::Extra(extra) => out.extend_from_slice(extra),
                });
                if !out.is_empty() {
                    core.push_event(Event::BodyChunk(out.split().freeze()));
                }
                status
            }
        };
        let (consumed, ended) = match status {
            Unstuffed::End { consumed, .. } => (consumed, true),
            Unstuffed::NeedMore => (bytes.len(), false),
        };
        self.core.count_input(consumed);
        self.pending.touch(self.now);
        if ended {
            self.end_body();
        }
        consumed
    }

    /// The terminator was read: the response is complete.
    fn end_body(&mut self) {
        let Some(body) = self.body.take() else {
            return;
        };
        let _ = self.pending.pop(self.now, self.core.bytes_out());
        let data = body.collected.unwrap_or_default();
        let event = match body.request {
            Request::Capa => parse_capabilities(&data).map(|caps| {
                let caps = caps.into_owned();
                self.capabilities = caps.clone();
                self.capa_known = true;
                if self.ready {
                    Event::Capabilities(caps)
                } else {
                    self.ready = true;
                    Event::Ready(caps)
                }
            }),
            Request::List(_) => parse_scan_listings(&data).map(Event::Listings),
            Request::Uidl(_) => parse_unique_id_listings(&data)
                .map(|list| Event::UniqueIds(list.into_iter().map(|l| l.into_owned()).collect())),
            _ => Ok(Event::BodyEnd),
        };
        match event {
            Ok(event) => self.core.push_event(event),
            // the offset is in the unstuffed body, which starts at `body.start`
            Err(e) => return self.fail_decode(e, body.start),
        }
        self.pump();
    }
}

/// The shortest run of a body read through
/// [`handle_input_bytes`](super::Client::handle_input_bytes) handed out as a slice of
/// the caller's buffer; shorter ones are copied, once, into a chunk of their own.
const SHARE_RUNS_FROM: usize = 4096;

/// Appends a short run to the chunk being built, making room for the whole read at
/// the first one (a read's body is at most a held CR longer than the read).
fn copy_run(out: &mut BytesMut, run: &[u8], read: usize) {
    if out.capacity() - out.len() < run.len() {
        out.reserve(read + 1);
    }
    out.extend_from_slice(run);
}

fn describe(request: Request) -> &'static str {
    match request {
        Request::Capa => "CAPA",
        Request::List(_) => "LIST",
        Request::Uidl(_) => "UIDL",
        _ => "multi-line",
    }
}
