//! `mail-replay`: a `C:`/`S:` transcript replayed through a client and a server
//! machine at once.
//!
//! Client lines must come out of the client machine, driven through its API (the tool
//! works out the call that produces them), byte for byte; they go into the server
//! machine as bytes. Server lines must come out of the server machine, which the tool
//! answers so that it says them; they go into the client machine as bytes, and the
//! client's events must agree with them. Both machines run on one virtual clock.
//!
//! The transcript format: a line `C: text` or `S: text` is one protocol line (CRLF is
//! added); `C:` or `S:` alone is an empty line; `#` lines and blank lines are
//! ignored. Multi-line replies and bodies are consecutive lines. A `# secret: ...`
//! line gives the APOP shared secret (the digest on the wire cannot be undone).
//!
//! Replies the server machine makes by itself (the 354 to DATA, 221 to QUIT, 250 to
//! RSET and NOOP, 334 SASL prompts, `+OK` to USER, ...) carry the machine's own
//! text: there, the code (or POP3 status) must agree and the text may differ, and the
//! event line says so. The client is always fed the transcript's exact bytes.

mod pop3;
mod smtp;

use std::fmt;
use std::time::{Duration, Instant};

/// Which protocol a transcript speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proto {
    /// SMTP (RFC 5321), transcripts named `*.smtp`.
    Smtp,
    /// POP3 (RFC 1939), transcripts named `*.pop3`.
    Pop3,
}

impl Proto {
    /// `smtp` or `pop3`.
    pub fn parse(name: &str) -> Option<Proto> {
        match name {
            "smtp" => Some(Proto::Smtp),
            "pop3" => Some(Proto::Pop3),
            _ => None,
        }
    }

    /// The protocol's name, also the transcript file extension.
    pub fn name(self) -> &'static str {
        match self {
            Proto::Smtp => "smtp",
            Proto::Pop3 => "pop3",
        }
    }
}

/// Why a replay did not pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplayError {
    /// The command line or the transcript file cannot be used (exit status 2).
    Usage(String),
    /// A machine and the transcript disagree (exit status 1).
    Disagree {
        /// The transcript line (1-based) where it happened.
        line: usize,
        /// What the transcript says.
        expected: String,
        /// What came out of the machines.
        got: String,
    },
}

impl ReplayError {
    /// The process exit status for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            ReplayError::Usage(_) => 2,
            ReplayError::Disagree { .. } => 1,
        }
    }
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Usage(m) => write!(f, "{m}"),
            ReplayError::Disagree {
                line,
                expected,
                got,
            } => write!(
                f,
                "line {line}: disagreement\n  expected: {expected}\n  got:      {got}"
            ),
        }
    }
}

/// Shorthand for a disagreement.
pub(crate) fn disagree(
    line: usize,
    expected: impl Into<String>,
    got: impl Into<String>,
) -> ReplayError {
    ReplayError::Disagree {
        line,
        expected: expected.into(),
        got: got.into(),
    }
}

/// Who says a transcript line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Client,
    Server,
}

/// One protocol line of a transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    /// 1-based line number in the file.
    pub(crate) no: usize,
    pub(crate) side: Side,
    /// The line without `C: ` and without CRLF.
    pub(crate) text: String,
}

/// The protocol lines of a transcript, in order.
pub(crate) fn parse_transcript(text: &str) -> Result<Vec<Line>, ReplayError> {
    let mut lines = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let no = i + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let (side, rest) = if let Some(rest) = raw.strip_prefix("C:") {
            (Side::Client, rest)
        } else if let Some(rest) = raw.strip_prefix("S:") {
            (Side::Server, rest)
        } else {
            return Err(ReplayError::Usage(format!(
                "line {no}: not a `C:`, `S:`, `#` or blank line: {raw:?}"
            )));
        };
        let text = match rest.strip_prefix(' ') {
            Some(t) => t,
            None if rest.is_empty() => "",
            None => {
                return Err(ReplayError::Usage(format!(
                    "line {no}: `C:`/`S:` must be followed by a space or nothing"
                )));
            }
        };
        lines.push(Line {
            no,
            side,
            text: text.to_string(),
        });
    }
    if lines.is_empty() {
        return Err(ReplayError::Usage(
            "the transcript has no C: or S: line".into(),
        ));
    }
    Ok(lines)
}

/// The one clock both machines run on: a fixed start, advanced by small steps.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    now: Instant,
}

impl Clock {
    pub(crate) fn new() -> Self {
        Clock {
            now: Instant::now(),
        }
    }

    /// The current virtual time.
    pub(crate) fn now(&self) -> Instant {
        self.now
    }

    /// One step on: 10 ms, far below every protocol timeout.
    pub(crate) fn tick(&mut self) -> Instant {
        self.now += Duration::from_millis(10);
        self.now
    }
}

/// Lines as the transcript would show them: `\r\n` split, escaped for display.
pub(crate) fn show(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.trim_end_matches("\r\n")
        .split("\r\n")
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Takes every complete CRLF line from the front of `buf`, without its CRLF.
pub(crate) fn take_lines(buf: &mut Vec<u8>) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(i) = memchr::memmem::find(&buf[start..], b"\r\n") {
        out.push(buf[start..start + i].to_vec());
        start += i + 2;
    }
    buf.drain(..start);
    out
}

/// The shared secret of a `# secret: ...` line (for APOP, whose digest cannot be
/// undone).
fn secret(transcript: &str) -> Option<&str> {
    transcript
        .lines()
        .find_map(|l| l.strip_prefix("# secret: "))
        .map(str::trim_end)
}

/// Replays `transcript` as `proto`, calling `log` with one line per event. `Ok` with
/// the number of transcript lines replayed when every step was accepted and both
/// machines agree with the transcript.
pub fn replay(
    proto: Proto,
    transcript: &str,
    log: &mut dyn FnMut(&str),
) -> Result<usize, ReplayError> {
    let lines = parse_transcript(transcript)?;
    match proto {
        Proto::Smtp => smtp::replay(&lines, log),
        Proto::Pop3 => pop3::replay(&lines, secret(transcript), log),
    }?;
    Ok(lines.len())
}

/// Reads `path` and replays it; `--proto` must match the file's extension when it
/// is `.smtp` or `.pop3`.
pub fn replay_file(
    proto: Proto,
    path: &std::path::Path,
    log: &mut dyn FnMut(&str),
) -> Result<usize, ReplayError> {
    let ext = path.extension().and_then(|e| e.to_str());
    if let Some(other) = ext.and_then(Proto::parse) {
        if other != proto {
            return Err(ReplayError::Usage(format!(
                "--proto {} but {} is a .{} transcript",
                proto.name(),
                path.display(),
                other.name()
            )));
        }
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| ReplayError::Usage(format!("cannot read {}: {e}", path.display())))?;
    replay(proto, &text, log)
}

/// Credentials that make a client machine send what the transcript shows for `AUTH
/// mechanism [initial_response]` at line `no`; `after` are the client lines that
/// follow it (the responses to the server's challenges).
fn sasl_credentials(
    no: usize,
    mechanism: &str,
    initial_response: Option<String>,
    mut after: impl Iterator<Item = String>,
) -> Result<mail_proto_core::sasl::Credentials, ReplayError> {
    use mail_proto_core::sasl::{Credentials, decode_base64};
    let decode = |text: &str| -> Result<String, ReplayError> {
        let raw = decode_base64(text.as_bytes())
            .map_err(|e| disagree(no, "base64 SASL data", format!("{e}")))?;
        String::from_utf8(raw).map_err(|_| disagree(no, "UTF-8 SASL data", text.to_string()))
    };
    match mechanism {
        "PLAIN" => {
            let ir = match initial_response {
                Some(ir) => ir,
                None => after.next().unwrap_or_default(),
            };
            let message = decode(&ir)?;
            let mut parts = message.splitn(3, '\0');
            let (authzid, authcid, password) = (parts.next(), parts.next(), parts.next());
            match (authzid, authcid, password) {
                (Some(z), Some(c), Some(p)) => Ok(Credentials::Plain {
                    authzid: (!z.is_empty()).then(|| z.to_string()),
                    authcid: c.to_string(),
                    password: p.into(),
                }),
                _ => Err(disagree(no, "authzid NUL authcid NUL password", message)),
            }
        }
        "LOGIN" => {
            let mut next = || after.next().unwrap_or_default();
            let user = decode(&next())?;
            let password = decode(&next())?;
            Ok(Credentials::Login {
                user,
                password: password.into(),
            })
        }
        "EXTERNAL" => Ok(Credentials::External {
            authzid: match initial_response.as_deref() {
                None | Some("=") => None,
                Some(ir) => Some(decode(ir)?),
            },
        }),
        other => Err(disagree(
            no,
            format!("AUTH {other}"),
            "the replay cannot work out credentials for this mechanism",
        )),
    }
}
