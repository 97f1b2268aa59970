//! What the command parser accepts: line limits and named tolerances.

use super::LineLimits;
use crate::types::Capabilities;

/// Limits and named tolerances for parsing commands.
///
/// The defaults accept what the leading servers accept by default (Postfix, Exim):
/// a HELO/EHLO name outside the grammar (`EHLO msg_1.eml` from curl, `EHLO
/// DESKTOP_7F3` from Windows), and the bracketless `MAIL From: me@example.com` of the
/// Exim seed session 000. [`CommandOptions::strict`] is the pure RFC 5321 grammar;
/// each tolerance is a named switch. Line limits are RFC 5321 §4.5.3.1.4's 512; a
/// server that offers extensions should lengthen the MAIL and RCPT limits with
/// [`CommandOptions::with_line_limits`] and [`LineLimits::for_capabilities`].
///
/// ```
/// use smtp_proto::{CommandOptions, parse_command_with};
/// let curl = b"EHLO msg_1.eml\r\n";
/// assert!(parse_command_with(curl, &CommandOptions::default()).is_complete());
/// assert!(!parse_command_with(curl, &CommandOptions::strict()).is_complete());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommandOptions {
    /// Longest command line, `CRLF` included, for commands without a limit of their
    /// own (RFC 5321 §4.5.3.1.4: 512).
    pub max_line_len: usize,
    /// Longest MAIL line: 512 plus what the offered extensions add (RFC 5321
    /// §4.5.3.1.4); see [`LineLimits`].
    pub max_mail_line_len: usize,
    /// Longest RCPT line: 512 plus what the offered extensions add (DSN's ORCPT may
    /// be 500 octets); see [`LineLimits`].
    pub max_rcpt_line_len: usize,
    /// Longest AUTH command line, which can carry an OAuth token as initial response
    /// (RFC 4954 §4 asks for 12288).
    pub max_auth_line_len: usize,
    /// Accept a line ending in a bare `LF`. Off by default: a bare `LF` is how SMTP
    /// smuggling starts.
    pub allow_bare_lf: bool,
    /// Accept spaces between `FROM:`/`TO:` and the path (`MAIL FROM: <a@b>`), as
    /// Postfix, Exim and Exchange do. On by default.
    pub allow_space_after_colon: bool,
    /// Accept a path without angle brackets (`MAIL From: me@example.com`), as Exim
    /// did in the seed session 000. On by default.
    pub allow_unbracketed_path: bool,
    /// Accept `HELO` or `EHLO` without a domain, as Exchange did in seed session 003.
    /// Off by default (Postfix and Exim answer 501).
    pub allow_empty_hello: bool,
    /// Accept any printable word as the HELO/EHLO name, as
    /// [`crate::Domain::Nonstandard`]: curl sends `EHLO msg_1.eml` (the name of the
    /// file it uploads), Windows clients their NetBIOS name (`EHLO DESKTOP_7F3`);
    /// Postfix and Exim take both. On by default.
    pub allow_any_hello_name: bool,
}

impl Default for CommandOptions {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl CommandOptions {
    /// [`CommandOptions::strict`] as a constant.
    const STRICT: CommandOptions = CommandOptions {
        max_line_len: LineLimits::BASE,
        max_mail_line_len: LineLimits::BASE,
        max_rcpt_line_len: LineLimits::BASE,
        max_auth_line_len: 12288,
        allow_bare_lf: false,
        allow_space_after_colon: false,
        allow_unbracketed_path: false,
        allow_empty_hello: false,
        allow_any_hello_name: false,
    };

    /// [`CommandOptions::default`] as a constant, so [`crate::parse_command`] need not
    /// build one per line.
    pub(crate) const DEFAULT: CommandOptions = CommandOptions {
        allow_space_after_colon: true,
        allow_unbracketed_path: true,
        allow_any_hello_name: true,
        ..Self::STRICT
    };

    /// The pure RFC 5321 grammar and limits: every tolerance off.
    pub fn strict() -> Self {
        Self::STRICT
    }

    /// Every tolerance on, bare `LF` and empty HELO included.
    pub fn lenient() -> Self {
        CommandOptions {
            allow_bare_lf: true,
            allow_empty_hello: true,
            ..Self::default()
        }
    }

    /// The default tolerances with the MAIL and RCPT limits of a server offering
    /// `capabilities` (RFC 5321 §4.5.3.1.4).
    pub fn for_capabilities(capabilities: &Capabilities) -> Self {
        Self::default().with_line_limits(LineLimits::for_capabilities(capabilities))
    }

    /// The same options with these MAIL and RCPT limits.
    pub fn with_line_limits(mut self, limits: LineLimits) -> Self {
        self.max_mail_line_len = limits.mail;
        self.max_rcpt_line_len = limits.rcpt;
        self
    }
}
