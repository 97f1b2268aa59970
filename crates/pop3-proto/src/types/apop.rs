//! The APOP timestamp and digest (RFC 1939 §7).

use std::borrow::Cow;
use std::fmt;

use mail_proto_core::Secret;
use md5::{Digest as _, Md5};

use crate::error::InvalidValue;

/// `atext` (RFC 5322 §3.2.3).
fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b)
}

/// `dot-atom-text`: atoms joined by single dots.
fn is_dot_atom(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|atom| !atom.is_empty() && atom.bytes().all(is_atext))
}

/// `quoted-string` without spaces: `"`, printable characters or quoted pairs, `"`.
fn is_quoted_string(s: &str) -> bool {
    let Some(inner) = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')) else {
        return false;
    };
    let mut bytes = inner.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'\\' if bytes.next().is_none() => return false,
            b'\\' => {}
            b'"' => return false,
            _ => {}
        }
    }
    true
}

/// `domain-literal` without spaces: `[`, `dtext`, `]`.
fn is_domain_literal(s: &str) -> bool {
    s.strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .is_some_and(|d| d.bytes().all(|b| !matches!(b, b'[' | b']' | b'\\')))
}

/// The timestamp of an APOP greeting: an RFC 822 `msg-id`, `"<" addr-spec ">"`, in
/// ASCII, angle brackets included (RFC 1939 §7, RFC 2449 §3 `timestamp`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp<'a>(Cow<'a, str>);

impl<'a> Timestamp<'a> {
    /// Checks `value` is a msg-id (RFC 5322 §3.6.4, RFC 822's `"<" addr-spec ">"`)
    /// in ASCII without spaces: `<`, a local part (a dot-atom, or a quoted string),
    /// `@`, a domain (a dot-atom, or a `[...]` literal), `>`.
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let value = value.into();
        let bad = |reason| Err(InvalidValue::new("APOP timestamp", reason));
        let Some(inner) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) else {
            return bad("not in angle brackets");
        };
        if !inner
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>')
        {
            return bad("not printable ASCII");
        }
        // the domain is after the last `@` (a quoted local part may hold one)
        let Some((local, domain)) = inner.rsplit_once('@') else {
            return bad("not local-part@domain");
        };
        if !(is_dot_atom(local) || is_quoted_string(local)) {
            return bad("the local part is not a dot-atom or a quoted string");
        }
        if !(is_dot_atom(domain) || is_domain_literal(domain)) {
            return bad("the domain is not a dot-atom or a [literal]");
        }
        Ok(Timestamp(value))
    }

    /// The timestamp with its angle brackets.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Timestamp<'static> {
        Timestamp(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Debug for Timestamp<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({:?})", self.as_str())
    }
}

/// The APOP digest: MD5 of the timestamp followed by the shared secret, as 32 hex
/// digits (RFC 1939 §7). Held as a [`Secret`]: `Debug` never shows it, and `==` is
/// constant-time.
#[derive(Clone, PartialEq, Eq)]
pub struct ApopDigest(Secret);

impl ApopDigest {
    /// Checks `hex`: exactly 32 hex digits (upper case is accepted and folded).
    pub fn new(hex: impl Into<String>) -> Result<Self, InvalidValue> {
        let hex = hex.into();
        if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(InvalidValue::new("APOP digest", "not 32 hex digits"));
        }
        Ok(ApopDigest(Secret::new(hex.to_ascii_lowercase())))
    }

    /// The digest a client sends for `timestamp` and the shared `secret`.
    pub fn compute(timestamp: &Timestamp<'_>, secret: &str) -> Self {
        let mut md5 = Md5::new();
        md5.update(timestamp.as_str().as_bytes());
        md5.update(secret.as_bytes());
        let hex: String = md5.finalize().iter().map(|b| format!("{b:02x}")).collect();
        ApopDigest(Secret::new(hex))
    }

    /// True if this digest is the one `secret` gives for `timestamp`. The digests
    /// are compared in constant time: every byte is looked at whatever differs.
    pub fn verify(&self, timestamp: &Timestamp<'_>, secret: &str) -> bool {
        *self == ApopDigest::compute(timestamp, secret)
    }

    /// The 32 lower-case hex digits.
    pub fn as_hex(&self) -> &str {
        self.0.expose()
    }
}

impl fmt::Debug for ApopDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApopDigest(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1939_example_digest() {
        let ts = Timestamp::new("<1896.697170952@dbc.mtview.ca.us>").unwrap();
        let digest = ApopDigest::compute(&ts, "tanstaaf");
        assert_eq!(digest.as_hex(), "c4c9334bac560ecc979e58001b3e22fb");
        let sent = ApopDigest::new("C4C9334BAC560ECC979E58001B3E22FB").unwrap();
        assert!(sent.verify(&ts, "tanstaaf"));
        assert!(!sent.verify(&ts, "tanstaag"));
        assert_eq!(format!("{sent:?}"), "ApopDigest(<redacted>)");
    }

    #[test]
    fn timestamps_must_be_msg_ids() {
        assert!(Timestamp::new("<a@b>").is_ok());
        assert!(Timestamp::new("<1896.697170952@dbc.mtview.ca.us>").is_ok());
        assert!(
            Timestamp::new("<\"a@x\".1@[127.0.0.1]>").is_err(),
            "dot after quotes"
        );
        assert!(Timestamp::new("<\"a@x\"@[127.0.0.1]>").is_ok());
        assert!(Timestamp::new("<a+tag=1@mail.example>").is_ok());
        // RFC 5322 shapes only: no comma, comment, empty atom or open literal
        for bad in [
            "<a,b@c>", "<(x)@y>", "<a..b@c>", "<.a@c>", "<a@c.>", "<a@[x>", "<a@>", "<@c>",
        ] {
            assert!(Timestamp::new(bad).is_err(), "{bad}");
        }
        assert!(Timestamp::new("<cyrus-1234-5678>").is_err(), "no @");
        assert!(Timestamp::new("<a b@c>").is_err());
        assert!(Timestamp::new("<é@c>").is_err(), "ASCII only");
        assert!(Timestamp::new("a@b").is_err());
        assert!(ApopDigest::new("xyz").is_err());
        let upper = ApopDigest::new("C4C9334BAC560ECC979E58001B3E22FB").unwrap();
        let lower = ApopDigest::new("c4c9334bac560ecc979e58001b3e22fb").unwrap();
        assert_eq!(upper, lower, "case folded");
        assert_ne!(
            upper,
            ApopDigest::new("c4c9334bac560ecc979e58001b3e22fc").unwrap()
        );
    }
}
