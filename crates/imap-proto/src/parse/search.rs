//! SEARCH keys (RFC 9051 §9 `search-key`, RFC 3501, RFC 7162 MODSEQ, RFC 5032
//! WITHIN, RFC 8474 OBJECTID, RFC 8514 SAVEDATE, RFC 5466 FILTER, RFC 6203 FUZZY,
//! Gmail's X-GM-*), depth-limited.

use std::num::NonZeroU32;

use super::core::mod_sequence_valzer;
use super::core::{astring, atom, date, number64, nz_number, sequence_set, sp, string, take1};
use super::{Cx, PResult, expected};
use crate::types::chars::is_atom_char;
use crate::types::{Date, EntryType, SearchKey};

/// `1*(search-key)` separated by `SP`: the keys of SEARCH, SORT and THREAD.
pub(crate) fn search_criteria<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Vec<SearchKey<'a>>> {
    let (mut i, first) = search_key(i, cx)?;
    let mut out = vec![first];
    while let [b' ', ..] = i {
        let (r, k) = search_key(sp(i, cx)?.0, cx)?;
        out.push(k);
        i = r;
    }
    Ok((i, out))
}

/// `search-key = "ALL" / "ANSWERED" / "BCC" SP astring / ... / sequence-set / "("
/// search-key *(SP search-key) ")"`. Every nested key (`NOT`, `OR`, `FUZZY`,
/// parentheses) counts one level toward the depth limit.
pub(crate) fn search_key<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, SearchKey<'a>> {
    match i.first() {
        Some(b'(') => {
            let inner = cx.deeper(i)?;
            let (r, _) = super::core::byte(b'(', "(")(i)?;
            let (mut r, first) = search_key(r, inner)?;
            let mut keys = vec![first];
            loop {
                if let Some(rest) = r.strip_prefix(b")") {
                    return Ok((rest, SearchKey::And(keys)));
                }
                let (r2, k) = search_key(sp(r, cx)?.0, inner)?;
                keys.push(k);
                r = r2;
            }
        }
        Some(c) if c.is_ascii_digit() || matches!(c, b'*' | b'$') => {
            sequence_set(i, cx).map(|(r, s)| (r, SearchKey::SequenceSet(s)))
        }
        _ => keyword_key(i, cx),
    }
}

fn keyword_key<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, SearchKey<'a>> {
    let (r, name) = take1(i, is_atom_char, "search-key")?;
    let mut buf = [0u8; 20];
    if name.len() > buf.len() {
        return expected(i, "search-key");
    }
    for (u, b) in buf.iter_mut().zip(name) {
        *u = b.to_ascii_uppercase();
    }
    let up = &buf[..name.len()];
    use SearchKey as K;
    let simple = match up {
        b"ALL" => Some(K::All),
        b"ANSWERED" => Some(K::Answered),
        b"DELETED" => Some(K::Deleted),
        b"DRAFT" => Some(K::Draft),
        b"FLAGGED" => Some(K::Flagged),
        b"NEW" => Some(K::New),
        b"OLD" => Some(K::Old),
        b"RECENT" => Some(K::Recent),
        b"SEEN" => Some(K::Seen),
        b"UNANSWERED" => Some(K::Unanswered),
        b"UNDELETED" => Some(K::Undeleted),
        b"UNDRAFT" => Some(K::Undraft),
        b"UNFLAGGED" => Some(K::Unflagged),
        b"UNSEEN" => Some(K::Unseen),
        b"SAVEDATESUPPORTED" => Some(K::SaveDateSupported),
        _ => None,
    };
    if let Some(k) = simple {
        return Ok((r, k));
    }
    const WITH_ARGUMENT: [&[u8]; 35] = [
        b"BCC",
        b"BODY",
        b"CC",
        b"FROM",
        b"SUBJECT",
        b"TEXT",
        b"TO",
        b"FILTER",
        b"X-GM-RAW",
        b"X-GM-LABELS",
        b"BEFORE",
        b"ON",
        b"SINCE",
        b"SENTBEFORE",
        b"SENTON",
        b"SENTSINCE",
        b"SAVEDBEFORE",
        b"SAVEDON",
        b"SAVEDSINCE",
        b"HEADER",
        b"KEYWORD",
        b"UNKEYWORD",
        b"EMAILID",
        b"THREADID",
        b"LARGER",
        b"SMALLER",
        b"X-GM-MSGID",
        b"X-GM-THRID",
        b"OLDER",
        b"YOUNGER",
        b"UID",
        b"NOT",
        b"FUZZY",
        b"OR",
        b"MODSEQ",
    ];
    if !WITH_ARGUMENT.contains(&up) {
        return expected(i, "search-key");
    }
    let Ok((a, ())) = sp(r, cx) else {
        return expected(r, "SP and the search key's argument");
    };
    let text =
        |f: fn(crate::types::AString<'a>) -> SearchKey<'a>| astring(a, cx).map(|(r, s)| (r, f(s)));
    let on_date = |f: fn(Date) -> SearchKey<'a>| date(a).map(|(r, d)| (r, f(d)));
    let nested = |a: &'a [u8]| -> PResult<'a, Box<SearchKey<'a>>> {
        let inner = cx.deeper(a)?;
        search_key(a, inner).map(|(r, k)| (r, Box::new(k)))
    };
    match up {
        b"BCC" => text(K::Bcc),
        b"BODY" => text(K::Body),
        b"CC" => text(K::Cc),
        b"FROM" => text(K::From),
        b"SUBJECT" => text(K::Subject),
        b"TEXT" => text(K::Text),
        b"TO" => text(K::To),
        b"FILTER" => text(K::Filter),
        b"X-GM-RAW" => text(K::GmailRaw),
        b"X-GM-LABELS" => text(K::GmailLabels),
        b"BEFORE" => on_date(K::Before),
        b"ON" => on_date(K::On),
        b"SINCE" => on_date(K::Since),
        b"SENTBEFORE" => on_date(K::SentBefore),
        b"SENTON" => on_date(K::SentOn),
        b"SENTSINCE" => on_date(K::SentSince),
        b"SAVEDBEFORE" => on_date(K::SavedBefore),
        b"SAVEDON" => on_date(K::SavedOn),
        b"SAVEDSINCE" => on_date(K::SavedSince),
        b"HEADER" => {
            let (r, field) = astring(a, cx)?;
            let (r, value) = astring(sp(r, cx)?.0, cx)?;
            Ok((r, K::Header(field, value)))
        }
        b"KEYWORD" => atom(a, cx).map(|(r, k)| (r, K::Keyword(k))),
        b"UNKEYWORD" => atom(a, cx).map(|(r, k)| (r, K::Unkeyword(k))),
        b"EMAILID" => atom(a, cx).map(|(r, k)| (r, K::EmailId(k))),
        b"THREADID" => atom(a, cx).map(|(r, k)| (r, K::ThreadId(k))),
        b"LARGER" => number64(a).map(|(r, n)| (r, K::Larger(n))),
        b"SMALLER" => number64(a).map(|(r, n)| (r, K::Smaller(n))),
        b"X-GM-MSGID" => number64(a).map(|(r, n)| (r, K::GmailMsgId(n))),
        b"X-GM-THRID" => number64(a).map(|(r, n)| (r, K::GmailThreadId(n))),
        b"OLDER" => nz(a, cx).map(|(r, n)| (r, K::Older(n))),
        b"YOUNGER" => nz(a, cx).map(|(r, n)| (r, K::Younger(n))),
        b"UID" => sequence_set(a, cx).map(|(r, s)| (r, K::Uid(s))),
        b"NOT" => nested(a).map(|(r, k)| (r, K::Not(k))),
        b"FUZZY" => nested(a).map(|(r, k)| (r, K::Fuzzy(k))),
        b"OR" => {
            let (r, x) = nested(a)?;
            let (r, y) = nested(sp(r, cx)?.0)?;
            Ok((r, K::Or(x, y)))
        }
        b"MODSEQ" => modseq_key(a, cx),
        _ => expected(i, "search-key"),
    }
}

fn nz<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, NonZeroU32> {
    nz_number(i, cx)
}

/// `search-modsequence = "MODSEQ" [search-modseq-ext] SP mod-sequence-valzer`;
/// `search-modseq-ext = SP entry-name SP entry-type-req`; `entry-type-req =
/// entry-type-resp / "all"`; `entry-type-resp = "priv" / "shared"` (RFC 7162)
fn modseq_key<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, SearchKey<'a>> {
    if i.first().is_some_and(u8::is_ascii_digit) {
        let (r, modseq) = mod_sequence_valzer(i)?;
        return Ok((
            r,
            SearchKey::ModSeq {
                entry: None,
                modseq,
            },
        ));
    }
    let (r, name) = match i.first() {
        Some(b'"' | b'{') => string(i, cx)?,
        _ => astring(i, cx)?,
    };
    let (r, t) = take1(sp(r, cx)?.0, |b| b.is_ascii_alphabetic(), "entry-type-req")?;
    let kind = if t.eq_ignore_ascii_case(b"priv") {
        EntryType::Private
    } else if t.eq_ignore_ascii_case(b"shared") {
        EntryType::Shared
    } else if t.eq_ignore_ascii_case(b"all") {
        EntryType::All
    } else {
        return expected(r, "priv, shared or all");
    };
    let (r, modseq) = mod_sequence_valzer(sp(r, cx)?.0)?;
    Ok((
        r,
        SearchKey::ModSeq {
            entry: Some((name, kind)),
            modseq,
        },
    ))
}
