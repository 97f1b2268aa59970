//! The EHLO reply as a typed capability set (RFC 5321 §4.1.1.1 and extensions).

use std::borrow::Cow;

use mail_proto_core::sasl::Mechanism;

/// The extensions a server announced in its EHLO (or LHLO) reply. Build with
/// [`Capabilities::default`] and set the fields.
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
    /// `MT-PRIORITY [profile]` (RFC 6710).
    pub mt_priority: Option<Option<String>>,
    /// `FUTURERELEASE max-interval max-datetime` (RFC 4865), as sent.
    pub future_release: Option<String>,
    /// Every other line: keyword (upper-cased) and parameters as sent.
    pub other: Vec<(String, Vec<String>)>,
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
            _ => self.other.iter().any(|(o, _)| *o == k),
        }
    }

    /// The lines of an EHLO reply announcing these capabilities (after the first).
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
        if !self.auth.is_empty() {
            let names: Vec<&str> = self.auth.iter().map(Mechanism::as_str).collect();
            lines.push(Cow::Owned(format!("AUTH {}", names.join(" "))));
        }
        match self.deliver_by {
            Some(Some(n)) => lines.push(Cow::Owned(format!("DELIVERBY {n}"))),
            Some(None) => lines.push(Cow::Borrowed("DELIVERBY")),
            None => {}
        }
        match &self.mt_priority {
            Some(Some(p)) => lines.push(Cow::Owned(format!("MT-PRIORITY {p}"))),
            Some(None) => lines.push(Cow::Borrowed("MT-PRIORITY")),
            None => {}
        }
        if let Some(f) = &self.future_release {
            lines.push(Cow::Owned(format!("FUTURERELEASE {f}")));
        }
        for (k, params) in &self.other {
            let mut line = k.clone();
            for p in params {
                line.push(' ');
                line.push_str(p);
            }
            lines.push(Cow::Owned(line));
        }
        lines
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
