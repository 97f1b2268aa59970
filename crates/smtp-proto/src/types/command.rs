//! SMTP commands (RFC 5321 §4.1.1 and the extensions).

use std::borrow::Cow;

use super::{Domain, ForwardPath, MailParams, RcptParams, ReversePath};
use crate::error::InvalidValue;
use crate::grammar;
use mail_proto_core::sasl::Mechanism;

/// The argument of VRFY, EXPN, HELP, NOOP or ETRN (RFC 5321 §4.1.1: `String`, taken
/// as the rest of the line): non-empty printable text, tab and UTF-8 allowed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text<'a>(Cow<'a, str>);

impl<'a> Text<'a> {
    /// An argument, refused if empty or holding a control character (`CR`, `LF`...).
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let text = text.into();
        if !grammar::is_text_arg(&text) {
            return Err(InvalidValue::new("argument", "empty or not printable"));
        }
        Ok(Text(text))
    }

    pub(crate) fn new_unchecked(text: &'a str) -> Self {
        Text(Cow::Borrowed(text))
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Text<'static> {
        Text(own(self.0))
    }
}

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// `initial-response = base64 / "="` of AUTH (RFC 4954 §4), still encoded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InitialResponse<'a>(Cow<'a, str>);

impl<'a> InitialResponse<'a> {
    /// A response, refused unless it is base64 text or `=` (the empty response).
    pub fn new(base64: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let text = base64.into();
        if !grammar::is_initial_response(&text) {
            return Err(InvalidValue::new("initial response", "not base64 or '='"));
        }
        Ok(InitialResponse(text))
    }

    pub(crate) fn new_unchecked(text: &'a str) -> Self {
        InitialResponse(Cow::Borrowed(text))
    }

    /// The base64 text as sent (`=` for an empty response).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> InitialResponse<'static> {
        InitialResponse(own(self.0))
    }
}

impl std::ops::Deref for InitialResponse<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// A command this crate has no variant for: a verb of printable ASCII that is not a
/// known verb, and the rest of the line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownCommand<'a> {
    verb: Cow<'a, str>,
    args: Option<Cow<'a, str>>,
}

impl<'a> UnknownCommand<'a> {
    /// An unknown command; refused if the verb is empty, not printable ASCII or a
    /// verb this crate knows, or the arguments hold `CR`, `LF` or `NUL`.
    pub fn new(
        verb: impl Into<Cow<'a, str>>,
        args: Option<Cow<'a, str>>,
    ) -> Result<Self, InvalidValue> {
        let verb = verb.into();
        if !grammar::is_unknown_verb(&verb) {
            return Err(InvalidValue::new("verb", "empty, not printable or known"));
        }
        if args.as_deref().is_some_and(|a| !grammar::is_line_safe(a)) {
            return Err(InvalidValue::new("arguments", "contain CR, LF or NUL"));
        }
        Ok(UnknownCommand { verb, args })
    }

    pub(crate) fn new_unchecked(verb: &'a str, args: Option<&'a str>) -> Self {
        UnknownCommand {
            verb: Cow::Borrowed(verb),
            args: args.map(Cow::Borrowed),
        }
    }

    /// The verb, as sent.
    pub fn verb(&self) -> &str {
        &self.verb
    }

    /// Everything after the verb and one space, if anything.
    pub fn args(&self) -> Option<&str> {
        self.args.as_deref()
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> UnknownCommand<'static> {
        UnknownCommand {
            verb: own(self.verb),
            args: self.args.map(own),
        }
    }
}

/// Which greeting command a client used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
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
    Vrfy(Text<'a>),
    /// `EXPN string`.
    Expn(Text<'a>),
    /// `HELP [string]`.
    Help(Option<Text<'a>>),
    /// `NOOP [string]`.
    Noop(Option<Text<'a>>),
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
        initial_response: Option<InitialResponse<'a>>,
    },
    /// `ETRN node` (RFC 1985), `@` and `#` prefixes kept.
    Etrn(Text<'a>),
    /// A verb this crate does not know, with the rest of the line.
    Unknown(UnknownCommand<'a>),
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
            Command::Vrfy(s) => Command::Vrfy(s.into_owned()),
            Command::Expn(s) => Command::Expn(s.into_owned()),
            Command::Help(s) => Command::Help(s.map(Text::into_owned)),
            Command::Noop(s) => Command::Noop(s.map(Text::into_owned)),
            Command::Quit => Command::Quit,
            Command::StartTls => Command::StartTls,
            Command::Auth {
                mechanism,
                initial_response,
            } => Command::Auth {
                mechanism,
                initial_response: initial_response.map(InitialResponse::into_owned),
            },
            Command::Etrn(s) => Command::Etrn(s.into_owned()),
            Command::Unknown(u) => Command::Unknown(u.into_owned()),
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
            Command::Unknown(u) => u.verb(),
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

impl PartialEq<str> for Text<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}
