//! `resp-text` and `resp-text-code` (RFC 9051 §7.1).

use super::core::{
    UTF8_TEXT, atom, byte, flag_perm, mod_sequence_value, not_utf8, number, nz_number, paren_atom,
    paren_list, sequence_set, sp, string, text,
};
use super::{Cx, PResult, expected};
use crate::types::chars::{is_atom_char, is_text_byte};
use crate::types::{
    Atom, Capability, Code, IString, MetadataCode, OtherCode, RespText, SimpleCode,
};

/// `resp-text = ["[" resp-text-code "]" SP] [text]` (RFC 9051)
pub(crate) fn resp_text<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, RespText<'a>> {
    if let Some(inner) = i.strip_prefix(b"[") {
        match resp_text_code(inner, cx).and_then(|(r, c)| byte(b']', "]")(r).map(|(r, ())| (r, c)))
        {
            Ok((rest, code)) => {
                let rest = match rest {
                    [b' ', r @ ..] => r,
                    r if cx.lenient().missing_text => r,
                    r => return expected(r, "SP after the response code"),
                };
                let (rest, t) = text(rest, cx)?;
                return Ok((
                    rest,
                    RespText {
                        code: Some(code),
                        text: t,
                    },
                ));
            }
            // `[` with no `]` after it on the line can be no code: it is text, which
            // RFC 9051 lets start with `[`; a `[...]` that is no valid code is an
            // error under the strict grammar, text under `bad_code_as_text`
            Err(e) if !cx.lenient().bad_code_as_text && closes_on_line(inner) => return Err(e),
            Err(_) => {}
        }
    }
    // RFC 9051 makes the text optional (`[text]`; RFC 3501 wanted `text`): `* OK \r\n`
    let (rest, t) = text(i, cx)?;
    Ok((rest, RespText::text(t)))
}

/// True if a `]` comes before the end of the line.
fn closes_on_line(i: &[u8]) -> bool {
    let end = memchr::memchr2(b'\r', b'\n', i).unwrap_or(i.len());
    memchr::memchr(b']', &i[..end]).is_some()
}

/// `capability = ("AUTH=" auth-type) / atom`
pub(crate) fn capability<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Capability<'a>> {
    let (rest, a) = atom(i, cx)?;
    Ok((rest, Capability::from_atom(a)))
}

/// `*(SP capability)` up to `]` or the line end (trailing spaces tolerated).
pub(crate) fn capabilities<'a>(mut i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Vec<Capability<'a>>> {
    let mut out = Vec::new();
    loop {
        match i {
            [b' ', b' ' | b'\r' | b'\n' | b']', ..] if cx.lenient().extra_spaces => i = &i[1..],
            [b' ', rest @ ..] => {
                let (rest, c) = capability(rest, cx)?;
                out.push(c);
                i = rest;
            }
            _ => return Ok((i, out)),
        }
    }
}

/// `charset = atom / quoted`
pub(crate) fn charset<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, IString<'a>> {
    match i.first() {
        Some(b'"') => string(i, cx),
        _ => atom(i, cx).map(|(r, a)| (r, IString::from(a.as_str().as_bytes()).into_owned())),
    }
}

/// `resp-text-code = "ALERT" / "BADCHARSET" [SP "(" charset *(SP charset) ")"] /
/// capability-data / "PARSE" / "PERMANENTFLAGS" SP "(" [flag-perm *(SP flag-perm)] ")" /
/// "READ-ONLY" / "READ-WRITE" / "TRYCREATE" / "UIDNEXT" SP nz-number / "UIDVALIDITY" SP
/// nz-number / resp-code-apnd / resp-code-copy / "UIDNOTSTICKY" / ... (RFC 5530) /
/// atom [SP 1*<any TEXT-CHAR except "]">]`
pub(crate) fn resp_text_code<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Code<'a>> {
    let (rest, name) = atom(i, cx)?;
    let known = known_code(&name, rest, cx);
    match known {
        Ok(v) => Ok(v),
        Err(e) if !cx.lenient().bad_code_as_text => Err(e),
        Err(_) => {
            let (after, code) = other_code(name.clone(), rest, cx)?;
            if matches!(&code, Code::Other(o) if o.data().is_none()) {
                // "[BADCHARSET ]" read as "[BADCHARSET]": keep the canonical value
                if let Ok(v) = known_code(&name, after, cx) {
                    return Ok(v);
                }
            }
            Ok((after, code))
        }
    }
}

fn known_code<'a>(name: &Atom<'a>, i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Code<'a>> {
    let upper = super::Upper::new(name.as_str());
    if i.first() == Some(&b']') {
        if let Some(s) = SimpleCode::from_name(upper.as_bytes()) {
            return Ok((i, Code::Simple(s)));
        }
    }
    match upper.as_str() {
        "BADCHARSET" => match i.first() {
            Some(b' ') => paren_list(&i[1..], cx, charset).map(|(r, v)| (r, Code::BadCharset(v))),
            _ => Ok((i, Code::BadCharset(Vec::new()))),
        },
        "CAPABILITY" => capabilities(i, cx).map(|(r, v)| (r, Code::Capability(v))),
        "PERMANENTFLAGS" => {
            let (i, ()) = sp(i, cx)?;
            paren_list(i, cx, flag_perm).map(|(r, v)| (r, Code::PermanentFlags(v)))
        }
        "UIDNEXT" | "UIDVALIDITY" | "UNSEEN" => {
            let (i, ()) = sp(i, cx)?;
            let (i, n) = nz_number(i, cx)?;
            let code = match upper.as_str() {
                "UIDNEXT" => Code::UidNext(n),
                "UIDVALIDITY" => Code::UidValidity(n),
                _ => Code::Unseen(n),
            };
            Ok((i, code))
        }
        "APPENDUID" => {
            let (i, ()) = sp(i, cx)?;
            let (i, uid_validity) = nz_number(i, cx)?;
            let (i, ()) = sp(i, cx)?;
            let (i, uids) = sequence_set(i, cx)?;
            Ok((i, Code::AppendUid { uid_validity, uids }))
        }
        "COPYUID" => {
            let (i, ()) = sp(i, cx)?;
            let (i, uid_validity) = nz_number(i, cx)?;
            let (i, ()) = sp(i, cx)?;
            let (i, source) = sequence_set(i, cx)?;
            let (i, ()) = sp(i, cx)?;
            let (i, destination) = sequence_set(i, cx)?;
            Ok((
                i,
                Code::CopyUid {
                    uid_validity,
                    source,
                    destination,
                },
            ))
        }
        "HIGHESTMODSEQ" => {
            let (i, ()) = sp(i, cx)?;
            // `"HIGHESTMODSEQ" SP mod-sequence-value` (RFC 7162 §7)
            mod_sequence_value(i, cx).map(|(r, n)| (r, Code::HighestModSeq(n)))
        }
        // `"MAILBOXID" SP "(" objectid ")"` (RFC 8474 §4.1); another shape kept as sent
        "MAILBOXID" => match sp(i, cx).and_then(|(r, ())| paren_atom(r, cx)) {
            Ok((rest, id)) => Ok((rest, Code::MailboxId(id))),
            Err(_) => other_code(name.clone(), i, cx),
        },
        "MODIFIED" => {
            let (i, ()) = sp(i, cx)?;
            sequence_set(i, cx).map(|(r, s)| (r, Code::Modified(s)))
        }
        "METADATA" => match metadata_code(i) {
            Some((rest, m)) => Ok((rest, Code::Metadata(m))),
            // a form RFC 5464 does not define: kept as sent
            None => other_code(name.clone(), i, cx),
        },
        // every other name, under the strict grammar too: `atom [SP 1*<any TEXT-CHAR
        // except "]">]` (a simple code's name with data, `[ALERT x]`, is read so as well)
        _ => other_code(name.clone(), i, cx),
    }
}

/// `SP ("LONGENTRIES" SP number / "MAXSIZE" SP number / "TOOMANY" / "NOPRIVATE")`
/// after `METADATA`, up to the `]`; `None` for any other form.
fn metadata_code(i: &[u8]) -> Option<(&[u8], MetadataCode)> {
    let i = i.strip_prefix(b" ")?;
    let word = i.iter().take_while(|&&b| is_atom_char(b)).count();
    let (name, rest) = i.split_at(word);
    fn sized(rest: &[u8]) -> Option<(&[u8], u32)> {
        let (rest, n) = number(rest.strip_prefix(b" ")?).ok()?;
        rest.starts_with(b"]").then_some((rest, n))
    }
    if name.eq_ignore_ascii_case(b"LONGENTRIES") {
        sized(rest).map(|(r, n)| (r, MetadataCode::LongEntries(n)))
    } else if name.eq_ignore_ascii_case(b"MAXSIZE") {
        sized(rest).map(|(r, n)| (r, MetadataCode::MaxSize(n)))
    } else if !rest.starts_with(b"]") {
        None
    } else if name.eq_ignore_ascii_case(b"TOOMANY") {
        Some((rest, MetadataCode::TooMany))
    } else if name.eq_ignore_ascii_case(b"NOPRIVATE") {
        Some((rest, MetadataCode::NoPrivate))
    } else {
        None
    }
}

/// `atom [SP 1*<any TEXT-CHAR except "]">]`; 8-bit bytes that are not UTF-8 are
/// refused under the strict grammar (as in `text`), kept under
/// [`Lenient::loose_quoted`](super::Lenient).
fn other_code<'a>(name: Atom<'a>, i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Code<'a>> {
    let data_of = |r: &'a [u8]| {
        let n = r
            .iter()
            .take_while(|&&b| b != b']' && is_text_byte(b))
            .count();
        (&r[n..], &r[..n])
    };
    match i {
        [b' ', r @ ..] => {
            let (rest, d) = data_of(r);
            if !cx.lenient().loose_quoted {
                if let Some(e) = not_utf8(r, d.len(), UTF8_TEXT) {
                    return e;
                }
            }
            let data = (!d.is_empty()).then_some(d);
            Ok((rest, Code::Other(OtherCode::read(name, data))))
        }
        [b']', ..] => Ok((i, Code::Other(OtherCode::read(name, None)))),
        _ if i.first().is_some_and(|&b| !is_atom_char(b)) => expected(i, "]"),
        _ => expected(i, "response code"),
    }
}
