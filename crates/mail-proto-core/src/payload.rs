//! Message payloads that are either borrowed or shared.
//!
//! A pure parser borrows from its input; a state machine hands out `'static` events
//! whose payloads are `bytes::Bytes` slices of its input buffer. [`Payload`] is both,
//! so one message type serves the two without copying payload bytes.

use std::ops::Deref;

use bytes::Bytes;

/// A payload: a borrowed slice or a shared [`Bytes`].
#[derive(Clone)]
pub enum Payload<'a> {
    /// Borrowed from the parser's input.
    Borrowed(&'a [u8]),
    /// Shared, reference-counted bytes (no lifetime).
    Shared(Bytes),
}

impl<'a> Payload<'a> {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Payload::Borrowed(b) => b,
            Payload::Shared(b) => b,
        }
    }

    /// A `'static` payload: shared bytes are kept, borrowed ones copied once.
    pub fn into_owned(self) -> Payload<'static> {
        match self {
            Payload::Borrowed(b) => Payload::Shared(Bytes::copy_from_slice(b)),
            Payload::Shared(b) => Payload::Shared(b),
        }
    }

    /// The bytes as [`Bytes`] (copied once if borrowed).
    pub fn into_bytes(self) -> Bytes {
        match self {
            Payload::Borrowed(b) => Bytes::copy_from_slice(b),
            Payload::Shared(b) => b,
        }
    }
}

impl Deref for Payload<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl AsRef<[u8]> for Payload<'_> {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl<'a> From<&'a [u8]> for Payload<'a> {
    fn from(b: &'a [u8]) -> Self {
        Payload::Borrowed(b)
    }
}

impl From<Bytes> for Payload<'static> {
    fn from(b: Bytes) -> Self {
        Payload::Shared(b)
    }
}

impl From<Vec<u8>> for Payload<'static> {
    fn from(b: Vec<u8>) -> Self {
        Payload::Shared(Bytes::from(b))
    }
}

/// Equal when the bytes are equal, however they are held.
impl PartialEq for Payload<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Payload<'_> {}

impl std::hash::Hash for Payload<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state)
    }
}

/// Shows the length and a short escaped excerpt, never megabytes of body.
impl std::fmt::Debug for Payload<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Payload({} bytes: {})",
            self.len(),
            crate::Excerpt::new(self.as_bytes(), 0)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_and_shared_compare_by_bytes() {
        let data = b"hello".to_vec();
        let b = Payload::from(&data[..]);
        let s = Payload::from(Bytes::from_static(b"hello"));
        assert_eq!(b, s);
        assert_eq!(b.clone().into_owned(), s);
        assert_eq!(&*b, b"hello");
        assert_eq!(s.into_bytes(), Bytes::from_static(b"hello"));
        assert!(format!("{b:?}").starts_with("Payload(5 bytes"));
    }
}
