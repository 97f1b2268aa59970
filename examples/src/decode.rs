//! `mail-decode`: decodes a raw byte stream of one side of an SMTP, POP3 or IMAP
//! session with the pure codec and framer of each crate, message by message.
//!
//! The stream is one direction of a session: what a client sent (`--from client`,
//! decoded with the server's defaults) or what a server sent (`--from server`,
//! decoded with the client's lenient defaults). `strict` turns every tolerance off.
//! Each message is reported as its byte offset and a kind such as `command LOGIN`,
//! `response FETCH` or `reply 250`; no text of the message itself is printed.
//!
//! One direction alone does not always say how the next bytes are framed; the
//! decoder then assumes what a working session does, and says so here:
//!
//! - SMTP client: after `DATA` the message follows (the server answered `354`);
//!   after `AUTH`, lines that are not a known command are SASL responses.
//! - POP3 client: after `AUTH mechanism`, lines that are not a known command are SASL
//!   responses.
//! - POP3 server: a `+OK` is multi-line when the next line does not start like a
//!   status line (`+OK`, `-ERR`, `+ `); a body whose first line starts with `+OK` or
//!   `-ERR` is therefore read as single lines (the server stream alone cannot tell).
//! - IMAP client: after `IDLE`, the next line is `DONE`; after `AUTHENTICATE`,
//!   lines without a space are SASL responses.

use bytes::BytesMut;
use mail_proto_core::Decoded;
use mail_proto_core::dot::{BareLineEndings, DotStuffer, DotUnstuffer, Piece, Unstuffed};

/// Which protocol the stream speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proto {
    /// SMTP (RFC 5321).
    Smtp,
    /// POP3 (RFC 1939).
    Pop3,
    /// IMAP (RFC 3501, RFC 9051).
    Imap,
}

/// Which side sent the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Commands from a client.
    Client,
    /// Responses from a server.
    Server,
}

/// What to decode and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The protocol.
    pub proto: Proto,
    /// Which side sent the stream.
    pub from: Side,
    /// Every tolerance off.
    pub strict: bool,
    /// Re-encode each message and check it decodes to the same value.
    pub roundtrip: bool,
}

/// One decoded message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Where it starts in the stream.
    pub offset: usize,
    /// What it is: `command LOGIN`, `reply 250`, `response FETCH`, ...
    pub kind: String,
}

/// Why decoding stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Where in the stream.
    pub offset: usize,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error at byte {}: {}", self.offset, self.reason)
    }
}

/// Decodes `input` whole, passing each message to `out` as it is found; stops at the
/// first message that does not decode (or does not survive the round trip).
pub fn decode(input: &[u8], opts: &Options, mut out: impl FnMut(Message)) -> Result<(), Failure> {
    let out: &mut dyn FnMut(Message) = &mut out;
    match (opts.proto, opts.from) {
        (Proto::Smtp, Side::Client) => smtp::client(input, opts, out),
        (Proto::Smtp, Side::Server) => smtp::server(input, opts, out),
        (Proto::Pop3, Side::Client) => pop3::client(input, opts, out),
        (Proto::Pop3, Side::Server) => pop3::server(input, opts, out),
        (Proto::Imap, Side::Client) => imap::client(input, opts, out),
        (Proto::Imap, Side::Server) => imap::server(input, opts, out),
    }
}

/// Decodes `input` and collects the messages, or the messages before the failure
/// and the failure.
pub fn decode_all(input: &[u8], opts: &Options) -> (Vec<Message>, Option<Failure>) {
    let mut messages = Vec::new();
    let failure = decode(input, opts, |m| messages.push(m)).err();
    (messages, failure)
}

fn fail(offset: usize, reason: impl Into<String>) -> Failure {
    Failure {
        offset,
        reason: reason.into(),
    }
}

fn truncated(offset: usize) -> Failure {
    fail(offset, "incomplete message at end of input")
}

fn changed(offset: usize, what: &str) -> Failure {
    fail(offset, format!("round trip changed the {what}"))
}

/// A whole message and the bytes it used, or why it is not one (`pos`: where the
/// message starts in the stream).
fn complete<T, K: std::fmt::Display>(
    pos: usize,
    decoded: Decoded<T, mail_proto_core::error::DecodeError<K>>,
) -> Result<(T, usize), Failure> {
    match decoded {
        Decoded::Complete { value, consumed } => Ok((value, consumed)),
        Decoded::Failed(e) => Err(fail(pos + e.offset, e.kind.to_string())),
        _ => Err(truncated(pos)),
    }
}

/// The re-encoding `wire` of `value`, decoded again (`again`), must be `value`, from
/// all of `wire`.
fn same<T: PartialEq, E>(
    value: &T,
    wire: &[u8],
    again: Decoded<T, E>,
    offset: usize,
    what: &str,
) -> Result<(), Failure> {
    match again {
        Decoded::Complete { value: v, consumed } if v == *value && consumed == wire.len() => Ok(()),
        _ => Err(changed(offset, what)),
    }
}

fn emit(out: &mut dyn FnMut(Message), offset: usize, kind: impl Into<String>) {
    out(Message {
        offset,
        kind: kind.into(),
    });
}

/// A keyword fit to print: printable ASCII (`UID FETCH` keeps its space), upper case,
/// at most 32 characters.
fn keyword(word: &str) -> String {
    let mut s: String = word
        .chars()
        .take(32)
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c.to_ascii_uppercase()
            } else {
                '?'
            }
        })
        .collect();
    if s.is_empty() {
        s.push('?');
    }
    s
}

/// The line at the start of `input`: its content (without `CRLF` or a bare `LF`)
/// and its length with the terminator, or `None` if it has no end yet.
fn line(input: &[u8]) -> Option<(&[u8], usize)> {
    let lf = memchr::memchr(b'\n', input)?;
    let content = input[..lf].strip_suffix(b"\r").unwrap_or(&input[..lf]);
    Some((content, lf + 1))
}

/// Unstuffs a dot-stuffed body at the start of `input`: the body and the bytes used,
/// terminator included, or `Err(offset)` of a bare line ending under `Reject`.
fn unstuff(input: &[u8], policy: BareLineEndings, max_line: Option<usize>) -> UnstuffResult {
    let mut body = Vec::new();
    let mut unstuffer = DotUnstuffer::new(policy);
    if let Some(max) = max_line {
        unstuffer = unstuffer.with_max_line_len(max);
    }
    match unstuffer.decode(input, |p| match p {
        Piece::Input(r) => body.extend_from_slice(&input[r]),
        Piece::Extra(b) => body.extend_from_slice(b),
    }) {
        Unstuffed::NeedMore => UnstuffResult::Incomplete,
        Unstuffed::End {
            bare_line_ending: Some(at),
            ..
        } => UnstuffResult::Bare(at as usize),
        Unstuffed::End { consumed, .. } => match unstuffer.long_line() {
            Some(at) => UnstuffResult::LongLine(at as usize),
            None => UnstuffResult::Body(body, consumed),
        },
    }
}

enum UnstuffResult {
    Body(Vec<u8>, usize),
    Incomplete,
    Bare(usize),
    LongLine(usize),
}

/// The body dot-stuffed again and unstuffed again must be the body. The stuffer also
/// doubles a dot after a bare `CR` or `LF` (safe toward receivers that take those as
/// line ends), which the receiver's `Keep` policy leaves as data, so a body with bare
/// line endings (which RFC 5321 §2.3.8 forbids a client to send) is compared after
/// the stuffer's normalisation: both sides with `CRLF` line ends.
fn body_survives(body: &[u8]) -> bool {
    let has_bare = body.iter().enumerate().any(|(i, &b)| {
        (b == b'\r' && body.get(i + 1) != Some(&b'\n'))
            || (b == b'\n' && (i == 0 || body[i - 1] != b'\r'))
    });
    let mut wire = BytesMut::new();
    let mut stuffer = if has_bare {
        DotStuffer::normalizing()
    } else {
        DotStuffer::new()
    };
    stuffer.encode(body, &mut wire);
    stuffer.finish(&mut wire);
    let expected = if has_bare {
        let mut n = BytesMut::new();
        let mut normalizer = DotStuffer::normalizer();
        normalizer.encode(body, &mut n);
        normalizer.finish(&mut n);
        n.to_vec()
    } else {
        body.to_vec()
    };
    match unstuff(&wire, BareLineEndings::Keep, None) {
        UnstuffResult::Body(again, used) => {
            used == wire.len() && (again == expected || again == [&expected[..], b"\r\n"].concat())
        }
        _ => false,
    }
}

mod smtp {
    use super::*;
    use smtp_proto::{
        Command, CommandOptions, ReplyOptions, encode_command, encode_reply, parse_command_with,
        parse_reply_with,
    };

    fn command_options(strict: bool) -> CommandOptions {
        if strict {
            CommandOptions::strict()
        } else {
            // A decoder does not know which extensions the server offered: allow the
            // longest MAIL and RCPT lines any set of them allows.
            let mut o = CommandOptions::default();
            o.max_mail_line_len = 2048;
            o.max_rcpt_line_len = 2048;
            o
        }
    }

    enum State {
        Commands,
        Data,
        Auth,
    }

    pub(super) fn client(
        input: &[u8],
        opts: &Options,
        out: &mut dyn FnMut(Message),
    ) -> Result<(), Failure> {
        let options = command_options(opts.strict);
        let mut pos = 0;
        let mut state = State::Commands;
        while pos < input.len() {
            let rest = &input[pos..];
            if let State::Data = state {
                let (policy, max) = if opts.strict {
                    (BareLineEndings::Reject, Some(1000))
                } else {
                    (BareLineEndings::Keep, None)
                };
                match unstuff(rest, policy, max) {
                    UnstuffResult::Incomplete => return Err(truncated(pos)),
                    UnstuffResult::Bare(at) => {
                        return Err(fail(pos + at, "bare CR or LF in message data"));
                    }
                    UnstuffResult::LongLine(at) => {
                        return Err(fail(pos + at, "message line longer than 1000 bytes"));
                    }
                    UnstuffResult::Body(body, used) => {
                        if opts.roundtrip && !body_survives(&body) {
                            return Err(changed(pos, "message data"));
                        }
                        emit(out, pos, "data");
                        pos += used;
                        state = State::Commands;
                        continue;
                    }
                }
            }
            let parsed = parse_command_with(rest, &options);
            if let State::Auth = state {
                let known = matches!(&parsed, Decoded::Complete { value, .. }
                    if !matches!(value, Command::Unknown(_)));
                if !known {
                    let Some((content, used)) = line(rest) else {
                        return Err(truncated(pos));
                    };
                    if opts.strict && !rest[..used].ends_with(b"\r\n") {
                        return Err(fail(pos + used - 1, "bare LF where CRLF is required"));
                    }
                    if let Err(e) = mail_proto_core::sasl::decode_line(content) {
                        return Err(fail(pos, format!("SASL response: {e}")));
                    }
                    emit(out, pos, "auth-response");
                    pos += used;
                    continue;
                }
                state = State::Commands;
            }
            let (command, used) = complete(pos, parsed)?;
            let mut used = used;
            match &command {
                Command::Data => state = State::Data,
                Command::Auth { .. } => state = State::Auth,
                Command::Bdat { size, .. } => {
                    let size = usize::try_from(*size).unwrap_or(usize::MAX);
                    if rest.len() - used < size {
                        return Err(truncated(pos));
                    }
                    used += size;
                }
                _ => {}
            }
            if opts.roundtrip {
                let mut buf = BytesMut::new();
                encode_command(&command, &mut buf);
                same(
                    &command,
                    &buf,
                    parse_command_with(&buf, &options),
                    pos,
                    "command",
                )?;
            }
            // an unknown verb is the peer's own word: not printed (no text from the
            // message itself)
            let kind = match &command {
                smtp_proto::Command::Unknown(_) => "unknown".to_string(),
                c => keyword(c.verb()),
            };
            emit(out, pos, format!("command {kind}"));
            pos += used;
        }
        if let State::Data = state {
            return Err(truncated(pos));
        }
        Ok(())
    }

    pub(super) fn server(
        input: &[u8],
        opts: &Options,
        out: &mut dyn FnMut(Message),
    ) -> Result<(), Failure> {
        let options = if opts.strict {
            ReplyOptions::strict()
        } else {
            ReplyOptions::default()
        };
        let mut pos = 0;
        while pos < input.len() {
            let (reply, used) = complete(pos, parse_reply_with(&input[pos..], &options))?;
            if opts.roundtrip {
                let mut buf = BytesMut::new();
                encode_reply(&reply, &mut buf);
                same(&reply, &buf, parse_reply_with(&buf, &options), pos, "reply")?;
            }
            emit(out, pos, format!("reply {}", reply.code().get()));
            pos += used;
        }
        Ok(())
    }
}

mod pop3 {
    use super::*;
    use pop3_proto::encode::{encode_continuation, encode_multi_line};
    use pop3_proto::framing::parse_multi_line;
    use pop3_proto::parse::{
        CommandOptions, ResponseOptions, parse_command_with, parse_greeting_with,
        parse_response_line_with, parse_sasl_line,
    };
    use pop3_proto::{Command, ResponseLine, Status, encode_command, encode_response};

    pub(super) fn client(
        input: &[u8],
        opts: &Options,
        out: &mut dyn FnMut(Message),
    ) -> Result<(), Failure> {
        // the server machine's default is the lenient one (bare LF from telnet users)
        let options = if opts.strict {
            CommandOptions::default()
        } else {
            CommandOptions::lenient()
        };
        let mut pos = 0;
        let mut auth = false;
        while pos < input.len() {
            let rest = &input[pos..];
            let parsed = parse_command_with(rest, &options);
            if auth {
                let known = matches!(&parsed, Decoded::Complete { value, .. }
                    if !matches!(value, Command::Unknown { .. }));
                if !known {
                    match parse_sasl_line(rest, options.max_line_len.max(8192)) {
                        Decoded::Complete { consumed, .. } => {
                            emit(out, pos, "auth-response");
                            pos += consumed;
                            continue;
                        }
                        Decoded::Failed(e) => {
                            return Err(fail(pos + e.offset, format!("SASL response: {}", e.kind)));
                        }
                        _ => return Err(truncated(pos)),
                    }
                }
                auth = false;
            }
            let (command, used) = complete(pos, parsed)?;
            if matches!(command, Command::Auth { .. }) {
                auth = true;
            }
            if opts.roundtrip {
                let mut buf = BytesMut::new();
                encode_command(&command, &mut buf);
                same(
                    &command,
                    &buf,
                    parse_command_with(&buf, &options),
                    pos,
                    "command",
                )?;
            }
            let kind = match &command {
                pop3_proto::Command::Unknown(_) => "unknown".to_string(),
                c => keyword(c.keyword()),
            };
            emit(out, pos, format!("command {kind}"));
            pos += used;
        }
        Ok(())
    }

    /// True if `rest` starts like a status line or a continuation.
    fn starts_like_status(rest: &[u8], lenient: bool) -> bool {
        let starts = |p: &[u8]| {
            rest.len() >= p.len()
                && if lenient {
                    rest[..p.len()].eq_ignore_ascii_case(p)
                } else {
                    &rest[..p.len()] == p
                }
        };
        starts(b"+OK") || starts(b"-ERR") || starts(b"+ ") || starts(b"+\r\n")
    }

    pub(super) fn server(
        input: &[u8],
        opts: &Options,
        out: &mut dyn FnMut(Message),
    ) -> Result<(), Failure> {
        let options = if opts.strict {
            ResponseOptions::strict()
        } else {
            ResponseOptions::lenient()
        };
        if input.is_empty() {
            return Ok(());
        }
        let (greeting, mut pos) = complete(0, parse_greeting_with(input, &options))?;
        if opts.roundtrip {
            let mut buf = BytesMut::new();
            encode_response(&greeting.response, &mut buf);
            same(
                &greeting,
                &buf,
                parse_greeting_with(&buf, &options),
                0,
                "greeting",
            )?;
        }
        emit(
            out,
            0,
            format!("greeting {}", status(greeting.response.status())),
        );
        while pos < input.len() {
            let rest = &input[pos..];
            let (first, line_len) = complete(pos, parse_response_line_with(rest, &options))?;
            let response = match first {
                ResponseLine::Continuation(challenge) => {
                    if opts.roundtrip {
                        let mut buf = BytesMut::new();
                        encode_continuation(&challenge, &mut buf);
                        let again = parse_response_line_with(&buf, &options).map(|l| match l {
                            ResponseLine::Continuation(c) => Some(c),
                            ResponseLine::Status(_) => None,
                        });
                        same(&Some(challenge), &buf, again, pos, "continuation")?;
                    }
                    emit(out, pos, "continuation");
                    pos += line_len;
                    continue;
                }
                ResponseLine::Status(r) => r,
            };
            let next = &rest[line_len..];
            let multi =
                response.is_ok() && !next.is_empty() && !starts_like_status(next, !opts.strict);
            if !multi {
                if opts.roundtrip {
                    let mut buf = BytesMut::new();
                    encode_response(&response, &mut buf);
                    let again = parse_response_line_with(&buf, &options).map(|l| match l {
                        ResponseLine::Status(r) => Some(r),
                        ResponseLine::Continuation(_) => None,
                    });
                    let response = Some(response.clone());
                    same(&response, &buf, again, pos, "response")?;
                }
                emit(out, pos, format!("response {}", status(response.status())));
                pos += line_len;
                continue;
            }
            let (whole, used) = complete(pos, parse_multi_line(rest, &options))?;
            if opts.roundtrip {
                let body = whole.body.as_deref().unwrap_or_default();
                let mut buf = BytesMut::new();
                encode_multi_line(&whole.response, body, &mut buf);
                same(
                    &whole,
                    &buf,
                    parse_multi_line(&buf, &options),
                    pos,
                    "multi-line response",
                )?;
            }
            emit(
                out,
                pos,
                format!("response {} multi-line", status(whole.response.status())),
            );
            pos += used;
        }
        Ok(())
    }

    fn status(s: Status) -> &'static str {
        match s {
            Status::Ok => "+OK",
            Status::Err => "-ERR",
        }
    }
}

mod imap {
    use super::*;
    use imap_proto::framing::{FrameEvent, Framer, FramerOptions, Limits, Side as FrameSide};
    use imap_proto::{
        CommandBody, EncodeOptions, GreetingKind, ParseOptions, Response, Status, UntaggedStatus,
        encode_authenticate_data, encode_command, encode_greeting, encode_response,
        parse_authenticate_data, parse_command_with, parse_greeting_with, parse_idle_done,
        parse_response_with,
    };

    enum State {
        Commands,
        Idle,
        Authenticate,
    }

    /// Feeds the whole input to a framer and hands out each message with its offset.
    fn frames(
        input: &[u8],
        side: FrameSide,
        options: &ParseOptions,
        mut each: impl FnMut(usize, &[u8]) -> Result<(), Failure>,
    ) -> Result<(), Failure> {
        let limits: Limits = options.into();
        let mut framer = Framer::new(FramerOptions { limits, side });
        framer.feed(input);
        let mut pos = 0;
        loop {
            match framer.poll() {
                Some(FrameEvent::Message(frame)) => {
                    let bytes = frame.bytes().clone();
                    each(pos, &bytes)?;
                    pos += bytes.len();
                }
                // the payload of a synchronizing literal follows in a recorded stream
                Some(FrameEvent::Literal(_)) => {}
                Some(FrameEvent::Error(e)) => {
                    return Err(fail(pos + e.offset, e.kind.to_string()));
                }
                None => break,
            }
        }
        if framer.buffered() > 0 {
            return Err(truncated(pos));
        }
        Ok(())
    }

    pub(super) fn client(
        input: &[u8],
        opts: &Options,
        out: &mut dyn FnMut(Message),
    ) -> Result<(), Failure> {
        let mut options = ParseOptions::server();
        if opts.strict {
            options.lenient = imap_proto::Lenient::strict();
        }
        let encode = EncodeOptions::default();
        let mut state = State::Commands;
        frames(input, FrameSide::Server, &options, |pos, msg| {
            if let State::Idle = state {
                complete(pos, parse_idle_done(msg))?;
                state = State::Commands;
                emit(out, pos, "idle-done");
                return Ok(());
            }
            if let State::Authenticate = state {
                let content = msg.strip_suffix(b"\n").unwrap_or(msg);
                if !content.contains(&b' ') {
                    let (data, _) = complete(pos, parse_authenticate_data(msg))?;
                    if opts.roundtrip {
                        let mut buf = Vec::new();
                        encode_authenticate_data(&data, &mut buf);
                        same(
                            &data,
                            &buf,
                            parse_authenticate_data(&buf),
                            pos,
                            "AUTHENTICATE response",
                        )?;
                    }
                    emit(out, pos, "authenticate-data");
                    return Ok(());
                }
                state = State::Commands;
            }
            let (command, _) = complete(pos, parse_command_with(msg, &options))?;
            match command.body {
                CommandBody::Idle => state = State::Idle,
                CommandBody::Authenticate { .. } => state = State::Authenticate,
                _ => {}
            }
            if opts.roundtrip {
                let mut buf = Vec::new();
                let _ = encode_command(&command, &encode, &mut buf);
                same(
                    &command,
                    &buf,
                    parse_command_with(&buf, &options),
                    pos,
                    "command",
                )?;
            }
            let kind = match &command.body {
                imap_proto::CommandBody::Other { .. } => "unknown".to_string(),
                _ => keyword(command.name()),
            };
            emit(out, pos, format!("command {kind}"));
            Ok(())
        })
    }

    pub(super) fn server(
        input: &[u8],
        opts: &Options,
        out: &mut dyn FnMut(Message),
    ) -> Result<(), Failure> {
        let options = if opts.strict {
            ParseOptions::strict()
        } else {
            ParseOptions::default()
        };
        let mut first = true;
        frames(input, FrameSide::Client, &options, |pos, msg| {
            if std::mem::take(&mut first) {
                let (greeting, _) = complete(pos, parse_greeting_with(msg, &options))?;
                if opts.roundtrip {
                    let mut buf = Vec::new();
                    encode_greeting(&greeting, &mut buf);
                    same(
                        &greeting,
                        &buf,
                        parse_greeting_with(&buf, &options),
                        pos,
                        "greeting",
                    )?;
                }
                let kind = match greeting.kind {
                    GreetingKind::Ok => "OK",
                    GreetingKind::PreAuth => "PREAUTH",
                    GreetingKind::Bye => "BYE",
                };
                emit(out, pos, format!("greeting {kind}"));
                return Ok(());
            }
            let (response, _) = complete(pos, parse_response_with(msg, &options))?;
            if opts.roundtrip {
                let mut buf = Vec::new();
                encode_response(&response, &mut buf);
                same(
                    &response,
                    &buf,
                    parse_response_with(&buf, &options),
                    pos,
                    "response",
                )?;
            }
            let kind = match &response {
                Response::Tagged { status, .. } => format!("response tagged {}", name(*status)),
                Response::Untagged { status, .. } => format!("response {}", untagged(*status)),
                Response::Continue(_) => "continuation".to_owned(),
                Response::Data(imap_proto::Data::Other { .. }) => "response unknown".to_string(),
                Response::Data(d) => format!("response {}", keyword(d.name())),
                _ => "response".to_owned(),
            };
            emit(out, pos, kind);
            Ok(())
        })
    }

    fn name(s: Status) -> &'static str {
        match s {
            Status::Ok => "OK",
            Status::No => "NO",
            Status::Bad => "BAD",
        }
    }

    fn untagged(s: UntaggedStatus) -> &'static str {
        match s {
            UntaggedStatus::Ok => "OK",
            UntaggedStatus::No => "NO",
            UntaggedStatus::Bad => "BAD",
            UntaggedStatus::Bye => "BYE",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_trip_must_give_the_same_value_from_all_the_bytes() {
        let ok: Decoded<u8, ()> = Decoded::complete(7, 3);
        assert_eq!(same(&7, b"abc", ok, 5, "reply"), Ok(()));
        let other: Decoded<u8, ()> = Decoded::complete(8, 3);
        let f = same(&7, b"abc", other, 5, "reply").unwrap_err();
        assert_eq!(
            f.to_string(),
            "error at byte 5: round trip changed the reply"
        );
        let short: Decoded<u8, ()> = Decoded::complete(7, 2);
        assert!(same(&7, b"abc", short, 5, "reply").is_err());
        assert!(same(&7, b"abc", Decoded::<u8, ()>::Incomplete, 5, "reply").is_err());
    }

    #[test]
    fn dot_stuffing_again_keeps_every_body() {
        for body in [
            &b""[..],
            b"x\r\n",
            b".\r\n..\r\n",
            b"a\nb\r.c",
            b"\n.x\r",
            b"no end",
        ] {
            assert!(body_survives(body), "{body:?}");
        }
    }
}
