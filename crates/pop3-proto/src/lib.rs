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
//! 3. **State machines**: the server and the client.
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
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod encode;
mod error;
pub mod framing;
pub mod parse;
pub mod types;

pub use encode::{encode_command, encode_response};
pub use error::{ConnectionError, DecodeError, DecodeErrorKind, InvalidValue};
pub use mail_proto_core::sasl::Mechanism;
pub use parse::{
    CommandOptions, ResponseOptions, parse_command, parse_command_with, parse_greeting,
    parse_response, parse_response_with,
};
pub use types::*;
