//! Settings of a [`Client`](super::Client) and the message envelope.

use std::time::Duration;

use crate::parse::ReplyOptions;
use crate::types::{Domain, ForwardPath, MailParams, RcptParams, ReversePath};

/// Settings of a [`Client`](super::Client).
///
/// Every timeout is an `Option<Duration>`: `None` never times out, and so does a
/// duration too long for `Instant` to hold (such as `Duration::MAX`); no value panics.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ClientConfig {
    /// The name sent in EHLO/HELO/LHLO.
    pub hello_domain: Domain<'static>,
    /// Speak LMTP (RFC 2033).
    pub lmtp: bool,
    /// Open with HELO instead of EHLO (RFC 5321 §4.1.1.1), for a server known to
    /// predate ESMTP: no extension is used, as after the EHLO-refused fallback. Off by
    /// default; ignored with [`lmtp`](Self::lmtp), which always says LHLO.
    pub helo: bool,
    /// Tolerances for server replies (lenient by default).
    pub reply: ReplyOptions,
    /// Send bodies with BDAT whenever the server offers CHUNKING.
    pub prefer_bdat: bool,
    /// Send a bare CR or LF in a body as CRLF, with DATA and BDAT alike (on by
    /// default: RFC 5321 §2.3.8 says a client must not send them). A body declared
    /// `BODY=BINARYMIME` always goes out unchanged.
    ///
    /// Off, bare CR and LF go out as they are, and DATA stuffs a dot only at the
    /// start of a `CRLF` line ([`DotStuffer::crlf_lines`](mail_proto_core::dot::DotStuffer::crlf_lines)),
    /// as a server that keeps bare line endings unstuffs: `x LF . y LF` arrives byte
    /// for byte. A server that wrongly splits lines on a bare `LF` could then read
    /// `LF . CRLF` in such a body as its end, so leave this on unless the body is
    /// known to hold no bare line ending before a dot.
    pub normalize_line_endings: bool,
    /// How many bytes of output the client may hold before
    /// [`wants_body`](super::Client::wants_body) says "no more for now": the
    /// back-pressure point of a streamed body.
    pub body_high_water: usize,
    /// Most bytes [`handle_input`](super::Client::handle_input) takes between two
    /// calls of [`poll_event`](super::Client::poll_event) (one call of any size is
    /// always taken): past it the client fails with
    /// [`ConnectionError::InvalidUse`](crate::ConnectionError::InvalidUse), so an
    /// application that reads without polling cannot grow its buffers without bound.
    pub max_buffered: usize,
    /// Initial 220 wait (RFC 5321 §4.5.3.2.1: 5 minutes).
    pub greeting_timeout: Option<Duration>,
    /// Wait for MAIL, RCPT and every other command's reply (§4.5.3.2.2-3: 5 minutes).
    pub command_timeout: Option<Duration>,
    /// Wait for the 354 reply to DATA (§4.5.3.2.4: 2 minutes).
    pub data_init_timeout: Option<Duration>,
    /// While a body is being sent and no reply is awaited: the longest time between
    /// two transmits of body bytes (§4.5.3.2.5: 3 minutes).
    pub data_block_timeout: Option<Duration>,
    /// Wait for the reply after the end of data or `BDAT LAST` (§4.5.3.2.6: 10 minutes).
    pub data_end_timeout: Option<Duration>,
}

/// The default [`ClientConfig::max_buffered`]: 4 MiB.
pub const DEFAULT_MAX_BUFFERED: usize = 4 << 20;

/// The default [`ClientConfig::body_high_water`]: 256 KiB.
pub const DEFAULT_BODY_HIGH_WATER: usize = mail_proto_core::outgoing::DEFAULT_HIGH_WATER;

impl ClientConfig {
    /// Defaults for the given client name, with the RFC 5321 timeouts.
    pub fn new(hello_domain: Domain<'static>) -> Self {
        ClientConfig {
            hello_domain,
            lmtp: false,
            helo: false,
            reply: ReplyOptions::default(),
            prefer_bdat: false,
            normalize_line_endings: true,
            max_buffered: DEFAULT_MAX_BUFFERED,
            body_high_water: DEFAULT_BODY_HIGH_WATER,
            greeting_timeout: Some(Duration::from_secs(300)),
            command_timeout: Some(Duration::from_secs(300)),
            data_init_timeout: Some(Duration::from_secs(120)),
            data_block_timeout: Some(Duration::from_secs(180)),
            data_end_timeout: Some(Duration::from_secs(600)),
        }
    }
}

/// One message's envelope.
///
/// Parameters the caller leaves unset are filled in from the message and the
/// server's capabilities (see [`Client::send_message`](super::Client::send_message)).
/// Built with [`Envelope::new`] and its builders; the fields stay public to read and
/// change.
///
/// ```
/// use smtp_proto::client::Envelope;
/// use smtp_proto::{ForwardPath, Mailbox, MailParams, RcptParams, ReversePath};
///
/// let me = Mailbox::parse("me@client.example").unwrap().into_owned();
/// let you = Mailbox::parse("you@mx.example.com").unwrap().into_owned();
/// let env = Envelope::new(ReversePath::Mailbox(me))
///     .to(ForwardPath::Mailbox(you))
///     .rcpt(ForwardPath::Postmaster, RcptParams::default());
/// assert_eq!(env.recipients.len(), 2);
/// assert_eq!(env.params, MailParams::default());
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Envelope {
    /// MAIL FROM.
    pub from: ReversePath<'static>,
    /// MAIL parameters.
    pub params: MailParams<'static>,
    /// RCPT TO and their parameters, in order.
    pub recipients: Vec<(ForwardPath<'static>, RcptParams<'static>)>,
    /// The message goes to every recipient or to none: see
    /// [`all_or_nothing`](Self::all_or_nothing). Off by default (the message goes to
    /// the recipients the server accepts).
    pub all_or_nothing: bool,
}

impl Envelope {
    /// An envelope from `from` with no parameters and no recipients yet.
    pub fn new(from: ReversePath<'static>) -> Self {
        Envelope {
            from,
            params: MailParams::default(),
            recipients: Vec::new(),
            all_or_nothing: false,
        }
    }

    /// The MAIL parameters (those left unset are still filled in when sending).
    pub fn params(mut self, params: MailParams<'static>) -> Self {
        self.params = params;
        self
    }

    /// One more recipient, without RCPT parameters.
    pub fn to(self, path: ForwardPath<'static>) -> Self {
        self.rcpt(path, RcptParams::default())
    }

    /// One more recipient with its RCPT parameters.
    pub fn rcpt(mut self, path: ForwardPath<'static>, params: RcptParams<'static>) -> Self {
        self.recipients.push((path, params));
        self
    }

    /// Sends the message only if the server accepts every recipient: after one
    /// refused RCPT the client gives the transaction up with RSET instead of DATA or
    /// BDAT (as the client in RFC 5321 Appendix D.2 does), and reports
    /// [`Event::TransactionFailed`](super::Event::TransactionFailed). Under PIPELINING
    /// the RCPTs still go in one group, but DATA (or the first BDAT chunk) waits for
    /// their replies: once DATA has its 354 a message cannot be withdrawn.
    pub fn all_or_nothing(mut self) -> Self {
        self.all_or_nothing = true;
        self
    }
}
