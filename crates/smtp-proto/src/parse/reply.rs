//! Replies (RFC 5321 §4.2): `*( Reply-code "-" [ textstring ] CRLF )
//! Reply-code [ SP textstring ] CRLF`, with enhanced status codes (RFC 3463, RFC 2034).

use std::borrow::Cow;

use mail_proto_core::Decoded;

use super::{Halt, status, take_line};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::grammar;
use crate::types::{EnhancedCode, Reply, ReplyCode};

/// Limits and named tolerances for parsing replies. The defaults are lenient, as a
/// client meets many servers; [`ReplyOptions::strict`] follows RFC 5321 exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReplyOptions {
    /// Longest reply line, `CRLF` included (RFC 5321 §4.5.3.1.5: 512, the default).
    /// Raise it for servers that send longer rejection texts.
    pub max_line_len: usize,
    /// Most lines in one reply; an EHLO reply has a few dozen at most.
    pub max_lines: usize,
    /// Accept lines ending in a bare `LF` (seen from small embedded servers).
    pub allow_bare_lf: bool,
    /// Decode text that is not UTF-8 as Latin-1-ish lossy text instead of failing
    /// (Exchange and Domino greetings with local-language host names).
    pub lossy_text: bool,
    /// Accept control characters in reply text (a `CR` or `NUL` inside a line becomes
    /// U+FFFD, so no reply ever holds one).
    pub allow_control_chars: bool,
}

impl Default for ReplyOptions {
    fn default() -> Self {
        ReplyOptions {
            max_line_len: 512,
            max_lines: 1000,
            allow_bare_lf: true,
            lossy_text: true,
            allow_control_chars: true,
        }
    }
}

impl ReplyOptions {
    /// RFC 5321 exactly: 512-byte lines, `CRLF` only, UTF-8 printable text.
    pub fn strict() -> Self {
        ReplyOptions {
            max_line_len: 512,
            max_lines: 1000,
            allow_bare_lf: false,
            lossy_text: false,
            allow_control_chars: false,
        }
    }
}

/// One reply line: its code, whether it is the last line, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReplyLine<'a> {
    pub code: ReplyCode,
    pub last: bool,
    pub text: Cow<'a, str>,
}

/// Parses one reply line (without its line end); `input`/`base` locate errors.
pub(crate) fn reply_line<'a>(
    line: &'a [u8],
    options: &ReplyOptions,
    input: &[u8],
    base: usize,
) -> Result<ReplyLine<'a>, DecodeError> {
    let err = |kind, at: usize| DecodeError::new(kind, input, base + at);
    let code = match line {
        [a @ b'2'..=b'5', b @ b'0'..=b'5', c @ b'0'..=b'9', ..] => {
            u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0')
        }
        _ => return Err(err(DecodeErrorKind::Syntax("a reply code"), 0)),
    };
    let code =
        ReplyCode::new(code).ok_or_else(|| err(DecodeErrorKind::Syntax("a reply code"), 0))?;
    let (last, text) = match line.get(3) {
        None => (true, &line[3..]),
        Some(b' ') => (true, &line[4..]),
        Some(b'-') => (false, &line[4..]),
        Some(_) => return Err(err(DecodeErrorKind::Syntax("' ' or '-' after the code"), 3)),
    };
    if let Some(bad) = text
        .iter()
        .position(|b| (*b < 0x20 && *b != b'\t') || *b == 0x7f)
    {
        if !options.allow_control_chars {
            return Err(err(
                DecodeErrorKind::Syntax("printable reply text"),
                4 + bad,
            ));
        }
    }
    let text = match std::str::from_utf8(text) {
        Ok(t) => Cow::Borrowed(t),
        Err(_) if options.lossy_text => String::from_utf8_lossy(text),
        Err(e) => return Err(err(DecodeErrorKind::InvalidUtf8, 4 + e.valid_up_to())),
    };
    // only reachable with allow_control_chars (and a bare-LF line holding a CR)
    let text = if text.bytes().any(grammar::breaks_line) {
        Cow::Owned(text.replace(['\r', '\n', '\0'], "\u{fffd}"))
    } else {
        text
    };
    Ok(ReplyLine { code, last, text })
}

/// An enhanced status code at the start of `text` (`class.subject.detail` then space
/// or end, RFC 3463 §2), if its class matches the reply code's; the code and the rest.
pub(crate) fn split_enhanced(text: &str, code: ReplyCode) -> Option<(EnhancedCode, &str)> {
    let ((c, s, d), rest) = grammar::split_enhanced(text, code.class())?;
    Some((EnhancedCode::new(c, s, d)?, rest))
}

/// Builds a [`Reply`] from its lines, taking the enhanced code from the first line
/// and removing it from the lines that repeat it.
pub(crate) fn assemble<'a>(code: ReplyCode, texts: Vec<Cow<'a, str>>) -> Reply<'a> {
    let enhanced = texts
        .first()
        .and_then(|t| split_enhanced(t, code))
        .map(|(e, _)| e);
    let Some(enhanced) = enhanced else {
        return Reply::from_parts(code, None, texts);
    };
    let lines = texts
        .into_iter()
        .map(|t| {
            let keep = match split_enhanced(&t, code) {
                Some((e, rest)) if e == enhanced => Some(rest.len()),
                _ => None,
            };
            match (keep, t) {
                (Some(n), Cow::Borrowed(b)) => Cow::Borrowed(&b[b.len() - n..]),
                (Some(n), Cow::Owned(o)) => Cow::Owned(o[o.len() - n..].to_string()),
                (None, t) => t,
            }
        })
        .collect();
    Reply::from_parts(code, Some(enhanced), lines)
}

/// Parses one whole reply with the lenient [`ReplyOptions::default`].
///
/// ```
/// use smtp_proto::parse_reply;
/// let (reply, used) = parse_reply(b"250-2.1.0 Sender\r\n250 2.1.0 OK\r\n").ok().unwrap();
/// assert_eq!(used, 32);
/// assert!(parse_reply(b"250-2.1.0 Sender\r\n250 2.1").is_incomplete());
/// assert_eq!(reply.code().get(), 250);
/// assert_eq!(reply.enhanced().unwrap().to_string(), "2.1.0");
/// assert_eq!(reply.lines(), ["Sender", "OK"]);
/// ```
pub fn parse_reply(input: &[u8]) -> Decoded<Reply<'_>, DecodeError> {
    parse_reply_with(input, &ReplyOptions::default())
}

/// Parses one whole (possibly multi-line) reply and the bytes it used; `Incomplete`
/// until its last line has arrived.
pub fn parse_reply_with<'a>(
    input: &'a [u8],
    options: &ReplyOptions,
) -> Decoded<Reply<'a>, DecodeError> {
    status(reply(input, options))
}

fn reply<'a>(input: &'a [u8], options: &ReplyOptions) -> Result<(Reply<'a>, usize), Halt> {
    let mut pos = 0;
    let mut code = None;
    let mut texts = Vec::new();
    loop {
        let (line, used) = take_line(&input[pos..], options.max_line_len, options.allow_bare_lf)
            .map_err(|e| match e {
                Halt::Failed(e) => Halt::Failed(e.shifted(pos)),
                incomplete => incomplete,
            })?;
        let parsed = reply_line(line, options, input, pos)?;
        if code.is_some_and(|c| c != parsed.code) {
            return Err(DecodeError::new(DecodeErrorKind::MixedReplyCodes, input, pos).into());
        }
        code = Some(parsed.code);
        texts.push(parsed.text);
        pos += used;
        if parsed.last {
            return Ok((assemble(parsed.code, texts), pos));
        }
        if texts.len() >= options.max_lines {
            return Err(
                DecodeError::new(DecodeErrorKind::Syntax("fewer reply lines"), input, pos).into(),
            );
        }
    }
}
