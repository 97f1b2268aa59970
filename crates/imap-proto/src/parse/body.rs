//! ENVELOPE and BODYSTRUCTURE (RFC 9051 §9), depth-limited.

use super::core::{
    byte, close_paren, nil, nstring, nstring_plain, number, number64, number64_or_minus_one,
    plain_quoted_len, sp, string, trailing_spaces,
};
use super::{Cx, PResult, expected};
use crate::types::chars::is_atom_char;
use crate::types::{
    Address, AddressField, BodyExtData, BodyExtension, BodyFields, BodyStructure, Disposition,
    Envelope, IString, NString, Params, SinglePartKind,
};

/// [`address`] in its common form (one space between the fields, escape-free quoted
/// strings or `NIL`), pushed to `env`'s list; `None` (nothing pushed) for the general
/// rule to judge.
#[inline]
fn push_plain_address<'a>(
    i: &'a [u8],
    env: &mut Envelope<'a>,
    field: AddressField,
) -> Option<&'a [u8]> {
    let i = i.strip_prefix(b"(")?;
    let (i, name) = nstring_plain(i)?;
    let (i, adl) = nstring_plain(i.strip_prefix(b" ")?)?;
    let (i, mailbox) = nstring_plain(i.strip_prefix(b" ")?)?;
    let (i, host) = nstring_plain(i.strip_prefix(b" ")?)?;
    let i = i.strip_prefix(b")")?;
    env.push_address(
        field,
        Address {
            name,
            adl,
            mailbox,
            host,
        },
    );
    Some(i)
}

/// `address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"`
fn address<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Address<'a>> {
    let (i, _) = byte(b'(', "address")(i)?;
    let (i, name) = env_nstring(i, cx)?;
    let (i, ()) = sp(i, cx)?;
    let (i, adl) = env_nstring(i, cx)?;
    let (i, ()) = sp(i, cx)?;
    let (i, mailbox) = env_nstring(i, cx)?;
    let (i, ()) = sp(i, cx)?;
    let (i, host) = env_nstring(i, cx)?;
    let (i, _) = byte(b')', ")")(trailing_spaces(i, cx))?;
    Ok((
        i,
        Address {
            name,
            adl,
            mailbox,
            host,
        },
    ))
}

/// `env-from = "(" 1*address ")" / nil` (and the other address lists), appended to
/// `env` as `field`'s list.
fn address_list<'a>(
    i: &'a [u8],
    cx: Cx<'_>,
    env: &mut Envelope<'a>,
    field: AddressField,
) -> PResult<'a, ()> {
    if let Ok((rest, ())) = nil(i) {
        env.close_list(field);
        return Ok((rest, ()));
    }
    let (mut i, _) = byte(b'(', "address list")(i)?;
    let mut empty = true;
    loop {
        i = trailing_spaces(i, cx);
        if let Some(rest) = i.strip_prefix(b")") {
            if empty && !cx.lenient().loose_body {
                return expected(i, "address");
            }
            env.close_list(field);
            return Ok((rest, ()));
        }
        empty = false;
        if let Some(rest) = push_plain_address(i, env, field) {
            i = rest;
            continue;
        }
        let (rest, a) = address(i, cx)?;
        env.push_address(field, a);
        i = rest;
    }
}

/// `envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP
/// env-to SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"`
pub(crate) fn envelope<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Envelope<'a>> {
    let (i, _) = byte(b'(', "envelope")(i)?;
    let mut env = Envelope::new();
    let (i, date) = env_nstring(i, cx)?;
    env.date = date;
    let (i, ()) = sp(i, cx)?;
    let (mut i, subject) = env_nstring(i, cx)?;
    env.subject = subject;
    for field in AddressField::ALL {
        let (rest, ()) = sp(i, cx)?;
        i = address_list(rest, cx, &mut env, field)?.0;
    }
    let (i, ()) = sp(i, cx)?;
    let (i, in_reply_to) = env_nstring(i, cx)?;
    env.in_reply_to = in_reply_to;
    let (i, ()) = sp(i, cx)?;
    let (i, message_id) = env_nstring(i, cx)?;
    env.message_id = message_id;
    let (i, _) = byte(b')', ")")(trailing_spaces(i, cx))?;
    Ok((i, env))
}

/// An atom read as a string under [`Lenient::unquoted_strings`](super::Lenient): the
/// bytes up to the next space, parenthesis or other atom-special; `None` if there are
/// none, or they spell `NIL` (which is never a string's value).
#[inline(never)]
fn unquoted<'a>(i: &'a [u8], cx: Cx<'_>) -> Option<(&'a [u8], IString<'a>)> {
    if !cx.lenient().unquoted_strings {
        return None;
    }
    let n = i.iter().take_while(|&&b| is_atom_char(b)).count();
    let a = &i[..n];
    (n > 0 && !a.eq_ignore_ascii_case(b"NIL")).then(|| (&i[n..], IString::from(a)))
}

/// `nstring` in ENVELOPE, BODY and BODYSTRUCTURE; an atom too under
/// [`Lenient::unquoted_strings`](super::Lenient).
#[inline]
fn env_nstring<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, NString<'a>> {
    match nstring(i, cx) {
        Err(nom::Err::Error(e)) => match unquoted(i, cx) {
            Some((rest, s)) => Ok((rest, Some(s))),
            None => Err(nom::Err::Error(e)),
        },
        r => r,
    }
}

/// A `string` in BODYSTRUCTURE; with `loose_body`, NIL or a bare number too; with
/// `unquoted_strings`, an atom.
#[inline]
fn body_string<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, IString<'a>> {
    if let [b'"', body @ ..] = i {
        if let Some(at) = plain_quoted_len(body) {
            return Ok((&body[at + 1..], IString::from(&body[..at])));
        }
    }
    body_string_general(i, cx)
}

/// [`body_string`] for every form.
#[inline(never)]
fn body_string_general<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, IString<'a>> {
    match string(i, cx) {
        Ok(v) => Ok(v),
        Err(nom::Err::Error(e)) if !cx.lenient().loose_body => match unquoted(i, cx) {
            Some(done) => Ok(done),
            None => Err(nom::Err::Error(e)),
        },
        Err(e) if !cx.lenient().loose_body => Err(e),
        Err(e) => {
            if let Ok((rest, ())) = nil(i) {
                return Ok((rest, IString::from("")));
            }
            let n = i.iter().take_while(|b| b.is_ascii_digit()).count();
            if n > 0 && !i.get(n).is_some_and(|&b| is_atom_char(b)) {
                return Ok((&i[n..], IString::from(&i[..n])));
            }
            match unquoted(i, cx) {
                Some(done) => Ok(done),
                None => Err(e),
            }
        }
    }
}

/// An escape-free quoted string, or `None`.
#[inline(always)]
fn plain_quoted(i: &[u8]) -> Option<(&[u8], IString<'_>)> {
    let body = i.strip_prefix(b"\"")?;
    let at = plain_quoted_len(body)?;
    Some((&body[at + 1..], IString::from(&body[..at])))
}

/// [`body_fld_param`] in its common form (escape-free quoted strings, single spaces);
/// `None` for the general rule to judge.
#[inline]
fn body_fld_param_plain(i: &[u8]) -> Option<(&[u8], Params<'_>)> {
    let mut i = i.strip_prefix(b"(")?;
    let mut out = Params::new();
    loop {
        let (rest, k) = plain_quoted(i)?;
        let (rest, v) = plain_quoted(rest.strip_prefix(b" ")?)?;
        out.push(k, v);
        match rest {
            [b')', rest @ ..] => return Some((rest, out)),
            [b' ', rest @ ..] => i = rest,
            _ => return None,
        }
    }
}

/// `body-fld-param = "(" string SP string *(SP string SP string) ")" / nil`
fn body_fld_param<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Params<'a>> {
    match body_fld_param_plain(i) {
        Some(done) => Ok(done),
        None => body_fld_param_general(i, cx),
    }
}

/// [`body_fld_param`] for every form.
fn body_fld_param_general<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Params<'a>> {
    if let Ok((rest, ())) = nil(i) {
        return Ok((rest, Params::new()));
    }
    let (mut i, _) = byte(b'(', "body-fld-param")(i)?;
    let mut out = Params::new();
    loop {
        if let Some(rest) = close_paren(i, cx) {
            if out.is_empty() && !cx.lenient().loose_body {
                return expected(i, "parameter");
            }
            return Ok((rest, out));
        }
        if !out.is_empty() {
            i = sp(i, cx)?.0;
        }
        let (rest, k) = body_string(i, cx)?;
        let (rest, ()) = sp(rest, cx)?;
        let (rest, v) = body_string(rest, cx)?;
        out.push(k, v);
        i = rest;
    }
}

/// `body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP
/// body-fld-octets`
fn body_fields<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, BodyFields<'a>> {
    let (i, params) = body_fld_param(i, cx)?;
    let (i, ()) = sp(i, cx)?;
    let (i, id) = env_nstring(i, cx)?;
    let (i, ()) = sp(i, cx)?;
    let (i, description) = env_nstring(i, cx)?;
    let (i, ()) = sp(i, cx)?;
    let (i, encoding) = body_string(i, cx)?;
    let (i, ()) = sp(i, cx)?;
    let (i, octets) = match i {
        [b'-', ..] => {
            let (i, n) = number64_or_minus_one(i, cx.lenient().loose_body)?;
            (i, n as u32)
        }
        _ => number(i)?,
    };
    Ok((
        i,
        BodyFields {
            params,
            id,
            description,
            encoding,
            octets,
        },
    ))
}

/// `body-fld-dsp = "(" string SP body-fld-param ")" / nil`
fn body_fld_dsp<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Option<Disposition<'a>>> {
    if let Ok((rest, ())) = nil(i) {
        return Ok((rest, None));
    }
    if cx.lenient().loose_body && i.first() == Some(&b'"') {
        // a bare string (Exchange): a disposition without parameters
        let (rest, kind) = string(i, cx)?;
        return Ok((
            rest,
            Some(Disposition {
                kind,
                params: Params::new(),
            }),
        ));
    }
    let (i, _) = byte(b'(', "body-fld-dsp")(i)?;
    let (i, kind) = body_string(i, cx)?;
    let (i, ()) = sp(i, cx)?;
    let (i, params) = body_fld_param(i, cx)?;
    let (i, _) = byte(b')', ")")(trailing_spaces(i, cx))?;
    Ok((i, Some(Disposition { kind, params })))
}

/// `body-fld-lang = nstring / "(" string *(SP string) ")"`
fn body_fld_lang<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Vec<IString<'a>>> {
    if i.first() == Some(&b'(') {
        return super::core::paren_list(i, cx, body_string);
    }
    match env_nstring(i, cx)? {
        (rest, None) => Ok((rest, Vec::new())),
        (rest, Some(s)) => Ok((rest, vec![s])),
    }
}

/// `body-extension = nstring / number / number64 / "(" body-extension *(SP
/// body-extension) ")"`
fn body_extension<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, BodyExtension<'a>> {
    match i.first() {
        Some(b'(') => {
            let inner = cx.deeper(i)?;
            super::core::paren_list(i, inner, body_extension)
                .map(|(r, v)| (r, BodyExtension::List(v)))
        }
        Some(b'0'..=b'9') => number64(i).map(|(r, n)| (r, BodyExtension::Number(n))),
        _ => nstring(i, cx).map(|(r, s)| (r, BodyExtension::NString(s))),
    }
}

/// `[SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]`
fn body_ext_rest<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, BodyExtData<'a>> {
    let mut ext = BodyExtData::new();
    let Ok((i, ())) = sp(i, cx) else {
        return Ok((i, ext));
    };
    let (i, dsp) = body_fld_dsp(i, cx)?;
    ext.set_disposition(dsp);
    let Ok((i, ())) = sp(i, cx) else {
        return Ok((i, ext));
    };
    let (i, lang) = body_fld_lang(i, cx)?;
    ext.set_language(lang);
    let Ok((i, ())) = sp(i, cx) else {
        return Ok((i, ext));
    };
    let (mut i, loc) = env_nstring(i, cx)?;
    ext.set_location(loc);
    while let Ok((rest, ())) = sp(i, cx) {
        let (rest, e) = body_extension(rest, cx)?;
        ext.push_extension(e);
        i = rest;
    }
    Ok((i, ext))
}

/// `body = "(" (body-type-1part / body-type-mpart) ")"`; `extensions` is false for
/// `BODY`, whose form has none.
pub(crate) fn body<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, BodyStructure<'a>> {
    let (inner, _) = byte(b'(', "body")(i)?;
    let cx = cx.deeper(i)?;
    if let (Some(rest), true) = (inner.strip_prefix(b")"), cx.lenient().loose_body) {
        // Domino: `()` for the body of a message/rfc822 part it cannot describe
        return Ok((rest, BodyStructure::empty()));
    }
    let (rest, b) = if inner.first() == Some(&b'(') {
        body_type_mpart(inner, cx)?
    } else {
        body_type_1part(inner, cx)?
    };
    let (rest, _) = byte(b')', ")")(trailing_spaces(rest, cx))?;
    Ok((rest, b))
}

/// `body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]`;
/// `body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc
/// *(SP body-extension)]]]`
fn body_type_mpart<'a>(mut i: &'a [u8], cx: Cx<'_>) -> PResult<'a, BodyStructure<'a>> {
    // room for the usual two to four parts in one block small enough for the
    // allocator's per-thread cache (`layout.rs` keeps a part under 256 bytes)
    let mut parts = Vec::with_capacity(4);
    while i.first() == Some(&b'(') {
        let (rest, b) = body(i, cx)?;
        parts.push(b);
        i = if cx.lenient().extra_spaces && rest.starts_with(b" (") {
            &rest[1..]
        } else {
            rest
        };
    }
    let (i, ()) = sp(i, cx)?;
    let (i, subtype) = body_string(i, cx)?;
    let mut params = None;
    let mut ext = BodyExtData::default();
    let mut i = i;
    if let Ok((rest, ())) = sp(i, cx) {
        let (rest, p) = body_fld_param(rest, cx)?;
        params = Some(p);
        let (rest, e) = body_ext_rest(rest, cx)?;
        ext = e;
        i = rest;
    }
    Ok((
        i,
        BodyStructure::Multipart {
            parts,
            subtype,
            params,
            ext,
        },
    ))
}

/// `body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP
/// body-ext-1part]`; `body-ext-1part = body-fld-md5 [SP body-fld-dsp ...]`
fn body_type_1part<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, BodyStructure<'a>> {
    let (i, media_type) = body_string(i, cx)?;
    let (i, ()) = sp(i, cx)?;
    let (i, subtype) = body_string(i, cx)?;
    let (i, ()) = sp(i, cx)?;
    let (i, fields) = body_fields(i, cx)?;
    let t = media_type.as_bytes();
    let s = subtype.as_bytes();
    let is_msg = t.eq_ignore_ascii_case(b"MESSAGE")
        && (s.eq_ignore_ascii_case(b"RFC822") || s.eq_ignore_ascii_case(b"GLOBAL"))
        && i.starts_with(b" (");
    let (i, kind) = if is_msg {
        let (i, ()) = sp(i, cx)?;
        let (i, env) = envelope(i, cx)?;
        let (i, ()) = sp(i, cx)?;
        let (i, b) = body(i, cx)?;
        let (i, ()) = sp(i, cx)?;
        let (i, lines) = number64_or_minus_one(i, cx.lenient().loose_body)?;
        (
            i,
            SinglePartKind::Message {
                envelope: Box::new(env),
                body: Box::new(b),
                lines,
            },
        )
    } else if t.eq_ignore_ascii_case(b"TEXT") && i.first() == Some(&b' ') {
        let (i, ()) = sp(i, cx)?;
        let (i, lines) = number64_or_minus_one(i, cx.lenient().loose_body)?;
        (i, SinglePartKind::Text { lines })
    } else {
        (i, SinglePartKind::Basic)
    };
    let mut md5 = None;
    let mut ext = BodyExtData::default();
    let mut i = i;
    if let Ok((rest, ())) = sp(i, cx) {
        let (rest, m) = body_md5(rest, cx)?;
        md5 = Some(m);
        let (rest, e) = body_ext_rest(rest, cx)?;
        ext = e;
        i = rest;
    }
    Ok((
        i,
        BodyStructure::Single {
            media_type,
            subtype,
            fields,
            kind,
            md5,
            ext,
        },
    ))
}

/// `body-fld-md5 = nstring`
fn body_md5<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, NString<'a>> {
    env_nstring(i, cx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::ParseOptions;

    /// Where the fast path takes an address it gives what the general rule gives,
    /// under strict and lenient options alike, and it leaves everything else to it.
    #[test]
    fn plain_address_path_agrees_with_the_rule() {
        let cases: &[&[u8]] = &[
            b"(\"Terry Gray\" NIL \"gray\" \"example.org\") rest",
            b"(NIL NIL \"imap\" \"example.org\")",
            b"(NIL NIL \"group\" NIL)",
            b"(NIL NIL NIL NIL)",
            b"(\"=?utf-8?q?J=C3=B6rg?=\" NIL \"j\" \"example.de\")",
            b"(\"J\xc3\xb6rg\" NIL \"j\" \"example.de\")",
            b"(\"a \\\"b\\\" c\" NIL \"x\" \"y\")",
            b"({3}\r\nabc NIL \"x\" \"y\")",
            b"(nil NIL \"x\" \"y\")",
            b"(NIL  NIL \"x\" \"y\")",
            b"(NIL NIL \"x\" \"y\" )",
            b"(NILX NIL \"x\" \"y\")",
            b"(\"unterminated NIL \"x\" \"y\")",
            b"(\"a\rb\" NIL \"x\" \"y\")",
            b"(NIL NIL \"x\")",
            b"(\"\" NIL \"\" \"\")",
        ];
        for opts in [ParseOptions::default(), ParseOptions::strict()] {
            let cx = Cx::new(&opts);
            for &case in cases {
                let mut env = Envelope::new();
                let fast = push_plain_address(case, &mut env, AddressField::To);
                let general = address(case, cx);
                match fast {
                    Some(rest) => {
                        let Ok((grest, a)) = general else {
                            panic!("{:?}: fast path took what the rule refuses", case)
                        };
                        assert_eq!(rest, grest, "{:?}", case);
                        assert_eq!(env.to(), std::slice::from_ref(&a), "{:?}", case);
                    }
                    None => assert!(env.to().is_empty(), "{:?}", case),
                }
            }
        }
        for &case in &[
            &b"(\"CHARSET\" \"utf-8\") NIL"[..],
            b"(\"A\" \"1\" \"B\" \"2\" \"C\" \"3\")",
            b"(\"A\" \"1\"  \"B\" \"2\")",
            b"(\"A\" \"1\" )",
            b"(\"A\")",
            b"()",
            b"(\"A\\\"\" \"1\")",
            b"({1}\r\nA \"1\")",
            b"(\"A\" NIL)",
        ] {
            for opts in [ParseOptions::default(), ParseOptions::strict()] {
                let cx = Cx::new(&opts);
                let fast = body_fld_param_plain(case);
                let general = body_fld_param_general(case, cx);
                if let Some((rest, p)) = fast {
                    let Ok((grest, g)) = general else {
                        panic!("{:?}: fast path took what the rule refuses", case)
                    };
                    assert_eq!((rest, &p), (grest, &g), "{:?}", case);
                }
            }
        }
        assert!(body_fld_param_plain(b"(\"CHARSET\" \"utf-8\")").is_some());
        // the common forms do take the fast path
        let mut env = Envelope::new();
        assert!(push_plain_address(cases[0], &mut env, AddressField::From).is_some());
        assert!(push_plain_address(cases[6], &mut env, AddressField::From).is_none());
    }
}
