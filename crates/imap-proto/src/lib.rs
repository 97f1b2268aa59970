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
//!
//! ## Decisions where the grammar and the wire disagree
//!
//! - **A line ending in `{n}` announces a literal, even inside `text`.** RFC 9051's
//!   `resp-text` allows `* OK wait {5}`, but a framer (ours, and every client's)
//!   cannot tell that line from one whose next 5 bytes are a literal. The framer
//!   always reads it as an announcement; [`Text::new`] refuses a value that would
//!   end that way (`{5}`, `{5+}`, `~{5}`), so the encoder never writes one.
//! - **The response text is optional** (RFC 9051 `resp-text = [resp-text-code]
//!   [text]`): strict parsing takes `* OK \r\n`, and the encoder always writes the
//!   `SP` before the text, so a lenient `* OK\r\n` re-encodes to what strict reads.
//! - **Unknown response codes decode under the strict grammar** (`atom [SP
//!   1*<TEXT-CHAR except "]">]`) as [`Code::Other`], kept for re-encoding.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod encode;
mod error;
pub mod framing;
pub mod parse;
pub mod types;

pub use bytes;
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
