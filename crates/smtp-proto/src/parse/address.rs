//! Paths, mailboxes, domains and address literals (RFC 5321 §4.1.2, §4.1.3, with the
//! UTF-8 extensions of RFC 6531 §3.3).

use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::{PResult, expected, fail, to_decode_error, utf8};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::types::{Domain, ForwardPath, Mailbox, ReversePath};

/// `atext` of RFC 5322 plus `UTF8-non-ascii` bytes (RFC 6531); UTF-8 validity is
/// checked on the whole token afterwards.
fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b) || b >= 0x80
}

fn is_let_dig(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// `Dot-string = Atom *("." Atom)`.
pub(crate) fn dot_string(input: &[u8]) -> PResult<'_, &[u8]> {
    let mut i = 0;
    loop {
        let start = i;
        while i < input.len() && is_atext(input[i]) {
            i += 1;
        }
        if i == start {
            return expected(&input[i..], "an atom");
        }
        if i + 1 < input.len() && input[i] == b'.' && is_atext(input[i + 1]) {
            i += 1;
        } else {
            return Ok((&input[i..], &input[..i]));
        }
    }
}

/// `Quoted-string = DQUOTE *QcontentSMTP DQUOTE`, returned with its quotes.
/// `qtextSMTP = %d32-33 / %d35-91 / %d93-126 / UTF8-non-ascii`,
/// `quoted-pairSMTP = %d92 %d32-126`.
pub(crate) fn quoted_string(input: &[u8]) -> PResult<'_, &[u8]> {
    if input.first() != Some(&b'"') {
        return expected(input, "a quoted string");
    }
    let mut i = 1;
    while i < input.len() {
        match input[i] {
            b'"' => return Ok((&input[i + 1..], &input[..i + 1])),
            b'\\' => match input.get(i + 1) {
                Some(32..=126) => i += 2,
                _ => return fail(&input[i..], DecodeErrorKind::Syntax("a quoted pair")),
            },
            32..=126 | 0x80..=0xff => i += 1,
            _ => return fail(&input[i..], DecodeErrorKind::Syntax("quoted text")),
        }
    }
    fail(&input[i..], DecodeErrorKind::Syntax("a closing quote"))
}

/// `Local-part = Dot-string / Quoted-string`.
pub(crate) fn local_part(input: &[u8]) -> PResult<'_, &str> {
    let (rest, raw) = if input.first() == Some(&b'"') {
        quoted_string(input)?
    } else {
        dot_string(input)?
    };
    let (_, text) = utf8(raw)?;
    Ok((rest, text))
}

/// `Domain = sub-domain *("." sub-domain)`, `sub-domain = Let-dig [Ldh-str]`
/// (U-labels allowed, RFC 6531).
pub(crate) fn domain(input: &[u8]) -> PResult<'_, &str> {
    let mut i = 0;
    loop {
        if !input.get(i).copied().is_some_and(is_let_dig) {
            return expected(&input[i..], "a domain label");
        }
        let start = i;
        while i < input.len() && (is_let_dig(input[i]) || input[i] == b'-') {
            i += 1;
        }
        if input[i - 1] == b'-' {
            return fail(
                &input[start..],
                DecodeErrorKind::Syntax("a label not ending in '-'"),
            );
        }
        if i + 1 < input.len() && input[i] == b'.' && is_let_dig(input[i + 1]) {
            i += 1;
        } else {
            let (_, text) = utf8(&input[..i])?;
            return Ok((&input[i..], text));
        }
    }
}

/// `address-literal = "[" ( IPv4-address-literal / IPv6-address-literal /
/// General-address-literal ) "]"`.
pub(crate) fn address_literal(input: &[u8]) -> PResult<'_, Domain<'_>> {
    if input.first() != Some(&b'[') {
        return expected(input, "an address literal");
    }
    let Some(close) = memchr::memchr(b']', input) else {
        return fail(input, DecodeErrorKind::Syntax("a closing ']'"));
    };
    let inner = &input[1..close];
    let rest = &input[close + 1..];
    let bad = |what| fail(&input[1..], DecodeErrorKind::Syntax(what));
    if let Some(colon) = memchr::memchr(b':', inner) {
        let (tag, content) = (&inner[..colon], &inner[colon + 1..]);
        let content_ok =
            !content.is_empty() && content.iter().all(|b| matches!(b, 33..=90 | 94..=126));
        let tag_ok = !tag.is_empty()
            && tag.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
            && tag[tag.len() - 1] != b'-';
        if !tag_ok || !content_ok {
            return bad("a general address literal");
        }
        let (_, content) = utf8(content)?;
        if tag.eq_ignore_ascii_case(b"IPv6") {
            return match content.parse::<Ipv6Addr>() {
                Ok(a) => Ok((rest, Domain::Ipv6(a))),
                Err(_) => bad("an IPv6 address"),
            };
        }
        let (_, tag) = utf8(tag)?;
        return Ok((
            rest,
            Domain::General {
                tag: Cow::Borrowed(tag),
                content: Cow::Borrowed(content),
            },
        ));
    }
    match std::str::from_utf8(inner)
        .ok()
        .and_then(|s| s.parse::<Ipv4Addr>().ok())
    {
        Some(a) => Ok((rest, Domain::Ipv4(a))),
        None => bad("an IPv4 address"),
    }
}

/// `Domain / address-literal`.
pub(crate) fn domain_or_literal(input: &[u8]) -> PResult<'_, Domain<'_>> {
    if input.first() == Some(&b'[') {
        address_literal(input)
    } else {
        let (rest, d) = domain(input)?;
        Ok((rest, Domain::Name(Cow::Borrowed(d))))
    }
}

/// `Mailbox = Local-part "@" ( Domain / address-literal )`.
pub(crate) fn mailbox(input: &[u8]) -> PResult<'_, Mailbox<'_>> {
    let (rest, local) = local_part(input)?;
    let Some(rest) = rest.strip_prefix(b"@") else {
        return expected(rest, "'@' and a domain");
    };
    let (rest, domain) = domain_or_literal(rest)?;
    Ok((
        rest,
        Mailbox {
            local_part: Cow::Borrowed(local),
            domain,
        },
    ))
}

/// `A-d-l = At-domain *( "," At-domain )`, `At-domain = "@" Domain`: a source route,
/// accepted and ignored (RFC 5321 §4.1.2, Appendix C).
fn source_route(input: &[u8]) -> PResult<'_, ()> {
    let mut rest = input;
    loop {
        let Some(r) = rest.strip_prefix(b"@") else {
            return expected(rest, "'@' in a source route");
        };
        let (r, _) = domain(r)?;
        match r.first() {
            Some(b',') => rest = &r[1..],
            Some(b':') => return Ok((&r[1..], ())),
            _ => return expected(r, "',' or ':' after a source route"),
        }
    }
}

/// `Path = "<" [ A-d-l ":" ] Mailbox ">"`.
pub(crate) fn path(input: &[u8]) -> PResult<'_, Mailbox<'_>> {
    let Some(mut rest) = input.strip_prefix(b"<") else {
        return expected(input, "'<'");
    };
    if rest.first() == Some(&b'@') {
        rest = source_route(rest)?.0;
    }
    let (rest, mbox) = mailbox(rest)?;
    match rest.strip_prefix(b">") {
        Some(rest) => Ok((rest, mbox)),
        None => expected(rest, "'>'"),
    }
}

/// `Reverse-path = Path / "<>"`.
pub(crate) fn reverse_path(input: &[u8]) -> PResult<'_, ReversePath<'_>> {
    if let Some(rest) = input.strip_prefix(b"<>") {
        return Ok((rest, ReversePath::Null));
    }
    let (rest, m) = path(input)?;
    Ok((rest, ReversePath::Mailbox(m)))
}

/// `Forward-path = Path`, or `"<Postmaster>"` (any case) without a domain.
pub(crate) fn forward_path(input: &[u8]) -> PResult<'_, ForwardPath<'_>> {
    if input.len() >= 12 && input[..12].eq_ignore_ascii_case(b"<postmaster>") {
        return Ok((&input[12..], ForwardPath::Postmaster));
    }
    let (rest, m) = path(input)?;
    Ok((rest, ForwardPath::Mailbox(m)))
}

fn complete<'a, T>(
    input: &'a [u8],
    parser: impl FnOnce(&'a [u8]) -> PResult<'a, T>,
) -> Result<T, DecodeError> {
    match parser(input) {
        Ok(([], v)) => Ok(v),
        Ok((rest, _)) => Err(DecodeError::new(
            DecodeErrorKind::Syntax("end of input"),
            input,
            input.len() - rest.len(),
        )),
        Err(e) => Err(to_decode_error(e, input, input, 0)),
    }
}

/// A whole input that must be exactly a mailbox.
pub(crate) fn mailbox_complete(input: &[u8]) -> Result<Mailbox<'_>, DecodeError> {
    complete(input, mailbox)
}

/// A whole input that must be exactly a domain or address literal.
pub(crate) fn domain_or_literal_complete(input: &[u8]) -> Result<Domain<'_>, DecodeError> {
    complete(input, domain_or_literal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let (_, m) = path(b"<@hosta.int,@jkl.org:userc@d.bar.org>").unwrap();
        assert_eq!(m.to_string(), "userc@d.bar.org");
        let (_, m) = path(b"<\"john doe\\\"\"@example.com>").unwrap();
        assert_eq!(m.local_part(), "\"john doe\\\"\"");
        let (_, m) = path(b"<a@[IPv6:2001:db8::1]>").unwrap();
        assert_eq!(m.domain(), &Domain::Ipv6("2001:db8::1".parse().unwrap()));
        let (_, m) = path(b"<a@[192.0.2.1]>").unwrap();
        assert_eq!(m.domain(), &Domain::Ipv4(Ipv4Addr::new(192, 0, 2, 1)));
        let (_, m) = path("<用户@例子.广告>".as_bytes()).unwrap();
        assert!(!m.is_ascii());
        assert_eq!(
            forward_path(b"<postMaster>").unwrap().1,
            ForwardPath::Postmaster
        );
        assert!(matches!(
            forward_path(b"<Postmaster@example.com>").unwrap().1,
            ForwardPath::Mailbox(_)
        ));
        for bad in [
            &b"<a@b"[..],
            b"<@b>",
            b"<a.@b>",
            b"<a@-b>",
            b"<a@b->",
            b"<a@[1.2.3]>",
            b"<a@[IPv6:zz]>",
            b"<\"a\rb\"@c>",
            b"<a b@c>",
            b"<a@b\xff>",
        ] {
            assert!(
                path(bad).is_err() || !path(bad).unwrap().0.is_empty(),
                "{bad:?}"
            );
        }
    }
}
