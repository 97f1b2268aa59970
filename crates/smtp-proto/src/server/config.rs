//! Settings of a [`Server`](super::Server).

use std::time::Duration;

use mail_proto_core::dot::BareLineEndings;

use crate::parse::CommandOptions;
use crate::types::Capabilities;

/// Settings of a [`Server`](super::Server). Build one with [`ServerConfig::new`] and
/// change fields or use the builder methods; no value can make the machine panic.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServerConfig {
    /// The name the server greets with and puts first in the EHLO reply.
    pub hostname: String,
    /// Text after the host name in the 220 greeting.
    pub greeting: String,
    /// Speak LMTP (RFC 2033): LHLO instead of EHLO/HELO, one reply per recipient.
    pub lmtp: bool,
    /// Extensions announced in the EHLO reply. STARTTLS is left out once TLS is on,
    /// AUTH before TLS unless [`allow_auth_without_tls`](Self::allow_auth_without_tls),
    /// CRAM-MD5 without a [`cram_md5_challenge`](Self::cram_md5_challenge), and
    /// `SIZE` follows [`max_message_size`](Self::max_message_size).
    pub capabilities: Capabilities,
    /// Largest message accepted, announced as `SIZE`; bigger ones get 552.
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
    /// Most bytes held unprocessed while the application decides.
    pub max_buffered: usize,
    /// Offer and accept AUTH before TLS (RFC 4954 §4 advises against it).
    pub allow_auth_without_tls: bool,
    /// The CRAM-MD5 challenge for this connection (RFC 2195: a fresh msg-id such as
    /// `<1896.697170952@postoffice.example.net>`; the codec has no clock or randomness
    /// to make one). Without it CRAM-MD5 is not offered.
    pub cram_md5_challenge: Option<String>,
}

impl ServerConfig {
    /// Defaults for a host name: ESMTP with PIPELINING, 8BITMIME, ENHANCEDSTATUSCODES,
    /// CHUNKING, BINARYMIME, SMTPUTF8 and DSN; lenient parsing as leading servers do;
    /// RFC 5321 limits.
    pub fn new(hostname: impl Into<String>) -> Self {
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
            hostname: hostname.into(),
            greeting: "ESMTP".into(),
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

    /// Sets the CRAM-MD5 challenge for this connection.
    pub fn with_cram_md5_challenge(mut self, challenge: impl Into<String>) -> Self {
        self.cram_md5_challenge = Some(challenge.into());
        self
    }
}
