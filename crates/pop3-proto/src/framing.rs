//! Multi-line responses (RFC 1939 §3): a status line, then dot-stuffed lines ended
//! by `"." CRLF`.
//!
//! [`parse_multi_line`] is the pure decoder: it borrows the body when no dot had to
//! be removed. [`BodyDecoder`] is the streaming form the client machine uses: the
//! body comes out in chunks of `Bytes` that share the input buffer, however the
//! stream is split, with work linear in its length. Only `CRLF . CRLF` ends a body
//! (the shared [`DotUnstuffer`]); every look-alike made of bare `CR` or `LF` is data.

use bytes::{Bytes, BytesMut};
use mail_proto_core::dot::{BareLineEndings, DotUnstuffer, Piece, Unstuffed};
use mail_proto_core::{Decoded, Payload};

use crate::error::DecodeError;
use crate::parse::{ResponseOptions, parse_response_with};
use crate::types::Response;

/// A response whose positive form is multi-line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiLine<'a> {
    /// The status line.
    pub response: Response<'a>,
    /// The unstuffed body, without the terminator; `None` for `-ERR`, which is a
    /// single line.
    pub body: Option<Payload<'a>>,
}

impl MultiLine<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> MultiLine<'static> {
        MultiLine {
            response: self.response.into_owned(),
            body: self.body.map(Payload::into_owned),
        }
    }
}

/// `multi-line = single-line *dot-stuffed "." CRLF` (RFC 2449 §3); a `-ERR` status
/// line ends the response by itself. The body borrows from `input` unless a
/// stuffed dot was removed. This decoder starts over on every call; a reader of a
/// growing stream uses [`BodyDecoder`].
pub fn parse_multi_line<'a>(
    input: &'a [u8],
    options: &ResponseOptions,
) -> Decoded<MultiLine<'a>, DecodeError> {
    let (response, line_len) = match parse_response_with(input, options) {
        Decoded::Complete { value, consumed } => (value, consumed),
        Decoded::Failed(e) => return Decoded::Failed(e),
        _ => return Decoded::Incomplete,
    };
    if !response.is_ok() {
        return Decoded::complete(
            MultiLine {
                response,
                body: None,
            },
            line_len,
        );
    }
    let rest = &input[line_len..];
    let mut pieces = Vec::new();
    let mut unstuffer = DotUnstuffer::new(BareLineEndings::Keep);
    let Unstuffed::End { consumed, .. } = unstuffer.decode(rest, |p| pieces.push(p)) else {
        return Decoded::Incomplete;
    };
    let body = match pieces.as_slice() {
        [] => Payload::Borrowed(&rest[..0]),
        [Piece::Input(range)] => Payload::Borrowed(&rest[range.clone()]),
        _ => {
            let mut owned = Vec::with_capacity(consumed);
            for p in pieces {
                match p {
                    Piece::Input(range) => owned.extend_from_slice(&rest[range]),
                    Piece::Extra(bytes) => owned.extend_from_slice(bytes),
                }
            }
            Payload::from(owned)
        }
    };
    Decoded::complete(
        MultiLine {
            response,
            body: Some(body),
        },
        line_len + consumed,
    )
}

/// The streaming body reader: dot-unstuffs the lines after a `+OK` and finds their
/// end, holding nothing but a byte of state (and a reused list of pieces) between
/// calls; after the first reads it allocates nothing.
#[derive(Debug, Clone)]
pub struct BodyDecoder {
    unstuffer: DotUnstuffer,
    /// Reused for the pieces of each read, so a read allocates no list.
    pieces: Vec<Piece>,
}

impl Default for BodyDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl BodyDecoder {
    /// A reader at the start of a body.
    pub fn new() -> Self {
        BodyDecoder {
            unstuffer: DotUnstuffer::new(BareLineEndings::Keep),
            pieces: Vec::new(),
        }
    }

    /// Takes the body's bytes from the front of `input` and passes the unstuffed
    /// pieces to `chunk` as `Bytes` sharing `input`'s buffer. True once the
    /// terminator was taken; what follows it stays in `input`.
    pub fn decode(&mut self, input: &mut BytesMut, mut chunk: impl FnMut(Bytes)) -> bool {
        let pieces = &mut self.pieces;
        pieces.clear();
        let status = self.unstuffer.decode(input, |p| pieces.push(p));
        let (consumed, ended) = match status {
            Unstuffed::End { consumed, .. } => (consumed, true),
            Unstuffed::NeedMore => (input.len(), false),
        };
        let taken = input.split_to(consumed).freeze();
        for p in self.pieces.drain(..) {
            match p {
                Piece::Input(range) => chunk(taken.slice(range)),
                Piece::Extra(bytes) => chunk(Bytes::from_static(bytes)),
            }
        }
        if ended {
            self.unstuffer.reset();
        }
        ended
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_borrow_unless_unstuffed() {
        let o = ResponseOptions::strict();
        let (m, n) = parse_multi_line(b"+OK\r\n.\r\n", &o).ok().unwrap();
        assert_eq!((m.body.unwrap().len(), n), (0, 8));
        let input = b"+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\nnext";
        let (m, n) = parse_multi_line(input, &o).ok().unwrap();
        assert_eq!(n, input.len() - 4);
        assert!(matches!(
            m.body,
            Some(Payload::Borrowed(b"1 120\r\n2 200\r\n"))
        ));
        let (m, _) = parse_multi_line(b"+OK\r\n..dot\r\n.\r\n", &o).ok().unwrap();
        assert_eq!(&*m.body.unwrap(), b".dot\r\n");
        let (m, n) = parse_multi_line(b"-ERR no\r\n1 2\r\n", &o).ok().unwrap();
        assert_eq!((m.body, n), (None, 9));
    }

    #[test]
    fn streaming_matches_whole() {
        let wire = b"Subject: x\r\n\r\n..a\r\nb\r\n.\r\n+OK";
        for step in 1..wire.len() {
            let mut dec = BodyDecoder::new();
            let mut input = BytesMut::new();
            let mut body = Vec::new();
            let mut ended = false;
            for piece in wire.chunks(step) {
                input.extend_from_slice(piece);
                if !ended {
                    ended = dec.decode(&mut input, |b| body.extend_from_slice(&b));
                }
            }
            assert!(ended, "step {step}");
            assert_eq!(body, b"Subject: x\r\n\r\n.a\r\nb\r\n");
            assert_eq!(&input[..], b"+OK");
        }
    }
}
