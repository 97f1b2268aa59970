//! Issue 7: tolerances for what named servers send (each on by default, off under
//! `Lenient::strict()`, refused there with its byte offset), and the places where the
//! strict grammar was looser than the RFCs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use imap_proto::*;

mod support;
use support::*;

fn command_ok(input: &[u8], opts: &ParseOptions) {
    match parse_command_with(input, opts) {
        Decoded::Complete { consumed, .. } => assert_eq!(consumed, input.len()),
        other => panic!("{}: {other:?}", input.escape_ascii()),
    }
}

fn tagged_text<'a>(r: &'a Response<'a>) -> &'a RespText<'a> {
    match r {
        Response::Tagged { text, .. } => text,
        other => panic!("not tagged: {other:?}"),
    }
}

/// `input` refused under strict at the first byte of `bad`, as not UTF-8.
fn refused_as_not_utf8(input: &[u8], bad: &[u8]) {
    assert_eq!(
        refused(input, &strict()),
        (
            DecodeErrorKind::Syntax("TEXT-CHAR or UTF-8"),
            at(input, bad)
        )
    );
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
    assert!(matches!(fetch_items(&r)[1], FetchItem::ModSeq(m) if m.get() == 0));
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
    command_ok(
        b"a FETCH 1 FLAGS (CHANGEDSINCE 0)\r\n",
        &ParseOptions::default(),
    );
}

#[test]
fn mod_sequence_valzer_takes_zero_under_strict() {
    // STATUS HIGHESTMODSEQ 0: the mailbox has no persistent mod-sequences (§3.1.2.2)
    let r = response(b"* STATUS a (HIGHESTMODSEQ 0)\r\n", &strict());
    let Response::Data(Data::Status { items, .. }) = r else {
        panic!()
    };
    assert_eq!(items, [StatusItem::HighestModSeq(0)]);
    command_ok(
        b"a STORE 1 (UNCHANGEDSINCE 0) +FLAGS (\\Seen)\r\n",
        &strict(),
    );
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
    assert_eq!(
        (kind, offset),
        (DecodeErrorKind::Syntax("number"), at(line, b"-1)"))
    );
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

/// Domino describes a message/rfc822 part it cannot read with an all-NIL envelope and
/// an empty `()` body (MailKit#944).
#[test]
fn loose_body_reads_dominos_empty_message_body() {
    let line: &[u8] = b"* 3 FETCH (UID 9 BODYSTRUCTURE ((\"text\" \"plain\" NIL NIL NIL \"7BIT\" 20 1 NIL NIL NIL)(\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 500 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) () 0 NIL NIL NIL) \"report\" NIL NIL NIL))\r\n";
    let empty = at(line, b"() 0");
    assert_eq!(
        refused(line, &strict()),
        (DecodeErrorKind::Syntax("string"), empty + 1)
    );
    let r = response(line, &ParseOptions::default());
    let BodyStructure::Multipart { parts, .. } = body_of(&r) else {
        panic!("{r:?}")
    };
    let BodyStructure::Single {
        kind: SinglePartKind::Message { body, lines, .. },
        ..
    } = &parts[1]
    else {
        panic!("{:?}", parts[1])
    };
    assert!(body.is_empty());
    assert_eq!(**body, BodyStructure::empty());
    assert_eq!(*lines, 0);
    // written back as `()`, and read back the same
    let mut wire = Vec::new();
    encode_response(&r, &mut wire);
    assert_eq!(wire, line);
    assert_eq!(response(&wire, &ParseOptions::default()), r);
    let mut off = ParseOptions::default();
    off.lenient.loose_body = false;
    assert!(matches!(
        parse_response_with(line, &off),
        Decoded::Failed(_)
    ));
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
    assert_eq!(fetch_items(&r)[1], FetchItem::Rfc822Size(0u32.into()));
    // only -1 means "unknown": -12 stays an error
    let other = b"* 1 FETCH (RFC822.SIZE -12)\r\n";
    assert!(parse_response(other).err().is_some());
}

// ---- 2b and 3: 8-bit bytes in quoted strings and text ----

const NOT_UTF8_QUOTED: DecodeErrorKind = DecodeErrorKind::Syntax("QUOTED-CHAR (UTF-8 only)");

#[test]
fn strict_quoted_strings_take_utf8_and_refuse_other_8_bit_bytes() {
    // RFC 9051 QUOTED-CHAR allows UTF8-2/3/4, so valid UTF-8 decodes under strict
    // (Proton Bridge sends raw UTF-8 names: modern-email/defects#38)
    let utf8 = "* 2 FETCH (ENVELOPE (NIL \"Test\" ((\"Cl\u{e9}ment\" NIL \"c\" \"localhost\")) NIL NIL NIL NIL NIL NIL NIL))\r\n";
    response(utf8.as_bytes(), &strict());
    // a Latin-1 é (0xE9) is no UTF-8: refused at that byte, kept under loose_quoted
    let latin1 = b"* 2 FETCH (ENVELOPE (NIL \"Caf\xe9\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n";
    assert_eq!(
        refused(latin1, &strict()),
        (NOT_UTF8_QUOTED, at(latin1, b"\xe9"))
    );
    let mut off = ParseOptions::default();
    off.lenient.loose_quoted = false;
    assert_eq!(refused(latin1, &off).1, at(latin1, b"\xe9"));
    let r = response(latin1, &ParseOptions::default());
    let FetchItem::Envelope(env) = &fetch_items(&r)[0] else {
        panic!()
    };
    assert_eq!(env.subject.as_ref().unwrap().as_bytes(), b"Caf\xe9");
    // the encoder sends 8-bit content as a literal, which the strict parser reads
    let mut wire = Vec::new();
    encode_response(&r, &mut wire);
    assert!(
        wire.windows(4).any(|w| w == b"{4}\r"),
        "{}",
        wire.escape_ascii()
    );
    assert_eq!(response(&wire, &strict()), r);
    // with an escape before the bad byte the offset is still the byte as sent
    let escaped = b"* 2 FETCH (ENVELOPE (NIL \"\\\"Caf\xe9\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n";
    assert_eq!(
        refused(escaped, &strict()),
        (NOT_UTF8_QUOTED, at(escaped, b"\xe9"))
    );
}

#[test]
fn strict_text_takes_utf8_and_refuses_other_8_bit_bytes() {
    let ok = "A1 NO [ALERT] Bo\u{ee}te pleine \u{2713}\r\n";
    response(ok.as_bytes(), &strict());
    let bad = b"A1 NO Bo\xeete pleine\r\n";
    refused_as_not_utf8(bad, b"\xee");
    let r = response(bad, &ParseOptions::default());
    let text = tagged_text(&r);
    assert_eq!(text.text.as_bytes(), b"Bo\xeete pleine");
    // Text::new takes UTF-8 only, so values built by hand encode to strict bytes
    assert!(Text::new(&b"Bo\xeete"[..]).is_err());
    assert!(Text::new("Bo\u{ee}te".as_bytes()).is_ok());
}

#[test]
fn strict_unknown_code_data_takes_utf8_and_refuses_other_8_bit_bytes() {
    let ok = "A1 NO [X-QUOTA Bo\u{ee}te pleine] full\r\n";
    let r = response(ok.as_bytes(), &strict());
    let text = tagged_text(&r);
    assert!(
        matches!(&text.code, Some(Code::Other(o)) if o.data() == Some("Bo\u{ee}te pleine".as_bytes()))
    );
    let bad = b"A1 NO [X-QUOTA Bo\xeete] full\r\n";
    refused_as_not_utf8(bad, b"\xee");
    // kept as sent by default
    let r = response(bad, &ParseOptions::default());
    let text = tagged_text(&r);
    assert!(matches!(&text.code, Some(Code::Other(o)) if o.data() == Some(&b"Bo\xeete"[..])));
}

#[test]
fn loose_quoted_reads_proton_bridges_backslash_before_a_letter() {
    // Proton Mail Bridge 3.15.1, in a comment of modern-email/defects#38 (2024-12-14,
    // from pimalaya/himalaya#525): an address name sent as
    // "Flight Company Customer Satisfaction\u00a0", a `\` before `u`, which RFC 9051's
    // `"\" quoted-specials` does not allow. The line as logged up to the first address
    // list, the rest of the envelope completed with NIL.
    let line = b"* 14 FETCH (UID 14 FLAGS () ENVELOPE (\"Sat, 19 Oct 2024 15:18:01 -0600\" \"=?utf-8?q?Comment_avez-vous_trouv=C3=A9_votre_vol_au_d=C3=A9part_de_City?= =?utf-8?q?_et_=C3=A0_destination_de_City=C2=A0=3F?=\" ((\"Flight Company Customer Satisfaction\\u00a0\" NIL \"noreply\" \"domain.tld\")) NIL NIL NIL NIL NIL NIL NIL))\r\n";
    let (kind, offset) = refused(line, &strict());
    assert_eq!(kind, DecodeErrorKind::Syntax("quoted-specials after \\"));
    assert_eq!(offset, at(line, b"\\u00a0"));
    let mut off = ParseOptions::default();
    off.lenient.loose_quoted = false;
    assert_eq!(refused(line, &off).1, offset);
    let r = response(line, &ParseOptions::default());
    let FetchItem::Envelope(env) = &fetch_items(&r)[2] else {
        panic!()
    };
    // kept as sent, the `\` with it
    assert_eq!(
        env.from()[0].name.as_ref().unwrap().as_bytes(),
        b"Flight Company Customer Satisfaction\\u00a0"
    );
}

// ---- 1a: bare LF line ends ----

#[test]
fn responses_ending_in_a_bare_lf_decode_leniently_and_fail_strictly_at_the_lf() {
    let lines: [&[u8]; 6] = [
        b"* 3 EXISTS\n",
        b"A1 OK done\n",
        b"* OK [UIDNEXT 5]\n",
        b"+ \n",
        b"* CAPABILITY IMAP4rev1 IDLE\n",
        b"* 1 FETCH (UID 5 BODY[] {3}\nabc)\n",
    ];
    for line in lines {
        let lf = line.iter().position(|&b| b == b'\n').unwrap();
        assert_eq!(
            refused(line, &strict()),
            (DecodeErrorKind::BareLineEnding, lf),
            "{}",
            line.escape_ascii()
        );
        let mut off = ParseOptions::default();
        off.lenient.lf_line_ends = false;
        assert_eq!(refused(line, &off), (DecodeErrorKind::BareLineEnding, lf));
        let r = response(line, &ParseOptions::default());
        // the same value as with CRLF
        let crlf: Vec<u8> = line
            .iter()
            .flat_map(|&b| {
                if b == b'\n' {
                    vec![b'\r', b'\n']
                } else {
                    vec![b]
                }
            })
            .collect();
        assert_eq!(r, response(&crlf, &ParseOptions::default()));
    }
    let Response::Data(Data::Fetch { items, .. }) = response(
        b"* 1 FETCH (UID 5 BODY[] {3}\nabc)\n",
        &ParseOptions::default(),
    ) else {
        panic!()
    };
    assert!(
        matches!(&items[1], FetchItem::BodySection { data: Some(d), .. } if d.as_bytes() == b"abc")
    );
}

/// Found by the `imap_response` fuzz target: an unknown data line ending in `{0} ` and
/// a bare `LF` lost its trailing space, and written back with `CRLF` it became a
/// literal announcement. The raw rest keeps every byte before the line end, so the
/// value written back reads back the same.
#[test]
fn unknown_data_ending_in_a_bare_lf_keeps_its_trailing_spaces() {
    let opts = ParseOptions::default();
    for (line, raw) in [
        (&b"* N a {0} \n"[..], &b"a {0} "[..]),
        (b"* N a {0} \r\n", b"a {0} "),
        (b"* 7 NEWS x  \n", b"x  "),
        (b"* N \n", b""),
    ] {
        let r = response(line, &opts);
        let Response::Data(Data::Other { rest, .. }) = &r else {
            panic!("{}: {r:?}", line.escape_ascii())
        };
        assert_eq!(rest.as_bytes(), raw, "{}", line.escape_ascii());
        let mut wire = Vec::new();
        encode_response(&r, &mut wire);
        assert_eq!(response(&wire, &opts), r, "{}", wire.escape_ascii());
    }
}

#[test]
fn commands_are_held_to_crlf_even_with_lf_line_ends_on() {
    let opts = ParseOptions::default();
    assert!(opts.lenient.lf_line_ends);
    assert_eq!(
        command_refused(b"a NOOP\n", &opts),
        (DecodeErrorKind::BareLineEnding, 6)
    );
    assert_eq!(
        command_refused(b"a LOGIN {3}\nbob x\r\n", &opts),
        (DecodeErrorKind::BareLineEnding, 11)
    );
    // the reference decoder agrees
    let r = imap_proto::parse::reference::parse_command_with(b"a NOOP\n", &opts);
    assert_eq!(r, parse_command_with(b"a NOOP\n", &opts));
}

#[test]
fn the_framer_takes_bare_lf_lines_only_when_allowed() {
    use imap_proto::framing::{FrameEvent, Framer, FramerOptions, Side};
    let input = b"* 1 EXISTS\n* 2 EXISTS\r\n";
    let mut f = Framer::new(FramerOptions::client());
    f.feed(input);
    let Some(FrameEvent::Message(m)) = f.poll() else {
        panic!()
    };
    assert_eq!(&m.bytes()[..], b"* 1 EXISTS\n");
    let Some(FrameEvent::Message(m)) = f.poll() else {
        panic!()
    };
    assert_eq!(&m.bytes()[..], b"* 2 EXISTS\r\n");

    let mut f = Framer::new(FramerOptions {
        limits: (&strict()).into(),
        side: Side::Client,
    });
    f.feed(input);
    let Some(FrameEvent::Error(e)) = f.poll() else {
        panic!()
    };
    assert_eq!((e.kind, e.offset), (DecodeErrorKind::BareLineEnding, 10));
    // dropped; the next line is framed
    let Some(FrameEvent::Message(m)) = f.poll() else {
        panic!()
    };
    assert_eq!(&m.bytes()[..], b"* 2 EXISTS\r\n");

    // a server's framer is strict by default: a bare LF after a literal is refused too
    let mut f = Framer::new(FramerOptions::server());
    f.feed(b"a APPEND x {2+}\r\nab\nb NOOP\r\n");
    assert!(matches!(f.poll(), Some(FrameEvent::Literal(_))));
    let Some(FrameEvent::Error(e)) = f.poll() else {
        panic!()
    };
    assert_eq!((e.kind, e.offset), (DecodeErrorKind::BareLineEnding, 19));
    let Some(FrameEvent::Message(m)) = f.poll() else {
        panic!()
    };
    assert_eq!(&m.bytes()[..], b"b NOOP\r\n");

    // and it stays so with limits that allow bare LF: they are for responses only,
    // as `parse_command_with` holds commands to CRLF whatever the options say
    let limits: framing::Limits = (&ParseOptions::default()).into();
    assert!(limits.lf_line_ends);
    let mut f = Framer::new(FramerOptions {
        limits,
        side: Side::Server,
    });
    f.feed(b"a NOOP\nb NOOP\r\n");
    let Some(FrameEvent::Error(e)) = f.poll() else {
        panic!()
    };
    assert_eq!((e.kind, e.offset), (DecodeErrorKind::BareLineEnding, 6));
    let Some(FrameEvent::Message(m)) = f.poll() else {
        panic!()
    };
    assert_eq!(&m.bytes()[..], b"b NOOP\r\n");
}

// ---- 1c: atoms where ENVELOPE and BODYSTRUCTURE want strings ----

#[test]
fn unquoted_strings_in_bodystructure_and_envelope() {
    let body = b"* 1 FETCH (BODYSTRUCTURE (text plain (charset us-ascii) NIL NIL 7bit 10 1))\r\n";
    assert_eq!(refused(body, &strict()).1, at(body, b"text"));
    let mut off = ParseOptions::default();
    off.lenient.unquoted_strings = false;
    assert_eq!(refused(body, &off).1, at(body, b"text"));
    let r = response(body, &ParseOptions::default());
    let BodyStructure::Single {
        media_type,
        subtype,
        fields,
        kind,
        ..
    } = body_of(&r)
    else {
        panic!()
    };
    assert_eq!(media_type.as_bytes(), b"text");
    assert_eq!(subtype.as_bytes(), b"plain");
    assert_eq!(fields.encoding.as_bytes(), b"7bit");
    assert_eq!(fields.octets, 10);
    assert_eq!(*kind, SinglePartKind::Text { lines: 1 });
    // the same value as the quoted form
    let quoted = b"* 1 FETCH (BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 10 1))\r\n";
    assert_eq!(r, response(quoted, &strict()));

    let env = b"* 2 FETCH (ENVELOPE (NIL Hello ((NIL NIL joe example.com)) NIL NIL NIL NIL NIL NIL <id@x>))\r\n";
    assert_eq!(refused(env, &strict()).1, at(env, b"Hello"));
    assert_eq!(refused(env, &off).1, at(env, b"Hello"));
    let r = response(env, &ParseOptions::default());
    let FetchItem::Envelope(e) = &fetch_items(&r)[0] else {
        panic!()
    };
    assert_eq!(e.subject.as_ref().unwrap().as_bytes(), b"Hello");
    let from = &e.from()[0];
    assert_eq!(from.name, None, "NIL stays nil");
    assert_eq!(from.mailbox.as_ref().unwrap().as_bytes(), b"joe");
    assert_eq!(from.host.as_ref().unwrap().as_bytes(), b"example.com");
    assert_eq!(e.message_id.as_ref().unwrap().as_bytes(), b"<id@x>");
    // re-encoded, the strings go quoted and decode under strict
    let mut wire = Vec::new();
    encode_response(&r, &mut wire);
    assert_eq!(response(&wire, &strict()), r);
}

#[test]
fn text_may_start_with_a_bracket_that_opens_no_code() {
    // RFC 9051's text takes `[`: with no `]` on the line it can be no code
    for line in [
        &b"* OK [oops\r\n"[..],
        b"a1 NO [ half a thought\r\n",
        b"+ [\r\n",
    ] {
        let r = parse_response_with(line, &strict()).ok();
        let text = match r.as_ref().map(|(r, _)| r) {
            Some(Response::Untagged { text, .. })
            | Some(Response::Tagged { text, .. })
            | Some(Response::Continue(text)) => text,
            other => panic!("{}: {other:?}", line.escape_ascii()),
        };
        assert!(text.code.is_none());
        assert!(text.text.as_bytes().starts_with(b"["));
    }
    // a `[...]` that is no valid code stays an error under the strict grammar
    assert_eq!(refused(b"* OK [UIDNEXT x] y\r\n", &strict()).1, 14);
}

#[test]
fn nul_before_an_escape_in_a_quoted_string_is_refused() {
    // the bytes before the first `\` were copied unchecked (found by fuzzing): NUL got
    // into a mailbox name that no encoder may write
    let line = b"A002 CREATE \"IN\0BOX\\\\x\"\r\n";
    assert_eq!(command_refused(line, &strict()).1, 15);
    assert_eq!(command_refused(line, &ParseOptions::default()).1, 15);
    let line = b"* LIST () \"/\" \"IN\0BOX\\\\x\"\r\n";
    assert_eq!(refused(line, &ParseOptions::default()).1, 17);
}
