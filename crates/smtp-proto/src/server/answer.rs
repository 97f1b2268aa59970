//! The application's answers to [`Decision`](super::Decision)s: `accept`, `refuse`,
//! `respond`. An answer of the wrong kind is refused with an [`AnswerError`] and
//! nothing is sent.

use crate::types::{Command, Reply};

use super::{AnswerError, Awaiting, Decision, Event, Server, Session, reply};

impl Server {
    /// Answers the pending decision with the usual positive reply: the EHLO reply for
    /// a greeting, 250 for MAIL, RCPT and a message, 235 for a login, 220 for
    /// STARTTLS, and the usual reply to VRFY (252), EXPN (502), HELP (214), ETRN (458)
    /// or an unknown verb (500).
    pub fn accept(&mut self) -> Result<(), AnswerError> {
        let awaiting = self.pending.ok_or(AnswerError::NothingPending)?;
        let r = match awaiting {
            Awaiting::Hello => self.hello_reply(self.pending_hello()),
            Awaiting::Mail => reply(250, (2, 1, 0), "Sender OK"),
            Awaiting::Rcpt => reply(250, (2, 1, 5), "Recipient OK"),
            Awaiting::MessageEnd { .. } => reply(250, (2, 0, 0), "Message accepted"),
            Awaiting::Authenticate => reply(235, (2, 7, 0), "Authentication successful"),
            Awaiting::StartTls => reply(220, (2, 0, 0), "Ready to start TLS"),
            Awaiting::Command => match &self.pending_command {
                Some(Command::Vrfy(_)) => {
                    reply(252, (2, 5, 0), "Cannot VRFY user, but will accept message")
                }
                Some(Command::Expn(_)) => reply(502, (5, 5, 1), "EXPN not available"),
                Some(Command::Help(_)) => reply(214, (2, 0, 0), "See RFC 5321"),
                Some(Command::Etrn(_)) => reply(458, (4, 5, 0), "Unable to queue messages"),
                _ => reply(500, (5, 5, 2), "Command unrecognized"),
            },
        };
        self.answer(awaiting, r);
        Ok(())
    }

    /// Answers the pending decision with the usual negative reply: 550 for a
    /// greeting, a sender or a recipient, 554 for a message, 535 for a login, 454 for
    /// STARTTLS, 502 for VRFY, EXPN, HELP and ETRN, 500 for an unknown verb.
    pub fn refuse(&mut self) -> Result<(), AnswerError> {
        let awaiting = self.pending.ok_or(AnswerError::NothingPending)?;
        let r = match awaiting {
            Awaiting::Hello => reply(550, (5, 7, 1), "Hello refused"),
            Awaiting::Mail => reply(550, (5, 7, 1), "Sender refused"),
            Awaiting::Rcpt => reply(550, (5, 1, 1), "Recipient refused"),
            Awaiting::MessageEnd { .. } => reply(554, (5, 7, 1), "Message refused"),
            Awaiting::Authenticate => reply(535, (5, 7, 8), "Authentication credentials invalid"),
            Awaiting::StartTls => reply(454, (4, 7, 0), "TLS not available"),
            Awaiting::Command => match &self.pending_command {
                Some(Command::Unknown { .. }) | None => {
                    reply(500, (5, 5, 2), "Command unrecognized")
                }
                Some(_) => reply(502, (5, 5, 1), "Command not implemented"),
            },
        };
        self.answer(awaiting, r);
        Ok(())
    }

    /// Answers the pending decision with `reply`, whose code must be one RFC 5321
    /// §4.3.2 lists for what is pending (RFC 4954 §6 for AUTH, RFC 3207 §4 for
    /// STARTTLS, RFC 1985 for ETRN); see [`Awaiting::allows`]. Any other code (a 334 or
    /// 354, a 251 to a MAIL, a 500 after the final dot) is not an answer: it is
    /// refused with [`AnswerError::WrongReply`] and nothing is sent. A reply with a
    /// line longer than 512 octets is refused with [`AnswerError::ReplyTooLong`].
    ///
    /// A `421` answer to any decision closes the session once it is sent (RFC 5321
    /// §3.8), as the machine's own 421 replies do: [`Event::Closed`] follows.
    pub fn respond(&mut self, reply: Reply<'static>) -> Result<(), AnswerError> {
        let awaiting = self.pending.ok_or(AnswerError::NothingPending)?;
        if !reply.fits_line_limit() {
            return Err(AnswerError::ReplyTooLong);
        }
        let code = reply.code().get();
        if !awaiting.allows(self.pending_command.as_ref(), code) {
            return Err(AnswerError::WrongReply { awaiting, code });
        }
        self.answer(awaiting, reply);
        Ok(())
    }

    fn pending_hello(&self) -> crate::types::HelloKind {
        self.pending_hello.unwrap_or(crate::types::HelloKind::Ehlo)
    }

    /// Applies an answer that fits what is pending, and sends it.
    fn answer(&mut self, awaiting: Awaiting, reply: Reply<'static>) {
        debug_assert!(awaiting.allows(self.pending_command.as_ref(), reply.code().get()));
        let positive = reply.code().is_positive();
        self.pending = None;
        // the client's time starts when this reply leaves (poll_transmit re-arms), so
        // a late answer is never followed by a timeout from before it
        self.idle.disarm();
        if reply.code().get() == 421 {
            // RFC 5321 §3.8: the server closes after a 421; a message being decided is
            // decided (refused), not abandoned
            self.pending_command = None;
            self.session.message_open = false;
            self.close_with(reply);
            return;
        }
        match awaiting {
            Awaiting::Hello => {
                if positive {
                    self.reset_transaction();
                    self.session.hello = self.pending_hello;
                }
            }
            Awaiting::Mail => {
                if positive {
                    self.session.mail = Some(self.pending_body);
                    self.session.smtputf8 = self.pending_smtputf8;
                }
            }
            Awaiting::Rcpt => {
                if positive {
                    self.session.recipients += 1;
                }
            }
            Awaiting::MessageEnd { left } => {
                self.send(reply);
                if left > 1 {
                    self.pending = Some(Awaiting::MessageEnd { left: left - 1 });
                } else {
                    self.session.message_open = false;
                    self.reset_transaction();
                }
                return;
            }
            Awaiting::Authenticate => {
                self.session.authenticated = positive;
                self.send(reply);
                if !positive {
                    self.count_error();
                }
                return;
            }
            Awaiting::StartTls => {
                if positive {
                    self.send(reply);
                    let discarded = self.core.input.len();
                    self.core.input.clear();
                    self.framer.reset();
                    self.reset_transaction();
                    self.session = Session {
                        tls: true,
                        ..Session::default()
                    };
                    self.core.push_event(Event::TlsUpgrade { discarded });
                    return;
                }
            }
            Awaiting::Command => {
                let unknown = matches!(self.pending_command, Some(Command::Unknown { .. }));
                self.pending_command = None;
                self.send(reply);
                // an unknown verb the application refuses (4xx or 5xx) is a protocol
                // error; one it implements (a 2xx answer) is not
                if unknown && !positive {
                    self.count_error();
                }
                return;
            }
        }
        self.send(reply);
    }

    /// Records what a decision is about, then asks it.
    pub(super) fn ask_decision(&mut self, decision: Decision) {
        let awaiting = match &decision {
            Decision::Hello { kind, .. } => {
                self.pending_hello = Some(*kind);
                Awaiting::Hello
            }
            Decision::Mail { params, .. } => {
                self.pending_body = params.body;
                self.pending_smtputf8 = params.smtputf8;
                Awaiting::Mail
            }
            Decision::Rcpt { .. } => Awaiting::Rcpt,
            Decision::MessageEnd { replies, .. } => Awaiting::MessageEnd { left: *replies },
            Decision::Authenticate { .. } => Awaiting::Authenticate,
            Decision::StartTls => Awaiting::StartTls,
            Decision::Command(c) => {
                self.pending_command = Some(c.clone());
                Awaiting::Command
            }
        };
        self.ask(awaiting, decision);
    }
}

/// `421`, which any command may get (RFC 5321 §4.3.2), and `501`, a syntax error in
/// the arguments as the application sees them (a domain it cannot use).
fn any_command(code: u16) -> bool {
    matches!(code, 421 | 501)
}

impl Awaiting {
    /// True if a reply with `code` answers this decision: the codes RFC 5321 §4.3.2
    /// lists for the command (plus `421`, which closes, and `501` for commands), RFC
    /// 4954 §6 for AUTH and RFC 3207 §4 for STARTTLS. `command` is the command of a
    /// [`Awaiting::Command`] decision.
    ///
    /// - HELO/EHLO/LHLO: 250; 421, 501, 502, 504, 550, 554.
    /// - MAIL: 250; 421, 451, 452, 455, 501, 503, 550, 552, 553, 554, 555.
    /// - RCPT: 250, 251; 421, 450, 451, 452, 455, 501, 503, 550, 551, 552, 553, 554, 555.
    /// - After the final dot (or `BDAT LAST`): 250; 421, 450, 451, 452, 550, 552, 554.
    /// - AUTH: 235; 421, 432, 454, 534, 535, 538.
    /// - STARTTLS: 220; 421, 454, 501.
    /// - VRFY: 250, 251, 252; 421, 501, 502, 504, 550, 551, 553.
    /// - EXPN: 250, 252; 421, 500, 501, 502, 504, 550.
    /// - HELP: 211, 214; 421, 501, 502, 504.
    /// - ETRN (RFC 1985): 250, 251, 252, 253; 421, 458, 459, 500, 501, 502.
    /// - An unknown verb: any 2xx (a verb the application implements), any 4xx or 5xx.
    ///
    /// 554 is taken for HELO, MAIL and RCPT as well: RFC 5321 §4.2.3 defines it as
    /// "transaction failed", and it is what Postfix's access maps send by default.
    ///
    /// ```
    /// use smtp_proto::server::Awaiting;
    /// let end = Awaiting::MessageEnd { left: 1 };
    /// assert!(end.allows(None, 250) && end.allows(None, 452) && end.allows(None, 421));
    /// assert!(!end.allows(None, 500));
    /// assert!(!Awaiting::Mail.allows(None, 251) && Awaiting::Rcpt.allows(None, 251));
    /// ```
    pub fn allows(&self, command: Option<&Command<'_>>, code: u16) -> bool {
        match self {
            Awaiting::Hello => any_command(code) || matches!(code, 250 | 502 | 504 | 550 | 554),
            Awaiting::Mail => {
                any_command(code)
                    || matches!(
                        code,
                        250 | 451 | 452 | 455 | 503 | 550 | 552 | 553 | 554 | 555
                    )
            }
            Awaiting::Rcpt => {
                any_command(code)
                    || matches!(code, 250 | 251 | 450 | 451 | 452 | 455 | 503 | 550..=555)
            }
            Awaiting::MessageEnd { .. } => {
                matches!(code, 250 | 421 | 450 | 451 | 452 | 550 | 552 | 554)
            }
            Awaiting::Authenticate => matches!(code, 235 | 421 | 432 | 454 | 534 | 535 | 538),
            Awaiting::StartTls => any_command(code) || matches!(code, 220 | 454),
            Awaiting::Command => {
                any_command(code)
                    || match command {
                        Some(Command::Vrfy(_)) => {
                            matches!(code, 250 | 251 | 252 | 502 | 504 | 550 | 551 | 553)
                        }
                        Some(Command::Expn(_)) => {
                            matches!(code, 250 | 252 | 500 | 502 | 504 | 550)
                        }
                        Some(Command::Help(_)) => matches!(code, 211 | 214 | 502 | 504),
                        Some(Command::Etrn(_)) => {
                            matches!(code, 250..=253 | 458 | 459 | 500 | 502)
                        }
                        _ => !(300..400).contains(&code),
                    }
            }
        }
    }
}
