//! nom parsers for commands and replies, one function per ABNF rule.
//!
//! The public entry points take a buffer that may hold a partial message and return a
//! [`Decoded`] status: the message with the number of bytes it used,
//! [`Decoded::Incomplete`] when the buffer ends first, or [`Decoded::Failed`]. Lines
//! are limited before they are buffered: a buffer holding more than the limit without
//! a line end fails, it is not `Incomplete`.
//!
//! The rules that the validating constructors in `types/` share with these parsers
//! (local parts, mailboxes, domains, address literals) and the nom error type they
//! report with live in the crate's private `grammar` module.

pub(crate) mod address;
mod command;
mod ehlo;
mod fast;
#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub use fast::agrees_with_general_parser;
mod limits;
mod options;
mod params;
pub(crate) mod reply;

pub use command::{parse_command, parse_command_with};
pub use ehlo::parse_ehlo;
pub use limits::LineLimits;
pub use options::CommandOptions;
pub use reply::{ReplyOptions, parse_reply, parse_reply_with};

use crate::error::{DecodeError, DecodeErrorKind};
pub(crate) use crate::grammar::digits;
pub(crate) use crate::grammar::nom::{PErr, PResult, fail};
use mail_proto_core::Decoded;
use mail_proto_core::line::{Frame, LineFramer};

/// Why a decoder stopped without a message: the two statuses of [`Decoded`] that are
/// not a message, so internal steps can use `?`.
#[derive(Debug)]
pub(crate) enum Halt {
    /// Read more.
    Incomplete,
    /// The input does not decode.
    Failed(DecodeError),
}

impl From<DecodeError> for Halt {
    fn from(e: DecodeError) -> Self {
        Halt::Failed(e)
    }
}

/// The public status of an internal result.
pub(crate) fn status<T>(r: Result<(T, usize), Halt>) -> Decoded<T, DecodeError> {
    match r {
        Ok((value, consumed)) => Decoded::Complete { value, consumed },
        Err(Halt::Incomplete) => Decoded::Incomplete,
        Err(Halt::Failed(e)) => Decoded::Failed(e),
    }
}

/// A recoverable error saying what was expected.
pub(crate) fn expected<'a, T>(rest: &'a str, what: &'static str) -> PResult<'a, T> {
    Err(nom::Err::Error(PErr {
        rest: rest.as_bytes(),
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
        // the parsers run on whole lines, so nom never asks for more; if it did, the
        // line is refused at its end
        nom::Err::Incomplete(_) => DecodeError::new(
            DecodeErrorKind::Syntax("a complete line"),
            whole,
            base + line.len(),
        ),
        nom::Err::Error(e) | nom::Err::Failure(e) => {
            let offset = base + line.len().saturating_sub(e.rest.len());
            DecodeError::new(e.kind, whole, offset)
        }
    }
}

/// Checks a whole line (or argument) as UTF-8 once, so the parsers can borrow `&str`.
pub(crate) fn line_text<'a>(
    bytes: &'a [u8],
    whole: &[u8],
    base: usize,
) -> Result<&'a str, DecodeError> {
    std::str::from_utf8(bytes)
        .map_err(|e| DecodeError::new(DecodeErrorKind::InvalidUtf8, whole, base + e.valid_up_to()))
}

/// Parses `1*DIGIT` (at most `max_digits`) as a u64, failing on overflow.
pub(crate) fn number(input: &str, max_digits: usize) -> PResult<'_, u64> {
    use nom::Parser;
    let (rest, found) =
        nom::error::context("a number", nom::character::complete::digit1).parse(input)?;
    let value = if found.len() > max_digits {
        None
    } else {
        digits(found.as_bytes())
    };
    match value {
        Some(n) => Ok((rest, n)),
        None => fail(input, DecodeErrorKind::NumberOverflow),
    }
}

/// Compares `input` with `pattern` (upper case), folding case only where the pattern
/// has a letter, so no other byte can pass for a letter or a delimiter.
#[inline]
pub(crate) fn starts_with_fold(input: &[u8], pattern: &[u8]) -> bool {
    input.len() >= pattern.len()
        && input.iter().zip(pattern).all(|(i, p)| {
            if p.is_ascii_uppercase() {
                i & !0x20 == *p
            } else {
                i == p
            }
        })
}

/// Case-insensitive equality with an upper-case ASCII pattern.
#[inline]
pub(crate) fn eq_fold(input: &[u8], pattern: &[u8]) -> bool {
    input.len() == pattern.len() && starts_with_fold(input, pattern)
}

/// Finds the end of the line starting at `input[0]`, within `limit` bytes, with the
/// shared [`LineFramer`] (one call on a whole buffer, for the pure parsers).
/// Returns the line without its terminator and the total length.
pub(crate) fn take_line(
    input: &[u8],
    limit: usize,
    allow_bare_lf: bool,
) -> Result<(&[u8], usize), Halt> {
    match LineFramer::new(limit).next_frame(input) {
        Frame::Line {
            len,
            terminator_len,
        } if terminator_len == 2 || allow_bare_lf => Ok((&input[..len - terminator_len], len)),
        Frame::Line { len, .. } => Err(Halt::Failed(DecodeError::new(
            DecodeErrorKind::BareLineEnding,
            input,
            len - 1,
        ))),
        Frame::Incomplete => Err(Halt::Incomplete),
        Frame::Skip { .. } | Frame::Overlong { .. } => Err(Halt::Failed(DecodeError::new(
            DecodeErrorKind::LineTooLong { limit },
            input,
            limit,
        ))),
    }
}
