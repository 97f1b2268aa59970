//! POP3 replay: `pop3_proto`'s client and server machines against a transcript.

use super::{Line, ReplayError};

/// Replays POP3 transcript lines.
pub(super) fn replay(_lines: &[Line], _log: &mut dyn FnMut(&str)) -> Result<(), ReplayError> {
    Err(ReplayError::Usage("pop3 replay is not written yet".into()))
}
