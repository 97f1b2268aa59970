//! Commands in the strict form: upper-case keyword, single spaces, `CRLF`.

use bytes::BufMut;

use crate::types::Command;

/// Appends `command` and its `CRLF` (RFC 1939 §3).
pub fn encode_command(command: &Command<'_>, out: &mut impl BufMut) {
    out.put_slice(command.keyword().as_bytes());
    let mut arg = |s: &str| {
        out.put_u8(b' ');
        out.put_slice(s.as_bytes());
    };
    match command {
        Command::User(name) => arg(name.as_str()),
        Command::Pass(p) => arg(p.secret().expose()),
        Command::Apop { name, digest } => {
            arg(name.as_str());
            arg(digest.as_hex());
        }
        Command::List(Some(n)) | Command::Uidl(Some(n)) | Command::Retr(n) | Command::Dele(n) => {
            arg(&n.to_string())
        }
        Command::Top { msg, lines } => {
            arg(&msg.to_string());
            arg(&lines.to_string());
        }
        Command::Auth {
            mechanism,
            initial_response,
        } => {
            arg(mechanism.as_str());
            if let Some(ir) = initial_response {
                arg(ir.as_str());
            }
        }
        Command::Lang(Some(tag)) => arg(tag.as_str()),
        Command::Unknown(u) => {
            if let Some(args) = u.args() {
                arg(args.as_str())
            }
        }
        _ => {}
    }
    out.put_slice(b"\r\n");
}
