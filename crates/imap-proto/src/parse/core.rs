//! The lexical rules: numbers, atoms, strings, literals, text, flags, dates,
//! sequence sets and mailbox names.

use std::borrow::Cow;
use std::num::NonZeroU32;

use mail_proto_core::Payload;
use nom::bytes::complete::{tag, tag_no_case, take, take_while};

use super::{Cx, PResult, expected, fail};
use crate::error::DecodeErrorKind;
use crate::types::chars::{is_astring_char, is_atom_char, is_tag_char, is_text_byte};
use crate::types::datetime::MONTHS;
use crate::types::{
    AString, Atom, Date, DateTime, Flag, FlagFetch, FlagPerm, IString, Literal, LiteralKind,
    Mailbox, NString, SeqItem, SeqNumber, SequenceSet, Tag, Text,
};

/// `SP`; with [`Lenient::extra_spaces`](super::Lenient) any run of spaces.
#[inline(always)]
pub(crate) fn sp<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, ()> {
    match i {
        // the options are read only when a second space is there to skip
        [b' ', b' ', ..] if cx.lenient().extra_spaces => Ok((skip_spaces(i), ())),
        [b' ', rest @ ..] => Ok((rest, ())),
        _ => expected(i, "SP"),
    }
}

#[inline]
fn skip_spaces(i: &[u8]) -> &[u8] {
    let n = i.iter().take_while(|&&b| b == b' ').count();
    &i[n..]
}

/// Skips spaces under `extra_spaces` (where no `SP` separator is due next).
#[inline(always)]
pub(crate) fn trailing_spaces<'a>(i: &'a [u8], cx: Cx<'_>) -> &'a [u8] {
    if i.first() == Some(&b' ') && cx.lenient().extra_spaces {
        skip_spaces(i)
    } else {
        i
    }
}

/// The input after a closing `)` (spaces before it tolerated under `extra_spaces`),
/// or `None` if no `)` is next; nothing is consumed then.
#[inline]
pub(crate) fn close_paren<'a>(i: &'a [u8], cx: Cx<'_>) -> Option<&'a [u8]> {
    if cx.lenient().crlf_before_paren {
        let after_spaces = i.iter().position(|&b| b != b' ').unwrap_or(i.len());
        if let Some(rest) = i[after_spaces..].strip_prefix(b"\r\n)") {
            return Some(rest);
        }
    }
    trailing_spaces(i, cx).strip_prefix(b")")
}

/// `SP` before one more item, or `None` at the end of the line (spaces before
/// `CRLF`, or a bare `LF`, are left for the caller, which tolerates or refuses them).
pub(crate) fn next_item<'a>(i: &'a [u8], cx: Cx<'_>) -> Option<PResult<'a, ()>> {
    match i {
        [b' ', ..] => match sp(i, cx) {
            Ok(([b'\r' | b'\n', ..], ())) | Ok(([], ())) => None,
            r => Some(r),
        },
        _ => None,
    }
}

/// `CRLF` ending a response line; a bare `LF` too under
/// [`Lenient::lf_line_ends`](super::Lenient).
#[inline]
pub(crate) fn line_end<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, ()> {
    match i {
        [b'\n', rest @ ..] if cx.lf_line_ends => Ok((rest, ())),
        _ => crlf(i),
    }
}

/// `CRLF`
pub(crate) fn crlf(i: &[u8]) -> PResult<'_, ()> {
    match i {
        [b'\r', b'\n', rest @ ..] => Ok((rest, ())),
        [b'\n', ..] => fail(i, DecodeErrorKind::BareLineEnding),
        _ => expected(i, "CRLF"),
    }
}

/// A byte.
pub(crate) fn byte(b: u8, what: &'static str) -> impl Fn(&[u8]) -> PResult<'_, ()> {
    move |i| match i {
        [c, rest @ ..] if *c == b => Ok((rest, ())),
        _ => expected(i, what),
    }
}

/// `1*pred`, a borrowed slice; `what` names it in the error.
#[inline]
pub(crate) fn take1<'a>(
    i: &'a [u8],
    pred: impl Fn(u8) -> bool,
    what: &'static str,
) -> PResult<'a, &'a [u8]> {
    let n = i.iter().position(|&b| !pred(b)).unwrap_or(i.len());
    if n == 0 {
        return expected(i, what);
    }
    Ok((&i[n..], &i[..n]))
}

/// Value of an all-digit slice, `None` on overflow.
pub(crate) fn digits_value(d: &[u8]) -> Option<u64> {
    d.iter().try_fold(0u64, |n, &c| {
        n.checked_mul(10)?.checked_add(u64::from(c - b'0'))
    })
}

/// `number64 = 1*DIGIT` (a u64; overflow is an error, never a wrap).
#[inline]
pub(crate) fn number64(i: &[u8]) -> PResult<'_, u64> {
    // one pass: digits read and accumulated together
    let mut n = 0u64;
    let mut k = 0;
    while let Some(&c) = i.get(k) {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        n = match n.checked_mul(10).and_then(|n| n.checked_add(u64::from(d))) {
            Some(n) => n,
            None => return fail(i, DecodeErrorKind::NumberOverflow),
        };
        k += 1;
    }
    if k == 0 {
        return expected(i, "number");
    }
    Ok((&i[k..], n))
}

/// [`number64`], or `-1` read as 0 where `minus_one` allows it (a server's "unknown":
/// Dovecot and Exchange send it as a body part's line count; the types hold no
/// "unknown", and 0 is the value that promises nothing). `-1` followed by another
/// digit is no `-1`.
#[inline]
pub(crate) fn number64_or_minus_one(i: &[u8], minus_one: bool) -> PResult<'_, u64> {
    match i {
        [b'-', b'1', rest @ ..] if minus_one && !rest.first().is_some_and(u8::is_ascii_digit) => {
            Ok((rest, 0))
        }
        _ => number64(i),
    }
}

/// `number = 1*DIGIT` (32-bit unsigned in IMAP4rev1 and IMAP4rev2).
#[inline]
pub(crate) fn number(i: &[u8]) -> PResult<'_, u32> {
    let (rest, n) = number64(i)?;
    match u32::try_from(n) {
        Ok(n) => Ok((rest, n)),
        Err(_) => fail(i, DecodeErrorKind::NumberOverflow),
    }
}

/// `nz-number = digit-nz *DIGIT`; 0 is kept as 1 under
/// [`Lenient::zero_nz_number`](super::Lenient), else an error.
pub(crate) fn nz_number<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, NonZeroU32> {
    let (rest, n) = number(i)?;
    match NonZeroU32::new(n) {
        Some(n) => Ok((rest, n)),
        None if cx.lenient().zero_nz_number => Ok((rest, NonZeroU32::MIN)),
        None => fail(
            i,
            DecodeErrorKind::InvalidValue("zero where nz-number is required"),
        ),
    }
}

/// `mod-sequence-value = 1*DIGIT` (RFC 7162 §7: "Positive unsigned 63-bit integer",
/// 1 to 2^63-1). 0 is kept as 0 under [`Lenient::zero_nz_number`](super::Lenient)
/// (Zoho: `MODSEQ (0)`), else an error; past 2^63-1 is always an overflow.
pub(crate) fn mod_sequence_value<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, u64> {
    let (r, n) = mod_sequence_valzer(i)?;
    if n == 0 && !cx.lenient().zero_nz_number {
        return fail(
            i,
            DecodeErrorKind::InvalidValue("zero where mod-sequence-value is required"),
        );
    }
    Ok((r, n))
}

/// `mod-sequence-valzer = "0" / mod-sequence-value` (RFC 7162 §7): 0 to 2^63-1.
pub(crate) fn mod_sequence_valzer(i: &[u8]) -> PResult<'_, u64> {
    let (r, n) = number64(i)?;
    if n > i64::MAX as u64 {
        return fail(i, DecodeErrorKind::NumberOverflow);
    }
    Ok((r, n))
}

fn ascii(b: &[u8]) -> &str {
    // callers pass ASCII only; an impossible failure gives an empty string, not a panic
    std::str::from_utf8(b).unwrap_or_default()
}

/// `atom = 1*ATOM-CHAR`
pub(crate) fn atom<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Atom<'a>> {
    let loose = cx.lenient().loose_atoms;
    let (rest, a) = take1(i, |b| is_atom_char(b) || (loose && b >= 0x80), "atom")?;
    match std::str::from_utf8(a) {
        Ok(s) => Ok((rest, Atom::checked(s))),
        Err(_) => fail(i, DecodeErrorKind::InvalidValue("atom that is not UTF-8")),
    }
}

/// `tag = 1*<any ASTRING-CHAR except "+">`
pub(crate) fn imap_tag(i: &[u8]) -> PResult<'_, Tag<'_>> {
    let (rest, t) = take1(i, is_tag_char, "tag")?;
    Ok((rest, Tag::checked(ascii(t))))
}

/// `quoted = DQUOTE *QUOTED-CHAR DQUOTE`, unescaped (a copy only if it has `\`).
///
/// One pass over the bytes for the common string (no `\`, every byte valid); any
/// other string goes to [`quoted_general`], which gives the same value or error.
#[inline]
pub(crate) fn quoted<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Cow<'a, [u8]>> {
    let Some((b'"', body)) = i.split_first() else {
        return expected(i, "quoted string");
    };
    match plain_quoted_len(body) {
        Some(at) => Ok((&body[at + 1..], Cow::Borrowed(&body[..at]))),
        None => quoted_general(i, cx),
    }
}

/// The length of a quoted string's content when it has no escapes and is 7-bit (the
/// index of the closing `"` in `body`, the input after the opening one), or `None` for
/// [`quoted_general`] to judge: escapes, 8-bit bytes (UTF-8 or not), forbidden bytes,
/// a missing end. The 7-bit test is folded into the same scan, so the common string
/// costs no second pass.
#[inline]
pub(crate) fn plain_quoted_len(body: &[u8]) -> Option<usize> {
    let mut k = 0;
    // eight bytes at a time: the lowest flagged byte of `special` is exact, the first
    // `"`, `\\`, byte below 0x0E (where NUL, LF and CR are; a TAB there is plain) or
    // 8-bit byte
    while let Some(chunk) = body.get(k..k + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let (quote, m) = special(u64::from_le_bytes(w));
        if m == 0 {
            k += 8;
            continue;
        }
        let at = k + (m.trailing_zeros() / 8) as usize;
        if quote & m & m.wrapping_neg() != 0 {
            // the first special byte is the closing quote (decided from the word,
            // without waiting for a table load)
            return Some(at);
        }
        match QUOTED_CLASS[body[at] as usize] {
            Q_PLAIN => k = at + 1,
            Q_DQUOTE => return Some(at),
            _ => return None,
        }
    }
    while let Some(&b) = body.get(k) {
        match QUOTED_CLASS[b as usize] {
            Q_PLAIN => k += 1,
            Q_DQUOTE => return Some(k),
            _ => return None,
        }
    }
    None
}

/// Masks with the high bit set in the bytes of `x` that are `"`, and that are `"`,
/// `\\`, below 0x0E or 8-bit; each exact up to its lowest flagged byte (bytes above it
/// may be flagged falsely).
#[inline]
fn special(x: u64) -> (u64, u64) {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |y: u64| y.wrapping_sub(LO) & !y & HI;
    let quote = zero_byte(x ^ (LO * u64::from(b'"')));
    let backslash = zero_byte(x ^ (LO * u64::from(b'\\')));
    let low = x.wrapping_sub(LO * 0x0E) & !x & HI;
    (quote, quote | backslash | low | (x & HI))
}

const Q_PLAIN: u8 = 0;
const Q_DQUOTE: u8 = 1;
const Q_OTHER: u8 = 2;

/// How [`quoted`]'s fast path sees each byte: plain (7-bit TEXT-CHAR), the closing
/// `"`, or what [`quoted_general`] judges: `\`, 8-bit bytes (valid UTF-8 or not), and
/// the bytes no quoted string holds (`NUL`, `CR`, `LF`).
static QUOTED_CLASS: [u8; 256] = {
    let mut t = [Q_PLAIN; 256];
    let mut b = 0x80;
    while b < 256 {
        t[b] = Q_OTHER;
        b += 1;
    }
    t[b'"' as usize] = Q_DQUOTE;
    t[b'\\' as usize] = Q_OTHER;
    t[0] = Q_OTHER;
    t[b'\r' as usize] = Q_OTHER;
    t[b'\n' as usize] = Q_OTHER;
    t
};

/// The error for the first `len` bytes of `from` (a quoted string's content as sent,
/// or text) if they are not UTF-8, at the first bad byte; `None` if they are UTF-8. RFC 9051 allows UTF8-2,
/// UTF8-3 and UTF8-4 in `quoted` and `text` (RFC 3501 allowed 7-bit only; RFC 6855's
/// UTF8=ACCEPT lifts that for IMAP4rev1): the strict grammar is the RFC 9051 superset.
pub(crate) fn not_utf8<'a, T>(
    from: &'a [u8],
    len: usize,
    what: &'static str,
) -> Option<PResult<'a, T>> {
    let raw = &from[..len];
    if raw.is_ascii() {
        return None;
    }
    match std::str::from_utf8(raw) {
        Ok(_) => None,
        Err(e) => Some(fail(
            &from[e.valid_up_to()..],
            DecodeErrorKind::Syntax(what),
        )),
    }
}

/// [`quoted`] for every string: escapes, 8-bit bytes, and the errors with their
/// offsets. Under the strict grammar the content must be UTF-8 (RFC 9051
/// `QUOTED-CHAR`); under [`Lenient::loose_quoted`](super::Lenient) any 8-bit byte is
/// kept, and a `\` before another character is kept with it.
#[cold]
#[inline(never)]
pub(crate) fn quoted_general<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Cow<'a, [u8]>> {
    let Some((b'"', body)) = i.split_first() else {
        return expected(i, "quoted string");
    };
    let loose = cx.lenient().loose_quoted;
    let Some(end) = memchr::memchr2(b'"', b'\\', body) else {
        return fail(i, DecodeErrorKind::Syntax("closing DQUOTE"));
    };
    // an escape only drops an ASCII `\` before an ASCII byte, so the content as sent is
    // UTF-8 exactly when the unescaped value is, and the offset is where it was sent
    let check = |len: usize| {
        if loose {
            None
        } else {
            not_utf8(body, len, UTF8_QUOTED)
        }
    };
    if body[end] == b'"' {
        let s = &body[..end];
        if !s.iter().all(|&b| is_text_byte(b)) {
            return fail(i, DecodeErrorKind::Syntax("QUOTED-CHAR"));
        }
        if let Some(e) = check(end) {
            return e;
        }
        return Ok((&body[end + 1..], Cow::Borrowed(s)));
    }
    // the bytes before the first escape are held to QUOTED-CHAR too (they were
    // copied unchecked, so NUL got through: found by the imap_command fuzz target)
    if let Some(bad) = body[..end].iter().position(|&b| !is_text_byte(b)) {
        return fail(&body[bad..], DecodeErrorKind::Syntax("QUOTED-CHAR"));
    }
    let mut out = body[..end].to_vec();
    let mut k = end;
    loop {
        match body.get(k) {
            Some(b'"') => break,
            Some(b'\\') => match body.get(k + 1) {
                Some(&c @ (b'"' | b'\\')) => {
                    out.push(c);
                    k += 2;
                }
                Some(&c) if loose && is_text_byte(c) => {
                    out.extend_from_slice(&[b'\\', c]);
                    k += 2;
                }
                _ => {
                    return fail(
                        &body[k..],
                        DecodeErrorKind::Syntax("quoted-specials after \\"),
                    );
                }
            },
            Some(&c) if is_text_byte(c) => {
                out.push(c);
                k += 1;
            }
            _ => return fail(&body[k..], DecodeErrorKind::Syntax("closing DQUOTE")),
        }
    }
    if let Some(e) = check(k) {
        return e;
    }
    Ok((&body[k + 1..], Cow::Owned(out)))
}

/// What the strict grammar says of a quoted string that is not UTF-8.
pub(crate) const UTF8_QUOTED: &str = "QUOTED-CHAR (UTF-8 only)";

/// What the strict grammar says of text that is not UTF-8.
pub(crate) const UTF8_TEXT: &str = "TEXT-CHAR or UTF-8";

/// The `{` number64 [`+`] `}` CRLF header of a literal (RFC 9051 §9, RFC 7888).
fn literal_header<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, u64> {
    let (i, _) = byte(b'{', "literal")(i)?;
    let (i, n) = number64(i)?;
    let i = i.strip_prefix(b"+").unwrap_or(i);
    let (i, _) = byte(b'}', "}")(i)?;
    let (i, _) = line_end(i, cx)?;
    Ok((i, n))
}

fn payload(i: &[u8], n: u64) -> PResult<'_, &[u8]> {
    match usize::try_from(n) {
        Ok(n) if n <= i.len() => take(n)(i),
        _ => fail(i, DecodeErrorKind::Syntax("literal payload")),
    }
}

/// `literal = "{" number64 ["+"] "}" CRLF *CHAR8`, `CHAR8 = %x01-ff` (RFC 9051 §9):
/// a payload holding NUL is refused at the NUL (only `literal8` carries NUL), one
/// `memchr` pass over it, unless [`Lenient::nul_in_literals`](super::Lenient) keeps
/// it (a client's default: its cost then does not grow with the payload).
#[inline(never)]
pub(crate) fn literal<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, &'a [u8]> {
    let (i, n) = literal_header(i, cx)?;
    let (r, data) = payload(i, n)?;
    if cx.lenient().nul_in_literals {
        return Ok((r, data));
    }
    match memchr::memchr(0, data) {
        Some(at) => fail(&i[at..], DecodeErrorKind::InvalidValue(NUL_IN_LITERAL)),
        None => Ok((r, data)),
    }
}

/// What the grammar says of NUL in a `{n}` literal.
pub(crate) const NUL_IN_LITERAL: &str =
    "NUL in a {n} literal (CHAR8; only literal8 ~{n} carries NUL)";

/// `literal8 = "~{" number64 "}" CRLF *OCTET` (RFC 3516; `{n+}` per RFC 7888).
pub(crate) fn literal8<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Literal<'a>> {
    let (i, _) = byte(b'~', "literal8")(i)?;
    let (i, n) = literal_header(i, cx)?;
    let (i, data) = payload(i, n)?;
    Ok((
        i,
        Literal::parsed(Payload::Borrowed(data), LiteralKind::Binary),
    ))
}

fn cow_payload(c: Cow<'_, [u8]>) -> Payload<'_> {
    match c {
        Cow::Borrowed(b) => Payload::Borrowed(b),
        Cow::Owned(v) => Payload::from(v),
    }
}

/// `string = quoted / literal`
#[inline(always)]
pub(crate) fn string<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, IString<'a>> {
    match i.split_first() {
        Some((b'"', body)) => match plain_quoted_len(body) {
            Some(at) => Ok((&body[at + 1..], IString::from(&body[..at]))),
            None => quoted_general(i, cx).map(|(r, q)| (r, IString::new(cow_payload(q)))),
        },
        Some((b'{', _)) => literal(i, cx).map(|(r, l)| (r, IString::new(l))),
        _ => expected(i, "string"),
    }
}

/// `astring = 1*ASTRING-CHAR / string`
pub(crate) fn astring<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, AString<'a>> {
    match i.first() {
        Some(b'"' | b'{') => string(i, cx),
        _ => {
            let loose = cx.lenient().loose_atoms;
            let (rest, a) = take1(i, |b| is_astring_char(b) || (loose && b >= 0x80), "astring")?;
            Ok((rest, IString::new(a)))
        }
    }
}

/// `nil = "NIL"`
#[inline]
pub(crate) fn nil(i: &[u8]) -> PResult<'_, ()> {
    match i {
        [a, b, c, rest @ ..]
            if [*a, *b, *c].eq_ignore_ascii_case(b"NIL")
                && !rest.first().is_some_and(|&b| is_atom_char(b)) =>
        {
            Ok((rest, ()))
        }
        _ => expected(i, "NIL"),
    }
}

/// The common forms of `nstring` alone, without building errors: an escape-free
/// quoted string, or `NIL` followed by `SP` or `)`. `None` for anything else (escapes,
/// literals, other spellings, bad input), which [`nstring`] then judges.
#[inline(always)]
pub(crate) fn nstring_plain(i: &[u8]) -> Option<(&[u8], NString<'_>)> {
    match i {
        [b'"', body @ ..] => {
            let at = plain_quoted_len(body)?;
            Some((&body[at + 1..], Some(IString::from(&body[..at]))))
        }
        [b'N', b'I', b'L', rest @ ..] if matches!(rest.first(), Some(b' ' | b')')) => {
            Some((rest, None))
        }
        _ => None,
    }
}

/// `nstring = string / nil`
#[inline(always)]
pub(crate) fn nstring<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, NString<'a>> {
    match nstring_plain(i) {
        Some((rest, v)) => Ok((rest, v)),
        None => nstring_general(i, cx),
    }
}

/// [`nstring`] for every form.
#[inline(never)]
fn nstring_general<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, NString<'a>> {
    match i.first() {
        Some(b'"' | b'{') => string(i, cx).map(|(r, s)| (r, Some(s))),
        _ => nil(i).map(|(r, ())| (r, None)),
    }
}

/// `text = 1*(TEXT-CHAR / UTF8-2 / UTF8-3 / UTF8-4)`: the rest of the line. 8-bit
/// bytes that are not UTF-8 are refused under the strict grammar, kept under
/// [`Lenient::loose_quoted`](super::Lenient).
pub(crate) fn text<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Text<'a>> {
    let (rest, t) = take_while(is_text_byte)(i)?;
    if !cx.lenient().loose_quoted {
        if let Some(e) = not_utf8(i, t.len(), UTF8_TEXT) {
            return e;
        }
    }
    Ok((rest, Text::checked(t)))
}

/// `mailbox = "INBOX" / astring`
pub(crate) fn mailbox<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Mailbox<'a>> {
    let (rest, s) = astring(i, cx)?;
    Ok((rest, Mailbox::new(s)))
}

/// `flag = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword /
/// flag-extension`; `flag-extension = "\" atom`
pub(crate) fn flag<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Flag<'a>> {
    match i.split_first() {
        Some((b'\\', rest)) => {
            let (rest, a) = atom(rest, cx)?;
            Ok((rest, Flag::system_or_extension(a)))
        }
        _ => {
            let loose = cx.lenient().loose_atoms;
            let (rest, a) = take1(
                i,
                |b| is_atom_char(b) || (loose && (b >= 0x80 || b == b']')),
                "flag",
            )?;
            match std::str::from_utf8(a) {
                Ok(s) => Ok((rest, Flag::Keyword(Atom::checked(s)))),
                Err(_) => fail(
                    i,
                    DecodeErrorKind::InvalidValue("keyword that is not UTF-8"),
                ),
            }
        }
    }
}

/// `flag-fetch = flag / obsolete-flag-recent`
pub(crate) fn flag_fetch<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, FlagFetch<'a>> {
    if let Ok((rest, _)) = tag_no_case::<_, _, super::PErr<'_>>("\\Recent")(i) {
        if !rest.first().is_some_and(|&b| is_atom_char(b)) {
            return Ok((rest, FlagFetch::Recent));
        }
    }
    flag(i, cx).map(|(r, f)| (r, FlagFetch::Flag(f)))
}

/// `flag-perm = flag / "\*"`
pub(crate) fn flag_perm<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, FlagPerm<'a>> {
    if let Some(rest) = i.strip_prefix(b"\\*") {
        return Ok((rest, FlagPerm::Any));
    }
    flag(i, cx).map(|(r, f)| (r, FlagPerm::Flag(f)))
}

/// `"(" [item *(SP item)] ")"`: a parenthesised, space-separated list.
pub(crate) fn paren_list<'a, T>(
    i: &'a [u8],
    cx: Cx<'_>,
    mut item: impl FnMut(&'a [u8], Cx<'_>) -> PResult<'a, T>,
) -> PResult<'a, Vec<T>> {
    let (mut i, _) = byte(b'(', "(")(i)?;
    let mut out = Vec::new();
    i = trailing_spaces(i, cx);
    if let Some(rest) = i.strip_prefix(b")") {
        return Ok((rest, out));
    }
    loop {
        let (rest, v) = item(i, cx)?;
        out.push(v);
        if let Some(rest) = close_paren(rest, cx) {
            return Ok((rest, out));
        }
        let (rest, _) = sp(rest, cx).or_else(|_| expected(rest, "SP or )"))?;
        i = rest;
    }
}

/// `"(" item *(SP item) ")"`: a parenthesised list that must not be empty.
pub(crate) fn paren_list1<'a, T>(
    i: &'a [u8],
    cx: Cx<'_>,
    what: &'static str,
    item: impl FnMut(&'a [u8], Cx<'_>) -> PResult<'a, T>,
) -> PResult<'a, Vec<T>> {
    let (rest, v) = paren_list(i, cx, item)?;
    if v.is_empty() {
        return expected(i, what);
    }
    Ok((rest, v))
}

/// `flag-list = "(" [flag *(SP flag)] ")"`
pub(crate) fn flag_list<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Vec<Flag<'a>>> {
    paren_list(i, cx, flag)
}

/// `seq-number = nz-number / "*"`
pub(crate) fn seq_number<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, SeqNumber> {
    match i.split_first() {
        Some((b'*', rest)) => Ok((rest, SeqNumber::Last)),
        _ => nz_number(i, cx).map(|(r, n)| (r, SeqNumber::Value(n))),
    }
}

/// `sequence-set = (seq-number / seq-range) ["," sequence-set]` /
/// `seq-last-command = "$"`; `seq-range = seq-number ":" seq-number`
pub(crate) fn sequence_set<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, SequenceSet> {
    if let Some(rest) = i.strip_prefix(b"$") {
        return Ok((rest, SequenceSet::search_result()));
    }
    let mut items = Vec::new();
    let mut i = i;
    loop {
        let (rest, a) = seq_number(i, cx)?;
        let (rest, item) = match rest.strip_prefix(b":") {
            Some(rest) => {
                let (rest, b) = seq_number(rest, cx)?;
                (rest, SeqItem::Range(a, b))
            }
            None => (rest, SeqItem::Single(a)),
        };
        items.push(item);
        match rest.strip_prefix(b",") {
            Some(rest) => i = rest,
            None => {
                return match SequenceSet::new(items) {
                    Ok(s) => Ok((rest, s)),
                    Err(_) => expected(rest, "sequence set"),
                };
            }
        }
    }
}

fn digits_n(i: &[u8], n: usize) -> PResult<'_, u32> {
    let (rest, d) = take(n)(i)?;
    if !d.iter().all(u8::is_ascii_digit) {
        return expected(i, "digit");
    }
    Ok((rest, d.iter().fold(0, |n, &c| n * 10 + u32::from(c - b'0'))))
}

/// `date-month = "Jan" / "Feb" / ... / "Dec"`
fn date_month(i: &[u8]) -> PResult<'_, u8> {
    let (rest, m) = take(3usize)(i)?;
    match MONTHS
        .iter()
        .position(|n| n.as_bytes().eq_ignore_ascii_case(m))
    {
        Some(p) => Ok((rest, p as u8 + 1)),
        None => expected(i, "month name"),
    }
}

fn make_date(i: &[u8], y: u32, m: u8, d: u32) -> Result<Date, nom::Err<super::PErr<'_>>> {
    Date::new(y as u16, m, d as u8).map_err(|_| {
        nom::Err::Failure(super::PErr {
            rest: i,
            kind: DecodeErrorKind::InvalidValue("date"),
        })
    })
}

/// `date = date-text / DQUOTE date-text DQUOTE`;
/// `date-text = date-day "-" date-month "-" date-year`; `date-day = 1*2DIGIT`
pub(crate) fn date(i: &[u8]) -> PResult<'_, Date> {
    let start = i;
    let (i, q) = match i.strip_prefix(b"\"") {
        Some(r) => (r, true),
        None => (i, false),
    };
    let two = i.get(1).is_some_and(u8::is_ascii_digit);
    let (i, d) = digits_n(i, if two { 2 } else { 1 })?;
    let (i, _) = byte(b'-', "-")(i)?;
    let (i, m) = date_month(i)?;
    let (i, _) = byte(b'-', "-")(i)?;
    let (i, y) = digits_n(i, 4)?;
    let i = if q { byte(b'"', "DQUOTE")(i)?.0 } else { i };
    Ok((i, make_date(start, y, m, d)?))
}

/// `date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone
/// DQUOTE`; `date-day-fixed = (SP DIGIT) / 2DIGIT`; `time = 2DIGIT ":" 2DIGIT ":"
/// 2DIGIT`; `zone = ("+" / "-") 4DIGIT`
///
/// The form has a fixed length (28 bytes with the quotes), so a valid one is read at
/// fixed places; anything else goes to [`date_time_general`], which gives the error.
#[inline]
pub(crate) fn date_time(i: &[u8]) -> PResult<'_, DateTime> {
    if let Some((head, rest)) = i.split_first_chunk::<28>() {
        if let Some(dt) = date_time_fixed(head) {
            return Ok((rest, dt));
        }
    }
    date_time_general(i)
}

/// A valid `date-time` of exactly these 28 bytes, or `None` for the general rule to
/// judge.
fn date_time_fixed(b: &[u8; 28]) -> Option<DateTime> {
    let d = |k: usize| b[k].is_ascii_digit().then(|| b[k] - b'0');
    let two = |k: usize| Some(d(k)? * 10 + d(k + 1)?);
    let punct = [
        (0, b'"'),
        (3, b'-'),
        (7, b'-'),
        (12, b' '),
        (15, b':'),
        (18, b':'),
    ];
    if punct.iter().any(|&(k, c)| b[k] != c) || b[21] != b' ' || b[27] != b'"' {
        return None;
    }
    let day = if b[1] == b' ' { d(2)? } else { two(1)? };
    let month = MONTHS
        .iter()
        .position(|n| n.as_bytes().eq_ignore_ascii_case(&b[4..7]))?;
    let year = u16::from(two(8)?) * 100 + u16::from(two(10)?);
    let sign = match b[22] {
        b'+' => 1i16,
        b'-' => -1,
        _ => return None,
    };
    let zone = sign * (i16::from(two(23)?) * 60 + i16::from(two(25)?));
    let date = Date::new(year, month as u8 + 1, day).ok()?;
    DateTime::new(date, two(13)?, two(16)?, two(19)?, zone).ok()
}

/// [`date_time`] for every input, with the errors and their offsets.
pub(crate) fn date_time_general(i: &[u8]) -> PResult<'_, DateTime> {
    let start = i;
    let (i, _) = byte(b'"', "date-time")(i)?;
    let (i, d) = match i.strip_prefix(b" ") {
        Some(r) => digits_n(r, 1)?,
        None => digits_n(i, 2)?,
    };
    let (i, _) = byte(b'-', "-")(i)?;
    let (i, m) = date_month(i)?;
    let (i, _) = byte(b'-', "-")(i)?;
    let (i, y) = digits_n(i, 4)?;
    let (i, _) = byte(b' ', "SP")(i)?;
    let (i, hh) = digits_n(i, 2)?;
    let (i, _) = byte(b':', ":")(i)?;
    let (i, mm) = digits_n(i, 2)?;
    let (i, _) = byte(b':', ":")(i)?;
    let (i, ss) = digits_n(i, 2)?;
    let (i, _) = byte(b' ', "SP")(i)?;
    let (i, sign) = match i.first() {
        Some(b'+') => (&i[1..], 1i16),
        Some(b'-') => (&i[1..], -1i16),
        _ => return expected(i, "zone"),
    };
    let (i, zh) = digits_n(i, 2)?;
    let (i, zm) = digits_n(i, 2)?;
    let (i, _) = tag(&b"\""[..])(i)?;
    let date = make_date(start, y, m, d)?;
    let zone = sign * (zh as i16 * 60 + zm as i16);
    match DateTime::new(date, hh as u8, mm as u8, ss as u8, zone) {
        Ok(dt) => Ok((i, dt)),
        Err(_) => fail(start, DecodeErrorKind::InvalidValue("date-time")),
    }
}

/// `"(" objectid ")"` (RFC 8474), the id read as an atom.
pub(crate) fn paren_atom<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Atom<'a>> {
    let (i, _) = byte(b'(', "(")(i)?;
    let (i, id) = atom(i, cx)?;
    let (i, _) = byte(b')', ")")(i)?;
    Ok((i, id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::ParseOptions;

    #[test]
    fn fixed_date_time_matches_the_general_rule() {
        // every byte of valid date-times replaced by look-alikes, and every length
        let valid: [&[u8]; 4] = [
            b"\"17-Jul-2026 02:44:25 -0700\" x",
            b"\" 7-jul-2026 23:59:60 +9959\"",
            b"\"29-Feb-2024 00:00:00 +0000\"",
            b"\"31-Dec-9999 12:30:45 -1200\")",
        ];
        let same = |input: &[u8]| match (date_time(input), date_time_general(input)) {
            (Ok(f), Ok(g)) => assert_eq!(f, g, "{input:?}"),
            (Err(nom::Err::Error(f)), Err(nom::Err::Error(g)))
            | (Err(nom::Err::Failure(f)), Err(nom::Err::Failure(g))) => {
                assert_eq!(f.rest.len(), g.rest.len(), "{input:?}");
                assert_eq!(f.kind, g.kind, "{input:?}");
            }
            (f, g) => panic!("{input:?}: {f:?} vs {g:?}"),
        };
        for v in valid {
            for len in 0..=v.len() {
                same(&v[..len]);
            }
            for at in 0..v.len() {
                for b in [
                    b'"', b' ', b'-', b':', b'+', b'0', b'9', b'a', b'J', b'/', 0x80,
                ] {
                    let mut input = v.to_vec();
                    input[at] = b;
                    same(&input);
                }
            }
        }
        assert!(date_time(b"\"30-Feb-2024 00:00:00 +0000\"").is_err());
    }

    #[test]
    fn utf8_in_quoted_strings_at_every_position_under_both_options() {
        // valid sequences of each length and broken ones (a lone lead, a lead before
        // ASCII, a stray continuation, an overlong form, a surrogate) at every place
        // around the eight-byte steps, escapes before and after: the fast path hands
        // them all to the general rule, which keeps valid UTF-8 under strict, refuses
        // the rest at the first bad byte, and keeps every 8-bit byte under loose_quoted
        let valid: [&[u8]; 3] = [
            "\u{e9}".as_bytes(),
            "\u{2713}".as_bytes(),
            "\u{1f600}".as_bytes(),
        ];
        let broken: [&[u8]; 5] = [b"\xc3", b"\xc3(", b"\xa9", b"\xc0\xaf", b"\xed\xa0\x80"];
        let strict = ParseOptions::strict();
        let lenient = ParseOptions::default();
        for len in 0..20 {
            for at in 0..=len {
                for escaped in [false, true] {
                    for (seq, ok) in valid
                        .iter()
                        .map(|s| (s, true))
                        .chain(broken.iter().map(|s| (s, false)))
                    {
                        let mut body = vec![b'x'; len];
                        body.splice(at..at, seq.iter().copied());
                        if escaped {
                            body.splice(0..0, *b"\\\"");
                        }
                        let mut input = vec![b'"'];
                        input.extend_from_slice(&body);
                        input.extend_from_slice(b"\" rest");
                        let want: Vec<u8> = if escaped {
                            let mut w = vec![b'"'];
                            w.extend_from_slice(&body[2..]);
                            w
                        } else {
                            body.clone()
                        };
                        let got = quoted(&input, Cx::new(&strict));
                        match (ok, got) {
                            (true, Ok((rest, v))) => {
                                assert_eq!(rest, b" rest");
                                assert_eq!(&*v, &want[..], "{input:?}");
                            }
                            (false, Err(nom::Err::Failure(e))) => {
                                // at the first byte of the broken sequence
                                let bad = 1 + at + usize::from(escaped) * 2;
                                assert_eq!(input.len() - e.rest.len(), bad, "{input:?}");
                                assert_eq!(e.kind, DecodeErrorKind::Syntax(UTF8_QUOTED));
                            }
                            (_, r) => panic!("{input:?}: {r:?}"),
                        }
                        let (rest, v) = quoted(&input, Cx::new(&lenient)).unwrap();
                        assert_eq!(rest, b" rest");
                        assert_eq!(&*v, &want[..], "{input:?}");
                        let plain = plain_quoted_len(&input[1..]);
                        assert_eq!(plain, None, "8-bit content is never the fast path's");
                        assert!(nstring_plain(&input).is_none());
                    }
                }
            }
        }
    }

    #[test]
    fn fast_quoted_matches_the_general_rule_at_every_position() {
        // each special byte (and plain look-alikes: TAB, 0x0E, 8-bit) at every place in
        // strings around the eight-byte steps, with and without a following message
        for opts in [ParseOptions::default(), ParseOptions::strict()] {
            let cx = Cx::new(&opts);
            for len in 0..26 {
                for at in 0..len {
                    for b in [
                        b'"', b'\\', b'\r', b'\n', 0, b'\t', 0x0D, 0x0E, 0x0F, 0x7f, 0x80, 0xc3,
                        0xff, b'a',
                    ] {
                        for tail in [&b""[..], b"\" rest", b"\"", b"\\\"x\" y"] {
                            let mut input = vec![b'"'];
                            input.extend(std::iter::repeat_n(b'x', len));
                            input[1 + at] = b;
                            input.extend_from_slice(tail);
                            let fast = quoted(&input, cx);
                            let general = quoted_general(&input, cx);
                            match (fast, general) {
                                (Ok(f), Ok(g)) => assert_eq!(f, g, "{input:?}"),
                                (Err(nom::Err::Failure(f)), Err(nom::Err::Failure(g))) => {
                                    assert_eq!(f.rest.len(), g.rest.len(), "{input:?}");
                                    assert_eq!(f.kind, g.kind, "{input:?}");
                                }
                                (f, g) => panic!("{input:?}: {f:?} vs {g:?}"),
                            }
                        }
                    }
                }
            }
        }
    }
}
