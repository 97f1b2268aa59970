//! Paths and mailboxes (RFC 5321 §4.1.2, with the UTF-8 extensions of RFC 6531
//! §3.3), one nom function per ABNF rule. The rules they are made of that the
//! validating constructors in `types/` share (local parts, domains, address literals,
//! the mailbox rule itself) live in [`crate::grammar::address`], [`domain`] re-exported
//! here; this module builds the message types from what they read.

use nom::Parser;
use nom::bytes::complete::tag_no_case;
use nom::character::complete::char;
use nom::combinator::{opt, value};
use nom::error::context;
use nom::multi::separated_list1;
use nom::sequence::{delimited, preceded, terminated};

use super::PResult;
pub(crate) use crate::grammar::address::domain;
use crate::types::{Domain, ForwardPath, Mailbox, ReversePath};

/// `Domain / address-literal` (RFC 5321 §4.1.2), read by
/// [`crate::grammar::address::domain_or_literal`]: a literal by
/// [`crate::grammar::address::address_literal`] directly, a name by [`domain`].
pub(crate) fn domain_or_literal(input: &str) -> PResult<'_, Domain<'_>> {
    crate::grammar::address::domain_or_literal
        .map(Domain::from_host)
        .parse(input)
}

/// `Mailbox = Local-part "@" ( Domain / address-literal )` (RFC 5321 §4.1.2), read by
/// [`crate::grammar::address::mailbox`]. A mailbox that fails stops all alternatives.
pub(crate) fn mailbox(input: &str) -> PResult<'_, Mailbox<'_>> {
    crate::grammar::address::mailbox
        .map(|(local, host)| Mailbox::from_grammar(local, host))
        .parse(input)
}

/// `A-d-l = At-domain *( "," At-domain )`, `At-domain = "@" Domain` (RFC 5321
/// §4.1.2): a source route, accepted and ignored (Appendix C).
fn source_route(input: &str) -> PResult<'_, ()> {
    let at_domain = preceded(context("'@' in a source route", char('@')), domain);
    value((), separated_list1(char(','), at_domain)).parse(input)
}

/// `Path = "<" [ A-d-l ":" ] Mailbox ">"` (RFC 5321 §4.1.2).
pub(crate) fn path(input: &str) -> PResult<'_, Mailbox<'_>> {
    delimited(
        context("'<'", char('<')),
        preceded(opt(terminated(source_route, char(':'))), mailbox),
        context("'>'", char('>')),
    )
    .parse(input)
}

/// `Reverse-path = Path / "<>"` (RFC 5321 §4.1.2).
pub(crate) fn reverse_path(input: &str) -> PResult<'_, ReversePath<'_>> {
    if let Some(rest) = input.strip_prefix("<>") {
        return Ok((rest, ReversePath::Null));
    }
    path.map(ReversePath::Mailbox).parse(input)
}

/// `Forward-path = Path` (RFC 5321 §4.1.2), or `"<Postmaster>"` (any case) without a
/// domain (§4.1.1.3).
pub(crate) fn forward_path(input: &str) -> PResult<'_, ForwardPath<'_>> {
    let mut postmaster = value(ForwardPath::Postmaster, tag_no_case("<postmaster>"));
    let found: PResult<'_, ForwardPath<'_>> = postmaster.parse(input);
    match found {
        Ok(done) => Ok(done),
        Err(_) => path.map(ForwardPath::Mailbox).parse(input),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

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
        let (_, m) = path("<a@[x-tag:some+content]>").unwrap();
        assert!(
            matches!(m.domain(), Domain::General(g) if g.tag() == "x-tag" && g.content() == "some+content")
        );
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
            "<@a:b@c",
            "<@a,b@c>",
        ] {
            assert!(
                path(bad).is_err() || !path(bad).unwrap().0.is_empty(),
                "{bad:?}"
            );
        }
        assert!(Mailbox::parse("a@b\u{0}").is_err());
    }
}
