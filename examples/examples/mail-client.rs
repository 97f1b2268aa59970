//! A mail client on the state machines.
//!
//! ```text
//! cargo run --release -p examples --example mail-client -- smtp --server ADDR --from A --to B [--to C]... [--user U --pass P] < message
//! cargo run --release -p examples --example mail-client -- pop3 --server ADDR --user U --pass P [--apop] [--delete] --out DIR
//! ```
//!
//! `smtp` streams the message from standard input (DATA with streaming dot-stuffing,
//! or BDAT chunks), so a message of any size goes through in bounded memory, and
//! pipelines QUIT after the final dot where the server offers PIPELINING. It exits 0
//! only if every recipient was accepted and the message was queued; otherwise it
//! prints the server's reply and exits non-zero.
//!
//! `pop3` logs in (USER/PASS, or APOP with `--apop`), saves each message as
//! `DIR/N.eml` with its exact bytes, deletes them with `--delete` (the server
//! removes them at QUIT, after every file is saved), and on failure prints the
//! server's error reply and exits non-zero, deleting nothing.

use std::io::Read;
use std::net::TcpStream;
use std::process::ExitCode;
use std::time::Instant;

use bytes::Bytes;
use examples::net::{Input, read_until, write_all};
use examples::pop3_fetch::{self, FetchOptions};
use smtp_proto::client::{Client, ClientConfig, Envelope, Event};
use smtp_proto::{Body, Credentials, Domain, ForwardPath, Mailbox, Mechanism, ReversePath};

struct SmtpArgs {
    server: String,
    from: String,
    to: Vec<String>,
    user: Option<String>,
    pass: Option<String>,
}

fn parse_smtp(mut it: impl Iterator<Item = String>) -> Result<SmtpArgs, String> {
    let mut a = SmtpArgs {
        server: String::new(),
        from: String::new(),
        to: Vec::new(),
        user: None,
        pass: None,
    };
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--server" => a.server = value()?,
            "--from" => a.from = value()?,
            "--to" => a.to.push(value()?),
            "--user" => a.user = Some(value()?),
            "--pass" => a.pass = Some(value()?),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if a.server.is_empty() || a.to.is_empty() {
        return Err("smtp needs --server and at least one --to".into());
    }
    Ok(a)
}

fn envelope(a: &SmtpArgs) -> Result<Envelope, String> {
    let from = if a.from.is_empty() {
        ReversePath::Null
    } else {
        let m = Mailbox::parse(&a.from).map_err(|e| format!("--from {}: {e}", a.from))?;
        ReversePath::Mailbox(m.into_owned())
    };
    let mut envelope = Envelope::new(from);
    for to in &a.to {
        let m = Mailbox::parse(to).map_err(|e| format!("--to {to}: {e}"))?;
        envelope = envelope.to(ForwardPath::Mailbox(m.into_owned()));
    }
    Ok(envelope)
}

/// The best mechanism both sides have for a user name and password.
fn credentials(offered: &[Mechanism], user: &str, pass: &str) -> Option<Credentials> {
    let (user, pass) = (user.to_string(), pass.into());
    if offered.contains(&Mechanism::CramMd5) {
        Some(Credentials::CramMd5 {
            user,
            password: pass,
        })
    } else if offered.contains(&Mechanism::Plain) {
        Some(Credentials::Plain {
            authzid: None,
            authcid: user,
            password: pass,
        })
    } else if offered.contains(&Mechanism::Login) {
        Some(Credentials::Login {
            user,
            password: pass,
        })
    } else {
        None
    }
}

fn smtp(a: SmtpArgs) -> Result<(), String> {
    let mut envelope = Some(envelope(&a)?);
    let mut stream = TcpStream::connect(&a.server)
        .map_err(|e| format!("cannot connect to {}: {e}", a.server))?;
    let hello = Domain::name("localhost").map_err(|e| e.to_string())?;
    let mut client = Client::new(ClientConfig::new(hello), Instant::now());
    let mut stdin = std::io::stdin().lock();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut streaming = false;
    let mut refused = Vec::new();
    let mut queued = false;
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        while let Some(event) = client.poll_event() {
            match event.map_err(|e| format!("smtp: {e}"))? {
                Event::Ready(ehlo) => {
                    let login = a.user.as_deref().zip(a.pass.as_deref());
                    if let Some((user, pass)) = login.filter(|_| !ehlo.capabilities.auth.is_empty())
                    {
                        let creds = credentials(&ehlo.capabilities.auth, user, pass)
                            .ok_or("no AUTH mechanism in common")?;
                        client.authenticate(creds).map_err(|e| e.to_string())?;
                    } else if let Some(mut env) = envelope.take() {
                        // a streamed body is not scanned: declare 8BITMIME where offered
                        if ehlo.capabilities.eight_bit_mime {
                            env.params.body = Some(Body::EightBitMime);
                        }
                        client.send_mail(env).map_err(|e| e.to_string())?;
                        streaming = true;
                    }
                }
                Event::Authenticated(_) => {
                    if let Some(mut env) = envelope.take() {
                        if client
                            .capabilities()
                            .is_some_and(|e| e.capabilities.eight_bit_mime)
                        {
                            env.params.body = Some(Body::EightBitMime);
                        }
                        client.send_mail(env).map_err(|e| e.to_string())?;
                        streaming = true;
                    }
                }
                Event::AuthFailed(r) => return Err(format!("{r}")),
                Event::Recipient { index, reply } if !reply.code().is_positive() => {
                    eprintln!("{}: {reply}", a.to[index]);
                    refused.push(index);
                }
                Event::MessageResult { reply, .. } => {
                    if reply.code().is_positive() {
                        queued = true;
                    } else {
                        eprintln!("{reply}");
                    }
                    let _ = client.quit();
                }
                Event::MailRejected(r) | Event::Rejected(r) => return Err(format!("{r}")),
                Event::TransactionFailed(r) => {
                    let _ = client.quit();
                    if let Some(r) = r {
                        eprintln!("{r}");
                    }
                }
                _ => {}
            }
        }
        write_all(&mut stream, || client.poll_transmit(Instant::now()))
            .map_err(|e| e.to_string())?;
        // feed the body while the client wants more; block on the socket only when not
        if streaming && client.wants_body() {
            let n = stdin.read(&mut chunk).map_err(|e| format!("stdin: {e}"))?;
            if n == 0 {
                client.finish_body().map_err(|e| e.to_string())?;
                streaming = false;
            } else {
                client
                    .send_body(Bytes::copy_from_slice(&chunk[..n]))
                    .map_err(|e| e.to_string())?;
            }
            continue;
        }
        if client.is_closed() {
            break;
        }
        match read_until(&mut stream, &mut buf, client.poll_timeout()).map_err(|e| e.to_string())? {
            Input::Bytes(n) => client
                .handle_input(Instant::now(), &buf[..n])
                .map_err(|e| format!("smtp: {e}"))?,
            Input::Timeout => client.handle_timeout(Instant::now()),
            Input::Closed => break,
        }
    }
    if queued && refused.is_empty() {
        Ok(())
    } else if queued {
        Err(format!(
            "{} of {} recipients refused",
            refused.len(),
            a.to.len()
        ))
    } else {
        Err("the message was not queued".into())
    }
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
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--server" => o.server = value()?,
            "--user" => o.user = value()?,
            "--pass" => o.pass = value()?,
            "--out" => o.out = value()?.into(),
            "--apop" => o.apop = true,
            "--delete" => o.delete = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if o.server.is_empty() || o.user.is_empty() || o.out.as_os_str().is_empty() {
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
        Some("smtp") => parse_smtp(args).and_then(smtp),
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
