//! Issue 7: tolerances for what named servers send (each on by default, off under
//! `Lenient::strict()`, refused there with its byte offset), and the places where the
//! strict grammar was looser than the RFCs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use imap_proto::*;

fn strict() -> ParseOptions {
    ParseOptions::strict()
}

/// The whole of `input` as one response under `opts`.
fn response<'a>(input: &'a [u8], opts: &ParseOptions) -> Response<'a> {
    match parse_response_with(input, opts) {
        Decoded::Complete { value, consumed } => {
            assert_eq!(consumed, input.len(), "{}", input.escape_ascii());
            value
        }
        other => panic!("{}: {other:?}", input.escape_ascii()),
    }
}

/// The error `input` gives under `opts`: its kind and byte offset.
fn refused(input: &[u8], opts: &ParseOptions) -> (DecodeErrorKind, usize) {
    match parse_response_with(input, opts) {
        Decoded::Failed(e) => (e.kind, e.offset),
        other => panic!("{} decodes: {other:?}", input.escape_ascii()),
    }
}

fn command_refused(input: &[u8], opts: &ParseOptions) -> (DecodeErrorKind, usize) {
    match parse_command_with(input, opts) {
        Decoded::Failed(e) => (e.kind, e.offset),
        other => panic!("{} decodes: {other:?}", input.escape_ascii()),
    }
}

fn command_ok(input: &[u8], opts: &ParseOptions) {
    match parse_command_with(input, opts) {
        Decoded::Complete { consumed, .. } => assert_eq!(consumed, input.len()),
        other => panic!("{}: {other:?}", input.escape_ascii()),
    }
}

/// Where `needle` first starts in `hay`: the offset an error must name.
fn at(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .unwrap()
}

fn fetch_items<'a>(r: &'a Response<'a>) -> &'a [FetchItem<'a>] {
    match r {
        Response::Data(Data::Fetch { items, .. }) => items,
        other => panic!("not a FETCH: {other:?}"),
    }
}

// ---- 2a: mod-sequence-value is positive; only mod-sequence-valzer takes 0 ----

const ZERO: DecodeErrorKind =
    DecodeErrorKind::InvalidValue("zero where mod-sequence-value is required");

#[test]
fn zero_where_rfc_7162_requires_a_positive_mod_sequence_is_refused_under_strict() {
    // `permsg-modsequence = mod-sequence-value`: Zoho sends `MODSEQ (0)` (the corpus
    // file zoho/fetch-negative-modseq-values.txt), read as 0 under zero_nz_number
    let line = b"* 1 FETCH (UID 7 MODSEQ (0))\r\n";
    assert_eq!(refused(line, &strict()), (ZERO, at(line, b"0))")));
    let r = response(line, &ParseOptions::default());
    assert_eq!(fetch_items(&r)[1], FetchItem::ModSeq(0));
    // `"HIGHESTMODSEQ" SP mod-sequence-value` in a response code
    assert_eq!(
        refused(b"* OK [HIGHESTMODSEQ 0] x\r\n", &strict()),
        (ZERO, 20)
    );
    // search-sort-mod-seq and ESEARCH's MODSEQ (RFC 4731 §3.2)
    assert_eq!(refused(b"* SEARCH 2 (MODSEQ 0)\r\n", &strict()), (ZERO, 19));
    assert_eq!(
        refused(b"* ESEARCH (TAG \"a\") ALL 1 MODSEQ 0\r\n", &strict()),
        (ZERO, 33)
    );
    // CHANGEDSINCE and QRESYNC's mod-sequence-value in commands
    assert_eq!(
        command_refused(b"a FETCH 1 FLAGS (CHANGEDSINCE 0)\r\n", &strict()),
        (ZERO, 30)
    );
    assert_eq!(
        command_refused(b"a SELECT x (QRESYNC (1 0))\r\n", &strict()),
        (ZERO, 23)
    );
    // the same values decode with the tolerance on
    for line in [
        &b"* OK [HIGHESTMODSEQ 0] x\r\n"[..],
        b"* SEARCH 2 (MODSEQ 0)\r\n",
        b"* ESEARCH (TAG \"a\") ALL 1 MODSEQ 0\r\n",
    ] {
        response(line, &ParseOptions::default());
    }
    command_ok(b"a FETCH 1 FLAGS (CHANGEDSINCE 0)\r\n", &ParseOptions::default());
}

#[test]
fn mod_sequence_valzer_takes_zero_under_strict() {
    // STATUS HIGHESTMODSEQ 0: the mailbox has no persistent mod-sequences (§3.1.2.2)
    let r = response(b"* STATUS a (HIGHESTMODSEQ 0)\r\n", &strict());
    let Response::Data(Data::Status { items, .. }) = r else {
        panic!()
    };
    assert_eq!(items, [StatusItem::HighestModSeq(0)]);
    command_ok(b"a STORE 1 (UNCHANGEDSINCE 0) +FLAGS (\\Seen)\r\n", &strict());
    command_ok(b"a SEARCH MODSEQ 0\r\n", &strict());
}

#[test]
fn mod_sequences_past_63_bits_overflow_everywhere() {
    for opts in [strict(), ParseOptions::default()] {
        assert_eq!(
            refused(b"* 1 FETCH (MODSEQ (9223372036854775808))\r\n", &opts),
            (DecodeErrorKind::NumberOverflow, 19)
        );
        assert_eq!(
            refused(b"* STATUS a (HIGHESTMODSEQ 9223372036854775808)\r\n", &opts),
            (DecodeErrorKind::NumberOverflow, 26)
        );
    }
    response(b"* 1 FETCH (MODSEQ (9223372036854775807))\r\n", &strict());
}

// ---- 1b: `\*` in FLAGS ----

#[test]
fn zoho_sends_any_flag_in_an_untagged_flags_list() {
    // imap.zoho.com, reported in djc/imap-proto#91 and modern-email/defects#44:
    // `\*` belongs only in PERMANENTFLAGS (RFC 9051 `flag-perm`), not in `flag-list`
    let line = b"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)\r\n";
    let (kind, offset) = refused(line, &strict());
    assert_eq!(offset, at(line, b"*)"), "{kind:?}");
    let mut off = ParseOptions::default();
    off.lenient.any_flag_in_flags = false;
    assert_eq!(refused(line, &off).1, at(line, b"*)"));
    let r = response(line, &ParseOptions::default());
    let Response::Data(Data::Flags(flags)) = &r else {
        panic!("{r:?}")
    };
    assert_eq!(flags.len(), 6);
    assert!(
        matches!(&flags[5], Flag::Extension(a) if a.as_str() == "*"),
        "{flags:?}"
    );
    let mut wire = Vec::new();
    encode_response(&r, &mut wire);
    assert_eq!(wire, line);
    // `\*x` is no `\*`: still refused (an extension flag's atom cannot hold `*`)
    assert!(parse_response(b"* FLAGS (\\*x)\r\n").err().is_some());
}

// ---- 1d and 3: `-1` sizes and line counts; loose_body on a server's real bytes ----

fn body_of<'a>(r: &'a Response<'a>) -> &'a BodyStructure<'a> {
    match fetch_items(r).last() {
        Some(FetchItem::Body(b) | FetchItem::BodyStructure(b)) => b,
        other => panic!("no body: {other:?}"),
    }
}

#[test]
fn loose_body_reads_a_real_servers_minus_one_part_size() {
    // The FETCH reply logged in emersion/go-imap#534 (2023, "expected number, got
    // \"-\""), its BODY up to the end; modern-email/defects#27, which cites it, names
    // Dovecot (or Exchange) as the server sending `-1`. The part "multipart/parallel"
    // inside the message/rfc822 part is sent as a single part of size -1.
    let line: &[u8] = b"* 32 FETCH (UID 389 RFC822.SIZE 27824 BODY ((\"text\" \"plain\" NIL NIL NIL \"7bit\" 155 1)(\"message\" \"feedback-report\" NIL NIL NIL \"7bit\" 141)(\"message\" \"rfc822\" NIL NIL NIL \"8bit\" 0 (\"Thu, 8 Jun 2023 11:37:19 +0200\" \"=?utf-8?... =?utf-8?Q?023@ID61326?=\" ((\"{.eml From}\" NIL \"{.eml From local part}\" \"{.eml From domain}\")) ((NIL NIL \"{.eml Sender local part}\" \"{.eml Sender domain}\")) NIL NIL NIL NIL NIL \"<{.eml messageID}>\") (\"multipart\" \"parallel\" (\"boundary\" \"_90b3ff09-0c78-477e-ac01-677ba1271137_\") NIL NIL \"7BIT\" -1) 0) \"report\"))\r\n";
    let (kind, offset) = refused(line, &strict());
    assert_eq!((kind, offset), (DecodeErrorKind::Syntax("number"), at(line, b"-1)")));
    let mut off = ParseOptions::default();
    off.lenient.loose_body = false;
    assert_eq!(refused(line, &off).1, at(line, b"-1)"));
    let r = response(line, &ParseOptions::default());
    let BodyStructure::Multipart { parts, .. } = body_of(&r) else {
        panic!()
    };
    let BodyStructure::Single {
        kind: SinglePartKind::Message { body, .. },
        ..
    } = &parts[2]
    else {
        panic!("{:?}", parts[2])
    };
    let BodyStructure::Single { fields, .. } = &**body else {
        panic!()
    };
    assert_eq!(fields.octets, 0, "-1 is read as 0");
}

#[test]
fn minus_one_line_counts_and_sizes_read_as_zero() {
    let text = b"* 1 FETCH (BODYSTRUCTURE (\"text\" \"plain\" NIL NIL NIL \"7bit\" 155 -1))\r\n";
    assert_eq!(refused(text, &strict()).1, at(text, b"-1"));
    let r = response(text, &ParseOptions::default());
    let BodyStructure::Single { kind, .. } = body_of(&r) else {
        panic!()
    };
    assert_eq!(*kind, SinglePartKind::Text { lines: 0 });

    let size = b"* 1 FETCH (UID 4 RFC822.SIZE -1)\r\n";
    assert_eq!(refused(size, &strict()).1, at(size, b"-1"));
    let mut off = ParseOptions::default();
    off.lenient.negative_size = false;
    assert_eq!(refused(size, &off).1, at(size, b"-1"));
    let r = response(size, &ParseOptions::default());
    assert_eq!(fetch_items(&r)[1], FetchItem::Rfc822Size(0));
    // only -1 means "unknown": -12 stays an error
    let other = b"* 1 FETCH (RFC822.SIZE -12)\r\n";
    assert!(parse_response(other).err().is_some());
}
