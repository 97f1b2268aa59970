//! One SMTP connection of the mail server: the socket on one side, the
//! `smtp_proto` server machine on the other, the store behind the decisions.

use std::io;
use std::net::{TcpListener, TcpStream};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use bytes::BytesMut;
use smtp_proto::server::{Decision, Event, Server, ServerConfig};
use smtp_proto::{Credentials, ForwardPath, Mechanism, Reply};

use crate::net::{Input, read_until, serve_each, write_all};
use crate::store::Store;

/// What every SMTP connection of the server shares.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    /// The name in the greeting and the EHLO reply.
    pub hostname: String,
    /// The SIZE limit.
    pub max_message_size: u64,
}

impl Default for SmtpSettings {
    fn default() -> Self {
        SmtpSettings {
            hostname: "localhost".into(),
            max_message_size: 32 << 20,
        }
    }
}

/// The machine's configuration for connection number `id`: AUTH PLAIN, LOGIN and
/// CRAM-MD5 (optional, and offered without TLS: this server listens on loopback),
/// with a fresh CRAM-MD5 challenge per connection.
pub fn server_config(settings: &SmtpSettings, id: u64) -> ServerConfig {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let challenge = format!("<{}.{id}.{secs}@{}>", std::process::id(), settings.hostname);
    let mut config = ServerConfig::new(settings.hostname.clone())
        .allow_auth_without_tls()
        .with_max_message_size(settings.max_message_size)
        .with_cram_md5_challenge(challenge);
    config.capabilities.auth = vec![Mechanism::Plain, Mechanism::Login, Mechanism::CramMd5];
    config
}

/// The application's side of one SMTP session: who receives the message being
/// read, and its bytes so far.
struct Session {
    store: Store,
    recipients: Vec<String>,
    body: BytesMut,
    log: bool,
}

impl Session {
    fn decide(&mut self, server: &mut Server, decision: Decision) {
        let answered = match decision {
            Decision::Mail { .. } => {
                self.recipients.clear();
                server.accept()
            }
            Decision::Rcpt { to, .. } => {
                let local = match &to {
                    ForwardPath::Mailbox(m) => m.local_part().to_string(),
                    _ => "postmaster".to_string(),
                };
                match self.store.user(&local) {
                    Some(user) => {
                        self.recipients.push(user.name);
                        server.accept()
                    }
                    None => server.respond(reply(550, (5, 1, 1), "No such user here")),
                }
            }
            Decision::MessageEnd { .. } => {
                let bytes = self.body.split().freeze();
                self.store.deliver(&self.recipients, &bytes);
                if self.log {
                    println!(
                        "smtp delivered {} bytes md5 {} to {}",
                        bytes.len(),
                        md5_hex(&bytes),
                        self.recipients.join(",")
                    );
                }
                self.recipients.clear();
                server.respond(reply(250, (2, 0, 0), "Queued"))
            }
            Decision::Authenticate { credentials } => {
                if self.valid(&credentials) {
                    server.accept()
                } else {
                    server.refuse()
                }
            }
            _ => server.accept(),
        };
        // every answer above fits what was asked; a misfit would be a bug here
        debug_assert!(answered.is_ok(), "{answered:?}");
    }

    fn valid(&self, credentials: &Credentials) -> bool {
        let Some(user) = credentials.user().and_then(|name| self.store.user(name)) else {
            return false;
        };
        match credentials {
            Credentials::CramMd5Response { .. } => credentials.verify_cram_md5(&user.password),
            Credentials::Plain { authzid, .. }
                if authzid.as_deref().is_some_and(|a| a != user.name) =>
            {
                false
            }
            other => other.secret().is_some_and(|s| s.expose() == user.password),
        }
    }

    fn event(&mut self, server: &mut Server, event: Event) {
        match event {
            Event::Decision(decision) => self.decide(server, decision),
            Event::MessageStart { .. } => self.body.clear(),
            Event::BodyChunk(chunk) => self.body.extend_from_slice(&chunk),
            // nothing half-stored: a refused or abandoned message is dropped
            Event::MessageTooBig { .. }
            | Event::MessageRejected { .. }
            | Event::MessageAbandoned => self.body.clear(),
            _ => {}
        }
    }
}

fn reply(code: u16, enhanced: (u8, u16, u16), text: &'static str) -> Reply<'static> {
    Reply::simple(code, Some(enhanced), text).expect("a valid constant reply")
}

/// Serves one connection until QUIT, a timeout, an error limit or the peer leaving.
pub fn serve(
    mut stream: TcpStream,
    store: Store,
    config: ServerConfig,
    log: bool,
) -> io::Result<()> {
    let mut server = Server::new(config, Instant::now());
    let mut session = Session {
        store,
        recipients: Vec::new(),
        body: BytesMut::new(),
        log,
    };
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        write_all(&mut stream, || server.poll_transmit(Instant::now()))?;
        if server.is_closed() {
            return Ok(());
        }
        match read_until(&mut stream, &mut buf, server.poll_timeout())? {
            Input::Bytes(n) => server.handle_input(Instant::now(), &buf[..n]),
            Input::Timeout => server.handle_timeout(Instant::now()),
            Input::Closed => return Ok(()),
        }
        while let Some(event) = server.poll_event() {
            session.event(&mut server, event);
        }
    }
}

/// Accepts connections on `listener` until it fails, one thread each.
pub fn listen(listener: TcpListener, store: Store, settings: SmtpSettings, log: bool) {
    serve_each(listener, "smtp", log, move |stream, id| {
        serve(stream, store.clone(), server_config(&settings, id), log)
    });
}

/// The MD5 of a message, for the delivery log line the interop tests compare.
fn md5_hex(bytes: &[u8]) -> String {
    use md5::Digest as _;
    md5::Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
