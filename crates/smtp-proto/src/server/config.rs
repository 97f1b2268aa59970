//! Settings of a [`Server`](super::Server), and the validated values they hold.

use std::fmt;
use std::time::Duration;

use mail_proto_core::dot::BareLineEndings;
use mail_proto_core::sasl::Mechanism;

use crate::error::InvalidValue;
use crate::grammar;
use crate::parse::CommandOptions;
use crate::types::{Capabilities, ReplyText};
pub use mail_proto_core::sasl::CramMd5Challenge;

/// The name a server greets with and puts first in its EHLO reply: an RFC 5321
/// `Domain` in ASCII (A-labels: the greeting goes out before SMTPUTF8 could be
/// negotiated), at most 255 octets with labels of at most 63 (RFC 1035 §2.3.4), and a
/// last label that is not all digits (RFC 3696 §2; a name like `2.0.0` would also read
/// back as an enhanced status code).
///
/// ```
/// use smtp_proto::server::Hostname;
/// assert_eq!(Hostname::new("mx.example.com").unwrap().as_str(), "mx.example.com");
/// assert!(Hostname::new("mx\r\n250 forged").is_err());
/// assert!(Hostname::new("mx example").is_err());
/// assert!(Hostname::new("192.0.2.1").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Hostname(String);

impl Hostname {
    /// A host name; refused unless it is an ASCII `Domain` within the DNS limits and
    /// its last label is not all digits.
    pub fn new(name: impl Into<String>) -> Result<Hostname, InvalidValue> {
        let name = name.into();
        if !name.is_ascii() || !grammar::is_domain_name(&name) {
            return Err(InvalidValue::new(
                "host name",
                "not an ASCII RFC 5321 Domain",
            ));
        }
        if name.len() > 255 || name.split('.').any(|label| label.len() > 63) {
            return Err(InvalidValue::new(
                "host name",
                "longer than 255 octets or a label longer than 63",
            ));
        }
        let last = name.rsplit('.').next().unwrap_or_default();
        if last.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InvalidValue::new("host name", "last label is all digits"));
        }
        Ok(Hostname(name))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Hostname {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Hostname {
    type Err = InvalidValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Hostname::new(s)
    }
}

/// Settings of a [`Server`](super::Server). Build one with [`ServerConfig::new`] and
/// change fields or use the builder methods; no value can make the machine panic.
///
/// The values that go into replies (host name, greeting, capabilities, CRAM-MD5
/// challenge) are validated types, so a bad one is refused when the configuration is
/// built and every reply the machine writes from it is well-formed.
///
/// ```
/// use smtp_proto::server::{CramMd5Challenge, ServerConfig};
/// use smtp_proto::{BareLineEndings, ReplyText};
///
/// let mut config = ServerConfig::new("mx.example.com")?
///     .with_greeting(ReplyText::new("ESMTP ready")?)
///     .with_cram_md5_challenge(CramMd5Challenge::new("<1896.697170952@mx.example.com>")?);
/// config.bare_line_endings = BareLineEndings::Reject;
/// assert_eq!(config.hostname.as_str(), "mx.example.com");
/// assert!(ServerConfig::new("mx\r\n250 forged").is_err());
/// assert!(ReplyText::new("hi\r\n").is_err());
/// # Ok::<(), smtp_proto::InvalidValue>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServerConfig {
    /// The name the server greets with and puts first in the EHLO reply.
    pub hostname: Hostname,
    /// Text after the host name in the 220 greeting (`ESMTP` by default).
    pub greeting: ReplyText,
    /// Speak LMTP (RFC 2033): LHLO instead of EHLO/HELO, one reply per recipient.
    pub lmtp: bool,
    /// Extensions announced in the EHLO reply. STARTTLS is left out once TLS is on,
    /// AUTH before TLS unless [`allow_auth_without_tls`](Self::allow_auth_without_tls),
    /// CRAM-MD5 without a [`cram_md5_challenge`](Self::cram_md5_challenge), and
    /// `SIZE` follows [`max_message_size`](Self::max_message_size).
    pub capabilities: Capabilities,
    /// Largest message accepted, announced as `SIZE`; bigger ones get 552. It wins
    /// over a `SIZE` in [`capabilities`](Self::capabilities); left `None`, a
    /// `capabilities.size` of `Some(Some(n))` becomes the limit (the server enforces
    /// what it announces), and `Some(None)` announces `SIZE` with no limit.
    pub max_message_size: Option<u64>,
    /// Most recipients per transaction (RFC 5321 §4.5.3.1.8 asks for at least 100).
    /// More get `452 4.5.3` (§4.5.3.1.10), which a client handles by sending the rest
    /// in a new transaction: they are not counted as errors.
    pub max_recipients: usize,
    /// Recipients past [`max_recipients`](Self::max_recipients) tolerated in one
    /// transaction before the server says 421 and closes.
    pub max_excess_recipients: usize,
    /// Limits and tolerances for command lines (lenient by default, as Postfix and
    /// Exim are). The MAIL and RCPT limits are raised for the offered extensions.
    pub command: CommandOptions,
    /// What to do with bare CR and LF in a DATA body.
    pub bare_line_endings: BareLineEndings,
    /// Longest line in a DATA body, `CRLF` included (RFC 5321 §4.5.3.1.6: 1000; the
    /// transparency dot does not count); a message with a longer line is read to its
    /// end and refused. `None` accepts any.
    pub max_text_line_len: Option<usize>,
    /// Reject (554, then close) commands sent after a group-ending command, or any
    /// pipelining when PIPELINING was not negotiated, instead of serving them.
    pub strict_pipelining: bool,
    /// How long to wait for the client (RFC 5321 §4.5.3.2.7: at least 5 minutes).
    /// A duration too large for `Instant` (such as `Duration::MAX`) means never.
    pub timeout: Duration,
    /// Protocol errors tolerated before the server says 421 and closes: bad syntax,
    /// bad sequence, unknown verbs, failed or cancelled logins.
    pub max_errors: usize,
    /// Most bytes held unprocessed while the application decides, and most bytes
    /// [`handle_input`](super::Server::handle_input) takes between two calls of
    /// [`poll_event`](super::Server::poll_event) (one call of any size is always
    /// taken). Past either the server says `421 4.7.0` and closes. 1 MiB by default.
    pub max_buffered: usize,
    /// Bytes of one overlong command line the server skips before it gives up on
    /// the peer: it answers `421 4.7.0` and closes, so a line that never ends does
    /// not hold the connection forever (its memory is bounded either way). A
    /// shorter overlong line is refused with `500 5.5.2` once it ends, and the
    /// session goes on. `u64::MAX`: skip any length. 1 MiB by default.
    pub max_line_discard: u64,
    /// Offer and accept AUTH before TLS (RFC 4954 §4 advises against it).
    pub allow_auth_without_tls: bool,
    /// The CRAM-MD5 challenge for this connection (RFC 2195: a fresh msg-id such as
    /// `<1896.697170952@postoffice.example.net>`; the codec has no clock or randomness
    /// to make one). Without it CRAM-MD5 is not offered.
    pub cram_md5_challenge: Option<CramMd5Challenge>,
}

impl ServerConfig {
    /// Defaults for a host name: ESMTP with PIPELINING, 8BITMIME, ENHANCEDSTATUSCODES,
    /// CHUNKING, BINARYMIME, SMTPUTF8 and DSN; lenient parsing as leading servers do;
    /// RFC 5321 limits. Refused if `hostname` is not a valid [`Hostname`].
    pub fn new(hostname: impl Into<String>) -> Result<Self, InvalidValue> {
        Ok(Self::for_hostname(Hostname::new(hostname)?))
    }

    /// [`ServerConfig::new`] for an already validated host name; cannot fail.
    pub fn for_hostname(hostname: Hostname) -> Self {
        let capabilities = Capabilities {
            pipelining: true,
            eight_bit_mime: true,
            enhanced_status_codes: true,
            chunking: true,
            binary_mime: true,
            smtputf8: true,
            dsn: true,
            ..Capabilities::default()
        };
        ServerConfig {
            hostname,
            greeting: ReplyText::from_static("ESMTP"),
            lmtp: false,
            capabilities,
            max_message_size: None,
            max_recipients: 100,
            max_excess_recipients: 1000,
            command: CommandOptions::default(),
            bare_line_endings: BareLineEndings::Keep,
            max_text_line_len: Some(1000),
            strict_pipelining: false,
            timeout: Duration::from_secs(300),
            max_errors: 20,
            max_buffered: 1 << 20,
            max_line_discard: 1 << 20,
            allow_auth_without_tls: false,
            cram_md5_challenge: None,
        }
    }

    /// The pure RFC 5321 grammar: every parsing tolerance off (the limits stay).
    pub fn strict(mut self) -> Self {
        let c = &self.command;
        let limits = (
            c.max_line_len,
            c.max_auth_line_len,
            c.max_mail_line_len,
            c.max_rcpt_line_len,
        );
        self.command = CommandOptions::strict();
        let c = &mut self.command;
        (
            c.max_line_len,
            c.max_auth_line_len,
            c.max_mail_line_len,
            c.max_rcpt_line_len,
        ) = limits;
        self
    }

    /// Offers and accepts AUTH before TLS.
    pub fn allow_auth_without_tls(mut self) -> Self {
        self.allow_auth_without_tls = true;
        self
    }

    /// Sets the capabilities.
    pub fn with_capabilities(mut self, capabilities: Capabilities) -> Self {
        self.capabilities = capabilities;
        self
    }

    /// Sets the largest message accepted.
    pub fn with_max_message_size(mut self, max: u64) -> Self {
        self.max_message_size = Some(max);
        self
    }

    /// Speaks LMTP.
    pub fn lmtp(mut self) -> Self {
        self.lmtp = true;
        self
    }

    /// Sets the text after the host name in the 220 greeting. A [`ReplyText`] is
    /// checked when it is made (no control character, at most 250 octets).
    pub fn with_greeting(mut self, greeting: ReplyText) -> Self {
        self.greeting = greeting;
        self
    }

    /// Sets the CRAM-MD5 challenge for this connection and offers CRAM-MD5 in AUTH
    /// (as pop3-proto's `with_cram_md5_challenge` does).
    pub fn with_cram_md5_challenge(mut self, challenge: CramMd5Challenge) -> Self {
        self.cram_md5_challenge = Some(challenge);
        if !self.capabilities.auth.contains(&Mechanism::CramMd5) {
            self.capabilities.auth.push(Mechanism::CramMd5);
        }
        self
    }
}
