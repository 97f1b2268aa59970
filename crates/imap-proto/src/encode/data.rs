//! Encoders for untagged data, FETCH items, ENVELOPE and BODYSTRUCTURE.

use super::core::Out;
use crate::types::{
    Address, AddressField, BodyExtData, BodyExtension, BodyStructure, Capability, Data, Delimiter,
    Envelope, FetchItem, GmailLabel, ListItem, NamespaceDescr, Params, SearchReturn, Section,
    SectionText, SinglePartKind, StatusItem,
};

/// `*(SP capability)`
pub(crate) fn capabilities(o: &mut Out<'_>, v: &[Capability<'_>]) {
    for c in v {
        o.sp();
        match c {
            Capability::Imap4Rev1 => o.raw(b"IMAP4rev1"),
            Capability::Imap4Rev2 => o.raw(b"IMAP4rev2"),
            Capability::Auth(m) => {
                o.raw(b"AUTH=");
                o.raw(m.as_str().as_bytes());
            }
            Capability::Other(a) => o.raw(a.as_str().as_bytes()),
        }
    }
}

fn delimiter(o: &mut Out<'_>, d: Option<Delimiter>) {
    match d.map(Delimiter::get) {
        // always `DQUOTE QUOTED-CHAR DQUOTE`, escaped where needed
        Some(c @ (b'"' | b'\\')) => o.raw(&[b'"', b'\\', c, b'"']),
        Some(c) => o.raw(&[b'"', c, b'"']),
        None => o.raw(b"NIL"),
    }
}

fn list_item(o: &mut Out<'_>, name: &[u8], l: &ListItem<'_>) {
    o.raw(name);
    o.list(&l.attributes, |o, a| {
        o.raw(b"\\");
        o.raw(a.name().as_bytes());
    });
    o.sp();
    delimiter(o, l.delimiter);
    o.sp();
    o.mailbox(&l.mailbox);
    if let Some(ext) = &l.extended {
        o.sp();
        o.raw(ext.as_bytes());
    }
}

fn numbers(o: &mut Out<'_>, v: &[std::num::NonZeroU32]) {
    for n in v {
        o.sp();
        o.num(n.get());
    }
}

/// Untagged data after `"*" SP`.
pub(crate) fn data(o: &mut Out<'_>, d: &Data<'_>) {
    match d {
        Data::Capability(v) => {
            o.raw(b"CAPABILITY");
            capabilities(o, v);
        }
        Data::Enabled(v) => {
            o.raw(b"ENABLED");
            capabilities(o, v);
        }
        Data::List(l) => list_item(o, b"LIST ", l),
        Data::Lsub(l) => list_item(o, b"LSUB ", l),
        Data::Xlist(l) => list_item(o, b"XLIST ", l),
        Data::Status { mailbox, items } => {
            o.raw(b"STATUS ");
            o.mailbox(mailbox);
            o.sp();
            o.list(items, status_item);
        }
        Data::Search { numbers: v, modseq } => {
            o.raw(b"SEARCH");
            numbers(o, v);
            if let Some(m) = modseq {
                o.raw(b" (MODSEQ ");
                o.num(m.get());
                o.raw(b")");
            }
        }
        Data::Sort(v) => {
            o.raw(b"SORT");
            numbers(o, v);
        }
        Data::Thread(v) => super::ext_data::thread_data(o, v),
        Data::ESearch { tag, uid, items } => {
            o.raw(b"ESEARCH");
            if let Some(t) = tag {
                o.raw(b" (TAG ");
                o.string(t);
                o.raw(b")");
            }
            if *uid {
                o.raw(b" UID");
            }
            for item in items {
                o.sp();
                search_return(o, item);
            }
        }
        Data::Flags(v) => {
            o.raw(b"FLAGS ");
            o.list(v, |o, f| o.flag(f));
        }
        Data::Exists(n) => {
            o.num(*n);
            o.raw(b" EXISTS");
        }
        Data::Recent(n) => {
            o.num(*n);
            o.raw(b" RECENT");
        }
        Data::Expunge(n) => {
            o.num(n.get());
            o.raw(b" EXPUNGE");
        }
        Data::Vanished { earlier, uids } => {
            o.raw(if *earlier {
                b"VANISHED (EARLIER) "
            } else {
                b"VANISHED "
            });
            o.sequence_set(uids);
        }
        Data::Fetch { seq, items } => {
            o.num(seq.get());
            o.raw(b" FETCH ");
            o.list(items, fetch_item);
        }
        Data::Namespace {
            personal,
            other,
            shared,
        } => {
            o.raw(b"NAMESPACE");
            for ns in [personal, other, shared] {
                o.sp();
                match ns {
                    None => o.raw(b"NIL"),
                    Some(v) => {
                        o.raw(b"(");
                        v.iter().for_each(|d| namespace_descr(o, d));
                        o.raw(b")");
                    }
                }
            }
        }
        Data::Id(params) => {
            o.raw(b"ID ");
            match params {
                None => o.raw(b"NIL"),
                Some(v) => o.list(v, |o, (k, val)| {
                    o.string(k);
                    o.sp();
                    o.nstring(val);
                }),
            }
        }
        Data::Quota { root, resources } => {
            o.raw(b"QUOTA ");
            o.astring(root);
            o.sp();
            o.list(resources, |o, r| {
                o.raw(r.name.as_str().as_bytes());
                o.sp();
                o.num(r.usage);
                o.sp();
                o.num(r.limit);
            });
        }
        Data::QuotaRoot { mailbox, roots } => {
            o.raw(b"QUOTAROOT ");
            o.mailbox(mailbox);
            for r in roots {
                o.sp();
                o.astring(r);
            }
        }
        Data::Metadata { mailbox, entries } => super::ext_data::metadata(o, mailbox, entries),
        Data::Acl { mailbox, entries } => super::ext_data::acl(o, mailbox, entries),
        Data::ListRights {
            mailbox,
            identifier,
            required,
            optional,
        } => super::ext_data::listrights(o, mailbox, identifier, required, optional),
        Data::MyRights { mailbox, rights } => super::ext_data::myrights(o, mailbox, rights),
        Data::Other { number, name, rest } => {
            if let Some(n) = number {
                o.num(*n);
                o.sp();
            }
            o.raw(name.as_str().as_bytes());
            if !rest.as_bytes().is_empty() {
                o.sp();
                o.raw(rest.as_bytes());
            }
        }
    }
}

fn namespace_descr(o: &mut Out<'_>, d: &NamespaceDescr<'_>) {
    o.raw(b"(");
    o.string(&d.prefix);
    o.sp();
    delimiter(o, d.delimiter);
    for (name, values) in &d.extensions {
        o.sp();
        o.string(name);
        o.sp();
        o.list(values, |o, v| o.string(v));
    }
    o.raw(b")");
}

fn status_item(o: &mut Out<'_>, s: &StatusItem<'_>) {
    match s {
        StatusItem::Other(name, v) => {
            o.raw(name.as_str().as_bytes());
            o.sp();
            return o.raw(v.as_bytes());
        }
        StatusItem::AppendLimit(None) => return o.raw(b"APPENDLIMIT NIL"),
        StatusItem::MailboxId(id) => {
            o.raw(b"MAILBOXID (");
            o.raw(id.as_str().as_bytes());
            return o.raw(b")");
        }
        _ => {}
    }
    let (name, n): (&[u8], u64) = match s {
        StatusItem::Messages(n) => (b"MESSAGES", (*n).into()),
        StatusItem::Recent(n) => (b"RECENT", (*n).into()),
        StatusItem::UidNext(n) => (b"UIDNEXT", (*n).into()),
        StatusItem::UidValidity(n) => (b"UIDVALIDITY", (*n).into()),
        StatusItem::Unseen(n) => (b"UNSEEN", (*n).into()),
        StatusItem::Deleted(n) => (b"DELETED", (*n).into()),
        StatusItem::Size(n) => (b"SIZE", *n),
        StatusItem::HighestModSeq(n) => (b"HIGHESTMODSEQ", *n),
        StatusItem::AppendLimit(Some(n)) => (b"APPENDLIMIT", (*n).into()),
        _ => return,
    };
    o.raw(name);
    o.sp();
    o.num(n);
}

fn search_return(o: &mut Out<'_>, s: &SearchReturn<'_>) {
    match s {
        SearchReturn::Min(n) => num_item(o, b"MIN ", (*n).into()),
        SearchReturn::Max(n) => num_item(o, b"MAX ", (*n).into()),
        SearchReturn::Count(n) => num_item(o, b"COUNT ", (*n).into()),
        SearchReturn::ModSeq(n) => num_item(o, b"MODSEQ ", *n),
        SearchReturn::All(set) => {
            o.raw(b"ALL ");
            o.sequence_set(set);
        }
        SearchReturn::Other(name, v) => {
            o.raw(name.as_str().as_bytes());
            o.sp();
            o.raw(v.as_bytes());
        }
    }
}

fn num_item(o: &mut Out<'_>, name: &[u8], n: u64) {
    o.raw(name);
    o.num(n);
}

/// `section`
pub(crate) fn section(o: &mut Out<'_>, s: &Section<'_>) {
    o.raw(b"[");
    for (k, p) in s.part().iter().enumerate() {
        if k > 0 {
            o.raw(b".");
        }
        o.num(p.get());
    }
    if let Some(t) = s.text() {
        if !s.part().is_empty() {
            o.raw(b".");
        }
        match t {
            SectionText::Header => o.raw(b"HEADER"),
            SectionText::Text => o.raw(b"TEXT"),
            SectionText::Mime => o.raw(b"MIME"),
            SectionText::HeaderFields(v) | SectionText::HeaderFieldsNot(v) => {
                o.raw(if matches!(t, SectionText::HeaderFieldsNot(_)) {
                    b"HEADER.FIELDS.NOT "
                } else {
                    b"HEADER.FIELDS "
                });
                o.list(v, |o, h| o.astring(h));
            }
        }
    }
    o.raw(b"]");
}

pub(crate) fn part(o: &mut Out<'_>, p: &[std::num::NonZeroU32]) {
    o.raw(b"[");
    for (k, n) in p.iter().enumerate() {
        if k > 0 {
            o.raw(b".");
        }
        o.num(n.get());
    }
    o.raw(b"]");
}

/// A Gmail label: `"\\" atom / astring`.
pub(crate) fn gmail_label(o: &mut Out<'_>, l: &GmailLabel<'_>) {
    match l {
        GmailLabel::System(a) => {
            o.raw(b"\\");
            o.raw(a.as_str().as_bytes());
        }
        GmailLabel::Name(s) => o.astring(s),
    }
}

/// One FETCH data item.
pub(crate) fn fetch_item(o: &mut Out<'_>, f: &FetchItem<'_>) {
    match f {
        FetchItem::Flags(v) => {
            o.raw(b"FLAGS ");
            o.list(v, |o, f| o.flag_fetch(f));
        }
        FetchItem::Uid(n) => num_item(o, b"UID ", n.get().into()),
        FetchItem::InternalDate(d) => {
            o.raw(b"INTERNALDATE ");
            o.date_time(d);
        }
        FetchItem::Rfc822Size(n) => num_item(o, b"RFC822.SIZE ", n.get()),
        FetchItem::Envelope(e) => {
            o.raw(b"ENVELOPE ");
            envelope(o, e);
        }
        FetchItem::Body(b) => {
            o.raw(b"BODY ");
            body(o, b);
        }
        FetchItem::BodyStructure(b) => {
            o.raw(b"BODYSTRUCTURE ");
            body(o, b);
        }
        FetchItem::BodySection {
            section: s,
            origin,
            data,
        } => {
            o.raw(b"BODY");
            section(o, s);
            if let Some(n) = origin {
                o.raw(b"<");
                o.num(*n);
                o.raw(b">");
            }
            o.sp();
            o.nstring(data);
        }
        FetchItem::Binary { section, data } => {
            o.raw(b"BINARY");
            part(o, section);
            o.sp();
            match data {
                Some(l) if l.kind() == crate::types::LiteralKind::Binary => o.literal_value(l),
                Some(l) => o.string(&crate::types::IString::new(l.data().clone())),
                None => o.raw(b"NIL"),
            }
        }
        FetchItem::BinarySize { section, size } => {
            o.raw(b"BINARY.SIZE");
            part(o, section);
            o.sp();
            o.num(*size);
        }
        FetchItem::Rfc822(s) => nstring_item(o, b"RFC822 ", s),
        FetchItem::Rfc822Header(s) => nstring_item(o, b"RFC822.HEADER ", s),
        FetchItem::Rfc822Text(s) => nstring_item(o, b"RFC822.TEXT ", s),
        FetchItem::ModSeq(n) => {
            o.raw(b"MODSEQ (");
            o.num(n.get());
            o.raw(b")");
        }
        FetchItem::EmailId(a) => {
            o.raw(b"EMAILID (");
            o.raw(a.as_str().as_bytes());
            o.raw(b")");
        }
        FetchItem::ThreadId(a) => match a {
            Some(a) => {
                o.raw(b"THREADID (");
                o.raw(a.as_str().as_bytes());
                o.raw(b")");
            }
            None => o.raw(b"THREADID NIL"),
        },
        FetchItem::SaveDate(d) => {
            o.raw(b"SAVEDATE ");
            match d {
                Some(d) => o.date_time(d),
                None => o.raw(b"NIL"),
            }
        }
        FetchItem::GmailMsgId(n) => num_item(o, b"X-GM-MSGID ", *n),
        FetchItem::GmailThreadId(n) => num_item(o, b"X-GM-THRID ", *n),
        FetchItem::GmailLabels(v) => {
            o.raw(b"X-GM-LABELS ");
            o.list(v, gmail_label);
        }
        FetchItem::Other { name, value } => {
            o.raw(name.as_str().as_bytes());
            o.sp();
            o.raw(value.as_bytes());
        }
    }
}

fn nstring_item(o: &mut Out<'_>, name: &[u8], s: &crate::types::NString<'_>) {
    o.raw(name);
    o.nstring(s);
}

fn addresses(o: &mut Out<'_>, v: &[Address<'_>]) {
    if v.is_empty() {
        return o.raw(b"NIL");
    }
    o.raw(b"(");
    for a in v {
        o.raw(b"(");
        o.nstring(&a.name);
        o.sp();
        o.nstring(&a.adl);
        o.sp();
        o.nstring(&a.mailbox);
        o.sp();
        o.nstring(&a.host);
        o.raw(b")");
    }
    o.raw(b")");
}

/// `envelope`
pub(crate) fn envelope(o: &mut Out<'_>, e: &Envelope<'_>) {
    o.raw(b"(");
    o.nstring(&e.date);
    o.sp();
    o.nstring(&e.subject);
    for field in AddressField::ALL {
        o.sp();
        addresses(o, e.addresses(field));
    }
    o.sp();
    o.nstring(&e.in_reply_to);
    o.sp();
    o.nstring(&e.message_id);
    o.raw(b")");
}

fn params(o: &mut Out<'_>, p: &Params<'_>) {
    if p.is_empty() {
        return o.raw(b"NIL");
    }
    o.list(p, |o, (k, v)| {
        o.string(k);
        o.sp();
        o.string(v);
    });
}

fn extension(o: &mut Out<'_>, e: &BodyExtension<'_>) {
    match e {
        BodyExtension::NString(s) => o.nstring(s),
        BodyExtension::Number(n) => o.num(*n),
        BodyExtension::List(v) => o.list(v, extension),
    }
}

fn ext_data(o: &mut Out<'_>, e: &BodyExtData<'_>) {
    let Some(dsp) = e.disposition() else { return };
    o.sp();
    match dsp {
        None => o.raw(b"NIL"),
        Some(d) => {
            o.raw(b"(");
            o.string(&d.kind);
            o.sp();
            params(o, &d.params);
            o.raw(b")");
        }
    }
    let Some(lang) = e.language() else { return };
    o.sp();
    match lang {
        [] => o.raw(b"NIL"),
        [one] => o.string(one),
        many => o.list(many, |o, s| o.string(s)),
    }
    let Some(loc) = e.location() else { return };
    o.sp();
    match loc {
        Some(s) => o.string(s),
        None => o.raw(b"NIL"),
    }
    for x in e.extensions() {
        o.sp();
        extension(o, x);
    }
}

/// `body`
pub(crate) fn body(o: &mut Out<'_>, b: &BodyStructure<'_>) {
    if b.is_empty() {
        // a multipart with no parts has no form in the grammar: Domino's `()`, which
        // `Lenient::loose_body` reads as this value
        o.raw(b"()");
        return;
    }
    o.raw(b"(");
    match b {
        BodyStructure::Multipart {
            parts,
            subtype,
            params: p,
            ext,
        } => {
            parts.iter().for_each(|part| body(o, part));
            o.sp();
            o.string(subtype);
            if let Some(p) = p {
                o.sp();
                params(o, p);
                ext_data(o, ext);
            }
        }
        BodyStructure::Single {
            media_type,
            subtype,
            fields,
            kind,
            md5,
            ext,
        } => {
            o.string(media_type);
            o.sp();
            o.string(subtype);
            o.sp();
            params(o, &fields.params);
            o.sp();
            o.nstring(&fields.id);
            o.sp();
            o.nstring(&fields.description);
            o.sp();
            o.string(&fields.encoding);
            o.sp();
            o.num(fields.octets);
            match kind {
                SinglePartKind::Basic => {}
                SinglePartKind::Text { lines } => {
                    o.sp();
                    o.num(*lines);
                }
                SinglePartKind::Message {
                    envelope: e,
                    body: inner,
                    lines,
                } => {
                    o.sp();
                    envelope(o, e);
                    o.sp();
                    body(o, inner);
                    o.sp();
                    o.num(*lines);
                }
            }
            if let Some(m) = md5 {
                o.sp();
                o.nstring(m);
                ext_data(o, ext);
            }
        }
    }
    o.raw(b")");
}
