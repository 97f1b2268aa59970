//! MAIL and RCPT parameters (RFC 5321 §4.1.2 `Mail-parameters`, `Rcpt-parameters`) and
//! the extensions that define them. Every value is checked when built, so an encoder
//! can never write a parameter the grammar refuses.

use std::borrow::Cow;

use super::Mailbox;
use crate::error::InvalidValue;
use crate::grammar;

fn own(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

/// `BODY=` (RFC 6152, RFC 3030).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
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
#[non_exhaustive]
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

/// An `esmtp-value = 1*(%d33-60 / %d62-126 / UTF8-non-ascii)` (RFC 5321 §4.1.2,
/// RFC 6531 §3.3): no space, no `=`, no control character.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EsmtpValue<'a>(Cow<'a, str>);

impl<'a> EsmtpValue<'a> {
    /// A value, refused unless it matches `esmtp-value`.
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let value = value.into();
        if !grammar::is_value(value.as_bytes()) {
            return Err(InvalidValue::new("parameter value", "not an esmtp-value"));
        }
        Ok(EsmtpValue(value))
    }

    pub(crate) fn new_unchecked(value: &'a str) -> Self {
        EsmtpValue(Cow::Borrowed(value))
    }

    /// The value as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> EsmtpValue<'static> {
        EsmtpValue(own(self.0))
    }
}

/// `ORCPT=addr-type ";" xtext` (RFC 3461 §4.2), with the xtext decoded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Orcpt<'a> {
    pub(crate) addr_type: Cow<'a, str>,
    pub(crate) addr: Cow<'a, str>,
}

impl<'a> Orcpt<'a> {
    /// An original recipient: `addr_type` must be an `atom`-like keyword (`rfc822`,
    /// `utf-8`), `addr` non-empty (it is xtext-encoded when sent), and the two as
    /// sent, `addr-type ";" xtext`, at most 500 octets (RFC 3461 §4.2).
    pub fn new(
        addr_type: impl Into<Cow<'a, str>>,
        addr: impl Into<Cow<'a, str>>,
    ) -> Result<Self, InvalidValue> {
        let (addr_type, addr) = (addr_type.into(), addr.into());
        if !grammar::is_keyword(addr_type.as_bytes()) {
            return Err(InvalidValue::new("ORCPT address type", "not a keyword"));
        }
        if addr.is_empty() {
            return Err(InvalidValue::new("ORCPT address", "empty"));
        }
        // the value as sent, `addr-type ";" xtext`, has at most 500 octets (RFC 3461
        // §4.2), as the parser checks: an ORCPT built here always reparses
        if addr_type.len() + 1 + xtext_len(&addr) > grammar::ORCPT_MAX_LEN {
            return Err(InvalidValue::new(
                "ORCPT",
                "longer than 500 octets as sent (RFC 3461 §4.2)",
            ));
        }
        Ok(Orcpt { addr_type, addr })
    }

    /// The address type, e.g. `rfc822`.
    pub fn addr_type(&self) -> &str {
        &self.addr_type
    }

    /// The original recipient, xtext-decoded.
    pub fn addr(&self) -> &str {
        &self.addr
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Orcpt<'static> {
        Orcpt {
            addr_type: own(self.addr_type),
            addr: own(self.addr),
        }
    }
}

/// `ENVID=xtext` (RFC 3461 §4.4), decoded: 1 to 100 bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnvId<'a>(pub(crate) Cow<'a, str>);

impl<'a> EnvId<'a> {
    /// Longest envelope identifier (RFC 3461 §4.4: 100 characters).
    pub const MAX_LEN: usize = 100;

    /// An envelope identifier, refused if empty or longer than [`EnvId::MAX_LEN`].
    pub fn new(id: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let id = id.into();
        if id.is_empty() || id.len() > Self::MAX_LEN {
            return Err(InvalidValue::new("ENVID", "not 1 to 100 bytes"));
        }
        Ok(EnvId(id))
    }

    /// The identifier, xtext-decoded.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> EnvId<'static> {
        EnvId(own(self.0))
    }
}

/// `MT-PRIORITY=` (RFC 6710 §3): `-9..=9`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MtPriority(i8);

impl MtPriority {
    /// A priority, `None` outside `-9..=9`.
    pub fn new(priority: i8) -> Option<Self> {
        (-9..=9).contains(&priority).then_some(MtPriority(priority))
    }

    /// The number.
    pub fn get(self) -> i8 {
        self.0
    }
}

/// `HOLDFOR=` seconds (RFC 4865 §3): `1*9DIGIT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HoldFor(u32);

impl HoldFor {
    /// A delay, `None` above 999999999 seconds.
    pub fn new(seconds: u32) -> Option<Self> {
        (seconds <= 999_999_999).then_some(HoldFor(seconds))
    }

    /// The seconds.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// `BY=` time `;` mode, optionally followed by `T` (RFC 2852 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct By {
    time: i32,
    mode: ByMode,
    trace: bool,
}

impl By {
    /// A deliver-by request; `None` unless `time` is within `-999999999..=999999999`.
    pub fn new(time: i32, mode: ByMode, trace: bool) -> Option<Self> {
        (-999_999_999..=999_999_999)
            .contains(&time)
            .then_some(By { time, mode, trace })
    }

    /// Seconds.
    pub fn time(&self) -> i32 {
        self.time
    }

    /// What to do when the time is up.
    pub fn mode(&self) -> ByMode {
        self.mode
    }

    /// `T`: trace the delivery.
    pub fn trace(&self) -> bool {
        self.trace
    }
}

/// `by-mode` of RFC 2852.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ByMode {
    /// `N`: notify.
    Notify,
    /// `R`: return.
    Return,
}

/// What to do when a RRVS check cannot be made (RFC 7293 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RrvsAction {
    /// `C`: continue.
    Continue,
    /// `R`: reject.
    Reject,
}

/// `RRVS=date-time[;action]` (RFC 7293 §3.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rrvs<'a> {
    pub(crate) time: EsmtpValue<'a>,
    pub(crate) action: Option<RrvsAction>,
}

impl<'a> Rrvs<'a> {
    /// A check request; `time` (an RFC 3339 date-time, not parsed further) must be an
    /// `esmtp-value` without `;`.
    pub fn new(time: EsmtpValue<'a>, action: Option<RrvsAction>) -> Result<Self, InvalidValue> {
        if time.as_str().contains(';') {
            return Err(InvalidValue::new("RRVS time", "contains ';'"));
        }
        Ok(Rrvs { time, action })
    }

    /// The date-time, as sent.
    pub fn time(&self) -> &str {
        self.time.as_str()
    }

    /// The action when the check cannot be done.
    pub fn action(&self) -> Option<RrvsAction> {
        self.action
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Rrvs<'static> {
        Rrvs {
            time: self.time.into_owned(),
            action: self.action,
        }
    }
}

/// An `esmtp-param = esmtp-keyword ["=" esmtp-value]` this crate has no field for,
/// kept as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Param<'a> {
    keyword: Cow<'a, str>,
    value: Option<EsmtpValue<'a>>,
}

impl<'a> Param<'a> {
    /// A parameter, refused unless `keyword` is an `esmtp-keyword`.
    pub fn new(
        keyword: impl Into<Cow<'a, str>>,
        value: Option<EsmtpValue<'a>>,
    ) -> Result<Self, InvalidValue> {
        let keyword = keyword.into();
        if !grammar::is_keyword(keyword.as_bytes()) {
            return Err(InvalidValue::new(
                "parameter keyword",
                "not an esmtp-keyword",
            ));
        }
        Ok(Param { keyword, value })
    }

    pub(crate) fn new_unchecked(keyword: &'a str, value: Option<&'a str>) -> Self {
        Param {
            keyword: Cow::Borrowed(keyword),
            value: value.map(EsmtpValue::new_unchecked),
        }
    }

    /// `esmtp-keyword`, letter case as sent.
    pub fn keyword(&self) -> &str {
        &self.keyword
    }

    /// `esmtp-value`, if any.
    pub fn value(&self) -> Option<&str> {
        self.value.as_ref().map(EsmtpValue::as_str)
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Param<'static> {
        Param {
            keyword: own(self.keyword),
            value: self.value.map(EsmtpValue::into_owned),
        }
    }
}

/// The MAIL keywords with a field of their own.
const MAIL_KEYWORDS: [&str; 11] = [
    "SIZE",
    "BODY",
    "SMTPUTF8",
    "RET",
    "ENVID",
    "AUTH",
    "REQUIRETLS",
    "MT-PRIORITY",
    "HOLDFOR",
    "HOLDUNTIL",
    "BY",
];

/// The RCPT keywords with a field of their own.
const RCPT_KEYWORDS: [&str; 3] = ["NOTIFY", "ORCPT", "RRVS"];

/// Refuses `param` if its keyword has a field or is already in `list` (either would
/// read back differently).
fn check_other(list: &[Param<'_>], known: &[&str], param: &Param<'_>) -> Result<(), InvalidValue> {
    let k = param.keyword();
    if known.iter().any(|n| n.eq_ignore_ascii_case(k)) {
        return Err(InvalidValue::new("parameter", "has a field of its own"));
    }
    if list.iter().any(|p| p.keyword().eq_ignore_ascii_case(k)) {
        return Err(InvalidValue::new("parameter", "given twice"));
    }
    Ok(())
}

/// The MAIL parameters real traffic seldom carries, boxed out of [`MailParams`] so a
/// parsed command stays small: `None` in [`MailParams`] until one is set.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct MailRare<'a> {
    pub(crate) auth: Option<Option<Mailbox<'a>>>,
    pub(crate) mt_priority: Option<MtPriority>,
    pub(crate) hold_for: Option<HoldFor>,
    pub(crate) hold_until: Option<EsmtpValue<'a>>,
    pub(crate) by: Option<By>,
    pub(crate) other: Vec<Param<'a>>,
}

impl MailRare<'_> {
    fn into_owned(self) -> MailRare<'static> {
        MailRare {
            auth: self.auth.map(|a| a.map(Mailbox::into_owned)),
            mt_priority: self.mt_priority,
            hold_for: self.hold_for,
            hold_until: self.hold_until.map(EsmtpValue::into_owned),
            by: self.by,
            other: self.other.into_iter().map(Param::into_owned).collect(),
        }
    }
}

/// Parameters of MAIL FROM. Build with [`MailParams::default`] and the fields or the
/// `with_*` and `set_*` methods; the rarer parameters (AUTH, MT-PRIORITY, HOLDFOR,
/// HOLDUNTIL, BY and unknown ones) are read through methods, as they are stored apart.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
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
    pub envid: Option<EnvId<'a>>,
    /// `REQUIRETLS` (RFC 8689).
    pub requiretls: bool,
    /// The rare parameters; `None` exactly when all of them are absent, so equal
    /// parameters compare equal.
    rare: Option<Box<MailRare<'a>>>,
}

impl<'a> MailParams<'a> {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// The rare parameters, allocated on first use.
    pub(crate) fn rare_mut(&mut self) -> &mut MailRare<'a> {
        self.rare.get_or_insert_with(Box::default)
    }

    /// Changes the rare parameters with `f`, dropping their box when all are absent.
    fn update_rare(&mut self, f: impl FnOnce(&mut MailRare<'a>)) {
        f(self.rare_mut());
        if self.rare.as_deref() == Some(&MailRare::default()) {
            self.rare = None;
        }
    }

    /// With `SIZE=`.
    pub fn with_size(mut self, size: u64) -> Self {
        self.size = Some(size);
        self
    }

    /// With `BODY=`.
    pub fn with_body(mut self, body: Body) -> Self {
        self.body = Some(body);
        self
    }

    /// With `SMTPUTF8`.
    pub fn with_smtputf8(mut self) -> Self {
        self.smtputf8 = true;
        self
    }

    /// With `RET=`.
    pub fn with_ret(mut self, ret: Ret) -> Self {
        self.ret = Some(ret);
        self
    }

    /// With `ENVID=`.
    pub fn with_envid(mut self, envid: EnvId<'a>) -> Self {
        self.envid = Some(envid);
        self
    }

    /// With `AUTH=`: `None` for `<>`.
    pub fn with_auth(mut self, auth: Option<Mailbox<'a>>) -> Self {
        self.set_auth(Some(auth));
        self
    }

    /// With `REQUIRETLS`.
    pub fn with_requiretls(mut self) -> Self {
        self.requiretls = true;
        self
    }

    /// With `MT-PRIORITY=`.
    pub fn with_mt_priority(mut self, priority: MtPriority) -> Self {
        self.set_mt_priority(Some(priority));
        self
    }

    /// With `HOLDFOR=`.
    pub fn with_hold_for(mut self, hold: HoldFor) -> Self {
        self.set_hold_for(Some(hold));
        self
    }

    /// With `HOLDUNTIL=`.
    pub fn with_hold_until(mut self, until: EsmtpValue<'a>) -> Self {
        self.set_hold_until(Some(until));
        self
    }

    /// With `BY=`.
    pub fn with_by(mut self, by: By) -> Self {
        self.set_by(Some(by));
        self
    }

    /// `AUTH=` (RFC 4954 §5): `None` for absent, `Some(None)` for `<>`.
    pub fn auth(&self) -> Option<Option<&Mailbox<'a>>> {
        let auth = self.rare.as_ref()?.auth.as_ref()?;
        Some(auth.as_ref())
    }

    /// Sets or clears `AUTH=`: `Some(None)` for `<>`.
    pub fn set_auth(&mut self, auth: Option<Option<Mailbox<'a>>>) {
        if auth.is_some() || self.rare.is_some() {
            self.update_rare(|r| r.auth = auth);
        }
    }

    /// `MT-PRIORITY=` (RFC 6710).
    pub fn mt_priority(&self) -> Option<MtPriority> {
        self.rare.as_ref()?.mt_priority
    }

    /// Sets or clears `MT-PRIORITY=`.
    pub fn set_mt_priority(&mut self, priority: Option<MtPriority>) {
        if priority.is_some() || self.rare.is_some() {
            self.update_rare(|r| r.mt_priority = priority);
        }
    }

    /// `HOLDFOR=` seconds (RFC 4865).
    pub fn hold_for(&self) -> Option<HoldFor> {
        self.rare.as_ref()?.hold_for
    }

    /// Sets or clears `HOLDFOR=`.
    pub fn set_hold_for(&mut self, hold: Option<HoldFor>) {
        if hold.is_some() || self.rare.is_some() {
            self.update_rare(|r| r.hold_for = hold);
        }
    }

    /// `HOLDUNTIL=` date-time (RFC 4865), as sent.
    pub fn hold_until(&self) -> Option<&EsmtpValue<'a>> {
        self.rare.as_ref()?.hold_until.as_ref()
    }

    /// Sets or clears `HOLDUNTIL=`.
    pub fn set_hold_until(&mut self, until: Option<EsmtpValue<'a>>) {
        if until.is_some() || self.rare.is_some() {
            self.update_rare(|r| r.hold_until = until);
        }
    }

    /// `BY=` (RFC 2852).
    pub fn by(&self) -> Option<By> {
        self.rare.as_ref()?.by
    }

    /// Sets or clears `BY=`.
    pub fn set_by(&mut self, by: Option<By>) {
        if by.is_some() || self.rare.is_some() {
            self.update_rare(|r| r.by = by);
        }
    }

    /// Other parameters, in order, as sent.
    pub fn other(&self) -> &[Param<'a>] {
        self.rare.as_ref().map_or(&[], |r| &r.other)
    }

    /// Adds a parameter this crate has no field for; refused if it has a field (use
    /// the field) or is already present.
    pub fn push_other(&mut self, param: Param<'a>) -> Result<(), InvalidValue> {
        check_other(self.other(), &MAIL_KEYWORDS, &param)?;
        self.rare_mut().other.push(param);
        Ok(())
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> MailParams<'static> {
        MailParams {
            size: self.size,
            body: self.body,
            smtputf8: self.smtputf8,
            ret: self.ret,
            envid: self.envid.map(EnvId::into_owned),
            requiretls: self.requiretls,
            rare: self.rare.map(|r| Box::new(r.into_owned())),
        }
    }
}

/// The RCPT parameters real traffic seldom carries, boxed out of [`RcptParams`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct RcptRare<'a> {
    pub(crate) rrvs: Option<Rrvs<'a>>,
    pub(crate) other: Vec<Param<'a>>,
}

/// Parameters of RCPT TO. Build with [`RcptParams::default`] and the fields or the
/// `with_*` and `set_*` methods; RRVS and unknown parameters are read through methods,
/// as they are stored apart.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct RcptParams<'a> {
    /// `NOTIFY=` (RFC 3461).
    pub notify: Option<Notify>,
    /// `ORCPT=` (RFC 3461).
    pub orcpt: Option<Orcpt<'a>>,
    /// RRVS and unknown parameters; `None` exactly when all are absent.
    rare: Option<Box<RcptRare<'a>>>,
}

impl<'a> RcptParams<'a> {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// The rare parameters, allocated on first use.
    pub(crate) fn rare_mut(&mut self) -> &mut RcptRare<'a> {
        self.rare.get_or_insert_with(Box::default)
    }

    /// With `NOTIFY=`.
    pub fn with_notify(mut self, notify: Notify) -> Self {
        self.notify = Some(notify);
        self
    }

    /// With `ORCPT=`.
    pub fn with_orcpt(mut self, orcpt: Orcpt<'a>) -> Self {
        self.orcpt = Some(orcpt);
        self
    }

    /// With `RRVS=`.
    pub fn with_rrvs(mut self, rrvs: Rrvs<'a>) -> Self {
        self.set_rrvs(Some(rrvs));
        self
    }

    /// `RRVS=` (RFC 7293).
    pub fn rrvs(&self) -> Option<&Rrvs<'a>> {
        self.rare.as_ref()?.rrvs.as_ref()
    }

    /// Sets or clears `RRVS=`.
    pub fn set_rrvs(&mut self, rrvs: Option<Rrvs<'a>>) {
        if rrvs.is_some() || self.rare.is_some() {
            self.rare_mut().rrvs = rrvs;
            if self.rare.as_deref() == Some(&RcptRare::default()) {
                self.rare = None;
            }
        }
    }

    /// Other parameters, in order, as sent.
    pub fn other(&self) -> &[Param<'a>] {
        self.rare.as_ref().map_or(&[], |r| &r.other)
    }

    /// Adds a parameter this crate has no field for; refused if it has a field or is
    /// already present.
    pub fn push_other(&mut self, param: Param<'a>) -> Result<(), InvalidValue> {
        check_other(self.other(), &RCPT_KEYWORDS, &param)?;
        self.rare_mut().other.push(param);
        Ok(())
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> RcptParams<'static> {
        RcptParams {
            notify: self.notify,
            orcpt: self.orcpt.map(Orcpt::into_owned),
            rare: self.rare.map(|r| {
                Box::new(RcptRare {
                    rrvs: r.rrvs.map(Rrvs::into_owned),
                    other: r.other.into_iter().map(Param::into_owned).collect(),
                })
            }),
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

/// The length of `text` encoded as xtext by [`xtext_encode`]: one byte per `xchar`,
/// three per `+XX` escape.
pub(crate) fn xtext_len(text: &str) -> usize {
    text.bytes()
        .map(|b| if grammar::is_xchar(b) { 1 } else { 3 })
        .sum()
}

/// Encodes text as xtext (RFC 3461 §4): bytes outside `!`..`~`, `+` and `=` as `+XX`.
pub fn xtext_encode(text: &str, out: &mut impl bytes::BufMut) {
    for b in text.bytes() {
        if grammar::is_xchar(b) {
            out.put_u8(b);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.put_slice(&[b'+', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        }
    }
}
