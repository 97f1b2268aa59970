//! Paths, mailboxes and domains (RFC 5321 §4.1.2, §4.1.3, RFC 6531 §3.3), each
//! validated when built, so an encoder can never emit a broken address.

use std::borrow::Cow;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::error::{DecodeError, DecodeErrorKind, InvalidValue};
use crate::grammar::address::Host;
use crate::grammar::{self, Literal, Mismatch};

fn own(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

/// A domain name that matches `Domain = sub-domain *("." sub-domain)` (RFC 5321
/// §4.1.2), as sent: A-labels or, with SMTPUTF8, U-labels.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DomainName<'a>(Cow<'a, str>);

impl<'a> DomainName<'a> {
    /// A domain name, refused unless it matches the grammar.
    pub fn new(name: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let name = name.into();
        if !grammar::is_domain_name(&name) {
            return Err(InvalidValue::new("domain name", "not an RFC 5321 Domain"));
        }
        Ok(DomainName(name))
    }

    /// For text the parser has already matched against the grammar.
    pub(crate) fn new_unchecked(name: &'a str) -> Self {
        DomainName(Cow::Borrowed(name))
    }

    /// The name as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> DomainName<'static> {
        DomainName(own(self.0))
    }
}

/// `General-address-literal = Standardized-tag ":" 1*dcontent` (RFC 5321 §4.1.3),
/// with a tag other than `IPv6` (that one is [`Domain::Ipv6`]).
///
/// Rare in real traffic, so its two strings live behind one box: that keeps
/// [`Domain`], and every mailbox and command holding one, small.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GeneralLiteral<'a>(Box<(Cow<'a, str>, Cow<'a, str>)>);

impl<'a> GeneralLiteral<'a> {
    /// A general address literal, refused unless tag and content match the grammar.
    pub fn new(
        tag: impl Into<Cow<'a, str>>,
        content: impl Into<Cow<'a, str>>,
    ) -> Result<Self, InvalidValue> {
        let (tag, content) = (tag.into(), content.into());
        if !grammar::is_literal_tag(&tag) || tag.eq_ignore_ascii_case("IPv6") {
            return Err(InvalidValue::new(
                "address literal tag",
                "not a Standardized-tag",
            ));
        }
        if !grammar::is_literal_content(&content) {
            return Err(InvalidValue::new("address literal", "not 1*dcontent"));
        }
        Ok(GeneralLiteral(Box::new((tag, content))))
    }

    /// The standardized tag.
    pub fn tag(&self) -> &str {
        &self.0.0
    }

    /// The literal's content.
    pub fn content(&self) -> &str {
        &self.0.1
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> GeneralLiteral<'static> {
        let (tag, content) = *self.0;
        GeneralLiteral(Box::new((own(tag), own(content))))
    }
}

/// A HELO/EHLO name outside the RFC grammar that a lenient server tolerates
/// (`msg_1.eml` from curl, the NetBIOS name `DESKTOP_7F3` from Windows): one word of
/// printable text without spaces, or empty for a bare `HELO`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NonstandardName<'a>(Cow<'a, str>);

impl<'a> NonstandardName<'a> {
    /// A tolerated name, refused if it holds a space, a control character or is a
    /// valid domain or address literal (those have their own variants).
    pub fn new(name: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let name = name.into();
        if !grammar::is_nonstandard_hello_name(&name) {
            return Err(InvalidValue::new("HELO name", "not one printable word"));
        }
        if Domain::parse(&name).is_ok() {
            return Err(InvalidValue::new("HELO name", "a standard domain"));
        }
        Ok(NonstandardName(name))
    }

    pub(crate) fn new_unchecked(name: &'a str) -> Self {
        NonstandardName(Cow::Borrowed(name))
    }

    /// The name as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> NonstandardName<'static> {
        NonstandardName(own(self.0))
    }
}

/// The part after `@`, or a client's HELO name: a domain name or an address literal
/// (RFC 5321 §4.1.3), or a tolerated nonstandard HELO name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Domain<'a> {
    /// A domain name.
    Name(DomainName<'a>),
    /// `[1.2.3.4]`.
    Ipv4(Ipv4Addr),
    /// `[IPv6:...]`.
    Ipv6(Ipv6Addr),
    /// `[tag:content]`, a General-address-literal.
    General(GeneralLiteral<'a>),
    /// A HELO/EHLO name outside the grammar, accepted by a named tolerance of
    /// [`crate::CommandOptions`]; never part of a mailbox.
    Nonstandard(NonstandardName<'a>),
}

fn decode_error(text: &str, (offset, what): Mismatch) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Syntax(what), text.as_bytes(), offset)
}

fn trailing(text: &str, end: usize) -> DecodeError {
    decode_error(text, (end, "end of input"))
}

impl<'a> Domain<'a> {
    /// A domain name, validated.
    pub fn name(name: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        DomainName::new(name).map(Domain::Name)
    }

    /// Reads a domain, or an address literal with its brackets, as in EHLO; the whole
    /// text must match.
    pub fn parse(text: &'a str) -> Result<Domain<'a>, DecodeError> {
        let (host, end) = grammar::domain_or_literal(text).map_err(|m| decode_error(text, m))?;
        if end != text.len() {
            return Err(trailing(text, end));
        }
        Ok(Domain::from_host(host))
    }

    /// The domain a `Domain / address-literal`, as the grammar reads it, stands for.
    pub(crate) fn from_host(host: Host<'a>) -> Domain<'a> {
        match host {
            Host::Name(name) => Domain::Name(DomainName::new_unchecked(name)),
            Host::Literal(literal) => Domain::from_literal(literal),
        }
    }

    /// The domain an address literal, as the grammar reads it, stands for.
    pub(crate) fn from_literal(literal: Literal<'a>) -> Domain<'a> {
        match literal {
            Literal::V4(a) => Domain::Ipv4(a),
            Literal::V6(a) => Domain::Ipv6(a),
            Literal::General(tag, content) => Domain::General(GeneralLiteral(Box::new((
                Cow::Borrowed(tag),
                Cow::Borrowed(content),
            )))),
        }
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Domain<'static> {
        match self {
            Domain::Name(n) => Domain::Name(n.into_owned()),
            Domain::Ipv4(a) => Domain::Ipv4(a),
            Domain::Ipv6(a) => Domain::Ipv6(a),
            Domain::General(g) => Domain::General(g.into_owned()),
            Domain::Nonstandard(n) => Domain::Nonstandard(n.into_owned()),
        }
    }

    /// True if every byte is ASCII (no SMTPUTF8 needed).
    pub fn is_ascii(&self) -> bool {
        match self {
            Domain::Name(n) => n.as_str().is_ascii(),
            Domain::Nonstandard(n) => n.as_str().is_ascii(),
            _ => true,
        }
    }
}

impl fmt::Display for Domain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Domain::Name(n) => f.write_str(n.as_str()),
            Domain::Ipv4(a) => write!(f, "[{a}]"),
            Domain::Ipv6(a) => write!(f, "[IPv6:{a}]"),
            Domain::General(g) => write!(f, "[{}:{}]", g.tag(), g.content()),
            Domain::Nonstandard(n) => f.write_str(n.as_str()),
        }
    }
}

/// `Local-part = Dot-string / Quoted-string` (RFC 5321 §4.1.2), kept exactly as sent,
/// quotes and escapes included: its meaning belongs to the destination (§2.4).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LocalPart<'a>(Cow<'a, str>);

impl<'a> LocalPart<'a> {
    /// A local part, refused unless it is a Dot-string or a Quoted-string.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let text = text.into();
        if !grammar::is_local_part(&text) {
            return Err(InvalidValue::new(
                "local part",
                "not a Dot-string or Quoted-string",
            ));
        }
        Ok(LocalPart(text))
    }

    pub(crate) fn new_unchecked(text: &'a str) -> Self {
        LocalPart(Cow::Borrowed(text))
    }

    /// The local part as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> LocalPart<'static> {
        LocalPart(own(self.0))
    }
}

/// `Mailbox = Local-part "@" ( Domain / address-literal )`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mailbox<'a> {
    local_part: LocalPart<'a>,
    domain: Domain<'a>,
}

impl<'a> Mailbox<'a> {
    /// A mailbox from validated parts; refused if the domain is a
    /// [`Domain::Nonstandard`] HELO name.
    pub fn new(local_part: LocalPart<'a>, domain: Domain<'a>) -> Result<Self, InvalidValue> {
        if matches!(domain, Domain::Nonstandard(_)) {
            return Err(InvalidValue::new("mailbox", "a nonstandard domain"));
        }
        Ok(Mailbox { local_part, domain })
    }

    /// Reads `local@domain` (without angle brackets); the whole text must match.
    pub fn parse(text: &'a str) -> Result<Mailbox<'a>, DecodeError> {
        let ((local, host), end) = grammar::mailbox(text).map_err(|m| decode_error(text, m))?;
        if end != text.len() {
            return Err(trailing(text, end));
        }
        Ok(Mailbox::from_grammar(local, host))
    }

    /// The mailbox a `Local-part "@" ( Domain / address-literal )`, as the grammar
    /// reads it, stands for (never a nonstandard domain).
    pub(crate) fn from_grammar(local_part: &'a str, host: Host<'a>) -> Self {
        Mailbox {
            local_part: LocalPart::new_unchecked(local_part),
            domain: Domain::from_host(host),
        }
    }

    /// For parts the parser has already matched against the grammar.
    pub(crate) fn from_parts_unchecked(local_part: &'a str, domain: &'a str) -> Self {
        Mailbox {
            local_part: LocalPart::new_unchecked(local_part),
            domain: Domain::Name(DomainName::new_unchecked(domain)),
        }
    }

    /// The local part as sent (a quoted string keeps its quotes).
    pub fn local_part(&self) -> &str {
        self.local_part.as_str()
    }

    /// The domain or address literal.
    pub fn domain(&self) -> &Domain<'a> {
        &self.domain
    }

    /// True if the address is all ASCII; a non-ASCII address needs SMTPUTF8.
    pub fn is_ascii(&self) -> bool {
        self.local_part().is_ascii() && self.domain.is_ascii()
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Mailbox<'static> {
        Mailbox {
            local_part: self.local_part.into_owned(),
            domain: self.domain.into_owned(),
        }
    }
}

impl fmt::Display for Mailbox<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.local_part(), self.domain)
    }
}
/// `Reverse-path = Path / "<>"`: the MAIL FROM address. Source routes are accepted
/// when parsing and dropped (RFC 5321 §4.1.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ReversePath<'a> {
    /// `<>`, the null reverse-path of bounces.
    Null,
    /// A mailbox.
    Mailbox(Mailbox<'a>),
}

impl ReversePath<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> ReversePath<'static> {
        match self {
            ReversePath::Null => ReversePath::Null,
            ReversePath::Mailbox(m) => ReversePath::Mailbox(m.into_owned()),
        }
    }
}

/// `Forward-path = Path` or the special `<Postmaster>` (RFC 5321 §4.1.1.3), which is
/// distinct from the null path and needs no domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ForwardPath<'a> {
    /// `<Postmaster>` without a domain (any letter case).
    Postmaster,
    /// A mailbox.
    Mailbox(Mailbox<'a>),
}

impl ForwardPath<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> ForwardPath<'static> {
        match self {
            ForwardPath::Postmaster => ForwardPath::Postmaster,
            ForwardPath::Mailbox(m) => ForwardPath::Mailbox(m.into_owned()),
        }
    }
}

impl fmt::Display for ReversePath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReversePath::Null => f.write_str("<>"),
            ReversePath::Mailbox(m) => write!(f, "<{m}>"),
        }
    }
}

impl fmt::Display for ForwardPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ForwardPath::Postmaster => f.write_str("<Postmaster>"),
            ForwardPath::Mailbox(m) => write!(f, "<{m}>"),
        }
    }
}
