//! Responses: `greeting`, `response-data`, `response-tagged`, `continue-req`
//! (RFC 9051 §7 and §9, RFC 3501 §7).

use std::borrow::Cow;
use std::num::NonZeroU32;

use mail_proto_core::Decoded;

use super::acl::{acl_data, listrights_data, myrights_data};
use super::code::{capabilities, resp_text};
use super::core::{
    astring, atom, byte, close_paren, flag, flag_list, imap_tag, line_end, mailbox,
    mod_sequence_value, next_item, nil, nstring, number, number64, nz_number, paren_atom,
    paren_list, quoted, sequence_set, sp, string, trailing_spaces,
};
use super::fetch::{msg_att, raw_value};
use super::metadata::metadata_resp;
use super::thread::thread_data;
use super::{Cx, PResult, ParseOptions, decode_message, expected, fail};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::types::chars::is_atom_char;
use crate::types::{
    Atom, Capabilities, Data, Delimiter, Flag, Greeting, GreetingKind, ListItem, MailboxAttr,
    ModSeq, NamespaceDescr, NonEmpty, QuotaResource, RawValue, Response, SearchReturn, Status,
    StatusItem, UntaggedStatus,
};

/// Decodes a greeting with the default (client) options.
pub fn parse_greeting(input: &[u8]) -> Decoded<Greeting<'_>, DecodeError> {
    parse_greeting_with(input, &ParseOptions::default())
}

/// Decodes a greeting: `greeting = "*" SP (resp-cond-auth / resp-cond-bye) CRLF`.
pub fn parse_greeting_with<'a>(
    input: &'a [u8],
    opts: &ParseOptions,
) -> Decoded<Greeting<'a>, DecodeError> {
    decode_message(input, opts, false, greeting)
}

/// Decodes one response with the default (client) options.
pub fn parse_response(input: &[u8]) -> Decoded<Response<'_>, DecodeError> {
    parse_response_with(input, &ParseOptions::default())
}

/// Decodes one response line (with its literals) from the start of `input`:
/// `continue-req / response-data / response-tagged / response-fatal`.
pub fn parse_response_with<'a>(
    input: &'a [u8],
    opts: &ParseOptions,
) -> Decoded<Response<'a>, DecodeError> {
    decode_message(input, opts, false, response)
}

/// `greeting = "*" SP (resp-cond-auth / resp-cond-bye) CRLF`;
/// `resp-cond-auth = ("OK" / "PREAUTH") SP resp-text`
pub(crate) fn greeting<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Greeting<'a>> {
    let (i, _) = byte(b'*', "*")(i)?;
    let (i, ()) = sp(i, cx)?;
    let (i, name) = atom(i, cx)?;
    let kind = match super::Upper::new(name.as_str()).as_str() {
        "OK" => GreetingKind::Ok,
        "PREAUTH" => GreetingKind::PreAuth,
        "BYE" => GreetingKind::Bye,
        _ => return expected(i, "OK, PREAUTH or BYE"),
    };
    let (i, text) = after_status(i, cx)?;
    let (i, ()) = line_end(i, cx)?;
    Ok((i, Greeting { kind, text }))
}

/// `SP resp-text`, where `missing_text` also takes nothing at all.
fn after_status<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, crate::types::RespText<'a>> {
    match i {
        [b' ', rest @ ..] => resp_text(rest, cx),
        [b'\r', ..] if cx.lenient().missing_text => resp_text(i, cx),
        [b'\n', ..] if cx.lenient().missing_text && cx.lf_line_ends => resp_text(i, cx),
        _ => expected(i, "SP"),
    }
}

/// `response = continue-req / response-data / response-done`
pub(crate) fn response<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Response<'a>> {
    let (i, r) = match i.first() {
        // a tag may start with `[` too (`[` is an ATOM-CHAR): a line that reads as a
        // tagged status is one; only what does not is a bare code line
        Some(b'[') if cx.lenient().bare_code_line => match response_tagged(i, cx) {
            Ok(tagged) => tagged,
            Err(_) => {
                let (i, text) = resp_text(i, cx)?;
                (
                    i,
                    Response::Untagged {
                        status: UntaggedStatus::Ok,
                        text,
                    },
                )
            }
        },
        Some(b'+') => continue_req(&i[1..], cx)?,
        Some(b'*') => response_data(&i[1..], cx)?,
        _ => response_tagged(i, cx)?,
    };
    let (i, ()) = line_end(trailing_spaces(i, cx), cx)?;
    Ok((i, r))
}

/// `continue-req = "+" SP (resp-text / base64) CRLF`
fn continue_req<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Response<'a>> {
    let (i, text) = after_status(i, cx)?;
    Ok((i, Response::Continue(text)))
}

/// `response-tagged = tag SP resp-cond-state CRLF`;
/// `resp-cond-state = ("OK" / "NO" / "BAD") SP resp-text`
fn response_tagged<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Response<'a>> {
    let (i, tag) = imap_tag(i)?;
    let (word, ()) = sp(i, cx)?;
    let (i, name) = atom(word, cx)?;
    let status = match super::Upper::new(name.as_str()).as_str() {
        "OK" => Status::Ok,
        "NO" => Status::No,
        "BAD" => Status::Bad,
        // the error names the word that is not a status, not the byte after it
        _ => return expected(word, "OK, NO or BAD"),
    };
    let (i, text) = after_status(i, cx)?;
    Ok((i, Response::Tagged { tag, status, text }))
}

/// `response-data = "*" SP (resp-cond-state / resp-cond-bye / mailbox-data /
/// message-data / capability-data / enable-data) CRLF`
fn response_data<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Response<'a>> {
    let (i, ()) = sp(i, cx)?;
    if i.first().is_some_and(u8::is_ascii_digit) {
        return message_data(i, cx).map(|(r, d)| (r, Response::Data(d)));
    }
    let (rest, name) = atom(i, cx)?;
    let upper = super::Upper::new(name.as_str());
    let status = match upper.as_str() {
        "OK" => Some(UntaggedStatus::Ok),
        "NO" => Some(UntaggedStatus::No),
        "BAD" => Some(UntaggedStatus::Bad),
        "BYE" => Some(UntaggedStatus::Bye),
        _ => None,
    };
    if let Some(status) = status {
        let (rest, text) = after_status(rest, cx)?;
        return Ok((rest, Response::Untagged { status, text }));
    }
    mailbox_data(upper.as_str(), name, rest, cx).map(|(r, d)| (r, Response::Data(d)))
}

/// `message-data = nz-number SP ("EXPUNGE" / ("FETCH" SP msg-att))`, and `number SP
/// "EXISTS"` / `number SP "RECENT"` of `mailbox-data`.
fn message_data<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Data<'a>> {
    let (rest, n) = number(i)?;
    let (rest, ()) = sp(rest, cx)?;
    let (after, name) = atom(rest, cx)?;
    match super::Upper::new(name.as_str()).as_str() {
        "EXISTS" => Ok((after, Data::Exists(n))),
        "RECENT" => Ok((after, Data::Recent(n))),
        "EXPUNGE" => nz_number(i, cx).map(|_| ()).and_then(|()| {
            let (_, seq) = nz_number(i, cx)?;
            Ok((after, Data::Expunge(seq)))
        }),
        "FETCH" => {
            let (_, seq) = nz_number(i, cx)?;
            let (after, ()) = sp(after, cx)?;
            let (after, items) = fetch_items(after, cx)?;
            Ok((after, Data::Fetch { seq, items }))
        }
        _ => other(Some(n), name, after),
    }
}

/// `msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP (msg-att-dynamic /
/// msg-att-static)) ")"`; with `nested_fetch_items`, a nested list is flattened.
///
/// `msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP ...) ")"` holds at least
/// one item: `* 1 FETCH ()` is refused (at the `(`) under every option.
fn fetch_items<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, NonEmpty<crate::types::FetchItem<'a>>> {
    // a client's usual FETCH has up to eight items: one allocation
    let mut out = Vec::with_capacity(8);
    if i.first() != Some(&b'(') && cx.lenient().unparenthesized_fetch {
        return bare_fetch_items(i, cx, out).map(|(r, v)| (r, NonEmpty::parsed(v)));
    }
    let (rest, ()) = fetch_items_into(i, cx, &mut out)?;
    if out.is_empty() {
        return expected(i, "at least one fetch data item");
    }
    Ok((rest, NonEmpty::parsed(out)))
}

/// Items separated by spaces up to the line's end, with no parentheses around them
/// ([`Lenient::unparenthesized_fetch`](super::Lenient)).
fn bare_fetch_items<'a>(
    mut i: &'a [u8],
    cx: Cx<'_>,
    mut out: Vec<crate::types::FetchItem<'a>>,
) -> PResult<'a, Vec<crate::types::FetchItem<'a>>> {
    loop {
        let (rest, a) = msg_att(i, cx)?;
        out.push(a);
        let after = trailing_spaces(rest, cx);
        if matches!(after.first(), Some(b'\r' | b'\n') | None) {
            return Ok((rest, out));
        }
        let (rest, ()) = sp(rest, cx).or_else(|_| expected(rest, "SP or the line end"))?;
        i = rest;
    }
}

/// The items of one parenthesised list (and of lists nested in it) appended to `out`.
fn fetch_items_into<'a>(
    i: &'a [u8],
    cx: Cx<'_>,
    out: &mut Vec<crate::types::FetchItem<'a>>,
) -> PResult<'a, ()> {
    let (i, _) = byte(b'(', "(")(i)?;
    let mut i = trailing_spaces(i, cx);
    if let Some(rest) = i.strip_prefix(b")") {
        return Ok((rest, ()));
    }
    loop {
        let rest = if i.first() == Some(&b'(') && cx.lenient().nested_fetch_items {
            let inner = cx.deeper(i)?;
            fetch_items_into(i, inner, out)?.0
        } else {
            let (rest, a) = msg_att(i, cx)?;
            out.push(a);
            rest
        };
        if let Some(rest) = close_paren(rest, cx) {
            return Ok((rest, ()));
        }
        let (rest, ()) = sp(rest, cx).or_else(|_| expected(rest, "SP or )"))?;
        i = rest;
    }
}

/// The rest of the line, kept as sent: every byte before its `CRLF` (or the bare `LF`
/// ending it under [`Lenient::lf_line_ends`](super::Lenient)), trailing spaces too, so
/// that the value written back ends the line exactly as it was read.
fn other<'a>(number: Option<u32>, name: Atom<'a>, i: &'a [u8]) -> PResult<'a, Data<'a>> {
    let body = i.strip_prefix(b" ").unwrap_or(i);
    let ending = match body {
        [.., b'\r', b'\n'] => 2,
        [.., b'\n'] => 1,
        _ => 0,
    };
    let end = body.len() - ending;
    let rest = RawValue(Cow::Borrowed(&body[..end]));
    Ok((&body[end..], Data::Other { number, name, rest }))
}

/// `"(" [mbx-list-flags] ")"` of `mailbox-list`.
fn mbx_list_flags<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Vec<MailboxAttr<'a>>> {
    paren_list(i, cx, |i, cx| match i.split_first() {
        Some((b'\\', rest)) => atom(rest, cx).map(|(r, a)| (r, MailboxAttr::from_name(a))),
        _ if cx.lenient().loose_atoms => atom(i, cx).map(|(r, a)| (r, MailboxAttr::from_name(a))),
        _ => expected(i, "\\ and an attribute"),
    })
}

/// `DQUOTE QUOTED-CHAR DQUOTE / nil`: a hierarchy delimiter.
///
/// A single 8-bit byte is not a `QUOTED-CHAR` (only a whole UTF-8 sequence is), so
/// it is refused even where quoted strings take 8-bit text.
fn delimiter<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Option<Delimiter>> {
    if let Ok((r, ())) = nil(i) {
        return Ok((r, None));
    }
    let (r, q) = quoted(i, cx)?;
    match q.as_ref() {
        [c] => match Delimiter::new(*c) {
            Ok(d) => Ok((r, Some(d))),
            Err(_) => expected(i, "one delimiter character"),
        },
        [] if cx.lenient().empty_delimiter => Ok((r, None)),
        _ => expected(i, "one delimiter character"),
    }
}

/// `mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP
/// mailbox [SP mbox-list-extended]`
fn mailbox_list<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, ListItem<'a>> {
    let (i, attributes) = mbx_list_flags(i, cx)?;
    let (i, ()) = sp(i, cx)?;
    let (i, delimiter) = delimiter(i, cx)?;
    let (i, ()) = sp(i, cx)?;
    let (i, mailbox) = mailbox(i, cx)?;
    let (i, extended) = match i {
        [b' ', b'(', ..] => raw_value(&i[1..], cx).map(|(r, v)| (r, Some(v)))?,
        _ => (i, None),
    };
    Ok((
        i,
        ListItem {
            attributes,
            delimiter,
            mailbox,
            extended,
        },
    ))
}

/// The value of the `mbox-list-extended-item` tagged `tag` (any case) in `raw`, the
/// `mbox-list-extended` of a LIST response: `"(" [item *(SP item)] ")"`,
/// `item = mbox-list-extended-item-tag SP tagged-ext-val` (RFC 5258 §9).
pub(crate) fn list_extended_value<'a>(raw: &'a [u8], tag: &str) -> Option<&'a [u8]> {
    let opts = ParseOptions::default();
    let cx = Cx::new(&opts);
    let mut i = raw.strip_prefix(b"(")?;
    loop {
        if i.starts_with(b")") {
            return None;
        }
        let (rest, name) = astring(i, cx).ok()?;
        let (rest, ()) = sp(rest, cx).ok()?;
        let (after, _) = raw_value(rest, cx).ok()?;
        if name.as_bytes().eq_ignore_ascii_case(tag.as_bytes()) {
            return Some(&rest[..rest.len() - after.len()]);
        }
        i = match after {
            [b' ', r @ ..] => r,
            _ => after,
        };
    }
}

/// `childinfo-extended-item = "CHILDINFO" SP "(" list-select-base-opt-quoted *(SP
/// list-select-base-opt-quoted) ")"` (RFC 5258): the selection options.
pub(crate) fn child_info(value: &[u8]) -> Option<Vec<crate::types::IString<'_>>> {
    let opts = ParseOptions::default();
    let (rest, v) = paren_list(value, Cx::new(&opts), string).ok()?;
    (rest.is_empty() && !v.is_empty()).then_some(v)
}

/// `oldname-extended-item = "OLDNAME" SP "(" mailbox ")"` (RFC 9051).
pub(crate) fn old_name(value: &[u8]) -> Option<crate::types::Mailbox<'_>> {
    let opts = ParseOptions::default();
    let i = value.strip_prefix(b"(")?;
    let (rest, m) = mailbox(i, Cx::new(&opts)).ok()?;
    (rest == b")").then_some(m)
}

/// `"STATUS" SP mailbox SP "(" [status-att-list] ")"`;
/// `status-att-list = status-att-val *(SP status-att-val)`
fn status_data<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Data<'a>> {
    let (i, mailbox) = mailbox(i, cx)?;
    let (i, ()) = sp(i, cx)?;
    let (i, items) = paren_list(i, cx, status_att_val)?;
    Ok((i, Data::Status { mailbox, items }))
}

/// `status-att-val = ("MESSAGES" SP number) / ("UIDNEXT" SP nz-number) / ...`;
/// `=/ "APPENDLIMIT" SP (number / nil)` (RFC 7889); `=/ "MAILBOXID" SP "(" objectid
/// ")"` (RFC 8474). A value of another shape, or a number too large for its item,
/// is kept as sent.
fn status_att_val<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, StatusItem<'a>> {
    let (r, name) = atom(i, cx)?;
    let (r, ()) = sp(r, cx)?;
    let upper = super::Upper::new(name.as_str());
    let typed = match upper.as_str() {
        "APPENDLIMIT" => nil(r).map(|(r, ())| (r, StatusItem::AppendLimit(None))),
        "MAILBOXID" => paren_atom(r, cx).map(|(r, id)| (r, StatusItem::MailboxId(id))),
        // `"HIGHESTMODSEQ" SP mod-sequence-valzer` (RFC 7162 §7): 0 allowed, 63 bits
        "HIGHESTMODSEQ" if r.first().is_some_and(u8::is_ascii_digit) => {
            return super::core::mod_sequence_valzer(r)
                .map(|(r, n)| (r, StatusItem::HighestModSeq(n)));
        }
        _ => expected(r, "number"),
    };
    if typed.is_ok() {
        return typed;
    }
    if !r.first().is_some_and(u8::is_ascii_digit) {
        return raw_value(r, cx).map(|(r, v)| (r, StatusItem::Other(name, v)));
    }
    let r0 = r;
    let (r, n) = number64(r)?;
    let small = u32::try_from(n).ok();
    let item = match (upper.as_str(), small) {
        ("MESSAGES", Some(v)) => StatusItem::Messages(v),
        ("RECENT", Some(v)) => StatusItem::Recent(v),
        ("UIDNEXT", Some(v)) => StatusItem::UidNext(v),
        ("UIDVALIDITY", Some(v)) => StatusItem::UidValidity(v),
        ("UNSEEN", Some(v)) => StatusItem::Unseen(v),
        ("DELETED", Some(v)) => StatusItem::Deleted(v),
        ("APPENDLIMIT", Some(v)) => StatusItem::AppendLimit(Some(v)),
        ("SIZE", _) => StatusItem::Size(n),
        _ => StatusItem::Other(name, RawValue(Cow::Borrowed(&r0[..r0.len() - r.len()]))),
    };
    Ok((r, item))
}

/// `"FLAGS" SP flag-list`; under [`Lenient::any_flag_in_flags`](super::Lenient) a
/// `\*` in the list too, kept as the extension flag `*`.
fn flags_data<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Vec<Flag<'a>>> {
    if !cx.lenient().any_flag_in_flags {
        return flag_list(i, cx);
    }
    paren_list(i, cx, |i, cx| match i.strip_prefix(b"\\*") {
        Some(rest) if !rest.first().is_some_and(|&b| is_atom_char(b)) => {
            Ok((rest, Flag::Extension(Atom::checked("*"))))
        }
        _ => flag(i, cx),
    })
}

/// `*(SP nz-number)`, trailing spaces tolerated.
/// `*(SP nz-number)` of SEARCH and SORT: a 0 is refused, or kept as 1 under
/// [`Lenient::zero_nz_number`](super::Lenient).
fn numbers<'a>(mut i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Vec<NonZeroU32>> {
    let mut out = Vec::new();
    while let [b' ', d, ..] = i {
        if !d.is_ascii_digit() {
            break;
        }
        let (r, n) = nz_number(&i[1..], cx)?;
        out.push(n);
        i = r;
    }
    Ok((i, out))
}

/// `"SEARCH" *(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"]`
fn search_data<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Data<'a>> {
    let (i, numbers) = numbers(i, cx)?;
    let (i, modseq) = match i {
        [b' ', b'(', ..] => {
            let r = &i[2..];
            let (r, name) = atom(r, cx)?;
            if !name.eq_ignore_case("MODSEQ") {
                return expected(r, "MODSEQ");
            }
            let (r, ()) = sp(r, cx)?;
            let (r, n) = mod_sequence_value(r, cx)?;
            let (r, _) = byte(b')', ")")(r)?;
            (r, Some(ModSeq::parsed(n)))
        }
        _ => (i, None),
    };
    Ok((i, Data::Search { numbers, modseq }))
}

/// `esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP
/// search-return-data)`
fn esearch_data<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Data<'a>> {
    let (mut i, tag) = match i {
        [b' ', b'(', ..] => {
            let r = &i[2..];
            let (r, name) = atom(r, cx)?;
            if !name.eq_ignore_case("TAG") {
                return expected(r, "TAG");
            }
            let (r, ()) = sp(r, cx)?;
            let (r, t) = astring(r, cx)?;
            let (r, _) = byte(b')', ")")(r)?;
            (r, Some(t))
        }
        _ => (i, None),
    };
    let mut uid = false;
    let mut items = Vec::new();
    while let [b' ', c, ..] = i {
        if matches!(c, b'\r' | b'\n') {
            break;
        }
        let (r, name) = atom(&i[1..], cx)?;
        if name.eq_ignore_case("UID") && items.is_empty() && !uid {
            uid = true;
            i = r;
            continue;
        }
        let (r, ()) = sp(r, cx)?;
        let (r, item) = match super::Upper::new(name.as_str()).as_str() {
            "MIN" => number(r).map(|(r, n)| (r, SearchReturn::Min(n)))?,
            "MAX" => number(r).map(|(r, n)| (r, SearchReturn::Max(n)))?,
            "COUNT" => number(r).map(|(r, n)| (r, SearchReturn::Count(n)))?,
            "ALL" => sequence_set(r, cx).map(|(r, s)| (r, SearchReturn::All(s)))?,
            // `search-return-data =/ "MODSEQ" SP mod-sequence-value` (RFC 4731 §3.2)
            "MODSEQ" => mod_sequence_value(r, cx).map(|(r, n)| (r, SearchReturn::ModSeq(n)))?,
            _ => raw_value(r, cx).map(|(r, v)| (r, SearchReturn::Other(name, v)))?,
        };
        items.push(item);
        i = r;
    }
    Ok((i, Data::ESearch { tag, uid, items }))
}

/// `namespace = nil / "(" 1*namespace-descr ")"`
fn namespace<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Option<Vec<NamespaceDescr<'a>>>> {
    if let Ok((r, ())) = nil(i) {
        return Ok((r, None));
    }
    let (mut i, _) = byte(b'(', "namespace")(i)?;
    let mut out = Vec::new();
    while i.first() == Some(&b'(') {
        let (r, d) = namespace_descr(&i[1..], cx)?;
        out.push(d);
        i = trailing_spaces(r, cx);
    }
    let (i, _) = byte(b')', ")")(i)?;
    Ok((i, Some(out)))
}

/// `namespace-descr = "(" string SP (DQUOTE QUOTED-CHAR DQUOTE / nil)
/// [namespace-response-extensions] ")"`
fn namespace_descr<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, NamespaceDescr<'a>> {
    let (i, prefix) = string(i, cx)?;
    let (i, ()) = sp(i, cx)?;
    let (mut i, delimiter) = delimiter(i, cx)?;
    let mut extensions = Vec::new();
    while let [b' ', ..] = i {
        let (r, ()) = sp(i, cx)?;
        let (r, name) = string(r, cx)?;
        let (r, ()) = sp(r, cx)?;
        let (r, values) = paren_list(r, cx, string)?;
        extensions.push((name, values));
        i = r;
    }
    let (i, _) = byte(b')', ")")(i)?;
    Ok((
        i,
        NamespaceDescr {
            prefix,
            delimiter,
            extensions,
        },
    ))
}

/// `mailbox-data`, `capability-data`, `enable-data` and the extensions' responses,
/// after their name.
fn mailbox_data<'a>(upper: &str, name: Atom<'a>, i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Data<'a>> {
    let spv = |r| sp(r, cx);
    match upper {
        "CAPABILITY" => {
            let (r, v) = capabilities(i, cx)?;
            match Capabilities::new(v) {
                Ok(c) => Ok((r, Data::Capability(c))),
                Err(_) => fail(
                    i,
                    DecodeErrorKind::InvalidValue("CAPABILITY without IMAP4rev1 or IMAP4rev2"),
                ),
            }
        }
        "ENABLED" => capabilities(i, cx).map(|(r, v)| (r, Data::Enabled(v))),
        "LIST" => mailbox_list(spv(i)?.0, cx).map(|(r, l)| (r, Data::List(l))),
        "LSUB" => mailbox_list(spv(i)?.0, cx).map(|(r, l)| (r, Data::Lsub(l))),
        "XLIST" => mailbox_list(spv(i)?.0, cx).map(|(r, l)| (r, Data::Xlist(l))),
        "STATUS" => status_data(spv(i)?.0, cx),
        "SEARCH" => search_data(i, cx),
        "SORT" => numbers(i, cx).map(|(r, v)| (r, Data::Sort(v))),
        "THREAD" => thread_data(i, cx),
        "ESEARCH" => esearch_data(i, cx),
        "FLAGS" => flags_data(spv(i)?.0, cx).map(|(r, v)| (r, Data::Flags(v))),
        "VANISHED" => {
            let i = spv(i)?.0;
            let (i, earlier) = match i.len() >= 10 && i[..10].eq_ignore_ascii_case(b"(EARLIER) ") {
                true => (&i[10..], true),
                false => (i, false),
            };
            sequence_set(i, cx).map(|(r, uids)| (r, Data::Vanished { earlier, uids }))
        }
        "NAMESPACE" => {
            let (i, personal) = namespace(spv(i)?.0, cx)?;
            let (i, other) = namespace(spv(i)?.0, cx)?;
            let (i, shared) = namespace(spv(i)?.0, cx)?;
            Ok((
                i,
                Data::Namespace {
                    personal,
                    other,
                    shared,
                },
            ))
        }
        "ID" => {
            let i = spv(i)?.0;
            if let Ok((r, ())) = nil(i) {
                return Ok((r, Data::Id(None)));
            }
            let (mut i, _) = byte(b'(', "(")(i)?;
            let mut out = Vec::new();
            loop {
                if let Some(r) = close_paren(i, cx) {
                    return Ok((r, Data::Id(Some(out))));
                }
                if !out.is_empty() {
                    i = spv(i)?.0;
                }
                let (r, k) = string(i, cx)?;
                let (r, v) = nstring(spv(r)?.0, cx)?;
                out.push((k, v));
                i = r;
            }
        }
        "QUOTA" => {
            let (i, root) = astring(spv(i)?.0, cx)?;
            let (i, resources) = paren_triples(spv(i)?.0, cx)?;
            Ok((i, Data::Quota { root, resources }))
        }
        "QUOTAROOT" => {
            // spaces beyond the SP before each root, and before CRLF, under
            // `extra_spaces` (next_item leaves trailing ones to the caller)
            let (mut i, mailbox) = mailbox(spv(i)?.0, cx)?;
            let mut roots = Vec::new();
            while let Some(r) = next_item(i, cx) {
                let (r, root) = astring(r?.0, cx)?;
                roots.push(root);
                i = r;
            }
            Ok((i, Data::QuotaRoot { mailbox, roots }))
        }
        "METADATA" => metadata_resp(i, cx),
        "ACL" => acl_data(i, cx),
        "LISTRIGHTS" => listrights_data(i, cx),
        "MYRIGHTS" => myrights_data(i, cx),
        _ => other(None, name, i),
    }
}

/// `quota-list = "(" [quota-resource *(SP quota-resource)] ")"`;
/// `quota-resource = resource-name SP resource-usage SP resource-limit`
fn paren_triples<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Vec<QuotaResource<'a>>> {
    let (mut i, _) = byte(b'(', "(")(i)?;
    let mut out = Vec::new();
    loop {
        if let Some(r) = close_paren(i, cx) {
            return Ok((r, out));
        }
        if !out.is_empty() {
            i = sp(i, cx)?.0;
        }
        let (r, name) = atom(i, cx)?;
        let (r, usage) = number64(sp(r, cx)?.0)?;
        let (r, limit) = number64(sp(r, cx)?.0)?;
        out.push(QuotaResource { name, usage, limit });
        i = r;
    }
}

// The accessors of `ListItem` read its raw extended data with this module's rules;
// they live here so that `types/` never calls into `parse/` (DESIGN.md).
impl<'a> ListItem<'a> {
    /// The `CHILDINFO` extended item (RFC 5258 §4): the selection options some child
    /// of this mailbox matches (`"SUBSCRIBED"`), if the server sent it.
    pub fn child_info(&self) -> Option<Vec<crate::types::IString<'_>>> {
        let raw = self.extended.as_ref()?.as_bytes();
        child_info(list_extended_value(raw, "CHILDINFO")?)
    }

    /// The `OLDNAME` extended item (RFC 9051 §7.3.1): the mailbox's name before a
    /// RENAME, if the server sent it.
    pub fn old_name(&self) -> Option<crate::types::Mailbox<'_>> {
        let raw = self.extended.as_ref()?.as_bytes();
        old_name(list_extended_value(raw, "OLDNAME")?)
    }
}
