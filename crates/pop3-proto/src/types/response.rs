//! Responses: status lines, extended response codes, greetings and continuations
//! (RFC 1939 §3, RFC 2449 §§3, 8, RFC 3206, RFC 5034 §4, RFC 6856 §5).

use std::borrow::Cow;
use std::fmt;

use super::apop::Timestamp;
use super::text::{MAX_RESPONSE_LINE_LEN, Text};
use crate::error::InvalidValue;

/// The status indicator of a response (RFC 1939 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// `+OK`
    Ok,
    /// `-ERR`
    Err,
}

/// An extended response code outside the known ones: `resp-level *("/" resp-level)`
/// (RFC 2449 §3), kept as sent.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ExtCode<'a>(Cow<'a, str>);

impl<'a> ExtCode<'a> {
    /// Checks `value` against `resp-level *("/" resp-level)`, `resp-level =
    /// 1*rchar`, `rchar = %x21-2E / %x30-5C / %x5E-7F`.
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let value = value.into();
        let ok = value.split('/').all(|level| {
            !level.is_empty()
                && level
                    .bytes()
                    .all(|b| matches!(b, 0x21..=0x2e | 0x30..=0x5c | 0x5e..=0x7f))
        });
        if !ok {
            return Err(InvalidValue::new(
                "response code",
                "not resp-level *(\"/\" resp-level)",
            ));
        }
        Ok(ExtCode(value))
    }

    /// The code, levels separated by `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The levels of the hierarchy.
    pub fn levels(&self) -> impl Iterator<Item = &str> {
        self.0.split('/')
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> ExtCode<'static> {
        ExtCode(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Debug for ExtCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// An extended response code in brackets after the status (RFC 2449 §8).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RespCode<'a> {
    /// `[IN-USE]`: the maildrop is locked by another session (RFC 2449 §8.1).
    InUse,
    /// `[LOGIN-DELAY]`: logged in too soon after the last login (RFC 2449 §8.1.1).
    LoginDelay,
    /// `[SYS/TEMP]`: a temporary system problem (RFC 3206 §4).
    SysTemp,
    /// `[SYS/PERM]`: a permanent system problem (RFC 3206 §4).
    SysPerm,
    /// `[AUTH]`: the credentials are wrong (RFC 3206 §5).
    Auth,
    /// `[UTF8]`: the command needs the UTF8 mode (RFC 6856 §5).
    Utf8,
    /// Any other code, levels kept as sent.
    Other(ExtCode<'a>),
}

impl RespCode<'_> {
    /// The code as written between the brackets.
    pub fn as_str(&self) -> &str {
        match self {
            RespCode::InUse => "IN-USE",
            RespCode::LoginDelay => "LOGIN-DELAY",
            RespCode::SysTemp => "SYS/TEMP",
            RespCode::SysPerm => "SYS/PERM",
            RespCode::Auth => "AUTH",
            RespCode::Utf8 => "UTF8",
            RespCode::Other(c) => c.as_str(),
        }
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> RespCode<'static> {
        match self {
            RespCode::InUse => RespCode::InUse,
            RespCode::LoginDelay => RespCode::LoginDelay,
            RespCode::SysTemp => RespCode::SysTemp,
            RespCode::SysPerm => RespCode::SysPerm,
            RespCode::Auth => RespCode::Auth,
            RespCode::Utf8 => RespCode::Utf8,
            RespCode::Other(c) => RespCode::Other(c.into_owned()),
        }
    }
}

/// A status line: `status [SP [resp-code SP] text]` (RFC 2449 §3 `single-line`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response<'a> {
    status: Status,
    code: Option<RespCode<'a>>,
    text: Text<'a>,
}

impl<'a> Response<'a> {
    /// A response. Without a code, the text must not start with `[` (RFC 2449 §8:
    /// it would read as one). The line it encodes to, status and `CRLF` included,
    /// must fit [`MAX_RESPONSE_LINE_LEN`] (512) octets (RFC 2449 §4), the limit of
    /// the default response parser.
    pub fn new(
        status: Status,
        code: Option<RespCode<'a>>,
        text: Text<'a>,
    ) -> Result<Self, InvalidValue> {
        if code.is_none() && text.as_str().starts_with('[') {
            return Err(InvalidValue::new(
                "response text",
                "starts with [ but has no code",
            ));
        }
        let response = Response { status, code, text };
        if response.line_len() > MAX_RESPONSE_LINE_LEN {
            return Err(InvalidValue::new("response", "line longer than 512 octets"));
        }
        Ok(response)
    }

    /// The length of the encoded line, `CRLF` included.
    pub fn line_len(&self) -> usize {
        let status = match self.status {
            Status::Ok => "+OK".len(),
            Status::Err => "-ERR".len(),
        };
        let code = self
            .code
            .as_ref()
            .map_or(0, |c| " []".len() + c.as_str().len());
        let text = match self.text.as_str().len() {
            0 => 0,
            n => 1 + n,
        };
        status + code + text + "\r\n".len()
    }

    /// A response as a lenient parser found it: the text may start with `[`.
    pub(crate) fn from_parts(status: Status, code: Option<RespCode<'a>>, text: Text<'a>) -> Self {
        Response { status, code, text }
    }

    /// `+OK` with `text` (refused, as by [`new`](Self::new), if it starts with `[`).
    pub fn ok(text: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        Self::new(Status::Ok, None, Text::new(text)?)
    }

    /// `-ERR` with `text`.
    pub fn err(text: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        Self::new(Status::Err, None, Text::new(text)?)
    }

    /// The status.
    pub fn status(&self) -> Status {
        self.status
    }

    /// True for `+OK`.
    pub fn is_ok(&self) -> bool {
        self.status == Status::Ok
    }

    /// The extended response code, if any.
    pub fn code(&self) -> Option<&RespCode<'a>> {
        self.code.as_ref()
    }

    /// The text after the status and code.
    pub fn text(&self) -> &Text<'a> {
        &self.text
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Response<'static> {
        Response {
            status: self.status,
            code: self.code.map(RespCode::into_owned),
            text: self.text.into_owned(),
        }
    }
}

/// The server's greeting: a response, and the APOP timestamp if its text holds a
/// well-formed one (RFC 1939 §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Greeting<'a> {
    /// The greeting line.
    pub response: Response<'a>,
    /// The APOP timestamp, angle brackets included.
    pub timestamp: Option<Timestamp<'a>>,
}

impl Greeting<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> Greeting<'static> {
        Greeting {
            response: self.response.into_owned(),
            timestamp: self.timestamp.map(Timestamp::into_owned),
        }
    }
}

/// A SASL continuation: `"+" SP [base64]` (RFC 5034 §4 `continue-req`), the text
/// kept as sent (servers vary: a bare `+` is seen from Exchange).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge<'a>(pub Text<'a>);

/// Any line a server starts a response with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseLine<'a> {
    /// `+OK` or `-ERR`.
    Status(Response<'a>),
    /// `+ challenge` during AUTH.
    Continuation(Challenge<'a>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_lines_stay_within_512_octets() {
        // "+OK" SP text CRLF: 3 + 1 + 506 + 2 = 512
        assert!(Response::ok("x".repeat(506)).is_ok());
        assert!(Response::ok("x".repeat(507)).is_err());
        // "-ERR" SP text CRLF: 4 + 1 + 505 + 2 = 512
        assert!(Response::err("x".repeat(505)).is_ok());
        assert!(Response::err("x".repeat(506)).is_err());
        // "-ERR [SYS/TEMP] " is 16 octets: 16 + 494 + 2 = 512
        let text = |n: usize| Text::new("x".repeat(n)).unwrap();
        let with_code = |n| Response::new(Status::Err, Some(RespCode::SysTemp), text(n));
        assert_eq!(with_code(494).unwrap().line_len(), 512);
        assert!(with_code(495).is_err());
    }
}
