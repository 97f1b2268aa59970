//! Small checked values: a hierarchy delimiter and the 63-bit numbers of RFC 9051
//! and RFC 7162.

use crate::error::ValueError;

use super::capability::Capability;
use super::chars::is_quotable;

/// A hierarchy delimiter: one `QUOTED-CHAR` (RFC 9051 §9), that is a 7-bit byte other
/// than `NUL`, `CR` and `LF` (`"` and `\` are written escaped). A single byte of an
/// 8-bit UTF-8 sequence is not a character, so 8-bit bytes are refused too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Delimiter(u8);

impl Delimiter {
    /// A delimiter, refused unless `c` is a 7-bit byte other than `NUL`, `CR`, `LF`.
    pub fn new(c: u8) -> Result<Self, ValueError> {
        if is_quotable(c) {
            Ok(Delimiter(c))
        } else {
            Err(ValueError::new(
                "delimiter",
                "must be a QUOTED-CHAR: 7-bit, not NUL, CR or LF",
            ))
        }
    }

    /// The byte.
    pub fn get(self) -> u8 {
        self.0
    }
}

/// The largest `number64` and mod-sequence: 2^63 − 1 (RFC 9051 §9, RFC 7162 §7).
pub const MAX_NUMBER64: u64 = i64::MAX as u64;

/// A mod-sequence value: `mod-sequence-value = 1*DIGIT` within 1 ..= 2^63 − 1
/// (RFC 7162 §7: "Positive unsigned 63-bit integer"), the value of FETCH's `MODSEQ`
/// and SEARCH's `(MODSEQ n)`.
///
/// [`ModSeq::new`] refuses 0. The one exception is a value the lenient parser reads:
/// Zoho's `MODSEQ (0)` and `MODSEQ (-1)` under
/// [`Lenient::zero_nz_number`](crate::Lenient) and
/// [`Lenient::negative_modseq`](crate::Lenient) are kept as 0. No strict form means
/// "no mod-sequence", so such a value re-encodes as `MODSEQ (0)`, which only a
/// lenient parser reads back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModSeq(u64);

impl ModSeq {
    /// A mod-sequence, refused if 0 or above 2^63 − 1.
    pub fn new(n: u64) -> Result<Self, ValueError> {
        if (1..=MAX_NUMBER64).contains(&n) {
            Ok(ModSeq(n))
        } else {
            Err(ValueError::new("mod-sequence", "must be 1 to 2^63-1"))
        }
    }

    /// Built by the parser: it has checked the range, or reads `0` under a tolerance
    /// (see the type's documentation).
    pub(crate) fn parsed(n: u64) -> Self {
        ModSeq(n)
    }

    /// The number.
    pub fn get(self) -> u64 {
        self.0
    }
}

/// `number64 = 1*DIGIT` within 0 ..= 2^63 − 1 (RFC 9051 §9), the type of
/// `RFC822.SIZE` in IMAP4rev2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Number64(u64);

impl Number64 {
    /// A number64, refused above 2^63 − 1.
    pub fn new(n: u64) -> Result<Self, ValueError> {
        if n <= MAX_NUMBER64 {
            Ok(Number64(n))
        } else {
            Err(ValueError::new("number64", "must be at most 2^63-1"))
        }
    }

    /// The number.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl From<u32> for Number64 {
    fn from(n: u32) -> Self {
        Number64(u64::from(n))
    }
}

/// A list that holds at least one item, where the grammar says `1*` (FETCH's
/// `msg-att`). It reads as a slice.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NonEmpty<T>(Vec<T>);

impl<T> NonEmpty<T> {
    /// The list, refused if empty.
    pub fn new(items: Vec<T>) -> Result<Self, ValueError> {
        if items.is_empty() {
            Err(ValueError::new("list", "must hold at least one item"))
        } else {
            Ok(NonEmpty(items))
        }
    }

    /// A list of one.
    pub fn one(item: T) -> Self {
        NonEmpty(vec![item])
    }

    /// Adds an item at the end.
    pub fn push(&mut self, item: T) {
        self.0.push(item);
    }

    /// The items.
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    /// The items, as a `Vec`.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }

    /// Built by the parser, which has read at least one item.
    pub(crate) fn parsed(items: Vec<T>) -> Self {
        NonEmpty(items)
    }

    /// Each item mapped (the list stays non-empty).
    pub(crate) fn map<U>(self, f: impl FnMut(T) -> U) -> NonEmpty<U> {
        NonEmpty(self.0.into_iter().map(f).collect())
    }
}

impl<T> std::ops::Deref for NonEmpty<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T: PartialEq, const N: usize> PartialEq<[T; N]> for NonEmpty<T> {
    fn eq(&self, other: &[T; N]) -> bool {
        self.0[..] == other[..]
    }
}

impl<T: PartialEq> PartialEq<[T]> for NonEmpty<T> {
    fn eq(&self, other: &[T]) -> bool {
        self.0[..] == *other
    }
}

impl<T: PartialEq> PartialEq<Vec<T>> for NonEmpty<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        self.0 == *other
    }
}

impl<T> TryFrom<Vec<T>> for NonEmpty<T> {
    type Error = ValueError;
    fn try_from(items: Vec<T>) -> Result<Self, ValueError> {
        NonEmpty::new(items)
    }
}

impl<'x, T> IntoIterator for &'x NonEmpty<T> {
    type Item = &'x T;
    type IntoIter = std::slice::Iter<'x, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T> IntoIterator for NonEmpty<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The capabilities of `capability-data = "CAPABILITY" *(SP capability) SP
/// "IMAP4rev1"` (RFC 3501) or `... SP "IMAP4rev2"` (RFC 9051): at least one of
/// `IMAP4rev1` and `IMAP4rev2`, anywhere in the list (servers list it first; the
/// order is kept as sent).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Capabilities<'a>(Vec<Capability<'a>>);

impl<'a> Capabilities<'a> {
    /// The list, refused unless it names `IMAP4rev1` or `IMAP4rev2`.
    pub fn new(caps: Vec<Capability<'a>>) -> Result<Self, ValueError> {
        if caps.iter().any(|c| c.is("IMAP4rev1") || c.is("IMAP4rev2")) {
            Ok(Capabilities(caps))
        } else {
            Err(ValueError::new(
                "CAPABILITY data",
                "must name IMAP4rev1 or IMAP4rev2 (RFC 3501, RFC 9051 capability-data)",
            ))
        }
    }

    /// The capabilities, in order.
    pub fn as_slice(&self) -> &[Capability<'a>] {
        &self.0
    }

    /// The capabilities, as a `Vec`.
    pub fn into_vec(self) -> Vec<Capability<'a>> {
        self.0
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Capabilities<'static> {
        Capabilities(self.0.into_iter().map(Capability::into_owned).collect())
    }
}

impl<'a> std::ops::Deref for Capabilities<'a> {
    type Target = [Capability<'a>];
    fn deref(&self) -> &[Capability<'a>] {
        &self.0
    }
}

impl<'a> TryFrom<Vec<Capability<'a>>> for Capabilities<'a> {
    type Error = ValueError;
    fn try_from(caps: Vec<Capability<'a>>) -> Result<Self, ValueError> {
        Capabilities::new(caps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_check_the_range() {
        assert!(Delimiter::new(b'/').is_ok());
        assert!(Delimiter::new(b'"').is_ok());
        for c in [0u8, b'\r', b'\n', 0x80, 0xff] {
            assert!(Delimiter::new(c).is_err(), "{c}");
        }
        assert!(ModSeq::new(0).is_err());
        assert!(ModSeq::new(1).is_ok());
        assert!(ModSeq::new(MAX_NUMBER64).is_ok());
        assert!(ModSeq::new(MAX_NUMBER64 + 1).is_err());
        assert!(ModSeq::new(u64::MAX).is_err());
        assert!(Number64::new(0).is_ok());
        assert!(Number64::new(MAX_NUMBER64).is_ok());
        assert!(Number64::new(u64::MAX).is_err());
        assert!(NonEmpty::<u8>::new(vec![]).is_err());
        assert_eq!(&*NonEmpty::one(3u8), &[3]);
        assert!(Capabilities::new(vec![]).is_err());
        assert!(Capabilities::new(vec![Capability::Imap4Rev2]).is_ok());
    }
}
