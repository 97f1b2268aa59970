//! Commands (RFC 1939 §§4-7, RFC 2449 §§3-5, RFC 2595 §4, RFC 5034 §4, RFC 6856).

use mail_proto_core::Decoded;
use mail_proto_core::sasl::{self, Response as SaslResponse};
use nom::Parser;
use nom::sequence::preceded;

use super::{PResult, expected, fail, first_line, message_number, number, run, sp, word};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::types::{
    ApopDigest, Atom, AuthMechanism, Command, InitialResponse, Password, Text, UnknownCommand,
};

/// Limits and tolerances for command lines.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommandOptions {
    /// Longest command line, `CRLF` included (RFC 2449 §4: 255).
    pub max_line_len: usize,
    /// Longest argument (RFC 2449 §4: 40). The AUTH initial response is exempt (RFC
    /// 5034 §4 bounds it by the line length alone).
    pub max_arg_len: usize,
    /// Accept a line ended by a bare `LF` (typed by hand in telnet).
    pub allow_bare_lf: bool,
}

impl Default for CommandOptions {
    /// The RFC limits and grammar.
    fn default() -> Self {
        CommandOptions {
            max_line_len: 255,
            max_arg_len: 40,
            allow_bare_lf: false,
        }
    }
}

impl CommandOptions {
    /// The RFC limits, accepting bare `LF` line ends.
    pub fn lenient() -> Self {
        CommandOptions {
            allow_bare_lf: true,
            ..Self::default()
        }
    }
}

/// Parses one command with the RFC limits.
pub fn parse_command(input: &[u8]) -> Decoded<Command<'_>, DecodeError> {
    parse_command_with(input, &CommandOptions::default())
}

/// `command = keyword *(SP param) CRLF` (RFC 2449 §3), at most `max_line_len`
/// octets; the keyword is case-insensitive (RFC 1939 §3).
pub fn parse_command_with<'a>(
    input: &'a [u8],
    options: &CommandOptions,
) -> Decoded<Command<'a>, DecodeError> {
    let (line, consumed) = match first_line(input, options.max_line_len, options.allow_bare_lf) {
        Decoded::Complete { value, consumed } => (value, consumed),
        Decoded::Failed(e) => return Decoded::Failed(e),
        _ => return Decoded::Incomplete,
    };
    run(line, input, 0, |l| command(l, options))
        .map(|c| (c, consumed))
        .into()
}

/// One line of an AUTH exchange from the client (RFC 5034 §4: `*(CRLF [base64])
/// [CRLF cancel-response]`): base64 data, or `*` to cancel.
pub fn parse_sasl_line(input: &[u8], max_line_len: usize) -> Decoded<SaslResponse, DecodeError> {
    let (line, consumed) = match first_line(input, max_line_len, false) {
        Decoded::Complete { value, consumed } => (value, consumed),
        Decoded::Failed(e) => return Decoded::Failed(e),
        _ => return Decoded::Incomplete,
    };
    match sasl::decode_line(line.as_bytes()) {
        Ok(r) => Decoded::complete(r, consumed),
        Err(_) => Decoded::Failed(DecodeError::new(
            DecodeErrorKind::Syntax("base64 or *"),
            input,
            0,
        )),
    }
}

/// `keyword *(SP param)`, dispatched on the keyword.
fn command<'a>(line: &'a str, options: &CommandOptions) -> PResult<'a, Command<'a>> {
    let (rest, keyword) = keyword(line)?;
    let is = |k: &str| keyword.eq_ignore_ascii_case(k);
    let max = options.max_arg_len;
    let arg = |i| argument(i, max);
    let msg = limited(max, message_number);
    let bare = |c: Command<'a>| Ok((rest, c));
    if is("USER") {
        let (rest, name) = preceded(sp, arg).parse(rest)?;
        Ok((rest, Command::User(name)))
    } else if is("PASS") {
        pass(rest, options.max_arg_len)
    } else if is("APOP") {
        apop(rest, options.max_arg_len)
    } else if is("STAT") {
        bare(Command::Stat)
    } else if is("LIST") {
        maybe(msg).map(Command::List).parse(rest)
    } else if is("RETR") {
        preceded(sp, msg).map(Command::Retr).parse(rest)
    } else if is("DELE") {
        preceded(sp, msg).map(Command::Dele).parse(rest)
    } else if is("NOOP") {
        bare(Command::Noop)
    } else if is("RSET") {
        bare(Command::Rset)
    } else if is("QUIT") {
        bare(Command::Quit)
    } else if is("TOP") {
        top(rest, max)
    } else if is("UIDL") {
        maybe(msg).map(Command::Uidl).parse(rest)
    } else if is("CAPA") {
        bare(Command::Capa)
    } else if is("STLS") {
        bare(Command::Stls)
    } else if is("AUTH") {
        auth(rest)
    } else if is("UTF8") {
        bare(Command::Utf8)
    } else if is("LANG") {
        maybe(arg).map(Command::Lang).parse(rest)
    } else {
        unknown(keyword, rest)
    }
}

/// `[SP p]` at the end of a command: nothing, or a space and `p`.
fn maybe<'a, T>(
    mut p: impl FnMut(&'a str) -> PResult<'a, T>,
) -> impl FnMut(&'a str) -> PResult<'a, Option<T>> {
    move |input: &'a str| {
        if input.is_empty() {
            return Ok((input, None));
        }
        let (rest, ()) = sp(input)?;
        let (rest, v) = p(rest)?;
        Ok((rest, Some(v)))
    }
}

/// `keyword = 3*4VCHAR` (RFC 2449 §3); any word is taken here, so an unknown one
/// is kept as [`Command::Unknown`].
fn keyword(input: &str) -> PResult<'_, &str> {
    word(input)
}

/// `p`, an argument of at most `max` octets (RFC 1939 §3, RFC 2449 §4), numbers
/// included: leading zeros do not make a 41-octet `msg` acceptable.
fn limited<'a, T>(
    max: usize,
    p: impl Fn(&'a str) -> PResult<'a, T> + Copy,
) -> impl Fn(&'a str) -> PResult<'a, T> + Copy {
    move |input: &'a str| {
        let len = input.find([' ', '\t']).unwrap_or(input.len());
        if len > max {
            return fail(input, DecodeErrorKind::ArgumentTooLong { limit: max });
        }
        p(input)
    }
}

/// `param = 1*VCHAR` (RFC 2449 §3), at most `max` octets (RFC 2449 §4).
fn argument(input: &str, max: usize) -> PResult<'_, Atom<'_>> {
    let (rest, w) = word(input)?;
    if w.len() > max {
        return fail(input, DecodeErrorKind::ArgumentTooLong { limit: max });
    }
    match Atom::parsed(w) {
        Ok(a) => Ok((rest, a)),
        Err(_) => expected(input, "a word"),
    }
}

/// `PASS SP string` (RFC 1939 §7): the rest of the line, spaces included.
fn pass(input: &str, max: usize) -> PResult<'_, Command<'_>> {
    let (rest, ()) = sp(input)?;
    if rest.is_empty() {
        return expected(rest, "a password");
    }
    if rest.len() > max {
        return fail(rest, DecodeErrorKind::ArgumentTooLong { limit: max });
    }
    match Password::parsed(rest) {
        Ok(p) => Ok(("", Command::Pass(p))),
        Err(_) => expected(rest, "a password"),
    }
}

/// `APOP SP name SP digest` (RFC 1939 §7), the digest 32 hex digits.
fn apop(input: &str, max: usize) -> PResult<'_, Command<'_>> {
    let (rest, name) = preceded(sp, |i| argument(i, max)).parse(input)?;
    let (after, ()) = sp(rest)?;
    let (end, hex) = word(after)?;
    match ApopDigest::new(hex) {
        Ok(digest) => Ok((end, Command::Apop { name, digest })),
        Err(_) => expected(after, "a 32-digit hex digest"),
    }
}

/// `TOP SP msg SP n` (RFC 1939 §7), `n` non-negative; each at most `max` octets.
fn top(input: &str, max: usize) -> PResult<'_, Command<'_>> {
    let (rest, msg) = preceded(sp, limited(max, message_number)).parse(input)?;
    let (rest, lines) = preceded(sp, limited(max, number)).parse(rest)?;
    Ok((rest, Command::Top { msg, lines }))
}

/// `"AUTH" [SP sasl-mech [SP initial-response]]` (RFC 5034 §4; without an argument
/// as some servers list mechanisms).
fn auth(input: &str) -> PResult<'_, Command<'_>> {
    if input.is_empty() {
        return Ok((input, Command::AuthList));
    }
    let (rest, ()) = sp(input)?;
    let (rest, name) = word(rest)?;
    let Ok(mechanism) = AuthMechanism::parse(name) else {
        return expected(input, "a SASL mechanism name");
    };
    let (rest, initial_response) = maybe(initial_response).parse(rest)?;
    Ok((
        rest,
        Command::Auth {
            mechanism,
            initial_response,
        },
    ))
}

/// `initial-response = base64 / "="` (RFC 5034 §4).
fn initial_response(input: &str) -> PResult<'_, InitialResponse> {
    let (rest, w) = word(input)?;
    match InitialResponse::parsed(w) {
        Ok(r) => Ok((rest, r)),
        Err(_) => expected(input, "base64 or ="),
    }
}

/// Any other keyword: the rest of the line is kept as sent.
fn unknown<'a>(keyword: &'a str, rest: &'a str) -> PResult<'a, Command<'a>> {
    let Ok(keyword) = Atom::parsed(keyword) else {
        return expected(rest, "a keyword");
    };
    let args = match rest.strip_prefix(' ') {
        Some(a) => match Text::parsed(a) {
            Ok(t) => Some(t),
            Err(_) => return expected(a, "text"),
        },
        None if rest.is_empty() => None,
        None => return expected(rest, "a space"),
    };
    Ok(("", Command::Unknown(UnknownCommand::parsed(keyword, args))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::MessageNumber;

    fn ok(input: &[u8]) -> Command<'_> {
        match parse_command(input) {
            Decoded::Complete { value, consumed } => {
                assert_eq!(consumed, input.len());
                value
            }
            other => panic!("{input:?}: {other:?}"),
        }
    }

    fn err(input: &[u8]) -> DecodeError {
        parse_command(input).err().expect("an error")
    }

    #[test]
    fn the_rfc1939_commands() {
        assert_eq!(
            ok(b"user mrose\r\n"),
            Command::User(Atom::new("mrose").unwrap())
        );
        let Command::Pass(p) = ok(b"PASS secret with spaces\r\n") else {
            panic!()
        };
        assert_eq!(p.secret().expose(), "secret with spaces");
        assert!(matches!(
            ok(b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n"),
            Command::Apop { .. }
        ));
        assert_eq!(ok(b"LIST\r\n"), Command::List(None));
        assert_eq!(ok(b"LIST 2\r\n"), Command::List(MessageNumber::new(2)));
        assert_eq!(
            ok(b"TOP 1 10\r\n"),
            Command::Top {
                msg: MessageNumber::new(1).unwrap(),
                lines: 10
            }
        );
        assert_eq!(ok(b"AUTH\r\n"), Command::AuthList);
        assert!(matches!(
            ok(b"AUTH PLAIN =\r\n"),
            Command::Auth {
                initial_response: Some(_),
                ..
            }
        ));
        assert_eq!(
            ok(b"LANG *\r\n"),
            Command::Lang(Some(Atom::new("*").unwrap()))
        );
        assert!(matches!(ok(b"XTND XMIT\r\n"), Command::Unknown(_)));
    }

    #[test]
    fn numbers_are_checked() {
        assert_eq!(err(b"RETR 0\r\n").kind, DecodeErrorKind::NumberOverflow);
        let e = err(b"RETR 18446744073709551616\r\n");
        assert_eq!((e.kind, e.offset), (DecodeErrorKind::NumberOverflow, 5));
        assert_eq!(
            err(b"RETR 4294967296\r\n").kind,
            DecodeErrorKind::NumberOverflow
        );
        assert_eq!(err(b"RETR x\r\n").offset, 5);
        assert_eq!(err(b"STAT 1\r\n").offset, 4);
    }

    #[test]
    fn limits_and_line_ends() {
        let long = format!("USER {}\r\n", "a".repeat(41));
        assert!(matches!(
            err(long.as_bytes()).kind,
            DecodeErrorKind::ArgumentTooLong { limit: 40 }
        ));
        let line = format!("NOOP {}", "a".repeat(300));
        assert!(matches!(
            err(line.as_bytes()).kind,
            DecodeErrorKind::LineTooLong { limit: 255 }
        ));
        assert_eq!(err(b"QUIT\n").kind, DecodeErrorKind::BareLineEnding);
        assert!(parse_command_with(b"QUIT\n", &CommandOptions::lenient()).is_complete());
        assert!(parse_command(b"QUI").is_incomplete());
    }

    #[test]
    fn numeric_arguments_are_limited_to_40_octets() {
        // RFC 1939 §3 / RFC 2449 §4: 40 octets per argument, digits included
        let zeros = "0".repeat(39);
        assert_eq!(
            ok(format!("RETR {zeros}1\r\n").as_bytes()),
            Command::Retr(MessageNumber::new(1).unwrap())
        );
        for line in [
            format!("RETR 0{zeros}1\r\n"),
            format!("DELE 0{zeros}1\r\n"),
            format!("LIST 0{zeros}1\r\n"),
            format!("UIDL 0{zeros}1\r\n"),
            format!("TOP 0{zeros}1 0\r\n"),
        ] {
            let e = err(line.as_bytes());
            assert_eq!(
                e.kind,
                DecodeErrorKind::ArgumentTooLong { limit: 40 },
                "{line}"
            );
            assert_eq!(e.offset, line.find(' ').unwrap() + 1, "{line}");
        }
        let e = err(format!("TOP 1 0{zeros}5\r\n").as_bytes());
        assert_eq!(
            (e.kind, e.offset),
            (DecodeErrorKind::ArgumentTooLong { limit: 40 }, 6)
        );
    }
}
