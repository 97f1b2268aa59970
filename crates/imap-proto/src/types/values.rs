//! Small checked values: a hierarchy delimiter and the 63-bit numbers of RFC 9051
//! and RFC 7162.

use crate::error::ValueError;

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
/// (RFC 7162 §7: "Positive unsigned 63-bit integer"), the value of FETCH's `MODSEQ`.
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

    /// Built by the parser: it has checked the range, or reads `0` for a server's `0`
    /// or `-1` under [`Lenient::zero_nz_number`](crate::Lenient) and
    /// [`Lenient::negative_modseq`](crate::Lenient). Such a `0` is the one value
    /// [`ModSeq::new`] refuses; it re-encodes as `MODSEQ (0)`, which only a lenient
    /// parser reads back (no strict form means "no mod-sequence").
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
    }
}
