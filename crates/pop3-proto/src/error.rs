//! Errors of the codec and of the state machines.

use mail_proto_core::Excerpt;

/// Why input could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input does not match the grammar; says what was expected.
    Syntax(&'static str),
    /// A line is longer than the configured limit (RFC 2449 §4: 255 octets for a
    /// command, 512 for the first line of a response), terminator included.
    LineTooLong {
        /// The limit in bytes, terminator included.
        limit: usize,
    },
    /// An argument is longer than the configured limit (RFC 2449 §4: 40).
    ArgumentTooLong {
        /// The limit in bytes.
        limit: usize,
    },
    /// A line ends in a bare `LF` (or holds a bare `CR`) where `CRLF` is required.
    BareLineEnding,
    /// A message number is 0, or a number does not fit its type.
    NumberOverflow,
    /// Text that must be UTF-8 is not.
    InvalidUtf8,
}

/// A decoding failure with the byte offset where it was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(.kind, *.offset, .excerpt))]
pub struct DecodeError {
    /// What went wrong.
    pub kind: DecodeErrorKind,
    /// Offset in the input given to the decoder.
    pub offset: usize,
    /// The input around the offset, escaped when displayed.
    pub excerpt: Excerpt,
}

fn describe(kind: &DecodeErrorKind, offset: usize, excerpt: &Excerpt) -> String {
    let what = match kind {
        DecodeErrorKind::Syntax(expected) => format!("syntax error: expected {expected}"),
        DecodeErrorKind::LineTooLong { limit } => format!("line longer than {limit} bytes"),
        DecodeErrorKind::ArgumentTooLong { limit } => {
            format!("argument longer than {limit} bytes")
        }
        DecodeErrorKind::BareLineEnding => "bare CR or LF where CRLF is required".to_string(),
        DecodeErrorKind::NumberOverflow => "number out of range".to_string(),
        DecodeErrorKind::InvalidUtf8 => "invalid UTF-8".to_string(),
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

/// A value that cannot be part of a message: a constructor refused it, so no
/// encoder ever sees it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what}: {reason}")]
pub struct InvalidValue {
    /// Which kind of value.
    pub what: &'static str,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl InvalidValue {
    pub(crate) fn new(what: &'static str, reason: &'static str) -> Self {
        InvalidValue { what, reason }
    }
}

/// A fatal error of a state machine; once returned, every later call returns it again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectionError {
    /// The peer sent bytes that cannot be decoded and the session cannot resynchronise.
    #[error("peer protocol error: {0}")]
    Decode(#[from] DecodeError),
    /// The peer broke the protocol's sequencing.
    #[error("peer protocol violation: {0}")]
    Protocol(String),
    /// A response did not arrive in time.
    #[error("timed out waiting for {0}")]
    Timeout(&'static str),
    /// The connection is closed.
    #[error("connection closed")]
    Closed,
}
