//! nom parsers for commands and replies, one function per ABNF rule.
//!
//! The public entry points take a buffer that may hold a partial message and return
//! the message with the number of bytes it used, or
//! [`crate::DecodeErrorKind::Incomplete`] when the buffer
//! ends first. Lines are limited before they are buffered: a buffer holding more than
//! the limit without a line end is an error, not `Incomplete`.

pub(crate) mod address;
mod command;
mod ehlo;
mod params;
pub(crate) mod reply;

pub use command::{CommandOptions, parse_command, parse_command_with};
pub use ehlo::parse_ehlo;
pub use reply::{ReplyOptions, parse_reply, parse_reply_with};

use crate::error::{DecodeError, DecodeErrorKind};
use nom::IResult;

/// A parser error: where in the input it happened and why.
#[derive(Debug)]
pub(crate) struct PErr<'a> {
    pub rest: &'a [u8],
    pub kind: DecodeErrorKind,
}

impl<'a> nom::error::ParseError<&'a [u8]> for PErr<'a> {
    fn from_error_kind(input: &'a [u8], _kind: nom::error::ErrorKind) -> Self {
        PErr {
            rest: input,
            kind: DecodeErrorKind::Syntax("valid syntax"),
        }
    }
    fn append(_input: &'a [u8], _kind: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

pub(crate) type PResult<'a, T> = IResult<&'a [u8], T, PErr<'a>>;

/// A failure that stops all alternatives.
pub(crate) fn fail<T>(rest: &[u8], kind: DecodeErrorKind) -> PResult<'_, T> {
    Err(nom::Err::Failure(PErr { rest, kind }))
}

/// A recoverable error saying what was expected.
pub(crate) fn expected<'a, T>(rest: &'a [u8], what: &'static str) -> PResult<'a, T> {
    Err(nom::Err::Error(PErr {
        rest,
        kind: DecodeErrorKind::Syntax(what),
    }))
}

/// Turns a nom error on `line` (which starts at `base` in the whole input) into a
/// [`DecodeError`] with an absolute offset.
pub(crate) fn to_decode_error(
    err: nom::Err<PErr<'_>>,
    whole: &[u8],
    line: &[u8],
    base: usize,
) -> DecodeError {
    match err {
        nom::Err::Incomplete(_) => DecodeError::incomplete(),
        nom::Err::Error(e) | nom::Err::Failure(e) => {
            let offset = base + line.len().saturating_sub(e.rest.len());
            DecodeError::new(e.kind, whole, offset)
        }
    }
}

/// Bytes as `&str`, or an `InvalidUtf8` failure.
pub(crate) fn utf8(bytes: &[u8]) -> PResult<'_, &str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((&bytes[bytes.len()..], s)),
        Err(e) => fail(&bytes[e.valid_up_to()..], DecodeErrorKind::InvalidUtf8),
    }
}

/// Parses `1*digits` as a u64, failing on overflow (never wrapping).
pub(crate) fn number(input: &[u8], max_digits: usize) -> PResult<'_, u64> {
    let len = input.iter().take_while(|b| b.is_ascii_digit()).count();
    if len == 0 {
        return expected(input, "a number");
    }
    if len > max_digits {
        return fail(input, DecodeErrorKind::NumberOverflow);
    }
    let mut n: u64 = 0;
    for &d in &input[..len] {
        n = match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d - b'0')))
        {
            Some(n) => n,
            None => return fail(input, DecodeErrorKind::NumberOverflow),
        };
    }
    Ok((&input[len..], n))
}

/// Finds the end of the line starting at `input[0]`, within `limit` bytes.
/// Returns the line without its terminator and the total length.
pub(crate) fn take_line(
    input: &[u8],
    limit: usize,
    allow_bare_lf: bool,
) -> Result<(&[u8], usize), DecodeError> {
    let window = &input[..input.len().min(limit)];
    match memchr::memchr(b'\n', window) {
        Some(lf) => {
            if lf > 0 && input[lf - 1] == b'\r' {
                Ok((&input[..lf - 1], lf + 1))
            } else if allow_bare_lf {
                Ok((&input[..lf], lf + 1))
            } else {
                Err(DecodeError::new(DecodeErrorKind::BareLineEnding, input, lf))
            }
        }
        None if input.len() >= limit => Err(DecodeError::new(
            DecodeErrorKind::LineTooLong { limit },
            input,
            limit,
        )),
        None => Err(DecodeError::incomplete()),
    }
}
