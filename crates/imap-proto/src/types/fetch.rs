//! FETCH response data items: `msg-att` (RFC 9051 §7.5.2) and the extensions'.

use std::num::NonZeroU32;

use super::body::{BodyStructure, Envelope, RawValue};
use super::core::{AString, Atom, Literal, NString};
use super::datetime::DateTime;
use super::flag::FlagFetch;
use crate::error::ValueError;

/// `section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"`,
/// and `"MIME"` of `section-text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionText<'a> {
    /// `HEADER`
    Header,
    /// `HEADER.FIELDS (...)`; the list is never empty.
    HeaderFields(Vec<AString<'a>>),
    /// `HEADER.FIELDS.NOT (...)`; the list is never empty.
    HeaderFieldsNot(Vec<AString<'a>>),
    /// `TEXT`
    Text,
    /// `MIME` (only after a part number).
    Mime,
}

/// `section = "[" [section-spec] "]"`;
/// `section-spec = section-msgtext / (section-part ["." section-text])`
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section<'a> {
    part: Vec<NonZeroU32>,
    text: Option<SectionText<'a>>,
}

impl<'a> Section<'a> {
    /// A section; refused for `MIME` without a part or an empty header list.
    pub fn new(part: Vec<NonZeroU32>, text: Option<SectionText<'a>>) -> Result<Self, ValueError> {
        match &text {
            Some(SectionText::Mime) if part.is_empty() => {
                Err(ValueError::new("section", "MIME needs a part number"))
            }
            Some(SectionText::HeaderFields(v) | SectionText::HeaderFieldsNot(v))
                if v.is_empty() =>
            {
                Err(ValueError::new("section", "empty header list"))
            }
            _ => Ok(Section { part, text }),
        }
    }

    /// `[]`: the whole message.
    pub fn whole() -> Self {
        Section::default()
    }

    /// The part numbers (`1.2.3`).
    pub fn part(&self) -> &[NonZeroU32] {
        &self.part
    }

    /// The text specifier.
    pub fn text(&self) -> Option<&SectionText<'a>> {
        self.text.as_ref()
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Section<'static> {
        let own = |v: Vec<AString<'_>>| v.into_iter().map(AString::into_owned).collect();
        Section {
            part: self.part,
            text: self.text.map(|t| match t {
                SectionText::Header => SectionText::Header,
                SectionText::HeaderFields(v) => SectionText::HeaderFields(own(v)),
                SectionText::HeaderFieldsNot(v) => SectionText::HeaderFieldsNot(own(v)),
                SectionText::Text => SectionText::Text,
                SectionText::Mime => SectionText::Mime,
            }),
        }
    }
}

/// A Gmail label (X-GM-LABELS): a system label such as `\Inbox`, or a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GmailLabel<'a> {
    /// `\` atom
    System(Atom<'a>),
    /// astring
    Name(AString<'a>),
}

/// One FETCH data item.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FetchItem<'a> {
    /// `"FLAGS" SP "(" [flag-fetch *(SP flag-fetch)] ")"`
    Flags(Vec<FlagFetch<'a>>),
    /// `"UID" SP uniqueid`
    Uid(NonZeroU32),
    /// `"INTERNALDATE" SP date-time`
    InternalDate(DateTime),
    /// `"RFC822.SIZE" SP number64`
    Rfc822Size(u64),
    /// `"ENVELOPE" SP envelope`
    Envelope(Box<Envelope<'a>>),
    /// `"BODY" SP body` (no extension data)
    Body(Box<BodyStructure<'a>>),
    /// `"BODYSTRUCTURE" SP body`
    BodyStructure(Box<BodyStructure<'a>>),
    /// `"BODY" section ["<" number ">"] SP nstring`
    BodySection {
        /// The section.
        section: Section<'a>,
        /// The partial origin.
        origin: Option<u32>,
        /// The data.
        data: NString<'a>,
    },
    /// `"BINARY" section-binary SP (nstring / literal8)` (RFC 3516); NIL is `None`.
    Binary {
        /// `section-part`
        section: Vec<NonZeroU32>,
        /// The decoded data.
        data: Option<Literal<'a>>,
    },
    /// `"BINARY.SIZE" section-binary SP number`
    BinarySize {
        /// `section-part`
        section: Vec<NonZeroU32>,
        /// The decoded size.
        size: u32,
    },
    /// `"RFC822" SP nstring` (IMAP4rev1)
    Rfc822(NString<'a>),
    /// `"RFC822.HEADER" SP nstring` (IMAP4rev1)
    Rfc822Header(NString<'a>),
    /// `"RFC822.TEXT" SP nstring` (IMAP4rev1)
    Rfc822Text(NString<'a>),
    /// `"MODSEQ" SP "(" mod-sequence-value ")"` (RFC 7162)
    ModSeq(u64),
    /// `"EMAILID" SP "(" objectid ")"` (RFC 8474)
    EmailId(Atom<'a>),
    /// `"THREADID" SP ("(" objectid ")" / nil)` (RFC 8474)
    ThreadId(Option<Atom<'a>>),
    /// `X-GM-MSGID` (Gmail)
    GmailMsgId(u64),
    /// `X-GM-THRID` (Gmail)
    GmailThreadId(u64),
    /// `X-GM-LABELS` (Gmail)
    GmailLabels(Vec<GmailLabel<'a>>),
    /// Any other item, its value kept as sent.
    Other {
        /// The item's name.
        name: Atom<'a>,
        /// Its value.
        value: RawValue<'a>,
    },
}
