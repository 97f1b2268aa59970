//! POP3 commands (RFC 1939 §§4-7, RFC 2449 §5, RFC 2595 §4, RFC 5034 §4, RFC 6856).

use std::fmt;
use std::num::NonZeroU32;

use mail_proto_core::Secret;

use super::apop::ApopDigest;
use super::capa::AuthMechanism;
use super::text::{Atom, Text};
use crate::error::InvalidValue;

/// A message number: 1 or more (RFC 1939 §5, "messages ... are numbered starting
/// at 1"). Zero and values past `u32::MAX` are refused when parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageNumber(NonZeroU32);

impl MessageNumber {
    /// `None` for 0.
    pub fn new(n: u32) -> Option<Self> {
        NonZeroU32::new(n).map(MessageNumber)
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0.get()
    }

    /// The 0-based index into a maildrop listing.
    pub fn index(self) -> usize {
        (self.0.get() - 1) as usize
    }

    /// The number of the message at 0-based `index`, `None` past `u32::MAX`.
    pub fn from_index(index: usize) -> Option<Self> {
        u32::try_from(index.checked_add(1)?)
            .ok()
            .and_then(Self::new)
    }
}

impl fmt::Display for MessageNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The argument of PASS: the rest of the line, which may hold spaces (RFC 1939 §7,
/// "Since the PASS command has exactly one argument, a POP3 server may treat spaces
/// in the argument as part of the password"). Never printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(Secret);

impl Password {
    /// Checks `value`: non-empty, no `CR`, `LF` or `NUL`.
    pub fn new(value: impl Into<String>) -> Result<Self, InvalidValue> {
        let value = value.into();
        if value.is_empty() {
            return Err(InvalidValue::new("password", "empty"));
        }
        Text::new(value.as_str())
            .map_err(|_| InvalidValue::new("password", "holds CR, LF or NUL"))?;
        Ok(Password(Secret::new(value)))
    }

    /// The secret.
    pub fn secret(&self) -> &Secret {
        &self.0
    }

    /// The secret, unwrapped.
    pub fn into_secret(self) -> Secret {
        self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// The initial-response argument of AUTH (RFC 5034 §4: `base64 / "="`).
#[derive(Clone, PartialEq, Eq)]
pub struct InitialResponse(Secret);

impl InitialResponse {
    /// Checks `value`: base64 characters, or `=` for an empty response.
    pub fn new(value: impl Into<String>) -> Result<Self, InvalidValue> {
        let value = value.into();
        if !mail_proto_core::sasl::is_initial_response(&value) {
            return Err(InvalidValue::new("initial response", "not base64 or \"=\""));
        }
        Ok(InitialResponse(Secret::new(value)))
    }

    /// The line as sent (base64, or `=`).
    pub fn as_str(&self) -> &str {
        self.0.expose()
    }
}

impl fmt::Debug for InitialResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InitialResponse(<redacted>)")
    }
}

/// A POP3 command. Keywords are case-insensitive on input and written in upper case.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Command<'a> {
    /// `USER name` (RFC 1939 §7).
    User(Atom<'a>),
    /// `PASS string` (RFC 1939 §7).
    Pass(Password),
    /// `APOP name digest` (RFC 1939 §7).
    Apop {
        /// The mailbox name.
        name: Atom<'a>,
        /// The MD5 digest of timestamp and shared secret.
        digest: ApopDigest,
    },
    /// `STAT` (RFC 1939 §5).
    Stat,
    /// `LIST [msg]` (RFC 1939 §5): multi-line without an argument.
    List(Option<MessageNumber>),
    /// `RETR msg` (RFC 1939 §5).
    Retr(MessageNumber),
    /// `DELE msg` (RFC 1939 §5).
    Dele(MessageNumber),
    /// `NOOP` (RFC 1939 §5).
    Noop,
    /// `RSET` (RFC 1939 §5).
    Rset,
    /// `QUIT` (RFC 1939 §§4, 6).
    Quit,
    /// `TOP msg n` (RFC 1939 §7).
    Top {
        /// The message.
        msg: MessageNumber,
        /// How many body lines to send after the header.
        lines: u64,
    },
    /// `UIDL [msg]` (RFC 1939 §7): multi-line without an argument.
    Uidl(Option<MessageNumber>),
    /// `CAPA` (RFC 2449 §5).
    Capa,
    /// `STLS` (RFC 2595 §4).
    Stls,
    /// `AUTH` without an argument: some servers list their mechanisms (RFC 1734
    /// practice, kept for interoperability).
    AuthList,
    /// `AUTH mechanism [initial-response]` (RFC 5034 §4).
    Auth {
        /// The SASL mechanism.
        mechanism: AuthMechanism,
        /// The initial response, if sent with the command.
        initial_response: Option<InitialResponse>,
    },
    /// `UTF8` (RFC 6856 §2.1).
    Utf8,
    /// `LANG [lang-or-wild]` (RFC 6856 §3): no argument lists the languages.
    Lang(Option<Atom<'a>>),
    /// Any other keyword, with the rest of its line as sent.
    Unknown {
        /// The keyword as sent.
        keyword: Atom<'a>,
        /// What followed the keyword and its space, if anything.
        args: Option<Text<'a>>,
    },
}

impl Command<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> Command<'static> {
        match self {
            Command::User(n) => Command::User(n.into_owned()),
            Command::Pass(p) => Command::Pass(p),
            Command::Apop { name, digest } => Command::Apop {
                name: name.into_owned(),
                digest,
            },
            Command::Stat => Command::Stat,
            Command::List(n) => Command::List(n),
            Command::Retr(n) => Command::Retr(n),
            Command::Dele(n) => Command::Dele(n),
            Command::Noop => Command::Noop,
            Command::Rset => Command::Rset,
            Command::Quit => Command::Quit,
            Command::Top { msg, lines } => Command::Top { msg, lines },
            Command::Uidl(n) => Command::Uidl(n),
            Command::Capa => Command::Capa,
            Command::Stls => Command::Stls,
            Command::AuthList => Command::AuthList,
            Command::Auth {
                mechanism,
                initial_response,
            } => Command::Auth {
                mechanism,
                initial_response,
            },
            Command::Utf8 => Command::Utf8,
            Command::Lang(t) => Command::Lang(t.map(Atom::into_owned)),
            Command::Unknown { keyword, args } => Command::Unknown {
                keyword: keyword.into_owned(),
                args: args.map(Text::into_owned),
            },
        }
    }

    /// The keyword in upper case (the keyword as sent for an unknown command).
    pub fn keyword(&self) -> &str {
        match self {
            Command::User(_) => "USER",
            Command::Pass(_) => "PASS",
            Command::Apop { .. } => "APOP",
            Command::Stat => "STAT",
            Command::List(_) => "LIST",
            Command::Retr(_) => "RETR",
            Command::Dele(_) => "DELE",
            Command::Noop => "NOOP",
            Command::Rset => "RSET",
            Command::Quit => "QUIT",
            Command::Top { .. } => "TOP",
            Command::Uidl(_) => "UIDL",
            Command::Capa => "CAPA",
            Command::Stls => "STLS",
            Command::AuthList | Command::Auth { .. } => "AUTH",
            Command::Utf8 => "UTF8",
            Command::Lang(_) => "LANG",
            Command::Unknown { keyword, .. } => keyword.as_str(),
        }
    }

    /// True if a positive response to this command is multi-line (RFC 1939 §3):
    /// LIST and UIDL without an argument, RETR, TOP, CAPA, and LANG without an
    /// argument (RFC 6856 §3).
    pub fn multi_line_response(&self) -> bool {
        matches!(
            self,
            Command::List(None)
                | Command::Uidl(None)
                | Command::Retr(_)
                | Command::Top { .. }
                | Command::Capa
                | Command::Lang(None)
                | Command::AuthList
        )
    }
}
