//! The SMTP message model: commands, paths, parameters, replies and capabilities.

mod address;
pub(crate) mod capabilities;
mod command;
mod params;
mod reply;

pub use address::{
    Domain, DomainName, ForwardPath, GeneralLiteral, LocalPart, Mailbox, NonstandardName,
    ReversePath,
};
pub use capabilities::{
    Capabilities, EhloKeyword, EhloParam, EhloResponse, Extension, FutureRelease, MtPriorityPolicy,
};
pub use command::{Command, HelloKind, InitialResponse, Text, UnknownCommand};
pub use params::{
    Body, By, ByMode, EnvId, EsmtpValue, HoldFor, MailParams, MtPriority, Notify, Orcpt, Param,
    RcptParams, Ret, Rrvs, RrvsAction, xtext_decode, xtext_encode,
};
pub use reply::{EnhancedCode, Reply, ReplyCode, ReplyText};
