//! One POP3 connection of the mail server: the socket on one side, the
//! `pop3_proto` server machine on the other, the store behind the decisions.

use std::io;
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::BytesMut;
use pop3_proto::Credentials;
use pop3_proto::server::{
    CramMd5Challenge, Decision, Event, Login, Maildrop, Server, ServerConfig,
};
use pop3_proto::{Mechanism, MessageNumber, RespCode, Response, Status, Text, Timestamp, UniqueId};

use crate::net::{
    ConnectionLimit, Input, LINGER, close_lingering, read_until, serve_each, write_all,
};
use crate::store::{MaildropLock, Message, Store, User};

/// What every POP3 connection of the server shares.
#[derive(Debug, Clone)]
pub struct Pop3Settings {
    /// The name in the APOP timestamp and the CRAM-MD5 challenge (checked when
    /// made, as the SMTP side's).
    pub hostname: smtp_proto::server::Hostname,
    /// The inactivity timer (RFC 1939 §3 asks for at least 10 minutes).
    pub timeout: Duration,
    /// Most bytes of one line the machine skips before it closes the connection
    /// (`ServerConfig::max_line_discard`: a line that never ends). Command lines
    /// are at most 255 octets, so a well-behaved client never comes near it.
    pub max_line_discard: u64,
    /// How long a write may block on a client that does not read.
    pub write_timeout: Duration,
    /// Connections served at once; more are told `-ERR [SYS/TEMP]` and closed.
    pub max_connections: usize,
}

impl Default for Pop3Settings {
    fn default() -> Self {
        Pop3Settings {
            hostname: smtp_proto::server::Hostname::new("localhost").expect("a valid host name"),
            timeout: Duration::from_secs(600),
            max_line_discard: 64 << 10,
            write_timeout: Duration::from_secs(60),
            max_connections: 1024,
        }
    }
}

/// The machine's configuration for connection number `id`: a fresh APOP timestamp
/// and CRAM-MD5 challenge, USER/PASS, APOP and AUTH PLAIN, LOGIN, CRAM-MD5 without
/// TLS (this server listens on loopback).
pub fn server_config(settings: &Pop3Settings, id: u64) -> ServerConfig {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let msg_id = format!("<{}.{id}.{secs}@{}>", std::process::id(), settings.hostname);
    let stamp = Timestamp::new(msg_id.clone()).expect("a msg-id on a valid host name");
    let challenge = CramMd5Challenge::new(msg_id).expect("a msg-id on a valid host name");
    let mut config = ServerConfig::new()
        .allow_login_without_tls()
        .with_apop_timestamp(stamp)
        .with_cram_md5_challenge(challenge);
    config.sasl = vec![Mechanism::Plain, Mechanism::Login, Mechanism::CramMd5];
    config.timeout = settings.timeout;
    config.max_line_discard = settings.max_line_discard;
    config
}

/// How many bytes of a message go to the machine at once: between pieces the
/// output is written, so a big RETR never sits whole in the output buffer.
const BODY_PIECE: usize = 64 << 10;

/// The application's side of one POP3 session: the maildrop as it was listed at
/// login, and the lock that keeps other sessions out of it.
struct Session {
    store: Store,
    lock: Option<MaildropLock>,
    messages: Vec<Message>,
    log: bool,
}

impl Session {
    fn decide(
        &mut self,
        server: &mut Server,
        stream: &mut TcpStream,
        decision: Decision,
    ) -> io::Result<()> {
        let answered = match decision {
            Decision::Login(login) => self.login(server, &login),
            Decision::Retrieve { msg, .. } => return self.retrieve(server, stream, msg),
            Decision::Update { deleted } => {
                let uids: Vec<String> = deleted
                    .iter()
                    .filter_map(|m| self.messages.get(m.index()))
                    .map(|m| m.uid.clone())
                    .collect();
                if let Some(lock) = self.lock.take() {
                    self.store.delete(lock.user(), &uids);
                    if self.log && !uids.is_empty() {
                        println!("pop3 {} deleted {} messages", lock.user(), uids.len());
                    }
                }
                server.accept()
            }
            Decision::StartTls => server.refuse(),
            // UTF8, LANG: +OK; an unknown command: -ERR (the machine's answers)
            Decision::Command(_) => server.accept(),
            _ => server.refuse(),
        };
        // every answer above fits what was asked; a misfit would be a bug here
        debug_assert!(answered.is_ok(), "{answered:?}");
        Ok(())
    }

    fn login(
        &mut self,
        server: &mut Server,
        login: &Login,
    ) -> Result<(), pop3_proto::server::AnswerError> {
        let user = login.user().and_then(|name| self.store.user(name));
        let Some(user) = user.filter(|u| valid(login, u)) else {
            return server.refuse();
        };
        let Some(lock) = self.store.lock_maildrop(&user.name) else {
            return server.respond(in_use());
        };
        self.messages = self.store.mailbox(&user.name);
        self.lock = Some(lock);
        let sizes = self.messages.iter().map(|m| m.bytes.len() as u64).collect();
        let uids = self
            .messages
            .iter()
            .filter_map(|m| UniqueId::new(m.uid.clone()).ok())
            .collect();
        let maildrop = Maildrop::new(sizes)
            .with_uids(uids)
            .expect("the store's uids are valid POP3 unique ids");
        server.accept_login(maildrop)
    }

    /// Feeds message `msg` in pieces, writing the output between them; the machine
    /// stuffs the dots and cuts TOP itself.
    fn retrieve(
        &mut self,
        server: &mut Server,
        stream: &mut TcpStream,
        msg: MessageNumber,
    ) -> io::Result<()> {
        let Some(message) = self.messages.get(msg.index()) else {
            let _ = server.refuse();
            return Ok(());
        };
        // back-pressure: the output is written out whenever the machine is at its
        // high-water mark, so a large message is never queued whole
        for piece in message.bytes.chunks(BODY_PIECE) {
            if !server.wants_body() {
                write_all(stream, || server.poll_transmit(Instant::now()))?;
            }
            let _ = server.send_body(piece);
        }
        let _ = server.end_body();
        Ok(())
    }
}

/// True if the login's credentials are the user's.
fn valid(login: &Login, user: &User) -> bool {
    match login {
        Login::UserPass { password, .. } => password.matches(&user.password),
        Login::Apop { .. } => login.verify_apop(&user.password),
        Login::Sasl(credentials) => match credentials {
            Credentials::CramMd5Response { .. } => credentials.verify_cram_md5(&user.password),
            Credentials::Plain { authzid, .. }
                if authzid.as_deref().is_some_and(|a| a != user.name) =>
            {
                false
            }
            other => other.secret().is_some_and(|s| s.matches(&user.password)),
        },
        _ => false,
    }
}

/// `-ERR [IN-USE]` (RFC 2449 §8.1.1): another session holds the maildrop.
fn in_use() -> Response<'static> {
    let text = Text::new("Maildrop already locked by another session").expect("constant text");
    Response::new(Status::Err, Some(RespCode::InUse), text).expect("a valid constant response")
}

/// Serves one connection until QUIT, a timeout, an error limit, an input limit or
/// the peer leaving. A session that ends without QUIT deletes nothing (RFC 1939 §6),
/// and its maildrop lock is released however it ends.
pub fn serve(
    mut stream: TcpStream,
    store: Store,
    config: ServerConfig,
    settings: &Pop3Settings,
    log: bool,
) -> io::Result<()> {
    stream.set_write_timeout(Some(settings.write_timeout))?;
    let mut server = Server::new(config, Instant::now());
    let mut session = Session {
        store,
        lock: None,
        messages: Vec::new(),
        log,
    };
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        write_all(&mut stream, || server.poll_transmit(Instant::now()))?;
        if server.is_closed() {
            // the lock goes first: lingering is only for the bytes in flight
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
            if let Event::Decision(decision) = event {
                session.decide(&mut server, &mut stream, decision)?;
            }
            // answers go out as they are made: pipelined RETRs never pile up
            if server.queued_output() > BODY_PIECE {
                write_all(&mut stream, || server.poll_transmit(Instant::now()))?;
            }
        }
    }
}

/// `-ERR [SYS/TEMP]` (RFC 3206 §4): what a connection past the limit is told
/// instead of a greeting.
fn busy() -> bytes::Bytes {
    let text = Text::new("Too many connections, try again later").expect("constant text");
    let r = Response::new(Status::Err, Some(RespCode::SysTemp), text)
        .expect("a valid constant response");
    let mut out = BytesMut::new();
    pop3_proto::encode_response(&r, &mut out);
    out.freeze()
}

/// Accepts connections on `listener` until it fails, one thread each, at most
/// `settings.max_connections` at once.
pub fn listen(listener: TcpListener, store: Store, settings: Pop3Settings, log: bool) {
    let limit = ConnectionLimit {
        max: settings.max_connections,
        busy: busy(),
    };
    serve_each(listener, "pop3", log, limit, move |stream, id| {
        let config = server_config(&settings, id);
        serve(stream, store.clone(), config, &settings, log)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_connection_gets_an_apop_timestamp_and_a_cram_md5_challenge() {
        let settings = Pop3Settings::default();
        let (a, b) = (server_config(&settings, 1), server_config(&settings, 2));
        let (Some(ts), Some(ch)) = (&a.apop_timestamp, &a.cram_md5_challenge) else {
            panic!("both set: {a:?}")
        };
        assert_eq!(ts.as_str(), ch.as_str());
        assert!(ts.as_str().ends_with("@localhost>"));
        assert_ne!(a.apop_timestamp, b.apop_timestamp, "fresh per connection");
        assert!(a.sasl.contains(&Mechanism::CramMd5));
    }
}
