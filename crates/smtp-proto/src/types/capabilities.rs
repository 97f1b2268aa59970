//! The EHLO reply as a typed capability set (RFC 5321 §4.1.1.1 and extensions).
//!
//! Every value is validated when built, so [`Capabilities::to_lines`] can write each
//! one as exactly one well-formed `ehlo-line`, never failing or dropping a line.

use std::borrow::Cow;
use std::fmt;

use mail_proto_core::sasl::Mechanism;

use crate::error::InvalidValue;
use crate::grammar;
use crate::types::HoldFor;

/// The longest `ehlo-line` written: a reply line is at most 512 octets with its
/// `250-` and `CRLF` (RFC 5321 §4.5.3.1.5).
pub(crate) const MAX_EHLO_LINE: usize = 512 - 6;

/// The keywords with a field of their own in [`Capabilities`].
const KNOWN_KEYWORDS: [&str; 14] = [
    "SIZE",
    "PIPELINING",
    "8BITMIME",
    "BINARYMIME",
    "CHUNKING",
    "SMTPUTF8",
    "DSN",
    "ENHANCEDSTATUSCODES",
    "STARTTLS",
    "AUTH",
    "REQUIRETLS",
    "DELIVERBY",
    "MT-PRIORITY",
    "FUTURERELEASE",
];

/// `ehlo-param = 1*(%d33-126)` (RFC 5321 §4.1.1.1): printable ASCII, no space.
pub(crate) fn is_ehlo_param(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic())
}

/// `ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")` (RFC 5321 §4.1.1.1), kept
/// in upper case (keywords are case-insensitive).
///
/// ```
/// use smtp_proto::EhloKeyword;
/// assert_eq!(EhloKeyword::new("x-Link2State").unwrap().as_str(), "X-LINK2STATE");
/// assert!(EhloKeyword::new("X FOO").is_err());
/// assert!(EhloKeyword::new("-X").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EhloKeyword(String);

impl EhloKeyword {
    /// A keyword, upper-cased; refused unless it matches `ehlo-keyword`.
    pub fn new(keyword: &str) -> Result<EhloKeyword, InvalidValue> {
        if !grammar::is_keyword(keyword.as_bytes()) {
            return Err(InvalidValue::new("EHLO keyword", "not an ehlo-keyword"));
        }
        if keyword.len() > MAX_EHLO_LINE {
            return Err(InvalidValue::new(
                "EHLO keyword",
                "too long for a reply line",
            ));
        }
        Ok(EhloKeyword(keyword.to_ascii_uppercase()))
    }

    /// The keyword, upper case.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `ehlo-param = 1*(%d33-126)` (RFC 5321 §4.1.1.1): one word of printable ASCII.
///
/// ```
/// use smtp_proto::EhloParam;
/// assert_eq!(EhloParam::new("GSSAPI").unwrap().as_str(), "GSSAPI");
/// assert!(EhloParam::new("two words").is_err());
/// assert!(EhloParam::new("").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EhloParam(String);

impl EhloParam {
    /// A parameter; refused unless it is one word of printable ASCII.
    pub fn new(param: &str) -> Result<EhloParam, InvalidValue> {
        if !is_ehlo_param(param) {
            return Err(InvalidValue::new(
                "EHLO parameter",
                "not an ehlo-param (printable ASCII, no space)",
            ));
        }
        if param.len() > MAX_EHLO_LINE {
            return Err(InvalidValue::new(
                "EHLO parameter",
                "too long for a reply line",
            ));
        }
        Ok(EhloParam(param.to_string()))
    }

    /// The parameter as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An extension [`Capabilities`] has no field for: `ehlo-keyword *(SP ehlo-param)`.
///
/// ```
/// use smtp_proto::Extension;
/// let x = Extension::from_words("X-EXPS", &["GSSAPI", "NTLM"]).unwrap();
/// assert_eq!(x.to_string(), "X-EXPS GSSAPI NTLM");
/// // a keyword with its own field is set there, not here
/// assert!(Extension::from_words("pipelining", &[]).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Extension {
    keyword: EhloKeyword,
    params: Vec<EhloParam>,
}

impl Extension {
    /// An extension line; refused if the keyword has its own field in
    /// [`Capabilities`] (`SIZE`, `AUTH`, `PIPELINING`, ...) or if the line would not fit
    /// a 512-octet reply line.
    pub fn new(keyword: EhloKeyword, params: Vec<EhloParam>) -> Result<Extension, InvalidValue> {
        if KNOWN_KEYWORDS.contains(&keyword.as_str()) {
            return Err(InvalidValue::new(
                "EHLO keyword",
                "has its own field in Capabilities",
            ));
        }
        let len = keyword.0.len() + params.iter().map(|p| 1 + p.0.len()).sum::<usize>();
        if len > MAX_EHLO_LINE {
            return Err(InvalidValue::new("EHLO line", "too long for a reply line"));
        }
        Ok(Extension { keyword, params })
    }

    /// [`Extension::new`] from plain strings, each checked.
    pub fn from_words(keyword: &str, params: &[&str]) -> Result<Extension, InvalidValue> {
        let params = params
            .iter()
            .map(|p| EhloParam::new(p))
            .collect::<Result<Vec<_>, _>>()?;
        Extension::new(EhloKeyword::new(keyword)?, params)
    }

    /// The keyword, upper case.
    pub fn keyword(&self) -> &str {
        self.keyword.as_str()
    }

    /// The parameters as sent.
    pub fn params(&self) -> &[EhloParam] {
        &self.params
    }
}

/// The `ehlo-line`.
impl fmt::Display for Extension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword.as_str())?;
        for p in &self.params {
            write!(f, " {}", p.as_str())?;
        }
        Ok(())
    }
}

/// The priority assignment policy a server names after `MT-PRIORITY` (RFC 6710 §3,
/// e.g. `MIXER`, `STANAG4406`, `NSEP`): one `ehlo-param` word, at most 64 octets.
///
/// ```
/// use smtp_proto::MtPriorityPolicy;
/// assert_eq!(MtPriorityPolicy::new("MIXER").unwrap().as_str(), "MIXER");
/// assert!(MtPriorityPolicy::new("MIXER\r\n250 X").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MtPriorityPolicy(String);

impl MtPriorityPolicy {
    /// The longest name accepted.
    pub const MAX_LEN: usize = 64;

    /// A policy name; refused unless it is one word of printable ASCII of at most
    /// [`MtPriorityPolicy::MAX_LEN`] octets.
    pub fn new(name: &str) -> Result<MtPriorityPolicy, InvalidValue> {
        if !is_ehlo_param(name) || name.len() > Self::MAX_LEN {
            return Err(InvalidValue::new(
                "MT-PRIORITY policy",
                "not one printable word of at most 64 octets",
            ));
        }
        Ok(MtPriorityPolicy(name.to_string()))
    }

    /// The name as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `date-time` of RFC 3339 §5.6 (`2026-12-07T15:00:00Z`, fractions and `±hh:mm`
/// offsets allowed; `T` and `Z` in either case), checked for its shape and the
/// field ranges, not against a calendar.
pub(crate) fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>, max: u32| {
        b.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && s[r].parse::<u32>().is_ok_and(|n| n <= max)
    };
    let at = |i: usize, c: u8| b.get(i).is_some_and(|x| x.eq_ignore_ascii_case(&c));
    let date = num(0..4, 9999)
        && at(4, b'-')
        && num(5..7, 12)
        && at(7, b'-')
        && num(8..10, 31)
        && s[5..7] != *"00"
        && s[8..10] != *"00";
    if !date || !at(10, b'T') {
        return false;
    }
    let time = num(11..13, 23) && at(13, b':') && num(14..16, 59) && at(16, b':');
    // 60 is a leap second
    if !time || !num(17..19, 60) {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        let digits = b[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        i += 1 + digits;
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            num(i + 1..i + 3, 23) && at(i + 3, b':') && num(i + 4..i + 6, 59) && i + 6 == b.len()
        }
        _ => false,
    }
}

/// `FUTURERELEASE max-future-release-interval max-future-release-date-time` (RFC
/// 4865 §3): the longest `HOLDFOR` a server takes, in seconds, and the latest
/// `HOLDUNTIL`, an RFC 3339 date-time.
///
/// ```
/// use smtp_proto::{FutureRelease, HoldFor};
/// let f = FutureRelease::new(HoldFor::new(604800).unwrap(), "2026-12-14T00:00:00Z").unwrap();
/// assert_eq!(f.to_string(), "604800 2026-12-14T00:00:00Z");
/// assert!(FutureRelease::new(HoldFor::new(1).unwrap(), "next week").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FutureRelease {
    max_interval: HoldFor,
    max_date_time: String,
}

impl FutureRelease {
    /// The two limits; refused unless `max_date_time` is an RFC 3339 `date-time`.
    pub fn new(max_interval: HoldFor, max_date_time: &str) -> Result<FutureRelease, InvalidValue> {
        if !is_date_time(max_date_time) {
            return Err(InvalidValue::new(
                "FUTURERELEASE date-time",
                "not an RFC 3339 date-time",
            ));
        }
        Ok(FutureRelease {
            max_interval,
            max_date_time: max_date_time.to_string(),
        })
    }

    /// The longest `HOLDFOR` accepted.
    pub fn max_interval(&self) -> HoldFor {
        self.max_interval
    }

    /// The latest `HOLDUNTIL` accepted, as sent.
    pub fn max_date_time(&self) -> &str {
        &self.max_date_time
    }
}

/// The two parameters, space-separated.
impl fmt::Display for FutureRelease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.max_interval.get(), self.max_date_time)
    }
}

/// The extensions a server announced in its EHLO (or LHLO) reply. Build with
/// [`Capabilities::default`] and set the fields; every field holds validated values,
/// so [`to_lines`](Self::to_lines) always writes every one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Capabilities {
    /// `SIZE [n]` (RFC 1870): `Some(None)` when announced without a limit or with 0.
    pub size: Option<Option<u64>>,
    /// `PIPELINING` (RFC 2920).
    pub pipelining: bool,
    /// `8BITMIME` (RFC 6152).
    pub eight_bit_mime: bool,
    /// `BINARYMIME` (RFC 3030).
    pub binary_mime: bool,
    /// `CHUNKING` (RFC 3030).
    pub chunking: bool,
    /// `SMTPUTF8` (RFC 6531).
    pub smtputf8: bool,
    /// `DSN` (RFC 3461).
    pub dsn: bool,
    /// `ENHANCEDSTATUSCODES` (RFC 2034).
    pub enhanced_status_codes: bool,
    /// `STARTTLS` (RFC 3207).
    pub starttls: bool,
    /// `AUTH mech...` (RFC 4954), in the server's order.
    pub auth: Vec<Mechanism>,
    /// `REQUIRETLS` (RFC 8689).
    pub requiretls: bool,
    /// `DELIVERBY [min]` (RFC 2852).
    pub deliver_by: Option<Option<u64>>,
    /// `MT-PRIORITY [policy]` (RFC 6710): `Some(None)` when announced without one.
    pub mt_priority: Option<Option<MtPriorityPolicy>>,
    /// `FUTURERELEASE interval date-time` (RFC 4865): `Some(None)` when announced
    /// without the two limits (or with ones that do not parse).
    pub future_release: Option<Option<FutureRelease>>,
    /// Every other extension, in the server's order.
    pub other: Vec<Extension>,
}

impl Capabilities {
    /// True if the server announced `keyword` (any letter case), known or not.
    pub fn has(&self, keyword: &str) -> bool {
        let k = keyword.to_ascii_uppercase();
        match k.as_str() {
            "SIZE" => self.size.is_some(),
            "PIPELINING" => self.pipelining,
            "8BITMIME" => self.eight_bit_mime,
            "BINARYMIME" => self.binary_mime,
            "CHUNKING" => self.chunking,
            "SMTPUTF8" => self.smtputf8,
            "DSN" => self.dsn,
            "ENHANCEDSTATUSCODES" => self.enhanced_status_codes,
            "STARTTLS" => self.starttls,
            "AUTH" => !self.auth.is_empty(),
            "REQUIRETLS" => self.requiretls,
            "DELIVERBY" => self.deliver_by.is_some(),
            "MT-PRIORITY" => self.mt_priority.is_some(),
            "FUTURERELEASE" => self.future_release.is_some(),
            _ => self.other.iter().any(|o| o.keyword() == k),
        }
    }

    /// The lines of an EHLO reply announcing these capabilities (after the first), one
    /// per capability set and one per extension in [`other`](Self::other).
    ///
    /// The AUTH mechanisms go on one line, or on several `AUTH` lines if they would not
    /// fit 512 octets (clients merge repeated AUTH lines); a mechanism is written once.
    /// Every [`Mechanism`] name is a valid SASL name (checked when it is made), so no
    /// line can be broken by one.
    pub fn to_lines(&self) -> Vec<Cow<'static, str>> {
        let mut lines: Vec<Cow<'static, str>> = Vec::new();
        let mut flag = |on: bool, name: &'static str| {
            if on {
                lines.push(Cow::Borrowed(name));
            }
        };
        flag(self.pipelining, "PIPELINING");
        flag(self.eight_bit_mime, "8BITMIME");
        flag(self.binary_mime, "BINARYMIME");
        flag(self.chunking, "CHUNKING");
        flag(self.smtputf8, "SMTPUTF8");
        flag(self.dsn, "DSN");
        flag(self.enhanced_status_codes, "ENHANCEDSTATUSCODES");
        flag(self.starttls, "STARTTLS");
        flag(self.requiretls, "REQUIRETLS");
        match self.size {
            Some(Some(n)) => lines.push(Cow::Owned(format!("SIZE {n}"))),
            Some(None) => lines.push(Cow::Borrowed("SIZE")),
            None => {}
        }
        self.auth_lines(&mut lines);
        match self.deliver_by {
            Some(Some(n)) => lines.push(Cow::Owned(format!("DELIVERBY {n}"))),
            Some(None) => lines.push(Cow::Borrowed("DELIVERBY")),
            None => {}
        }
        match &self.mt_priority {
            Some(Some(p)) => lines.push(Cow::Owned(format!("MT-PRIORITY {}", p.as_str()))),
            Some(None) => lines.push(Cow::Borrowed("MT-PRIORITY")),
            None => {}
        }
        match &self.future_release {
            Some(Some(f)) => lines.push(Cow::Owned(format!("FUTURERELEASE {f}"))),
            Some(None) => lines.push(Cow::Borrowed("FUTURERELEASE")),
            None => {}
        }
        for x in &self.other {
            lines.push(Cow::Owned(x.to_string()));
        }
        lines
    }

    fn auth_lines(&self, lines: &mut Vec<Cow<'static, str>>) {
        let mut names: Vec<&str> = Vec::new();
        for m in &self.auth {
            let name = m.as_str();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let mut line = String::new();
        for name in names {
            if !line.is_empty() && line.len() + 1 + name.len() > MAX_EHLO_LINE {
                lines.push(Cow::Owned(std::mem::take(&mut line)));
            }
            if line.is_empty() {
                line.push_str("AUTH");
            }
            line.push(' ');
            line.push_str(name);
        }
        if !line.is_empty() {
            lines.push(Cow::Owned(line));
        }
    }
}

/// A parsed positive EHLO reply: the server's domain, its greeting text and the
/// capability set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct EhloResponse {
    /// The domain the server names itself with.
    pub domain: String,
    /// The rest of the first line.
    pub greeting: Option<String>,
    /// The announced extensions.
    pub capabilities: Capabilities,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_shapes() {
        for ok in [
            "2026-12-07T15:00:00Z",
            "2026-12-07t15:00:00.5z",
            "2026-12-07T15:00:60+14:00",
        ] {
            assert!(is_date_time(ok), "{ok}");
        }
        for bad in [
            "",
            "2026-12-07",
            "2026-00-07T15:00:00Z",
            "2026-12-00T15:00:00Z",
            "2026-12-32T15:00:00Z",
            "2026-12-07T15:60:00Z",
            "2026-12-07T15:00:00Zx",
            "2026-12-07T15:00:00+1:00",
            "2026-12-07T15:00:00.",
            "２026-12-07T15:00:00Z",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
    }

    #[test]
    fn every_set_capability_is_one_line() {
        let c = Capabilities {
            size: Some(Some(10)),
            pipelining: true,
            auth: vec![Mechanism::Plain, Mechanism::Login],
            deliver_by: Some(None),
            mt_priority: Some(None),
            future_release: Some(None),
            other: vec![Extension::from_words("X-A", &["1"]).unwrap()],
            ..Capabilities::default()
        };
        assert_eq!(
            c.to_lines(),
            [
                "PIPELINING",
                "SIZE 10",
                "AUTH PLAIN LOGIN",
                "DELIVERBY",
                "MT-PRIORITY",
                "FUTURERELEASE",
                "X-A 1"
            ]
        );
        for k in ["size", "AUTH", "x-a", "FutureRelease", "MT-PRIORITY"] {
            assert!(c.has(k), "{k}");
        }
        assert!(!c.has("X-B"));
    }
}
