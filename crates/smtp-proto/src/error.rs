//! Errors of the codec and of the state machines.

use mail_proto_core::Excerpt;

/// Why input could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input does not match the grammar; says what was expected.
    Syntax(&'static str),
    /// A line is longer than the configured limit (RFC 5321 §4.5.3.1).
    LineTooLong {
        /// The limit in bytes, terminator included.
        limit: usize,
    },
    /// A line ends in a bare `LF` (or holds a bare `CR`) where `CRLF` is required.
    BareLineEnding,
    /// A number does not fit its type or allowed range.
    NumberOverflow,
    /// A MAIL or RCPT parameter appears twice.
    DuplicateParameter(String),
    /// A parameter value is not valid for its keyword.
    InvalidParameter(String),
    /// Text that must be UTF-8 is not.
    InvalidUtf8,
    /// The lines of a multi-line reply carry different codes.
    MixedReplyCodes,
}

/// A decoding failure with the byte offset where it was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(.kind, *.offset, .excerpt))]
pub struct DecodeError {
    /// What went wrong.
    pub kind: DecodeErrorKind,
    /// Offset in the input given to the parser.
    pub offset: usize,
    /// The input around the offset, escaped when displayed.
    pub excerpt: Excerpt,
}

fn describe(kind: &DecodeErrorKind, offset: usize, excerpt: &Excerpt) -> String {
    let what = match kind {
        DecodeErrorKind::Syntax(expected) => format!("syntax error: expected {expected}"),
        DecodeErrorKind::LineTooLong { limit } => format!("line longer than {limit} bytes"),
        DecodeErrorKind::BareLineEnding => "bare CR or LF where CRLF is required".to_string(),
        DecodeErrorKind::NumberOverflow => "number out of range".to_string(),
        DecodeErrorKind::DuplicateParameter(k) => format!("duplicate parameter {k}"),
        DecodeErrorKind::InvalidParameter(k) => format!("invalid value for parameter {k}"),
        DecodeErrorKind::InvalidUtf8 => "invalid UTF-8".to_string(),
        DecodeErrorKind::MixedReplyCodes => "reply lines carry different codes".to_string(),
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

    /// The same error with its offset moved by `by` (for errors found in a sub-slice).
    pub(crate) fn shifted(mut self, by: usize) -> Self {
        self.offset += by;
        self
    }
}

/// A value refused by a validating constructor: it would break the grammar (or read
/// back as something else), so no message holding it could be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what}: {reason}")]
pub struct InvalidValue {
    what: &'static str,
    reason: &'static str,
}

impl InvalidValue {
    pub(crate) fn new(what: &'static str, reason: &'static str) -> Self {
        InvalidValue { what, reason }
    }

    /// Which kind of value, e.g. `"domain name"`.
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// What is wrong with it.
    pub fn reason(&self) -> &'static str {
        self.reason
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
    /// The application asked for something the state does not allow.
    #[error("invalid use: {0}")]
    InvalidUse(&'static str),
    /// A timer of RFC 5321 §4.5.3.2 expired.
    #[error("timed out waiting for {0}")]
    Timeout(&'static str),
    /// The connection is closed.
    #[error("connection closed")]
    Closed,
}
