//! Serializers: commands and replies into a [`bytes::BufMut`], always in the strict
//! RFC form. Every value was validated when it was built, so encoding cannot fail and
//! can never write `CR`, `LF` or `NUL` inside a line.

mod command;
mod reply;

pub use command::encode_command;
pub use reply::encode_reply;
