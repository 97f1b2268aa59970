//! Multi-line bodies (RFC 1939 §3): dot-unstuffed as they arrive with the shared
//! [`DotUnstuffer`], ended only by `CRLF . CRLF`. RETR and TOP bodies stream out as
//! `Bytes` slices of the input buffer (no copy beyond the one into that buffer);
//! CAPA, LIST and UIDL bodies are collected, up to a limit, and parsed into typed
//! events when they end.

use bytes::Bytes;
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

fn describe(request: Request) -> &'static str {
    match request {
        Request::Capa => "CAPA",
        Request::List(_) => "LIST",
        Request::Uidl(_) => "UIDL",
        _ => "multi-line",
    }
}
