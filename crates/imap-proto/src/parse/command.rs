//! Command parsers (RFC 9051 §9 `command`, RFC 3501 §9, and the extensions' rules,
//! each quoted in its doc comment). Commands parse strictly: the server options turn
//! every tolerance off.

use std::num::NonZeroU64;

use mail_proto_core::{Decoded, Payload};

use super::code::{capability, charset};
use super::core::{
    astring, atom, byte, crlf, date_time, flag, flag_list, literal, literal8, mod_sequence_value,
    mod_sequence_valzer, nil, nstring, number, number64, nz_number, paren_list, paren_list1,
    sequence_set, sp, string, take1,
};
use super::fetch::{gmail_label, raw_value, section, section_binary};
use super::search::search_criteria;
use super::{Cx, PResult, ParseOptions, decode_message, expected, fail};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::types::chars::{is_atom_char, is_list_char};
use crate::types::{
    AppendData, AppendMessage, AuthenticateData, Command, CommandBody, FetchAttr, FetchModifier,
    FetchSpec, IString, IdParams, ListMailbox, ListReturnOpt, ListSelectOpt, Literal, LiteralKind,
    Mailbox, MetadataDepth, MetadataOption, Partial, RawValue, SaslData, SearchReturnOpt,
    SecretString, SelectParam, SortCriterion, SortKey, StatusAttr, StoreAction, StoreItems,
    ThreadAlgorithm,
};

/// Parses one command from the start of `input` with the server defaults
/// ([`ParseOptions::server`]: strict grammar, 8 KiB lines, 64 MiB literals).
///
/// A synchronizing literal the client announced and has not sent yet is
/// [`Decoded::LiteralAnnounced`]: the server answers `+` (or refuses) and reads on.
pub fn parse_command(input: &[u8]) -> Decoded<Command<'_>, DecodeError> {
    parse_command_with(input, &ParseOptions::server())
}

/// [`parse_command`] with explicit limits and tolerances.
pub fn parse_command_with<'a>(
    input: &'a [u8],
    opts: &ParseOptions,
) -> Decoded<Command<'a>, DecodeError> {
    decode_message(input, opts, true, command)
}

/// Parses one line the client sends during AUTHENTICATE: `base64 CRLF` or `"*" CRLF`
/// (RFC 9051 §6.2.2). An empty line is an empty response.
pub fn parse_authenticate_data(input: &[u8]) -> Decoded<AuthenticateData, DecodeError> {
    parse_line(
        input,
        1 << 16,
        |line| match mail_proto_core::sasl::decode_line(line) {
            Ok(mail_proto_core::sasl::Response::Cancel) => Ok(AuthenticateData::Cancel),
            Ok(mail_proto_core::sasl::Response::Data(d)) => {
                Ok(AuthenticateData::Response(SaslData::new(d)))
            }
            Err(mail_proto_core::sasl::SaslError::Base64 { offset }) => {
                Err((offset, DecodeErrorKind::Syntax("base64")))
            }
            Err(_) => Err((0, DecodeErrorKind::Syntax("base64"))),
        },
    )
}

/// Parses the line that ends IDLE: `"DONE" CRLF` (RFC 2177; any case).
pub fn parse_idle_done(input: &[u8]) -> Decoded<(), DecodeError> {
    parse_line(input, 64, |line| {
        if line.eq_ignore_ascii_case(b"DONE") {
            Ok(())
        } else {
            Err((0, DecodeErrorKind::Syntax("DONE")))
        }
    })
}

/// One `CRLF`-terminated line of at most `max` bytes, checked by `f`.
fn parse_line<T>(
    input: &[u8],
    max: usize,
    f: impl FnOnce(&[u8]) -> Result<T, (usize, DecodeErrorKind)>,
) -> Decoded<T, DecodeError> {
    let Some(lf) = memchr::memchr(b'\n', &input[..input.len().min(max)]) else {
        if input.len() >= max {
            return Decoded::Failed(DecodeError::new(
                DecodeErrorKind::LineTooLong { limit: max },
                input,
                max,
            ));
        }
        return Decoded::Incomplete;
    };
    if lf == 0 || input[lf - 1] != b'\r' {
        return Decoded::Failed(DecodeError::new(DecodeErrorKind::BareLineEnding, input, lf));
    }
    match f(&input[..lf - 1]) {
        Ok(v) => Decoded::complete(v, lf + 1),
        Err((at, kind)) => Decoded::Failed(DecodeError::new(kind, input, at)),
    }
}

/// A keyword: the atom at the start of `i`, upper-cased into a small buffer (no
/// allocation). Names longer than the buffer come back unmatched.
struct Word<'a> {
    raw: &'a [u8],
    upper: [u8; 24],
}

impl Word<'_> {
    fn is(&self, name: &str) -> bool {
        self.raw.len() == name.len() && self.upper[..self.raw.len()] == *name.as_bytes()
    }
}

fn word<'a>(i: &'a [u8], pred: impl Fn(u8) -> bool, what: &'static str) -> PResult<'a, Word<'a>> {
    let (rest, raw) = take1(i, pred, what)?;
    let mut upper = [0u8; 24];
    if raw.len() <= upper.len() {
        for (u, b) in upper.iter_mut().zip(raw) {
            *u = b.to_ascii_uppercase();
        }
    }
    Ok((rest, Word { raw, upper }))
}

/// The keyword `name` (any case), not followed by an atom character.
fn kw<'a>(i: &'a [u8], name: &'static str) -> PResult<'a, ()> {
    let n = name.len();
    if i.len() >= n
        && i[..n].eq_ignore_ascii_case(name.as_bytes())
        && !i.get(n).is_some_and(|&b| is_atom_char(b))
    {
        Ok((&i[n..], ()))
    } else {
        expected(i, name)
    }
}

/// `SP`, strictly one unless the options tolerate more.
fn spc<'a>(i: &'a [u8], cx: Cx<'_>) -> &'a [u8] {
    sp(i, cx).map_or(i, |(r, ())| r)
}

/// `command = tag SP (command-any / command-auth / command-nonauth / command-select)
/// CRLF`
pub(crate) fn command<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Command<'a>> {
    let (i, tag) = super::core::imap_tag(i)?;
    let (i, ()) = sp(i, cx)?;
    let (i, body) = command_body(i, cx)?;
    let (i, ()) = crlf(i)?;
    Ok((i, Command { tag, body }))
}

fn command_body<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, CommandBody<'a>> {
    let start = i;
    let (rest, w) = word(i, is_atom_char, "command name")?;
    if w.is("UID") {
        let (r, ()) = sp(rest, cx)?;
        let (r, w) = word(r, is_atom_char, "UID command")?;
        // UID with a command this crate does not know (`UID REPLACE`, RFC 8508, or
        // a private one): kept whole as an unknown command named UID
        return uid_command(&w, r, cx).or_else(|e| match e {
            nom::Err::Error(_) if !is_uid_form(&w) => other_command(start, cx),
            e => Err(e),
        });
    }
    let arg = |r: &'a [u8]| sp(r, cx).map(|(r, ())| r);
    use CommandBody as C;
    let simple = [
        ("CAPABILITY", C::Capability),
        ("NOOP", C::Noop),
        ("LOGOUT", C::Logout),
        ("STARTTLS", C::StartTls),
        ("NAMESPACE", C::Namespace),
        ("IDLE", C::Idle),
        ("CHECK", C::Check),
        ("CLOSE", C::Close),
        ("UNSELECT", C::Unselect),
        ("EXPUNGE", C::Expunge { uids: None }),
    ];
    for (name, body) in simple {
        if w.is(name) {
            return Ok((rest, body));
        }
    }
    let one_mailbox = [
        ("DELETE", C::Delete as fn(Mailbox<'a>) -> CommandBody<'a>),
        ("SUBSCRIBE", C::Subscribe),
        ("UNSUBSCRIBE", C::Unsubscribe),
        ("GETQUOTAROOT", C::GetQuotaRoot),
        ("GETACL", C::GetAcl),
        ("MYRIGHTS", C::MyRights),
    ];
    for (name, make) in one_mailbox {
        if w.is(name) {
            let (r, m) = mailbox(arg(rest)?, cx)?;
            return Ok((r, make(m)));
        }
    }
    if w.is("AUTHENTICATE") {
        authenticate(arg(rest)?, cx)
    } else if w.is("LOGIN") {
        let (r, username) = astring(arg(rest)?, cx)?;
        let (r, password) = astring(arg(r)?, cx)?;
        Ok((
            r,
            C::Login {
                username,
                password: SecretString::new(password),
            },
        ))
    } else if w.is("ENABLE") {
        let mut caps = Vec::new();
        let mut r = rest;
        while let Ok((r2, ())) = sp(r, cx) {
            let (r2, c) = capability(r2, cx)?;
            caps.push(c);
            r = r2;
        }
        if caps.is_empty() {
            return expected(rest, "SP capability");
        }
        Ok((r, C::Enable(caps)))
    } else if w.is("SELECT") || w.is("EXAMINE") {
        let (r, m) = mailbox(arg(rest)?, cx)?;
        let (r, params) = select_params(r, cx)?;
        Ok((
            r,
            if w.is("SELECT") {
                C::Select { mailbox: m, params }
            } else {
                C::Examine { mailbox: m, params }
            },
        ))
    } else if w.is("CREATE") {
        create(arg(rest)?, cx)
    } else if w.is("RENAME") {
        let (r, from) = mailbox(arg(rest)?, cx)?;
        let (r, to) = mailbox(arg(r)?, cx)?;
        Ok((r, C::Rename { from, to }))
    } else if w.is("LIST") {
        list(arg(rest)?, cx)
    } else if w.is("LSUB") {
        let (r, reference) = mailbox(arg(rest)?, cx)?;
        let (r, pattern) = list_mailbox(arg(r)?, cx)?;
        Ok((r, C::Lsub { reference, pattern }))
    } else if w.is("STATUS") {
        let (r, m) = mailbox(arg(rest)?, cx)?;
        let (r, items) = paren_list1(arg(r)?, cx, "status-att", status_att)?;
        Ok((r, C::Status { mailbox: m, items }))
    } else if w.is("APPEND") {
        append(arg(rest)?, cx)
    } else if w.is("ID") {
        id_params(arg(rest)?, cx).map(|(r, p)| (r, C::Id(p)))
    } else if w.is("GETQUOTA") {
        astring(arg(rest)?, cx).map(|(r, q)| (r, C::GetQuota(q)))
    } else if w.is("SETQUOTA") {
        let (r, root) = astring(arg(rest)?, cx)?;
        let (r, limits) = paren_list(arg(r)?, cx, |i, cx| {
            let (i, name) = atom(i, cx)?;
            let (i, limit) = number64(sp(i, cx)?.0)?;
            Ok((i, (name, limit)))
        })?;
        Ok((r, C::SetQuota { root, limits }))
    } else if w.is("GETMETADATA") {
        get_metadata(arg(rest)?, cx)
    } else if w.is("SETMETADATA") {
        let (r, m) = mailbox(arg(rest)?, cx)?;
        let (r, entries) = paren_list1(arg(r)?, cx, "entry-value", |i, cx| {
            let (i, entry) = astring(i, cx)?;
            let (i, value) = metadata_value(sp(i, cx)?.0, cx)?;
            Ok((i, (entry, value)))
        })?;
        Ok((
            r,
            C::SetMetadata {
                mailbox: m,
                entries,
            },
        ))
    } else if w.is("SETACL") {
        let (r, m) = mailbox(arg(rest)?, cx)?;
        let (r, identifier) = astring(arg(r)?, cx)?;
        let (r, rights) = astring(arg(r)?, cx)?;
        Ok((
            r,
            C::SetAcl {
                mailbox: m,
                identifier,
                rights,
            },
        ))
    } else if w.is("DELETEACL") || w.is("LISTRIGHTS") {
        let (r, m) = mailbox(arg(rest)?, cx)?;
        let (r, identifier) = astring(arg(r)?, cx)?;
        Ok((
            r,
            if w.is("DELETEACL") {
                C::DeleteAcl {
                    mailbox: m,
                    identifier,
                }
            } else {
                C::ListRights {
                    mailbox: m,
                    identifier,
                }
            },
        ))
    } else if w.is("COMPRESS") {
        atom(arg(rest)?, cx).map(|(r, a)| (r, C::Compress(a)))
    } else if let Some(body) = selected_command(&w, rest, cx, false) {
        body
    } else {
        other_command(start, cx)
    }
}

/// The commands that have a UID form; `None` if `w` names none of them.
fn selected_command<'a>(
    w: &Word<'a>,
    rest: &'a [u8],
    cx: Cx<'_>,
    uid: bool,
) -> Option<PResult<'a, CommandBody<'a>>> {
    let run = || -> PResult<'a, CommandBody<'a>> {
        let rest = sp(rest, cx)?.0;
        if w.is("FETCH") {
            fetch(rest, cx, uid)
        } else if w.is("STORE") {
            store(rest, cx, uid)
        } else if w.is("COPY") || w.is("MOVE") {
            let (r, set) = sequence_set(rest, cx)?;
            let (r, m) = mailbox(sp(r, cx)?.0, cx)?;
            Ok((
                r,
                if w.is("COPY") {
                    CommandBody::Copy {
                        uid,
                        set,
                        mailbox: m,
                    }
                } else {
                    CommandBody::Move {
                        uid,
                        set,
                        mailbox: m,
                    }
                },
            ))
        } else if w.is("SEARCH") {
            search(rest, cx, uid)
        } else if w.is("SORT") {
            sort(rest, cx, uid)
        } else {
            thread(rest, cx, uid)
        }
    };
    ["FETCH", "STORE", "COPY", "MOVE", "SEARCH", "SORT", "THREAD"]
        .iter()
        .any(|n| w.is(n))
        .then(run)
}

/// `uid = "UID" SP (copy / move / fetch / search / store / uid-expunge)` and UID SORT
/// and UID THREAD (RFC 5256).
fn uid_command<'a>(w: &Word<'a>, rest: &'a [u8], cx: Cx<'_>) -> PResult<'a, CommandBody<'a>> {
    if w.is("EXPUNGE") {
        let (r, set) = sequence_set(sp(rest, cx)?.0, cx)?;
        return Ok((r, CommandBody::Expunge { uids: Some(set) }));
    }
    match selected_command(w, rest, cx, true) {
        Some(r) => r,
        None => expected(w.raw, "a command with a UID form"),
    }
}

/// True for the commands that have a UID form this crate parses.
fn is_uid_form(w: &Word<'_>) -> bool {
    [
        "EXPUNGE", "COPY", "MOVE", "FETCH", "SEARCH", "STORE", "SORT", "THREAD",
    ]
    .iter()
    .any(|n| w.is(n))
}

/// An unknown command: its name and the rest of the message, as sent.
fn other_command<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, CommandBody<'a>> {
    let (after, name) = atom(i, cx)?;
    // the framed message ends in CRLF: the rest is everything before it
    let end = after.len().saturating_sub(2);
    let (rest, tail) = match after.first() {
        Some(b' ') if end >= 1 => (&after[1..end], &after[end..]),
        _ => (&after[..0], after),
    };
    Ok((
        tail,
        CommandBody::Other {
            name,
            rest: RawValue(std::borrow::Cow::Borrowed(rest)),
        },
    ))
}

/// `mailbox = "INBOX" / astring`
fn mailbox<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Mailbox<'a>> {
    super::core::mailbox(i, cx)
}

/// `authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp]`;
/// `initial-resp = (base64 / "=")`
fn authenticate<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, CommandBody<'a>> {
    let (i, mechanism) = atom(i, cx)?;
    let Ok((r, ())) = sp(i, cx) else {
        return Ok((
            i,
            CommandBody::Authenticate {
                mechanism,
                initial: None,
            },
        ));
    };
    let (rest, b64) = take1(
        r,
        |b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='),
        "initial-resp",
    )?;
    let data = if b64 == b"=" {
        Vec::new()
    } else {
        match mail_proto_core::sasl::decode_base64(b64) {
            Ok(d) if !d.is_empty() => d,
            _ => return fail(r, DecodeErrorKind::Syntax("base64 initial-resp")),
        }
    };
    Ok((
        rest,
        CommandBody::Authenticate {
            mechanism,
            initial: Some(SaslData::new(data)),
        },
    ))
}

/// An extension's value: `tagged-ext-val = tagged-ext-simple / "(" [tagged-ext-comp]
/// ")"`, kept as sent; present only after `SP` when it starts like one.
fn ext_value<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Option<RawValue<'a>>> {
    match i {
        [b' ', b'(', ..] => raw_value(&i[1..], cx).map(|(r, v)| (r, Some(v))),
        [b' ', c, ..] if c.is_ascii_digit() || matches!(c, b'*' | b'$') => {
            let (r, v) = take1(
                &i[1..],
                |b| b.is_ascii_digit() || matches!(b, b'*' | b'$' | b':' | b','),
                "tagged-ext-simple",
            )?;
            Ok((r, Some(RawValue(std::borrow::Cow::Borrowed(v)))))
        }
        _ => Ok((i, None)),
    }
}

/// `select-params = SP "(" select-param *(SP select-param) ")"` (RFC 4466);
/// `select-param =/ "CONDSTORE"` and `"QRESYNC" SP "(" uidvalidity SP
/// mod-sequence-value [SP known-uids] [SP seq-match-data] ")"` (RFC 7162)
fn select_params<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Vec<SelectParam<'a>>> {
    let [b' ', b'(', ..] = i else {
        return Ok((i, Vec::new()));
    };
    paren_list1(&i[1..], cx, "select-param", |i, cx| {
        let (r, name) = atom(i, cx)?;
        if name.eq_ignore_case("CONDSTORE") {
            return Ok((r, SelectParam::CondStore));
        }
        if name.eq_ignore_case("QRESYNC") {
            let (r, _) = byte(b'(', "(")(sp(r, cx)?.0)?;
            let (r, uid_validity) = nz_number(r, cx)?;
            let (r, modseq) = mod_sequence_value(sp(r, cx)?.0, cx)?;
            let (r, known_uids) = match r {
                [b' ', c, ..] if c.is_ascii_digit() || *c == b'*' => {
                    sequence_set(&r[1..], cx).map(|(r, s)| (r, Some(s)))?
                }
                _ => (r, None),
            };
            let (r, seq_match) = match r {
                [b' ', b'(', ..] => {
                    let (r, seqs) = sequence_set(&r[2..], cx)?;
                    let (r, uids) = sequence_set(sp(r, cx)?.0, cx)?;
                    let (r, _) = byte(b')', ")")(r)?;
                    (r, Some((seqs, uids)))
                }
                _ => (r, None),
            };
            let (r, _) = byte(b')', ")")(r)?;
            return Ok((
                r,
                SelectParam::QResync {
                    uid_validity,
                    modseq,
                    known_uids,
                    seq_match,
                },
            ));
        }
        let (r, v) = ext_value(r, cx)?;
        Ok((r, SelectParam::Other(name, v)))
    })
}

/// `create = "CREATE" SP mailbox [create-params]`; `create-param =/ "USE" SP "("
/// [use-attr *(SP use-attr)] ")"` (RFC 6154)
fn create<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, CommandBody<'a>> {
    let (r, m) = mailbox(i, cx)?;
    let (r, special_use) = match r {
        [b' ', b'(', ..] => {
            let (r, _) = byte(b'(', "(")(&r[1..])?;
            let (r, ()) = kw(r, "USE")?;
            let (r, attrs) = paren_list(sp(r, cx)?.0, cx, |i, cx| {
                let (i, _) = byte(b'\\', "\\")(i)?;
                atom(i, cx)
            })?;
            let (r, _) = byte(b')', ")")(r)?;
            (r, attrs)
        }
        _ => (r, Vec::new()),
    };
    Ok((
        r,
        CommandBody::Create {
            mailbox: m,
            special_use,
        },
    ))
}

/// `list-mailbox = 1*list-char / string`
fn list_mailbox<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, ListMailbox<'a>> {
    match i.first() {
        Some(b'"' | b'{') => string(i, cx).map(|(r, s)| (r, ListMailbox::new(s))),
        _ => take1(i, is_list_char, "list-mailbox")
            .map(|(r, s)| (r, ListMailbox::new(IString::from(s)))),
    }
}

/// `list = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP
/// list-return-opts]` (RFC 5258, RFC 9051)
fn list<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, CommandBody<'a>> {
    let (i, selection) = match i.first() {
        Some(b'(') => {
            let (r, v) = paren_list(i, cx, list_select_opt)?;
            (sp(r, cx)?.0, Some(v))
        }
        _ => (i, None),
    };
    let (i, reference) = mailbox(i, cx)?;
    let i = sp(i, cx)?.0;
    let (i, patterns) = match i.first() {
        Some(b'(') => paren_list1(i, cx, "list-mailbox", list_mailbox)?,
        _ => list_mailbox(i, cx).map(|(r, p)| (r, vec![p]))?,
    };
    let (i, returns) = match i {
        [b' ', ..] => {
            let (r, ()) = kw(spc(i, cx), "RETURN")?;
            paren_list(sp(r, cx)?.0, cx, list_return_opt).map(|(r, v)| (r, Some(v)))?
        }
        _ => (i, None),
    };
    Ok((
        i,
        CommandBody::List {
            selection,
            reference,
            patterns,
            returns,
        },
    ))
}

/// `list-select-opt = list-select-base-opt / list-select-independent-opt /
/// list-select-mod-opt` (RFC 5258; SPECIAL-USE of RFC 6154)
fn list_select_opt<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, ListSelectOpt<'a>> {
    let (r, name) = atom(i, cx)?;
    for (n, o) in [
        ("SUBSCRIBED", ListSelectOpt::Subscribed),
        ("REMOTE", ListSelectOpt::Remote),
        ("RECURSIVEMATCH", ListSelectOpt::RecursiveMatch),
        ("SPECIAL-USE", ListSelectOpt::SpecialUse),
    ] {
        if name.eq_ignore_case(n) {
            return Ok((r, o));
        }
    }
    let (r, v) = ext_value(r, cx)?;
    Ok((r, ListSelectOpt::Other(name, v)))
}

/// `return-option = "SUBSCRIBED" / "CHILDREN" / status-option / option-extension`
/// (RFC 5258, RFC 5819, RFC 6154)
fn list_return_opt<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, ListReturnOpt<'a>> {
    let (r, name) = atom(i, cx)?;
    for (n, o) in [
        ("SUBSCRIBED", ListReturnOpt::Subscribed),
        ("CHILDREN", ListReturnOpt::Children),
        ("SPECIAL-USE", ListReturnOpt::SpecialUse),
    ] {
        if name.eq_ignore_case(n) {
            return Ok((r, o));
        }
    }
    if name.eq_ignore_case("STATUS") {
        let (r, v) = paren_list1(sp(r, cx)?.0, cx, "status-att", status_att)?;
        return Ok((r, ListReturnOpt::Status(v)));
    }
    let (r, v) = ext_value(r, cx)?;
    Ok((r, ListReturnOpt::Other(name, v)))
}

/// `status-att = "MESSAGES" / "UIDNEXT" / "UIDVALIDITY" / "UNSEEN" / "DELETED" /
/// "SIZE"` and the extensions' attributes.
fn status_att<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, StatusAttr<'a>> {
    atom(i, cx).map(|(r, a)| (r, StatusAttr::from_atom(a)))
}

/// `append = "APPEND" SP mailbox 1*append-message` (RFC 3502);
/// `append-message = append-opts SP append-data`; `append-opts = [SP flag-list] [SP
/// date-time]`; `append-data = literal / literal8 / "UTF8" SP "(" literal8 ")"`
fn append<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, CommandBody<'a>> {
    let (mut i, m) = mailbox(i, cx)?;
    let mut messages = Vec::new();
    while let [b' ', ..] = i {
        let mut r = sp(i, cx)?.0;
        let mut flags = Vec::new();
        if r.first() == Some(&b'(') {
            let (r2, f) = flag_list(r, cx)?;
            flags = f;
            r = sp(r2, cx)?.0;
        }
        let mut date = None;
        if r.first() == Some(&b'"') {
            let (r2, d) = date_time(r)?;
            date = Some(d);
            r = sp(r2, cx)?.0;
        }
        let (r2, data) = append_data(r, cx)?;
        messages.push(AppendMessage { flags, date, data });
        i = r2;
    }
    if messages.is_empty() {
        return expected(i, "SP literal");
    }
    Ok((
        i,
        CommandBody::Append {
            mailbox: m,
            messages,
        },
    ))
}

fn append_data<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, AppendData<'a>> {
    match i.first() {
        Some(b'{') => literal(i, cx).map(|(r, d)| {
            (
                r,
                AppendData::Literal(Literal::parsed(Payload::Borrowed(d), LiteralKind::Text)),
            )
        }),
        Some(b'~') => literal8(i, cx).map(|(r, l)| (r, AppendData::Literal(l))),
        _ => {
            let (r, ()) = kw(i, "UTF8")?;
            let (r, _) = byte(b'(', "(")(sp(r, cx)?.0)?;
            let (r, l) = literal8(r, cx)?;
            let (r, _) = byte(b')', ")")(r)?;
            Ok((r, AppendData::Utf8(l)))
        }
    }
}

/// `id-params-list = "(" *(string SP nstring) ")" / nil` (RFC 2971)
pub(crate) fn id_params<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Option<IdParams<'a>>> {
    if let Ok((r, ())) = nil(i) {
        return Ok((r, None));
    }
    paren_list(i, cx, |i, cx| {
        let (i, k) = string(i, cx)?;
        let (i, v) = nstring(sp(i, cx)?.0, cx)?;
        Ok((i, (k, v)))
    })
    .map(|(r, v)| (r, Some(v)))
}

/// `partial = "<" number64 "." nz-number64 ">"`
fn partial(i: &[u8]) -> PResult<'_, Option<Partial>> {
    let Some(r) = i.strip_prefix(b"<") else {
        return Ok((i, None));
    };
    let (r, offset) = number64(r)?;
    let (r, _) = byte(b'.', ".")(r)?;
    let (r, length) = number64(r)?;
    let Some(length) = NonZeroU64::new(length) else {
        return fail(r, DecodeErrorKind::InvalidValue("zero partial length"));
    };
    let (r, _) = byte(b'>', ">")(r)?;
    Ok((r, Some(Partial { offset, length })))
}

/// `fetch-att = "ENVELOPE" / "FLAGS" / "INTERNALDATE" / "RFC822.SIZE" / "BODY"
/// ["STRUCTURE"] / "UID" / "BODY" section [partial] / "BODY.PEEK" section [partial] /
/// "BINARY" [".PEEK"] section-binary [partial] / "BINARY.SIZE" section-binary`, the
/// IMAP4rev1 RFC822 items and the extensions' attributes.
fn fetch_att<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, FetchAttr<'a>> {
    let (r, w) = word(i, |b| is_atom_char(b) && b != b'[', "fetch-att")?;
    use FetchAttr as A;
    let plain = [
        ("ENVELOPE", A::Envelope),
        ("FLAGS", A::Flags),
        ("INTERNALDATE", A::InternalDate),
        ("RFC822.SIZE", A::Rfc822Size),
        ("BODYSTRUCTURE", A::BodyStructure),
        ("UID", A::Uid),
        ("RFC822", A::Rfc822),
        ("RFC822.HEADER", A::Rfc822Header),
        ("RFC822.TEXT", A::Rfc822Text),
        ("MODSEQ", A::ModSeq),
        ("SAVEDATE", A::SaveDate),
        ("EMAILID", A::EmailId),
        ("THREADID", A::ThreadId),
        ("X-GM-MSGID", A::GmailMsgId),
        ("X-GM-THRID", A::GmailThreadId),
        ("X-GM-LABELS", A::GmailLabels),
    ];
    let sectioned = r.first() == Some(&b'[');
    if !sectioned {
        if w.is("BODY") {
            return Ok((r, A::Body));
        }
        for (n, a) in plain {
            if w.is(n) {
                return Ok((r, a));
            }
        }
        if w.is("BINARY") || w.is("BINARY.PEEK") || w.is("BINARY.SIZE") || w.is("BODY.PEEK") {
            return expected(r, "section");
        }
        let (r, a) = atom(i, cx)?;
        return Ok((r, A::Other(a)));
    }
    if w.is("BODY") || w.is("BODY.PEEK") {
        let (r, section) = section(r, cx)?;
        let (r, partial) = partial(r)?;
        return Ok((
            r,
            A::BodySection {
                peek: w.is("BODY.PEEK"),
                section,
                partial,
            },
        ));
    }
    if w.is("BINARY") || w.is("BINARY.PEEK") {
        let (r, section) = section_binary(r, cx)?;
        let (r, partial) = partial(r)?;
        return Ok((
            r,
            A::Binary {
                peek: w.is("BINARY.PEEK"),
                section,
                partial,
            },
        ));
    }
    if w.is("BINARY.SIZE") {
        let (r, section) = section_binary(r, cx)?;
        return Ok((r, A::BinarySize(section)));
    }
    expected(i, "fetch-att")
}

/// `fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "("
/// fetch-att *(SP fetch-att) ")") [fetch-modifiers]`;
/// `fetch-modifiers = SP "(" fetch-modifier *(SP fetch-modifier) ")"` (RFC 4466)
fn fetch<'a>(i: &'a [u8], cx: Cx<'_>, uid: bool) -> PResult<'a, CommandBody<'a>> {
    let (i, set) = sequence_set(i, cx)?;
    let i = sp(i, cx)?.0;
    let (i, spec) = if i.first() == Some(&b'(') {
        let (r, v) = paren_list1(i, cx, "fetch-att", fetch_att)?;
        (r, FetchSpec::Attrs(v))
    } else if let Ok((r, ())) = kw(i, "ALL") {
        (r, FetchSpec::All)
    } else if let Ok((r, ())) = kw(i, "FAST") {
        (r, FetchSpec::Fast)
    } else if let Ok((r, ())) = kw(i, "FULL") {
        (r, FetchSpec::Full)
    } else {
        let (r, a) = fetch_att(i, cx)?;
        (r, FetchSpec::Attrs(vec![a]))
    };
    let (i, modifiers) = match i {
        [b' ', b'(', ..] => paren_list1(&i[1..], cx, "fetch-modifier", |i, cx| {
            let (r, name) = atom(i, cx)?;
            if name.eq_ignore_case("CHANGEDSINCE") {
                let (r, n) = mod_sequence_value(sp(r, cx)?.0, cx)?;
                return Ok((r, FetchModifier::ChangedSince(n)));
            }
            if name.eq_ignore_case("VANISHED") {
                return Ok((r, FetchModifier::Vanished));
            }
            let (r, v) = ext_value(r, cx)?;
            Ok((r, FetchModifier::Other(name, v)))
        })?,
        _ => (i, Vec::new()),
    };
    Ok((
        i,
        CommandBody::Fetch {
            uid,
            set,
            spec,
            modifiers,
        },
    ))
}

/// `store = "STORE" SP sequence-set [store-modifiers] SP store-att-flags`;
/// `store-modifier =/ "UNCHANGEDSINCE" SP mod-sequence-valzer` (RFC 7162);
/// `store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP
/// flag)))`, and Gmail's `X-GM-LABELS` in the same form.
fn store<'a>(i: &'a [u8], cx: Cx<'_>, uid: bool) -> PResult<'a, CommandBody<'a>> {
    let (i, set) = sequence_set(i, cx)?;
    let i = sp(i, cx)?.0;
    let (i, unchanged_since) = if i.first() == Some(&b'(') {
        let (r, _) = byte(b'(', "(")(i)?;
        let (r, ()) = kw(r, "UNCHANGEDSINCE")?;
        let (r, n) = mod_sequence_valzer(sp(r, cx)?.0)?;
        let (r, _) = byte(b')', ")")(r)?;
        (sp(r, cx)?.0, Some(n))
    } else {
        (i, None)
    };
    let (i, action) = match i.first() {
        Some(b'+') => (&i[1..], StoreAction::Add),
        Some(b'-') => (&i[1..], StoreAction::Remove),
        _ => (i, StoreAction::Replace),
    };
    let (r, w) = word(i, is_atom_char, "FLAGS")?;
    let (labels, silent) = if w.is("FLAGS") {
        (false, false)
    } else if w.is("FLAGS.SILENT") {
        (false, true)
    } else if w.is("X-GM-LABELS") {
        (true, false)
    } else if w.is("X-GM-LABELS.SILENT") {
        (true, true)
    } else {
        return expected(i, "FLAGS");
    };
    let r = sp(r, cx)?.0;
    fn bare_or_list<'a, T>(
        r: &'a [u8],
        cx: Cx<'_>,
        item: impl Fn(&'a [u8], Cx<'_>) -> PResult<'a, T> + Copy,
    ) -> PResult<'a, Vec<T>> {
        if r.first() == Some(&b'(') {
            return paren_list(r, cx, item);
        }
        let (mut r, first) = item(r, cx)?;
        let mut out = vec![first];
        while let [b' ', ..] = r {
            let (r2, f) = item(sp(r, cx)?.0, cx)?;
            out.push(f);
            r = r2;
        }
        Ok((r, out))
    }
    let (r, items) = if labels {
        bare_or_list(r, cx, gmail_label).map(|(r, v)| (r, StoreItems::GmailLabels(v)))?
    } else {
        bare_or_list(r, cx, flag).map(|(r, v)| (r, StoreItems::Flags(v)))?
    };
    Ok((
        r,
        CommandBody::Store {
            uid,
            set,
            unchanged_since,
            action,
            silent,
            items,
        },
    ))
}

/// `search = "SEARCH" [search-return-opts] SP search-program`;
/// `search-return-opts = SP "RETURN" SP "(" [search-return-opt *(SP
/// search-return-opt)] ")"`; `search-program = ["CHARSET" SP charset SP] search-key
/// *(SP search-key)`
fn search<'a>(i: &'a [u8], cx: Cx<'_>, uid: bool) -> PResult<'a, CommandBody<'a>> {
    let (i, returns) = match kw(i, "RETURN") {
        Ok((r, ())) => {
            let (r, v) = paren_list(sp(r, cx)?.0, cx, search_return_opt)?;
            (sp(r, cx)?.0, Some(v))
        }
        Err(_) => (i, None),
    };
    let (i, charset) = match kw(i, "CHARSET") {
        Ok((r, ())) => {
            let (r, c) = charset(sp(r, cx)?.0, cx)?;
            (sp(r, cx)?.0, Some(c))
        }
        Err(_) => (i, None),
    };
    let (i, criteria) = search_criteria(i, cx)?;
    Ok((
        i,
        CommandBody::Search {
            uid,
            returns,
            charset,
            criteria,
        },
    ))
}

/// `search-return-opt = "MIN" / "MAX" / "ALL" / "COUNT" / "SAVE" /
/// search-ret-opt-ext`
fn search_return_opt<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, SearchReturnOpt<'a>> {
    let (r, name) = atom(i, cx)?;
    for (n, o) in [
        ("MIN", SearchReturnOpt::Min),
        ("MAX", SearchReturnOpt::Max),
        ("ALL", SearchReturnOpt::All),
        ("COUNT", SearchReturnOpt::Count),
        ("SAVE", SearchReturnOpt::Save),
    ] {
        if name.eq_ignore_case(n) {
            return Ok((r, o));
        }
    }
    let (r, v) = ext_value(r, cx)?;
    Ok((r, SearchReturnOpt::Other(name, v)))
}

/// `sort = ["UID" SP] "SORT" [sort-return-opts] SP sort-criteria SP search-criteria`
/// (RFC 5256, RFC 5267);
/// `sort-criteria = "(" sort-criterion *(SP sort-criterion) ")"`;
/// `sort-criterion = ["REVERSE" SP] sort-key`;
/// `search-criteria = charset 1*(SP search-key)`
fn sort<'a>(i: &'a [u8], cx: Cx<'_>, uid: bool) -> PResult<'a, CommandBody<'a>> {
    let (i, returns) = match kw(i, "RETURN") {
        Ok((r, ())) => {
            let (r, v) = paren_list(sp(r, cx)?.0, cx, search_return_opt)?;
            (sp(r, cx)?.0, Some(v))
        }
        Err(_) => (i, None),
    };
    let (i, criteria) = paren_list1(i, cx, "sort-criterion", |i, cx| {
        let (i, reverse) = match kw(i, "REVERSE") {
            Ok((r, ())) => (sp(r, cx)?.0, true),
            Err(_) => (i, false),
        };
        let (r, w) = word(i, is_atom_char, "sort-key")?;
        match SortKey::ALL.iter().find(|(n, _)| w.is(n)) {
            Some(&(_, key)) => Ok((r, SortCriterion { reverse, key })),
            None => expected(i, "sort-key"),
        }
    })?;
    let (i, charset) = charset(sp(i, cx)?.0, cx)?;
    let (i, search) = search_criteria(sp(i, cx)?.0, cx)?;
    Ok((
        i,
        CommandBody::Sort {
            uid,
            returns,
            criteria,
            charset,
            search,
        },
    ))
}

/// `thread = ["UID" SP] "THREAD" SP thread-alg SP search-criteria` (RFC 5256)
fn thread<'a>(i: &'a [u8], cx: Cx<'_>, uid: bool) -> PResult<'a, CommandBody<'a>> {
    let (i, algorithm) = atom(i, cx)?;
    let (i, charset) = charset(sp(i, cx)?.0, cx)?;
    let (i, search) = search_criteria(sp(i, cx)?.0, cx)?;
    Ok((
        i,
        CommandBody::Thread {
            uid,
            algorithm: ThreadAlgorithm::from_atom(algorithm),
            charset,
            search,
        },
    ))
}

/// `getmetadata = "GETMETADATA" [SP getmetadata-options] SP mailbox SP entries`
/// (RFC 5464); `getmetadata-options = "(" getmetadata-option *(SP
/// getmetadata-option) ")"`; `maxsize-opt = "MAXSIZE" SP number`; `scope-opt =
/// "DEPTH" SP ("0" / "1" / "infinity")`; `entries = entry / "(" entry *(SP entry) ")"`
fn get_metadata<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, CommandBody<'a>> {
    let (i, mut options) = metadata_options(i, cx)?;
    let (i, m) = mailbox(i, cx)?;
    let mut i = sp(i, cx)?.0;
    let is_option = |r: &[u8]| {
        let r = r.strip_prefix(b"(").unwrap_or_default();
        kw(r, "MAXSIZE").is_ok() || kw(r, "DEPTH").is_ok()
    };
    if options.is_empty() && is_option(i) {
        // RFC 5464's own examples put the options after the mailbox (Dovecot and
        // Cyrus accept both orders); options there must be followed by the entries,
        // else the list is the entries (`(DEPTH x)` names two entries)
        if let Ok((r, o)) = metadata_options(i, cx) {
            (i, options) = (r, o);
        }
    }
    let (i, entries) = match i.first() {
        Some(b'(') => paren_list1(i, cx, "entry", astring)?,
        _ => {
            // RFC 5464 §4.2.3's examples list several entries without parentheses
            let (mut i, first) = astring(i, cx)?;
            let mut v = vec![first];
            while let [b' ', ..] = i {
                let (r, e) = astring(sp(i, cx)?.0, cx)?;
                v.push(e);
                i = r;
            }
            (i, v)
        }
    };
    Ok((
        i,
        CommandBody::GetMetadata {
            options,
            mailbox: m,
            entries,
        },
    ))
}

/// `getmetadata-options = "(" getmetadata-option *(SP getmetadata-option) ")"` and
/// its `SP`, or nothing.
fn metadata_options<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Vec<MetadataOption>> {
    if i.first() != Some(&b'(') {
        return Ok((i, Vec::new()));
    }
    let (r, v) = paren_list1(i, cx, "getmetadata-option", |i, cx| {
        if let Ok((r, ())) = kw(i, "MAXSIZE") {
            let (r, n) = number(sp(r, cx)?.0)?;
            return Ok((r, MetadataOption::MaxSize(n)));
        }
        let (r, ()) = kw(i, "DEPTH")?;
        let r = sp(r, cx)?.0;
        let (r, d) = match r.first() {
            Some(b'0') => (&r[1..], MetadataDepth::Zero),
            Some(b'1') => (&r[1..], MetadataDepth::One),
            _ => (kw(r, "infinity")?.0, MetadataDepth::Infinity),
        };
        Ok((r, MetadataOption::Depth(d)))
    })?;
    Ok((sp(r, cx)?.0, v))
}

/// `value = nstring / literal8` (RFC 5464)
pub(crate) fn metadata_value<'a>(i: &'a [u8], cx: Cx<'_>) -> PResult<'a, Option<Literal<'a>>> {
    match i.first() {
        Some(b'~') => literal8(i, cx).map(|(r, l)| (r, Some(l))),
        _ => nstring(i, cx).map(|(r, s)| {
            (
                r,
                s.map(|s| Literal::parsed(s.into_payload(), LiteralKind::Text)),
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &[u8]) -> Command<'_> {
        match parse_command(input) {
            Decoded::Complete { value, consumed } => {
                assert_eq!(
                    consumed,
                    input.len(),
                    "{:?}",
                    String::from_utf8_lossy(input)
                );
                value
            }
            other => panic!("{:?}: {other:?}", String::from_utf8_lossy(input)),
        }
    }

    #[test]
    fn keywords_ignore_case_and_uid_forms_are_known() {
        assert_eq!(ok(b"a noop\r\n").body, CommandBody::Noop);
        assert_eq!(ok(b"a1 uid expunge 3:5\r\n").name(), "UID EXPUNGE");
        assert_eq!(ok(b"a1 UID fetch 1 uid\r\n").name(), "UID FETCH");
        // UID before a command without a UID form is no command this crate knows:
        // kept as sent, for the server to answer BAD
        assert!(matches!(
            ok(b"a1 UID NOOP\r\n").body,
            CommandBody::Other { ref name, .. } if name.as_str() == "UID"
        ));
        assert!(matches!(
            ok(b"a1 XYZZY foo (bar) {3+}\r\nabc\r\n").body,
            CommandBody::Other { .. }
        ));
    }
}
