//! Property tests of every response kind: greetings, tagged and untagged status
//! with every response code, every untagged data kind and continuation requests
//! encode to bytes the strict parser reads back as the same value, and a stream of
//! them fed to the client framer one byte at a time comes out in the same messages.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::num::NonZeroU32;

use imap_proto::framing::{FrameEvent, Framer, FramerOptions};
use imap_proto::*;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

mod common;
use common::*;

// ---- response text and codes ----

const SIMPLE_CODES: &[&str] = &[
    "ALERT",
    "PARSE",
    "READ-ONLY",
    "READ-WRITE",
    "TRYCREATE",
    "UIDNOTSTICKY",
    "NOMODSEQ",
    "CLOSED",
    "UNAVAILABLE",
    "AUTHENTICATIONFAILED",
    "AUTHORIZATIONFAILED",
    "EXPIRED",
    "PRIVACYREQUIRED",
    "CONTACTADMIN",
    "NOPERM",
    "INUSE",
    "EXPUNGEISSUED",
    "CORRUPTION",
    "SERVERBUG",
    "CLIENTBUG",
    "CANNOT",
    "LIMIT",
    "OVERQUOTA",
    "ALREADYEXISTS",
    "NONEXISTENT",
    "NOTSAVED",
    "HASCHILDREN",
    "UNKNOWN-CTE",
    "COMPRESSIONACTIVE",
];

/// `1*<any TEXT-CHAR except "]">` of an unknown code: 7-bit, or whole UTF-8
/// characters (the strict grammar's 8-bit bytes are UTF-8).
fn code_data() -> impl Strategy<Value = Option<Cow<'static, [u8]>>> {
    prop_oneof![
        2 => Just(None),
        2 => "[ -\\\\^-~]{1,10}".prop_map(|s| Some(Cow::Owned(s.into_bytes()))),
        1 => "[^\r\n\\x00\\]]{1,4}".prop_map(|s| Some(Cow::Owned(s.into_bytes()))),
    ]
}

/// Every `resp-text-code`.
fn code() -> BoxedStrategy<Code<'static>> {
    let metadata = prop_oneof![
        any::<u32>().prop_map(MetadataCode::LongEntries),
        any::<u32>().prop_map(MetadataCode::MaxSize),
        Just(MetadataCode::TooMany),
        Just(MetadataCode::NoPrivate),
    ];
    prop_oneof![
        4 => select(SIMPLE_CODES)
            .prop_map(|n| Code::Simple(SimpleCode::from_name(n.as_bytes()).unwrap())),
        1 => vec(charset(), 0..3).prop_map(Code::BadCharset),
        1 => vec(capability(), 0..4).prop_map(Code::Capability),
        1 => vec(flag_perm(), 0..4).prop_map(Code::PermanentFlags),
        1 => nz().prop_map(Code::UidNext),
        1 => nz().prop_map(Code::UidValidity),
        1 => nz().prop_map(Code::Unseen),
        1 => (nz(), seq_set(false, false))
            .prop_map(|(uid_validity, uids)| Code::AppendUid { uid_validity, uids }),
        1 => (nz(), seq_set(false, false), seq_set(false, false)).prop_map(
            |(uid_validity, source, destination)| Code::CopyUid {
                uid_validity,
                source,
                destination,
            }
        ),
        1 => modseq().prop_map(Code::HighestModSeq),
        1 => seq_set(true, false).prop_map(Code::Modified),
        1 => metadata.prop_map(Code::Metadata),
        1 => (xname(), code_data())
            .prop_map(|(name, data)| Code::Other(OtherCode::new(name, data).unwrap())),
    ]
    .boxed()
}

/// `resp-text`: without a code, a text that starts with `[` has no `]` (with one it
/// would read as a code: the wire cannot tell them apart).
fn resp_text() -> BoxedStrategy<RespText<'static>> {
    (proptest::option::weighted(0.5, code()), text())
        .prop_map(|(code, text)| {
            let b = text.as_bytes();
            let text = if code.is_none() && b.first() == Some(&b'[') && b.contains(&b']') {
                let mut b = text.as_bytes().to_vec();
                b[0] = b'x';
                Text::new(b).unwrap()
            } else {
                text
            };
            RespText { code, text }
        })
        .boxed()
}

/// `continue-req = "+" SP (resp-text / base64)`: base64 is kept as text.
fn continue_text() -> BoxedStrategy<RespText<'static>> {
    prop_oneof![
        resp_text(),
        vec(any::<u8>(), 0..40).prop_map(|bytes| {
            let mut line = Vec::new();
            encode_authenticate_data(&AuthenticateData::Response(SaslData::new(bytes)), &mut line);
            line.truncate(line.len() - 2);
            RespText::text(Text::new(line).unwrap())
        }),
    ]
    .boxed()
}

fn greeting() -> BoxedStrategy<Greeting<'static>> {
    (
        select(&[GreetingKind::Ok, GreetingKind::PreAuth, GreetingKind::Bye][..]),
        resp_text(),
    )
        .prop_map(|(kind, text)| Greeting { kind, text })
        .boxed()
}

// ---- LIST, STATUS, ESEARCH, NAMESPACE ----

fn mailbox_attr() -> impl Strategy<Value = MailboxAttr<'static>> {
    word(&[
        "Noinferiors",
        "Noselect",
        "Marked",
        "Unmarked",
        "NonExistent",
        "Subscribed",
        "Remote",
        "HasChildren",
        "HasNoChildren",
        "All",
        "Archive",
        "Drafts",
        "Flagged",
        "Junk",
        "Sent",
        "Trash",
        "Important",
    ])
    .prop_map(MailboxAttr::from_name)
}

/// A hierarchy delimiter: `QUOTED-CHAR` or NIL.
fn delimiter() -> impl Strategy<Value = Option<Delimiter>> {
    proptest::option::weighted(
        0.8,
        select((1u8..0x80).filter(|&b| is_quotable(b)).collect::<Vec<_>>())
            .prop_map(|b| Delimiter::new(b).unwrap()),
    )
}

/// `mbox-list-extended` (RFC 5258): CHILDINFO, OLDNAME, or any items.
fn list_extended() -> impl Strategy<Value = Option<RawValue<'static>>> {
    prop_oneof![
        2 => Just(None),
        1 => Just(Some(raw(b"(\"CHILDINFO\" (\"SUBSCRIBED\"))"))),
        1 => "[A-Za-z0-9/]{0,8}"
            .prop_map(|s| Some(raw(format!("(\"OLDNAME\" (\"{s}\"))").as_bytes()))),
        1 => paren_raw_bytes().prop_map(|b| Some(raw(&b))),
    ]
}

fn list_item() -> BoxedStrategy<ListItem<'static>> {
    (
        vec(mailbox_attr(), 0..4),
        delimiter(),
        mailbox(),
        list_extended(),
    )
        .prop_map(|(attributes, delimiter, mailbox, extended)| ListItem {
            attributes,
            delimiter,
            mailbox,
            extended,
        })
        .boxed()
}

/// Every `status-att-val`.
fn status_item() -> BoxedStrategy<StatusItem<'static>> {
    prop_oneof![
        num32().prop_map(StatusItem::Messages),
        num32().prop_map(StatusItem::Recent),
        num32().prop_map(StatusItem::UidNext),
        num32().prop_map(StatusItem::UidValidity),
        num32().prop_map(StatusItem::Unseen),
        num32().prop_map(StatusItem::Deleted),
        num64().prop_map(StatusItem::Size),
        modseq_zero().prop_map(StatusItem::HighestModSeq),
        proptest::option::of(num32()).prop_map(StatusItem::AppendLimit),
        objectid().prop_map(StatusItem::MailboxId),
        (xname(), raw_value_bytes()).prop_map(|(n, v)| StatusItem::Other(n, raw(&v))),
    ]
    .boxed()
}

/// Every `search-return-data`.
fn search_return() -> BoxedStrategy<SearchReturn<'static>> {
    prop_oneof![
        num32().prop_map(SearchReturn::Min),
        num32().prop_map(SearchReturn::Max),
        seq_set(true, false).prop_map(SearchReturn::All),
        num32().prop_map(SearchReturn::Count),
        modseq().prop_map(SearchReturn::ModSeq),
        (xname(), raw_value_bytes()).prop_map(|(n, v)| SearchReturn::Other(n, raw(&v))),
    ]
    .boxed()
}

fn namespace() -> BoxedStrategy<Option<Vec<NamespaceDescr<'static>>>> {
    let descr = (
        istring(),
        delimiter(),
        vec((istring(), vec(istring(), 1..3)), 0..3),
    )
        .prop_map(|(prefix, delimiter, extensions)| NamespaceDescr {
            prefix,
            delimiter,
            extensions,
        });
    proptest::option::weighted(0.7, vec(descr, 1..3)).boxed()
}

/// Threads of any shape the constructor allows: chains, branches, missing parents.
fn thread() -> BoxedStrategy<Thread> {
    let chain = vec(nz(), 1..4).prop_map(|m| Thread::new(m, vec![]).unwrap());
    chain
        .prop_recursive(3, 16, 3, |inner| {
            (vec(nz(), 0..3), vec(inner, 2..4)).prop_map(|(m, c)| Thread::new(m, c).unwrap())
        })
        .boxed()
}

// ---- ENVELOPE and BODYSTRUCTURE ----

fn address() -> BoxedStrategy<Address<'static>> {
    (nstring(), nstring(), nstring(), nstring())
        .prop_map(|(name, adl, mailbox, host)| Address {
            name,
            adl,
            mailbox,
            host,
        })
        .boxed()
}

/// An address list: addresses, and sometimes an RFC 5322 group (a start with a
/// mailbox and no host, its members, an end with neither).
fn addresses() -> BoxedStrategy<Vec<Address<'static>>> {
    let group = (istring(), vec(address(), 0..3)).prop_map(|(name, members)| {
        let mut v = vec![Address {
            name: None,
            adl: None,
            mailbox: Some(name),
            host: None,
        }];
        v.extend(members);
        v.push(Address {
            name: None,
            adl: None,
            mailbox: None,
            host: None,
        });
        v
    });
    prop_oneof![3 => vec(address(), 0..3), 1 => group].boxed()
}

fn envelope() -> BoxedStrategy<Envelope<'static>> {
    (
        (nstring(), nstring(), nstring(), nstring()),
        [
            addresses(),
            addresses(),
            addresses(),
            addresses(),
            addresses(),
            addresses(),
        ],
    )
        .prop_map(|((date, subject, in_reply_to, message_id), lists)| {
            let mut env = Envelope::new();
            env.date = date;
            env.subject = subject;
            env.in_reply_to = in_reply_to;
            env.message_id = message_id;
            for (field, list) in AddressField::ALL.into_iter().zip(lists) {
                env.set_addresses(field, list);
            }
            env
        })
        .boxed()
}

fn params() -> BoxedStrategy<Params<'static>> {
    vec((istring(), istring()), 0..3)
        .prop_map(Params::from)
        .boxed()
}

fn body_extension() -> BoxedStrategy<BodyExtension<'static>> {
    let leaf = prop_oneof![
        nstring().prop_map(BodyExtension::NString),
        num64().prop_map(BodyExtension::Number),
    ];
    leaf.prop_recursive(2, 6, 3, |inner| {
        vec(inner, 1..4).prop_map(BodyExtension::List)
    })
    .boxed()
}

/// The extension data after the MD5 or the parameters: each level only if the ones
/// before it are there.
fn body_ext_data() -> BoxedStrategy<BodyExtData<'static>> {
    (
        0u8..5,
        proptest::option::of((istring(), params())),
        vec(istring(), 0..3),
        nstring(),
        vec(body_extension(), 0..3),
    )
        .prop_map(|(levels, disposition, language, location, extensions)| {
            let mut ext = BodyExtData::new();
            if levels >= 1 {
                ext.set_disposition(disposition.map(|(kind, params)| Disposition { kind, params }));
            }
            if levels >= 2 {
                ext.set_language(language);
            }
            if levels >= 3 {
                ext.set_location(location);
            }
            if levels >= 4 {
                for x in extensions {
                    ext.push_extension(x);
                }
            }
            ext
        })
        .boxed()
}

fn body_fields() -> BoxedStrategy<BodyFields<'static>> {
    (params(), nstring(), nstring(), istring(), num32())
        .prop_map(|(params, id, description, encoding, octets)| BodyFields {
            params,
            id,
            description,
            encoding,
            octets,
        })
        .boxed()
}

/// `body-ext-1part` or nothing: the MD5, then the extension data (BODYSTRUCTURE
/// only, `ext`).
fn md5_and_ext(ext: bool) -> BoxedStrategy<(Option<NString<'static>>, BodyExtData<'static>)> {
    if !ext {
        return Just((None, BodyExtData::new())).boxed();
    }
    prop_oneof![
        Just((None, BodyExtData::new())),
        (nstring(), body_ext_data()).prop_map(|(md5, ext)| (Some(md5), ext)),
    ]
    .boxed()
}

/// A media type that is neither TEXT nor MESSAGE (whose parts have more fields).
fn basic_media_type() -> impl Strategy<Value = IString<'static>> {
    prop_oneof![
        select(&["IMAGE", "APPLICATION", "audio", "VIDEO"][..]).prop_map(IString::from),
        istring(),
    ]
    .prop_map(|t| {
        let b = t.as_bytes();
        if b.eq_ignore_ascii_case(b"TEXT") || b.eq_ignore_ascii_case(b"MESSAGE") {
            IString::from("IMAGE")
        } else {
            t
        }
    })
}

/// A body structure: basic and text parts, multiparts and message/rfc822 parts
/// nested up to 3 levels; `ext` adds extension data (BODYSTRUCTURE, not BODY).
fn body(ext: bool) -> BoxedStrategy<BodyStructure<'static>> {
    let single = (
        prop_oneof![
            (basic_media_type(), istring()).prop_map(|(t, s)| (t, s, SinglePartKind::Basic)),
            (select(&["TEXT", "text"][..]), istring(), num64()).prop_map(|(t, s, lines)| (
                IString::from(t),
                s,
                SinglePartKind::Text { lines }
            )),
        ],
        body_fields(),
        md5_and_ext(ext),
    )
        .prop_map(
            |((media_type, subtype, kind), fields, (md5, ext))| BodyStructure::Single {
                media_type,
                subtype,
                fields,
                kind,
                md5,
                ext,
            },
        );
    single
        .prop_recursive(3, 12, 3, move |inner| {
            let multi_ext: BoxedStrategy<_> = if ext {
                prop_oneof![
                    Just((None, BodyExtData::new())),
                    (params(), body_ext_data()).prop_map(|(p, e)| (Some(p), e)),
                ]
                .boxed()
            } else {
                Just((None, BodyExtData::new())).boxed()
            };
            let multipart = (vec(inner.clone(), 1..4), istring(), multi_ext).prop_map(
                |(parts, subtype, (params, ext))| BodyStructure::Multipart {
                    parts,
                    subtype,
                    params,
                    ext,
                },
            );
            let message = (
                select(&["MESSAGE", "message"][..]),
                select(&["RFC822", "GLOBAL", "rfc822"][..]),
                body_fields(),
                envelope(),
                inner,
                num64(),
                md5_and_ext(ext),
            )
                .prop_map(|(t, s, fields, env, body, lines, (md5, ext))| {
                    BodyStructure::Single {
                        media_type: IString::from(t),
                        subtype: IString::from(s),
                        fields,
                        kind: SinglePartKind::Message {
                            envelope: Box::new(env),
                            body: Box::new(body),
                            lines,
                        },
                        md5,
                        ext,
                    }
                });
            prop_oneof![multipart, message]
        })
        .boxed()
}

// ---- FETCH ----

/// A message payload: a string, or header and body lines (a literal).
fn payload() -> BoxedStrategy<NString<'static>> {
    prop_oneof![
        3 => nstring(),
        1 => ("[A-Za-z]{1,8}", "[ -~]{0,20}", vec(any::<u8>().prop_map(|b| b.max(1)), 0..40)).prop_map(|(h, v, body)| {
            let mut m = format!("{h}: {v}\r\n\r\n").into_bytes();
            m.extend(body);
            Some(IString::from_owned(m))
        }),
    ]
    .boxed()
}

/// Every `msg-att` item.
fn fetch_item() -> BoxedStrategy<FetchItem<'static>> {
    use FetchItem as I;
    prop_oneof![
        vec(flag_fetch(), 0..4).prop_map(I::Flags),
        nz().prop_map(I::Uid),
        date_time().prop_map(I::InternalDate),
        modseq_zero().prop_map(|n| I::Rfc822Size(Number64::new(n).unwrap())),
        envelope().prop_map(|e| I::Envelope(Box::new(e))),
        body(false).prop_map(|b| I::Body(Box::new(b))),
        body(true).prop_map(|b| I::BodyStructure(Box::new(b))),
        (section(), proptest::option::of(num32()), payload()).prop_map(
            |(section, origin, data)| I::BodySection {
                section,
                origin,
                data
            }
        ),
        (part(), metadata_value()).prop_map(|(section, data)| I::Binary { section, data }),
        (part(), num32()).prop_map(|(section, size)| I::BinarySize { section, size }),
        payload().prop_map(I::Rfc822),
        payload().prop_map(I::Rfc822Header),
        payload().prop_map(I::Rfc822Text),
        modseq().prop_map(|n| I::ModSeq(ModSeq::new(n).unwrap())),
        objectid().prop_map(I::EmailId),
        proptest::option::of(objectid()).prop_map(I::ThreadId),
        proptest::option::of(date_time()).prop_map(I::SaveDate),
        num64().prop_map(I::GmailMsgId),
        num64().prop_map(I::GmailThreadId),
        vec(gmail_label(), 0..4).prop_map(I::GmailLabels),
        (xname(), raw_value_bytes()).prop_map(|(name, v)| I::Other {
            name,
            value: raw(&v)
        }),
    ]
    .boxed()
}

// ---- untagged data ----

fn nz_numbers() -> impl Strategy<Value = Vec<NonZeroU32>> {
    vec(nz(), 0..5)
}

/// Mailbox, message and server data: CAPABILITY to SEARCH.
fn mailbox_data() -> BoxedStrategy<Data<'static>> {
    use Data as D;
    prop_oneof![
        // capability-data names IMAP4rev1 or IMAP4rev2
        vec(capability(), 0..5).prop_map(|mut v| {
            if !v.iter().any(|c| c.is("IMAP4rev1") || c.is("IMAP4rev2")) {
                v.insert(0, Capability::Imap4Rev1);
            }
            D::Capability(Capabilities::new(v).unwrap())
        }),
        vec(capability(), 0..4).prop_map(D::Enabled),
        list_item().prop_map(D::List),
        list_item().prop_map(D::Lsub),
        list_item().prop_map(D::Xlist),
        (mailbox(), vec(status_item(), 0..4))
            .prop_map(|(mailbox, items)| D::Status { mailbox, items }),
        (nz_numbers(), proptest::option::of(modseq())).prop_map(|(numbers, modseq)| D::Search {
            numbers,
            modseq: modseq.map(|m| ModSeq::new(m).unwrap())
        }),
        nz_numbers().prop_map(D::Sort),
        vec(thread(), 0..4).prop_map(D::Thread),
        (
            proptest::option::of(istring()),
            any::<bool>(),
            vec(search_return(), 0..4)
        )
            .prop_map(|(tag, uid, items)| D::ESearch { tag, uid, items }),
        vec(flag(), 0..5).prop_map(D::Flags),
        num32().prop_map(D::Exists),
        num32().prop_map(D::Recent),
        nz().prop_map(D::Expunge),
        (any::<bool>(), seq_set(true, false))
            .prop_map(|(earlier, uids)| D::Vanished { earlier, uids }),
        (nz(), vec(fetch_item(), 1..4)).prop_map(|(seq, items)| D::Fetch {
            seq,
            items: NonEmpty::new(items).unwrap()
        }),
    ]
    .boxed()
}

/// Server-wide data: NAMESPACE to MYRIGHTS, and unknown responses.
fn server_data() -> BoxedStrategy<Data<'static>> {
    use Data as D;
    let resource = (word(&["STORAGE", "MESSAGE", "MAILBOX"]), num64(), num64())
        .prop_map(|(name, usage, limit)| QuotaResource { name, usage, limit });
    let entries = prop_oneof![
        vec((istring(), metadata_value()), 1..4).prop_map(|v| MetadataEntries::values(v).unwrap()),
        vec(istring(), 1..4).prop_map(|v| MetadataEntries::names(v).unwrap()),
    ];
    prop_oneof![
        (namespace(), namespace(), namespace()).prop_map(|(personal, other, shared)| {
            D::Namespace {
                personal,
                other,
                shared,
            }
        }),
        proptest::option::of(vec((istring(), nstring()), 0..4)).prop_map(D::Id),
        (istring(), vec(resource, 1..4)).prop_map(|(root, resources)| D::Quota { root, resources }),
        (mailbox(), vec(istring(), 0..3))
            .prop_map(|(mailbox, roots)| D::QuotaRoot { mailbox, roots }),
        (mailbox(), entries).prop_map(|(mailbox, entries)| D::Metadata { mailbox, entries }),
        (mailbox(), vec((istring(), rights()), 0..4))
            .prop_map(|(mailbox, entries)| D::Acl { mailbox, entries }),
        (mailbox(), istring(), rights(), vec(rights(), 0..4)).prop_map(
            |(mailbox, identifier, required, optional)| D::ListRights {
                mailbox,
                identifier,
                required,
                optional
            }
        ),
        (mailbox(), rights()).prop_map(|(mailbox, rights)| D::MyRights { mailbox, rights }),
        (proptest::option::of(num32()), xname(), rest_bytes()).prop_map(|(number, name, rest)| {
            D::Other {
                number,
                name,
                rest: raw(&rest),
            }
        }),
    ]
    .boxed()
}

fn data() -> BoxedStrategy<Data<'static>> {
    prop_oneof![2 => mailbox_data(), 1 => server_data()].boxed()
}

/// Every response kind.
fn response() -> BoxedStrategy<Response<'static>> {
    prop_oneof![
        1 => (tag(), select(&[Status::Ok, Status::No, Status::Bad][..]), resp_text())
            .prop_map(|(tag, status, text)| Response::Tagged { tag, status, text }),
        1 => (
            select(&[UntaggedStatus::Ok, UntaggedStatus::No, UntaggedStatus::Bad, UntaggedStatus::Bye][..]),
            resp_text()
        )
            .prop_map(|(status, text)| Response::Untagged { status, text }),
        1 => continue_text().prop_map(Response::Continue),
        4 => data().prop_map(Response::Data),
    ]
    .boxed()
}

// ---- the properties ----

fn strict() -> ParseOptions {
    ParseOptions::strict()
}

fn encoded_response(r: &Response<'_>) -> Vec<u8> {
    let mut wire = Vec::new();
    encode_response(r, &mut wire);
    wire
}

fn encoded_greeting(g: &Greeting<'_>) -> Vec<u8> {
    let mut wire = Vec::new();
    encode_greeting(g, &mut wire);
    wire
}

/// The messages a client framer finds in `wire` fed one byte at a time; any other
/// event fails the test.
fn frames_byte_by_byte(wire: &[u8]) -> Vec<Vec<u8>> {
    let mut framer = Framer::new(FramerOptions::client());
    let mut frames = Vec::new();
    for b in wire {
        framer.feed(std::slice::from_ref(b));
        while let Some(e) = framer.poll() {
            match e {
                FrameEvent::Message(m) => frames.push(m.bytes().to_vec()),
                // a client is told of a server's literal; its payload follows at once
                FrameEvent::Literal(_) => {}
                FrameEvent::Error(e) => panic!("{}: {e:?}", wire.escape_ascii()),
            }
        }
    }
    assert_eq!(framer.buffered(), 0, "left over in {}", wire.escape_ascii());
    frames
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn greetings_round_trip(g in greeting()) {
        let wire = encoded_greeting(&g);
        match parse_greeting_with(&wire, &strict()) {
            Decoded::Complete { value, consumed } => {
                prop_assert_eq!(consumed, wire.len());
                prop_assert_eq!(value, g);
            }
            other => prop_assert!(false, "{}: {:?}", wire.escape_ascii(), other),
        }
    }

    #[test]
    fn responses_round_trip(r in response()) {
        let wire = encoded_response(&r);
        match parse_response_with(&wire, &strict()) {
            Decoded::Complete { value, consumed } => {
                prop_assert_eq!(consumed, wire.len());
                prop_assert_eq!(value, r);
            }
            other => prop_assert!(false, "{}: {:?}", wire.escape_ascii(), other),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A greeting and responses, written back to back and fed one byte at a time,
    /// come out of the framer as the messages they were written as, each of which
    /// decodes to its value.
    #[test]
    fn one_byte_feeding_gives_the_same_message_boundaries(
        g in greeting(),
        rs in vec(response(), 1..5),
    ) {
        let mut pieces = vec![encoded_greeting(&g)];
        pieces.extend(rs.iter().map(encoded_response));
        let frames = frames_byte_by_byte(&pieces.concat());
        prop_assert_eq!(&frames, &pieces);
        prop_assert_eq!(
            parse_greeting_with(&frames[0], &strict()).ok().map(|(v, _)| v),
            Some(g)
        );
        for (frame, r) in frames[1..].iter().zip(&rs) {
            let back = parse_response_with(frame, &strict()).ok();
            prop_assert_eq!(back.map(|(v, used)| (v, used == frame.len())), Some((r.clone(), true)));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The client's default tolerances only add readings: a response or greeting in
    /// the strict grammar decodes to the same value under them (tags that start
    /// with `[` included: `bare_code_line_keeps_a_tagged_response_whose_tag_starts_with_a_bracket`).
    #[test]
    fn the_client_tolerances_read_strict_responses_the_same(r in response(), g in greeting()) {
        let wire = encoded_response(&r);
        let back = parse_response_with(&wire, &ParseOptions::default()).ok();
        prop_assert_eq!(back, Some((r, wire.len())), "{}", wire.escape_ascii());
        let wire = encoded_greeting(&g);
        let back = parse_greeting_with(&wire, &ParseOptions::default()).ok();
        prop_assert_eq!(back, Some((g, wire.len())), "{}", wire.escape_ascii());
    }
}

/// Found by `the_client_tolerances_read_strict_responses_the_same`: `[` is an
/// ASTRING-CHAR, so `[` is a valid tag and `[ OK \r\n` a tagged OK. The
/// `bare_code_line` tolerance (Exchange's `[COPYUID ...]` alone on a line) took every
/// line starting with `[` for an untagged OK; a line that reads as a tagged status
/// is now one, and Exchange's line is still a bare code.
#[test]
fn bare_code_line_keeps_a_tagged_response_whose_tag_starts_with_a_bracket() {
    for tag in ["[", "[ALERT]"] {
        let r = Response::Tagged {
            tag: Tag::new(tag).unwrap(),
            status: Status::Ok,
            text: RespText::text(Text::from_text("").unwrap()),
        };
        let wire = encoded_response(&r);
        assert_eq!(wire, format!("{tag} OK \r\n").as_bytes());
        assert_eq!(
            parse_response_with(&wire, &strict()).ok(),
            Some((r.clone(), wire.len()))
        );
        assert_eq!(
            parse_response_with(&wire, &ParseOptions::default()).ok(),
            Some((r, wire.len())),
            "{}",
            wire.escape_ascii()
        );
    }
    let exchange = b"[COPYUID 55 31 6]\r\n";
    match parse_response_with(exchange, &ParseOptions::default()).ok() {
        Some((
            Response::Untagged {
                status: UntaggedStatus::Ok,
                text,
            },
            19,
        )) => {
            assert!(matches!(text.code, Some(Code::CopyUid { .. })), "{text:?}")
        }
        other => panic!("{other:?}"),
    }
}

// ---- the strategies reach every kind ----

fn fetch_item_kind(i: &FetchItem<'_>) -> &'static str {
    use FetchItem as I;
    match i {
        I::Flags(_) => "FLAGS",
        I::Uid(_) => "UID",
        I::InternalDate(_) => "INTERNALDATE",
        I::Rfc822Size(_) => "RFC822.SIZE",
        I::Envelope(_) => "ENVELOPE",
        I::Body(_) => "BODY",
        I::BodyStructure(_) => "BODYSTRUCTURE",
        I::BodySection { .. } => "BODY[]",
        I::Binary { .. } => "BINARY[]",
        I::BinarySize { .. } => "BINARY.SIZE[]",
        I::Rfc822(_) => "RFC822",
        I::Rfc822Header(_) => "RFC822.HEADER",
        I::Rfc822Text(_) => "RFC822.TEXT",
        I::ModSeq(_) => "MODSEQ",
        I::EmailId(_) => "EMAILID",
        I::ThreadId(_) => "THREADID",
        I::SaveDate(_) => "SAVEDATE",
        I::GmailMsgId(_) => "X-GM-MSGID",
        I::GmailThreadId(_) => "X-GM-THRID",
        I::GmailLabels(_) => "X-GM-LABELS",
        I::Other { .. } => "other",
        _ => "unknown",
    }
}

fn code_kind(c: &Code<'_>) -> String {
    match c {
        Code::Simple(s) => s.name().to_string(),
        Code::BadCharset(_) => "BADCHARSET".into(),
        Code::Capability(_) => "CAPABILITY".into(),
        Code::PermanentFlags(_) => "PERMANENTFLAGS".into(),
        Code::UidNext(_) => "UIDNEXT".into(),
        Code::UidValidity(_) => "UIDVALIDITY".into(),
        Code::Unseen(_) => "UNSEEN".into(),
        Code::AppendUid { .. } => "APPENDUID".into(),
        Code::CopyUid { .. } => "COPYUID".into(),
        Code::HighestModSeq(_) => "HIGHESTMODSEQ".into(),
        Code::Modified(_) => "MODIFIED".into(),
        Code::Metadata(m) => match m {
            MetadataCode::LongEntries(_) => "METADATA LONGENTRIES",
            MetadataCode::MaxSize(_) => "METADATA MAXSIZE",
            MetadataCode::TooMany => "METADATA TOOMANY",
            MetadataCode::NoPrivate => "METADATA NOPRIVATE",
        }
        .into(),
        Code::Other(_) => "other".into(),
        _ => "unknown".into(),
    }
}

const DATA_NAMES: &[&str] = &[
    "CAPABILITY",
    "ENABLED",
    "LIST",
    "LSUB",
    "XLIST",
    "STATUS",
    "SEARCH",
    "SORT",
    "THREAD",
    "ESEARCH",
    "FLAGS",
    "EXISTS",
    "RECENT",
    "EXPUNGE",
    "VANISHED",
    "FETCH",
    "NAMESPACE",
    "ID",
    "QUOTA",
    "QUOTAROOT",
    "METADATA",
    "ACL",
    "LISTRIGHTS",
    "MYRIGHTS",
];

#[test]
fn the_strategies_reach_every_kind() {
    let data = sample(data(), 1500);
    let names: BTreeSet<&str> = data.iter().map(Data::name).collect();
    for want in DATA_NAMES {
        assert!(names.contains(want), "{want} never generated");
    }
    assert!(data.iter().any(|d| matches!(d, Data::Other { .. })));
    assert!(
        data.iter()
            .any(|d| matches!(d, Data::Vanished { earlier: true, .. }))
    );
    assert!(data.iter().any(|d| matches!(
        d,
        Data::Search {
            modseq: Some(_),
            ..
        }
    )));
    assert!(
        data.iter().any(
            |d| matches!(d, Data::List(l) if l.child_info().is_some() || l.old_name().is_some())
        )
    );

    let items: Vec<FetchItem<'_>> = sample(fetch_item(), 1000);
    let kinds: BTreeSet<&str> = items.iter().map(fetch_item_kind).collect();
    assert_eq!(kinds.len(), 21, "{kinds:?}");
    assert!(!kinds.contains("unknown"));
    let nested = |b: &BodyStructure<'_>| match b {
        BodyStructure::Multipart { parts, .. } => parts.iter().any(|p| {
            matches!(
                p,
                BodyStructure::Single {
                    kind: SinglePartKind::Message { .. },
                    ..
                }
            ) || matches!(p, BodyStructure::Multipart { .. })
        }),
        _ => false,
    };
    assert!(
        items
            .iter()
            .any(|i| matches!(i, FetchItem::BodyStructure(b) if nested(b)))
    );
    assert!(items.iter().any(|i| matches!(i, FetchItem::BodyStructure(b)
        if matches!(&**b, BodyStructure::Single { md5: Some(_), ext, .. } if !ext.extensions().is_empty()))));
    assert!(items.iter().any(|i| matches!(i, FetchItem::Envelope(e)
        if e.to().iter().any(Address::is_group_start))));
    assert!(items.iter().any(
        |i| matches!(i, FetchItem::BodySection { origin: Some(_), data: Some(d), .. }
        if d.as_bytes().contains(&b'\n'))
    ));

    let codes: BTreeSet<String> = sample(code(), 1000).iter().map(code_kind).collect();
    assert_eq!(codes.len(), SIMPLE_CODES.len() + 10 + 4 + 1, "{codes:?}");
    assert!(!codes.contains("unknown"));

    let responses = sample(response(), 1000);
    assert!(
        responses
            .iter()
            .any(|r| matches!(r, Response::Continue(t) if t.code.is_none()))
    );
    assert!(responses.iter().any(|r| matches!(
        r,
        Response::Untagged {
            status: UntaggedStatus::Bye,
            ..
        }
    )));
    assert!(
        responses
            .iter()
            .any(|r| matches!(r, Response::Tagged { .. }))
    );
    let greetings = sample(greeting(), 300);
    for kind in [GreetingKind::Ok, GreetingKind::PreAuth, GreetingKind::Bye] {
        assert!(
            greetings
                .iter()
                .any(|g| g.kind == kind && g.text.code.is_some())
        );
    }
}
