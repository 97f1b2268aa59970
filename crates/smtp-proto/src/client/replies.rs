//! Reading server replies and moving the session on: greeting, EHLO/HELO fallback,
//! STARTTLS, RSET and QUIT; the transaction's replies are in `transaction`, AUTH's
//! in `auth`.

use mail_proto_core::line::Frame;

use super::{Client, Event, Expect, Quit, commands};
use crate::error::{ConnectionError, DecodeError, DecodeErrorKind};
use crate::types::EhloResponse;
use crate::types::{HelloKind, Reply};

impl Client {
    /// One step of `poll_event`: reads one reply and acts on it. Returns `false`
    /// when more input is needed.
    pub(super) fn read_reply(&mut self) -> bool {
        loop {
            match self.framer.next_frame(&self.core.input) {
                Frame::Incomplete => return false,
                Frame::Skip { len } => {
                    let _ = self.core.input.split_to(len);
                }
                Frame::Overlong { .. } => {
                    let limit = self.config.reply.max_line_len;
                    self.fail_decode(DecodeError::new(
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
                    let line = self.core.input.split_to(len);
                    if terminator_len == 1 && !self.config.reply.allow_bare_lf {
                        self.fail_decode(DecodeError::new(
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
                            self.fail_decode(e);
                            return true;
                        }
                    }
                }
            }
        }
    }

    fn fail_decode(&mut self, e: DecodeError) {
        self.core.fail(ConnectionError::Decode(e));
    }

    /// The session is over: nothing more is awaited or sent.
    pub(super) fn close(&mut self) {
        self.core.close();
        self.pending.clear();
        self.body_timer.disarm();
        self.transaction = None;
        self.body = None;
        self.quit = Quit::Sent;
        self.core.push_event(Event::Closed);
    }

    fn on_reply(&mut self, reply: Reply<'static>) {
        let expect = match self.pending.front(self.core.bytes_out()) {
            None if reply.code().get() == 421 => {
                // unsolicited: only 421 (service closing) makes sense
                self.core.push_event(Event::Rejected(reply));
                self.close();
                return;
            }
            None => {
                let e = ConnectionError::Protocol(format!("unexpected reply {reply}"));
                self.core.fail(e);
                return;
            }
            Some((_, false)) => {
                let e = ConnectionError::Protocol(format!(
                    "reply {reply} arrived before its command was sent"
                ));
                self.core.fail(e);
                return;
            }
            Some((expect, true)) => expect,
        };
        let _ = self.pending.pop(self.now, self.core.bytes_out());
        if reply.code().get() == 421 && expect != Expect::Quit {
            self.core.push_event(Event::Rejected(reply));
            self.close();
            return;
        }
        let result = match expect {
            Expect::Greeting => self.on_greeting(reply),
            Expect::Hello(kind) => self.on_hello(kind, reply),
            Expect::StartTls => {
                if reply.code().get() == 220 {
                    // RFC 3207 §4.2: nothing the server sent before TLS counts
                    self.core.input.clear();
                    self.upgrade_pending = true;
                    self.core.push_event(Event::TlsUpgrade);
                } else {
                    self.core.push_event(Event::TlsRefused(reply));
                }
                Ok(())
            }
            Expect::Auth => self.on_auth(reply),
            Expect::Mail => {
                self.on_mail(reply);
                Ok(())
            }
            Expect::Rcpt(i) => self.on_rcpt(i, reply),
            Expect::Data => self.on_data(reply),
            Expect::Bdat => {
                self.on_bdat(reply);
                Ok(())
            }
            Expect::DataEnd | Expect::BdatLast => {
                self.on_message_result(expect, reply);
                Ok(())
            }
            Expect::Rset => {
                self.on_rset(reply);
                Ok(())
            }
            Expect::Query(verb) => {
                self.on_query(verb, reply);
                Ok(())
            }
            Expect::Quit => {
                self.close();
                return;
            }
        };
        if let Err(e) = result {
            self.core.fail(e);
            return;
        }
        self.pump_body();
        self.maybe_quit();
        self.refresh_body_timer(self.now, false);
    }

    fn on_greeting(&mut self, reply: Reply<'static>) -> Result<(), ConnectionError> {
        if reply.code().get() == 220 {
            self.core.push_event(Event::Greeting(reply));
            self.send_hello()
        } else {
            self.reject(reply);
            Ok(())
        }
    }

    /// The server refused the session: RFC 5321 §3.1 has the client send QUIT, once.
    fn reject(&mut self, reply: Reply<'static>) {
        self.core.push_event(Event::Rejected(reply));
        self.send_quit();
    }

    fn on_hello(&mut self, kind: HelloKind, reply: Reply<'static>) -> Result<(), ConnectionError> {
        if reply.code().is_positive() {
            let ehlo = if kind == HelloKind::Helo {
                commands::helo_response(&reply)
            } else {
                EhloResponse::from_reply(&reply)?
            };
            self.ehlo = Some(ehlo.clone());
            self.core.push_event(Event::Ready(ehlo));
            return Ok(());
        }
        if kind == HelloKind::Ehlo && reply.code().class() == 5 {
            // RFC 5321 §3.2: a server that does not know EHLO gets HELO
            self.helo_fallback = true;
            return self.send_hello();
        }
        self.reject(reply);
        Ok(())
    }

    fn on_rset(&mut self, reply: Reply<'static>) {
        self.core.push_event(Event::Reset(reply));
    }
}
