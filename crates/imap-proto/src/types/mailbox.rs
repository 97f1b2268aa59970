//! Mailbox names: `mailbox = "INBOX" / astring` (RFC 9051 §5.1).

use std::borrow::Cow;

use super::core::IString;
use super::utf7::{decode_modified_utf7, encode_modified_utf7};

/// A mailbox name. `INBOX` in any case is [`Mailbox::Inbox`] (the name is
/// case-insensitive); every other name keeps its bytes as sent, which are modified
/// UTF-7 (RFC 3501 §5.1.3) unless UTF8=ACCEPT (RFC 6855) is enabled.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Mailbox<'a> {
    /// `INBOX`, any case.
    Inbox,
    /// Any other name, as on the wire. Never case-insensitively `INBOX`.
    Other(MailboxName<'a>),
}

/// A mailbox name other than INBOX.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MailboxName<'a>(IString<'a>);

impl<'a> MailboxName<'a> {
    /// The name as on the wire.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// The name as an IMAP string.
    pub fn as_istring(&self) -> &IString<'a> {
        &self.0
    }
}

impl<'a> Mailbox<'a> {
    /// A mailbox from its wire bytes; `INBOX` in any case becomes [`Mailbox::Inbox`].
    pub fn new(name: impl Into<IString<'a>>) -> Self {
        let name = name.into();
        if name.as_bytes().eq_ignore_ascii_case(b"INBOX") {
            Mailbox::Inbox
        } else {
            Mailbox::Other(MailboxName(name))
        }
    }

    /// A mailbox from a UTF-8 name, encoded in modified UTF-7 for servers without
    /// UTF8=ACCEPT.
    pub fn from_utf8(name: &str) -> Mailbox<'static> {
        Mailbox::new(IString::from(encode_modified_utf7(name)))
    }

    /// A mailbox from a UTF-8 name sent as is (after `ENABLE UTF8=ACCEPT`).
    pub fn from_utf8_raw(name: &'a str) -> Self {
        Mailbox::new(IString::from(name))
    }

    /// The name as on the wire (`INBOX` for the inbox).
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Mailbox::Inbox => b"INBOX",
            Mailbox::Other(n) => n.as_bytes(),
        }
    }

    /// The name as text: modified UTF-7 decoded, else the bytes as UTF-8 (a server
    /// with UTF8=ACCEPT), else with invalid bytes replaced.
    pub fn to_utf8(&self) -> Cow<'_, str> {
        let bytes = self.as_bytes();
        if bytes.contains(&b'&') {
            if let Ok(s) = decode_modified_utf7(bytes) {
                return Cow::Owned(s);
            }
        }
        String::from_utf8_lossy(bytes)
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Mailbox<'static> {
        match self {
            Mailbox::Inbox => Mailbox::Inbox,
            Mailbox::Other(n) => Mailbox::Other(MailboxName(n.0.into_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inbox_is_case_insensitive() {
        assert_eq!(Mailbox::new("inBox"), Mailbox::Inbox);
        assert_ne!(Mailbox::new("INBOX.Sent"), Mailbox::Inbox);
        let m = Mailbox::from_utf8("Entwürfe");
        assert_eq!(m.as_bytes(), b"Entw&APw-rfe");
        assert_eq!(m.to_utf8(), "Entwürfe");
        assert_eq!(Mailbox::from_utf8_raw("Entwürfe").to_utf8(), "Entwürfe");
    }
}
