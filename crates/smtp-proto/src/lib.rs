//! Sans-IO SMTP (RFC 5321), ESMTP extensions and LMTP (RFC 2033): a codec and
//! client and server state machines that never touch a socket or a clock.
//!
//! Covered: RFC 5321 (SMTP), 1870 (SIZE), 2034 (ENHANCEDSTATUSCODES), 2852 (DELIVERBY),
//! 2920 (PIPELINING), 3030 (CHUNKING, BINARYMIME), 3207 (STARTTLS), 3461 (DSN), 3463
//! (enhanced status codes), 4865 (FUTURERELEASE), 4954 (AUTH), 6152 (8BITMIME), 6531
//! (SMTPUTF8), 6710 (MT-PRIORITY), 7293 (RRVS), 8689 (REQUIRETLS), 1985 (ETRN), 2033 (LMTP).
//!
//! Three layers, each usable alone:
//!
//! 1. **Codec**: [`parse_command`], [`parse_reply`], [`parse_ehlo`] borrow from the
//!    input and return a [`Decoded`] status: the message and the bytes it used,
//!    `Incomplete` (read more) or `Failed`; [`encode_command`] and [`encode_reply`]
//!    write the strict form and cannot fail, as every value is validated when built.
//! 2. **Framing** ([`framing`]): incremental reply assembly over [`mail_proto_core::line`].
//! 3. **State machines**: [`server::Server`] and [`client::Client`].
//!
//! ```
//! use smtp_proto::{parse_command, Command, ReversePath};
//!
//! let (cmd, used) = parse_command(b"MAIL FROM:<> BODY=8BITMIME\r\n").ok().unwrap();
//! assert_eq!(used, 28);
//! let Command::Mail { from, params } = cmd else { unreachable!() };
//! assert_eq!(from, ReversePath::Null);
//! assert_eq!(params.body, Some(smtp_proto::Body::EightBitMime));
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod client;
pub mod encode;
mod error;
pub mod framing;
mod grammar;
pub mod parse;
pub mod server;
pub mod types;

/// The workspace README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

pub use bytes;
pub use encode::{encode_command, encode_reply};
pub use error::{ConnectionError, DecodeError, DecodeErrorKind, InvalidValue};
// The `mail-proto-core` types that appear in this crate's API, so no direct
// dependency on `mail-proto-core` is needed to use it (the same list in smtp-proto
// and pop3-proto).
pub use mail_proto_core::dot::BareLineEndings;
pub use mail_proto_core::sasl::{Credentials, Mechanism, MechanismName};
pub use mail_proto_core::{Decoded, Excerpt, LiteralAnnouncement, Secret};
pub use parse::{
    CommandOptions, LineLimits, ReplyOptions, parse_command, parse_command_with, parse_ehlo,
    parse_reply, parse_reply_with,
};
pub use types::*;
