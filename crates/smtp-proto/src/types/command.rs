//! SMTP commands (RFC 5321 §4.1.1 and the extensions).

use std::borrow::Cow;

use super::{Domain, ForwardPath, MailParams, RcptParams, ReversePath};
use mail_proto_core::sasl::Mechanism;

/// Which greeting command a client used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HelloKind {
    /// `HELO`: plain SMTP, no extensions.
    Helo,
    /// `EHLO`: extended SMTP.
    Ehlo,
    /// `LHLO`: LMTP (RFC 2033).
    Lhlo,
}

impl HelloKind {
    /// The verb.
    pub fn verb(&self) -> &'static str {
        match self {
            HelloKind::Helo => "HELO",
            HelloKind::Ehlo => "EHLO",
            HelloKind::Lhlo => "LHLO",
        }
    }
}

/// One SMTP command line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Command<'a> {
    /// `HELO`, `EHLO` or `LHLO` with the client's domain or address literal.
    Hello {
        /// Which verb.
        kind: HelloKind,
        /// The client's name for itself.
        domain: Domain<'a>,
    },
    /// `MAIL FROM:<reverse-path> [params]`.
    Mail {
        /// The reverse-path.
        from: ReversePath<'a>,
        /// The parameters.
        params: MailParams<'a>,
    },
    /// `RCPT TO:<forward-path> [params]`.
    Rcpt {
        /// The forward-path.
        to: ForwardPath<'a>,
        /// The parameters.
        params: RcptParams<'a>,
    },
    /// `DATA`.
    Data,
    /// `BDAT size [LAST]` (RFC 3030); `size` bytes of message follow the line.
    Bdat {
        /// Chunk size in bytes.
        size: u64,
        /// True for the last chunk.
        last: bool,
    },
    /// `RSET`.
    Rset,
    /// `VRFY string`.
    Vrfy(Cow<'a, str>),
    /// `EXPN string`.
    Expn(Cow<'a, str>),
    /// `HELP [string]`.
    Help(Option<Cow<'a, str>>),
    /// `NOOP [string]`.
    Noop(Option<Cow<'a, str>>),
    /// `QUIT`.
    Quit,
    /// `STARTTLS` (RFC 3207).
    StartTls,
    /// `AUTH mechanism [initial-response]` (RFC 4954); the response is still base64,
    /// `=` for an empty one.
    Auth {
        /// The SASL mechanism.
        mechanism: Mechanism,
        /// The base64 initial response, as sent.
        initial_response: Option<Cow<'a, str>>,
    },
    /// `ETRN node` (RFC 1985), `@` and `#` prefixes kept.
    Etrn(Cow<'a, str>),
    /// A verb this crate does not know, with the rest of the line.
    Unknown {
        /// The verb, as sent.
        verb: Cow<'a, str>,
        /// Everything after the verb and one space, if anything.
        args: Option<Cow<'a, str>>,
    },
}

fn own(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

impl Command<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> Command<'static> {
        match self {
            Command::Hello { kind, domain } => Command::Hello {
                kind,
                domain: domain.into_owned(),
            },
            Command::Mail { from, params } => Command::Mail {
                from: from.into_owned(),
                params: params.into_owned(),
            },
            Command::Rcpt { to, params } => Command::Rcpt {
                to: to.into_owned(),
                params: params.into_owned(),
            },
            Command::Data => Command::Data,
            Command::Bdat { size, last } => Command::Bdat { size, last },
            Command::Rset => Command::Rset,
            Command::Vrfy(s) => Command::Vrfy(own(s)),
            Command::Expn(s) => Command::Expn(own(s)),
            Command::Help(s) => Command::Help(s.map(own)),
            Command::Noop(s) => Command::Noop(s.map(own)),
            Command::Quit => Command::Quit,
            Command::StartTls => Command::StartTls,
            Command::Auth {
                mechanism,
                initial_response,
            } => Command::Auth {
                mechanism,
                initial_response: initial_response.map(own),
            },
            Command::Etrn(s) => Command::Etrn(own(s)),
            Command::Unknown { verb, args } => Command::Unknown {
                verb: own(verb),
                args: args.map(own),
            },
        }
    }

    /// The verb as the RFC spells it.
    pub fn verb(&self) -> &str {
        match self {
            Command::Hello { kind, .. } => kind.verb(),
            Command::Mail { .. } => "MAIL",
            Command::Rcpt { .. } => "RCPT",
            Command::Data => "DATA",
            Command::Bdat { .. } => "BDAT",
            Command::Rset => "RSET",
            Command::Vrfy(_) => "VRFY",
            Command::Expn(_) => "EXPN",
            Command::Help(_) => "HELP",
            Command::Noop(_) => "NOOP",
            Command::Quit => "QUIT",
            Command::StartTls => "STARTTLS",
            Command::Auth { .. } => "AUTH",
            Command::Etrn(_) => "ETRN",
            Command::Unknown { verb, .. } => verb,
        }
    }

    /// True for commands that may only end a pipelined group (RFC 2920 §3.1): their
    /// outcome changes what the client sends next.
    pub fn ends_pipeline_group(&self) -> bool {
        matches!(
            self,
            Command::Hello { .. }
                | Command::Data
                | Command::Vrfy(_)
                | Command::Expn(_)
                | Command::Quit
                | Command::Noop(_)
                | Command::StartTls
                | Command::Auth { .. }
        )
    }
}
