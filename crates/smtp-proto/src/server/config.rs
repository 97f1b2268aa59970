//! Settings of a [`Server`](super::Server).

use std::time::Duration;

use mail_proto_core::dot::BareLineEndings;

use crate::parse::CommandOptions;
use crate::types::Capabilities;

/// Settings of a [`Server`](super::Server).
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The name the server greets with and puts first in the EHLO reply.
    pub hostname: String,
    /// Text after the host name in the 220 greeting.
    pub greeting: String,
    /// Speak LMTP (RFC 2033): LHLO instead of EHLO/HELO, one reply per recipient.
    pub lmtp: bool,
    /// Extensions announced in the EHLO reply. STARTTLS is left out once TLS is on,
    /// and `SIZE` follows [`max_message_size`](Self::max_message_size).
    pub capabilities: Capabilities,
    /// Largest message accepted, announced as `SIZE`; bigger ones get 552.
    pub max_message_size: Option<u64>,
    /// Most recipients per transaction (RFC 5321 §4.5.3.1.8 asks for at least 100).
    pub max_recipients: usize,
    /// Limits and tolerances for command lines.
    pub command: CommandOptions,
    /// What to do with bare CR and LF in a DATA body.
    pub bare_line_endings: BareLineEndings,
    /// Longest line in a DATA body, `CRLF` included (RFC 5321 §4.5.3.1.6: 1000); a
    /// message with a longer line is read to its end and refused. `None` accepts any.
    pub max_text_line_len: Option<usize>,
    /// Reject (554, then close) commands sent after a group-ending command, or any
    /// pipelining when PIPELINING was not negotiated, instead of serving them.
    pub strict_pipelining: bool,
    /// How long to wait for the client (RFC 5321 §4.5.3.2.7: at least 5 minutes).
    pub timeout: Duration,
    /// Bad commands tolerated before the server says 421 and closes.
    pub max_errors: usize,
    /// Most bytes held unprocessed while the application decides.
    pub max_buffered: usize,
}

impl ServerConfig {
    /// Defaults for a host name: ESMTP with PIPELINING, 8BITMIME, ENHANCEDSTATUSCODES,
    /// CHUNKING, BINARYMIME, SMTPUTF8 and DSN; strict parsing; RFC 5321 limits.
    pub fn new(hostname: impl Into<String>) -> Self {
        ServerConfig {
            hostname: hostname.into(),
            greeting: "ESMTP".into(),
            lmtp: false,
            capabilities: Capabilities {
                pipelining: true,
                eight_bit_mime: true,
                enhanced_status_codes: true,
                chunking: true,
                binary_mime: true,
                smtputf8: true,
                dsn: true,
                ..Capabilities::default()
            },
            max_message_size: None,
            max_recipients: 100,
            command: CommandOptions::default(),
            bare_line_endings: BareLineEndings::Keep,
            max_text_line_len: Some(1000),
            strict_pipelining: false,
            timeout: Duration::from_secs(300),
            max_errors: 20,
            max_buffered: 1 << 20,
        }
    }
}
