//! SEARCH key encoder.

use super::core::Out;
use crate::types::SearchKey;

/// `search-key`
pub(crate) fn search_key(o: &mut Out<'_>, k: &SearchKey<'_>) {
    use SearchKey as K;
    let (name, arg): (&[u8], Arg<'_, '_>) = match k {
        K::All => (b"ALL", Arg::None),
        K::Answered => (b"ANSWERED", Arg::None),
        K::Deleted => (b"DELETED", Arg::None),
        K::Draft => (b"DRAFT", Arg::None),
        K::Flagged => (b"FLAGGED", Arg::None),
        K::New => (b"NEW", Arg::None),
        K::Old => (b"OLD", Arg::None),
        K::Recent => (b"RECENT", Arg::None),
        K::Seen => (b"SEEN", Arg::None),
        K::Unanswered => (b"UNANSWERED", Arg::None),
        K::Undeleted => (b"UNDELETED", Arg::None),
        K::Undraft => (b"UNDRAFT", Arg::None),
        K::Unflagged => (b"UNFLAGGED", Arg::None),
        K::Unseen => (b"UNSEEN", Arg::None),
        K::SaveDateSupported => (b"SAVEDATESUPPORTED", Arg::None),
        K::Bcc(s) => (b"BCC", Arg::Str(s)),
        K::Body(s) => (b"BODY", Arg::Str(s)),
        K::Cc(s) => (b"CC", Arg::Str(s)),
        K::From(s) => (b"FROM", Arg::Str(s)),
        K::Subject(s) => (b"SUBJECT", Arg::Str(s)),
        K::Text(s) => (b"TEXT", Arg::Str(s)),
        K::To(s) => (b"TO", Arg::Str(s)),
        K::Filter(s) => (b"FILTER", Arg::Str(s)),
        K::GmailRaw(s) => (b"X-GM-RAW", Arg::Str(s)),
        K::GmailLabels(s) => (b"X-GM-LABELS", Arg::Str(s)),
        K::Before(d) => (b"BEFORE", Arg::Date(d)),
        K::On(d) => (b"ON", Arg::Date(d)),
        K::Since(d) => (b"SINCE", Arg::Date(d)),
        K::SentBefore(d) => (b"SENTBEFORE", Arg::Date(d)),
        K::SentOn(d) => (b"SENTON", Arg::Date(d)),
        K::SentSince(d) => (b"SENTSINCE", Arg::Date(d)),
        K::SavedBefore(d) => (b"SAVEDBEFORE", Arg::Date(d)),
        K::SavedOn(d) => (b"SAVEDON", Arg::Date(d)),
        K::SavedSince(d) => (b"SAVEDSINCE", Arg::Date(d)),
        K::Keyword(a) => (b"KEYWORD", Arg::Raw(a.as_str().as_bytes())),
        K::Unkeyword(a) => (b"UNKEYWORD", Arg::Raw(a.as_str().as_bytes())),
        K::EmailId(a) => (b"EMAILID", Arg::Raw(a.as_str().as_bytes())),
        K::ThreadId(a) => (b"THREADID", Arg::Raw(a.as_str().as_bytes())),
        K::Larger(n) => (b"LARGER", Arg::Num(*n)),
        K::Smaller(n) => (b"SMALLER", Arg::Num(*n)),
        K::GmailMsgId(n) => (b"X-GM-MSGID", Arg::Num(*n)),
        K::GmailThreadId(n) => (b"X-GM-THRID", Arg::Num(*n)),
        K::Older(n) => (b"OLDER", Arg::Num(n.get().into())),
        K::Younger(n) => (b"YOUNGER", Arg::Num(n.get().into())),
        K::Uid(s) => (b"UID", Arg::Set(s)),
        K::Not(k) => (b"NOT", Arg::Key(k)),
        K::Fuzzy(k) => (b"FUZZY", Arg::Key(k)),
        K::Header(f, v) => {
            o.raw(b"HEADER ");
            o.astring(f);
            o.sp();
            return o.astring(v);
        }
        K::Or(a, b) => {
            o.raw(b"OR ");
            search_key(o, a);
            o.sp();
            return search_key(o, b);
        }
        K::ModSeq { entry, modseq } => {
            o.raw(b"MODSEQ ");
            if let Some((name, kind)) = entry {
                o.string(name);
                o.sp();
                o.raw(kind.name().as_bytes());
                o.sp();
            }
            return o.num(*modseq);
        }
        K::SequenceSet(s) => return o.sequence_set(s),
        K::And(keys) => return o.list(keys, |o, k| search_key(o, k)),
    };
    o.raw(name);
    match arg {
        Arg::None => {}
        Arg::Str(s) => {
            o.sp();
            o.astring(s);
        }
        Arg::Date(d) => {
            o.sp();
            o.date(d);
        }
        Arg::Raw(r) => {
            o.sp();
            o.raw(r);
        }
        Arg::Num(n) => {
            o.sp();
            o.num(n);
        }
        Arg::Set(s) => {
            o.sp();
            o.sequence_set(s);
        }
        Arg::Key(k) => {
            o.sp();
            search_key(o, k);
        }
    }
}

enum Arg<'r, 'a> {
    None,
    Str(&'r crate::types::AString<'a>),
    Date(&'r crate::types::Date),
    Raw(&'r [u8]),
    Num(u64),
    Set(&'r crate::types::SequenceSet),
    Key(&'r SearchKey<'a>),
}
