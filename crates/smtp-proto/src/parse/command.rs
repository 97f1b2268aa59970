//! Command lines (RFC 5321 §4.1.1, RFC 1869, RFC 3030, RFC 3207, RFC 4954, RFC 1985,
//! RFC 2033).

use mail_proto_core::Decoded;
use mail_proto_core::sasl::Mechanism;
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag_no_case, take_till};
use nom::character::complete::char;
use nom::combinator::{all_consuming, cut, eof, map_opt, opt, rest, value, verify};
use nom::error::context;
use nom::sequence::{preceded, terminated};

use super::address::{domain_or_literal, forward_path, mailbox, reverse_path};
use super::params::{mail_parameters, rcpt_parameters};
use super::{
    CommandOptions, Halt, PErr, PResult, expected, fail, line_text, number, starts_with_fold,
    status, take_line, to_decode_error,
};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::grammar;
use crate::types::{
    Command, Domain, ForwardPath, HelloKind, InitialResponse, NonstandardName, ReversePath, Text,
    UnknownCommand,
};

/// Parses one command line with the [`CommandOptions::default`] tolerances.
///
/// ```
/// use mail_proto_core::Decoded;
/// use smtp_proto::{parse_command, Command};
/// let Decoded::Complete { value, consumed } =
///     parse_command(b"MAIL FROM:<a@example.com> SIZE=1000\r\nRCPT")
/// else {
///     unreachable!()
/// };
/// assert_eq!(consumed, 37);
/// assert!(matches!(value, Command::Mail { .. }));
/// assert!(parse_command(b"MAIL FROM:<a@exa").is_incomplete());
/// ```
#[inline]
pub fn parse_command(input: &[u8]) -> Decoded<Command<'_>, DecodeError> {
    parse_command_with(input, &CommandOptions::DEFAULT)
}

/// Parses one command line: the command and the bytes it used, `CRLF` included;
/// `Incomplete` until the line end arrives (within the line's limit).
#[inline]
pub fn parse_command_with<'a>(
    input: &'a [u8],
    options: &CommandOptions,
) -> Decoded<Command<'a>, DecodeError> {
    // a verb alone on its line, decided before anything else is read
    if let Some(value) = super::fast::bare_line(input, options.max_line_len) {
        return Decoded::Complete { value, consumed: 6 };
    }
    // one value, returned on both paths, so the fast path's command is built where
    // the caller receives it
    let mut out = Decoded::Incomplete;
    if !super::fast::command(input, options, &mut out) {
        out = status(parse_general(input, options));
    }
    out
}

/// The line limit for the command at the start of `input`: the verb is known long
/// before any limit is reached.
fn line_limit(input: &[u8], options: &CommandOptions) -> usize {
    let verb = |v: &[u8]| starts_with_fold(input, v);
    if verb(b"AUTH ") {
        // an AUTH line may carry a long initial response (RFC 4954 §4)
        options.max_auth_line_len.max(options.max_line_len)
    } else if verb(b"MAIL ") {
        options.max_mail_line_len
    } else if verb(b"RCPT ") {
        options.max_rcpt_line_len
    } else {
        options.max_line_len
    }
}

/// Everything the fast path declines: the full grammar, tolerances and errors.
#[inline(never)]
fn parse_general<'a>(
    input: &'a [u8],
    options: &CommandOptions,
) -> Result<(Command<'a>, usize), Halt> {
    let limit = line_limit(input, options);
    let (line, used) = take_line(input, limit, options.allow_bare_lf)?;
    if let Some(bad) = memchr::memchr2(b'\r', 0, line) {
        let kind = if line[bad] == b'\r' {
            DecodeErrorKind::BareLineEnding
        } else {
            DecodeErrorKind::Syntax("no NUL bytes")
        };
        return Err(DecodeError::new(kind, input, bad).into());
    }
    let text = line_text(line, input, 0)?;
    match command(text, options) {
        Ok((_, cmd)) => Ok((cmd, used)),
        Err(e) => Err(to_decode_error(e, input, line, 0).into()),
    }
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
            if !grammar::is_unknown_verb(verb) {
                return expected(line, "a command verb");
            }
            Command::Unknown(UnknownCommand::new_unchecked(verb, after.strip_prefix(' ')))
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
fn text_arg(arg: &str) -> Res<'_, Text<'_>> {
    if !grammar::is_text_arg(arg) {
        return failure(arg, "an argument");
    }
    Ok(Text::new_unchecked(arg))
}

fn optional_string(after: &str) -> Res<'_, Option<Text<'_>>> {
    if after.is_empty() {
        return Ok(None);
    }
    match after.strip_prefix(' ') {
        Some(arg) => text_arg(arg).map(Some),
        None => failure(after, "a space"),
    }
}

fn required_string(after: &str) -> Res<'_, Text<'_>> {
    match after.strip_prefix(' ') {
        Some(arg) => text_arg(arg),
        None => failure(after, "an argument"),
    }
}

/// `ehlo = "EHLO" SP ( Domain / address-literal ) CRLF`, `helo = "HELO" SP Domain
/// CRLF` (RFC 5321 §4.1.1.1), `lhlo` alike (RFC 2033 §4.1); with the tolerances, an
/// empty or nonstandard name as [`Domain::Nonstandard`].
fn hello<'a>(
    kind: HelloKind,
    after: &'a str,
    options: &CommandOptions,
) -> PResult<'a, Command<'a>> {
    let arg = match after.strip_prefix(' ') {
        Some(a) => a,
        None if after.is_empty() && options.allow_empty_hello => {
            let domain = Domain::Nonstandard(NonstandardName::new_unchecked(""));
            return Ok((after, Command::Hello { kind, domain }));
        }
        None => return fail(after, DecodeErrorKind::Syntax("a space and a domain")),
    };
    match domain_or_literal(arg) {
        Ok(("", domain)) => Ok(("", Command::Hello { kind, domain })),
        _ if options.allow_any_hello_name
            && !arg.is_empty()
            && grammar::is_nonstandard_hello_name(arg) =>
        {
            let domain = Domain::Nonstandard(NonstandardName::new_unchecked(arg));
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
        reverse_path(rest).map_err(committed)?
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
        forward_path(rest).map_err(committed)?
    };
    let (rest, params) = rcpt_parameters(rest)?;
    Ok((rest, Command::Rcpt { to, params }))
}

fn committed(e: nom::Err<PErr<'_>>) -> nom::Err<PErr<'_>> {
    match e {
        nom::Err::Error(e) => nom::Err::Failure(e),
        other => other,
    }
}

/// `chunk-size = 1*DIGIT` (RFC 3030 §2), as a u64 (at most 20 digits, overflow an
/// error).
fn chunk_size(input: &str) -> PResult<'_, u64> {
    number(input, 20)
}

/// `end-marker = "LAST"` (RFC 3030 §2, any case).
fn end_marker(input: &str) -> PResult<'_, &str> {
    tag_no_case("LAST").parse(input)
}

/// `bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ] CRLF` (RFC 3030 §2), from
/// after the verb.
fn bdat(after: &str) -> PResult<'_, Command<'_>> {
    let size = preceded(cut(context("a chunk size", char(' '))), cut(chunk_size));
    let last = alt((
        value(false, eof),
        value(true, all_consuming((char(' '), end_marker))),
    ));
    let last = cut(context("end of line or LAST", last));
    (size, last)
        .map(|(size, last)| Command::Bdat { size, last })
        .parse(after)
}

/// `sasl-mech = 1*20(UPPER-ALPHA / DIGIT / HYPHEN / UNDERSCORE)` (RFC 4954 §4, RFC
/// 4422 §3.1), lower case folded as [`Mechanism::parse`] does: the word up to the
/// next space.
fn sasl_mech(input: &str) -> PResult<'_, Mechanism> {
    let name = take_till(|c| c == ' ');
    let mechanism = map_opt(name, |n| Mechanism::parse(n).ok());
    cut(context("a SASL mechanism name", mechanism)).parse(input)
}

/// `initial-response = base64 / "="` (RFC 4954 §4): the rest of the line, as
/// [`mail_proto_core::sasl::is_initial_response`] (behind [`InitialResponse::new`])
/// reads it, so every response the constructor takes reads back; the decoder checks
/// the padding.
fn initial_response(input: &str) -> PResult<'_, InitialResponse<'_>> {
    let response = verify(rest, |r: &str| {
        mail_proto_core::sasl::is_initial_response(r)
    });
    cut(context("a base64 initial response", response))
        .map(InitialResponse::new_unchecked)
        .parse(input)
}

/// `auth-command = "AUTH" SP sasl-mech [SP initial-response]` (RFC 4954 §4), from
/// after the verb.
fn auth(after: &str) -> PResult<'_, Command<'_>> {
    let mechanism = preceded(cut(context("a mechanism", char(' '))), sasl_mech);
    let response = opt(preceded(char(' '), initial_response));
    let end = cut(context("a space", eof));
    terminated((mechanism, response), end)
        .map(|(mechanism, initial_response)| Command::Auth {
            mechanism,
            initial_response,
        })
        .parse(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The command on one line, or the error's offset and kind.
    fn read(line: &str) -> Result<Command<'_>, (usize, DecodeErrorKind)> {
        match command(line, &CommandOptions::strict()) {
            Ok(("", cmd)) => Ok(cmd),
            Ok((rest, _)) => Err((line.len() - rest.len(), DecodeErrorKind::Syntax("end"))),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
                Err((line.len() - e.rest.len(), e.kind))
            }
            Err(nom::Err::Incomplete(_)) => Err((line.len(), DecodeErrorKind::Syntax("more"))),
        }
    }

    #[test]
    fn bdat_chunk_size_and_end_marker() {
        let bdat = |size, last| Ok(Command::Bdat { size, last });
        assert_eq!(read("BDAT 0"), bdat(0, false));
        assert_eq!(read("BDAT 000012 LAST"), bdat(12, true));
        assert_eq!(read("bdat 7 last"), bdat(7, true));
        assert_eq!(read("BDAT 18446744073709551615 LaSt"), bdat(u64::MAX, true));
        let syntax = DecodeErrorKind::Syntax;
        for (line, offset, kind) in [
            ("BDAT", 4, syntax("a chunk size")),
            ("BDAT ", 5, syntax("a number")),
            ("BDAT LAST", 5, syntax("a number")),
            ("BDAT -1", 5, syntax("a number")),
            (
                "BDAT 18446744073709551616",
                5,
                DecodeErrorKind::NumberOverflow,
            ),
            (
                "BDAT 123456789012345678901",
                5,
                DecodeErrorKind::NumberOverflow,
            ),
            ("BDAT 1 ", 6, syntax("end of line or LAST")),
            ("BDAT 1 LASTX", 6, syntax("end of line or LAST")),
            ("BDAT 1 LAST ", 6, syntax("end of line or LAST")),
            ("BDAT 1  LAST", 6, syntax("end of line or LAST")),
            ("BDAT 1x", 6, syntax("end of line or LAST")),
        ] {
            assert_eq!(read(line), Err((offset, kind)), "{line:?}");
        }
    }

    #[test]
    fn auth_mechanism_and_initial_response() {
        let auth = |mechanism, ir: Option<&'static str>| {
            Ok(Command::Auth {
                mechanism,
                initial_response: ir.map(InitialResponse::new_unchecked),
            })
        };
        assert_eq!(read("AUTH PLAIN ="), auth(Mechanism::Plain, Some("=")));
        assert_eq!(read("auth cram-md5"), auth(Mechanism::CramMd5, None));
        let long = "QUJD".repeat(3000) + "RA==";
        let line = format!("AUTH XOAUTH2 {long}");
        assert_eq!(
            read(&line),
            Ok(Command::Auth {
                mechanism: Mechanism::XOAuth2,
                initial_response: Some(InitialResponse::new_unchecked(&long)),
            })
        );
        let Ok(Command::Auth { mechanism, .. }) = read("AUTH X-MY_MECH-1") else {
            panic!("an unknown mechanism")
        };
        assert_eq!(mechanism.as_str(), "X-MY_MECH-1");
        let syntax = DecodeErrorKind::Syntax;
        for (line, offset, what) in [
            ("AUTH", 4, "a mechanism"),
            ("AUTH ", 5, "a SASL mechanism name"),
            ("AUTH  PLAIN", 5, "a SASL mechanism name"),
            ("AUTH PL@IN", 5, "a SASL mechanism name"),
            ("AUTH ABCDEFGHIJKLMNOPQRSTU", 5, "a SASL mechanism name"),
            ("AUTH PLAIN ", 11, "a base64 initial response"),
            ("AUTH PLAIN a b", 11, "a base64 initial response"),
            ("AUTH PLAIN dGVz!A==", 11, "a base64 initial response"),
            ("AUTH PLAIN  =", 11, "a base64 initial response"),
        ] {
            assert_eq!(read(line), Err((offset, syntax(what))), "{line:?}");
        }
    }
}
