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

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use mail_proto_core::dot::{BareLineEndings, DotUnstuffer, Piece, Unstuffed};
use mail_proto_core::line::{Frame, LineFramer};
use mail_proto_core::sasl::{self, Mechanism};
use mail_proto_core::sticky::Sticky;

use crate::encode::encode_reply;
use crate::error::{ConnectionError, DecodeError, DecodeErrorKind};
use crate::parse::{CommandOptions, parse_command_with};
use crate::types::{
    Body, Capabilities, Command, Domain, ForwardPath, HelloKind, MailParams, RcptParams, Reply,
    ReversePath,
};

/// Settings of a [`Server`].
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

/// What the server tells the application. Events marked *decision* wait for
/// [`Server::respond`] or [`Server::accept`]; nothing more is read until then.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// *Decision*: HELO, EHLO or LHLO. `accept` sends the configured EHLO reply.
    Hello {
        /// Which verb.
        kind: HelloKind,
        /// The name the client gave.
        domain: Domain<'static>,
    },
    /// *Decision*: MAIL FROM, after the machine's own checks.
    Mail {
        /// The reverse-path.
        from: ReversePath<'static>,
        /// Its parameters.
        params: MailParams<'static>,
    },
    /// *Decision*: RCPT TO, after the machine's own checks. A 2xx reply adds the
    /// recipient to the transaction.
    Rcpt {
        /// The forward-path.
        to: ForwardPath<'static>,
        /// Its parameters.
        params: RcptParams<'static>,
    },
    /// A piece of the message, unstuffed (DATA) or raw (BDAT), sharing the input buffer.
    BodyChunk(Bytes),
    /// *Decision*: the message is complete. In LMTP, respond once per accepted
    /// recipient, in order.
    MessageEnd {
        /// Message size in bytes after unstuffing.
        size: u64,
        /// How many replies the machine waits for (1, or the recipients in LMTP).
        replies: usize,
    },
    /// The machine rejected the message itself (too big, bare line endings) and
    /// replied; the transaction is over.
    MessageRejected {
        /// Why, as sent to the client.
        reply: Reply<'static>,
    },
    /// *Decision*: AUTH. Respond with [`Server::auth_challenge`] for a 334 challenge,
    /// or with 235 (success) or 535 (failure).
    Auth {
        /// The mechanism.
        mechanism: Mechanism,
        /// The initial response, decoded.
        initial_response: Option<Vec<u8>>,
    },
    /// *Decision*: the client's answer to a challenge, decoded.
    AuthResponse(Vec<u8>),
    /// The client cancelled the exchange with `*`; the machine replied 501.
    AuthCancelled,
    /// *Decision*: STARTTLS. A 220 reply makes the upgrade.
    StartTls,
    /// The upgrade point: after writing everything [`Server::poll_transmit`] gives, start
    /// the TLS handshake; all later input must be TLS plaintext. `discarded` bytes that
    /// the client had pipelined in plaintext after STARTTLS were dropped.
    TlsUpgrade {
        /// Plaintext bytes dropped.
        discarded: usize,
    },
    /// *Decision*: VRFY, EXPN, HELP, ETRN or an unknown verb. `accept` replies
    /// 252, 502, 214, 458 or 500 respectively.
    Command(Command<'static>),
    /// RSET: the transaction was cleared and 250 sent.
    Reset,
    /// A bad command; the machine replied (500, 501, 503, 555, ...).
    Rejected {
        /// The reply sent.
        reply: Reply<'static>,
        /// The parse error, if the line did not parse.
        error: Option<DecodeError>,
    },
    /// The client pipelined commands after a group-ending command (RFC 2920 §3.1).
    PipeliningViolation,
    /// The session is over (QUIT, timeout, too many errors); write out what
    /// [`Server::poll_transmit`] gives, then close.
    Closed,
}

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
    Reply::simple(code, Some(enhanced), text.to_string())
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
        server.send(Reply::simple(220, None, greeting.trim_end().to_string()));
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
            self.close_with(Reply::simple(421, Some((4, 4, 2)), text));
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
        self.respond(Reply::simple(334, None, text))
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
            return Reply::simple(250, None, host);
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
    }

    fn reset_transaction(&mut self) {
        self.session.mail = None;
        self.session.smtputf8 = false;
        self.session.recipients = 0;
        self.session.bdat_size = None;
    }

    fn send(&mut self, reply: Reply<'static>) {
        // replies built here never hold CR or LF; an application's reply that does is
        // replaced rather than sent broken
        if encode_reply(&reply, &mut self.transmit).is_err() {
            let fallback = Reply::simple(451, Some((4, 3, 0)), "Local error");
            let _ = encode_reply(&fallback, &mut self.transmit);
        }
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
        let cmd = match parse_command_with(line, options) {
            Ok((cmd, _)) => cmd.into_owned(),
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

    fn pipelining(&self) -> bool {
        self.config.capabilities.pipelining
            && self.session.hello.is_some_and(|h| h != HelloKind::Helo)
    }

    fn dispatch(&mut self, cmd: Command<'static>) {
        match cmd {
            Command::Hello { kind, domain } => {
                let allowed = if self.config.lmtp {
                    kind == HelloKind::Lhlo
                } else {
                    kind != HelloKind::Lhlo
                };
                if !allowed {
                    return self.refuse(reply(500, (5, 5, 1), "Command unrecognized"), None);
                }
                self.ask(Pending::Hello(kind), Event::Hello { kind, domain });
            }
            Command::Mail { from, params } => self.mail(from, params),
            Command::Rcpt { to, params } => self.rcpt(to, params),
            Command::Data => self.data(),
            Command::Bdat { size, last } => self.bdat(size, last),
            Command::Rset => {
                self.reset_transaction();
                self.send(reply(250, (2, 0, 0), "OK"));
                self.events.push_back(Event::Reset);
            }
            Command::Noop(_) => self.send(reply(250, (2, 0, 0), "OK")),
            Command::Quit => {
                self.close_with(reply(221, (2, 0, 0), "Bye"));
            }
            Command::StartTls => {
                if self.session.tls {
                    return self.refuse(reply(503, (5, 5, 1), "TLS already active"), None);
                }
                if !self.config.capabilities.starttls {
                    return self.refuse(reply(502, (5, 5, 1), "STARTTLS not available"), None);
                }
                self.ask(Pending::StartTls, Event::StartTls);
            }
            Command::Auth {
                mechanism,
                initial_response,
            } => self.auth(mechanism, initial_response.as_deref()),
            other => {
                let verb = match &other {
                    Command::Vrfy(_) => "VRFY",
                    Command::Expn(_) => "EXPN",
                    Command::Help(_) => "HELP",
                    Command::Etrn(_) => "ETRN",
                    _ => "UNKNOWN",
                };
                self.ask(Pending::Command(verb), Event::Command(other));
            }
        }
    }

    fn mail(&mut self, from: ReversePath<'static>, params: MailParams<'static>) {
        let caps = &self.config.capabilities;
        let r = if self.session.hello.is_none() {
            Some(reply(503, (5, 5, 1), "Send HELO/EHLO first"))
        } else if self.session.mail.is_some() {
            Some(reply(503, (5, 5, 1), "Nested MAIL command"))
        } else if self.session.hello == Some(HelloKind::Helo) && params != MailParams::default() {
            Some(reply(555, (5, 5, 4), "Parameters need EHLO"))
        } else if !params.other.is_empty()
            || (params.smtputf8 && !caps.smtputf8)
            || ((params.ret.is_some() || params.envid.is_some()) && !caps.dsn)
            || (params.body == Some(Body::BinaryMime) && !caps.binary_mime)
            || (params.body == Some(Body::EightBitMime) && !caps.eight_bit_mime)
            || (params.requiretls && !(caps.requiretls && self.session.tls))
            || (params.mt_priority.is_some() && caps.mt_priority.is_none())
            || ((params.hold_for.is_some() || params.hold_until.is_some())
                && caps.future_release.is_none())
            || (params.by.is_some() && caps.deliver_by.is_none())
        {
            Some(reply(
                555,
                (5, 5, 4),
                "Parameter not recognized or not implemented",
            ))
        } else if params
            .size
            .zip(self.config.max_message_size)
            .is_some_and(|(s, max)| s > max)
        {
            Some(reply(552, (5, 3, 4), "Message size exceeds fixed limit"))
        } else if matches!(&from, ReversePath::Mailbox(m) if !m.is_ascii()) && !params.smtputf8 {
            Some(reply(553, (5, 6, 7), "Non-ASCII address needs SMTPUTF8"))
        } else {
            None
        };
        match r {
            Some(r) => self.refuse(r, None),
            None => {
                self.ask(
                    Pending::Mail {
                        body: params.body,
                        smtputf8: params.smtputf8,
                    },
                    Event::Mail { from, params },
                );
            }
        }
    }

    fn rcpt(&mut self, to: ForwardPath<'static>, params: RcptParams<'static>) {
        let r = if self.session.mail.is_none() {
            Some(reply(503, (5, 5, 1), "Need MAIL before RCPT"))
        } else if !params.other.is_empty()
            || ((params.notify.is_some() || params.orcpt.is_some())
                && !self.config.capabilities.dsn)
            || params.rrvs.is_some()
        {
            Some(reply(
                555,
                (5, 5, 4),
                "Parameter not recognized or not implemented",
            ))
        } else if self.session.recipients >= self.config.max_recipients {
            Some(reply(452, (4, 5, 3), "Too many recipients"))
        } else if matches!(&to, ForwardPath::Mailbox(m) if !m.is_ascii()) && !self.session.smtputf8
        {
            Some(reply(553, (5, 6, 7), "Non-ASCII address needs SMTPUTF8"))
        } else {
            None
        };
        match r {
            Some(r) => self.refuse(r, None),
            None => {
                self.ask(Pending::Rcpt, Event::Rcpt { to, params });
            }
        }
    }

    fn transaction_error(&self) -> Option<Reply<'static>> {
        match self.session.mail {
            None => Some(reply(503, (5, 5, 1), "Need MAIL command")),
            Some(_) if self.session.recipients == 0 => {
                Some(reply(554, (5, 5, 1), "No valid recipients"))
            }
            _ => None,
        }
    }

    fn data(&mut self) {
        let r = self.transaction_error().or_else(|| {
            if self.session.mail == Some(Some(Body::BinaryMime)) {
                Some(reply(503, (5, 5, 1), "BINARYMIME needs BDAT"))
            } else if self.session.bdat_size.is_some() {
                Some(reply(503, (5, 5, 1), "DATA after BDAT"))
            } else {
                None
            }
        });
        if let Some(r) = r {
            return self.refuse(r, None);
        }
        self.send(Reply::simple(354, None, "End data with <CR><LF>.<CR><LF>"));
        self.unstuffer.reset();
        self.mode = Mode::Data {
            size: 0,
            too_big: false,
        };
    }

    fn bdat(&mut self, size: u64, last: bool) {
        let refused = if !self.config.capabilities.chunking {
            Some(reply(502, (5, 5, 1), "BDAT not available"))
        } else {
            self.transaction_error()
        };
        if refused.is_none() {
            self.session.bdat_size = Some(self.session.bdat_size.unwrap_or(0));
        }
        self.mode = Mode::Bdat {
            remaining: size,
            last,
            refused,
        };
        if size == 0 {
            // no chunk data to wait for
            self.step_bdat();
        }
    }

    fn auth(&mut self, mechanism: Mechanism, initial_response: Option<&str>) {
        let r = if self.session.hello.is_none() {
            Some(reply(503, (5, 5, 1), "Send EHLO first"))
        } else if self.session.authenticated {
            Some(reply(503, (5, 5, 1), "Already authenticated"))
        } else if self.session.mail.is_some() {
            Some(reply(
                503,
                (5, 5, 1),
                "AUTH not allowed during a transaction",
            ))
        } else if !self.config.capabilities.auth.contains(&mechanism) {
            Some(reply(504, (5, 5, 4), "Unrecognized authentication type"))
        } else {
            None
        };
        if let Some(r) = r {
            return self.refuse(r, None);
        }
        let initial_response = match initial_response.map(|ir| sasl::decode_line(ir.as_bytes())) {
            None => None,
            Some(Ok(sasl::Response::Data(d))) => Some(d),
            Some(Ok(sasl::Response::Cancel)) | Some(Err(_)) => {
                return self.refuse(reply(501, (5, 5, 2), "Invalid base64 data"), None);
            }
        };
        self.ask(
            Pending::Auth,
            Event::Auth {
                mechanism,
                initial_response,
            },
        );
    }

    fn step_data(&mut self) -> bool {
        let buf = self.input.split().freeze();
        let unstuffer = &mut self.unstuffer;
        let Mode::Data { size, too_big } = &mut self.mode else {
            return false;
        };
        let limit = self.config.max_message_size;
        let mut chunks = Vec::new();
        let status = unstuffer.decode(&buf, |piece| {
            let chunk = match piece {
                Piece::Input(range) => buf.slice(range),
                Piece::Extra(bytes) => Bytes::from_static(bytes),
            };
            *size += chunk.len() as u64;
            if limit.is_some_and(|max| *size > max) {
                *too_big = true;
            }
            if !*too_big {
                chunks.push(chunk);
            }
        });
        let (size, too_big) = (*size, *too_big);
        self.events.extend(chunks.into_iter().map(Event::BodyChunk));
        if let Unstuffed::End {
            consumed,
            bare_line_ending,
        } = status
        {
            self.input.extend_from_slice(&buf[consumed..]);
            self.mode = Mode::Command;
            if too_big {
                self.reject_message(reply(552, (5, 3, 4), "Message size exceeds fixed limit"));
            } else if self.unstuffer.long_line().is_some() {
                self.reject_message(reply(500, (5, 5, 6), "Line too long"));
            } else if bare_line_ending.is_some() {
                self.reject_message(reply(550, (5, 6, 0), "Message contains bare CR or LF"));
            } else {
                self.message_end(size);
            }
        }
        true
    }

    fn step_bdat(&mut self) -> bool {
        let Mode::Bdat {
            remaining,
            last,
            refused,
        } = &mut self.mode
        else {
            return false;
        };
        let take = (*remaining).min(self.input.len() as u64) as usize;
        let chunk = self.input.split_to(take).freeze();
        *remaining -= take as u64;
        let done = *remaining == 0;
        let (last, refused) = (*last, refused.clone());
        if refused.is_none() && !chunk.is_empty() {
            let total = self.session.bdat_size.unwrap_or(0) + chunk.len() as u64;
            self.session.bdat_size = Some(total);
            if self.config.max_message_size.is_none_or(|max| total <= max) {
                self.events.push_back(Event::BodyChunk(chunk));
            }
        }
        if done {
            self.mode = Mode::Command;
            let size = self.session.bdat_size.unwrap_or(0);
            if let Some(r) = refused {
                self.refuse(r, None);
            } else if self.config.max_message_size.is_some_and(|max| size > max) {
                self.reject_message(reply(552, (5, 3, 4), "Message size exceeds fixed limit"));
            } else if last {
                self.message_end(size);
            } else {
                self.send(Reply::simple(
                    250,
                    Some((2, 0, 0)),
                    format!("{size} octets received"),
                ));
            }
        }
        true
    }

    fn message_end(&mut self, size: u64) {
        let replies = if self.config.lmtp {
            self.session.recipients.max(1)
        } else {
            1
        };
        self.ask(
            Pending::MessageEnd(replies),
            Event::MessageEnd { size, replies },
        );
    }

    fn reject_message(&mut self, r: Reply<'static>) {
        let count = if self.config.lmtp {
            self.session.recipients.max(1)
        } else {
            1
        };
        for _ in 0..count {
            self.send(r.clone());
        }
        self.reset_transaction();
        self.events.push_back(Event::MessageRejected { reply: r });
    }
}

fn reply_421_errors() -> Reply<'static> {
    reply(421, (4, 7, 0), "Too many errors, closing connection")
}
