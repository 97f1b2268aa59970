//! Errors of the codec and of the state machines.

/// Why input could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input does not match the grammar; says what was expected.
    #[error("syntax error: expected {0}")]
    Syntax(&'static str),
    /// A line is longer than the configured limit (RFC 2449 §4: 255 octets for a
    /// command, 512 for the first line of a response), terminator included.
    #[error("line longer than {limit} bytes")]
    LineTooLong {
        /// The limit in bytes, terminator included.
        limit: usize,
    },
    /// An argument is longer than the configured limit (RFC 2449 §4: 40).
    #[error("argument longer than {limit} bytes")]
    ArgumentTooLong {
        /// The limit in bytes.
        limit: usize,
    },
    /// A line ends in a bare `LF` (or holds a bare `CR`) where `CRLF` is required.
    #[error("bare CR or LF where CRLF is required")]
    BareLineEnding,
    /// A message number is 0, or a number does not fit its type.
    #[error("number out of range")]
    NumberOverflow,
    /// Text that must be UTF-8 is not.
    #[error("invalid UTF-8")]
    InvalidUtf8,
}

/// A decoding failure with the byte offset where it was found.
pub type DecodeError = mail_proto_core::error::DecodeError<DecodeErrorKind>;

/// A value a validating constructor refused.
pub use mail_proto_core::InvalidValue;

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
    /// A response did not arrive in time.
    #[error("timed out waiting for {0}")]
    Timeout(&'static str),
    /// The connection is closed.
    #[error("connection closed")]
    Closed,
}
