//! POP3 commands (RFC 1939 §§4-7, RFC 2449 §5, RFC 2595 §4, RFC 5034 §4, RFC 6856).

use std::borrow::Cow;
use std::fmt;
use std::num::NonZeroU32;

use mail_proto_core::Secret;

use super::apop::ApopDigest;
use super::capa::AuthMechanism;
use super::text::{Atom, MAX_ARG_LEN, Text};
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
    /// Checks `value`: non-empty, at most [`MAX_ARG_LEN`] (40) octets, no `CR`,
    /// `LF` or `NUL`. RFC 2449 §4 limits every argument to 40 characters, and the
    /// default command parser holds PASS's argument (spaces included) to it, so a
    /// longer password could not reach a server running that parser.
    pub fn new(value: impl Into<String>) -> Result<Self, InvalidValue> {
        let value = value.into();
        if value.len() > MAX_ARG_LEN {
            return Err(InvalidValue::new("password", "longer than 40 octets"));
        }
        Self::parsed(value)
    }

    /// A password as a parser found it, under whatever length limit it was given.
    pub(crate) fn parsed(value: impl Into<String>) -> Result<Self, InvalidValue> {
        let value = value.into();
        if value.is_empty() {
            return Err(InvalidValue::new("password", "empty"));
        }
        Text::parsed(value.as_str())
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
    /// The longest initial response that fits an AUTH line at all: `"AUTH" SP
    /// mech SP initial-response CRLF` within 255 octets with a one-letter mechanism
    /// (RFC 5034 §4). A longer mechanism leaves less room; the client sends a
    /// response that does not fit after an empty challenge instead.
    pub const MAX_LEN: usize = MAX_COMMAND_LINE_LEN - "AUTH x ".len() - "\r\n".len();

    /// Checks `value`: base64 characters, or `=` for an empty response, at most
    /// [`MAX_LEN`](Self::MAX_LEN) octets.
    pub fn new(value: impl Into<String>) -> Result<Self, InvalidValue> {
        let value = value.into();
        if value.len() > Self::MAX_LEN {
            return Err(InvalidValue::new(
                "initial response",
                "longer than an AUTH line allows",
            ));
        }
        Self::parsed(value)
    }

    /// An initial response as a parser found it, under whatever line limit it was
    /// given.
    pub(crate) fn parsed(value: impl Into<String>) -> Result<Self, InvalidValue> {
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
    Unknown(UnknownCommand<'a>),
}

/// The keywords with a typed [`Command`] variant (RFC 1939, RFC 2449, RFC 2595,
/// RFC 5034, RFC 6856); matched case-insensitively.
pub const KNOWN_KEYWORDS: [&str; 17] = [
    "USER", "PASS", "APOP", "STAT", "LIST", "RETR", "DELE", "NOOP", "RSET", "QUIT", "TOP", "UIDL",
    "CAPA", "STLS", "AUTH", "UTF8", "LANG",
];

/// The longest command line, `CRLF` included (RFC 2449 §4: 255 octets).
pub const MAX_COMMAND_LINE_LEN: usize = 255;

/// A command whose keyword has no typed variant, with the rest of its line as
/// sent. Built by [`UnknownCommand::new`], which refuses a known keyword (that line
/// would parse as, or fail as, the known command) and a line past 255 octets, so
/// that what it encodes to parses back equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCommand<'a> {
    keyword: Atom<'a>,
    args: Option<Text<'a>>,
}

impl<'a> UnknownCommand<'a> {
    /// Checks `keyword` (a word of at most 40 octets that is none of
    /// [`KNOWN_KEYWORDS`], in any case) and the line `keyword [SP args] CRLF`
    /// (at most [`MAX_COMMAND_LINE_LEN`] octets).
    pub fn new(
        keyword: impl Into<Cow<'a, str>>,
        args: Option<Text<'a>>,
    ) -> Result<Self, InvalidValue> {
        let keyword = Atom::new(keyword)?;
        if KNOWN_KEYWORDS
            .iter()
            .any(|k| k.eq_ignore_ascii_case(keyword.as_str()))
        {
            return Err(InvalidValue::new(
                "unknown command",
                "the keyword of a known command",
            ));
        }
        let line = keyword.len() + args.as_ref().map_or(0, |a| 1 + a.as_str().len()) + 2;
        if line > MAX_COMMAND_LINE_LEN {
            return Err(InvalidValue::new(
                "unknown command",
                "line longer than 255 octets",
            ));
        }
        Ok(UnknownCommand { keyword, args })
    }

    /// A command as the parser found it: the keyword is not a known one, the line
    /// within the parser's limit.
    pub(crate) fn parsed(keyword: Atom<'a>, args: Option<Text<'a>>) -> Self {
        UnknownCommand { keyword, args }
    }

    /// The keyword as sent.
    pub fn keyword(&self) -> &Atom<'a> {
        &self.keyword
    }

    /// What followed the keyword and its space, if anything.
    pub fn args(&self) -> Option<&Text<'a>> {
        self.args.as_ref()
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> UnknownCommand<'static> {
        UnknownCommand {
            keyword: self.keyword.into_owned(),
            args: self.args.map(Text::into_owned),
        }
    }
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
            Command::Unknown(u) => Command::Unknown(u.into_owned()),
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
            Command::Unknown(u) => u.keyword.as_str(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_commands_refuse_known_keywords_in_any_case() {
        for k in KNOWN_KEYWORDS {
            for spelling in [k.to_string(), k.to_ascii_lowercase(), {
                let mut m = k.to_ascii_lowercase();
                m.replace_range(..1, &k[..1]);
                m
            }] {
                assert!(
                    UnknownCommand::new(spelling.clone(), None).is_err(),
                    "{spelling}"
                );
            }
        }
        assert!(UnknownCommand::new("XTND", None).is_ok());
        assert!(UnknownCommand::new("USERS", None).is_ok());
        assert!(UnknownCommand::new("TO", None).is_ok());
    }

    #[test]
    fn unknown_command_lines_stay_within_255_octets() {
        let args = |n: usize| Some(Text::new("a".repeat(n)).unwrap());
        // "XTND" SP args CRLF: 4 + 1 + 248 + 2 = 255
        assert!(UnknownCommand::new("XTND", args(248)).is_ok());
        assert!(UnknownCommand::new("XTND", args(249)).is_err());
    }

    #[test]
    fn initial_responses_fit_an_auth_line() {
        assert_eq!(InitialResponse::MAX_LEN, 246);
        assert!(InitialResponse::new("A".repeat(244) + "==").is_ok());
        assert!(InitialResponse::new("A".repeat(248)).is_err());
    }

    #[test]
    fn passwords_are_arguments_of_40_octets() {
        assert!(Password::new("p".repeat(40)).is_ok());
        assert!(Password::new("p".repeat(41)).is_err());
        assert!(Password::new(" with spaces ").is_ok());
    }
}
