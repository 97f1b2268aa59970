//! What the server tells the application.

use bytes::Bytes;
use mail_proto_core::sasl::Mechanism;

use crate::error::DecodeError;
use crate::types::{
    Command, Domain, ForwardPath, HelloKind, MailParams, RcptParams, Reply, ReversePath,
};

/// What the server tells the application. Events marked *decision* wait for
/// [`Server::respond`](super::Server::respond) or [`Server::accept`](super::Server::accept); nothing more is read until then.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// *Decision*: HELO, EHLO or LHLO. `accept` sends the configured EHLO reply.
    Hello {
        /// Which verb.
        kind: HelloKind,
        /// The name the client gave.
        domain: Domain<'static>,
    },
    /// *Decision*: MAIL FROM, after the machine's own checks.
    Mail {
        /// The reverse-path.
        from: ReversePath<'static>,
        /// Its parameters.
        params: MailParams<'static>,
    },
    /// *Decision*: RCPT TO, after the machine's own checks. A 2xx reply adds the
    /// recipient to the transaction.
    Rcpt {
        /// The forward-path.
        to: ForwardPath<'static>,
        /// Its parameters.
        params: RcptParams<'static>,
    },
    /// A piece of the message, unstuffed (DATA) or raw (BDAT), sharing the input buffer.
    BodyChunk(Bytes),
    /// *Decision*: the message is complete. In LMTP, respond once per accepted
    /// recipient, in order.
    MessageEnd {
        /// Message size in bytes after unstuffing.
        size: u64,
        /// How many replies the machine waits for (1, or the recipients in LMTP).
        replies: usize,
    },
    /// The machine rejected the message itself (too big, bare line endings) and
    /// replied; the transaction is over.
    MessageRejected {
        /// Why, as sent to the client.
        reply: Reply<'static>,
    },
    /// *Decision*: AUTH. Respond with [`Server::auth_challenge`](super::Server::auth_challenge) for a 334 challenge,
    /// or with 235 (success) or 535 (failure).
    Auth {
        /// The mechanism.
        mechanism: Mechanism,
        /// The initial response, decoded.
        initial_response: Option<Vec<u8>>,
    },
    /// *Decision*: the client's answer to a challenge, decoded.
    AuthResponse(Vec<u8>),
    /// The client cancelled the exchange with `*`; the machine replied 501.
    AuthCancelled,
    /// *Decision*: STARTTLS. A 220 reply makes the upgrade.
    StartTls,
    /// The upgrade point: after writing everything [`Server::poll_transmit`](super::Server::poll_transmit) gives, start
    /// the TLS handshake; all later input must be TLS plaintext. `discarded` bytes that
    /// the client had pipelined in plaintext after STARTTLS were dropped.
    TlsUpgrade {
        /// Plaintext bytes dropped.
        discarded: usize,
    },
    /// *Decision*: VRFY, EXPN, HELP, ETRN or an unknown verb. `accept` replies
    /// 252, 502, 214, 458 or 500 respectively.
    Command(Command<'static>),
    /// RSET: the transaction was cleared and 250 sent.
    Reset,
    /// A bad command; the machine replied (500, 501, 503, 555, ...).
    Rejected {
        /// The reply sent.
        reply: Reply<'static>,
        /// The parse error, if the line did not parse.
        error: Option<DecodeError>,
    },
    /// The client pipelined commands after a group-ending command (RFC 2920 §3.1).
    PipeliningViolation,
    /// The session is over (QUIT, timeout, too many errors); write out what
    /// [`Server::poll_transmit`](super::Server::poll_transmit) gives, then close.
    Closed,
}
