//! Client commands (RFC 9051 §6, RFC 3501 §6 and the extensions).

use std::num::NonZeroU32;

use super::body::RawValue;
use super::capability::Capability;
use super::core::{AString, Atom, IString, Literal, NString, Tag};
use super::datetime::DateTime;
use super::fetch::{FetchModifier, FetchSpec, GmailLabel};
use super::flag::Flag;
use super::mailbox::Mailbox;
use super::search::{SearchKey, SearchReturnOpt, SortCriterion, ThreadAlgorithm};
use super::sequence::SequenceSet;
use crate::error::ValueError;

/// `command = tag SP (command-any / command-auth / command-nonauth / command-select)
/// CRLF`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command<'a> {
    /// The tag the server's completion response carries.
    pub tag: Tag<'a>,
    /// What the command asks.
    pub body: CommandBody<'a>,
}

impl<'a> Command<'a> {
    /// A command.
    pub fn new(tag: Tag<'a>, body: CommandBody<'a>) -> Self {
        Command { tag, body }
    }

    /// The command's name as written on the wire (`UID FETCH`, `LOGIN`, ...).
    pub fn name(&self) -> &str {
        self.body.name()
    }
}

/// Bytes that must not be logged: a password or a SASL response. `Debug` prints
/// `<redacted>`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SecretString<'a>(IString<'a>);

impl<'a> SecretString<'a> {
    /// Wraps a secret.
    pub fn new(value: impl Into<IString<'a>>) -> Self {
        SecretString(value.into())
    }

    /// The secret.
    pub fn expose(&self) -> &IString<'a> {
        &self.0
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> SecretString<'static> {
        SecretString(self.0.into_owned())
    }
}

impl std::fmt::Debug for SecretString<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretString(<redacted>)")
    }
}

/// `initial-resp = base64 / "="` (SASL-IR, RFC 4959) and the client's lines of an
/// AUTHENTICATE exchange, decoded: `=` is an empty response.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SaslData(Vec<u8>);

impl SaslData {
    /// Response bytes (written base64-encoded).
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        SaslData(bytes.into())
    }

    /// The decoded bytes.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for SaslData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SaslData(<{} bytes redacted>)", self.0.len())
    }
}

/// One line the client sends during AUTHENTICATE: `base64 CRLF`, or `"*" CRLF` to
/// cancel (RFC 9051 §6.2.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AuthenticateData {
    /// A response to a challenge.
    Response(SaslData),
    /// `*`: the client cancels the exchange.
    Cancel,
}

/// `select-param` (RFC 4466 §2.1, RFC 7162 CONDSTORE and QRESYNC).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SelectParam<'a> {
    /// `CONDSTORE`
    CondStore,
    /// `"QRESYNC" SP "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP
    /// seq-match-data] ")"`
    QResync {
        /// The UIDVALIDITY the client knows.
        uid_validity: NonZeroU32,
        /// The last mod-sequence the client knows.
        modseq: u64,
        /// The UIDs the client knows.
        known_uids: Option<SequenceSet>,
        /// `seq-match-data = "(" known-sequence-set SP known-uid-set ")"`
        seq_match: Option<(SequenceSet, SequenceSet)>,
    },
    /// Any other parameter, its value kept as sent.
    Other(Atom<'a>, Option<RawValue<'a>>),
}

/// The mailbox-name argument of LIST and LSUB: `list-mailbox = 1*list-char / string`,
/// kept as sent (wildcards `*` and `%` included, case preserved).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListMailbox<'a>(IString<'a>);

impl<'a> ListMailbox<'a> {
    /// A pattern.
    pub fn new(pattern: impl Into<IString<'a>>) -> Self {
        ListMailbox(pattern.into())
    }

    /// The pattern's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// As an IMAP string.
    pub fn as_istring(&self) -> &IString<'a> {
        &self.0
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> ListMailbox<'static> {
        ListMailbox(self.0.into_owned())
    }
}

/// `list-select-opt` (RFC 5258, RFC 6154).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListSelectOpt<'a> {
    /// `SUBSCRIBED`
    Subscribed,
    /// `REMOTE`
    Remote,
    /// `RECURSIVEMATCH`
    RecursiveMatch,
    /// `SPECIAL-USE` (RFC 6154)
    SpecialUse,
    /// `option-extension`, its value kept as sent.
    Other(Atom<'a>, Option<RawValue<'a>>),
}

/// `return-option` of LIST (RFC 5258, RFC 5819 STATUS, RFC 6154 SPECIAL-USE).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListReturnOpt<'a> {
    /// `SUBSCRIBED`
    Subscribed,
    /// `CHILDREN`
    Children,
    /// `SPECIAL-USE`
    SpecialUse,
    /// `"STATUS" SP "(" status-att *(SP status-att) ")"`; never empty.
    Status(Vec<StatusAttr<'a>>),
    /// `option-extension`, its value kept as sent.
    Other(Atom<'a>, Option<RawValue<'a>>),
}

/// `status-att` (RFC 9051, RFC 3501 RECENT, RFC 7162, RFC 7889, RFC 8474).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusAttr<'a> {
    /// `MESSAGES`
    Messages,
    /// `RECENT` (IMAP4rev1)
    Recent,
    /// `UIDNEXT`
    UidNext,
    /// `UIDVALIDITY`
    UidValidity,
    /// `UNSEEN`
    Unseen,
    /// `DELETED`
    Deleted,
    /// `SIZE`
    Size,
    /// `HIGHESTMODSEQ` (RFC 7162)
    HighestModSeq,
    /// `APPENDLIMIT` (RFC 7889)
    AppendLimit,
    /// `MAILBOXID` (RFC 8474)
    MailboxId,
    /// Any other attribute.
    Other(Atom<'a>),
}

impl<'a> StatusAttr<'a> {
    pub(crate) const KNOWN: [(&'static str, StatusAttr<'static>); 10] = [
        ("MESSAGES", StatusAttr::Messages),
        ("RECENT", StatusAttr::Recent),
        ("UIDNEXT", StatusAttr::UidNext),
        ("UIDVALIDITY", StatusAttr::UidValidity),
        ("UNSEEN", StatusAttr::Unseen),
        ("DELETED", StatusAttr::Deleted),
        ("SIZE", StatusAttr::Size),
        ("HIGHESTMODSEQ", StatusAttr::HighestModSeq),
        ("APPENDLIMIT", StatusAttr::AppendLimit),
        ("MAILBOXID", StatusAttr::MailboxId),
    ];

    /// The attribute named `a` (any case).
    pub fn from_atom(a: Atom<'a>) -> Self {
        for (n, s) in Self::KNOWN {
            if a.eq_ignore_case(n) {
                return s;
            }
        }
        StatusAttr::Other(a)
    }

    /// The attribute's name.
    pub fn name(&self) -> &str {
        match self {
            StatusAttr::Other(a) => a.as_str(),
            known => Self::KNOWN
                .iter()
                .find(|(_, s)| s == known)
                .map_or("", |(n, _)| n),
        }
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> StatusAttr<'static> {
        match self {
            StatusAttr::Other(a) => StatusAttr::Other(a.into_owned()),
            known => Self::KNOWN
                .into_iter()
                .find(|(_, s)| *s == known)
                .map_or(StatusAttr::Messages, |(_, s)| s),
        }
    }
}

/// How APPEND carries a message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AppendData<'a> {
    /// `literal` or, with BINARY (RFC 3516), `literal8`.
    Literal(Literal<'a>),
    /// `utf8-literal = "UTF8" SP "(" literal8 ")"` (RFC 6855 §4, under UTF8=ACCEPT).
    ///
    /// The grammar takes a `literal8` and nothing else, so the encoder always
    /// writes `~{n}` here, whatever the literal's [`LiteralKind`]; the parser reads
    /// it back as [`LiteralKind::Binary`]. Build it with [`AppendData::utf8`] (or
    /// a `Binary` literal) for a value that decodes equal to itself.
    ///
    /// [`LiteralKind`]: super::LiteralKind
    /// [`LiteralKind::Binary`]: super::LiteralKind::Binary
    Utf8(Literal<'a>),
}

impl<'a> AppendData<'a> {
    /// `"UTF8" SP "(" literal8 ")"`: a message with UTF-8 headers (RFC 6855 §4), as
    /// the `literal8` the grammar requires.
    pub fn utf8(message: impl Into<mail_proto_core::Payload<'a>>) -> Self {
        AppendData::Utf8(Literal::new(message, super::LiteralKind::Binary))
    }
}

/// One message of APPEND (several with MULTIAPPEND, RFC 3502):
/// `[SP flag-list] [SP date-time] SP literal`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppendMessage<'a> {
    /// The flags to set; empty writes none.
    pub flags: Vec<Flag<'a>>,
    /// The internal date to set.
    pub date: Option<DateTime>,
    /// The message.
    pub data: AppendData<'a>,
}

impl<'a> AppendMessage<'a> {
    /// A message with no flags and no date.
    pub fn new(data: Literal<'a>) -> Self {
        AppendMessage {
            flags: Vec::new(),
            date: None,
            data: AppendData::Literal(data),
        }
    }
}

/// Which flags STORE changes: `["+" / "-"] "FLAGS"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StoreAction {
    /// `FLAGS`: replace.
    Replace,
    /// `+FLAGS`: add.
    Add,
    /// `-FLAGS`: remove.
    Remove,
}

/// What STORE changes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreItems<'a> {
    /// `FLAGS (...)`
    Flags(Vec<Flag<'a>>),
    /// `X-GM-LABELS (...)` (Gmail)
    GmailLabels(Vec<GmailLabel<'a>>),
}

/// `getmetadata-option` (RFC 5464).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetadataOption {
    /// `MAXSIZE number`
    MaxSize(u32),
    /// `DEPTH 0`, `DEPTH 1` or `DEPTH infinity`.
    Depth(MetadataDepth),
}

/// The depth of GETMETADATA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetadataDepth {
    /// `0`: the entry only.
    Zero,
    /// `1`: the entry and its children.
    One,
    /// `infinity`: the whole subtree.
    Infinity,
}

/// The value of a METADATA entry: `value = nstring / literal8`; `None` is NIL (which
/// SETMETADATA uses to remove an entry).
pub type MetadataValue<'a> = Option<Literal<'a>>;

/// `charset = atom / quoted`: what the strict grammar reads, non-empty text without
/// `CR`, `LF` or `NUL`, in UTF-8 (RFC 9051 `QUOTED-CHAR`). A charset with other 8-bit
/// bytes, which only a lenient parser keeps (`loose_quoted`), has no strict form.
fn charset_ok(c: Option<&IString<'_>>) -> Result<(), ValueError> {
    match c {
        Some(c)
            if !super::chars::all_nonempty(c.as_bytes(), super::chars::is_text_byte)
                || std::str::from_utf8(c.as_bytes()).is_err() =>
        {
            Err(ValueError::new(
                "charset",
                "must be 1 or more UTF-8 characters but NUL, CR and LF",
            ))
        }
        _ => Ok(()),
    }
}

/// `search-key = ... / "(" search-key *(SP search-key) ")"`: a parenthesised list
/// ([`SearchKey::And`]) holds at least one key, at any depth.
fn search_keys_ok(keys: &[SearchKey<'_>]) -> Result<(), ValueError> {
    keys.iter().try_for_each(|k| match k {
        SearchKey::And(v) if v.is_empty() => Err(ValueError::new(
            "SEARCH key list",
            "must not be empty: \"(\" search-key *(SP search-key) \")\"",
        )),
        SearchKey::And(v) => search_keys_ok(v),
        SearchKey::Not(k) => search_keys_ok(std::slice::from_ref(k)),
        SearchKey::Or(a, b) => {
            search_keys_ok(std::slice::from_ref(a))?;
            search_keys_ok(std::slice::from_ref(b))
        }
        _ => Ok(()),
    })
}

/// `id-params-list` (RFC 2971): field names and values.
pub type IdParams<'a> = Vec<(IString<'a>, NString<'a>)>;

/// What a command asks. Names follow the RFCs; the UID forms have `uid: true`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CommandBody<'a> {
    /// `CAPABILITY`
    Capability,
    /// `NOOP`
    Noop,
    /// `LOGOUT`
    Logout,
    /// `STARTTLS`
    StartTls,
    /// `"AUTHENTICATE" SP auth-type [SP initial-resp]` (SASL-IR, RFC 4959)
    Authenticate {
        /// The SASL mechanism.
        mechanism: Atom<'a>,
        /// The initial response; `Some` of an empty one is `=`.
        initial: Option<SaslData>,
    },
    /// `"LOGIN" SP userid SP password`
    Login {
        /// `userid = astring`
        username: AString<'a>,
        /// `password = astring`
        password: SecretString<'a>,
    },
    /// `"ENABLE" 1*(SP capability)` (RFC 5161); never empty.
    Enable(Vec<Capability<'a>>),
    /// `"SELECT" SP mailbox [select-params]`
    Select {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// `select-params = SP "(" select-param *(SP select-param) ")"`
        params: Vec<SelectParam<'a>>,
    },
    /// `"EXAMINE" SP mailbox [select-params]`
    Examine {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The parameters.
        params: Vec<SelectParam<'a>>,
    },
    /// `"CREATE" SP mailbox [create-params]`; `USE (...)` of RFC 6154 is the one
    /// parameter modelled.
    Create {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// `"USE" SP "(" [use-attr *(SP use-attr)] ")"`, the attributes without `\`.
        special_use: Vec<Atom<'a>>,
    },
    /// `"DELETE" SP mailbox`
    Delete(Mailbox<'a>),
    /// `"RENAME" SP mailbox SP mailbox`
    Rename {
        /// The old name.
        from: Mailbox<'a>,
        /// The new name.
        to: Mailbox<'a>,
    },
    /// `"SUBSCRIBE" SP mailbox`
    Subscribe(Mailbox<'a>),
    /// `"UNSUBSCRIBE" SP mailbox`
    Unsubscribe(Mailbox<'a>),
    /// `"LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]`
    /// (RFC 5258 LIST-EXTENDED).
    List {
        /// `list-select-opts`; `None` writes none (basic LIST), `Some(vec![])` `()`.
        selection: Option<Vec<ListSelectOpt<'a>>>,
        /// The reference name.
        reference: Mailbox<'a>,
        /// `mbox-or-pat = list-mailbox / patterns`; never empty. More than one is
        /// written `(p1 p2)`.
        patterns: Vec<ListMailbox<'a>>,
        /// `list-return-opts`; `None` writes none.
        returns: Option<Vec<ListReturnOpt<'a>>>,
    },
    /// `"LSUB" SP mailbox SP list-mailbox` (IMAP4rev1)
    Lsub {
        /// The reference name.
        reference: Mailbox<'a>,
        /// The pattern.
        pattern: ListMailbox<'a>,
    },
    /// `NAMESPACE` (RFC 2342)
    Namespace,
    /// `"STATUS" SP mailbox SP "(" status-att *(SP status-att) ")"`
    Status {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The attributes; never empty.
        items: Vec<StatusAttr<'a>>,
    },
    /// `"APPEND" SP mailbox 1*append-message` (MULTIAPPEND, RFC 3502)
    Append {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The messages; never empty.
        messages: Vec<AppendMessage<'a>>,
    },
    /// `"IDLE" CRLF "DONE"` (RFC 2177): the command line; `DONE` is its own line
    /// ([`parse_idle_done`](crate::parse::parse_idle_done)).
    Idle,
    /// `CHECK` (IMAP4rev1)
    Check,
    /// `CLOSE`
    Close,
    /// `UNSELECT` (RFC 3691)
    Unselect,
    /// `EXPUNGE`, or `"UID EXPUNGE" SP sequence-set` (RFC 4315).
    Expunge {
        /// The UIDs of `UID EXPUNGE`.
        uids: Option<SequenceSet>,
    },
    /// `"SEARCH" [search-return-opts] SP search-program`, or UID SEARCH.
    Search {
        /// `UID SEARCH`
        uid: bool,
        /// `search-return-opts` (ESEARCH, RFC 4731); `None` writes none.
        returns: Option<Vec<SearchReturnOpt<'a>>>,
        /// `"CHARSET" SP charset`
        charset: Option<IString<'a>>,
        /// The keys, all of which must match; never empty.
        criteria: Vec<SearchKey<'a>>,
    },
    /// `"FETCH" SP sequence-set SP (macro / fetch-att / "(" ... ")") [fetch-modifiers]`
    Fetch {
        /// `UID FETCH`
        uid: bool,
        /// The messages.
        set: SequenceSet,
        /// What to fetch.
        spec: FetchSpec<'a>,
        /// `fetch-modifiers` (RFC 4466; CHANGEDSINCE and VANISHED of RFC 7162).
        modifiers: Vec<FetchModifier<'a>>,
    },
    /// `"STORE" SP sequence-set [store-modifiers] SP store-att-flags`
    Store {
        /// `UID STORE`
        uid: bool,
        /// The messages.
        set: SequenceSet,
        /// `UNCHANGEDSINCE` (RFC 7162).
        unchanged_since: Option<u64>,
        /// Replace, add or remove.
        action: StoreAction,
        /// `.SILENT`: no untagged FETCH back.
        silent: bool,
        /// The flags or labels.
        items: StoreItems<'a>,
    },
    /// `"COPY" SP sequence-set SP mailbox`
    Copy {
        /// `UID COPY`
        uid: bool,
        /// The messages.
        set: SequenceSet,
        /// The destination.
        mailbox: Mailbox<'a>,
    },
    /// `"MOVE" SP sequence-set SP mailbox` (RFC 6851)
    Move {
        /// `UID MOVE`
        uid: bool,
        /// The messages.
        set: SequenceSet,
        /// The destination.
        mailbox: Mailbox<'a>,
    },
    /// `"ID" SP id-params-list` (RFC 2971); `None` is NIL.
    Id(Option<IdParams<'a>>),
    /// `"GETQUOTA" SP quota-root-name` (RFC 9208)
    GetQuota(AString<'a>),
    /// `"GETQUOTAROOT" SP mailbox`
    GetQuotaRoot(Mailbox<'a>),
    /// `"SETQUOTA" SP quota-root-name SP setquota-list`
    SetQuota {
        /// The quota root.
        root: AString<'a>,
        /// `setquota-resource = resource-name SP resource-limit`
        limits: Vec<(Atom<'a>, u64)>,
    },
    /// `"SORT" SP sort-criteria SP search-criteria` (RFC 5256), or UID SORT.
    Sort {
        /// `UID SORT`
        uid: bool,
        /// `sort-return-opts` (ESORT, RFC 5267); `None` writes none.
        returns: Option<Vec<SearchReturnOpt<'a>>>,
        /// `sort-criteria`; never empty.
        criteria: Vec<SortCriterion>,
        /// The charset (required by the grammar).
        charset: IString<'a>,
        /// The search keys; never empty.
        search: Vec<SearchKey<'a>>,
    },
    /// `"THREAD" SP thread-alg SP search-criteria` (RFC 5256), or UID THREAD.
    Thread {
        /// `UID THREAD`
        uid: bool,
        /// The algorithm.
        algorithm: ThreadAlgorithm<'a>,
        /// The charset.
        charset: IString<'a>,
        /// The search keys; never empty.
        search: Vec<SearchKey<'a>>,
    },
    /// `"GETMETADATA" [SP getmetadata-options] SP mailbox SP entries` (RFC 5464)
    GetMetadata {
        /// MAXSIZE and DEPTH.
        options: Vec<MetadataOption>,
        /// The mailbox (`""` for the server).
        mailbox: Mailbox<'a>,
        /// The entries; never empty.
        entries: Vec<AString<'a>>,
    },
    /// `"SETMETADATA" SP mailbox SP "(" entry-value *(SP entry-value) ")"`
    SetMetadata {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The entries and their values; never empty.
        entries: Vec<(AString<'a>, MetadataValue<'a>)>,
    },
    /// `"GETACL" SP mailbox` (RFC 4314)
    GetAcl(Mailbox<'a>),
    /// `"SETACL" SP mailbox SP identifier SP mod-rights`
    SetAcl {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Whose rights.
        identifier: AString<'a>,
        /// `mod-rights = astring`: the rights, with a leading `+` or `-` to add or
        /// remove.
        rights: AString<'a>,
    },
    /// `"DELETEACL" SP mailbox SP identifier`
    DeleteAcl {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Whose rights.
        identifier: AString<'a>,
    },
    /// `"LISTRIGHTS" SP mailbox SP identifier`
    ListRights {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Whose rights.
        identifier: AString<'a>,
    },
    /// `"MYRIGHTS" SP mailbox`
    MyRights(Mailbox<'a>),
    /// `"COMPRESS" SP algorithm` (RFC 4978)
    Compress(Atom<'a>),
    /// Any other command, kept as sent: its name and the rest of the line.
    Other {
        /// The command's name.
        name: Atom<'a>,
        /// Everything after the name's `SP` up to `CRLF` (empty if none).
        rest: RawValue<'a>,
    },
}

impl CommandBody<'_> {
    /// The command's name as written on the wire.
    pub fn name(&self) -> &str {
        use CommandBody as C;
        let uid = |u: bool, a: &'static str, b: &'static str| if u { a } else { b };
        match self {
            C::Capability => "CAPABILITY",
            C::Noop => "NOOP",
            C::Logout => "LOGOUT",
            C::StartTls => "STARTTLS",
            C::Authenticate { .. } => "AUTHENTICATE",
            C::Login { .. } => "LOGIN",
            C::Enable(_) => "ENABLE",
            C::Select { .. } => "SELECT",
            C::Examine { .. } => "EXAMINE",
            C::Create { .. } => "CREATE",
            C::Delete(_) => "DELETE",
            C::Rename { .. } => "RENAME",
            C::Subscribe(_) => "SUBSCRIBE",
            C::Unsubscribe(_) => "UNSUBSCRIBE",
            C::List { .. } => "LIST",
            C::Lsub { .. } => "LSUB",
            C::Namespace => "NAMESPACE",
            C::Status { .. } => "STATUS",
            C::Append { .. } => "APPEND",
            C::Idle => "IDLE",
            C::Check => "CHECK",
            C::Close => "CLOSE",
            C::Unselect => "UNSELECT",
            C::Expunge { uids } => uid(uids.is_some(), "UID EXPUNGE", "EXPUNGE"),
            C::Search { uid: u, .. } => uid(*u, "UID SEARCH", "SEARCH"),
            C::Fetch { uid: u, .. } => uid(*u, "UID FETCH", "FETCH"),
            C::Store { uid: u, .. } => uid(*u, "UID STORE", "STORE"),
            C::Copy { uid: u, .. } => uid(*u, "UID COPY", "COPY"),
            C::Move { uid: u, .. } => uid(*u, "UID MOVE", "MOVE"),
            C::Id(_) => "ID",
            C::GetQuota(_) => "GETQUOTA",
            C::GetQuotaRoot(_) => "GETQUOTAROOT",
            C::SetQuota { .. } => "SETQUOTA",
            C::Sort { uid: u, .. } => uid(*u, "UID SORT", "SORT"),
            C::Thread { uid: u, .. } => uid(*u, "UID THREAD", "THREAD"),
            C::GetMetadata { .. } => "GETMETADATA",
            C::SetMetadata { .. } => "SETMETADATA",
            C::GetAcl(_) => "GETACL",
            C::SetAcl { .. } => "SETACL",
            C::DeleteAcl { .. } => "DELETEACL",
            C::ListRights { .. } => "LISTRIGHTS",
            C::MyRights(_) => "MYRIGHTS",
            C::Compress(_) => "COMPRESS",
            C::Other { name, .. } => name.as_str(),
        }
    }

    /// Checks the rules the types alone cannot hold: lists that must not be empty
    /// (ENABLE's capabilities, FETCH attributes, a `SearchKey::And` at any depth,
    /// LIST patterns, ...). [`encode_command`](crate::encode_command) calls it and
    /// refuses what it refuses (and, besides, a string holding NUL), so no invalid
    /// command is written; call it to check a command early.
    pub fn validate(&self) -> Result<(), ValueError> {
        use CommandBody as C;
        let nonempty = |empty: bool, what: &'static str| {
            if empty {
                Err(ValueError::new(what, "must not be empty"))
            } else {
                Ok(())
            }
        };
        match self {
            C::Enable(v) => nonempty(v.is_empty(), "ENABLE capabilities"),
            C::List {
                patterns, returns, ..
            } => {
                nonempty(patterns.is_empty(), "LIST patterns")?;
                let empty_status = returns
                    .iter()
                    .flatten()
                    .any(|r| matches!(r, ListReturnOpt::Status(s) if s.is_empty()));
                nonempty(empty_status, "LIST RETURN STATUS attributes")
            }
            C::Status { items, .. } => nonempty(items.is_empty(), "STATUS attributes"),
            C::Append { messages, .. } => nonempty(messages.is_empty(), "APPEND messages"),
            C::Search {
                criteria, charset, ..
            } => {
                charset_ok(charset.as_ref())?;
                nonempty(criteria.is_empty(), "SEARCH criteria")?;
                search_keys_ok(criteria)
            }
            C::Fetch {
                spec: FetchSpec::Attrs(a),
                ..
            } => nonempty(a.is_empty(), "FETCH attributes"),
            C::Sort {
                criteria,
                search,
                charset,
                ..
            } => {
                charset_ok(Some(charset))?;
                nonempty(criteria.is_empty(), "SORT criteria")?;
                nonempty(search.is_empty(), "SORT search criteria")?;
                search_keys_ok(search)
            }
            C::Thread {
                search, charset, ..
            } => {
                charset_ok(Some(charset))?;
                nonempty(search.is_empty(), "THREAD search criteria")?;
                search_keys_ok(search)
            }
            C::GetMetadata { entries, .. } => nonempty(entries.is_empty(), "GETMETADATA entries"),
            C::SetMetadata { entries, .. } => nonempty(entries.is_empty(), "SETMETADATA entries"),
            C::Id(Some(v)) if v.len() > 30 => Err(ValueError::new(
                "ID parameters",
                "must be at most 30 pairs (RFC 2971)",
            )),
            _ => Ok(()),
        }
    }
}
