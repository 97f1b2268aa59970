//! Fast paths for the command lines that dominate real traffic, dispatched on the
//! verb read as one case-folded integer:
//!
//! - a four-letter verb alone on its line (`DATA`, `QUIT`, `RSET`, `NOOP`, `HELP`), in
//!   [`bare_line`], tried before anything else: kept out of the shared path that
//!   builds a command in place, it costs a few instructions;
//! - `MAIL FROM:<...>` and `RCPT TO:<...>` with a plain ASCII address and the common
//!   parameters (SIZE, BODY, SMTPUTF8, RET, ENVID, NOTIFY, ORCPT), in [`mail`];
//! - `DATA`, `RSET`, `QUIT`, `STARTTLS`, `NOOP`/`HELP` (with or without an argument),
//!   `VRFY`, `BDAT`, `EHLO`/`HELO`/`LHLO` with a plain domain, and `AUTH` with a common
//!   mechanism, in [`verbs`].
//!
//! Each makes one forward pass over the line with short manual loops (the tokens are
//! too short for SIMD searches to pay off) and gives up (`None`) at the first byte it
//! does not expect, which the general parser then handles. For every line it accepts
//! it returns exactly what the general parser returns under any options; a property
//! test and a fuzz target hold it to that.

mod mail;
#[cfg(test)]
mod tests;
mod verbs;

use mail_proto_core::Decoded;

use super::CommandOptions;
use crate::DecodeError;
use crate::grammar::ByteClass;
use crate::types::Command;

/// A verb's first four bytes as a little-endian integer, letters folded to lower
/// case. `| 0x20` folds exactly for letters: the only bytes that fold to a lower-case
/// letter are that letter and its upper case, so no other byte can pass for one.
#[inline(always)]
fn folded_verb(input: &[u8]) -> Option<u32> {
    let word: [u8; 4] = input.get(..4)?.try_into().ok()?;
    Some(u32::from_le_bytes(word) | 0x2020_2020)
}

/// The integer [`folded_verb`] gives for `verb` (lower case).
const fn verb(verb: &[u8; 4]) -> u32 {
    u32::from_le_bytes(*verb)
}

/// True if the eight bytes at `at` match `pattern` (upper case), letters folded
/// exactly as [`crate::parse::starts_with_fold`] folds them (`& !0x20` only where
/// the pattern has a letter), in one integer comparison.
#[inline(always)]
fn folded8_at(input: &[u8], at: usize, pattern: &[u8; 8]) -> bool {
    const fn letter_mask(p: &[u8; 8]) -> u64 {
        let mut mask = 0;
        let mut i = 0;
        while i < 8 {
            if p[i].is_ascii_uppercase() {
                mask |= 0x20 << (8 * i);
            }
            i += 1;
        }
        mask
    }
    let Some(word) = input
        .get(at..at + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
    else {
        return false;
    };
    u64::from_le_bytes(word) & !letter_mask(pattern) == u64::from_le_bytes(*pattern)
}

/// Tries the command line at the start of `input` (its end not yet found: a fast path
/// stops at the first byte it does not expect, which must be the `CRLF`). On success
/// `out` holds the command and the line's length, `CRLF` included, within the line's
/// limit; MAIL and RCPT are built in place there (no move of the command).
/// On failure `out` is left [`Decoded::Incomplete`].
#[inline]
pub(crate) fn command<'a>(
    input: &'a [u8],
    options: &CommandOptions,
    out: &mut Decoded<Command<'a>, DecodeError>,
) -> bool {
    let Some(word) = folded_verb(input) else {
        return false;
    };
    match word {
        w if w == verb(b"rcpt") => mail::rcpt(input, options.max_rcpt_line_len, out),
        w if w == verb(b"mail") => mail::mail(input, options.max_mail_line_len, out),
        w if w == verb(b"auth") => {
            let limit = options.max_auth_line_len.max(options.max_line_len);
            put(verbs::auth(input, limit), out)
        }
        w => put(verbs::other(w, input, options.max_line_len), out),
    }
}

/// `DATA`, `QUIT`, `RSET`, `NOOP` or `HELP` alone on a 6-byte line (`CRLF` included)
/// within `max`.
#[inline(always)]
pub(crate) fn bare_line(input: &[u8], max: usize) -> Option<Command<'static>> {
    let head: [u8; 6] = input.get(..6)?.try_into().ok()?;
    if head[4..] != *b"\r\n" || max < 6 {
        return None;
    }
    verbs::bare(folded_verb(&head)?)
}

/// Stores a fast path's command and length in `out`: true if there was one.
#[inline(always)]
fn put<'a>(
    found: Option<(Command<'a>, usize)>,
    out: &mut Decoded<Command<'a>, DecodeError>,
) -> bool {
    match found {
        Some((value, consumed)) => {
            *out = Decoded::Complete { value, consumed };
            true
        }
        None => false,
    }
}

/// True if `input[end..]` starts with `CRLF` and the line, `CRLF` included, is
/// within `max`: the line's length.
#[inline(always)]
fn line_end(input: &[u8], end: usize, max: usize) -> Option<usize> {
    let len = end + 2;
    (input.get(end..len) == Some(b"\r\n") && len <= max).then_some(len)
}

/// An ASCII-only copy of `class`.
const fn ascii_only(class: &ByteClass) -> ByteClass {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        t[i] = class.0[i];
        i += 1;
    }
    ByteClass(t)
}

/// Scans dot-separated parts of `class` bytes from `i`, each non-empty (and, for
/// domains, not starting or ending with `-`), up to the byte `stop`; returns its index.
#[inline]
fn dotted(b: &[u8], mut i: usize, class: &ByteClass, stop: u8, labels: bool) -> Option<usize> {
    loop {
        let part = b.get(i..)?;
        let len = class.run(part);
        if len == 0 || (labels && (part[0] == b'-' || part[len - 1] == b'-')) {
            return None;
        }
        i += len;
        match *b.get(i)? {
            b'.' => i += 1,
            c if c == stop => return Some(i),
            _ => return None,
        }
    }
}

/// Text the class tables have already proved ASCII, as `&str` (one cheap check).
#[inline(always)]
fn ascii(b: &[u8]) -> Option<&str> {
    std::str::from_utf8(b).ok()
}

/// The options the agreement check parses with: strict, and no line limit.
#[cfg(any(test, fuzzing))]
fn unlimited(mut options: CommandOptions) -> CommandOptions {
    options.max_line_len = usize::MAX;
    options.max_mail_line_len = usize::MAX;
    options.max_rcpt_line_len = usize::MAX;
    options.max_auth_line_len = usize::MAX;
    options
}

/// The fast path on one line without its `CRLF` (for the agreement check).
#[cfg(any(test, fuzzing))]
fn whole_line(line: &[u8]) -> Option<Command<'static>> {
    let mut buf = line.to_vec();
    buf.extend_from_slice(b"\r\n");
    let options = unlimited(CommandOptions::strict());
    if let Some(value) = bare_line(&buf, options.max_line_len) {
        return (buf.len() == 6).then_some(value);
    }
    let mut out = Decoded::Incomplete;
    if !command(&buf, &options, &mut out) {
        return None;
    }
    match out {
        Decoded::Complete { value, consumed } if consumed == buf.len() => Some(value.into_owned()),
        _ => None,
    }
}

/// True if the fast path either declines `line` (one line without `CRLF`) or returns
/// exactly what the general parser returns, with the strict options (so no tolerance
/// hides a difference) and with the lenient ones (so none changes the answer).
/// Public for the fuzz target only (`--cfg fuzzing`).
#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub fn agrees_with_general_parser(line: &[u8]) -> bool {
    let Some(fast) = whole_line(line) else {
        return true;
    };
    let Ok(text) = std::str::from_utf8(line) else {
        return false;
    };
    [CommandOptions::strict(), CommandOptions::lenient()]
        .iter()
        .all(|options| {
            matches!(super::command::command(text, options), Ok(("", general)) if general == fast)
        })
}
