//! Line framing with a maximum line length.
//!
//! Every mail protocol is line based: SMTP commands and replies, POP3 commands and
//! responses, IMAP commands outside literals. [`LineFramer`] finds the next line in a
//! buffer that grows as reads arrive, and enforces a maximum length *before* the
//! caller buffers more: a line that grows past the limit is reported and skipped, in
//! pieces, until its end, and framing resumes at the next line. Work is linear in the
//! input however it is split, because the framer remembers how far it has scanned.
//!
//! The limit counts the whole line including its `CRLF`, as RFC 5321 §4.5.3.1 does.

/// What [`LineFramer::next_frame`] found at the start of the buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// No complete line yet and nothing to drop: wait for more input.
    Incomplete,
    /// A complete line: the first `len` bytes of the buffer, terminator included.
    /// `terminator_len` is 2 for `CRLF` and 1 for a bare `LF`.
    Line {
        /// Bytes of the line including its terminator.
        len: usize,
        /// Length of the terminator: 2 for `CRLF`, 1 for a bare `LF`.
        terminator_len: usize,
    },
    /// The first `len` bytes belong to an overlong line whose end has not arrived:
    /// drop them. More `Skip`s or one [`Frame::Overlong`] follow.
    Skip {
        /// Bytes to drop from the front of the buffer.
        len: usize,
    },
    /// The first `len` bytes end an overlong line of `total` bytes: drop them and
    /// report the error now, in step with the peer.
    Overlong {
        /// Bytes to drop from the front of the buffer.
        len: usize,
        /// Length of the whole overlong line, terminator included.
        total: u64,
    },
}

/// Finds line boundaries incrementally and enforces a maximum line length.
///
/// The caller keeps its own buffer, calls [`next_frame`](Self::next_frame) with the
/// bytes not yet consumed, and removes the bytes a [`Frame`] says to remove before the
/// next call. Between calls the caller may only append to the buffer.
#[derive(Debug, Clone)]
pub struct LineFramer {
    max_len: usize,
    scanned: usize,
    discarding: Option<u64>,
}

impl LineFramer {
    /// A framer for lines of at most `max_len` bytes including the terminator.
    /// `max_len` is at least 2 (an empty line).
    pub fn new(max_len: usize) -> Self {
        LineFramer {
            max_len: max_len.max(2),
            scanned: 0,
            discarding: None,
        }
    }

    /// The maximum line length, terminator included.
    pub fn max_len(&self) -> usize {
        self.max_len
    }

    /// Changes the maximum line length for the lines after the current one.
    pub fn set_max_len(&mut self, max_len: usize) {
        self.max_len = max_len.max(2);
    }

    /// Forgets any partial scan, e.g. after the caller discarded its buffer.
    pub fn reset(&mut self) {
        self.scanned = 0;
        self.discarding = None;
    }

    /// True while the framer is skipping the rest of an overlong line.
    pub fn is_discarding(&self) -> bool {
        self.discarding.is_some()
    }

    /// Bytes of the current overlong line skipped so far (0 when not discarding):
    /// a machine compares it with its own limit to close a connection whose line
    /// never ends, instead of skipping it forever.
    pub fn discarded(&self) -> u64 {
        self.discarding.unwrap_or(0)
    }

    /// Looks for the next line at the start of `buf`.
    pub fn next_frame(&mut self, buf: &[u8]) -> Frame {
        if let Some(skipped) = self.discarding {
            return match memchr::memchr(b'\n', buf) {
                Some(pos) => {
                    self.discarding = None;
                    self.scanned = 0;
                    Frame::Overlong {
                        len: pos + 1,
                        total: skipped + pos as u64 + 1,
                    }
                }
                None if buf.is_empty() => Frame::Incomplete,
                None => {
                    self.discarding = Some(skipped + buf.len() as u64);
                    Frame::Skip { len: buf.len() }
                }
            };
        }
        let start = self.scanned.min(buf.len());
        let window_end = buf.len().min(self.max_len);
        if start < window_end {
            if let Some(pos) = memchr::memchr(b'\n', &buf[start..window_end]) {
                let lf = start + pos;
                self.scanned = 0;
                let terminator_len = if lf > 0 && buf[lf - 1] == b'\r' { 2 } else { 1 };
                return Frame::Line {
                    len: lf + 1,
                    terminator_len,
                };
            }
        }
        self.scanned = window_end;
        if buf.len() < self.max_len {
            return Frame::Incomplete;
        }
        // No LF within the first max_len bytes: the line is too long whatever follows.
        self.scanned = 0;
        match memchr::memchr(b'\n', &buf[self.max_len..]) {
            Some(pos) => {
                let len = self.max_len + pos + 1;
                Frame::Overlong {
                    len,
                    total: len as u64,
                }
            }
            None => {
                self.discarding = Some(buf.len() as u64);
                Frame::Skip { len: buf.len() }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `input` in pieces of `step` bytes and collects what the framer reports.
    fn frames(max: usize, input: &[u8], step: usize) -> Vec<(String, u64)> {
        let mut framer = LineFramer::new(max);
        let mut buf: Vec<u8> = Vec::new();
        let mut out = Vec::new();
        let mut peak = 0;
        for piece in input.chunks(step.max(1)) {
            buf.extend_from_slice(piece);
            peak = peak.max(buf.len());
            loop {
                match framer.next_frame(&buf) {
                    Frame::Incomplete => break,
                    Frame::Line {
                        len,
                        terminator_len,
                    } => {
                        let text = String::from_utf8_lossy(&buf[..len - terminator_len]);
                        out.push((text.into_owned(), terminator_len as u64));
                        buf.drain(..len);
                    }
                    Frame::Skip { len } => {
                        buf.drain(..len);
                    }
                    Frame::Overlong { len, total } => {
                        out.push(("<overlong>".to_string(), total));
                        buf.drain(..len);
                    }
                }
            }
        }
        assert!(peak <= max + step, "buffer grew to {peak} with limit {max}");
        out
    }

    #[test]
    fn splits_lines_and_reports_terminators() {
        let got = frames(512, b"EHLO a\r\nNOOP\nQUIT\r\npartial", 1000);
        assert_eq!(
            got,
            vec![("EHLO a".into(), 2), ("NOOP".into(), 1), ("QUIT".into(), 2)]
        );
    }

    #[test]
    fn limit_counts_the_terminator() {
        // 8 bytes of text + CRLF = 10 bytes: fits a limit of 10, not of 9.
        let line = b"12345678\r\nNEXT\r\n";
        assert_eq!(frames(10, line, 100)[0], ("12345678".into(), 2));
        let got = frames(9, line, 100);
        assert_eq!(got[0], ("<overlong>".into(), 10));
        assert_eq!(got[1], ("NEXT".into(), 2));
    }

    #[test]
    fn overlong_line_is_skipped_in_any_chunking_and_memory_stays_bounded() {
        let mut input = vec![b'x'; 5000];
        input.extend_from_slice(b"\r\nNOOP\r\n");
        for step in [1, 2, 3, 7, 64, 511, 512, 513, 4096, 10000] {
            let got = frames(512, &input, step);
            assert_eq!(
                got,
                vec![("<overlong>".into(), 5002), ("NOOP".into(), 2)],
                "step {step}"
            );
        }
    }

    #[test]
    fn chunking_invariance_for_normal_lines() {
        let input = b"A\r\nBB\r\n\r\nCCC\nD\r\n";
        let whole = frames(100, input, input.len());
        for step in 1..input.len() {
            assert_eq!(frames(100, input, step), whole, "step {step}");
        }
    }

    #[test]
    fn discarded_counts_the_skipped_bytes_of_the_current_line_only() {
        let mut framer = LineFramer::new(8);
        assert_eq!(framer.discarded(), 0);
        // the first 20 bytes: over the limit, all skipped
        assert_eq!(framer.next_frame(&[b'x'; 20]), Frame::Skip { len: 20 });
        assert_eq!(framer.discarded(), 20);
        assert_eq!(framer.next_frame(&[b'x'; 5]), Frame::Skip { len: 5 });
        assert_eq!(framer.discarded(), 25);
        // the line ends: the count starts over
        assert_eq!(
            framer.next_frame(b"y\r\nNOOP\r\n"),
            Frame::Overlong { len: 3, total: 28 }
        );
        assert_eq!(framer.discarded(), 0);
    }
}
