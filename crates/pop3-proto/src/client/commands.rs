//! The commands the application asks for, each checked against the state before
//! it is queued (RFC 1939 §§4-7, RFC 2449 §5, RFC 2595 §4, RFC 6856 §2).

use super::{Client, Phase, Request};
use crate::error::ConnectionError;
use crate::types::{Command, MessageNumber};

impl Client {
    /// `Ok` if a TRANSACTION-state command may be queued.
    fn transaction_check(&self) -> Result<(), ConnectionError> {
        self.ready_check()?;
        if self.phase != Phase::Transaction {
            return Err(ConnectionError::InvalidUse(
                "not logged in: wait for Event::LoggedIn",
            ));
        }
        Ok(())
    }

    /// `Ok` if an AUTHORIZATION-state command may be queued: not logged in, no
    /// login under way.
    pub(super) fn authorization_check(&self) -> Result<(), ConnectionError> {
        self.ready_check()?;
        if self.phase != Phase::Authorization {
            return Err(ConnectionError::InvalidUse("already logged in"));
        }
        if self.outstanding(|r| matches!(r, Request::User | Request::Pass) || r.is_login()) {
            return Err(ConnectionError::InvalidUse("a login is under way"));
        }
        Ok(())
    }

    /// CAPA (RFC 2449 §5), in either state; [`Event::Capabilities`](super::Event)
    /// answers, and the client's capabilities are updated (a server may offer more
    /// after login).
    pub fn capa(&mut self) -> Result<(), ConnectionError> {
        self.ready_check()?;
        self.enqueue(Request::Capa, &Command::Capa);
        Ok(())
    }

    /// STLS (RFC 2595 §4): the server must offer it (when CAPA was answered), TLS
    /// must not be on, and nothing else may be outstanding. On `+OK` comes
    /// [`Event::TlsUpgrade`](super::Event::TlsUpgrade).
    pub fn stls(&mut self) -> Result<(), ConnectionError> {
        self.authorization_check()?;
        if self.tls || (self.capa_known && !self.capabilities.stls()) {
            return Err(ConnectionError::InvalidUse("STLS is not offered"));
        }
        if !self.pending.is_empty() || !self.queue.is_empty() {
            return Err(ConnectionError::InvalidUse(
                "STLS needs every earlier response first",
            ));
        }
        self.enqueue(Request::Stls, &Command::Stls);
        Ok(())
    }

    /// The TLS handshake is done: forget everything learnt in plaintext (RFC 2595
    /// §4: the capabilities) and ask CAPA again; [`Event::Ready`](super::Event)
    /// follows.
    pub fn tls_established(&mut self) -> Result<(), ConnectionError> {
        self.core.check()?;
        if !self.upgrade_pending || self.core.is_closed() {
            return Err(ConnectionError::InvalidUse("no STLS upgrade is pending"));
        }
        self.tls = true;
        self.upgrade_pending = false;
        self.core.input.clear();
        self.framer.reset();
        self.ready = false;
        self.capa_known = false;
        self.capabilities = Default::default();
        self.after_greeting();
        Ok(())
    }

    /// After the greeting, and again after STLS: CAPA, or `Ready` at once.
    pub(super) fn after_greeting(&mut self) {
        if self.config.capa_on_connect {
            // queued first: the application cannot queue anything before Ready
            self.queue.push_front(super::Outgoing {
                request: Request::Capa,
                line: bytes::Bytes::from_static(b"CAPA\r\n"),
            });
            self.pump();
        } else {
            self.ready = true;
            self.core
                .push_event(super::Event::Ready(self.capabilities.clone()));
            self.pump();
        }
    }

    /// UTF8 (RFC 6856 §2.1), before login.
    pub fn utf8(&mut self) -> Result<(), ConnectionError> {
        self.authorization_check()?;
        self.enqueue(Request::Utf8, &Command::Utf8);
        Ok(())
    }

    /// STAT (RFC 1939 §5): [`Event::Stat`](super::Event::Stat).
    pub fn stat(&mut self) -> Result<(), ConnectionError> {
        self.transaction_check()?;
        self.enqueue(Request::Stat, &Command::Stat);
        Ok(())
    }

    /// LIST (RFC 1939 §5): without a message, the multi-line
    /// [`Event::Listings`](super::Event::Listings); with one,
    /// [`Event::Listing`](super::Event::Listing).
    pub fn list(&mut self, msg: Option<MessageNumber>) -> Result<(), ConnectionError> {
        self.transaction_check()?;
        self.enqueue(Request::List(msg), &Command::List(msg));
        Ok(())
    }

    /// UIDL (RFC 1939 §7): without a message, the multi-line
    /// [`Event::UniqueIds`](super::Event::UniqueIds); with one,
    /// [`Event::UniqueId`](super::Event::UniqueId).
    pub fn uidl(&mut self, msg: Option<MessageNumber>) -> Result<(), ConnectionError> {
        self.transaction_check()?;
        self.enqueue(Request::Uidl(msg), &Command::Uidl(msg));
        Ok(())
    }

    /// RETR (RFC 1939 §5): the body streams out as
    /// [`Event::BodyStart`](super::Event::BodyStart), chunks, and `BodyEnd`.
    pub fn retr(&mut self, msg: MessageNumber) -> Result<(), ConnectionError> {
        self.transaction_check()?;
        self.enqueue(Request::Retr(msg), &Command::Retr(msg));
        Ok(())
    }

    /// TOP (RFC 1939 §7): the header and the first `lines` body lines, streamed
    /// as RETR's body is.
    pub fn top(&mut self, msg: MessageNumber, lines: u64) -> Result<(), ConnectionError> {
        self.transaction_check()?;
        self.enqueue(Request::Top { msg, lines }, &Command::Top { msg, lines });
        Ok(())
    }

    /// DELE (RFC 1939 §5): marks the message; QUIT removes it.
    pub fn dele(&mut self, msg: MessageNumber) -> Result<(), ConnectionError> {
        self.transaction_check()?;
        self.enqueue(Request::Dele(msg), &Command::Dele(msg));
        Ok(())
    }

    /// NOOP (RFC 1939 §5).
    pub fn noop(&mut self) -> Result<(), ConnectionError> {
        self.transaction_check()?;
        self.enqueue(Request::Noop, &Command::Noop);
        Ok(())
    }

    /// RSET (RFC 1939 §5): unmarks every deleted message.
    pub fn rset(&mut self) -> Result<(), ConnectionError> {
        self.transaction_check()?;
        self.enqueue(Request::Rset, &Command::Rset);
        Ok(())
    }

    /// QUIT (RFC 1939 §§4, 6), after every command asked for so far; in the
    /// TRANSACTION state the server then removes the deleted messages (its answer
    /// says whether it could), and [`Event::Closed`](super::Event::Closed) follows.
    /// It is sent once however often this is called, and may be asked for before
    /// the greeting.
    pub fn quit(&mut self) -> Result<(), ConnectionError> {
        self.core.check()?;
        if self.quit || self.core.is_closed() {
            return Ok(());
        }
        self.quit = true;
        self.enqueue(Request::Quit, &Command::Quit);
        Ok(())
    }
}
