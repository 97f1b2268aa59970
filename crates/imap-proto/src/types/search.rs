//! SEARCH keys and return options, SORT criteria and THREAD (RFC 9051 §6.4.4,
//! RFC 4731, RFC 5256, RFC 7162, RFC 8474, RFC 8514, RFC 5032, Gmail's extensions).

use std::num::NonZeroU32;

use super::core::{AString, Atom};
use super::datetime::Date;
use super::sequence::SequenceSet;
use crate::error::ValueError;

/// `entry-type-req` of the MODSEQ search key (RFC 7162): which flag's mod-sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryType {
    /// `priv`
    Private,
    /// `shared`
    Shared,
    /// `all`
    All,
}

impl EntryType {
    /// The keyword.
    pub fn name(self) -> &'static str {
        match self {
            EntryType::Private => "priv",
            EntryType::Shared => "shared",
            EntryType::All => "all",
        }
    }
}

/// `search-key` (RFC 9051 §9, RFC 3501's NEW/OLD/RECENT, and the extensions).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SearchKey<'a> {
    /// `ALL`
    All,
    /// `ANSWERED`
    Answered,
    /// `BCC astring`
    Bcc(AString<'a>),
    /// `BEFORE date`
    Before(Date),
    /// `BODY astring`
    Body(AString<'a>),
    /// `CC astring`
    Cc(AString<'a>),
    /// `DELETED`
    Deleted,
    /// `DRAFT`
    Draft,
    /// `FLAGGED`
    Flagged,
    /// `FROM astring`
    From(AString<'a>),
    /// `HEADER header-fld-name astring`
    Header(AString<'a>, AString<'a>),
    /// `KEYWORD flag-keyword`
    Keyword(Atom<'a>),
    /// `LARGER number64`
    Larger(u64),
    /// `NEW` (IMAP4rev1)
    New,
    /// `NOT search-key`
    Not(Box<SearchKey<'a>>),
    /// `OLD` (IMAP4rev1)
    Old,
    /// `ON date`
    On(Date),
    /// `OR search-key search-key`
    Or(Box<SearchKey<'a>>, Box<SearchKey<'a>>),
    /// `RECENT` (IMAP4rev1)
    Recent,
    /// `SEEN`
    Seen,
    /// `SENTBEFORE date`
    SentBefore(Date),
    /// `SENTON date`
    SentOn(Date),
    /// `SENTSINCE date`
    SentSince(Date),
    /// `SINCE date`
    Since(Date),
    /// `SMALLER number64`
    Smaller(u64),
    /// `SUBJECT astring`
    Subject(AString<'a>),
    /// `TEXT astring`
    Text(AString<'a>),
    /// `TO astring`
    To(AString<'a>),
    /// `UID sequence-set`
    Uid(SequenceSet),
    /// `UNANSWERED`
    Unanswered,
    /// `UNDELETED`
    Undeleted,
    /// `UNDRAFT`
    Undraft,
    /// `UNFLAGGED`
    Unflagged,
    /// `UNKEYWORD flag-keyword`
    Unkeyword(Atom<'a>),
    /// `UNSEEN`
    Unseen,
    /// A bare `sequence-set`.
    SequenceSet(SequenceSet),
    /// `"(" search-key *(SP search-key) ")"`: all must match; never empty.
    And(Vec<SearchKey<'a>>),
    /// `"MODSEQ" [SP entry-name SP entry-type-req] SP mod-sequence-valzer` (RFC 7162)
    ModSeq {
        /// `entry-name = entry-flag-name` (a quoted `/flags/\Seen`) and its type.
        entry: Option<(AString<'a>, EntryType)>,
        /// The mod-sequence.
        modseq: u64,
    },
    /// `OLDER nz-number` seconds (RFC 5032 WITHIN)
    Older(NonZeroU32),
    /// `YOUNGER nz-number` seconds (RFC 5032 WITHIN)
    Younger(NonZeroU32),
    /// `EMAILID objectid` (RFC 8474)
    EmailId(Atom<'a>),
    /// `THREADID objectid` (RFC 8474)
    ThreadId(Atom<'a>),
    /// `SAVEDBEFORE date` (RFC 8514)
    SavedBefore(Date),
    /// `SAVEDON date` (RFC 8514)
    SavedOn(Date),
    /// `SAVEDSINCE date` (RFC 8514)
    SavedSince(Date),
    /// `SAVEDATESUPPORTED` (RFC 8514)
    SaveDateSupported,
    /// `FILTER filter-name` (RFC 5466)
    Filter(AString<'a>),
    /// `FUZZY search-key` (RFC 6203)
    Fuzzy(Box<SearchKey<'a>>),
    /// `X-GM-RAW astring`: a Gmail search expression.
    GmailRaw(AString<'a>),
    /// `X-GM-MSGID number64`
    GmailMsgId(u64),
    /// `X-GM-THRID number64`
    GmailThreadId(u64),
    /// `X-GM-LABELS astring`
    GmailLabels(AString<'a>),
}

/// `search-return-opt` (RFC 4731, RFC 5182 SAVE, RFC 9051).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SearchReturnOpt<'a> {
    /// `MIN`
    Min,
    /// `MAX`
    Max,
    /// `ALL`
    All,
    /// `COUNT`
    Count,
    /// `SAVE` (SEARCHRES)
    Save,
    /// `search-ret-opt-ext = search-modifier-name [SP search-mod-params]`, its value
    /// kept as sent.
    Other(Atom<'a>, Option<super::body::RawValue<'a>>),
}

/// `sort-key` (RFC 5256, RFC 5957 DISPLAY).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SortKey {
    /// `ARRIVAL`
    Arrival,
    /// `CC`
    Cc,
    /// `DATE`
    Date,
    /// `FROM`
    From,
    /// `SIZE`
    Size,
    /// `SUBJECT`
    Subject,
    /// `TO`
    To,
    /// `DISPLAYFROM` (RFC 5957)
    DisplayFrom,
    /// `DISPLAYTO` (RFC 5957)
    DisplayTo,
}

impl SortKey {
    pub(crate) const ALL: [(&'static str, SortKey); 9] = [
        ("ARRIVAL", SortKey::Arrival),
        ("CC", SortKey::Cc),
        ("DATE", SortKey::Date),
        ("FROM", SortKey::From),
        ("SIZE", SortKey::Size),
        ("SUBJECT", SortKey::Subject),
        ("TO", SortKey::To),
        ("DISPLAYFROM", SortKey::DisplayFrom),
        ("DISPLAYTO", SortKey::DisplayTo),
    ];

    /// The keyword.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("ARRIVAL", |(n, _)| n)
    }
}

/// `sort-criterion = ["REVERSE" SP] sort-key`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SortCriterion {
    /// `REVERSE`
    pub reverse: bool,
    /// The key.
    pub key: SortKey,
}

/// `thread-alg` (RFC 5256, RFC 5957 REFS).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ThreadAlgorithm<'a> {
    /// `ORDEREDSUBJECT`
    OrderedSubject,
    /// `REFERENCES`
    References,
    /// `REFS`
    Refs,
    /// Any other algorithm.
    Other(Atom<'a>),
}

impl<'a> ThreadAlgorithm<'a> {
    /// The algorithm named `a` (any case).
    pub fn from_atom(a: Atom<'a>) -> Self {
        if a.eq_ignore_case("ORDEREDSUBJECT") {
            ThreadAlgorithm::OrderedSubject
        } else if a.eq_ignore_case("REFERENCES") {
            ThreadAlgorithm::References
        } else if a.eq_ignore_case("REFS") {
            ThreadAlgorithm::Refs
        } else {
            ThreadAlgorithm::Other(a)
        }
    }

    /// The algorithm's name.
    pub fn name(&self) -> &str {
        match self {
            ThreadAlgorithm::OrderedSubject => "ORDEREDSUBJECT",
            ThreadAlgorithm::References => "REFERENCES",
            ThreadAlgorithm::Refs => "REFS",
            ThreadAlgorithm::Other(a) => a.as_str(),
        }
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> ThreadAlgorithm<'static> {
        match self {
            ThreadAlgorithm::OrderedSubject => ThreadAlgorithm::OrderedSubject,
            ThreadAlgorithm::References => ThreadAlgorithm::References,
            ThreadAlgorithm::Refs => ThreadAlgorithm::Refs,
            ThreadAlgorithm::Other(a) => ThreadAlgorithm::Other(a.into_owned()),
        }
    }
}

/// One thread of a THREAD response (RFC 5256 §4): `thread-list = "(" (thread-members
/// / thread-nested) ")"`. A chain of messages, each the parent of the next, that may
/// end in two or more branches.
///
/// The fields are private so every value has one written form: a single branch is
/// part of the chain (`(1 2)`, never `(1 (2))`, which the grammar does not allow:
/// `thread-nested = 2*thread-list`), and a thread is never empty. So the encoder
/// only writes what the strict grammar reads; the lenient parser reads a `(1 (2))`
/// from a server as `(1 2)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Thread {
    members: Vec<NonZeroU32>,
    children: Vec<Thread>,
}

impl Thread {
    /// A thread: `members`, parent first (empty when the thread starts with
    /// branches, a missing parent), then `children`, the branches after the last
    /// member. A single branch is joined to the chain; refused if both are empty.
    pub fn new(members: Vec<NonZeroU32>, children: Vec<Thread>) -> Result<Self, ValueError> {
        let mut t = Thread { members, children };
        if t.children.len() == 1 {
            if let Some(only) = t.children.pop() {
                t.members.extend(only.members);
                t.children = only.children;
            }
        }
        if t.members.is_empty() && t.children.is_empty() {
            return Err(ValueError::new("thread", "must hold a message or branches"));
        }
        Ok(t)
    }

    /// Built by the parser, which has checked the shape.
    pub(crate) fn checked(members: Vec<NonZeroU32>, children: Vec<Thread>) -> Self {
        Thread { members, children }
    }

    /// `thread-members = nz-number *(SP nz-number) [SP thread-nested]`: the chain,
    /// parent first; empty when the thread starts with branches.
    pub fn members(&self) -> &[NonZeroU32] {
        &self.members
    }

    /// `thread-nested = 2*thread-list`: the branches after the last member; none,
    /// or two or more.
    pub fn children(&self) -> &[Thread] {
        &self.children
    }
}
