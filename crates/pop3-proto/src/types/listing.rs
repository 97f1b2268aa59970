//! The STAT, LIST and UIDL listings (RFC 1939 §§5, 7).

use std::borrow::Cow;
use std::fmt;

use super::command::MessageNumber;
use crate::error::InvalidValue;

/// The drop listing of STAT: `count SP size` (RFC 1939 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    /// Messages in the maildrop (deleted ones not counted).
    pub count: u64,
    /// Their total size in octets.
    pub size: u64,
}

/// One scan listing of LIST: `msg SP size` (RFC 1939 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanListing {
    /// The message.
    pub msg: MessageNumber,
    /// Its size in octets.
    pub size: u64,
}

/// A unique-id: 1 to 70 characters in `0x21..=0x7E` (RFC 1939 §7).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UniqueId<'a>(Cow<'a, str>);

impl<'a> UniqueId<'a> {
    /// Checks `value`: 1 to 70 printable ASCII characters, no space.
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let value = value.into();
        if value.is_empty() || value.len() > 70 {
            return Err(InvalidValue::new("unique-id", "not 1 to 70 characters"));
        }
        if !value.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(InvalidValue::new("unique-id", "not in 0x21..0x7E"));
        }
        Ok(UniqueId(value))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> UniqueId<'static> {
        UniqueId(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Debug for UniqueId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// One unique-id listing of UIDL: `msg SP unique-id` (RFC 1939 §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UniqueIdListing<'a> {
    /// The message.
    pub msg: MessageNumber,
    /// Its unique id.
    pub uid: UniqueId<'a>,
}

impl UniqueIdListing<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> UniqueIdListing<'static> {
        UniqueIdListing {
            msg: self.msg,
            uid: self.uid.into_owned(),
        }
    }
}
