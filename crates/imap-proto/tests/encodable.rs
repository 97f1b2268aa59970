//! Audit 7 G4: every value the types let a caller build encodes to bytes the strict
//! parser reads back; values that have no strict form are refused when built (or, for
//! commands, by `encode_command`), and the strict parser refuses their bytes too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use imap_proto::*;

mod support;
use support::*;

fn encoded(r: &Response<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    encode_response(r, &mut out);
    out
}

// ---- delimiters ----

#[test]
fn a_delimiter_is_one_quoted_char() {
    for c in [0u8, b'\r', b'\n', 0x80, 0xff] {
        assert!(Delimiter::new(c).is_err(), "{c:#x}");
    }
    for c in [b'/', b'.', b'"', b'\\', b' ', b'\t'] {
        let item = ListItem {
            attributes: vec![],
            delimiter: Some(Delimiter::new(c).unwrap()),
            mailbox: Mailbox::new("a"),
            extended: None,
        };
        let r = Response::Data(Data::List(item));
        let wire = encoded(&r);
        assert_eq!(response(&wire, &strict()), r, "{}", wire.escape_ascii());
    }
}

#[test]
fn eight_bit_delimiters_are_refused_even_where_quoted_takes_8_bit() {
    // a lone byte of a UTF-8 sequence is not a QUOTED-CHAR, under any options: the
    // strict parser refuses it as not UTF-8, the lenient one (which keeps Latin-1
    // quoted strings) as not one delimiter character
    let list = b"* LIST () \"\xff\" INBOX\r\n";
    let namespace = b"* NAMESPACE ((\"\" \"\xe9\")) NIL NIL\r\n";
    assert_eq!(refused(list, &strict()).1, 11);
    assert_eq!(refused(namespace, &strict()).1, 18);
    assert_eq!(refused(list, &ParseOptions::default()).1, 10);
    assert_eq!(refused(namespace, &ParseOptions::default()).1, 17);
}

// ---- mod-sequences and number64 ----

#[test]
fn fetch_mod_sequences_are_1_to_2_pow_63_minus_1() {
    assert!(ModSeq::new(0).is_err());
    assert!(ModSeq::new(MAX_NUMBER64 + 1).is_err());
    assert!(ModSeq::new(u64::MAX).is_err());
    for n in [1, MAX_NUMBER64] {
        let r = Response::Data(Data::Fetch {
            seq: 1.try_into().unwrap(),
            items: NonEmpty::one(FetchItem::ModSeq(ModSeq::new(n).unwrap())),
        });
        assert_eq!(response(&encoded(&r), &strict()), r);
    }
}

#[test]
fn rfc822_size_is_a_number64() {
    assert!(Number64::new(MAX_NUMBER64 + 1).is_err());
    let r = Response::Data(Data::Fetch {
        seq: 1.try_into().unwrap(),
        items: NonEmpty::one(FetchItem::Rfc822Size(Number64::new(MAX_NUMBER64).unwrap())),
    });
    assert_eq!(response(&encoded(&r), &strict()), r);
    for opts in [strict(), ParseOptions::default()] {
        assert_eq!(
            refused(b"* 1 FETCH (RFC822.SIZE 9223372036854775808)\r\n", &opts),
            (DecodeErrorKind::NumberOverflow, 23)
        );
        assert_eq!(
            refused(b"* 1 FETCH (RFC822.SIZE 18446744073709551615)\r\n", &opts),
            (DecodeErrorKind::NumberOverflow, 23)
        );
    }
}

// ---- NUL: only literal8 carries it ----

fn command(body: CommandBody<'_>) -> Command<'_> {
    Command::new(Tag::new("a").unwrap(), body)
}

/// `encode_command` refuses `c` and writes nothing.
fn not_encoded(c: &Command<'_>) -> ValueError {
    let mut out = Vec::new();
    let e = encode_command(c, &EncodeOptions::default(), &mut out).unwrap_err();
    assert!(out.is_empty(), "{}", out.escape_ascii());
    e
}

const NUL: DecodeErrorKind =
    DecodeErrorKind::InvalidValue("NUL in a {n} literal (CHAR8; only literal8 ~{n} carries NUL)");

#[test]
fn the_parser_refuses_nul_in_a_plain_literal_under_the_strict_grammar() {
    // a client's defaults keep it (Lenient::nul_in_literals: no scan, so a literal's
    // cost does not grow with its size); only that switch decides
    let mut off = ParseOptions::default();
    off.lenient.nul_in_literals = false;
    let fetch = b"* 1 FETCH (BODY[] {3}\r\na\0b)\r\n";
    response(fetch, &ParseOptions::default());
    for opts in [strict(), ParseOptions::server(), off] {
        // refused at the NUL itself
        let nul = |wire: &[u8]| wire.iter().position(|&b| b == 0).unwrap();
        for wire in [
            &b"A1 APPEND INBOX {3}\r\na\0b\r\n"[..],
            b"A1 LOGIN u {3}\r\np\0w\r\n",
            b"A1 SELECT {3}\r\na\0b\r\n",
            b"A1 APPEND INBOX {3+}\r\n\0bc\r\n",
        ] {
            let e = command_refused(wire, &opts);
            assert_eq!(e, (NUL, nul(wire)), "{}", wire.escape_ascii());
        }
        let fetch = b"* 1 FETCH (BODY[] {3}\r\na\0b)\r\n";
        assert_eq!(refused(fetch, &opts), (NUL, nul(fetch)));
        // literal8 carries it
        let Decoded::Complete { value, .. } =
            parse_command_with(b"A1 APPEND INBOX ~{3}\r\na\0b\r\n", &opts)
        else {
            panic!()
        };
        assert_eq!(value.name(), "APPEND");
        response(b"* 1 FETCH (BINARY[] ~{3}\r\na\0b)\r\n", &opts);
    }
}

#[test]
fn a_command_string_holding_nul_is_refused_by_encode_command() {
    let login = command(CommandBody::Login {
        username: "u".into(),
        password: SecretString::new("p\0w"),
    });
    not_encoded(&login);
    assert!(
        login.body.validate().is_ok(),
        "the types hold it; the encoder refuses"
    );
    not_encoded(&command(CommandBody::Select {
        mailbox: Mailbox::new(&b"a\0b"[..]),
        params: vec![],
    }));
    not_encoded(&command(CommandBody::Search {
        uid: false,
        returns: None,
        charset: None,
        criteria: vec![SearchKey::Subject("x\0".into())],
    }));
}

#[test]
fn an_append_message_holding_nul_goes_as_literal8() {
    let append = command(CommandBody::Append {
        mailbox: Mailbox::Inbox,
        messages: vec![AppendMessage::new(Literal::new(
            &b"a\0b"[..],
            LiteralKind::Text,
        ))],
    });
    let mut out = Vec::new();
    encode_command(&append, &EncodeOptions::default(), &mut out).unwrap();
    assert_eq!(out, b"a APPEND INBOX ~{3}\r\na\0b\r\n");
    let Decoded::Complete { value, .. } = parse_command_with(&out, &strict()) else {
        panic!()
    };
    assert_eq!(value, append);
}

#[test]
fn a_response_string_holding_nul_goes_as_a_plain_literal_a_lenient_parser_reads() {
    // no strict form exists for NUL in BODY[] (nstring): the encoder writes `{n}` with
    // the NUL in it, which every client reads by its length and our lenient parser
    // takes back equal; the strict parser refuses it at the NUL
    let r = Response::Data(Data::Fetch {
        seq: 1.try_into().unwrap(),
        items: NonEmpty::one(FetchItem::BodySection {
            section: Section::default(),
            origin: None,
            data: Some(IString::from(&b"a\0b"[..])),
        }),
    });
    let wire = encoded(&r);
    assert_eq!(wire, b"* 1 FETCH (BODY[] {3}\r\na\0b)\r\n");
    assert_eq!(
        parse_response_with(&wire, &ParseOptions::default()).ok(),
        Some((r, wire.len()))
    );
    assert_eq!(refused(&wire, &strict()).1, 24);
}

// ---- commands with empty lists ----

#[test]
fn empty_lists_in_commands_are_refused_by_encode_command() {
    let and = command(CommandBody::Search {
        uid: false,
        returns: None,
        charset: None,
        criteria: vec![SearchKey::And(vec![])],
    });
    assert!(and.body.validate().is_err());
    not_encoded(&and);
    let deep = command(CommandBody::Search {
        uid: false,
        returns: None,
        charset: None,
        criteria: vec![SearchKey::Not(Box::new(SearchKey::Or(
            Box::new(SearchKey::All),
            Box::new(SearchKey::And(vec![SearchKey::And(vec![])])),
        )))],
    });
    not_encoded(&deep);
    not_encoded(&command(CommandBody::Enable(vec![])));
    not_encoded(&command(CommandBody::Fetch {
        uid: false,
        set: SequenceSet::all(),
        spec: FetchSpec::Attrs(vec![]),
        modifiers: vec![],
    }));
    // and the strict parser refuses their bytes
    for wire in [
        &b"a SEARCH ()\r\n"[..],
        b"a SEARCH NOT OR ALL (())\r\n",
        b"a ENABLE\r\n",
        b"a FETCH 1:* ()\r\n",
    ] {
        command_refused(wire, &strict());
    }
}

// ---- SEARCH, SORT, FETCH and CAPABILITY data ----

#[test]
fn search_and_sort_numbers_are_nz_numbers_and_may_be_none() {
    // `"SEARCH" *(SP nz-number)`, `"SORT" *(SP nz-number)`: none is valid, 0 is not
    for line in [&b"* SEARCH\r\n"[..], b"* SORT\r\n", b"* SEARCH 1 2\r\n"] {
        let r = response(line, &strict());
        assert_eq!(encoded(&r), line);
    }
    for line in [&b"* SEARCH 0\r\n"[..], b"* SORT 3 0\r\n"] {
        let (kind, at) = refused(line, &strict());
        assert_eq!(at, line.len() - 3, "{kind:?}");
        // zero_nz_number keeps it as 1, as for every nz-number
        let r = response(line, &ParseOptions::default());
        assert!(!encoded(&r).ends_with(b" 0\r\n"));
    }
}

#[test]
fn fetch_data_holds_at_least_one_item() {
    assert!(NonEmpty::<FetchItem<'_>>::new(vec![]).is_err());
    for opts in [strict(), ParseOptions::default()] {
        assert_eq!(refused(b"* 1 FETCH ()\r\n", &opts).1, 10);
    }
    // nested items (Domino, nested_fetch_items) that turn out empty: refused too
    assert_eq!(
        refused(b"* 1 FETCH (())\r\n", &ParseOptions::default()).1,
        10
    );
    assert_eq!(refused(b"* 1 FETCH (())\r\n", &strict()).1, 11);
}

#[test]
fn capability_data_names_imap4rev1_or_imap4rev2() {
    assert!(Capabilities::new(vec![]).is_err());
    assert!(Capabilities::new(vec![Capability::from_atom(Atom::new("IDLE").unwrap())]).is_err());
    for line in [
        &b"* CAPABILITY IMAP4rev1\r\n"[..],
        b"* CAPABILITY IDLE IMAP4rev2\r\n",
    ] {
        let r = response(line, &strict());
        assert_eq!(encoded(&r), line);
    }
    let caps = Capabilities::new(vec![Capability::Imap4Rev1]).unwrap();
    assert_eq!(
        encoded(&Response::Data(Data::Capability(caps))),
        b"* CAPABILITY IMAP4rev1\r\n"
    );
    for opts in [strict(), ParseOptions::default()] {
        for line in [&b"* CAPABILITY\r\n"[..], b"* CAPABILITY IDLE\r\n"] {
            assert_eq!(
                refused(line, &opts),
                (
                    DecodeErrorKind::InvalidValue("CAPABILITY without IMAP4rev1 or IMAP4rev2"),
                    12
                )
            );
        }
    }
}

// ---- lenient values re-encoded ----

/// Gmail's keyword `OIB-Seen-[Gmail]/Trash` (MailKit#193), read under loose_atoms:
/// `flag-keyword = atom` has no quoted form, so no strict bytes exist for it. It is
/// written back as read (documented on `Flag::Keyword`), a lenient parser reads that
/// back to the same value, the strict one refuses it at the `]`, and
/// `Atom::is_strict` tells such values apart.
#[test]
fn a_lenient_keyword_re_encodes_as_read_and_only_lenient_parsers_take_it() {
    let lenient = ParseOptions::default();
    let flags = b"* FLAGS (\\Seen OIB-Seen-[Gmail]/Trash $Junk)\r\n";
    let perm = b"* OK [PERMANENTFLAGS (\\Seen OIB-Seen-[Gmail]/Trash \\*)] Flags permitted.\r\n";
    for line in [&flags[..], perm] {
        let r = response(line, &lenient);
        let wire = encoded(&r);
        assert_eq!(wire, line);
        assert_eq!(response(&wire, &lenient), r);
        let at = wire.windows(7).position(|w| w == b"]/Trash").unwrap();
        assert_eq!(refused(&wire, &strict()).1, at);
    }
    let Response::Data(Data::Flags(list)) = response(flags, &lenient) else {
        panic!()
    };
    let strictness: Vec<bool> = list
        .iter()
        .filter_map(|f| match f {
            Flag::Keyword(a) => Some(a.is_strict()),
            _ => None,
        })
        .collect();
    assert_eq!(strictness, [false, true]);
    assert!(Atom::new("$Junk").unwrap().is_strict());
}

/// Zoho's `MODSEQ (0)` and `MODSEQ (-1)`, kept as 0 by the lenient parser, re-encode
/// as `MODSEQ (0)` (documented on `ModSeq`): only a lenient parser reads that back.
#[test]
fn a_lenient_zero_mod_sequence_re_encodes_as_zero() {
    for line in [
        &b"* 1 FETCH (MODSEQ (0))\r\n"[..],
        b"* 1 FETCH (MODSEQ (-1))\r\n",
    ] {
        let r = response(line, &ParseOptions::default());
        let wire = encoded(&r);
        assert_eq!(wire, b"* 1 FETCH (MODSEQ (0))\r\n");
        assert_eq!(response(&wire, &ParseOptions::default()), r);
        refused(&wire, &strict());
    }
}
