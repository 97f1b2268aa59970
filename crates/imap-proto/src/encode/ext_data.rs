//! Encoders for the extensions' untagged data: THREAD (RFC 5256), METADATA
//! (RFC 5464), ACL, LISTRIGHTS and MYRIGHTS (RFC 4314).

use super::command::metadata_value;
use super::core::Out;
use crate::types::{AString, IString, Mailbox, MetadataEntries, Rights, Thread};

/// `"THREAD" [SP 1*thread-list]`
pub(crate) fn thread_data(o: &mut Out<'_>, threads: &[Thread]) {
    o.raw(b"THREAD");
    if !threads.is_empty() {
        o.sp();
    }
    threads.iter().for_each(|t| thread_list(o, t));
}

/// `thread-list = "(" (thread-members / thread-nested) ")"`
fn thread_list(o: &mut Out<'_>, t: &Thread) {
    o.raw(b"(");
    for (k, n) in t.members().iter().enumerate() {
        if k > 0 {
            o.sp();
        }
        o.num(n.get());
    }
    if !t.members().is_empty() && !t.children().is_empty() {
        o.sp();
    }
    t.children().iter().for_each(|c| thread_list(o, c));
    o.raw(b")");
}

/// `"METADATA" SP mailbox SP (entry-values / entry-list)`
pub(crate) fn metadata(o: &mut Out<'_>, mailbox: &Mailbox<'_>, entries: &MetadataEntries<'_>) {
    o.raw(b"METADATA ");
    o.mailbox(mailbox);
    o.sp();
    match (entries.as_values(), entries.as_names()) {
        (Some(values), _) => o.list(values, |o, (entry, value)| {
            o.astring(entry);
            o.sp();
            metadata_value(o, value.as_ref());
        }),
        (None, names) => {
            for (k, name) in names.unwrap_or_default().iter().enumerate() {
                if k > 0 {
                    o.sp();
                }
                o.astring(name);
            }
        }
    }
}

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
