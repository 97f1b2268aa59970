//! The METADATA response (RFC 5464 §4.4 and §5).

use super::command::metadata_value;
use super::core::{astring, mailbox, next_item, paren_list1, sp};
use super::{Cx, PResult, fail};
use crate::error::DecodeErrorKind;
use crate::types::{Data, MetadataEntries};

/// `metadata-resp = "METADATA" SP mailbox SP (entry-values / entry-list)`, after
/// `"METADATA"`; `entry-values = "(" entry-value *(SP entry-value) ")"`;
/// `entry-value = entry SP value`; `entry-list = entry *(SP entry)`;
/// `entry = astring`
pub(crate) fn metadata_resp<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Data<'a>> {
    let (i, mailbox) = mailbox(sp(i, cx)?.0, cx)?;
    let i = sp(i, cx)?.0;
    let at = i;
    let (i, entries) = if i.first() == Some(&b'(') {
        let (i, v) = paren_list1(i, cx, "entry-value", |i, cx| {
            let (i, entry) = astring(i, cx)?;
            let (i, value) = metadata_value(sp(i, cx)?.0, cx)?;
            Ok((i, (entry, value)))
        })?;
        (i, MetadataEntries::values(v))
    } else {
        let (mut i, first) = astring(i, cx)?;
        let mut names = vec![first];
        while let Some(r) = next_item(i, cx) {
            let (r, name) = astring(r?.0, cx)?;
            names.push(name);
            i = r;
        }
        (i, MetadataEntries::names(names))
    };
    match entries {
        Ok(entries) => Ok((i, Data::Metadata { mailbox, entries })),
        Err(_) => fail(at, DecodeErrorKind::Syntax("an entry")),
    }
}
