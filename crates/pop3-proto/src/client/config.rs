//! Settings of a [`Client`](super::Client).

use std::time::Duration;

use crate::parse::ResponseOptions;

/// Settings of a [`Client`](super::Client).
///
/// Every timeout is an `Option<Duration>`: `None` never times out, and so does a
/// duration too long for `Instant` to hold (such as `Duration::MAX`); no value panics.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ClientConfig {
    /// Tolerances for server responses: [`ResponseOptions::lenient`] by default
    /// (`+ok`, `+OKtext`, a bare `+`, bare `LF` after a status line, status lines up
    /// to 8192 octets).
    pub response: ResponseOptions,
    /// Send CAPA (RFC 2449 §5) right after the greeting and again after STLS, and
    /// report [`Event::Ready`](super::Event::Ready) with its answer. Off, `Ready`
    /// follows the greeting with no capabilities, and the client never pipelines.
    pub capa_on_connect: bool,
    /// Most bytes of a CAPA, LIST or UIDL body (unstuffed) the client collects
    /// before it parses it; a longer one is a fatal error. RETR and TOP bodies are
    /// streamed and have no limit.
    pub max_listing_len: usize,
    /// Longest `+ challenge` line of an AUTH exchange, `CRLF` included. RFC 5034 §4:
    /// challenges "may be of arbitrary length", whatever limit other lines have, so
    /// this is apart from [`response`](Self::response)'s `max_line_len` (512 in the
    /// strict grammar), which still bounds the `+OK` or `-ERR` ending the exchange.
    pub max_challenge_len: usize,
    /// Most commands on the wire at once under PIPELINING (at least 1); the rest
    /// wait in the client's queue.
    pub max_in_flight: usize,
    /// Most bytes [`handle_input`](super::Client::handle_input) (or
    /// [`handle_input_bytes`](super::Client::handle_input_bytes)) takes between two
    /// calls of [`poll_event`](super::Client::poll_event) (one call of any size is
    /// always taken): past it the client fails with
    /// [`ConnectionError::InvalidUse`](crate::ConnectionError::InvalidUse), so an
    /// application that reads without polling cannot grow its buffers without bound.
    pub max_buffered: usize,
    /// Wait for the greeting, from [`Client::new`](super::Client::new).
    pub greeting_timeout: Option<Duration>,
    /// Wait for a response once its command has left (and the response before it
    /// has arrived), and between two reads of a multi-line body. RFC 1939 §3 gives
    /// the server 10 minutes of inactivity; the client waits as long.
    pub response_timeout: Option<Duration>,
}

impl ClientConfig {
    /// Lenient parsing, CAPA on connect, a 16 MiB listing limit, 64 KiB SASL
    /// challenges, 32 commands in flight, 4 MiB of input between two polls, a
    /// 5-minute greeting wait and a 10-minute response wait.
    pub fn new() -> Self {
        ClientConfig {
            response: ResponseOptions::lenient(),
            capa_on_connect: true,
            max_listing_len: 16 << 20,
            max_challenge_len: 64 << 10,
            max_in_flight: 32,
            max_buffered: 4 << 20,
            greeting_timeout: Some(Duration::from_secs(300)),
            response_timeout: Some(Duration::from_secs(600)),
        }
    }

    /// The RFC grammar for responses: no tolerance, 512-octet status lines.
    pub fn strict(mut self) -> Self {
        self.response = ResponseOptions::strict();
        self
    }
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self::new()
    }
}
