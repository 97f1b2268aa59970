//! The entries of a METADATA response (RFC 5464 §4.4).

use super::command::MetadataValue;
use super::core::{AString, Literal};
use crate::error::ValueError;

/// `entry-values / entry-list` of `metadata-resp`: the entries with their values
/// (the answer to GETMETADATA), or their names alone (an unsolicited notice that
/// they changed). Never empty, so it cannot be built with no entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataEntries<'a>(Entries<'a>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Entries<'a> {
    Values(Vec<(AString<'a>, MetadataValue<'a>)>),
    Names(Vec<AString<'a>>),
}

impl<'a> MetadataEntries<'a> {
    /// `entry-values = "(" entry-value *(SP entry-value) ")"`; `entry-value = entry
    /// SP value`: entries and their values (`None` is NIL, no such entry). Refused
    /// if empty.
    pub fn values(values: Vec<(AString<'a>, MetadataValue<'a>)>) -> Result<Self, ValueError> {
        if values.is_empty() {
            return Err(ValueError::new(
                "METADATA entry-values",
                "must not be empty",
            ));
        }
        Ok(MetadataEntries(Entries::Values(values)))
    }

    /// `entry-list = entry *(SP entry)`: the names of changed entries. Refused if
    /// empty.
    pub fn names(names: Vec<AString<'a>>) -> Result<Self, ValueError> {
        if names.is_empty() {
            return Err(ValueError::new("METADATA entry-list", "must not be empty"));
        }
        Ok(MetadataEntries(Entries::Names(names)))
    }

    /// The entries with their values, or `None` for names alone.
    pub fn as_values(&self) -> Option<&[(AString<'a>, MetadataValue<'a>)]> {
        match &self.0 {
            Entries::Values(v) => Some(v),
            Entries::Names(_) => None,
        }
    }

    /// The names alone, or `None` for entries with their values.
    pub fn as_names(&self) -> Option<&[AString<'a>]> {
        match &self.0 {
            Entries::Names(v) => Some(v),
            Entries::Values(_) => None,
        }
    }

    /// The entry names, either way.
    pub fn entries(&self) -> impl Iterator<Item = &AString<'a>> {
        let (values, names) = match &self.0 {
            Entries::Values(v) => (&v[..], &[][..]),
            Entries::Names(n) => (&[][..], &n[..]),
        };
        values.iter().map(|(e, _)| e).chain(names)
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        match &self.0 {
            Entries::Values(v) => v.len(),
            Entries::Names(n) => n.len(),
        }
    }

    /// Always false: there is at least one entry.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> MetadataEntries<'static> {
        MetadataEntries(match self.0 {
            Entries::Values(v) => Entries::Values(
                v.into_iter()
                    .map(|(e, val)| (e.into_owned(), val.map(Literal::into_owned)))
                    .collect(),
            ),
            Entries::Names(n) => Entries::Names(n.into_iter().map(AString::into_owned).collect()),
        })
    }
}
