//! What the client tells the application, and which command a response answers.

use bytes::Bytes;

use crate::types::{
    Capabilities, Greeting, MessageNumber, Response, ScanListing, Stat, UniqueIdListing,
};

/// A command the client sent, as named in the event its response produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Request {
    /// `CAPA` (RFC 2449 §5).
    Capa,
    /// `STLS` (RFC 2595 §4).
    Stls,
    /// `USER name` (RFC 1939 §7).
    User,
    /// `PASS string` (RFC 1939 §7).
    Pass,
    /// `APOP name digest` (RFC 1939 §7).
    Apop,
    /// `AUTH mechanism` (RFC 5034 §4).
    Auth,
    /// `STAT` (RFC 1939 §5).
    Stat,
    /// `LIST [msg]` (RFC 1939 §5).
    List(Option<MessageNumber>),
    /// `UIDL [msg]` (RFC 1939 §7).
    Uidl(Option<MessageNumber>),
    /// `RETR msg` (RFC 1939 §5).
    Retr(MessageNumber),
    /// `TOP msg n` (RFC 1939 §7).
    Top {
        /// The message.
        msg: MessageNumber,
        /// Body lines asked for.
        lines: u64,
    },
    /// `DELE msg` (RFC 1939 §5).
    Dele(MessageNumber),
    /// `NOOP` (RFC 1939 §5).
    Noop,
    /// `RSET` (RFC 1939 §5).
    Rset,
    /// `QUIT` (RFC 1939 §§4, 6).
    Quit,
    /// `UTF8` (RFC 6856 §2.1).
    Utf8,
}

impl Request {
    /// True if a positive response is multi-line (RFC 1939 §3): LIST and UIDL
    /// without an argument, RETR, TOP and CAPA. The client knows it from the
    /// command it sent, never from the response.
    pub fn multi_line(self) -> bool {
        matches!(
            self,
            Request::List(None)
                | Request::Uidl(None)
                | Request::Retr(_)
                | Request::Top { .. }
                | Request::Capa
        )
    }

    /// True for the commands after which nothing may be pipelined until the
    /// response (STLS, RFC 2595 §4) or the exchange (AUTH, RFC 5034 §4) is over.
    pub(super) fn is_barrier(self) -> bool {
        matches!(self, Request::Stls | Request::Auth)
    }

    /// True for the commands whose `+OK` ends a login.
    pub(super) fn is_login(self) -> bool {
        matches!(self, Request::Pass | Request::Apop | Request::Auth)
    }
}

/// What the client tells the application. None needs an answer: the application
/// calls the client's command methods when it wants to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The server's `+OK` greeting, with its APOP timestamp if it has one.
    Greeting(Greeting<'static>),
    /// The client is ready for a login (after the greeting and CAPA, and again
    /// after STLS): the server's capabilities, empty if it refused CAPA or
    /// [`ClientConfig::capa_on_connect`](super::ClientConfig::capa_on_connect) is
    /// off.
    Ready(Capabilities<'static>),
    /// The answer to [`Client::capa`](super::Client::capa).
    Capabilities(Capabilities<'static>),
    /// The server said `+OK` to STLS: write out everything from
    /// [`Client::poll_transmit`](super::Client::poll_transmit), do the TLS handshake,
    /// then call [`Client::tls_established`](super::Client::tls_established).
    TlsUpgrade {
        /// Bytes that came after the `+OK`, in the same read: they are never read
        /// as POP3 (RFC 2595 §4; plaintext there is an injection). They belong to
        /// the TLS layer, if to anything.
        unread: Bytes,
    },
    /// The server accepted PASS, APOP or AUTH: the TRANSACTION state.
    LoggedIn {
        /// The command that logged in.
        request: Request,
        /// The server's `+OK`.
        response: Response<'static>,
    },
    /// The answer to STAT.
    Stat(Stat),
    /// The answer to `LIST msg`.
    Listing(ScanListing),
    /// The answer to LIST.
    Listings(Vec<ScanListing>),
    /// The answer to `UIDL msg`.
    UniqueId(UniqueIdListing<'static>),
    /// The answer to UIDL.
    UniqueIds(Vec<UniqueIdListing<'static>>),
    /// A RETR or TOP body begins; [`Event::BodyChunk`]s and one [`Event::BodyEnd`]
    /// follow.
    BodyStart {
        /// The command.
        request: Request,
        /// The server's `+OK`.
        response: Response<'static>,
    },
    /// A piece of the body, dot-unstuffed, sharing the client's input buffer.
    BodyChunk(Bytes),
    /// The body is complete (its `"." CRLF` has been read).
    BodyEnd,
    /// `+OK` to a command with nothing more to report: USER, DELE, NOOP, RSET,
    /// QUIT (the UPDATE state succeeded), UTF8.
    Done {
        /// The command.
        request: Request,
        /// The server's `+OK`.
        response: Response<'static>,
    },
    /// `-ERR` to a command (a failed login, a missing message, a QUIT whose UPDATE
    /// failed, RFC 1939 §6).
    Refused {
        /// The command.
        request: Request,
        /// The server's `-ERR`.
        response: Response<'static>,
    },
    /// The server refused the session with a `-ERR` greeting.
    Rejected(Response<'static>),
    /// The session is over (after QUIT's response, or a `-ERR` greeting).
    Closed,
}
