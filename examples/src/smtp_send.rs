//! `mail-client smtp`: one message streamed from a reader to an SMTP server through
//! the `smtp-proto` client machine (DATA with streaming dot-stuffing, or BDAT chunks),
//! with QUIT pipelined after the final dot where the server offers PIPELINING.

use std::io::Read;
use std::net::TcpStream;
use std::time::Instant;

use bytes::Bytes;
use smtp_proto::client::{Client, ClientConfig, Envelope, Event};
use smtp_proto::{Body, Credentials, Domain, ForwardPath, Mailbox, Mechanism, ReversePath};

use crate::net::{Input, read_ready, read_until, write_all};

/// How much of the message is read and handed to the client machine at a time.
const CHUNK: usize = 64 * 1024;

/// What `mail-client smtp` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct SendOptions {
    /// The server's address.
    pub server: String,
    /// MAIL FROM (empty for the null path).
    pub from: String,
    /// RCPT TO, in order.
    pub to: Vec<String>,
    /// AUTH user name, used when the server offers AUTH.
    pub user: Option<String>,
    /// AUTH password.
    pub pass: Option<String>,
}

fn envelope(a: &SendOptions) -> Result<Envelope, String> {
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

/// Sends the message read from `message` and ends the session; `Ok` only if every
/// recipient was accepted and the message was queued, otherwise the server's reply.
pub fn send(a: &SendOptions, mut message: impl Read) -> Result<(), String> {
    let mut envelope = Some(envelope(a)?);
    let mut stream = TcpStream::connect(&a.server)
        .map_err(|e| format!("cannot connect to {}: {e}", a.server))?;
    let hello = Domain::name("localhost").map_err(|e| e.to_string())?;
    let mut config = ClientConfig::new(hello);
    // BDAT chunks (RFC 3030) where the server offers CHUNKING, DATA elsewhere
    config.prefer_bdat = true;
    let mut client = Client::new(config, Instant::now());
    let mut streaming = false;
    let mut refused = Vec::new();
    let mut queued = false;
    let mut buf = vec![0u8; 16 * 1024];
    let mut broken: Option<String> = None;
    // the server's reply that failed the message
    let mut failure: Option<String> = None;
    loop {
        while let Some(event) = client.poll_event() {
            match event.map_err(|e| format!("smtp: {e}"))? {
                Event::Ready(ehlo) => {
                    let login = a.user.as_deref().zip(a.pass.as_deref());
                    if login.is_some() && ehlo.capabilities.auth.is_empty() {
                        // asked to log in: sending without would pass for a login
                        return Err("the server offers no AUTH".into());
                    }
                    if let Some((user, pass)) = login {
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
                        failure = Some(reply.to_string());
                    }
                    let _ = client.quit();
                }
                Event::MailRejected(r) | Event::Rejected(r) => return Err(format!("{r}")),
                Event::TransactionFailed(r) => {
                    // the machine drops the rest of the body (wants_body turns false),
                    // but QUIT waits until the body is ended: end it here
                    if std::mem::take(&mut streaming) {
                        client.finish_body().map_err(|e| e.to_string())?;
                    }
                    let _ = client.quit();
                    if let Some(r) = r {
                        failure.get_or_insert(r.to_string());
                    }
                }
                _ => {}
            }
        }
        if broken.is_none() {
            if let Err(e) = write_all(&mut stream, || client.poll_transmit(Instant::now())) {
                // the server closed on us (a refusal mid-body, a 421): what it said
                // before closing is still to be read, and is the error to report
                broken = Some(e.to_string());
                streaming = false;
            }
        } else {
            while client.poll_transmit(Instant::now()).is_some() {}
        }
        // feed the body while the client wants more; block on the socket only when not
        if streaming && client.wants_body() {
            // a reply that came while streaming (552 too big, 554 no recipients) goes
            // into the machine before the next chunk, which it then no longer wants
            match read_ready(&mut stream, &mut buf).map_err(|e| e.to_string())? {
                Input::Bytes(n) => {
                    client
                        .handle_input(Instant::now(), &buf[..n])
                        .map_err(|e| format!("smtp: {e}"))?;
                    continue;
                }
                Input::Closed => break,
                Input::Timeout => {}
            }
            // read straight into the block the client machine gets (no second copy);
            // read_to_end fills it without zeroing it first
            let mut chunk = Vec::with_capacity(CHUNK);
            let n = (&mut message)
                .take(CHUNK as u64)
                .read_to_end(&mut chunk)
                .map_err(|e| format!("reading the message: {e}"))?;
            if n == 0 {
                client.finish_body().map_err(|e| e.to_string())?;
                streaming = false;
                // one message per session: QUIT goes out behind the final dot (or
                // BDAT LAST) when the server offers PIPELINING, else after its reply
                client.quit().map_err(|e| e.to_string())?;
            } else {
                client
                    .send_body(Bytes::from(chunk))
                    .map_err(|e| e.to_string())?;
            }
            continue;
        }
        if client.is_closed() {
            break;
        }
        let got = read_until(&mut stream, &mut buf, client.poll_timeout());
        match got {
            Ok(Input::Bytes(n)) => client
                .handle_input(Instant::now(), &buf[..n])
                .map_err(|e| format!("smtp: {e}"))?,
            Ok(Input::Timeout) => client.handle_timeout(Instant::now()),
            Ok(Input::Closed) => break,
            // a reset after a failed write: everything readable has been read
            Err(_) if broken.is_some() => break,
            Err(e) => return Err(e.to_string()),
        }
    }
    // the first reason that explains the failure best: every recipient refused, the
    // server's reply to the message, a connection the server closed
    match (queued, failure, broken) {
        (true, _, _) if refused.is_empty() => Ok(()),
        (true, _, _) => Err(format!(
            "{} of {} recipients refused",
            refused.len(),
            a.to.len()
        )),
        (false, ..) if refused.len() == a.to.len() => Err(format!(
            "the message was not queued: all {} recipients refused",
            a.to.len()
        )),
        (false, Some(reply), _) => Err(format!("the message was not queued: {reply}")),
        (false, None, Some(e)) => Err(format!("the server closed the connection ({e})")),
        (false, None, None) => Err("the message was not queued".into()),
    }
}
