//! The two string shapes every message is made of.

use std::borrow::Cow;
use std::fmt;

use crate::error::InvalidValue;

/// A non-empty word without spaces or control characters (RFC 2449 §3 `param =
/// 1*VCHAR`; UTF-8 beyond ASCII is allowed for the UTF8 extension, RFC 6856).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Atom<'a>(Cow<'a, str>);

impl<'a> Atom<'a> {
    /// Checks `value`: non-empty, no space, no control character.
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let value = value.into();
        if value.is_empty() {
            return Err(InvalidValue::new("word", "empty"));
        }
        if value.chars().any(|c| c == ' ' || c.is_control()) {
            return Err(InvalidValue::new(
                "word",
                "holds a space or control character",
            ));
        }
        Ok(Atom(value))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Atom<'static> {
        Atom(Cow::Owned(self.0.into_owned()))
    }
}

/// Free text on one line: anything but `CR`, `LF` and `NUL`; may be empty and may
/// hold spaces.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Text<'a>(Cow<'a, str>);

impl<'a> Text<'a> {
    /// Checks `value`: no `CR`, `LF` or `NUL`.
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let value = value.into();
        if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
            return Err(InvalidValue::new("text", "holds CR, LF or NUL"));
        }
        Ok(Text(value))
    }

    /// Text made safe by replacing every `CR`, `LF` and `NUL` with a space: for
    /// messages the machines write themselves.
    pub(crate) fn sanitized(value: impl Into<String>) -> Text<'static> {
        let mut value = value.into();
        if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
            value = value.replace(['\r', '\n', '\0'], " ");
        }
        Text(Cow::Owned(value))
    }

    /// Constant text the crate knows to hold no `CR`, `LF` or `NUL`.
    pub(crate) const fn from_static(value: &'static str) -> Text<'static> {
        Text(Cow::Borrowed(value))
    }

    /// Text built from parts already checked (no `CR`, `LF` or `NUL`): not scanned
    /// again.
    pub(crate) fn from_checked(value: String) -> Text<'static> {
        debug_assert!(!value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)));
        Text(Cow::Owned(value))
    }

    /// Empty text.
    pub fn empty() -> Text<'static> {
        Text(Cow::Borrowed(""))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True if empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Text<'static> {
        Text(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Debug for Atom<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Atom<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_refuse_line_breaks() {
        assert!(Atom::new("mrose").is_ok());
        assert!(Atom::new("").is_err());
        assert!(Atom::new("a b").is_err());
        assert!(Atom::new("a\r\nQUIT").is_err());
        assert!(Text::new("two words").is_ok());
        assert!(Text::new("x\nDELE 1").is_err());
        assert!(Text::new("nul\0").is_err());
    }
}
