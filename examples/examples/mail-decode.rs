//! Decodes one direction of a mail session from standard input with the pure codec
//! and framer of each crate, one line per message:
//!
//! ```text
//! cargo run --release -p examples --example mail-decode -- \
//!     --proto smtp|pop3|imap --from client|server [--strict] [--roundtrip] < STREAM
//! ```
//!
//! Each message prints as `<byte offset> <kind>` (`0 command EHLO`, `0 reply 220`,
//! `417 response FETCH`). `--from server` decodes with the client's lenient defaults
//! and `--from client` with the server's; `--strict` turns every tolerance off;
//! `--roundtrip` re-encodes each message and checks it decodes to the same value. On
//! bad input it prints `error at byte N: <reason>` and exits 1; otherwise it exits 0.
//! What the decoder assumes where one direction alone is ambiguous is in the docs of
//! `examples::decode`.

use std::io::{BufWriter, Read, Write};
use std::process::ExitCode;

use examples::decode::{Options, Proto, Side, decode};

const USAGE: &str = "usage: mail-decode --proto smtp|pop3|imap --from client|server [--strict] [--roundtrip] < STREAM";

fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let (mut proto, mut from, mut strict, mut roundtrip) = (None, None, false, false);
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--proto" => {
                proto = Some(match args.next().as_deref() {
                    Some("smtp") => Proto::Smtp,
                    Some("pop3") => Proto::Pop3,
                    Some("imap") => Proto::Imap,
                    other => return Err(format!("unknown protocol {other:?}")),
                })
            }
            "--from" => {
                from = Some(match args.next().as_deref() {
                    Some("client") => Side::Client,
                    Some("server") => Side::Server,
                    other => return Err(format!("unknown side {other:?}")),
                })
            }
            "--strict" => strict = true,
            "--roundtrip" => roundtrip = true,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Options {
        proto: proto.ok_or("--proto is required")?,
        from: from.ok_or("--from is required")?,
        strict,
        roundtrip,
    })
}

fn main() -> ExitCode {
    let opts = match parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().lock().read_to_end(&mut input) {
        eprintln!("reading standard input: {e}");
        return ExitCode::from(2);
    }
    let stdout = std::io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    let result = decode(&input, &opts, |m| {
        let _ = writeln!(w, "{} {}", m.offset, m.kind);
    });
    let code = match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let _ = writeln!(w, "{failure}");
            ExitCode::FAILURE
        }
    };
    let _ = w.flush();
    code
}
