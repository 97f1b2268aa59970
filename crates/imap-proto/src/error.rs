//! Errors of the codec and the framer.

use mail_proto_core::Excerpt;

/// Why input could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input does not match the grammar; says what was expected.
    Syntax(&'static str),
    /// A line is longer than the configured limit.
    LineTooLong {
        /// The limit in bytes, `CRLF` included.
        limit: usize,
    },
    /// A literal is longer than the configured limit.
    LiteralTooLarge {
        /// The announced length.
        length: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A whole message (lines and literals) is longer than the configured limit.
    MessageTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A literal length or other number does not fit its type.
    NumberOverflow,
    /// Parentheses nest deeper than the configured limit.
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// A line ends in a bare `LF` where `CRLF` is required.
    BareLineEnding,
    /// A value is out of its allowed range (a date, a zero message number).
    InvalidValue(&'static str),
}

/// A decoding failure with the byte offset where it was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(.kind, *.offset, .excerpt))]
pub struct DecodeError {
    /// What went wrong.
    pub kind: DecodeErrorKind,
    /// Offset in the input given to the decoder.
    pub offset: usize,
    /// The input at the offset, escaped when displayed.
    pub excerpt: Excerpt,
}

fn describe(kind: &DecodeErrorKind, offset: usize, excerpt: &Excerpt) -> String {
    let what = match kind {
        DecodeErrorKind::Syntax(expected) => format!("syntax error: expected {expected}"),
        DecodeErrorKind::LineTooLong { limit } => format!("line longer than {limit} bytes"),
        DecodeErrorKind::LiteralTooLarge { length, limit } => {
            format!("literal of {length} bytes is over the limit of {limit}")
        }
        DecodeErrorKind::MessageTooLarge { limit } => {
            format!("message longer than {limit} bytes")
        }
        DecodeErrorKind::NumberOverflow => "number out of range".to_string(),
        DecodeErrorKind::TooDeep { limit } => format!("nesting deeper than {limit}"),
        DecodeErrorKind::BareLineEnding => "bare LF where CRLF is required".to_string(),
        DecodeErrorKind::InvalidValue(what) => format!("invalid {what}"),
    };
    format!("{what} at byte {offset}: {excerpt}")
}

impl DecodeError {
    /// An error of `kind` at `offset` of `input`.
    pub fn new(kind: DecodeErrorKind, input: &[u8], offset: usize) -> Self {
        DecodeError {
            kind,
            offset,
            excerpt: Excerpt::new(input, offset),
        }
    }
}

/// A value given to a constructor is not valid for its place in the grammar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what}: {reason}")]
pub struct ValueError {
    /// Which kind of value.
    pub what: &'static str,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl ValueError {
    pub(crate) const fn new(what: &'static str, reason: &'static str) -> Self {
        ValueError { what, reason }
    }
}
