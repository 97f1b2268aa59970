//! The ACL responses (RFC 4314 §3.6-3.8 and §9): ACL, LISTRIGHTS and MYRIGHTS.

use std::borrow::Cow;

use super::core::{astring, mailbox, next_item, sp};
use super::{Cx, PResult, fail};
use crate::error::DecodeErrorKind;
use crate::types::chars::is_right;
use crate::types::{Data, IString, Rights};

/// `rights = astring`; "only lowercase ASCII letters and digits are allowed".
pub(crate) fn rights<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Rights<'a>> {
    let (rest, s) = astring(i, cx)?;
    if !s.as_bytes().iter().all(|&b| is_right(b)) {
        return fail(
            i,
            DecodeErrorKind::InvalidValue("rights: lowercase letters and digits only"),
        );
    }
    Ok((rest, Rights::checked(ascii_cow(s))))
}

/// The checked ASCII bytes of a string as text, borrowed where the input was.
fn ascii_cow(s: IString<'_>) -> Cow<'_, str> {
    match s.into_payload() {
        mail_proto_core::Payload::Borrowed(b) => {
            Cow::Borrowed(std::str::from_utf8(b).unwrap_or_default())
        }
        shared => Cow::Owned(String::from_utf8_lossy(shared.as_bytes()).into_owned()),
    }
}

/// `acl-data = "ACL" SP mailbox *(SP identifier SP rights)`, after `"ACL"`.
pub(crate) fn acl_data<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Data<'a>> {
    let (mut i, mailbox) = mailbox(sp(i, cx)?.0, cx)?;
    let mut entries = Vec::new();
    while let Some(r) = next_item(i, cx) {
        let (r, identifier) = astring(r?.0, cx)?;
        let (r, rights) = rights(sp(r, cx)?.0, cx)?;
        entries.push((identifier, rights));
        i = r;
    }
    Ok((i, Data::Acl { mailbox, entries }))
}

/// `listrights-data = "LISTRIGHTS" SP mailbox SP identifier SP rights *(SP rights)`,
/// after `"LISTRIGHTS"`.
pub(crate) fn listrights_data<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Data<'a>> {
    let (i, mailbox) = mailbox(sp(i, cx)?.0, cx)?;
    let (i, identifier) = astring(sp(i, cx)?.0, cx)?;
    let (mut i, required) = rights(sp(i, cx)?.0, cx)?;
    let mut optional = Vec::new();
    while let Some(r) = next_item(i, cx) {
        let (r, more) = rights(r?.0, cx)?;
        optional.push(more);
        i = r;
    }
    Ok((
        i,
        Data::ListRights {
            mailbox,
            identifier,
            required,
            optional,
        },
    ))
}

/// `myrights-data = "MYRIGHTS" SP mailbox SP rights`, after `"MYRIGHTS"`.
pub(crate) fn myrights_data<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Data<'a>> {
    let (i, mailbox) = mailbox(sp(i, cx)?.0, cx)?;
    let (i, rights) = rights(sp(i, cx)?.0, cx)?;
    Ok((i, Data::MyRights { mailbox, rights }))
}
