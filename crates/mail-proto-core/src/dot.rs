//! Streaming dot-stuffing and dot-unstuffing (RFC 5321 §4.5.2, RFC 1939 §3).
//!
//! A message body travels as lines; a line that starts with `.` is sent with an extra
//! `.` in front, and the body ends with a line holding a single `.`: the five bytes
//! `CRLF . CRLF`, where the first `CRLF` ends the body's last line. The start of the
//! body counts as the start of a line, so `.` `CRLF` right away is an empty body.
//!
//! **Only `CRLF . CRLF` ends a body.** Every look-alike built from a bare `CR` or a bare
//! `LF` (`LF . LF`, `CR . CR`, `LF . CRLF`, `CRLF . LF`, `CRLF . CR CRLF`, ...) never
//! ends it: the difference between what a receiver and a relay consider the end of a
//! message is how SMTP smuggling works. What happens to bare `CR` and `LF` bytes is a
//! [`BareLineEndings`] policy: keep them as data, normalise them to `CRLF`, or reject
//! the message (the body is still read to its real end, so the session stays in step).
//!
//! Dot-unstuffing follows real `CRLF` line starts only. The [`DotStuffer`] is more
//! careful than that: it doubles a leading `.` after any line break, bare ones
//! included, so a receiver that (wrongly) splits lines on a bare `LF` still sees a
//! stuffed dot and never an end of data.

use bytes::{BufMut, BytesMut};

/// What a receiver does with a bare `CR` or bare `LF` inside a body. A policy, so
/// it may gain variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BareLineEndings {
    /// Keep the bytes as data, unchanged.
    #[default]
    Keep,
    /// Turn every bare `LF` and bare `CR` into `CRLF`. The new line is still not a
    /// line start for dot-unstuffing or for the end of data.
    Normalize,
    /// Read the body to its real end, then report it as rejected
    /// ([`Unstuffed::End`] with `bare_line_ending` set to the first offset).
    Reject,
}

/// A piece of unstuffed body produced by [`DotUnstuffer::decode`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// The bytes `input[start..end]` of the current input are body data.
    Input(std::ops::Range<usize>),
    /// These bytes are body data that is not in the current input (a `CR` held back
    /// from the previous input, or a `CR`/`LF` added by normalisation).
    Extra(&'static [u8]),
}

/// The outcome of one [`DotUnstuffer::decode`] call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unstuffed {
    /// All the input was consumed and the body has not ended.
    NeedMore,
    /// The body ended: `consumed` bytes of the input belong to it, terminator
    /// included; the rest is what follows the body. `bare_line_ending` is the offset
    /// (from the start of the body on the wire) of the first bare `CR` or `LF`, set
    /// only under [`BareLineEndings::Reject`].
    End {
        /// Bytes of this input that belong to the body, terminator included.
        consumed: usize,
        /// Under [`BareLineEndings::Reject`], the wire offset of the first bare
        /// `CR` or `LF`.
        bare_line_ending: Option<u64>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Inside a line; the last byte was not a `CR`.
    Mid,
    /// Inside a line; the last byte was a `CR`, not yet passed on.
    Cr,
    /// At the start of a line (after `CRLF`, or at the start of the body).
    LineStart,
    /// After a line-start `.`, which is dropped whatever follows.
    Dot,
    /// After a line-start `.` and a `CR` that is held back.
    DotCr,
    /// The body has ended; the unstuffer must be [`reset`](DotUnstuffer::reset).
    Done,
}

const CR: &[u8] = b"\r";
const LF: &[u8] = b"\n";
const CRLF: &[u8] = b"\r\n";

/// Receiver side: removes dot-stuffing and finds the end of the body, in a stream
/// split at any point.
///
/// It holds at most one byte (a `CR`) between calls, as state, so input never has to
/// be kept or copied: the body comes out as ranges of each input.
#[derive(Debug, Clone)]
pub struct DotUnstuffer {
    state: State,
    policy: BareLineEndings,
    line_dot: LineDot,
    offset: u64,
    first_bare: Option<u64>,
    max_line: Option<usize>,
    line_len: usize,
    dotted: bool,
    first_long_line: Option<u64>,
}

/// `CRLF .`: where a line that starts with a dot starts.
const LINE_DOT: &[u8] = b"\r\n.";

/// Finds [`LINE_DOT`], the one thing the scan of a body under
/// [`BareLineEndings::Keep`] stops at.
///
/// The search restarts after every stuffed dot, about one per kilobyte of a text
/// body, so what a restart costs matters as much as the speed of the scan itself.
/// On `x86_64` with AVX2 this calls memchr's AVX2 pair searcher directly, keyed on
/// the `LF .` pair (the `CR` is then checked), which skips the dispatch that
/// [`memchr::memmem::Finder`] does on every call; elsewhere, and for haystacks too
/// short for it, it is the `memmem` finder.
#[derive(Debug, Clone)]
struct LineDot {
    #[cfg(target_arch = "x86_64")]
    avx2: Option<memchr::arch::x86_64::avx2::packedpair::Finder>,
    any: memchr::memmem::Finder<'static>,
}

impl LineDot {
    fn new() -> Self {
        LineDot {
            #[cfg(target_arch = "x86_64")]
            avx2: memchr::arch::all::packedpair::Pair::with_indices(LINE_DOT, 1, 2).and_then(
                |pair| memchr::arch::x86_64::avx2::packedpair::Finder::with_pair(LINE_DOT, pair),
            ),
            any: memchr::memmem::Finder::new(LINE_DOT),
        }
    }

    /// The offset of the first [`LINE_DOT`] in `hay`.
    #[inline]
    fn find(&self, hay: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(avx2) = &self.avx2 {
            if hay.len() >= avx2.min_haystack_len() {
                return avx2.find(hay, LINE_DOT);
            }
        }
        self.any.find(hay)
    }
}

/// Collects pieces into contiguous runs of the input.
struct Runs<'s, F: FnMut(Piece)> {
    sink: &'s mut F,
    start: usize,
}

impl<F: FnMut(Piece)> Runs<'_, F> {
    fn flush(&mut self, end: usize) {
        if end > self.start {
            (self.sink)(Piece::Input(self.start..end));
        }
    }
    fn extra(&mut self, bytes: &'static [u8]) {
        (self.sink)(Piece::Extra(bytes));
    }
}

impl DotUnstuffer {
    /// An unstuffer at the start of a body.
    pub fn new(policy: BareLineEndings) -> Self {
        DotUnstuffer {
            state: State::LineStart,
            policy,
            line_dot: LineDot::new(),
            offset: 0,
            first_bare: None,
            max_line: None,
            line_len: 0,
            dotted: false,
            first_long_line: None,
        }
    }

    /// Also checks the length of every line, `CRLF` included (RFC 5321 §4.5.3.1.6:
    /// 1000). The dot added for transparency does not count, so a 998-octet text
    /// line that starts with `.` fits. The body is still read to its end; see
    /// [`long_line`](Self::long_line).
    pub fn with_max_line_len(mut self, max: usize) -> Self {
        self.max_line = Some(max);
        self
    }

    /// The wire offset of the first line longer than the limit, if any.
    pub fn long_line(&self) -> Option<u64> {
        self.first_long_line
    }

    /// Measures the lines in `wire` (bytes of the body as sent).
    fn measure(&mut self, wire: &[u8]) {
        let Some(max) = self.max_line else {
            return;
        };
        if self.first_long_line.is_some() {
            return;
        }
        let mut start = 0;
        for lf in memchr::memchr_iter(b'\n', wire) {
            if self.line_len == 0 {
                self.dotted = wire[start] == b'.';
            }
            let len = self.line_len + lf + 1 - start;
            if len > max.saturating_add(usize::from(self.dotted)) {
                let line_start = (self.offset + start as u64).saturating_sub(self.line_len as u64);
                self.first_long_line = Some(line_start);
                return;
            }
            self.line_len = 0;
            start = lf + 1;
        }
        if start < wire.len() {
            if self.line_len == 0 {
                self.dotted = wire[start] == b'.';
            }
            self.line_len += wire.len() - start;
            if self.line_len > max.saturating_add(usize::from(self.dotted)) {
                self.first_long_line = Some(self.offset + wire.len() as u64 - self.line_len as u64);
            }
        }
    }

    /// Starts over for a new body, keeping the policy.
    pub fn reset(&mut self) {
        let max_line = self.max_line;
        *self = DotUnstuffer::new(self.policy);
        self.max_line = max_line;
    }

    /// The bare line-ending policy.
    pub fn policy(&self) -> BareLineEndings {
        self.policy
    }

    /// Bytes of body consumed so far, stuffing and terminator included.
    pub fn wire_offset(&self) -> u64 {
        self.offset
    }

    /// True once the terminator has been seen.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Decodes `input`, passing body pieces to `sink` in order.
    ///
    /// Returns [`Unstuffed::End`] when the terminator is in `input`; the bytes after it
    /// are not looked at. Calling again after the end returns `End` with nothing consumed.
    pub fn decode(&mut self, input: &[u8], mut sink: impl FnMut(Piece)) -> Unstuffed {
        if self.state == State::Done {
            return self.end(0);
        }
        let mut runs = Runs {
            sink: &mut sink,
            start: 0,
        };
        let mut pos = 0;
        let len = input.len();
        while pos < len {
            match self.state {
                State::Done => break,
                State::Mid if self.policy == BareLineEndings::Keep => {
                    // Bare CR and LF are plain data here, so only CRLF "." matters:
                    // jump straight to it instead of stopping at every line end, and
                    // deal with the stuffed dot right here, so a body with many of them
                    // stays in this loop instead of going round the state machine
                    // (Dot, then Mid again) for each.
                    while let Some(i) = self.line_dot.find(&input[pos..]) {
                        let dot = pos + i + 2;
                        runs.flush(dot);
                        pos = dot + 1;
                        runs.start = pos;
                        match input.get(pos..pos + 2) {
                            Some(b"\r\n") => {
                                self.measure(&input[..pos + 2]);
                                return self.finish(pos + 2);
                            }
                            // the dot is dropped and the line goes on: a bare CR after
                            // it is data, and is looked at again from `pos`
                            Some(_) => {}
                            // the input ends within two bytes of the dot
                            None => {
                                self.state = State::Dot;
                                break;
                            }
                        }
                    }
                    if self.state == State::Mid {
                        pos = len;
                        if input.ends_with(b"\r\n") {
                            self.state = State::LineStart;
                        } else if input.ends_with(b"\r") {
                            runs.flush(len - 1);
                            runs.start = len;
                            self.state = State::Cr;
                        }
                    }
                }
                State::Mid => match memchr::memchr2(b'\r', b'\n', &input[pos..]) {
                    None => pos = len,
                    Some(i) => {
                        let at = pos + i;
                        if input[at] == b'\n' {
                            pos = self.bare(&mut runs, at, at, CR);
                        } else if at + 1 == len {
                            runs.flush(at);
                            runs.start = len;
                            self.state = State::Cr;
                            pos = len;
                        } else if input[at + 1] == b'\n' {
                            pos = at + 2;
                            self.state = State::LineStart;
                        } else {
                            pos = self.bare(&mut runs, at, at + 1, LF);
                        }
                    }
                },
                State::Cr => {
                    // The held CR (from an earlier input) comes out first.
                    if input[pos] == b'\n' {
                        runs.extra(CR);
                        self.state = State::LineStart;
                        pos += 1;
                    } else {
                        self.note_bare(pos, 1);
                        runs.extra(if self.policy == BareLineEndings::Normalize {
                            CRLF
                        } else {
                            CR
                        });
                        self.state = State::Mid;
                    }
                }
                State::LineStart => {
                    if input[pos] == b'.' {
                        runs.flush(pos);
                        pos += 1;
                        runs.start = pos;
                        self.state = State::Dot;
                    } else {
                        self.state = State::Mid;
                    }
                }
                State::Dot => {
                    if input[pos] == b'\r' {
                        if pos + 1 == len {
                            runs.start = len;
                            self.state = State::DotCr;
                            pos = len;
                        } else if input[pos + 1] == b'\n' {
                            self.measure(&input[..pos + 2]);
                            return self.finish(pos + 2);
                        } else {
                            self.state = State::Mid;
                        }
                    } else {
                        self.state = State::Mid;
                    }
                }
                State::DotCr => {
                    if input[pos] == b'\n' {
                        self.measure(&input[..pos + 1]);
                        return self.finish(pos + 1);
                    }
                    self.note_bare(pos, 1);
                    runs.extra(if self.policy == BareLineEndings::Normalize {
                        CRLF
                    } else {
                        CR
                    });
                    self.state = State::Mid;
                }
            }
        }
        runs.flush(len);
        self.measure(input);
        self.offset += len as u64;
        Unstuffed::NeedMore
    }

    /// Like [`decode`](Self::decode), appending the body to `out`.
    pub fn decode_into(&mut self, input: &[u8], out: &mut Vec<u8>) -> Unstuffed {
        self.decode(input, |piece| match piece {
            Piece::Input(range) => out.extend_from_slice(&input[range]),
            Piece::Extra(bytes) => out.extend_from_slice(bytes),
        })
    }

    /// Handles a bare `CR` or `LF` at `at`; returns where scanning goes on. Under
    /// Normalize, `fix` is inserted at `split`: before a bare LF (`split == at`) or
    /// after a bare CR (`split == at + 1`).
    fn bare<F: FnMut(Piece)>(
        &mut self,
        runs: &mut Runs<'_, F>,
        at: usize,
        split: usize,
        fix: &'static [u8],
    ) -> usize {
        self.note_bare(at, 0);
        if self.policy == BareLineEndings::Normalize {
            runs.flush(split);
            runs.start = split;
            runs.extra(fix);
        }
        at + 1
    }

    fn note_bare(&mut self, at: usize, back: u64) {
        if self.policy == BareLineEndings::Reject && self.first_bare.is_none() {
            self.first_bare = Some((self.offset + at as u64).saturating_sub(back));
        }
    }

    fn finish(&mut self, consumed: usize) -> Unstuffed {
        self.offset += consumed as u64;
        self.state = State::Done;
        self.end(consumed)
    }

    fn end(&self, consumed: usize) -> Unstuffed {
        Unstuffed::End {
            consumed,
            bare_line_ending: self.first_bare,
        }
    }
}

/// Sender side: dot-stuffs a body given in any number of pieces, then writes the
/// terminator.
///
/// Any line that starts with `.` gets a second `.`, after `CRLF` and after a bare `CR`
/// or `LF` alike. A [`normalizing`](Self::normalizing) stuffer sends bare `CR` and `LF`
/// as `CRLF`. A [`crlf_lines`](Self::crlf_lines) stuffer keeps bare line endings and
/// stuffs only after `CRLF`, as the receiver's unstuffing does.
#[derive(Debug, Clone, Default)]
pub struct DotStuffer {
    normalize: bool,
    plain: bool,
    crlf_only: bool,
    started: bool,
    mid_line: bool,
    pending_cr: bool,
    tail: [u8; 2],
}

impl DotStuffer {
    /// A stuffer at the start of a body, keeping bare line endings as they are.
    pub fn new() -> Self {
        Self::default()
    }

    /// A stuffer that sends every bare `CR` or `LF` as `CRLF`.
    pub fn normalizing() -> Self {
        DotStuffer {
            normalize: true,
            ..Self::default()
        }
    }

    /// A stuffer that keeps bare `CR` and `LF` as they are and treats only `CRLF` (and
    /// the start of the body) as a line start: a `.` after a bare `LF` stays single.
    /// This is what a receiver that keeps bare line endings as data unstuffs
    /// ([`BareLineEndings::Keep`], RFC 5321 §4.5.2 counts only `CRLF` lines), so
    /// `x LF . y LF` arrives byte for byte instead of gaining a dot. The cost: a
    /// receiver that wrongly splits lines on a bare `LF` may read `LF . CRLF` in the
    /// body as the end of data (SMTP smuggling); [`normalizing`](Self::normalizing)
    /// is the safe choice, and bare line endings are not allowed in SMTP anyway
    /// (RFC 5321 §2.3.8).
    pub fn crlf_lines() -> Self {
        DotStuffer {
            crlf_only: true,
            ..Self::default()
        }
    }

    /// Line-ending normalisation alone, for bodies that are not dot-stuffed (SMTP
    /// `BDAT` chunks, RFC 3030): bare `CR` and `LF` become `CRLF`, a leading `.`
    /// stays single, and [`finish`](Self::finish) writes no terminator (only a `LF`
    /// for a `CR` held at the very end).
    pub fn normalizer() -> Self {
        DotStuffer {
            normalize: true,
            plain: true,
            ..Self::default()
        }
    }

    /// Appends the stuffed form of `input` to `out`.
    pub fn encode(&mut self, input: &[u8], out: &mut BytesMut) {
        if input.is_empty() {
            return;
        }
        out.reserve(input.len() + 8);
        let before = out.len();
        let len = input.len();
        let (mut start, mut pos) = (0, 0);
        while pos < len {
            if self.pending_cr {
                self.pending_cr = false;
                if input[pos] == b'\n' {
                    pos += 1;
                    continue;
                }
                if self.crlf_only {
                    // a bare CR: no line start
                    self.mid_line = true;
                }
                if self.normalize {
                    out.put_slice(&input[start..pos]);
                    out.put_u8(b'\n');
                    start = pos;
                }
            }
            if !self.mid_line {
                self.mid_line = true;
                if input[pos] == b'.' && !self.plain {
                    out.put_slice(&input[start..pos]);
                    out.put_u8(b'.');
                    start = pos;
                }
            }
            match memchr::memchr2(b'\r', b'\n', &input[pos..]) {
                None => pos = len,
                Some(i) => {
                    let at = pos + i;
                    if input[at] == b'\n' {
                        // never the LF of a CRLF: the pending-CR step above takes those
                        if self.normalize {
                            out.put_slice(&input[start..at]);
                            out.put_u8(b'\r');
                            start = at;
                        }
                        // a bare LF starts no line for a CRLF-only stuffer
                        self.mid_line = self.crlf_only;
                    } else {
                        self.pending_cr = true;
                        self.mid_line = false;
                    }
                    pos = at + 1;
                }
            }
        }
        out.put_slice(&input[start..]);
        self.started = true;
        let written = &out[before..];
        if written.len() >= 2 {
            self.tail = [written[written.len() - 2], written[written.len() - 1]];
        } else if let Some(&b) = written.last() {
            self.tail = [self.tail[1], b];
        }
    }

    /// Writes the end of the body: a `CRLF` if the body does not end with one, then
    /// `. CRLF`. The stuffer is then ready for a new body.
    pub fn finish(&mut self, out: &mut BytesMut) {
        if self.pending_cr && self.normalize {
            out.put_u8(b'\n');
            self.tail = [b'\r', b'\n'];
        }
        if self.plain {
            *self = DotStuffer::normalizer();
            return;
        }
        if self.started && self.tail != [b'\r', b'\n'] {
            out.put_slice(CRLF);
        }
        out.put_slice(b".\r\n");
        *self = DotStuffer {
            normalize: self.normalize,
            crlf_only: self.crlf_only,
            ..Self::default()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The rules of [`BareLineEndings::Keep`] one byte at a time over the whole wire:
    /// the body and the bytes the body takes, terminator included (`None`: no end).
    fn reference(wire: &[u8]) -> (Vec<u8>, Option<usize>) {
        let mut body = Vec::new();
        let mut line_start = true;
        let mut i = 0;
        while i < wire.len() {
            if line_start && wire[i] == b'.' {
                if wire[i + 1..].starts_with(CRLF) {
                    return (body, Some(i + 3));
                }
                // a stuffed dot: dropped, the rest of the line is data
                line_start = false;
                i += 1;
            } else if wire[i..].starts_with(CRLF) {
                body.extend_from_slice(CRLF);
                line_start = true;
                i += 2;
            } else {
                body.push(wire[i]);
                line_start = false;
                i += 1;
            }
        }
        (body, None)
    }

    /// Feeds `wire` cut at `cuts`; the body, where it ended, the first bare line
    /// ending reported, and whether a CR or dot was still held at the end.
    fn feed(
        policy: BareLineEndings,
        wire: &[u8],
        cuts: &[usize],
    ) -> (Vec<u8>, Option<usize>, Option<u64>) {
        let mut u = DotUnstuffer::new(policy);
        let mut body = Vec::new();
        let mut from = 0;
        let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(wire.len())).collect();
        cuts.sort_unstable();
        cuts.push(wire.len());
        for to in cuts {
            match u.decode_into(&wire[from..to], &mut body) {
                Unstuffed::NeedMore => {}
                Unstuffed::End {
                    consumed,
                    bare_line_ending,
                } => {
                    assert!(u.is_done());
                    assert_eq!(u.wire_offset(), (from + consumed) as u64);
                    return (body, Some(from + consumed), bare_line_ending);
                }
            }
            from = to;
        }
        assert_eq!(u.wire_offset(), wire.len() as u64);
        (body, None, None)
    }

    /// Bodies made of the bytes that matter (CR, LF, dot) and runs of text long
    /// enough that the scan skips over whole stretches of them.
    fn wire() -> impl Strategy<Value = Vec<u8>> {
        let atom = prop_oneof![
            4 => Just(&b"\r\n."[..]),
            2 => Just(&b"\r\n.\r\n"[..]),
            2 => Just(&b"\r\n"[..]),
            3 => Just(&b"\r"[..]),
            3 => Just(&b"\n"[..]),
            3 => Just(&b"."[..]),
            3 => Just(&b"a"[..]),
            1 => Just(&b"lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor"[..]),
        ];
        proptest::collection::vec(atom, 0..40).prop_map(|atoms| atoms.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Under `Keep`, any chunking of any wire gives what the byte-at-a-time
        /// rules give: the same body, ended at the same byte (or not at all).
        #[test]
        fn keep_matches_the_reference_in_any_chunking(
            wire in wire(),
            cuts in proptest::collection::vec(0usize..400, 0..12),
        ) {
            let (want, want_end) = reference(&wire);
            let (got, end, bare) = feed(BareLineEndings::Keep, &wire, &cuts);
            prop_assert_eq!(end, want_end);
            prop_assert_eq!(bare, None);
            if end.is_some() {
                prop_assert_eq!(got, want);
            } else {
                // a CR or a line-start dot at the very end may still be held back
                prop_assert!(want.starts_with(&got) && want.len() - got.len() <= 1);
            }
        }

        /// Every chunking of a wire decodes as one whole feed does, whatever the
        /// policy; the chunks here are small, so they cut inside `CRLF .` and
        /// `CRLF . CRLF` often.
        #[test]
        fn chunking_never_changes_the_result(
            wire in wire(),
            step in 1usize..6,
            cuts in proptest::collection::vec(0usize..400, 0..12),
        ) {
            for policy in [BareLineEndings::Keep, BareLineEndings::Normalize, BareLineEndings::Reject] {
                let whole = feed(policy, &wire, &[]);
                let every: Vec<usize> = (step..wire.len()).step_by(step).collect();
                prop_assert_eq!(&feed(policy, &wire, &every), &whole);
                prop_assert_eq!(&feed(policy, &wire, &cuts), &whole);
            }
        }
    }

    /// Every split of each interesting wire into two and three reads.
    #[test]
    fn every_two_and_three_way_split_matches_the_reference() {
        let wires: [&[u8]; 6] = [
            b"ab\r\n..x\r\n.\r\nafter",
            b".\r\n",
            b"..\r\n.\r\n",
            b"a\r\n.\r\r\n.\n\r\n.\r\n",
            b"\r\n.\r\n",
            b"x\r\n.y\r\n.\rz\r\n.\r\n",
        ];
        for wire in wires {
            let (want, want_end) = reference(wire);
            for a in 0..=wire.len() {
                for b in a..=wire.len() {
                    let (got, end, _) = feed(BareLineEndings::Keep, wire, &[a, b]);
                    assert_eq!(end, want_end, "{wire:?} cut at {a} {b}");
                    if end.is_some() {
                        assert_eq!(got, want, "{wire:?} cut at {a} {b}");
                    }
                }
            }
        }
    }
}
