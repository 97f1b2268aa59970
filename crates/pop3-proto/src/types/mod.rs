//! The POP3 message model: commands, responses, response codes, capabilities,
//! listings and the APOP digest.
//!
//! Every value is validated by its constructor (fields are private where an invalid
//! value could be built), so an encoder can never fail on one or put a `CR` or `LF`
//! inside an argument. Parsed values borrow from the input; `into_owned` gives
//! `'static` ones.

mod apop;
mod capa;
mod command;
mod listing;
mod response;
mod text;

pub use apop::{ApopDigest, Timestamp};
pub use capa::{
    AuthMechanism, Capabilities, Capability, Expire, KNOWN_CAPABILITY_TAGS, OtherCapability,
};
pub use command::{
    Command, InitialResponse, KNOWN_KEYWORDS, MAX_COMMAND_LINE_LEN, MessageNumber, Password,
    UnknownCommand,
};
pub use listing::{ScanListing, Stat, UniqueId, UniqueIdListing};
pub use response::{Challenge, ExtCode, Greeting, RespCode, Response, ResponseLine, Status};
pub use text::{Atom, MAX_ARG_LEN, MAX_RESPONSE_LINE_LEN, MAX_TEXT_LEN, Text};
