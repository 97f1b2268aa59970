//! The SMTP message model: commands, paths, parameters, replies and capabilities.

mod address;
mod capabilities;
mod command;
mod params;
mod reply;

pub use address::{Domain, ForwardPath, Mailbox, ReversePath};
pub use capabilities::{Capabilities, EhloResponse};
pub use command::{Command, HelloKind};
pub use params::{
    Body, By, ByMode, MailParams, Notify, Orcpt, Param, RcptParams, Ret, Rrvs, xtext_decode,
    xtext_encode,
};
pub use reply::{EnhancedCode, Reply, ReplyCode};
