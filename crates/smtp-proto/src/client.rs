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

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use mail_proto_core::dot::DotStuffer;
use mail_proto_core::line::{Frame, LineFramer};
use mail_proto_core::sasl::{self, Credentials, SaslClient};
use mail_proto_core::sticky::Sticky;

use crate::encode::encode_command;
use crate::error::{ConnectionError, DecodeError, DecodeErrorKind};
use crate::framing::ReplyAssembler;
use crate::parse::{ReplyOptions, parse_ehlo};
use crate::types::{
    Body, Command, Domain, EhloResponse, ForwardPath, HelloKind, MailParams, RcptParams, Reply,
    ReversePath,
};

/// Settings of a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The name sent in EHLO/HELO/LHLO.
    pub hello_domain: Domain<'static>,
    /// Speak LMTP (RFC 2033).
    pub lmtp: bool,
    /// Tolerances for server replies (lenient by default).
    pub reply: ReplyOptions,
    /// Send bodies with BDAT whenever the server offers CHUNKING.
    pub prefer_bdat: bool,
    /// Send a bare CR or LF in a body as CRLF.
    pub normalize_line_endings: bool,
    /// Initial 220 wait (RFC 5321 §4.5.3.2.1: 5 minutes).
    pub greeting_timeout: Duration,
    /// Wait for MAIL, RCPT and other command replies (§4.5.3.2.2-3: 5 minutes).
    pub command_timeout: Duration,
    /// Wait for the 354 reply to DATA (§4.5.3.2.4: 2 minutes).
    pub data_init_timeout: Duration,
    /// Wait for the reply after the end of data (§4.5.3.2.6: 10 minutes).
    pub data_end_timeout: Duration,
}

impl ClientConfig {
    /// Defaults for the given client name, with the RFC 5321 timeouts.
    pub fn new(hello_domain: Domain<'static>) -> Self {
        ClientConfig {
            hello_domain,
            lmtp: false,
            reply: ReplyOptions::default(),
            prefer_bdat: false,
            normalize_line_endings: false,
            greeting_timeout: Duration::from_secs(300),
            command_timeout: Duration::from_secs(300),
            data_init_timeout: Duration::from_secs(120),
            data_end_timeout: Duration::from_secs(600),
        }
    }
}

/// One message to send: envelope and body.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// MAIL FROM.
    pub from: ReversePath<'static>,
    /// MAIL parameters.
    pub params: MailParams<'static>,
    /// RCPT TO and their parameters, in order.
    pub recipients: Vec<(ForwardPath<'static>, RcptParams<'static>)>,
}

/// What the client tells the application.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The server's 220 greeting.
    Greeting(Reply<'static>),
    /// EHLO (or HELO, LHLO) succeeded: the client is ready for commands. After HELO the
    /// capability set is empty.
    Ready(EhloResponse),
    /// The server said 220 to STARTTLS: write out everything from
    /// [`Client::poll_transmit`], do the TLS handshake, then call
    /// [`Client::tls_established`].
    TlsUpgrade,
    /// STARTTLS was refused.
    TlsRefused(Reply<'static>),
    /// AUTH succeeded.
    Authenticated(Reply<'static>),
    /// AUTH failed or was refused.
    AuthFailed(Reply<'static>),
    /// MAIL FROM was refused; the transaction failed.
    MailRejected(Reply<'static>),
    /// The reply to RCPT TO number `index` of the envelope.
    Recipient {
        /// Index in [`Envelope::recipients`].
        index: usize,
        /// The server's reply.
        reply: Reply<'static>,
    },
    /// The final reply for the message: for SMTP once (`recipient` is `None`), for LMTP
    /// once per accepted recipient.
    MessageResult {
        /// Index of the recipient (LMTP).
        recipient: Option<usize>,
        /// The server's reply.
        reply: Reply<'static>,
    },
    /// The transaction failed before the message was accepted (no recipient accepted,
    /// DATA or BDAT refused).
    TransactionFailed(Option<Reply<'static>>),
    /// The server refused the session (greeting other than 220, or EHLO and HELO
    /// refused), or closed it (421).
    Rejected(Reply<'static>),
    /// The session is over.
    Closed,
}

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
    envelope: Envelope,
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
        encode_command(cmd, &mut self.out)?;
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
        let initial_response = ir.filter(|_| fits).map(Into::into);
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
        // validate every command before anything is queued
        let mut probe = Vec::new();
        encode_command(
            &Command::Mail {
                from: envelope.from.clone(),
                params: envelope.params.clone(),
            },
            &mut probe,
        )?;
        for (to, params) in &envelope.recipients {
            encode_command(
                &Command::Rcpt {
                    to: to.clone(),
                    params: params.clone(),
                },
                &mut probe,
            )?;
        }
        let binary = envelope.params.body == Some(Body::BinaryMime);
        if binary && !caps.chunking {
            return Err(ConnectionError::InvalidUse("BINARYMIME needs CHUNKING"));
        }
        let bdat = caps.chunking && (binary || self.config.prefer_bdat);
        let pipelined = caps.pipelining;
        self.transaction = Some(Transaction {
            envelope,
            body,
            bdat,
            pipelined,
            mail_ok: false,
            accepted: Vec::new(),
            failed: false,
            results_left: 0,
        });
        self.send_mail_command()?;
        if pipelined {
            let count = self.recipient_count();
            for i in 0..count {
                self.send_rcpt(i)?;
            }
            self.send_data_or_bdat()?;
        }
        Ok(())
    }

    fn recipient_count(&self) -> usize {
        self.transaction
            .as_ref()
            .map_or(0, |t| t.envelope.recipients.len())
    }

    fn send_mail_command(&mut self) -> Result<(), ConnectionError> {
        let Some(t) = &self.transaction else {
            return Ok(());
        };
        let cmd = Command::Mail {
            from: t.envelope.from.clone(),
            params: t.envelope.params.clone(),
        };
        self.command(&cmd, Expect::Mail)
    }

    fn send_rcpt(&mut self, i: usize) -> Result<(), ConnectionError> {
        let Some((to, params)) = self
            .transaction
            .as_ref()
            .and_then(|t| t.envelope.recipients.get(i))
        else {
            return Ok(());
        };
        let cmd = Command::Rcpt {
            to: to.clone(),
            params: params.clone(),
        };
        self.command(&cmd, Expect::Rcpt(i))
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

    fn read_reply(&mut self) -> bool {
        loop {
            match self.framer.next_frame(&self.input) {
                Frame::Incomplete => return false,
                Frame::Skip { len } => {
                    let _ = self.input.split_to(len);
                }
                Frame::Overlong { .. } => {
                    let limit = self.config.reply.max_line_len;
                    self.fail(DecodeError::new(
                        DecodeErrorKind::LineTooLong { limit },
                        b"",
                        0,
                    ));
                    return true;
                }
                Frame::Line {
                    len,
                    terminator_len,
                } => {
                    let line = self.input.split_to(len);
                    if terminator_len == 1 && !self.config.reply.allow_bare_lf {
                        self.fail(DecodeError::new(
                            DecodeErrorKind::BareLineEnding,
                            &line,
                            len - 1,
                        ));
                        return true;
                    }
                    let text = &line[..len - terminator_len];
                    match self.assembler.push_line(text, &self.config.reply) {
                        Ok(None) => continue,
                        Ok(Some(reply)) => {
                            self.on_reply(reply);
                            return true;
                        }
                        Err(e) => {
                            self.fail(e);
                            return true;
                        }
                    }
                }
            }
        }
    }

    fn fail(&mut self, e: DecodeError) {
        self.fatal.set(ConnectionError::Decode(e));
        self.closed = true;
    }

    fn close(&mut self) {
        self.closed = true;
        self.expect.clear();
        self.events.push_back(Event::Closed);
    }

    fn on_reply(&mut self, reply: Reply<'static>) {
        let Some(expect) = self.expect.pop_front() else {
            // an unsolicited reply: only 421 (service closing) makes sense
            if reply.code().get() == 421 {
                self.events.push_back(Event::Rejected(reply));
                self.close();
            } else {
                self.fatal.set(ConnectionError::Protocol(format!(
                    "unexpected reply {reply}"
                )));
                self.closed = true;
            }
            return;
        };
        self.activity = true;
        if reply.code().get() == 421 && expect != Expect::Quit {
            self.events.push_back(Event::Rejected(reply));
            self.close();
            return;
        }
        let ok = reply.code().is_positive();
        let result = match expect {
            Expect::Greeting => self.on_greeting(reply),
            Expect::Hello(kind) => self.on_hello(kind, reply),
            Expect::StartTls => {
                if reply.code().get() == 220 {
                    self.input.clear();
                    self.events.push_back(Event::TlsUpgrade);
                } else {
                    self.events.push_back(Event::TlsRefused(reply));
                }
                Ok(())
            }
            Expect::Auth => self.on_auth(reply),
            Expect::Mail => {
                if let Some(t) = &mut self.transaction {
                    t.mail_ok = ok;
                }
                if ok {
                    if !self.transaction.as_ref().is_some_and(|t| t.pipelined) {
                        self.send_rcpt(0)
                    } else {
                        Ok(())
                    }
                } else {
                    self.events.push_back(Event::MailRejected(reply));
                    self.fail_transaction(None);
                    Ok(())
                }
            }
            Expect::Rcpt(i) => self.on_rcpt(i, reply),
            Expect::Data => self.on_data(reply),
            Expect::DataEnd | Expect::BdatLast => {
                self.on_message_result(reply);
                Ok(())
            }
            Expect::Rset => Ok(()),
            Expect::Quit => {
                self.close();
                Ok(())
            }
        };
        if let Err(e) = result {
            self.fatal.set(e);
            self.closed = true;
        }
    }

    fn on_greeting(&mut self, reply: Reply<'static>) -> Result<(), ConnectionError> {
        if reply.code().get() == 220 {
            self.events.push_back(Event::Greeting(reply));
            self.send_hello()
        } else {
            self.events.push_back(Event::Rejected(reply));
            self.command(&Command::Quit, Expect::Quit)
        }
    }

    fn on_hello(&mut self, kind: HelloKind, reply: Reply<'static>) -> Result<(), ConnectionError> {
        if reply.code().is_positive() {
            let ehlo = if kind == HelloKind::Helo {
                EhloResponse {
                    domain: reply.lines()[0].split(' ').next().unwrap_or("").to_string(),
                    ..EhloResponse::default()
                }
            } else {
                parse_ehlo(&reply)?
            };
            self.ehlo = Some(ehlo.clone());
            self.events.push_back(Event::Ready(ehlo));
            return Ok(());
        }
        if kind == HelloKind::Ehlo && reply.code().class() == 5 {
            // RFC 5321 §3.2: a server that does not know EHLO gets HELO
            self.helo_fallback = true;
            return self.send_hello();
        }
        self.events.push_back(Event::Rejected(reply));
        self.command(&Command::Quit, Expect::Quit)
    }

    fn on_auth(&mut self, reply: Reply<'static>) -> Result<(), ConnectionError> {
        if reply.code().get() == 334 {
            let challenge = reply.lines()[0].trim();
            let data = match sasl::decode_line(challenge.as_bytes()) {
                Ok(sasl::Response::Data(d)) => d,
                _ => Vec::new(),
            };
            let response = match self.sasl.as_mut().map(|s| s.respond(&data)) {
                Some(Ok(r)) => sasl::encode_line(&r),
                _ => "*".to_string(),
            };
            self.out.extend_from_slice(response.as_bytes());
            self.out.extend_from_slice(b"\r\n");
            self.expect.push_front(Expect::Auth);
            return Ok(());
        }
        self.sasl = None;
        if reply.code().is_positive() {
            self.events.push_back(Event::Authenticated(reply));
        } else {
            self.events.push_back(Event::AuthFailed(reply));
        }
        Ok(())
    }

    fn on_rcpt(&mut self, index: usize, reply: Reply<'static>) -> Result<(), ConnectionError> {
        let ok = reply.code().is_positive();
        self.events.push_back(Event::Recipient { index, reply });
        let Some(t) = &mut self.transaction else {
            return Ok(());
        };
        if ok && t.mail_ok {
            t.accepted.push(index);
        }
        if t.pipelined {
            return Ok(());
        }
        if index + 1 < t.envelope.recipients.len() {
            return self.send_rcpt(index + 1);
        }
        if t.accepted.is_empty() {
            self.fail_transaction(None);
            return self.command(&Command::Rset, Expect::Rset);
        }
        self.send_data_or_bdat()
    }

    fn on_data(&mut self, reply: Reply<'static>) -> Result<(), ConnectionError> {
        let Some(t) = &mut self.transaction else {
            return Ok(());
        };
        if reply.code().get() != 354 {
            self.fail_transaction(Some(reply));
            return Ok(());
        }
        let mut stuffer = if self.config.normalize_line_endings {
            DotStuffer::normalizing()
        } else {
            DotStuffer::new()
        };
        if t.accepted.is_empty() || !t.mail_ok {
            // RFC 2920 §3.1: every RCPT failed but DATA got 354: send an empty message
            // and expect it to be refused
            t.failed = true;
        } else {
            stuffer.encode(&t.body, &mut self.out);
        }
        stuffer.finish(&mut self.out);
        self.expect.push_front(Expect::DataEnd);
        Ok(())
    }

    fn on_message_result(&mut self, reply: Reply<'static>) {
        let Some(t) = &mut self.transaction else {
            return;
        };
        if t.failed || t.accepted.is_empty() {
            // an empty message after failed recipients, or a refused chunk
            self.transaction = None;
            self.events.push_back(Event::TransactionFailed(Some(reply)));
            return;
        }
        if !self.config.lmtp {
            self.transaction = None;
            self.events.push_back(Event::MessageResult {
                recipient: None,
                reply,
            });
            return;
        }
        if t.results_left == 0 {
            t.results_left = t.accepted.len();
        }
        let recipient = t.accepted[t.accepted.len() - t.results_left];
        t.results_left -= 1;
        if t.results_left > 0 {
            self.expect.push_front(Expect::DataEnd);
        } else {
            self.transaction = None;
        }
        self.events.push_back(Event::MessageResult {
            recipient: Some(recipient),
            reply,
        });
    }

    /// In a pipelined group the replies still to come report the failure; in lockstep
    /// the transaction ends here.
    fn fail_transaction(&mut self, reply: Option<Reply<'static>>) {
        match &mut self.transaction {
            Some(t) if t.pipelined && reply.is_none() => t.failed = true,
            _ => {
                self.transaction = None;
                self.events.push_back(Event::TransactionFailed(reply));
            }
        }
    }
}
