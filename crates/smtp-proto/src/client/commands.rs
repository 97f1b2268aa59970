//! Every codec value the client builds, in one place: the commands it sends and the
//! parameters it fills in. When the codec's constructors change, this file changes.

use crate::types::{
    Body, Command, Domain, EhloResponse, ForwardPath, HelloKind, InitialResponse, MailParams,
    RcptParams, Reply, ReversePath,
};
use mail_proto_core::sasl::Mechanism;

/// `EHLO`, `HELO` or `LHLO`.
pub(super) fn hello(kind: HelloKind, domain: Domain<'static>) -> Command<'static> {
    Command::Hello { kind, domain }
}

/// `AUTH mechanism [initial-response]`.
pub(super) fn auth(mechanism: Mechanism, initial_response: Option<String>) -> Command<'static> {
    Command::Auth {
        mechanism,
        // base64 or "=" by construction (SaslClient), so the check never drops one
        initial_response: initial_response.and_then(|ir| InitialResponse::new(ir).ok()),
    }
}

/// `MAIL FROM:<from> params`.
pub(super) fn mail(from: ReversePath<'static>, params: MailParams<'static>) -> Command<'static> {
    Command::Mail { from, params }
}

/// `RCPT TO:<to> params`.
pub(super) fn rcpt(to: ForwardPath<'static>, params: RcptParams<'static>) -> Command<'static> {
    Command::Rcpt { to, params }
}

/// `BDAT size [LAST]`.
pub(super) fn bdat(size: u64, last: bool) -> Command<'static> {
    Command::Bdat { size, last }
}

/// `DATA`.
pub(super) const DATA: Command<'static> = Command::Data;
/// `RSET`.
pub(super) const RSET: Command<'static> = Command::Rset;
/// `QUIT`.
pub(super) const QUIT: Command<'static> = Command::Quit;
/// `STARTTLS`.
pub(super) const STARTTLS: Command<'static> = Command::StartTls;

/// The capability set after HELO: none, and the server's name.
pub(super) fn helo_response(reply: &Reply<'_>) -> EhloResponse {
    let domain = reply
        .lines()
        .first()
        .and_then(|l| l.split(' ').next())
        .unwrap_or("");
    EhloResponse {
        domain: domain.to_string(),
        ..EhloResponse::default()
    }
}

/// True if a reverse-path is ASCII (no SMTPUTF8 needed).
pub(super) fn reverse_path_is_ascii(path: &ReversePath<'_>) -> bool {
    match path {
        ReversePath::Null => true,
        ReversePath::Mailbox(m) => m.is_ascii(),
    }
}

/// True if a forward-path is ASCII.
pub(super) fn forward_path_is_ascii(path: &ForwardPath<'_>) -> bool {
    match path {
        ForwardPath::Postmaster => true,
        ForwardPath::Mailbox(m) => m.is_ascii(),
    }
}

/// The MAIL parameters the client fills in when the caller left them unset.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Inferred {
    /// `SIZE=`.
    pub(super) size: Option<u64>,
    /// `BODY=`.
    pub(super) body: Option<Body>,
    /// `SMTPUTF8`.
    pub(super) smtputf8: bool,
}

/// Sets what the caller left unset.
pub(super) fn apply(params: &mut MailParams<'static>, inferred: Inferred) {
    if params.size.is_none() {
        params.size = inferred.size;
    }
    if params.body.is_none() {
        params.body = inferred.body;
    }
    params.smtputf8 |= inferred.smtputf8;
}

/// The `BODY=` the caller declared.
pub(super) fn declared_body(params: &MailParams<'_>) -> Option<Body> {
    params.body
}

/// The `SIZE=` the caller declared.
pub(super) fn declared_size(params: &MailParams<'_>) -> Option<u64> {
    params.size
}
