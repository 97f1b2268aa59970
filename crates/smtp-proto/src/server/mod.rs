//! The server state machine: no sockets, no clock, no threads.
//!
//! Feed it what the client sent with [`Server::handle_input`], drain
//! [`Server::poll_event`], answer the events that need a decision with
//! [`Server::respond`] or [`Server::accept`], and write what [`Server::poll_transmit`]
//! returns. The machine itself enforces the command sequence of RFC 5321 §4.1.4
//! (503/501/500/555 replies), PIPELINING (RFC 2920), DATA dot-unstuffing, BDAT chunks
//! (RFC 3030), AUTH exchanges (RFC 4954), STARTTLS (RFC 3207) and the LMTP
//! per-recipient replies (RFC 2033), and asks the application only what needs a
//! decision: whether to accept a client name, a sender, a recipient, a message, a
//! login.
//!
//! ```
//! use smtp_proto::server::{Event, Server, ServerConfig};
//!
//! let mut server = Server::new(ServerConfig::new("mx.example.com"));
//! server.handle_input(b"EHLO client.example.org\r\nQUIT\r\n").unwrap();
//! while let Some(event) = server.poll_event() {
//!     match event.unwrap() {
//!         Event::Hello { .. } => server.accept().unwrap(),
//!         _ => {}
//!     }
//! }
//! let mut wire = Vec::new();
//! while let Some(out) = server.poll_transmit() {
//!     wire.extend_from_slice(&out);
//! }
//! assert!(wire.starts_with(b"220 mx.example.com ESMTP\r\n250-mx.example.com\r\n"));
//! assert!(wire.ends_with(b"221 2.0.0 Bye\r\n"));
//! assert!(server.is_closed());
//! ```

mod body;
mod commands;
mod config;
mod event;

pub use config::ServerConfig;
pub use event::Event;

use std::collections::VecDeque;
use std::time::Instant;

use bytes::{Bytes, BytesMut};
use mail_proto_core::dot::DotUnstuffer;
use mail_proto_core::line::{Frame, LineFramer};
use mail_proto_core::sasl::{self};
use mail_proto_core::sticky::Sticky;

use crate::encode::encode_reply;
use crate::error::{ConnectionError, DecodeError, DecodeErrorKind};
use crate::parse::parse_command_with;
use crate::types::{Body, Command, HelloKind, Reply};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    None,
    Hello(HelloKind),
    Mail { body: Option<Body>, smtputf8: bool },
    Rcpt,
    MessageEnd(usize),
    Auth,
    StartTls,
    Command(&'static str),
}

#[derive(Debug)]
enum Mode {
    Command,
    Data {
        size: u64,
        too_big: bool,
    },
    Bdat {
        remaining: u64,
        last: bool,
        refused: Option<Reply<'static>>,
    },
    AuthResponse,
    Closed,
}

#[derive(Debug, Default, Clone)]
struct Session {
    hello: Option<HelloKind>,
    tls: bool,
    authenticated: bool,
    mail: Option<Option<Body>>,
    smtputf8: bool,
    recipients: usize,
    bdat_size: Option<u64>,
}

/// An SMTP or LMTP server connection, without I/O.
#[derive(Debug)]
pub struct Server {
    config: ServerConfig,
    input: BytesMut,
    framer: LineFramer,
    unstuffer: DotUnstuffer,
    mode: Mode,
    pending: Pending,
    session: Session,
    events: VecDeque<Event>,
    transmit: BytesMut,
    errors: usize,
    fatal: Sticky<ConnectionError>,
    activity: bool,
    deadline: Option<Instant>,
}

fn reply(code: u16, enhanced: (u8, u16, u16), text: &str) -> Reply<'static> {
    Reply::or_local_error(code, Some(enhanced), text.to_string())
}

impl Server {
    /// A new connection; the 220 greeting is queued at once.
    pub fn new(config: ServerConfig) -> Self {
        let line = config
            .command
            .max_line_len
            .max(config.command.max_auth_line_len);
        let mut server = Server {
            framer: LineFramer::new(line),
            unstuffer: match config.max_text_line_len {
                Some(max) => DotUnstuffer::new(config.bare_line_endings).with_max_line_len(max),
                None => DotUnstuffer::new(config.bare_line_endings),
            },
            input: BytesMut::new(),
            mode: Mode::Command,
            pending: Pending::None,
            session: Session::default(),
            events: VecDeque::new(),
            transmit: BytesMut::new(),
            errors: 0,
            fatal: Sticky::new(),
            activity: true,
            deadline: None,
            config,
        };
        let greeting = format!("{} {}", server.config.hostname, server.config.greeting);
        server.send(Reply::or_local_error(
            220,
            None,
            greeting.trim_end().to_string(),
        ));
        server
    }

    /// The configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    /// True once the session is over.
    pub fn is_closed(&self) -> bool {
        matches!(self.mode, Mode::Closed)
    }

    /// True after a successful STARTTLS.
    pub fn is_tls(&self) -> bool {
        self.session.tls
    }

    /// True after a successful AUTH.
    pub fn is_authenticated(&self) -> bool {
        self.session.authenticated
    }

    /// Tells the machine that TLS is already on (implicit TLS, port 465).
    pub fn set_tls(&mut self) {
        self.session.tls = true;
    }

    /// Takes bytes received from the client, split anywhere. Returns the sticky fatal
    /// error, if any.
    pub fn handle_input(&mut self, bytes: &[u8]) -> Result<(), ConnectionError> {
        self.fatal.check()?;
        if self.is_closed() {
            return Ok(());
        }
        self.activity = true;
        if self.input.len() + bytes.len() > self.config.max_buffered
            && matches!(self.mode, Mode::Command | Mode::AuthResponse)
            && self.pending != Pending::None
        {
            self.close_with(reply(421, (4, 7, 0), "Too much pipelined input"));
            return Ok(());
        }
        self.input.extend_from_slice(bytes);
        Ok(())
    }

    /// The next event, or `None` when the machine needs input or a decision.
    pub fn poll_event(&mut self) -> Option<Result<Event, ConnectionError>> {
        loop {
            if let Some(e) = self.events.pop_front() {
                return Some(Ok(e));
            }
            if self.fatal.is_set() {
                return self.fatal.poll().map(Err);
            }
            if self.pending != Pending::None || self.input.is_empty() {
                return None;
            }
            if !self.step() {
                return None;
            }
        }
    }

    /// Bytes to write to the client, all replies so far in one buffer.
    pub fn poll_transmit(&mut self) -> Option<Bytes> {
        (!self.transmit.is_empty()).then(|| self.transmit.split().freeze())
    }

    /// Advances timers. Call it after input (it restarts the idle timer) and when
    /// [`poll_timeout`](Self::poll_timeout) passes; an expired timer sends 421 and closes.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.is_closed() {
            return;
        }
        if self.activity || self.deadline.is_none() {
            self.activity = false;
            self.deadline = Some(now + self.config.timeout);
        } else if self.pending == Pending::None && self.deadline.is_some_and(|d| now >= d) {
            let text = format!("{} Error: timeout exceeded", self.config.hostname);
            self.close_with(Reply::or_local_error(421, Some((4, 4, 2)), text));
        }
    }

    /// When [`handle_timeout`](Self::handle_timeout) should next be called.
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.is_closed() || self.pending != Pending::None {
            None
        } else {
            self.deadline
        }
    }

    /// Builds a 334 challenge for an AUTH exchange and sends it.
    pub fn auth_challenge(&mut self, challenge: &[u8]) -> Result<(), ConnectionError> {
        let text = sasl::encode_line(challenge);
        self.respond(Reply::or_local_error(334, None, text))
    }

    /// Answers the pending decision with the usual positive reply: the EHLO reply for
    /// a greeting, 250 for MAIL, RCPT and a message, 220 for STARTTLS, 235 for AUTH.
    pub fn accept(&mut self) -> Result<(), ConnectionError> {
        let r = match self.pending {
            Pending::None => return Err(ConnectionError::InvalidUse("no decision is pending")),
            Pending::Hello(kind) => self.hello_reply(kind),
            Pending::Mail { .. } => reply(250, (2, 1, 0), "Sender OK"),
            Pending::Rcpt => reply(250, (2, 1, 5), "Recipient OK"),
            Pending::MessageEnd(_) => reply(250, (2, 0, 0), "Message accepted"),
            Pending::Auth => reply(235, (2, 7, 0), "Authentication successful"),
            Pending::StartTls => reply(220, (2, 0, 0), "Ready to start TLS"),
            Pending::Command("VRFY") => {
                reply(252, (2, 5, 0), "Cannot VRFY user, but will accept message")
            }
            Pending::Command("EXPN") => reply(502, (5, 5, 1), "EXPN not available"),
            Pending::Command("HELP") => reply(214, (2, 0, 0), "See RFC 5321"),
            Pending::Command("ETRN") => reply(458, (4, 5, 0), "Unable to queue messages"),
            Pending::Command(_) => reply(500, (5, 5, 2), "Command unrecognized"),
        };
        self.respond(r)
    }

    /// Answers the pending decision with `reply`. Its code decides what happens: a
    /// 2xx accepts (a sender, a recipient, a login...), 334 continues AUTH, 220
    /// upgrades STARTTLS, anything else refuses.
    pub fn respond(&mut self, reply: Reply<'static>) -> Result<(), ConnectionError> {
        self.fatal.check()?;
        let positive = reply.code().is_positive();
        let code = reply.code().get();
        match self.pending {
            Pending::None => return Err(ConnectionError::InvalidUse("no decision is pending")),
            Pending::Hello(kind) => {
                if positive {
                    self.session.hello = Some(kind);
                    self.reset_transaction();
                }
            }
            Pending::Mail { body, smtputf8 } => {
                if positive {
                    self.session.mail = Some(body);
                    self.session.smtputf8 = smtputf8;
                }
            }
            Pending::Rcpt => {
                if positive {
                    self.session.recipients += 1;
                }
            }
            Pending::MessageEnd(left) => {
                self.activity = true;
                self.send(reply);
                if left > 1 {
                    self.pending = Pending::MessageEnd(left - 1);
                } else {
                    self.pending = Pending::None;
                    self.reset_transaction();
                }
                return Ok(());
            }
            Pending::Auth => {
                if code == 334 {
                    self.mode = Mode::AuthResponse;
                } else {
                    self.mode = Mode::Command;
                    self.session.authenticated = positive;
                }
            }
            Pending::StartTls => {
                if code == 220 {
                    let discarded = self.input.len();
                    self.input.clear();
                    self.framer.reset();
                    self.session = Session {
                        tls: true,
                        ..Session::default()
                    };
                    self.events.push_back(Event::TlsUpgrade { discarded });
                }
            }
            Pending::Command(_) => {}
        }
        self.pending = Pending::None;
        self.activity = true;
        self.send(reply);
        Ok(())
    }

    fn hello_reply(&self, kind: HelloKind) -> Reply<'static> {
        let host = self.config.hostname.clone();
        if kind == HelloKind::Helo {
            return Reply::or_local_error(250, None, host);
        }
        let mut caps = self.config.capabilities.clone();
        if self.session.tls {
            caps.starttls = false;
        }
        if self.config.max_message_size.is_some() {
            caps.size = Some(self.config.max_message_size);
        }
        let mut lines = vec![std::borrow::Cow::Owned(host)];
        lines.extend(caps.to_lines());
        Reply::new(crate::types::ReplyCode::OK, None, lines)
            .unwrap_or_else(|_| Reply::or_local_error(250, None, self.config.hostname.clone()))
    }

    fn reset_transaction(&mut self) {
        self.session.mail = None;
        self.session.smtputf8 = false;
        self.session.recipients = 0;
        self.session.bdat_size = None;
    }

    fn send(&mut self, reply: Reply<'static>) {
        // a Reply is validated when built: it cannot hold CR or LF
        encode_reply(&reply, &mut self.transmit);
    }

    fn close_with(&mut self, reply: Reply<'static>) {
        self.send(reply);
        self.mode = Mode::Closed;
        self.pending = Pending::None;
        self.input.clear();
        self.events.push_back(Event::Closed);
    }

    /// Waits for the application's decision on `event`.
    fn ask(&mut self, pending: Pending, event: Event) {
        self.pending = pending;
        self.events.push_back(event);
    }

    fn refuse(&mut self, reply: Reply<'static>, error: Option<DecodeError>) {
        self.send(reply.clone());
        self.events.push_back(Event::Rejected { reply, error });
        self.errors += 1;
        if self.errors >= self.config.max_errors {
            self.close_with(reply_421_errors());
        }
    }

    /// Processes buffered input once; false when nothing more can be done now.
    fn step(&mut self) -> bool {
        match self.mode {
            Mode::Closed => {
                self.input.clear();
                false
            }
            Mode::Data { .. } => self.step_data(),
            Mode::Bdat { .. } => self.step_bdat(),
            Mode::Command | Mode::AuthResponse => self.step_line(),
        }
    }

    fn step_line(&mut self) -> bool {
        match self.framer.next_frame(&self.input) {
            Frame::Incomplete => false,
            Frame::Skip { len } => {
                let _ = self.input.split_to(len);
                true
            }
            Frame::Overlong { len, .. } => {
                let _ = self.input.split_to(len);
                if matches!(self.mode, Mode::AuthResponse) {
                    self.mode = Mode::Command;
                }
                self.refuse(reply(500, (5, 5, 6), "Line too long"), None);
                true
            }
            Frame::Line { len, .. } => {
                let line = self.input.split_to(len).freeze();
                if matches!(self.mode, Mode::AuthResponse) {
                    self.auth_line(&line);
                } else {
                    self.command_line(&line);
                }
                true
            }
        }
    }

    fn auth_line(&mut self, line: &[u8]) {
        self.mode = Mode::Command;
        let text = line
            .strip_suffix(b"\r\n")
            .or_else(|| line.strip_suffix(b"\n"));
        match text.map(sasl::decode_line) {
            Some(Ok(sasl::Response::Cancel)) => {
                self.send(reply(501, (5, 7, 0), "Authentication cancelled"));
                self.events.push_back(Event::AuthCancelled);
            }
            Some(Ok(sasl::Response::Data(data))) => {
                self.ask(Pending::Auth, Event::AuthResponse(data));
            }
            _ => self.refuse(reply(501, (5, 5, 2), "Invalid base64 data"), None),
        }
    }

    fn command_line(&mut self, line: &Bytes) {
        let options = &self.config.command;
        let cmd = match parse_command_with(line, options).into_result() {
            Ok(Some((cmd, _))) => cmd.into_owned(),
            // the framer hands over whole lines, so a line is never incomplete
            Ok(None) => return,
            Err(e) => {
                let r = match e.kind {
                    DecodeErrorKind::LineTooLong { .. } => reply(500, (5, 5, 6), "Line too long"),
                    DecodeErrorKind::BareLineEnding => {
                        reply(500, (5, 5, 2), "Bare CR or LF in command line")
                    }
                    DecodeErrorKind::NumberOverflow => reply(501, (5, 5, 4), "Number out of range"),
                    _ => reply(501, (5, 5, 4), "Syntax error in parameters or arguments"),
                };
                self.refuse(r, Some(e));
                return;
            }
        };
        let group_ended = cmd.ends_pipeline_group() || !self.pipelining();
        if group_ended
            && !self.input.is_empty()
            && !matches!(cmd, Command::Quit | Command::StartTls)
        {
            self.events.push_back(Event::PipeliningViolation);
            if self.config.strict_pipelining {
                self.close_with(reply(554, (5, 5, 0), "Protocol synchronization error"));
                return;
            }
        }
        self.dispatch(cmd);
    }
}
fn reply_421_errors() -> Reply<'static> {
    reply(421, (4, 7, 0), "Too many errors, closing connection")
}
