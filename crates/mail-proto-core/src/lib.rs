//! Building blocks shared by the `smtp-proto`, `pop3-proto` and `imap-proto` codecs.
//!
//! Everything here is sans-IO: plain functions and small state machines that take
//! bytes and return bytes, events or errors, with no sockets, clocks or threads.
//!
//! - [`line`](mod@line): CRLF line framing with a maximum line length that holds however the
//!   stream is split into reads, and resynchronisation after an overlong line.
//! - [`dot`]: streaming dot-stuffing (sender) and dot-unstuffing with end-of-data
//!   detection (receiver), as used by SMTP `DATA` (RFC 5321 §4.5.2) and POP3
//!   multi-line responses (RFC 1939 §3). Only `CRLF . CRLF` ends a body.
//! - [`sasl`]: SASL mechanism names and the client and server sides of the PLAIN
//!   (RFC 4616), LOGIN, CRAM-MD5 (RFC 2195), XOAUTH2 and OAUTHBEARER (RFC 7628)
//!   exchanges, with base64 framing (RFC 4648) and `*` cancellation (RFC 4422).
//! - [`error`]: the shared `DecodeError<Kind>` (offset and excerpt) and `InvalidValue`.
//! - [`excerpt`]: a short escaped view of offending input for error messages.
//! - [`sticky`]: the sticky fatal error every state machine keeps.
//! - [`decoded`]: the status pure decoders return ([`Decoded`]: complete, incomplete,
//!   literal announced, failed).
//! - [`payload`]: [`Payload`], a borrowed slice or shared `Bytes`.
//! - [`secret`]: [`Secret`], a value whose `Debug` is redacted.
//! - [`machine`]: [`machine::Core`], the input/event/output skeleton of every state machine.
//! - [`outgoing`]: bodies fed in chunks with back-pressure ([`outgoing::HighWater`],
//!   [`outgoing::HeldChunks`]), shared by every machine that streams a body out.
//! - [`timer`]: deadlines that never overflow, for the machines' time contract.
//!
//! ```
//! use mail_proto_core::dot::{DotStuffer, DotUnstuffer, BareLineEndings, Unstuffed};
//!
//! let mut wire = bytes::BytesMut::new();
//! let mut stuffer = DotStuffer::new();
//! stuffer.encode(b"Subject: hi\r\n\r\n.hidden dot\r\n", &mut wire);
//! stuffer.finish(&mut wire);
//! assert_eq!(&wire[..], b"Subject: hi\r\n\r\n..hidden dot\r\n.\r\n");
//!
//! let mut unstuffer = DotUnstuffer::new(BareLineEndings::Keep);
//! let mut body = Vec::new();
//! let status = unstuffer.decode_into(&wire, &mut body);
//! assert_eq!(status, Unstuffed::End { consumed: wire.len(), bare_line_ending: None });
//! assert_eq!(body, b"Subject: hi\r\n\r\n.hidden dot\r\n");
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod decoded;
pub mod dot;
pub mod error;
pub mod excerpt;
pub mod line;
pub mod machine;
pub mod outgoing;
pub mod payload;
pub mod sasl;
pub mod secret;
pub mod sticky;
pub mod timer;

pub use bytes;
pub use decoded::{Decoded, LiteralAnnouncement};
pub use error::InvalidValue;
pub use excerpt::Excerpt;
pub use payload::Payload;
pub use secret::Secret;
pub use timer::Timer;
