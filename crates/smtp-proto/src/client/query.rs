//! VRFY, EXPN, HELP and NOOP (RFC 5321 §4.1.1.6-§4.1.1.9): commands between
//! transactions whose reply the application reads as [`Event::Replied`].

use super::{Client, Event, Expect};
use crate::error::ConnectionError;
use crate::types::{Command, Reply, Text};

impl Client {
    /// Sends `VRFY name` (RFC 5321 §4.1.1.6); [`Event::Replied`] carries the reply
    /// (250 or 251 with the mailbox, 252 when the server will not say, 550 unknown).
    pub fn verify(&mut self, name: Text<'static>) -> Result<(), ConnectionError> {
        self.query(Command::Vrfy(name))
    }

    /// Sends `EXPN list` (RFC 5321 §4.1.1.7); [`Event::Replied`] carries the
    /// (usually multi-line) reply.
    pub fn expand(&mut self, list: Text<'static>) -> Result<(), ConnectionError> {
        self.query(Command::Expn(list))
    }

    /// Sends `HELP [topic]` (RFC 5321 §4.1.1.8); [`Event::Replied`] carries the reply.
    pub fn help(&mut self, topic: Option<Text<'static>>) -> Result<(), ConnectionError> {
        self.query(Command::Help(topic))
    }

    /// Sends `NOOP` (RFC 5321 §4.1.1.9); [`Event::Replied`] carries the reply.
    pub fn noop(&mut self) -> Result<(), ConnectionError> {
        self.query(Command::Noop(None))
    }

    /// A command outside a transaction: only when the client is ready, so it never
    /// cuts into an exchange.
    fn query(&mut self, cmd: Command<'static>) -> Result<(), ConnectionError> {
        self.ready_check()?;
        let verb = match cmd {
            Command::Vrfy(_) => "VRFY",
            Command::Expn(_) => "EXPN",
            Command::Help(_) => "HELP",
            _ => "NOOP",
        };
        self.command(&cmd, Expect::Query(verb))
    }

    pub(super) fn on_query(&mut self, verb: &'static str, reply: Reply<'static>) {
        self.core.push_event(Event::Replied {
            command: verb,
            reply,
        });
    }
}
