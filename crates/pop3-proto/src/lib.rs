//! Sans-IO POP3: a codec and client and server state machines that never touch a
//! socket or a clock.
//!
//! Covered: RFC 1939 (POP3, APOP), 2449 (CAPA, extended response codes,
//! PIPELINING, limits), 2595 (STLS), 3206 (SYS and AUTH response codes), 5034 (SASL
//! AUTH), 6856 (UTF8, LANG).
//!
//! Three layers, each usable alone:
//!
//! 1. **Codec**: [`parse_command`], [`parse_response`], [`parse_greeting`] and the
//!    listing and CAPA parsers in [`parse`] borrow from the input and return a
//!    [`mail_proto_core::Decoded`] status; [`encode`] writes the strict form.
//! 2. **Framing** ([`framing`]): multi-line responses, dot-unstuffed.
//! 3. **State machines**: [`server::Server`] and [`client::Client`], each with its
//!    run loop in its module docs.
//!
//! ```
//! use pop3_proto::{parse_command, parse_greeting, ApopDigest, Command};
//!
//! let (greeting, _) = parse_greeting(b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n")
//!     .ok()
//!     .unwrap();
//! let timestamp = greeting.timestamp.unwrap();
//! let digest = ApopDigest::compute(&timestamp, "tanstaaf");
//! assert_eq!(digest.as_hex(), "c4c9334bac560ecc979e58001b3e22fb");
//!
//! let (command, used) = parse_command(b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n")
//!     .ok()
//!     .unwrap();
//! assert_eq!(used, 45);
//! let Command::Apop { digest: sent, .. } = command else { unreachable!() };
//! assert!(sent.verify(&timestamp, "tanstaaf"));
//! ```
//!
//! A complete server run loop (the socket is a `Vec` here; time is whatever the
//! caller says it is):
//!
//! ```
//! use std::time::Instant;
//! use pop3_proto::server::{Decision, Event, Login, Maildrop, Server, ServerConfig};
//! use pop3_proto::Timestamp;
//!
//! let now = Instant::now();
//! let config = ServerConfig::new()
//!     .with_apop_timestamp(Timestamp::new("<1896.697170952@dbc.mtview.ca.us>").unwrap())
//!     .allow_login_without_tls();
//! let mut server = Server::new(config, now);
//! let message = b"Subject: hello\r\n\r\n.a line starting with a dot\r\n";
//! let client = b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\nSTAT\r\nRETR 1\r\nDELE 1\r\nQUIT\r\n";
//! let mut wire = Vec::new();
//! for read in client.chunks(10) {
//!     server.handle_input(now, read);
//!     while let Some(event) = server.poll_event() {
//!         match event {
//!             Event::Decision(Decision::Login(login)) => {
//!                 if login.verify_apop("tanstaaf") {
//!                     server.accept_login(Maildrop::new(vec![message.len() as u64])).unwrap();
//!                 } else {
//!                     server.refuse().unwrap();
//!                 }
//!             }
//!             Event::Decision(Decision::Retrieve { msg, .. }) => {
//!                 assert_eq!(msg.get(), 1);
//!                 server.send_body(message).unwrap(); // in chunks for big messages
//!                 server.end_body().unwrap();
//!             }
//!             Event::Decision(Decision::Update { deleted }) => {
//!                 assert_eq!(deleted.len(), 1); // remove them from the store here
//!                 server.accept().unwrap();
//!             }
//!             Event::Decision(_) => server.refuse().unwrap(),
//!             _ => {}
//!         }
//!     }
//!     while let Some(out) = server.poll_transmit(now) {
//!         wire.extend_from_slice(&out); // write to the socket
//!     }
//!     server.handle_timeout(now); // when poll_timeout() says so
//! }
//! let wire = String::from_utf8(wire).unwrap();
//! assert!(wire.contains("+OK 1 47\r\n+OK message follows\r\nSubject: hello\r\n\r\n..a line"));
//! assert!(wire.ends_with("+OK message 1 deleted\r\n+OK POP3 server signing off\r\n"));
//! assert!(server.is_closed() && server.poll_timeout().is_none());
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod client;
pub mod encode;
mod error;
pub mod framing;
pub mod parse;
pub mod server;
pub mod types;

/// The `bytes` crate the machines hand payloads out in (`Bytes`), re-exported so
/// a user names the same version.
pub use bytes;
pub use encode::{encode_command, encode_response};
pub use error::{ConnectionError, DecodeError, DecodeErrorKind, InvalidValue};
// The `mail-proto-core` types that appear in this crate's API, so no direct
// dependency on `mail-proto-core` is needed to use it (the same list in smtp-proto
// and pop3-proto).
pub use mail_proto_core::dot::BareLineEndings;
pub use mail_proto_core::sasl::{Credentials, Mechanism, MechanismName};
pub use mail_proto_core::{Decoded, Excerpt, LiteralAnnouncement, Secret};
pub use parse::{
    CommandOptions, ResponseOptions, parse_command, parse_command_with, parse_greeting,
    parse_response, parse_response_with,
};
pub use types::*;
