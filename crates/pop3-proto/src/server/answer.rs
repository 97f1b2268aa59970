//! The application's answers to [`Decision`](super::Decision)s. An answer of the
//! wrong kind is refused with an [`AnswerError`] and nothing is sent.

use mail_proto_core::outgoing::HighWater;

use super::{AnswerError, Awaiting, Event, Maildrop, Server, State, response};
use crate::types::{Atom, Command, RespCode, Response, Status, Text};

impl Server {
    fn awaiting(&self) -> Result<Awaiting, AnswerError> {
        self.pending.ok_or(AnswerError::NothingPending)
    }

    /// Accepts a login with the maildrop listing (sizes and unique ids), given once:
    /// `+OK`, and the TRANSACTION state. Only for [`Awaiting::Login`].
    pub fn accept_login(&mut self, maildrop: Maildrop) -> Result<(), AnswerError> {
        let awaiting = self.awaiting()?;
        if awaiting != Awaiting::Login {
            return Err(AnswerError::WrongAnswer { awaiting });
        }
        self.pending = None;
        let size = maildrop
            .sizes
            .iter()
            .fold(0u64, |a, s| a.saturating_add(*s));
        let text = format!("maildrop has {} messages ({size} octets)", maildrop.len());
        self.deleted = vec![false; maildrop.len()];
        self.maildrop = maildrop;
        self.state = State::Transaction;
        self.send(response(Status::Ok, text));
        Ok(())
    }

    /// Answers with the usual positive response: `+OK` to STLS (and the upgrade),
    /// to an UPDATE (and the close), to UTF8 and LANG with a tag; to LANG without
    /// one the list `en English` (the machine's own texts are English; see
    /// [`respond_languages`](Self::respond_languages)); `-ERR` to an unknown command.
    /// A login needs [`accept_login`](Self::accept_login) and a retrieval a body:
    /// for those this is [`AnswerError::WrongAnswer`].
    pub fn accept(&mut self) -> Result<(), AnswerError> {
        let awaiting = self.awaiting()?;
        let r = match awaiting {
            Awaiting::Login | Awaiting::Retrieve | Awaiting::Body => {
                return Err(AnswerError::WrongAnswer { awaiting });
            }
            Awaiting::StartTls => response(Status::Ok, "Begin TLS negotiation"),
            Awaiting::Update => response(Status::Ok, "POP3 server signing off"),
            Awaiting::Command => match &self.pending_command {
                Some(Command::Unknown { .. }) | None => response(Status::Err, "Unknown command"),
                // the machine's own texts are English
                Some(Command::Lang(None)) => {
                    let en: Vec<_> = Atom::new("en")
                        .ok()
                        .zip(Text::new("English").ok())
                        .into_iter()
                        .collect();
                    return self.respond_languages(&en);
                }
                Some(_) => response(Status::Ok, ""),
            },
        };
        self.answer(awaiting, r);
        Ok(())
    }

    /// Answers LANG without an argument (RFC 6856 §3): `+OK`, one `tag description`
    /// line per language the server speaks, then `.`. Only for that command; a single
    /// `+OK` line through [`respond`](Self::respond) would leave the client reading
    /// the next response as part of the list, so it is refused there.
    pub fn respond_languages(
        &mut self,
        languages: &[(Atom<'_>, Text<'_>)],
    ) -> Result<(), AnswerError> {
        let awaiting = self.awaiting()?;
        if awaiting != Awaiting::Command
            || !matches!(self.pending_command, Some(Command::Lang(None)))
        {
            return Err(AnswerError::WrongAnswer { awaiting });
        }
        self.pending = None;
        self.pending_command = None;
        let mut list = Vec::new();
        for (tag, name) in languages {
            list.extend_from_slice(tag.as_str().as_bytes());
            if !name.is_empty() {
                list.push(b' ');
                list.extend_from_slice(name.as_str().as_bytes());
            }
            list.extend_from_slice(b"\r\n");
        }
        // the crate's multi-line writer: status, body dot-stuffed, `.`
        let listing = response(Status::Ok, "Language listing follows");
        crate::encode::encode_multi_line(&listing, &list, self.core.out());
        Ok(())
    }

    /// Answers with the usual negative response: `-ERR [AUTH]` to a login, `-ERR no
    /// such message` to a retrieval, `-ERR` to STLS, `-ERR [SYS/TEMP]` to an UPDATE
    /// (some messages not removed; the session still closes), `-ERR` to a command.
    pub fn refuse(&mut self) -> Result<(), AnswerError> {
        let awaiting = self.awaiting()?;
        let code = |c, t: &str| Response::from_parts(Status::Err, Some(c), Text::sanitized(t));
        let r = match awaiting {
            Awaiting::Body => return Err(AnswerError::WrongAnswer { awaiting }),
            Awaiting::Login => code(RespCode::Auth, "Authentication failed"),
            Awaiting::Retrieve => response(Status::Err, "No such message"),
            Awaiting::StartTls => response(Status::Err, "TLS not available"),
            Awaiting::Update => code(RespCode::SysTemp, "Some deleted messages not removed"),
            Awaiting::Command => response(Status::Err, "Command not available"),
        };
        self.answer(awaiting, r);
        Ok(())
    }

    /// Answers with `r`. `-ERR` refuses whatever is pending; `+OK` accepts a STLS,
    /// an UPDATE or a command. A `+OK` to a login (which needs the maildrop) or to a
    /// retrieval (which needs a body), or anything while a body is being sent, is
    /// [`AnswerError::WrongAnswer`].
    pub fn respond(&mut self, r: Response<'static>) -> Result<(), AnswerError> {
        let awaiting = self.awaiting()?;
        let fits = match awaiting {
            Awaiting::Body => false,
            Awaiting::Login | Awaiting::Retrieve => !r.is_ok(),
            // the list of languages is multi-line: respond_languages
            Awaiting::Command if matches!(self.pending_command, Some(Command::Lang(None))) => {
                !r.is_ok()
            }
            Awaiting::StartTls | Awaiting::Update | Awaiting::Command => true,
        };
        if !fits {
            return Err(AnswerError::WrongAnswer { awaiting });
        }
        self.answer(awaiting, r);
        Ok(())
    }

    /// Sends the next piece of the message being retrieved: the first call sends
    /// `+OK`; every piece is dot-stuffed as it goes (TOP is cut after the header and
    /// the asked lines: feed the whole message). Feed while
    /// [`wants_body`](Self::wants_body) is true, write out what
    /// [`poll_transmit`](Self::poll_transmit) gives, and feed again: the output
    /// then stays near [`ServerConfig::body_high_water`](super::ServerConfig::body_high_water)
    /// however large the message.
    pub fn send_body(&mut self, chunk: &[u8]) -> Result<(), AnswerError> {
        let awaiting = self.awaiting()?;
        match awaiting {
            Awaiting::Retrieve => {
                // a fixed status line, written as bytes: no allocation per message
                let line: &[u8] = match self.body.is_top() {
                    true => b"+OK top of message follows\r\n",
                    false => b"+OK message follows\r\n",
                };
                self.core.out().extend_from_slice(line);
                self.pending = Some(Awaiting::Body);
            }
            Awaiting::Body => {}
            _ => return Err(AnswerError::WrongAnswer { awaiting }),
        }
        self.body.write(chunk, self.core.out());
        Ok(())
    }

    /// True while a RETR or TOP answer is open (accepted by a first
    /// [`send_body`](Self::send_body), or still to be answered) and the queued output
    /// is below [`ServerConfig::body_high_water`](super::ServerConfig::body_high_water):
    /// the application may feed the next chunk now. False once the output is at
    /// the mark (write it out first) and when no body is being sent.
    pub fn wants_body(&self) -> bool {
        !self.is_closed()
            && matches!(self.pending, Some(Awaiting::Retrieve | Awaiting::Body))
            && HighWater::new(self.config.body_high_water).wants_more(self.core.queued_output())
    }

    /// Ends the message being retrieved (`"." CRLF`); the next command is read.
    pub fn end_body(&mut self) -> Result<(), AnswerError> {
        let awaiting = self.awaiting()?;
        if awaiting == Awaiting::Retrieve {
            self.send_body(b"")?;
        } else if awaiting != Awaiting::Body {
            return Err(AnswerError::WrongAnswer { awaiting });
        }
        self.body.finish(self.core.out());
        self.pending = None;
        Ok(())
    }

    /// Sends a whole message: [`send_body`](Self::send_body) then
    /// [`end_body`](Self::end_body).
    pub fn retrieve(&mut self, message: &[u8]) -> Result<(), AnswerError> {
        self.send_body(message)?;
        self.end_body()
    }

    /// Applies an answer that fits what is pending, and sends it.
    fn answer(&mut self, awaiting: Awaiting, r: Response<'static>) {
        self.pending = None;
        let positive = r.is_ok();
        match awaiting {
            Awaiting::Update => {
                self.close_with(r);
                return;
            }
            Awaiting::StartTls if positive => {
                self.send(r);
                let discarded = self.core.input.len();
                self.core.input.clear();
                self.framer.reset();
                self.tls = true;
                self.state = State::Authorization { user: None };
                self.core.push_event(Event::TlsUpgrade { discarded });
                return;
            }
            Awaiting::Login if !positive => {
                self.send(r);
                self.count_error();
                return;
            }
            Awaiting::Command => {
                let unknown = matches!(self.pending_command, Some(Command::Unknown { .. }));
                self.pending_command = None;
                self.send(r);
                if unknown && !positive {
                    self.count_error();
                }
                return;
            }
            _ => {}
        }
        self.send(r);
    }
}
