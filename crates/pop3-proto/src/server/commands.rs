//! The commands the machine answers itself, per state (RFC 1939 §§4-7, RFC 2449 §5,
//! RFC 2595 §4, RFC 5034 §4).

use std::fmt::Write as _;

use bytes::{BufMut, Bytes};
use mail_proto_core::sasl::{SaslError, ServerExchange, ServerLine};

use super::{Awaiting, Decision, Event, Login, Server, State, response};
use crate::encode::{encode_capabilities, encode_continuation};
use crate::error::DecodeErrorKind;
use crate::parse::parse_command_with;
use crate::types::{
    AuthMechanism, Capabilities, Capability, Challenge, Command, MessageNumber, Status, Text,
};

impl Server {
    pub(super) fn command_line(&mut self, line: &Bytes) {
        let cmd = match parse_command_with(line, &self.config.command).into_result() {
            Ok(Some((cmd, _))) => cmd.into_owned(),
            Ok(None) => return self.reject("Incomplete command", None),
            Err(e) => {
                let text = match e.kind {
                    DecodeErrorKind::LineTooLong { .. } => "Line too long",
                    DecodeErrorKind::ArgumentTooLong { .. } => "Argument too long",
                    DecodeErrorKind::NumberOverflow => "No such message",
                    DecodeErrorKind::BareLineEnding => "Bare CR or LF in command",
                    _ => "Syntax error",
                };
                return self.reject(text, Some(e));
            }
        };
        match self.state {
            State::Transaction => self.transaction(cmd),
            _ => self.authorization(cmd),
        }
    }

    fn login_allowed(&self) -> bool {
        self.tls || self.config.allow_login_without_tls
    }

    /// The AUTHORIZATION state (RFC 1939 §4).
    fn authorization(&mut self, cmd: Command<'static>) {
        let user = match &mut self.state {
            State::Authorization { user } => user.take(),
            _ => None,
        };
        match cmd {
            Command::User(name) if self.login_allowed() => {
                self.state = State::Authorization {
                    user: Some(name.as_str().to_string()),
                };
                self.send(response(Status::Ok, "User accepted"));
            }
            Command::Pass(password) if self.login_allowed() => match user {
                Some(user) => self.ask(
                    Awaiting::Login,
                    Decision::Login(Login::UserPass {
                        user,
                        password: password.into_secret(),
                    }),
                ),
                None => self.reject("USER first", None),
            },
            Command::Apop { name, digest } if self.login_allowed() => {
                match &self.config.apop_timestamp {
                    Some(timestamp) => {
                        let timestamp = timestamp.clone();
                        self.ask(
                            Awaiting::Login,
                            Decision::Login(Login::Apop {
                                user: name.as_str().to_string(),
                                digest,
                                timestamp,
                            }),
                        );
                    }
                    None => self.reject("APOP not available", None),
                }
            }
            Command::Auth {
                mechanism,
                initial_response,
            } if self.login_allowed() => self.auth_start(mechanism, initial_response),
            Command::AuthList if self.login_allowed() => {
                self.send(response(Status::Ok, ""));
                // mechanism names are 1*20 of A-Z 0-9 - _: never a dot to stuff
                let names = self.offered_sasl();
                let out = self.core.out();
                for m in names {
                    out.put_slice(m.as_str().as_bytes());
                    out.put_slice(b"\r\n");
                }
                out.put_slice(b".\r\n");
            }
            Command::User(_)
            | Command::Pass(_)
            | Command::Apop { .. }
            | Command::Auth { .. }
            | Command::AuthList => self.reject("Login not allowed before STLS", None),
            Command::Stls if self.config.stls && !self.tls => {
                self.ask(Awaiting::StartTls, Decision::StartTls)
            }
            Command::Capa => self.capa(),
            Command::Quit => self.close_with(response(Status::Ok, "Bye")),
            Command::Utf8 | Command::Lang(_) | Command::Unknown { .. } => self.other(cmd),
            _ => self.reject("Command not valid in this state", None),
        }
    }

    /// The TRANSACTION state (RFC 1939 §5).
    fn transaction(&mut self, cmd: Command<'static>) {
        match cmd {
            Command::Stat => {
                let (count, size) = self.live().fold((0u64, 0u64), |(c, s), (_, size)| {
                    (c + 1, s.saturating_add(size))
                });
                self.send(response(Status::Ok, format!("{count} {size}")));
            }
            Command::List(None) => {
                let (count, size) = self.live().fold((0u64, 0u64), |(c, s), (_, size)| {
                    (c + 1, s.saturating_add(size))
                });
                self.send(response(
                    Status::Ok,
                    format!("{count} messages ({size} octets)"),
                ));
                let mut out = std::mem::take(self.core.out());
                for (msg, size) in self.live() {
                    let _ = write!(out, "{msg} {size}\r\n");
                }
                out.put_slice(b".\r\n");
                *self.core.out() = out;
            }
            Command::List(Some(msg)) => match self.size_of(msg) {
                Some(size) => self.send(response(Status::Ok, format!("{msg} {size}"))),
                None => self.reject("No such message", None),
            },
            Command::Uidl(arg) => self.uidl(arg),
            Command::Retr(msg) => self.ask_retrieve(msg, None),
            Command::Top { msg, lines } => self.ask_retrieve(msg, Some(lines)),
            Command::Dele(msg) => match self.size_of(msg) {
                Some(_) => {
                    if let Some(d) = self.deleted.get_mut(msg.index()) {
                        *d = true;
                    }
                    self.send(response(Status::Ok, format!("message {msg} deleted")));
                }
                None => self.reject("No such message", None),
            },
            Command::Noop => self.send(response(Status::Ok, "")),
            Command::Rset => {
                self.deleted.iter_mut().for_each(|d| *d = false);
                let n = self.maildrop.len();
                self.send(response(Status::Ok, format!("maildrop has {n} messages")));
            }
            Command::Quit => {
                let deleted = self.deleted();
                self.ask(Awaiting::Update, Decision::Update { deleted });
            }
            Command::Capa => self.capa(),
            Command::Lang(_) | Command::Unknown { .. } => self.other(cmd),
            _ => self.reject("Command not valid in this state", None),
        }
    }

    fn other(&mut self, cmd: Command<'static>) {
        self.pending_command = Some(cmd.clone());
        self.ask(Awaiting::Command, Decision::Command(cmd));
    }

    /// The messages not marked as deleted, with their sizes.
    fn live(&self) -> impl Iterator<Item = (MessageNumber, u64)> + '_ {
        self.maildrop
            .sizes
            .iter()
            .zip(&self.deleted)
            .enumerate()
            .filter(|(_, (_, d))| !**d)
            .filter_map(|(i, (s, _))| MessageNumber::from_index(i).map(|m| (m, *s)))
    }

    /// The size of a message that exists and is not deleted.
    pub(super) fn size_of(&self, msg: MessageNumber) -> Option<u64> {
        let i = msg.index();
        match self.deleted.get(i) {
            Some(false) => self.maildrop.sizes.get(i).copied(),
            _ => None,
        }
    }

    fn uidl(&mut self, arg: Option<MessageNumber>) {
        if self.maildrop.uids.is_none() {
            return self.reject("UIDL not available", None);
        }
        fn uid_of(this: &Server, msg: MessageNumber) -> Option<&crate::types::UniqueId<'static>> {
            this.size_of(msg)?;
            this.maildrop.uids.as_ref()?.get(msg.index())
        }
        match arg {
            Some(msg) => match uid_of(self, msg).map(|uid| format!("{msg} {}", uid.as_str())) {
                Some(line) => self.send(response(Status::Ok, line)),
                None => self.reject("No such message", None),
            },
            None => {
                self.send(response(Status::Ok, ""));
                // written straight into the output: no copy of the listing, no
                // allocation per line
                let mut out = std::mem::take(self.core.out());
                for msg in self.live().map(|(m, _)| m) {
                    if let Some(uid) = uid_of(self, msg) {
                        let _ = write!(out, "{msg} {}\r\n", uid.as_str());
                    }
                }
                out.put_slice(b".\r\n");
                *self.core.out() = out;
            }
        }
    }

    fn ask_retrieve(&mut self, msg: MessageNumber, top: Option<u64>) {
        if self.size_of(msg).is_none() {
            return self.reject("No such message", None);
        }
        self.body.prepare(msg, top);
        self.ask(Awaiting::Retrieve, Decision::Retrieve { msg, top });
    }

    /// The SASL mechanisms offered now.
    fn offered_sasl(&self) -> Vec<AuthMechanism> {
        if !self.login_allowed() {
            return Vec::new();
        }
        self.config
            .sasl
            .iter()
            .filter(|m| {
                **m != mail_proto_core::sasl::Mechanism::CramMd5
                    || self.config.cram_md5_challenge.is_some()
            })
            .map(|m| AuthMechanism::new(m.clone()))
            .collect()
    }

    /// CAPA (RFC 2449 §5): the configured list, PIPELINING, STLS before TLS and login, SASL
    /// where logins are allowed; USER only where logins are allowed.
    fn capa(&mut self) {
        let sasl = self.offered_sasl();
        let stls = self.config.stls && !self.tls && !self.is_authenticated();
        let (mut sasl, mut stls) = ((!sasl.is_empty()).then_some(sasl), stls);
        let mut list = Vec::with_capacity(self.config.capabilities.list.len() + 2);
        for c in &self.config.capabilities.list {
            match c {
                Capability::User if !self.login_allowed() => {}
                // the machine's own values, where the configured list places them
                Capability::Sasl(_) => list.extend(sasl.take().map(Capability::Sasl)),
                // RFC 2595 §4: "Announced states/Valid states: AUTHORIZATION state only"
                Capability::Stls => {
                    if std::mem::take(&mut stls) {
                        list.push(Capability::Stls);
                    }
                }
                other => list.push(other.clone()),
            }
        }
        list.extend(sasl.map(Capability::Sasl));
        if stls {
            list.push(Capability::Stls);
        }
        self.send(response(Status::Ok, "Capability list follows"));
        encode_capabilities(&Capabilities::new(list), self.core.out());
    }

    fn auth_start(
        &mut self,
        mechanism: AuthMechanism,
        initial: Option<crate::types::InitialResponse>,
    ) {
        if !self.offered_sasl().contains(&mechanism) {
            return self.reject("Unsupported mechanism", None);
        }
        let started = ServerExchange::start(
            mechanism.into(),
            initial.as_ref().map(|i| i.as_str().as_bytes()),
            self.config.cram_md5_challenge.as_ref(),
        );
        match started {
            Ok((exchange, line)) => {
                self.state = State::Auth(Box::new(exchange));
                self.sasl_line(line);
            }
            Err(e) => self.sasl_failed(e),
        }
    }

    pub(super) fn auth_line(&mut self, line: &Bytes) {
        let text = line.strip_suffix(b"\n").unwrap_or(line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        let State::Auth(exchange) = &mut self.state else {
            return;
        };
        match exchange.step(text) {
            Ok(next) => self.sasl_line(next),
            Err(e) => self.sasl_failed(e),
        }
    }

    fn sasl_line(&mut self, line: ServerLine) {
        match line {
            ServerLine::Challenge(c) => {
                let challenge = Challenge(Text::sanitized(c));
                encode_continuation(&challenge, self.core.out());
            }
            ServerLine::Done(credentials) => {
                self.state = State::Authorization { user: None };
                self.ask(Awaiting::Login, Decision::Login(Login::Sasl(credentials)));
            }
        }
    }

    fn sasl_failed(&mut self, e: SaslError) {
        self.state = State::Authorization { user: None };
        if e == SaslError::Cancelled {
            self.send(response(Status::Err, "Authentication cancelled"));
            self.core.push_event(Event::AuthCancelled);
            self.count_error();
        } else {
            self.reject("Authentication failed", None);
        }
    }
}
