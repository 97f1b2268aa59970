//! FETCH response data items: `msg-att` (RFC 9051 §7.5.2) and the extensions'.

use std::num::NonZeroU32;

use super::body::{BodyStructure, Envelope, RawValue};
use super::core::{AString, Atom, Literal, NString};
use super::datetime::DateTime;
use super::flag::FlagFetch;
use super::values::{ModSeq, Number64};
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
    Rfc822Size(Number64),
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
    /// `"MODSEQ" SP "(" mod-sequence-value ")"` (RFC 7162): 1 to 2^63 − 1, except a
    /// `0` the lenient parser reads (see [`ModSeq`]).
    ModSeq(ModSeq),
    /// `"EMAILID" SP "(" objectid ")"` (RFC 8474)
    EmailId(Atom<'a>),
    /// `"THREADID" SP ("(" objectid ")" / nil)` (RFC 8474)
    ThreadId(Option<Atom<'a>>),
    /// `"SAVEDATE" SP (date-time / nil)` (RFC 8514); `None` is NIL: the mailbox
    /// keeps no save date.
    SaveDate(Option<DateTime>),
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

/// `partial = "<" number64 "." nz-number64 ">"`: the first octet and the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Partial {
    /// The first octet, from 0.
    pub offset: u64,
    /// How many octets, at least 1.
    pub length: std::num::NonZeroU64,
}

/// `fetch-att` (RFC 9051, RFC 3501's RFC822 items, RFC 3516 BINARY, RFC 7162
/// MODSEQ, RFC 8474 EMAILID and THREADID, RFC 8514 SAVEDATE, Gmail's items).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FetchAttr<'a> {
    /// `ENVELOPE`
    Envelope,
    /// `FLAGS`
    Flags,
    /// `INTERNALDATE`
    InternalDate,
    /// `RFC822.SIZE`
    Rfc822Size,
    /// `BODY`
    Body,
    /// `BODYSTRUCTURE`
    BodyStructure,
    /// `UID`
    Uid,
    /// `"BODY" section [partial]` or `"BODY.PEEK" section [partial]`
    BodySection {
        /// `.PEEK`: do not set `\Seen`.
        peek: bool,
        /// The section.
        section: Section<'a>,
        /// Part of it only.
        partial: Option<Partial>,
    },
    /// `"BINARY" [".PEEK"] section-binary [partial]` (RFC 3516)
    Binary {
        /// `.PEEK`
        peek: bool,
        /// `section-part`
        section: Vec<NonZeroU32>,
        /// Part of it only.
        partial: Option<Partial>,
    },
    /// `"BINARY.SIZE" section-binary`
    BinarySize(Vec<NonZeroU32>),
    /// `RFC822` (IMAP4rev1)
    Rfc822,
    /// `RFC822.HEADER` (IMAP4rev1)
    Rfc822Header,
    /// `RFC822.TEXT` (IMAP4rev1)
    Rfc822Text,
    /// `MODSEQ` (RFC 7162)
    ModSeq,
    /// `SAVEDATE` (RFC 8514)
    SaveDate,
    /// `EMAILID` (RFC 8474)
    EmailId,
    /// `THREADID` (RFC 8474)
    ThreadId,
    /// `X-GM-MSGID`
    GmailMsgId,
    /// `X-GM-THRID`
    GmailThreadId,
    /// `X-GM-LABELS`
    GmailLabels,
    /// Any other attribute that is a bare atom.
    Other(Atom<'a>),
}

/// What FETCH asks for: a macro or a list of attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchSpec<'a> {
    /// `ALL` = `(FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)`
    All,
    /// `FAST` = `(FLAGS INTERNALDATE RFC822.SIZE)`
    Fast,
    /// `FULL` = `(FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY)`
    Full,
    /// `fetch-att / "(" fetch-att *(SP fetch-att) ")"`; never empty. One attribute
    /// is written without parentheses.
    Attrs(Vec<FetchAttr<'a>>),
}

impl<'a> FetchSpec<'a> {
    /// The attributes the spec stands for, macros expanded.
    pub fn expand(&self) -> Vec<FetchAttr<'a>> {
        use FetchAttr as A;
        match self {
            FetchSpec::All => vec![A::Flags, A::InternalDate, A::Rfc822Size, A::Envelope],
            FetchSpec::Fast => vec![A::Flags, A::InternalDate, A::Rfc822Size],
            FetchSpec::Full => vec![
                A::Flags,
                A::InternalDate,
                A::Rfc822Size,
                A::Envelope,
                A::Body,
            ],
            FetchSpec::Attrs(v) => v.clone(),
        }
    }
}

/// `fetch-modifier` (RFC 4466, RFC 7162).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FetchModifier<'a> {
    /// `"CHANGEDSINCE" SP mod-sequence-value`
    ChangedSince(u64),
    /// `VANISHED` (QRESYNC, with UID FETCH and CHANGEDSINCE)
    Vanished,
    /// Any other modifier, its value kept as sent.
    Other(Atom<'a>, Option<RawValue<'a>>),
}
