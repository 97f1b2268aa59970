//! Serializers into a [`bytes::BufMut`], always in the strict RFC form. They cannot
//! fail: every value was checked when it was built. Strings are written as an atom
//! (where the grammar says `astring`), a quoted string or a literal, whichever the
//! bytes allow.

mod command;
pub(crate) mod core;
mod data;
mod ext_data;
mod response;
mod search;

pub use self::core::{EncodeOptions, LiteralMode};
pub use command::{EncodedCommand, encode_authenticate_data, encode_command, encode_idle_done};
pub use response::{encode_greeting, encode_response};
