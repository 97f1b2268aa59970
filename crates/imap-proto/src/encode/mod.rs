//! Serializers into a [`bytes::BufMut`], always in the strict RFC form. They cannot
//! fail: every value was checked when it was built. Strings are written as an atom
//! (where the grammar says `astring`), a quoted string or a literal, whichever the
//! bytes allow.

pub(crate) mod core;
mod data;
mod response;

pub use self::core::{EncodeOptions, LiteralMode};
pub use response::{encode_greeting, encode_response};
