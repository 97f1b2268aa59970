//! The error shapes every protocol crate shares: a decoding failure at a byte offset,
//! and a value a constructor refused.
//!
//! Each protocol keeps its own `DecodeErrorKind` (what can go wrong in its grammar)
//! and names `DecodeError<ItsKind>`; the offset, the excerpt and the message format are
//! the same everywhere.

use std::fmt;

use crate::Excerpt;

/// A decoding failure of kind `K` with the byte offset where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError<K> {
    /// What went wrong.
    pub kind: K,
    /// Offset in the input given to the decoder.
    pub offset: usize,
    /// The input around the offset, escaped when displayed.
    pub excerpt: Excerpt,
}

impl<K> DecodeError<K> {
    /// An error of `kind` at `offset` of `input`.
    pub fn new(kind: K, input: &[u8], offset: usize) -> Self {
        DecodeError {
            kind,
            offset,
            excerpt: Excerpt::new(input, offset),
        }
    }

    /// The same error with its offset moved by `by` (for errors found in a sub-slice).
    pub fn shifted(mut self, by: usize) -> Self {
        self.offset += by;
        self
    }
}

/// `<kind> at byte <offset>: <excerpt>`.
impl<K: fmt::Display> fmt::Display for DecodeError<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}: {}", self.kind, self.offset, self.excerpt)
    }
}

impl<K: fmt::Display + fmt::Debug> std::error::Error for DecodeError<K> {}

/// A value that cannot be part of a message: a constructor refused it, so no encoder
/// ever sees it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what}: {reason}")]
pub struct InvalidValue {
    what: &'static str,
    reason: &'static str,
}

impl InvalidValue {
    /// `what` (e.g. `"domain name"`) is refused because of `reason`.
    pub const fn new(what: &'static str, reason: &'static str) -> Self {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
    enum Kind {
        #[error("syntax error: expected {0}")]
        Syntax(&'static str),
    }

    #[test]
    fn message_names_kind_offset_and_excerpt() {
        let e = DecodeError::new(Kind::Syntax("SP"), b"MAIL FROM:x", 10).shifted(2);
        assert_eq!(e.offset, 12);
        assert!(
            e.to_string()
                .starts_with("syntax error: expected SP at byte 12: ")
        );
        let v = InvalidValue::new("domain name", "empty");
        assert_eq!(v.to_string(), "invalid domain name: empty");
        assert_eq!((v.what(), v.reason()), ("domain name", "empty"));
    }
}
