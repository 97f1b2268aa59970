//! Paths and mailboxes (RFC 5321 §4.1.2, RFC 6531 §3.3).

use std::borrow::Cow;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// The part after `@`: a domain name or an address literal (RFC 5321 §4.1.3).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Domain<'a> {
    /// A domain name, as sent (A-labels or, with SMTPUTF8, U-labels).
    Name(Cow<'a, str>),
    /// `[1.2.3.4]`.
    Ipv4(Ipv4Addr),
    /// `[IPv6:...]`.
    Ipv6(Ipv6Addr),
    /// `[tag:content]`, a General-address-literal.
    General {
        /// The standardized tag.
        tag: Cow<'a, str>,
        /// The literal's content.
        content: Cow<'a, str>,
    },
}

impl Domain<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> Domain<'static> {
        match self {
            Domain::Name(n) => Domain::Name(Cow::Owned(n.into_owned())),
            Domain::Ipv4(a) => Domain::Ipv4(a),
            Domain::Ipv6(a) => Domain::Ipv6(a),
            Domain::General { tag, content } => Domain::General {
                tag: Cow::Owned(tag.into_owned()),
                content: Cow::Owned(content.into_owned()),
            },
        }
    }

    /// Parses a domain or address literal, as in EHLO (validates the grammar).
    pub fn parse(text: &str) -> Result<Domain<'_>, crate::DecodeError> {
        crate::parse::address::domain_or_literal_complete(text.as_bytes())
    }

    /// True if every byte is ASCII (no SMTPUTF8 needed).
    pub fn is_ascii(&self) -> bool {
        match self {
            Domain::Name(n) => n.is_ascii(),
            Domain::General { tag, content } => tag.is_ascii() && content.is_ascii(),
            _ => true,
        }
    }
}

impl fmt::Display for Domain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Domain::Name(n) => f.write_str(n),
            Domain::Ipv4(a) => write!(f, "[{a}]"),
            Domain::Ipv6(a) => write!(f, "[IPv6:{a}]"),
            Domain::General { tag, content } => write!(f, "[{tag}:{content}]"),
        }
    }
}

/// `Mailbox = Local-part "@" ( Domain / address-literal )`.
///
/// The local part is kept exactly as sent, quotes and escapes included, because its
/// interpretation belongs to the destination host (RFC 5321 §2.4).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mailbox<'a> {
    pub(crate) local_part: Cow<'a, str>,
    pub(crate) domain: Domain<'a>,
}

impl<'a> Mailbox<'a> {
    /// Parses `local@domain` (without angle brackets), validating the grammar, so a
    /// mailbox can never carry a line break into a command.
    pub fn parse(text: &'a str) -> Result<Mailbox<'a>, crate::DecodeError> {
        crate::parse::address::mailbox_complete(text.as_bytes())
    }

    /// The local part as sent (a quoted string keeps its quotes).
    pub fn local_part(&self) -> &str {
        &self.local_part
    }

    /// The domain or address literal.
    pub fn domain(&self) -> &Domain<'a> {
        &self.domain
    }

    /// True if the address is all ASCII; a non-ASCII address needs SMTPUTF8.
    pub fn is_ascii(&self) -> bool {
        self.local_part.is_ascii() && self.domain.is_ascii()
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Mailbox<'static> {
        Mailbox {
            local_part: Cow::Owned(self.local_part.into_owned()),
            domain: self.domain.into_owned(),
        }
    }
}

impl fmt::Display for Mailbox<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.local_part, self.domain)
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
