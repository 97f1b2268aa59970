//! What the server tells the application, and what it waits for.

use mail_proto_core::Secret;
use mail_proto_core::sasl::Credentials;

use crate::error::{DecodeError, InvalidValue};
use crate::types::{ApopDigest, Command, MessageNumber, Response, Timestamp, UniqueId};

/// What the server tells the application.
///
/// Only [`Event::Decision`] needs an answer; nothing more is read until it comes.
/// Every other event is information.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The machine waits for the application's answer to this.
    Decision(Decision),
    /// The upgrade point: after writing everything
    /// [`Server::poll_transmit`](super::Server::poll_transmit) gives, start the TLS
    /// handshake; later input must be TLS plaintext. `discarded` bytes the client
    /// had pipelined in plaintext after STLS were dropped (RFC 2595 §4).
    TlsUpgrade {
        /// Plaintext bytes dropped.
        discarded: usize,
    },
    /// The client cancelled an AUTH exchange with `*`; the machine said `-ERR`.
    AuthCancelled,
    /// A command the machine refused itself (bad syntax, wrong state, no such
    /// message); counted toward `max_errors`.
    Rejected {
        /// The response sent.
        response: Response<'static>,
        /// The parse error, if the line did not parse.
        error: Option<DecodeError>,
    },
    /// The session is over (QUIT, timeout, too many errors); write out what
    /// [`Server::poll_transmit`](super::Server::poll_transmit) gives, then close.
    Closed,
}

/// Something only the application can decide. The machine has already checked the
/// state, the syntax and the message numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// Check these credentials. Answer with
    /// [`accept_login`](super::Server::accept_login) and the maildrop, or refuse.
    Login(Login),
    /// Send message `msg` (RFC 1939 §5 RETR), or its header and first `lines` body
    /// lines (§7 TOP): feed the whole message with
    /// [`send_body`](super::Server::send_body) in chunks and end it with
    /// [`end_body`](super::Server::end_body) (the machine cuts TOP itself), or
    /// [`refuse`](super::Server::refuse).
    Retrieve {
        /// The message.
        msg: MessageNumber,
        /// `Some(n)` for TOP.
        top: Option<u64>,
    },
    /// STLS: `accept` says `+OK` and makes the upgrade.
    StartTls,
    /// QUIT in the TRANSACTION state: the UPDATE state (RFC 1939 §6). Remove these
    /// messages, then `accept` (`+OK`) or `refuse` (`-ERR`, some not removed); the
    /// session closes either way.
    Update {
        /// The messages marked as deleted, in order.
        deleted: Vec<MessageNumber>,
    },
    /// UTF8, LANG or an unknown command. `accept` says `+OK` (`-ERR` for an unknown
    /// command); `respond` sends any response.
    Command(Command<'static>),
}

/// The credentials of a login, as one value whatever the command.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Login {
    /// USER then PASS (RFC 1939 §7).
    UserPass {
        /// The name from USER.
        user: String,
        /// The password from PASS (redacted in `Debug`).
        password: Secret,
    },
    /// APOP (RFC 1939 §7); check with [`Login::verify_apop`].
    Apop {
        /// The mailbox name.
        user: String,
        /// The client's digest.
        digest: ApopDigest,
        /// The timestamp of this connection's greeting.
        timestamp: Timestamp<'static>,
    },
    /// AUTH (RFC 5034): the SASL exchange is complete.
    Sasl(Credentials),
}

impl Login {
    /// The user name, where the login carries one.
    pub fn user(&self) -> Option<&str> {
        match self {
            Login::UserPass { user, .. } | Login::Apop { user, .. } => Some(user),
            Login::Sasl(c) => c.user(),
        }
    }

    /// For APOP: true if the shared `secret` gives the client's digest (compared
    /// in constant time). False for any other login.
    pub fn verify_apop(&self, secret: &str) -> bool {
        match self {
            Login::Apop {
                digest, timestamp, ..
            } => digest.verify(timestamp, secret),
            _ => false,
        }
    }
}

/// The maildrop as the application lists it once, when it accepts a login: every
/// message's size in octets and, for UIDL, its unique id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Maildrop {
    pub(crate) sizes: Vec<u64>,
    pub(crate) uids: Option<Vec<UniqueId<'static>>>,
}

impl Maildrop {
    /// A maildrop of messages with these sizes, numbered from 1 in order. Messages
    /// past `u32::MAX` are not addressable and are left out.
    pub fn new(sizes: Vec<u64>) -> Self {
        let mut sizes = sizes;
        sizes.truncate(u32::MAX as usize);
        Maildrop { sizes, uids: None }
    }

    /// Adds the unique ids (RFC 1939 §7 UIDL), one per message.
    pub fn with_uids(mut self, uids: Vec<UniqueId<'static>>) -> Result<Self, InvalidValue> {
        if uids.len() != self.sizes.len() {
            return Err(InvalidValue::new(
                "maildrop",
                "not one unique id per message",
            ));
        }
        self.uids = Some(uids);
        Ok(self)
    }

    /// Messages in the maildrop.
    pub fn len(&self) -> usize {
        self.sizes.len()
    }

    /// True if empty.
    pub fn is_empty(&self) -> bool {
        self.sizes.is_empty()
    }
}

/// What the machine waits for, as [`Server::pending`](super::Server::pending) says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Awaiting {
    /// An answer to [`Decision::Login`].
    Login,
    /// An answer to [`Decision::Retrieve`]: a body or a refusal.
    Retrieve,
    /// More of a body being sent, or its end.
    Body,
    /// An answer to [`Decision::StartTls`].
    StartTls,
    /// An answer to [`Decision::Update`].
    Update,
    /// An answer to [`Decision::Command`].
    Command,
}

/// Why an answer was not taken. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnswerError {
    /// No decision is pending.
    #[error("no decision is pending")]
    NothingPending,
    /// The answer does not fit what is pending (a plain `accept` to a login, which
    /// needs the maildrop; a body to a login; `+OK` to a retrieval without a body).
    #[error("this answer does not fit {awaiting:?}")]
    WrongAnswer {
        /// What the machine waits for.
        awaiting: Awaiting,
    },
}
