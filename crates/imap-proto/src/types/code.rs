//! Response codes: `resp-text-code` (RFC 9051 §7.1, RFC 5530, RFC 4315, RFC 7162).

use std::borrow::Cow;
use std::num::NonZeroU32;

use super::capability::Capability;
use super::core::{Atom, IString, Text};
use super::flag::FlagPerm;
use super::sequence::SequenceSet;

/// `resp-text = ["[" resp-text-code "]" SP] [text]`
///
/// Without a code, a text that starts with `[` and holds a `]` reads back as a code
/// (the grammar is ambiguous there, and every IMAP parser takes the code): give such
/// text a code, or do not start it with `[`. A `[` with no `]` after it is plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RespText<'a> {
    /// The response code, if any.
    pub code: Option<Code<'a>>,
    /// The human-readable text.
    pub text: Text<'a>,
}

impl<'a> RespText<'a> {
    /// Text without a code.
    pub fn text(text: Text<'a>) -> Self {
        RespText { code: None, text }
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> RespText<'static> {
        RespText {
            code: self.code.map(Code::into_owned),
            text: self.text.into_owned(),
        }
    }
}

macro_rules! simple_codes {
    ($($variant:ident => $name:literal;)*) => {
        /// A response code without data (RFC 9051 §7.1, RFC 5530, RFC 4315, RFC 7162).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum SimpleCode {
            $(#[doc = concat!("`", $name, "`")] $variant,)*
        }

        impl SimpleCode {
            /// The code for `name` (any case).
            pub fn from_name(name: &[u8]) -> Option<Self> {
                $(if name.eq_ignore_ascii_case($name.as_bytes()) { return Some(SimpleCode::$variant); })*
                None
            }

            /// The name as IMAP writes it.
            pub fn name(self) -> &'static str {
                match self { $(SimpleCode::$variant => $name,)* }
            }
        }
    };
}

simple_codes! {
    Alert => "ALERT";
    Parse => "PARSE";
    ReadOnly => "READ-ONLY";
    ReadWrite => "READ-WRITE";
    TryCreate => "TRYCREATE";
    UidNotSticky => "UIDNOTSTICKY";
    NoModSeq => "NOMODSEQ";
    Closed => "CLOSED";
    Unavailable => "UNAVAILABLE";
    AuthenticationFailed => "AUTHENTICATIONFAILED";
    AuthorizationFailed => "AUTHORIZATIONFAILED";
    Expired => "EXPIRED";
    PrivacyRequired => "PRIVACYREQUIRED";
    ContactAdmin => "CONTACTADMIN";
    NoPerm => "NOPERM";
    InUse => "INUSE";
    ExpungeIssued => "EXPUNGEISSUED";
    Corruption => "CORRUPTION";
    ServerBug => "SERVERBUG";
    ClientBug => "CLIENTBUG";
    Cannot => "CANNOT";
    Limit => "LIMIT";
    OverQuota => "OVERQUOTA";
    AlreadyExists => "ALREADYEXISTS";
    NonExistent => "NONEXISTENT";
    NotSaved => "NOTSAVED";
    HasChildren => "HASCHILDREN";
    UnknownCte => "UNKNOWN-CTE";
    CompressionActive => "COMPRESSIONACTIVE";
}

/// The `METADATA` response code's forms (RFC 5464).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetadataCode {
    /// `LONGENTRIES number`: GETMETADATA's MAXSIZE left out entries; the size of the
    /// largest one.
    LongEntries(u32),
    /// `MAXSIZE number`: SETMETADATA refused a value over this size.
    MaxSize(u32),
    /// `TOOMANY`: SETMETADATA refused, too many annotations.
    TooMany,
    /// `NOPRIVATE`: the server does not support private annotations.
    NoPrivate,
}

/// `resp-text-code`
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Code<'a> {
    /// A code without data.
    Simple(SimpleCode),
    /// `"BADCHARSET" [SP "(" charset *(SP charset) ")"]`; `charset = atom / quoted`.
    BadCharset(Vec<IString<'a>>),
    /// `capability-data`
    Capability(Vec<Capability<'a>>),
    /// `"PERMANENTFLAGS" SP "(" [flag-perm *(SP flag-perm)] ")"`
    PermanentFlags(Vec<FlagPerm<'a>>),
    /// `"UIDNEXT" SP nz-number`
    UidNext(NonZeroU32),
    /// `"UIDVALIDITY" SP nz-number`
    UidValidity(NonZeroU32),
    /// `"UNSEEN" SP nz-number` (IMAP4rev1)
    Unseen(NonZeroU32),
    /// `resp-code-apnd = "APPENDUID" SP nz-number SP append-uid` (RFC 4315; a uid-set
    /// with MULTIAPPEND)
    AppendUid {
        /// UIDVALIDITY of the destination.
        uid_validity: NonZeroU32,
        /// UIDs of the appended messages.
        uids: SequenceSet,
    },
    /// `resp-code-copy = "COPYUID" SP nz-number SP uid-set SP uid-set`
    CopyUid {
        /// UIDVALIDITY of the destination.
        uid_validity: NonZeroU32,
        /// Source UIDs.
        source: SequenceSet,
        /// Destination UIDs.
        destination: SequenceSet,
    },
    /// `"HIGHESTMODSEQ" SP mod-sequence-value` (RFC 7162)
    HighestModSeq(u64),
    /// `"MODIFIED" SP sequence-set` (RFC 7162)
    Modified(SequenceSet),
    /// `"MAILBOXID" SP "(" objectid ")"` (RFC 8474 §4.1): the new mailbox's id, in
    /// the reply to CREATE.
    MailboxId(Atom<'a>),
    /// `"METADATA" SP ("LONGENTRIES" SP number / "MAXSIZE" SP number / "TOOMANY" /
    /// "NOPRIVATE")` (RFC 5464 §4.2.1, §4.3)
    Metadata(MetadataCode),
    /// `atom [SP 1*<any TEXT-CHAR except "]">]`: any other code, kept as sent.
    Other(OtherCode<'a>),
}

/// The names of the codes this crate reads into their own [`Code`] variants (besides
/// the [`SimpleCode`]s): an [`OtherCode`] built by hand may not take them.
const TYPED_CODE_NAMES: &[&str] = &[
    "BADCHARSET",
    "CAPABILITY",
    "PERMANENTFLAGS",
    "UIDNEXT",
    "UIDVALIDITY",
    "UNSEEN",
    "APPENDUID",
    "COPYUID",
    "HIGHESTMODSEQ",
    "MODIFIED",
    "METADATA",
    "MAILBOXID",
];

/// A response code this crate does not type: `atom [SP 1*<any TEXT-CHAR except "]">]`.
///
/// Built by [`OtherCode::new`], which checks what the encoder writes: the data holds no
/// `]`, `CR`, `LF` or `NUL` (nothing can end the code or the line early and forge a
/// response after it), is not empty, and is UTF-8; and the name is not one this crate
/// reads as a typed code (`ALERT`, `UIDNEXT`, ...), which would come back as another
/// value. A code read from a server may still carry such a name with data of another
/// shape (`[UIDVALIDITY 0]` under a tolerance), kept as sent, and 8-bit data that is not
/// UTF-8 under [`Lenient::loose_quoted`](crate::Lenient).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherCode<'a> {
    name: Atom<'a>,
    data: Option<Cow<'a, [u8]>>,
}

impl<'a> OtherCode<'a> {
    /// Checks `name` and `data` (see the type).
    pub fn new(
        name: Atom<'a>,
        data: Option<impl Into<Cow<'a, [u8]>>>,
    ) -> Result<Self, crate::ValueError> {
        let data = data.map(Into::into);
        let n = name.as_str();
        if SimpleCode::from_name(n.as_bytes()).is_some()
            || TYPED_CODE_NAMES.iter().any(|t| t.eq_ignore_ascii_case(n))
        {
            return Err(crate::ValueError::new(
                "response code",
                "has the name of a code this crate types: build that variant",
            ));
        }
        if let Some(d) = &data {
            if d.is_empty() {
                return Err(crate::ValueError::new("response code data", "is empty"));
            }
            if !d
                .iter()
                .all(|&b| b != b']' && super::chars::is_text_byte(b))
            {
                return Err(crate::ValueError::new(
                    "response code data",
                    "holds ], CR, LF or NUL",
                ));
            }
            if std::str::from_utf8(d).is_err() {
                return Err(crate::ValueError::new("response code data", "is not UTF-8"));
            }
        }
        Ok(OtherCode { name, data })
    }

    /// What the parser read: data already limited to TEXT-CHAR but `]`, not empty.
    pub(crate) fn read(name: Atom<'a>, data: Option<&'a [u8]>) -> Self {
        OtherCode {
            name,
            data: data.map(Cow::Borrowed),
        }
    }

    /// The code's name.
    pub fn name(&self) -> &Atom<'a> {
        &self.name
    }

    /// Its data, if any.
    pub fn data(&self) -> Option<&[u8]> {
        self.data.as_deref()
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> OtherCode<'static> {
        OtherCode {
            name: self.name.into_owned(),
            data: self.data.map(|d| Cow::Owned(d.into_owned())),
        }
    }
}

impl Code<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> Code<'static> {
        match self {
            Code::Simple(s) => Code::Simple(s),
            Code::BadCharset(v) => {
                Code::BadCharset(v.into_iter().map(IString::into_owned).collect())
            }
            Code::Capability(v) => {
                Code::Capability(v.into_iter().map(Capability::into_owned).collect())
            }
            Code::PermanentFlags(v) => {
                Code::PermanentFlags(v.into_iter().map(FlagPerm::into_owned).collect())
            }
            Code::UidNext(n) => Code::UidNext(n),
            Code::UidValidity(n) => Code::UidValidity(n),
            Code::Unseen(n) => Code::Unseen(n),
            Code::AppendUid { uid_validity, uids } => Code::AppendUid { uid_validity, uids },
            Code::CopyUid {
                uid_validity,
                source,
                destination,
            } => Code::CopyUid {
                uid_validity,
                source,
                destination,
            },
            Code::HighestModSeq(n) => Code::HighestModSeq(n),
            Code::Modified(s) => Code::Modified(s),
            Code::MailboxId(id) => Code::MailboxId(id.into_owned()),
            Code::Metadata(m) => Code::Metadata(m),
            Code::Other(o) => Code::Other(o.into_owned()),
        }
    }
}
