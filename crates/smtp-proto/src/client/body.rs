//! The message body going out: chunks taken from the caller, dot-stuffed for DATA
//! (RFC 5321 §4.5.2) or framed as BDAT chunks (RFC 3030), line endings normalised
//! to CRLF unless the body is BINARYMIME, with back-pressure at a high-water mark.
//!
//! Chunks wait in the sink until they may go out (DATA after its 354, BDAT after
//! the previous reply when not pipelining). One BDAT chunk is always held back until
//! the next arrives or the body ends, so the last chunk carries `LAST` and a whole
//! body given at once goes as a single `BDAT n LAST`.

use bytes::{Bytes, BytesMut};
use mail_proto_core::dot::DotStuffer;
use mail_proto_core::outgoing::{HeldChunks, HighWater};

use super::commands;
use super::{Client, Expect};
use crate::encode::encode_command;
use crate::error::ConnectionError;

/// How many times [`ClientConfig::body_high_water`](super::ClientConfig::body_high_water)
/// the output may hold before [`Client::send_body`] refuses a chunk.
const BODY_HARD_CAP: usize = 4;

/// A body being sent.
#[derive(Debug)]
pub(super) struct BodySink {
    bdat: bool,
    /// The stuffer (DATA) or normaliser (BDAT); `None` sends chunks unchanged.
    encoder: Option<DotStuffer>,
    held: HeldChunks,
    /// DATA: the server said 354.
    open: bool,
    /// The transaction failed: chunks are dropped until `finish_body`.
    discarding: bool,
    /// `finish_body` was called.
    finished: bool,
    /// A streamed body neither declared 8-bit nor going to a server that offers
    /// 8BITMIME: each chunk must be 7-bit (RFC 6152 §3).
    seven_bit_only: bool,
}

impl BodySink {
    pub(super) fn new(bdat: bool, encoder: Option<DotStuffer>, seven_bit_only: bool) -> Self {
        BodySink {
            bdat,
            encoder,
            held: HeldChunks::new(),
            open: false,
            discarding: false,
            finished: false,
            seven_bit_only,
        }
    }

    /// Bytes taken from the caller and not yet encoded.
    pub(super) fn held_len(&self) -> usize {
        self.held.len()
    }

    /// True while body bytes may be going out.
    pub(super) fn is_streaming(&self) -> bool {
        !self.discarding && (self.bdat || self.open)
    }

    /// `finish_body` was called.
    pub(super) fn is_finished(&self) -> bool {
        self.finished
    }

    /// DATA got its 354.
    pub(super) fn open(&mut self) {
        self.open = true;
    }

    fn take(&mut self) -> Option<Bytes> {
        self.held.pop()
    }
}

impl Client {
    /// Adds a chunk of the body started by [`send_mail`](Self::send_mail). Line
    /// endings are normalised to CRLF and, with DATA, lines starting with `.` are
    /// stuffed; the chunk is not copied until then. Call it while
    /// [`wants_body`](Self::wants_body) is true: the client takes more, but its
    /// buffer then grows past the high-water mark, up to a hard cap of four times
    /// [`ClientConfig::body_high_water`](super::ClientConfig::body_high_water). A chunk
    /// that would take [`queued_output`](Self::queued_output) past the cap is refused
    /// with [`ConnectionError::InvalidUse`] and nothing of it is queued; the error is
    /// not sticky (send it again once output has been transmitted), and a chunk of
    /// any size is taken when nothing is queued. After
    /// [`Event::TransactionFailed`](super::Event::TransactionFailed) chunks are
    /// dropped; end the body with [`finish_body`](Self::finish_body) all the same.
    ///
    /// A body streamed to a server without 8BITMIME, not declared `BODY=8BITMIME` or
    /// `BINARYMIME`, must be 7-bit (RFC 6152 §3): a chunk with an 8-bit byte is not
    /// sent, and since a message cannot be withdrawn once DATA or BDAT has begun, the
    /// connection fails (sticky [`ConnectionError::InvalidUse`], the machine closed)
    /// so that the server, seeing the connection drop, delivers nothing. A body given
    /// whole to [`send_message`](Self::send_message) is checked before anything is sent.
    pub fn send_body(&mut self, chunk: Bytes) -> Result<(), ConnectionError> {
        let body = self.open_body()?;
        if body.discarding || chunk.is_empty() {
            return Ok(());
        }
        if body.seven_bit_only && !chunk.is_ascii() {
            self.core.fail(ConnectionError::InvalidUse(
                "an 8-bit byte in a streamed body the server cannot take (no 8BITMIME, \
                 no BODY= declared): the connection is given up so nothing is delivered",
            ));
            return self.core.check();
        }
        let queued = self.queued_output();
        let cap = self.config.body_high_water.saturating_mul(BODY_HARD_CAP);
        if queued > 0 && queued.saturating_add(chunk.len()) > cap {
            return Err(ConnectionError::InvalidUse(
                "the body chunk would take the held output past four times \
                 body_high_water: wait for wants_body",
            ));
        }
        let Some(body) = self.body.as_mut() else {
            return self.core.check();
        };
        body.held.push(chunk);
        self.pump_body();
        self.core.check()
    }

    /// Ends the body: the final dot, or the last BDAT chunk with `LAST` (`BDAT 0
    /// LAST` if every chunk has gone). A QUIT asked for meanwhile follows.
    pub fn finish_body(&mut self) -> Result<(), ConnectionError> {
        let body = self.open_body()?;
        body.finished = true;
        if body.discarding {
            self.body = None;
        } else {
            self.pump_body();
        }
        self.maybe_quit();
        self.core.check()
    }

    /// True while a body is open and the client's buffer
    /// ([`queued_output`](Self::queued_output)) is below
    /// [`ClientConfig::body_high_water`](super::ClientConfig::body_high_water): the
    /// caller may send another chunk now.
    pub fn wants_body(&self) -> bool {
        !self.core.is_closed()
            && self
                .body
                .as_ref()
                .is_some_and(|b| !b.finished && !b.discarding)
            && HighWater::new(self.config.body_high_water).wants_more(self.queued_output())
    }

    fn open_body(&mut self) -> Result<&mut BodySink, ConnectionError> {
        self.core.check()?;
        if self.core.is_closed() {
            return Err(ConnectionError::Closed);
        }
        match &mut self.body {
            Some(b) if !b.finished => Ok(b),
            Some(_) => Err(ConnectionError::InvalidUse("the body has been finished")),
            None => Err(ConnectionError::InvalidUse(
                "no message body is open: call send_mail first",
            )),
        }
    }

    /// The transaction failed: drop what is held and whatever comes.
    pub(super) fn discard_body(&mut self) {
        match &mut self.body {
            Some(b) if b.finished => self.body = None,
            Some(b) => {
                b.discarding = true;
                b.held.clear();
            }
            None => {}
        }
    }

    /// Moves held chunks to the output as far as the protocol allows.
    pub(super) fn pump_body(&mut self) {
        match &self.body {
            Some(b) if !b.discarding && b.bdat => self.pump_bdat(),
            Some(b) if !b.discarding && b.open => self.pump_data(),
            _ => {}
        }
    }

    fn pump_data(&mut self) {
        let Some(b) = &mut self.body else {
            return;
        };
        let out = self.core.out();
        while let Some(chunk) = b.take() {
            match &mut b.encoder {
                Some(stuffer) => stuffer.encode(&chunk, out),
                None => out.extend_from_slice(&chunk),
            }
        }
        if !b.finished {
            return;
        }
        if let Some(stuffer) = &mut b.encoder {
            stuffer.finish(out);
        }
        self.end_body(Expect::DataEnd);
    }

    fn pump_bdat(&mut self) {
        loop {
            let Some(t) = &self.transaction else {
                return;
            };
            // lockstep: every chunk waits for the replies before it
            let may_send = t.body_pipelined() || (t.envelope_done() && self.pending.is_empty());
            if !may_send {
                return;
            }
            let Some(b) = &mut self.body else {
                return;
            };
            let last = b.finished && b.held.count() <= 1;
            if !last && b.held.count() < 2 {
                return; // hold one back: it may be the last
            }
            let chunk = b.take().unwrap_or_default();
            let payload = match &mut b.encoder {
                None => chunk,
                Some(normalizer) => {
                    let mut buf = BytesMut::with_capacity(chunk.len() + 2);
                    normalizer.encode(&chunk, &mut buf);
                    if last {
                        normalizer.finish(&mut buf);
                    }
                    buf.freeze()
                }
            };
            if payload.is_empty() && !last {
                continue;
            }
            let cmd = commands::bdat(payload.len() as u64, last);
            encode_command(&cmd, self.core.out());
            self.core.send_bytes(payload);
            if last {
                self.end_body(Expect::BdatLast);
                return;
            }
            self.expect(Expect::Bdat);
        }
    }

    /// The end of the body is queued: await the final reply.
    fn end_body(&mut self, expect: Expect) {
        self.body = None;
        self.body_timer.disarm();
        if let Some(t) = &mut self.transaction {
            t.terminated = true;
        }
        self.expect(expect);
    }
}
