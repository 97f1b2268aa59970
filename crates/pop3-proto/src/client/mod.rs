//! The client state machine: no sockets, no clock, no threads.
//!
//! It reads the greeting (keeping the APOP timestamp), asks CAPA and reports
//! [`Event::Ready`] with the typed capabilities; then the application may call
//! [`Client::stls`], log in with [`Client::login`] (USER/PASS), [`Client::apop`] or
//! [`Client::authenticate`] (SASL, RFC 5034), and, once [`Event::LoggedIn`] came,
//! use the TRANSACTION commands ([`stat`](Client::stat), [`list`](Client::list),
//! [`uidl`](Client::uidl), [`retr`](Client::retr), [`top`](Client::top),
//! [`dele`](Client::dele), [`noop`](Client::noop), [`rset`](Client::rset)) and
//! [`quit`](Client::quit). Commands may be called at any time the state allows:
//! when the server offers PIPELINING (RFC 2449 §6.6) they go out at once, else one at
//! a time, the rest waiting in the client's queue; STLS and AUTH are never pipelined
//! past. Responses come back as events, in order, typed by the command they answer
//! (the client knows from its own command whether a response is multi-line); RETR
//! and TOP bodies stream out as dot-unstuffed `Bytes` sharing the input buffer.
//!
//! Time is injected: `now` comes with construction (the greeting timer starts
//! there), with every input and with every transmit (a response's timer starts when
//! its command's bytes leave), so [`Client::poll_timeout`] is always current.
//!
//! A complete run loop, here against a scripted server on a virtual clock:
//!
//! ```
//! use std::time::{Duration, Instant};
//! use mail_proto_core::Secret;
//! use pop3_proto::client::{Client, ClientConfig, Event};
//! use pop3_proto::MessageNumber;
//!
//! # fn main() -> Result<(), pop3_proto::ConnectionError> {
//! let mut now = Instant::now();
//! let mut client = Client::new(ClientConfig::new(), now);
//! assert_eq!(client.poll_timeout(), Some(now + Duration::from_secs(300)));
//!
//! // what the server says, one read for each thing the client sends
//! let mut server = vec![
//!     "+OK POP3 ready <1896.697170952@dbc.mtview.ca.us>\r\n",
//!     "+OK\r\nUSER\r\nUIDL\r\n.\r\n",
//!     "+OK maildrop has 1 message\r\n",
//!     "+OK 1 24\r\n",
//!     "+OK message follows\r\nSubject: hi\r\n\r\n..dot\r\n.\r\n",
//!     "+OK bye\r\n",
//! ]
//! .into_iter();
//! let mut wire = Vec::new();
//! let mut body = Vec::new();
//! let one = MessageNumber::new(1).expect("not 0");
//! let mut read = |client: &mut Client, now| match server.next() {
//!     Some(bytes) => client.handle_input(now, bytes.as_bytes()),
//!     None => Ok(()),
//! };
//! read(&mut client, now)?;
//! while !client.is_closed() {
//!     while let Some(event) = client.poll_event() {
//!         match event? {
//!             Event::Ready(_) => client.apop("mrose", &Secret::new("tanstaaf"))?,
//!             Event::LoggedIn { .. } => client.stat()?,
//!             Event::Stat(stat) if stat.count == 1 => client.retr(one)?,
//!             Event::BodyChunk(chunk) => body.extend_from_slice(&chunk),
//!             Event::BodyEnd => client.quit()?,
//!             _ => {}
//!         }
//!     }
//!     let mut sent = false;
//!     while let Some(bytes) = client.poll_transmit(now) {
//!         wire.extend_from_slice(&bytes); // a socket write
//!         sent = true;
//!     }
//!     if sent {
//!         now += Duration::from_millis(10);
//!         read(&mut client, now)?; // the server's answer arrives
//!     } else if let Some(deadline) = client.poll_timeout() {
//!         now = deadline; // nothing to do but wait
//!         client.handle_timeout(now);
//!     } else {
//!         break; // waiting for nothing: a real loop would wait for the application
//!     }
//! }
//! assert_eq!(body, b"Subject: hi\r\n\r\n.dot\r\n");
//! assert_eq!(
//!     wire,
//!     b"CAPA\r\nAPOP mrose c4c9334bac560ecc979e58001b3e22fb\r\nSTAT\r\nRETR 1\r\nQUIT\r\n"
//! );
//! # Ok(())
//! # }
//! ```

mod auth;
mod body;
mod commands;
mod config;
mod event;
mod pending;
mod responses;

pub use config::ClientConfig;
pub use event::{Event, Request};

use std::collections::VecDeque;
use std::time::Instant;

use bytes::{Bytes, BytesMut};
use mail_proto_core::dot::Piece;
use mail_proto_core::line::LineFramer;
use mail_proto_core::machine::Core;
use mail_proto_core::sasl::SaslClient;

use crate::encode::encode_command;
use crate::error::ConnectionError;
use crate::types::{Capabilities, Command, Greeting};
use body::BodyReader;
use pending::{Expect, Pending};

/// The RFC 1939 session states, as far as the client knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the greeting.
    Greeting,
    /// AUTHORIZATION (RFC 1939 §4).
    Authorization,
    /// TRANSACTION (RFC 1939 §5): a login succeeded.
    Transaction,
}

/// A command encoded (and so checked) when the application asked for it, waiting
/// for its turn on the wire. Its line may hold a password: never printed.
struct Outgoing {
    request: Request,
    line: Bytes,
}

/// A POP3 client connection, without I/O. `Debug` shows the state, never the
/// bytes queued (they may hold a password).
pub struct Client {
    config: ClientConfig,
    core: Core<Event, ConnectionError>,
    framer: LineFramer,
    pending: Pending,
    queue: VecDeque<Outgoing>,
    /// Where commands are encoded before they are queued.
    scratch: BytesMut,
    /// The time of the latest input.
    now: Instant,
    phase: Phase,
    greeting: Option<Greeting<'static>>,
    capabilities: Capabilities<'static>,
    /// The server answered CAPA with `+OK`: `capabilities` is what it offers.
    capa_known: bool,
    /// [`Event::Ready`] has been reported (and not invalidated by STLS).
    ready: bool,
    tls: bool,
    /// The server said `+OK` to STLS; the handshake is the application's.
    upgrade_pending: bool,
    sasl: Option<SaslClient>,
    body: Option<BodyReader>,
    /// Reused for the pieces of each body read, so a read allocates no list.
    pieces: Vec<Piece>,
    /// Where a `&[u8]` read of a streamed body is unstuffed into, one chunk per
    /// read; its memory is reused once the application drops the chunks.
    body_out: BytesMut,
    quit: bool,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("phase", &self.phase)
            .field("ready", &self.ready)
            .field("tls", &self.tls)
            .field("upgrade_pending", &self.upgrade_pending)
            .field("pending", &self.pending)
            .field(
                "queued",
                &self.queue.iter().map(|o| o.request).collect::<Vec<_>>(),
            )
            .field("quit", &self.quit)
            .field("closed", &self.core.is_closed())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A new connection at `now`, waiting for the server's greeting (its timer runs
    /// from `now`).
    pub fn new(config: ClientConfig, now: Instant) -> Self {
        Client {
            framer: LineFramer::new(config.response.max_line_len),
            core: Core::new(),
            pending: Pending::new(config.greeting_timeout, config.response_timeout, now),
            queue: VecDeque::new(),
            scratch: BytesMut::new(),
            now,
            phase: Phase::Greeting,
            greeting: None,
            capabilities: Capabilities::default(),
            capa_known: false,
            ready: false,
            tls: false,
            upgrade_pending: false,
            sasl: None,
            body: None,
            pieces: Vec::new(),
            body_out: BytesMut::new(),
            quit: false,
            config,
        }
    }

    /// The server's greeting, once it came.
    pub fn greeting(&self) -> Option<&Greeting<'static>> {
        self.greeting.as_ref()
    }

    /// The capabilities of the latest CAPA answer (empty before it, or if the
    /// server refused CAPA).
    pub fn capabilities(&self) -> &Capabilities<'static> {
        &self.capabilities
    }

    /// True in the TRANSACTION state: a login succeeded.
    pub fn is_logged_in(&self) -> bool {
        self.phase == Phase::Transaction
    }

    /// True after STLS (or [`set_tls`](Self::set_tls)).
    pub fn is_tls(&self) -> bool {
        self.tls
    }

    /// Tells the client TLS is already on (implicit TLS, port 995): STLS is not
    /// offered to the application.
    pub fn set_tls(&mut self) {
        self.tls = true;
    }

    /// True once the session is over.
    pub fn is_closed(&self) -> bool {
        self.core.is_closed()
    }

    /// True when the client is ready and nothing is awaited or queued.
    pub fn is_idle(&self) -> bool {
        self.ready_check().is_ok() && self.pending.is_empty() && self.queue.is_empty()
    }

    /// Commands accepted and not yet handed to [`poll_transmit`](Self::poll_transmit)
    /// (waiting for their turn when the server does not pipeline).
    pub fn queued_commands(&self) -> usize {
        self.queue.len()
    }

    /// Takes bytes received from the server at `now`, split anywhere. Responses are
    /// read by [`poll_event`](Self::poll_event). Between [`Event::TlsUpgrade`] and
    /// [`tls_established`](Self::tls_established) input is dropped: it is not POP3.
    ///
    /// While a RETR or TOP body streams, a read is unstuffed as it is taken: its
    /// bytes are copied once, and its part of the body comes out as one
    /// [`Event::BodyChunk`].
    pub fn handle_input(&mut self, now: Instant, bytes: &[u8]) -> Result<(), ConnectionError> {
        self.input(now, bytes, None)
    }

    /// Like [`handle_input`](Self::handle_input), for a reader that holds its reads
    /// as [`Bytes`]: while a RETR or TOP body streams, each run of 4 KiB or more
    /// between stuffed dots is a slice of `bytes`, not copied at all; shorter runs
    /// (a body dense with dot lines) are copied once, together, into one chunk,
    /// which costs less than a shared slice and an event each.
    pub fn handle_input_bytes(
        &mut self,
        now: Instant,
        bytes: Bytes,
    ) -> Result<(), ConnectionError> {
        self.input(now, &bytes, Some(&bytes))
    }

    fn input(
        &mut self,
        now: Instant,
        mut bytes: &[u8],
        shared: Option<&Bytes>,
    ) -> Result<(), ConnectionError> {
        self.now = now;
        if self.upgrade_pending {
            return self.core.check();
        }
        if self.core.unpolled_input() > self.config.max_buffered as u64 {
            self.core.fail(ConnectionError::InvalidUse(
                "more than max_buffered bytes of input without poll_event",
            ));
        }
        self.core.check()?;
        if !bytes.is_empty() && self.streams_directly() {
            let body = self.read_body_direct(bytes, shared);
            bytes = &bytes[body..];
        }
        self.core.receive(bytes)
    }

    /// The next event, or `None` when more input (or an application call) is needed.
    /// After a fatal error it returns the error once, then `None`.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Result<Event, ConnectionError>> {
        Core::poll_event(self, |m| &mut m.core, Client::read_step)
    }

    /// The next bytes to write to the server, handed out at `now`: the timers of the
    /// responses to the commands in them start here.
    #[must_use]
    pub fn poll_transmit(&mut self, now: Instant) -> Option<Bytes> {
        let out = self.core.poll_transmit()?;
        self.pending.on_transmit(now, self.core.bytes_out());
        Some(out)
    }

    /// Checks the response timer at `now`: one that has expired is a fatal
    /// [`ConnectionError::Timeout`], reported by [`poll_event`](Self::poll_event).
    /// Idempotent: an early, spurious or repeated call does nothing.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.core.is_failed() || self.core.is_closed() {
            return;
        }
        if let Some(expect) = self.pending.expired(now) {
            self.queue.clear();
            self.core.fail(ConnectionError::Timeout(expect.describe()));
        }
    }

    /// When [`handle_timeout`](Self::handle_timeout) should next be called: `Some`
    /// whenever a response is awaited to a command that has been transmitted (and
    /// from [`new`](Self::new), for the greeting); `None` when the client waits for
    /// nothing, or the session is over.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.core.is_closed() {
            return None;
        }
        self.pending.deadline()
    }

    /// `Ok` if the client may take a command: open, ready, no QUIT asked for, no
    /// STLS under way.
    fn ready_check(&self) -> Result<(), ConnectionError> {
        self.core.check()?;
        if self.core.is_closed() {
            return Err(ConnectionError::Closed);
        }
        if self.quit {
            return Err(ConnectionError::InvalidUse("QUIT has been asked for"));
        }
        if self.upgrade_pending || self.stls_under_way() {
            return Err(ConnectionError::InvalidUse("a TLS upgrade is under way"));
        }
        if !self.ready {
            return Err(ConnectionError::InvalidUse(
                "the client is not ready: wait for Event::Ready",
            ));
        }
        Ok(())
    }

    fn stls_under_way(&self) -> bool {
        self.outstanding(|r| r == Request::Stls)
    }

    /// True if `f` holds for a command queued or awaited.
    fn outstanding(&self, f: impl Fn(Request) -> bool) -> bool {
        self.queue.iter().any(|o| f(o.request)) || self.pending.any(f)
    }

    /// Encodes `cmd` and queues it; it goes out as soon as the rules allow.
    fn enqueue(&mut self, request: Request, cmd: &Command<'_>) {
        encode_command(cmd, &mut self.scratch);
        let line = self.scratch.split().freeze();
        self.queue.push_back(Outgoing { request, line });
        self.pump();
    }

    /// Moves queued commands to the output: all of them under PIPELINING (up to
    /// `max_in_flight`, never past STLS or AUTH), else the next one when nothing is
    /// awaited.
    fn pump(&mut self) {
        if self.phase == Phase::Greeting || self.upgrade_pending || self.core.is_closed() {
            return;
        }
        let pipelining = self.capa_known && self.capabilities.pipelining();
        while let Some(next) = self.queue.front() {
            if !self.pending.is_empty()
                && (!pipelining
                    || next.request.is_barrier()
                    || self.pending.has_barrier()
                    || self.pending.len() >= self.config.max_in_flight.max(1))
            {
                return;
            }
            let Some(next) = self.queue.pop_front() else {
                return;
            };
            self.core.send_bytes(next.line);
            self.expect(Expect::Command(next.request));
        }
    }

    /// Awaits the response to everything queued for output so far.
    fn expect(&mut self, expect: Expect) {
        let end = self.core.bytes_out() + self.core.queued_output() as u64;
        self.pending.push(expect, end);
    }

    /// The session is over: nothing more is awaited or sent.
    fn close(&mut self) {
        self.core.close();
        self.pending.clear();
        self.queue.clear();
        self.body = None;
        self.sasl = None;
        self.quit = true;
        self.core.push_event(Event::Closed);
    }
}
