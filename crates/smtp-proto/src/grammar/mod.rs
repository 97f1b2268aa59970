//! The character classes and grammar rules of RFC 5321 and its extensions, one
//! definition per rule, shared by the validating constructors in `types/` and the
//! parsers in `parse/`, so a value a constructor accepts is exactly one the parser
//! reads back. Both depend on this module and neither on the other (`types → grammar
//! ← parse`). The rules with structure (local parts, domains, address literals,
//! mailboxes) are nom rules in [`address`], with the nom error type in [`nom`]; the
//! predicates and bridges here hand them on to `types/` as a [`Mismatch`].

pub(crate) mod address;
pub(crate) mod nom;

use self::address::Host;
use self::nom::{PResult, to_mismatch};

/// A 256-entry membership table for a byte class, built at compile time.
pub(crate) struct ByteClass(pub(crate) [bool; 256]);

impl ByteClass {
    /// True if `b` is in the class.
    #[inline]
    pub(crate) fn has(&self, b: u8) -> bool {
        self.0[usize::from(b)]
    }

    /// True if every byte of `s` is in the class.
    #[inline]
    pub(crate) fn all(&self, s: &[u8]) -> bool {
        self.run(s) == s.len()
    }

    /// Length of the longest prefix of `s` in the class.
    #[inline]
    pub(crate) fn run(&self, s: &[u8]) -> usize {
        s.iter().position(|b| !self.has(*b)).unwrap_or(s.len())
    }
}

/// `atext` (RFC 5322 §3.2.3) plus every non-ASCII byte (RFC 6531 `UTF8-non-ascii`).
pub(crate) const ATEXT: ByteClass = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric()
            || b >= 0x80
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'/'
                    | b'='
                    | b'?'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'{'
                    | b'|'
                    | b'}'
                    | b'~'
            );
        i += 1;
    }
    ByteClass(t)
};

/// `Let-dig` and `-` (RFC 5321 §4.1.2 `Ldh-str`), plus non-ASCII bytes for U-labels.
pub(crate) const LDH: ByteClass = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b >= 0x80 || b == b'-';
        i += 1;
    }
    ByteClass(t)
};

/// `esmtp-keyword` characters: `ALPHA / DIGIT / "-"` (RFC 5321 §4.1.2).
pub(crate) const KEYWORD: ByteClass = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'-';
        i += 1;
    }
    ByteClass(t)
};

/// `esmtp-value` characters: `%d33-60 / %d62-126` plus non-ASCII bytes (RFC 5321
/// §4.1.2, RFC 6531 §3.3).
pub(crate) const ESMTP_VALUE: ByteClass = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = matches!(i, 33..=60 | 62..=126 | 0x80..=0xff);
        i += 1;
    }
    ByteClass(t)
};

/// `dcontent = %d33-90 / %d94-126` (RFC 5321 §4.1.3), the content of a
/// General-address-literal.
pub(crate) const DCONTENT: ByteClass = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = matches!(i, 33..=90 | 94..=126);
        i += 1;
    }
    ByteClass(t)
};

/// Length of the `esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")` at the
/// start of `s`, 0 if there is none.
#[inline]
pub(crate) fn keyword_len(s: &[u8]) -> usize {
    if s.first().is_some_and(u8::is_ascii_alphanumeric) {
        KEYWORD.run(s)
    } else {
        0
    }
}

/// True if `s` is exactly an `esmtp-keyword` (also the shape of a DSN `addr-type`).
pub(crate) fn is_keyword(s: &[u8]) -> bool {
    !s.is_empty() && keyword_len(s) == s.len()
}

/// True if `s` is exactly an `esmtp-value = 1*(%d33-60 / %d62-126 / UTF8-non-ascii)`.
pub(crate) fn is_value(s: &[u8]) -> bool {
    !s.is_empty() && ESMTP_VALUE.all(s)
}

/// A place in the input where a rule failed, and what it expected there.
pub(crate) type Mismatch = (usize, &'static str);

/// True if `s` is exactly a `Local-part = Dot-string / Quoted-string` (the rule
/// [`address::local_part`]).
pub(crate) fn is_local_part(s: &str) -> bool {
    matches!(address::local_part(s), Ok(("", _)))
}

/// `rule` at the start of `s`: what it read and its length, or where it failed and
/// what it expected there.
fn at_start<'s, T>(
    s: &'s str,
    rule: fn(&'s str) -> PResult<'s, T>,
) -> Result<(T, usize), Mismatch> {
    match rule(s) {
        Ok((rest, found)) => Ok((found, s.len() - rest.len())),
        Err(e) => Err(to_mismatch(s, e)),
    }
}

/// `Domain / address-literal` at the start of `s` (the rule
/// [`address::domain_or_literal`]): the host and its length.
pub(crate) fn domain_or_literal(s: &str) -> Result<(Host<'_>, usize), Mismatch> {
    at_start(s, address::domain_or_literal)
}

/// `Mailbox = Local-part "@" ( Domain / address-literal )` at the start of `s` (the
/// rule [`address::mailbox`]): the local part as sent, the host, and the length.
pub(crate) fn mailbox(s: &str) -> Result<((&str, Host<'_>), usize), Mismatch> {
    at_start(s, address::mailbox)
}

/// Length of the `Domain = sub-domain *("." sub-domain)` at the start of `b`,
/// `sub-domain = Let-dig [Ldh-str]` (RFC 5321 §4.1.2; U-labels allowed, RFC 6531).
pub(crate) fn domain_len(b: &[u8]) -> Result<usize, Mismatch> {
    let mut i = 0;
    loop {
        if !b.get(i).is_some_and(|c| LDH.has(*c) && *c != b'-') {
            return Err((i, "a domain label"));
        }
        let start = i;
        i += LDH.run(&b[i..]);
        if b[i - 1] == b'-' {
            return Err((start, "a label not ending in '-'"));
        }
        if i + 1 < b.len() && b[i] == b'.' && LDH.has(b[i + 1]) && b[i + 1] != b'-' {
            i += 1;
        } else {
            return Ok(i);
        }
    }
}

/// True if `s` is exactly a `Domain`.
pub(crate) fn is_domain_name(s: &str) -> bool {
    domain_len(s.as_bytes()) == Ok(s.len())
}

/// `Standardized-tag = Ldh-str` (RFC 5321 §4.1.3): letters, digits and `-`, not
/// ending in `-`.
pub(crate) fn is_literal_tag(s: &str) -> bool {
    !s.is_empty() && KEYWORD.all(s.as_bytes()) && !s.ends_with('-')
}

/// `1*dcontent` (RFC 5321 §4.1.3).
pub(crate) fn is_literal_content(s: &str) -> bool {
    !s.is_empty() && DCONTENT.all(s.as_bytes())
}

/// A HELO/EHLO name outside the grammar that servers tolerate (RFC 5321 §4.1.4 lets a
/// server accept a name it cannot verify): one word of printable ASCII or UTF-8, no
/// space; may be empty (a bare `HELO`).
pub(crate) fn is_nonstandard_hello_name(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_graphic() || b >= 0x80)
}

/// An argument of VRFY, EXPN, HELP, NOOP or ETRN (`String = Atom / Quoted-string`,
/// taken as the rest of the line): non-empty printable text, tab allowed, UTF-8 allowed.
pub(crate) fn is_text_arg(s: &str) -> bool {
    !s.is_empty() && !s.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f)
}

/// The bytes that end or corrupt a line: `CR`, `LF`, `NUL`.
pub(crate) fn breaks_line(b: u8) -> bool {
    b == b'\r' || b == b'\n' || b == 0
}

/// Text that may sit inside a line as sent: no `CR`, `LF` or `NUL`.
pub(crate) fn is_line_safe(s: &str) -> bool {
    !s.bytes().any(breaks_line)
}

/// `textstring = 1*(%d09 / %d32-126)` of a reply (RFC 5321 §4.2; UTF-8 allowed,
/// RFC 6531), here possibly empty: no control character other than tab.
pub(crate) fn is_reply_text(s: &str) -> bool {
    !s.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f)
}

/// `xchar = %d33-42 / %d44-60 / %d62-126` (RFC 3461 §4): printable ASCII but `+`
/// and `=`.
pub(crate) const fn is_xchar(b: u8) -> bool {
    matches!(b, 33..=126) && b != b'+' && b != b'='
}

/// The longest `ORCPT` value, `addr-type ";" xtext` as sent: "The entire ORCPT
/// parameter MAY be up to 500 characters in length" (RFC 3461 §4.2), read as the
/// whole value, address type included, not just the address.
pub(crate) const ORCPT_MAX_LEN: usize = 500;

/// `initial-response = base64 / "="` (RFC 4954 §4).
pub(crate) fn is_initial_response(s: &str) -> bool {
    mail_proto_core::sasl::is_initial_response(s)
}

/// The verbs this crate parses into their own variants; an unknown command may not
/// use one, or it would read back as that command.
pub(crate) const KNOWN_VERBS: [&str; 16] = [
    "MAIL", "RCPT", "HELO", "EHLO", "LHLO", "DATA", "RSET", "QUIT", "STARTTLS", "NOOP", "HELP",
    "VRFY", "EXPN", "ETRN", "BDAT", "AUTH",
];

/// A command verb this crate has no variant for: printable ASCII, no space.
pub(crate) fn is_unknown_verb(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_graphic())
        && !KNOWN_VERBS.iter().any(|k| k.eq_ignore_ascii_case(s))
}

/// The value of an all-digit byte string, `None` if a byte is not a digit, the string
/// is empty, or the value does not fit a u64 (never wrapping).
#[inline]
pub(crate) fn digits(v: &[u8]) -> Option<u64> {
    if v.is_empty() || v.len() > 20 || !v.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let (head, tail) = v.split_at(v.len().min(19));
    // 19 digits always fit a u64; only a 20th can overflow
    let n = head.iter().fold(0u64, |n, &c| n * 10 + u64::from(c - b'0'));
    match tail {
        [] => Some(n),
        [c] => n.checked_mul(10)?.checked_add(u64::from(c - b'0')),
        _ => None,
    }
}

/// `status-code = class "." subject "." detail` at the start of reply text, followed by
/// a space or the end (RFC 3463 §2, RFC 2034 §4), when its class is `class`: the
/// three numbers and the text after it. A reply's first line that matches reads back
/// as an enhanced code, so a reply without one may not start so.
pub(crate) fn split_enhanced(text: &str, class: u8) -> Option<((u8, u16, u16), &str)> {
    let end = text.find(' ').unwrap_or(text.len());
    let mut parts = text[..end].split('.');
    let (c, s, d) = (parts.next()?, parts.next()?, parts.next()?);
    let short = |p: &str| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || c.len() != 1 || !short(c) || !short(s) || !short(d) {
        return None;
    }
    let numbers = (c.parse().ok()?, s.parse().ok()?, d.parse().ok()?);
    if numbers.0 != class || !matches!(class, 2 | 4 | 5) {
        return None;
    }
    let rest = &text[end..];
    Some((numbers, rest.strip_prefix(' ').unwrap_or(rest)))
}

/// The inside of an address literal, as the grammar reads it.
pub(crate) enum Literal<'s> {
    /// `IPv4-address-literal = Snum 3("." Snum)`.
    V4(std::net::Ipv4Addr),
    /// `IPv6-address-literal = "IPv6:" IPv6-addr`.
    V6(std::net::Ipv6Addr),
    /// `General-address-literal = Standardized-tag ":" 1*dcontent`.
    General(&'s str, &'s str),
}
