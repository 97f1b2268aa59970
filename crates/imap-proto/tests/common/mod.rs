//! Strategies the command and response property tests share: strings, atoms,
//! mailboxes, flags, sequence sets, dates, sections and raw values. Every value is
//! built through the type's checked constructor (or its classifier, such as
//! `Capability::from_atom`), so it is one the encoder can write.
//!
//! Where two values cannot be told apart on the wire, the strategies avoid one of
//! them, as the `arbitrary` generator of the crate does: an extension's name never
//! is a known name (it starts with `XZ`), and raw values are built by the parser.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::num::{NonZeroU32, NonZeroU64};

use imap_proto::*;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;

/// The bytes `ok` accepts, as a table to draw from.
fn class(ok: impl Fn(u8) -> bool) -> Vec<u8> {
    (0u8..=255).filter(|&b| ok(b)).collect()
}

/// `min..max` bytes drawn from those `ok` accepts.
fn chars(ok: impl Fn(u8) -> bool, min: usize, max: usize) -> impl Strategy<Value = Vec<u8>> {
    vec(select(class(ok)), min..max)
}

/// `min..max` ASCII characters drawn from those `ok` accepts.
fn ascii(ok: impl Fn(u8) -> bool, min: usize, max: usize) -> impl Strategy<Value = String> {
    chars(ok, min, max).prop_map(|v| String::from_utf8(v).unwrap())
}

/// `ATOM-CHAR`: 7-bit, no control, none of `(){ %*"\]`.
pub fn is_atom_char(b: u8) -> bool {
    (0x21..0x7f).contains(&b) && !b"(){ %*\"\\]".contains(&b)
}

/// `QUOTED-CHAR` of 7 bits: any 7-bit byte but NUL, CR and LF.
pub fn is_quotable(b: u8) -> bool {
    b.is_ascii() && !matches!(b, 0 | b'\r' | b'\n')
}

/// Small numbers mostly (where the encoder's choices are), any sometimes.
pub fn num32() -> impl Strategy<Value = u32> {
    prop_oneof![3 => 0u32..20, 1 => any::<u32>()]
}

/// As [`num32`], 64 bits.
pub fn num64() -> impl Strategy<Value = u64> {
    prop_oneof![3 => 0u64..20, 1 => any::<u64>()]
}

/// `nz-number`
pub fn nz() -> impl Strategy<Value = NonZeroU32> {
    num32().prop_map(|n| NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN))
}

/// `mod-sequence-value`: positive, 63 bits (RFC 7162 §7).
pub fn modseq() -> impl Strategy<Value = u64> {
    modseq_zero().prop_map(|n| n.max(1))
}

/// `mod-sequence-valzer`: 0 too, 63 bits.
pub fn modseq_zero() -> impl Strategy<Value = u64> {
    num64().prop_map(|n| n & i64::MAX as u64)
}

/// Bytes for an IMAP string: atom-like, quotable, any byte but NUL, the tricky words, UTF-8,
/// or around the longest quoted string the encoder writes.
pub fn string_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => chars(is_atom_char, 0, 9),
        3 => chars(is_quotable, 0, 11),
        // any byte but NUL, which no string carries (CHAR8; NUL is literal8's alone)
        2 => vec(any::<u8>().prop_map(|b| b.max(1)), 0..11),
        1 => select(&["NIL", "nil", "INBOX", "", "{3}", "\"", "\\", "*", "%", "a b", "[x]", "~{1}"][..])
            .prop_map(|s| s.as_bytes().to_vec()),
        1 => "\\PC{0,4}".prop_map(String::into_bytes),
        1 => (1000usize..1030).prop_map(|n| vec![b'a'; n]),
    ]
}

/// `string` / `astring`: any bytes; the encoder picks atom, quoted or literal.
pub fn istring() -> impl Strategy<Value = IString<'static>> {
    string_bytes().prop_map(IString::from_owned)
}

/// `nstring`
pub fn nstring() -> impl Strategy<Value = NString<'static>> {
    proptest::option::weighted(0.75, istring())
}

/// `atom`: 1 to 8 `ATOM-CHAR`.
pub fn atom() -> impl Strategy<Value = Atom<'static>> {
    ascii(is_atom_char, 1, 9).prop_map(|s| Atom::new(s).unwrap())
}

/// One of `known` (in any case) or any atom, for the classifiers.
pub fn word(known: &'static [&'static str]) -> impl Strategy<Value = Atom<'static>> {
    prop_oneof![
        2 => (select(known), any::<bool>()).prop_map(|(w, lower)| {
            Atom::new(if lower { w.to_ascii_lowercase() } else { w.to_string() }).unwrap()
        }),
        1 => atom(),
    ]
}

/// The name of an unknown item: `XZ` and a few `ATOM-CHAR` but `[` and `<` (which
/// start a FETCH item's section and origin); never a known name.
pub fn xname() -> impl Strategy<Value = Atom<'static>> {
    ascii(|b| is_atom_char(b) && b != b'[' && b != b'<', 0, 6)
        .prop_map(|s| Atom::new(format!("XZ{s}")).unwrap())
}

/// `objectid = 1*255(ALPHA / DIGIT / "_" / "-")` (RFC 8474)
pub fn objectid() -> impl Strategy<Value = Atom<'static>> {
    "[A-Za-z0-9_-]{1,12}".prop_map(|s| Atom::new(s).unwrap())
}

/// `charset = atom / quoted`: 7-bit, not empty.
pub fn charset() -> impl Strategy<Value = IString<'static>> {
    prop_oneof![
        select(&["UTF-8", "US-ASCII", "utf-8", "ISO-8859-1"][..]).prop_map(IString::from),
        chars(is_quotable, 1, 9).prop_map(IString::from_owned),
    ]
}

/// `mailbox = "INBOX" / astring`
pub fn mailbox() -> impl Strategy<Value = Mailbox<'static>> {
    prop_oneof![1 => Just(Mailbox::Inbox), 4 => istring().prop_map(Mailbox::new)]
}

/// `tag`
pub fn tag() -> impl Strategy<Value = Tag<'static>> {
    ascii(|b| is_atom_char(b) && b != b'+' || b == b']', 1, 7).prop_map(|s| Tag::new(s).unwrap())
}

/// A literal's payload of either kind (a NUL makes it `literal8` whatever the kind).
pub fn literal(kind: LiteralKind) -> impl Strategy<Value = Literal<'static>> {
    string_bytes().prop_map(move |b| Literal::new(b, kind))
}

/// `value = nstring / literal8` of METADATA, and BINARY's data.
pub fn metadata_value() -> impl Strategy<Value = Option<Literal<'static>>> {
    prop_oneof![
        Just(None),
        literal(LiteralKind::Text).prop_map(Some),
        literal(LiteralKind::Binary).prop_map(Some),
    ]
}

/// `text`: `TEXT-CHAR` and UTF-8, never a literal-like end.
pub fn text() -> impl Strategy<Value = Text<'static>> {
    prop_oneof![
        4 => chars(|b| is_quotable(b) && b != b'{' && b != b'}', 0, 13),
        1 => select(&["[ALERT] x", "[", " ", "  a", "a ", "]", "{5} first", "d\u{e9}j\u{e0} \u{2713} \u{1f600}"][..])
            .prop_map(|s| s.as_bytes().to_vec()),
        1 => "[^\r\n\0{}]{0,6}".prop_map(String::into_bytes),
    ]
    .prop_map(|b| Text::new(b).unwrap())
}

/// `rights`: lowercase letters and digits.
pub fn rights() -> impl Strategy<Value = Rights<'static>> {
    "[a-z0-9]{0,6}".prop_map(|s| Rights::new(s).unwrap())
}

// ---- sequence sets, dates ----

fn seq_number(star: bool) -> impl Strategy<Value = SeqNumber> {
    let star = if star { 1 } else { 0 };
    prop_oneof![5 => nz().prop_map(SeqNumber::Value), star => Just(SeqNumber::Last)]
}

/// A sequence set; `star` allows `*`, `dollar` allows `$` (RFC 5182).
pub fn seq_set(star: bool, dollar: bool) -> impl Strategy<Value = SequenceSet> {
    let item = prop_oneof![
        seq_number(star).prop_map(SeqItem::Single),
        (seq_number(star), seq_number(star)).prop_map(|(a, b)| SeqItem::Range(a, b)),
    ];
    let dollar = if dollar { 1 } else { 0 };
    prop_oneof![
        8 => vec(item, 1..4).prop_map(|v| SequenceSet::new(v).unwrap()),
        dollar => Just(SequenceSet::search_result()),
    ]
}

/// `sequence-set` of a command: `*` and `$` allowed.
pub fn set() -> impl Strategy<Value = SequenceSet> {
    seq_set(true, true)
}

/// `date`: any calendar day of years 0 to 9999.
pub fn date() -> impl Strategy<Value = Date> {
    (0u16..10000, 1u8..13, 1u8..32)
        .prop_map(|(y, m, d)| Date::new(y, m, d).or_else(|_| Date::new(y, m, 28)).unwrap())
}

/// `date-time`, leap second and any zone included.
pub fn date_time() -> impl Strategy<Value = DateTime> {
    (
        date(),
        0u8..24,
        0u8..60,
        0u8..61,
        -(99 * 60 + 59)..=99i16 * 60 + 59,
    )
        .prop_map(|(d, h, m, s, z)| DateTime::new(d, h, m, s, z).unwrap())
}

// ---- flags, capabilities ----

/// A flag: the system flags, keywords, `\` extensions (never `\Recent`, which is a
/// `flag-fetch` of its own).
pub fn flag() -> impl Strategy<Value = Flag<'static>> {
    prop_oneof![
        select(
            &[
                Flag::Answered,
                Flag::Flagged,
                Flag::Deleted,
                Flag::Seen,
                Flag::Draft
            ][..]
        ),
        atom().prop_map(Flag::Keyword),
        word(&["Seen", "Recent", "Junk", "Answered"]).prop_map(|a| {
            match Flag::system_or_extension(a) {
                Flag::Extension(a) if a.eq_ignore_case("Recent") => Flag::Seen,
                f => f,
            }
        }),
    ]
}

/// `flag-fetch`: a flag or `\Recent`.
pub fn flag_fetch() -> impl Strategy<Value = FlagFetch<'static>> {
    prop_oneof![5 => flag().prop_map(FlagFetch::Flag), 1 => Just(FlagFetch::Recent)]
}

/// `flag-perm`: a flag or `\*`.
pub fn flag_perm() -> impl Strategy<Value = FlagPerm<'static>> {
    prop_oneof![5 => flag().prop_map(FlagPerm::Flag), 1 => Just(FlagPerm::Any)]
}

/// A capability, through the classifier.
pub fn capability() -> impl Strategy<Value = Capability<'static>> {
    word(&[
        "IMAP4rev1",
        "IMAP4rev2",
        "IDLE",
        "LITERAL+",
        "AUTH=PLAIN",
        "AUTH=",
        "UTF8=ACCEPT",
        "CONDSTORE",
    ])
    .prop_map(Capability::from_atom)
}

/// An X-GM-LABELS label: `\Inbox`-like system labels or any string.
pub fn gmail_label() -> impl Strategy<Value = GmailLabel<'static>> {
    prop_oneof![
        word(&["Inbox", "Important", "Sent"]).prop_map(GmailLabel::System),
        istring().prop_map(GmailLabel::Name),
    ]
}

// ---- sections ----

/// `section-part`: up to 3 part numbers.
pub fn part() -> impl Strategy<Value = Vec<NonZeroU32>> {
    vec(nz(), 0..4)
}

/// `section`: every `section-text` form.
pub fn section() -> impl Strategy<Value = Section<'static>> {
    let text = prop_oneof![
        Just(None),
        Just(Some(SectionText::Header)),
        vec(istring(), 1..4).prop_map(|v| Some(SectionText::HeaderFields(v))),
        vec(istring(), 1..4).prop_map(|v| Some(SectionText::HeaderFieldsNot(v))),
        Just(Some(SectionText::Text)),
        Just(Some(SectionText::Mime)),
    ];
    (part(), text).prop_map(|(part, text)| {
        let text = match text {
            Some(SectionText::Mime) if part.is_empty() => None,
            t => t,
        };
        Section::new(part, text).unwrap()
    })
}

/// `partial = "<" number "." nz-number ">"`
pub fn partial() -> impl Strategy<Value = Option<Partial>> {
    proptest::option::of((num64(), num64())).prop_map(|p| {
        p.map(|(offset, length)| Partial {
            offset,
            length: NonZeroU64::new(length).unwrap_or(NonZeroU64::MIN),
        })
    })
}

// ---- raw values ----

/// Bytes of one value of any shape: a token, a number, a quoted string, `NIL`, a
/// literal (`{n}` or `~{n}`) or a parenthesised list of values.
pub fn raw_value_bytes() -> impl Strategy<Value = Vec<u8>> {
    let leaf = prop_oneof![
        ("[a-cX-Z]", "[A-Za-z0-9.-]{0,5}").prop_map(|(a, b)| format!("{a}{b}").into_bytes()),
        num64().prop_map(|n| n.to_string().into_bytes()),
        "[A-Za-z0-9_-]{0,6}".prop_map(|s| format!("\"{s}\"").into_bytes()),
        Just(b"NIL".to_vec()),
        (string_bytes(), any::<bool>()).prop_map(|(data, binary)| {
            let mut v = if binary { b"~".to_vec() } else { Vec::new() };
            v.extend(format!("{{{}}}\r\n", data.len()).into_bytes());
            v.extend(data);
            v
        }),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| vec(inner, 0..4).prop_map(paren))
}

/// `"(" values ")"`, separated by spaces.
fn paren(values: Vec<Vec<u8>>) -> Vec<u8> {
    let mut v = b"(".to_vec();
    v.extend(values.join(&b' '));
    v.push(b')');
    v
}

/// A parenthesised raw list.
pub fn paren_raw_bytes() -> impl Strategy<Value = Vec<u8>> {
    vec(raw_value_bytes(), 0..4).prop_map(paren)
}

/// `tagged-ext-val = tagged-ext-simple / "(" [tagged-ext-comp] ")"`, or none: a
/// sequence set or a list.
pub fn ext_value() -> impl Strategy<Value = Option<RawValue<'static>>> {
    prop_oneof![
        Just(None),
        paren_raw_bytes().prop_map(|b| Some(raw(&b))),
        seq_set(true, true).prop_map(|s| Some(raw(&sequence_set_bytes(&s)))),
    ]
}

/// The rest of an unknown line: values and bits of text (no quote, no brace), never
/// ending in `}`.
pub fn rest_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        raw_value_bytes(),
        chars(
            |b| b != 0 && b != b'\r' && b != b'\n' && !b"\"{}".contains(&b) && b.is_ascii(),
            0,
            9
        ),
    ];
    vec(piece, 0..4).prop_map(|v| {
        let mut v = v.join(&b' ');
        if v.last() == Some(&b'}') {
            v.push(b'.');
        }
        v
    })
}

/// A [`RawValue`] of these bytes, as the strict parser reads them: the rest of an
/// unknown command `XZRAW` (the type has no public constructor; values come from
/// the wire).
pub fn raw(bytes: &[u8]) -> RawValue<'static> {
    let mut line = b"t XZRAW".to_vec();
    if !bytes.is_empty() {
        line.push(b' ');
        line.extend_from_slice(bytes);
    }
    line.extend_from_slice(b"\r\n");
    match parse_command_with(&line, &ParseOptions::strict()) {
        Decoded::Complete {
            value:
                Command {
                    body: CommandBody::Other { rest, .. },
                    ..
                },
            consumed,
        } if consumed == line.len() => {
            assert_eq!(rest.as_bytes(), bytes);
            rest.into_owned()
        }
        other => panic!("{}: {other:?}", line.escape_ascii()),
    }
}

/// A sequence set as written.
pub fn sequence_set_bytes(set: &SequenceSet) -> Vec<u8> {
    if set.is_search_result() {
        return b"$".to_vec();
    }
    let n = |s: SeqNumber| match s {
        SeqNumber::Value(v) => v.to_string(),
        SeqNumber::Last => "*".to_string(),
    };
    let items: Vec<String> = set
        .items()
        .iter()
        .map(|i| match *i {
            SeqItem::Single(s) => n(s),
            SeqItem::Range(a, b) => format!("{}:{}", n(a), n(b)),
        })
        .collect();
    items.join(",").into_bytes()
}

/// Samples `n` values of `s` with a deterministic runner, for the tests that check
/// a strategy reaches every kind.
pub fn sample<S: Strategy>(s: S, n: usize) -> Vec<S::Value> {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    (0..n)
        .map(|_| s.new_tree(&mut runner).unwrap().current())
        .collect()
}
