//! Reading server lines and moving the session on: the greeting, status lines and
//! their typed single-line results, AUTH continuations, STLS and QUIT; multi-line
//! bodies are in `body`.

use mail_proto_core::Decoded;
use mail_proto_core::line::Frame;

use super::pending::Expect;
use super::{Client, Event, Phase, Request, body::BodyReader};
use crate::error::{ConnectionError, DecodeError, DecodeErrorKind};
use crate::parse::{
    ResponseOptions, parse_greeting_with, parse_response_line_with, parse_response_with,
    parse_scan_listing, parse_stat, parse_unique_id_listing,
};
use crate::types::{Greeting, Response, ResponseLine};

impl Client {
    /// One step of `poll_event`: reads one line (or one read's worth of a body) and
    /// acts on it. Returns `false` when more input is needed.
    pub(super) fn read_step(&mut self) -> bool {
        if self.upgrade_pending || self.core.is_closed() {
            return false;
        }
        if self.body.is_some() {
            return self.read_body();
        }
        let offset = self.stream_offset();
        let limit = self.line_limit();
        self.framer.set_max_len(limit);
        match self.framer.next_frame(&self.core.input) {
            Frame::Incomplete => false,
            Frame::Skip { .. } | Frame::Overlong { .. } => {
                let e = DecodeError::new(
                    DecodeErrorKind::LineTooLong { limit },
                    &self.core.input,
                    limit.min(self.core.input.len()),
                );
                self.fail_decode(e, offset);
                true
            }
            Frame::Line { len, .. } => {
                let line = self.core.input.split_to(len);
                self.on_line(&line, offset);
                true
            }
        }
    }

    /// The longest line the next response may start with: a status line's limit,
    /// or during AUTH the (larger) limit of a challenge (RFC 5034 §4).
    fn line_limit(&self) -> usize {
        let status = self.config.response.max_line_len;
        match self.pending.front(self.core.bytes_out()) {
            Some((Expect::Command(Request::Auth), _)) => status.max(self.config.max_challenge_len),
            _ => status,
        }
    }

    /// Offset in the server's byte stream of the first unread input byte.
    pub(super) fn stream_offset(&self) -> u64 {
        self.core.bytes_in() - self.core.input.len() as u64
    }

    /// A fatal decoding error found at `offset` of the stream.
    pub(super) fn fail_decode(&mut self, e: DecodeError, offset: u64) {
        let e = e.shifted(usize::try_from(offset).unwrap_or(0));
        self.queue.clear();
        self.core.fail(ConnectionError::Decode(e));
    }

    pub(super) fn fail_protocol(&mut self, what: &str, line: &[u8]) {
        let excerpt = mail_proto_core::Excerpt::new(line, 0);
        self.queue.clear();
        self.core
            .fail(ConnectionError::Protocol(format!("{what}: {excerpt}")));
    }

    /// A complete line (terminator included) that starts at `offset` of the stream.
    fn on_line(&mut self, line: &[u8], offset: u64) {
        let expect = match self.pending.front(self.core.bytes_out()) {
            None => return self.fail_protocol("a response to no command", line),
            Some((_, false)) => {
                return self.fail_protocol("a response before its command was sent", line);
            }
            Some((expect, true)) => expect,
        };
        let options = &self.config.response;
        match expect {
            Expect::Greeting => match parse_greeting_with(line, options) {
                Decoded::Complete { value, .. } => self.on_greeting(value),
                other => self.fail_parse(other.err(), line, offset),
            },
            Expect::Command(Request::Auth) => {
                let status_limit = options.max_line_len;
                let options = ResponseOptions {
                    max_line_len: status_limit.max(self.config.max_challenge_len),
                    ..options.clone()
                };
                match parse_response_line_with(line, &options) {
                    Decoded::Complete {
                        value: ResponseLine::Continuation(c),
                        ..
                    } => self.on_challenge(c, line),
                    Decoded::Complete {
                        value: ResponseLine::Status(_),
                        ..
                    } if line.len() > status_limit => {
                        let kind = DecodeErrorKind::LineTooLong {
                            limit: status_limit,
                        };
                        self.fail_decode(DecodeError::new(kind, line, status_limit), offset);
                    }
                    Decoded::Complete {
                        value: ResponseLine::Status(r),
                        ..
                    } => self.on_response(Request::Auth, r, line, offset),
                    other => self.fail_parse(other.err(), line, offset),
                }
            }
            Expect::Command(request) => match parse_response_with(line, options) {
                Decoded::Complete { value, .. } => self.on_response(request, value, line, offset),
                other => self.fail_parse(other.err(), line, offset),
            },
        }
    }

    fn fail_parse(&mut self, e: Option<DecodeError>, line: &[u8], offset: u64) {
        let e = e
            .unwrap_or_else(|| DecodeError::new(DecodeErrorKind::Syntax("a status line"), line, 0));
        self.fail_decode(e, offset);
    }

    fn on_greeting(&mut self, greeting: Greeting<'_>) {
        let _ = self.pending.pop(self.now, self.core.bytes_out());
        if !greeting.response.is_ok() {
            self.core
                .push_event(Event::Rejected(greeting.response.into_owned()));
            self.close();
            return;
        }
        let greeting = greeting.into_owned();
        self.greeting = Some(greeting.clone());
        self.phase = Phase::Authorization;
        self.core.push_event(Event::Greeting(greeting));
        self.after_greeting();
    }

    /// A status line answering `request`; `line` is where it was read, at `offset`.
    fn on_response(&mut self, request: Request, r: Response<'_>, line: &[u8], offset: u64) {
        if r.is_ok() && request.multi_line() {
            // the response stays awaited (and timed) until its body has ended
            let response = r.into_owned();
            if matches!(request, Request::Retr(_) | Request::Top { .. }) {
                self.core.push_event(Event::BodyStart { request, response });
            }
            let start = self.stream_offset();
            let mut body = BodyReader::new(request, self.config.max_listing_len, start);
            // a server that ends its status line with a bare LF (taken under
            // `allow_bare_lf`) ends its listing lines so too: CAPA, LIST and UIDL bodies
            // then end at a `.` line ended by LF; RETR and TOP bodies still end only at
            // CRLF . CRLF, so a message's own bare-LF dot line cannot end them
            body.lf_lines = self.config.response.allow_bare_lf
                && !line.ends_with(b"\r\n")
                && line.ends_with(b"\n");
            self.body = Some(body);
            return;
        }
        let _ = self.pending.pop(self.now, self.core.bytes_out());
        let response = r.into_owned();
        if !response.is_ok() {
            self.on_refused(request, response);
            return;
        }
        // where the text starts in the stream, for the offsets of listing errors
        let content = line.strip_suffix(b"\n").unwrap_or(line);
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        let text_at = offset + (content.len() - response.text().as_str().len()) as u64;
        let event = match request {
            Request::Stat => parse_stat(response.text()).map(Event::Stat),
            Request::List(Some(_)) => parse_scan_listing(response.text()).map(Event::Listing),
            Request::Uidl(Some(_)) => parse_unique_id_listing(response.text()).map(Event::UniqueId),
            Request::Stls => {
                // RFC 2595 §4: nothing after the +OK is POP3
                let unread = self.core.input.split().freeze();
                self.upgrade_pending = true;
                Ok(Event::TlsUpgrade { unread })
            }
            Request::Auth if self.sasl.is_none() => {
                return self.fail_protocol("+OK to an AUTH the client cancelled", line);
            }
            Request::Pass | Request::Apop | Request::Auth => {
                self.phase = Phase::Transaction;
                self.sasl = None;
                Ok(Event::LoggedIn { request, response })
            }
            Request::Capa => {
                // not reached: a positive CAPA response is multi-line
                Ok(Event::Done { request, response })
            }
            _ => Ok(Event::Done { request, response }),
        };
        match event {
            Ok(event) => self.core.push_event(event),
            Err(e) => return self.fail_decode(e, text_at),
        }
        if request == Request::Quit {
            self.close();
            return;
        }
        self.pump();
    }

    fn on_refused(&mut self, request: Request, response: Response<'static>) {
        if request == Request::Auth {
            self.sasl = None;
        }
        let pipelining = self.capa_known && self.capabilities.pipelining();
        if request == Request::User && !pipelining {
            // lockstep: the PASS queued behind a refused USER is not sent
            if self
                .queue
                .front()
                .is_some_and(|o| o.request == Request::Pass)
            {
                let _ = self.queue.pop_front();
            }
        }
        if request == Request::Capa && !self.ready {
            // RFC 1939-only servers do not know CAPA: ready, without capabilities
            self.ready = true;
            self.core
                .push_event(Event::Ready(self.capabilities.clone()));
        } else {
            self.core.push_event(Event::Refused { request, response });
        }
        if request == Request::Quit {
            self.close();
            return;
        }
        self.pump();
    }
}
