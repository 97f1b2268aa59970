//! The extensions' untagged data (METADATA, THREAD, ACL, LISTRIGHTS, MYRIGHTS) and
//! items (STATUS APPENDLIMIT and MAILBOXID, the MAILBOXID code, FETCH SAVEDATE): RFC examples decode to
//! typed values and encode back to the same bytes; hostile input is refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use imap_proto::*;

/// Decodes `wire` as one whole response under the strict grammar, checks that it
/// encodes back to the same bytes, and returns its data.
fn known(wire: &[u8]) -> Data<'_> {
    let d = parse_response_with(wire, &ParseOptions::strict());
    let (r, used) = d
        .clone()
        .ok()
        .unwrap_or_else(|| panic!("{:?}: {d:?}", String::from_utf8_lossy(wire)));
    assert_eq!(used, wire.len());
    let mut back = Vec::new();
    encode_response(&r, &mut back);
    assert_eq!(
        String::from_utf8_lossy(&back),
        String::from_utf8_lossy(wire)
    );
    let Response::Data(d) = r else {
        panic!("not data: {r:?}")
    };
    d
}

fn status_items(d: Data<'_>) -> Vec<StatusItem<'_>> {
    let Data::Status { items, .. } = d else {
        panic!("{d:?}")
    };
    items
}

#[test]
fn rfc8474_status_mailboxid() {
    let items = status_items(known(
        b"* STATUS foo (MAILBOXID (F2212ea87-6097-4256-9d51-71338625))\r\n",
    ));
    assert_eq!(
        items,
        [StatusItem::MailboxId(
            Atom::new("F2212ea87-6097-4256-9d51-71338625").unwrap()
        )]
    );
}

#[test]
fn rfc8474_create_reply_mailboxid_code() {
    // RFC 8474 §4.1's CREATE replies, tagged and untagged
    for (wire, id) in [
        (
            &b"3 OK [MAILBOXID (F2212ea87-6097-4256-9d51-71338625)] Completed\r\n"[..],
            "F2212ea87-6097-4256-9d51-71338625",
        ),
        (
            b"* OK [MAILBOXID (F6352ae03-b7f5-463c-896f-d8b48ee3)] Ok\r\n",
            "F6352ae03-b7f5-463c-896f-d8b48ee3",
        ),
    ] {
        let (r, used) = parse_response_with(wire, &ParseOptions::strict())
            .ok()
            .unwrap();
        assert_eq!(used, wire.len());
        let text = match &r {
            Response::Tagged { text, .. } | Response::Untagged { text, .. } => text,
            other => panic!("{other:?}"),
        };
        match &text.code {
            Some(Code::MailboxId(got)) => assert_eq!(got.as_str(), id),
            other => panic!("{other:?}"),
        }
        let mut back = Vec::new();
        encode_response(&r, &mut back);
        assert_eq!(back, wire);
    }
    // another shape is kept as sent, not refused
    let odd = b"* OK [MAILBOXID F1] x\r\n";
    let (r, _) = parse_response_with(odd, &ParseOptions::strict())
        .ok()
        .unwrap();
    let Response::Untagged { text, .. } = &r else {
        panic!("{r:?}")
    };
    assert!(matches!(&text.code, Some(Code::Other(_))), "{r:?}");
}

#[test]
fn rfc7889_status_appendlimit_number_and_nil() {
    let items = status_items(known(
        b"* STATUS INBOX (MESSAGES 3 APPENDLIMIT 257890 UIDNEXT 9)\r\n",
    ));
    assert_eq!(
        items,
        [
            StatusItem::Messages(3),
            StatusItem::AppendLimit(Some(257_890)),
            StatusItem::UidNext(9)
        ]
    );
    let items = status_items(known(b"* STATUS Archive (APPENDLIMIT NIL)\r\n"));
    assert_eq!(items, [StatusItem::AppendLimit(None)]);
}

#[test]
fn status_values_of_another_shape_stay_other() {
    // a limit past 32 bits and an id that is not in parentheses are kept as sent
    let items = status_items(known(
        b"* STATUS a (APPENDLIMIT 4294967296 MAILBOXID F1)\r\n",
    ));
    assert!(matches!(&items[0], StatusItem::Other(n, v)
        if n.as_str() == "APPENDLIMIT" && v.as_bytes() == b"4294967296"));
    assert!(matches!(&items[1], StatusItem::Other(n, v)
        if n.as_str() == "MAILBOXID" && v.as_bytes() == b"F1"));
}

#[test]
fn rfc8514_fetch_savedate() {
    let Data::Fetch { items, .. } =
        known(b"* 1 FETCH (UID 7 SAVEDATE \"17-Jul-1996 02:44:25 -0700\")\r\n")
    else {
        panic!()
    };
    let date = Date::new(1996, 7, 17).unwrap();
    let when = DateTime::new(date, 2, 44, 25, -7 * 60).unwrap();
    assert_eq!(items[1], FetchItem::SaveDate(Some(when)));
    let Data::Fetch { items, .. } = known(b"* 2 FETCH (SAVEDATE NIL)\r\n") else {
        panic!()
    };
    assert_eq!(items, [FetchItem::SaveDate(None)]);
    // neither a date-time nor NIL
    let err = parse_response(b"* 2 FETCH (SAVEDATE 17-Jul-1996)\r\n")
        .err()
        .unwrap();
    assert_eq!(err.offset, 20, "{err}");
}

fn rights(s: &str) -> Rights<'_> {
    Rights::new(s).unwrap()
}

#[test]
fn rfc4314_acl_examples() {
    let d = known(b"* ACL INBOX Fred rwipslxcetda David lrswideta\r\n");
    assert_eq!(
        d,
        Data::Acl {
            mailbox: Mailbox::Inbox,
            entries: vec![
                ("Fred".into(), rights("rwipslxcetda")),
                ("David".into(), rights("lrswideta")),
            ],
        }
    );
    // negative rights and a group identifier
    let Data::Acl { entries, .. } = known(b"* ACL INBOX Fred rwipslxetad -Fred wetd $team w\r\n")
    else {
        panic!()
    };
    assert_eq!(entries[1].0.as_bytes(), b"-Fred");
    assert!(entries[1].1.contains('w') && !entries[1].1.contains('r'));
    // no entries at all
    assert_eq!(
        known(b"* ACL \"Other Users/x\"\r\n"),
        Data::Acl {
            mailbox: Mailbox::new("Other Users/x"),
            entries: vec![]
        }
    );
}

#[test]
fn rfc4314_listrights_and_myrights_examples() {
    assert_eq!(
        known(b"* LISTRIGHTS ~/Mail/saved smith la r swicdkxte\r\n"),
        Data::ListRights {
            mailbox: Mailbox::new("~/Mail/saved"),
            identifier: "smith".into(),
            required: rights("la"),
            optional: vec![rights("r"), rights("swicdkxte")],
        }
    );
    let d = known(
        b"* LISTRIGHTS archive.imap anyone \"\" l r s w i p k x t e c d a 0 1 2 3 4 5 6 7 8 9\r\n",
    );
    let Data::ListRights {
        required, optional, ..
    } = d
    else {
        panic!()
    };
    assert!(required.is_empty());
    assert_eq!(optional.len(), 23);
    assert_eq!(
        known(b"* MYRIGHTS INBOX rwiptsldaex\r\n"),
        Data::MyRights {
            mailbox: Mailbox::Inbox,
            rights: rights("rwiptsldaex"),
        }
    );
}

#[test]
fn rights_hold_lowercase_letters_and_digits_only() {
    assert!(Rights::new("").is_ok());
    assert!(Rights::new("lrs0").is_ok());
    for bad in ["LR", "l r", "+w", "\u{e9}", "l\"r"] {
        assert!(Rights::new(bad).is_err(), "{bad:?}");
    }
    // the strict parser refuses them too, with the offset of the rights (uppercase
    // rights are a tolerance: uppercase_rights_are_lenient_and_read_as_lowercase)
    let err = parse_response_with(b"* MYRIGHTS INBOX RWI\r\n", &ParseOptions::strict())
        .err()
        .unwrap();
    assert_eq!(err.offset, 17, "{err}");
    let err = parse_response(b"* ACL INBOX Fred \"r w\"\r\n")
        .err()
        .unwrap();
    assert_eq!(err.offset, 17, "{err}");
    // LISTRIGHTS needs the required rights; an identifier needs its rights
    assert!(
        parse_response(b"* LISTRIGHTS INBOX fred\r\n")
            .err()
            .is_some()
    );
    assert!(parse_response(b"* ACL INBOX fred\r\n").err().is_some());
    // a trailing space is a tolerance, not an empty entry
    let strict = ParseOptions::strict();
    assert!(parse_response(b"* ACL INBOX fred lr \r\n").is_complete());
    assert!(
        parse_response_with(b"* ACL INBOX fred lr \r\n", &strict)
            .err()
            .is_some()
    );
}

fn text_value(s: &str) -> Option<Literal<'_>> {
    Some(Literal::new(s.as_bytes(), LiteralKind::Text))
}

#[test]
fn rfc5464_metadata_with_values() {
    let d = known(b"* METADATA \"\" (/shared/comment \"My comment\")\r\n");
    let Data::Metadata { mailbox, entries } = d else {
        panic!()
    };
    assert_eq!(mailbox.as_bytes(), b"");
    assert_eq!(
        entries,
        MetadataEntries::values(vec![("/shared/comment".into(), text_value("My comment"))])
            .unwrap()
    );
    let d = known(
        b"* METADATA INBOX (/private/comment \"My comment\" /shared/comment \"Its sunny outside!\")\r\n",
    );
    let Data::Metadata { mailbox, entries } = d else {
        panic!()
    };
    assert_eq!(mailbox, Mailbox::Inbox);
    let values = entries.as_values().unwrap();
    assert_eq!(values[1].0.as_bytes(), b"/shared/comment");
    assert_eq!(values[1].1, text_value("Its sunny outside!"));
    assert_eq!(entries.as_names(), None);
}

#[test]
fn rfc5464_metadata_names_alone() {
    let d = known(b"* METADATA \"\" /shared/comment\r\n");
    let Data::Metadata { entries, .. } = d else {
        panic!()
    };
    assert_eq!(entries.as_names().unwrap().len(), 1);
    let d = known(b"* METADATA INBOX /shared/comment /private/comment\r\n");
    let Data::Metadata { entries, .. } = d else {
        panic!()
    };
    let names: Vec<_> = entries.entries().map(|e| e.as_bytes()).collect();
    assert_eq!(names, [&b"/shared/comment"[..], b"/private/comment"]);
    assert_eq!(entries.as_values(), None);
}

#[test]
fn metadata_values_nil_literal_and_literal8() {
    let d = known(
        b"* METADATA INBOX (/private/a NIL /private/b {3}\r\nx\ny /private/c ~{2}\r\n\0\x01)\r\n",
    );
    let Data::Metadata { entries, .. } = d else {
        panic!()
    };
    let values = entries.as_values().unwrap();
    assert_eq!(values[0].1, None);
    assert_eq!(values[1].1, text_value("x\ny"));
    let binary = values[2].1.as_ref().unwrap();
    assert_eq!(
        (binary.kind(), binary.data().as_bytes()),
        (LiteralKind::Binary, &b"\0\x01"[..])
    );
}

#[test]
fn metadata_entries_are_never_empty() {
    assert!(MetadataEntries::values(vec![]).is_err());
    assert!(MetadataEntries::names(vec![]).is_err());
    let err = parse_response(b"* METADATA INBOX ()\r\n").err().unwrap();
    assert_eq!(err.offset, 17, "{err}");
    let err = parse_response(b"* METADATA INBOX\r\n").err().unwrap();
    assert_eq!(err.offset, 16, "{err}");
    // an entry without its value
    assert!(
        parse_response(b"* METADATA INBOX (/shared/comment)\r\n")
            .err()
            .is_some()
    );
}

fn chain(ns: &[u32]) -> Thread {
    let members = ns.iter().map(|&n| n.try_into().unwrap()).collect();
    Thread::new(members, vec![]).unwrap()
}

fn branches(ns: &[u32], children: Vec<Thread>) -> Thread {
    let members = ns.iter().map(|&n| n.try_into().unwrap()).collect();
    Thread::new(members, children).unwrap()
}

#[test]
fn rfc5256_thread_examples() {
    assert_eq!(
        known(b"* THREAD (2)(3 6 (4 23)(44 7 96))\r\n"),
        Data::Thread(vec![
            chain(&[2]),
            branches(&[3, 6], vec![chain(&[4, 23]), chain(&[44, 7, 96])]),
        ])
    );
    assert_eq!(
        known(b"* THREAD ((3)(5))\r\n"),
        Data::Thread(vec![branches(&[], vec![chain(&[3]), chain(&[5])])])
    );
    assert_eq!(known(b"* THREAD\r\n"), Data::Thread(vec![]));
    // branches that themselves start with branches
    let d = known(b"* THREAD (1 ((2)(3))(4 5))\r\n");
    let Data::Thread(t) = d else { panic!() };
    assert_eq!(t[0].children()[0].members(), []);
    assert_eq!(t[0].children()[0].children().len(), 2);
}

#[test]
fn thread_shapes_the_grammar_forbids_are_refused() {
    let strict = ParseOptions::strict();
    for bad in [
        &b"* THREAD ()\r\n"[..],
        b"* THREAD (1 (2))\r\n",
        b"* THREAD (1(2)(3))\r\n",
        b"* THREAD (0)\r\n",
        b"* THREAD (1 )\r\n",
        b"* THREAD (1) (2)\r\n",
        b"* THREAD (1\r\n",
    ] {
        let d = parse_response_with(bad, &strict);
        assert!(d.err().is_some(), "{:?}", String::from_utf8_lossy(bad));
    }
    // spaces between threads are a tolerance
    assert!(parse_response(b"* THREAD (1) (2 (3) (4))\r\n").is_complete());
}

#[test]
fn thread_constructor_joins_a_single_branch_and_refuses_nothing() {
    assert!(Thread::new(vec![], vec![]).is_err());
    assert_eq!(branches(&[1], vec![chain(&[2, 3])]), chain(&[1, 2, 3]));
    let fork = branches(&[], vec![chain(&[4]), chain(&[5])]);
    assert_eq!(
        branches(&[], vec![fork.clone()]),
        fork,
        "a lone branch is the thread itself"
    );
    let mut wire = Vec::new();
    encode_response(
        &Response::Data(Data::Thread(vec![branches(&[1], vec![chain(&[2])])])),
        &mut wire,
    );
    assert_eq!(wire, b"* THREAD (1 2)\r\n");
}

#[test]
fn hundred_thousand_nested_thread_parens_are_refused_not_recursed() {
    let mut input = b"* THREAD ".to_vec();
    input.extend(std::iter::repeat_n(b'(', 100_000));
    input.extend(std::iter::repeat_n(b')', 100_000));
    input.extend_from_slice(b"\r\n");
    let server_depth = ParseOptions {
        max_depth: ParseOptions::server().max_depth,
        ..ParseOptions::default()
    };
    for opts in [ParseOptions::default(), server_depth] {
        let err = parse_response_with(&input, &opts).err().unwrap();
        assert_eq!(
            err.kind,
            DecodeErrorKind::TooDeep {
                limit: opts.max_depth
            }
        );
        assert_eq!(err.offset, 9 + opts.max_depth, "{err}");
    }
    // as deep as the limit allows is fine
    let depth = ParseOptions::default().max_depth;
    let mut input = b"* THREAD ".to_vec();
    for _ in 1..depth {
        input.extend_from_slice(b"(");
    }
    input.extend_from_slice(b"(1)(2)");
    for _ in 1..depth {
        input.extend_from_slice(b")(9)");
    }
    input.extend_from_slice(b"\r\n");
    assert!(parse_response(&input).is_complete());
}

#[test]
fn data_names_as_written() {
    let name = |wire: &[u8]| {
        let (r, _) = parse_response(wire).ok().unwrap();
        let Response::Data(d) = r else { panic!() };
        d.name().to_owned()
    };
    assert_eq!(name(b"* 3 FETCH (UID 1)\r\n"), "FETCH");
    assert_eq!(name(b"* THREAD\r\n"), "THREAD");
    assert_eq!(name(b"* metadata \"\" /shared/comment\r\n"), "METADATA");
    assert_eq!(name(b"* ACL INBOX\r\n"), "ACL");
    assert_eq!(name(b"* LISTRIGHTS INBOX a \"\"\r\n"), "LISTRIGHTS");
    assert_eq!(name(b"* MYRIGHTS INBOX r\r\n"), "MYRIGHTS");
    assert_eq!(name(b"* 3 XFoo bar\r\n"), "XFoo");
    assert_eq!(
        name(b"* XAPPLEPUSHSERVICE aps-version 2\r\n"),
        "XAPPLEPUSHSERVICE"
    );
}

#[test]
fn mailkit_corpus_thread_and_savedate_lines_are_typed() {
    // from MailKit's recorded sessions (shared/corpus/mailkit-imap)
    assert_eq!(
        known(b"* THREAD (1 (2 (3 5)(6))(4))(7)\r\n"),
        Data::Thread(vec![
            branches(
                &[1],
                vec![
                    branches(&[2], vec![chain(&[3, 5]), chain(&[6])]),
                    chain(&[4])
                ]
            ),
            chain(&[7]),
        ])
    );
    let Data::Fetch { items, .. } = known(b"* 4 FETCH (UID 4 SAVEDATE NIL)\r\n") else {
        panic!()
    };
    assert_eq!(items[1], FetchItem::SaveDate(None));
}

#[test]
fn every_strict_prefix_of_the_new_responses_is_incomplete() {
    let lines: [&[u8]; 7] = [
        b"* THREAD (2)(3 6 (4 23)(44 7 96))\r\n",
        b"* METADATA INBOX (/private/b {3}\r\nx\ny /private/c ~{2}\r\n\0\x01)\r\n",
        b"* METADATA INBOX /shared/comment /private/comment\r\n",
        b"* ACL INBOX Fred rwipslxcetda David lrswideta\r\n",
        b"* LISTRIGHTS ~/Mail/saved smith la r swicdkxte\r\n",
        b"* STATUS a (APPENDLIMIT NIL MAILBOXID (F1))\r\n",
        b"* 1 FETCH (SAVEDATE \"17-Jul-1996 02:44:25 -0700\")\r\n",
    ];
    for line in lines {
        assert!(parse_response(line).is_complete());
        for cut in 0..line.len() {
            let d = parse_response(&line[..cut]);
            assert!(
                matches!(d, Decoded::Incomplete | Decoded::LiteralAnnounced(_)),
                "prefix {cut} of {:?}: {d:?}",
                String::from_utf8_lossy(line)
            );
        }
    }
}

/// RFC 5256 §3's ORDEREDSUBJECT and REFERENCES examples, with the editorial line
/// breaks ("for editorial clarity", not sent) removed: nothing between `)` and `(`
/// (`1*thread-list` has no separator) and `SP` after a number (`(177 (183)...`,
/// where `thread-members` needs the `SP` before its `thread-nested`).
const RFC5256_ORDEREDSUBJECT: &[u8] = b"* THREAD (166)(167)(168)(169)(172)(170)(171)\
(173)(174 (175)(176)(178)(181)(180))(179)(177 (183)(182)(188)(184)(185)(186)(187)(189))(190)\
(191)(192)(193)(194 195)(196 (197)(198))(199)(200 202)(201)(203)(204)(205)(206 207)(208)\r\n";
const RFC5256_REFERENCES: &[u8] = b"* THREAD (166)(167)(168)(169)(172)((170)(179))\
(171)(173)((174)(175)(176)(178)(181)(180))((177)(183)(182)(188 (184)(189))(185 186)(187))\
(190)(191)(192)(193)((194)(195 196))(197 198)(199)(200 202)(201)(203)(204)(205 206 207)(208)\r\n";

/// Strict decode, encode, strict decode again: the same value.
fn strict_round_trip(wire: &[u8]) -> Data<'static> {
    let strict = ParseOptions::strict();
    let d = parse_response_with(wire, &strict);
    let (r, _) = d
        .clone()
        .ok()
        .unwrap_or_else(|| panic!("{:?}: {d:?}", String::from_utf8_lossy(wire)));
    let mut back = Vec::new();
    encode_response(&r, &mut back);
    let (again, used) = parse_response_with(&back, &strict).ok().unwrap();
    assert_eq!(used, back.len());
    assert_eq!(again, r);
    let Response::Data(d) = r.into_owned() else {
        panic!()
    };
    d
}

#[test]
fn rfc5256_every_example_parses_strictly_and_round_trips() {
    for wire in [
        RFC5256_ORDEREDSUBJECT,
        RFC5256_REFERENCES,
        b"* THREAD (2)(3 6 (4 23)(44 7 96))\r\n",
        b"* THREAD ((3)(5))\r\n",
        b"* THREAD\r\n",
    ] {
        known(wire);
        strict_round_trip(wire);
    }
    let Data::Thread(t) = known(RFC5256_ORDEREDSUBJECT) else {
        panic!()
    };
    assert_eq!(t.len(), 25);
    // (177 (183)(182)(188)(184)(185)(186)(187)(189)): 177 with eight children
    assert_eq!(t[10].members(), [177.try_into().unwrap()]);
    assert_eq!(t[10].children().len(), 8);
    let Data::Thread(t) = known(RFC5256_REFERENCES) else {
        panic!()
    };
    // ((177)(183)(182)(188 (184)(189))(185 186)(187)): a missing parent, six children
    let missing_parent = &t[9];
    assert!(missing_parent.members().is_empty());
    assert_eq!(missing_parent.children().len(), 6);
    assert_eq!(missing_parent.children()[3].children().len(), 2);
}

#[test]
fn a_single_nested_thread_list_is_lenient_and_joins_the_chain() {
    // RFC 5256 §5: thread-nested = 2*thread-list, so "(1 (2))" is not strict
    let strict = ParseOptions::strict();
    for wire in [
        &b"* THREAD (1 (2))\r\n"[..],
        b"* THREAD ((1))\r\n",
        b"* THREAD (1 (2 (3)))\r\n",
    ] {
        assert!(parse_response_with(wire, &strict).err().is_some());
    }
    // what it means is a chain: 2 is the child of 1; read so by default
    let lenient = |wire: &[u8]| {
        let (r, _) = parse_response(wire).ok().unwrap();
        let Response::Data(d) = r else { panic!() };
        d.into_owned()
    };
    assert_eq!(
        lenient(b"* THREAD (1 (2))\r\n"),
        known(b"* THREAD (1 2)\r\n")
    );
    assert_eq!(lenient(b"* THREAD ((1))\r\n"), known(b"* THREAD (1)\r\n"));
    assert_eq!(
        lenient(b"* THREAD (1 (2 (3)))(4 (5)(6))\r\n"),
        known(b"* THREAD (1 2 3)(4 (5)(6))\r\n")
    );
    assert_eq!(
        lenient(b"* THREAD (1 ((2)(3)))\r\n"),
        known(b"* THREAD (1 (2)(3))\r\n")
    );
    // the named switch governs it
    let mut no_nesting = ParseOptions::default();
    no_nesting.lenient.nested_fetch_items = false;
    assert!(
        parse_response_with(b"* THREAD (1 (2))\r\n", &no_nesting)
            .err()
            .is_some()
    );
    // and what it decodes to encodes to the strict form
    let mut back = Vec::new();
    encode_response(
        &Response::Data(lenient(b"* THREAD (9 (1 (2)) (3))(7 (8))\r\n")),
        &mut back,
    );
    assert_eq!(back, b"* THREAD (9 (1 2)(3))(7 8)\r\n");
    strict_round_trip(&back);
}

#[test]
fn uppercase_rights_are_lenient_and_read_as_lowercase() {
    // RFC 4314 §2: "uppercase rights are not allowed"; §9: lowercase and digits
    let strict = ParseOptions::strict();
    let wire = b"* MYRIGHTS INBOX LRSWIPCDA\r\n";
    assert!(parse_response_with(wire, &strict).err().is_some());
    let (r, _) = parse_response(wire).ok().unwrap();
    assert_eq!(
        r,
        Response::Data(Data::MyRights {
            mailbox: Mailbox::Inbox,
            rights: rights("lrswipcda"),
        })
    );
    let mut back = Vec::new();
    encode_response(&r, &mut back);
    assert_eq!(back, b"* MYRIGHTS INBOX lrswipcda\r\n");
    strict_round_trip(&back);
    // mixed case in ACL and LISTRIGHTS too, digits kept
    let (r, _) = parse_response(b"* ACL INBOX Fred LRs0 Bob \"\"\r\n")
        .ok()
        .unwrap();
    let Response::Data(Data::Acl { entries, .. }) = r else {
        panic!()
    };
    assert_eq!(entries[0].1.as_str(), "lrs0");
    assert!(entries[1].1.is_empty());
    let (r, _) = parse_response(b"* LISTRIGHTS INBOX fred LA R SW\r\n")
        .ok()
        .unwrap();
    let mut back = Vec::new();
    encode_response(&r, &mut back);
    assert_eq!(back, b"* LISTRIGHTS INBOX fred la r sw\r\n");
    // the switch governs it; other bytes stay refused even leniently
    let mut no_loose = ParseOptions::default();
    no_loose.lenient.loose_atoms = false;
    assert!(parse_response_with(wire, &no_loose).err().is_some());
    for bad in [
        &b"* MYRIGHTS INBOX L+R\r\n"[..],
        b"* MYRIGHTS INBOX \"l r\"\r\n",
    ] {
        assert!(parse_response(bad).err().is_some());
    }
    // the constructor keeps the RFC's charset
    assert!(Rights::new("LRS").is_err());
}

#[test]
fn quotaroot_extra_spaces_are_a_tolerance() {
    let strict = ParseOptions::strict();
    let cases: [(&[u8], &[&str]); 4] = [
        (b"* QUOTAROOT INBOX  \"\"\r\n", &[""]),
        (b"* QUOTAROOT INBOX \"\" \r\n", &[""]),
        (b"* QUOTAROOT INBOX   a  b\r\n", &["a", "b"]),
        (b"* QUOTAROOT INBOX \r\n", &[]),
    ];
    for (wire, roots) in cases {
        let shown = String::from_utf8_lossy(wire);
        assert!(
            parse_response_with(wire, &strict).err().is_some(),
            "{shown:?}"
        );
        let d = parse_response(wire);
        let (r, used) = d.clone().ok().unwrap_or_else(|| panic!("{shown:?}: {d:?}"));
        assert_eq!(used, wire.len());
        let Response::Data(Data::QuotaRoot {
            mailbox,
            roots: got,
        }) = &r
        else {
            panic!("{r:?}")
        };
        assert_eq!(*mailbox, Mailbox::Inbox);
        let got: Vec<_> = got.iter().map(|a| a.as_bytes().to_vec()).collect();
        let want: Vec<_> = roots.iter().map(|s| s.as_bytes().to_vec()).collect();
        assert_eq!(got, want, "{shown:?}");
        let mut back = Vec::new();
        encode_response(&r, &mut back);
        strict_round_trip(&back);
    }
    // the strict forms
    known(b"* QUOTAROOT INBOX \"\"\r\n");
    known(b"* QUOTAROOT comp.mail.mime\r\n");
}
