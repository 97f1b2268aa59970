//! The client state machine: no sockets, no clock, no threads.
//!
//! It reads the greeting, says EHLO (falling back to HELO, or LHLO for LMTP), and
//! reports the server's capabilities; then the application may call
//! [`Client::start_tls`], [`Client::authenticate`], [`Client::send_mail`] (or
//! [`Client::send_message`]) and [`Client::quit`]. A transaction is pipelined when
//! the server offers PIPELINING (RFC 2920); the body is streamed in chunks with
//! back-pressure, dot-stuffed for DATA or sent as BDAT chunks (RFC 3030) when
//! CHUNKING is offered and BINARYMIME or [`ClientConfig::prefer_bdat`] asks for it;
//! each recipient's outcome and the final reply (one per recipient in LMTP) come back
//! as events.
//!
//! Time is injected: `now` comes with construction (the greeting timer starts
//! there), with every input and with every transmit (a reply's timer starts when its
//! command's bytes leave), so [`Client::poll_timeout`] is always current.
//!
//! A complete run loop, here against a scripted server on a virtual clock:
//!
//! ```
//! use std::time::{Duration, Instant};
//! use bytes::Bytes;
//! use smtp_proto::client::{Client, ClientConfig, Envelope, Event};
//! use smtp_proto::{Domain, ForwardPath, Mailbox, MailParams, RcptParams, ReversePath};
//!
//! # fn main() -> Result<(), smtp_proto::ConnectionError> {
//! let mut now = Instant::now();
//! let hello = Domain::name("client.example").expect("a valid name");
//! let mut client = Client::new(ClientConfig::new(hello), now);
//! assert_eq!(client.poll_timeout(), Some(now + Duration::from_secs(300)));
//!
//! // what the server says, one reply for each thing the client sends
//! let mut server = vec![
//!     "220 mx.example.com ESMTP\r\n",
//!     "250-mx.example.com\r\n250 PIPELINING\r\n",
//!     "250 sender ok\r\n250 recipient ok\r\n354 go ahead\r\n",
//!     "250 queued\r\n",
//!     "221 bye\r\n",
//! ]
//! .into_iter();
//! let mut wire = Vec::new();
//! let mut chunks = vec![Bytes::from_static(b"Subject: hi\r\n\r\n"), Bytes::from_static(b".hello\r\n")]
//!     .into_iter();
//! let mut streaming = false;
//! let mut read = |client: &mut Client, now| match server.next() {
//!     Some(bytes) => client.handle_input(now, bytes.as_bytes()),
//!     None => Ok(()),
//! };
//! read(&mut client, now)?;
//! while !client.is_closed() {
//!     while let Some(event) = client.poll_event() {
//!         match event? {
//!             Event::Ready(_) => {
//!                 let me = Mailbox::parse("me@client.example").expect("valid").into_owned();
//!                 let you = Mailbox::parse("you@mx.example.com").expect("valid").into_owned();
//!                 client.send_mail(
//!                     Envelope::new(ReversePath::Mailbox(me)).to(ForwardPath::Mailbox(you)),
//!                 )?;
//!                 streaming = true;
//!             }
//!             Event::MessageResult { reply, .. } => {
//!                 assert_eq!(reply.code().get(), 250);
//!                 client.quit()?;
//!             }
//!             _ => {}
//!         }
//!     }
//!     // feed the body while the client wants more (back-pressure)
//!     while streaming && client.wants_body() {
//!         match chunks.next() {
//!             Some(chunk) => client.send_body(chunk)?,
//!             None => {
//!                 client.finish_body()?;
//!                 streaming = false;
//!             }
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
//! assert_eq!(
//!     wire,
//!     b"EHLO client.example\r\nMAIL FROM:<me@client.example>\r\nRCPT TO:<you@mx.example.com>\r\n\
//!       DATA\r\nSubject: hi\r\n\r\n..hello\r\n.\r\nQUIT\r\n"
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
mod query;
mod replies;
mod transaction;

pub use config::{ClientConfig, DEFAULT_BODY_HIGH_WATER, Envelope};
pub use event::{Awaiting, Event};

use std::time::Instant;

use mail_proto_core::machine::Core;
use mail_proto_core::sasl::SaslClient;
use mail_proto_core::{Timer, timer};

use crate::encode::encode_command;
use crate::error::ConnectionError;
use crate::framing::ReplyAssembler;
use crate::types::{Command, EhloResponse, HelloKind};
use body::BodySink;
use mail_proto_core::line::LineFramer;
use pending::{Expect, Pending};
use transaction::Transaction;

/// Where QUIT stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quit {
    /// Not asked for.
    No,
    /// Asked for; sent as soon as no exchange is unfinished.
    Requested,
    /// On the wire (or never to be sent: the server closed the session).
    Sent,
}

/// An SMTP or LMTP client connection, without I/O.
#[derive(Debug)]
pub struct Client {
    config: ClientConfig,
    core: Core<Event, ConnectionError>,
    framer: LineFramer,
    assembler: ReplyAssembler,
    pending: Pending,
    /// The data block timer (RFC 5321 §4.5.3.2.5), while a body is being sent.
    body_timer: Timer,
    /// The time of the latest input.
    now: Instant,
    ehlo: Option<EhloResponse>,
    helo_fallback: bool,
    tls: bool,
    /// The server said 220 to STARTTLS; the handshake is the application's.
    upgrade_pending: bool,
    sasl: Option<SaslClient>,
    transaction: Option<Transaction>,
    body: Option<BodySink>,
    quit: Quit,
}

/// The error of input taken past [`ClientConfig::max_buffered`] without polling.
const UNPOLLED: &str = "more than max_buffered bytes of input without poll_event";

impl Client {
    /// A new connection at `now`, waiting for the server's greeting (its timer runs
    /// from `now`).
    pub fn new(config: ClientConfig, now: Instant) -> Self {
        Client {
            framer: LineFramer::new(config.reply.max_line_len),
            assembler: ReplyAssembler::new(),
            core: Core::new(),
            pending: Pending::new(&config, now),
            body_timer: Timer::new(),
            now,
            ehlo: None,
            helo_fallback: false,
            tls: false,
            upgrade_pending: false,
            sasl: None,
            transaction: None,
            body: None,
            quit: Quit::No,
            config,
        }
    }

    /// The server's capabilities after EHLO.
    pub fn capabilities(&self) -> Option<&EhloResponse> {
        self.ehlo.as_ref()
    }

    /// True when no command is outstanding, no message is under way, QUIT has not
    /// been asked for, and the session is open: a new command may start.
    pub fn is_ready(&self) -> bool {
        self.ready_check().is_ok()
    }

    /// True once the session is over.
    pub fn is_closed(&self) -> bool {
        self.core.is_closed()
    }

    /// What the client waits for from the application, if anything: the TLS
    /// handshake after [`Event::TlsUpgrade`], or the rest of a body being streamed.
    /// `None` once the session is over or failed, and when the client waits only for
    /// the server (or for a new command, which is the application's choice).
    pub fn pending(&self) -> Option<Awaiting> {
        if self.core.is_closed() || self.core.is_failed() {
            None
        } else if self.upgrade_pending {
            Some(Awaiting::TlsHandshake)
        } else if self.body.as_ref().is_some_and(|b| !b.is_finished()) {
            Some(Awaiting::Body)
        } else {
            None
        }
    }

    /// Takes bytes received from the server at `now`, split anywhere. Replies are
    /// read by [`poll_event`](Self::poll_event).
    pub fn handle_input(&mut self, now: Instant, bytes: &[u8]) -> Result<(), ConnectionError> {
        self.now = now;
        if self.core.unpolled_input() > self.config.max_buffered as u64 {
            self.core.fail(ConnectionError::InvalidUse(UNPOLLED));
        }
        self.core.receive(bytes)
    }

    /// The next event, or `None` when more input (or an application call) is needed.
    /// After a fatal error it returns the error once, then `None`.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Result<Event, ConnectionError>> {
        Core::poll_event(self, |m| &mut m.core, Client::read_reply)
    }

    /// The next bytes to write to the server, handed out at `now`: the timers of the
    /// replies to the commands in them start here.
    #[must_use]
    pub fn poll_transmit(&mut self, now: Instant) -> Option<bytes::Bytes> {
        let out = self.core.poll_transmit()?;
        self.pending.on_transmit(now, self.core.bytes_out());
        self.refresh_body_timer(now, true);
        Some(out)
    }

    /// Bytes the client holds to send: output not yet handed out by
    /// [`poll_transmit`](Self::poll_transmit) plus body chunks accepted and not yet
    /// encoded. This is what [`wants_body`](Self::wants_body) compares with
    /// [`ClientConfig::body_high_water`].
    pub fn queued_output(&self) -> usize {
        self.core.queued_output() + self.body.as_ref().map_or(0, BodySink::held_len)
    }

    /// Checks the timers (RFC 5321 §4.5.3.2) at `now`: one that has expired is a
    /// fatal [`ConnectionError::Timeout`], reported by
    /// [`poll_event`](Self::poll_event). Idempotent: an early, spurious or repeated
    /// call does nothing.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.core.is_failed() || self.core.is_closed() {
            return;
        }
        if let Some(expect) = self.pending.expired(now) {
            self.core.fail(ConnectionError::Timeout(expect.describe()));
        } else if self.body_timer.check(now) {
            self.core
                .fail(ConnectionError::Timeout("the message body to be sent"));
        }
    }

    /// When [`handle_timeout`](Self::handle_timeout) should next be called. `Some`
    /// whenever a reply is awaited to a command that has been transmitted (and from
    /// [`new`](Self::new), for the greeting) or a body is being sent; `None` when
    /// the client waits for nothing, or the session is over.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.core.is_closed() {
            return None;
        }
        timer::earliest([self.pending.deadline(), self.body_timer.deadline()])
    }

    /// Encodes a command and awaits its reply. Every command the client sends goes
    /// through here or through [`expect`](Self::expect) after being queued whole.
    fn command(&mut self, cmd: &Command<'_>, expect: Expect) -> Result<(), ConnectionError> {
        encode_command(cmd, self.core.out());
        self.expect(expect);
        Ok(())
    }

    /// Awaits the reply to everything queued so far.
    fn expect(&mut self, expect: Expect) {
        let end = self.core.bytes_out() + self.core.queued_output() as u64;
        self.pending.push(expect, end);
    }

    /// `Ok` with the capabilities if a new command may start now.
    fn ready_check(&self) -> Result<&EhloResponse, ConnectionError> {
        self.core.check()?;
        if self.core.is_closed() {
            return Err(ConnectionError::Closed);
        }
        if self.quit != Quit::No {
            return Err(ConnectionError::InvalidUse("QUIT has been asked for"));
        }
        match &self.ehlo {
            Some(ehlo)
                if self.pending.is_empty()
                    && self.transaction.is_none()
                    && self.body.is_none()
                    && !self.upgrade_pending =>
            {
                Ok(ehlo)
            }
            _ => Err(ConnectionError::InvalidUse(
                "the client is not ready for a command",
            )),
        }
    }

    /// Sends STARTTLS (the server must offer it).
    pub fn start_tls(&mut self) -> Result<(), ConnectionError> {
        if !self.ready_check()?.capabilities.starttls || self.tls {
            return Err(ConnectionError::InvalidUse("STARTTLS is not offered"));
        }
        self.command(&commands::STARTTLS, Expect::StartTls)
    }

    /// The TLS handshake is done: forget plaintext state and say EHLO again.
    pub fn tls_established(&mut self) -> Result<(), ConnectionError> {
        self.core.check()?;
        if !self.upgrade_pending || self.core.is_closed() {
            return Err(ConnectionError::InvalidUse(
                "no STARTTLS upgrade is pending",
            ));
        }
        self.tls = true;
        self.upgrade_pending = false;
        self.core.input.clear();
        self.framer.reset();
        self.assembler = ReplyAssembler::new();
        self.send_hello()
    }

    fn send_hello(&mut self) -> Result<(), ConnectionError> {
        self.ehlo = None;
        let kind = if self.config.lmtp {
            HelloKind::Lhlo
        } else if self.helo_fallback || self.config.helo {
            HelloKind::Helo
        } else {
            HelloKind::Ehlo
        };
        let domain = self.config.hello_domain.clone();
        self.command(&commands::hello(kind, domain), Expect::Hello(kind))
    }

    /// Ends the session with QUIT; [`Event::Closed`] follows the server's 221.
    ///
    /// QUIT never cuts into an exchange: while a body is unfinished, an AUTH or
    /// STARTTLS exchange runs or replies are awaited, it waits, except that under
    /// PIPELINING it follows the end of a message (the final dot or `BDAT LAST`) at
    /// once. It is sent once however often this is called, and not at all once the
    /// server has closed the session (421): then this does nothing.
    pub fn quit(&mut self) -> Result<(), ConnectionError> {
        self.core.check()?;
        if self.quit == Quit::No && !self.core.is_closed() {
            self.quit = Quit::Requested;
            self.maybe_quit();
        }
        self.core.check()
    }

    /// Sends the QUIT asked for if nothing unfinished stands in its way.
    fn maybe_quit(&mut self) {
        if self.quit != Quit::Requested || self.core.is_closed() || self.body.is_some() {
            return;
        }
        let pipelining = self
            .ehlo
            .as_ref()
            .is_some_and(|e| e.capabilities.pipelining);
        if self.pending.is_empty() || (pipelining && self.pending.quit_may_follow()) {
            self.send_quit();
        }
    }

    /// Queues QUIT now (unless it has been sent).
    fn send_quit(&mut self) {
        if self.quit == Quit::Sent {
            return;
        }
        self.quit = Quit::Sent;
        if let Err(e) = self.command(&commands::QUIT, Expect::Quit) {
            self.core.fail(e);
        }
    }

    /// Sends RSET between transactions; [`Event::Reset`] follows its reply.
    pub fn reset(&mut self) -> Result<(), ConnectionError> {
        self.ready_check()?;
        self.command(&commands::RSET, Expect::Rset)
    }

    /// Queues the client's own RSET, unless QUIT is already on its way.
    fn send_rset(&mut self) {
        if self.quit == Quit::Sent {
            return;
        }
        if let Err(e) = self.command(&commands::RSET, Expect::Rset) {
            self.core.fail(e);
        }
    }

    /// Arms or disarms the data block timer: it runs while a body is being sent and
    /// no reply is awaited, and restarts whenever bytes leave (`sent`).
    fn refresh_body_timer(&mut self, now: Instant, sent: bool) {
        let streaming = self.body.as_ref().is_some_and(BodySink::is_streaming);
        if streaming && self.pending.is_empty() {
            if sent || !self.body_timer.is_armed() {
                self.body_timer.arm(now, self.config.data_block_timeout);
            }
        } else {
            self.body_timer.disarm();
        }
    }
}
