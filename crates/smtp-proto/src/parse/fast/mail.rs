//! `MAIL FROM:<...>` and `RCPT TO:<...>` with a plain ASCII address and the common
//! parameters: SIZE, BODY, SMTPUTF8, RET and ENVID on MAIL, NOTIFY and ORCPT on RCPT.

use std::borrow::Cow;

use super::{ascii, ascii_only, dotted, folded8_at, line_end};
use crate::error::DecodeError;
use crate::grammar::{
    ATEXT, ByteClass, ESMTP_VALUE, LDH, ORCPT_MAX_LEN, digits, is_keyword, keyword_len,
};
use crate::parse::eq_fold;
use crate::parse::params::{body_value, notify, ret_value};
use crate::types::{
    Command, EnvId, ForwardPath, MailParams, Mailbox, Orcpt, RcptParams, ReversePath, xtext_decode,
};
use mail_proto_core::Decoded;

/// ASCII `atext` (a Dot-string's characters other than the dot).
const LOCAL_PLAIN: ByteClass = ascii_only(&ATEXT);
/// ASCII letters, digits and `-` (a domain's characters other than the dot).
pub(super) const DOMAIN_PLAIN: ByteClass = ascii_only(&LDH);
/// `esmtp-value` bytes, ASCII only.
const VALUE: ByteClass = ascii_only(&ESMTP_VALUE);
/// `xchar` (RFC 3461 §4): xtext that needs no decoding.
const XTEXT_PLAIN: ByteClass = {
    let mut t = [false; 256];
    let mut i = 33;
    while i < 127 {
        t[i] = crate::grammar::is_xchar(i as u8);
        i += 1;
    }
    ByteClass(t)
};

/// `MAIL FROM:<...>` from the verb on (its first four bytes matched by the caller),
/// within `max` bytes: the command, built in
/// place in `out`, and its length; false (and `out` left incomplete) if declined.
#[inline]
pub(super) fn mail<'a>(
    input: &'a [u8],
    max: usize,
    out: &mut Decoded<Command<'a>, DecodeError>,
) -> bool {
    // the verb's four bytes are matched already; "MAIL FROM:<" is 0..11
    if !folded8_at(input, 3, b"L FROM:<") {
        return false;
    }
    let (from, next) = if input.get(11) == Some(&b'>') {
        (ReversePath::Null, 12)
    } else {
        let Some((m, next)) = address(input, 11) else {
            return false;
        };
        (ReversePath::Mailbox(m), next)
    };
    // build the command where it is returned and parse the parameters into it
    *out = Decoded::Complete {
        value: Command::Mail {
            from,
            params: MailParams::default(),
        },
        consumed: 0,
    };
    let Decoded::Complete {
        value: Command::Mail { params, .. },
        consumed,
    } = out
    else {
        return false;
    };
    match mail_params(input, next, params).and_then(|end| line_end(input, end, max)) {
        Some(len) => {
            *consumed = len;
            true
        }
        None => {
            *out = Decoded::Incomplete;
            false
        }
    }
}

/// `RCPT TO:<...>` from the verb on (its first four bytes matched by the caller),
/// within `max` bytes: the command, built in place
/// in `out`, and its length; false (and `out` left incomplete) if declined.
#[inline]
pub(super) fn rcpt<'a>(
    input: &'a [u8],
    max: usize,
    out: &mut Decoded<Command<'a>, DecodeError>,
) -> bool {
    // the verb's four bytes are matched already; "RCPT TO:<" is 0..9
    if !folded8_at(input, 1, b"CPT TO:<") {
        return false;
    }
    let Some((m, next)) = address(input, 9) else {
        return false;
    };
    *out = Decoded::Complete {
        value: Command::Rcpt {
            to: ForwardPath::Mailbox(m),
            params: RcptParams::default(),
        },
        consumed: 0,
    };
    let Decoded::Complete {
        value: Command::Rcpt { params, .. },
        consumed,
    } = out
    else {
        return false;
    };
    match rcpt_params(input, next, params).and_then(|end| line_end(input, end, max)) {
        Some(len) => {
            *consumed = len;
            true
        }
        None => {
            *out = Decoded::Incomplete;
            false
        }
    }
}

/// `Dot-string "@" Domain ">"` in ASCII from `start`; the mailbox and the index after `>`.
#[inline]
fn address(b: &[u8], start: usize) -> Option<(Mailbox<'_>, usize)> {
    let at = dotted(b, start, &LOCAL_PLAIN, b'@', false)?;
    let close = dotted(b, at + 1, &DOMAIN_PLAIN, b'>', true)?;
    // ASCII by now; one conversion of the address
    let text = ascii(b.get(start..close)?)?;
    let (local, domain) = (text.get(..at - start)?, text.get(at + 1 - start..)?);
    Some((Mailbox::from_parts_unchecked(local, domain), close + 1))
}

/// One parameter: keyword, value, and the index after it.
type RawParam<'a> = (&'a [u8], Option<&'a [u8]>, usize);

/// The next ` KEYWORD[=value]` from `i`.
#[inline(always)]
fn param(line: &[u8], i: usize) -> Option<RawParam<'_>> {
    let rest = line.get(i..)?.strip_prefix(b" ")?;
    let k_len = keyword_len(rest);
    if k_len == 0 {
        return None;
    }
    let keyword = &rest[..k_len];
    let k_end = i + 1 + k_len;
    match rest.get(k_len) {
        Some(b' ' | b'\r') => Some((keyword, None, k_end)),
        Some(b'=') => {
            let v_len = VALUE.run(&rest[k_len + 1..]);
            let v_end = k_end + 1 + v_len;
            let after = rest.get(k_len + 1 + v_len);
            if v_len == 0 || !matches!(after, Some(b' ' | b'\r')) {
                return None;
            }
            Some((keyword, Some(&line[k_end + 1..v_end]), v_end))
        }
        _ => None,
    }
}

/// An xtext value (already an ASCII `esmtp-value`), decoded: borrowed unless it holds
/// a `+XX` escape, exactly as [`xtext_decode`] gives it.
#[inline]
fn xtext(v: &[u8]) -> Option<Cow<'_, str>> {
    xtext_str(ascii(v)?)
}

/// [`xtext`] on text already converted.
#[inline]
fn xtext_str(text: &str) -> Option<Cow<'_, str>> {
    if XTEXT_PLAIN.all(text.as_bytes()) {
        return Some(Cow::Borrowed(text));
    }
    xtext_decode(text)
}

/// SIZE, BODY, SMTPUTF8, RET and ENVID; anything else goes to the general parser.
#[inline]
fn mail_params<'a>(line: &'a [u8], mut i: usize, p: &mut MailParams<'a>) -> Option<usize> {
    while *line.get(i)? != b'\r' {
        let (keyword, value, next) = param(line, i)?;
        match keyword.len() {
            4 if eq_fold(keyword, b"SIZE") && p.size.is_none() => {
                p.size = Some(digits(value?)?);
            }
            4 if eq_fold(keyword, b"BODY") && p.body.is_none() => {
                p.body = Some(body_value(value?)?);
            }
            8 if eq_fold(keyword, b"SMTPUTF8") && !p.smtputf8 && value.is_none() => {
                p.smtputf8 = true;
            }
            3 if eq_fold(keyword, b"RET") && p.ret.is_none() => {
                p.ret = Some(ret_value(value?)?);
            }
            5 if eq_fold(keyword, b"ENVID") && p.envid.is_none() => {
                let id = xtext(value?)?;
                if id.len() > EnvId::MAX_LEN {
                    return None;
                }
                p.envid = Some(EnvId(id));
            }
            _ => return None,
        }
        i = next;
    }
    Some(i)
}

/// NOTIFY and ORCPT; anything else goes to the general parser.
#[inline]
fn rcpt_params<'a>(line: &'a [u8], mut i: usize, p: &mut RcptParams<'a>) -> Option<usize> {
    while *line.get(i)? != b'\r' {
        let (keyword, value, next) = param(line, i)?;
        match keyword.len() {
            6 if eq_fold(keyword, b"NOTIFY") && p.notify.is_none() => {
                p.notify = Some(notify(value?)?);
            }
            5 if eq_fold(keyword, b"ORCPT") && p.orcpt.is_none() => {
                p.orcpt = Some(orcpt(value?)?);
            }
            _ => return None,
        }
        i = next;
    }
    Some(i)
}

/// `orcpt-value = addr-type ";" xtext` (RFC 3461 §4.2), split at the first `;`;
/// declined past its 500 octets, which the general parser refuses.
#[inline]
fn orcpt(v: &[u8]) -> Option<Orcpt<'_>> {
    if v.len() > ORCPT_MAX_LEN {
        return None;
    }
    let semi = v.iter().position(|b| *b == b';')?;
    // one conversion of the whole value; `;` is ASCII, so both halves are text
    let text = ascii(v)?;
    let (addr_type, addr) = (text.get(..semi)?, text.get(semi + 1..)?);
    if !is_keyword(addr_type.as_bytes()) {
        return None;
    }
    let addr = xtext_str(addr)?;
    if addr.is_empty() {
        return None;
    }
    Some(Orcpt {
        addr_type: Cow::Borrowed(addr_type),
        addr,
    })
}
