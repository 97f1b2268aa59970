//! Encoders for the extensions' untagged data: ACL, LISTRIGHTS and MYRIGHTS
//! (RFC 4314).

use super::core::Out;
use crate::types::{AString, IString, Mailbox, Rights};

/// `rights = astring`: an atom, or `""` for no rights.
fn rights(o: &mut Out<'_>, r: &Rights<'_>) {
    o.astring(&IString::from(r.as_str()));
}

/// `"ACL" SP mailbox *(SP identifier SP rights)`
pub(crate) fn acl(o: &mut Out<'_>, mailbox: &Mailbox<'_>, entries: &[(AString<'_>, Rights<'_>)]) {
    o.raw(b"ACL ");
    o.mailbox(mailbox);
    for (identifier, r) in entries {
        o.sp();
        o.astring(identifier);
        o.sp();
        rights(o, r);
    }
}

/// `"LISTRIGHTS" SP mailbox SP identifier SP rights *(SP rights)`
pub(crate) fn listrights(
    o: &mut Out<'_>,
    mailbox: &Mailbox<'_>,
    identifier: &AString<'_>,
    required: &Rights<'_>,
    optional: &[Rights<'_>],
) {
    o.raw(b"LISTRIGHTS ");
    o.mailbox(mailbox);
    o.sp();
    o.astring(identifier);
    for r in std::iter::once(required).chain(optional) {
        o.sp();
        rights(o, r);
    }
}

/// `"MYRIGHTS" SP mailbox SP rights`
pub(crate) fn myrights(o: &mut Out<'_>, mailbox: &Mailbox<'_>, r: &Rights<'_>) {
    o.raw(b"MYRIGHTS ");
    o.mailbox(mailbox);
    o.sp();
    rights(o, r);
}
