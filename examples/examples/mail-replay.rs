//! Replays a `C:`/`S:` transcript through a client and a server machine at once.
//!
//! ```text
//! cargo run --release -p examples --example mail-replay -- --proto smtp|pop3 FILE
//! ```
//!
//! Client lines must come out of the client machine (driven through its API) and go
//! into the server machine; server lines must come out of the server machine (its
//! decisions answered to say them) and go into the client machine, whose events must
//! agree. One line is printed per event. Exit status: 0 when every step was accepted
//! and both machines agree with the transcript, 1 at the first disagreement (with
//! the transcript line, what was expected and what came out), 2 on a usage error.
//! The committed transcripts are in `examples/transcripts/`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use examples::replay::{self, Proto};

const USAGE: &str = "usage: mail-replay --proto smtp|pop3 FILE";

fn args() -> Result<(Proto, PathBuf), String> {
    let mut proto = None;
    let mut file = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--proto" => {
                let name = it.next().ok_or("--proto needs a value")?;
                proto = Some(Proto::parse(&name).ok_or(format!("unknown protocol {name}"))?);
            }
            "-h" | "--help" => return Err(String::new()),
            other if other.starts_with('-') => return Err(format!("unknown argument {other}")),
            other if file.is_none() => file = Some(PathBuf::from(other)),
            other => return Err(format!("one transcript only, not also {other}")),
        }
    }
    match (proto, file) {
        (Some(p), Some(f)) => Ok((p, f)),
        _ => Err("--proto and FILE are needed".into()),
    }
}

fn main() -> ExitCode {
    let (proto, file) = match args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("mail-replay: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::stdout().lock();
    // a closed stdout (`| head`) must not turn a verdict into a panic
    let mut log = |line: &str| {
        let _ = writeln!(out, "{line}");
    };
    match replay::replay_file(proto, &file, &mut log) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mail-replay: {}: {e}", file.display());
            ExitCode::from(e.exit_code())
        }
    }
}
