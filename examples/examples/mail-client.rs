//! A mail client on the state machines.
//!
//! ```text
//! cargo run --release -p examples --example mail-client -- smtp --server ADDR --from A --to B [--to C]... [--user U --pass P] < message
//! cargo run --release -p examples --example mail-client -- pop3 --server ADDR --user U --pass P [--apop] [--delete] --out DIR
//! ```
//!
//! `smtp` streams the message from standard input (DATA with streaming dot-stuffing,
//! or BDAT chunks where the server offers CHUNKING), so a message of any size goes through in bounded memory, and
//! pipelines QUIT after the final dot where the server offers PIPELINING. It exits 0
//! only if every recipient was accepted and the message was queued; otherwise it
//! prints the server's reply and exits non-zero. Replies that come while the body is
//! still streaming (a 552 over SIZE) are read between chunks and stop it. Bare CR and
//! LF in the message go out as CRLF (RFC 5321 §2.3.8), the client machine's default.
//! With `--user` and `--pass` it logs in (CRAM-MD5, PLAIN or LOGIN, the best the
//! server offers) and fails if the server offers no AUTH; `--from ''` is the null path.
//!
//! `pop3` logs in (USER/PASS, or APOP with `--apop`), saves each message as
//! `DIR/N.eml` with its exact bytes, deletes them with `--delete` (the server
//! removes them at QUIT, after every file is saved), and on failure prints the
//! server's error reply and exits non-zero, deleting nothing.

use std::process::ExitCode;

use examples::pop3_fetch::{self, FetchOptions};
use examples::smtp_send::{self, SendOptions};

fn parse_smtp(mut it: impl Iterator<Item = String>) -> Result<SendOptions, String> {
    let mut a = SendOptions {
        server: String::new(),
        from: String::new(),
        to: Vec::new(),
        user: None,
        pass: None,
    };
    let mut from = None;
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--server" => a.server = value()?,
            "--from" => from = Some(value()?),
            "--to" => a.to.push(value()?),
            "--user" => a.user = Some(value()?),
            "--pass" => a.pass = Some(value()?),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    // `--from ''` is the null reverse path (a bounce); leaving it out is a mistake
    a.from = from.ok_or("smtp needs --from (--from '' for the null path)")?;
    if a.server.is_empty() || a.to.is_empty() {
        return Err("smtp needs --server and at least one --to".into());
    }
    if a.user.is_some() != a.pass.is_some() {
        return Err("--user and --pass go together".into());
    }
    Ok(a)
}

fn parse_pop3(mut it: impl Iterator<Item = String>) -> Result<FetchOptions, String> {
    let mut o = FetchOptions {
        server: String::new(),
        user: String::new(),
        pass: String::new(),
        apop: false,
        delete: false,
        out: Default::default(),
    };
    let mut pass = false;
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--server" => o.server = value()?,
            "--user" => o.user = value()?,
            "--pass" => {
                o.pass = value()?;
                pass = true;
            }
            "--out" => o.out = value()?.into(),
            "--apop" => o.apop = true,
            "--delete" => o.delete = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if o.server.is_empty() || o.user.is_empty() || !pass || o.out.as_os_str().is_empty() {
        return Err("pop3 needs --server, --user, --pass and --out".into());
    }
    Ok(o)
}

fn pop3(o: FetchOptions) -> Result<(), String> {
    let saved = pop3_fetch::fetch(&o)?;
    println!("saved {saved} messages to {}", o.out.display());
    Ok(())
}

const USAGE: &str = "usage: mail-client smtp --server ADDR --from A --to B [--to C]... [--user U --pass P] < message
       mail-client pop3 --server ADDR --user U --pass P [--apop] [--delete] --out DIR";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let result = match args.next().as_deref() {
        Some("smtp") => parse_smtp(args).and_then(|a| smtp_send::send(&a, std::io::stdin().lock())),
        Some("pop3") => parse_pop3(args).and_then(pop3),
        _ => Err(USAGE.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mail-client: {e}");
            ExitCode::FAILURE
        }
    }
}
