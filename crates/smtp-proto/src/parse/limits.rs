//! MAIL and RCPT line limits that follow the offered extensions.
//!
//! RFC 5321 §4.5.3.1.4 limits a command line to 512 octets and lets each extension
//! lengthen it by what its parameters need; a server that offers DSN but refuses a
//! 563-octet RCPT line with an ORCPT breaks DSN.

use crate::types::Capabilities;

/// The longest MAIL and RCPT lines, `CRLF` included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct LineLimits {
    /// Longest `MAIL FROM:` line.
    pub mail: usize,
    /// Longest `RCPT TO:` line.
    pub rcpt: usize,
}

impl Default for LineLimits {
    /// 512 each: no extension offered.
    fn default() -> Self {
        LineLimits {
            mail: Self::BASE,
            rcpt: Self::BASE,
        }
    }
}

impl LineLimits {
    /// RFC 5321 §4.5.3.1.4: 512 octets, `CRLF` included.
    pub const BASE: usize = 512;

    /// The limits for a server that offers `capabilities`, adding for each extension
    /// the longest parameters it allows:
    ///
    /// | extension | MAIL | RCPT | why |
    /// |---|---|---|---|
    /// | SIZE | +26 | | RFC 1870 §3 |
    /// | 8BITMIME, BINARYMIME | +16 | | ` BODY=BINARYMIME` (RFC 6152, RFC 3030) |
    /// | SMTPUTF8 | +10 | | ` SMTPUTF8` (RFC 6531) |
    /// | DSN | +116 | +536 | ` RET=HDRS`, ` ENVID=` and 100 octets; ` NOTIFY=SUCCESS,FAILURE,DELAY`, ` ORCPT=` and 500 octets (RFC 3461) |
    /// | AUTH | +500 | | RFC 4954 §5 |
    /// | REQUIRETLS | +11 | | ` REQUIRETLS` (RFC 8689) |
    /// | MT-PRIORITY | +15 | | ` MT-PRIORITY=-9` (RFC 6710) |
    /// | DELIVERBY | +17 | | ` BY=-999999999;RT` (RFC 2852) |
    /// | FUTURERELEASE | +51 | | ` HOLDUNTIL=` and a 40-octet date-time (RFC 4865) |
    /// | RRVS | | +48 | ` RRVS=`, a 40-octet date-time and `;C` (RFC 7293) |
    ///
    /// ```
    /// use smtp_proto::{Capabilities, LineLimits};
    /// let mut caps = Capabilities::default();
    /// caps.dsn = true;
    /// caps.size = Some(Some(10_000_000));
    /// let limits = LineLimits::for_capabilities(&caps);
    /// assert_eq!((limits.mail, limits.rcpt), (512 + 26 + 116, 512 + 536));
    /// ```
    pub fn for_capabilities(capabilities: &Capabilities) -> Self {
        let c = capabilities;
        let add = |on: bool, n: usize| if on { n } else { 0 };
        let mail = add(c.size.is_some(), 26)
            + add(c.eight_bit_mime || c.binary_mime, 16)
            + add(c.smtputf8, 10)
            + add(c.dsn, 9 + 7 + 100)
            + add(!c.auth.is_empty(), 500)
            + add(c.requiretls, 11)
            + add(c.mt_priority.is_some(), 15)
            + add(c.deliver_by.is_some(), 17)
            + add(c.future_release.is_some(), 11 + 40);
        let rcpt = add(c.dsn, 29 + 7 + 500) + add(c.has("RRVS"), 6 + 40 + 2);
        LineLimits {
            mail: Self::BASE + mail,
            rcpt: Self::BASE + rcpt,
        }
    }
}
