//! RETR and TOP bodies going out: dot-stuffed as fed, TOP cut to the header and
//! the first `n` body lines (RFC 1939 §7) while streaming.

use bytes::BytesMut;
use mail_proto_core::dot::DotStuffer;

use crate::types::MessageNumber;

/// Stuffs one body and, for TOP, cuts it.
#[derive(Debug, Clone, Default)]
pub(super) struct BodyWriter {
    stuffer: DotStuffer,
    msg: Option<MessageNumber>,
    cut: Option<TopCut>,
}

/// Where a TOP body ends: after the blank line that ends the header, then `left`
/// more lines.
#[derive(Debug, Clone, Copy)]
struct TopCut {
    in_header: bool,
    /// The current line has bytes other than a `CR`.
    line_has_text: bool,
    left: u64,
    done: bool,
}

impl BodyWriter {
    pub(super) fn prepare(&mut self, msg: MessageNumber, top: Option<u64>) {
        self.stuffer = DotStuffer::new();
        self.msg = Some(msg);
        self.cut = top.map(|left| TopCut {
            in_header: true,
            line_has_text: false,
            left,
            done: false,
        });
    }

    pub(super) fn is_top(&self) -> bool {
        self.cut.is_some()
    }

    /// Stuffs the part of `chunk` that belongs to the response into `out`.
    pub(super) fn write(&mut self, chunk: &[u8], out: &mut BytesMut) {
        let take = match &mut self.cut {
            None => chunk.len(),
            Some(cut) => cut.take(chunk),
        };
        self.stuffer.encode(&chunk[..take], out);
    }

    /// Writes the terminator.
    pub(super) fn finish(&mut self, out: &mut BytesMut) {
        self.stuffer.finish(out);
        self.msg = None;
        self.cut = None;
    }
}

impl TopCut {
    /// How many bytes of `chunk` go out.
    fn take(&mut self, chunk: &[u8]) -> usize {
        if self.done {
            return 0;
        }
        if !self.in_header && self.left == 0 {
            self.done = true;
            return 0;
        }
        let mut start = 0;
        for lf in memchr::memchr_iter(b'\n', chunk) {
            let text = chunk[start..lf].iter().any(|&b| b != b'\r');
            let has_text = self.line_has_text || text;
            self.line_has_text = false;
            start = lf + 1;
            if self.in_header {
                if !has_text {
                    self.in_header = false;
                }
            } else {
                self.left -= 1;
            }
            if !self.in_header && self.left == 0 {
                self.done = true;
                return lf + 1;
            }
        }
        if chunk[start..].iter().any(|&b| b != b'\r') {
            self.line_has_text = true;
        }
        chunk.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn top(body: &[u8], lines: u64, step: usize) -> Vec<u8> {
        let mut w = BodyWriter::default();
        w.prepare(MessageNumber::new(1).unwrap(), Some(lines));
        let mut out = BytesMut::new();
        for c in body.chunks(step) {
            w.write(c, &mut out);
        }
        w.finish(&mut out);
        out.to_vec()
    }

    #[test]
    fn top_cuts_after_header_and_n_lines_in_any_chunking() {
        let msg = b"Subject: a\r\nFrom: b\r\n\r\nline 1\r\n.line 2\r\nline 3\r\n";
        for step in 1..msg.len() {
            assert_eq!(top(msg, 0, step), b"Subject: a\r\nFrom: b\r\n\r\n.\r\n");
            assert_eq!(
                top(msg, 2, step),
                b"Subject: a\r\nFrom: b\r\n\r\nline 1\r\n..line 2\r\n.\r\n"
            );
            assert_eq!(
                top(msg, 9, step),
                b"Subject: a\r\nFrom: b\r\n\r\nline 1\r\n..line 2\r\nline 3\r\n.\r\n"
            );
        }
    }
}
