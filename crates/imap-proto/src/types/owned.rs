//! `into_owned()` for responses: `'static` values whose literal payloads that were
//! shared stay shared.

use super::*;

fn v<T, U>(v: Vec<T>, f: impl FnMut(T) -> U) -> Vec<U> {
    v.into_iter().map(f).collect()
}

fn ns(s: NString<'_>) -> NString<'static> {
    s.map(IString::into_owned)
}

impl ListItem<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> ListItem<'static> {
        ListItem {
            attributes: v(self.attributes, MailboxAttr::into_owned),
            delimiter: self.delimiter,
            mailbox: self.mailbox.into_owned(),
            extended: self.extended.map(RawValue::into_owned),
        }
    }
}

impl FetchItem<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> FetchItem<'static> {
        match self {
            FetchItem::Flags(f) => FetchItem::Flags(v(f, FlagFetch::into_owned)),
            FetchItem::Uid(n) => FetchItem::Uid(n),
            FetchItem::InternalDate(d) => FetchItem::InternalDate(d),
            FetchItem::Rfc822Size(n) => FetchItem::Rfc822Size(n),
            FetchItem::Envelope(e) => FetchItem::Envelope(Box::new(e.into_owned())),
            FetchItem::Body(b) => FetchItem::Body(Box::new(b.into_owned())),
            FetchItem::BodyStructure(b) => FetchItem::BodyStructure(Box::new(b.into_owned())),
            FetchItem::BodySection {
                section,
                origin,
                data,
            } => FetchItem::BodySection {
                section: section.into_owned(),
                origin,
                data: ns(data),
            },
            FetchItem::Binary { section, data } => FetchItem::Binary {
                section,
                data: data.map(Literal::into_owned),
            },
            FetchItem::BinarySize { section, size } => FetchItem::BinarySize { section, size },
            FetchItem::Rfc822(s) => FetchItem::Rfc822(ns(s)),
            FetchItem::Rfc822Header(s) => FetchItem::Rfc822Header(ns(s)),
            FetchItem::Rfc822Text(s) => FetchItem::Rfc822Text(ns(s)),
            FetchItem::ModSeq(n) => FetchItem::ModSeq(n),
            FetchItem::EmailId(a) => FetchItem::EmailId(a.into_owned()),
            FetchItem::ThreadId(a) => FetchItem::ThreadId(a.map(Atom::into_owned)),
            FetchItem::SaveDate(d) => FetchItem::SaveDate(d),
            FetchItem::GmailMsgId(n) => FetchItem::GmailMsgId(n),
            FetchItem::GmailThreadId(n) => FetchItem::GmailThreadId(n),
            FetchItem::GmailLabels(l) => FetchItem::GmailLabels(v(l, |l| match l {
                GmailLabel::System(a) => GmailLabel::System(a.into_owned()),
                GmailLabel::Name(s) => GmailLabel::Name(s.into_owned()),
            })),
            FetchItem::Other { name, value } => FetchItem::Other {
                name: name.into_owned(),
                value: value.into_owned(),
            },
        }
    }
}

fn namespaces(n: Option<Vec<NamespaceDescr<'_>>>) -> Option<Vec<NamespaceDescr<'static>>> {
    n.map(|d| {
        v(d, |d| NamespaceDescr {
            prefix: d.prefix.into_owned(),
            delimiter: d.delimiter,
            extensions: v(d.extensions, |(k, vals)| {
                (k.into_owned(), v(vals, IString::into_owned))
            }),
        })
    })
}

impl Data<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> Data<'static> {
        match self {
            Data::Capability(c) => Data::Capability(c.into_owned()),
            Data::Enabled(c) => Data::Enabled(v(c, Capability::into_owned)),
            Data::List(l) => Data::List(l.into_owned()),
            Data::Lsub(l) => Data::Lsub(l.into_owned()),
            Data::Xlist(l) => Data::Xlist(l.into_owned()),
            Data::Status { mailbox, items } => Data::Status {
                mailbox: mailbox.into_owned(),
                items: v(items, |i| match i {
                    StatusItem::Messages(n) => StatusItem::Messages(n),
                    StatusItem::Recent(n) => StatusItem::Recent(n),
                    StatusItem::UidNext(n) => StatusItem::UidNext(n),
                    StatusItem::UidValidity(n) => StatusItem::UidValidity(n),
                    StatusItem::Unseen(n) => StatusItem::Unseen(n),
                    StatusItem::Deleted(n) => StatusItem::Deleted(n),
                    StatusItem::Size(n) => StatusItem::Size(n),
                    StatusItem::HighestModSeq(n) => StatusItem::HighestModSeq(n),
                    StatusItem::AppendLimit(n) => StatusItem::AppendLimit(n),
                    StatusItem::MailboxId(a) => StatusItem::MailboxId(a.into_owned()),
                    StatusItem::Other(a, r) => StatusItem::Other(a.into_owned(), r.into_owned()),
                }),
            },
            Data::Search { numbers, modseq } => Data::Search { numbers, modseq },
            Data::Sort(n) => Data::Sort(n),
            Data::Thread(t) => Data::Thread(t),
            Data::ESearch { tag, uid, items } => Data::ESearch {
                tag: tag.map(IString::into_owned),
                uid,
                items: v(items, |i| match i {
                    SearchReturn::Min(n) => SearchReturn::Min(n),
                    SearchReturn::Max(n) => SearchReturn::Max(n),
                    SearchReturn::All(s) => SearchReturn::All(s),
                    SearchReturn::Count(n) => SearchReturn::Count(n),
                    SearchReturn::ModSeq(n) => SearchReturn::ModSeq(n),
                    SearchReturn::Other(a, r) => {
                        SearchReturn::Other(a.into_owned(), r.into_owned())
                    }
                }),
            },
            Data::Flags(f) => Data::Flags(v(f, Flag::into_owned)),
            Data::Exists(n) => Data::Exists(n),
            Data::Recent(n) => Data::Recent(n),
            Data::Expunge(n) => Data::Expunge(n),
            Data::Vanished { earlier, uids } => Data::Vanished { earlier, uids },
            Data::Fetch { seq, items } => Data::Fetch {
                seq,
                items: items.map(FetchItem::into_owned),
            },
            Data::Namespace {
                personal,
                other,
                shared,
            } => Data::Namespace {
                personal: namespaces(personal),
                other: namespaces(other),
                shared: namespaces(shared),
            },
            Data::Id(p) => Data::Id(p.map(|p| v(p, |(k, val)| (k.into_owned(), ns(val))))),
            Data::Quota { root, resources } => Data::Quota {
                root: root.into_owned(),
                resources: v(resources, |r| QuotaResource {
                    name: r.name.into_owned(),
                    usage: r.usage,
                    limit: r.limit,
                }),
            },
            Data::QuotaRoot { mailbox, roots } => Data::QuotaRoot {
                mailbox: mailbox.into_owned(),
                roots: v(roots, IString::into_owned),
            },
            Data::Metadata { mailbox, entries } => Data::Metadata {
                mailbox: mailbox.into_owned(),
                entries: entries.into_owned(),
            },
            Data::Acl { mailbox, entries } => Data::Acl {
                mailbox: mailbox.into_owned(),
                entries: v(entries, |(id, r)| (id.into_owned(), r.into_owned())),
            },
            Data::ListRights {
                mailbox,
                identifier,
                required,
                optional,
            } => Data::ListRights {
                mailbox: mailbox.into_owned(),
                identifier: identifier.into_owned(),
                required: required.into_owned(),
                optional: v(optional, Rights::into_owned),
            },
            Data::MyRights { mailbox, rights } => Data::MyRights {
                mailbox: mailbox.into_owned(),
                rights: rights.into_owned(),
            },
            Data::Other { number, name, rest } => Data::Other {
                number,
                name: name.into_owned(),
                rest: rest.into_owned(),
            },
        }
    }
}

impl Response<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> Response<'static> {
        match self {
            Response::Tagged { tag, status, text } => Response::Tagged {
                tag: tag.into_owned(),
                status,
                text: text.into_owned(),
            },
            Response::Untagged { status, text } => Response::Untagged {
                status,
                text: text.into_owned(),
            },
            Response::Data(d) => Response::Data(d.into_owned()),
            Response::Continue(t) => Response::Continue(t.into_owned()),
        }
    }
}

impl Greeting<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> Greeting<'static> {
        Greeting {
            kind: self.kind,
            text: self.text.into_owned(),
        }
    }
}
