//! What the client tells the application.

use crate::types::{EhloResponse, Reply};

/// What the client tells the application.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The server's 220 greeting.
    Greeting(Reply<'static>),
    /// EHLO (or HELO, LHLO) succeeded: the client is ready for commands. After HELO the
    /// capability set is empty.
    Ready(EhloResponse),
    /// The server said 220 to STARTTLS: write out everything from
    /// [`Client::poll_transmit`](super::Client::poll_transmit), do the TLS handshake, then call
    /// [`Client::tls_established`](super::Client::tls_established). This event needs
    /// an answer ([`Event::needs_answer`]): until it comes the client starts no
    /// command and runs no timer ([`Client::pending`](super::Client::pending) says
    /// [`Awaiting::TlsHandshake`]).
    TlsUpgrade,
    /// STARTTLS was refused.
    TlsRefused(Reply<'static>),
    /// AUTH succeeded.
    Authenticated(Reply<'static>),
    /// AUTH failed or was refused.
    AuthFailed(Reply<'static>),
    /// MAIL FROM was refused; the transaction failed.
    MailRejected(Reply<'static>),
    /// The reply to RCPT TO number `index` of the envelope.
    Recipient {
        /// Index in [`Envelope::recipients`](super::Envelope::recipients).
        index: usize,
        /// The server's reply.
        reply: Reply<'static>,
    },
    /// The final reply for the message: for SMTP once (`recipient` is `None`), for LMTP
    /// once per accepted recipient.
    MessageResult {
        /// Index of the recipient (LMTP).
        recipient: Option<usize>,
        /// The server's reply.
        reply: Reply<'static>,
    },
    /// The transaction failed before the message was accepted (no recipient accepted,
    /// DATA or a BDAT chunk refused). A body still being streamed is discarded from
    /// here on; end it with [`Client::finish_body`](super::Client::finish_body).
    TransactionFailed(Option<Reply<'static>>),
    /// An RSET completed (the application's, or the client's own after a failed
    /// transaction), with the server's reply.
    Reset(Reply<'static>),
    /// The reply to [`Client::verify`](super::Client::verify),
    /// [`expand`](super::Client::expand), [`help`](super::Client::help) or
    /// [`noop`](super::Client::noop).
    Replied {
        /// The verb sent: `VRFY`, `EXPN`, `HELP` or `NOOP`.
        command: &'static str,
        /// The server's reply, whatever its code.
        reply: Reply<'static>,
    },
    /// The server refused the session (greeting other than 220, or EHLO and HELO
    /// refused), or closed it (421).
    Rejected(Reply<'static>),
    /// The session is over.
    Closed,
}

impl Event {
    /// True for the events the application must answer before the session can go
    /// on: [`Event::TlsUpgrade`] (answered by
    /// [`Client::tls_established`](super::Client::tls_established)).
    pub fn needs_answer(&self) -> bool {
        matches!(self, Event::TlsUpgrade)
    }
}

/// What the client waits for from the application, as
/// [`Client::pending`](super::Client::pending) says. While it waits, no timer of its
/// own runs for it: a forgotten answer would hang the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Awaiting {
    /// The TLS handshake after [`Event::TlsUpgrade`]: call
    /// [`Client::tls_established`](super::Client::tls_established) when it is done.
    TlsHandshake,
    /// The body of the message started with
    /// [`Client::send_mail`](super::Client::send_mail): more
    /// [`Client::send_body`](super::Client::send_body) chunks, then
    /// [`Client::finish_body`](super::Client::finish_body) (also after
    /// [`Event::TransactionFailed`], which discards the chunks).
    Body,
}
