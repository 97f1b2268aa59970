//! The server state machine: no sockets, no clock, no threads.
//!
//! Feed it what the client sent with [`Server::handle_input`], drain
//! [`Server::poll_event`], answer each [`Event::Decision`], and write what
//! [`Server::poll_transmit`] returns. The machine itself keeps the AUTHORIZATION,
//! TRANSACTION and UPDATE states of RFC 1939 (answering commands the state does
//! not allow), runs USER/PASS, APOP and the SASL exchange of AUTH (RFC 5034) and
//! hands the credentials over as one [`Decision::Login`], answers STAT, LIST, UIDL,
//! DELE, RSET, NOOP and CAPA from the maildrop listing given once at login,
//! dot-stuffs RETR and TOP bodies fed in chunks, discards plaintext pipelined after
//! STLS (RFC 2595 §4), and keeps the RFC 1939 §3 inactivity timer.
//!
//! Time is injected: `now` comes with construction, every input and every transmit,
//! so [`Server::poll_timeout`] is always current.

mod answer;
mod body;
mod commands;
mod config;
mod event;

pub use config::{CramMd5Challenge, ServerConfig};
pub use event::{AnswerError, Awaiting, Decision, Event, Login, Maildrop};

use std::convert::Infallible;
use std::time::Instant;

use bytes::Bytes;
use mail_proto_core::line::{Frame, LineFramer};
use mail_proto_core::machine::Core;
use mail_proto_core::sasl::ServerExchange;
use mail_proto_core::timer::Timer;

use crate::encode::encode_response;
use crate::types::{MAX_TEXT_LEN, Response, Status, Text};

/// The RFC 1939 session states.
#[derive(Debug)]
enum State {
    /// Before a login; `user` is the name given by USER, if any.
    Authorization { user: Option<String> },
    /// Inside an AUTH exchange (still AUTHORIZATION).
    Auth(Box<ServerExchange>),
    /// Logged in.
    Transaction,
    /// Over.
    Closed,
}

/// A POP3 server connection, without I/O.
#[derive(Debug)]
pub struct Server {
    config: ServerConfig,
    core: Core<Event, Infallible>,
    framer: LineFramer,
    state: State,
    pending: Option<Awaiting>,
    pending_command: Option<crate::types::Command<'static>>,
    maildrop: Maildrop,
    deleted: Vec<bool>,
    body: body::BodyWriter,
    tls: bool,
    errors: usize,
    idle: Timer,
}

pub(crate) fn response(status: Status, text: impl Into<String>) -> Response<'static> {
    Response::from_parts(status, None, Text::sanitized(text))
}

impl Server {
    /// A new connection at `now`; the greeting is queued and the timer armed.
    pub fn new(config: ServerConfig, now: Instant) -> Self {
        let line = config.command.max_line_len.max(config.max_auth_line_len);
        let mut server = Server {
            framer: LineFramer::new(line),
            core: Core::new(),
            state: State::Authorization { user: None },
            pending: None,
            pending_command: None,
            maildrop: Maildrop::default(),
            deleted: Vec::new(),
            body: body::BodyWriter::default(),
            tls: false,
            errors: 0,
            idle: Timer::new(),
            config,
        };
        // the greeting line stays within 512 octets (RFC 2449 §4): a timestamp too
        // long to fit is not offered (APOP is then refused), and the text before a
        // timestamp is shortened to leave it room
        if server
            .config
            .apop_timestamp
            .as_ref()
            .is_some_and(|t| t.as_str().len() > MAX_TEXT_LEN)
        {
            server.config.apop_timestamp = None;
        }
        let greeting = &server.config.greeting;
        let greeting = match &server.config.apop_timestamp {
            None => greeting.clone(),
            Some(t) if greeting.is_empty() => Text::from_checked(t.as_str().to_string()),
            // both parts were checked (no CR, LF or NUL)
            Some(t) => {
                let room = MAX_TEXT_LEN.saturating_sub(t.as_str().len() + 1);
                let mut cut = greeting.as_str().len().min(room);
                while !greeting.as_str().is_char_boundary(cut) {
                    cut -= 1;
                }
                let text = greeting.as_str()[..cut].trim_end();
                if text.is_empty() {
                    Text::from_checked(t.as_str().to_string())
                } else {
                    Text::from_checked(format!("{text} {}", t.as_str()))
                }
            }
        };
        server.send(Response::from_parts(Status::Ok, None, greeting));
        server.idle.arm(now, Some(server.config.timeout));
        server
    }

    /// The configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    /// True once the session is over.
    pub fn is_closed(&self) -> bool {
        matches!(self.state, State::Closed)
    }

    /// True in the TRANSACTION state.
    pub fn is_authenticated(&self) -> bool {
        matches!(self.state, State::Transaction)
    }

    /// True after STLS (or [`set_tls`](Self::set_tls)).
    pub fn is_tls(&self) -> bool {
        self.tls
    }

    /// Tells the machine TLS is already on (implicit TLS, port 995).
    pub fn set_tls(&mut self) {
        self.tls = true;
    }

    /// What the machine waits for the application to answer, if anything.
    pub fn pending(&self) -> Option<Awaiting> {
        self.pending
    }

    /// The messages marked as deleted so far, in order.
    pub fn deleted(&self) -> Vec<crate::types::MessageNumber> {
        self.deleted
            .iter()
            .enumerate()
            .filter(|(_, d)| **d)
            .filter_map(|(i, _)| crate::types::MessageNumber::from_index(i))
            .collect()
    }

    /// Protocol errors counted so far toward `max_errors`.
    pub fn errors(&self) -> usize {
        self.errors
    }

    /// Takes bytes received from the client at `now`, split anywhere. Input after the
    /// session closed is dropped. The inactivity timer restarts.
    ///
    /// Input is bounded by [`ServerConfig::max_buffered`](ServerConfig::max_buffered)
    /// twice over: while a decision is pending the unprocessed input may not pass it,
    /// and neither may the input taken since [`poll_event`](Self::poll_event) last ran
    /// (one call of any size is always taken). Past either the server answers `-ERR`
    /// and closes.
    pub fn handle_input(&mut self, now: Instant, bytes: &[u8]) {
        if self.is_closed() {
            return;
        }
        self.idle.arm(now, Some(self.config.timeout));
        let max = self.config.max_buffered;
        if self.pending.is_some() && self.core.input.len().saturating_add(bytes.len()) > max {
            self.close_with(response(Status::Err, "Too much pipelined input"));
            return;
        }
        // input taken since the last poll_event: one call of any size always goes in
        let unpolled = self.core.unpolled_input();
        if unpolled > 0
            && unpolled.saturating_add(bytes.len() as u64) > u64::try_from(max).unwrap_or(u64::MAX)
        {
            self.close_with(response(Status::Err, "Too much unprocessed input"));
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

    /// Bytes to write to the client, in order. Handing them out restarts the timer.
    #[must_use]
    pub fn poll_transmit(&mut self, now: Instant) -> Option<Bytes> {
        let out = self.core.poll_transmit()?;
        if !self.is_closed() {
            self.idle.arm(now, Some(self.config.timeout));
        }
        Some(out)
    }

    /// Bytes queued and not yet handed out: the back-pressure signal while a body
    /// is fed with [`send_body`](Self::send_body).
    pub fn queued_output(&self) -> usize {
        self.core.queued_output()
    }

    /// Fires the inactivity timer if `now` has passed it (RFC 1939 §3: the session
    /// closes without entering UPDATE, nothing is deleted). Idempotent; an early or
    /// repeated call does nothing. The timer does not run while the application has
    /// a decision to make.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.is_closed() || !self.timed() {
            return;
        }
        if self.idle.check(now) {
            self.close_with(response(Status::Err, "Inactivity timeout, closing"));
        }
    }

    /// When [`handle_timeout`](Self::handle_timeout) should next be called: `None`
    /// once closed, while a decision is pending, or when the timeout is unbounded.
    /// While a message is being sent the timer runs, restarted by every
    /// [`poll_transmit`](Self::poll_transmit): a client that stops reading stops
    /// the output, and is closed when the timer runs out.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.is_closed() || !self.timed() {
            None
        } else {
            self.idle.deadline()
        }
    }

    /// The inactivity timer counts: no decision is pending but a body being sent.
    fn timed(&self) -> bool {
        matches!(self.pending, None | Some(Awaiting::Body))
    }

    fn send(&mut self, r: Response<'static>) {
        encode_response(&r, self.core.out());
    }

    fn close_with(&mut self, r: Response<'static>) {
        // inside a message being sent a status line would be read as its text: the
        // connection just ends
        if self.pending != Some(Awaiting::Body) {
            self.send(r);
        }
        self.state = State::Closed;
        self.pending = None;
        self.idle.disarm();
        self.core.close();
        self.core.push_event(Event::Closed);
    }

    fn ask(&mut self, awaiting: Awaiting, decision: Decision) {
        self.pending = Some(awaiting);
        self.core.push_event(Event::Decision(decision));
    }

    /// A command the machine refuses itself: the response goes out, the error counts.
    fn reject(&mut self, text: &str, error: Option<crate::DecodeError>) {
        let r = response(Status::Err, text);
        self.send(r.clone());
        self.core.push_event(Event::Rejected { response: r, error });
        self.count_error();
    }

    fn count_error(&mut self) {
        self.errors += 1;
        if self.errors >= self.config.max_errors {
            self.close_with(response(Status::Err, "Too many errors, closing"));
        }
    }

    /// Processes one line of buffered input; false when nothing more can be done.
    fn step(&mut self) -> bool {
        if self.is_closed() {
            self.core.input.clear();
            return false;
        }
        match self.framer.next_frame(&self.core.input) {
            Frame::Incomplete => false,
            Frame::Skip { len } => {
                let _ = self.core.input.split_to(len);
                if self.framer.discarded() > self.config.max_line_discard {
                    let r = response(Status::Err, "Line too long, closing");
                    self.core.push_event(Event::Rejected {
                        response: r.clone(),
                        error: None,
                    });
                    self.close_with(r);
                    return false;
                }
                true
            }
            Frame::Overlong { len, .. } => {
                let _ = self.core.input.split_to(len);
                if matches!(self.state, State::Auth(_)) {
                    self.state = State::Authorization { user: None };
                }
                self.reject("Line too long", None);
                true
            }
            Frame::Line { len, .. } => {
                let line = self.core.input.split_to(len).freeze();
                if matches!(self.state, State::Auth(_)) {
                    self.auth_line(&line);
                } else {
                    self.command_line(&line);
                }
                true
            }
        }
    }
}
