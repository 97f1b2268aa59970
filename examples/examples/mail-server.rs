//! A loopback mail server on the state machines: SMTP and POP3 over one in-memory
//! store. A message accepted over SMTP for `NAME@<any domain>` lands in NAME's
//! mailbox byte for byte as the client sent it, and is visible at once over POP3.
//!
//! ```text
//! cargo run --release -p examples --example mail-server -- [--smtp ADDR] [--pop3 ADDR] [--user NAME:PASSWORD]...
//!     [--max-message-size BYTES] [--max-connections N] [--max-store-mib N] [--quiet]
//! ```
//!
//! Defaults: `--smtp 127.0.0.1:2525`, `--pop3 127.0.0.1:1110`, one user
//! `alice:secret`. One thread per connection; all protocol work happens in the
//! machines.
//!
//! Memory stays bounded however hostile a peer is: SIZE (`--max-message-size`,
//! 32 MiB) caps one message, each listener serves at most `--max-connections`
//! (1024) at once and tells the next one `421 4.3.2` or `-ERR [SYS/TEMP]`, and the
//! store holds at most `--max-store-mib` (1024) MiB, messages still arriving
//! included: a message that does not fit is dropped as it comes and refused with
//! `452 4.3.1` after its final dot. POP3 DELE gives the space back at QUIT.

use std::net::TcpListener;
use std::process::ExitCode;
use std::thread;

use examples::pop3_session::{self, Pop3Settings};
use examples::smtp_session::{self, SmtpSettings};
use examples::store::{Store, User};

struct Args {
    smtp: String,
    pop3: String,
    users: Vec<User>,
    max_message_size: u64,
    max_connections: usize,
    max_store_mib: u64,
    quiet: bool,
}

const USAGE: &str = "\
usage: mail-server [--smtp ADDR] [--pop3 ADDR] [--user NAME:PASSWORD]...
                   [--max-message-size BYTES] [--max-connections N] [--max-store-mib N] [--quiet]
  --smtp ADDR                SMTP listener (default 127.0.0.1:2525)
  --pop3 ADDR                POP3 listener (default 127.0.0.1:1110)
  --user NAME:PASSWORD       a user, repeatable (default alice:secret)
  --max-message-size BYTES   the SIZE limit on one message (default 33554432, 32 MiB)
  --max-connections N        connections served at once per listener (default 1024)
  --max-store-mib N          MiB the store holds, messages in flight included (default 1024)
  --quiet                    no log lines but the listening ones";

/// What the command line asks for: a server to run, or the usage.
enum Parsed {
    Run(Args),
    Help,
}

fn parse_args() -> Result<Parsed, String> {
    let mut args = Args {
        smtp: "127.0.0.1:2525".into(),
        pop3: "127.0.0.1:1110".into(),
        users: Vec::new(),
        max_message_size: SmtpSettings::default().max_message_size,
        max_connections: 1024,
        max_store_mib: 1024,
        quiet: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--smtp" => args.smtp = value()?,
            "--pop3" => args.pop3 = value()?,
            "--user" => {
                let spec = value()?;
                args.users.push(
                    User::parse(&spec).ok_or(format!("--user {spec}: expected NAME:PASSWORD"))?,
                );
            }
            "--max-message-size" => args.max_message_size = number(&flag, &value()?)?,
            "--max-connections" => args.max_connections = number(&flag, &value()?)?,
            "--max-store-mib" => args.max_store_mib = number(&flag, &value()?)?,
            "--quiet" => args.quiet = true,
            "--help" | "-h" => return Ok(Parsed::Help),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.users.is_empty() {
        args.users.push(User {
            name: "alice".into(),
            password: "secret".into(),
        });
    }
    Ok(Parsed::Run(args))
}

/// A positive number for `flag`.
fn number<T: std::str::FromStr + Default + PartialEq>(
    flag: &str,
    value: &str,
) -> Result<T, String> {
    match value.parse::<T>() {
        Ok(n) if n != T::default() => Ok(n),
        _ => Err(format!("{flag} {value}: expected a positive number")),
    }
}

/// Binds `addr` and prints `NAME listening on ADDR` with the real port.
fn bind(name: &str, addr: &str) -> Result<TcpListener, String> {
    let listener = TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_else(|_| addr.to_string());
    println!("{name} listening on {local}");
    Ok(listener)
}

/// The soft limit on open files (Linux: `/proc/self/limits`), if it can be read.
fn open_file_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// Connections each of the two listeners may hold so that every connection past the
/// limit can still be accepted and told so (`421 4.3.2`, `-ERR [SYS/TEMP]`): the file
/// descriptors the process may open, less a reserve for the listeners, the standard
/// streams and the one a refused connection takes, shared by the two.
fn connection_budget(asked: usize, limit: Option<usize>) -> usize {
    match limit {
        Some(files) => asked.min((files.saturating_sub(16) / 2).max(1)),
        None => asked,
    }
}

fn run(mut args: Args) -> Result<(), String> {
    let store = Store::with_limit(args.users, args.max_store_mib.saturating_mul(1 << 20));
    let log = !args.quiet;
    let budget = connection_budget(args.max_connections, open_file_limit());
    if budget < args.max_connections {
        eprintln!(
            "mail-server: max connections per listener {budget}, not {}: the process may open {} files",
            args.max_connections,
            open_file_limit().unwrap_or(0)
        );
        args.max_connections = budget;
    }
    let smtp = bind("smtp", &args.smtp)?;
    let pop3 = bind("pop3", &args.pop3)?;
    let smtp_store = store.clone();
    let smtp_settings = SmtpSettings {
        max_message_size: args.max_message_size,
        max_connections: args.max_connections,
        ..SmtpSettings::default()
    };
    let pop3_settings = Pop3Settings {
        max_connections: args.max_connections,
        ..Pop3Settings::default()
    };
    let smtp = thread::spawn(move || smtp_session::listen(smtp, smtp_store, smtp_settings, log));
    pop3_session::listen(pop3, store, pop3_settings, log);
    let _ = smtp.join();
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Parsed::Run(a)) => a,
        Ok(Parsed::Help) => {
            // a reader that stops early (`| head`, `| grep -q`) is not an error
            use std::io::Write as _;
            let _ = writeln!(std::io::stdout(), "{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("mail-server: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mail-server: {e}");
            ExitCode::FAILURE
        }
    }
}
