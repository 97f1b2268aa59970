//! Command lines (RFC 5321 §4.1.1, RFC 1869, RFC 3030, RFC 3207, RFC 4954, RFC 1985,
//! RFC 2033).

use std::borrow::Cow;

use mail_proto_core::sasl::Mechanism;

use super::address::{domain_or_literal, forward_path, mailbox, reverse_path};
use super::params::{mail_parameters, rcpt_parameters};
use super::{PErr, PResult, expected, fail, line_text, number, take_line, to_decode_error};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::types::{Command, ForwardPath, HelloKind, ReversePath};

/// Limits and named tolerances for parsing commands.
///
/// The defaults are strict (RFC 5321 grammar, RFC 5321 §4.5.3.1 limits): a server
/// parses what clients send by the RFC, and opts into each tolerance by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandOptions {
    /// Longest command line, `CRLF` included (RFC 5321 §4.5.3.1.4: 512).
    pub max_line_len: usize,
    /// Longest AUTH command line, which can carry an OAuth token as initial response
    /// (RFC 4954 §4 asks for 12288).
    pub max_auth_line_len: usize,
    /// Accept a line ending in a bare `LF`.
    pub allow_bare_lf: bool,
    /// Accept spaces between `FROM:`/`TO:` and the path (`MAIL FROM: <a@b>`), as
    /// Postfix, Exim and Exchange do.
    pub allow_space_after_colon: bool,
    /// Accept a path without angle brackets (`MAIL From: me@example.com`), as Exim
    /// did in the seed session 000.
    pub allow_unbracketed_path: bool,
    /// Accept `HELO` or `EHLO` without a domain, as Exchange did in seed session 003.
    pub allow_empty_hello: bool,
    /// Accept any printable word as the HELO/EHLO name: Windows clients send their
    /// NetBIOS name (`EHLO DESKTOP_7F3`), which Postfix and Exchange take.
    pub allow_any_hello_name: bool,
}

impl Default for CommandOptions {
    fn default() -> Self {
        CommandOptions {
            max_line_len: 512,
            max_auth_line_len: 12288,
            allow_bare_lf: false,
            allow_space_after_colon: false,
            allow_unbracketed_path: false,
            allow_empty_hello: false,
            allow_any_hello_name: false,
        }
    }
}

impl CommandOptions {
    /// Every tolerance on: what a forgiving server (Postfix-like) accepts.
    pub fn lenient() -> Self {
        CommandOptions {
            allow_bare_lf: true,
            allow_space_after_colon: true,
            allow_unbracketed_path: true,
            allow_empty_hello: true,
            allow_any_hello_name: true,
            ..Self::default()
        }
    }
}

/// Parses one command line with the strict [`CommandOptions::default`].
///
/// ```
/// use smtp_proto::{parse_command, Command};
/// let (cmd, used) = parse_command(b"MAIL FROM:<a@example.com> SIZE=1000\r\nRCPT").unwrap();
/// assert_eq!(used, 37);
/// assert!(matches!(cmd, Command::Mail { .. }));
/// assert!(parse_command(b"MAIL FROM:<a@exa").unwrap_err().is_incomplete());
/// ```
#[inline]
pub fn parse_command(input: &[u8]) -> Result<(Command<'_>, usize), DecodeError> {
    parse_command_with(input, &CommandOptions::default())
}

/// Parses one command line: the command and the bytes it used, `CRLF` included.
#[inline]
pub fn parse_command_with<'a>(
    input: &'a [u8],
    options: &CommandOptions,
) -> Result<(Command<'a>, usize), DecodeError> {
    let mut used = 0;
    if let Some(cmd) = super::fast::mail_or_rcpt(input, options.max_line_len, &mut used) {
        return Ok((cmd, used));
    }
    parse_general(input, options)
}

/// Everything the fast path declines: the full grammar, tolerances and errors.
#[inline(never)]
fn parse_general<'a>(
    input: &'a [u8],
    options: &CommandOptions,
) -> Result<(Command<'a>, usize), DecodeError> {
    // an AUTH line may carry a long initial response (RFC 4954 §4); the verb is known
    // long before either limit is reached
    let limit = if is_auth(input) {
        options.max_auth_line_len.max(options.max_line_len)
    } else {
        options.max_line_len
    };
    let (line, used) = take_line(input, limit, options.allow_bare_lf)?;
    if let Some(bad) = memchr::memchr2(b'\r', 0, line) {
        let kind = if line[bad] == b'\r' {
            DecodeErrorKind::BareLineEnding
        } else {
            DecodeErrorKind::Syntax("no NUL bytes")
        };
        return Err(DecodeError::new(kind, input, bad));
    }
    let text = line_text(line, input, 0)?;
    match command(text, options) {
        Ok((_, cmd)) => Ok((cmd, used)),
        Err(e) => Err(to_decode_error(e, input, line, 0)),
    }
}

fn is_auth(line: &[u8]) -> bool {
    line.len() >= 5 && line[..5].eq_ignore_ascii_case(b"AUTH ")
}

type Res<'a, T> = Result<T, nom::Err<PErr<'a>>>;

fn failure<'a, T>(rest: &'a str, what: &'static str) -> Res<'a, T> {
    Err(nom::Err::Failure(PErr {
        rest: rest.as_bytes(),
        kind: DecodeErrorKind::Syntax(what),
    }))
}

/// `verb [SP args]`, dispatched on the verb (case-insensitive).
pub(crate) fn command<'a>(line: &'a str, options: &CommandOptions) -> PResult<'a, Command<'a>> {
    let verb_len = line.find(' ').unwrap_or(line.len());
    let (verb, after) = line.split_at(verb_len);
    let mut buf = [0u8; 8];
    let upper: &[u8] = if verb.len() <= 8 {
        for (d, s) in buf.iter_mut().zip(verb.as_bytes()) {
            *d = s.to_ascii_uppercase();
        }
        &buf[..verb.len()]
    } else {
        b""
    };
    let end = &line[line.len()..];
    let cmd = match upper {
        b"MAIL" => return mail(after, options),
        b"RCPT" => return rcpt(after, options),
        b"HELO" => return hello(HelloKind::Helo, after, options),
        b"EHLO" => return hello(HelloKind::Ehlo, after, options),
        b"LHLO" => return hello(HelloKind::Lhlo, after, options),
        b"DATA" => no_args(after, Command::Data)?,
        b"RSET" => no_args(after, Command::Rset)?,
        b"QUIT" => no_args(after, Command::Quit)?,
        b"STARTTLS" => no_args(after, Command::StartTls)?,
        b"NOOP" => Command::Noop(optional_string(after)?),
        b"HELP" => Command::Help(optional_string(after)?),
        b"VRFY" => Command::Vrfy(required_string(after)?),
        b"EXPN" => Command::Expn(required_string(after)?),
        b"ETRN" => Command::Etrn(required_string(after)?),
        b"BDAT" => return bdat(after),
        b"AUTH" => return auth(after),
        _ => {
            if verb.is_empty() || !verb.bytes().all(|b| b.is_ascii_graphic()) {
                return expected(line, "a command verb");
            }
            Command::Unknown {
                verb: Cow::Borrowed(verb),
                args: after.strip_prefix(' ').map(Cow::Borrowed),
            }
        }
    };
    Ok((end, cmd))
}

fn no_args<'a>(after: &'a str, cmd: Command<'a>) -> Res<'a, Command<'a>> {
    if after.is_empty() {
        Ok(cmd)
    } else {
        failure(after, "no arguments")
    }
}

/// `String = Atom / Quoted-string`, taken here as the rest of the line: printable
/// text (UTF-8 allowed).
fn text_arg(arg: &str) -> Res<'_, Cow<'_, str>> {
    if arg.is_empty() || arg.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return failure(arg, "an argument");
    }
    Ok(Cow::Borrowed(arg))
}

fn optional_string(after: &str) -> Res<'_, Option<Cow<'_, str>>> {
    if after.is_empty() {
        return Ok(None);
    }
    match after.strip_prefix(' ') {
        Some(arg) => text_arg(arg).map(Some),
        None => failure(after, "a space"),
    }
}

fn required_string(after: &str) -> Res<'_, Cow<'_, str>> {
    match after.strip_prefix(' ') {
        Some(arg) => text_arg(arg),
        None => failure(after, "an argument"),
    }
}

/// `ehlo = "EHLO" SP ( Domain / address-literal ) CRLF`, `helo = "HELO" SP Domain CRLF`.
fn hello<'a>(
    kind: HelloKind,
    after: &'a str,
    options: &CommandOptions,
) -> PResult<'a, Command<'a>> {
    let arg = match after.strip_prefix(' ') {
        Some(a) => a,
        None if after.is_empty() && options.allow_empty_hello => {
            let domain = crate::types::Domain::Name(Cow::Borrowed(""));
            return Ok((after, Command::Hello { kind, domain }));
        }
        None => return fail(after, DecodeErrorKind::Syntax("a space and a domain")),
    };
    match domain_or_literal(arg) {
        Ok(("", domain)) => Ok(("", Command::Hello { kind, domain })),
        _ if options.allow_any_hello_name
            && !arg.is_empty()
            && arg.bytes().all(|b| b.is_ascii_graphic() || b >= 0x80) =>
        {
            let domain = crate::types::Domain::Name(Cow::Borrowed(arg));
            Ok(("", Command::Hello { kind, domain }))
        }
        Ok((rest, _)) => fail(
            rest,
            DecodeErrorKind::Syntax("end of line after the domain"),
        ),
        Err(e) => Err(e),
    }
}

/// `"FROM:"` or `"TO:"` (any case), then optional spaces if tolerated.
fn keyword_colon<'a>(
    after: &'a str,
    keyword: &'static str,
    options: &CommandOptions,
) -> PResult<'a, ()> {
    let Some(rest) = after.strip_prefix(' ') else {
        return fail(after, DecodeErrorKind::Syntax("a space after the verb"));
    };
    let matches = rest
        .get(..keyword.len())
        .is_some_and(|k| k.eq_ignore_ascii_case(keyword));
    if !matches {
        return fail(rest, DecodeErrorKind::Syntax(keyword));
    }
    let mut rest = &rest[keyword.len()..];
    if options.allow_space_after_colon {
        rest = rest.trim_start_matches(' ');
    }
    Ok((rest, ()))
}

/// `mail = "MAIL FROM:" Reverse-path [SP Mail-parameters] CRLF`.
fn mail<'a>(after: &'a str, options: &CommandOptions) -> PResult<'a, Command<'a>> {
    let (rest, ()) = keyword_colon(after, "FROM:", options)?;
    let (rest, from) = if options.allow_unbracketed_path && !rest.starts_with('<') {
        let (r, m) = mailbox(rest)?;
        (r, ReversePath::Mailbox(m))
    } else {
        reverse_path(rest).map_err(cut)?
    };
    let (rest, params) = mail_parameters(rest)?;
    Ok((rest, Command::Mail { from, params }))
}

/// `rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path )
/// [SP Rcpt-parameters] CRLF`.
fn rcpt<'a>(after: &'a str, options: &CommandOptions) -> PResult<'a, Command<'a>> {
    let (rest, ()) = keyword_colon(after, "TO:", options)?;
    let (rest, to) = if options.allow_unbracketed_path && !rest.starts_with('<') {
        let (r, m) = mailbox(rest)?;
        (r, ForwardPath::Mailbox(m))
    } else {
        forward_path(rest).map_err(cut)?
    };
    let (rest, params) = rcpt_parameters(rest)?;
    Ok((rest, Command::Rcpt { to, params }))
}

fn cut(e: nom::Err<PErr<'_>>) -> nom::Err<PErr<'_>> {
    match e {
        nom::Err::Error(e) => nom::Err::Failure(e),
        other => other,
    }
}

/// `bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ] CRLF` (RFC 3030 §2).
fn bdat(after: &str) -> PResult<'_, Command<'_>> {
    let Some(arg) = after.strip_prefix(' ') else {
        return fail(after, DecodeErrorKind::Syntax("a chunk size"));
    };
    let (rest, size) = number(arg, 20).map_err(cut)?;
    let last = if rest.is_empty() {
        false
    } else if rest.len() == 5 && rest.eq_ignore_ascii_case(" LAST") {
        true
    } else {
        return fail(rest, DecodeErrorKind::Syntax("end of line or LAST"));
    };
    Ok((&rest[rest.len()..], Command::Bdat { size, last }))
}

/// `"AUTH" SP sasl-mech [SP initial-response]`, `initial-response = base64 / "="`
/// (RFC 4954 §4).
fn auth(after: &str) -> PResult<'_, Command<'_>> {
    let Some(arg) = after.strip_prefix(' ') else {
        return fail(after, DecodeErrorKind::Syntax("a mechanism"));
    };
    let (name, rest) = arg.split_at(arg.find(' ').unwrap_or(arg.len()));
    let Ok(mechanism) = Mechanism::parse(name) else {
        return fail(arg, DecodeErrorKind::Syntax("a SASL mechanism name"));
    };
    let initial_response = if rest.is_empty() {
        None
    } else if let Some(ir) = rest.strip_prefix(' ') {
        let ok = mail_proto_core::sasl::is_initial_response(ir);
        if !ok {
            return fail(ir, DecodeErrorKind::Syntax("a base64 initial response"));
        }
        Some(Cow::Borrowed(ir))
    } else {
        return fail(rest, DecodeErrorKind::Syntax("a space"));
    };
    Ok((
        "",
        Command::Auth {
            mechanism,
            initial_response,
        },
    ))
}
