//! A loopback mail server on the state machines: SMTP (and POP3 once `pop3-proto`
//! lands) over one in-memory store. A message accepted over SMTP for `NAME@<any
//! domain>` lands in NAME's mailbox byte for byte as the client sent it.
//!
//! ```text
//! cargo run --release -p examples --example mail-server -- [--smtp ADDR] [--user NAME:PASSWORD]...
//! ```
//!
//! Defaults: `--smtp 127.0.0.1:2525`, one user `alice:secret`. One thread per
//! connection; all protocol work happens in the machines.

use std::net::TcpListener;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use examples::smtp_session::{self, SmtpSettings};
use examples::store::{Store, User};

struct Args {
    smtp: String,
    users: Vec<User>,
    quiet: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        smtp: "127.0.0.1:2525".into(),
        users: Vec::new(),
        quiet: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--smtp" => args.smtp = value()?,
            "--user" => {
                let spec = value()?;
                args.users.push(
                    User::parse(&spec).ok_or(format!("--user {spec}: expected NAME:PASSWORD"))?,
                );
            }
            "--quiet" => args.quiet = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.users.is_empty() {
        args.users.push(User {
            name: "alice".into(),
            password: "secret".into(),
        });
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("mail-server: {e}");
            return ExitCode::from(2);
        }
    };
    let store = Store::new(args.users);
    let listener = match TcpListener::bind(&args.smtp) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("mail-server: cannot listen on {}: {e}", args.smtp);
            return ExitCode::FAILURE;
        }
    };
    let local = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or(args.smtp);
    println!("smtp listening on {local}");
    let settings = Arc::new(SmtpSettings::default());
    let ids = AtomicU64::new(1);
    let log = !args.quiet;
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let id = ids.fetch_add(1, Ordering::Relaxed);
        let config = smtp_session::server_config(&settings, id);
        let store = store.clone();
        thread::spawn(move || {
            if let Err(e) = smtp_session::serve(stream, store, config, log) {
                if log {
                    println!("smtp connection {id}: {e}");
                }
            }
        });
    }
    ExitCode::SUCCESS
}
