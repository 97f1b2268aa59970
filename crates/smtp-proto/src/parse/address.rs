//! Paths, mailboxes, domains and address literals (RFC 5321 §4.1.2, §4.1.3, with the
//! UTF-8 extensions of RFC 6531 §3.3).

use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::{ATEXT, LDH, PResult, expected, fail, line_text, split_at, to_decode_error};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::types::{Domain, ForwardPath, Mailbox, ReversePath};

/// `Dot-string = Atom *("." Atom)`, `Atom = 1*atext` (UTF-8 allowed, RFC 6531).
pub(crate) fn dot_string(input: &str) -> PResult<'_, &str> {
    let b = input.as_bytes();
    let mut i = 0;
    loop {
        let atom = ATEXT.run(&b[i..]);
        if atom == 0 {
            return expected(input.get(i..).unwrap_or_default(), "an atom");
        }
        i += atom;
        if i + 1 < b.len() && b[i] == b'.' && ATEXT.has(b[i + 1]) {
            i += 1;
        } else {
            let (word, rest) = split_at(input, i)?;
            return Ok((rest, word));
        }
    }
}

/// `Quoted-string = DQUOTE *QcontentSMTP DQUOTE`, returned with its quotes.
/// `qtextSMTP = %d32-33 / %d35-91 / %d93-126 / UTF8-non-ascii`,
/// `quoted-pairSMTP = %d92 %d32-126`.
pub(crate) fn quoted_string(input: &str) -> PResult<'_, &str> {
    let b = input.as_bytes();
    if b.first() != Some(&b'"') {
        return expected(input, "a quoted string");
    }
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let (quoted, rest) = split_at(input, i + 1)?;
                return Ok((rest, quoted));
            }
            b'\\' => match b.get(i + 1) {
                Some(32..=126) => i += 2,
                _ => {
                    let at = input.get(i..).unwrap_or_default();
                    return fail(at, DecodeErrorKind::Syntax("a quoted pair"));
                }
            },
            32..=126 | 0x80..=0xff => i += 1,
            _ => {
                let at = input.get(i..).unwrap_or_default();
                return fail(at, DecodeErrorKind::Syntax("quoted text"));
            }
        }
    }
    fail("", DecodeErrorKind::Syntax("a closing quote"))
}

/// `Local-part = Dot-string / Quoted-string`.
pub(crate) fn local_part(input: &str) -> PResult<'_, &str> {
    if input.as_bytes().first() == Some(&b'"') {
        quoted_string(input)
    } else {
        dot_string(input)
    }
}

/// `Domain = sub-domain *("." sub-domain)`, `sub-domain = Let-dig [Ldh-str]`
/// (U-labels allowed, RFC 6531).
pub(crate) fn domain(input: &str) -> PResult<'_, &str> {
    let b = input.as_bytes();
    let mut i = 0;
    loop {
        if !b.get(i).is_some_and(|c| LDH.has(*c) && *c != b'-') {
            return expected(input.get(i..).unwrap_or_default(), "a domain label");
        }
        let start = i;
        i += LDH.run(&b[i..]);
        if b[i - 1] == b'-' {
            let at = input.get(start..).unwrap_or_default();
            return fail(at, DecodeErrorKind::Syntax("a label not ending in '-'"));
        }
        if i + 1 < b.len() && b[i] == b'.' && LDH.has(b[i + 1]) && b[i + 1] != b'-' {
            i += 1;
        } else {
            let (name, rest) = split_at(input, i)?;
            return Ok((rest, name));
        }
    }
}

/// `address-literal = "[" ( IPv4-address-literal / IPv6-address-literal /
/// General-address-literal ) "]"`.
pub(crate) fn address_literal(input: &str) -> PResult<'_, Domain<'_>> {
    if !input.starts_with('[') {
        return expected(input, "an address literal");
    }
    let Some(close) = input.find(']') else {
        return fail(input, DecodeErrorKind::Syntax("a closing ']'"));
    };
    let (inner, rest) = (&input[1..close], &input[close + 1..]);
    let bad = |what| fail(&input[1..], DecodeErrorKind::Syntax(what));
    if let Some((tag, content)) = inner.split_once(':') {
        let content_ok =
            !content.is_empty() && content.bytes().all(|b| matches!(b, 33..=90 | 94..=126));
        let tag_ok = !tag.is_empty()
            && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !tag.ends_with('-');
        if !tag_ok || !content_ok {
            return bad("a general address literal");
        }
        if tag.eq_ignore_ascii_case("IPv6") {
            return match content.parse::<Ipv6Addr>() {
                Ok(a) => Ok((rest, Domain::Ipv6(a))),
                Err(_) => bad("an IPv6 address"),
            };
        }
        return Ok((
            rest,
            Domain::General {
                tag: Cow::Borrowed(tag),
                content: Cow::Borrowed(content),
            },
        ));
    }
    match inner.parse::<Ipv4Addr>() {
        Ok(a) => Ok((rest, Domain::Ipv4(a))),
        Err(_) => bad("an IPv4 address"),
    }
}

/// `Domain / address-literal`.
pub(crate) fn domain_or_literal(input: &str) -> PResult<'_, Domain<'_>> {
    if input.starts_with('[') {
        address_literal(input)
    } else {
        let (rest, d) = domain(input)?;
        Ok((rest, Domain::Name(Cow::Borrowed(d))))
    }
}

/// `Mailbox = Local-part "@" ( Domain / address-literal )`.
pub(crate) fn mailbox(input: &str) -> PResult<'_, Mailbox<'_>> {
    let (rest, local) = local_part(input)?;
    let Some(rest) = rest.strip_prefix('@') else {
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
fn source_route(input: &str) -> PResult<'_, ()> {
    let mut rest = input;
    loop {
        let Some(r) = rest.strip_prefix('@') else {
            return expected(rest, "'@' in a source route");
        };
        let (r, _) = domain(r)?;
        if let Some(r) = r.strip_prefix(',') {
            rest = r;
        } else if let Some(r) = r.strip_prefix(':') {
            return Ok((r, ()));
        } else {
            return expected(r, "',' or ':' after a source route");
        }
    }
}

/// `Path = "<" [ A-d-l ":" ] Mailbox ">"`.
pub(crate) fn path(input: &str) -> PResult<'_, Mailbox<'_>> {
    let Some(mut rest) = input.strip_prefix('<') else {
        return expected(input, "'<'");
    };
    if rest.starts_with('@') {
        rest = source_route(rest)?.0;
    }
    let (rest, mbox) = mailbox(rest)?;
    match rest.strip_prefix('>') {
        Some(rest) => Ok((rest, mbox)),
        None => expected(rest, "'>'"),
    }
}

/// `Reverse-path = Path / "<>"`.
pub(crate) fn reverse_path(input: &str) -> PResult<'_, ReversePath<'_>> {
    if let Some(rest) = input.strip_prefix("<>") {
        return Ok((rest, ReversePath::Null));
    }
    let (rest, m) = path(input)?;
    Ok((rest, ReversePath::Mailbox(m)))
}

/// `Forward-path = Path`, or `"<Postmaster>"` (any case) without a domain.
pub(crate) fn forward_path(input: &str) -> PResult<'_, ForwardPath<'_>> {
    if let Some(head) = input.get(..12) {
        if head.eq_ignore_ascii_case("<postmaster>") {
            return Ok((&input[12..], ForwardPath::Postmaster));
        }
    }
    let (rest, m) = path(input)?;
    Ok((rest, ForwardPath::Mailbox(m)))
}

fn complete<'a, T>(
    input: &'a [u8],
    parser: impl FnOnce(&'a str) -> PResult<'a, T>,
) -> Result<T, DecodeError> {
    let text = line_text(input, input, 0)?;
    match parser(text) {
        Ok(("", v)) => Ok(v),
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
        let (_, m) = path("<@hosta.int,@jkl.org:userc@d.bar.org>").unwrap();
        assert_eq!(m.to_string(), "userc@d.bar.org");
        let (_, m) = path("<\"john doe\\\"\"@example.com>").unwrap();
        assert_eq!(m.local_part(), "\"john doe\\\"\"");
        let (_, m) = path("<a@[IPv6:2001:db8::1]>").unwrap();
        assert_eq!(m.domain(), &Domain::Ipv6("2001:db8::1".parse().unwrap()));
        let (_, m) = path("<a@[192.0.2.1]>").unwrap();
        assert_eq!(m.domain(), &Domain::Ipv4(Ipv4Addr::new(192, 0, 2, 1)));
        let (_, m) = path("<用户@例子.广告>").unwrap();
        assert!(!m.is_ascii());
        assert_eq!(
            forward_path("<postMaster>").unwrap().1,
            ForwardPath::Postmaster
        );
        assert!(matches!(
            forward_path("<Postmaster@example.com>").unwrap().1,
            ForwardPath::Mailbox(_)
        ));
        for bad in [
            "<a@b",
            "<@b>",
            "<a.@b>",
            "<a@-b>",
            "<a@b->",
            "<a@[1.2.3]>",
            "<a@[IPv6:zz]>",
            "<\"a\rb\"@c>",
            "<a b@c>",
        ] {
            assert!(
                path(bad).is_err() || !path(bad).unwrap().0.is_empty(),
                "{bad:?}"
            );
        }
        assert!(mailbox_complete(b"a@b\xff").is_err());
    }
}
