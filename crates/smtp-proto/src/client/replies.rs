//! Reading server replies and moving the session on: greeting, EHLO/HELO fallback,
//! STARTTLS, AUTH exchanges, the transaction's replies (lockstep or pipelined).

use mail_proto_core::dot::DotStuffer;
use mail_proto_core::line::Frame;
use mail_proto_core::sasl::{self};

use super::{Client, Event, Expect};
use crate::error::{ConnectionError, DecodeError, DecodeErrorKind};
use crate::types::{Command, EhloResponse, HelloKind, Reply};

impl Client {
    pub(super) fn read_reply(&mut self) -> bool {
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

    pub(super) fn fail(&mut self, e: DecodeError) {
        self.fatal.set(ConnectionError::Decode(e));
        self.closed = true;
    }

    pub(super) fn close(&mut self) {
        self.closed = true;
        self.expect.clear();
        self.events.push_back(Event::Closed);
    }

    pub(super) fn on_reply(&mut self, reply: Reply<'static>) {
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
                        self.send_rcpt(0);
                        Ok(())
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

    pub(super) fn on_greeting(&mut self, reply: Reply<'static>) -> Result<(), ConnectionError> {
        if reply.code().get() == 220 {
            self.events.push_back(Event::Greeting(reply));
            self.send_hello()
        } else {
            self.events.push_back(Event::Rejected(reply));
            self.command(&Command::Quit, Expect::Quit)
        }
    }

    pub(super) fn on_hello(
        &mut self,
        kind: HelloKind,
        reply: Reply<'static>,
    ) -> Result<(), ConnectionError> {
        if reply.code().is_positive() {
            let ehlo = if kind == HelloKind::Helo {
                EhloResponse {
                    domain: reply.lines()[0].split(' ').next().unwrap_or("").to_string(),
                    ..EhloResponse::default()
                }
            } else {
                EhloResponse::from_reply(&reply)?
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

    pub(super) fn on_auth(&mut self, reply: Reply<'static>) -> Result<(), ConnectionError> {
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

    pub(super) fn on_rcpt(
        &mut self,
        index: usize,
        reply: Reply<'static>,
    ) -> Result<(), ConnectionError> {
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
        if index + 1 < t.lines.len() - 1 {
            self.send_rcpt(index + 1);
            return Ok(());
        }
        if t.accepted.is_empty() {
            self.fail_transaction(None);
            return self.command(&Command::Rset, Expect::Rset);
        }
        self.send_data_or_bdat()
    }

    pub(super) fn on_data(&mut self, reply: Reply<'static>) -> Result<(), ConnectionError> {
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

    pub(super) fn on_message_result(&mut self, reply: Reply<'static>) {
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
    pub(super) fn fail_transaction(&mut self, reply: Option<Reply<'static>>) {
        match &mut self.transaction {
            Some(t) if t.pipelined && reply.is_none() => t.failed = true,
            _ => {
                self.transaction = None;
                self.events.push_back(Event::TransactionFailed(reply));
            }
        }
    }
}
