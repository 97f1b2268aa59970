//! The CAPA list (RFC 2449 §6, RFC 2595 §4, RFC 3206, RFC 5034 §3, RFC 6856).

use std::fmt;

use mail_proto_core::sasl::Mechanism;

use std::borrow::Cow;

use super::text::{Atom, MAX_RESPONSE_LINE_LEN, Text};
use crate::error::InvalidValue;

/// A SASL mechanism as POP3 names it in CAPA's `SASL` line and in AUTH. Every
/// [`Mechanism`] has a valid name (RFC 4422 §3.1 `1*20` of `A-Z 0-9 - _`: only
/// [`Mechanism::parse`] makes an unknown one), so any can be written on a line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AuthMechanism(Mechanism);

impl AuthMechanism {
    /// The mechanism, as it is.
    pub fn new(mechanism: Mechanism) -> Self {
        AuthMechanism(mechanism)
    }

    /// Parses a name (case-insensitive).
    pub fn parse(name: &str) -> Result<Self, InvalidValue> {
        Mechanism::parse(name)
            .map(AuthMechanism)
            .map_err(|_| InvalidValue::new("SASL mechanism", "not 1*20 of A-Z 0-9 - _"))
    }

    /// The mechanism.
    pub fn mechanism(&self) -> &Mechanism {
        &self.0
    }

    /// The canonical name.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl From<Mechanism> for AuthMechanism {
    fn from(mechanism: Mechanism) -> Self {
        AuthMechanism(mechanism)
    }
}

impl From<AuthMechanism> for Mechanism {
    fn from(m: AuthMechanism) -> Mechanism {
        m.0
    }
}

impl fmt::Display for AuthMechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The retention policy of the EXPIRE capability (RFC 2449 §6.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expire {
    /// `NEVER`: the server never deletes messages by itself.
    Never,
    /// Messages may be deleted this many days after they were retrieved (0: the
    /// server deletes them at the end of the session).
    Days(u64),
}

/// One line of a CAPA response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Capability<'a> {
    /// `TOP` (RFC 2449 §6.1).
    Top,
    /// `USER` (RFC 2449 §6.2).
    User,
    /// `SASL mechanisms...` (RFC 2449 §6.3, RFC 5034 §3).
    Sasl(Vec<AuthMechanism>),
    /// `RESP-CODES` (RFC 2449 §6.4).
    RespCodes,
    /// `LOGIN-DELAY seconds [USER]` (RFC 2449 §6.5).
    LoginDelay {
        /// Least seconds between logins.
        seconds: u64,
        /// `USER`: the delay may change after login.
        per_user: bool,
    },
    /// `PIPELINING` (RFC 2449 §6.6).
    Pipelining,
    /// `EXPIRE days|NEVER [USER]` (RFC 2449 §6.7).
    Expire {
        /// The policy.
        policy: Expire,
        /// `USER`: the policy may change after login.
        per_user: bool,
    },
    /// `UIDL` (RFC 2449 §6.8).
    Uidl,
    /// `IMPLEMENTATION text` (RFC 2449 §6.9).
    Implementation(Text<'a>),
    /// `STLS` (RFC 2595 §4).
    Stls,
    /// `AUTH-RESP-CODE` (RFC 3206 §6).
    AuthRespCode,
    /// `UTF8 [USER]` (RFC 6856 §2).
    Utf8 {
        /// `USER`: USER and PASS accept UTF-8 before the UTF8 command.
        user: bool,
    },
    /// `LANG` (RFC 6856 §3).
    Lang,
    /// Any other capability with its arguments.
    Other(OtherCapability<'a>),
}

/// The capability tags with a typed [`Capability`] variant (RFC 2449 §6, RFC 2595
/// §4, RFC 3206 §6, RFC 5034 §3, RFC 6856); matched case-insensitively.
pub const KNOWN_CAPABILITY_TAGS: [&str; 13] = [
    "TOP",
    "USER",
    "SASL",
    "RESP-CODES",
    "LOGIN-DELAY",
    "PIPELINING",
    "EXPIRE",
    "UIDL",
    "IMPLEMENTATION",
    "STLS",
    "AUTH-RESP-CODE",
    "UTF8",
    "LANG",
];

/// A capability without a typed variant: `capa-tag *(SP param)` (RFC 2449 §3),
/// kept as sent. Built by [`OtherCapability::new`], which refuses a known tag (the
/// line would parse as, or fail as, the known capability) and a line past 512
/// octets, so what it encodes to parses back equal. Only the parser makes one with
/// a known tag, for a line such as `TOP x` that the typed variant does not cover;
/// that one encodes back to the same line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherCapability<'a> {
    name: Atom<'a>,
    args: Vec<Atom<'a>>,
}

impl<'a> OtherCapability<'a> {
    /// Checks `name` (a word that is none of [`KNOWN_CAPABILITY_TAGS`], in any
    /// case) and the line `name *(SP arg) CRLF` (at most 512 octets, RFC 2449 §4).
    pub fn new(name: impl Into<Cow<'a, str>>, args: Vec<Atom<'a>>) -> Result<Self, InvalidValue> {
        let name = Atom::new(name)?;
        if KNOWN_CAPABILITY_TAGS
            .iter()
            .any(|t| t.eq_ignore_ascii_case(name.as_str()))
        {
            return Err(InvalidValue::new(
                "capability",
                "the tag of a known capability",
            ));
        }
        let line = name.len() + args.iter().map(|a| 1 + a.len()).sum::<usize>() + 2;
        if line > MAX_RESPONSE_LINE_LEN {
            return Err(InvalidValue::new(
                "capability",
                "line longer than 512 octets",
            ));
        }
        Ok(OtherCapability { name, args })
    }

    /// A capability as the parser found it.
    pub(crate) fn parsed(name: Atom<'a>, args: Vec<Atom<'a>>) -> Self {
        OtherCapability { name, args }
    }

    /// The capability tag as sent.
    pub fn name(&self) -> &Atom<'a> {
        &self.name
    }

    /// Its arguments.
    pub fn args(&self) -> &[Atom<'a>] {
        &self.args
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> OtherCapability<'static> {
        OtherCapability {
            name: self.name.into_owned(),
            args: self.args.into_iter().map(Atom::into_owned).collect(),
        }
    }
}

impl Capability<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> Capability<'static> {
        match self {
            Capability::Top => Capability::Top,
            Capability::User => Capability::User,
            Capability::Sasl(m) => Capability::Sasl(m),
            Capability::RespCodes => Capability::RespCodes,
            Capability::LoginDelay { seconds, per_user } => {
                Capability::LoginDelay { seconds, per_user }
            }
            Capability::Pipelining => Capability::Pipelining,
            Capability::Expire { policy, per_user } => Capability::Expire { policy, per_user },
            Capability::Uidl => Capability::Uidl,
            Capability::Implementation(t) => Capability::Implementation(t.into_owned()),
            Capability::Stls => Capability::Stls,
            Capability::AuthRespCode => Capability::AuthRespCode,
            Capability::Utf8 { user } => Capability::Utf8 { user },
            Capability::Lang => Capability::Lang,
            Capability::Other(o) => Capability::Other(o.into_owned()),
        }
    }
}

/// The capabilities a server announced, in order, with look-ups.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Capabilities<'a> {
    /// Every line, in order.
    pub list: Vec<Capability<'a>>,
}

impl<'a> Capabilities<'a> {
    /// Wraps a list.
    pub fn new(list: Vec<Capability<'a>>) -> Self {
        Capabilities { list }
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Capabilities<'static> {
        Capabilities {
            list: self.list.into_iter().map(Capability::into_owned).collect(),
        }
    }

    fn has(&self, f: impl Fn(&Capability<'a>) -> bool) -> bool {
        self.list.iter().any(f)
    }

    /// PIPELINING is offered.
    pub fn pipelining(&self) -> bool {
        self.has(|c| matches!(c, Capability::Pipelining))
    }

    /// STLS is offered.
    pub fn stls(&self) -> bool {
        self.has(|c| matches!(c, Capability::Stls))
    }

    /// USER/PASS is offered.
    pub fn user(&self) -> bool {
        self.has(|c| matches!(c, Capability::User))
    }

    /// TOP is offered.
    pub fn top(&self) -> bool {
        self.has(|c| matches!(c, Capability::Top))
    }

    /// UIDL is offered.
    pub fn uidl(&self) -> bool {
        self.has(|c| matches!(c, Capability::Uidl))
    }

    /// Extended response codes are used (RESP-CODES).
    pub fn resp_codes(&self) -> bool {
        self.has(|c| matches!(c, Capability::RespCodes))
    }

    /// The SASL mechanisms offered (all SASL lines together).
    pub fn sasl(&self) -> Vec<&Mechanism> {
        self.list
            .iter()
            .filter_map(|c| match c {
                Capability::Sasl(m) => Some(m),
                _ => None,
            })
            .flatten()
            .map(AuthMechanism::mechanism)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_capabilities_refuse_known_tags_in_any_case() {
        for t in KNOWN_CAPABILITY_TAGS {
            assert!(OtherCapability::new(t, vec![]).is_err(), "{t}");
            assert!(
                OtherCapability::new(t.to_ascii_lowercase(), vec![]).is_err(),
                "{t}"
            );
        }
        assert!(OtherCapability::new("X-FOO", vec![]).is_ok());
        assert!(OtherCapability::new("TOPS", vec![]).is_ok());
    }

    #[test]
    fn other_capability_lines_stay_within_512_octets() {
        let arg = || Atom::new("a".repeat(40)).unwrap();
        // "X" + 12 * 41 + SP + 15 + CRLF = 1 + 492 + 16 + 2 = 511; one more octet fits
        let mut args: Vec<_> = (0..12).map(|_| arg()).collect();
        args.push(Atom::new("b".repeat(16)).unwrap());
        assert!(OtherCapability::new("X", args.clone()).is_ok());
        args.pop();
        args.push(Atom::new("b".repeat(17)).unwrap());
        assert!(OtherCapability::new("X", args).is_err());
    }
}
