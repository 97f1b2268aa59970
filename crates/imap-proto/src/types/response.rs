//! Server responses (RFC 9051 §7).

use std::num::NonZeroU32;

use super::acl::Rights;
use super::body::RawValue;
use super::capability::Capability;
use super::code::RespText;
use super::core::{AString, Atom, IString, NString, Tag};
use super::fetch::FetchItem;
use super::flag::{Flag, MailboxAttr};
use super::mailbox::Mailbox;
use super::metadata::MetadataEntries;
use super::search::Thread;
use super::sequence::SequenceSet;
use super::values::{Capabilities, Delimiter, ModSeq, NonEmpty};

/// `greeting = "*" SP (resp-cond-auth / resp-cond-bye) CRLF`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Greeting<'a> {
    /// OK, PREAUTH or BYE.
    pub kind: GreetingKind,
    /// The text and code.
    pub text: RespText<'a>,
}

/// The status of a greeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GreetingKind {
    /// `OK`: not authenticated yet.
    Ok,
    /// `PREAUTH`: already authenticated.
    PreAuth,
    /// `BYE`: the server refuses the connection.
    Bye,
}

/// `resp-cond-state = ("OK" / "NO" / "BAD") SP resp-text`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// `OK`
    Ok,
    /// `NO`
    No,
    /// `BAD`
    Bad,
}

/// An untagged status: `resp-cond-state` or `resp-cond-bye`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UntaggedStatus {
    /// `OK`
    Ok,
    /// `NO`
    No,
    /// `BAD`
    Bad,
    /// `BYE`
    Bye,
}

/// `response = *(continue-req / response-data) response-done`: one of its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Response<'a> {
    /// `response-tagged = tag SP resp-cond-state CRLF`
    Tagged {
        /// The command's tag.
        tag: Tag<'a>,
        /// OK, NO or BAD.
        status: Status,
        /// The text and code.
        text: RespText<'a>,
    },
    /// `"*" SP (resp-cond-state / resp-cond-bye) CRLF`
    Untagged {
        /// OK, NO, BAD or BYE.
        status: UntaggedStatus,
        /// The text and code.
        text: RespText<'a>,
    },
    /// Untagged data: `"*" SP (mailbox-data / message-data / capability-data /
    /// enable-data / ...) CRLF`
    Data(Data<'a>),
    /// `continue-req = "+" SP (resp-text / base64) CRLF`; the text is kept as sent
    /// (a code in it is parsed; base64 stays text).
    Continue(RespText<'a>),
}

/// `mbx-list` data of LIST, LSUB and XLIST.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem<'a> {
    /// `mbx-list-flags`
    pub attributes: Vec<MailboxAttr<'a>>,
    /// The hierarchy delimiter; `None` is NIL (flat).
    pub delimiter: Option<Delimiter>,
    /// The mailbox.
    pub mailbox: Mailbox<'a>,
    /// `mbox-list-extended` (RFC 5258), as sent; [`ListItem::child_info`] and
    /// [`ListItem::old_name`] read the items this crate knows.
    pub extended: Option<RawValue<'a>>,
}

/// `status-att-val` (RFC 9051 §7.3.2, RFC 7162 HIGHESTMODSEQ, RFC 7889 APPENDLIMIT,
/// RFC 8474 MAILBOXID).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StatusItem<'a> {
    /// `MESSAGES`
    Messages(u32),
    /// `RECENT` (IMAP4rev1)
    Recent(u32),
    /// `UIDNEXT`
    UidNext(u32),
    /// `UIDVALIDITY`
    UidValidity(u32),
    /// `UNSEEN`
    Unseen(u32),
    /// `DELETED`
    Deleted(u32),
    /// `SIZE`
    Size(u64),
    /// `HIGHESTMODSEQ`
    HighestModSeq(u64),
    /// `"APPENDLIMIT" SP (number / nil)` (RFC 7889); `None` is NIL: no limit.
    AppendLimit(Option<u32>),
    /// `"MAILBOXID" SP "(" objectid ")"` (RFC 8474)
    MailboxId(Atom<'a>),
    /// Any other item, its value as sent.
    Other(Atom<'a>, RawValue<'a>),
}

/// `search-return-data` of ESEARCH (RFC 4731, RFC 9051).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SearchReturn<'a> {
    /// `MIN`
    Min(u32),
    /// `MAX`
    Max(u32),
    /// `ALL`
    All(SequenceSet),
    /// `COUNT`
    Count(u32),
    /// `MODSEQ` (RFC 7162)
    ModSeq(u64),
    /// Any other item, its value as sent.
    Other(Atom<'a>, RawValue<'a>),
}

/// `namespace-descr = "(" string SP (DQUOTE QUOTED-CHAR DQUOTE / nil)
/// [namespace-response-extensions] ")"`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceDescr<'a> {
    /// The prefix.
    pub prefix: IString<'a>,
    /// The delimiter.
    pub delimiter: Option<Delimiter>,
    /// `namespace-response-extension = SP string SP "(" string *(SP string) ")"`
    pub extensions: Vec<(IString<'a>, Vec<IString<'a>>)>,
}

/// A quota resource: name, usage and limit (RFC 9208).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaResource<'a> {
    /// `STORAGE`, `MESSAGE`, ...
    pub name: Atom<'a>,
    /// Current usage.
    pub usage: u64,
    /// The limit.
    pub limit: u64,
}

/// Untagged data.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Data<'a> {
    /// `capability-data = "CAPABILITY" *(SP capability) SP "IMAP4rev1"` (RFC 3501;
    /// `"IMAP4rev2"` in RFC 9051): never empty.
    Capability(Capabilities<'a>),
    /// `enable-data = "ENABLED" *(SP capability)` (RFC 5161)
    Enabled(Vec<Capability<'a>>),
    /// `"LIST" SP mailbox-list`
    List(ListItem<'a>),
    /// `"LSUB" SP mailbox-list` (IMAP4rev1)
    Lsub(ListItem<'a>),
    /// `"XLIST" SP mailbox-list` (Gmail's pre-RFC 6154 form)
    Xlist(ListItem<'a>),
    /// `"STATUS" SP mailbox SP "(" [status-att-list] ")"`
    Status {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Its items.
        items: Vec<StatusItem<'a>>,
    },
    /// `"SEARCH" *(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"]`
    Search {
        /// The matching numbers (none is valid: `* SEARCH`).
        numbers: Vec<NonZeroU32>,
        /// The highest mod-sequence (RFC 7162).
        modseq: Option<ModSeq>,
    },
    /// `"SORT" *(SP nz-number)` (RFC 5256)
    Sort(Vec<NonZeroU32>),
    /// `thread-data = "THREAD" [SP 1*thread-list]` (RFC 5256): the threads, in
    /// order.
    Thread(Vec<Thread>),
    /// `esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP
    /// search-return-data)`
    ESearch {
        /// `search-correlator = SP "(" "TAG" SP tag-string ")"`
        tag: Option<AString<'a>>,
        /// True if the numbers are UIDs.
        uid: bool,
        /// The returned data.
        items: Vec<SearchReturn<'a>>,
    },
    /// `"FLAGS" SP flag-list`
    Flags(Vec<Flag<'a>>),
    /// `number SP "EXISTS"`
    Exists(u32),
    /// `number SP "RECENT"` (IMAP4rev1)
    Recent(u32),
    /// `nz-number SP "EXPUNGE"`
    Expunge(NonZeroU32),
    /// `"VANISHED" [SP "(EARLIER)"] SP known-uids` (RFC 7162)
    Vanished {
        /// `(EARLIER)`: a reply to a FETCH, not a live expunge.
        earlier: bool,
        /// The UIDs.
        uids: SequenceSet,
    },
    /// `nz-number SP "FETCH" SP msg-att`
    Fetch {
        /// The message sequence number.
        seq: NonZeroU32,
        /// The data items: `msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP
        /// ...) ")"` holds at least one.
        items: NonEmpty<FetchItem<'a>>,
    },
    /// `namespace-response = "NAMESPACE" SP namespace SP namespace SP namespace`
    /// (personal, other users', shared); `None` is NIL.
    Namespace {
        /// Personal namespaces.
        personal: Option<Vec<NamespaceDescr<'a>>>,
        /// Other users' namespaces.
        other: Option<Vec<NamespaceDescr<'a>>>,
        /// Shared namespaces.
        shared: Option<Vec<NamespaceDescr<'a>>>,
    },
    /// `id-response = "ID" SP id-params-list` (RFC 2971); `None` is NIL.
    Id(Option<Vec<(IString<'a>, NString<'a>)>>),
    /// `quota-response = "QUOTA" SP quota-root-name SP quota-list` (RFC 9208)
    Quota {
        /// The quota root.
        root: AString<'a>,
        /// The resources.
        resources: Vec<QuotaResource<'a>>,
    },
    /// `quotaroot-response = "QUOTAROOT" SP mailbox *(SP quota-root-name)`
    QuotaRoot {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Its quota roots.
        roots: Vec<AString<'a>>,
    },
    /// `metadata-resp = "METADATA" SP mailbox SP (entry-values / entry-list)`
    /// (RFC 5464)
    Metadata {
        /// The mailbox; the empty name is the server's own metadata.
        mailbox: Mailbox<'a>,
        /// The entries, with or without their values.
        entries: MetadataEntries<'a>,
    },
    /// `acl-data = "ACL" SP mailbox *(SP identifier SP rights)` (RFC 4314)
    Acl {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// `identifier = astring` and its rights, in the order sent. An identifier
        /// starting with `-` holds negative rights.
        entries: Vec<(AString<'a>, Rights<'a>)>,
    },
    /// `listrights-data = "LISTRIGHTS" SP mailbox SP identifier SP rights *(SP
    /// rights)` (RFC 4314)
    ListRights {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Whose rights.
        identifier: AString<'a>,
        /// The rights always granted (often none).
        required: Rights<'a>,
        /// The rights that can be granted, each group tied together: granted all
        /// or none.
        optional: Vec<Rights<'a>>,
    },
    /// `myrights-data = "MYRIGHTS" SP mailbox SP rights` (RFC 4314)
    MyRights {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The client's rights on it.
        rights: Rights<'a>,
    },
    /// Any other untagged response, kept as sent: its name and everything after it
    /// up to `CRLF`.
    Other {
        /// The response's name, or the number before it (`* 3 XFOO`).
        number: Option<u32>,
        /// The name.
        name: Atom<'a>,
        /// The rest, after the name's `SP` (empty if none), literals included.
        rest: RawValue<'a>,
    },
}

impl Data<'_> {
    /// The response's name as written on the wire (`FETCH` for `* 3 FETCH (...)`,
    /// `METADATA`, `THREAD`...); for [`Data::Other`], its name as the server sent it.
    pub fn name(&self) -> &str {
        match self {
            Data::Capability(_) => "CAPABILITY",
            Data::Enabled(_) => "ENABLED",
            Data::List(_) => "LIST",
            Data::Lsub(_) => "LSUB",
            Data::Xlist(_) => "XLIST",
            Data::Status { .. } => "STATUS",
            Data::Search { .. } => "SEARCH",
            Data::Sort(_) => "SORT",
            Data::Thread(_) => "THREAD",
            Data::ESearch { .. } => "ESEARCH",
            Data::Flags(_) => "FLAGS",
            Data::Exists(_) => "EXISTS",
            Data::Recent(_) => "RECENT",
            Data::Expunge(_) => "EXPUNGE",
            Data::Vanished { .. } => "VANISHED",
            Data::Fetch { .. } => "FETCH",
            Data::Namespace { .. } => "NAMESPACE",
            Data::Id(_) => "ID",
            Data::Quota { .. } => "QUOTA",
            Data::QuotaRoot { .. } => "QUOTAROOT",
            Data::Metadata { .. } => "METADATA",
            Data::Acl { .. } => "ACL",
            Data::ListRights { .. } => "LISTRIGHTS",
            Data::MyRights { .. } => "MYRIGHTS",
            Data::Other { name, .. } => name.as_str(),
        }
    }
}
