//! `Mail-parameters` and `Rcpt-parameters` (RFC 5321 §4.1.2):
//! `esmtp-param = esmtp-keyword ["=" esmtp-value]`, separated by single spaces.

use std::borrow::Cow;

use super::address::mailbox;
use super::{PErr, PResult, eq_fold, fail, number, split_at};
use crate::error::DecodeErrorKind;
use crate::grammar::{ESMTP_VALUE, is_keyword, keyword_len};
use crate::types::{
    Body, By, ByMode, EnvId, EsmtpValue, HoldFor, MailParams, MtPriority, Notify, Orcpt, Param,
    RcptParams, Ret, Rrvs, RrvsAction, xtext_decode,
};

/// One raw `esmtp-param`: keyword and optional value, as text.
/// `esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")`,
/// `esmtp-value = 1*(%d33-60 / %d62-126 / UTF8-non-ascii)`.
fn esmtp_param(input: &str) -> PResult<'_, (&str, Option<&str>)> {
    let b = input.as_bytes();
    let klen = keyword_len(b);
    if klen == 0 {
        return fail(input, DecodeErrorKind::Syntax("a parameter keyword"));
    }
    let (keyword, rest) = split_at(input, klen)?;
    let Some(value) = rest.strip_prefix('=') else {
        return Ok((rest, (keyword, None)));
    };
    let vlen = ESMTP_VALUE.run(value.as_bytes());
    if vlen == 0 {
        return fail(value, DecodeErrorKind::Syntax("a parameter value"));
    }
    let (v, rest) = split_at(value, vlen)?;
    Ok((rest, (keyword, Some(v))))
}

/// Splits `*(SP esmtp-param)` and hands each parameter to `each`, which returns false
/// for a duplicate.
fn params<'a>(
    mut input: &'a str,
    mut each: impl FnMut(&'a str, &'a str, Option<&'a str>) -> PResult<'a, bool>,
) -> PResult<'a, ()> {
    while !input.is_empty() {
        let Some(at) = input.strip_prefix(' ') else {
            return fail(input, DecodeErrorKind::Syntax("a space before a parameter"));
        };
        let (rest, (keyword, value)) = esmtp_param(at)?;
        if !each(at, keyword, value)?.1 {
            return fail(
                at,
                DecodeErrorKind::DuplicateParameter(keyword.to_ascii_uppercase()),
            );
        }
        input = rest;
    }
    Ok((input, ()))
}

fn invalid<'a, T>(at: &'a str, keyword: &str) -> PResult<'a, T> {
    fail(
        at,
        DecodeErrorKind::InvalidParameter(keyword.to_ascii_uppercase()),
    )
}

fn no_value<'a>(at: &'a str, keyword: &str, value: Option<&str>) -> PResult<'a, ()> {
    match value {
        None => Ok((at, ())),
        Some(_) => invalid(at, keyword),
    }
}

fn need<'a, 'v>(at: &'a str, keyword: &str, value: Option<&'v str>) -> PResult<'a, &'v str> {
    match value {
        Some(v) => Ok((at, v)),
        None => invalid(at, keyword),
    }
}

/// A whole-value number with at most `digits` digits.
fn whole_number<'a>(at: &'a str, keyword: &str, v: &str, digits: usize) -> PResult<'a, u64> {
    match number(v, digits) {
        Ok(("", n)) => Ok((at, n)),
        Err(nom::Err::Failure(e)) if e.kind == DecodeErrorKind::NumberOverflow => {
            fail(at, DecodeErrorKind::NumberOverflow)
        }
        _ => invalid(at, keyword),
    }
}

fn or_invalid<'a, T>(
    value: Option<T>,
    at: &'a str,
    keyword: &str,
) -> Result<T, nom::Err<PErr<'a>>> {
    match value {
        Some(v) => Ok(v),
        None => Err(nom::Err::Failure(PErr {
            rest: at.as_bytes(),
            kind: DecodeErrorKind::InvalidParameter(keyword.to_ascii_uppercase()),
        })),
    }
}

/// Upper-cases a short token into `buf` without allocating; longer tokens give `b""`.
fn upper<'b>(token: &str, buf: &'b mut [u8; 16]) -> &'b [u8] {
    upper_bytes(token.as_bytes(), buf)
}

fn upper_bytes<'b>(token: &[u8], buf: &'b mut [u8; 16]) -> &'b [u8] {
    if token.len() > buf.len() {
        return b"";
    }
    // a per-byte loop, not copy_from_slice: a short variable-length copy is a call
    for (d, s) in buf.iter_mut().zip(token) {
        *d = s.to_ascii_uppercase();
    }
    &buf[..token.len()]
}

/// Keeps a parameter this crate has no field for, as sent.
fn other<'a>(list: &mut Vec<Param<'a>>, keyword: &'a str, value: Option<&'a str>) -> bool {
    list.push(Param::new_unchecked(keyword, value));
    true
}

fn set<T>(slot: &mut Option<T>, value: T) -> bool {
    if slot.is_some() {
        return false;
    }
    *slot = Some(value);
    true
}

fn flag(slot: &mut bool) -> bool {
    !std::mem::replace(slot, true)
}

/// `Mail-parameters` with SIZE (RFC 1870), BODY (RFC 6152, 3030), SMTPUTF8 (RFC 6531),
/// RET and ENVID (RFC 3461), AUTH (RFC 4954), REQUIRETLS (RFC 8689), MT-PRIORITY
/// (RFC 6710), HOLDFOR and HOLDUNTIL (RFC 4865), BY (RFC 2852).
pub(crate) fn mail_parameters(input: &str) -> PResult<'_, MailParams<'_>> {
    let mut p = MailParams::default();
    let (rest, ()) = params(input, |at, k, v| {
        let fresh = match upper(k, &mut [0; 16]) {
            b"SIZE" => {
                let n = whole_number(at, k, need(at, k, v)?.1, 20)?.1;
                set(&mut p.size, n)
            }
            b"BODY" => {
                let body = or_invalid(body_value(need(at, k, v)?.1.as_bytes()), at, k)?;
                set(&mut p.body, body)
            }
            b"SMTPUTF8" => no_value(at, k, v).map(|_| flag(&mut p.smtputf8))?,
            b"REQUIRETLS" => no_value(at, k, v).map(|_| flag(&mut p.requiretls))?,
            b"RET" => {
                let ret = or_invalid(ret_value(need(at, k, v)?.1.as_bytes()), at, k)?;
                set(&mut p.ret, ret)
            }
            b"ENVID" => {
                let v = need(at, k, v)?.1;
                match xtext_decode(v) {
                    Some(d) if d.len() <= EnvId::MAX_LEN => set(&mut p.envid, EnvId(d)),
                    _ => return invalid(at, k),
                }
            }
            b"AUTH" => {
                let v = need(at, k, v)?.1;
                let value = if v == "<>" {
                    None
                } else {
                    let Some(decoded) = xtext_decode(v) else {
                        return invalid(at, k);
                    };
                    Some(or_invalid(auth_mailbox(decoded), at, k)?)
                };
                set(&mut p.rare_mut().auth, value)
            }
            b"MT-PRIORITY" => {
                let v = need(at, k, v)?.1;
                let (neg, digits) = match v.as_bytes().first() {
                    Some(b'-') => (true, &v[1..]),
                    Some(b'+') => (false, &v[1..]),
                    _ => (false, v),
                };
                let n = whole_number(at, k, digits, 1)?.1 as i8;
                let prio = or_invalid(MtPriority::new(if neg { -n } else { n }), at, k)?;
                set(&mut p.rare_mut().mt_priority, prio)
            }
            b"HOLDFOR" => {
                let n = whole_number(at, k, need(at, k, v)?.1, 9)?.1 as u32;
                set(
                    &mut p.rare_mut().hold_for,
                    or_invalid(HoldFor::new(n), at, k)?,
                )
            }
            b"HOLDUNTIL" => {
                let until = EsmtpValue::new_unchecked(need(at, k, v)?.1);
                set(&mut p.rare_mut().hold_until, until)
            }
            b"BY" => {
                let by = or_invalid(by_value(need(at, k, v)?.1), at, k)?;
                set(&mut p.rare_mut().by, by)
            }
            _ => other(&mut p.rare_mut().other, k, v),
        };
        Ok((at, fresh))
    })?;
    Ok((rest, p))
}

/// The AUTH= value is an xtext-encoded mailbox.
fn auth_mailbox(decoded: Cow<'_, str>) -> Option<crate::types::Mailbox<'_>> {
    match decoded {
        Cow::Borrowed(s) => match mailbox(s) {
            Ok(("", m)) => Some(m),
            _ => None,
        },
        Cow::Owned(s) => match mailbox(&s) {
            Ok(("", m)) => Some(m.into_owned()),
            _ => None,
        },
    }
}

/// `by-value = by-time ";" by-mode [by-trace]`, `by-time = ["-" / "+"] 1*9digit`.
fn by_value(v: &str) -> Option<By> {
    let (time, mode) = v.split_once(';')?;
    let (neg, digits) = match time.as_bytes().first()? {
        b'-' => (true, &time[1..]),
        b'+' => (false, &time[1..]),
        _ => (false, time),
    };
    let n = match number(digits, 9) {
        Ok(("", n)) => n as i32,
        _ => return None,
    };
    let (mode, trace) = match upper(mode, &mut [0; 16]) {
        b"N" => (ByMode::Notify, false),
        b"R" => (ByMode::Return, false),
        b"NT" => (ByMode::Notify, true),
        b"RT" => (ByMode::Return, true),
        _ => return None,
    };
    By::new(if neg { -n } else { n }, mode, trace)
}

/// `Rcpt-parameters` with NOTIFY and ORCPT (RFC 3461) and RRVS (RFC 7293).
pub(crate) fn rcpt_parameters(input: &str) -> PResult<'_, RcptParams<'_>> {
    let mut p = RcptParams::default();
    let (rest, ()) = params(input, |at, k, v| {
        let fresh = match upper(k, &mut [0; 16]) {
            b"NOTIFY" => {
                let n = or_invalid(notify(need(at, k, v)?.1.as_bytes()), at, k)?;
                set(&mut p.notify, n)
            }
            b"ORCPT" => {
                let v = need(at, k, v)?.1;
                let Some((addr_type, addr)) = v.split_once(';') else {
                    return invalid(at, k);
                };
                let type_ok = is_keyword(addr_type.as_bytes());
                match xtext_decode(addr) {
                    Some(addr) if type_ok && !addr.is_empty() => set(
                        &mut p.orcpt,
                        Orcpt {
                            addr_type: Cow::Borrowed(addr_type),
                            addr,
                        },
                    ),
                    _ => return invalid(at, k),
                }
            }
            b"RRVS" => {
                let v = need(at, k, v)?.1;
                let (time, action) = match v.split_once(';') {
                    Some((t, "C" | "c")) => (t, Some(RrvsAction::Continue)),
                    Some((t, "R" | "r")) => (t, Some(RrvsAction::Reject)),
                    Some(_) => return invalid(at, k),
                    None => (v, None),
                };
                if time.is_empty() {
                    return invalid(at, k);
                }
                let time = EsmtpValue::new_unchecked(time);
                set(&mut p.rare_mut().rrvs, Rrvs { time, action })
            }
            _ => other(&mut p.rare_mut().other, k, v),
        };
        Ok((at, fresh))
    })?;
    Ok((rest, p))
}

/// `"NEVER" / 1#( "SUCCESS" / "FAILURE" / "DELAY" )`: NEVER stands alone, no repeats
/// (RFC 3461 §4.1). (Tokens are told apart by length first: this runs on the fast path.)
#[inline]
pub(crate) fn notify(v: &[u8]) -> Option<Notify> {
    if eq_fold(v, b"NEVER") {
        return Some(Notify::NEVER);
    }
    let mut n = Notify::default();
    for item in v.split(|b| *b == b',') {
        let slot = match item.len() {
            7 if eq_fold(item, b"SUCCESS") => &mut n.success,
            7 if eq_fold(item, b"FAILURE") => &mut n.failure,
            5 if eq_fold(item, b"DELAY") => &mut n.delay,
            _ => return None,
        };
        if std::mem::replace(slot, true) {
            return None;
        }
    }
    Some(n)
}

/// `BODY=` value: `7BIT / 8BITMIME / BINARYMIME` (RFC 6152, RFC 3030).
#[inline]
pub(crate) fn body_value(v: &[u8]) -> Option<Body> {
    match v.len() {
        8 if eq_fold(v, b"8BITMIME") => Some(Body::EightBitMime),
        4 if eq_fold(v, b"7BIT") => Some(Body::SevenBit),
        10 if eq_fold(v, b"BINARYMIME") => Some(Body::BinaryMime),
        _ => None,
    }
}

/// `RET=` value: `FULL / HDRS` (RFC 3461 §4.3).
#[inline]
pub(crate) fn ret_value(v: &[u8]) -> Option<Ret> {
    if eq_fold(v, b"FULL") {
        Some(Ret::Full)
    } else if eq_fold(v, b"HDRS") {
        Some(Ret::Headers)
    } else {
        None
    }
}
