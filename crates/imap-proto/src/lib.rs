//! Sans-IO IMAP4rev1 (RFC 3501) and IMAP4rev2 (RFC 9051): zero-copy parsers, strict
//! encoders and literal-aware framing, with no sockets, clocks or threads.
//!
//! Three layers, each usable alone:
//!
//! 1. **Codec**: the parsers in [`parse`] borrow from `&[u8]` and return a
//!    [`Decoded`] status (complete with the bytes used, incomplete, a literal
//!    announced, or an error with its byte offset); the encoders in [`encode`] write
//!    the strict form and choose atom, quoted string or literal by themselves.
//! 2. **Framing** ([`framing`]): finds whole messages in a stream split anywhere,
//!    announces literals before buffering them and enforces limits.
//! 3. **State machines**: to come.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod encode;
mod error;
pub mod framing;
pub mod parse;
pub mod types;

pub use encode::{
    EncodeOptions, EncodedCommand, LiteralMode, encode_authenticate_data, encode_command,
    encode_greeting, encode_idle_done, encode_response,
};
pub use error::{DecodeError, DecodeErrorKind, ValueError};
pub use mail_proto_core::{Decoded, LiteralAnnouncement, Payload};
pub use parse::{
    Lenient, ParseOptions, parse_authenticate_data, parse_command, parse_command_with,
    parse_greeting, parse_greeting_with, parse_idle_done, parse_response, parse_response_with,
};
pub use types::*;
