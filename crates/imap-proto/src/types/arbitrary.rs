//! `arbitrary::Arbitrary` for the message model (the `arbitrary` feature), for
//! structure-aware fuzzing: every value is built through the checked constructors
//! (or the classifiers such as [`Capability::from_atom`]) so it is one the encoders
//! can write and the strict parser reads back as the same value. Trees are bounded:
//! at most [`MAX_DEPTH`] levels of nesting and a few items per list.
//!
//! Where a value cannot be told apart from another on the wire, the generator avoids
//! it: an extension's name (`Other`) never is a known name (they start with `XZ`), a
//! text without a code never starts with `[`, a single part whose media type is
//! `TEXT` always has its line count, and raw values hold no literals.

use std::borrow::Cow;
use std::num::{NonZeroU32, NonZeroU64};
use std::sync::LazyLock;

use ::arbitrary::{Arbitrary, Error, Result, Unstructured};

use super::chars::{is_atom_char, is_quotable, is_right, is_tag_char, is_text_byte};
use super::*;

/// The deepest nesting generated (SEARCH keys, bodies, threads, raw lists).
const MAX_DEPTH: u32 = 3;

type U<'x, 'a> = &'x mut Unstructured<'a>;

fn class(ok: impl Fn(u8) -> bool) -> Vec<u8> {
    (0u8..=255).filter(|&b| ok(b)).collect()
}

static ATOM: LazyLock<Vec<u8>> = LazyLock::new(|| class(is_atom_char));
static TAG: LazyLock<Vec<u8>> = LazyLock::new(|| class(is_tag_char));
static TEXT: LazyLock<Vec<u8>> = LazyLock::new(|| class(is_text_byte));
static QUOTABLE: LazyLock<Vec<u8>> = LazyLock::new(|| class(is_quotable));
/// 7-bit TEXT-CHAR, the bytes of `text` that are UTF-8 alone.
static TEXT7: LazyLock<Vec<u8>> = LazyLock::new(|| class(|b| b.is_ascii() && is_text_byte(b)));
static RIGHTS: LazyLock<Vec<u8>> = LazyLock::new(|| class(is_right));
static OBJECTID: LazyLock<Vec<u8>> =
    LazyLock::new(|| class(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'));
static NAME_TAIL: LazyLock<Vec<u8>> =
    LazyLock::new(|| class(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'));
/// The rest of an unknown item's name: ATOM-CHAR but `[` and `<`, which start a
/// FETCH item's section and origin.
static X_TAIL: LazyLock<Vec<u8>> =
    LazyLock::new(|| class(|b| is_atom_char(b) && b != b'[' && b != b'<'));
/// Text in the rest of an unknown line: no quote, no brace.
static REST: LazyLock<Vec<u8>> =
    LazyLock::new(|| class(|b| is_text_byte(b) && !matches!(b, b'"' | b'{' | b'}')));
/// `1*<any TEXT-CHAR except "]">` of an unknown response code's data.
/// 7-bit `TEXT-CHAR` but `]`: code data with 8-bit bytes must be UTF-8 under the
/// strict grammar, which `code` adds as whole words.
static CODE_DATA: LazyLock<Vec<u8>> =
    LazyLock::new(|| class(|b| b.is_ascii() && is_text_byte(b) && b != b']'));

fn invalid<T>(_: T) -> Error {
    Error::IncorrectFormat
}

/// `min..=max` items made by `f`.
fn vec_of<'a, T>(
    u: U<'_, 'a>,
    min: usize,
    max: usize,
    mut f: impl FnMut(U<'_, 'a>) -> Result<T>,
) -> Result<Vec<T>> {
    let n = u.int_in_range(min..=max)?;
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        v.push(f(u)?);
    }
    Ok(v)
}

/// `min..=max` bytes drawn from `table`.
fn chars(u: U<'_, '_>, table: &[u8], min: usize, max: usize) -> Result<Vec<u8>> {
    vec_of(u, min, max, |u| u.choose(table).copied())
}

/// ASCII from `table` as a `String`.
fn ascii(u: U<'_, '_>, table: &[u8], min: usize, max: usize) -> Result<String> {
    String::from_utf8(chars(u, table, min, max)?).map_err(invalid)
}

fn small_or<T: for<'x> Arbitrary<'x> + From<u8>>(u: U<'_, '_>) -> Result<T> {
    if u.ratio(3, 4)? {
        Ok(T::from(u.int_in_range(0..=20)?))
    } else {
        T::arbitrary(u)
    }
}

fn nz32(u: U<'_, '_>) -> Result<NonZeroU32> {
    Ok(NonZeroU32::new(small_or::<u32>(u)?).unwrap_or(NonZeroU32::MIN))
}

fn num32(u: U<'_, '_>) -> Result<u32> {
    small_or(u)
}

fn num64(u: U<'_, '_>) -> Result<u64> {
    small_or(u)
}

/// `mod-sequence-value`: positive, 63 bits (RFC 7162 §7).
fn modseq(u: U<'_, '_>) -> Result<u64> {
    Ok((modseq_zero(u)?).max(1))
}

/// `mod-sequence-valzer`: 0 too, 63 bits.
fn modseq_zero(u: U<'_, '_>) -> Result<u64> {
    Ok(num64(u)? & (i64::MAX as u64))
}

/// A value a constructor checked; the generators only ask for valid ones.
fn checked<T>(v: std::result::Result<T, crate::ValueError>) -> Result<T> {
    v.map_err(|_| Error::IncorrectFormat)
}

/// A hierarchy delimiter: any `QUOTED-CHAR`.
fn delimiter(u: U<'_, '_>) -> Result<Delimiter> {
    checked(Delimiter::new(*u.choose(&QUOTABLE)?))
}

/// Bytes for an IMAP string: mostly atom-like or quotable, sometimes any byte but NUL,
/// keywords, UTF-8 or longer than a quoted string may be.
fn string_bytes(u: U<'_, '_>) -> Result<Vec<u8>> {
    Ok(match u.int_in_range(0u8..=15)? {
        0..=5 => chars(u, &ATOM, 0, 8)?,
        6..=9 => chars(u, &QUOTABLE, 0, 10)?,
        // any byte but NUL, which no string carries (CHAR8; NUL is literal8's alone)
        10..=11 => vec_of(u, 0, 10, |u| Ok(u.arbitrary::<u8>()?.max(1)))?,
        12 => u
            .choose(&[
                "NIL", "nil", "INBOX", "", "{3}", "\"", "\\", "*", "%", "a b", "[x]", "~{1}",
            ])?
            .as_bytes()
            .to_vec(),
        13 => {
            // around the longest quoted string, and LITERAL-'s 4096
            let b = *u.choose(&TEXT)?;
            let around = *u.choose(&[1024, 4096])?;
            vec![b; u.int_in_range(around - 4..=around + 4)?]
        }
        // any character but NUL
        _ => vec_of(u, 0, 4, |u| Ok(u.arbitrary::<char>()?.max('\u{1}')))?
            .into_iter()
            .collect::<String>()
            .into_bytes(),
    })
}

fn istring(u: U<'_, '_>) -> Result<IString<'static>> {
    Ok(IString::from_owned(string_bytes(u)?))
}

fn nstring(u: U<'_, '_>) -> Result<NString<'static>> {
    Ok(if u.ratio(1, 4)? {
        None
    } else {
        Some(istring(u)?)
    })
}

fn atom_of(s: String) -> Atom<'static> {
    Atom::new(s).unwrap_or_else(|_| Atom::checked("X"))
}

fn atom(u: U<'_, '_>) -> Result<Atom<'static>> {
    Ok(atom_of(ascii(u, &ATOM, 1, 8)?))
}

/// An atom that is either one of `known` or random, for the classifiers.
fn word(u: U<'_, '_>, known: &[&str]) -> Result<Atom<'static>> {
    if u.ratio(2, 3)? {
        let w = *u.choose(known)?;
        // the names are case-insensitive: vary the case
        let w = if u.ratio(1, 4)? {
            w.to_ascii_lowercase()
        } else {
            w.to_string()
        };
        Ok(atom_of(w))
    } else {
        atom(u)
    }
}

/// The name of an unknown item: `XZ` and a few characters, never a known name.
fn xname(u: U<'_, '_>) -> Result<Atom<'static>> {
    Ok(atom_of(format!("XZ{}", ascii(u, &X_TAIL, 0, 5)?)))
}

/// `objectid = 1*255(ALPHA / DIGIT / "_" / "-")` (RFC 8474)
fn objectid(u: U<'_, '_>) -> Result<Atom<'static>> {
    Ok(atom_of(ascii(u, &OBJECTID, 1, 8)?))
}

/// `charset = atom / quoted`: 7-bit, not empty.
fn charset(u: U<'_, '_>) -> Result<IString<'static>> {
    Ok(if u.ratio(1, 2)? {
        IString::from(*u.choose(&["UTF-8", "US-ASCII", "utf-8", "ISO-8859-1"])?)
    } else {
        IString::from_owned(chars(u, &QUOTABLE, 1, 8)?)
    })
}

fn literal(u: U<'_, '_>, kind: LiteralKind) -> Result<Literal<'static>> {
    Ok(Literal::new(string_bytes(u)?, kind))
}

fn mailbox(u: U<'_, '_>) -> Result<Mailbox<'static>> {
    Ok(if u.ratio(1, 5)? {
        Mailbox::Inbox
    } else {
        Mailbox::new(istring(u)?)
    })
}

fn tag(u: U<'_, '_>) -> Result<Tag<'static>> {
    Tag::new(ascii(u, &TAG, 1, 6)?).map_err(invalid)
}

/// `text`: 7-bit TEXT-CHAR, sometimes UTF-8 characters (RFC 9051), never bytes that are
/// not UTF-8 (`Text::new` refuses them, as the strict parser does).
fn text(u: U<'_, '_>) -> Result<Text<'static>> {
    let bytes = if u.ratio(1, 8)? {
        u.choose(&[
            &b"[ALERT] x"[..],
            b"[",
            b" ",
            b"  a",
            b"a ",
            b"]",
            "d\u{e9}j\u{e0} \u{2713} \u{1f600}".as_bytes(),
        ])?
        .to_vec()
    } else if u.ratio(1, 6)? {
        vec_of(u, 0, 6, |u| {
            let c = u.arbitrary::<char>()?;
            Ok(if matches!(c, '\r' | '\n' | '\0') {
                'x'
            } else {
                c
            })
        })?
        .into_iter()
        .collect::<String>()
        .into_bytes()
    } else {
        chars(u, &TEXT7, 0, 12)?
    };
    Text::new(bytes).map_err(invalid)
}

fn rights(u: U<'_, '_>, min: usize) -> Result<Rights<'static>> {
    Rights::new(ascii(u, &RIGHTS, min, 5)?).map_err(invalid)
}

// ---- sequence sets, dates ----

fn seq_number(u: U<'_, '_>, star: bool) -> Result<SeqNumber> {
    Ok(if star && u.ratio(1, 6)? {
        SeqNumber::Last
    } else {
        SeqNumber::Value(nz32(u)?)
    })
}

/// A sequence set; `star` allows `*`, `dollar` allows `$`.
fn seq_set(u: U<'_, '_>, star: bool, dollar: bool) -> Result<SequenceSet> {
    if dollar && u.ratio(1, 8)? {
        return Ok(SequenceSet::search_result());
    }
    let items = vec_of(u, 1, 4, |u| {
        Ok(if u.arbitrary()? {
            SeqItem::Range(seq_number(u, star)?, seq_number(u, star)?)
        } else {
            SeqItem::Single(seq_number(u, star)?)
        })
    })?;
    SequenceSet::new(items).map_err(invalid)
}

fn date(u: U<'_, '_>) -> Result<Date> {
    let year = u.int_in_range(0..=9999)?;
    let month = u.int_in_range(1..=12)?;
    let day = u.int_in_range(1..=31)?;
    Date::new(year, month, day)
        .or_else(|_| Date::new(year, month, 28))
        .map_err(invalid)
}

fn date_time(u: U<'_, '_>) -> Result<DateTime> {
    let d = date(u)?;
    let (h, m, s) = (
        u.int_in_range(0..=23)?,
        u.int_in_range(0..=59)?,
        u.int_in_range(0..=60)?,
    );
    let zone = u.int_in_range(-(99 * 60 + 59)..=99 * 60 + 59)?;
    DateTime::new(d, h, m, s, zone).map_err(invalid)
}

// ---- flags, capabilities, attributes ----

fn flag(u: U<'_, '_>) -> Result<Flag<'static>> {
    Ok(match u.int_in_range(0u8..=6)? {
        0 => Flag::Answered,
        1 => Flag::Flagged,
        2 => Flag::Deleted,
        3 => Flag::Seen,
        4 => Flag::Draft,
        5 => Flag::Keyword(atom(u)?),
        _ => {
            // `\Recent` is a flag-fetch of its own, never an extension
            let a = word(u, &["Seen", "Recent", "Junk", "Answered"])?;
            match Flag::system_or_extension(a) {
                Flag::Extension(a) if a.eq_ignore_case("Recent") => Flag::Seen,
                f => f,
            }
        }
    })
}

fn flag_fetch(u: U<'_, '_>) -> Result<FlagFetch<'static>> {
    Ok(if u.ratio(1, 6)? {
        FlagFetch::Recent
    } else {
        FlagFetch::Flag(flag(u)?)
    })
}

fn flag_perm(u: U<'_, '_>) -> Result<FlagPerm<'static>> {
    Ok(if u.ratio(1, 6)? {
        FlagPerm::Any
    } else {
        FlagPerm::Flag(flag(u)?)
    })
}

fn capability(u: U<'_, '_>) -> Result<Capability<'static>> {
    Ok(Capability::from_atom(word(
        u,
        &[
            "IMAP4rev1",
            "IMAP4rev2",
            "IDLE",
            "LITERAL+",
            "AUTH=PLAIN",
            "AUTH=",
            "UTF8=ACCEPT",
            "CONDSTORE",
        ],
    )?))
}

fn mailbox_attr(u: U<'_, '_>) -> Result<MailboxAttr<'static>> {
    Ok(MailboxAttr::from_name(word(
        u,
        &[
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
        ],
    )?))
}

fn status_attr(u: U<'_, '_>) -> Result<StatusAttr<'static>> {
    Ok(if u.ratio(1, 6)? {
        StatusAttr::Other(xname(u)?)
    } else {
        u.choose(&StatusAttr::KNOWN)?.1.clone()
    })
}

// ---- raw values ----

/// A value of any shape but a literal: an atom, a number, a quoted string, `NIL`
/// or a parenthesised list.
fn raw_bytes(u: U<'_, '_>, depth: u32, out: &mut Vec<u8>) -> Result<()> {
    match u.int_in_range(0u8..=5)? {
        0 => {
            // a token starts with a letter: one starting with a digit is a number
            out.push(*u.choose(b"abcXYZ")?);
            out.extend(chars(u, &NAME_TAIL, 0, 5)?);
        }
        1 => out.extend(num64(u)?.to_string().into_bytes()),
        2 => {
            out.push(b'"');
            out.extend(chars(u, &OBJECTID, 0, 6)?);
            out.push(b'"');
        }
        3 => out.extend_from_slice(b"NIL"),
        4 => {
            let data = string_bytes(u)?;
            if u.arbitrary()? {
                out.push(b'~');
            }
            out.extend(format!("{{{}}}\r\n", data.len()).into_bytes());
            out.extend(data);
        }
        _ => paren_raw_bytes(u, depth, out)?,
    }
    Ok(())
}

fn paren_raw_bytes(u: U<'_, '_>, depth: u32, out: &mut Vec<u8>) -> Result<()> {
    out.push(b'(');
    if depth < MAX_DEPTH {
        let n = u.int_in_range(0..=3)?;
        for k in 0..n {
            if k > 0 {
                out.push(b' ');
            }
            raw_bytes(u, depth + 1, out)?;
        }
    }
    out.push(b')');
    Ok(())
}

fn raw(bytes: Vec<u8>) -> RawValue<'static> {
    RawValue(Cow::Owned(bytes))
}

fn raw_value(u: U<'_, '_>) -> Result<RawValue<'static>> {
    let mut v = Vec::new();
    raw_bytes(u, 0, &mut v)?;
    Ok(raw(v))
}

fn paren_raw(u: U<'_, '_>) -> Result<RawValue<'static>> {
    let mut v = Vec::new();
    paren_raw_bytes(u, 0, &mut v)?;
    Ok(raw(v))
}

/// `tagged-ext-val = tagged-ext-simple / "(" [tagged-ext-comp] ")"`, or none.
fn ext_value(u: U<'_, '_>) -> Result<Option<RawValue<'static>>> {
    Ok(match u.int_in_range(0u8..=2)? {
        0 => None,
        1 => Some(paren_raw(u)?),
        _ => {
            let set = seq_set(u, true, true)?;
            Some(raw(sequence_set_bytes(&set)))
        }
    })
}

/// A sequence set as written: `tagged-ext-simple` is one.
fn sequence_set_bytes(set: &SequenceSet) -> Vec<u8> {
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

/// The rest of an unknown line: values (literals too) and bits of text, separated
/// by spaces. The text holds no `"` (a quoted string hides a literal's
/// announcement) and the rest never ends in `}` (which would announce one).
fn rest(u: U<'_, '_>) -> Result<RawValue<'static>> {
    let mut v = Vec::new();
    for k in 0..u.int_in_range(0..=3)? {
        if k > 0 {
            v.push(b' ');
        }
        if u.arbitrary()? {
            raw_bytes(u, 0, &mut v)?;
        } else {
            v.extend(chars(u, &REST, 0, 8)?);
        }
    }
    if v.last() == Some(&b'}') {
        v.push(b'.');
    }
    Ok(raw(v))
}

// ---- response text and codes ----

const SIMPLE_CODES: [&str; 29] = [
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

fn code(u: U<'_, '_>) -> Result<Code<'static>> {
    Ok(match u.int_in_range(0u8..=13)? {
        0 => Code::Simple(
            SimpleCode::from_name(u.choose(&SIMPLE_CODES)?.as_bytes()).unwrap_or(SimpleCode::Alert),
        ),
        1 => Code::BadCharset(vec_of(u, 0, 3, charset)?),
        2 => Code::Capability(vec_of(u, 0, 3, capability)?),
        3 => Code::PermanentFlags(vec_of(u, 0, 3, flag_perm)?),
        4 => Code::UidNext(nz32(u)?),
        5 => Code::UidValidity(nz32(u)?),
        6 => Code::Unseen(nz32(u)?),
        7 => Code::AppendUid {
            uid_validity: nz32(u)?,
            uids: seq_set(u, false, false)?,
        },
        8 => Code::CopyUid {
            uid_validity: nz32(u)?,
            source: seq_set(u, false, false)?,
            destination: seq_set(u, false, false)?,
        },
        9 => Code::HighestModSeq(modseq(u)?),
        10 => Code::Modified(seq_set(u, true, false)?),
        11 => Code::Metadata(match u.int_in_range(0u8..=3)? {
            0 => MetadataCode::LongEntries(u.arbitrary()?),
            1 => MetadataCode::MaxSize(u.arbitrary()?),
            2 => MetadataCode::TooMany,
            _ => MetadataCode::NoPrivate,
        }),
        12 => Code::MailboxId(objectid(u)?),
        _ => {
            let data: Option<Cow<'static, [u8]>> = if u.ratio(1, 8)? {
                Some(Cow::Borrowed("d\u{e9}j\u{e0} \u{2713}".as_bytes()))
            } else if u.arbitrary()? {
                Some(Cow::Owned(chars(u, &CODE_DATA, 1, 10)?))
            } else {
                None
            };
            // an X- name is never a typed code's, and the data is text but `]`
            Code::Other(OtherCode::new(xname(u)?, data).map_err(|_| Error::IncorrectFormat)?)
        }
    })
}

fn resp_text(u: U<'_, '_>) -> Result<RespText<'static>> {
    let code = if u.ratio(1, 3)? { Some(code(u)?) } else { None };
    let mut b = text(u)?.as_bytes().to_vec();
    if code.is_none() && b.first() == Some(&b'[') && b.contains(&b']') {
        // without a code, "[...]" would read as one
        b[0] = b'x';
    }
    if b.last() == Some(&b'}') {
        // Text::new refuses a literal-like end, `* OK vd{9}`
        b.push(b'.');
    }
    Ok(RespText {
        code,
        text: Text::new(b).map_err(invalid)?,
    })
}

// ---- search, sort, thread ----

fn search_key(u: U<'_, '_>, depth: u32) -> Result<SearchKey<'static>> {
    use SearchKey as K;
    let deeper = depth < MAX_DEPTH;
    let d = depth + 1;
    Ok(match u.int_in_range(0u8..=55)? {
        0 => K::All,
        1 => K::Answered,
        2 => K::Bcc(istring(u)?),
        3 => K::Before(date(u)?),
        4 => K::Body(istring(u)?),
        5 => K::Cc(istring(u)?),
        6 => K::Deleted,
        7 => K::Draft,
        8 => K::Flagged,
        9 => K::From(istring(u)?),
        10 => K::Header(istring(u)?, istring(u)?),
        11 => K::Keyword(atom(u)?),
        12 => K::Larger(num64(u)?),
        13 => K::New,
        14 if deeper => K::Not(Box::new(search_key(u, d)?)),
        15 => K::Old,
        16 => K::On(date(u)?),
        17 if deeper => K::Or(Box::new(search_key(u, d)?), Box::new(search_key(u, d)?)),
        18 => K::Recent,
        19 => K::Seen,
        20 => K::SentBefore(date(u)?),
        21 => K::SentOn(date(u)?),
        22 => K::SentSince(date(u)?),
        23 => K::Since(date(u)?),
        24 => K::Smaller(num64(u)?),
        25 => K::Subject(istring(u)?),
        26 => K::Text(istring(u)?),
        27 => K::To(istring(u)?),
        28 => K::Uid(seq_set(u, true, true)?),
        29 => K::Unanswered,
        30 => K::Undeleted,
        31 => K::Undraft,
        32 => K::Unflagged,
        33 => K::Unkeyword(atom(u)?),
        34 => K::Unseen,
        35 => K::SequenceSet(seq_set(u, true, true)?),
        36 if deeper => K::And(vec_of(u, 1, 3, |u| search_key(u, d))?),
        37 => K::ModSeq {
            entry: if u.arbitrary()? {
                let kind = *u.choose(&[EntryType::Private, EntryType::Shared, EntryType::All])?;
                Some((istring(u)?, kind))
            } else {
                None
            },
            modseq: modseq_zero(u)?,
        },
        38 => K::Older(nz32(u)?),
        39 => K::Younger(nz32(u)?),
        40 => K::EmailId(objectid(u)?),
        41 => K::ThreadId(objectid(u)?),
        42 => K::SavedBefore(date(u)?),
        43 => K::SavedOn(date(u)?),
        44 => K::SavedSince(date(u)?),
        45 => K::SaveDateSupported,
        46 => K::Filter(istring(u)?),
        47 if deeper => K::Fuzzy(Box::new(search_key(u, d)?)),
        48 => K::GmailRaw(istring(u)?),
        49 => K::GmailMsgId(num64(u)?),
        50 => K::GmailThreadId(num64(u)?),
        51 => K::GmailLabels(istring(u)?),
        _ => K::All,
    })
}

fn search_keys(u: U<'_, '_>) -> Result<Vec<SearchKey<'static>>> {
    vec_of(u, 1, 3, |u| search_key(u, 0))
}

fn search_return_opt(u: U<'_, '_>) -> Result<SearchReturnOpt<'static>> {
    Ok(match u.int_in_range(0u8..=5)? {
        0 => SearchReturnOpt::Min,
        1 => SearchReturnOpt::Max,
        2 => SearchReturnOpt::All,
        3 => SearchReturnOpt::Count,
        4 => SearchReturnOpt::Save,
        _ => SearchReturnOpt::Other(xname(u)?, ext_value(u)?),
    })
}

fn search_returns(u: U<'_, '_>) -> Result<Option<Vec<SearchReturnOpt<'static>>>> {
    Ok(if u.arbitrary()? {
        Some(vec_of(u, 0, 3, search_return_opt)?)
    } else {
        None
    })
}

fn sort_criterion(u: U<'_, '_>) -> Result<SortCriterion> {
    Ok(SortCriterion {
        reverse: u.arbitrary()?,
        key: u.choose(&SortKey::ALL)?.1,
    })
}

fn thread_algorithm(u: U<'_, '_>) -> Result<ThreadAlgorithm<'static>> {
    Ok(ThreadAlgorithm::from_atom(word(
        u,
        &["ORDEREDSUBJECT", "REFERENCES", "REFS"],
    )?))
}

fn thread(u: U<'_, '_>, depth: u32) -> Result<Thread> {
    let members = vec_of(u, 0, 3, nz32)?;
    let children = if depth < MAX_DEPTH {
        vec_of(u, 0, 3, |u| thread(u, depth + 1))?
    } else {
        Vec::new()
    };
    Thread::new(members, children)
        .or_else(|_| Thread::new(vec![NonZeroU32::MIN], Vec::new()))
        .map_err(invalid)
}

// ---- fetch ----

fn part(u: U<'_, '_>) -> Result<Vec<NonZeroU32>> {
    vec_of(u, 0, 3, nz32)
}

fn section(u: U<'_, '_>) -> Result<Section<'static>> {
    let part = part(u)?;
    let text = match u.int_in_range(0u8..=5)? {
        0 => None,
        1 => Some(SectionText::Header),
        2 => Some(SectionText::HeaderFields(vec_of(u, 1, 3, istring)?)),
        3 => Some(SectionText::HeaderFieldsNot(vec_of(u, 1, 3, istring)?)),
        4 => Some(SectionText::Text),
        _ if part.is_empty() => None,
        _ => Some(SectionText::Mime),
    };
    Section::new(part, text).map_err(invalid)
}

fn partial(u: U<'_, '_>) -> Result<Option<Partial>> {
    Ok(if u.arbitrary()? {
        Some(Partial {
            offset: num64(u)?,
            length: NonZeroU64::new(num64(u)?).unwrap_or(NonZeroU64::MIN),
        })
    } else {
        None
    })
}

fn fetch_attr(u: U<'_, '_>) -> Result<FetchAttr<'static>> {
    use FetchAttr as A;
    Ok(match u.int_in_range(0u8..=21)? {
        0 => A::Envelope,
        1 => A::Flags,
        2 => A::InternalDate,
        3 => A::Rfc822Size,
        4 => A::Body,
        5 => A::BodyStructure,
        6 => A::Uid,
        7 => A::BodySection {
            peek: u.arbitrary()?,
            section: section(u)?,
            partial: partial(u)?,
        },
        8 => A::Binary {
            peek: u.arbitrary()?,
            section: part(u)?,
            partial: partial(u)?,
        },
        9 => A::BinarySize(part(u)?),
        10 => A::Rfc822,
        11 => A::Rfc822Header,
        12 => A::Rfc822Text,
        13 => A::ModSeq,
        14 => A::SaveDate,
        15 => A::EmailId,
        16 => A::ThreadId,
        17 => A::GmailMsgId,
        18 => A::GmailThreadId,
        19 => A::GmailLabels,
        _ => A::Other(xname(u)?),
    })
}

fn fetch_spec(u: U<'_, '_>) -> Result<FetchSpec<'static>> {
    Ok(match u.int_in_range(0u8..=5)? {
        0 => FetchSpec::All,
        1 => FetchSpec::Fast,
        2 => FetchSpec::Full,
        _ => FetchSpec::Attrs(vec_of(u, 1, 4, fetch_attr)?),
    })
}

fn fetch_modifier(u: U<'_, '_>) -> Result<FetchModifier<'static>> {
    Ok(match u.int_in_range(0u8..=2)? {
        0 => FetchModifier::ChangedSince(modseq(u)?),
        1 => FetchModifier::Vanished,
        _ => FetchModifier::Other(xname(u)?, ext_value(u)?),
    })
}

fn gmail_label(u: U<'_, '_>) -> Result<GmailLabel<'static>> {
    Ok(if u.arbitrary()? {
        GmailLabel::System(word(u, &["Inbox", "Important", "Sent"])?)
    } else {
        GmailLabel::Name(istring(u)?)
    })
}

// ---- envelope and body structure ----

fn address(u: U<'_, '_>) -> Result<Address<'static>> {
    Ok(Address {
        name: nstring(u)?,
        adl: nstring(u)?,
        mailbox: nstring(u)?,
        host: nstring(u)?,
    })
}

fn addresses(u: U<'_, '_>) -> Result<Vec<Address<'static>>> {
    vec_of(u, 0, 2, address)
}

fn envelope(u: U<'_, '_>) -> Result<Envelope<'static>> {
    let mut env = Envelope::new();
    env.date = nstring(u)?;
    env.subject = nstring(u)?;
    for field in AddressField::ALL {
        env.set_addresses(field, addresses(u)?);
    }
    env.in_reply_to = nstring(u)?;
    env.message_id = nstring(u)?;
    Ok(env)
}

fn params(u: U<'_, '_>) -> Result<Params<'static>> {
    vec_of(u, 0, 2, |u| Ok((istring(u)?, istring(u)?))).map(Params::from)
}

fn body_extension(u: U<'_, '_>, depth: u32) -> Result<BodyExtension<'static>> {
    Ok(match u.int_in_range(0u8..=2)? {
        2 if depth < MAX_DEPTH => {
            BodyExtension::List(vec_of(u, 1, 3, |u| body_extension(u, depth + 1))?)
        }
        1 => BodyExtension::Number(num64(u)?),
        _ => BodyExtension::NString(nstring(u)?),
    })
}

/// The extension data after the MD5 or the parameters: each level only if the ones
/// before it are there.
fn body_ext_data(u: U<'_, '_>) -> Result<BodyExtData<'static>> {
    let mut ext = BodyExtData::default();
    if u.ratio(1, 3)? {
        return Ok(ext);
    }
    ext.set_disposition(if u.arbitrary()? {
        Some(Disposition {
            kind: istring(u)?,
            params: params(u)?,
        })
    } else {
        None
    });
    if u.ratio(1, 3)? {
        return Ok(ext);
    }
    ext.set_language(vec_of(u, 0, 2, istring)?);
    if u.ratio(1, 3)? {
        return Ok(ext);
    }
    ext.set_location(nstring(u)?);
    for x in vec_of(u, 0, 2, |u| body_extension(u, 0))? {
        ext.push_extension(x);
    }
    Ok(ext)
}

fn body_fields(u: U<'_, '_>) -> Result<BodyFields<'static>> {
    Ok(BodyFields {
        params: params(u)?,
        id: nstring(u)?,
        description: nstring(u)?,
        encoding: istring(u)?,
        octets: num32(u)?,
    })
}

/// A body structure; `ext` allows extension data (BODYSTRUCTURE, not BODY).
fn body(u: U<'_, '_>, depth: u32, ext: bool) -> Result<BodyStructure<'static>> {
    let deeper = depth < MAX_DEPTH;
    if deeper && u.ratio(1, 3)? {
        let parts = vec_of(u, 1, 3, |u| body(u, depth + 1, ext))?;
        let subtype = istring(u)?;
        let params = if ext && u.arbitrary()? {
            Some(params(u)?)
        } else {
            None
        };
        let ext = if params.is_some() {
            body_ext_data(u)?
        } else {
            BodyExtData::default()
        };
        return Ok(BodyStructure::Multipart {
            parts,
            subtype,
            params,
            ext,
        });
    }
    let (media_type, subtype, kind) = match u.int_in_range(0u8..=2)? {
        2 if deeper => (
            IString::from(*u.choose(&["MESSAGE", "message"])?),
            IString::from(*u.choose(&["RFC822", "GLOBAL", "rfc822"])?),
            SinglePartKind::Message {
                envelope: Box::new(envelope(u)?),
                body: Box::new(body(u, depth + 1, ext)?),
                lines: num64(u)?,
            },
        ),
        1 => (
            IString::from(*u.choose(&["TEXT", "text"])?),
            istring(u)?,
            SinglePartKind::Text { lines: num64(u)? },
        ),
        _ => {
            let mut t = istring(u)?;
            if t.as_bytes().eq_ignore_ascii_case(b"TEXT") {
                t = IString::from("IMAGE");
            }
            (t, istring(u)?, SinglePartKind::Basic)
        }
    };
    let fields = body_fields(u)?;
    let md5 = if ext && u.arbitrary()? {
        Some(nstring(u)?)
    } else {
        None
    };
    let ext = if md5.is_some() {
        body_ext_data(u)?
    } else {
        BodyExtData::default()
    };
    Ok(BodyStructure::Single {
        media_type,
        subtype,
        fields,
        kind,
        md5,
        ext,
    })
}

// ---- commands ----

fn select_param(u: U<'_, '_>) -> Result<SelectParam<'static>> {
    Ok(match u.int_in_range(0u8..=2)? {
        0 => SelectParam::CondStore,
        1 => SelectParam::QResync {
            uid_validity: nz32(u)?,
            modseq: modseq(u)?,
            known_uids: if u.arbitrary()? {
                Some(seq_set(u, true, false)?)
            } else {
                None
            },
            seq_match: if u.arbitrary()? {
                Some((seq_set(u, true, false)?, seq_set(u, true, false)?))
            } else {
                None
            },
        },
        _ => SelectParam::Other(xname(u)?, ext_value(u)?),
    })
}

fn list_select_opt(u: U<'_, '_>) -> Result<ListSelectOpt<'static>> {
    Ok(match u.int_in_range(0u8..=4)? {
        0 => ListSelectOpt::Subscribed,
        1 => ListSelectOpt::Remote,
        2 => ListSelectOpt::RecursiveMatch,
        3 => ListSelectOpt::SpecialUse,
        _ => ListSelectOpt::Other(xname(u)?, ext_value(u)?),
    })
}

fn list_return_opt(u: U<'_, '_>) -> Result<ListReturnOpt<'static>> {
    Ok(match u.int_in_range(0u8..=4)? {
        0 => ListReturnOpt::Subscribed,
        1 => ListReturnOpt::Children,
        2 => ListReturnOpt::SpecialUse,
        3 => ListReturnOpt::Status(vec_of(u, 1, 3, status_attr)?),
        _ => ListReturnOpt::Other(xname(u)?, ext_value(u)?),
    })
}

fn append_message(u: U<'_, '_>) -> Result<AppendMessage<'static>> {
    Ok(AppendMessage {
        flags: vec_of(u, 0, 3, flag)?,
        date: if u.arbitrary()? {
            Some(date_time(u)?)
        } else {
            None
        },
        data: if u.ratio(1, 4)? {
            // "UTF8" SP "(" literal8 ")"
            AppendData::Utf8(literal(u, LiteralKind::Binary)?)
        } else {
            let kind = if u.arbitrary()? {
                LiteralKind::Binary
            } else {
                LiteralKind::Text
            };
            AppendData::Literal(literal(u, kind)?)
        },
    })
}

fn metadata_value(u: U<'_, '_>) -> Result<MetadataValue<'static>> {
    Ok(match u.int_in_range(0u8..=2)? {
        0 => None,
        1 => Some(literal(u, LiteralKind::Text)?),
        _ => Some(literal(u, LiteralKind::Binary)?),
    })
}

fn id_params(u: U<'_, '_>) -> Result<Option<IdParams<'static>>> {
    Ok(if u.ratio(1, 4)? {
        None
    } else {
        Some(vec_of(u, 0, 3, |u| Ok((istring(u)?, nstring(u)?)))?)
    })
}

fn command_body(u: U<'_, '_>) -> Result<CommandBody<'static>> {
    use CommandBody as C;
    Ok(match u.int_in_range(0u8..=43)? {
        0 => C::Capability,
        1 => C::Noop,
        2 => C::Logout,
        3 => C::StartTls,
        4 => C::Authenticate {
            mechanism: word(u, &["PLAIN", "LOGIN", "XOAUTH2", "SCRAM-SHA-256"])?,
            initial: if u.arbitrary()? {
                Some(SaslData::new(vec_of(u, 0, 10, |u| u.arbitrary::<u8>())?))
            } else {
                None
            },
        },
        5 => C::Login {
            username: istring(u)?,
            password: SecretString::new(istring(u)?),
        },
        6 => C::Enable(vec_of(u, 1, 3, capability)?),
        7 => C::Select {
            mailbox: mailbox(u)?,
            params: vec_of(u, 0, 2, select_param)?,
        },
        8 => C::Examine {
            mailbox: mailbox(u)?,
            params: vec_of(u, 0, 2, select_param)?,
        },
        9 => C::Create {
            mailbox: mailbox(u)?,
            special_use: vec_of(u, 0, 2, |u| word(u, &["Drafts", "Sent", "Trash"]))?,
        },
        10 => C::Delete(mailbox(u)?),
        11 => C::Rename {
            from: mailbox(u)?,
            to: mailbox(u)?,
        },
        12 => C::Subscribe(mailbox(u)?),
        13 => C::Unsubscribe(mailbox(u)?),
        14 => C::List {
            selection: if u.arbitrary()? {
                Some(vec_of(u, 0, 3, list_select_opt)?)
            } else {
                None
            },
            reference: mailbox(u)?,
            patterns: vec_of(u, 1, 3, |u| Ok(ListMailbox::new(istring(u)?)))?,
            returns: if u.arbitrary()? {
                Some(vec_of(u, 0, 3, list_return_opt)?)
            } else {
                None
            },
        },
        15 => C::Lsub {
            reference: mailbox(u)?,
            pattern: ListMailbox::new(istring(u)?),
        },
        16 => C::Namespace,
        17 => C::Status {
            mailbox: mailbox(u)?,
            items: vec_of(u, 1, 3, status_attr)?,
        },
        18 => C::Append {
            mailbox: mailbox(u)?,
            messages: vec_of(u, 1, 3, append_message)?,
        },
        19 => C::Idle,
        20 => C::Check,
        21 => C::Close,
        22 => C::Unselect,
        23 => C::Expunge {
            uids: if u.arbitrary()? {
                Some(seq_set(u, true, true)?)
            } else {
                None
            },
        },
        24 => C::Search {
            uid: u.arbitrary()?,
            returns: search_returns(u)?,
            charset: if u.arbitrary()? {
                Some(charset(u)?)
            } else {
                None
            },
            criteria: search_keys(u)?,
        },
        25 => C::Fetch {
            uid: u.arbitrary()?,
            set: seq_set(u, true, true)?,
            spec: fetch_spec(u)?,
            modifiers: vec_of(u, 0, 2, fetch_modifier)?,
        },
        26 => C::Store {
            uid: u.arbitrary()?,
            set: seq_set(u, true, true)?,
            unchanged_since: if u.arbitrary()? {
                Some(modseq_zero(u)?)
            } else {
                None
            },
            action: *u.choose(&[StoreAction::Replace, StoreAction::Add, StoreAction::Remove])?,
            silent: u.arbitrary()?,
            items: if u.ratio(1, 4)? {
                StoreItems::GmailLabels(vec_of(u, 0, 3, gmail_label)?)
            } else {
                StoreItems::Flags(vec_of(u, 0, 3, flag)?)
            },
        },
        27 => C::Copy {
            uid: u.arbitrary()?,
            set: seq_set(u, true, true)?,
            mailbox: mailbox(u)?,
        },
        28 => C::Move {
            uid: u.arbitrary()?,
            set: seq_set(u, true, true)?,
            mailbox: mailbox(u)?,
        },
        29 => C::Id(id_params(u)?),
        30 => C::GetQuota(istring(u)?),
        31 => C::GetQuotaRoot(mailbox(u)?),
        32 => C::SetQuota {
            root: istring(u)?,
            limits: vec_of(u, 0, 2, |u| {
                Ok((word(u, &["STORAGE", "MESSAGE"])?, num64(u)?))
            })?,
        },
        33 => C::Sort {
            uid: u.arbitrary()?,
            returns: search_returns(u)?,
            criteria: vec_of(u, 1, 3, sort_criterion)?,
            charset: charset(u)?,
            search: search_keys(u)?,
        },
        34 => C::Thread {
            uid: u.arbitrary()?,
            algorithm: thread_algorithm(u)?,
            charset: charset(u)?,
            search: search_keys(u)?,
        },
        35 => C::GetMetadata {
            options: vec_of(u, 0, 2, |u| {
                Ok(if u.arbitrary()? {
                    MetadataOption::MaxSize(num32(u)?)
                } else {
                    MetadataOption::Depth(*u.choose(&[
                        MetadataDepth::Zero,
                        MetadataDepth::One,
                        MetadataDepth::Infinity,
                    ])?)
                })
            })?,
            mailbox: mailbox(u)?,
            entries: vec_of(u, 1, 3, istring)?,
        },
        36 => C::SetMetadata {
            mailbox: mailbox(u)?,
            entries: vec_of(u, 1, 3, |u| Ok((istring(u)?, metadata_value(u)?)))?,
        },
        37 => C::GetAcl(mailbox(u)?),
        38 => C::SetAcl {
            mailbox: mailbox(u)?,
            identifier: istring(u)?,
            rights: istring(u)?,
        },
        39 => C::DeleteAcl {
            mailbox: mailbox(u)?,
            identifier: istring(u)?,
        },
        40 => C::ListRights {
            mailbox: mailbox(u)?,
            identifier: istring(u)?,
        },
        41 => C::MyRights(mailbox(u)?),
        42 => C::Compress(word(u, &["DEFLATE"])?),
        _ => C::Other {
            name: xname(u)?,
            rest: rest(u)?,
        },
    })
}

// ---- responses ----

fn list_item(u: U<'_, '_>) -> Result<ListItem<'static>> {
    Ok(ListItem {
        attributes: vec_of(u, 0, 3, mailbox_attr)?,
        delimiter: if u.ratio(1, 4)? {
            None
        } else {
            Some(delimiter(u)?)
        },
        mailbox: mailbox(u)?,
        extended: if u.ratio(1, 4)? {
            Some(paren_raw(u)?)
        } else {
            None
        },
    })
}

fn status_item(u: U<'_, '_>) -> Result<StatusItem<'static>> {
    Ok(match u.int_in_range(0u8..=12)? {
        0 => StatusItem::Messages(num32(u)?),
        1 => StatusItem::Recent(num32(u)?),
        2 => StatusItem::UidNext(num32(u)?),
        3 => StatusItem::UidValidity(num32(u)?),
        4 => StatusItem::Unseen(num32(u)?),
        5 => StatusItem::Deleted(num32(u)?),
        6 => StatusItem::Size(num64(u)?),
        7 => StatusItem::HighestModSeq(modseq_zero(u)?),
        8 => StatusItem::AppendLimit(if u.arbitrary()? {
            Some(num32(u)?)
        } else {
            None
        }),
        9 => StatusItem::MailboxId(objectid(u)?),
        _ => StatusItem::Other(xname(u)?, raw_value(u)?),
    })
}

fn search_return(u: U<'_, '_>) -> Result<SearchReturn<'static>> {
    Ok(match u.int_in_range(0u8..=5)? {
        0 => SearchReturn::Min(num32(u)?),
        1 => SearchReturn::Max(num32(u)?),
        2 => SearchReturn::All(seq_set(u, true, false)?),
        3 => SearchReturn::Count(num32(u)?),
        4 => SearchReturn::ModSeq(modseq(u)?),
        _ => SearchReturn::Other(xname(u)?, raw_value(u)?),
    })
}

fn fetch_item(u: U<'_, '_>) -> Result<FetchItem<'static>> {
    use FetchItem as I;
    Ok(match u.int_in_range(0u8..=21)? {
        0 => I::Flags(vec_of(u, 0, 3, flag_fetch)?),
        1 => I::Uid(nz32(u)?),
        2 => I::InternalDate(date_time(u)?),
        3 => I::Rfc822Size(checked(Number64::new(modseq_zero(u)?))?),
        4 => I::Envelope(Box::new(envelope(u)?)),
        5 => I::Body(Box::new(body(u, 0, false)?)),
        6 => I::BodyStructure(Box::new(body(u, 0, true)?)),
        7 => I::BodySection {
            section: section(u)?,
            origin: if u.arbitrary()? {
                Some(num32(u)?)
            } else {
                None
            },
            data: nstring(u)?,
        },
        8 => I::Binary {
            section: part(u)?,
            data: metadata_value(u)?,
        },
        9 => I::BinarySize {
            section: part(u)?,
            size: num32(u)?,
        },
        10 => I::Rfc822(nstring(u)?),
        11 => I::Rfc822Header(nstring(u)?),
        12 => I::Rfc822Text(nstring(u)?),
        13 => I::ModSeq(checked(ModSeq::new(modseq(u)?))?),
        14 => I::EmailId(objectid(u)?),
        15 => I::ThreadId(if u.arbitrary()? {
            Some(objectid(u)?)
        } else {
            None
        }),
        16 => I::SaveDate(if u.arbitrary()? {
            Some(date_time(u)?)
        } else {
            None
        }),
        17 => I::GmailMsgId(num64(u)?),
        18 => I::GmailThreadId(num64(u)?),
        19 => I::GmailLabels(vec_of(u, 0, 3, gmail_label)?),
        _ => I::Other {
            name: xname(u)?,
            value: raw_value(u)?,
        },
    })
}

fn namespace(u: U<'_, '_>) -> Result<Option<Vec<NamespaceDescr<'static>>>> {
    if u.ratio(1, 3)? {
        return Ok(None);
    }
    Ok(Some(vec_of(u, 1, 2, |u| {
        Ok(NamespaceDescr {
            prefix: istring(u)?,
            delimiter: if u.ratio(1, 4)? {
                None
            } else {
                Some(delimiter(u)?)
            },
            extensions: vec_of(u, 0, 2, |u| Ok((istring(u)?, vec_of(u, 1, 2, istring)?)))?,
        })
    })?))
}

fn data(u: U<'_, '_>) -> Result<Data<'static>> {
    use Data as D;
    let nz_list = |u: U<'_, '_>| -> Result<Vec<NonZeroU32>> { vec_of(u, 0, 4, nz32) };
    Ok(match u.int_in_range(0u8..=24)? {
        0 => {
            // IMAP4rev1 or IMAP4rev2 somewhere in the list, as capability-data needs
            let mut caps = vec_of(u, 0, 4, capability)?;
            let rev = if u.arbitrary()? {
                Capability::Imap4Rev1
            } else {
                Capability::Imap4Rev2
            };
            let at = u.int_in_range(0..=caps.len())?;
            caps.insert(at, rev);
            D::Capability(checked(Capabilities::new(caps))?)
        }
        1 => D::Enabled(vec_of(u, 0, 3, capability)?),
        2 => D::List(list_item(u)?),
        3 => D::Lsub(list_item(u)?),
        4 => D::Xlist(list_item(u)?),
        5 => D::Status {
            mailbox: mailbox(u)?,
            items: vec_of(u, 0, 3, status_item)?,
        },
        6 => D::Search {
            numbers: nz_list(u)?,
            modseq: if u.arbitrary()? {
                Some(checked(ModSeq::new(modseq(u)?))?)
            } else {
                None
            },
        },
        7 => D::Sort(nz_list(u)?),
        8 => D::Thread(vec_of(u, 0, 3, |u| thread(u, 0))?),
        9 => D::ESearch {
            tag: if u.arbitrary()? {
                Some(istring(u)?)
            } else {
                None
            },
            uid: u.arbitrary()?,
            items: vec_of(u, 0, 3, search_return)?,
        },
        10 => D::Flags(vec_of(u, 0, 4, flag)?),
        11 => D::Exists(num32(u)?),
        12 => D::Recent(num32(u)?),
        13 => D::Expunge(nz32(u)?),
        14 => D::Vanished {
            earlier: u.arbitrary()?,
            uids: seq_set(u, true, false)?,
        },
        15 => D::Fetch {
            seq: nz32(u)?,
            items: checked(NonEmpty::new(vec_of(u, 1, 4, fetch_item)?))?,
        },
        16 => D::Namespace {
            personal: namespace(u)?,
            other: namespace(u)?,
            shared: namespace(u)?,
        },
        17 => D::Id(id_params(u)?),
        18 => D::Quota {
            root: istring(u)?,
            resources: vec_of(u, 1, 3, |u| {
                Ok(QuotaResource {
                    name: word(u, &["STORAGE", "MESSAGE", "MAILBOX"])?,
                    usage: num64(u)?,
                    limit: num64(u)?,
                })
            })?,
        },
        19 => D::QuotaRoot {
            mailbox: mailbox(u)?,
            roots: vec_of(u, 0, 2, istring)?,
        },
        20 => D::Metadata {
            mailbox: mailbox(u)?,
            entries: if u.arbitrary()? {
                MetadataEntries::values(vec_of(u, 1, 3, |u| Ok((istring(u)?, metadata_value(u)?)))?)
            } else {
                MetadataEntries::names(vec_of(u, 1, 3, istring)?)
            }
            .map_err(invalid)?,
        },
        21 => D::Acl {
            mailbox: mailbox(u)?,
            entries: vec_of(u, 0, 3, |u| Ok((istring(u)?, rights(u, 0)?)))?,
        },
        22 => D::ListRights {
            mailbox: mailbox(u)?,
            identifier: istring(u)?,
            required: rights(u, 0)?,
            optional: vec_of(u, 0, 3, |u| rights(u, 0))?,
        },
        23 => D::MyRights {
            mailbox: mailbox(u)?,
            rights: rights(u, 0)?,
        },
        _ => D::Other {
            number: if u.arbitrary()? {
                Some(num32(u)?)
            } else {
                None
            },
            name: xname(u)?,
            rest: rest(u)?,
        },
    })
}

fn response(u: U<'_, '_>) -> Result<Response<'static>> {
    Ok(match u.int_in_range(0u8..=5)? {
        0 => Response::Tagged {
            tag: tag(u)?,
            status: *u.choose(&[Status::Ok, Status::No, Status::Bad])?,
            text: resp_text(u)?,
        },
        1 => Response::Untagged {
            status: *u.choose(&[
                UntaggedStatus::Ok,
                UntaggedStatus::No,
                UntaggedStatus::Bad,
                UntaggedStatus::Bye,
            ])?,
            text: resp_text(u)?,
        },
        2 => Response::Continue(resp_text(u)?),
        _ => Response::Data(data(u)?),
    })
}

fn greeting(u: U<'_, '_>) -> Result<Greeting<'static>> {
    Ok(Greeting {
        kind: *u.choose(&[GreetingKind::Ok, GreetingKind::PreAuth, GreetingKind::Bye])?,
        text: resp_text(u)?,
    })
}

fn command(u: U<'_, '_>) -> Result<Command<'static>> {
    Ok(Command::new(tag(u)?, command_body(u)?))
}

// ---- the trait ----

macro_rules! arbitrary_borrowing {
    ($($t:ident => $f:expr;)*) => {
        $(impl<'a> Arbitrary<'a> for $t<'a> {
            fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
                $f(u)
            }
        })*
    };
}

macro_rules! arbitrary_plain {
    ($($p:ty => $g:expr;)*) => {
        $(impl<'a> Arbitrary<'a> for $p {
            fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
                $g(u)
            }
        })*
    };
}

arbitrary_borrowing! {
    Command => command;
    CommandBody => command_body;
    Response => response;
    Greeting => greeting;
    Data => data;
    Tag => tag;
    Atom => atom;
    IString => istring;
    Literal => |u: U<'_, '_>| {
        let kind = LiteralKind::arbitrary(u)?;
        literal(u, kind)
    };
    Text => text;
    RespText => resp_text;
    Code => code;
    Capability => capability;
    Flag => flag;
    FlagFetch => flag_fetch;
    FlagPerm => flag_perm;
    MailboxAttr => mailbox_attr;
    Mailbox => mailbox;
    Rights => |u| rights(u, 0);
    SecretString => |u| istring(u).map(SecretString::new);
    SelectParam => select_param;
    ListMailbox => |u| istring(u).map(ListMailbox::new);
    ListSelectOpt => list_select_opt;
    ListReturnOpt => list_return_opt;
    StatusAttr => status_attr;
    AppendMessage => append_message;
    FetchAttr => fetch_attr;
    FetchSpec => fetch_spec;
    FetchModifier => fetch_modifier;
    FetchItem => fetch_item;
    Section => section;
    GmailLabel => gmail_label;
    SearchKey => |u| search_key(u, 0);
    SearchReturnOpt => search_return_opt;
    ThreadAlgorithm => thread_algorithm;
    ListItem => list_item;
    StatusItem => status_item;
    SearchReturn => search_return;
    Address => address;
    Envelope => envelope;
    BodyStructure => |u| body(u, 0, true);
    BodyExtension => |u| body_extension(u, 0);
    BodyExtData => body_ext_data;
    BodyFields => body_fields;
    MetadataEntries => |u: U<'_, '_>| {
        MetadataEntries::names(vec_of(u, 1, 3, istring)?).map_err(invalid)
    };
    RawValue => paren_raw;
}

arbitrary_plain! {
    LiteralKind => |u: U<'_, '_>| {
        Ok(if u.arbitrary()? { LiteralKind::Binary } else { LiteralKind::Text })
    };
    SeqNumber => |u| seq_number(u, true);
    SeqItem => |u: U<'_, '_>| {
        let set = seq_set(u, true, false)?;
        set.items().first().copied().ok_or(Error::IncorrectFormat)
    };
    SequenceSet => |u| seq_set(u, true, true);
    Date => date;
    DateTime => date_time;
    Thread => |u| thread(u, 0);
    SortCriterion => sort_criterion;
    SortKey => |u: U<'_, '_>| Ok(u.choose(&SortKey::ALL)?.1);
    EntryType => |u: U<'_, '_>| {
        Ok(*u.choose(&[EntryType::Private, EntryType::Shared, EntryType::All])?)
    };
    Partial => |u: U<'_, '_>| {
        Ok(partial(u)?.unwrap_or(Partial { offset: 0, length: NonZeroU64::MIN }))
    };
    SaslData => |u: U<'_, '_>| Ok(SaslData::new(vec_of(u, 0, 10, |u| u.arbitrary::<u8>())?));
    SimpleCode => |u: U<'_, '_>| {
        Ok(SimpleCode::from_name(u.choose(&SIMPLE_CODES)?.as_bytes()).unwrap_or(SimpleCode::Alert))
    };
    Status => |u: U<'_, '_>| Ok(*u.choose(&[Status::Ok, Status::No, Status::Bad])?);
    GreetingKind => |u: U<'_, '_>| {
        Ok(*u.choose(&[GreetingKind::Ok, GreetingKind::PreAuth, GreetingKind::Bye])?)
    };
    StoreAction => |u: U<'_, '_>| {
        Ok(*u.choose(&[StoreAction::Replace, StoreAction::Add, StoreAction::Remove])?)
    };
}
