//! Response encoders (strict RFC 9051 form).

use bytes::BufMut;

use super::core::Out;
use crate::types::{
    Code, Greeting, GreetingKind, MetadataCode, RespText, Response, Status, UntaggedStatus,
};

/// Appends a greeting, `CRLF` included.
pub fn encode_greeting(g: &Greeting<'_>, buf: &mut impl BufMut) {
    let mut o = Out::response(buf);
    o.raw(match g.kind {
        GreetingKind::Ok => b"* OK",
        GreetingKind::PreAuth => b"* PREAUTH",
        GreetingKind::Bye => b"* BYE",
    });
    resp_text(&mut o, &g.text);
    o.crlf();
}

/// Appends one response, `CRLF` included.
pub fn encode_response(r: &Response<'_>, buf: &mut impl BufMut) {
    let mut o = Out::response(buf);
    match r {
        Response::Tagged { tag, status, text } => {
            o.raw(tag.as_str().as_bytes());
            o.raw(match status {
                Status::Ok => b" OK",
                Status::No => b" NO",
                Status::Bad => b" BAD",
            });
            resp_text(&mut o, text);
        }
        Response::Untagged { status, text } => {
            o.raw(match status {
                UntaggedStatus::Ok => b"* OK",
                UntaggedStatus::No => b"* NO",
                UntaggedStatus::Bad => b"* BAD",
                UntaggedStatus::Bye => b"* BYE",
            });
            resp_text(&mut o, text);
        }
        Response::Continue(text) => {
            o.raw(b"+");
            resp_text(&mut o, text);
        }
        Response::Data(d) => {
            o.raw(b"* ");
            super::data::data(&mut o, d);
        }
    }
    o.crlf();
}

/// `SP resp-text`, the `SP` even before an empty text (RFC 9051 `[text]`): `* OK \r\n`,
/// which the strict grammar reads back, where a lenient `* OK\r\n` came from.
pub(crate) fn resp_text(o: &mut Out<'_>, t: &RespText<'_>) {
    o.sp();
    if let Some(code) = &t.code {
        o.raw(b"[");
        resp_text_code(o, code);
        // "[" resp-text-code "]" SP [text]: the SP even before an empty text
        o.raw(b"] ");
    }
    o.raw(t.text.as_bytes());
}

/// `resp-text-code`
pub(crate) fn resp_text_code(o: &mut Out<'_>, c: &Code<'_>) {
    match c {
        Code::Simple(s) => o.raw(s.name().as_bytes()),
        Code::BadCharset(v) => {
            o.raw(b"BADCHARSET");
            if !v.is_empty() {
                o.sp();
                o.list(v, |o, c| o.atom_or_quoted(c.as_bytes()));
            }
        }
        Code::Capability(v) => {
            o.raw(b"CAPABILITY");
            super::data::capabilities(o, v);
        }
        Code::PermanentFlags(v) => {
            o.raw(b"PERMANENTFLAGS ");
            o.list(v, |o, f| o.flag_perm(f));
        }
        Code::UidNext(n) => num_code(o, b"UIDNEXT ", n.get().into()),
        Code::UidValidity(n) => num_code(o, b"UIDVALIDITY ", n.get().into()),
        Code::Unseen(n) => num_code(o, b"UNSEEN ", n.get().into()),
        Code::AppendUid { uid_validity, uids } => {
            num_code(o, b"APPENDUID ", uid_validity.get().into());
            o.sp();
            o.sequence_set(uids);
        }
        Code::CopyUid {
            uid_validity,
            source,
            destination,
        } => {
            num_code(o, b"COPYUID ", uid_validity.get().into());
            o.sp();
            o.sequence_set(source);
            o.sp();
            o.sequence_set(destination);
        }
        Code::HighestModSeq(n) => num_code(o, b"HIGHESTMODSEQ ", *n),
        Code::Modified(s) => {
            o.raw(b"MODIFIED ");
            o.sequence_set(s);
        }
        Code::MailboxId(id) => {
            o.raw(b"MAILBOXID (");
            o.raw(id.as_str().as_bytes());
            o.raw(b")");
        }
        Code::Metadata(m) => match m {
            MetadataCode::LongEntries(n) => num_code(o, b"METADATA LONGENTRIES ", (*n).into()),
            MetadataCode::MaxSize(n) => num_code(o, b"METADATA MAXSIZE ", (*n).into()),
            MetadataCode::TooMany => o.raw(b"METADATA TOOMANY"),
            MetadataCode::NoPrivate => o.raw(b"METADATA NOPRIVATE"),
        },
        Code::Other(c) => {
            o.raw(c.name().as_str().as_bytes());
            if let Some(d) = c.data() {
                o.sp();
                o.raw(d);
            }
        }
    }
}

fn num_code(o: &mut Out<'_>, name: &[u8], n: u64) {
    o.raw(name);
    o.num(n);
}
