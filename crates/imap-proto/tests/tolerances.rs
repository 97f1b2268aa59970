//! Every tolerance of `Lenient` on the bytes of a named server: each test decodes a
//! server's real reply with the defaults and checks the value that comes out, then
//! shows that the reply fails under `ParseOptions::strict()` and with only that
//! tolerance off, at the byte offset that needs it. The bytes come from the MailKit
//! corpus (`../shared/corpus/mailkit-imap`, quoted here and checked against it when it
//! is present) or from a public report, quoted as it logged them; where no real bytes
//! were found the test says so in its name (`undocumented_...`) and uses the bytes the
//! tolerance's doc comment describes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::num::NonZeroU32;

use imap_proto::*;

mod support;
use support::*;

/// Turns one tolerance off.
type Off = fn(&mut Lenient);

/// `quoted` is what `file` holds (when the corpus sits beside the repository; the
/// quote is the test's input either way).
fn from_corpus<'a>(file: &str, quoted: &'a [u8]) -> &'a [u8] {
    if let Some(bytes) = corpus_file(file) {
        assert!(
            bytes.windows(quoted.len()).any(|w| w == quoted),
            "{file} does not hold {}",
            quoted.escape_ascii()
        );
    }
    quoted
}

/// Only `off` turned off.
fn without(off: Off) -> ParseOptions {
    let mut opts = ParseOptions::default();
    off(&mut opts.lenient);
    opts
}

/// `input` decodes with the defaults, and is refused with `kind` at `offset` both
/// under `ParseOptions::strict()` and with only `off` turned off: the tolerance is
/// what makes it pass. The value decoded with the defaults re-encodes to bytes that
/// decode to it again.
fn needs<'a>(input: &'a [u8], off: Off, kind: DecodeErrorKind, offset: usize) -> Response<'a> {
    assert_eq!(
        refused(input, &without(off)),
        (kind.clone(), offset),
        "one off"
    );
    assert_eq!(
        refused(input, &ParseOptions::strict()),
        (kind, offset),
        "strict"
    );
    let value = response(input, &ParseOptions::default());
    let mut wire = Vec::new();
    encode_response(&value, &mut wire);
    assert_eq!(
        response(&wire, &ParseOptions::default()),
        value,
        "{}",
        wire.escape_ascii()
    );
    value
}

fn syntax(what: &'static str) -> DecodeErrorKind {
    DecodeErrorKind::Syntax(what)
}

fn untagged_ok<'a>(r: &'a Response<'a>) -> &'a RespText<'a> {
    match r {
        Response::Untagged {
            status: UntaggedStatus::Ok,
            text,
        } => text,
        other => panic!("not an untagged OK: {other:?}"),
    }
}

fn fetch<'a>(r: &'a Response<'a>) -> (u32, &'a [FetchItem<'a>]) {
    match r {
        Response::Data(Data::Fetch { seq, items }) => (seq.get(), items),
        other => panic!("not a FETCH: {other:?}"),
    }
}

fn body<'a>(r: &'a Response<'a>) -> &'a BodyStructure<'a> {
    match fetch(r).1.iter().find_map(|item| match item {
        FetchItem::Body(b) | FetchItem::BodyStructure(b) => Some(b),
        _ => None,
    }) {
        Some(b) => b,
        None => panic!("no body: {r:?}"),
    }
}

fn parts<'a>(b: &'a BodyStructure<'a>) -> &'a [BodyStructure<'a>] {
    match b {
        BodyStructure::Multipart { parts, .. } => parts,
        other => panic!("not a multipart: {other:?}"),
    }
}

fn fields<'a>(b: &'a BodyStructure<'a>) -> &'a BodyFields<'a> {
    match b {
        BodyStructure::Single { fields, .. } => fields,
        other => panic!("not a single part: {other:?}"),
    }
}

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap()
}

// ---- missing_text ----

/// gmail/select-inbox.txt: Gmail's SELECT reply has `* OK [HIGHESTMODSEQ 126550]`,
/// a code with no `SP text` after it (RFC 3501 `"[" resp-text-code "]" SP text`).
#[test]
fn gmail_response_code_with_no_text() {
    let line = from_corpus("gmail/select-inbox.txt", b"* OK [HIGHESTMODSEQ 126550]\r\n");
    let r = needs(
        line,
        |l| l.missing_text = false,
        syntax("SP after the response code"),
        at(line, b"\r\n"),
    );
    let text = untagged_ok(&r);
    assert_eq!(text.code, Some(Code::HighestModSeq(126550)));
    assert_eq!(text.text.as_bytes(), b"");
}

/// ppops.net answers a COPY of a UID that does not exist with `A6 OK` and nothing
/// after the status (mscdex/node-imap#537, #539).
#[test]
fn ppops_net_tagged_ok_with_nothing_after_it() {
    let line = b"A6 OK\r\n";
    let r = needs(line, |l| l.missing_text = false, syntax("SP"), 5);
    let Response::Tagged { tag, status, text } = &r else {
        panic!("{r:?}")
    };
    assert_eq!(tag.as_str(), "A6");
    assert_eq!(*status, Status::Ok);
    assert_eq!((&text.code, text.text.as_bytes()), (&None, &b""[..]));
}

/// Proton Mail Bridge answers `AUTHENTICATE PLAIN` (no SASL-IR) with a continuation
/// request that imap-codec refuses (pimalaya/himalaya#556: "wrote 33/33 bytes",
/// "read 3/1024 bytes", MalformedMessage; #628 for Bridge v3.22.0). The trace gives
/// the length, not the bytes: 3 bytes that imap-codec refuses as a continuation are
/// `+` CRLF, the `+` alone that apple/swift-nio-imap#222 and #516 show servers send.
/// RFC 3501: `"+" SP (resp-text / base64)`.
#[test]
fn proton_bridge_continuation_with_no_text() {
    let line = b"+\r\n";
    let r = needs(line, |l| l.missing_text = false, syntax("SP"), 1);
    let Response::Continue(text) = &r else {
        panic!("{r:?}")
    };
    assert_eq!((&text.code, text.text.as_bytes()), (&None, &b""[..]));
}

// ---- extra_spaces ----

/// imap.qq.com sends `11487 FETCH (UID 19436 )`, a space before the closing paren
/// (jakartaee/mail-api#209, the line logged without its `* `).
#[test]
fn qq_mail_space_before_fetch_close_paren() {
    let line = b"* 11487 FETCH (UID 19436 )\r\n";
    let r = needs(
        line,
        |l| l.extra_spaces = false,
        syntax("fetch data item"),
        at(line, b")"),
    );
    assert_eq!(fetch(&r), (11487, &[FetchItem::Uid(nz(19436))][..]));
}

/// Gmail ("Gimap"), logged in mscdex/node-imap#546 (as a JavaScript string, its
/// escapes undone here): two spaces after `FLAGS (\Seen)` and before the closing
/// paren of a FETCH.
#[test]
fn gmail_doubled_space_before_fetch_close_paren() {
    let line = b"* 1331 FETCH (X-GM-THRID 1532140282143983147 X-GM-MSGID 1532145950656002128 X-GM-LABELS (\"\\\\Important\" \"\\\\Sent\") UID 1395 MODSEQ (247766) INTERNALDATE \"20-Apr-2016 16:04:02 +0000\" FLAGS (\\Seen)  )\r\n";
    let r = needs(
        line,
        |l| l.extra_spaces = false,
        syntax("fetch data item"),
        at(line, b"  )") + 1,
    );
    let (seq, items) = fetch(&r);
    assert_eq!(seq, 1331);
    assert_eq!(items.len(), 7, "{items:?}");
    assert_eq!(
        items[6],
        FetchItem::Flags(vec![FlagFetch::Flag(Flag::Seen)])
    );
}

/// Yahoo's SEARCH reply ends in a space: `* SEARCH 7456 ` (ikvk/imap_tools#97); so
/// does David.fx Mail Access Server's (jstedfast/MailKit#422).
#[test]
fn yahoo_search_with_a_trailing_space() {
    for (line, numbers) in [
        (&b"* SEARCH 7456 \r\n"[..], &[7456][..]),
        (
            b"* SEARCH 28219 29170 29200 29242 29352 \r\n",
            &[28219, 29170, 29200, 29242, 29352],
        ),
    ] {
        let r = needs(
            line,
            |l| l.extra_spaces = false,
            syntax("CRLF"),
            at(line, b" \r\n"),
        );
        assert_eq!(
            r,
            Response::Data(Data::Search {
                numbers: numbers
                    .iter()
                    .map(|&n: &u32| n.try_into().unwrap())
                    .collect(),
                modseq: None
            })
        );
    }
}

// ---- bad_code_as_text ----

/// Outlook 365 (ruby/net-imap#597, 2026): a tagged OK whose bracketed text is no
/// response code (`Error="..."` is an atom followed by a quoted string), kept as text.
#[test]
fn outlook365_bracketed_text_that_is_no_response_code() {
    let line = b"RUBY0001 OK [Error=\"Microsoft.Exchange.Data.Storage.WrongServerException:Cross Server access is not allowed for mailbox xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\" AuthResultFromPopImapEnd=0 Proxy=XXXXXXXXXXXXX.EURXXXX.PROD.OUTLOOK.COM:1993:SSL MailboxBE=XXXXXXXXXXXXX.EURXXXX.PROD.OUTLOOK.COM Service=Imap4] AUTHENTICATE completed.\r\n";
    let r = needs(
        line,
        |l| l.bad_code_as_text = false,
        syntax("]"),
        at(line, b"\"Microsoft"),
    );
    let Response::Tagged { status, text, .. } = &r else {
        panic!("{r:?}")
    };
    assert_eq!(*status, Status::Ok);
    assert_eq!(text.code, None);
    assert_eq!(
        text.text.as_bytes(),
        &line[at(line, b"[Error")..line.len() - 2]
    );
}

// ---- loose_atoms ----

/// Gmail keywords holding `]` (and `[`) in FLAGS and PERMANENTFLAGS: set by a client
/// as `OIB-Seen-[Gmail]/Trash`, sent back as atoms (jstedfast/MailKit#193, 2015).
/// `OIB-Seen-[Gmail]/All Mail` holds a space too, so it reads as two keywords, as sent.
#[test]
fn gmail_keywords_holding_a_close_bracket() {
    let flags = b"* FLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen OIB-Seen-[Gmail]/Trash OIB-Seen-[Gmail]/Important $MailFlagBit2 OIB-Seen-Unsubscribe $Phishing $Forwarded $MDNSent OIB-Seen-INBOX JunkRecorded NotJunk $NotJunk $NotPhishing $Junk OIB-Seen-[Gmail]/All Mail OIB-Seen-[Gmail]/Spam)\r\n";
    let r = needs(
        flags,
        |l| l.loose_atoms = false,
        syntax("SP or )"),
        at(flags, b"]/Trash"),
    );
    let Response::Data(Data::Flags(list)) = &r else {
        panic!("{r:?}")
    };
    let keywords: Vec<&str> = list
        .iter()
        .filter_map(|f| match f {
            Flag::Keyword(a) => Some(a.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(keywords.len(), 16, "{keywords:?}");
    assert_eq!(keywords[0], "OIB-Seen-[Gmail]/Trash");
    assert_eq!(keywords[13], "OIB-Seen-[Gmail]/All");
    assert_eq!(keywords[14], "Mail");
    assert_eq!(keywords[15], "OIB-Seen-[Gmail]/Spam");

    let perm = b"* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen OIB-Seen-[Gmail]/Trash OIB-Seen-[Gmail]/Important $MailFlagBit2 OIB-Seen-Unsubscribe $Phishing $Forwarded $MDNSent OIB-Seen-INBOX JunkRecorded NotJunk $NotJunk $NotPhishing $Junk OIB-Seen-[Gmail]/All Mail OIB-Seen-[Gmail]/Spam \\*)] Flags permitted.\r\n";
    assert_eq!(
        refused(perm, &ParseOptions::strict()),
        (syntax("SP or )"), at(perm, b"]/Trash"))
    );
    // with only loose_atoms off, bad_code_as_text keeps the code as an unknown one,
    // its data cut at the first `]`: the flags are lost
    let r = response(perm, &without(|l| l.loose_atoms = false));
    assert!(
        matches!(&untagged_ok(&r).code, Some(Code::Other(o)) if o.name().as_str() == "PERMANENTFLAGS"),
        "{r:?}"
    );
    let r = response(perm, &ParseOptions::default());
    let text = untagged_ok(&r);
    let Some(Code::PermanentFlags(list)) = &text.code else {
        panic!("{text:?}")
    };
    assert_eq!(list.len(), 22, "{list:?}");
    assert!(
        matches!(&list[5], FlagPerm::Flag(Flag::Keyword(a)) if a.as_str() == "OIB-Seen-[Gmail]/Trash"),
        "{list:?}"
    );
    // a keyword read so is no atom `Atom::new` would build: the encoder cannot be
    // handed one by an application
    assert!(Atom::new("OIB-Seen-[Gmail]/Trash").is_err());
    assert_eq!(list[21], FlagPerm::Any);
    assert_eq!(text.text.as_bytes(), b"Flags permitted.");
}

/// loose_atoms' other cases have no real bytes: no report searched shows a server's
/// keyword with 8-bit bytes (the doc comment names Exchange, Yandex and qq.com;
/// modoboa/modoboa#4207 says servers send UTF-8 keywords but names none), rights in
/// upper case (the doc comment of `rights` quotes `* MYRIGHTS INBOX LRSWIPCDA`
/// without a server) or a LIST attribute without its `\`. The doc comments' bytes.
#[test]
fn undocumented_8_bit_keyword_upper_case_rights_and_bare_list_attribute() {
    let keyword = "* FLAGS (\\Seen Caf\u{e9})\r\n".as_bytes();
    let r = needs(
        keyword,
        |l| l.loose_atoms = false,
        syntax("SP or )"),
        at(keyword, "\u{e9}".as_bytes()),
    );
    let Response::Data(Data::Flags(flags)) = &r else {
        panic!("{r:?}")
    };
    assert!(matches!(&flags[1], Flag::Keyword(a) if a.as_str() == "Caf\u{e9}"));

    let rights = b"* MYRIGHTS INBOX LRSWIPCDA\r\n";
    let r = needs(
        rights,
        |l| l.loose_atoms = false,
        DecodeErrorKind::InvalidValue("rights: lowercase letters and digits only"),
        at(rights, b"LRSW"),
    );
    let mut wire = Vec::new();
    encode_response(&r, &mut wire);
    assert_eq!(wire, b"* MYRIGHTS INBOX lrswipcda\r\n");

    let attr = b"* LIST (Marked) \"/\" INBOX\r\n";
    let r = needs(
        attr,
        |l| l.loose_atoms = false,
        syntax("\\ and an attribute"),
        at(attr, b"Marked"),
    );
    let Response::Data(Data::List(item)) = &r else {
        panic!("{r:?}")
    };
    assert_eq!(item.attributes.len(), 1);
}

// ---- zero_nz_number ----

/// SmarterMail 13.0 selects an empty mailbox with `UIDVALIDITY 0`
/// (jstedfast/MailKit#150); RFC 3501 wants `nz-number`. Read as 1.
#[test]
fn smartermail_uidvalidity_zero() {
    let line = b"* OK [UIDVALIDITY 0] UIDs valid\r\n";
    assert_eq!(
        refused(line, &ParseOptions::strict()),
        (
            DecodeErrorKind::InvalidValue("zero where nz-number is required"),
            at(line, b"0]")
        )
    );
    let r = response(line, &ParseOptions::default());
    let text = untagged_ok(&r);
    assert_eq!(text.code, Some(Code::UidValidity(NonZeroU32::MIN)));
    assert_eq!(text.text.as_bytes(), b"UIDs valid");
    // with only this tolerance off, bad_code_as_text still takes the line, but as an
    // unknown code: the UIDVALIDITY is lost
    let r = response(line, &without(|l| l.zero_nz_number = false));
    let text = untagged_ok(&r);
    assert!(
        matches!(&text.code, Some(Code::Other(o)) if o.name().as_str() == "UIDVALIDITY" && o.data() == Some(&b"0"[..])),
        "{text:?}"
    );
}

/// Courier-IMAP (a 2004 version) answers a UID STORE with message number 0:
/// `* 0 FETCH (UID 16334 FLAGS ())` (jstedfast/MailKit#428). Read as 1.
#[test]
fn courier_fetch_with_message_number_zero() {
    let line = b"* 0 FETCH (UID 16334 FLAGS ())\r\n";
    let r = needs(
        line,
        |l| l.zero_nz_number = false,
        DecodeErrorKind::InvalidValue("zero where nz-number is required"),
        2,
    );
    assert_eq!(
        fetch(&r),
        (
            1,
            &[FetchItem::Uid(nz(16334)), FetchItem::Flags(Vec::new())][..]
        )
    );
}

// ---- loose_body ----

/// imap.mail.ru sends `("boundary" NIL)`, NIL where body-fld-param wants a string
/// (kisli/vmime#159, 2017; modern-email/defects#50 and #53). Read as "".
#[test]
fn mail_ru_nil_boundary() {
    let line = b"* 4 FETCH (BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"8bit\" 536 0 NIL NIL NIL NIL)(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"8bit\" 7130 0 NIL NIL NIL NIL) \"alternative\" (\"boundary\" NIL)))\r\n";
    let r = needs(
        line,
        |l| l.loose_body = false,
        syntax("string"),
        at(line, b"NIL)))"),
    );
    let b = body(&r);
    assert_eq!(parts(b).len(), 2);
    let BodyStructure::Multipart {
        subtype, params, ..
    } = b
    else {
        panic!()
    };
    assert_eq!(subtype.as_bytes(), b"alternative");
    let params = params.as_ref().unwrap();
    assert_eq!(params.get("boundary").unwrap().as_bytes(), b"");
}

/// iCloud sends NIL as `body-fld-enc` for a part without Content-Transfer-Encoding
/// (djc/imap-proto#205, 2026: "1 message out of 308"). The part as logged, as the
/// BODYSTRUCTURE of a FETCH with the logged sequence number. Read as "".
#[test]
fn icloud_nil_body_encoding() {
    let line = b"* 80 FETCH (BODYSTRUCTURE (\"text\" \"plain\" (\"CHARSET\" \"UTF-8\") NIL NIL NIL 1694 51 NIL NIL NIL NIL))\r\n";
    let r = needs(
        line,
        |l| l.loose_body = false,
        syntax("string"),
        at(line, b"NIL 1694"),
    );
    let f = fields(body(&r));
    assert_eq!(f.encoding.as_bytes(), b"");
    assert_eq!(f.octets, 1694);
    assert_eq!(f.params.get("charset").unwrap().as_bytes(), b"UTF-8");
}

/// A go-imap v1 server (emersion/go-imap#545, 2023, the whole line as logged): an
/// empty parameter list `()` and NIL as the encoding.
#[test]
fn go_imap_v1_server_empty_params_and_nil_encoding() {
    let line = b"* 11319 FETCH (UID 31137 BODYSTRUCTURE (\"text\" \"plain\" () NIL NIL NIL 6002 79 NIL NIL NIL NIL) ENVELOPE (\"Sun, 10 Sep 2023 02:00:00 +0000\" \"acme-update\" ((NIL NIL \"notify\" \"ptrc.gay\")) ((NIL NIL \"notify\" \"ptrc.gay\")) ((NIL NIL \"notify\" \"ptrc.gay\")) ((NIL NIL \"ptrc\" \"ptrc.gay\")) NIL NIL NIL NIL) FLAGS (\\Seen nonjunk \\Recent))\r\n";
    let r = needs(
        line,
        |l| l.loose_body = false,
        syntax("parameter"),
        at(line, b") NIL NIL NIL 6002"),
    );
    let f = fields(body(&r));
    assert!(f.params.is_empty());
    assert_eq!(f.encoding.as_bytes(), b"");
    assert_eq!(f.octets, 6002);
    // with `()` read, the NIL encoding is what the strict grammar trips on next
    let fixed: Vec<u8> = String::from_utf8_lossy(line)
        .replace("\"plain\" () NIL", "\"plain\" NIL NIL")
        .into_bytes();
    assert_eq!(
        refused(&fixed, &without(|l| l.loose_body = false)),
        (syntax("string"), at(&fixed, b"NIL 6002"))
    );
}

/// Exchange sends a bare string as the disposition, `NIL "inline" NIL NIL` where
/// `body-fld-dsp = "(" string SP body-fld-param ")" / nil` (jstedfast/MailKit#919,
/// 2019). The two parts as logged, the multipart closed after its subtype (the log's
/// boundary is cut off).
#[test]
fn exchange_bare_string_disposition() {
    let line = b"* 37 FETCH (UID 67 BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"ISO-8859-1\") NIL NIL \"QUOTED-PRINTABLE\" 850 31 NIL \"inline\" NIL NIL)(\"text\" \"html\" (\"charset\" \"ISO-8859-1\") NIL NIL \"QUOTED-PRINTABLE\" 14692 502 NIL \"inline\" NIL NIL) \"alternative\"))\r\n";
    let r = needs(
        line,
        |l| l.loose_body = false,
        syntax("body-fld-dsp"),
        at(line, b"\"inline\""),
    );
    for part in parts(body(&r)) {
        let BodyStructure::Single { ext, .. } = part else {
            panic!("{part:?}")
        };
        let d = ext.disposition().unwrap().unwrap();
        assert_eq!(d.kind.as_bytes(), b"inline");
        assert!(d.params.is_empty());
    }
}

/// modern-email/defects#27 says Dovecot (or Exchange) sends `-1` as a text part's
/// line count (`body-fld-lines = number`), but shows no bytes; the bytes it cites
/// (emersion/go-imap#534) have `-1` as a size (tests/strictness.rs). So the line count
/// has no real bytes: these are the doc comment's.
#[test]
fn undocumented_minus_one_line_count() {
    let line = b"* 1 FETCH (BODYSTRUCTURE (\"text\" \"plain\" NIL NIL NIL \"7bit\" 155 -1))\r\n";
    let r = needs(
        line,
        |l| l.loose_body = false,
        syntax("number"),
        at(line, b"-1"),
    );
    let BodyStructure::Single { kind, .. } = body(&r) else {
        panic!()
    };
    assert_eq!(*kind, SinglePartKind::Text { lines: 0 });
}

// ---- loose_quoted ----

/// Proton Mail Bridge 3.15.1 sends `\u00a0` inside a quoted address name, a `\`
/// before a letter (modern-email/defects#38, from pimalaya/himalaya#525). The
/// envelope as logged up to the first address list, completed with NIL.
#[test]
fn proton_bridge_backslash_before_a_letter() {
    let line = b"* 14 FETCH (UID 14 FLAGS () ENVELOPE (\"Sat, 19 Oct 2024 15:18:01 -0600\" \"=?utf-8?q?Comment_avez-vous_trouv=C3=A9_votre_vol_au_d=C3=A9part_de_City?= =?utf-8?q?_et_=C3=A0_destination_de_City=C2=A0=3F?=\" ((\"Flight Company Customer Satisfaction\\u00a0\" NIL \"noreply\" \"domain.tld\")) NIL NIL NIL NIL NIL NIL NIL))\r\n";
    let r = needs(
        line,
        |l| l.loose_quoted = false,
        syntax("quoted-specials after \\"),
        at(line, b"\\u00a0"),
    );
    let FetchItem::Envelope(env) = &fetch(&r).1[2] else {
        panic!("{r:?}")
    };
    assert_eq!(
        env.from()[0].name.as_ref().unwrap().as_bytes(),
        b"Flight Company Customer Satisfaction\\u00a0"
    );
}

/// No public report searched shows a server's quoted string or text holding 8-bit
/// bytes that are not UTF-8 (reports are pasted as UTF-8 text, which cannot keep
/// them); defects#38's Proton bytes are valid UTF-8, which the strict grammar takes.
/// These are the doc comment's bytes: a Latin-1 `é` in a quoted subject and in text.
#[test]
fn undocumented_latin1_in_a_quoted_string_and_in_text() {
    let quoted = b"* 2 FETCH (ENVELOPE (NIL \"Caf\xe9\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n";
    let r = needs(
        quoted,
        |l| l.loose_quoted = false,
        syntax("QUOTED-CHAR (UTF-8 only)"),
        at(quoted, b"\xe9"),
    );
    let FetchItem::Envelope(env) = &fetch(&r).1[0] else {
        panic!("{r:?}")
    };
    assert_eq!(env.subject.as_ref().unwrap().as_bytes(), b"Caf\xe9");

    let text = b"A1 NO Bo\xeete pleine\r\n";
    let r = needs(
        text,
        |l| l.loose_quoted = false,
        syntax("TEXT-CHAR or UTF-8"),
        at(text, b"\xee"),
    );
    let Response::Tagged { text: t, .. } = &r else {
        panic!("{r:?}")
    };
    assert_eq!(t.text.as_bytes(), b"Bo\xeete pleine");
}

// ---- empty_delimiter ----

/// common/list-nil-folder-delim.txt: `""` as the hierarchy delimiter, which RFC 3501
/// writes `DQUOTE QUOTED-CHAR DQUOTE / nil`. The corpus file is in MailKit's
/// server-independent folder and names no server. Read as NIL.
#[test]
fn mailkit_common_corpus_empty_list_delimiter() {
    let line = from_corpus(
        "common/list-nil-folder-delim.txt",
        b"* LIST (\\HasNoChildren) \"\" \"Folder2\"\r\n",
    );
    let r = needs(
        line,
        |l| l.empty_delimiter = false,
        syntax("one delimiter character"),
        at(line, b"\"\" "),
    );
    let Response::Data(Data::List(item)) = &r else {
        panic!("{r:?}")
    };
    assert_eq!(item.delimiter, None);
    assert_eq!(item.mailbox.as_bytes(), b"Folder2");
}

// ---- nested_fetch_items ----

/// domino/fetch-extra-parens.txt: Domino wraps FETCH items in a second pair of
/// parentheses, `UID 14935 (ENVELOPE (...)) BODYSTRUCTURE (...)`.
#[test]
fn domino_fetch_items_in_extra_parens() {
    let line = from_corpus(
        "domino/fetch-extra-parens.txt",
        b"* 2 FETCH (UID 14935 (ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)) BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 0 0 NIL))\r\n",
    );
    let r = needs(
        line,
        |l| l.nested_fetch_items = false,
        syntax("fetch data item"),
        at(line, b"(ENVELOPE"),
    );
    let (seq, items) = fetch(&r);
    assert_eq!(seq, 2);
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0], FetchItem::Uid(nz(14935)));
    assert!(matches!(&items[1], FetchItem::Envelope(e) if e.subject.is_none()));
    assert_eq!(fields(body(&r)).encoding.as_bytes(), b"7BIT");
}

// ---- bare_code_line ----

/// exchange/issue115.txt: Exchange answers MOVE with `[COPYUID 55 31 6]` alone on a
/// line, before the EXPUNGE. Read as an untagged OK.
#[test]
fn exchange_response_code_alone_on_a_line() {
    let line = from_corpus("exchange/issue115.txt", b"[COPYUID 55 31 6]\r\n");
    let r = needs(
        line,
        |l| l.bare_code_line = false,
        syntax("OK, NO or BAD"),
        // read as a tagged line (tag `[COPYUID`), `55` is where the status belongs
        at(line, b"55"),
    );
    let text = untagged_ok(&r);
    let Some(Code::CopyUid {
        uid_validity,
        source,
        destination,
    }) = &text.code
    else {
        panic!("{text:?}")
    };
    assert_eq!(*uid_validity, nz(55));
    assert_eq!(*source, SequenceSet::single(nz(31)));
    assert_eq!(*destination, SequenceSet::single(nz(6)));
}

// ---- missing_fetch_value ----

/// yandex/getbodypart-missing-content.txt: Yandex sends `BODY[2] )`, a section with
/// no value, for a part whose content is missing. Read as NIL.
#[test]
fn yandex_body_section_with_no_value() {
    let reply = from_corpus(
        "yandex/getbodypart-missing-content.txt",
        b"* 1 FETCH (UID 3016 BODY[2.MIME] {145}\r\nContent-Disposition: attachment;\r\n\tfilename=\"empty.pdf\"\r\nContent-Transfer-Encoding: base64\r\nContent-Type: application/pdf;\r\n\tname=\"empty.pdf\"\r\n\r\n BODY[2] )\r\n",
    );
    let r = needs(
        reply,
        |l| l.missing_fetch_value = false,
        syntax("NIL"),
        at(reply, b" )") + 1,
    );
    let (_, items) = fetch(&r);
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(
        matches!(&items[1], FetchItem::BodySection { data: Some(d), .. } if d.as_bytes().len() == 145)
    );
    assert!(matches!(
        &items[2],
        FetchItem::BodySection { data: None, .. }
    ));
}

// ---- negative_modseq ----

/// zoho/fetch-negative-modseq-values.txt: Zoho sends `MODSEQ (-1)`. Read as 0.
#[test]
fn zoho_negative_modseq() {
    let line = from_corpus(
        "zoho/fetch-negative-modseq-values.txt",
        b"* 40 FETCH (MODSEQ (-1) FLAGS (\\Recent \\Seen) UID 336)\r\n",
    );
    let r = needs(
        line,
        |l| l.negative_modseq = false,
        syntax("number"),
        at(line, b"-1"),
    );
    let (seq, items) = fetch(&r);
    assert_eq!(seq, 40);
    assert!(matches!(items[0], FetchItem::ModSeq(m) if m.get() == 0));
    assert_eq!(items[2], FetchItem::Uid(nz(336)));
}

// ---- crlf_before_paren ----

/// gmail/headers.1+unsolicited-info.txt: Gmail ends a FETCH with `CRLF` between the
/// literal and the closing paren.
#[test]
fn gmail_crlf_before_the_fetch_close_paren() {
    let file = "gmail/headers.1+unsolicited-info.txt";
    let start = b"* 1 FETCH (UID 1 MODSEQ (29233) ANNOTATION (/comment (value.priv \"My comment\" value.shared NIL size.priv \"10\" size.shared \"0\")) FLAGS (\\Seen \\Deleted) X-GM-LABELS (\"Trash\") BODY[HEADER] {515}\r\n";
    let Some(bytes) = corpus_file(file) else {
        eprintln!("corpus not found at {}; skipped", corpus_dir().display());
        return;
    };
    // the first response: up to the `)` line; after the literal come SP CRLF `)`
    let begin = at(&bytes, start);
    let end = begin + at(&bytes[begin..], b"\r\n)\r\n") + 5;
    let reply = &bytes[begin..end];
    let literal_end = at(reply, b"{515}\r\n") + 7 + 515;
    assert_eq!(&reply[literal_end..], b" \r\n)\r\n");
    let r = needs(
        reply,
        |l| l.crlf_before_paren = false,
        syntax("fetch data item"),
        literal_end + 1,
    );
    let (_, items) = fetch(&r);
    assert!(matches!(
        items.last(),
        Some(FetchItem::BodySection { data: Some(d), .. }) if d.as_bytes().len() == 515
    ));
}

// ---- any_flag_in_flags ----

/// imap.zoho.com sends `\*` in an untagged FLAGS list (djc/imap-proto#91,
/// modern-email/defects#44), where only PERMANENTFLAGS may hold it.
#[test]
fn zoho_any_flag_in_flags() {
    let line = b"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)\r\n";
    let r = needs(
        line,
        |l| l.any_flag_in_flags = false,
        syntax("atom"),
        at(line, b"*)"),
    );
    let Response::Data(Data::Flags(flags)) = &r else {
        panic!("{r:?}")
    };
    assert_eq!(flags.len(), 6);
    assert!(matches!(&flags[5], Flag::Extension(a) if a.as_str() == "*"));
}

// ---- negative_size ----

/// No public report searched shows a server sending `RFC822.SIZE -1` (the doc comment
/// says so too); these are the doc comment's bytes. Read as 0.
#[test]
fn undocumented_rfc822_size_minus_one() {
    let line = b"* 1 FETCH (UID 4 RFC822.SIZE -1)\r\n";
    let r = needs(
        line,
        |l| l.negative_size = false,
        syntax("number"),
        at(line, b"-1"),
    );
    assert_eq!(fetch(&r).1[1], FetchItem::Rfc822Size(0.into()));
}

// ---- lf_line_ends ----

/// No public report searched names a production server that ends responses in a bare
/// `LF` (emersion/go-imap#220 accepts it in commands, for netcat sessions); these are
/// the doc comment's bytes.
#[test]
fn undocumented_bare_lf_line_ends() {
    let line = b"* 3 EXISTS\n";
    let r = needs(
        line,
        |l| l.lf_line_ends = false,
        DecodeErrorKind::BareLineEnding,
        line.len() - 1,
    );
    assert_eq!(r, Response::Data(Data::Exists(3)));
}

// ---- unquoted_strings ----

/// BlitzMail fails to quote ENVELOPE strings (rgrove/larch#7), but the report shows
/// no bytes and none were found elsewhere; these are the doc comment's.
#[test]
fn undocumented_blitzmail_unquoted_envelope_strings() {
    let line = b"* 2 FETCH (ENVELOPE (NIL Hello ((NIL NIL joe example.com)) NIL NIL NIL NIL NIL NIL NIL))\r\n";
    let r = needs(
        line,
        |l| l.unquoted_strings = false,
        syntax("NIL"),
        at(line, b"Hello"),
    );
    let FetchItem::Envelope(e) = &fetch(&r).1[0] else {
        panic!("{r:?}")
    };
    assert_eq!(e.subject.as_ref().unwrap().as_bytes(), b"Hello");
    let from = &e.from()[0];
    assert_eq!(from.mailbox.as_ref().unwrap().as_bytes(), b"joe");
    assert_eq!(from.host.as_ref().unwrap().as_bytes(), b"example.com");
}

// ---- lower-case keywords: the strict grammar, no tolerance ----

/// lowercase/*.txt: a server that writes `capability`, `List` and `Authenticate` in
/// lower or mixed case. IMAP keywords are case-insensitive (RFC 3501 §9, RFC 9051
/// §9: "case-insensitive"), so the strict grammar takes them: no tolerance is needed.
#[test]
fn lowercase_corpus_keywords_decode_under_strict() {
    let cap = from_corpus(
        "lowercase/capability.txt",
        b"* capability imap4rev1 starttls login special-use\r\n",
    );
    let r = response(cap, &ParseOptions::strict());
    let Response::Data(Data::Capability(caps)) = &r else {
        panic!("{r:?}")
    };
    assert_eq!(caps.len(), 4);
    assert_eq!(caps[0], Capability::Imap4Rev1);

    let list = from_corpus(
        "lowercase/list.txt",
        b"* List (\\HasNoChildren \\Trash) \"/\" \"Trash\"\r\n",
    );
    let r = response(list, &ParseOptions::strict());
    let Response::Data(Data::List(item)) = &r else {
        panic!("{r:?}")
    };
    assert_eq!(item.delimiter.map(Delimiter::get), Some(b'/'));
    assert_eq!(item.mailbox.as_bytes(), b"Trash");

    let done = from_corpus(
        "lowercase/authenticate.txt",
        b"A00000001 OK Authenticate\r\n",
    );
    let r = response(done, &ParseOptions::strict());
    assert!(matches!(
        r,
        Response::Tagged {
            status: Status::Ok,
            ..
        }
    ));
}
