//! Settings of a [`Server`](super::Server).

use std::time::Duration;

pub use mail_proto_core::sasl::CramMd5Challenge;
use mail_proto_core::sasl::Mechanism;

use crate::parse::CommandOptions;
use crate::types::{Capabilities, Capability, Text, Timestamp};

/// Settings of a [`Server`](super::Server). Build one with [`ServerConfig::new`] and
/// change fields or use the builder methods; no value can make the machine panic.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServerConfig {
    /// Text of the `+OK` greeting, before the APOP timestamp (checked when it is
    /// made: no `CR`, `LF` or `NUL`, at most [`MAX_TEXT_LEN`](crate::MAX_TEXT_LEN)
    /// octets). With a timestamp it is shortened, if need be, so that the line stays
    /// within 512 octets; a timestamp too long for the line is not offered.
    pub greeting: Text<'static>,
    /// The APOP timestamp for this connection (RFC 1939 §7: a fresh msg-id such as
    /// `<1896.697170952@dbc.mtview.ca.us>`; the codec has no clock or randomness to
    /// make one). Without one APOP is refused. A [`Timestamp`] is checked when it
    /// is made, so the greeting always carries the one given here.
    pub apop_timestamp: Option<Timestamp<'static>>,
    /// Capabilities announced by CAPA, in this order. Two the machine manages
    /// itself: SASL (from [`sasl`](Self::sasl), only where logins are allowed) and
    /// STLS (from [`stls`](Self::stls), not after TLS or login); a `SASL` or `STLS`
    /// entry here only says where they go (its contents are ignored), and without one
    /// they go last, SASL then STLS. `USER` is left out where logins are not allowed.
    /// The machine answers pipelined commands in order whether or not `PIPELINING`
    /// is announced (the default list has it, last).
    pub capabilities: Capabilities<'static>,
    /// SASL mechanisms accepted by AUTH (RFC 5034). CRAM-MD5 needs
    /// [`cram_md5_challenge`](Self::cram_md5_challenge).
    pub sasl: Vec<Mechanism>,
    /// The CRAM-MD5 challenge for this connection: a fresh msg-id (RFC 2195 §2),
    /// the same type the SMTP server takes.
    pub cram_md5_challenge: Option<CramMd5Challenge>,
    /// Offer STLS (RFC 2595 §4).
    pub stls: bool,
    /// Accept USER/PASS, APOP and AUTH before TLS (RFC 2595 §2.2 advises against
    /// plaintext passwords).
    pub allow_login_without_tls: bool,
    /// Limits and tolerances for command lines (RFC 2449 §4 limits; bare `LF`
    /// accepted by default).
    pub command: CommandOptions,
    /// Longest line of an AUTH exchange from the client, `CRLF` included.
    pub max_auth_line_len: usize,
    /// The inactivity timer (RFC 1939 §3: at least 10 minutes). A duration too
    /// large for `Instant` (such as `Duration::MAX`) means never.
    pub timeout: Duration,
    /// Protocol errors tolerated before the server says `-ERR` and closes.
    pub max_errors: usize,
    /// Most bytes held unprocessed while the application decides, and most bytes
    /// [`handle_input`](super::Server::handle_input) takes between two calls of
    /// [`poll_event`](super::Server::poll_event) (one call of any size is always
    /// taken). Past either the server says `-ERR` and closes. 1 MiB by default.
    pub max_buffered: usize,
    /// The back-pressure point of a RETR or TOP body fed in chunks: the server
    /// [`wants_body`](super::Server::wants_body) while its queued output is below
    /// it (256 KiB by default).
    pub body_high_water: usize,
    /// Bytes of one overlong line the server skips before it gives up on the peer:
    /// it answers `-ERR Line too long, closing` and closes, so a line that never
    /// ends does not hold the connection forever (its memory is bounded either way).
    /// A shorter overlong line is refused with `-ERR Line too long` once it ends,
    /// and the session goes on. `u64::MAX`: skip any length.
    pub max_line_discard: u64,
}

impl ServerConfig {
    /// Defaults: USER, TOP, UIDL, RESP-CODES, AUTH-RESP-CODE and PIPELINING
    /// announced; SASL PLAIN and LOGIN; no STLS; 10-minute timer; RFC 2449 limits.
    pub fn new() -> Self {
        ServerConfig {
            greeting: Text::from_static("POP3 server ready"),
            apop_timestamp: None,
            capabilities: Capabilities::new(vec![
                Capability::Top,
                Capability::User,
                Capability::Uidl,
                Capability::RespCodes,
                Capability::AuthRespCode,
                Capability::Pipelining,
            ]),
            sasl: vec![Mechanism::Plain, Mechanism::Login],
            cram_md5_challenge: None,
            stls: false,
            allow_login_without_tls: false,
            command: CommandOptions::lenient(),
            max_auth_line_len: 8192,
            timeout: Duration::from_secs(600),
            max_errors: 10,
            max_buffered: 1 << 20,
            max_line_discard: 1 << 20,
            body_high_water: mail_proto_core::outgoing::DEFAULT_HIGH_WATER,
        }
    }

    /// The pure RFC grammar: bare `LF` refused.
    pub fn strict(mut self) -> Self {
        self.command.allow_bare_lf = false;
        self
    }

    /// Sets the greeting's text.
    pub fn with_greeting(mut self, text: Text<'static>) -> Self {
        self.greeting = text;
        self
    }

    /// Sets the APOP timestamp for this connection.
    pub fn with_apop_timestamp(mut self, timestamp: Timestamp<'static>) -> Self {
        self.apop_timestamp = Some(timestamp);
        self
    }

    /// Offers STLS.
    pub fn with_stls(mut self) -> Self {
        self.stls = true;
        self
    }

    /// Accepts logins before TLS.
    pub fn allow_login_without_tls(mut self) -> Self {
        self.allow_login_without_tls = true;
        self
    }

    /// Sets the CRAM-MD5 challenge and accepts CRAM-MD5.
    pub fn with_cram_md5_challenge(mut self, challenge: CramMd5Challenge) -> Self {
        self.cram_md5_challenge = Some(challenge);
        if !self.sasl.contains(&Mechanism::CramMd5) {
            self.sasl.push(Mechanism::CramMd5);
        }
        self
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self::new()
    }
}
