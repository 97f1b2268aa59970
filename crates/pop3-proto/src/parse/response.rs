//! Status lines, response codes, greetings and continuations (RFC 1939 §3, RFC 2449
//! §§3, 8, RFC 5034 §4).

use mail_proto_core::Decoded;

use super::{PResult, expected, first_line, run};
use crate::error::DecodeError;
use crate::types::{
    Challenge, ExtCode, Greeting, RespCode, Response, ResponseLine, Status, Text, Timestamp,
};

/// Limits and tolerances for server responses. [`Default`] is the RFC grammar;
/// [`lenient`](Self::lenient) (what a client uses by default) accepts what real
/// servers send.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseOptions {
    /// Longest first line of a response, `CRLF` included (RFC 2449 §4: 512).
    pub max_line_len: usize,
    /// Accept `+ok` and `-err` (RFC 1939 §3 says the indicators are upper case).
    pub allow_lowercase_status: bool,
    /// Accept `+OKtext` and a bare `+` continuation (Exchange sends `+` alone).
    pub allow_missing_space: bool,
    /// Accept a status line ended by a bare `LF` (and, from a server that does so,
    /// CAPA, LIST and UIDL listings whose lines end in `LF`).
    pub allow_bare_lf: bool,
    /// Accept text that starts with a `[` opening no response code (`+OK [broken`):
    /// RFC 2449 §3's `schar` leaves `[` out, reserving it for a code.
    pub allow_bracket_text: bool,
}

impl Default for ResponseOptions {
    fn default() -> Self {
        ResponseOptions {
            max_line_len: 512,
            allow_lowercase_status: false,
            allow_missing_space: false,
            allow_bare_lf: false,
            allow_bracket_text: false,
        }
    }
}

impl ResponseOptions {
    /// The RFC grammar and limit.
    pub fn strict() -> Self {
        Self::default()
    }

    /// Every tolerance on, and status lines up to 8192 octets.
    pub fn lenient() -> Self {
        ResponseOptions {
            max_line_len: 8192,
            allow_lowercase_status: true,
            allow_missing_space: true,
            allow_bare_lf: true,
            allow_bracket_text: true,
        }
    }
}

/// Parses a status line with the RFC grammar.
pub fn parse_response(input: &[u8]) -> Decoded<Response<'_>, DecodeError> {
    parse_response_with(input, &ResponseOptions::default())
}

/// `single-line = status [SP text] CRLF` (RFC 2449 §3), at most `max_line_len`
/// octets. A continuation line is an error here.
pub fn parse_response_with<'a>(
    input: &'a [u8],
    options: &ResponseOptions,
) -> Decoded<Response<'a>, DecodeError> {
    let (line, consumed) = match first_line(input, options.max_line_len, options.allow_bare_lf) {
        Decoded::Complete { value, consumed } => (value, consumed),
        Decoded::Failed(e) => return Decoded::Failed(e),
        _ => return Decoded::Incomplete,
    };
    run(line, input, 0, |l| single_line(l, options))
        .map(|r| (r, consumed))
        .into()
}

/// Parses a status line or a continuation with the RFC grammar.
pub fn parse_response_line(input: &[u8]) -> Decoded<ResponseLine<'_>, DecodeError> {
    parse_response_line_with(input, &ResponseOptions::default())
}

/// `response =/ continue-req` (RFC 5034 §4): a status line, or `"+" SP [base64]`.
pub fn parse_response_line_with<'a>(
    input: &'a [u8],
    options: &ResponseOptions,
) -> Decoded<ResponseLine<'a>, DecodeError> {
    let (line, consumed) = match first_line(input, options.max_line_len, options.allow_bare_lf) {
        Decoded::Complete { value, consumed } => (value, consumed),
        Decoded::Failed(e) => return Decoded::Failed(e),
        _ => return Decoded::Incomplete,
    };
    let parsed = if is_continuation(line, options) {
        run(line, input, 0, |l| continue_req(l, options)).map(ResponseLine::Continuation)
    } else {
        run(line, input, 0, |l| single_line(l, options)).map(ResponseLine::Status)
    };
    parsed.map(|r| (r, consumed)).into()
}

/// Parses the greeting with the RFC grammar.
pub fn parse_greeting(input: &[u8]) -> Decoded<Greeting<'_>, DecodeError> {
    parse_greeting_with(input, &ResponseOptions::default())
}

/// `greeting = "+OK" [resp-code] *gchar [timestamp] *gchar CRLF` (RFC 2449 §3; a
/// `-ERR` greeting is taken too, RFC 1939 §4 lets a server refuse a session), with
/// the APOP timestamp picked out by [`timestamp`].
pub fn parse_greeting_with<'a>(
    input: &'a [u8],
    options: &ResponseOptions,
) -> Decoded<Greeting<'a>, DecodeError> {
    let line = match first_line(input, options.max_line_len, options.allow_bare_lf) {
        Decoded::Complete { value, .. } => value,
        Decoded::Failed(e) => return Decoded::Failed(e),
        _ => return Decoded::Incomplete,
    };
    parse_response_with(input, options).map(|response| {
        // the text is the end of the line; a code before it may hold `<...@...>`
        // too (rchar allows it), and that is no timestamp
        let text_len = response.text().as_str().len();
        let text = line
            .get(line.len().saturating_sub(text_len)..)
            .unwrap_or("");
        let stamp = if response.is_ok() {
            timestamp(text)
        } else {
            None
        };
        Greeting {
            response,
            timestamp: stamp,
        }
    })
}

/// `timestamp = "<" *VCHAR ">"`, which MUST conform to RFC 822 `msg-id` (RFC 2449
/// §3, RFC 1939 §7): the first `<...>` in the text that is a well-formed ASCII
/// msg-id; anything else in brackets (Cyrus' `SESSIONID=<cyrus-...>`) is not one.
pub fn timestamp(s: &str) -> Option<Timestamp<'_>> {
    let mut from = 0;
    while let Some(open) = s[from..].find('<').map(|i| from + i) {
        let close = s[open..].find('>').map(|i| open + i)?;
        if let Ok(t) = Timestamp::new(&s[open..=close]) {
            return Some(t);
        }
        from = open + 1;
    }
    None
}

fn is_continuation(line: &str, options: &ResponseOptions) -> bool {
    match line.as_bytes() {
        [b'+', b' ', ..] => true,
        [b'+'] => options.allow_missing_space,
        _ => false,
    }
}

/// `continue-req = "+" SP [base64] CRLF` (RFC 5034 §4); the text is kept as sent.
fn continue_req<'a>(line: &'a str, options: &ResponseOptions) -> PResult<'a, Challenge<'a>> {
    let rest = match line.strip_prefix("+ ") {
        Some(rest) => rest,
        None if options.allow_missing_space && line == "+" => "",
        None => return expected(line, "\"+ \""),
    };
    match Text::parsed(rest) {
        Ok(t) => Ok(("", Challenge(t))),
        Err(_) => expected(rest, "text"),
    }
}

/// `status = "+OK" / "-ERR"` (RFC 2449 §3; RFC 1939 §3 has them upper case).
fn status<'a>(line: &'a str, options: &ResponseOptions) -> PResult<'a, Status> {
    for (indicator, status) in [("+OK", Status::Ok), ("-ERR", Status::Err)] {
        let Some(head) = line.get(..indicator.len()) else {
            continue;
        };
        let matched = if options.allow_lowercase_status {
            head.eq_ignore_ascii_case(indicator)
        } else {
            head == indicator
        };
        if matched {
            return Ok((&line[indicator.len()..], status));
        }
    }
    expected(line, "+OK or -ERR")
}

/// `single-line = status [SP text]`, `text = *schar / resp-code *CHAR` (RFC 2449 §3).
fn single_line<'a>(line: &'a str, options: &ResponseOptions) -> PResult<'a, Response<'a>> {
    let (rest, status) = status(line, options)?;
    let rest = match rest.strip_prefix(' ') {
        Some(r) => r,
        None if rest.is_empty() => rest,
        None if options.allow_missing_space => rest,
        None => return expected(rest, "a space"),
    };
    let (rest, code) = match resp_code(rest) {
        // `resp-code *CHAR`: the grammar needs no space after the code; the one
        // every server writes there is not part of the text
        Ok((after, code)) => (after.strip_prefix(' ').unwrap_or(after), Some(code)),
        Err(_) => (rest, None),
    };
    if code.is_none() && rest.starts_with('[') && !options.allow_bracket_text {
        return expected(rest, "a response code");
    }
    match Text::parsed(rest) {
        Ok(text) => Ok(("", Response::from_parts(status, code, text))),
        Err(_) => expected(rest, "text"),
    }
}

/// `resp-code = "[" resp-level *("/" resp-level) "]"`, `resp-level = 1*rchar` (RFC
/// 2449 §3); the codes of RFC 2449 §8, RFC 3206 and RFC 6856 §5 are recognised,
/// case-insensitively.
fn resp_code(input: &str) -> PResult<'_, RespCode<'_>> {
    let Some(inner_start) = input.strip_prefix('[') else {
        return expected(input, "[");
    };
    let Some(close) = inner_start.find(']') else {
        return expected(input, "]");
    };
    let (inner, rest) = (&inner_start[..close], &inner_start[close + 1..]);
    let known = [
        ("IN-USE", RespCode::InUse),
        ("LOGIN-DELAY", RespCode::LoginDelay),
        ("SYS/TEMP", RespCode::SysTemp),
        ("SYS/PERM", RespCode::SysPerm),
        ("AUTH", RespCode::Auth),
        ("UTF8", RespCode::Utf8),
    ];
    for (name, code) in known {
        if inner.eq_ignore_ascii_case(name) {
            return Ok((rest, code));
        }
    }
    match ExtCode::new(inner) {
        Ok(c) => Ok((rest, RespCode::Other(c))),
        Err(_) => expected(input, "resp-level *(\"/\" resp-level)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;

    fn lenient() -> ResponseOptions {
        ResponseOptions::lenient()
    }

    #[test]
    fn codes_and_text() {
        let (r, n) = parse_response(b"-ERR [IN-USE] Do you have another POP session running?\r\n")
            .ok()
            .unwrap();
        assert_eq!(n, 56);
        assert_eq!(r.code(), Some(&RespCode::InUse));
        assert_eq!(
            r.text().as_str(),
            "Do you have another POP session running?"
        );
        let (r, _) = parse_response(b"-ERR [SYS/TEMP/DISK] full\r\n")
            .ok()
            .unwrap();
        assert_eq!(r.code().unwrap().as_str(), "SYS/TEMP/DISK");
        let (r, _) = parse_response(b"+OK\r\n").ok().unwrap();
        assert!(r.is_ok() && r.text().is_empty());
        assert!(parse_response(b"+OK [broken\r\n").err().is_some());
        assert!(parse_response(b"+ ok\r\n").err().is_some());
    }

    #[test]
    fn text_may_follow_a_code_without_a_space() {
        // RFC 2449 §3: `text = *schar / resp-code *CHAR`
        let (r, n) = parse_response(b"-ERR [IN-USE]locked\r\n").ok().unwrap();
        assert_eq!(
            (r.code(), r.text().as_str(), n),
            (Some(&RespCode::InUse), "locked", 21)
        );
        let (r, _) = parse_response(b"-ERR [SYS/TEMP]\r\n").ok().unwrap();
        assert_eq!(
            (r.code(), r.text().as_str()),
            (Some(&RespCode::SysTemp), "")
        );
    }

    #[test]
    fn greeting_timestamp_only_if_msg_id() {
        let (g, _) = parse_greeting(b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n")
            .ok()
            .unwrap();
        assert_eq!(
            g.timestamp.unwrap().as_str(),
            "<1896.697170952@dbc.mtview.ca.us>"
        );
        // Cyrus: a session id in brackets that is no msg-id
        let cyrus = b"+OK Mailbox locked and ready SESSIONID=<cyrus-1234-5678-1-abc>\r\n";
        assert_eq!(parse_greeting(cyrus).ok().unwrap().0.timestamp, None);
        let odd = "+OK <not one> then <é@x> then <a@b>\r\n";
        let (g, _) = parse_greeting(odd.as_bytes()).ok().unwrap();
        assert_eq!(g.timestamp.unwrap().as_str(), "<a@b>");
    }

    #[test]
    fn lenient_switches() {
        for (line, strict_ok) in [
            (&b"+ok done\r\n"[..], false),
            (b"+OKdone\r\n", false),
            (b"+OK done\n", false),
            (b"+OK done\r\n", true),
        ] {
            assert_eq!(parse_response(line).is_complete(), strict_ok, "{line:?}");
            let (r, _) = parse_response_with(line, &lenient()).ok().unwrap();
            assert_eq!(r.text().as_str(), "done");
        }
        // Exchange answers AUTH with a bare "+" (corpus exchange/plus.txt)
        assert!(parse_response_line(b"+\r\n").err().is_some());
        let (l, _) = parse_response_line_with(b"+\r\n", &lenient()).ok().unwrap();
        assert_eq!(l, ResponseLine::Continuation(Challenge(Text::empty())));
        let long = format!("+OK {}\r\n", "x".repeat(600));
        let e = parse_response(long.as_bytes()).err().unwrap();
        assert_eq!(e.kind, DecodeErrorKind::LineTooLong { limit: 512 });
        assert!(parse_response_with(long.as_bytes(), &lenient()).is_complete());
    }
}
