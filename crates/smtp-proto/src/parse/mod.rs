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
mod fast;
#[doc(hidden)]
pub use fast::agrees_with_general_parser;
mod params;
pub(crate) mod reply;

pub use command::{CommandOptions, parse_command, parse_command_with};
pub use ehlo::parse_ehlo;
pub use reply::{ReplyOptions, parse_reply, parse_reply_with};

use crate::error::{DecodeError, DecodeErrorKind};
use mail_proto_core::line::{Frame, LineFramer};
use nom::IResult;

/// A parser error: where in the input it happened and why.
#[derive(Debug)]
pub(crate) struct PErr<'a> {
    pub rest: &'a [u8],
    pub kind: DecodeErrorKind,
}

impl<'a> nom::error::ParseError<&'a str> for PErr<'a> {
    fn from_error_kind(input: &'a str, _kind: nom::error::ErrorKind) -> Self {
        PErr {
            rest: input.as_bytes(),
            kind: DecodeErrorKind::Syntax("valid syntax"),
        }
    }
    fn append(_input: &'a str, _kind: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

/// Parsers work on text already checked to be UTF-8 (once per line), scanning its
/// bytes and returning borrowed slices of it.
pub(crate) type PResult<'a, T> = IResult<&'a str, T, PErr<'a>>;

/// A failure that stops all alternatives.
pub(crate) fn fail<T>(rest: &str, kind: DecodeErrorKind) -> PResult<'_, T> {
    Err(nom::Err::Failure(PErr {
        rest: rest.as_bytes(),
        kind,
    }))
}

/// A recoverable error saying what was expected.
pub(crate) fn expected<'a, T>(rest: &'a str, what: &'static str) -> PResult<'a, T> {
    Err(nom::Err::Error(PErr {
        rest: rest.as_bytes(),
        kind: DecodeErrorKind::Syntax(what),
    }))
}

/// Splits `s` at byte `i`. Parsers only split after ASCII bytes, so this never fails
/// in practice; if it did, the input is refused rather than sliced mid-character.
pub(crate) fn split_at(s: &str, i: usize) -> Result<(&str, &str), nom::Err<PErr<'_>>> {
    s.split_at_checked(i).ok_or(nom::Err::Failure(PErr {
        rest: s.as_bytes(),
        kind: DecodeErrorKind::InvalidUtf8,
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

/// Checks a whole line (or argument) as UTF-8 once, so the parsers can borrow `&str`.
pub(crate) fn line_text<'a>(
    bytes: &'a [u8],
    whole: &[u8],
    base: usize,
) -> Result<&'a str, DecodeError> {
    std::str::from_utf8(bytes)
        .map_err(|e| DecodeError::new(DecodeErrorKind::InvalidUtf8, whole, base + e.valid_up_to()))
}

/// The value of an all-digit byte string, `None` if a byte is not a digit, the string
/// is empty, or the value does not fit a u64 (never wrapping).
#[inline]
pub(crate) fn digits(v: &[u8]) -> Option<u64> {
    if v.is_empty() || v.len() > 20 || !v.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let (head, tail) = v.split_at(v.len().min(19));
    // 19 digits always fit a u64; only a 20th can overflow
    let n = head.iter().fold(0u64, |n, &c| n * 10 + u64::from(c - b'0'));
    match tail {
        [] => Some(n),
        [c] => n.checked_mul(10)?.checked_add(u64::from(c - b'0')),
        _ => None,
    }
}

/// Parses `1*digits` (at most `max_digits`) as a u64, failing on overflow.
pub(crate) fn number(input: &str, max_digits: usize) -> PResult<'_, u64> {
    let count = input.bytes().take_while(u8::is_ascii_digit).count();
    if count == 0 {
        return expected(input, "a number");
    }
    let value = if count > max_digits {
        None
    } else {
        digits(&input.as_bytes()[..count])
    };
    match value {
        Some(n) => Ok((split_at(input, count)?.1, n)),
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

/// A 256-entry membership table for a byte class, built at compile time.
pub(crate) struct ByteClass(pub(crate) [bool; 256]);

impl ByteClass {
    /// True if `b` is in the class.
    #[inline]
    pub(crate) fn has(&self, b: u8) -> bool {
        self.0[usize::from(b)]
    }

    /// True if every byte of `s` is in the class.
    #[inline]
    pub(crate) fn all(&self, s: &[u8]) -> bool {
        self.run(s) == s.len()
    }

    /// Length of the longest prefix of `s` in the class.
    #[inline]
    pub(crate) fn run(&self, s: &[u8]) -> usize {
        s.iter().position(|b| !self.has(*b)).unwrap_or(s.len())
    }
}

/// `atext` (RFC 5322) plus every non-ASCII byte (RFC 6531 `UTF8-non-ascii`).
pub(crate) const ATEXT: ByteClass = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric()
            || b >= 0x80
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'/'
                    | b'='
                    | b'?'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'{'
                    | b'|'
                    | b'}'
                    | b'~'
            );
        i += 1;
    }
    ByteClass(t)
};

/// `Let-dig` and `-` (RFC 5321 `Ldh-str`), plus non-ASCII bytes for U-labels.
pub(crate) const LDH: ByteClass = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b >= 0x80 || b == b'-';
        i += 1;
    }
    ByteClass(t)
};

/// `esmtp-keyword` characters: `ALPHA / DIGIT / "-"`.
pub(crate) const KEYWORD: ByteClass = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'-';
        i += 1;
    }
    ByteClass(t)
};

/// `esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")`, also the shape of a DSN
/// `addr-type`.
pub(crate) fn is_keyword(s: &[u8]) -> bool {
    !s.is_empty() && keyword_len(s) == s.len()
}

/// Length of the `esmtp-keyword` at the start of `s`, 0 if there is none.
#[inline]
pub(crate) fn keyword_len(s: &[u8]) -> usize {
    if s.first().is_some_and(u8::is_ascii_alphanumeric) {
        KEYWORD.run(s)
    } else {
        0
    }
}

/// `esmtp-value = 1*(%d33-60 / %d62-126 / UTF8-non-ascii)`.
pub(crate) fn is_value(s: &[u8]) -> bool {
    !s.is_empty() && ESMTP_VALUE.all(s)
}

/// `esmtp-value` characters: `%d33-60 / %d62-126` plus non-ASCII bytes (RFC 6531).
pub(crate) const ESMTP_VALUE: ByteClass = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = matches!(i, 33..=60 | 62..=126 | 0x80..=0xff);
        i += 1;
    }
    ByteClass(t)
};

/// Finds the end of the line starting at `input[0]`, within `limit` bytes, with the
/// shared [`LineFramer`] (one call on a whole buffer, for the pure parsers).
/// Returns the line without its terminator and the total length.
pub(crate) fn take_line(
    input: &[u8],
    limit: usize,
    allow_bare_lf: bool,
) -> Result<(&[u8], usize), DecodeError> {
    match LineFramer::new(limit).next_frame(input) {
        Frame::Line {
            len,
            terminator_len,
        } if terminator_len == 2 || allow_bare_lf => Ok((&input[..len - terminator_len], len)),
        Frame::Line { len, .. } => Err(DecodeError::new(
            DecodeErrorKind::BareLineEnding,
            input,
            len - 1,
        )),
        Frame::Incomplete => Err(DecodeError::incomplete()),
        Frame::Skip { .. } | Frame::Overlong { .. } => Err(DecodeError::new(
            DecodeErrorKind::LineTooLong { limit },
            input,
            limit,
        )),
    }
}
