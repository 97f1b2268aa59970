//! MAIL and RCPT parameters (RFC 5321 §4.1.2 `Mail-parameters`, `Rcpt-parameters`) and
//! the extensions that define them.

use std::borrow::Cow;

use super::Mailbox;

/// `BODY=` (RFC 6152, RFC 3030).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Body {
    /// `7BIT`.
    SevenBit,
    /// `8BITMIME`.
    EightBitMime,
    /// `BINARYMIME`: the message must be sent with BDAT.
    BinaryMime,
}

/// `RET=` (RFC 3461 §4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ret {
    /// `FULL`: return the whole message in a bounce.
    Full,
    /// `HDRS`: return the headers only.
    Headers,
}

/// `NOTIFY=` (RFC 3461 §4.1): `NEVER` or any of `SUCCESS`, `FAILURE`, `DELAY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Notify {
    /// `SUCCESS`.
    pub success: bool,
    /// `FAILURE`.
    pub failure: bool,
    /// `DELAY`.
    pub delay: bool,
}

impl Notify {
    /// `NEVER`: no notification at all.
    pub const NEVER: Notify = Notify {
        success: false,
        failure: false,
        delay: false,
    };

    /// True for `NEVER`.
    pub fn is_never(&self) -> bool {
        *self == Notify::NEVER
    }
}

/// `ORCPT=addr-type;xtext` (RFC 3461 §4.2), with the xtext decoded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Orcpt<'a> {
    /// The address type, e.g. `rfc822`.
    pub addr_type: Cow<'a, str>,
    /// The original recipient, xtext-decoded.
    pub addr: Cow<'a, str>,
}

/// `BY=` time `;` mode, optionally followed by `T` (RFC 2852 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct By {
    /// Seconds, `-999999999..=999999999`.
    pub time: i32,
    /// What to do when the time is up.
    pub mode: ByMode,
    /// `T`: trace the delivery.
    pub trace: bool,
}

/// `by-mode` of RFC 2852.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ByMode {
    /// `N`: notify.
    Notify,
    /// `R`: return.
    Return,
}

/// `RRVS=date-time[;action]` (RFC 7293 §3.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rrvs<'a> {
    /// The RFC 3339 date-time, as sent.
    pub time: Cow<'a, str>,
    /// `C` (continue) or `R` (reject) when the check cannot be done.
    pub action: Option<char>,
}

/// An `esmtp-param` this crate has no field for, kept as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Param<'a> {
    /// `esmtp-keyword`, letter case as sent.
    pub keyword: Cow<'a, str>,
    /// `esmtp-value`, if any.
    pub value: Option<Cow<'a, str>>,
}

/// Parameters of MAIL FROM.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct MailParams<'a> {
    /// `SIZE=` (RFC 1870).
    pub size: Option<u64>,
    /// `BODY=` (RFC 6152, RFC 3030).
    pub body: Option<Body>,
    /// `SMTPUTF8` (RFC 6531).
    pub smtputf8: bool,
    /// `RET=` (RFC 3461).
    pub ret: Option<Ret>,
    /// `ENVID=`, xtext-decoded (RFC 3461).
    pub envid: Option<Cow<'a, str>>,
    /// `AUTH=` (RFC 4954 §5): `None` for absent, `Some(None)` for `<>`.
    pub auth: Option<Option<Mailbox<'a>>>,
    /// `REQUIRETLS` (RFC 8689).
    pub requiretls: bool,
    /// `MT-PRIORITY=` (RFC 6710), `-9..=9`.
    pub mt_priority: Option<i8>,
    /// `HOLDFOR=` seconds (RFC 4865).
    pub hold_for: Option<u32>,
    /// `HOLDUNTIL=` date-time (RFC 4865), as sent.
    pub hold_until: Option<Cow<'a, str>>,
    /// `BY=` (RFC 2852).
    pub by: Option<By>,
    /// Other parameters, in order, as sent.
    pub other: Vec<Param<'a>>,
}

/// Parameters of RCPT TO.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct RcptParams<'a> {
    /// `NOTIFY=` (RFC 3461).
    pub notify: Option<Notify>,
    /// `ORCPT=` (RFC 3461).
    pub orcpt: Option<Orcpt<'a>>,
    /// `RRVS=` (RFC 7293).
    pub rrvs: Option<Rrvs<'a>>,
    /// Other parameters, in order, as sent.
    pub other: Vec<Param<'a>>,
}

fn own(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

impl Param<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> Param<'static> {
        Param {
            keyword: own(self.keyword),
            value: self.value.map(own),
        }
    }
}

impl MailParams<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> MailParams<'static> {
        MailParams {
            size: self.size,
            body: self.body,
            smtputf8: self.smtputf8,
            ret: self.ret,
            envid: self.envid.map(own),
            auth: self.auth.map(|a| a.map(Mailbox::into_owned)),
            requiretls: self.requiretls,
            mt_priority: self.mt_priority,
            hold_for: self.hold_for,
            hold_until: self.hold_until.map(own),
            by: self.by,
            other: self.other.into_iter().map(Param::into_owned).collect(),
        }
    }
}

impl RcptParams<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> RcptParams<'static> {
        RcptParams {
            notify: self.notify,
            orcpt: self.orcpt.map(|o| Orcpt {
                addr_type: own(o.addr_type),
                addr: own(o.addr),
            }),
            rrvs: self.rrvs.map(|r| Rrvs {
                time: own(r.time),
                action: r.action,
            }),
            other: self.other.into_iter().map(Param::into_owned).collect(),
        }
    }
}

/// Decodes xtext (RFC 3461 §4): `+XX` hex escapes; `None` if malformed or not UTF-8.
pub fn xtext_decode(text: &str) -> Option<Cow<'_, str>> {
    let valid_char = |b: u8| (33..=126).contains(&b) && b != b'=';
    if !text.contains('+') {
        return text.bytes().all(valid_char).then_some(Cow::Borrowed(text));
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'+' {
            let hex = bytes.get(i + 1..i + 3)?;
            let digit = |h: u8| match h {
                b'0'..=b'9' => Some(h - b'0'),
                b'A'..=b'F' => Some(h - b'A' + 10),
                _ => None,
            };
            out.push(digit(hex[0])? << 4 | digit(hex[1])?);
            i += 3;
        } else if valid_char(b) {
            out.push(b);
            i += 1;
        } else {
            return None;
        }
    }
    String::from_utf8(out).ok().map(Cow::Owned)
}

/// Encodes text as xtext (RFC 3461 §4): bytes outside `!`..`~`, `+` and `=` as `+XX`.
pub fn xtext_encode(text: &str, out: &mut impl bytes::BufMut) {
    for b in text.bytes() {
        if (33..=126).contains(&b) && b != b'+' && b != b'=' {
            out.put_u8(b);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.put_slice(&[b'+', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        }
    }
}
