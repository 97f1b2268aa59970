//! Commands: hostile input, strict prefixes, literal wait points, the AUTHENTICATE
//! and IDLE lines, and encode-decode round trips of typed values.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::num::NonZeroU32;

use imap_proto::*;
use proptest::prelude::*;

fn complete(input: &[u8]) -> Command<'_> {
    match parse_command(input) {
        Decoded::Complete { value, consumed } => {
            assert_eq!(consumed, input.len());
            value
        }
        other => panic!("{:?}: {other:?}", String::from_utf8_lossy(input)),
    }
}

fn failed(input: &[u8]) -> DecodeError {
    match parse_command(input) {
        Decoded::Failed(e) => e,
        other => panic!("{:?}: {other:?}", String::from_utf8_lossy(input)),
    }
}

#[test]
fn typed_values_of_common_commands() {
    let c = complete(b"a1 LOGIN fred \"pass word\"\r\n");
    let CommandBody::Login { username, password } = &c.body else {
        panic!()
    };
    assert_eq!(username.as_bytes(), b"fred");
    assert_eq!(password.expose().as_bytes(), b"pass word");
    assert!(!format!("{c:?}").contains("pass word"), "password in Debug");

    let c = complete(b"a2 UID FETCH 1:* (FLAGS BODY.PEEK[1.2.HEADER.FIELDS (From To)]<0.512>) (CHANGEDSINCE 12345 VANISHED)\r\n");
    let CommandBody::Fetch {
        uid,
        spec: FetchSpec::Attrs(a),
        modifiers,
        ..
    } = &c.body
    else {
        panic!()
    };
    assert!(*uid);
    assert_eq!(a.len(), 2);
    assert!(
        matches!(&a[1], FetchAttr::BodySection { peek: true, partial: Some(p), .. } if p.offset == 0 && p.length.get() == 512)
    );
    assert_eq!(
        modifiers,
        &[FetchModifier::ChangedSince(12345), FetchModifier::Vanished]
    );

    let c = complete(
        b"a3 SEARCH CHARSET UTF-8 OR (FROM alice SINCE 1-Feb-2024) NOT SEEN UID 1:5 $\r\n",
    );
    let CommandBody::Search {
        charset, criteria, ..
    } = &c.body
    else {
        panic!()
    };
    assert_eq!(charset.as_ref().unwrap().as_bytes(), b"UTF-8");
    // OR takes the parenthesised group and NOT SEEN
    assert_eq!(criteria.len(), 3);
    assert!(
        matches!(&criteria[0], SearchKey::Or(a, b) if matches!(**a, SearchKey::And(_)) && matches!(**b, SearchKey::Not(_)))
    );
    assert!(matches!(criteria[1], SearchKey::Uid(_)));
    assert!(matches!(&criteria[2], SearchKey::SequenceSet(s) if s.is_search_result()));

    let c = complete(b"a4 STORE 2:4 +FLAGS.SILENT (\\Deleted $Junk)\r\n");
    assert!(matches!(
        c.body,
        CommandBody::Store {
            action: StoreAction::Add,
            silent: true,
            ..
        }
    ));
    let c = complete(b"a5 AUTHENTICATE PLAIN AGZyZWQAc2VjcmV0\r\n");
    let CommandBody::Authenticate {
        initial: Some(d), ..
    } = &c.body
    else {
        panic!()
    };
    assert_eq!(d.expose(), b"\0fred\0secret");
    assert!(!format!("{c:?}").contains("secret"));
    let c = complete(b"a6 AUTHENTICATE EXTERNAL =\r\n");
    assert!(
        matches!(&c.body, CommandBody::Authenticate { initial: Some(d), .. } if d.expose().is_empty())
    );
    assert_eq!(
        complete(b"a7 select inbox (CONDSTORE)\r\n").name(),
        "SELECT"
    );
    let c = complete(
        b"a8 APPEND Drafts (\\Draft) \"05-Dec-2026 10:00:00 +0100\" {3+}\r\nabc ~{2}\r\n\0b\r\n",
    );
    let CommandBody::Append { messages, .. } = &c.body else {
        panic!()
    };
    assert_eq!(messages.len(), 2, "MULTIAPPEND");
    assert!(matches!(&messages[1].data, AppendData::Literal(l) if l.kind() == LiteralKind::Binary));
    let c = complete(b"a9 XAPPLEPUSHSERVICE aps-version 2 {3+}\r\nxyz\r\n");
    let CommandBody::Other { name, rest } = &c.body else {
        panic!()
    };
    assert_eq!(name.as_str(), "XAPPLEPUSHSERVICE");
    assert_eq!(rest.as_bytes(), b"aps-version 2 {3+}\r\nxyz");
}

#[test]
fn getmetadata_options_after_the_mailbox_only_when_entries_follow() {
    // found by the imap_command fuzz target: `(DEPTH int H)` is a list of three
    // entries, not options, because no entry list follows it
    let c = complete(b"a8 GETMETADATA CH (DEPTH int H)\r\n");
    let CommandBody::GetMetadata {
        options, entries, ..
    } = &c.body
    else {
        panic!()
    };
    assert!(options.is_empty());
    assert_eq!(entries.len(), 3);
    // RFC 5464's own order: options after the mailbox, then the entries
    let c = complete(b"a9 GETMETADATA INBOX (DEPTH 1) /shared/comment\r\n");
    let CommandBody::GetMetadata {
        options, entries, ..
    } = &c.body
    else {
        panic!()
    };
    assert_eq!(options.len(), 1);
    assert_eq!(entries.len(), 1);
    // and both re-encode to bytes that decode to the same command
    for input in [
        &b"a8 GETMETADATA CH (DEPTH int H)\r\n"[..],
        b"a9 GETMETADATA INBOX (DEPTH 1) /shared/comment\r\n",
    ] {
        let c = complete(input);
        let mut out = Vec::new();
        encode_command(&c, &EncodeOptions::default(), &mut out);
        assert_eq!(complete(&out), c);
    }
}

#[test]
fn an_eight_bit_sort_charset_goes_quoted_not_as_a_literal() {
    // found by the imap_command fuzz target: `charset = atom / quoted` (RFC 5256) has
    // no literal form, so a quoted charset with 8-bit bytes must go out quoted
    for input in [
        &b"a8 THREAD REFERENCES \"x\xc3\xa9 \\\"q\\\"\" ALL\r\n"[..],
        b"a9 SEARCH CHARSET \"UTF 8\" ALL\r\n",
    ] {
        let c = complete(input);
        let mut out = Vec::new();
        let enc = encode_command(&c, &EncodeOptions::default(), &mut out);
        assert!(enc.waits.is_empty(), "{}", String::from_utf8_lossy(&out));
        assert!(!out.contains(&b'{'), "{}", String::from_utf8_lossy(&out));
        assert_eq!(complete(&out), c);
    }
    // 8-bit bytes that are not UTF-8 are no RFC 9051 QUOTED-CHAR: the server's strict
    // parser refuses them at the first bad byte; a lenient one (loose_quoted) keeps
    // them, and they go back out quoted, the only form `charset` has (no strict parser
    // reads that value in any form)
    let bad = b"a7 SORT (DATE) \"/SETAC\xbe\x99lUS\" ALL 1234\r\n";
    let e = failed(bad);
    assert_eq!(e.kind, DecodeErrorKind::Syntax("QUOTED-CHAR (UTF-8 only)"));
    assert_eq!(e.offset, 22);
    let lenient = ParseOptions::default();
    let c = parse_command_with(bad, &lenient).ok().unwrap().0;
    let mut out = Vec::new();
    encode_command(&c, &EncodeOptions::default(), &mut out);
    assert_eq!(out, bad);
}

#[test]
fn hostile_inputs_fail_with_offsets() {
    // 100,000 nested NOTs and parentheses: a depth error, no stack overflow
    let mut deep = b"a SEARCH ".to_vec();
    deep.extend(std::iter::repeat_n(&b"NOT "[..], 100_000).flatten());
    deep.extend_from_slice(b"SEEN\r\n");
    let opts = ParseOptions {
        max_line: 1 << 20,
        ..ParseOptions::server()
    };
    let e = match parse_command_with(&deep, &opts) {
        Decoded::Failed(e) => e,
        other => panic!("{other:?}"),
    };
    assert!(matches!(e.kind, DecodeErrorKind::TooDeep { .. }), "{e:?}");
    let mut parens = b"a SEARCH ".to_vec();
    parens.extend(std::iter::repeat_n(b'(', 100_000));
    parens.extend_from_slice(b"SEEN");
    parens.extend(std::iter::repeat_n(b')', 100_000));
    parens.extend_from_slice(b"\r\n");
    let Decoded::Failed(e) = parse_command_with(&parens, &opts) else {
        panic!()
    };
    assert!(matches!(e.kind, DecodeErrorKind::TooDeep { .. }));
    assert_eq!(e.offset, 9 + 32, "fails where the limit is passed");

    // a literal of 2^63 bytes and one with 30 digits: refused before any payload
    let e = failed(b"a APPEND x {9223372036854775808}\r\n");
    assert!(
        matches!(
            e.kind,
            DecodeErrorKind::LiteralTooLarge { .. } | DecodeErrorKind::NumberOverflow
        ),
        "{e:?}"
    );
    let e = failed(b"a APPEND x {123456789012345678901234567890}\r\n");
    assert!(
        matches!(
            e.kind,
            DecodeErrorKind::NumberOverflow | DecodeErrorKind::LiteralTooLarge { .. }
        ),
        "{e:?}"
    );
    // `{5}` inside a quoted string is text, not a literal
    let c = complete(b"a LOGIN \"{5}\" x\r\n");
    assert!(
        matches!(&c.body, CommandBody::Login { username, .. } if username.as_bytes() == b"{5}")
    );
    // a line with no end: bounded by the line limit
    let long = vec![b'a'; 10_000];
    let e = failed(&long);
    assert!(matches!(e.kind, DecodeErrorKind::LineTooLong { .. }));
    // zero and overflowing numbers, bare LF, unknown search keys
    assert!(failed(b"a FETCH 0 UID\r\n").offset == 8);
    assert!(failed(b"a FETCH 4294967296 UID\r\n").offset == 8);
    assert!(matches!(
        failed(b"a NOOP\n").kind,
        DecodeErrorKind::BareLineEnding
    ));
    assert_eq!(failed(b"a SEARCH FROBNICATE\r\n").offset, 9);
    assert!(matches!(
        parse_command(b"a UID NOOP\r\n"),
        Decoded::Failed(_)
    ));
    assert!(matches!(
        parse_command(b"a FETCH 1 BODY[1]<0.0>\r\n"),
        Decoded::Failed(_)
    ));
}

#[test]
fn every_strict_prefix_is_incomplete_or_announced() {
    let cmds: &[&[u8]] = &[
        b"a1 LOGIN {4}\r\nfred {6}\r\nsecret\r\n",
        b"a2 UID SEARCH RETURN (MIN COUNT) CHARSET UTF-8 OR SUBJECT x (TO y) MODSEQ \"/flags/\\\\draft\" all 620162338\r\n",
        b"a3 APPEND INBOX (\\Seen) ~{3}\r\na\0b\r\n",
        b"a4 LIST (SUBSCRIBED) \"\" (\"*\" %) RETURN (STATUS (MESSAGES UNSEEN) CHILDREN)\r\n",
    ];
    for cmd in cmds {
        complete(cmd);
        for n in 0..cmd.len() {
            match parse_command(&cmd[..n]) {
                Decoded::Incomplete | Decoded::LiteralAnnounced(_) => {}
                other => panic!(
                    "prefix {n} of {:?}: {other:?}",
                    String::from_utf8_lossy(cmd)
                ),
            }
        }
    }
}

#[test]
fn encoder_reports_where_to_wait_for_continuations() {
    let cmd = Command::new(
        Tag::new("A1").unwrap(),
        CommandBody::Login {
            username: IString::from("fr\u{e9}d"),
            password: SecretString::new(IString::from("a\r\nb")),
        },
    );
    let mut wire = Vec::new();
    let enc = encode_command(&cmd, &EncodeOptions::default(), &mut wire);
    assert_eq!(
        wire,
        "A1 LOGIN {5}\r\nfr\u{e9}d {4}\r\na\r\nb\r\n".as_bytes()
    );
    assert_eq!(enc.len, wire.len());
    assert_eq!(enc.waits, vec![14, 25]);
    let parts: Vec<_> = enc.parts().map(|r| &wire[r]).collect();
    assert_eq!(
        parts,
        [
            &b"A1 LOGIN {5}\r\n"[..],
            "fr\u{e9}d {4}\r\n".as_bytes(),
            &b"a\r\nb\r\n"[..]
        ]
    );
    let mut wire = Vec::new();
    let opts = EncodeOptions {
        literals: LiteralMode::Plus,
    };
    let enc = encode_command(&cmd, &opts, &mut wire);
    assert!(enc.waits.is_empty());
    assert_eq!(complete(&wire), cmd);
}

#[test]
fn authenticate_lines_and_idle_done() {
    assert_eq!(
        parse_authenticate_data(b"AGZyZWQAc2VjcmV0\r\n"),
        Decoded::complete(
            AuthenticateData::Response(SaslData::new(b"\0fred\0secret".to_vec())),
            18
        )
    );
    assert_eq!(
        parse_authenticate_data(b"*\r\nx"),
        Decoded::complete(AuthenticateData::Cancel, 3)
    );
    assert_eq!(parse_authenticate_data(b"AGZy"), Decoded::Incomplete);
    assert!(matches!(parse_authenticate_data(b"AG!y\r\n"), Decoded::Failed(e) if e.offset == 2));
    let mut v = Vec::new();
    encode_authenticate_data(
        &AuthenticateData::Response(SaslData::new(b"\0u\0p".to_vec())),
        &mut v,
    );
    assert_eq!(v, b"AHUAcA==\r\n");
    assert_eq!(parse_idle_done(b"done\r\n"), Decoded::complete((), 6));
    assert_eq!(parse_idle_done(b"DON"), Decoded::Incomplete);
    assert!(matches!(
        parse_idle_done(b"a1 NOOP\r\n"),
        Decoded::Failed(_)
    ));
    let mut v = Vec::new();
    encode_idle_done(&mut v);
    assert_eq!(v, b"DONE\r\n");
}

#[test]
fn seed_sessions_client_commands_decode() {
    // the IMAP client lines of seeds 000, 001 and the Exchange session of 004 (tag ".")
    for line in [
        &b"a001 login mrc secret\r\n"[..],
        b"a002 select inbox\r\n",
        b"a003 fetch 12 full\r\n",
        b"a004 fetch 12 body[header]\r\n",
        b"a005 store 12 +flags \\deleted\r\n",
        b"a006 logout\r\n",
        b". CAPABILITY\r\n",
        b". LOGIN user pass\r\n",
        b". LIST \"\" *\r\n",
        b". SELECT INBOX\r\n",
        b". FETCH 1:* (FLAGS)\r\n",
        b". LOGOUT\r\n",
    ] {
        let c = complete(line);
        let mut wire = Vec::new();
        encode_command(&c, &EncodeOptions::default(), &mut wire);
        assert_eq!(complete(&wire), c);
    }
}

fn astr() -> impl Strategy<Value = IString<'static>> {
    proptest::collection::vec(1u8..=255, 0..10).prop_map(IString::from_owned)
}

fn atom() -> impl Strategy<Value = Atom<'static>> {
    "[A-Za-z][A-Za-z0-9.-]{0,8}".prop_map(|s| Atom::new(s).unwrap())
}

fn charset() -> impl Strategy<Value = IString<'static>> {
    prop_oneof![Just("UTF-8".to_string()), "[ -~]{1,8}"].prop_map(IString::from)
}

fn mailbox() -> impl Strategy<Value = Mailbox<'static>> {
    astr().prop_map(Mailbox::new)
}

fn set() -> impl Strategy<Value = SequenceSet> {
    proptest::collection::vec((0u32..50, 0u32..50, any::<bool>()), 1..4).prop_map(|v| {
        let n = |x: u32| SeqNumber::new(x).unwrap_or(SeqNumber::Last);
        SequenceSet::new(
            v.into_iter()
                .map(|(a, b, r)| {
                    if r {
                        SeqItem::Range(n(a), n(b))
                    } else {
                        SeqItem::Single(n(a))
                    }
                })
                .collect(),
        )
        .unwrap()
    })
}

fn date() -> impl Strategy<Value = Date> {
    (1900u16..2100, 1u8..13, 1u8..29).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

fn flag() -> impl Strategy<Value = Flag<'static>> {
    prop_oneof![
        Just(Flag::Seen),
        Just(Flag::Deleted),
        atom().prop_map(Flag::Keyword),
        "X[a-z]{1,5}".prop_map(|s| Flag::Extension(Atom::new(s).unwrap())),
    ]
}

fn search_key() -> impl Strategy<Value = SearchKey<'static>> {
    let leaf = prop_oneof![
        Just(SearchKey::All),
        Just(SearchKey::Unseen),
        Just(SearchKey::Recent),
        astr().prop_map(SearchKey::From),
        astr().prop_map(SearchKey::Text),
        (astr(), astr()).prop_map(|(a, b)| SearchKey::Header(a, b)),
        date().prop_map(SearchKey::Since),
        date().prop_map(SearchKey::SentBefore),
        any::<u64>().prop_map(SearchKey::Larger),
        set().prop_map(SearchKey::Uid),
        set().prop_map(SearchKey::SequenceSet),
        atom().prop_map(SearchKey::Keyword),
        (0u64..i64::MAX as u64).prop_map(|m| SearchKey::ModSeq {
            entry: None,
            modseq: m
        }),
        (astr(), 0u64..1000).prop_map(|(e, m)| SearchKey::ModSeq {
            entry: Some((e, EntryType::Shared)),
            modseq: m
        }),
        astr().prop_map(SearchKey::GmailRaw),
    ];
    leaf.prop_recursive(4, 16, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|k| SearchKey::Not(Box::new(k))),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| SearchKey::Or(Box::new(a), Box::new(b))),
            proptest::collection::vec(inner, 1..3).prop_map(SearchKey::And),
        ]
    })
}

fn fetch_attr() -> impl Strategy<Value = FetchAttr<'static>> {
    let part = proptest::collection::vec(1u32..9, 0..3).prop_map(|v| {
        v.into_iter()
            .map(|n| NonZeroU32::new(n).unwrap())
            .collect::<Vec<_>>()
    });
    let partial = proptest::option::of((any::<u32>(), 1u64..1 << 40)).prop_map(|p| {
        p.map(|(offset, len)| Partial {
            offset: offset.into(),
            length: std::num::NonZeroU64::new(len).unwrap(),
        })
    });
    prop_oneof![
        Just(FetchAttr::Envelope),
        Just(FetchAttr::Flags),
        Just(FetchAttr::Uid),
        Just(FetchAttr::BodyStructure),
        Just(FetchAttr::Body),
        Just(FetchAttr::ModSeq),
        Just(FetchAttr::GmailLabels),
        (
            any::<bool>(),
            part.clone(),
            partial.clone(),
            proptest::option::of(proptest::collection::vec(astr(), 1..3))
        )
            .prop_map(|(peek, part, partial, fields)| {
                let text = match (fields, part.is_empty()) {
                    (Some(f), _) => Some(SectionText::HeaderFields(f)),
                    (None, false) => Some(SectionText::Mime),
                    (None, true) => None,
                };
                FetchAttr::BodySection {
                    peek,
                    section: Section::new(part, text).unwrap(),
                    partial,
                }
            }),
        (any::<bool>(), part.clone(), partial).prop_map(|(peek, section, partial)| {
            FetchAttr::Binary {
                peek,
                section,
                partial,
            }
        }),
        part.prop_map(FetchAttr::BinarySize),
    ]
}

fn body() -> impl Strategy<Value = CommandBody<'static>> {
    use CommandBody as C;
    prop_oneof![
        Just(C::Noop),
        Just(C::Idle),
        Just(C::Expunge { uids: None }),
        set().prop_map(|s| C::Expunge { uids: Some(s) }),
        (astr(), astr()).prop_map(|(u, p)| C::Login {
            username: u,
            password: SecretString::new(p)
        }),
        (
            atom(),
            proptest::option::of(proptest::collection::vec(any::<u8>(), 0..20))
        )
            .prop_map(|(m, i)| C::Authenticate {
                mechanism: m,
                initial: i.map(SaslData::new)
            }),
        (mailbox(), any::<bool>(), 1u32..1000, 1u64..1 << 40).prop_map(|(m, q, v, ms)| C::Select {
            mailbox: m,
            params: if q {
                vec![SelectParam::QResync {
                    uid_validity: NonZeroU32::new(v).unwrap(),
                    modseq: ms,
                    known_uids: None,
                    seq_match: None,
                }]
            } else {
                vec![SelectParam::CondStore]
            },
        }),
        (mailbox(), mailbox()).prop_map(|(from, to)| C::Rename { from, to }),
        (
            mailbox(),
            proptest::collection::vec(astr(), 1..3),
            any::<bool>()
        )
            .prop_map(|(r, p, ret)| C::List {
                selection: ret
                    .then(|| vec![ListSelectOpt::Subscribed, ListSelectOpt::RecursiveMatch]),
                reference: r,
                patterns: p.into_iter().map(ListMailbox::new).collect(),
                returns: ret.then(|| vec![
                    ListReturnOpt::Children,
                    ListReturnOpt::Status(vec![StatusAttr::Messages, StatusAttr::Size])
                ]),
            }),
        (
            mailbox(),
            proptest::collection::vec(flag(), 0..3),
            proptest::collection::vec(any::<u8>(), 0..30)
        )
            .prop_map(|(m, f, d)| C::Append {
                mailbox: m,
                messages: vec![AppendMessage {
                    flags: f,
                    date: None,
                    data: AppendData::Literal(Literal::new(d, LiteralKind::Text))
                }],
            }),
        (
            any::<bool>(),
            proptest::option::of(charset()),
            proptest::collection::vec(search_key(), 1..3)
        )
            .prop_map(|(uid, cs, k)| C::Search {
                uid,
                returns: uid.then(|| vec![SearchReturnOpt::Min, SearchReturnOpt::Count]),
                charset: cs,
                criteria: k,
            }),
        (
            any::<bool>(),
            set(),
            proptest::collection::vec(fetch_attr(), 1..4),
            any::<bool>()
        )
            .prop_map(|(uid, s, a, m)| C::Fetch {
                uid,
                set: s,
                spec: FetchSpec::Attrs(a),
                modifiers: if m {
                    vec![FetchModifier::ChangedSince(7), FetchModifier::Vanished]
                } else {
                    vec![]
                },
            }),
        (
            any::<bool>(),
            set(),
            proptest::collection::vec(flag(), 0..3),
            proptest::option::of(0u64..1000)
        )
            .prop_map(|(silent, s, f, u)| C::Store {
                uid: silent,
                set: s,
                unchanged_since: u,
                action: StoreAction::Remove,
                silent,
                items: StoreItems::Flags(f),
            }),
        (set(), mailbox()).prop_map(|(s, m)| C::Move {
            uid: true,
            set: s,
            mailbox: m
        }),
        proptest::option::of(proptest::collection::vec(
            (astr(), proptest::option::of(astr())),
            0..3
        ))
        .prop_map(C::Id),
        (charset(), proptest::collection::vec(search_key(), 1..2)).prop_map(|(cs, k)| C::Sort {
            uid: false,
            returns: None,
            criteria: vec![
                SortCriterion {
                    reverse: true,
                    key: SortKey::Date
                },
                SortCriterion {
                    reverse: false,
                    key: SortKey::Subject
                }
            ],
            charset: cs,
            search: k,
        }),
        (mailbox(), proptest::collection::vec(astr(), 1..3)).prop_map(|(m, e)| C::GetMetadata {
            options: vec![
                MetadataOption::MaxSize(1024),
                MetadataOption::Depth(MetadataDepth::Infinity)
            ],
            mailbox: m,
            entries: e,
        }),
        (
            mailbox(),
            astr(),
            proptest::option::of(proptest::collection::vec(any::<u8>(), 0..10))
        )
            .prop_map(|(m, e, v)| C::SetMetadata {
                mailbox: m,
                entries: vec![(e, v.map(|v| Literal::new(v, LiteralKind::Text)))],
            }),
        (mailbox(), astr(), astr()).prop_map(|(m, i, r)| C::SetAcl {
            mailbox: m,
            identifier: i,
            rights: r
        }),
    ]
}

proptest! {
    #[test]
    fn commands_round_trip(b in body(), plus in any::<bool>()) {
        let cmd = Command::new(Tag::new("t1").unwrap(), b);
        prop_assert!(cmd.body.validate().is_ok());
        let opts = EncodeOptions { literals: if plus { LiteralMode::Plus } else { LiteralMode::Synchronizing } };
        let mut wire = Vec::new();
        let enc = encode_command(&cmd, &opts, &mut wire);
        prop_assert_eq!(enc.len, wire.len());
        match parse_command_with(&wire, &ParseOptions::strict()) {
            Decoded::Complete { value, consumed } => {
                prop_assert_eq!(consumed, wire.len());
                prop_assert_eq!(value, cmd);
            }
            other => prop_assert!(false, "{:?}: {:?}", String::from_utf8_lossy(&wire), other),
        }
    }
}

#[test]
fn append_utf8_is_always_a_literal8_as_rfc6855_requires() {
    // RFC 6855 §4: utf8-literal = "UTF8" SP "(" literal8 ")"
    let message = "Subject: caf\u{e9}\r\n\r\nhi\r\n".as_bytes();
    let append = |data| {
        Command::new(
            Tag::new("A1").unwrap(),
            CommandBody::Append {
                mailbox: Mailbox::Inbox,
                messages: vec![AppendMessage {
                    flags: vec![],
                    date: None,
                    data,
                }],
            },
        )
    };
    let mut want = format!("A1 APPEND INBOX UTF8 (~{{{}}}\r\n", message.len()).into_bytes();
    want.extend_from_slice(message);
    want.extend_from_slice(b")\r\n");
    for kind in [LiteralKind::Text, LiteralKind::Binary] {
        let cmd = append(AppendData::Utf8(Literal::new(message, kind)));
        let mut wire = Vec::new();
        let enc = encode_command(&cmd, &EncodeOptions::default(), &mut wire);
        assert_eq!(
            String::from_utf8_lossy(&wire),
            String::from_utf8_lossy(&want),
            "{kind:?}"
        );
        assert_eq!(enc.waits, vec![29], "a synchronizing literal8 waits for +");
    }
    // the constructor builds the literal8, so the value decodes equal to itself
    let cmd = append(AppendData::utf8(message));
    let mut wire = Vec::new();
    encode_command(&cmd, &EncodeOptions::default(), &mut wire);
    assert_eq!(wire, want);
    assert_eq!(complete(&wire), cmd);
    // a plain literal inside UTF8 ( ) is not the grammar
    assert!(matches!(
        parse_command(b"A1 APPEND INBOX UTF8 ({2}\r\nhi)\r\n"),
        Decoded::Failed(_)
    ));
}
