//! FETCH data items (`msg-att`, RFC 9051 §9) and raw values of unknown items.

use std::borrow::Cow;
use std::num::NonZeroU32;

use super::body::{body, envelope};
use super::core::{
    astring, atom, byte, date_time, flag_fetch, literal8, mod_sequence_value, nil, nstring, number,
    number64, number64_or_minus_one, nz_number, paren_list, quoted, sp, string,
};
use super::{Cx, PResult, expected, fail};
use crate::error::DecodeErrorKind;
use crate::types::chars::is_atom_char;
use crate::types::{
    Atom, FetchItem, GmailLabel, Literal, LiteralKind, ModSeq, Number64, RawValue, Section,
    SectionText,
};

/// One value of any shape, kept as sent: an atom or number, a string, `NIL` or a
/// parenthesised list of values (depth-limited).
pub(crate) fn raw_value<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, RawValue<'a>> {
    let (rest, ()) = skip_value(i, cx)?;
    Ok((rest, RawValue(Cow::Borrowed(&i[..i.len() - rest.len()]))))
}

fn skip_value<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, ()> {
    match i.first() {
        Some(b'(') => {
            let inner = cx.deeper(i)?;
            paren_list(i, inner, skip_value).map(|(r, _)| (r, ()))
        }
        Some(b'"') => quoted(i, cx).map(|(r, _)| (r, ())),
        Some(b'{') => string(i, cx).map(|(r, _)| (r, ())),
        Some(b'~') => literal8(i, cx).map(|(r, _)| (r, ())),
        _ => {
            let n = i
                .iter()
                .take_while(|&&b| {
                    is_atom_char(b) || matches!(b, b'\\' | b']' | b'[' | b'*' | b'%') || b >= 0x80
                })
                .count();
            if n == 0 {
                return expected(i, "value");
            }
            Ok((&i[n..], ()))
        }
    }
}

/// `section-part = nz-number *("." nz-number)`
fn section_part<'a>(mut i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Vec<NonZeroU32>> {
    let mut out = Vec::new();
    while i.first().is_some_and(u8::is_ascii_digit) {
        let (rest, n) = nz_number(i, cx)?;
        out.push(n);
        match rest {
            [b'.', d, ..] if d.is_ascii_digit() => i = &rest[1..],
            _ => return Ok((rest, out)),
        }
    }
    Ok((i, out))
}

/// `section-text = section-msgtext / "MIME"`; `section-msgtext = "HEADER" /
/// "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"`
fn section_text<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, SectionText<'a>> {
    let up = |p: &[u8]| i.len() >= p.len() && i[..p.len()].eq_ignore_ascii_case(p);
    let fields = |rest: &'a [u8], not: bool| {
        let (rest, ()) = sp(rest, cx)?;
        let (rest, v) = paren_list(rest, cx, astring)?;
        if v.is_empty() {
            return expected(rest, "header-fld-name");
        }
        Ok((
            rest,
            if not {
                SectionText::HeaderFieldsNot(v)
            } else {
                SectionText::HeaderFields(v)
            },
        ))
    };
    if up(b"HEADER.FIELDS.NOT") {
        fields(&i[17..], true)
    } else if up(b"HEADER.FIELDS") {
        fields(&i[13..], false)
    } else if up(b"HEADER") {
        Ok((&i[6..], SectionText::Header))
    } else if up(b"TEXT") {
        Ok((&i[4..], SectionText::Text))
    } else if up(b"MIME") {
        Ok((&i[4..], SectionText::Mime))
    } else {
        expected(i, "section text")
    }
}

/// `section = "[" [section-spec] "]"`;
/// `section-spec = section-msgtext / (section-part ["." section-text])`
pub(crate) fn section<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Section<'a>> {
    let (i, _) = byte(b'[', "[")(i)?;
    let (i, part) = section_part(i, cx)?;
    let (i, text) = match (part.is_empty(), i) {
        (_, [b']', ..]) => (i, None),
        (true, _) => section_text(i, cx).map(|(r, t)| (r, Some(t)))?,
        (false, [b'.', rest @ ..]) => section_text(rest, cx).map(|(r, t)| (r, Some(t)))?,
        _ => return expected(i, "]"),
    };
    let (i, _) = byte(b']', "]")(i)?;
    match Section::new(part, text) {
        Ok(s) => Ok((i, s)),
        Err(_) => fail(i, DecodeErrorKind::Syntax("section")),
    }
}

/// `section-binary = "[" [section-part] "]"`
pub(crate) fn section_binary<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Vec<NonZeroU32>> {
    let (i, _) = byte(b'[', "[")(i)?;
    let (i, part) = section_part(i, cx)?;
    let (i, _) = byte(b']', "]")(i)?;
    Ok((i, part))
}

fn paren<'a, T>(i: &'a [u8], f: impl FnOnce(&'a [u8]) -> PResult<'a, T>) -> PResult<'a, T> {
    let (i, _) = byte(b'(', "(")(i)?;
    let (i, v) = f(i)?;
    let (i, _) = byte(b')', ")")(i)?;
    Ok((i, v))
}

/// A Gmail label: `"\" atom / astring`.
pub(crate) fn gmail_label<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, GmailLabel<'a>> {
    match i.split_first() {
        Some((b'\\', rest)) => atom(rest, cx).map(|(r, a)| (r, GmailLabel::System(a))),
        _ => astring(i, cx).map(|(r, s)| (r, GmailLabel::Name(s))),
    }
}

/// The FETCH data items this crate models, by name.
#[derive(Clone, Copy)]
enum Name {
    Flags,
    Uid,
    InternalDate,
    Rfc822Size,
    Envelope,
    BodyStructure,
    Body,
    Binary,
    BinarySize,
    Rfc822,
    Rfc822Header,
    Rfc822Text,
    ModSeq,
    EmailId,
    ThreadId,
    SaveDate,
    GmailMsgId,
    GmailThreadId,
    GmailLabels,
    Other,
}

/// Which item `name` names, ignoring case: chosen by its length and first letter,
/// then one comparison, instead of trying every name in turn.
#[inline]
fn item_name(name: &[u8]) -> Name {
    let (n, is) = (name.len(), |k: &[u8], v: Name| {
        if name.eq_ignore_ascii_case(k) {
            v
        } else {
            Name::Other
        }
    });
    match (n, name.first().map_or(0, u8::to_ascii_uppercase)) {
        (3, b'U') => is(b"UID", Name::Uid),
        (4, b'B') => is(b"BODY", Name::Body),
        (5, b'F') => is(b"FLAGS", Name::Flags),
        (6, b'B') => is(b"BINARY", Name::Binary),
        (6, b'R') => is(b"RFC822", Name::Rfc822),
        (6, b'M') => is(b"MODSEQ", Name::ModSeq),
        (7, b'E') => is(b"EMAILID", Name::EmailId),
        (8, b'E') => is(b"ENVELOPE", Name::Envelope),
        (8, b'T') => is(b"THREADID", Name::ThreadId),
        (8, b'S') => is(b"SAVEDATE", Name::SaveDate),
        (10, b'X') if name.eq_ignore_ascii_case(b"X-GM-MSGID") => Name::GmailMsgId,
        (10, b'X') => is(b"X-GM-THRID", Name::GmailThreadId),
        (11, b'R') if name.eq_ignore_ascii_case(b"RFC822.SIZE") => Name::Rfc822Size,
        (11, b'R') => is(b"RFC822.TEXT", Name::Rfc822Text),
        (11, b'B') => is(b"BINARY.SIZE", Name::BinarySize),
        (11, b'X') => is(b"X-GM-LABELS", Name::GmailLabels),
        (12, b'I') => is(b"INTERNALDATE", Name::InternalDate),
        (13, b'B') => is(b"BODYSTRUCTURE", Name::BodyStructure),
        (13, b'R') => is(b"RFC822.HEADER", Name::Rfc822Header),
        _ => Name::Other,
    }
}

/// `msg-att-dynamic / msg-att-static` and the extensions' items.
pub(crate) fn msg_att<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, FetchItem<'a>> {
    let n = i
        .iter()
        .take_while(|&&b| is_atom_char(b) && b != b'[' && b != b'<')
        .count();
    if n == 0 {
        return expected(i, "fetch data item");
    }
    let (name, rest) = i.split_at(n);
    let spv = |r| sp(r, cx);
    match item_name(name) {
        Name::Flags => {
            paren_list(spv(rest)?.0, cx, flag_fetch).map(|(r, v)| (r, FetchItem::Flags(v)))
        }
        Name::Uid => nz_number(spv(rest)?.0, cx).map(|(r, n)| (r, FetchItem::Uid(n))),
        Name::InternalDate => date_time(spv(rest)?.0).map(|(r, d)| (r, FetchItem::InternalDate(d))),
        Name::Rfc822Size => {
            let at = spv(rest)?.0;
            let (r, n) = number64_or_minus_one(at, cx.lenient().negative_size)?;
            match Number64::new(n) {
                Ok(n) => Ok((r, FetchItem::Rfc822Size(n))),
                Err(_) => fail(at, DecodeErrorKind::NumberOverflow),
            }
        }
        Name::Envelope => {
            envelope(spv(rest)?.0, cx).map(|(r, e)| (r, FetchItem::Envelope(Box::new(e))))
        }
        Name::BodyStructure => {
            body(spv(rest)?.0, cx).map(|(r, b)| (r, FetchItem::BodyStructure(Box::new(b))))
        }
        Name::Body if rest.first() == Some(&b'[') => {
            let (rest, section) = section(rest, cx)?;
            let (rest, origin) = match rest.strip_prefix(b"<") {
                Some(r) => {
                    let (r, o) = number(r)?;
                    let (r, _) = byte(b'>', ">")(r)?;
                    (r, Some(o))
                }
                None => (rest, None),
            };
            if cx.lenient().missing_fetch_value && matches!(rest, [b' ', b')', ..] | [b')', ..]) {
                return Ok((
                    rest,
                    FetchItem::BodySection {
                        section,
                        origin,
                        data: None,
                    },
                ));
            }
            let (rest, data) = nstring(spv(rest)?.0, cx)?;
            Ok((
                rest,
                FetchItem::BodySection {
                    section,
                    origin,
                    data,
                },
            ))
        }
        Name::Body => body(spv(rest)?.0, cx).map(|(r, b)| (r, FetchItem::Body(Box::new(b)))),
        Name::Binary => {
            let (rest, section) = section_binary(rest, cx)?;
            let rest = spv(rest)?.0;
            let (rest, data) = match rest.first() {
                Some(b'~') => literal8(rest, cx).map(|(r, l)| (r, Some(l)))?,
                _ => nstring(rest, cx).map(|(r, s)| {
                    (
                        r,
                        s.map(|s| Literal::parsed(s.into_payload(), LiteralKind::Text)),
                    )
                })?,
            };
            Ok((rest, FetchItem::Binary { section, data }))
        }
        Name::BinarySize => {
            let (rest, section) = section_binary(rest, cx)?;
            let (rest, size) = number(spv(rest)?.0)?;
            Ok((rest, FetchItem::BinarySize { section, size }))
        }
        Name::Rfc822 => nstring(spv(rest)?.0, cx).map(|(r, s)| (r, FetchItem::Rfc822(s))),
        Name::Rfc822Header => {
            nstring(spv(rest)?.0, cx).map(|(r, s)| (r, FetchItem::Rfc822Header(s)))
        }
        Name::Rfc822Text => nstring(spv(rest)?.0, cx).map(|(r, s)| (r, FetchItem::Rfc822Text(s))),
        Name::ModSeq => {
            let negative = cx.lenient().negative_modseq;
            paren(spv(rest)?.0, |r| match r {
                [b'-', d, ..] if negative && d.is_ascii_digit() => {
                    number64(&r[1..]).map(|(r, _)| (r, 0))
                }
                // `permsg-modsequence = mod-sequence-value`
                _ => mod_sequence_value(r, cx),
            })
            .map(|(r, n)| (r, FetchItem::ModSeq(ModSeq::parsed(n))))
        }
        Name::EmailId => {
            paren(spv(rest)?.0, |r| atom(r, cx)).map(|(r, a)| (r, FetchItem::EmailId(a)))
        }
        Name::ThreadId => {
            let rest = spv(rest)?.0;
            match nil(rest) {
                Ok((r, ())) => Ok((r, FetchItem::ThreadId(None))),
                Err(_) => {
                    paren(rest, |r| atom(r, cx)).map(|(r, a)| (r, FetchItem::ThreadId(Some(a))))
                }
            }
        }
        Name::SaveDate => {
            let rest = spv(rest)?.0;
            match nil(rest) {
                Ok((r, ())) => Ok((r, FetchItem::SaveDate(None))),
                Err(_) => date_time(rest).map(|(r, d)| (r, FetchItem::SaveDate(Some(d)))),
            }
        }
        Name::GmailMsgId => number64(spv(rest)?.0).map(|(r, n)| (r, FetchItem::GmailMsgId(n))),
        Name::GmailThreadId => {
            number64(spv(rest)?.0).map(|(r, n)| (r, FetchItem::GmailThreadId(n)))
        }
        Name::GmailLabels => {
            paren_list(spv(rest)?.0, cx, gmail_label).map(|(r, v)| (r, FetchItem::GmailLabels(v)))
        }
        Name::Other => {
            let Ok(name) = std::str::from_utf8(name).map(Atom::checked) else {
                return expected(i, "item name");
            };
            let (rest, value) = raw_value(spv(rest)?.0, cx)?;
            Ok((rest, FetchItem::Other { name, value }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_names_are_found_in_any_case_and_only_whole() {
        let names = [
            "FLAGS",
            "UID",
            "INTERNALDATE",
            "RFC822.SIZE",
            "ENVELOPE",
            "BODYSTRUCTURE",
            "BODY",
            "BINARY",
            "BINARY.SIZE",
            "RFC822",
            "RFC822.HEADER",
            "RFC822.TEXT",
            "MODSEQ",
            "EMAILID",
            "THREADID",
            "SAVEDATE",
            "X-GM-MSGID",
            "X-GM-THRID",
            "X-GM-LABELS",
        ];
        let mut seen = std::collections::HashSet::new();
        for name in names {
            for n in [name.to_string(), name.to_lowercase()] {
                let found = item_name(n.as_bytes());
                assert!(!matches!(found, Name::Other), "{n}");
                seen.insert(std::mem::discriminant(&found));
            }
            for other in [&name[1..], &name[..name.len() - 1], &format!("{name}X")] {
                assert!(
                    matches!(item_name(other.as_bytes()), Name::Other),
                    "{other}"
                );
            }
        }
        assert_eq!(seen.len(), names.len(), "each name its own item");
        assert!(matches!(item_name(b"X-GM-XXXXX"), Name::Other));
        assert!(matches!(item_name(b""), Name::Other));
    }
}
