//! Parsers for commands, responses, CAPA lists and listings: one function per ABNF
//! rule, each naming its rule and RFC section.
//!
//! The entry points take a buffer that may hold a partial message and return a
//! [`mail_proto_core::Decoded`] status: the message and the bytes it used,
//! `Incomplete`, or an error with its offset. Lines are limited before they are
//! buffered: a buffer holding more than the limit without a line end is an error,
//! not `Incomplete`.

mod capa;
mod command;
mod listing;
mod response;

pub use capa::{parse_capabilities, parse_capability};
pub use command::{CommandOptions, parse_command, parse_command_with, parse_sasl_line};
pub use listing::{
    parse_scan_listing, parse_scan_listings, parse_stat, parse_unique_id_listing,
    parse_unique_id_listings,
};
pub use response::{
    ResponseOptions, parse_greeting, parse_greeting_with, parse_response, parse_response_line,
    parse_response_line_with, parse_response_with, timestamp,
};

use mail_proto_core::Decoded;
use nom::IResult;

use crate::error::{DecodeError, DecodeErrorKind};
use crate::types::MessageNumber;

/// A parser error: where in the line it happened and why.
#[derive(Debug)]
pub(crate) struct PErr<'a> {
    pub rest: &'a str,
    pub kind: DecodeErrorKind,
}

impl<'a> nom::error::ParseError<&'a str> for PErr<'a> {
    fn from_error_kind(input: &'a str, _kind: nom::error::ErrorKind) -> Self {
        PErr {
            rest: input,
            kind: DecodeErrorKind::Syntax("valid syntax"),
        }
    }
    fn append(_input: &'a str, _kind: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

/// Parsers work on a line already checked to be UTF-8.
pub(crate) type PResult<'a, T> = IResult<&'a str, T, PErr<'a>>;

/// A failure at `rest` that stops every alternative.
pub(crate) fn fail<T>(rest: &str, kind: DecodeErrorKind) -> PResult<'_, T> {
    Err(nom::Err::Failure(PErr { rest, kind }))
}

/// A syntax failure at `rest` saying what was expected.
pub(crate) fn expected<'a, T>(rest: &'a str, what: &'static str) -> PResult<'a, T> {
    fail(rest, DecodeErrorKind::Syntax(what))
}

/// Turns a parser error on `line` (which starts at `base` of `whole`) into a
/// [`DecodeError`] with an absolute offset.
pub(crate) fn to_decode_error(
    err: nom::Err<PErr<'_>>,
    whole: &[u8],
    line: &str,
    base: usize,
) -> DecodeError {
    match err {
        nom::Err::Incomplete(_) => DecodeError::new(
            DecodeErrorKind::Syntax("more input"),
            whole,
            base + line.len(),
        ),
        nom::Err::Error(e) | nom::Err::Failure(e) => {
            let offset = base + line.len().saturating_sub(e.rest.len());
            DecodeError::new(e.kind, whole, offset)
        }
    }
}

/// Runs `parser` on a whole `line` of `whole` (starting at `base`), which it must
/// use up.
pub(crate) fn run<'a, T>(
    line: &'a str,
    whole: &[u8],
    base: usize,
    parser: impl FnOnce(&'a str) -> PResult<'a, T>,
) -> Result<T, DecodeError> {
    match parser(line) {
        Ok(("", value)) => Ok(value),
        Ok((rest, _)) => Err(DecodeError::new(
            DecodeErrorKind::Syntax("end of line"),
            whole,
            base + line.len() - rest.len(),
        )),
        Err(e) => Err(to_decode_error(e, whole, line, base)),
    }
}

/// The first line of `input`: its text without the terminator, and the bytes it
/// takes with the terminator (RFC 1939 §3: lines end in `CRLF`). No `LF` within
/// `max_len` bytes is an error once that many bytes are there; a bare `LF` is one
/// unless `bare_lf`; a `CR` inside the line always is.
pub(crate) fn first_line(
    input: &[u8],
    max_len: usize,
    bare_lf: bool,
) -> Decoded<&str, DecodeError> {
    let window = &input[..input.len().min(max_len)];
    let Some(lf) = memchr::memchr(b'\n', window) else {
        if input.len() >= max_len {
            let kind = DecodeErrorKind::LineTooLong { limit: max_len };
            return Decoded::Failed(DecodeError::new(kind, input, max_len));
        }
        return Decoded::Incomplete;
    };
    let crlf = lf > 0 && input[lf - 1] == b'\r';
    if !crlf && !bare_lf {
        return Decoded::Failed(DecodeError::new(DecodeErrorKind::BareLineEnding, input, lf));
    }
    let content = &input[..if crlf { lf - 1 } else { lf }];
    if let Some(cr) = memchr::memchr(b'\r', content) {
        return Decoded::Failed(DecodeError::new(DecodeErrorKind::BareLineEnding, input, cr));
    }
    match std::str::from_utf8(content) {
        Ok(text) => Decoded::complete(text, lf + 1),
        Err(e) => Decoded::Failed(DecodeError::new(
            DecodeErrorKind::InvalidUtf8,
            input,
            e.valid_up_to(),
        )),
    }
}

/// `1*DIGIT` as a u64 (RFC 1939 §3: numbers are base-10); overflow is an error,
/// never a wrap.
pub(crate) fn number(input: &str) -> PResult<'_, u64> {
    let end = input
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(input.len());
    if end == 0 {
        return expected(input, "a number");
    }
    let (digits, rest) = input.split_at(end);
    match digits.parse::<u64>() {
        Ok(n) => Ok((rest, n)),
        Err(_) => fail(input, DecodeErrorKind::NumberOverflow),
    }
}

/// `msg = 1*DIGIT` naming a message, 1 or more (RFC 1939 §5: "message-number"); 0
/// and values past `u32::MAX` are errors.
pub(crate) fn message_number(input: &str) -> PResult<'_, MessageNumber> {
    let (rest, n) = number(input)?;
    match u32::try_from(n).ok().and_then(MessageNumber::new) {
        Some(m) => Ok((rest, m)),
        None => fail(input, DecodeErrorKind::NumberOverflow),
    }
}

/// `SP`: exactly one space.
pub(crate) fn sp(input: &str) -> PResult<'_, ()> {
    match input.strip_prefix(' ') {
        Some(rest) => Ok((rest, ())),
        None => expected(input, "a space"),
    }
}

/// `1*VCHAR` (and UTF-8 beyond ASCII): a word up to the next space.
pub(crate) fn word(input: &str) -> PResult<'_, &str> {
    let end = input.find([' ', '\t']).unwrap_or(input.len());
    if end == 0 {
        return expected(input, "a word");
    }
    let (w, rest) = input.split_at(end);
    if w.chars().any(char::is_control) {
        return expected(input, "printable characters");
    }
    Ok((rest, w))
}
