//! Command sequencing (RFC 5321 §4.1.4): what the machine refuses itself and what it
//! asks the application.

use crate::types::{
    Body, Command, ForwardPath, HelloKind, MailParams, RcptParams, Reply, ReversePath,
};

use super::{Decision, Event, Mode, Server, Transfer, reply};

impl Server {
    pub(super) fn pipelining(&self) -> bool {
        self.config.capabilities.pipelining
            && self.session.hello.is_some_and(|h| h != HelloKind::Helo)
    }

    pub(super) fn dispatch(&mut self, cmd: Command<'static>) {
        if !matches!(cmd, Command::Bdat { .. }) {
            self.session.bdat_failed = false;
        }
        match cmd {
            Command::Hello { kind, domain } => {
                let allowed = if self.config.lmtp {
                    kind == HelloKind::Lhlo
                } else {
                    kind != HelloKind::Lhlo
                };
                if !allowed {
                    return self
                        .refuse_command(reply(500, (5, 5, 1), "Command unrecognized"), None);
                }
                self.ask_decision(Decision::Hello { kind, domain });
            }
            Command::Mail { from, params } => self.mail(from, params),
            Command::Rcpt { to, params } => self.rcpt(to, params),
            Command::Data => self.data(),
            Command::Bdat { size, last } => self.bdat(size, last),
            Command::Rset => {
                self.reset_transaction();
                self.send(reply(250, (2, 0, 0), "OK"));
                self.core.push_event(Event::Reset);
            }
            Command::Noop(_) => self.send(reply(250, (2, 0, 0), "OK")),
            Command::Quit => {
                self.close_with(reply(221, (2, 0, 0), "Bye"));
            }
            Command::StartTls => {
                if self.session.tls {
                    return self.refuse_command(reply(503, (5, 5, 1), "TLS already active"), None);
                }
                if !self.config.capabilities.starttls {
                    return self
                        .refuse_command(reply(502, (5, 5, 1), "STARTTLS not available"), None);
                }
                self.ask_decision(Decision::StartTls);
            }
            Command::Auth {
                mechanism,
                initial_response,
            } => self.auth(mechanism, initial_response.as_deref()),
            other => self.ask_decision(Decision::Command(other)),
        }
    }

    pub(super) fn mail(&mut self, from: ReversePath<'static>, params: MailParams<'static>) {
        let caps = &self.config.capabilities;
        let r = if self.session.hello.is_none() {
            Some(reply(503, (5, 5, 1), "Send HELO/EHLO first"))
        } else if self.session.mail.is_some() {
            Some(reply(503, (5, 5, 1), "Nested MAIL command"))
        } else if self.session.hello == Some(HelloKind::Helo) && params != MailParams::default() {
            Some(reply(555, (5, 5, 4), "Parameters need EHLO"))
        } else if !params.other().is_empty()
            || (params.smtputf8 && !caps.smtputf8)
            || ((params.ret.is_some() || params.envid.is_some()) && !caps.dsn)
            || (params.body == Some(Body::BinaryMime) && !caps.binary_mime)
            || (params.body == Some(Body::EightBitMime) && !caps.eight_bit_mime)
            || (params.requiretls && !(caps.requiretls && self.session.tls))
            || (params.mt_priority().is_some() && caps.mt_priority.is_none())
            || ((params.hold_for().is_some() || params.hold_until().is_some())
                && caps.future_release.is_none())
            || (params.by().is_some() && caps.deliver_by.is_none())
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
            Some(r) => self.refuse_command(r, None),
            None => self.ask_decision(Decision::Mail { from, params }),
        }
    }

    pub(super) fn rcpt(&mut self, to: ForwardPath<'static>, params: RcptParams<'static>) {
        let r = if self.session.mail.is_none() {
            Some(reply(503, (5, 5, 1), "Need MAIL before RCPT"))
        } else if !params.other().is_empty()
            || ((params.notify.is_some() || params.orcpt.is_some())
                && !self.config.capabilities.dsn)
            || params.rrvs().is_some()
        {
            Some(reply(
                555,
                (5, 5, 4),
                "Parameter not recognized or not implemented",
            ))
        } else if self.session.recipients >= self.config.max_recipients {
            return self.too_many_recipients();
        } else if matches!(&to, ForwardPath::Mailbox(m) if !m.is_ascii()) && !self.session.smtputf8
        {
            Some(reply(553, (5, 6, 7), "Non-ASCII address needs SMTPUTF8"))
        } else {
            None
        };
        match r {
            Some(r) => self.refuse_command(r, None),
            None => self.ask_decision(Decision::Rcpt { to, params }),
        }
    }

    /// RFC 5321 §4.5.3.1.10: a recipient over the limit gets 452 and the client sends
    /// it in a later transaction. That is no protocol error; only a client that goes
    /// on far past the limit is cut off, on its own count.
    fn too_many_recipients(&mut self) {
        self.session.excess_recipients += 1;
        if self.session.excess_recipients > self.config.max_excess_recipients {
            self.close_with(reply(
                421,
                (4, 5, 3),
                "Too many recipients, closing connection",
            ));
        } else {
            self.send(reply(452, (4, 5, 3), "Too many recipients"));
        }
    }

    pub(super) fn transaction_error(&self) -> Option<Reply<'static>> {
        match self.session.mail {
            None => Some(reply(503, (5, 5, 1), "Need MAIL command")),
            Some(_) if self.session.recipients == 0 => {
                Some(reply(554, (5, 5, 1), "No valid recipients"))
            }
            _ => None,
        }
    }

    pub(super) fn data(&mut self) {
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
            return self.refuse_command(r, None);
        }
        self.send(Reply::fixed(
            354,
            None,
            vec!["End data with <CR><LF>.<CR><LF>".into()],
        ));
        self.session.message_open = true;
        self.core.push_event(Event::MessageStart {
            transfer: Transfer::Data,
        });
        self.unstuffer.reset();
        self.mode = Mode::Data {
            size: 0,
            too_big: false,
        };
    }
}
