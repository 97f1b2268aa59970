//! The server state machine: no sockets, no clock, no threads.
//!
//! Feed it what the client sent with [`Server::handle_input`], drain
//! [`Server::poll_event`], answer each [`Event::Decision`] with [`Server::accept`],
//! [`Server::refuse`] or [`Server::respond`], and write what [`Server::poll_transmit`]
//! returns. The machine itself enforces the command sequence of RFC 5321 §4.1.4
//! (503/501/500/555 replies), PIPELINING (RFC 2920), DATA dot-unstuffing, BDAT chunks
//! (RFC 3030), the whole AUTH exchange (RFC 4954: PLAIN, LOGIN, CRAM-MD5, XOAUTH2,
//! OAUTHBEARER, EXTERNAL, ANONYMOUS), STARTTLS (RFC 3207) and the LMTP per-recipient
//! replies (RFC 2033), and asks the application only what needs a decision: whether
//! to accept a client name, a sender, a recipient, a message, a login.
//!
//! Time is injected: `now` comes with construction, every input and every transmit,
//! so [`Server::poll_timeout`] is always current.
//!
//! ```
//! use std::time::Instant;
//! use smtp_proto::server::{Decision, Event, Server, ServerConfig};
//!
//! let now = Instant::now();
//! let mut server = Server::new(ServerConfig::new("mx.example.com").unwrap(), now);
//! server.handle_input(now, b"EHLO client.example.org\r\nQUIT\r\n");
//! while let Some(event) = server.poll_event() {
//!     if let Event::Decision(Decision::Hello { .. }) = event {
//!         server.accept().unwrap();
//!     }
//! }
//! let mut wire = Vec::new();
//! while let Some(out) = server.poll_transmit(now) {
//!     wire.extend_from_slice(&out);
//! }
//! assert!(wire.starts_with(b"220 mx.example.com ESMTP\r\n250-mx.example.com\r\n"));
//! assert!(wire.ends_with(b"221 2.0.0 Bye\r\n"));
//! assert!(server.is_closed());
//! ```

mod answer;
mod auth;
mod body;
mod commands;
mod config;
mod event;

pub use config::{CramMd5Challenge, Hostname, ServerConfig};
pub use event::{AnswerError, Awaiting, Decision, Event, Transfer};

use std::borrow::Cow;
use std::convert::Infallible;
use std::time::Instant;

use bytes::Bytes;
use mail_proto_core::Decoded;
use mail_proto_core::dot::DotUnstuffer;
use mail_proto_core::line::{Frame, LineFramer};
use mail_proto_core::machine::Core;
use mail_proto_core::sasl::ServerExchange;
use mail_proto_core::timer::Timer;

use crate::encode::encode_reply;
use crate::error::DecodeErrorKind;
use crate::parse::{LineLimits, parse_command_with};
use crate::types::{Body, Command, HelloKind, Reply};

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
    Auth(Box<ServerExchange>),
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
    excess_recipients: usize,
    bdat_size: Option<u64>,
    /// A body has started (354 sent or a BDAT chunk taken) and not been decided.
    message_open: bool,
    /// A BDAT transaction failed and only BDAT commands came since: the chunks a
    /// pipelining client had already sent are refused and discarded without
    /// counting toward `max_errors` (RFC 3030 §4.2 obliges the server to take them).
    bdat_failed: bool,
}

/// An SMTP or LMTP server connection, without I/O.
#[derive(Debug)]
pub struct Server {
    config: ServerConfig,
    core: Core<Event, Infallible>,
    framer: LineFramer,
    unstuffer: DotUnstuffer,
    mode: Mode,
    pending: Option<Awaiting>,
    pending_hello: Option<HelloKind>,
    pending_body: Option<Body>,
    pending_smtputf8: bool,
    pending_command: Option<Command<'static>>,
    session: Session,
    errors: usize,
    idle: Timer,
    pieces: Vec<mail_proto_core::dot::Piece>,
}

/// A reply with constant text.
fn reply(code: u16, enhanced: (u8, u16, u16), text: &'static str) -> Reply<'static> {
    Reply::fixed(code, Some(enhanced), vec![Cow::Borrowed(text)])
}

impl Server {
    /// A new connection at `now`; the 220 greeting is queued and the idle timer armed.
    /// The MAIL and RCPT line limits are raised for the configured extensions (RFC
    /// 5321 §4.5.3.1.4: SIZE, DSN, AUTH, SMTPUTF8, ...), never lowered.
    ///
    /// A `SIZE n` in the capabilities with no
    /// [`max_message_size`](ServerConfig::max_message_size) is enforced: the limit
    /// becomes `n`, so the server never announces a limit it does not keep.
    pub fn new(mut config: ServerConfig, now: Instant) -> Self {
        if let (None, Some(Some(n))) = (config.max_message_size, config.capabilities.size) {
            config.max_message_size = Some(n);
        }
        let limits = LineLimits::for_capabilities(&config.capabilities);
        let command = &mut config.command;
        command.max_mail_line_len = command.max_mail_line_len.max(limits.mail);
        command.max_rcpt_line_len = command.max_rcpt_line_len.max(limits.rcpt);
        let line = command
            .max_line_len
            .max(command.max_auth_line_len)
            .max(command.max_mail_line_len)
            .max(command.max_rcpt_line_len);
        let unstuffer = DotUnstuffer::new(config.bare_line_endings);
        let mut server = Server {
            framer: LineFramer::new(line),
            unstuffer: match config.max_text_line_len {
                Some(max) => unstuffer.with_max_line_len(max),
                None => unstuffer,
            },
            core: Core::new(),
            mode: Mode::Command,
            pending: None,
            pending_hello: None,
            pending_body: None,
            pending_smtputf8: false,
            pending_command: None,
            session: Session::default(),
            errors: 0,
            idle: Timer::new(),
            pieces: Vec::new(),
            config,
        };
        let greeting = format!("{} {}", server.config.hostname, server.config.greeting);
        // a Hostname and a ReplyText: valid, and the line within 512 octets
        let greeting = Cow::Owned(greeting.trim_end().to_string());
        server.send(Reply::fixed(220, None, vec![greeting]));
        server.idle.arm(now, Some(server.config.timeout));
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

    /// What the machine waits for the application to answer, if anything.
    pub fn pending(&self) -> Option<Awaiting> {
        self.pending
    }

    /// Protocol errors counted so far toward `max_errors`.
    pub fn errors(&self) -> usize {
        self.errors
    }

    /// Takes bytes received from the client at `now`, split anywhere. Input after the
    /// session closed is dropped. The idle timer restarts.
    ///
    /// Input is bounded by [`ServerConfig::max_buffered`] twice over: while a decision
    /// is pending the unprocessed input may not pass it, and neither may the input
    /// taken since [`poll_event`](Self::poll_event) last ran (one call of any size is
    /// always taken). Past either the server answers `421 4.7.0` and closes, so a run
    /// loop that reads without polling cannot grow the buffers without bound. A run
    /// loop should also stop reading while [`queued_output`](Self::queued_output) is
    /// high: a peer that pipelines and never reads makes output pile up.
    pub fn handle_input(&mut self, now: Instant, bytes: &[u8]) {
        if self.is_closed() {
            return;
        }
        self.idle.arm(now, Some(self.config.timeout));
        let max = self.config.max_buffered;
        let pending_over = self.pending.is_some()
            && matches!(self.mode, Mode::Command | Mode::Auth(_))
            && self.core.input.len().saturating_add(bytes.len()) > max;
        let unpolled = self.core.unpolled_input();
        let unpolled_over = unpolled > 0
            && unpolled.saturating_add(bytes.len() as u64) > u64::try_from(max).unwrap_or(u64::MAX);
        if pending_over {
            self.close_with(reply(421, (4, 7, 0), "Too much pipelined input"));
            return;
        }
        if unpolled_over {
            self.close_with(reply(421, (4, 7, 0), "Too much unprocessed input"));
            return;
        }
        // the error type is Infallible: receiving cannot fail
        let _ = self.core.receive(bytes);
    }

    /// The next event, or `None` when the machine needs input or an answer.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Event> {
        let next = Core::poll_event(
            self,
            |s| &mut s.core,
            |s| {
                if s.pending.is_some() || s.core.input.is_empty() {
                    return false;
                }
                s.step()
            },
        );
        next.map(|e| match e {
            Ok(event) => event,
            Err(never) => match never {},
        })
    }

    /// Bytes to write to the client, all replies so far in one buffer. Handing them
    /// out restarts the idle timer: the client's time to answer starts now.
    #[must_use]
    pub fn poll_transmit(&mut self, now: Instant) -> Option<Bytes> {
        let out = self.core.poll_transmit()?;
        if !self.is_closed() {
            self.idle.arm(now, Some(self.config.timeout));
        }
        Some(out)
    }

    /// Bytes queued and not yet handed out by [`poll_transmit`](Self::poll_transmit).
    pub fn queued_output(&self) -> usize {
        self.core.queued_output()
    }

    /// Fires the idle timer if `now` has passed it: 421 and close. Idempotent; an
    /// early or repeated call does nothing. The timer does not run while the
    /// application has a decision to make, nor between the answer and the
    /// [`poll_transmit`](Self::poll_transmit) that hands its reply out (which starts
    /// the client's time again): a late answer is never followed by a timeout.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.is_closed() || self.pending.is_some() {
            return;
        }
        if self.idle.check(now) {
            let text = format!("{} Error: timeout exceeded", self.config.hostname);
            self.close_with(Reply::fixed(421, Some((4, 4, 2)), vec![Cow::Owned(text)]));
        }
    }

    /// When [`handle_timeout`](Self::handle_timeout) should next be called: `None`
    /// once closed, while a decision is pending or its answer not yet transmitted,
    /// or when the timeout is unbounded.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.is_closed() || self.pending.is_some() {
            None
        } else {
            self.idle.deadline()
        }
    }

    fn hello_reply(&self, kind: HelloKind) -> Reply<'static> {
        let host = Cow::Owned(self.config.hostname.to_string());
        if kind == HelloKind::Helo {
            return Reply::fixed(250, None, vec![host]);
        }
        // a Hostname, then one line per capability: every value in Capabilities is
        // validated, so no line is refused or dropped
        let mut lines = vec![host];
        lines.extend(self.offered().to_lines());
        Reply::fixed(250, None, lines)
    }

    /// The capabilities as offered now: STARTTLS only before TLS, AUTH only after it
    /// (unless allowed), CRAM-MD5 only with a challenge, SIZE from the limit.
    pub(crate) fn offered(&self) -> crate::types::Capabilities {
        let mut caps = self.config.capabilities.clone();
        if self.session.tls {
            caps.starttls = false;
        }
        if !self.session.tls && !self.config.allow_auth_without_tls {
            caps.auth.clear();
        }
        if self.config.cram_md5_challenge.is_none() {
            caps.auth
                .retain(|m| *m != mail_proto_core::sasl::Mechanism::CramMd5);
        }
        if self.config.max_message_size.is_some() {
            caps.size = Some(self.config.max_message_size);
        }
        caps
    }

    fn reset_transaction(&mut self) {
        if self.session.message_open {
            self.core.push_event(Event::MessageAbandoned);
        }
        self.session.message_open = false;
        self.session.mail = None;
        self.session.smtputf8 = false;
        self.session.recipients = 0;
        self.session.excess_recipients = 0;
        self.session.bdat_size = None;
    }

    fn send(&mut self, reply: Reply<'static>) {
        // every reply is validated when built; the application's in `respond`
        encode_reply(&reply, self.core.out());
    }

    fn close_with(&mut self, reply: Reply<'static>) {
        self.reset_transaction();
        self.send(reply);
        self.mode = Mode::Closed;
        self.pending = None;
        self.idle.disarm();
        self.core.close();
        self.core.push_event(Event::Closed);
    }

    /// Waits for the application's decision; the idle timer stops until the answer
    /// goes out.
    fn ask(&mut self, awaiting: Awaiting, decision: Decision) {
        self.pending = Some(awaiting);
        self.idle.disarm();
        self.core.push_event(Event::Decision(decision));
    }

    /// A protocol error: the reply goes out, the error is counted.
    fn refuse_command(&mut self, reply: Reply<'static>, error: Option<crate::DecodeError>) {
        self.send(reply.clone());
        self.core.push_event(Event::Rejected { reply, error });
        self.count_error();
    }

    fn count_error(&mut self) {
        self.errors += 1;
        if self.errors >= self.config.max_errors {
            self.close_with(reply(421, (4, 7, 0), "Too many errors, closing connection"));
        }
    }

    /// Processes buffered input once; false when nothing more can be done now.
    fn step(&mut self) -> bool {
        match self.mode {
            Mode::Closed => {
                self.core.input.clear();
                false
            }
            Mode::Data { .. } => self.step_data(),
            Mode::Bdat { .. } => self.step_bdat(),
            Mode::Command | Mode::Auth(_) => self.step_line(),
        }
    }

    fn step_line(&mut self) -> bool {
        match self.framer.next_frame(&self.core.input) {
            Frame::Incomplete => false,
            Frame::Skip { len } => {
                let _ = self.core.input.split_to(len);
                if self.framer.discarded() > self.config.max_line_discard {
                    let r = reply(421, (4, 7, 0), "Line too long, closing connection");
                    self.core.push_event(Event::Rejected {
                        reply: r.clone(),
                        error: None,
                    });
                    self.close_with(r);
                    return false;
                }
                true
            }
            Frame::Overlong { len, .. } => {
                let _ = self.core.input.split_to(len);
                if matches!(self.mode, Mode::Auth(_)) {
                    // RFC 4954 §4: 500 5.5.6 is the answer to an overlong AUTH line
                    self.mode = Mode::Command;
                    self.refuse_command(
                        reply(500, (5, 5, 6), "Authentication exchange line is too long"),
                        None,
                    );
                } else {
                    self.refuse_command(reply(500, (5, 5, 2), "Line too long"), None);
                }
                true
            }
            Frame::Line { len, .. } => {
                let line = self.core.input.split_to(len).freeze();
                if matches!(self.mode, Mode::Auth(_)) {
                    self.auth_line(&line);
                } else {
                    self.command_line(&line);
                }
                true
            }
        }
    }

    fn command_line(&mut self, line: &Bytes) {
        let options = &self.config.command;
        let cmd = match parse_command_with(line, options) {
            Decoded::Complete { value, .. } => value.into_owned(),
            // the framer hands over whole lines, so a line is never incomplete
            Decoded::Incomplete | Decoded::LiteralAnnounced(_) => {
                self.refuse_command(reply(500, (5, 5, 2), "Syntax error"), None);
                return;
            }
            Decoded::Failed(e) => {
                let r = match e.kind {
                    DecodeErrorKind::LineTooLong { .. } => reply(500, (5, 5, 2), "Line too long"),
                    DecodeErrorKind::BareLineEnding => {
                        reply(500, (5, 5, 2), "Bare CR or LF in command line")
                    }
                    DecodeErrorKind::NumberOverflow => reply(501, (5, 5, 4), "Number out of range"),
                    _ => reply(501, (5, 5, 4), "Syntax error in parameters or arguments"),
                };
                self.refuse_command(r, Some(e));
                return;
            }
        };
        let group_ended = cmd.ends_pipeline_group() || !self.pipelining();
        if group_ended
            && !self.core.input.is_empty()
            && !matches!(cmd, Command::Quit | Command::StartTls)
        {
            self.core.push_event(Event::PipeliningViolation);
            if self.config.strict_pipelining {
                self.close_with(reply(554, (5, 5, 0), "Protocol synchronization error"));
                return;
            }
        }
        self.dispatch(cmd);
    }
}
