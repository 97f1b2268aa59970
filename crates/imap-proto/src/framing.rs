//! Finding where IMAP messages end: lines, and literals inside them.
//!
//! A command or response is one or more lines; a line that ends in a literal
//! announcement (`{n}`, `{n+}`, `~{n}`) is followed by `n` bytes of payload and the
//! message goes on after it. [`Framer`] finds whole messages in a stream split at any
//! point, looking at every byte once (memchr scans lines; literal payloads are skipped
//! by count, never scanned), so total work is linear however the input arrives.
//!
//! Each literal is announced before its payload is buffered
//! ([`FrameEvent::Literal`]), so a server can send `+` or refuse against its own
//! limit; the configured limits on lines, literals and messages are checked before
//! anything is buffered. After a refused or broken message the framer
//! resynchronises at the next line that starts a message, skipping the payload of
//! any literal the peer sends regardless (non-synchronizing literals, or every literal
//! from a server), so literal payload is never read as a command.
//!
//! ```
//! use imap_proto::framing::{Framer, FramerOptions, FrameEvent};
//!
//! let mut framer = Framer::new(FramerOptions::server());
//! framer.feed(b"A1 LOGIN {5}\r\n");
//! let Some(FrameEvent::Literal(announced)) = framer.poll() else { panic!() };
//! assert_eq!((announced.length, announced.synchronizing), (5, true));
//! // the server answers "+ ready" here; then the payload arrives
//! framer.feed(b"alice \"secret\"\r\n");
//! let Some(FrameEvent::Message(frame)) = framer.poll() else { panic!() };
//! assert_eq!(&frame.bytes()[..], b"A1 LOGIN {5}\r\nalice \"secret\"\r\n");
//! assert_eq!(&frame.literal(0).unwrap()[..], b"alice");
//! ```

use std::ops::Range;

use bytes::{Buf, Bytes, BytesMut};
use mail_proto_core::LiteralAnnouncement;

use crate::error::{DecodeError, DecodeErrorKind};
use crate::parse::ParseOptions;

/// Limits the framer enforces before it buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest line segment, `CRLF` included.
    pub max_line: usize,
    /// Longest literal.
    pub max_literal: u64,
    /// Longest message.
    pub max_message: usize,
    /// Reading responses, an empty line right after a literal's payload and followed
    /// by `)` does not end the message (Gmail; see
    /// [`Lenient::crlf_before_paren`](crate::Lenient)). Such a message is complete
    /// only once the byte after the empty line has arrived.
    pub crlf_before_paren: bool,
    /// A response line may end in a bare `LF` (see
    /// [`Lenient::lf_line_ends`](crate::Lenient)); commands are held to `CRLF` whatever
    /// this says. Otherwise such a line is an error ([`DecodeErrorKind::BareLineEnding`] at the
    /// `LF`'s offset) and the framer drops the message.
    pub lf_line_ends: bool,
}

impl From<&ParseOptions> for Limits {
    fn from(o: &ParseOptions) -> Self {
        Limits {
            max_line: o.max_line,
            max_literal: o.max_literal,
            max_message: o.max_message,
            crlf_before_paren: o.lenient.crlf_before_paren,
            lf_line_ends: o.lenient.lf_line_ends,
        }
    }
}

/// What one step of the [`Scanner`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scan {
    /// The message ends at this offset.
    Complete(usize),
    /// A literal was announced; its payload starts at `payload_offset`.
    Announced(LiteralAnnouncement),
    /// Everything given has been scanned.
    NeedMore,
    /// The message breaks a limit or the literal syntax.
    Error {
        kind: DecodeErrorKind,
        offset: usize,
    },
}

/// Incremental message-boundary finder over a buffer that only grows at its end.
/// Offsets are from the start of the message.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scanner {
    pos: usize,
    line_start: usize,
    literal_left: u64,
    pending: Option<LiteralAnnouncement>,
    literals: Vec<Range<usize>>,
    /// Keep the payload ranges in `literals` (the framer does; the decoders, which
    /// only need where the message ends, do not, and allocate nothing).
    record_literals: bool,
    refused: Option<LiteralAnnouncement>,
    is_command: bool,
    after_literal: bool,
    close_check: bool,
    /// The last error announced a literal whose length does not fit a `u64` and whose
    /// payload follows anyway.
    unbounded_payload: bool,
}

/// True if the message is a FETCH response (`"*" SP nz-number SP "FETCH"`), the only
/// one in which a literal can be followed by an empty line and `)`.
fn is_fetch(buf: &[u8]) -> bool {
    let Some(rest) = buf.strip_prefix(b"* ") else {
        return false;
    };
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    rest.get(digits..digits + 7)
        .is_some_and(|w| digits > 0 && w.eq_ignore_ascii_case(b" FETCH "))
}

/// True if a quoted string is still open at the end of `line`: `"` toggles it, and
/// inside one `\` escapes the byte after it.
fn quote_open(line: &[u8]) -> bool {
    let mut open = false;
    let mut k = 0;
    while let Some(at) = if open {
        memchr::memchr2(b'"', b'\\', &line[k..])
    } else {
        memchr::memchr(b'"', &line[k..])
    } {
        let at = k + at;
        if line[at] == b'"' {
            open = !open;
            k = at + 1;
        } else {
            k = at + 2;
        }
        if k >= line.len() {
            break;
        }
    }
    open
}

/// What [`literal_at_end`] found: `(length, synchronizing, binary)`, or for a length
/// too large to count `(where its digits start, synchronizing)`.
pub(crate) type LiteralEnd = Result<(u64, bool, bool), (usize, bool)>;

/// A literal announcement at the end of a line (without its `CRLF`): its length,
/// whether it is synchronizing, whether it is `~{n}`; or, for a length too large to
/// count, where its digits start and whether it is synchronizing.
pub(crate) fn literal_at_end(line: &[u8]) -> Option<LiteralEnd> {
    let body = line.strip_suffix(b"}")?;
    let (body, sync) = match body.strip_suffix(b"+") {
        Some(b) => (b, false),
        None => (body, true),
    };
    let ndigits = body.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    if ndigits == 0 {
        return None;
    }
    let digits_at = body.len() - ndigits;
    let before = body[..digits_at].strip_suffix(b"{")?;
    let binary = before.ends_with(b"~");
    let value = crate::parse::core::digits_value(&body[digits_at..]);
    Some(match value {
        Some(n) => Ok((n, sync, binary)),
        None => Err((digits_at, sync)),
    })
}

/// The first `LF` in `buf` at or after `from`. A small read (eight new bytes or
/// fewer) is tested as one word, the last eight bytes of `buf` with those before
/// `from` masked out, where memchr's set-up would cost more than the search.
#[inline]
fn find_lf(buf: &[u8], from: usize) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let new = buf.len().saturating_sub(from);
    if new == 0 {
        return None;
    }
    if new <= 8 {
        if let Some((head, last)) = buf.split_last_chunk::<8>() {
            // bytes of the word before `from` are made non-zero so that no borrow
            // from them can flag a byte above
            let skip = 8 - new;
            let before = if skip == 0 {
                0
            } else {
                u64::MAX >> (64 - 8 * skip)
            };
            let x = (u64::from_le_bytes(*last) ^ (LO * u64::from(b'\n'))) | before;
            let m = x.wrapping_sub(LO) & !x & HI;
            return (m != 0).then(|| head.len() + (m.trailing_zeros() / 8) as usize);
        }
    }
    memchr::memchr(b'\n', &buf[from..]).map(|k| from + k)
}

impl Scanner {
    pub(crate) fn new(is_command: bool) -> Self {
        Scanner {
            is_command,
            ..Scanner::default()
        }
    }

    /// A scanner that keeps the payload ranges of the literals it passes.
    pub(crate) fn recording(is_command: bool) -> Self {
        Scanner {
            is_command,
            record_literals: true,
            ..Scanner::default()
        }
    }

    /// The announced literal whose payload has not all arrived.
    pub(crate) fn pending_literal(&self) -> Option<LiteralAnnouncement> {
        if self.literal_left > 0 {
            self.pending
        } else {
            None
        }
    }

    /// Payload ranges of the literals seen so far.
    pub(crate) fn take_literals(&mut self) -> Vec<Range<usize>> {
        std::mem::take(&mut self.literals)
    }

    /// Scans `buf` (the message so far, from its first byte) from where the last call
    /// stopped. Returns at the first event.
    #[inline]
    pub(crate) fn scan(&mut self, buf: &[u8], limits: &Limits) -> Scan {
        // the common case of a small read: no literal, no check pending, no limit near,
        // and no line end in the new bytes
        if !self.close_check
            && self.literal_left == 0
            && self.pos <= limits.max_message
            && buf.len() - self.line_start <= limits.max_line
            && find_lf(buf, self.pos).is_none()
        {
            self.pos = buf.len();
            return Scan::NeedMore;
        }
        self.scan_general(buf, limits)
    }

    /// [`Scanner::scan`] for every case.
    fn scan_general(&mut self, buf: &[u8], limits: &Limits) -> Scan {
        if self.close_check {
            match buf.get(self.pos) {
                None => return Scan::NeedMore,
                Some(b')') => self.close_check = false,
                Some(_) => return Scan::Complete(self.pos),
            }
        }
        {
            if self.literal_left > 0 {
                let avail = (buf.len() - self.pos) as u64;
                let step = avail.min(self.literal_left);
                self.pos += step as usize;
                self.literal_left -= step;
                if self.literal_left > 0 {
                    return Scan::NeedMore;
                }
                self.line_start = self.pos;
                self.after_literal = true;
            }
            if self.pos > limits.max_message {
                return self.error(
                    DecodeErrorKind::MessageTooLarge {
                        limit: limits.max_message,
                    },
                    0,
                );
            }
            let Some(lf) = self.scan_line(buf) else {
                if buf.len() - self.line_start > limits.max_line {
                    let limit = limits.max_line;
                    return self.error(DecodeErrorKind::LineTooLong { limit }, self.line_start);
                }
                return Scan::NeedMore;
            };
            let line_end = lf + 1;
            if line_end - self.line_start > limits.max_line {
                let limit = limits.max_line;
                return self.error(DecodeErrorKind::LineTooLong { limit }, self.line_start);
            }
            if line_end > limits.max_message {
                return self.error(
                    DecodeErrorKind::MessageTooLarge {
                        limit: limits.max_message,
                    },
                    0,
                );
            }
            let content_end = if lf > self.line_start && buf[lf - 1] == b'\r' {
                lf - 1
            } else if limits.lf_line_ends && !self.is_command {
                lf
            } else {
                return self.error(DecodeErrorKind::BareLineEnding, lf);
            };
            let ls = self.line_start;
            let line = &buf[ls..content_end];
            self.pos = line_end;
            self.line_start = line_end;
            // a `{n}` at the end of a line announces a literal (checked only for such
            // lines: one pass per line). Inside a quoted string still open there it is
            // no literal to the grammar, but a peer (or a proxy in front) may mean one
            // and send its payload: the message is refused and the payload skipped,
            // never read as commands
            let found = literal_at_end(line);
            if found.is_some() && quote_open(line) {
                if let Some(Ok((length, synchronizing, binary))) = found {
                    self.refused = Some(LiteralAnnouncement {
                        payload_offset: line_end,
                        length,
                        synchronizing,
                        binary,
                    });
                } else if let Some(Err((_, synchronizing))) = found {
                    self.unbounded_payload = self.payload_follows_sync(synchronizing);
                }
                return self.error(
                    DecodeErrorKind::Syntax("a closed quoted string before a literal"),
                    content_end,
                );
            }
            let after_literal = std::mem::take(&mut self.after_literal);
            match found {
                None if after_literal
                    && line.iter().all(|&b| b == b' ')
                    && !self.is_command
                    && limits.crlf_before_paren
                    && is_fetch(buf) =>
                {
                    self.close_check = true;
                    self.scan_general(buf, limits)
                }
                None => Scan::Complete(line_end),
                Some(Err((at, synchronizing))) => {
                    // a payload too long to count may still follow: then nothing after
                    // this line can be framed again
                    self.unbounded_payload = self.payload_follows_sync(synchronizing);
                    let offset = ls + at;
                    self.error(DecodeErrorKind::NumberOverflow, offset)
                }
                Some(Ok((length, synchronizing, binary))) => {
                    let a = LiteralAnnouncement {
                        payload_offset: line_end,
                        length,
                        synchronizing,
                        binary,
                    };
                    if length > limits.max_literal {
                        let limit = limits.max_literal;
                        self.refused = Some(a);
                        return self
                            .error(DecodeErrorKind::LiteralTooLarge { length, limit }, line_end);
                    }
                    let total = (line_end as u64).saturating_add(length);
                    if total > limits.max_message as u64 {
                        self.refused = Some(a);
                        return self.error(
                            DecodeErrorKind::MessageTooLarge {
                                limit: limits.max_message,
                            },
                            line_end,
                        );
                    }
                    if self.record_literals {
                        self.literals.push(line_end..line_end + length as usize);
                    }
                    self.literal_left = length;
                    self.pending = Some(a);
                    Scan::Announced(a)
                }
            }
        }
    }

    /// Finds the next `LF` from `pos` (linear over all calls: `pos` only advances).
    fn scan_line(&mut self, buf: &[u8]) -> Option<usize> {
        match find_lf(buf, self.pos) {
            Some(at) => {
                self.pos = at + 1;
                Some(at)
            }
            None => {
                self.pos = buf.len();
                None
            }
        }
    }

    fn error(&mut self, kind: DecodeErrorKind, offset: usize) -> Scan {
        Scan::Error { kind, offset }
    }

    /// True if the sender keeps sending literal payload after a refusal: a server always
    /// does, a client only for a non-synchronizing literal.
    fn payload_follows(&self, a: &LiteralAnnouncement) -> bool {
        self.payload_follows_sync(a.synchronizing)
    }

    fn payload_follows_sync(&self, synchronizing: bool) -> bool {
        !self.is_command || !synchronizing
    }
}

/// The most buffer room an announced literal reserves before its payload arrives.
const RESERVE_AT_MOST: u64 = 64 << 20;

/// Which side the framer reads for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A server reading commands: synchronizing literals wait for its `+`.
    Server,
    /// A client reading responses: every literal's payload follows at once.
    Client,
}

/// Limits and the side a [`Framer`] reads for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FramerOptions {
    /// The limits.
    pub limits: Limits,
    /// The side.
    pub side: Side,
}

impl FramerOptions {
    /// A server reading commands, with [`ParseOptions::server`] limits.
    pub fn server() -> Self {
        FramerOptions {
            limits: (&ParseOptions::server()).into(),
            side: Side::Server,
        }
    }

    /// A client reading responses, with [`ParseOptions::default`] limits.
    pub fn client() -> Self {
        FramerOptions {
            limits: (&ParseOptions::default()).into(),
            side: Side::Client,
        }
    }
}

/// A whole message: its bytes (shared with the framer's buffer, not copied) and where
/// its literal payloads are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    bytes: Bytes,
    literals: Vec<Range<usize>>,
}

impl Frame {
    /// The message, `CRLF` and literals included; parse it with
    /// [`parse_response`](crate::parse_response) (or, for commands, the command
    /// parser to come).
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The number of literals.
    pub fn literal_count(&self) -> usize {
        self.literals.len()
    }

    /// The payload of literal `i`, a slice of the same buffer.
    pub fn literal(&self, i: usize) -> Option<Bytes> {
        let r = self.literals.get(i)?;
        (r.end <= self.bytes.len()).then(|| self.bytes.slice(r.clone()))
    }
}

/// What [`Framer::poll`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameEvent {
    /// A whole message.
    Message(Frame),
    /// A literal has been announced and its payload is not buffered yet: a server
    /// answers `+` for a synchronizing one, or calls [`Framer::refuse_literal`].
    Literal(LiteralAnnouncement),
    /// A message broke a limit or the literal syntax and was dropped; the framer
    /// resynchronises by itself, skipping the payload of a literal it announced (or
    /// announced inside an open quoted string) when that payload follows anyway. The
    /// one exception is a followed literal too long to count: then
    /// [`Framer::is_desynchronized`] turns true and the connection should end. The
    /// offset counts from the start of the message.
    Error(DecodeError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Discard {
    /// Not discarding.
    No,
    /// Dropping bytes up to the end of the current line; `tail` keeps the last bytes
    /// of it to see whether it ends in a literal.
    Line,
    /// Dropping this many bytes of literal payload, then the rest of the line.
    Payload(u64),
    /// Dropping everything: a literal too long to count had its payload follow, so
    /// no later byte can be known to start a message.
    All,
}

/// The incremental framer. Feed it bytes as they are read, then poll it until it
/// returns `None`.
#[derive(Debug)]
pub struct Framer {
    opts: FramerOptions,
    buf: BytesMut,
    scanner: Scanner,
    discard: Discard,
    tail: Vec<u8>,
}

impl Framer {
    /// A framer with these options.
    pub fn new(opts: FramerOptions) -> Self {
        Framer {
            opts,
            buf: BytesMut::new(),
            scanner: Scanner::recording(opts.side == Side::Server),
            discard: Discard::No,
            tail: Vec::new(),
        }
    }

    /// True once the framer cannot find message boundaries any more: a literal too
    /// long to count (`{99999999999999999999+}`) was announced and its payload
    /// follows, so every later byte may be payload. Input is then dropped and
    /// [`poll`](Self::poll) returns `None`; the connection should be closed.
    pub fn is_desynchronized(&self) -> bool {
        self.discard == Discard::All
    }

    /// Appends bytes read from the peer.
    pub fn feed(&mut self, data: &[u8]) {
        self.buf.extend_from_slice(data);
    }

    /// Bytes buffered and not yet handed out or dropped.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Refuses the literal just announced: the message is dropped. If the peer sends
    /// the payload anyway (a non-synchronizing literal, or any literal from a server),
    /// it is skipped, then the rest of the message.
    pub fn refuse_literal(&mut self) {
        let Some(a) = self.scanner.pending_literal() else {
            return;
        };
        let follows = self.scanner.payload_follows(&a);
        self.drop_message(a.payload_offset, follows.then_some(a.length));
    }

    fn drop_message(&mut self, upto: usize, payload: Option<u64>) {
        let upto = upto.min(self.buf.len());
        self.buf.advance(upto);
        self.scanner = Scanner::recording(self.opts.side == Side::Server);
        self.discard = match payload {
            Some(n) => Discard::Payload(n),
            None => Discard::No,
        };
    }

    /// The next event, or `None` when more input is needed.
    #[must_use]
    pub fn poll(&mut self) -> Option<FrameEvent> {
        {
            if !self.skip_discarded() {
                return None;
            }
            match self.scanner.scan(&self.buf, &self.opts.limits) {
                Scan::NeedMore => None,
                Scan::Announced(a) => {
                    // room for the whole payload at once (up to 64 MiB; a peer's
                    // announcement alone commits no more), so that reading it grows
                    // the buffer once instead of copying it at every doubling
                    let want = a.length.min(RESERVE_AT_MOST) as usize;
                    let have = self.buf.len().saturating_sub(a.payload_offset);
                    self.buf.reserve(want.saturating_sub(have));
                    Some(FrameEvent::Literal(a))
                }
                Scan::Complete(end) => {
                    let literals = self.scanner.take_literals();
                    self.scanner = Scanner::recording(self.opts.side == Side::Server);
                    let bytes = self.buf.split_to(end).freeze();
                    Some(FrameEvent::Message(Frame { bytes, literals }))
                }
                Scan::Error { kind, offset } => {
                    let err = DecodeError::new(kind.clone(), &self.buf, offset);
                    self.resync_after(&kind, offset);
                    Some(FrameEvent::Error(err))
                }
            }
        }
    }

    /// Sets up discarding after an error found at `offset` of the current message.
    fn resync_after(&mut self, kind: &DecodeErrorKind, offset: usize) {
        if self.scanner.unbounded_payload {
            self.buf.clear();
            self.tail.clear();
            self.discard = Discard::All;
            return;
        }
        if let (DecodeErrorKind::Syntax(_), Some(a)) = (kind, self.scanner.last_header()) {
            // a literal announced inside an open quoted string: its payload skipped
            let follows = self.scanner.payload_follows(&a);
            self.drop_message(a.payload_offset, follows.then_some(a.length));
            return;
        }
        match kind {
            DecodeErrorKind::LiteralTooLarge { .. } | DecodeErrorKind::MessageTooLarge { .. } => {
                match self.scanner.last_header() {
                    Some(a) => {
                        let follows = self.scanner.payload_follows(&a);
                        self.drop_message(a.payload_offset, follows.then_some(a.length));
                    }
                    None => self.discard_line(),
                }
            }
            DecodeErrorKind::NumberOverflow => {
                // a literal length too long to count: drop the line; nothing can be skipped
                self.drop_message(offset, None);
                self.discard_line();
            }
            _ => self.discard_line(),
        }
    }

    fn discard_line(&mut self) {
        let line_start = self.scanner.line_start.min(self.buf.len());
        self.buf.advance(line_start);
        self.scanner = Scanner::recording(self.opts.side == Side::Server);
        self.tail.clear();
        self.discard = Discard::Line;
    }

    /// Drops discarded bytes; false if all input went.
    #[inline]
    fn skip_discarded(&mut self) -> bool {
        self.discard == Discard::No || self.skip_discarded_general()
    }

    fn skip_discarded_general(&mut self) -> bool {
        loop {
            match self.discard {
                Discard::No => return true,
                Discard::All => {
                    self.buf.clear();
                    return false;
                }
                Discard::Payload(n) => {
                    let step = (self.buf.len() as u64).min(n);
                    self.buf.advance(step as usize);
                    if step < n {
                        self.discard = Discard::Payload(n - step);
                        return false;
                    }
                    self.tail.clear();
                    self.discard = Discard::Line;
                }
                Discard::Line => {
                    let Some(lf) = memchr::memchr(b'\n', &self.buf) else {
                        let keep = self.buf.len().saturating_sub(32);
                        self.tail.extend_from_slice(&self.buf[keep..]);
                        let cut = self.tail.len().saturating_sub(32);
                        self.tail.drain(..cut);
                        self.buf.clear();
                        return false;
                    };
                    self.tail.extend_from_slice(&self.buf[..lf]);
                    let cut = self.tail.len().saturating_sub(32);
                    self.tail.drain(..cut);
                    self.buf.advance(lf + 1);
                    let line = self.tail.strip_suffix(b"\r").unwrap_or(&self.tail);
                    self.discard = match literal_at_end(line) {
                        Some(Ok((n, sync, _))) if !self.scanner.is_command || !sync => {
                            Discard::Payload(n)
                        }
                        Some(Err((_, sync))) if !self.scanner.is_command || !sync => Discard::All,
                        _ => Discard::No,
                    };
                }
            }
        }
    }
}

impl Scanner {
    /// The literal refused by the last error, if it was about a literal.
    fn last_header(&self) -> Option<LiteralAnnouncement> {
        self.refused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_ending_in_literal() {
        let buf = b"* LIST () \"/\" {3}\r\n\xb3\x95i\r\n";
        let mut s = Scanner::new(false);
        let limits: Limits = (&ParseOptions::default()).into();
        let mut got = Vec::new();
        for _ in 0..4 {
            let r = s.scan(buf, &limits);
            got.push(r.clone());
            if !matches!(r, Scan::Announced(_)) {
                break;
            }
        }
        assert_eq!(got.last(), Some(&Scan::Complete(buf.len())), "{got:?}");
    }

    #[test]
    fn quote_state_at_line_end() {
        for (line, open) in [
            (&b""[..], false),
            (b"A1 LOGIN \"x {5}", true),
            (b"A1 LOGIN \"x\" {5}", false),
            (b"A1 LOGIN \"a\\\" {5}", true),
            (b"A1 LOGIN \"a\\\\\" {5}", false),
            (b"A1 LOGIN a\\\" {5}", true),
            (b"\"", true),
            (b"\"\\", true),
            (b"\"\"\"", true),
            (b"\"\"\"\"", false),
        ] {
            assert_eq!(quote_open(line), open, "{}", String::from_utf8_lossy(line));
        }
    }

    #[test]
    fn a_literal_inside_an_open_quote_is_not_announced() {
        // refused (the framer then skips a payload that follows), never announced
        let limits: Limits = (&ParseOptions::server()).into();
        let buf = b"A1 LOGIN \"x {5}\r\n";
        assert!(matches!(
            Scanner::new(true).scan(buf, &limits),
            Scan::Error {
                kind: DecodeErrorKind::Syntax(_),
                offset: 15
            }
        ));
        let buf = b"A1 LOGIN \"x\" {5}\r\nhello\r\n";
        assert!(matches!(
            Scanner::new(true).scan(buf, &limits),
            Scan::Announced(_)
        ));
    }
}

#[cfg(test)]
mod find_lf_tests {
    use super::find_lf;

    fn naive(buf: &[u8], from: usize) -> Option<usize> {
        buf.get(from..)?
            .iter()
            .position(|&b| b == b'\n')
            .map(|k| from + k)
    }

    #[test]
    fn find_lf_agrees_with_a_plain_search() {
        // every length and start up to 24, an LF at each place or none, and neighbours
        // that would fool a word test with a borrow (NUL, LF before `from`, 0x0B, 0x8A)
        for len in 0..24 {
            for lf in (0..len).map(Some).chain([None]) {
                for fill in [b'a', 0x00, 0x0b, 0x8a, b'\n'] {
                    let mut buf = vec![fill; len];
                    if fill == b'\n' {
                        buf.iter_mut().for_each(|b| *b = b'x');
                        buf.iter_mut().step_by(3).for_each(|b| *b = b'\n');
                    }
                    if let Some(at) = lf {
                        buf[at] = b'\n';
                    }
                    for from in 0..=len {
                        assert_eq!(
                            find_lf(&buf, from),
                            naive(&buf, from),
                            "{buf:?} from {from}"
                        );
                    }
                }
            }
        }
    }
}
