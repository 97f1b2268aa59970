//! The CAPA list (RFC 2449 §§5-6, RFC 2595 §4, RFC 3206 §6, RFC 5034 §3, RFC 6856).

use super::listing::body_lines;
use super::{PResult, expected, number, run, sp, word};
use crate::error::DecodeError;
use crate::types::{Atom, AuthMechanism, Capabilities, Capability, Expire, OtherCapability, Text};

/// The body of a CAPA response: `*capability` (RFC 2449 §3 `capa-resp`).
pub fn parse_capabilities(body: &[u8]) -> Result<Capabilities<'_>, DecodeError> {
    let mut list = Vec::new();
    for item in body_lines(body) {
        let (base, line) = item?;
        list.push(run(line, body, base, capability)?);
    }
    Ok(Capabilities::new(list))
}

/// One CAPA line, without its `CRLF`.
pub fn parse_capability(line: &str) -> Result<Capability<'_>, DecodeError> {
    run(line, line.as_bytes(), 0, capability)
}

/// `capability = capa-tag *(SP param)`, `capa-tag = 1*cchar` (RFC 2449 §3); the
/// tag is case-insensitive.
fn capability(line: &str) -> PResult<'_, Capability<'_>> {
    let (rest, tag) = word(line)?;
    let is = |t: &str| tag.eq_ignore_ascii_case(t);
    let simple = [
        ("TOP", Capability::Top),
        ("USER", Capability::User),
        ("RESP-CODES", Capability::RespCodes),
        ("PIPELINING", Capability::Pipelining),
        ("UIDL", Capability::Uidl),
        ("STLS", Capability::Stls),
        ("AUTH-RESP-CODE", Capability::AuthRespCode),
        ("LANG", Capability::Lang),
    ];
    for (name, cap) in simple {
        if is(name) && rest.is_empty() {
            return Ok((rest, cap));
        }
    }
    if is("SASL") {
        sasl(rest)
    } else if is("LOGIN-DELAY") {
        login_delay(rest)
    } else if is("EXPIRE") {
        expire(rest)
    } else if is("IMPLEMENTATION") {
        implementation(rest)
    } else if is("UTF8") {
        let (rest, user) = user_flag(rest)?;
        Ok((rest, Capability::Utf8 { user }))
    } else {
        other(tag, rest)
    }
}

/// `"SASL" 1*(SP sasl-mech)` (RFC 5034 §3).
fn sasl(mut rest: &str) -> PResult<'_, Capability<'_>> {
    let mut mechanisms = Vec::new();
    while !rest.is_empty() {
        let (after, ()) = sp(rest)?;
        let (after, name) = word(after)?;
        match AuthMechanism::parse(name) {
            Ok(m) => mechanisms.push(m),
            Err(_) => return expected(rest, "a SASL mechanism name"),
        }
        rest = after;
    }
    Ok((rest, Capability::Sasl(mechanisms)))
}

/// `"LOGIN-DELAY" SP delay-secs [SP "USER"]` (RFC 2449 §6.5).
fn login_delay(rest: &str) -> PResult<'_, Capability<'_>> {
    let (rest, ()) = sp(rest)?;
    let (rest, seconds) = number(rest)?;
    let (rest, per_user) = user_flag(rest)?;
    Ok((rest, Capability::LoginDelay { seconds, per_user }))
}

/// `"EXPIRE" SP expire-policy [SP "USER"]`, `expire-policy = 1*DIGIT / "NEVER"`
/// (RFC 2449 §6.7).
fn expire(rest: &str) -> PResult<'_, Capability<'_>> {
    let (rest, ()) = sp(rest)?;
    let (rest, policy) = match rest.get(..5) {
        Some(n) if n.eq_ignore_ascii_case("NEVER") => (&rest[5..], Expire::Never),
        _ => {
            let (rest, days) = number(rest)?;
            (rest, Expire::Days(days))
        }
    };
    let (rest, per_user) = user_flag(rest)?;
    Ok((rest, Capability::Expire { policy, per_user }))
}

/// `[SP "USER"]` after LOGIN-DELAY, EXPIRE and UTF8 (RFC 2449 §6, RFC 6856 §2).
fn user_flag(rest: &str) -> PResult<'_, bool> {
    match rest.strip_prefix(' ') {
        None if rest.is_empty() => Ok((rest, false)),
        Some(u) if u.eq_ignore_ascii_case("USER") => Ok(("", true)),
        _ => expected(rest, "the end of the line or \" USER\""),
    }
}

/// `"IMPLEMENTATION" SP text` (RFC 2449 §6.9).
fn implementation(rest: &str) -> PResult<'_, Capability<'_>> {
    let (text, ()) = sp(rest)?;
    match Text::parsed(text) {
        Ok(t) => Ok(("", Capability::Implementation(t))),
        Err(_) => expected(text, "text"),
    }
}

/// Any other capability: `capa-tag *(SP param)`, kept with its arguments.
fn other<'a>(tag: &'a str, mut rest: &'a str) -> PResult<'a, Capability<'a>> {
    let Ok(name) = Atom::parsed(tag) else {
        return expected(rest, "a capability tag");
    };
    let mut args = Vec::new();
    while !rest.is_empty() {
        let (after, ()) = sp(rest)?;
        let (after, arg) = word(after)?;
        match Atom::parsed(arg) {
            Ok(a) => args.push(a),
            Err(_) => return expected(rest, "a parameter"),
        }
        rest = after;
    }
    Ok((rest, Capability::Other(OtherCapability::parsed(name, args))))
}
