//! Serializers into a [`bytes::BufMut`], always in the strict RFC form. Response,
//! greeting and AUTHENTICATE encoders cannot fail: every value was checked when it
//! was built (the values only a lenient parser builds, such as Gmail's
//! `OIB-Seen-[Gmail]/Trash` keyword, are written as read; see
//! [`Atom::is_strict`](crate::Atom::is_strict)). [`encode_command`] is the one that
//! refuses: the few commands the types can hold but the grammar has no bytes for
//! (empty lists, NUL in a string) are refused there, before anything is written.
//! Strings are written as an atom (where the grammar says `astring`), a quoted string
//! or a literal, whichever the bytes allow; never a NUL inside a `{n}` literal.

mod command;
pub(crate) mod core;
mod data;
mod ext_data;
mod response;
mod search;

pub use self::core::{EncodeOptions, LiteralMode};
pub use command::{EncodedCommand, encode_authenticate_data, encode_command, encode_idle_done};
pub use response::{encode_greeting, encode_response};
