//! Settings of a [`Client`](super::Client) and the message envelope.

use std::time::Duration;

use crate::parse::ReplyOptions;
use crate::types::{Domain, ForwardPath, MailParams, RcptParams, ReversePath};

/// Settings of a [`Client`](super::Client).
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The name sent in EHLO/HELO/LHLO.
    pub hello_domain: Domain<'static>,
    /// Speak LMTP (RFC 2033).
    pub lmtp: bool,
    /// Tolerances for server replies (lenient by default).
    pub reply: ReplyOptions,
    /// Send bodies with BDAT whenever the server offers CHUNKING.
    pub prefer_bdat: bool,
    /// Send a bare CR or LF in a body as CRLF.
    pub normalize_line_endings: bool,
    /// Initial 220 wait (RFC 5321 §4.5.3.2.1: 5 minutes).
    pub greeting_timeout: Duration,
    /// Wait for MAIL, RCPT and other command replies (§4.5.3.2.2-3: 5 minutes).
    pub command_timeout: Duration,
    /// Wait for the 354 reply to DATA (§4.5.3.2.4: 2 minutes).
    pub data_init_timeout: Duration,
    /// Wait for the reply after the end of data (§4.5.3.2.6: 10 minutes).
    pub data_end_timeout: Duration,
}

impl ClientConfig {
    /// Defaults for the given client name, with the RFC 5321 timeouts.
    pub fn new(hello_domain: Domain<'static>) -> Self {
        ClientConfig {
            hello_domain,
            lmtp: false,
            reply: ReplyOptions::default(),
            prefer_bdat: false,
            normalize_line_endings: false,
            greeting_timeout: Duration::from_secs(300),
            command_timeout: Duration::from_secs(300),
            data_init_timeout: Duration::from_secs(120),
            data_end_timeout: Duration::from_secs(600),
        }
    }
}

/// One message to send: envelope and body.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// MAIL FROM.
    pub from: ReversePath<'static>,
    /// MAIL parameters.
    pub params: MailParams<'static>,
    /// RCPT TO and their parameters, in order.
    pub recipients: Vec<(ForwardPath<'static>, RcptParams<'static>)>,
}
