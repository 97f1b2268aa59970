//! What the server tells the application.

use bytes::Bytes;
use mail_proto_core::sasl::Credentials;

use crate::error::DecodeError;
use crate::types::{
    Command, Domain, ForwardPath, HelloKind, MailParams, RcptParams, Reply, ReversePath,
};

/// What the server tells the application.
///
/// Only [`Event::Decision`] needs an answer ([`Server::accept`](super::Server::accept),
/// [`Server::refuse`](super::Server::refuse) or [`Server::respond`](super::Server::respond));
/// nothing more is read until it comes. Every other event is information.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The machine waits for the application's answer to this.
    Decision(Decision),
    /// A message body begins: DATA was answered 354, or the first BDAT chunk of a
    /// transaction arrived.
    MessageStart {
        /// How the body travels.
        transfer: Transfer,
    },
    /// A piece of the message, unstuffed (DATA) or raw (BDAT), sharing the input buffer.
    BodyChunk(Bytes),
    /// The body went over `max_message_size`: no more chunks follow. With DATA the
    /// rest of the body is read and dropped, and the message is refused with `reply`
    /// after the final dot. With BDAT it is refused at the end of the chunk that
    /// crossed the limit (not at `BDAT LAST`): the transaction is over, and chunks
    /// the client had already pipelined behind it are refused and discarded without
    /// counting as errors (RFC 3030 §4.2). [`Event::MessageRejected`] follows.
    MessageTooBig {
        /// The reply the client will get (`552 5.3.4`).
        reply: Reply<'static>,
    },
    /// The machine refused the finished message itself (too big, a line too long, bare
    /// line endings) and replied; the transaction is over.
    MessageRejected {
        /// Why, as sent to the client.
        reply: Reply<'static>,
    },
    /// A message that had started will never be decided (RSET or QUIT between BDAT
    /// chunks, a refused BDAT chunk, the connection closing mid-body): drop what
    /// was stored of it.
    MessageAbandoned,
    /// The client cancelled an AUTH exchange with `*`; the machine replied 501.
    AuthCancelled,
    /// The upgrade point: after writing everything
    /// [`Server::poll_transmit`](super::Server::poll_transmit) gives, start the TLS
    /// handshake; all later input must be TLS plaintext. `discarded` bytes that the
    /// client had pipelined in plaintext after STARTTLS were dropped.
    TlsUpgrade {
        /// Plaintext bytes dropped.
        discarded: usize,
    },
    /// RSET: the transaction was cleared and 250 sent.
    Reset,
    /// A bad command; the machine replied (500, 501, 503, 555, ...) and counted it
    /// toward `max_errors`, except for BDAT chunks a pipelining client had already
    /// sent behind a failed one (RFC 3030 §4.2: refused and discarded, not counted).
    Rejected {
        /// The reply sent.
        reply: Reply<'static>,
        /// The parse error, if the line did not parse.
        error: Option<DecodeError>,
    },
    /// The client sent more input after a command that ends a pipelining group
    /// (RFC 2920 §3.1) before the reply went out. This is a timing heuristic, as in
    /// Postfix: it depends on what had arrived when the command was read.
    PipeliningViolation,
    /// The session is over (QUIT, timeout, too many errors); write out what
    /// [`Server::poll_transmit`](super::Server::poll_transmit) gives, then close.
    Closed,
}

impl Event {
    /// True for the events that wait for an answer.
    pub fn needs_answer(&self) -> bool {
        matches!(self, Event::Decision(_))
    }
}

/// How a message body travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Transfer {
    /// `DATA`, dot-stuffed and ended by `CRLF . CRLF` (RFC 5321 §4.1.1.4).
    Data,
    /// `BDAT` chunks (RFC 3030).
    Bdat,
}

/// Something only the application can decide. The machine has already checked the
/// protocol (sequence, syntax, parameters against the offered extensions).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// HELO, EHLO or LHLO. `accept` sends the configured EHLO reply.
    Hello {
        /// Which verb.
        kind: HelloKind,
        /// The name the client gave.
        domain: Domain<'static>,
    },
    /// MAIL FROM.
    Mail {
        /// The reverse-path.
        from: ReversePath<'static>,
        /// Its parameters.
        params: MailParams<'static>,
    },
    /// RCPT TO. A 2xx answer adds the recipient to the transaction.
    Rcpt {
        /// The forward-path.
        to: ForwardPath<'static>,
        /// Its parameters.
        params: RcptParams<'static>,
    },
    /// The message is complete. In LMTP, answer once per accepted recipient, in order.
    MessageEnd {
        /// Message size in bytes after unstuffing.
        size: u64,
        /// How many answers the machine waits for (1, or the recipients in LMTP).
        replies: usize,
    },
    /// The SASL exchange is complete: check the credentials (secrets are
    /// [`mail_proto_core::Secret`], redacted in `Debug`). `accept` says 235, `refuse` 535.
    Authenticate {
        /// What the client authenticated with.
        credentials: Credentials,
    },
    /// STARTTLS. `accept` says 220 and makes the upgrade.
    StartTls,
    /// VRFY, EXPN, HELP, ETRN or an unknown verb. `accept` replies 252, 502, 214,
    /// 458 or 500 respectively.
    Command(Command<'static>),
}

/// What the machine waits for, as [`Server::pending`](super::Server::pending) says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Awaiting {
    /// An answer to [`Decision::Hello`].
    Hello,
    /// An answer to [`Decision::Mail`].
    Mail,
    /// An answer to [`Decision::Rcpt`].
    Rcpt,
    /// `left` answers to [`Decision::MessageEnd`].
    MessageEnd {
        /// Answers still awaited.
        left: usize,
    },
    /// An answer to [`Decision::Authenticate`].
    Authenticate,
    /// An answer to [`Decision::StartTls`].
    StartTls,
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
    /// The reply does not answer what is pending (a 334 to a RCPT, a 354 to a message end).
    #[error("a {code} reply does not answer {awaiting:?}")]
    WrongReply {
        /// What the machine waits for.
        awaiting: Awaiting,
        /// The code of the reply offered.
        code: u16,
    },
    /// A line of the reply would be longer than RFC 5321's 512 octets
    /// ([`Reply::MAX_LINE_LEN`]): a reply parsed with longer lines allowed, passed on.
    /// [`Reply::new`] refuses such a line when it is built.
    #[error("a reply line is longer than 512 octets")]
    ReplyTooLong,
}
