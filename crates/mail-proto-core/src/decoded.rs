//! The status a pure decoder returns.
//!
//! Decoding a message from a buffer that grows as reads arrive has three ordinary
//! outcomes, and none of them is an error: a whole message (with the bytes it used),
//! not enough input yet, or (IMAP only) a literal whose length has been announced and
//! whose payload has not arrived. A real failure is the fourth. [`Decoded`] names all
//! four, so "read more" is never mistaken for an error kind.

/// What a decoder found at the start of its input.
///
/// Deliberately exhaustive, as are [`Frame`](crate::line::Frame),
/// [`Unstuffed`](crate::dot::Unstuffed) and [`Piece`](crate::dot::Piece): every
/// caller must handle each outcome, and a new one would have to change every run
/// loop anyway, so the compiler should point at each of them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum Decoded<T, E> {
    /// A whole message, and how many bytes of the input it used.
    Complete {
        /// The message.
        value: T,
        /// Bytes of the input it used, line terminator included.
        consumed: usize,
    },
    /// More input is needed; nothing was consumed.
    Incomplete,
    /// The input so far ends with a literal announcement (IMAP `{n}`, `{n+}`,
    /// `~{n}`): a server can answer `+` (or refuse) before the payload arrives.
    LiteralAnnounced(LiteralAnnouncement),
    /// The input does not decode.
    Failed(E),
}

/// A literal whose length has been announced at the end of a line (RFC 9051 §4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiteralAnnouncement {
    /// Bytes of the input up to and including the `CRLF` after the announcement,
    /// where the literal's payload starts.
    pub payload_offset: usize,
    /// The announced payload length.
    pub length: u64,
    /// True for `{n}` and `~{n}` (the sender waits for a continuation), false for
    /// the non-synchronizing `{n+}` of LITERAL+ and LITERAL-.
    pub synchronizing: bool,
    /// True for a `~{n}` literal8 (RFC 3516), whose payload may hold NUL.
    pub binary: bool,
}

impl<T, E> Decoded<T, E> {
    /// A complete message.
    pub fn complete(value: T, consumed: usize) -> Self {
        Decoded::Complete { value, consumed }
    }

    /// True for [`Decoded::Incomplete`].
    pub fn is_incomplete(&self) -> bool {
        matches!(self, Decoded::Incomplete)
    }

    /// True for [`Decoded::Complete`].
    pub fn is_complete(&self) -> bool {
        matches!(self, Decoded::Complete { .. })
    }

    /// The message and the bytes it used, if complete.
    pub fn ok(self) -> Option<(T, usize)> {
        match self {
            Decoded::Complete { value, consumed } => Some((value, consumed)),
            _ => None,
        }
    }

    /// The error, if decoding failed.
    pub fn err(self) -> Option<E> {
        match self {
            Decoded::Failed(e) => Some(e),
            _ => None,
        }
    }

    /// Maps the message, keeping every other status.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Decoded<U, E> {
        match self {
            Decoded::Complete { value, consumed } => Decoded::Complete {
                value: f(value),
                consumed,
            },
            Decoded::Incomplete => Decoded::Incomplete,
            Decoded::LiteralAnnounced(l) => Decoded::LiteralAnnounced(l),
            Decoded::Failed(e) => Decoded::Failed(e),
        }
    }

    /// Maps the error, keeping every other status.
    pub fn map_err<F>(self, f: impl FnOnce(E) -> F) -> Decoded<T, F> {
        match self {
            Decoded::Complete { value, consumed } => Decoded::Complete { value, consumed },
            Decoded::Incomplete => Decoded::Incomplete,
            Decoded::LiteralAnnounced(l) => Decoded::LiteralAnnounced(l),
            Decoded::Failed(e) => Decoded::Failed(f(e)),
        }
    }

    /// `Ok(Some(..))` for a message, `Ok(None)` for every "read more" status, `Err` for
    /// a failure: the shape a `?`-using caller wants.
    pub fn into_result(self) -> Result<Option<(T, usize)>, E> {
        match self {
            Decoded::Complete { value, consumed } => Ok(Some((value, consumed))),
            Decoded::Incomplete | Decoded::LiteralAnnounced(_) => Ok(None),
            Decoded::Failed(e) => Err(e),
        }
    }
}

impl<T, E> From<Result<(T, usize), E>> for Decoded<T, E> {
    fn from(r: Result<(T, usize), E>) -> Self {
        match r {
            Ok((value, consumed)) => Decoded::Complete { value, consumed },
            Err(e) => Decoded::Failed(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_convert_as_documented() {
        let d: Decoded<&str, ()> = Decoded::complete("x", 3);
        assert!(d.is_complete());
        assert_eq!(d.clone().map(str::len).ok(), Some((1, 3)));
        assert_eq!(d.into_result(), Ok(Some(("x", 3))));
        let i: Decoded<&str, ()> = Decoded::Incomplete;
        assert!(i.is_incomplete());
        assert_eq!(i.into_result(), Ok(None));
        let l: Decoded<&str, ()> = Decoded::LiteralAnnounced(LiteralAnnouncement {
            payload_offset: 12,
            length: 5,
            synchronizing: true,
            binary: false,
        });
        assert!(!l.is_incomplete() && !l.is_complete());
        assert_eq!(l.into_result(), Ok(None));
        let f: Decoded<&str, u8> = Decoded::Failed(7);
        assert_eq!(f.clone().map_err(u16::from).err(), Some(7u16));
        assert_eq!(f.into_result(), Err(7));
    }
}
