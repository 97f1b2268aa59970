//! The ACL responses (RFC 4314 §3.6-3.8 and §9): ACL, LISTRIGHTS and MYRIGHTS.

use std::borrow::Cow;

use super::core::{astring, mailbox, next_item, sp};
use super::{Cx, PResult, fail};
use crate::error::DecodeErrorKind;
use crate::types::chars::is_right;
use crate::types::{Data, IString, Rights};

/// `rights = astring`; "only lowercase ASCII letters and digits are allowed"
/// (RFC 4314 §9; §2: "uppercase rights are not allowed").
///
/// Some servers send them in upper case (`* MYRIGHTS INBOX LRSWIPCDA`); under the
/// `loose_atoms` tolerance they are read as the lowercase rights they name (RFC 4314
/// §9 reads the protocol's letters case-insensitively), so the value re-encodes to
/// the strict form.
pub(crate) fn rights<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Rights<'a>> {
    let (rest, s) = astring(i, cx)?;
    let bytes = s.as_bytes();
    if bytes.iter().all(|&b| is_right(b)) {
        return Ok((rest, Rights::checked(ascii_cow(s))));
    }
    let upper_ok = |b: &u8| is_right(b.to_ascii_lowercase());
    if cx.lenient().loose_atoms && bytes.iter().all(upper_ok) {
        let lower = String::from_utf8_lossy(bytes).to_ascii_lowercase();
        return Ok((rest, Rights::checked(Cow::Owned(lower))));
    }
    fail(
        i,
        DecodeErrorKind::InvalidValue("rights: lowercase letters and digits only"),
    )
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
