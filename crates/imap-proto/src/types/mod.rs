//! The message model: commands, responses and their parts.
//!
//! Values borrow from the parser's input (`'a`) and have `into_owned()` for `'static`
//! ones. Constructors check the grammar and fields are private wherever a value could
//! otherwise be invalid, so the encoders never fail. This module never calls the
//! parsers.

pub(crate) mod chars;
mod core;
pub(crate) mod datetime;
mod flag;
mod mailbox;
mod sequence;
pub mod utf7;

pub use self::core::{AString, Atom, IString, Literal, LiteralKind, NString, Tag, Text};
pub use datetime::{Date, DateTime};
pub use flag::{Flag, FlagFetch, FlagPerm, MailboxAttr};
pub use mailbox::{Mailbox, MailboxName};
pub use sequence::{SeqItem, SeqNumber, SequenceSet};
