//! Errors of the codec and the framer.

/// Why input could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input does not match the grammar; says what was expected.
    #[error("syntax error: expected {0}")]
    Syntax(&'static str),
    /// A line is longer than the configured limit.
    #[error("line longer than {limit} bytes")]
    LineTooLong {
        /// The limit in bytes, `CRLF` included.
        limit: usize,
    },
    /// A literal is longer than the configured limit.
    #[error("literal of {length} bytes is over the limit of {limit}")]
    LiteralTooLarge {
        /// The announced length.
        length: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A whole message (lines and literals) is longer than the configured limit.
    #[error("message longer than {limit} bytes")]
    MessageTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A literal length or other number does not fit its type.
    #[error("number out of range")]
    NumberOverflow,
    /// Parentheses nest deeper than the configured limit.
    #[error("nesting deeper than {limit}")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// A line ends in a bare `LF` where `CRLF` is required.
    #[error("bare LF where CRLF is required")]
    BareLineEnding,
    /// A value is out of its allowed range (a date, a zero message number).
    #[error("invalid {0}")]
    InvalidValue(&'static str),
}

/// A decoding failure with the byte offset where it was found.
pub type DecodeError = mail_proto_core::error::DecodeError<DecodeErrorKind>;

/// A value a validating constructor refused.
pub use mail_proto_core::InvalidValue as ValueError;
