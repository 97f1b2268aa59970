//! The address rules that the validating constructors in `types/` and the parsers in
//! `parse/` share (RFC 5321 §4.1.2, §4.1.3, with the UTF-8 extensions of RFC 6531
//! §3.3): local parts, domains, address literals and mailboxes, one nom function per
//! ABNF rule. They read text and give back text and [`Literal`]s, no message types,
//! so `types/` and `parse/` both build on them and neither calls the other;
//! [`crate::parse::address`] builds paths and mailboxes from what they read.

use std::net::{Ipv4Addr, Ipv6Addr};

use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while_m_n, take_while1};
use nom::character::complete::{char, digit1, satisfy};
use nom::combinator::{cut, map_opt, not, opt, peek, recognize, verify};
use nom::error::context;
use nom::multi::{fill, fold_many_m_n, many0_count, separated_list1};
use nom::sequence::{delimited, preceded, separated_pair, terminated};

use super::nom::{PErr, PResult, fail, mismatch, split_at};
use super::{ATEXT, DCONTENT, Literal};
use crate::error::DecodeErrorKind;

/// `Domain = sub-domain *("." sub-domain)`, `sub-domain = Let-dig [Ldh-str]`
/// (RFC 5321 §4.1.2; U-labels allowed, RFC 6531 §3.3).
pub(crate) fn domain(input: &str) -> PResult<'_, &str> {
    let end = super::domain_len(input.as_bytes()).map_err(|m| mismatch(input, m))?;
    let (name, rest) = split_at(input, end)?;
    Ok((rest, name))
}

/// `Domain / address-literal`, as the grammar reads it.
pub(crate) enum Host<'s> {
    /// A `Domain`, as sent.
    Name(&'s str),
    /// An `address-literal`.
    Literal(Literal<'s>),
}

/// `Domain / address-literal` (RFC 5321 §4.1.2): a `[` starts an [`address_literal`],
/// anything else is a [`domain`].
pub(crate) fn domain_or_literal(input: &str) -> PResult<'_, Host<'_>> {
    if input.starts_with('[') {
        return address_literal.map(Host::Literal).parse(input);
    }
    domain.map(Host::Name).parse(input)
}

/// An `atext` character: the ASCII ones of RFC 5322 §3.2.3, or any non-ASCII one
/// (RFC 6531 `UTF8-non-ascii`).
fn is_atext(c: char) -> bool {
    !c.is_ascii() || ATEXT.has(c as u8)
}

/// `Atom = 1*atext` (RFC 5321 §4.1.2).
fn atom(input: &str) -> PResult<'_, &str> {
    context("an atom", take_while1(is_atext)).parse(input)
}

/// `Dot-string = Atom *("." Atom)` (RFC 5321 §4.1.2): a dot not followed by an atom
/// is left unread (it ends the Dot-string).
pub(crate) fn dot_string(input: &str) -> PResult<'_, &str> {
    recognize(separated_list1(char('.'), atom)).parse(input)
}

/// `qtextSMTP = %d32-33 / %d35-91 / %d93-126 / UTF8-non-ascii` (RFC 5321 §4.1.2,
/// RFC 6531 §3.3).
fn is_qtext(c: char) -> bool {
    matches!(c, ' '..='!' | '#'..='[' | ']'..='~') || !c.is_ascii()
}

/// `quoted-pairSMTP = %d92 %d32-126` (RFC 5321 §4.1.2): a backslash commits to it.
fn quoted_pair(input: &str) -> PResult<'_, &str> {
    let escaped = satisfy(|c| matches!(c, ' '..='~'));
    preceded(
        peek(char('\\')),
        context("a quoted pair", cut(recognize((char('\\'), escaped)))),
    )
    .parse(input)
}

/// `QcontentSMTP = qtextSMTP / quoted-pairSMTP` (RFC 5321 §4.1.2), a run of qtext at
/// a time.
fn qcontent(input: &str) -> PResult<'_, &str> {
    alt((take_while1(is_qtext), quoted_pair)).parse(input)
}

/// The closing `DQUOTE` of a Quoted-string: the end of the input is a missing quote,
/// any other byte is one outside `qtextSMTP`.
fn closing_quote(input: &str) -> PResult<'_, char> {
    match input.as_bytes().first() {
        Some(b'"') => char('"').parse(input),
        None => fail(input, DecodeErrorKind::Syntax("a closing quote")),
        Some(_) => fail(input, DecodeErrorKind::Syntax("quoted text")),
    }
}

/// `Quoted-string = DQUOTE *QcontentSMTP DQUOTE` (RFC 5321 §4.1.2), quotes included.
pub(crate) fn quoted_string(input: &str) -> PResult<'_, &str> {
    let open = context("a quoted string", char('"'));
    recognize((open, many0_count(qcontent), cut(closing_quote))).parse(input)
}

/// `Local-part = Dot-string / Quoted-string` (RFC 5321 §4.1.2), as sent.
pub(crate) fn local_part(input: &str) -> PResult<'_, &str> {
    alt((quoted_string, dot_string)).parse(input)
}

/// `Mailbox = Local-part "@" ( Domain / address-literal )` (RFC 5321 §4.1.2): the
/// local part as sent and the host. A mailbox that fails stops all alternatives.
pub(crate) fn mailbox(input: &str) -> PResult<'_, (&str, Host<'_>)> {
    let at = context("'@' and a domain", char('@'));
    cut((local_part, at, domain_or_literal))
        .map(|(local, _, host)| (local, host))
        .parse(input)
}

/// `Snum = 1*3DIGIT`, a decimal value from 0 to 255 (RFC 5321 §4.1.3); leading
/// zeros are digits like any other.
fn snum(input: &str) -> PResult<'_, u8> {
    map_opt(
        digit1,
        |d: &str| {
            if d.len() <= 3 { d.parse().ok() } else { None }
        },
    )
    .parse(input)
}

/// `IPv4-address-literal = Snum 3("." Snum)` (RFC 5321 §4.1.3).
pub(crate) fn ipv4_address_literal(input: &str) -> PResult<'_, Ipv4Addr> {
    let dot = || char('.');
    (snum, dot(), snum, dot(), snum, dot(), snum)
        .map(|(a, _, b, _, c, _, d)| Ipv4Addr::new(a, b, c, d))
        .parse(input)
}

/// `IPv6-hex = 1*4HEXDIG` (RFC 5321 §4.1.3).
fn ipv6_hex(input: &str) -> PResult<'_, u16> {
    map_opt(take_while_m_n(1, 4, |c: char| c.is_ascii_hexdigit()), |h| {
        u16::from_str_radix(h, 16).ok()
    })
    .parse(input)
}

/// Up to eight 16-bit groups, in order.
#[derive(Clone, Copy, Default)]
struct Groups {
    g: [u16; 8],
    n: usize,
}

impl Groups {
    fn push(mut self, h: u16) -> Self {
        if let Some(slot) = self.g.get_mut(self.n) {
            *slot = h;
        }
        self.n += 1;
        self
    }
}

/// `[IPv6-hex *n(":" IPv6-hex)]` with `n = max - 1`: up to `max` groups separated by
/// single colons; a `::` is left unread.
fn hex_groups<'a>(max: usize) -> impl Parser<&'a str, Output = Groups, Error = PErr<'a>> {
    let rest = move |first: u16| {
        let next = preceded(char(':'), ipv6_hex);
        fold_many_m_n(
            0,
            max - 1,
            next,
            move || Groups::default().push(first),
            Groups::push,
        )
    };
    opt(ipv6_hex.flat_map(rest)).map(Option::unwrap_or_default)
}

/// The groups of a compressed form: `head`, then zeros, then `tail`, then the
/// `tail_end` groups the caller fills (an IPv4 address); `None` unless the `::`
/// stands for at least 2 groups, so at most `most` groups besides it (RFC 5321
/// §4.1.3).
fn expand(head: Groups, tail: Groups, most: usize, tail_end: usize) -> Option<[u16; 8]> {
    if head.n + tail.n > most {
        return None;
    }
    let mut g = [0u16; 8];
    g[..head.n].copy_from_slice(&head.g[..head.n]);
    let start = 8 - tail_end - tail.n;
    g[start..8 - tail_end].copy_from_slice(&tail.g[..tail.n]);
    Some(g)
}

/// An IPv4 address as the last two groups of `g`.
fn with_v4(mut g: [u16; 8], v4: Ipv4Addr) -> Ipv6Addr {
    let [a, b, c, d] = v4.octets();
    g[6] = u16::from_be_bytes([a, b]);
    g[7] = u16::from_be_bytes([c, d]);
    Ipv6Addr::from(g)
}

/// `IPv6-full = IPv6-hex 7(":" IPv6-hex)` (RFC 5321 §4.1.3).
fn ipv6_full(input: &str) -> PResult<'_, Ipv6Addr> {
    let mut g = [0u16; 8];
    let (rest, first) = ipv6_hex(input)?;
    let (rest, ()) = fill(preceded(char(':'), ipv6_hex), &mut g[1..]).parse(rest)?;
    g[0] = first;
    Ok((rest, Ipv6Addr::from(g)))
}

/// `IPv6-comp = [IPv6-hex *5(":" IPv6-hex)] "::" [IPv6-hex *5(":" IPv6-hex)]`, no
/// more than 6 groups in addition to the `::` (RFC 5321 §4.1.3).
fn ipv6_comp(input: &str) -> PResult<'_, Ipv6Addr> {
    map_opt(
        (hex_groups(6), tag("::"), hex_groups(6)),
        |(head, _, tail)| expand(head, tail, 6, 0).map(Ipv6Addr::from),
    )
    .parse(input)
}

/// `IPv6v4-full = IPv6-hex 5(":" IPv6-hex) ":" IPv4-address-literal` (RFC 5321
/// §4.1.3).
fn ipv6v4_full(input: &str) -> PResult<'_, Ipv6Addr> {
    let mut g = [0u16; 8];
    let (rest, first) = ipv6_hex(input)?;
    let (rest, ()) = fill(preceded(char(':'), ipv6_hex), &mut g[1..6]).parse(rest)?;
    let (rest, v4) = preceded(char(':'), ipv4_address_literal).parse(rest)?;
    g[0] = first;
    Ok((rest, with_v4(g, v4)))
}

/// `IPv6v4-comp = [IPv6-hex *3(":" IPv6-hex)] "::" [IPv6-hex *3(":" IPv6-hex) ":"]
/// IPv4-address-literal`, no more than 4 groups in addition to the `::` and the
/// IPv4 address (RFC 5321 §4.1.3).
fn ipv6v4_comp(input: &str) -> PResult<'_, Ipv6Addr> {
    let tail = fold_many_m_n(
        0,
        4,
        terminated(ipv6_hex, char(':')),
        Groups::default,
        Groups::push,
    );
    map_opt(
        (hex_groups(4), tag("::"), tail, ipv4_address_literal),
        |(head, _, tail, v4)| expand(head, tail, 4, 2).map(|g| with_v4(g, v4)),
    )
    .parse(input)
}

/// `IPv6-addr = IPv6-full / IPv6-comp / IPv6v4-full / IPv6v4-comp` (RFC 5321
/// §4.1.3). The forms share prefixes, so each must be the whole address (no hex
/// digit, `:` or `.` after it), and the IPv4 forms, the longer, are tried first.
pub(crate) fn ipv6_addr(input: &str) -> PResult<'_, Ipv6Addr> {
    let whole = || not(satisfy(|c| c.is_ascii_hexdigit() || c == ':' || c == '.'));
    alt((
        terminated(ipv6v4_full, whole()),
        terminated(ipv6_full, whole()),
        terminated(ipv6v4_comp, whole()),
        terminated(ipv6_comp, whole()),
    ))
    .parse(input)
}

/// `IPv6-address-literal = "IPv6:" IPv6-addr` (RFC 5321 §4.1.3); the tag commits.
fn ipv6_address_literal(input: &str) -> PResult<'_, Ipv6Addr> {
    preceded(
        tag_no_case("IPv6:"),
        cut(context("an IPv6 address", ipv6_addr)),
    )
    .parse(input)
}

/// `Standardized-tag = Ldh-str` (RFC 5321 §4.1.3): letters, digits and `-`, not
/// ending in `-`.
fn standardized_tag(input: &str) -> PResult<'_, &str> {
    let ldh = take_while1(|c: char| c.is_ascii_alphanumeric() || c == '-');
    verify(ldh, |t: &str| !t.ends_with('-')).parse(input)
}

/// `General-address-literal = Standardized-tag ":" 1*dcontent` (RFC 5321 §4.1.3);
/// the colon commits.
fn general_address_literal(input: &str) -> PResult<'_, (&str, &str)> {
    let dcontent = take_while1(|c: char| c.is_ascii() && DCONTENT.has(c as u8));
    separated_pair(
        standardized_tag,
        char(':'),
        cut(context("a general address literal", dcontent)),
    )
    .parse(input)
}

/// `address-literal = "[" ( IPv4-address-literal / IPv6-address-literal /
/// General-address-literal ) "]"` (RFC 5321 §4.1.3). Past the `[` it has committed:
/// a literal that is none of the three is reported as a bad IPv4 address, the form
/// a literal without a tag has.
pub(crate) fn address_literal(input: &str) -> PResult<'_, Literal<'_>> {
    let inner = |i| {
        let found = alt((
            ipv6_address_literal.map(Literal::V6),
            ipv4_address_literal.map(Literal::V4),
            general_address_literal.map(|(tag, content)| Literal::General(tag, content)),
        ))
        .parse(i);
        match found {
            Err(nom::Err::Error(_)) => fail(i, DecodeErrorKind::Syntax("an IPv4 address")),
            other => other,
        }
    };
    delimited(
        context("an address literal", char('[')),
        inner,
        cut(context("a closing ']'", char(']'))),
    )
    .parse(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Domain, Mailbox};

    fn v6(text: &str) -> Option<Ipv6Addr> {
        match address_literal(&format!("[IPv6:{text}]")) {
            Ok(("", Literal::V6(a))) => Some(a),
            _ => None,
        }
    }

    /// Every IPv6 form of RFC 5321 §4.1.3 with its group counts at the limits, and
    /// the same value std reads from it.
    #[test]
    fn ipv6_literals_of_every_form() {
        for ok in [
            // IPv6-full: 8 groups of 1 to 4 hex digits
            "2001:db8:0:0:0:0:0:1",
            "ffff:FFFF:0:a:B:c:D:e",
            // IPv6-comp: up to 6 groups besides the "::"
            "::",
            "::1",
            "1::",
            "2001:db8::1",
            "1:2:3:4:5:6::",
            "::1:2:3:4:5:6",
            "1:2:3::4:5:6",
            // IPv6v4-full: 6 groups and an IPv4 address
            "0:0:0:0:0:ffff:192.0.2.1",
            // IPv6v4-comp: up to 4 groups besides the "::" and the IPv4 address
            "::192.0.2.1",
            "::ffff:192.0.2.1",
            "1:2:3:4::192.0.2.1",
            "::1:2:3:4:192.0.2.1",
            "1:2::3:4:192.0.2.1",
        ] {
            let want: Ipv6Addr = ok.parse().unwrap();
            assert_eq!(v6(ok), Some(want), "{ok}");
        }
        // an IPv4 part's Snum may have leading zeros (std refuses them)
        assert_eq!(v6("::ffff:192.000.002.001"), v6("::ffff:192.0.2.1"));
        for bad in [
            "",
            ":",
            ":::",
            "1",
            "1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:8:9",
            "12345::",
            "g::",
            "1::2::3",
            ":1::",
            "1::2:",
            "1:2:3:4:5:6:1.2.3",
            "1:2:3:4:5:6:7:1.2.3.4",
            "::1.2.3.256",
            "::1.2.3.4:5",
            "::1.2.3.4.5",
        ] {
            assert_eq!(v6(bad), None, "{bad}");
        }
        // std reads these, but a "::" must stand for at least 2 groups: no more than
        // 6 groups (4 with an IPv4 address) besides it (RFC 5321 §4.1.3)
        for too_many in [
            "1:2:3:4:5:6:7::",
            "::1:2:3:4:5:6:7",
            "1::2:3:4:5:6:7",
            "1:2:3:4:5::1.2.3.4",
            "::1:2:3:4:5:1.2.3.4",
        ] {
            assert!(too_many.parse::<Ipv6Addr>().is_ok(), "{too_many}");
            assert_eq!(v6(too_many), None, "{too_many}");
        }
    }

    #[test]
    fn ipv4_and_general_literals() {
        let v4 = |t: &str| match address_literal(t) {
            Ok(("", Literal::V4(a))) => Some(a),
            _ => None,
        };
        assert_eq!(v4("[192.0.2.1]"), Some(Ipv4Addr::new(192, 0, 2, 1)));
        assert_eq!(v4("[0.0.0.0]"), Some(Ipv4Addr::UNSPECIFIED));
        assert_eq!(v4("[255.255.255.255]"), Some(Ipv4Addr::BROADCAST));
        // `Snum = 1*3DIGIT`: leading zeros are digits
        assert_eq!(v4("[010.001.000.255]"), Some(Ipv4Addr::new(10, 1, 0, 255)));
        for bad in [
            "[1.2.3.256]",
            "[1.2.3.0001]",
            "[1.2.3]",
            "[1.2.3.4.5]",
            "[.1.2.3]",
        ] {
            assert_eq!(v4(bad), None, "{bad}");
        }
        let Ok(("", Literal::General(tag, content))) = address_literal("[x-Tag9:a+b=c!~]") else {
            panic!("a general literal")
        };
        assert_eq!((tag, content), ("x-Tag9", "a+b=c!~"));
        assert!(matches!(
            address_literal("[ipv6:::1]"),
            Ok(("", Literal::V6(_)))
        ));
        // each failure says what it expected and where
        let err = |t: &'static str| Domain::parse(t).unwrap_err();
        for (text, offset, what) in [
            ("[1.2.3]", 1, "an IPv4 address"),
            ("[abc]", 1, "an IPv4 address"),
            ("[1.2.3.4", 8, "a closing ']'"),
            ("[1.2.3.4x]", 8, "a closing ']'"),
            ("[x-:a]", 1, "an IPv4 address"),
            ("[tag:]", 5, "a general address literal"),
            ("[tag:a[b]", 6, "a closing ']'"),
            ("[IPv6:zz]", 6, "an IPv6 address"),
            ("[IPv6:1:2:3:4:5:6:7::]", 6, "an IPv6 address"),
        ] {
            let e = err(text);
            assert_eq!(
                (e.offset, e.kind),
                (offset, DecodeErrorKind::Syntax(what)),
                "{text}"
            );
        }
    }

    #[test]
    fn local_parts_and_their_errors() {
        for (text, len) in [
            ("a.b.c@", 5),
            ("a.@", 1),
            ("\"a b\\\"c\"@", 8),
            ("\"\"@", 2),
            ("用户.x@", 8),
        ] {
            assert_eq!(
                local_part(text).map(|(r, _)| text.len() - r.len()).ok(),
                Some(len),
                "{text}"
            );
        }
        for (text, offset, what) in [
            (".a@b", 0, "an atom"),
            ("@b", 0, "an atom"),
            ("\"a\u{1}\"@b", 2, "quoted text"),
            ("\"a\\\u{1}\"@b", 2, "a quoted pair"),
            ("\"abc", 4, "a closing quote"),
            ("a b@c", 1, "'@' and a domain"),
            ("a@", 2, "a domain label"),
        ] {
            let e = Mailbox::parse(text).unwrap_err();
            assert_eq!(
                (e.offset, e.kind),
                (offset, DecodeErrorKind::Syntax(what)),
                "{text:?}"
            );
        }
    }
}
