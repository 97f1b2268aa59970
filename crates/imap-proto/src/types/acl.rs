//! Access control lists (RFC 4314): the rights of an identifier on a mailbox.

use std::borrow::Cow;

use super::chars::is_right;
use crate::error::ValueError;

/// `rights = astring`, which RFC 4314 §9 restricts to "only lowercase ASCII letters
/// and digits": a set of rights, one character each (`l`, `r`, `s`, `w`, `i`, `p`,
/// `k`, `x`, `t`, `e`, `a`, the obsolete `c` and `d`, digits for the server's own).
/// It may be empty: no rights, as LISTRIGHTS says of rights always granted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rights<'a>(Cow<'a, str>);

impl<'a> Rights<'a> {
    /// A set of rights, checked: lowercase ASCII letters and digits only.
    pub fn new(rights: impl Into<Cow<'a, str>>) -> Result<Self, ValueError> {
        let rights = rights.into();
        if rights.bytes().all(is_right) {
            Ok(Rights(rights))
        } else {
            Err(ValueError::new(
                "rights",
                "must be lowercase ASCII letters and digits",
            ))
        }
    }

    /// Built by the parser, which has checked the bytes.
    pub(crate) fn checked(rights: Cow<'a, str>) -> Self {
        Rights(rights)
    }

    /// The rights as sent, one character each.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True if `right` is in the set.
    pub fn contains(&self, right: char) -> bool {
        self.0.contains(right)
    }

    /// True for no rights at all (`""`).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Rights<'static> {
        Rights(Cow::Owned(self.0.into_owned()))
    }
}
