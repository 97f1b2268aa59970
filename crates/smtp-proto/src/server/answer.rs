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

    /// Answers the pending decision with `reply`. The positive codes RFC 5321 §4.3.2
    /// and RFC 4954 allow accept (250 or 251 for a sender or recipient, 250 for a
    /// greeting or a message, 235 for a login, 220 for STARTTLS, any 2xx for VRFY,
    /// HELP and the like); a 4xx or 5xx refuses. Any other code (a 334 or 354, a 220
    /// to a RCPT) is not an answer: it is refused with [`AnswerError::WrongReply`] and
    /// nothing is sent.
    pub fn respond(&mut self, reply: Reply<'static>) -> Result<(), AnswerError> {
        let awaiting = self.pending.ok_or(AnswerError::NothingPending)?;
        let code = reply.code().get();
        let fits = match awaiting {
            Awaiting::Hello => code == 250 || code >= 400,
            Awaiting::Authenticate => code == 235 || code >= 400,
            Awaiting::StartTls => code == 220 || code >= 400,
            // RFC 5321 §4.3.2: 250 and 251 accept a sender or a recipient, 250 a message
            Awaiting::Mail | Awaiting::Rcpt => code == 250 || code == 251 || code >= 400,
            Awaiting::MessageEnd { .. } => code == 250 || code >= 400,
            Awaiting::Command => reply.code().class() == 2 || code >= 400,
        };
        if !fits {
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
        let positive = reply.code().is_positive();
        self.pending = None;
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
                // an unknown verb is a protocol error however it was answered
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
