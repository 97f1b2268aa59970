//! Audit 7 G4: every value the types let a caller build encodes to bytes the strict
//! parser reads back; values that have no strict form are refused when built (or, for
//! commands, by `encode_command`), and the strict parser refuses their bytes too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use imap_proto::*;

fn strict() -> ParseOptions {
    ParseOptions::strict()
}

/// The error `input` gives under `opts`: its kind and byte offset.
fn refused(input: &[u8], opts: &ParseOptions) -> (DecodeErrorKind, usize) {
    match parse_response_with(input, opts) {
        Decoded::Failed(e) => (e.kind, e.offset),
        other => panic!("{} decodes: {other:?}", input.escape_ascii()),
    }
}

fn response<'a>(input: &'a [u8], opts: &ParseOptions) -> Response<'a> {
    match parse_response_with(input, opts) {
        Decoded::Complete { value, consumed } => {
            assert_eq!(consumed, input.len(), "{}", input.escape_ascii());
            value
        }
        other => panic!("{}: {other:?}", input.escape_ascii()),
    }
}

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
            items: vec![FetchItem::ModSeq(ModSeq::new(n).unwrap())],
        });
        assert_eq!(response(&encoded(&r), &strict()), r);
    }
}

#[test]
fn rfc822_size_is_a_number64() {
    assert!(Number64::new(MAX_NUMBER64 + 1).is_err());
    let r = Response::Data(Data::Fetch {
        seq: 1.try_into().unwrap(),
        items: vec![FetchItem::Rfc822Size(Number64::new(MAX_NUMBER64).unwrap())],
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
