//! The two string shapes every message is made of.

use std::borrow::Cow;
use std::fmt;

use crate::error::InvalidValue;

/// The longest command argument, in octets (RFC 2449 §4: "Each argument may be up
/// to 40 characters long"), what [`CommandOptions::default`] enforces.
///
/// [`CommandOptions::default`]: crate::parse::CommandOptions
pub const MAX_ARG_LEN: usize = 40;

/// The longest response line, in octets, status and `CRLF` included (RFC 2449 §4:
/// "Responses ... are limited to 512 octets, including the terminating CRLF"), what
/// [`ResponseOptions::default`] enforces.
///
/// [`ResponseOptions::default`]: crate::parse::ResponseOptions
pub const MAX_RESPONSE_LINE_LEN: usize = 512;

/// The longest [`Text`]: what fits a response line after `+OK ` and before `CRLF`.
pub const MAX_TEXT_LEN: usize = MAX_RESPONSE_LINE_LEN - "+OK ".len() - "\r\n".len();

/// A non-empty word without spaces or control characters, at most [`MAX_ARG_LEN`]
/// octets (RFC 2449 §3 `param = 1*VCHAR`, §4; UTF-8 beyond ASCII is allowed for
/// the UTF8 extension, RFC 6856). Only a parser run with wider limits than the
/// RFC's makes a longer one.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Atom<'a>(Cow<'a, str>);

impl<'a> Atom<'a> {
    /// Checks `value`: non-empty, at most [`MAX_ARG_LEN`] octets, no space, no
    /// control character.
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let value = value.into();
        if value.len() > MAX_ARG_LEN {
            return Err(InvalidValue::new("word", "longer than 40 octets"));
        }
        Self::parsed(value)
    }

    /// A word as a parser found it, under whatever length limit it was given.
    pub(crate) fn parsed(value: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
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

    /// Length in octets.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false: an atom is never empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
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

/// Free text on one line: anything but `CR`, `LF` and `NUL`, at most
/// [`MAX_TEXT_LEN`] octets; may be empty and may hold spaces. Only a parser run with
/// wider limits than the RFC's (a lenient client) makes a longer one.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Text<'a>(Cow<'a, str>);

impl<'a> Text<'a> {
    /// Checks `value`: no `CR`, `LF` or `NUL`, at most [`MAX_TEXT_LEN`] octets.
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let value = value.into();
        if value.len() > MAX_TEXT_LEN {
            return Err(InvalidValue::new("text", "longer than 506 octets"));
        }
        Self::parsed(value)
    }

    /// Text as a parser found it, under whatever line limit it was given.
    pub(crate) fn parsed(value: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
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

    #[test]
    fn constructors_keep_the_rfc2449_limits() {
        assert!(Atom::new("a".repeat(40)).is_ok());
        assert!(Atom::new("a".repeat(41)).is_err());
        assert!(Atom::parsed("a".repeat(41)).is_ok());
        assert!(Text::new("x".repeat(506)).is_ok());
        assert!(Text::new("x".repeat(507)).is_err());
        assert!(Text::parsed("x".repeat(507)).is_ok());
    }
}
