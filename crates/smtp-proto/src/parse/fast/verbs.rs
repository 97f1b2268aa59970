//! The short command lines: `DATA`, `RSET`, `QUIT`, `STARTTLS`, `NOOP`, `HELP`,
//! `VRFY`, `BDAT`, `EHLO`/`HELO`/`LHLO` (a domain name or an IPv4 literal) and `AUTH`.

use std::net::Ipv4Addr;

use mail_proto_core::sasl::Mechanism;

use super::mail::DOMAIN_PLAIN;
use super::{ascii, dotted, line_end, verb};
use crate::grammar::{ByteClass, digits};
use crate::parse::starts_with_fold;
use crate::types::{Command, Domain, DomainName, HelloKind, InitialResponse, Text};

/// The bytes of a VRFY, NOOP or HELP argument (`is_text_arg`): tab, printable ASCII
/// and every non-ASCII byte (checked as UTF-8 afterwards).
const TEXT: ByteClass = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = i == 9 || (i >= 0x20 && i != 0x7f);
        i += 1;
    }
    ByteClass(t)
};

/// `base64` characters and `=` (`is_initial_response`).
const BASE64: ByteClass = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=';
        i += 1;
    }
    ByteClass(t)
};

/// Every verb but MAIL, RCPT and AUTH, its first four bytes folded in `word`.
#[inline]
pub(super) fn other(word: u32, input: &[u8], max: usize) -> Option<(Command<'_>, usize)> {
    if let Some(len) = line_end(input, 4, max) {
        return bare(word).map(|cmd| (cmd, len));
    }
    match word {
        w if w == verb(b"noop") => text(input, max).map(|(t, n)| (Command::Noop(Some(t)), n)),
        w if w == verb(b"help") => text(input, max).map(|(t, n)| (Command::Help(Some(t)), n)),
        w if w == verb(b"vrfy") => {
            let (text, len) = text(input, max)?;
            Some((Command::Vrfy(text), len))
        }
        w if w == verb(b"bdat") => bdat(input, max),
        w if w == verb(b"ehlo") => hello(HelloKind::Ehlo, input, max),
        w if w == verb(b"helo") => hello(HelloKind::Helo, input, max),
        w if w == verb(b"lhlo") => hello(HelloKind::Lhlo, input, max),
        w if w == verb(b"star") => {
            if !starts_with_fold(input.get(4..)?, b"TTLS") {
                return None;
            }
            Some((Command::StartTls, line_end(input, 8, max)?))
        }
        _ => None,
    }
}

/// A four-letter verb alone on its line: `DATA`, `QUIT`, `RSET`, `NOOP`, `HELP`.
#[inline(always)]
pub(super) fn bare(word: u32) -> Option<Command<'static>> {
    Some(match word {
        w if w == verb(b"data") => Command::Data,
        w if w == verb(b"quit") => Command::Quit,
        w if w == verb(b"rset") => Command::Rset,
        w if w == verb(b"noop") => Command::Noop(None),
        w if w == verb(b"help") => Command::Help(None),
        _ => return None,
    })
}

/// `SP String` after a four-letter verb: the text and the line's length.
#[inline]
fn text(input: &[u8], max: usize) -> Option<(Text<'_>, usize)> {
    if input.get(4) != Some(&b' ') {
        return None;
    }
    let len = TEXT.run(input.get(5..)?);
    if len == 0 {
        return None;
    }
    let end = 5 + len;
    let line = line_end(input, end, max)?;
    let arg = std::str::from_utf8(&input[5..end]).ok()?;
    Some((Text::new_unchecked(arg), line))
}

/// `"BDAT" SP chunk-size [ SP end-marker ] CRLF` (RFC 3030 §2).
#[inline]
fn bdat(input: &[u8], max: usize) -> Option<(Command<'_>, usize)> {
    if input.get(4) != Some(&b' ') {
        return None;
    }
    let rest = input.get(5..)?;
    let count = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let size = digits(&rest[..count])?;
    let end = 5 + count;
    if let Some(len) = line_end(input, end, max) {
        return Some((Command::Bdat { size, last: false }, len));
    }
    if !starts_with_fold(&input[end..], b" LAST") {
        return None;
    }
    let len = line_end(input, end + 5, max)?;
    Some((Command::Bdat { size, last: true }, len))
}

/// `"EHLO" SP Domain CRLF` and the like, for a plain ASCII domain name or an IPv4
/// address literal.
#[inline]
fn hello(kind: HelloKind, input: &[u8], max: usize) -> Option<(Command<'_>, usize)> {
    if input.get(4) != Some(&b' ') {
        return None;
    }
    if input.get(5) == Some(&b'[') {
        let (addr, end) = ipv4_literal(input, 5)?;
        let len = line_end(input, end, max)?;
        let domain = Domain::Ipv4(addr);
        return Some((Command::Hello { kind, domain }, len));
    }
    let end = dotted(input, 5, &DOMAIN_PLAIN, b'\r', true)?;
    let len = line_end(input, end, max)?;
    let name = DomainName::new_unchecked(ascii(&input[5..end])?);
    let domain = Domain::Name(name);
    Some((Command::Hello { kind, domain }, len))
}

/// `"[" IPv4-address-literal "]"` (RFC 5321 §4.1.3) at `open`, the `[`: the address
/// and the index after `]`. The inside runs to the first `]` and is read by std's
/// parser, which takes a subset of the general rule's literals (it refuses the
/// leading zeros `Snum = 1*3DIGIT` allows): those are declined, and the general path
/// reads them; every literal std reads, the general rule reads alike.
#[inline]
fn ipv4_literal(input: &[u8], open: usize) -> Option<(Ipv4Addr, usize)> {
    // "255.255.255.255" is 15 bytes: a longer inside is not an IPv4 literal
    let inner = input.get(open + 1..)?;
    let len = inner.iter().take(16).position(|&b| b == b']')?;
    let addr: Ipv4Addr = ascii(&inner[..len])?.parse().ok()?;
    Some((addr, open + len + 2))
}

/// `"AUTH" SP sasl-mech [SP initial-response] CRLF` (RFC 4954 §4) for the common
/// mechanisms, matched exactly, and a base64 response.
#[inline]
pub(super) fn auth(input: &[u8], max: usize) -> Option<(Command<'_>, usize)> {
    let rest = input.get(4..)?;
    let (mechanism, name_len) = if starts_with_fold(rest, b" PLAIN") {
        (Mechanism::Plain, 6)
    } else if starts_with_fold(rest, b" LOGIN") {
        (Mechanism::Login, 6)
    } else if starts_with_fold(rest, b" XOAUTH2") {
        (Mechanism::XOAuth2, 8)
    } else {
        return None;
    };
    let end = 4 + name_len;
    match input.get(end)? {
        b'\r' => {
            let len = line_end(input, end, max)?;
            let cmd = Command::Auth {
                mechanism,
                initial_response: None,
            };
            Some((cmd, len))
        }
        b' ' => {
            let start = end + 1;
            let ir_len = BASE64.run(&input[start..]);
            if ir_len == 0 {
                return None;
            }
            let len = line_end(input, start + ir_len, max)?;
            let ir = ascii(&input[start..start + ir_len])?;
            let cmd = Command::Auth {
                mechanism,
                initial_response: Some(InitialResponse::new_unchecked(ir)),
            };
            Some((cmd, len))
        }
        _ => None,
    }
}
