//! Command encoders (strict RFC 9051 form), with the points where a client must
//! wait for the server's continuation.

use std::ops::Range;

use bytes::BufMut;

use super::core::{EncodeOptions, Out};
use super::data::{gmail_label, part, section};
use crate::error::ValueError;
use crate::types::{
    AppendData, AuthenticateData, Command, CommandBody, FetchAttr, FetchModifier, FetchSpec,
    ListReturnOpt, ListSelectOpt, MetadataDepth, MetadataOption, Partial, SaslData,
    SearchReturnOpt, SelectParam, StatusAttr, StoreAction, StoreItems,
};

/// What [`encode_command`] wrote: its length and where a synchronizing literal's
/// announcement ends, so the client stops, waits for `+`, then writes on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EncodedCommand {
    /// Bytes appended, `CRLF` included.
    pub len: usize,
    /// Offsets into the appended bytes just after each `{n}\r\n` the server must
    /// answer with a continuation request, in order. Empty with LITERAL+ or when no
    /// literal is needed.
    pub waits: Vec<usize>,
}

impl EncodedCommand {
    /// The ranges to send one after the other, waiting for a continuation request
    /// between two of them.
    pub fn parts(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let starts = std::iter::once(0).chain(self.waits.iter().copied());
        let ends = self.waits.iter().copied().chain(std::iter::once(self.len));
        starts.zip(ends).map(|(a, b)| a..b)
    }
}

/// Appends a command, `CRLF` included, and says where it must wait for `+`; or
/// refuses it, writing nothing, if the command has no valid form.
///
/// Strings go as atoms, quoted strings or literals, whichever the bytes allow; the
/// literal form follows [`EncodeOptions::literals`].
///
/// The types let a few commands be built that the grammar has no bytes for; rather
/// than make each of those unrepresentable, this function is the one place that
/// refuses them, so an invalid command is never written:
/// - the rules of [`CommandBody::validate`] (lists that must not be empty: ENABLE,
///   FETCH attributes, `SearchKey::And`, LIST patterns and the rest);
/// - a string holding NUL anywhere but an APPEND message: `CHAR8` excludes NUL, so
///   neither a quoted string nor a `{n}` literal carries it, and only APPEND (and
///   BINARY data) take `literal8`. An APPEND [`Literal`](crate::Literal) holding NUL
///   is written as `~{n}` by itself.
///
/// Checking NUL runs the encoder once without writing (no copy of any payload), so
/// a command costs two passes over its strings.
///
/// ```
/// use imap_proto::*;
///
/// let cmd = Command::new(
///     Tag::new("A1")?,
///     CommandBody::Login {
///         username: "fred".into(),
///         password: SecretString::new("p\u{e9}ss"),
///     },
/// );
/// let mut out = Vec::new();
/// let enc = encode_command(&cmd, &EncodeOptions::default(), &mut out)?;
/// // the 8-bit password goes as a synchronizing literal: send the first part, wait
/// // for the server's `+`, then send the rest
/// let parts: Vec<&[u8]> = enc.parts().map(|r| &out[r]).collect();
/// assert_eq!(parts, [&b"A1 LOGIN fred {5}\r\n"[..], "p\u{e9}ss\r\n".as_bytes()]);
///
/// // no bytes say "a password holding NUL"
/// let bad = Command::new(
///     Tag::new("A2")?,
///     CommandBody::Login {
///         username: "fred".into(),
///         password: SecretString::new("p\0w"),
///     },
/// );
/// let mut out = Vec::new();
/// assert!(encode_command(&bad, &EncodeOptions::default(), &mut out).is_err());
/// assert!(out.is_empty());
/// # Ok::<(), ValueError>(())
/// ```
pub fn encode_command(
    cmd: &Command<'_>,
    opts: &EncodeOptions,
    buf: &mut impl BufMut,
) -> Result<EncodedCommand, ValueError> {
    cmd.body.validate()?;
    let mut dry = Out::dry_run(opts);
    body(&mut dry, &cmd.body);
    if dry.nul {
        return Err(ValueError::new(
            "command string",
            "holds NUL, which only an APPEND message (literal8) may carry",
        ));
    }
    let mut o = Out::command(buf, opts);
    o.raw(cmd.tag.as_str().as_bytes());
    o.sp();
    body(&mut o, &cmd.body);
    o.crlf();
    Ok(EncodedCommand {
        len: o.written(),
        waits: std::mem::take(&mut o.waits),
    })
}

/// Appends one client line of an AUTHENTICATE exchange, `CRLF` included: the
/// response in base64 (an empty response is an empty line), or `*` to cancel.
pub fn encode_authenticate_data(data: &AuthenticateData, buf: &mut impl BufMut) {
    match data {
        AuthenticateData::Cancel => buf.put_slice(b"*"),
        AuthenticateData::Response(d) => {
            buf.put_slice(mail_proto_core::sasl::encode_line(d.expose()).as_bytes())
        }
    }
    buf.put_slice(b"\r\n");
}

/// Appends `DONE CRLF`, which ends IDLE.
pub fn encode_idle_done(buf: &mut impl BufMut) {
    buf.put_slice(b"DONE\r\n");
}

fn sasl(o: &mut Out<'_>, d: &SaslData) {
    if d.expose().is_empty() {
        o.raw(b"=");
    } else {
        o.raw(mail_proto_core::sasl::encode_line(d.expose()).as_bytes());
    }
}

fn body(o: &mut Out<'_>, b: &CommandBody<'_>) {
    use CommandBody as C;
    match b {
        C::Capability
        | C::Noop
        | C::Logout
        | C::StartTls
        | C::Namespace
        | C::Idle
        | C::Check
        | C::Close
        | C::Unselect
        | C::Expunge { uids: None } => o.raw(b.name().as_bytes()),
        C::Expunge { uids: Some(set) } => {
            o.raw(b"UID EXPUNGE ");
            o.sequence_set(set);
        }
        C::Authenticate { mechanism, initial } => {
            o.raw(b"AUTHENTICATE ");
            o.raw(mechanism.as_str().as_bytes());
            if let Some(d) = initial {
                o.sp();
                sasl(o, d);
            }
        }
        C::Login { username, password } => {
            o.raw(b"LOGIN ");
            o.astring(username);
            o.sp();
            o.astring(password.expose());
        }
        C::Enable(caps) => {
            o.raw(b"ENABLE");
            super::data::capabilities(o, caps);
        }
        C::Select { mailbox, params } | C::Examine { mailbox, params } => {
            o.raw(b.name().as_bytes());
            o.sp();
            o.mailbox(mailbox);
            if !params.is_empty() {
                o.sp();
                o.list(params, select_param);
            }
        }
        C::Create {
            mailbox,
            special_use,
        } => {
            o.raw(b"CREATE ");
            o.mailbox(mailbox);
            if !special_use.is_empty() {
                o.raw(b" (USE ");
                o.list(special_use, |o, a| {
                    o.raw(b"\\");
                    o.raw(a.as_str().as_bytes());
                });
                o.raw(b")");
            }
        }
        C::Delete(m)
        | C::Subscribe(m)
        | C::Unsubscribe(m)
        | C::GetQuotaRoot(m)
        | C::GetAcl(m)
        | C::MyRights(m) => {
            o.raw(b.name().as_bytes());
            o.sp();
            o.mailbox(m);
        }
        C::Rename { from, to } => {
            o.raw(b"RENAME ");
            o.mailbox(from);
            o.sp();
            o.mailbox(to);
        }
        C::List {
            selection,
            reference,
            patterns,
            returns,
        } => {
            o.raw(b"LIST ");
            if let Some(sel) = selection {
                o.list(sel, list_select_opt);
                o.sp();
            }
            o.mailbox(reference);
            o.sp();
            match patterns.as_slice() {
                [one] => o.list_mailbox(one.as_istring()),
                many => o.list(many, |o, p| o.list_mailbox(p.as_istring())),
            }
            if let Some(r) = returns {
                o.raw(b" RETURN ");
                o.list(r, list_return_opt);
            }
        }
        C::Lsub { reference, pattern } => {
            o.raw(b"LSUB ");
            o.mailbox(reference);
            o.sp();
            o.list_mailbox(pattern.as_istring());
        }
        C::Status { mailbox, items } => {
            o.raw(b"STATUS ");
            o.mailbox(mailbox);
            o.sp();
            o.list(items, status_att);
        }
        C::Append { mailbox, messages } => {
            o.raw(b"APPEND ");
            o.mailbox(mailbox);
            for m in messages {
                o.sp();
                if !m.flags.is_empty() {
                    o.list(&m.flags, |o, f| o.flag(f));
                    o.sp();
                }
                if let Some(d) = &m.date {
                    o.date_time(d);
                    o.sp();
                }
                match &m.data {
                    AppendData::Literal(l) => o.literal_value(l),
                    AppendData::Utf8(l) => {
                        o.raw(b"UTF8 (");
                        o.literal(l.data(), crate::types::LiteralKind::Binary);
                        o.raw(b")");
                    }
                }
            }
        }
        C::Search {
            uid,
            returns,
            charset,
            criteria,
        } => {
            uid_prefix(o, *uid);
            o.raw(b"SEARCH");
            if let Some(r) = returns {
                o.raw(b" RETURN ");
                o.list(r, search_return_opt);
            }
            if let Some(c) = charset {
                o.raw(b" CHARSET ");
                o.atom_or_quoted(c.as_bytes());
            }
            for k in criteria {
                o.sp();
                super::search::search_key(o, k);
            }
        }
        C::Fetch {
            uid,
            set,
            spec,
            modifiers,
        } => {
            uid_prefix(o, *uid);
            o.raw(b"FETCH ");
            o.sequence_set(set);
            o.sp();
            match spec {
                FetchSpec::All => o.raw(b"ALL"),
                FetchSpec::Fast => o.raw(b"FAST"),
                FetchSpec::Full => o.raw(b"FULL"),
                FetchSpec::Attrs(v) => match v.as_slice() {
                    [one] => fetch_att(o, one),
                    many => o.list(many, fetch_att),
                },
            }
            if !modifiers.is_empty() {
                o.sp();
                o.list(modifiers, |o, m| match m {
                    FetchModifier::ChangedSince(n) => {
                        o.raw(b"CHANGEDSINCE ");
                        o.num(*n);
                    }
                    FetchModifier::Vanished => o.raw(b"VANISHED"),
                    FetchModifier::Other(name, v) => ext(o, name.as_str(), v.as_ref()),
                });
            }
        }
        C::Store {
            uid,
            set,
            unchanged_since,
            action,
            silent,
            items,
        } => {
            uid_prefix(o, *uid);
            o.raw(b"STORE ");
            o.sequence_set(set);
            o.sp();
            if let Some(n) = unchanged_since {
                o.raw(b"(UNCHANGEDSINCE ");
                o.num(*n);
                o.raw(b") ");
            }
            o.raw(match action {
                StoreAction::Replace => b"",
                StoreAction::Add => b"+",
                StoreAction::Remove => b"-",
            });
            match items {
                StoreItems::Flags(_) => o.raw(b"FLAGS"),
                StoreItems::GmailLabels(_) => o.raw(b"X-GM-LABELS"),
            }
            if *silent {
                o.raw(b".SILENT");
            }
            o.sp();
            match items {
                StoreItems::Flags(f) => o.list(f, |o, f| o.flag(f)),
                StoreItems::GmailLabels(l) => o.list(l, gmail_label),
            }
        }
        C::Copy {
            uid: _,
            set,
            mailbox,
        }
        | C::Move {
            uid: _,
            set,
            mailbox,
        } => {
            o.raw(b.name().as_bytes());
            o.sp();
            o.sequence_set(set);
            o.sp();
            o.mailbox(mailbox);
        }
        C::Id(params) => {
            o.raw(b"ID ");
            match params {
                None => o.raw(b"NIL"),
                Some(v) => o.list(v, |o, (k, v)| {
                    o.string(k);
                    o.sp();
                    o.nstring(v);
                }),
            }
        }
        C::GetQuota(root) => {
            o.raw(b"GETQUOTA ");
            o.astring(root);
        }
        C::SetQuota { root, limits } => {
            o.raw(b"SETQUOTA ");
            o.astring(root);
            o.sp();
            o.list(limits, |o, (name, n)| {
                o.raw(name.as_str().as_bytes());
                o.sp();
                o.num(*n);
            });
        }
        C::Sort {
            uid,
            returns,
            criteria,
            charset,
            search,
        } => {
            uid_prefix(o, *uid);
            o.raw(b"SORT ");
            if let Some(r) = returns {
                o.raw(b"RETURN ");
                o.list(r, search_return_opt);
                o.sp();
            }
            o.list(criteria, |o, c| {
                if c.reverse {
                    o.raw(b"REVERSE ");
                }
                o.raw(c.key.name().as_bytes());
            });
            o.sp();
            o.atom_or_quoted(charset.as_bytes());
            for k in search {
                o.sp();
                super::search::search_key(o, k);
            }
        }
        C::Thread {
            uid,
            algorithm,
            charset,
            search,
        } => {
            uid_prefix(o, *uid);
            o.raw(b"THREAD ");
            o.raw(algorithm.name().as_bytes());
            o.sp();
            o.atom_or_quoted(charset.as_bytes());
            for k in search {
                o.sp();
                super::search::search_key(o, k);
            }
        }
        C::GetMetadata {
            options,
            mailbox,
            entries,
        } => {
            o.raw(b"GETMETADATA ");
            if !options.is_empty() {
                o.list(options, |o, opt| match opt {
                    MetadataOption::MaxSize(n) => {
                        o.raw(b"MAXSIZE ");
                        o.num(*n);
                    }
                    MetadataOption::Depth(d) => o.raw(match d {
                        MetadataDepth::Zero => b"DEPTH 0",
                        MetadataDepth::One => b"DEPTH 1",
                        MetadataDepth::Infinity => b"DEPTH infinity",
                    }),
                });
                o.sp();
            }
            o.mailbox(mailbox);
            o.sp();
            match entries.as_slice() {
                [one] => o.astring(one),
                many => o.list(many, |o, e| o.astring(e)),
            }
        }
        C::SetMetadata { mailbox, entries } => {
            o.raw(b"SETMETADATA ");
            o.mailbox(mailbox);
            o.sp();
            o.list(entries, |o, (e, v)| {
                o.astring(e);
                o.sp();
                metadata_value(o, v.as_ref());
            });
        }
        C::SetAcl {
            mailbox,
            identifier,
            rights,
        } => {
            o.raw(b"SETACL ");
            o.mailbox(mailbox);
            o.sp();
            o.astring(identifier);
            o.sp();
            o.astring(rights);
        }
        C::DeleteAcl {
            mailbox,
            identifier,
        }
        | C::ListRights {
            mailbox,
            identifier,
        } => {
            o.raw(b.name().as_bytes());
            o.sp();
            o.mailbox(mailbox);
            o.sp();
            o.astring(identifier);
        }
        C::Compress(a) => {
            o.raw(b"COMPRESS ");
            o.raw(a.as_str().as_bytes());
        }
        C::Other { name, rest } => {
            o.raw(name.as_str().as_bytes());
            if !rest.as_bytes().is_empty() {
                o.sp();
                o.raw_value(rest.as_bytes());
            }
        }
    }
}

/// `value = nstring / literal8` (RFC 5464): a string, or literal8 when it holds NUL.
pub(crate) fn metadata_value(o: &mut Out<'_>, v: Option<&crate::types::Literal<'_>>) {
    match v {
        None => o.raw(b"NIL"),
        Some(l) if l.kind() == crate::types::LiteralKind::Binary => o.literal_value(l),
        Some(l) => o.string(&crate::types::IString::new(l.data().clone())),
    }
}

fn uid_prefix(o: &mut Out<'_>, uid: bool) {
    if uid {
        o.raw(b"UID ");
    }
}

/// `name [SP value]` of an extension item.
fn ext(o: &mut Out<'_>, name: &str, v: Option<&crate::types::RawValue<'_>>) {
    o.raw(name.as_bytes());
    if let Some(v) = v {
        o.sp();
        o.raw_value(v.as_bytes());
    }
}

fn select_param(o: &mut Out<'_>, p: &SelectParam<'_>) {
    match p {
        SelectParam::CondStore => o.raw(b"CONDSTORE"),
        SelectParam::QResync {
            uid_validity,
            modseq,
            known_uids,
            seq_match,
        } => {
            o.raw(b"QRESYNC (");
            o.num(uid_validity.get());
            o.sp();
            o.num(*modseq);
            if let Some(k) = known_uids {
                o.sp();
                o.sequence_set(k);
            }
            if let Some((seqs, uids)) = seq_match {
                o.raw(b" (");
                o.sequence_set(seqs);
                o.sp();
                o.sequence_set(uids);
                o.raw(b")");
            }
            o.raw(b")");
        }
        SelectParam::Other(name, v) => ext(o, name.as_str(), v.as_ref()),
    }
}

fn list_select_opt(o: &mut Out<'_>, s: &ListSelectOpt<'_>) {
    match s {
        ListSelectOpt::Subscribed => o.raw(b"SUBSCRIBED"),
        ListSelectOpt::Remote => o.raw(b"REMOTE"),
        ListSelectOpt::RecursiveMatch => o.raw(b"RECURSIVEMATCH"),
        ListSelectOpt::SpecialUse => o.raw(b"SPECIAL-USE"),
        ListSelectOpt::Other(name, v) => ext(o, name.as_str(), v.as_ref()),
    }
}

fn list_return_opt(o: &mut Out<'_>, r: &ListReturnOpt<'_>) {
    match r {
        ListReturnOpt::Subscribed => o.raw(b"SUBSCRIBED"),
        ListReturnOpt::Children => o.raw(b"CHILDREN"),
        ListReturnOpt::SpecialUse => o.raw(b"SPECIAL-USE"),
        ListReturnOpt::Status(v) => {
            o.raw(b"STATUS ");
            o.list(v, status_att);
        }
        ListReturnOpt::Other(name, v) => ext(o, name.as_str(), v.as_ref()),
    }
}

fn status_att(o: &mut Out<'_>, s: &StatusAttr<'_>) {
    o.raw(s.name().as_bytes());
}

fn search_return_opt(o: &mut Out<'_>, r: &SearchReturnOpt<'_>) {
    match r {
        SearchReturnOpt::Min => o.raw(b"MIN"),
        SearchReturnOpt::Max => o.raw(b"MAX"),
        SearchReturnOpt::All => o.raw(b"ALL"),
        SearchReturnOpt::Count => o.raw(b"COUNT"),
        SearchReturnOpt::Save => o.raw(b"SAVE"),
        SearchReturnOpt::Other(name, v) => ext(o, name.as_str(), v.as_ref()),
    }
}

fn partial(o: &mut Out<'_>, p: &Option<Partial>) {
    if let Some(p) = p {
        o.raw(b"<");
        o.num(p.offset);
        o.raw(b".");
        o.num(p.length.get());
        o.raw(b">");
    }
}

fn fetch_att(o: &mut Out<'_>, a: &FetchAttr<'_>) {
    use FetchAttr as A;
    let name: &[u8] = match a {
        A::Envelope => b"ENVELOPE",
        A::Flags => b"FLAGS",
        A::InternalDate => b"INTERNALDATE",
        A::Rfc822Size => b"RFC822.SIZE",
        A::Body => b"BODY",
        A::BodyStructure => b"BODYSTRUCTURE",
        A::Uid => b"UID",
        A::Rfc822 => b"RFC822",
        A::Rfc822Header => b"RFC822.HEADER",
        A::Rfc822Text => b"RFC822.TEXT",
        A::ModSeq => b"MODSEQ",
        A::SaveDate => b"SAVEDATE",
        A::EmailId => b"EMAILID",
        A::ThreadId => b"THREADID",
        A::GmailMsgId => b"X-GM-MSGID",
        A::GmailThreadId => b"X-GM-THRID",
        A::GmailLabels => b"X-GM-LABELS",
        A::Other(a) => a.as_str().as_bytes(),
        A::BodySection {
            peek,
            section: s,
            partial: p,
        } => {
            o.raw(if *peek { b"BODY.PEEK" } else { b"BODY" });
            section(o, s);
            return partial(o, p);
        }
        A::Binary {
            peek,
            section: s,
            partial: p,
        } => {
            o.raw(if *peek { b"BINARY.PEEK" } else { b"BINARY" });
            part(o, s);
            return partial(o, p);
        }
        A::BinarySize(s) => {
            o.raw(b"BINARY.SIZE");
            return part(o, s);
        }
    };
    o.raw(name);
}
