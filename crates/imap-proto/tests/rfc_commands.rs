//! Every client command in the examples of RFC 3501, RFC 9051 and the IMAP
//! extension RFCs decodes with the strict server options and round-trips.

use std::path::PathBuf;

use imap_proto::{
    Command, Decoded, EncodeOptions, LiteralMode, ParseOptions, encode_command, parse_command_with,
};

const RFCS: &[&str] = &[
    "rfc3501.txt",
    "rfc9051.txt",
    "rfc2177.txt",
    "rfc2342.txt",
    "rfc2971.txt",
    "rfc3516.txt",
    "rfc4314.txt",
    "rfc4315.txt",
    "rfc4466.txt",
    "rfc4731.txt",
    "rfc4959.txt",
    "rfc4978.txt",
    "rfc5161.txt",
    "rfc5256.txt",
    "rfc5258.txt",
    "rfc5464.txt",
    "rfc5530.txt",
    "rfc6154.txt",
    "rfc6851.txt",
    "rfc6855.txt",
    "rfc7162.txt",
    "rfc7888.txt",
    "rfc8438.txt",
    "rfc8474.txt",
    "rfc9208.txt",
];

/// Lines of RFC examples that are not commands of this grammar, with the reason.
const NOT_COMMANDS: &[(&str, &str)] = &[
    (
        "A044 BLURDYBLOOP {102856}",
        "the server refuses the command before the literal is sent",
    ),
    ("A006 SELECT TargetMailbox ...", "an elided example"),
    ("A01 AUTHENTICATE PLAIN (note", "prose in the example"),
    ("A01 AUTHENTICATE EXTERNAL (note", "prose in the example"),
    (
        "a SETMETADATA INBOX (/private/comment {33}",
        "the example's literal payload lines carry no C: prefix",
    ),
    (
        "5 append inbox \"20-Mar-2018 03:07:37 +1100\" {733}",
        "the example elides the message with [...]",
    ),
];

fn rfc_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/rfc")
}

/// The client lines of one RFC: each `C:` line, a literal's payload lines joined to
/// the command that announced it.
fn client_messages(text: &str) -> Vec<(usize, Vec<u8>)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        let Some(rest) = lines[k].trim_start().strip_prefix("C: ") else {
            k += 1;
            continue;
        };
        let start = k;
        let indent = indent_of(lines[k]);
        let mut msg = rest.trim_end().as_bytes().to_vec();
        k += 1;
        // a command the RFC wrapped: more-indented lines that are not S: or C:
        while k < lines.len() {
            let next = lines[k].trim();
            if indent_of(lines[k]) <= indent
                || next.is_empty()
                || next.starts_with("S:")
                || next.starts_with("C:")
            {
                break;
            }
            if !msg.ends_with(b",") {
                msg.push(b' ');
            }
            msg.extend_from_slice(next.as_bytes());
            k += 1;
        }
        msg.extend_from_slice(b"\r\n");
        // a literal announced at the end: its payload follows on the next C: lines
        while let Some(n) = literal_at_end(&msg) {
            let mut payload = Vec::new();
            while payload.len() < n && k < lines.len() {
                if let Some(p) = lines[k].trim_start().strip_prefix("C: ") {
                    payload.extend_from_slice(p.trim_end().as_bytes());
                    payload.extend_from_slice(b"\r\n");
                } else if lines[k].trim_start() == "C:" {
                    payload.extend_from_slice(b"\r\n");
                }
                k += 1;
            }
            if payload.len() < n {
                break;
            }
            // the rest of the last payload line continues the command
            let tail = payload.split_off(n);
            msg.extend_from_slice(&payload);
            msg.extend_from_slice(&tail);
            if tail.is_empty() {
                msg.extend_from_slice(b"\r\n");
            }
        }
        out.push((start + 1, msg));
    }
    out
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn literal_at_end(msg: &[u8]) -> Option<usize> {
    let m = msg.strip_suffix(b"}\r\n")?;
    let m = m.strip_suffix(b"+").unwrap_or(m);
    let open = m.iter().rposition(|&b| b == b'{')?;
    std::str::from_utf8(&m[open + 1..]).ok()?.parse().ok()
}

fn is_command_line(msg: &[u8]) -> bool {
    // SASL responses, DONE and payload fragments have no `tag SP word`
    let Some(sp) = msg.iter().position(|&b| b == b' ') else {
        return false;
    };
    sp > 0
        && msg[..sp]
            .iter()
            .all(|&b| b.is_ascii_graphic() && b != b'+' && b != b'"' && b != b'(')
        && msg.get(sp + 1).is_some_and(u8::is_ascii_alphabetic)
}

#[test]
fn every_rfc_example_command_decodes_and_round_trips() {
    let opts = ParseOptions::strict();
    let mut failures = Vec::new();
    let mut count = 0;
    for rfc in RFCS {
        let path = rfc_dir().join(rfc);
        let Ok(text) = std::fs::read_to_string(&path) else {
            panic!("missing {}", path.display());
        };
        for (line, msg) in client_messages(&text) {
            if !is_command_line(&msg) {
                continue;
            }
            let shown = String::from_utf8_lossy(&msg).into_owned();
            if NOT_COMMANDS.iter().any(|(l, _)| shown.starts_with(l)) {
                continue;
            }
            count += 1;
            let cmd: Command<'_> = match parse_command_with(&msg, &opts) {
                Decoded::Complete { value, consumed } if consumed == msg.len() => value,
                other => {
                    failures.push(format!("{rfc}:{line}: {shown:?}: {other:?}"));
                    continue;
                }
            };
            for mode in [LiteralMode::Synchronizing, LiteralMode::Plus] {
                let mut wire = Vec::new();
                encode_command(&cmd, &EncodeOptions { literals: mode }, &mut wire).unwrap();
                match parse_command_with(&wire, &opts) {
                    Decoded::Complete { value, .. } if value == cmd => {}
                    other => failures.push(format!(
                        "{rfc}:{line}: re-encoded {:?}: {other:?}",
                        String::from_utf8_lossy(&wire)
                    )),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count}:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count > 250, "only {count} commands found");
}
