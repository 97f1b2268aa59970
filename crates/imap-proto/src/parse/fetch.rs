//! FETCH data items (`msg-att`, RFC 9051 §9) and raw values of unknown items.

use std::borrow::Cow;
use std::num::NonZeroU32;

use super::body::{body, envelope};
use super::core::{
    astring, atom, byte, date_time, flag_fetch, literal8, nil, nstring, number, number64,
    nz_number, paren_list, quoted, sp, string,
};
use super::{Cx, PResult, expected, fail};
use crate::error::DecodeErrorKind;
use crate::types::chars::is_atom_char;
use crate::types::{
    Atom, FetchItem, GmailLabel, Literal, LiteralKind, RawValue, Section, SectionText,
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
        Some(b'~') => literal8(i).map(|(r, _)| (r, ())),
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
    // the longest known name is 13 bytes; longer ones are `Other` (no allocation)
    let mut buf = [0u8; 16];
    let upper: &[u8] = match buf.get_mut(..name.len()) {
        Some(b) => {
            b.copy_from_slice(name);
            b.make_ascii_uppercase();
            b
        }
        None => b"",
    };
    let spv = |r| sp(r, cx);
    match upper {
        b"FLAGS" => paren_list(spv(rest)?.0, cx, flag_fetch).map(|(r, v)| (r, FetchItem::Flags(v))),
        b"UID" => nz_number(spv(rest)?.0, cx).map(|(r, n)| (r, FetchItem::Uid(n))),
        b"INTERNALDATE" => date_time(spv(rest)?.0).map(|(r, d)| (r, FetchItem::InternalDate(d))),
        b"RFC822.SIZE" => number64(spv(rest)?.0).map(|(r, n)| (r, FetchItem::Rfc822Size(n))),
        b"ENVELOPE" => {
            envelope(spv(rest)?.0, cx).map(|(r, e)| (r, FetchItem::Envelope(Box::new(e))))
        }
        b"BODYSTRUCTURE" => {
            body(spv(rest)?.0, cx).map(|(r, b)| (r, FetchItem::BodyStructure(Box::new(b))))
        }
        b"BODY" if rest.first() == Some(&b'[') => {
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
        b"BODY" => body(spv(rest)?.0, cx).map(|(r, b)| (r, FetchItem::Body(Box::new(b)))),
        b"BINARY" => {
            let (rest, section) = section_binary(rest, cx)?;
            let rest = spv(rest)?.0;
            let (rest, data) = match rest.first() {
                Some(b'~') => literal8(rest).map(|(r, l)| (r, Some(l)))?,
                _ => nstring(rest, cx).map(|(r, s)| {
                    (
                        r,
                        s.map(|s| Literal::parsed(s.into_payload(), LiteralKind::Text)),
                    )
                })?,
            };
            Ok((rest, FetchItem::Binary { section, data }))
        }
        b"BINARY.SIZE" => {
            let (rest, section) = section_binary(rest, cx)?;
            let (rest, size) = number(spv(rest)?.0)?;
            Ok((rest, FetchItem::BinarySize { section, size }))
        }
        b"RFC822" => nstring(spv(rest)?.0, cx).map(|(r, s)| (r, FetchItem::Rfc822(s))),
        b"RFC822.HEADER" => nstring(spv(rest)?.0, cx).map(|(r, s)| (r, FetchItem::Rfc822Header(s))),
        b"RFC822.TEXT" => nstring(spv(rest)?.0, cx).map(|(r, s)| (r, FetchItem::Rfc822Text(s))),
        b"MODSEQ" => {
            let negative = cx.lenient().negative_modseq;
            paren(spv(rest)?.0, |r| match r {
                [b'-', d, ..] if negative && d.is_ascii_digit() => {
                    number64(&r[1..]).map(|(r, _)| (r, 0))
                }
                _ => number64(r),
            })
            .map(|(r, n)| (r, FetchItem::ModSeq(n)))
        }
        b"EMAILID" => paren(spv(rest)?.0, |r| atom(r, cx)).map(|(r, a)| (r, FetchItem::EmailId(a))),
        b"THREADID" => {
            let rest = spv(rest)?.0;
            match nil(rest) {
                Ok((r, ())) => Ok((r, FetchItem::ThreadId(None))),
                Err(_) => {
                    paren(rest, |r| atom(r, cx)).map(|(r, a)| (r, FetchItem::ThreadId(Some(a))))
                }
            }
        }
        b"SAVEDATE" => {
            let rest = spv(rest)?.0;
            match nil(rest) {
                Ok((r, ())) => Ok((r, FetchItem::SaveDate(None))),
                Err(_) => date_time(rest).map(|(r, d)| (r, FetchItem::SaveDate(Some(d)))),
            }
        }
        b"X-GM-MSGID" => number64(spv(rest)?.0).map(|(r, n)| (r, FetchItem::GmailMsgId(n))),
        b"X-GM-THRID" => number64(spv(rest)?.0).map(|(r, n)| (r, FetchItem::GmailThreadId(n))),
        b"X-GM-LABELS" => {
            paren_list(spv(rest)?.0, cx, gmail_label).map(|(r, v)| (r, FetchItem::GmailLabels(v)))
        }
        _ => {
            let Ok(name) = std::str::from_utf8(name).map(Atom::checked) else {
                return expected(i, "item name");
            };
            let (rest, value) = raw_value(spv(rest)?.0, cx)?;
            Ok((rest, FetchItem::Other { name, value }))
        }
    }
}
