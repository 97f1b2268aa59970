//! The message model: commands, responses and their parts.
//!
//! Values borrow from the parser's input (`'a`) and have `into_owned()` for `'static`
//! ones. Constructors check the grammar and fields are private wherever a value could
//! otherwise be invalid, so the encoders never fail. This module never calls the
//! parsers.

mod acl;
#[cfg(feature = "arbitrary")]
mod arbitrary;
mod body;
mod capability;
pub(crate) mod chars;
mod code;
mod command;
mod core;
pub(crate) mod datetime;
mod fetch;
mod flag;
mod mailbox;
mod metadata;
mod owned;
mod response;
mod search;
mod sequence;
pub mod utf7;
mod values;

pub use self::core::{AString, Atom, IString, Literal, LiteralKind, NString, Tag, Text};
pub use acl::Rights;
pub use body::{
    Address, AddressField, BodyExtData, BodyExtension, BodyFields, BodyStructure, Disposition,
    Envelope, Param, Params, RawValue, SinglePartKind,
};
pub use capability::Capability;
pub use code::{Code, MetadataCode, OtherCode, RespText, SimpleCode};
pub use command::{
    AppendData, AppendMessage, AuthenticateData, Command, CommandBody, IdParams, ListMailbox,
    ListReturnOpt, ListSelectOpt, MetadataDepth, MetadataOption, MetadataValue, SaslData,
    SecretString, SelectParam, StatusAttr, StoreAction, StoreItems,
};
pub use datetime::{Date, DateTime};
pub use fetch::{
    FetchAttr, FetchItem, FetchModifier, FetchSpec, GmailLabel, Partial, Section, SectionText,
};
pub use flag::{Flag, FlagFetch, FlagPerm, MailboxAttr};
pub use mailbox::{Mailbox, MailboxName};
pub use metadata::MetadataEntries;
pub use response::{
    Data, Greeting, GreetingKind, ListItem, NamespaceDescr, QuotaResource, Response, SearchReturn,
    Status, StatusItem, UntaggedStatus,
};
pub use search::{
    EntryType, SearchKey, SearchReturnOpt, SortCriterion, SortKey, Thread, ThreadAlgorithm,
};
pub use sequence::{SeqItem, SeqNumber, SequenceSet};
pub use values::{Capabilities, Delimiter, MAX_NUMBER64, ModSeq, NonEmpty, Number64};
