//! nom parsers on `&[u8]`, one function per ABNF rule of RFC 9051 §9 (and RFC 3501
//! §9 where IMAP4rev1 differs), the rule quoted in its doc comment.
//!
//! The entry points first find where the message ends with the
//! [`framing`](crate::framing) scanner (lines and literals, under the limits of
//! [`ParseOptions`]), so a partial message is [`Decoded::Incomplete`] or
//! [`Decoded::LiteralAnnounced`] and never an error; the rule parsers then run on the
//! complete message and borrow from it.

mod acl;
mod body;
mod code;
mod command;
pub(crate) mod core;
mod fetch;
mod metadata;
pub(crate) mod response;
mod search;
mod thread;

pub use command::{parse_authenticate_data, parse_command, parse_command_with, parse_idle_done};
pub use response::{parse_greeting, parse_greeting_with, parse_response, parse_response_with};

use mail_proto_core::Decoded;
use nom::IResult;

use crate::error::{DecodeError, DecodeErrorKind};
use crate::framing::{Scan, Scanner};

/// Tolerances for what real servers send, each a named switch (all on by default for
/// a client; [`Lenient::strict`] turns them off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Lenient {
    /// `* OK [UIDNEXT 5]` and `A1 OK` with no space after the code or status (the text
    /// itself may be empty under the strict grammar too, RFC 9051's `[text]`), and `+`
    /// with nothing after it: Gmail, ppops.net, Proton Mail Bridge and others
    /// (`tests/tolerances.rs` has each server's bytes).
    pub missing_text: bool,
    /// Extra spaces between items, before `)` and at the end of a line (qq.com, Gmail,
    /// Yahoo).
    pub extra_spaces: bool,
    /// `[...]` that is not a valid response code is kept as text (Outlook 365's
    /// `[Error="..." ...]`, ruby/net-imap#597).
    pub bad_code_as_text: bool,
    /// Atoms, flags and keywords holding bytes outside ATOM-CHAR, such as `]` (Gmail's
    /// `OIB-Seen-[Gmail]/Trash` keyword, MailKit#193); 8-bit bytes in a keyword are
    /// taken too, though no report seen shows a server's bytes for them. Such a value
    /// has no strict form (an atom cannot be quoted): re-encoded, it is written as
    /// read, which only a lenient parser reads back (see [`Atom::is_strict`](crate::Atom::is_strict)).
    pub loose_atoms: bool,
    /// Number zero where `nz-number` is required (SmarterMail's `UIDVALIDITY 0`,
    /// Courier's `* 0 FETCH`), kept as 1; and zero where RFC 7162's positive
    /// `mod-sequence-value` is required (Zoho: `MODSEQ (0)`), kept as 0.
    /// (`mod-sequence-valzer`, STATUS `HIGHESTMODSEQ`, `UNCHANGEDSINCE` and the SEARCH
    /// key, takes 0 under the strict grammar.)
    pub zero_nz_number: bool,
    /// Deviations inside BODYSTRUCTURE: a number where a string is required, a bare
    /// `NIL` list, NIL where a body field wants a string, `("boundary" NIL)`, a bare
    /// string as a disposition (Mail.ru, iCloud, Exchange, a go-imap v1 server); `-1` as
    /// a part's size or line count, read as 0 (modern-email/defects#27 and
    /// emersion/go-imap#534 describe it from Dovecot and Exchange, without bytes); an
    /// empty `()` body, read as
    /// [`BodyStructure::empty`](crate::BodyStructure::empty)
    /// (Domino, for a message/rfc822 part: MailKit#944).
    pub loose_body: bool,
    /// A quoted string holding 8-bit bytes that are not UTF-8 (RFC 9051 `QUOTED-CHAR`
    /// allows UTF-8, which the strict grammar takes too), or a `\` before a character
    /// other than `"` and `\`, kept with it (Proton Mail Bridge sends `\u00a0`,
    /// modern-email/defects#38); and `text` (resp-text) holding 8-bit bytes that are not
    /// UTF-8 (Latin-1 text is reported from several servers, but no report seen shows
    /// the bytes).
    pub loose_quoted: bool,
    /// `""` as a LIST hierarchy delimiter, read as NIL (MailKit's corpus holds such a
    /// reply, `common/list-nil-folder-delim.txt`, without naming the server).
    pub empty_delimiter: bool,
    /// FETCH items wrapped in an extra pair of parentheses, read as if they were not
    /// (Domino: `UID 14935 (ENVELOPE (...))`).
    pub nested_fetch_items: bool,
    /// A line that starts with a response code, read as an untagged OK (Exchange:
    /// `[COPYUID 55 31 6]` alone on a line before a MOVE's EXPUNGEs).
    pub bare_code_line: bool,
    /// `BODY[2] )`: a section with no value, read as NIL (Yandex, for a part whose
    /// content is missing).
    pub missing_fetch_value: bool,
    /// `MODSEQ (-1)`, read as 0 (Zoho).
    pub negative_modseq: bool,
    /// `CRLF` between a literal's payload and the `)` closing the FETCH (Gmail).
    pub crlf_before_paren: bool,
    /// `\*` in an untagged FLAGS list, where RFC 3501 and RFC 9051 allow it only in
    /// PERMANENTFLAGS; kept as the extension flag `*` (`Flag::Extension`, which
    /// encodes back as `\*`). Zoho sends it (reported in djc/imap-proto#91 and
    /// modern-email/defects#44).
    pub any_flag_in_flags: bool,
    /// `RFC822.SIZE -1`, read as 0 (the size is unknown; 0 promises nothing, so never
    /// size a buffer by it). The same "unknown" that Dovecot and Exchange send as a body
    /// part's line count (see `loose_body`); no public report seen names a server
    /// that sends it as RFC822.SIZE, so it has a switch of its own.
    pub negative_size: bool,
    /// Response lines (and literal announcements) ending in a bare `LF` instead of
    /// `CRLF`, in the framer and the parser alike; commands are held to `CRLF` even
    /// with it on. No public report searched names a production server that sends
    /// them; scripted servers and test doubles written with `\n` line ends do (go-imap
    /// accepts bare `LF` in commands for that reason, emersion/go-imap#220).
    pub lf_line_ends: bool,
    /// An atom where ENVELOPE, BODY or BODYSTRUCTURE wants a string (`(text plain
    /// (charset us-ascii) ...)`, an address `(NIL NIL joe example.com)`), read as that
    /// string; `NIL` stays nil. BlitzMail fails to quote ENVELOPE strings
    /// (rgrove/larch#7); the report shows no bytes.
    pub unquoted_strings: bool,
    /// FETCH data items without the parentheses around them, `* 2 FETCH FLAGS
    /// (\Deleted \Seen)`, read up to the line's end as if they were there. RFC 2060
    /// prints its STORE example so (§6.4.6; RFC 3501 adds the parentheses), and seed
    /// 001 quotes it; no report seen names a production server that sends it.
    pub unparenthesized_fetch: bool,
    /// NUL inside a `{n}` literal, kept (`CHAR8` leaves NUL out; only `~{n}` carries
    /// it). A client reads message bodies whatever bytes the stored message holds,
    /// and not scanning keeps a literal's cost independent of its size (the strict
    /// grammar, a server's, scans each payload once); no report seen shows a server
    /// sending one.
    pub nul_in_literals: bool,
}

impl Default for Lenient {
    fn default() -> Self {
        Lenient {
            missing_text: true,
            extra_spaces: true,
            bad_code_as_text: true,
            loose_atoms: true,
            zero_nz_number: true,
            loose_body: true,
            loose_quoted: true,
            empty_delimiter: true,
            nested_fetch_items: true,
            bare_code_line: true,
            missing_fetch_value: true,
            negative_modseq: true,
            crlf_before_paren: true,
            any_flag_in_flags: true,
            negative_size: true,
            lf_line_ends: true,
            unquoted_strings: true,
            unparenthesized_fetch: true,
            nul_in_literals: true,
        }
    }
}

impl Lenient {
    /// Every tolerance off: the pure RFC grammar.
    pub fn strict() -> Self {
        Lenient {
            missing_text: false,
            extra_spaces: false,
            bad_code_as_text: false,
            loose_atoms: false,
            zero_nz_number: false,
            loose_body: false,
            loose_quoted: false,
            empty_delimiter: false,
            nested_fetch_items: false,
            bare_code_line: false,
            missing_fetch_value: false,
            negative_modseq: false,
            crlf_before_paren: false,
            any_flag_in_flags: false,
            negative_size: false,
            lf_line_ends: false,
            unquoted_strings: false,
            unparenthesized_fetch: false,
            nul_in_literals: false,
        }
    }
}

/// Limits and tolerances for decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// Longest line, `CRLF` included; a line segment between literals counts alone.
    pub max_line: usize,
    /// Longest literal.
    pub max_literal: u64,
    /// Longest message, lines and literals together.
    pub max_message: usize,
    /// Deepest nesting of parentheses (BODYSTRUCTURE, body extensions, SEARCH keys,
    /// THREAD responses).
    pub max_depth: usize,
    /// Tolerances.
    pub lenient: Lenient,
}

impl Default for ParseOptions {
    /// Client-side defaults: generous limits for FETCH bodies, every tolerance on.
    fn default() -> Self {
        ParseOptions {
            max_line: 1 << 20,
            max_literal: 1 << 30,
            max_message: 1 << 30,
            max_depth: 64,
            lenient: Lenient::default(),
        }
    }
}

impl ParseOptions {
    /// The pure grammar with the default limits.
    pub fn strict() -> Self {
        ParseOptions {
            lenient: Lenient::strict(),
            ..ParseOptions::default()
        }
    }

    /// Server-side defaults: smaller limits (8 KiB lines, 64 MiB literals and
    /// messages), strict grammar.
    pub fn server() -> Self {
        ParseOptions {
            max_line: 8192,
            max_literal: 64 << 20,
            max_message: 64 << 20,
            max_depth: 32,
            lenient: Lenient::strict(),
        }
    }
}

/// A parser error: where in the input it happened and why.
#[derive(Debug)]
pub(crate) struct PErr<'a> {
    pub rest: &'a [u8],
    pub kind: DecodeErrorKind,
}

impl<'a> nom::error::ParseError<&'a [u8]> for PErr<'a> {
    fn from_error_kind(input: &'a [u8], _kind: nom::error::ErrorKind) -> Self {
        PErr {
            rest: input,
            kind: DecodeErrorKind::Syntax("valid syntax"),
        }
    }
    fn append(_input: &'a [u8], _kind: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

/// The result of every rule parser.
pub(crate) type PResult<'a, T> = IResult<&'a [u8], T, PErr<'a>>;

/// A recoverable error saying what was expected.
pub(crate) fn expected<'a, T>(rest: &'a [u8], what: &'static str) -> PResult<'a, T> {
    Err(nom::Err::Error(PErr {
        rest,
        kind: DecodeErrorKind::Syntax(what),
    }))
}

/// A failure that stops all alternatives.
pub(crate) fn fail<T>(rest: &[u8], kind: DecodeErrorKind) -> PResult<'_, T> {
    Err(nom::Err::Failure(PErr { rest, kind }))
}

/// What the rule parsers share: the options and the current nesting depth.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cx<'o> {
    pub opts: &'o ParseOptions,
    /// `u32` so that the context stays two words, passed in registers by every rule.
    pub depth: u32,
    /// A line may end in a bare `LF`: [`Lenient::lf_line_ends`] when reading a
    /// response, never when reading a command (commands are held to `CRLF`).
    pub lf_line_ends: bool,
}

impl<'o> Cx<'o> {
    /// The context for reading a response (or a piece of one) under `opts`.
    pub fn new(opts: &'o ParseOptions) -> Self {
        Cx::message(opts, false)
    }

    /// The context for reading a command (`is_command`) or a response under `opts`.
    pub fn message(opts: &'o ParseOptions, is_command: bool) -> Self {
        Cx {
            opts,
            depth: 0,
            lf_line_ends: opts.lenient.lf_line_ends && !is_command,
        }
    }

    pub fn lenient(&self) -> &Lenient {
        &self.opts.lenient
    }

    /// One level deeper, or a failure past the limit.
    pub fn deeper<'a>(&self, at: &'a [u8]) -> Result<Cx<'o>, nom::Err<PErr<'a>>> {
        if self.depth as usize >= self.opts.max_depth {
            return Err(nom::Err::Failure(PErr {
                rest: at,
                kind: DecodeErrorKind::TooDeep {
                    limit: self.opts.max_depth,
                },
            }));
        }
        Ok(Cx {
            depth: self.depth.saturating_add(1),
            ..*self
        })
    }
}

/// Decodes one message at the start of `input` with `rule`.
///
/// The fast path serves the common message, one line that fits the limits and does
/// not end in a literal announcement: `rule` runs on that line alone (so it can never
/// look past the end the framing scanner would give the message, not even to backtrack
/// from there) and its value is kept when it uses the whole line. Anything else, a
/// message with literals, a partial line, an error, takes [`decode_message_general`],
/// whose answer is the reference; the fuzz targets and a property test hold the two
/// equal.
pub(crate) fn decode_message<'a, T>(
    input: &'a [u8],
    opts: &ParseOptions,
    is_command: bool,
    rule: impl Fn(&'a [u8], Cx<'_>) -> PResult<'a, T>,
) -> Decoded<T, DecodeError> {
    if let Some(end) = single_line_end(input, opts) {
        if let Ok(([], value)) = rule(&input[..end], Cx::message(opts, is_command)) {
            return Decoded::complete(value, end);
        }
    }
    decode_message_general(input, opts, is_command, rule)
}

/// The end of the first line of `input` (after its `CRLF`) if the framing scanner ends
/// the message there: the line fits the limits and announces no literal.
fn single_line_end(input: &[u8], opts: &ParseOptions) -> Option<usize> {
    let lf = memchr::memchr(b'\n', input)?;
    let end = lf + 1;
    (lf >= 1
        && input[lf - 1] == b'\r'
        && end <= opts.max_line
        && end <= opts.max_message
        && crate::framing::literal_at_end(&input[..lf - 1]).is_none())
    .then_some(end)
}

/// Frames one message at the start of `input`, then runs `rule` over it, which must
/// use the whole message: the reference for [`decode_message`].
pub(crate) fn decode_message_general<'a, T>(
    input: &'a [u8],
    opts: &ParseOptions,
    is_command: bool,
    rule: impl FnOnce(&'a [u8], Cx<'_>) -> PResult<'a, T>,
) -> Decoded<T, DecodeError> {
    let mut scanner = Scanner::new(is_command);
    let end = loop {
        match scanner.scan(input, &opts.into()) {
            Scan::Complete(end) => break end,
            Scan::Announced(_) => continue,
            Scan::NeedMore => {
                return match scanner.pending_literal() {
                    Some(a) => Decoded::LiteralAnnounced(a),
                    None => Decoded::Incomplete,
                };
            }
            Scan::Error { kind, offset } => {
                return Decoded::Failed(DecodeError::new(kind, input, offset));
            }
        }
    };
    let message = &input[..end];
    match rule(message, Cx::message(opts, is_command)) {
        Ok(([], value)) => Decoded::complete(value, end),
        Ok((rest, _)) => Decoded::Failed(DecodeError::new(
            DecodeErrorKind::Syntax("end of message"),
            input,
            end - rest.len(),
        )),
        Err(nom::Err::Incomplete(_)) => Decoded::Failed(DecodeError::new(
            DecodeErrorKind::Syntax("a complete message"),
            input,
            end,
        )),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
            Decoded::Failed(DecodeError::new(e.kind, input, end - e.rest.len()))
        }
    }
}

/// The reference decoders: frame the whole message with the scanner first, then parse
/// it. The public entry points give the same answers faster (they parse first and
/// frame only where a message has literals); the fuzz targets and property tests
/// compare the two. Not part of the stable API.
#[doc(hidden)]
pub mod reference {
    use mail_proto_core::Decoded;

    use super::{ParseOptions, decode_message_general};
    use crate::error::DecodeError;
    use crate::types::{Command, Greeting, Response};

    /// [`parse_response_with`](super::parse_response_with), scanner first.
    pub fn parse_response_with<'a>(
        input: &'a [u8],
        opts: &ParseOptions,
    ) -> Decoded<Response<'a>, DecodeError> {
        decode_message_general(input, opts, false, super::response::response)
    }

    /// [`parse_greeting_with`](super::parse_greeting_with), scanner first.
    pub fn parse_greeting_with<'a>(
        input: &'a [u8],
        opts: &ParseOptions,
    ) -> Decoded<Greeting<'a>, DecodeError> {
        decode_message_general(input, opts, false, super::response::greeting)
    }

    /// [`parse_command_with`](super::parse_command_with), scanner first.
    pub fn parse_command_with<'a>(
        input: &'a [u8],
        opts: &ParseOptions,
    ) -> Decoded<Command<'a>, DecodeError> {
        decode_message_general(input, opts, true, super::command::command)
    }
}

/// A name upper-cased on the stack, for matching keywords without allocating; a name
/// longer than the buffer reads as `""`, which matches no keyword.
pub(crate) struct Upper {
    buf: [u8; 32],
    len: usize,
}

impl Upper {
    pub(crate) fn new(name: &str) -> Self {
        let mut buf = [0u8; 32];
        let len = match buf.get_mut(..name.len()) {
            Some(b) => {
                b.copy_from_slice(name.as_bytes());
                b.make_ascii_uppercase();
                name.len()
            }
            None => 0,
        };
        Upper { buf, len }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    pub(crate) fn as_str(&self) -> &str {
        // upper-casing ASCII bytes keeps UTF-8 valid; the fallback is unreachable
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

#[cfg(test)]
mod cx_layout {
    /// Every rule takes the context by value: two words, passed in registers.
    #[test]
    fn the_parse_context_is_two_words() {
        assert_eq!(
            std::mem::size_of::<super::Cx<'static>>(),
            2 * std::mem::size_of::<usize>()
        );
    }
}
