//! Serializers: commands and replies into a [`bytes::BufMut`], always in the strict
//! RFC form. A field that would break the line (`CR`, `LF`, `NUL`) is refused before
//! anything is written.

mod command;
mod reply;

pub use command::encode_command;
pub use reply::encode_reply;

use crate::error::EncodeError;

/// Refuses text that would end or corrupt a line.
pub(crate) fn check_line(field: &'static str, text: &str) -> Result<(), EncodeError> {
    if text.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
        return Err(EncodeError::LineBreakInField { field });
    }
    Ok(())
}
