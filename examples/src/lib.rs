//! Runnable examples of the mail protocol codecs (see `examples/`), and the pieces
//! they share: the mail server's store and its per-protocol connection drivers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod decode;
pub mod net;
pub mod pop3_fetch;
pub mod pop3_session;
pub mod replay;
pub mod smtp_send;
pub mod smtp_session;
pub mod store;
