//! One SMTP connection of the mail server: the socket on one side, the
//! `smtp_proto` server machine on the other, the store behind the decisions.

use std::io;
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::BytesMut;
use smtp_proto::server::{
    CramMd5Challenge, Decision, Event, Hostname, Server, ServerConfig, Transfer,
};
use smtp_proto::{BareLineEndings, Body, Command, Credentials, ForwardPath, Mechanism, Reply};

use crate::net::{
    ConnectionLimit, Input, LINGER, close_lingering, read_until, serve_each, write_all,
};
use crate::store::{Reservation, Store};

/// What every SMTP connection of the server shares.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    /// The name in the greeting and the EHLO reply.
    pub hostname: Hostname,
    /// The SIZE limit.
    pub max_message_size: u64,
    /// Connections served at once; more are told 421 and closed.
    pub max_connections: usize,
    /// How long a write may block on a client that does not read.
    pub write_timeout: Duration,
}

impl Default for SmtpSettings {
    fn default() -> Self {
        SmtpSettings {
            hostname: Hostname::new("localhost").expect("a valid host name"),
            max_message_size: 32 << 20,
            max_connections: 1024,
            write_timeout: Duration::from_secs(60),
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
    let challenge = CramMd5Challenge::new(challenge)
        .expect("a msg-id on a valid host name is a valid challenge");
    let mut config = ServerConfig::for_hostname(settings.hostname.clone())
        .allow_auth_without_tls()
        .with_max_message_size(settings.max_message_size)
        .with_cram_md5_challenge(challenge);
    config.capabilities.auth = vec![Mechanism::Plain, Mechanism::Login, Mechanism::CramMd5];
    // an in-memory store sends no delivery status notifications: DSN (RFC 3461) is not
    // offered, so no client asks for one it would never get
    config.capabilities.dsn = false;
    // a bare LF or CR in a DATA body (RFC 5321 §2.3.8 forbids them; curl uploads a
    // Unix file as it is) is stored as CRLF: POP3 hands messages out as CRLF lines
    // (RFC 1939 §3), and a dot after a bare LF would read differently to each client
    config.bare_line_endings = BareLineEndings::Normalize;
    config
}

/// The application's side of one SMTP session: who receives the message being
/// read, its bytes so far, and the store budget they hold. A message that outgrows
/// the budget is dropped as it arrives (`over_budget`) and refused at its end.
struct Session {
    store: Store,
    recipients: Vec<String>,
    body: BytesMut,
    reserved: Reservation,
    over_budget: bool,
    log: bool,
    hostname: Hostname,
    /// The message being received came in BDAT chunks, and was declared BINARYMIME.
    bdat: bool,
    binary: bool,
}

impl Session {
    fn decide(&mut self, server: &mut Server, decision: Decision) {
        let answered = match decision {
            Decision::Mail { params, .. } => {
                self.recipients.clear();
                self.binary = params.body == Some(Body::BinaryMime);
                server.accept()
            }
            Decision::Rcpt { to, .. } => {
                let local = match &to {
                    ForwardPath::Mailbox(m) => m.local_part().to_string(),
                    _ => "postmaster".to_string(),
                };
                // RFC 5321 §4.5.1: mail for postmaster must be taken; unless a user
                // has that name, it goes to the first configured user
                let user = self.store.user(&local).or_else(|| {
                    local
                        .eq_ignore_ascii_case("postmaster")
                        .then(|| self.store.first_user())
                        .flatten()
                });
                match user {
                    Some(user) => {
                        // the same user named twice (or in two domains) gets one copy
                        if !self.recipients.contains(&user.name) {
                            self.recipients.push(user.name);
                        }
                        server.accept()
                    }
                    None => server.respond(reply(550, (5, 1, 1), "No such user here")),
                }
            }
            Decision::MessageEnd { .. } => {
                // POP3 hands a message out as lines (RFC 1939 §3): one that does not
                // end in CRLF (BDAT allows that) is stored with it, so that the size
                // LIST reports is the size RETR sends
                if !self.body.is_empty() && !self.body.ends_with(b"\r\n") {
                    self.keep(b"\r\n");
                }
                // a BDAT text body (not BINARYMIME) with bare LF or CR is stored in
                // CRLF lines, as DATA bodies are by the machine: POP3 hands lines out
                if self.bdat && !self.binary {
                    if let Some(fixed) = crlf_lines(&self.body) {
                        let extra = fixed.len() - self.body.len();
                        if self.reserved.grow(extra) {
                            self.body = BytesMut::from(&fixed[..]);
                        } else {
                            self.over_budget = true;
                        }
                    }
                }
                let bytes = self.body.split().freeze();
                let reserved = std::mem::replace(&mut self.reserved, self.store.reservation());
                if std::mem::take(&mut self.over_budget)
                    || !self.store.deliver(&self.recipients, &bytes, reserved)
                {
                    if self.log {
                        println!("smtp refused {} bytes: the store is full", bytes.len());
                    }
                    self.recipients.clear();
                    // RFC 5321 §4.3.2 lists 452 after the final dot; RFC 3463 4.3.1
                    return self.answered(server.respond(reply(
                        452,
                        (4, 3, 1),
                        "Insufficient system storage",
                    )));
                }
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
            Decision::Command(Command::Vrfy(name)) => {
                // RFC 5321 §3.5.3: 250 with the mailbox for a user of this server,
                // 550 for a name that is not one (a local part, an address, `<...>`)
                let name = name.trim().trim_start_matches('<').trim_end_matches('>');
                let local = name.rsplit_once('@').map_or(name, |(l, _)| l);
                match self.store.user(local) {
                    Some(user) => {
                        let mailbox = format!("<{}@{}>", user.name, self.hostname);
                        server.respond(
                            Reply::simple(250, Some((2, 1, 5)), mailbox)
                                .expect("a user name and a host name make a valid reply"),
                        )
                    }
                    None => server.respond(reply(550, (5, 1, 1), "No such user here")),
                }
            }
            _ => server.accept(),
        };
        self.answered(answered);
    }

    fn answered(&self, answered: Result<(), smtp_proto::server::AnswerError>) {
        // every answer above fits what was asked; a misfit would be a bug here
        debug_assert!(answered.is_ok(), "{answered:?}");
    }

    /// Keeps a piece of the message if the store's budget has room for it.
    fn keep(&mut self, chunk: &[u8]) {
        if self.over_budget {
            return;
        }
        if self.reserved.grow(chunk.len()) {
            self.body.extend_from_slice(chunk);
        } else {
            self.over_budget = true;
            self.drop_message();
        }
    }

    /// Forgets the message being received and gives its budget back.
    fn drop_message(&mut self) {
        self.body = BytesMut::new();
        self.reserved.release();
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
            other => other.secret().is_some_and(|s| s.matches(&user.password)),
        }
    }

    fn event(&mut self, server: &mut Server, event: Event) {
        match event {
            Event::Decision(decision) => self.decide(server, decision),
            Event::MessageStart { transfer } => {
                self.drop_message();
                self.over_budget = false;
                self.bdat = transfer == Transfer::Bdat;
            }
            Event::BodyChunk(chunk) => self.keep(&chunk),
            // nothing half-stored: a refused or abandoned message is dropped
            Event::MessageTooBig { .. }
            | Event::MessageRejected { .. }
            | Event::MessageAbandoned => self.drop_message(),
            _ => {}
        }
    }
}

/// `body` with every bare LF and bare CR turned into CRLF; `None` if it has none.
fn crlf_lines(body: &[u8]) -> Option<Vec<u8>> {
    let bare = |i: usize| match body[i] {
        b'\n' => i == 0 || body[i - 1] != b'\r',
        _ => body.get(i + 1) != Some(&b'\n'),
    };
    let first = memchr::memchr2_iter(b'\r', b'\n', body).find(|&i| bare(i))?;
    let mut out = Vec::with_capacity(body.len() + body.len() / 32);
    out.extend_from_slice(&body[..first]);
    let mut done = first;
    for i in memchr::memchr2_iter(b'\r', b'\n', &body[first..]).map(|k| first + k) {
        if bare(i) {
            out.extend_from_slice(&body[done..i]);
            out.extend_from_slice(b"\r\n");
            done = i + 1;
        }
    }
    out.extend_from_slice(&body[done..]);
    Some(out)
}

fn reply(code: u16, enhanced: (u8, u16, u16), text: &'static str) -> Reply<'static> {
    Reply::simple(code, Some(enhanced), text).expect("a valid constant reply")
}

/// Serves one connection until QUIT, a timeout, an error limit or the peer leaving.
pub fn serve(
    mut stream: TcpStream,
    store: Store,
    config: ServerConfig,
    settings: &SmtpSettings,
    log: bool,
) -> io::Result<()> {
    stream.set_write_timeout(Some(settings.write_timeout))?;
    let mut server = Server::new(config, Instant::now());
    let mut session = Session {
        reserved: store.reservation(),
        store,
        recipients: Vec::new(),
        body: BytesMut::new(),
        over_budget: false,
        log,
        hostname: settings.hostname.clone(),
        bdat: false,
        binary: false,
    };
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        write_all(&mut stream, || server.poll_transmit(Instant::now()))?;
        if server.is_closed() {
            // the store budget goes first: lingering is only for the bytes in flight
            drop(session);
            close_lingering(stream, LINGER);
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

/// Accepts connections on `listener` until it fails, one thread each, at most
/// `settings.max_connections` at once.
pub fn listen(listener: TcpListener, store: Store, settings: SmtpSettings, log: bool) {
    let limit = ConnectionLimit {
        max: settings.max_connections,
        busy: busy(settings.hostname.as_str()),
    };
    serve_each(listener, "smtp", log, limit, move |stream, id| {
        serve(
            stream,
            store.clone(),
            server_config(&settings, id),
            &settings,
            log,
        )
    });
}

/// `421 4.3.2` (RFC 5321 §3.8, RFC 3463 4.3.2 "system not accepting network
/// messages"): what a connection past the limit is told instead of a greeting.
fn busy(hostname: &str) -> bytes::Bytes {
    let text = format!("{hostname} Too many connections, try again later");
    let reply = Reply::simple(421, Some((4, 3, 2)), text).expect("a valid reply");
    let mut out = BytesMut::new();
    smtp_proto::encode_reply(&reply, &mut out);
    out.freeze()
}

/// The MD5 of a message, for the delivery log line the interop tests compare.
fn md5_hex(bytes: &[u8]) -> String {
    use md5::Digest as _;
    md5::Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
