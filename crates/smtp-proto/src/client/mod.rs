//! The client state machine: no sockets, no clock, no threads.
//!
//! It reads the greeting, says EHLO (falling back to HELO, or LHLO for LMTP), and
//! reports the server's capabilities; then the application may call
//! [`Client::start_tls`], [`Client::authenticate`], [`Client::send_mail`] and
//! [`Client::quit`]. A transaction is pipelined when the server offers PIPELINING
//! (RFC 2920), the body is dot-stuffed for DATA or sent as one BDAT chunk when CHUNKING
//! is offered and BINARYMIME or [`ClientConfig::prefer_bdat`] asks for it, and each
//! recipient's outcome and the final reply (one per recipient in LMTP) come back as
//! events.

mod config;
mod event;
mod replies;

pub use config::{ClientConfig, Envelope};
pub use event::Event;

use std::collections::VecDeque;
use std::time::Instant;

use bytes::{Bytes, BytesMut};
use mail_proto_core::line::LineFramer;
use mail_proto_core::sasl::{self, Credentials, SaslClient};
use mail_proto_core::sticky::Sticky;

use crate::encode::encode_command;
use crate::error::ConnectionError;
use crate::framing::ReplyAssembler;
use crate::types::{Body, Command, EhloResponse, HelloKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Greeting,
    Hello(HelloKind),
    StartTls,
    Auth,
    Mail,
    Rcpt(usize),
    Data,
    DataEnd,
    BdatLast,
    Rset,
    Quit,
}

#[derive(Debug)]
struct Transaction {
    /// The MAIL line, then one RCPT line per recipient: encoded (and so checked) once,
    /// in `send_mail`, and sent from here whether pipelined or in lockstep.
    lines: Vec<Bytes>,
    body: Bytes,
    bdat: bool,
    pipelined: bool,
    mail_ok: bool,
    accepted: Vec<usize>,
    failed: bool,
    results_left: usize,
}

/// An SMTP or LMTP client connection, without I/O.
#[derive(Debug)]
pub struct Client {
    config: ClientConfig,
    framer: LineFramer,
    assembler: ReplyAssembler,
    input: BytesMut,
    expect: VecDeque<Expect>,
    events: VecDeque<Event>,
    transmit: VecDeque<Bytes>,
    out: BytesMut,
    ehlo: Option<EhloResponse>,
    helo_fallback: bool,
    tls: bool,
    sasl: Option<SaslClient>,
    transaction: Option<Transaction>,
    closed: bool,
    fatal: Sticky<ConnectionError>,
    activity: bool,
    deadline: Option<Instant>,
}

impl Client {
    /// A new connection, waiting for the server's greeting.
    pub fn new(config: ClientConfig) -> Self {
        Client {
            framer: LineFramer::new(config.reply.max_line_len),
            assembler: ReplyAssembler::new(),
            input: BytesMut::new(),
            expect: VecDeque::from([Expect::Greeting]),
            events: VecDeque::new(),
            transmit: VecDeque::new(),
            out: BytesMut::new(),
            ehlo: None,
            helo_fallback: false,
            tls: false,
            sasl: None,
            transaction: None,
            closed: false,
            fatal: Sticky::new(),
            activity: true,
            deadline: None,
            config,
        }
    }

    /// The server's capabilities after EHLO.
    pub fn capabilities(&self) -> Option<&EhloResponse> {
        self.ehlo.as_ref()
    }

    /// True when no command is outstanding and the session is open.
    pub fn is_ready(&self) -> bool {
        self.ehlo.is_some() && self.expect.is_empty() && !self.closed && self.transaction.is_none()
    }

    /// True once the session is over.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Takes bytes received from the server, split anywhere.
    pub fn handle_input(&mut self, bytes: &[u8]) -> Result<(), ConnectionError> {
        self.fatal.check()?;
        self.activity = true;
        if !self.closed {
            self.input.extend_from_slice(bytes);
        }
        Ok(())
    }

    /// The next event, or `None` when more input is needed.
    pub fn poll_event(&mut self) -> Option<Result<Event, ConnectionError>> {
        loop {
            if let Some(e) = self.events.pop_front() {
                return Some(Ok(e));
            }
            if self.fatal.is_set() {
                return self.fatal.poll().map(Err);
            }
            if self.closed || !self.read_reply() {
                return None;
            }
        }
    }

    /// The next bytes to write to the server.
    pub fn poll_transmit(&mut self) -> Option<Bytes> {
        if !self.out.is_empty() {
            let b = self.out.split().freeze();
            self.transmit.push_back(b);
        }
        self.transmit.pop_front()
    }

    /// Advances timers (RFC 5321 §4.5.3.2). Call it after input and when
    /// [`poll_timeout`](Self::poll_timeout) passes; an expired timer is a fatal error.
    pub fn handle_timeout(&mut self, now: Instant) {
        let Some(front) = self.expect.front().copied() else {
            self.deadline = None;
            return;
        };
        if self.activity || self.deadline.is_none() {
            self.activity = false;
            let c = &self.config;
            let wait = match front {
                Expect::Greeting => c.greeting_timeout,
                Expect::Data => c.data_init_timeout,
                Expect::DataEnd | Expect::BdatLast => c.data_end_timeout,
                _ => c.command_timeout,
            };
            self.deadline = Some(now + wait);
        } else if self.deadline.is_some_and(|d| now >= d) && !self.fatal.is_set() {
            let what = match front {
                Expect::Greeting => "the greeting",
                Expect::Data => "the DATA reply",
                Expect::DataEnd | Expect::BdatLast => "the end-of-data reply",
                _ => "a reply",
            };
            self.fatal.set(ConnectionError::Timeout(what));
            self.closed = true;
        }
    }

    /// When [`handle_timeout`](Self::handle_timeout) should next be called.
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.expect.is_empty() || self.closed {
            None
        } else {
            self.deadline
        }
    }

    fn command(&mut self, cmd: &Command<'_>, expect: Expect) -> Result<(), ConnectionError> {
        encode_command(cmd, &mut self.out);
        self.expect.push_back(expect);
        self.activity = true;
        Ok(())
    }

    fn ready_check(&self) -> Result<&EhloResponse, ConnectionError> {
        self.fatal.check()?;
        if self.closed {
            return Err(ConnectionError::Closed);
        }
        match &self.ehlo {
            Some(ehlo) if self.expect.is_empty() && self.transaction.is_none() => Ok(ehlo),
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
        self.command(&Command::StartTls, Expect::StartTls)
    }

    /// The TLS handshake is done: forget plaintext state and say EHLO again.
    pub fn tls_established(&mut self) -> Result<(), ConnectionError> {
        if self.tls || !self.expect.is_empty() || self.closed {
            return Err(ConnectionError::InvalidUse(
                "no STARTTLS upgrade is pending",
            ));
        }
        self.tls = true;
        self.input.clear();
        self.framer.reset();
        self.assembler = ReplyAssembler::new();
        self.send_hello()
    }

    fn send_hello(&mut self) -> Result<(), ConnectionError> {
        self.ehlo = None;
        let kind = if self.config.lmtp {
            HelloKind::Lhlo
        } else if self.helo_fallback {
            HelloKind::Helo
        } else {
            HelloKind::Ehlo
        };
        let domain = self.config.hello_domain.clone();
        self.command(&Command::Hello { kind, domain }, Expect::Hello(kind))
    }

    /// Starts AUTH with these credentials; the initial response is sent with the
    /// command when the mechanism allows and the line stays within 512 bytes.
    pub fn authenticate(&mut self, credentials: Credentials) -> Result<(), ConnectionError> {
        let mut sasl = SaslClient::new(credentials);
        let mechanism = sasl.mechanism();
        let offered = &self.ready_check()?.capabilities.auth;
        if !offered.contains(&mechanism) {
            return Err(ConnectionError::InvalidUse("the mechanism is not offered"));
        }
        let ir = sasl.initial_response().map(|r| {
            if r.is_empty() {
                "=".to_string()
            } else {
                sasl::encode_line(&r)
            }
        });
        let fits = ir
            .as_ref()
            .is_some_and(|ir| ir.len() + mechanism.as_str().len() + 8 <= 512);
        if ir.is_some() && !fits {
            // too long for the command line: start over and send it after a 334
            sasl = SaslClient::new(sasl.into_credentials());
        }
        // base64 or "=" by construction, so the check never drops a response
        let initial_response = ir
            .filter(|_| fits)
            .and_then(|ir| crate::types::InitialResponse::new(ir).ok());
        self.sasl = Some(sasl);
        self.command(
            &Command::Auth {
                mechanism,
                initial_response,
            },
            Expect::Auth,
        )
    }

    /// Sends one message. Arguments with CR or LF are refused before anything is sent.
    pub fn send_mail(&mut self, envelope: Envelope, body: Bytes) -> Result<(), ConnectionError> {
        let caps = self.ready_check()?.capabilities.clone();
        if envelope.recipients.is_empty() {
            return Err(ConnectionError::InvalidUse("a message needs a recipient"));
        }
        // encode (and so check) every command before anything is queued
        let mut lines = Vec::with_capacity(envelope.recipients.len() + 1);
        let mut line = BytesMut::new();
        let binary = envelope.params.body == Some(Body::BinaryMime);
        let (from, params) = (envelope.from, envelope.params);
        encode_command(&Command::Mail { from, params }, &mut line);
        lines.push(line.split().freeze());
        for (to, params) in envelope.recipients {
            encode_command(&Command::Rcpt { to, params }, &mut line);
            lines.push(line.split().freeze());
        }
        if binary && !caps.chunking {
            return Err(ConnectionError::InvalidUse("BINARYMIME needs CHUNKING"));
        }
        let bdat = caps.chunking && (binary || self.config.prefer_bdat);
        let pipelined = caps.pipelining;
        let recipients = lines.len() - 1;
        self.transaction = Some(Transaction {
            lines,
            body,
            bdat,
            pipelined,
            mail_ok: false,
            accepted: Vec::new(),
            failed: false,
            results_left: 0,
        });
        self.send_line(0, Expect::Mail);
        if pipelined {
            for i in 0..recipients {
                self.send_rcpt(i);
            }
            self.send_data_or_bdat()?;
        }
        Ok(())
    }

    /// Queues the already encoded line `index` of the transaction.
    fn send_line(&mut self, index: usize, expect: Expect) {
        if let Some(line) = self.transaction.as_ref().and_then(|t| t.lines.get(index)) {
            self.out.extend_from_slice(line);
            self.expect.push_back(expect);
            self.activity = true;
        }
    }

    fn send_rcpt(&mut self, i: usize) {
        self.send_line(i + 1, Expect::Rcpt(i));
    }

    fn send_data_or_bdat(&mut self) -> Result<(), ConnectionError> {
        let Some(t) = &self.transaction else {
            return Ok(());
        };
        if t.bdat {
            let body = t.body.clone();
            let cmd = Command::Bdat {
                size: body.len() as u64,
                last: true,
            };
            self.command(&cmd, Expect::BdatLast)?;
            let head = self.out.split().freeze();
            self.transmit.push_back(head);
            self.transmit.push_back(body);
            Ok(())
        } else {
            self.command(&Command::Data, Expect::Data)
        }
    }

    /// Sends QUIT; [`Event::Closed`] follows the server's 221.
    pub fn quit(&mut self) -> Result<(), ConnectionError> {
        if self.closed {
            return Err(ConnectionError::Closed);
        }
        self.command(&Command::Quit, Expect::Quit)
    }

    /// Sends RSET between transactions.
    pub fn reset(&mut self) -> Result<(), ConnectionError> {
        self.ready_check()?;
        self.command(&Command::Rset, Expect::Rset)
    }
}
